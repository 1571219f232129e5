"""Facts about the real booklet PDF, read back with independent readers."""

from __future__ import annotations

import re
import unicodedata

import pypdf
import pytest
from conftest import squash

from briefing.content.formatting import VietnameseFormat
from briefing.variants import DRAFT_MARK

A5 = (419.53, 595.28)
A4 = (595.28, 841.89)
SUBTITLE = "Kết quả thực hiện Chỉ thị 03-CT/TW ở Lạng Sơn và Kon Tum"


def test_build_logs_no_weasyprint_warning(booklet_a5, booklet_a4):
    assert booklet_a5.result.weasyprint_warnings == []
    assert booklet_a4.result.weasyprint_warnings == []


def test_default_paper_is_a5_portrait(booklet_a5):
    for width, height in booklet_a5.sizes:
        assert (width, height) == pytest.approx(A5, abs=0.5)


def test_a4_option_changes_every_page(booklet_a4):
    for width, height in booklet_a4.sizes:
        assert (width, height) == pytest.approx(A4, abs=0.5)


def test_page_count_is_reported(booklet_a5):
    assert booklet_a5.result.pages == len(booklet_a5.pages)


def test_cover_has_issuer_title_place_date_and_marking(booklet_a5, content):
    cover = squash(booklet_a5.pages[0])
    meta = content.meta
    for text in (meta.issuer_parent, meta.issuer_unit, "Đảng Cộng sản Việt Nam", meta.title, SUBTITLE, meta.marking):
        assert squash(text).upper() in cover.upper()
    assert "Lạng Sơn, tháng 12 năm 2015" in cover


def test_cover_and_colophon_have_no_page_number_and_others_do(booklet_a5):
    pages = [text.strip().removesuffix(DRAFT_MARK) for text in booklet_a5.pages]  # the sample's colophon is blank
    assert not re.search(r"(^|\s)1\s*$", pages[0])
    last = len(pages)
    assert not re.search(rf"(^|\s){last}\s*$", pages[-1])
    for number, text in enumerate(pages[1:-1], start=2):
        assert re.search(rf"(^|\s){number}\s*$", text), f"page {number} has no page number in its footer"


def test_chapters_in_order(booklet_a5):
    chapters = [title for level, title, _ in booklet_a5.bookmarks if level == 0]
    assert chapters == [
        "Mục lục",
        "Lời giới thiệu",
        "1. Những điểm chính",
        "2. Bối cảnh: Chỉ thị 03-CT/TW",
        "3. Lạng Sơn — làm theo Bác gắn với xây dựng nông thôn mới",
        "4. Kon Tum — việc làm dù nhỏ nhưng cụ thể, thiết thực",
        "5. So sánh Lạng Sơn và Kon Tum",
        "Câu hỏi gợi ý thảo luận",
        "Phụ lục: văn bản và tài liệu tham khảo",
    ]


@pytest.mark.parametrize("fixture", ["booklet_a5", "booklet_a4"])
def test_every_bookmark_lands_on_its_heading(fixture, request):
    booklet = request.getfixturevalue(fixture)
    assert booklet.bookmarks
    for level, title, page_index in booklet.bookmarks:
        page = squash(booklet.pages[page_index])
        if level == 0:  # chapters open a page, with no running head above
            assert page.startswith(squash(title)), f"{title!r} does not open page {page_index + 1}"
        else:
            assert squash(title) in page, f"{title!r} is not on page {page_index + 1}"


@pytest.mark.parametrize("fixture", ["booklet_a5", "booklet_a4"])
def test_table_of_contents_page_numbers_are_the_real_ones(fixture, request):
    # WeasyPrint 70 prints 0 here when the TOC link is display: flex; 69 did not.
    booklet = request.getfixturevalue(fixture)
    toc_page = next(text for text in booklet.pages if squash(text).startswith("Mục lục"))
    # A long title wraps (its leader and number on its last line): join its lines first.
    toc_page = re.sub(r"(?<![\d.\s])[ \t]*\r?\n(?=\S)", " ", toc_page.split("\n", 1)[1])
    entries = re.findall(r"^(\S.+?)[\s.]+(\d+)\s*$", toc_page, re.MULTILINE)

    def key(title):
        return re.sub(r"\s", "", title)

    real = {key(title): index + 1 for level, title, index in booklet.bookmarks if level == 0}
    assert len(entries) == len(real) - 1  # every chapter but the contents page itself
    for title, number in entries:
        assert int(number) != 0, f"TOC prints page 0 for {title!r}"
        assert int(number) == real[key(title)], title


def test_every_figure_appears_babel_formatted(booklet_a5, content):
    fmt = VietnameseFormat()
    text = squash(booklet_a5.text)
    for _, figure in content.figures:
        assert fmt.figure(figure) in text


def test_known_figures_print_the_vietnamese_way(booklet_a5):
    text = squash(booklet_a5.text)
    for expected in (
        "716 tập thể và cá nhân",
        "93 thư khen",
        "trên 6,5 tỷ đồng",
        "1.080 m²",
        "trên 300 triệu đồng",
        "8 nhà tình nghĩa",
        "ít nhất 1.000 đồng/ngày",
        "ngày 19-5 (năm 2014 do ban biên soạn suy ra)",
        "ngày 1-7-2011",
        "ngày 7-11-2011",
    ):
        assert expected in text


def test_text_is_nfc(booklet_a5):
    assert unicodedata.is_normalized("NFC", booklet_a5.text)


def test_every_font_is_embedded_and_ours(booklet_a5):
    reader = pypdf.PdfReader(booklet_a5.path)
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"
            seen.add(name)
    assert seen
    assert all(name.startswith(("Spectral", "Be-Vietnam-Pro")) for name in seen), seen


def test_metadata(booklet_a5, content):
    reader = pypdf.PdfReader(booklet_a5.path)
    info = reader.metadata
    assert info.title == f"{DRAFT_MARK} — {content.meta.title} — {SUBTITLE}"  # the sample's colophon is blank
    assert info.author == content.meta.issuer
    assert info.subject == SUBTITLE
    assert "Chỉ thị 03-CT/TW" in info["/Keywords"]
    assert info["/CreationDate"].startswith("D:20151201")
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_html_preview_is_the_same_document(booklet_a5, content):
    html = booklet_a5.html_path.read_text(encoding="utf-8")
    assert '<html lang="vi">' in html
    assert content.meta.title in html
    assert "@font-face" in html


def test_no_heading_is_stranded_at_the_bottom_of_a_page(booklet_a5):
    for _level, title, page_index in booklet_a5.bookmarks:
        page, title = squash(booklet_a5.pages[page_index]), squash(title)
        # The title may also name a timeline item, whose text PDFium may read in another order.
        starts = [m.start() for m in re.finditer(re.escape(title), page)]
        assert starts and max(len(page) - start - len(title) for start in starts) > 40, (
            f"{title!r} ends page {page_index + 1}"
        )
