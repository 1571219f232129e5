"""--press, and every output variant read back by three independent PDF readers."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from conftest import squash, version_of
from pdfdrawing import drawing_of

from briefing.cli import main
from briefing.options import STYLES, BuildOptions
from briefing.render.pipeline import build
from briefing.variants import CMYK_PROFILE

MM = 72 / 25.4
A5 = (419.53, 595.28)
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "recipients.csv"
QPDF_FACTS = ("PDF Version:", "File is not encrypted", "File is not linearized")
QPDF_ALL_CLEAR = [
    "No syntax or stream encoding errors found; the file may still contain",
    "errors that qpdf cannot detect",
]
K_ONLY_BLACK = ("DeviceCMYK", (0.0, 0.0, 0.0, 1.0))


def press_colour(name: str) -> tuple:
    """A colour press.css declares, as the PDF sets it."""
    css = (STYLES / "press.css").read_text(encoding="utf-8")
    values = re.search(rf"--{name}: device-cmyk\(([\d. ]+)\)", css).group(1).split()
    return ("DeviceCMYK", tuple(float(v) for v in values))


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """Two stamped copies, plain and --press --imposition booklet (proofs: the sample's colophon is blank)."""
    recipients = tmp_path_factory.mktemp("recipients") / "r.csv"
    recipients.write_text("".join(SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), "utf-8")
    folders = {}
    for name, flags in (("plain", []), ("press-imposed", ["--press", "--imposition", "booklet"])):
        folder = tmp_path_factory.mktemp(f"copies-{name}")
        assert main(["copies", "--recipients", str(recipients), "--output-dir", str(folder), "--proof", *flags]) == 0
        folders[name] = folder
    return folders


@pytest.fixture(scope="module")
def press_review(tmp_path_factory):
    """The review edition as a press proof."""
    output = tmp_path_factory.mktemp("press-review") / "press-review.pdf"
    assert build(BuildOptions(output=output, edition="review", variants=("press", "proof"))).weasyprint_warnings == []
    return output


def variant_file(name: str, request) -> Path:
    if name == "plain":
        return request.getfixturevalue("booklet_a5").path
    if name == "press-review":
        return request.getfixturevalue("press_review")
    if name.startswith("copy-"):
        return sorted(request.getfixturevalue("copies")[name.removeprefix("copy-")].glob("*.pdf"))[0]
    return request.getfixturevalue("variant_pdf")(name)


EVERY_OUTPUT = ["plain", "print-marks", "pdf-a", "pdf-ua", "press", "imposed", "press-imposed",
                "copy-plain", "copy-press-imposed"]  # fmt: skip


@pytest.mark.parametrize("name", EVERY_OUTPUT)
def test_qpdf_finds_nothing_to_say(name, request):
    path = variant_file(name, request)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    said = result.stdout.splitlines()[1:]  # after "checking FILE"
    assert [line for line in said if not line.startswith(QPDF_FACTS)] == QPDF_ALL_CLEAR


@pytest.mark.parametrize("name", EVERY_OUTPUT)
def test_mupdf_reads_every_page_without_a_warning(name, request):
    path = variant_file(name, request)
    # -N: Debian's MuPDF is built without colour management and says so once per file otherwise.
    result = subprocess.run(
        [shutil.which("mutool") or "mutool", "draw", "-N", "-q", "-F", "txt", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("name", EVERY_OUTPUT)
def test_pdfium_renders_every_page(name, request, capfd):
    path = variant_file(name, request)
    capfd.readouterr()  # what making the file said (a copies run notes the blank colophon): not PDFium's
    pdf = pypdfium2.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        bitmap = page.render(scale=0.2).to_pil()
        assert bitmap.getextrema() != ((255, 255), (255, 255), (255, 255)) or index > 0
        assert page.get_textpage().get_text_bounded() is not None
    pdf.close()
    assert capfd.readouterr().err == ""


def test_stamped_copies_do_not_reuse_a_subset_name_for_other_glyphs(copies):
    for folder in copies.values():
        with pikepdf.open(sorted(folder.glob("*.pdf"))[0]) as pdf:
            names = [
                str(obj.FontName)
                for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
            ]
            assert len(names) == len(set(names)), sorted(names)


@pytest.mark.parametrize("name", ["press", "press-imposed", "copy-press-imposed"])
def test_press_boxes_nest_with_a_3_mm_bleed_and_a_slug(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        for page in pdf.pages:
            media, bleed, trim = ([float(v) for v in box] for box in (page.mediabox, page.BleedBox, page.trimbox))
            for side in (0, 1):  # left, bottom: the outer box starts further out
                assert media[side] < bleed[side] < trim[side]
                assert trim[side] - bleed[side] == pytest.approx(3 * MM, abs=0.01)
            for side in (2, 3):
                assert media[side] > bleed[side] > trim[side]
                assert bleed[side] - trim[side] == pytest.approx(3 * MM, abs=0.01)
            width, height = trim[2] - trim[0], trim[3] - trim[1]
            expected = (2 * A5[0], A5[1]) if "imposed" in name else A5
            assert (width, height) == pytest.approx(expected, abs=0.5)


@pytest.mark.parametrize("name", ["press", "press-imposed"])
def test_press_is_pdf_x_with_a_cmyk_output_intent(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1a:2003"
        assert str(pdf.docinfo["/Trapped"]) == "/False"
        [intent] = pdf.Root.OutputIntents
        assert str(intent.S) == "/GTS_PDFX"
        assert intent.DestOutputProfile.N == 4  # CMYK
        assert intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"
        assert str(intent.OutputConditionIdentifier)
        meta = pdf.open_metadata()
        assert meta.get("pdfxid:GTS_PDFXVersion") == "PDF/X-1a:2003"
        assert [page.index for page in pdf.pages if "/Annots" in page.obj] == []  # no links on the printed area
        if name == "press":  # pages in reading order: the bookmarks stay
            assert len(pdf.open_outline().root) > 0


@pytest.mark.parametrize("name", ["press", "press-imposed", "copy-press-imposed"])
def test_press_has_no_rgb_and_no_transparency(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        for page in pdf.pages:
            drawing = drawing_of(page)
            assert "rg" not in drawing.operators and "RG" not in drawing.operators
            assert drawing.spaces <= {"DeviceCMYK", "DeviceGray", "Separation"}, drawing.spaces
            assert registration_spaces(page) in ([], [["/Separation", "/All", "/DeviceCMYK"]])  # marks only
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert float(obj.get("/ca", 1)) == 1 and float(obj.get("/CA", 1)) == 1
                assert str(obj.get("/SMask", "/None")) == "/None"
                assert "/DeviceRGB" not in {str(v) for v in obj.values() if isinstance(v, pikepdf.Name)}


@pytest.mark.parametrize("name", ["press", "press-imposed"])
def test_press_text_is_black_ink_only_unless_it_is_red_or_gold(name, request):
    allowed = {press_colour("accent"), press_colour("gold")}
    with pikepdf.open(variant_file(name, request)) as pdf:
        fills = {fill for page in pdf.pages for fill in drawing_of(page).text_fills}
    assert K_ONLY_BLACK in fills
    for space, values in fills:
        assert space == "DeviceCMYK"
        assert values[:3] == (0.0, 0.0, 0.0) or (space, values) in allowed, values


def test_press_body_text_is_pure_black(variant_pdf):
    with pikepdf.open(variant_pdf("press")) as pdf:
        fills = drawing_of(pdf.pages[4]).text_fills  # a chapter page of running text
    black = sum(fill == K_ONLY_BLACK for fill in fills)
    assert black > len(fills) / 2


REGISTRATION = ("Separation", (1.0,))  # full tint of the page's one separation, "All"


def registration_spaces(page) -> list[list[str]]:
    """The page's separation colour spaces, as [name, colourant, alternate]."""
    spaces = page.Resources.get("/ColorSpace", {})
    return [[str(v) for v in list(space)[:3]] for space in spaces.values() if str(space[0]) == "/Separation"]


def marks_outside_the_bleed(page) -> list[tuple[tuple, list[tuple[float, float]]]]:
    """The strokes drawn wholly outside the page's bleed: (colour, points)."""
    bleed = [float(v) for v in page.BleedBox]
    return [(colour, points) for colour, points in drawing_of(page).strokes if points and all(
        not (bleed[0] <= x <= bleed[2] and bleed[1] <= y <= bleed[3]) for x, y in points)]  # fmt: skip


@pytest.mark.parametrize("name", ["press", "press-imposed"])
def test_crop_marks_are_registration_hairlines_outside_the_bleed(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        for page in pdf.pages:
            media, trim = ([float(v) for v in box] for box in (page.mediabox, page.trimbox))
            drawing = drawing_of(page)
            crop = [mark for mark in marks_outside_the_bleed(page) if len(mark[1]) == 16]
            assert len(crop) == 1  # one path of eight marks
            colour, points = crop[0]
            assert colour == REGISTRATION
            for x, y in points:
                assert media[0] < x < media[2] and media[1] < y < media[3]
                on_trim_line = min(abs(x - trim[0]), abs(x - trim[2]), abs(y - trim[1]), abs(y - trim[3])) < 0.01
                assert on_trim_line, (x, y)
            assert registration_spaces(page) == [["/Separation", "/All", "/DeviceCMYK"]]  # every plate
            # The page's own drawing is clipped to the bleed first; the marks, then the job line, come last.
            assert drawing.operators[:7] == ["q", "re", "W", "n", *drawing.operators[4:7]]
            assert drawing.operators[-8:] == ["q", "k", "BT", "Tf", "Tm", "Tj", "ET", "Q"]
            assert drawing.operators[-10:-8] == ["S", "Q"]


@pytest.mark.parametrize("name", ["press", "press-imposed"])
def test_imposed_sheets_have_fold_marks_on_the_fold_and_single_pages_none(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        for page in pdf.pages:
            bleed, trim = ([float(v) for v in box] for box in (page.BleedBox, page.trimbox))
            folds = [mark for mark in marks_outside_the_bleed(page) if len(mark[1]) != 16]
            if name == "press":
                assert folds == []
                continue
            [(colour, points)] = folds  # one path: above and below the sheet
            assert colour == REGISTRATION
            assert len(points) == 4
            assert {round(x, 2) for x, _ in points} == {round((trim[0] + trim[2]) / 2, 2)}
            assert sum(y > bleed[3] for _, y in points) == 2 and sum(y < bleed[1] for _, y in points) == 2


def slug_text(path: Path) -> list[str]:
    """The text each page of a press file carries below its trim, in the slug."""
    pdf = pypdfium2.PdfDocument(path)
    texts = []
    for index in range(len(pdf)):
        page = pdf[index]
        left, bottom, right, _ = (float(v) for v in page.get_trimbox())
        texts.append(
            squash(page.get_textpage().get_text_bounded(left - 10 * MM, bottom - 10 * MM, right + 10 * MM, bottom))
        )
    pdf.close()
    return texts


@pytest.mark.parametrize("name", ["press", "press-imposed", "copy-press-imposed"])
def test_every_press_sheet_has_a_job_line_saying_proof(name, request):
    texts = slug_text(variant_file(name, request))
    title = "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh"
    for index, text in enumerate(texts):
        if "imposed" in name:
            side = "mặt trước" if index % 2 == 0 else "mặt sau"
            where = f"tờ {index // 2 + 1}/{len(texts) // 2}, {side}"
        else:
            where = f"trang {index + 1}/{len(texts)}"
        assert text == f"{title} · 1-12-2015 · mã phiên bản {version_of()} · {where} · BẢN IN THỬ"


@pytest.mark.parametrize("name", ["press", "press-imposed"])
def test_press_job_line_is_black_ink_in_the_slug(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        for page in pdf.pages:
            fill, size = drawing_of(page).texts[-1]  # drawn last
            assert fill == K_ONLY_BLACK and 5 <= size <= 6


def test_a_release_press_file_has_no_proof_mark(released):
    with pikepdf.open(released["press"]) as pdf:
        assert "/GTS_PDFXVersion" in pdf.docinfo
        pages = len(pdf.pages)
    texts = slug_text(released["press"])
    version = version_of(released["press"].parent / "content")
    title = "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh"
    assert texts[0] == f"{title} · 1-12-2015 · mã phiên bản {version} · trang 1/{pages}"
    assert not any("BẢN IN THỬ" in text for text in texts)


# --- prepress: what a print shop's preflight looks at, measured on the content streams ---


def inks(colour: tuple) -> tuple[float, ...]:
    """How much of each ink a colour lays down: CMYK as it is, grey as black ink (1 − g)."""
    space, values = colour
    return tuple(1 - v for v in values) if space == "DeviceGray" else values


@pytest.mark.parametrize("name", ["press", "press-imposed", "copy-press-imposed", "press-review"])
def test_no_tint_is_under_5_percent(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        faint = {
            (index, colour)
            for index, page in enumerate(pdf.pages, 1)
            for colour in drawing_of(page).colours
            if any(0 < ink < 0.05 for ink in inks(colour))
        }
    assert faint == set()


@pytest.mark.parametrize("name", ["press", "press-imposed", "copy-press-imposed", "press-review"])
def test_type_under_12_pt_is_one_ink_and_never_reversed(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        wrong = set()
        sizes = []
        for index, page in enumerate(pdf.pages, 1):
            for colour, size in drawing_of(page).texts:
                sizes.append(size)
                used = [ink for ink in inks(colour) if ink > 0]
                if size < 11.95 and len(used) != 1:  # white (no ink: reversed out) or several inks
                    wrong.add((index, colour, round(size, 1)))
    assert min(sizes) < 9 < max(sizes)  # the sizes are read: small type is there to check
    assert wrong == set()


def test_press_profile_is_the_one_the_stylesheet_names():
    css = (STYLES / "press.css").read_text(encoding="utf-8")
    assert f'src: url("{CMYK_PROFILE.as_uri()}")' in css
    assert CMYK_PROFILE.is_file()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--press", "--print-marks"], "--press và --print-marks không dùng cùng nhau: --press đã có lề tràn"),
        (["--press", "--pdf-a"], "--press và --pdf-a không dùng cùng nhau: một tệp chỉ theo một chuẩn PDF"),
        (["--pdf-ua", "--imposition", "booklet"], "--imposition và --pdf-ua không dùng cùng nhau: bản dàn trang để in"),
    ],
)
def test_variants_that_do_not_combine_are_usage_errors(flags, message, capsys, tmp_path):
    assert main([*flags, "--output", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err.startswith(f"build.py: lỗi: {message}")  # then why, briefly
    assert not (tmp_path / "x.pdf").exists()


# --- the review edition in press: marked on every page in black ink only ---


def test_review_marking_is_black_ink_only_on_every_page(press_review):
    with pikepdf.open(press_review) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            assert "BẢN DUYỆT – KHÔNG PHÁT HÀNH" in drawing_of(page).text_in(K_ONLY_BLACK), number


# --- the print shop's own profile: --icc ---

PRINTERS_PROFILE = Path("/usr/share/color/icc/ghostscript/ps_cmyk.icc")  # another CMYK press profile


def profile_bytes(data: bytes) -> bytes:
    """A profile as LittleCMS writes it back: WeasyPrint embeds it so."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(BytesIO(data)).tobytes()


def test_icc_is_the_output_intent_and_part_of_the_fingerprint(tmp_path, capsys):
    from briefing.render import freshness

    profile = tmp_path / "nha-in.icc"
    profile.write_bytes(PRINTERS_PROFILE.read_bytes())
    output = tmp_path / "nha-in.pdf"
    flags = ["--press", "--proof", "--output", str(output)]
    assert main([*flags, "--icc", str(profile)]) == 0
    with pikepdf.open(output) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "Artifex PS CMYK Profile"
        assert profile_bytes(intent.DestOutputProfile.read_bytes()) == profile_bytes(profile.read_bytes())
    capsys.readouterr()
    assert main([*flags, "--icc", str(profile)]) == 0
    assert capsys.readouterr().out == f"{output} đã mới nhất: không có gì thay đổi từ lần dựng trước.\n"
    options = BuildOptions(output=output, variants=("press", "proof"), icc=profile)
    before = freshness.fingerprint(options)
    profile.write_bytes(PRINTERS_PROFILE.read_bytes() + b"\0")  # the shop sent a new version under the same name
    assert freshness.fingerprint(options) != before
    assert freshness.fingerprint(BuildOptions(output=output, variants=("press", "proof"))) != before


def test_the_packaged_profile_stays_the_default(variant_pdf):
    with pikepdf.open(variant_pdf("press")) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "Artifex CMYK SWOP Profile"
        assert profile_bytes(intent.DestOutputProfile.read_bytes()) == profile_bytes(CMYK_PROFILE.read_bytes())


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--icc", str(PRINTERS_PROFILE)], "--icc chỉ dùng cùng --press"),
        (["--press", "--icc", "/khong-co/nha-in.icc"], "--icc /khong-co/nha-in.icc: không có tệp này"),
        (
            ["--press", "--icc", "/usr/share/color/icc/ghostscript/srgb.icc"],
            "--icc /usr/share/color/icc/ghostscript/srgb.icc: là hồ sơ màu RGB, không phải hồ sơ CMYK cho máy in; "
            "hãy xin nhà in hồ sơ CMYK của họ",
        ),
        (
            ["--press", "--icc", str(SAMPLE)],
            f"--icc {SAMPLE}: không phải tệp hồ sơ màu ICC; hãy xin nhà in tệp .icc của họ",
        ),
    ],
)
def test_icc_and_proof_misused_are_usage_errors(flags, message, capsys, tmp_path):
    assert main([*flags, "--output", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err == f"build.py: lỗi: {message}\n"
    assert not (tmp_path / "x.pdf").exists()


def test_a_title_character_the_job_line_font_lacks_does_not_stop_the_build():
    import datetime

    from briefing.render.jobline import job_lines
    from briefing.variants import Job

    job = Job("Học tập 🌟 và\u200b làm theo", datetime.date(2015, 12, 1), proof=True)
    assert job_lines(job, 2) == [
        "Học tập và làm theo · 1-12-2015 · trang 1/2 · BẢN IN THỬ",
        "Học tập và làm theo · 1-12-2015 · trang 2/2 · BẢN IN THỬ",
    ]


def test_the_job_line_names_the_version_after_the_date():
    import datetime

    from briefing.render.jobline import job_lines
    from briefing.variants import Job

    job = Job("Tài liệu", datetime.date(2015, 12, 1), folded=True, version="3822-AC28")
    assert job_lines(job, 2) == [
        "Tài liệu · 1-12-2015 · mã phiên bản 3822-AC28 · tờ 1/1, mặt trước",
        "Tài liệu · 1-12-2015 · mã phiên bản 3822-AC28 · tờ 1/1, mặt sau",
    ]
