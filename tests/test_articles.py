"""Articles as offices have them: one article as Word, PDF, a saved web page and legacy-encoded text gives
one archived text, with the metadata each file carries, marked as such; what cannot be read is refused
with a Vietnamese message that says what to do.

The article (tests/fixtures/articles/, see its README) is written in our own words. The saved page is
committed as a fixture; the other formats are made here from its text, as Word, WeasyPrint, a browser
and an old Vietnamese keyboard driver would make them.
"""

from __future__ import annotations

import datetime
import html
import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pikepdf
import pypdfium2
import pytest

from briefing.content import articles, legacy
from briefing.content.articles import Metadata, parse_article, read_article
from briefing.options import OptionError
from briefing.untrusted import Limits

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
ARCHIVED = (FIXTURES / "bo-phan-giup-viec.txt").read_text(encoding="utf-8")
PARAGRAPHS = ARCHIVED.rstrip("\n").split("\n\n")
HEADLINE = PARAGRAPHS[0]
SUBHEADINGS = {"Tham mưu sơ kết, đề nghị khen thưởng", "Nhiệm vụ những tháng cuối năm"}
AUTHOR = "Nhóm phát triển"
SCANNED = (
    "tệp PDF này là ảnh chụp, không có lớp chữ; dùng bản Word (.docx) hoặc trang web đã lưu (.html) của bài, "
    "hoặc nhận dạng chữ (OCR) cho tệp rồi đưa vào lại"
)


# --- the article in each format ---------------------------------------------------------


def word_file(paragraphs: list[str] = PARAGRAPHS, **properties) -> bytes:
    """The article as a clerk's Word file: a Title, Heading 2 subheadings, the lead in bold, a name in bold
    inside a sentence (so one paragraph is several runs)."""
    document = docx.Document()
    document.add_paragraph(paragraphs[0], style="Title")
    for paragraph in paragraphs[1:]:
        if paragraph in SUBHEADINGS:
            document.add_heading(paragraph, level=2)
        elif "Ngô Văn Hùng" in paragraph:
            before, after = paragraph.split("Ngô Văn Hùng", 1)
            added = document.add_paragraph(before)
            added.add_run("Ngô Văn Hùng").bold = True
            added.add_run(after)
        else:
            document.add_paragraph().add_run(paragraph).bold = paragraph == paragraphs[1]
    for name, value in properties.items():
        setattr(document.core_properties, name, value)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def article_html(paragraphs: list[str], css: str) -> str:
    body = "".join(
        f"<h2>{html.escape(p)}</h2>" if p in SUBHEADINGS else f"<p>{html.escape(p)}</p>" for p in paragraphs[1:]
    )
    return (
        f'<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(paragraphs[0])}</title>'
        f'<meta name="author" content="{AUTHOR}"><style>{css}</style></head>'
        f"<body><h1>{html.escape(paragraphs[0])}</h1>{body}</body></html>"
    )


# Two house styles: justified with first-line indents and no space between paragraphs (as Word's
# Vietnamese templates set text), and ragged with space between paragraphs (as a web page prints).
# A6 pages, so paragraphs run over a page break; the page number in the footer.
PAGE = "@page { size: A6; margin: 14mm 10mm; @bottom-center { content: counter(page); font-size: 8pt } }"
TYPE = "body { font: 9pt/1.35 serif } h1 { font-size: 13pt } h2 { font-size: 10pt }"
JUSTIFIED = TYPE + "p { text-align: justify; text-indent: 1.2em; margin: 0 }"
RAGGED = TYPE + "p { margin: 0 0 0.5em }"


def weasyprint_pdf(css: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=article_html(PARAGRAPHS, css)).write_pdf()


# Two columns, a paragraph running from the foot of one to the head of the next.
COLUMNS = (
    "@page { size: A5 landscape; margin: 12mm } body { font: 9pt/1.35 serif; columns: 2; column-gap: 8mm }"
    "h1 { font-size: 13pt; column-span: all } h2 { font-size: 10pt } p { text-align: justify; margin: 0 0 0.4em }"
)


def browser_pdf(tmp_path: Path, size: str) -> bytes:
    """The article printed to PDF by Debian's Chromium, with the header and footer a browser prints
    on every page: the date and title above, the address and “1/2” below."""
    page = tmp_path / f"bai-{size}.html"
    page.write_text(article_html(PARAGRAPHS, f"body {{ font: {size} serif; width: 12cm }}"), encoding="utf-8")
    output = tmp_path / f"bai-{size}.pdf"
    subprocess.run(
        [
            "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={output}", page.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return output.read_bytes()


# Helvetica's advance widths (its AFM), in thousandths of an em, for the letters below.
HELVETICA = dict(zip("TinhuyQagNmpsoket. ", [611, 222, 556, 556, 556, 500, 778, 556, 556, 722, 833, 556, 500,
                                                556, 500, 556, 278, 278, 278], strict=True))  # fmt: skip
TWO_PASSES = "Tinh uy Quang Nam hop so ket."


def two_pass_pdf(line: str = TWO_PASSES, second: str = "aiou") -> bytes:
    """A line drawn as LibreOffice draws one whose font lacks some letters: the rest first, with gaps
    where those go, then the missing letters from another font, in one text object over the same line.
    (Here the letters are plain and the font the same: only the order of drawing matters.)"""

    def shown(letters: set[str]) -> bytes:
        parts, gap = [], 0
        for char in line:
            if char in letters:
                parts.append(f"{-gap} ({char})" if gap else f"({char})")
                gap = 0
            else:
                gap += HELVETICA[char]
        return f"[{' '.join(parts)}] TJ".encode()

    first = {char for char in line if char not in second}
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(420, 595))
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    font.Encoding = pikepdf.Name.WinAnsiEncoding
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(
        b"BT /F1 12 Tf 1 0 0 1 40 500 Tm " + shown(first) + b" 1 0 0 1 40 500 Tm " + shown(set(second)) + b" ET"
    )
    return saved(pdf)


def legacy_encoded(text: str, encoding: str) -> bytes:
    """``text`` typed with an old keyboard driver and font, saved as “ANSI” text: legacy.py's tables inverted."""
    table = legacy._TCVN3 if encoding == "TCVN3 (ABC)" else legacy._VNI
    inverse = {unicode: typed for typed, unicode in sorted(table.items(), key=lambda item: -len(item[0]))}
    assert not {char for char in text if not char.isascii() and char not in inverse and char not in "“”"}
    typed = "".join(inverse.get(char, char) for char in text)
    return typed.replace("\n", "\r\n").encode("cp1252")


def formats(tmp_path: Path) -> dict[str, bytes]:
    return {
        "bai.docx": word_file(title=HEADLINE, author=AUTHOR),
        "bai-dan-trang.pdf": weasyprint_pdf(PAGE + JUSTIFIED),
        "bai-so-le.pdf": weasyprint_pdf(PAGE + RAGGED),
        "bai-hai-cot.pdf": weasyprint_pdf(COLUMNS),
        "bai-trinh-duyet.pdf": browser_pdf(tmp_path, "15pt"),
        "bai-trinh-duyet-1-trang.pdf": browser_pdf(tmp_path, "9pt"),
        "bai.html": (FIXTURES / "bo-phan-giup-viec.html").read_bytes(),
        "bai-utf8.txt": ARCHIVED.encode("utf-8"),
        "bai-notepad.txt": b"\xef\xbb\xbf" + ARCHIVED.replace("\n", "\r\n").encode("utf-8"),
        "bai-tcvn3.txt": legacy_encoded(ARCHIVED, "TCVN3 (ABC)"),
        "bai-vni.txt": legacy_encoded(ARCHIVED, "VNI"),
    }


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("articles")
    written = {}
    for name, data in formats(folder).items():
        written[name] = folder / name
        written[name].write_bytes(data)
    return written


NAMES = [
    "bai.docx", "bai-dan-trang.pdf", "bai-so-le.pdf", "bai-hai-cot.pdf", "bai-trinh-duyet.pdf",
    "bai-trinh-duyet-1-trang.pdf", "bai.html",
    "bai-utf8.txt", "bai-notepad.txt", "bai-tcvn3.txt", "bai-vni.txt",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_every_format_gives_the_same_archived_text(files, name):
    article = read_article(files[name])
    assert article.text == ARCHIVED
    assert article.headline == HEADLINE and article.paragraphs == PARAGRAPHS


def test_the_archived_text_is_what_a_source_keeps():
    """NFC, a blank line between paragraphs, no white space at either end of a line, one final newline."""
    import unicodedata

    assert unicodedata.is_normalized("NFC", ARCHIVED)
    assert ARCHIVED.endswith(".\n") and "\n\n\n" not in ARCHIVED and "\r" not in ARCHIVED
    assert all(p == " ".join(p.split()) and p for p in PARAGRAPHS) and len(PARAGRAPHS) == 10


def test_a_quote_copied_from_any_format_is_whole(files):
    """Line joins keep sentences whole: a sentence that wraps over a line and a page break in the PDF
    is one line of the archive, as the check compares quotes."""
    for name in ("bai-dan-trang.pdf", "bai-so-le.pdf", "bai-hai-cot.pdf"):
        pdf = pypdfium2.PdfDocument(files[name])
        if len(pdf) == 2:
            first, second = (" ".join(pdf[i].get_textpage().get_text_range().split()) for i in (0, 1))
        else:  # the left column and the right one
            page = pdf[0]
            width, height = page.get_size()
            textpage = page.get_textpage()
            first, second = (
                " ".join(textpage.get_text_bounded(left, 0, right, height).split())
                for left, right in ((0, width / 2), (width / 2, width))
            )
        pdf.close()
        over_the_page = [p for p in PARAGRAPHS if p[:30] in first and p[-30:] in second]
        assert len(over_the_page) == 1, name
        lines = read_article(files[name]).text.splitlines()
        assert over_the_page[0] in lines, name


def test_the_page_web_metadata_fills_the_source_fields_marked_as_such(files):
    article = read_article(files["bai.html"])
    page = "siêu dữ liệu của trang web đã lưu"
    assert article.metadata == {
        "title": Metadata(HEADLINE, page),
        "outlet": Metadata("Bài viết thử nghiệm", page),
        "author": Metadata(AUTHOR, page),
        "date": Metadata(datetime.date(2026, 12, 7), page),
        "url": Metadata("https://example.org/thoi-su/quang-nam-bo-phan-giup-viec-so-ket-2013.html", page),
    }
    assert article.kind == "html" and article.converted_from is None
    assert article.note() == (
        "Tiêu đề, tên báo, tác giả, ngày đăng và địa chỉ bài lấy từ siêu dữ liệu của trang web đã lưu."
    )


def test_the_page_leaves_out_menus_other_news_comments_and_footer(files):
    text = read_article(files["bai.html"]).text
    around = [
        "Trang chủ", "Xây dựng Đảng", "Tin khác", "Hội nghị tập huấn", "Bình luận", "Bạn đọc Minh", "mua ở đâu",
        "Gửi bình luận", "Đọc nhiều", "Chia sẻ", "Từ khóa", "không phải một tờ báo", "Tin liên quan",
        "ở các huyện",
    ]  # fmt: skip
    assert [words for words in around if words in text] == []
    raw = files["bai.html"].read_text(encoding="utf-8")
    assert all(words in raw for words in around)  # they are there


def test_a_page_without_declared_address_takes_the_one_the_browser_noted(tmp_path):
    raw = (FIXTURES / "bo-phan-giup-viec.html").read_text(encoding="utf-8")
    for tag in ('<meta property="og:url"', '<link rel="canonical"'):
        start = raw.index(tag)
        raw = raw[:start] + raw[raw.index(">", start) + 1 :]
    article = parse_article(raw.encode("utf-8"), "bai.html")
    assert article.url == Metadata(
        "https://example.org/thoi-su/quang-nam-bo-phan-giup-viec-so-ket-2013.html",
        "địa chỉ trình duyệt ghi khi lưu trang",
    )
    assert article.text == ARCHIVED


def test_a_headline_set_above_the_article_s_container_still_leads_the_text():
    raw = (FIXTURES / "bo-phan-giup-viec.html").read_text(encoding="utf-8")
    start = raw.index('    <h1 class="detail-title">')
    headline = raw[start : raw.index("</h1>", start) + len("</h1>\n")]
    raw = raw.replace(headline, "").replace('<main class="container">', f"<div>{headline}</div>\n<main>")
    assert parse_article(raw.encode("utf-8"), "bai.html").text == ARCHIVED


def test_a_site_that_declares_no_name_is_named_by_its_host_and_said_to_be():
    raw = (FIXTURES / "bo-phan-giup-viec.html").read_text(encoding="utf-8")
    raw = raw.replace('<meta property="og:site_name" content="Bài viết thử nghiệm">', "")
    article = parse_article(raw.encode("utf-8"), "bai.html")
    assert article.outlet == Metadata("example.org", "tên miền trong địa chỉ của trang (trang không ghi tên báo)")
    assert article.note() == (
        "Tiêu đề, tác giả, ngày đăng và địa chỉ bài lấy từ siêu dữ liệu của trang web đã lưu. "
        "Tên báo lấy từ tên miền trong địa chỉ của trang (trang không ghi tên báo)."
    )


def test_a_page_date_is_read_from_the_markup_never_guessed_from_the_text():
    """Without a date in its metadata the page has none: not 12.6.2013 from the text, nor the © year."""
    raw = (FIXTURES / "bo-phan-giup-viec.html").read_text(encoding="utf-8")
    raw = raw.replace('<meta property="article:published_time" content="2026-12-07T08:30:00+07:00">', "")
    raw = raw.replace('<time datetime="2026-12-07T08:30:00+07:00">Thứ Hai, 07/12/2026 08:30</time>', "")
    article = parse_article(raw.encode("utf-8"), "bai.htm")
    assert article.date is None and article.title is not None and article.text == ARCHIVED


def test_word_core_properties_are_metadata_marked_as_such(files):
    article = read_article(files["bai.docx"])
    assert article.kind == "docx"
    assert article.metadata == {
        "title": Metadata(HEADLINE, "thuộc tính của tệp Word"),
        "author": Metadata(AUTHOR, "thuộc tính của tệp Word"),
    }  # python-docx's template's creation date is not this article's
    assert article.note() == "Tiêu đề và tác giả lấy từ thuộc tính của tệp Word."


def test_the_date_a_word_file_was_created_is_offered_as_such():
    created = datetime.datetime(2026, 12, 6, 20, 30, tzinfo=datetime.UTC)  # 7 December in Vietnam
    article = parse_article(word_file(created=created), "bai.docx")
    assert article.date == Metadata(datetime.date(2026, 12, 7), "ngày tạo tệp Word (có thể không phải ngày đăng bài)")
    assert article.note() == "Ngày đăng lấy từ ngày tạo tệp Word (có thể không phải ngày đăng bài)."


@pytest.mark.parametrize(
    ("properties", "why"),
    [
        ({}, "python-docx's template: author “python-docx”, created 2013-12-23"),
        ({"author": "Windows User", "title": "Microsoft Word - bai bao.docx"}, "what programs write for nobody"),
        ({"author": "Admin", "title": "Document1"}, "defaults"),
        ({"title": "bao-quang-nam.docx"}, "a file name"),
        ({"created": datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)}, "a date in the future"),
        ({"created": datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)}, "before the web"),
    ],
)
def test_implausible_core_properties_are_not_metadata(properties, why):
    article = parse_article(word_file(**properties), "bai.docx")
    assert article.metadata == {} and article.note() is None, why
    assert article.text == ARCHIVED


def test_pdf_information_gives_title_and_author(files):
    article = read_article(files["bai-dan-trang.pdf"])
    assert article.kind == "pdf"
    assert article.metadata == {
        "title": Metadata(HEADLINE, "thuộc tính của tệp PDF"),
        "author": Metadata(AUTHOR, "thuộc tính của tệp PDF"),
    }


def test_pdf_xmp_metadata_is_read_when_the_information_lacks_it(files):
    with pikepdf.open(files["bai-so-le.pdf"]) as pdf:
        del pdf.docinfo["/Title"], pdf.docinfo["/Author"]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:title"] = "Bộ phận giúp việc sơ kết"
            xmp["dc:creator"] = ["Nhóm phát triển"]
        stream = io.BytesIO()
        pdf.save(stream)
    article = parse_article(stream.getvalue(), "bai.pdf")
    assert article.title == Metadata("Bộ phận giúp việc sơ kết", "thuộc tính của tệp PDF")
    assert article.author == Metadata(AUTHOR, "thuộc tính của tệp PDF")


HYPHENATED = (
    "Bộ phận giúp việc Tỉnh ủy Quảng Nam về thực hiện Chỉ thị 03-CT/TW của Bộ Chính trị đã họp để nhìn lại "
    "công việc 6 tháng đầu năm, cùng đồng chí Y Mơ-ni và bà Hơ-len."
)


@pytest.mark.parametrize(("width", "broken_after"), [(30, "Hơ-"), (48, "Mơ-"), (60, "03-CT/")])
def test_a_line_broken_after_a_hyphen_or_a_slash_is_joined_without_a_space(width, broken_after):
    """Vietnamese breaks no syllable: a hyphen that ends a line is the text's own (PDFium marks it and runs
    the line on), and a line broken after “03-CT/” had no space there."""
    from weasyprint import HTML

    page = f'<html lang="vi"><body style="font: 10pt serif; width: {width}mm"><p>Tin</p><p>{HYPHENATED}</p>'
    data = HTML(string=page).write_pdf()
    layer = pypdfium2.PdfDocument(data)[0].get_textpage().get_text_range()
    assert f"{broken_after[:-1]}\ufffe" in layer or f"{broken_after}\r\n" in layer
    assert parse_article(data, "tin.pdf").paragraphs == ["Tin", HYPHENATED]


def test_letters_drawn_in_a_second_pass_are_put_back_in_their_places():
    data = two_pass_pdf()
    layer = pypdfium2.PdfDocument(data)[0].get_textpage().get_text_range()
    assert TWO_PASSES not in layer and "T nh" in layer  # as the file draws it
    assert parse_article(data, "bai.pdf").text == TWO_PASSES + "\n"


@pytest.mark.parametrize(("name", "pages"), [("bai-trinh-duyet.pdf", 2), ("bai-trinh-duyet-1-trang.pdf", 1)])
def test_a_browser_s_header_and_footer_are_not_the_article(files, name, pages):
    """Repeated on every page, or on the only page recognised for what they are: a date, an address."""
    pdf = pypdfium2.PdfDocument(files[name])
    layer = [page.get_textpage().get_text_range() for page in pdf]
    pdf.close()
    assert len(layer) == pages
    for number, text in enumerate(layer, 1):
        assert ".html" in text and f"{number}/{pages}" in text and text.count(HEADLINE) == 1  # in the header
    article = read_article(files[name])
    assert article.text == ARCHIVED and article.title == Metadata(HEADLINE, "thuộc tính của tệp PDF")


@pytest.mark.parametrize("name", ["bai-tcvn3.txt", "bai-vni.txt"])
def test_legacy_text_is_converted_and_said_so(files, name):
    encoding = "TCVN3 (ABC)" if "tcvn3" in name else "VNI"
    data = files[name].read_bytes()
    assert HEADLINE.encode("utf-8") not in data and b"\r\n" in data
    article = read_article(files[name])
    assert article.converted_from == encoding and article.metadata == {}
    assert article.note() == f"Lời bài chuyển từ bảng mã {encoding} sang Unicode."


def test_notepad_s_byte_order_mark_is_not_text(files):
    data = files["bai-notepad.txt"].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    article = read_article(files["bai-notepad.txt"])
    assert article.text == ARCHIVED and not article.text.startswith("\ufeff") and article.converted_from is None


def test_notepad_s_unicode_is_utf16_with_its_mark():
    assert parse_article(ARCHIVED.encode("utf-16"), "bai.txt").text == ARCHIVED


def test_a_word_file_typed_in_tcvn3_is_converted():
    """An old office file set in the .Vn fonts: Word stores what the keyboard driver typed, “Qu¶ng Nam”."""
    typed = [legacy_encoded(paragraph, "TCVN3 (ABC)").decode("cp1252") for paragraph in PARAGRAPHS]
    assert typed[0].startswith("Qu¶ng Nam")
    article = parse_article(word_file(typed), "bai-cu.docx")
    assert article.text == ARCHIVED and article.converted_from == "TCVN3 (ABC)"


def test_text_pasted_from_an_old_word_file_is_converted_paragraph_by_paragraph():
    """A UTF-8 file with one paragraph pasted in TCVN3: that paragraph converted, the others untouched."""
    typed = legacy_encoded(PARAGRAPHS[2], "TCVN3 (ABC)").decode("cp1252")
    text = "\n\n".join([*PARAGRAPHS[:2], typed, *PARAGRAPHS[3:]]) + "\n"
    article = parse_article(text.encode("utf-8"), "bai.txt")
    assert article.text == ARCHIVED and article.converted_from == "TCVN3 (ABC)"


def test_decomposed_text_and_stray_spaces_are_archived_as_nfc_single_spaces():
    import unicodedata

    messy = "  " + unicodedata.normalize("NFD", ARCHIVED).replace(" ", "  \u00a0").replace("\n\n", "\n\n\n \t\n")
    assert parse_article(messy.encode("utf-8"), "bai.txt").text == ARCHIVED


# --- Word, more --------------------------------------------------------------------------


def test_word_tables_are_read_cell_by_cell_in_document_order():
    document = docx.Document()
    document.add_paragraph("Kết quả khen thưởng")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows, [("Đối tượng", "Số được đề nghị"), ("Tập thể", "2"), ("Cá nhân", "3")], strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    merged = table.add_row().cells
    merged[0].merge(merged[1]).text = "Cộng: 5"  # one cell over two columns: once, not twice
    document.add_paragraph("Hồ sơ đã gửi Trung ương.")
    stream = io.BytesIO()
    document.save(stream)
    article = parse_article(stream.getvalue(), "bang.docx")
    assert article.paragraphs == [
        "Kết quả khen thưởng", "Đối tượng", "Số được đề nghị", "Tập thể", "2", "Cá nhân", "3", "Cộng: 5",
        "Hồ sơ đã gửi Trung ương.",
    ]  # fmt: skip


def word_with_body(body_xml: str) -> bytes:
    """A Word file whose body is ``body_xml`` (WordprocessingML), as Word writes what python-docx cannot."""
    stream = io.BytesIO()
    docx.Document().save(stream)
    source = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.index("<w:body>") + len("<w:body>")
                data = (text[:start] + body_xml + text[text.index("<w:sectPr", start) :]).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def test_word_shows_what_a_reader_sees_not_what_was_deleted_or_hidden():
    body = (
        "<w:p><w:r><w:t>Sáng 12.6.2013, Bộ phận giúp việc</w:t></w:r>"
        '<w:del w:id="1" w:author="A"><w:r><w:delText> Ban Tuyên giáo</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve"> Tỉnh ủy</w:t></w:r></w:ins>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ghi chú ẩn</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> họp sơ kết.</w:t><w:br/><w:t>Dòng sau ngắt dòng</w:t></w:r></w:p>'
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>Trong ô nội dung</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        '<w:p><w:hyperlink r:id="x"><w:r><w:t>Chỉ thị 03</w:t></w:r></w:hyperlink>'
        "<w:r><w:tab/><w:t>-CT/TW</w:t></w:r></w:p>"
    )
    article = parse_article(word_with_body(body), "bai.docx")
    assert article.paragraphs == [
        "Sáng 12.6.2013, Bộ phận giúp việc Tỉnh ủy họp sơ kết.",
        "Dòng sau ngắt dòng",
        "Trong ô nội dung",
        "Chỉ thị 03 -CT/TW",
    ]


# --- refusals ---------------------------------------------------------------------------


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(OptionError) as refused:
        parse_article(data, name)
    return str(refused.value)


def picture(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """A photograph drawn over the whole ``page``, under what it already shows."""
    image = pikepdf.Stream(pdf, bytes(range(256)) * 64)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 128, 128, 8
    image.ColorSpace = pikepdf.Name.DeviceGray
    if "/Resources" not in page.obj:
        page.obj.Resources = pikepdf.Dictionary()
    page.obj.Resources.XObject = pikepdf.Dictionary(Im0=image)
    width, height = (float(v) for v in page.mediabox[2:])
    drawing = pdf.make_stream(f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode())
    shown = page.obj.get("/Contents")
    shown = list(shown) if isinstance(shown, pikepdf.Array) else [shown] if shown is not None else []
    page.obj.Contents = pikepdf.Array([drawing, *shown])


def image_page(pdf: pikepdf.Pdf) -> None:
    """A page as a scanner makes it: one picture, no text."""
    picture(pdf, pdf.add_blank_page(page_size=(420, 595)))


def saved(pdf: pikepdf.Pdf, **options) -> bytes:
    stream = io.BytesIO()
    pdf.save(stream, **options)
    return stream.getvalue()


def test_a_scanned_pdf_is_refused_with_the_way_out():
    pdf = pikepdf.new()
    image_page(pdf)
    image_page(pdf)
    assert refusal(saved(pdf), "bai-scan.pdf") == f"bai-scan.pdf: {SCANNED}"


def test_a_scan_stamped_with_its_app_s_name_is_a_scan_all_the_same():
    """Scanning apps print their name at the foot of every page: text in the margin is not a text layer."""
    from weasyprint import HTML

    footer = "@page { size: A5; margin: 2cm; @bottom-center { content: 'Scanned with CamScanner' } }"
    stamped = HTML(string=f"<html><head><style>{footer}</style></head><body></body></html>").write_pdf()
    with pikepdf.open(io.BytesIO(stamped)) as pdf:
        picture(pdf, pdf.pages[0])
        data = saved(pdf)
    assert "CamScanner" in pypdfium2.PdfDocument(data)[0].get_textpage().get_text_range()
    assert refusal(data, "bai-scan.pdf") == f"bai-scan.pdf: {SCANNED}"


def test_a_pdf_with_scanned_pages_is_refused_naming_them(files):
    with pikepdf.open(files["bai-so-le.pdf"]) as pdf:
        image_page(pdf)
        data = saved(pdf)
    pages = len(pikepdf.open(io.BytesIO(data)).pages)
    message = SCANNED.replace("tệp PDF này", f"trang {pages} của tệp PDF")
    assert refusal(data, "bai.pdf") == f"bai.pdf: {message}"


def test_a_pdf_with_a_password_is_refused(files):
    with pikepdf.open(files["bai-so-le.pdf"]) as pdf:
        data = saved(pdf, encryption=pikepdf.Encryption(owner="chu", user="mat-khau"))
    assert refusal(data, "bai.pdf") == (
        "bai.pdf: tệp PDF có mật khẩu; mở bằng trình đọc PDF, nhập mật khẩu, in ra một tệp PDF mới rồi đưa vào"
    )


def test_a_broken_pdf_is_refused():
    assert refusal(b"%PDF-1.7\nnot really", "bai.pdf") == (
        "bai.pdf: tệp PDF bị hỏng hoặc không phải PDF; dùng bản Word (.docx) hoặc trang web đã lưu (.html) "
        "của bài, hoặc nhận dạng chữ (OCR) cho tệp rồi đưa vào lại"
    )


def test_a_pdf_is_read_in_a_child_process_under_limits(files, monkeypatch):
    monkeypatch.setattr(articles, "LIMITS", Limits(wall_seconds=0))
    assert refusal(files["bai-so-le.pdf"].read_bytes(), "bai.pdf") == (
        "bai.pdf: không đọc được tệp PDF: xử lý quá lâu (hơn 0 giây); có thể là tệp cố ý làm hỏng"
    )


def test_a_word_file_that_inflates_past_the_bound_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(articles, "MAX_ZIP_BYTES", 2_000_000)
    stream = io.BytesIO(word_file())
    with zipfile.ZipFile(stream, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/anh.bin", bytes(3_000_000))  # 3 MB of zeros in a few kilobytes
    data = stream.getvalue()
    assert len(data) < 100_000
    assert refusal(data, "bai.docx") == "bai.docx: tệp Word giải nén ra quá lớn (hơn 2 MB); có thể là tệp cố ý làm hỏng"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not a zip", "tệp Word bị hỏng hoặc không phải tệp .docx; mở bằng Word và lưu lại"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "không phải tệp .docx mà là tệp Word cũ (.doc) hoặc tệp có mật khẩu; mở bằng Word, bỏ mật khẩu nếu có, "
            "Lưu thành (Save As) kiểu .docx",
        ),
    ],
)
def test_a_file_that_is_not_a_word_file_is_refused(data, message):
    assert refusal(data, "bai.docx") == f"bai.docx: {message}"


def test_a_zip_that_is_not_a_word_document_is_refused():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("bai.txt", ARCHIVED)
    assert refusal(stream.getvalue(), "bai.docx") == (
        "bai.docx: tệp Word bị hỏng hoặc không phải tệp .docx; mở bằng Word và lưu lại"
    )


def test_a_word_file_without_text_is_refused():
    assert refusal(word_file(["", " "]), "trong.docx") == "trong.docx: tệp không có chữ nào; chọn đúng tệp bài báo"


def test_a_page_without_an_article_is_refused():
    page = "<html><head><title>Trang chủ</title></head><body><nav><a href='/'>Trang chủ</a></nav></body></html>"
    assert refusal(page.encode("utf-8"), "trang.html") == (
        "trang.html: không tìm thấy lời bài trong trang web đã lưu; lưu lại trang khi bài đã hiện đủ, "
        "hoặc chép lời bài vào một tệp .txt"
    )


NOT_READ = (
    "không đọc được loại tệp này; bài báo cần là tệp Word (.docx), PDF có lớp chữ (.pdf), "
    "trang web đã lưu (.html, .htm) hoặc văn bản (.txt)"
)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bai.rtf", NOT_READ),
        ("bai", NOT_READ),
        ("bai.DOC", "tệp Word cũ (.doc) chưa đọc được; mở bằng Word, Lưu thành (Save As) kiểu .docx"),
        (
            "bai.mhtml",
            "trang web lưu thành một tệp (.mht) chưa đọc được; lưu lại trang kiểu “chỉ HTML” thành tệp .html",
        ),
    ],
)
def test_a_kind_of_file_not_read_is_refused_naming_what_is(name, message):
    assert refusal(b"{\\rtf1 ...}", name) == f"{name}: {message}"


def test_upper_case_suffixes_are_read():
    assert parse_article(ARCHIVED.encode("utf-8"), "BAI.TXT").text == ARCHIVED


def test_text_in_no_encoding_we_read_is_refused():
    """Windows' own Vietnamese code page (1258) is not one the tool reads: the way out is UTF-8."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"  # written as separate bytes after the letter in 1258
    data = b""
    for char in PARAGRAPHS[1]:
        decomposed = unicodedata.normalize("NFD", char)
        letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        data += (letter + "".join(c for c in decomposed if c in tones)).encode("cp1258")
    assert refusal(data, "bai.txt") == (
        "bai.txt: không phải văn bản UTF-8, cũng không phải bảng mã TCVN3 (ABC) hay VNI; "
        "mở bằng Notepad, Lưu thành (Save As) với bảng mã UTF-8"
    )


def test_binary_data_named_text_is_refused():
    assert refusal(b"abc\0def", "bai.txt") == (
        "bai.txt: không phải văn bản (có byte 0); lưu lại bài thành tệp .txt, bảng mã UTF-8"
    )


def test_an_empty_text_is_refused():
    assert refusal(b"\xef\xbb\xbf \r\n\r\n", "bai.txt") == "bai.txt: tệp không có chữ nào; chọn đúng tệp bài báo"


def test_a_text_too_large_is_refused_as_today(tmp_path):
    big = tmp_path / "bai.txt"
    big.write_bytes(b"a" * 2_000_001)
    with pytest.raises(OptionError) as refused:
        read_article(big)
    assert str(refused.value) == f"{big}: tệp quá lớn cho một bài báo (2,1 MB; văn bản .txt tối đa 2 MB)"
    too_large = "bai.txt: tệp quá lớn cho một bài báo (3 MB; văn bản .txt tối đa 2 MB)"
    assert refusal(b"a " * 1_500_000, "bai.txt") == too_large


def test_a_word_file_may_be_larger_than_its_text_but_not_without_bound():
    assert refusal(b"PK" + bytes(50_000_001), "bai.docx") == (
        "bai.docx: tệp quá lớn cho một bài báo (50,1 MB; tệp Word tối đa 50 MB)"
    )


def test_text_extracted_past_the_bound_is_refused():
    paragraph = "Bộ phận giúp việc họp sơ kết. " * 100
    data = word_file([paragraph] * 800)  # 2.4 MB of text in a file a fraction of that
    assert len(data) < 1_000_000
    assert refusal(data, "dai.docx") == "dai.docx: lời trong tệp quá dài cho một bài báo (hơn 2 MB)"


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(OptionError) as refused:
        read_article(tmp_path / "khong-co.docx")
    assert str(refused.value) == f"không có tệp bài báo {tmp_path / 'khong-co.docx'}"


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "bai.txt").mkdir()
    with pytest.raises(OptionError) as refused:
        read_article(tmp_path / "bai.txt")
    assert str(refused.value) == f"{tmp_path / 'bai.txt'}: là một thư mục, không phải tệp"


def test_importing_the_module_loads_no_reader():
    """The command line imports it for every command: the readers load when a file of their kind comes."""
    probe = (
        "import sys, briefing.content.articles\n"
        "print(sorted(m for m in ('docx', 'trafilatura', 'pypdfium2', 'pikepdf', 'weasyprint') if m in sys.modules))"
    )
    import sys

    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=FIXTURES)
    assert run.stdout.strip() == "[]"
