"""Typesetting an editor signs: measured on the PDFs of every edition, paper, a one-province
edition and a copy's cover (pypdfium2 characters, boxes and sizes; tests/pdflines.py)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest
from conftest import RELEASED, edit, squash
from pdflines import breaks_inside_words, dash_line_ends, pdf_pages

import briefing.render.words as words
from briefing.cli import main
from briefing.options import BuildOptions
from briefing.render.pipeline import build
from briefing.render.typeset import DOCUMENT_NUMBER, lower_first, typeset

EDITIONS = ["reader-A5", "reader-A4", "review-A5", "review-A4", "kon-tum-A5", "kon-tum-A4"]
LONG_NAMES = [
    ["name", "address"],
    ["Công ty TNHH MTV Xổ số kiến thiết tỉnh Kon Tum", "Số 1 đường Trần Hưng Đạo, thành phố Kon Tum, tỉnh Kon Tum"],
    ["Ban Chấp hành Đảng bộ Công an tỉnh Lạng Sơn", "Thành phố Lạng Sơn"],
    ["Đảng ủy Khối các cơ quan tỉnh Kon Tum", ""],
]


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    """Three copies for recipients whose names wrap on the cover, made by the real command."""
    folder = tmp_path_factory.mktemp("long-names")
    table = folder / "noi-nhan.csv"
    table.write_text("\n".join(",".join(f'"{cell}"' for cell in row) for row in LONG_NAMES) + "\n", encoding="utf-8")
    assert main(["copies", *RELEASED, "--recipients", str(table), "--output-dir", str(folder / "out")]) == 0
    return folder / "out"


def cover_of(path: Path, folder: Path) -> Path:
    """The first page of ``path`` alone, as a PDF."""
    pdf = pypdfium2.PdfDocument(path)
    cover = pypdfium2.PdfDocument.new()
    cover.import_pages(pdf, [0])
    target = folder / f"cover-{path.name}"
    cover.save(target)
    return target


# --- 1. lines break between words only ----------------------------------------------


@pytest.mark.parametrize("name", EDITIONS)
def test_no_line_breaks_inside_a_word_nor_ends_with_a_dash(name, edition_pdf):
    path = edition_pdf(name)
    assert breaks_inside_words(path) == []
    assert dash_line_ends(path) == []


def test_a_copys_cover_breaks_the_addressee_between_words_only(copies, tmp_path):
    for path in sorted(copies.glob("*.pdf")):
        cover = cover_of(path, tmp_path)
        assert breaks_inside_words(cover) == [], path.name
        lines = [line.text.strip() for line in pdf_pages(cover)[0]]
        assert any(line.startswith("Kính gửi:") for line in lines)
        assert sum(line.startswith("Kính gửi:") for line in lines) == 1


def test_the_booklet_was_broken_inside_words_before_segmentation(tmp_path, monkeypatch):
    """The measure can fail: without segmentation, lines do break inside words."""
    monkeypatch.setattr("briefing.render.typeset.word_spaces", lambda texts: {text: frozenset() for text in texts})
    output = tmp_path / "unsegmented.pdf"
    build(BuildOptions(output=output))
    assert len(breaks_inside_words(output)) > 10


def test_copied_and_searched_text_reads_as_typed(booklet_a5):
    pdf = pypdfium2.PdfDocument(booklet_a5.path)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert "\u2060" not in text and "\u00a0" not in text  # no joiner, no no-break space: spaces as typed
    assert "Công an" in text and "Hồ Chí Minh" in text
    found = 0
    for page in pdf:
        search = page.get_textpage().search("Công an")
        while search.get_next():
            found += 1
    assert found >= 3


def test_document_numbers_state_and_party_stay_whole_and_read_one_way(content_copy, tmp_path):
    numbers = ["1436/QĐ-UBND", "16/2019/NĐ-CP", "1973/CT-TTg", "11-KH/TU", "29-QĐi/TW", "36-HD/VPTW"]
    words_before = ["Thực hiện", "Căn cứ vào", "Theo", "Quán triệt và cụ thể hóa", "Bám sát", "Triển khai sâu rộng"]
    sentences = [
        f"{lead} Quyết định số {number} và Chỉ thị số 1973/CT-TTg của Bộ Chính trị khóa XI, các cấp ủy đã làm tốt"
        for lead in words_before
        for number in numbers
    ]
    booklet = content_copy / "booklet.yaml"
    text = booklet.read_text(encoding="utf-8")
    anchor = "  paragraphs:\n"
    assert text.count(anchor) == 1
    booklet.write_text(text.replace(anchor, anchor + f"    - {' '.join(sentences)}.\n"), encoding="utf-8")
    assert main(["check", "--content", str(content_copy)]) == 0  # a document number is not a figure
    output = tmp_path / "so-hieu.pdf"
    assert build(BuildOptions(content=content_copy, output=output)).weasyprint_warnings == []
    pages = [page for page in pdf_pages(output)]
    lines = [line.text.strip() for page in pages for line in page]
    text = " ".join(lines)
    for number in numbers:
        assert text.count(number) >= len(words_before), number  # whole, on one line, every time
    assert "Chỉ thị số 1973/CT-TTg" not in text and "Quyết định 1436/QĐ-UBND" in text
    assert "Bộ Chính trị (khóa XI)" in text and "Bộ Chính trị khóa XI" not in text
    assert not [line for line in lines if re.search(r"\d[-/]$|[A-ZĐ][-/]$", line)]
    assert breaks_inside_words(output) == []


def test_document_number_pattern_knows_state_and_party_numbers():
    pattern = re.compile(DOCUMENT_NUMBER)
    for number in ("03-CT/TW", "1973/CT-TTg", "1436/QĐ-UBND", "16/2019/NĐ-CP", "29-QĐi/TW", "36-HD/VPTW"):
        assert pattern.fullmatch(number), number
    for text in ("1.080 m²", "19-5-2014", "2011-2015", "1.000 đồng/ngày", "6,5"):
        assert not pattern.search(text), text


def test_verbatim_quotations_keep_their_own_style():
    html = typeset("<html><body><p>Chỉ thị số 1973/CT-TTg, “theo Chỉ thị số 1973/CT-TTg”</p></body></html>", [])
    text = re.sub(r"<[^>]+>", "", html).replace("\u2060", "")
    assert text == "Chỉ thị 1973/CT-TTg, “theo Chỉ thị số 1973/CT-TTg”"


# --- the word cache -------------------------------------------------------------------


def test_a_rebuild_loads_no_model_when_no_text_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(words, "_shared", None)
    output = tmp_path / "booklet.pdf"
    assert main(["build", "--output", str(output)]) == 0
    assert words.shared_cache().segmented > 0
    cache = tmp_path / "cache" / "briefing" / words.CACHE_FILE
    assert cache.is_file()
    monkeypatch.setattr(words, "_shared", None)  # as a new process would
    assert main(["build", "--force", "--output", str(output)]) == 0
    assert words.shared_cache().segmented == 0
    assert list(cache.parent.glob("*.tmp")) == []  # written whole, then renamed


def test_the_cache_is_never_kept_among_the_inputs(content_copy, tmp_path, monkeypatch):
    before = sorted(p.relative_to(content_copy) for p in content_copy.rglob("*"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(content_copy / "cache"))
    monkeypatch.setattr(words, "_shared", None)
    assert main(["build", "--content", str(content_copy), "--output", str(tmp_path / "b.pdf")]) == 0
    assert sorted(p.relative_to(content_copy) for p in content_copy.rglob("*")) == before
    assert words.shared_cache().path is None or not words.shared_cache().path.is_relative_to(content_copy)


def test_a_damaged_cache_is_started_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "cache" / "briefing").mkdir(parents=True)
    (tmp_path / "cache" / "briefing" / words.CACHE_FILE).write_bytes(b'{"version": "x", "texts": [')
    monkeypatch.setattr(words, "_shared", None)
    assert main(["build", "--output", str(tmp_path / "b.pdf")]) == 0
    assert words.shared_cache().segmented > 0


# --- 2. even word spacing ---------------------------------------------------------------


def justified_gaps(path: Path) -> list[tuple[float, int, str]]:
    """(gap ÷ normal space, page, line) for every word gap on a justified line.

    A justified line runs to its block's right edge and is not the block's last
    line; the normal space is the advance of the space character itself.
    """
    from pdflines import _follows

    found = []
    for number, lines in enumerate(pdf_pages(path), 1):
        blocks: list[list] = []
        for line in lines:
            if blocks and _follows(blocks[-1][-1], line):
                blocks[-1].append(line)
            else:
                blocks.append([line])
        for block in blocks:
            right = max(line.right for line in block)
            for line in block[:-1]:
                if line.right < right - 0.5:
                    continue
                chars = line.chars
                for i in range(1, len(chars) - 1):
                    space, before, after = chars[i], chars[i - 1], chars[i + 1]
                    if space.text != " " or before.text.isspace() or after.text.isspace():
                        continue
                    normal = space.right - space.left
                    if normal > 0:
                        found.append(((after.left - before.right) / normal, number, line.text.strip()))
    return found


@pytest.mark.parametrize("name", EDITIONS)
def test_no_word_gap_on_a_justified_line_is_wider_than_two_spaces(name, edition_pdf):
    gaps = justified_gaps(edition_pdf(name))
    assert len(gaps) > 300  # the measure sees the booklet's justified text
    assert [gap for gap in gaps if gap[0] > 2.05] == []


# --- 5. type older readers read ------------------------------------------------------------


def sizes_by_text(path: Path) -> tuple[Counter, Counter, dict[str, list[float]]]:
    """How many characters of each size, all and in running text (not in lines set in capitals:
    running heads, the review edition's mark on every page); and the sizes of each line's text."""
    sizes, running, by_line = Counter(), Counter(), {}
    for lines in pdf_pages(path):
        for line in lines:
            for char in line.visible:
                sizes[round(char.size, 1)] += 1
                if not line.text.isupper():
                    running[round(char.size, 1)] += 1
            by_line.setdefault(squash(line.text), []).extend(c.size for c in line.visible)
    return sizes, running, by_line


@pytest.mark.parametrize("name", EDITIONS)
def test_type_sizes_for_older_readers(name, edition_pdf, content):
    sizes, running, by_line = sizes_by_text(edition_pdf(name))
    body = 13 if name.endswith("A4") else 11.5
    paragraph = squash(content.meta.foreword.paragraphs[0])
    foreword = [sz for line, sz in by_line.items() if len(line) > 50 and line in paragraph]
    assert foreword and min(min(s) for s in foreword) >= body - 0.05  # the running text
    assert min(sizes) >= 7.5, sorted(sizes.items())[:3]  # running heads, page numbers, marks
    small = sum(n for size, n in running.items() if size < 9.95)
    assert small / sum(running.values()) < 0.05, sorted(running.items())  # only labels
    # Tables: a document's subject in the appendix table, a model's owner.
    document = next(d for d in content.background.documents if d.subject)
    cells = [sz for line, sz in by_line.items() if line and line in squash(document.subject)]
    assert cells and min(min(s) for s in cells) >= 9.95


def test_copy_stamps_are_large_enough(copies):
    path = sorted(copies.glob("*.pdf"))[0]
    pdf = pypdfium2.PdfDocument(path)
    for index in (0, 1, len(pdf) - 1):
        for line in pdf_pages(path)[index]:
            if "Bản số" in line.text or "Kính gửi" in line.text:
                assert min(c.size for c in line.visible) >= 7.5


# --- 4. A4 designed for A4 ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reader-A4", "review-A4", "kon-tum-A4"])
def test_a4_lines_hold_at_most_75_characters(name, edition_pdf):
    lines = [line.text.strip() for page in pdf_pages(edition_pdf(name)) for line in page]
    lengths = [len(line) for line in lines if ". . ." not in line]  # not the contents' leaders
    assert max(lengths) <= 75
    assert sorted(lengths)[-20] >= 60  # full lines: the measure is used


def test_a4_contents_and_key_figures_pages_are_filled(booklet_a4):
    pdf = pypdfium2.PdfDocument(booklet_a4.path)
    pages = pdf_pages(booklet_a4.path)
    contents = next(i for i, text in enumerate(booklet_a4.pages) if squash(text).startswith("Mục lục"))
    highlights = next(i for level, title, i in booklet_a4.bookmarks if level == 0 and "Những điểm chính" in title)
    for index, least in ((contents, 0.5), (highlights, 0.7)):
        height = pdf[index].get_height()
        text = [line for line in pages[index] if line.size >= 10]
        filled = (text[0].baseline - text[-1].baseline) / (height * 0.8)
        assert filled >= least, f"page {index + 1} is {filled:.0%} filled"
        assert booklet_a4.pages[index + 1] and not squash(booklet_a4.pages[index + 1]).startswith("NHỮNG ĐIỂM")


# --- 6. one style -------------------------------------------------------------------------


def test_one_style_for_references_terms_and_lists(booklet_a5):
    text = squash(booklet_a5.text)
    assert not re.search(rf"(Chỉ thị|Kế hoạch|Nghị quyết|Quyết định) số {DOCUMENT_NUMBER}", text)
    assert "Chỉ thị 1973/CT-TTg" in text
    assert not re.search(r"(?<!\()khóa [XVI]+\b", text)  # "(khóa XI)", after its body
    for _province, items in re.findall(r"(Lạng Sơn|Kon Tum): ([^.]+)\.", text[text.index("Bài học chung") :]):
        assert not re.search(r"; [A-ZĐ]", items), items


def test_run_in_items_keep_the_capitals_of_names():
    assert lower_first("Nêu gương, nói đi đôi với làm") == "nêu gương, nói đi đôi với làm"
    assert lower_first("Bác Hồ là tấm gương") == "Bác Hồ là tấm gương"
    assert lower_first("Đảng lãnh đạo") == "Đảng lãnh đạo"
    assert lower_first("UBND tỉnh chỉ đạo") == "UBND tỉnh chỉ đạo"


@pytest.mark.parametrize("fixture", ["booklet_a5", "booklet_a4"])
def test_contents_leaders_are_uniform(fixture, request):
    built = request.getfixturevalue(fixture)
    index = next(i for i, text in enumerate(built.pages) if squash(text).startswith("Mục lục"))
    lines = pdf_pages(built.path, cells=False)[index]
    entries = [line for line in lines if re.search(r"\D.*\d$", line.text.strip())]  # not the page number
    assert len(entries) >= 7
    leaders = [[c for c in line.visible if c.text == "."] for line in entries]
    assert all(len(dots) >= 4 for dots in leaders), [line.text for line in entries]
    assert len({(c.font, round(c.size, 1)) for dots in leaders for c in dots[1:]}) == 1  # one face, one size
    assert len({round(dots[-1].right) for dots in leaders}) == 1  # every leader ends at one place


# --- 7. copies ------------------------------------------------------------------------


def test_the_copy_number_is_printed_once_on_the_cover(copies):
    for path in sorted(copies.glob("*.pdf")):
        pdf = pypdfium2.PdfDocument(path)
        cover = pdf[0].get_textpage().get_text_range()
        label = re.search(r"Bản số \d+/\d+", cover).group()
        assert cover.count(label) == 1
        assert all(pdf[i].get_textpage().get_text_range().count(label) == 1 for i in range(1, len(pdf)))


# --- 3. pages in balance -------------------------------------------------------------------

BALANCED = [*EDITIONS, "lang-son-A5", "three-A5", "three-A4", "quang-nam-A5", "quang-nam-A4"]


def page_fill(path: Path) -> list[tuple[float, bool, bool]]:
    """For each page: how much of its text area its text spans, whether a chapter (or the
    front matter) ends on it, whether it is a ruled notes page."""
    pdf = pypdfium2.PdfDocument(path)
    starts = {b.get_dest().get_index() for b in pdf.get_toc() if b.level == 0}
    pages = pdf_pages(path)
    margins = (24, 26) if pdf[0].get_height() > 700 else (16, 16)  # top, bottom, mm (booklet.css, paper-a4.css)
    found = []
    for index, lines in enumerate(pages):
        height = pdf[index].get_height()
        top, bottom = height - margins[0] * 72 / 25.4, margins[1] * 72 / 25.4
        body = [line for line in lines if bottom + 2 < line.baseline < top]  # not the running head, page number
        notes = squash(" ".join(line.text for line in lines)).startswith("Ghi chép")
        last = index + 1 in starts or index == len(pages) - 1 or notes
        nxt = squash(" ".join(line.text for line in pages[index + 1])) if index + 1 < len(pages) else ""
        last = last or nxt.startswith("Ghi chép") or (index == len(pages) - 2 and "Khổ" in nxt)
        extent = 0.0
        if body:
            highest = max(line.baseline + line.size for line in body)
            extent = highest - min(line.baseline - line.size / 3 for line in body)
        found.append((extent / (top - bottom), last, notes))
    return found


@pytest.mark.parametrize("name", BALANCED)
def test_pages_are_in_balance(name, edition_pdf):
    fills = page_fill(edition_pdf(name))
    assert len(fills) % 4 == 0  # whole sheets
    assert sum(notes for _, _, notes in fills) <= 2  # at most two "Ghi chép" pages
    short = [f"p{i + 1}: {fill:.0%}" for i, (fill, last, notes) in enumerate(fills) if fill < 1 / 3 and not last]
    assert short == []
    assert fills[-1][0] > 0  # the colophon closes the booklet


def test_the_layout_saves_a_page_rather_than_add_a_third_notes_page(edition_pdf):
    """Lạng Sơn alone: its text would need three notes pages; a chapter goes on after the one
    before it instead (the questions after the chapter, or the appendix after the questions),
    and no notes page is needed."""
    path = edition_pdf("lang-son-A5")
    pdf = pypdfium2.PdfDocument(path)
    starts = {b.get_title(): b.get_dest().get_index() for b in pdf.get_toc() if b.level == 0}
    questions = next(index for title, index in starts.items() if title.startswith("Câu hỏi"))
    appendix = next(index for title, index in starts.items() if title.startswith("Phụ lục"))
    texts = [squash(page.get_textpage().get_text_range()) for page in pdf]
    assert not texts[questions].startswith("Câu hỏi") or appendix == questions  # at least one runs on
    assert not any(text.startswith("Ghi chép") for text in texts)
    assert len(pdf) % 4 == 0 and "Khổ" in texts[-1]


def test_pages_out_of_balance_are_warned_of_by_page_not_refused(content_copy, tmp_path, capsys):
    """A key figure too long to share its page leaves the page before it under a third full."""
    long_label = "được Công an tỉnh biểu dương " + "trong phong trào thi đua của lực lượng ở cơ sở " * 26
    edit(content_copy / "lang-son.yaml", "label: được Công an tỉnh biểu dương\n", f"label: {long_label.strip()}\n")
    output = tmp_path / "lech.pdf"
    assert main(["build", "--content", str(content_copy), "--output", str(output)]) == 0
    err = capsys.readouterr().err
    warning = r"lech\.pdf: trang 4: cảnh báo: trang chỉ đầy \d+%, dưới một phần ba, mà không phải trang cuối chương"
    assert re.search(warning, err), err
    assert output.is_file()
    assert main(["check", "--content", str(content_copy)]) == 0
    err = capsys.readouterr().err
    assert "khổ A5, trang 4: cảnh báo: trang chỉ đầy" in err, err


def test_the_footers_copy_number_clears_the_page_number(copies):
    path = sorted(copies.glob("*.pdf"))[0]
    for lines in pdf_pages(path)[1:3]:
        stamp = next(line for line in lines if line.text.strip().startswith("Bản số"))
        number = min((line for line in lines if line.text.strip().isdigit()), key=lambda line: line.baseline)
        assert stamp.baseline + 0.75 * stamp.size < number.baseline - 0.25 * number.size


@pytest.mark.parametrize("name", ["review-A5", "review-A4"])
def test_a_review_mark_never_starts_a_line(name, edition_pdf):
    path = edition_pdf(name)
    pdf = pypdfium2.PdfDocument(path)
    dossier = next(b.get_dest().get_index() for b in pdf.get_toc() if b.level == 0 and "Hồ sơ duyệt" in b.get_title())
    starting = [
        f"p{number}: {line.text.strip()}"
        for number, lines in enumerate(pdf_pages(path)[:dossier], 1)  # the dossier's table lists the marks
        for line in lines
        if re.match(r"\[\d+\]", line.text.strip())
    ]
    assert starting == []


# --- nothing runs past the margins -----------------------------------------------------------

MARGINS_MM = {"A5": (16, 13), "A4": (35, 35)}  # (inner, outer), as styles/booklet.css and paper-a4.css set them


@pytest.mark.parametrize("name", EDITIONS)
def test_no_text_runs_past_the_margins(name, edition_pdf):
    """A table wider than its column of text (a quoted name kept whole in a narrow cell) would
    run into the outer margin; every character of every page but the covers stays inside."""
    inner, outer = (mm * 72 / 25.4 for mm in MARGINS_MM[name.rsplit("-", 1)[1]])
    pages = pdf_pages(edition_pdf(name))
    width = pypdfium2.PdfDocument(edition_pdf(name))[0].get_size()[0]
    past = []
    for number, lines in enumerate(pages[1:-1], 2):
        left, right = (outer, width - inner) if number % 2 == 0 else (inner, width - outer)
        for line in lines:
            if line.visible and (line.left < left - 1 or line.right > right + 1):
                past.append(f"p{number}: {line.text.strip()[:40]} ({line.left:.0f}–{line.right:.0f} pt)")
    assert past == []


def test_documents_and_the_bodies_that_issued_them_stay_whole_in_running_text(edition_pdf, content):
    """“Ban Bí thư | Trung ương Đảng” split a body's name. Running text is a line wrapped at more
    than half the measure; a table's narrow cells may break these names."""
    documents = content.background.documents
    whole = [d.title for d in documents] + [d.issuer for d in documents if d.issuer]
    split = []
    for number, lines in enumerate(pdf_pages(edition_pdf("reader-A5")), 1):
        measure = max((line.right - line.left for line in lines if line.visible), default=0)
        for first, second in itertools.pairwise(lines):
            if not first.visible or first.right - first.left < measure / 2:
                continue
            a, b = " ".join(first.text.split()), " ".join(second.text.split())
            split += [f"p{number}: {a[-30:]} | {b[:30]}" for name in whole if name in f"{a} {b}"
                      and name not in a and name not in b]  # fmt: skip
    assert split == []
