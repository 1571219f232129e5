"""--press, and every output variant read back by three independent PDF readers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from pdfdrawing import drawing_of

from briefing.cli import main
from briefing.options import STYLES
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
    """Two stamped copies, plain and --press --imposition booklet."""
    recipients = tmp_path_factory.mktemp("recipients") / "r.csv"
    recipients.write_text("".join(SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), "utf-8")
    folders = {}
    for name, flags in (("plain", []), ("press-imposed", ["--press", "--imposition", "booklet"])):
        folder = tmp_path_factory.mktemp(f"copies-{name}")
        assert main(["copies", "--recipients", str(recipients), "--output-dir", str(folder), *flags]) == 0
        folders[name] = folder
    return folders


def variant_file(name: str, request) -> Path:
    if name == "plain":
        return request.getfixturevalue("booklet_a5").path
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


@pytest.mark.parametrize("name", ["press", "press-imposed", "copy-press-imposed"])
def test_press_has_no_rgb_and_no_transparency(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        for page in pdf.pages:
            drawing = drawing_of(page)
            assert "rg" not in drawing.operators and "RG" not in drawing.operators
            assert drawing.spaces <= {"DeviceCMYK", "DeviceGray"}, drawing.spaces
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


@pytest.mark.parametrize("name", ["press", "press-imposed"])
def test_crop_marks_are_black_hairlines_outside_the_bleed(name, request):
    with pikepdf.open(variant_file(name, request)) as pdf:
        for page in pdf.pages:
            media, bleed, trim = ([float(v) for v in box] for box in (page.mediabox, page.BleedBox, page.trimbox))
            drawing = drawing_of(page)
            outside = [(colour, points) for colour, points in drawing.strokes if points and all(
                not (bleed[0] <= x <= bleed[2] and bleed[1] <= y <= bleed[3]) for x, y in points)]  # fmt: skip
            assert len(outside) == 1  # one path of eight marks
            colour, points = outside[0]
            assert colour == ("DeviceCMYK", (0.0, 0.0, 0.0, 1.0))
            assert len(points) == 16
            for x, y in points:
                assert media[0] < x < media[2] and media[1] < y < media[3]
                on_trim_line = min(abs(x - trim[0]), abs(x - trim[2]), abs(y - trim[1]), abs(y - trim[3])) < 0.01
                assert on_trim_line, (x, y)
            # The page's own drawing is clipped to the bleed first, and the marks are drawn last.
            assert drawing.operators[:7] == ["q", "re", "W", "n", *drawing.operators[4:7]]
            assert drawing.operators[-1] == "Q" and drawing.operators[-2] == "S"


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
