"""Print-ready and archival variants, and one-province booklets."""

from __future__ import annotations

from io import BytesIO

import pikepdf
import pypdfium2
import pytest
from conftest import squash, version_of

from briefing.cli import main
from briefing.content.folder import content_files
from briefing.options import DEFAULT_CONTENT, BuildOptions
from briefing.render.impose import impose_booklet, saddle_stitch_order
from briefing.render.pipeline import build
from briefing.variants import DRAFT_MARK, PROOF_MARK

MM = 72 / 25.4
A5 = (419.53, 595.28)


def built(tmp_path_factory, name, **options):
    output = tmp_path_factory.mktemp(name) / f"{name}.pdf"
    result = build(BuildOptions(output=output, **options))
    assert result.weasyprint_warnings == []
    return output


def page_texts(path):
    pdf = pypdfium2.PdfDocument(path)
    return [squash(pdf[i].get_textpage().get_text_bounded()) for i in range(len(pdf))]


@pytest.fixture(scope="module")
def imposed(variant_pdf):
    return variant_pdf("imposed")


@pytest.fixture(scope="module")
def kon_tum(tmp_path_factory):
    return built(tmp_path_factory, "kon-tum", provinces=("kon-tum",))


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
        (4, [(4, 1), (2, 3)]),
        (6, [(8, 1), (2, 7), (6, 3), (4, 5)]),  # pages 7 and 8 are blanks
    ],
)
def test_saddle_stitch_order(pages, expected):
    assert saddle_stitch_order(pages) == expected


def halves(path):
    """Text of the left and right half of every sheet side."""
    pdf = pypdfium2.PdfDocument(path)
    sides = []
    for i in range(len(pdf)):
        page = pdf[i]
        width, height = page.get_size()
        text = page.get_textpage()
        left = squash(text.get_text_bounded(0, 0, width / 2, height))
        right = squash(text.get_text_bounded(width / 2, 0, width, height))
        sides.append((left, right))
    return sides


def proof_line(side: int, sides: int) -> str:
    where = f"tờ {side // 2 + 1}/{sides // 2}, {'mặt trước' if side % 2 == 0 else 'mặt sau'}"
    title = "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh"
    return f"{title} · 1-12-2015 · mã phiên bản {version_of()} · {where} · BẢN IN THỬ"


def test_imposed_sheets_are_a4_landscape_in_saddle_stitch_order(imposed, booklet_a5):
    # Every page of the reader file says it is a draft, every page of the proof that it is a proof.
    originals = [squash(text).removesuffix(DRAFT_MARK).strip() + " " + PROOF_MARK for text in booklet_a5.pages]
    pdf = pypdfium2.PdfDocument(imposed)
    for i in range(len(pdf)):
        assert pdf[i].get_size() == pytest.approx((2 * A5[0], A5[1]), abs=0.5)  # A4 landscape
    order = saddle_stitch_order(len(originals))
    sides = halves(imposed)
    pages = []
    for side, (left, right) in enumerate(sides):  # a proof: each half ends with the proof line up its outer edge
        line = proof_line(side, len(sides))
        assert left.endswith(line) and right.endswith(line)
        pages.append((left.removesuffix(line).strip(), right.removesuffix(line).strip()))
    assert pages == [(originals[a - 1], originals[b - 1]) for a, b in order]


def test_an_office_proof_says_so_up_both_outer_margins_of_every_sheet(imposed):
    pdf = pypdfium2.PdfDocument(imposed)
    for side in range(len(pdf)):
        page = pdf[side]
        width, height = page.get_size()
        text = page.get_textpage()
        margin = 13 * MM  # the outer margin of an A5 page
        for x0, x1 in ((0, margin), (width - margin, width)):
            assert squash(text.get_text_bounded(x0, 0, x1, height)).endswith(proof_line(side, len(pdf)))


def test_a_released_office_imposition_has_no_proof_mark(released):
    assert all("BẢN IN THỬ" not in left + right for left, right in halves(released["imposed"]))


def test_the_office_imposition_keeps_colour_5_mm_off_the_sheet_edges(imposed):
    scale = 2  # 144 dpi: 5 mm is 28.3 pixels
    clear = int(5 * MM * scale) - 1
    pdf = pypdfium2.PdfDocument(imposed)
    for index in range(len(pdf)):
        image = pdf[index].render(scale=scale).to_pil().convert("L")
        width, height = image.size
        for box in ((0, 0, width, clear), (0, height - clear, width, height), (0, 0, clear, height),
                    (width - clear, 0, width, height)):  # fmt: skip
            assert image.crop(box).getextrema() == (255, 255), (index, box)
    # The cover's band stops at 5 mm, no sooner: the first sheet is red just inside that line.
    cover = pdf[0].render(scale=scale).to_pil().convert("RGB")
    assert cover.getpixel((int(cover.width * 0.75), clear + 4)) != (255, 255, 255)


def colours_at_the_fold(path, below_top_mm: float) -> tuple[tuple, tuple]:
    """The colour 1 mm left and 1 mm right of the fold, ``below_top_mm`` under the first sheet's trim top."""
    scale = 2
    pdf = pypdfium2.PdfDocument(path)
    page = pdf[0]
    trim_left, _, trim_right, trim_top = page.get_trimbox()
    media_left, _, _, media_top = page.get_mediabox()
    image = page.render(scale=scale).to_pil().convert("RGB")
    fold = ((trim_left + trim_right) / 2 - media_left) * scale
    y = (media_top - trim_top + below_top_mm * MM) * scale
    return image.getpixel((int(fold - MM * scale), int(y))), image.getpixel((int(fold + MM * scale), int(y)))


@pytest.mark.parametrize("name", ["imposed", "press-imposed"])
@pytest.mark.parametrize("below_top_mm", [7, 60, 150])  # in the band, in the tint above and below the title
def test_the_cover_colour_runs_across_the_fold(name, below_top_mm, variant_pdf):
    back, front = colours_at_the_fold(variant_pdf(name), below_top_mm)
    assert back == front != (255, 255, 255)


def test_every_booklet_fills_whole_sheets_of_four_pages(kon_tum, booklet_a5, booklet_a4):
    # Saddle-stitched: notes pages pad the text up to a multiple of four, the colophon last.
    for pages in (len(page_texts(kon_tum)), len(booklet_a5.pages), len(booklet_a4.pages)):
        assert pages % 4 == 0


def test_imposition_pads_a_page_count_that_is_not_a_multiple_of_four(tmp_path, kon_tum):
    with pikepdf.open(kon_tum) as pdf:  # a PDF from elsewhere, one page short of whole sheets
        del pdf.pages[-1]
        count = len(pdf.pages)
        short = BytesIO()
        pdf.save(short)
    assert count % 4 != 0
    output = tmp_path / "imposed.pdf"
    output.write_bytes(impose_booklet(short.getvalue()))
    sides = halves(output)
    padded = -(-count // 4) * 4
    assert len(sides) == padded // 2
    blanks = [text for side in sides for text in side if text == ""]
    assert len(blanks) == padded - count


def test_print_marks_add_bleed_around_an_a5_trim(variant_pdf):
    output = variant_pdf("print-marks")
    with pikepdf.open(output) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.trimbox]
            media = [float(v) for v in page.mediabox]
            assert trim[2] - trim[0] == pytest.approx(A5[0], abs=0.5)
            assert trim[3] - trim[1] == pytest.approx(A5[1], abs=0.5)
            assert trim[0] - media[0] == pytest.approx(3 * MM, abs=0.5)
            assert media[3] - trim[3] == pytest.approx(3 * MM, abs=0.5)


def test_pdf_a_carries_its_content_and_declares_itself(variant_pdf, content):
    output = variant_pdf("pdf-a")
    with pikepdf.open(output) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"].startswith(f"{DRAFT_MARK} — {content.meta.title}")  # the sample's colophon is blank
        assert len(pdf.Root.OutputIntents) == 1
        attached = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    expected = {
        p.relative_to(DEFAULT_CONTENT).as_posix(): p.read_bytes() for p in content_files(DEFAULT_CONTENT, content)
    }
    assert attached == expected
    assert "sources/kon-tum.txt" in attached


def test_pdf_ua_is_tagged_with_language_and_title(variant_pdf):
    output = variant_pdf("pdf-ua")
    with pikepdf.open(output) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "vi"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert pdf.open_metadata()["pdfuaid:part"] == "1"


def test_one_province_booklet(kon_tum):
    texts = page_texts(kon_tum)
    text = " ".join(texts)
    assert "Kết quả thực hiện Chỉ thị 03-CT/TW ở Kon Tum" in texts[0]
    # One key figure makes no "Những điểm chính" page: the background is chapter 1, Kon Tum chapter 2.
    assert "3. Kon Tum" not in text and "2. Kon Tum — việc làm dù nhỏ nhưng cụ thể, thiết thực" in text
    assert "Những điểm chính" not in text
    assert "Lạng Sơn — làm theo Bác" not in text
    assert "So sánh" not in text
    assert "716 tập thể và cá nhân" not in text  # a Lạng Sơn key figure
    assert "8 nhà tình nghĩa" in text


def test_unknown_province_is_a_usage_error(capsys):
    assert main(["--province", "ha-noi", "--output", "/nonexistent/x.pdf"]) == 2
    assert capsys.readouterr().err == "build.py: lỗi: không có tỉnh “ha-noi”; chọn một trong: lang-son, kon-tum\n"


def test_conflicting_options_are_usage_errors(capsys):
    assert main(["--imposition", "booklet", "--print-marks"]) == 2
    assert "--imposition và --print-marks không dùng cùng nhau" in capsys.readouterr().err
    assert main(["--pdf-a", "--pdf-ua"]) == 2
