"""The booklet as a publication: editions, typography, page fill, what readers get.

Facts are read back from the PDFs with pypdfium2: characters, their sizes,
colours and boxes, and the pages rendered to pixels for contrast.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from conftest import squash

from briefing.content.folder import content_files
from briefing.content.review import editors_names
from briefing.content.textdiff import changed_characters
from briefing.options import DEFAULT_CONTENT, BuildOptions
from briefing.render.pipeline import build

PX_PER_PT = 96 / 72  # pdfium reports font sizes in CSS pixels
MM = 72 / 25.4


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    output = tmp_path_factory.mktemp("review") / "review.pdf"
    result = build(BuildOptions(output=output, edition="review"))
    assert result.weasyprint_warnings == []
    return output


def page_texts(path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    return texts


def characters(page):
    """(character, font size in pt, fill RGB, box) of every visible character on a page."""
    textpage = page.get_textpage()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
        if char.isspace() or not char.isprintable():
            continue
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) / PX_PER_PT
        pdfium_c.FPDFText_GetFillColor(textpage.raw, index, r, g, b, a)
        yield char, size, (r.value, g.value, b.value), textpage.get_charbox(index)


def unbreakable_terms(content) -> list[str]:
    terms = ["Hồ Chí Minh", "6,5 tỷ đồng", "1.080 m²", "300 triệu đồng", "ngày 19-5", "khóa XI"]
    terms += [doc.number for doc in content.background.documents if "/" in doc.number]
    terms += [person.name for event in content.background.events for person in event.chairs]
    for province in content.provinces:
        terms += [p.name for p in province.people]
    return terms


# --- typography -------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["booklet_a5", "review"])
def test_numbers_names_and_dates_never_break_across_lines(edition, request, content):
    built = request.getfixturevalue(edition)
    path = built.path if hasattr(built, "path") else built
    terms = unbreakable_terms(content)
    assert "03-CT/TW" in terms and "1973/CT-TTg" in terms and "11-KH/TU" in terms
    for number, text in enumerate(page_texts(path), 1):
        on_one_line = re.sub(r"[ \t]+", " ", text)
        no_spaces = re.sub(r"\s", "", text)
        for term in terms:
            anywhere = no_spaces.count(term.replace(" ", ""))
            assert on_one_line.count(term) == anywhere, f"“{term}” is broken across lines on page {number}"


def test_type_is_large_enough_for_older_readers(booklet_a5):
    pdf = pypdfium2.PdfDocument(booklet_a5.path)
    sizes = Counter()
    for page in pdf:
        for _, size, _, _ in characters(page):
            sizes[round(size, 1)] += 1
    assert min(sizes) >= 8, sorted(sizes.items())
    assert sizes.most_common(1)[0][0] >= 10.5  # body text
    body_and_up = sum(n for size, n in sizes.items() if size >= 9)
    assert body_and_up / sum(sizes.values()) > 0.95  # only running heads and small labels below 9 pt


def relative_luminance(rgb) -> float:
    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_contrast_is_at_least_4_5_to_1(booklet_a5):
    scale = 2
    pdf = pypdfium2.PdfDocument(booklet_a5.path)
    worst = []
    for number, page in enumerate(pdf, 1):
        image = page.render(scale=scale).to_pil().convert("RGB")
        height = page.get_height()
        for char, _, fill, (left, bottom, right, top) in characters(page):
            # The background is the commonest colour on a ring just outside the glyph's box.
            x0, x1 = int(left * scale) - 2, int(right * scale) + 2
            y0, y1 = int((height - top) * scale) - 2, int((height - bottom) * scale) + 2
            ring = [image.getpixel((x, y)) for x in range(x0, x1 + 1) for y in (y0, y1) if 0 <= x < image.width]
            ring += [image.getpixel((x, y)) for y in range(y0, y1 + 1) for x in (x0, x1) if 0 <= y < image.height]
            background = Counter(ring).most_common(1)[0][0]
            ratio = contrast(fill, background)
            if ratio < 4.5:
                worst.append((number, char, fill, background, round(ratio, 2)))
    assert worst == []


def test_page_count_is_whole_sheets_and_closes_with_the_colophon(booklet_a5, review):
    for path in (booklet_a5.path, review):
        texts = page_texts(path)
        assert len(texts) % 4 == 0
        assert "Khổ" in texts[-1] and "14,8 × 21 cm" in texts[-1]


def test_no_page_is_left_nearly_empty_except_where_a_chapter_ends(booklet_a5):
    pdf = pypdfium2.PdfDocument(booklet_a5.path)
    chapter_starts = {index for level, _, index in booklet_a5.bookmarks if level == 0}
    notes = {i for i, text in enumerate(booklet_a5.pages) if squash(text) == f"Ghi chép {i + 1}"}
    last_text_page = min(notes | {len(booklet_a5.pages) - 1}) - 1
    for index, page in enumerate(pdf):
        if index == 0 or index + 1 in chapter_starts or index in notes or index >= last_text_page:
            continue
        height = page.get_height()
        boxes = [box for _, size, _, box in characters(page) if size >= 9]  # not the running head, page number
        top = max(box[3] for box in boxes)
        bottom = min(box[1] for box in boxes)
        filled = (top - bottom) / (height * 0.8)
        assert filled >= 0.25, f"page {index + 1} is {filled:.0%} filled"


# --- editions ---------------------------------------------------------------------

WORKING_NOTES = ("Bản lưu", "content/", "Không rõ", "không nêu trích yếu", "Đính chính", "BẢN DUYỆT", "Hồ sơ duyệt")


def test_reader_edition_has_none_of_the_editorial_machinery(booklet_a5, content):
    text = squash(booklet_a5.text)
    for note in WORKING_NOTES:
        assert note.lower() not in text.lower(), note
    assert not re.search(r"\[\d+\]", text)  # no source marks
    assert not re.search(r"m²\d", text)  # no footnote number after a superscript
    for inference in content.meta.inferences:
        assert squash(inference.reasoning) not in text
    with pikepdf.open(booklet_a5.path) as pdf:
        assert len(pdf.attachments) == 0
    # What published booklets carry: the references, and per chapter the article it draws on.
    assert "Tài liệu tham khảo" in text
    assert "Thanh Tùng – Công Luận: [bài tường thuật Hội nghị trực tuyến sơ kết 3 năm" in text
    assert "“Đảng bộ tỉnh Lạng Sơn đẩy mạnh học và làm theo tấm gương Bác Hồ”." in text
    assert "Theo bài “Đảng bộ tỉnh Lạng Sơn đẩy mạnh học và làm theo tấm gương Bác Hồ”." in text
    # An article without a title is named by what the editors' description says it is, once.
    assert "Theo [bài tường thuật Hội nghị trực tuyến sơ kết 3 năm" in text
    assert "Theo bài “Đảng bộ tỉnh Lạng Sơn đẩy mạnh học và làm theo tấm gương Bác Hồ” và [bài tường thuật" in text
    assert "bài [bài" not in text


def test_names_the_editors_gave_are_not_printed_as_official_names(booklet_a5, content):
    text = squash(booklet_a5.text)
    given = editors_names(content)
    assert given  # the sample has such models
    for named in given:
        assert f"“{named.name}”" not in text
        assert named.name in text


def test_review_edition_holds_every_source_quote_inference_and_erratum(review, content):
    texts = [squash(t) for t in page_texts(review)]
    text = " ".join(texts)
    for number, page in enumerate(texts, 1):
        assert "BẢN DUYỆT – KHÔNG PHÁT HÀNH" in page, f"page {number} has no review mark"
    marks = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert marks == set(range(1, len(content.evidence) + 1))
    for inference in content.meta.inferences:
        assert squash(inference.what) in text and squash(inference.reasoning) in text
    for erratum in content.errata:  # a space too many shows as “·”
        original, _ = changed_characters(erratum.original, erratum.corrected)
        shown = "".join("·" * len(run.text) if run.changed and run.text.isspace() else run.text for run in original)
        assert squash(shown) in text
    for source in content.meta.sources:
        assert squash(source.note) in text
    assert "Ý kiến duyệt" in text and "Người duyệt" in text  # where the board records its decision
    with pikepdf.open(review) as pdf:
        attached = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    assert attached == {
        p.relative_to(DEFAULT_CONTENT).as_posix(): p.read_bytes() for p in content_files(DEFAULT_CONTENT, content)
    }


def test_review_marks_lead_to_their_quotes(review, content):
    with pikepdf.open(review) as pdf:
        destinations = set(pikepdf.NameTree(pdf.Root.Names.Dests).keys())
        links = {
            str(annotation.Dest)
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation
        }
    marks = {f"ev-{n}" for n in range(1, len(content.evidence) + 1)}
    assert marks <= links
    assert marks <= destinations


MARKING = "BẢN DUYỆT – KHÔNG PHÁT HÀNH"


def test_review_marking_is_solid_black_on_the_cover_and_in_every_page_margin(review):
    pdf = pypdfium2.PdfDocument(review)
    for number, page in enumerate(pdf, 1):
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        start = text.index(MARKING)
        for index in range(start, start + len(MARKING)):
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            pdfium_c.FPDFText_GetFillColor(textpage.raw, index, r, g, b, a)
            assert (r.value, g.value, b.value, a.value) == (0, 0, 0, 255), number  # black, not a tint
        _, _, right, top = textpage.get_charbox(start)
        if number > 1:  # in the margin, below the text block: the foot's outer corner
            assert top < 16 * MM and (right < page.get_width() / 2) == (number % 2 == 0), number
        else:  # the cover's own box, large
            assert pdfium_c.FPDFText_GetFontSize(textpage.raw, start) / PX_PER_PT > 10.9


def test_review_text_names_no_file(review):
    text = squash(" ".join(page_texts(review)))
    assert re.findall(r"[\w./-]+\.(?:yaml|yml|txt|pdf|json|csv|icc)\b|sources/|content/|colophon", text) == []
    assert "Bản lưu của bài đính kèm trong tệp PDF này." in text  # the sources by their titles
    assert "trang xuất bản cần ghi thêm: Chịu trách nhiệm nội dung, Số lượng in" in text  # fields by their names


def test_marks_are_numbered_in_reading_order_from_1(review, content):
    texts = [squash(t) for t in page_texts(review)]
    review_chapter = next(i for i, text in enumerate(texts) if text.startswith("Hồ sơ duyệt") and i > 1)
    met = []
    for text in texts[:review_chapter]:
        for n in re.findall(r"\[(\d+)\]", text):  # a statement cited twice on one page is met once
            if int(n) not in met:
                met.append(int(n))
    assert met == list(range(1, len(met) + 1))  # each new mark is the next number
    assert met[:3] == [1, 2, 3] and "716 tập thể và cá nhân" in texts[3].split("[1]")[0]  # the first key figure
    table = " ".join(texts[review_chapter:])
    listed = [int(n) for n in re.findall(r"\[(\d+)\]", table)]
    assert listed == list(range(1, len(content.evidence) + 1))  # the evidence table in the same order


def test_an_erratum_highlights_the_changed_characters(review, tmp_path):
    html = tmp_path / "review.html"
    build(BuildOptions(output=tmp_path / "review.pdf", html_output=html, edition="review"))
    source = html.read_text(encoding="utf-8").replace("\u2060", "")  # the word joiners of typeset.py
    assert '<td class="original">Hội <span class="nw">n<mark class="diff">hgij</mark></span></td>' in source
    assert '<td class="corrected">Hội <span class="nw">n<mark class="diff">ghị</mark></span></td>' in source
    assert '<td class="original">Chi hội <mark class="diff">·</mark>Phụ nữ</td>' in source  # the extra space
    # On the page: the changed characters have the highlight behind them, the others do not.
    pdf = pypdfium2.PdfDocument(review)
    page = next(p for p in pdf if "Hội nhgij" in p.get_textpage().get_text_range())
    textpage, height, scale = page.get_textpage(), page.get_height(), 3
    image = page.render(scale=scale).to_pil().convert("RGB")
    start = textpage.get_text_range().index("Hội nhgij")

    def behind(index: int) -> tuple:
        left, _, _, top = textpage.get_charbox(index)
        return image.getpixel((int(left * scale) + 1, int((height - top) * scale) - 2))

    assert behind(start + 6) == behind(start + 8) != (255, 255, 255)  # “g”, “j”
    assert behind(start) == behind(start + 5) == (255, 255, 255)  # “H”, “n”


def test_province_booklet_carries_only_its_own_documents(tmp_path):
    output = tmp_path / "kt.pdf"
    assert build(BuildOptions(output=output, provinces=("kon-tum",))).weasyprint_warnings == []
    text = squash(" ".join(page_texts(output)))
    assert "11-KH/TU" not in text  # Lạng Sơn's own plan
    assert "Kết quả thực hiện Chỉ thị 03-CT/TW ở Kon Tum" in text


# --- many provinces -----------------------------------------------------------------


def test_comparison_of_twenty_provinces_loses_no_column(content_copy, tmp_path):
    kon_tum = (content_copy / "kon-tum.yaml").read_text(encoding="utf-8")
    extra = [f"tinh-{n:02d}" for n in range(1, 19)]
    for number, slug in enumerate(extra, 1):
        text = kon_tum.replace("name: Kon Tum\n", f"name: Tỉnh thử {number:02d}\n", 1)
        (content_copy / f"{slug}.yaml").write_text(text, encoding="utf-8")
    booklet_yaml = content_copy / "booklet.yaml"
    text = booklet_yaml.read_text(encoding="utf-8")
    booklet_yaml.write_text(
        text.replace("provinces: [lang-son, kon-tum]", f"provinces: [lang-son, kon-tum, {', '.join(extra)}]"),
        encoding="utf-8",
    )
    output = tmp_path / "hai-muoi-tinh.pdf"
    assert build(BuildOptions(content=content_copy, output=output)).weasyprint_warnings == []
    pdf = pypdfium2.PdfDocument(output)
    starts = [(b.get_title(), b.get_dest().get_index()) for b in pdf.get_toc() if b.level == 0]
    at = next(i for i, (title, _) in enumerate(starts) if "So sánh" in title)
    pages = range(starts[at][1], starts[at + 1][1])
    headers = " ".join(squash(pdf[i].get_textpage().get_text_range()) for i in pages)
    for name in ["Lạng Sơn", "Kon Tum", *(f"Tỉnh thử {n:02d}" for n in range(1, 19))]:
        assert name in headers, f"{name} has no column in the comparison"
    for page in pdf:  # nothing runs off the page
        width = page.get_width()
        assert all(box[2] <= width for _, _, _, box in characters(page))


def test_the_review_edition_names_what_the_booklet_itself_frames(review):
    """What the booklet adds to the articles' words, though no article says it, is listed for the board."""
    text = squash(" ".join(page_texts(review)))
    assert (
        "Chức vụ của các đồng chí Lê Hồng Anh, Đinh Thế Huynh, Hà Ban, Đào Xuân Quý và Nguyễn Văn Hùng in kèm "
        "“khi đó là”." in text
    )
    assert (
        "Các mô hình được xếp nhóm: “An ninh, trật tự”, “Tiết kiệm”, “Cộng đồng, an sinh” và “Đảng viên, cơ sở”."
        in text
    )


def test_bookmarks_carry_no_review_marks(review):
    pdf = pypdfium2.PdfDocument(review)
    titles = [bookmark.get_title() for bookmark in pdf.get_toc()]
    assert "Dự Hội nghị tại điểm cầu tỉnh Kon Tum" in titles
    assert [title for title in titles if "[" in title] == []
