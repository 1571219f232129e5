"""A PDF's text layer read back as the article's paragraphs, sentences whole.

PDFium gives each page's characters in the order the page draws them (reading
order for what Word, browsers and WeasyPrint make), with a line end wherever
the layout wrapped. Lines are rebuilt from the characters' positions: letters
drawn out of order (LibreOffice draws those its font lacks in a second pass
over the line) are put back where they stand, and a hyphen PDFium runs on into
the next line ends its line. Lines are then joined into paragraphs where the
layout only wrapped them. A line ends its
paragraph when what follows is set apart: a larger gap than the lines' own
spacing, another font size, a first-line indent, or a line left short although
the next word would have fitted on it. Across a page break the paragraph goes
on when the last line is full and ends mid-sentence, or the next page starts
in lower case. Page numbers, and lines every page repeats in its margins
(a browser's date, title and address), are not the article's.

Pages with images and no text (but what their margins carry: a scanning
app's name, a page number) are counted, so that a scan is refused rather than
read as an empty or shortened article.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

MARGIN_ZONE = 0.1  # of the page's height, at the top and at the bottom: where running heads and page numbers sit
# “3”, “- 3 -”, “Trang 3”, “3/5”, “Page 3 of 5”; never four digits, which would be a year.
_PAGE_NUMBER = re.compile(
    r"^(?:trang|page)?\s*[-–—]?\s*\d{1,3}\s*(?:(?:/|of|trên)\s*\d{1,3})?\s*[-–—]?$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*$")
_HYPHENS = {"\ufffe", "\x02"}  # PDFium's mark for a hyphen that ends a line
_HYPHEN_CODES = {ord(hyphen) for hyphen in _HYPHENS}
_SOFT_HYPHEN = "\u00ad"
_LINE_ENDS = {0x0A, 0x0D}


@dataclass
class Line:
    text: str
    left: float
    right: float
    baseline: float
    size: float  # the font size most of its characters have (PDFium's units: compared, never measured with)
    em: float  # about one em, in page units, from the font's height
    first_word: float  # the width of its first word: would it have fitted at the end of the line before?
    chars: list = field(default_factory=list, repr=False)  # its characters in order, None for a space

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class PdfText:
    paragraphs: list[str]
    pages: int
    image_pages: list[int] = field(default_factory=list)  # 1-based: pages with an image and no text
    unreadable: bool = False  # most characters have no Unicode meaning (a font without its map)
    too_long: bool = False  # more pages or text than ``pdf_text`` was allowed to read
    title: str | None = None  # from the document information or its XMP metadata
    author: str | None = None


def pdf_text(data: bytes, max_chars: int, max_pages: int) -> PdfText:
    """The paragraphs of the PDF in ``data``. PDFium's ``PdfiumError`` passes through (broken, or a password)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        pages = len(document)
        title, author = _properties(data)
        if pages > max_pages:
            return PdfText([], pages, too_long=True, title=title, author=author)
        page_lines, image_pages, total, odd = [], [], 0, 0
        for number in range(pages):
            page = document[number]
            try:
                lines = _page_lines(page)
                height = page.get_height()
                # A scan: a picture, and no text but what its margins carry (“Scanned with …”, a number).
                body = [line for line in lines if not _in_margin(line, height)]
                if not any(c.isalpha() for line in body for c in line.text) and _has_image(page):
                    image_pages.append(number + 1)
            finally:
                page.close()
            page_lines.append((lines, height))
            characters = "".join(line.text for line in lines)
            total += len(characters)
            odd += sum(1 for c in characters if _meaningless(c))
            if total > max_chars:
                return PdfText([], pages, too_long=True, title=title, author=author)
    finally:
        document.close()
    unreadable = total > 0 and odd > 0.2 * total
    running = _repeated(page_lines)
    paragraphs = _paragraphs([_body(lines, height, running) for lines, height in page_lines])
    return PdfText(paragraphs, pages, image_pages, unreadable, title=title, author=author)


# --- lines -----------------------------------------------------------------------------


def _page_lines(page) -> list[Line]:
    import pypdfium2.raw as pdfium

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        box = pdfium.FS_RECTF()
        x, y = ctypes.c_double(), ctypes.c_double()
        lines: list[Line] = []
        chars: list[_Char | None] = []  # None: a space
        for index in range(textpage.count_chars()):
            code = pdfium.FPDFText_GetUnicode(raw, index)
            if code in _LINE_ENDS:
                _add_line(lines, chars)
                chars = []
                continue
            if code in _HYPHEN_CODES or pdfium.FPDFText_IsHyphen(raw, index) == 1:
                # A hyphen that ends a line: PDFium runs the line on into the next without a line end.
                chars.append(_Char("\ufffe", 0, 0, 0, 0, 0))
                _add_line(lines, chars)
                chars = []
                continue
            char = chr(code) if code < 0x110000 else "\ufffd"
            if char.isspace():
                chars.append(None)
                continue
            # The loose box: the glyph's advance across, the font's ascent to descent up: one em and a bit.
            pdfium.FPDFText_GetLooseCharBox(raw, index, box)
            pdfium.FPDFText_GetCharOrigin(raw, index, x, y)
            size = pdfium.FPDFText_GetFontSize(raw, index)
            chars.append(_Char(char, box.left, box.right, y.value, box.top - box.bottom, size))
        _add_line(lines, chars)
        return lines
    finally:
        textpage.close()


@dataclass(frozen=True)
class _Char:
    char: str
    left: float
    right: float
    baseline: float
    height: float
    size: float


def _add_line(lines: list[Line], chars: list[_Char | None]) -> None:
    """The line these characters make, added to ``lines`` or, when it carries on one already there
    (PDFium breaks a line at a change of text object, a superscript), joined to it."""
    placed = [c for c in chars if c is not None and c.right > c.left]
    if not placed:
        return
    em = max(statistics.median(c.height for c in placed) / 1.15, 0.1)
    before = lines[-1] if lines else None
    hyphen = [c for c in chars[-1:] if c is not None and c.char == "\ufffe"]  # kept at the end, whatever the order
    if before is not None and _interleaved(before, placed, em):  # two passes over one line: put them together
        lines.pop()
        chars = _by_position([c for c in before.chars if c is not None and c.right > c.left] + placed, em) + hyphen
    elif any(b.left < a.left - 0.1 * em for a, b in itertools.pairwise(placed)):  # drawn out of order
        chars = _by_position(placed, em) + hyphen
    line = _line(chars)
    if line is None:
        return
    if before is not None and lines and lines[-1] is before and _carries_on(before, line):
        gap = line.left - before.right
        before.text += (" " if gap > 0.15 * before.em else "") + line.text
        before.right = max(before.right, line.right)
        before.chars += [None, *line.chars]
        return
    lines.append(line)


def _line(chars: list[_Char | None]) -> Line | None:
    placed = [c for c in chars if c is not None and c.right > c.left]
    text = " ".join("".join(" " if c is None else c.char for c in chars).split())
    # PDFium gives a character beyond the first 65 536 as its two UTF-16 halves: put them together.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if not placed or not text:
        return None
    start = chars.index(placed[0])
    end = next((i for i in range(start, len(chars)) if chars[i] is None), len(chars))
    first_word = [c for c in chars[start:end] if c is not None and c.right > c.left]
    return Line(
        text=text,
        left=min(c.left for c in placed),
        right=max(c.right for c in placed),
        baseline=statistics.median(c.baseline for c in placed),
        size=Counter(round(c.size, 1) for c in placed).most_common(1)[0][0],
        em=max(statistics.median(c.height for c in placed) / 1.15, 0.1),
        first_word=max(c.right for c in first_word) - min(c.left for c in first_word),
        chars=chars,
    )


def _interleaved(before: Line, placed: list[_Char], em: float) -> bool:
    """Whether these characters fall among (or just before) those of the line before, on its baseline:
    a program that draws a line's letters from a second font after the first (LibreOffice does, for
    the letters its font lacks) leaves them for a second pass over the same line."""
    baseline = statistics.median(c.baseline for c in placed)
    left, right = min(c.left for c in placed), max(c.right for c in placed)
    among = left < before.right - 0.1 * em and right > before.left - 2 * em  # or just before it: drawn back to front
    return abs(baseline - before.baseline) < 0.2 * em and among


def _by_position(placed: list[_Char], em: float) -> list[_Char | None]:
    """Characters in the order they stand on the line, a space wherever a gap is wider than letters leave
    (the spaces PDFium put in while they were out of order are no guide)."""
    ordered: list[_Char | None] = []
    for char in sorted((c for c in placed if not c.char.isspace()), key=lambda c: c.left):
        last = ordered[-1] if ordered else None
        if last is not None and char.left - last.right > 0.15 * em:
            ordered.append(None)
        ordered.append(char)
    return ordered


def _carries_on(before: Line, line: Line) -> bool:
    """Whether ``line`` continues ``before`` on the same line: to its right, on its baseline or raised
    or lowered a little in a smaller size (an exponent, a footnote mark)."""
    em = before.em
    if line.left < before.right - 0.1 * em or line.left - before.right > 2 * em:
        return False
    shift = abs(line.baseline - before.baseline)
    return shift < 0.2 * em or (line.size < 0.85 * before.size and shift < 0.6 * em)


# --- what the page's margins carry -----------------------------------------------------

# What a browser prints above and below each page: the date and time, the address and “1/2”.
_BROWSER_MARGIN = re.compile(
    r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4},? \d{1,2}:\d{2}(?: ?[AaPpSsCc][Mm])?\b"  # a date and time, first
    r"|^(?:https?|file)://\S+(?:\s+\d+\s*/\s*\d+)?$"  # an address alone, perhaps with “1/2”
)


def _in_margin(line: Line, height: float) -> bool:
    return line.baseline > height * (1 - MARGIN_ZONE) or line.baseline < height * MARGIN_ZONE


def _running(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text)


def _repeated(pages: list[tuple[list[Line], float]]) -> set[str]:
    """The lines (numbers aside) that most pages have in their margins: running heads and feet."""
    if len(pages) < 2:
        return set()
    found = Counter(
        text for page, tall in pages for text in {_running(line) for line in page if _in_margin(line, tall)}
    )
    return {text for text, count in found.items() if count >= max(2, len(pages) / 2)}


def _body(lines: list[Line], height: float, running: set[str]) -> list[Line]:
    """The page's lines less what its margins carry: a page number, a browser's date or address (with
    whatever shares their line), a line most pages repeat."""
    margin = [line for line in lines if _in_margin(line, height)]
    marked = [line for line in margin if _PAGE_NUMBER.match(line.text) or _BROWSER_MARGIN.search(line.text)]
    dropped = {id(line) for line in margin if _running(line) in running}
    dropped |= {id(line) for line in margin for mark in marked if abs(line.baseline - mark.baseline) < 0.3 * mark.em}
    return [line for line in lines if id(line) not in dropped]


# --- paragraphs ------------------------------------------------------------------------


def _paragraphs(pages: list[list[Line]]) -> list[str]:
    paragraphs: list[str] = []
    before: Line | None = None
    for lines in pages:
        if not lines:
            continue
        pitches = _pitches(lines)
        edges = _right_edges(lines)
        for index, line in enumerate(lines):
            if before is None:
                paragraphs.append(line.text)
            else:
                if index == 0:  # over the page
                    goes_on = _goes_on_elsewhere(before, line, _edge_on_next_page(before, line, edges))
                else:
                    goes_on = not _starts_paragraph(before, line, edges[id(before)], pitches)
                if goes_on:
                    paragraphs[-1] = _joined(paragraphs[-1], line.text)
                else:
                    paragraphs.append(line.text)
            before = line
    return paragraphs


def _right_edges(lines: list[Line]) -> dict[int, float]:
    """By line: the right edge of its column, where lines of its size that share its width end, most of them
    (a high quantile, not the furthest: a wider heading or a table does not move it). Two columns have
    two edges."""
    edges = {}
    for line in lines:
        rights = sorted(
            other.right
            for other in lines
            if other.size == line.size and other.left < line.right and other.right > line.left
        )
        edges[id(line)] = rights[(len(rights) * 4) // 5] if len(rights) > 2 else max(rights)
    return edges


def _edge_on_next_page(before: Line, line: Line, edges: dict[int, float]) -> float:
    """The right edge ``before`` had on its own page, as far as the new page shows it: the edge of the line
    that starts it. (Pages of one article share their columns.)"""
    return max(edges[id(line)], before.right)


def _pitches(lines: list[Line]) -> dict[float, float]:
    """By font size: the distance from one baseline to the next within a paragraph (a low quartile of the
    distances between lines of that size, the larger ones being gaps between paragraphs)."""
    distances: dict[float, list[float]] = {}
    for above, below in itertools.pairwise(lines):
        distance = above.baseline - below.baseline
        if distance > 0 and above.size == below.size:
            distances.setdefault(above.size, []).append(distance)
    return {size: sorted(found)[(len(found) - 1) // 4] for size, found in distances.items()}


def _same_size(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) <= 0.04 * max(a.size, b.size)  # a heading a point larger than the text is apart


def _starts_paragraph(before: Line, line: Line, edge: float, pitches: dict[float, float]) -> bool:
    if not _same_size(before, line):
        return True
    distance = before.baseline - line.baseline
    if distance <= 0:  # above: the top of the next column
        return not (line.left > before.right and _goes_on_elsewhere(before, line, None))
    pitch = pitches.get(before.size)
    if pitch is not None and distance > 1.3 * pitch:
        return True
    if pitch is None and distance > 1.8 * before.em:  # the only two lines of their size: one em and a half apart
        return True
    em = before.em
    centred = abs(before.centre - line.centre) < em and before.right < edge - 0.4 * em and line.right < edge - 0.4 * em
    if centred and abs(before.left - line.left) > 0.4 * em:  # a heading set in the middle: only the size says
        return False
    if line.left - before.left > 0.4 * em:  # a first-line indent
        return True
    return _would_have_fitted(before, line, edge)


def _would_have_fitted(before: Line, line: Line, edge: float) -> bool:
    """Whether the first word of ``line`` had room at the end of ``before``: then ``before`` ended there."""
    return before.right + 0.3 * before.em + line.first_word < edge - 0.3 * before.em


def _goes_on_elsewhere(before: Line, line: Line, edge: float | None) -> bool:
    """Whether a paragraph goes on from ``before`` to ``line`` on the next page or at the top of the next
    column: it starts in lower case, or ``before`` was full (if its edge is known) and ended mid-sentence."""
    if line.text[:1].islower():
        return True
    full = edge is None or not _would_have_fitted(before, line, edge)
    return full and not _SENTENCE_END.search(before.text) and _same_size(before, line)


def _joined(paragraph: str, line: str) -> str:
    """A wrapped line joined to its paragraph: a soft hyphen goes, a hyphen stays and takes no space
    (Vietnamese breaks no syllable: a hyphen at the end of a line is one the text has, “Ê-đê”, “03-CT/TW”)."""
    if paragraph.endswith(_SOFT_HYPHEN):
        return paragraph[:-1] + line
    if paragraph[-1:] in _HYPHENS:
        return paragraph[:-1] + "-" + line
    if (paragraph.endswith("-") and paragraph[-2:-1].isalnum()) or paragraph.endswith("/"):
        return paragraph + line  # broken after a hyphen or a slash, where there was no space: “03-CT/” “TW”
    return paragraph + " " + line


# --- the rest of the page --------------------------------------------------------------


def _meaningless(char: str) -> bool:
    """A character a font without its Unicode map leaves: a control, private use, the replacement mark."""
    import unicodedata

    return char == "\ufffd" or (char not in _HYPHENS and unicodedata.category(char) in ("Cc", "Co", "Cn"))


def _has_image(page) -> bool:
    import pypdfium2.raw as pdfium

    return next(iter(page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_IMAGE])), None) is not None


def _properties(data: bytes) -> tuple[str | None, str | None]:
    """The title and author the document information (or else the XMP metadata) declares."""
    from io import BytesIO

    import pikepdf

    try:
        with pikepdf.open(BytesIO(data)) as pdf:
            info = pdf.docinfo
            title, author = (str(info[key]) if key in info else None for key in ("/Title", "/Author"))
            if title and author:
                return title, author
            metadata = pdf.open_metadata()
            title = title or _xmp_text(metadata.get("dc:title"))
            author = author or _xmp_text(metadata.get("dc:creator"))
            return title, author
    except Exception:  # the metadata is a bonus: a PDF PDFium reads is not refused for its metadata
        return None, None


def _xmp_text(value) -> str | None:
    if isinstance(value, (list, tuple, set)):
        value = ", ".join(str(v) for v in value)
    return str(value) if value else None
