"""Lines of text as a PDF shows them, read back with pypdfium2: where they break, how they are spaced.

A line is a run of characters in PDFium's reading order up to its next line
break; its box and baseline come from the characters' boxes. Two lines are a
wrap (one paragraph going on) when the second sits one line lower, under the
first. Helpers for the typography tests; they measure, they do not judge.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

JUSTIFIED_GAP_TOLERANCE = 0.5  # pt: a line whose right edge is within this of the column's is justified


@dataclass
class Char:
    text: str
    size: float  # pt
    left: float
    right: float
    baseline: float
    font: str


@dataclass
class Line:
    chars: list[Char] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def left(self) -> float:
        return min(c.left for c in self.chars if not c.text.isspace())

    @property
    def right(self) -> float:
        return max(c.right for c in self.chars if not c.text.isspace())

    @property
    def baseline(self) -> float:
        return self.visible[0].baseline

    @property
    def size(self) -> float:
        """The largest type on the line (a figure's number is larger than its unit)."""
        return max(c.size for c in self.visible)

    @property
    def visible(self) -> list[Char]:
        return [c for c in self.chars if not c.text.isspace()]


def page_lines(page, cells: bool = True) -> list[Line]:
    """The page's lines, in PDFium's reading order; with ``cells``, text far apart on one baseline
    (table cells side by side, a leader's number) makes lines of its own."""
    textpage = page.get_textpage()
    lines, line = [], Line()
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        char = chr(code)
        if char in "\r\n" or code == 0xFFFE:
            if line.visible:
                lines.append(line)
            line = Line()
            continue
        left, _, right, _ = textpage.get_charbox(index, loose=True)
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        pdfium_c.FPDFText_GetMatrix(textpage.raw, index, matrix)  # WeasyPrint draws in CSS px, scaled to pt
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) * scale
        length = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, len(buffer), flags)
        font = buffer.raw[: max(0, length - 1)].decode("latin-1")
        if line.visible and not char.isspace():
            apart = cells and left - line.chars[-1].right > 0.8 * size  # the next table cell, on the same baseline
            if apart or abs(y.value - line.baseline) > 1:  # a new line without \r\n
                lines.append(line)
                line = Line()
        line.chars.append(Char(char, size, left, right, y.value, font))
    if line.visible:
        lines.append(line)
    return lines


def _follows(first: Line, second: Line) -> bool:
    """Is ``second`` the next line of the same block: one line lower, under ``first``, same type?"""
    drop = first.baseline - second.baseline
    under = second.left < first.right and first.left < second.right
    return 0.9 * first.size < drop < 1.9 * first.size and under and abs(second.size - first.size) < 0.3


def blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines that follow each other: a paragraph, a list item, a table cell."""
    found: list[list[Line]] = []
    for line in lines:
        if found and _follows(found[-1][-1], line):
            found[-1].append(line)
        else:
            found.append([line])
    return found


def is_wrap(first: Line, second: Line, right: float) -> bool:
    """Does ``first`` go on in ``second``: would the second's first syllable, after a space,
    have run past ``right``, its block's right edge (the right edge of its longest line)?
    A line that ends a paragraph short of the edge is no wrap."""
    syllable = []
    for char in second.chars:
        if char.text.isspace() and syllable:
            break
        if not char.text.isspace():
            syllable.append(char)
    needed = syllable[-1].right - syllable[0].left + 0.2 * first.size  # with a space before it
    return first.right + needed > right - 0.5


def wraps(lines: list[Line]) -> list[tuple[Line, Line]]:
    """Pairs of lines where the first goes on in the second."""
    pairs = []
    for block in blocks(lines):
        right = max(line.right for line in block)
        pairs += [(a, b) for a, b in itertools.pairwise(block) if is_wrap(a, b, right)]
    return pairs


def pdf_pages(path: Path, cells: bool = True) -> list[list[Line]]:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return [page_lines(page, cells) for page in pdf]
    finally:
        pdf.close()


def breaks_inside_words(path: Path) -> list[str]:
    """Every wrapped line break that falls inside a word, as “page: …end | start…”.

    Each block's lines are joined and segmented as one text (the tool's own word
    segmentation, underthesea, which reads a paragraph better than a few words);
    a space the segmenter puts inside a word, at a wrap, is a break inside a
    word. A hyphen or slash ending a line inside a token ("1436/QĐ-" | "UBND") is
    one too.
    """
    from briefing.render.words import word_spaces

    candidates = []
    for number, lines in enumerate(pdf_pages(path), 1):
        for block in blocks(lines):
            right = max(line.right for line in block)
            texts = [" ".join(line.text.split()) for line in block]
            text = " ".join(texts)
            if text.isupper():  # set in capitals by CSS: the segmenter reads it better capitalised ("Lạng Sơn")
                text = text.title()
            position, boundaries = 0, []
            narrow = right - min(line.left for line in block) < NARROW_CELL
            for index, (first, second) in enumerate(itertools.pairwise(block)):
                position += len(texts[index])
                ends, starts = texts[index][-1:], texts[index + 1][:1]
                wrap = is_wrap(first, second, right)
                name = narrow and _between_name_words(texts[index], texts[index + 1])
                if wrap and ends.isalnum() and starts.isalnum() and not name:
                    boundaries.append(position)  # not a break at punctuation ("[15]", "(khóa XI)")
                if wrap and re.search(r"\w[/-]$", texts[index]) and not _in_address(text, position):
                    boundaries.append(-position)  # inside a token, whatever the segmenter says
                position += 1
            if boundaries:
                candidates.append((number, text, boundaries))
    spaces = word_spaces(text for _, text, _ in candidates)
    found = []
    for number, text, boundaries in candidates:
        for boundary in boundaries:
            if boundary < 0 or boundary in spaces[text]:
                at = abs(boundary)
                found.append(f"p{number}: {text[:at][-30:]} | {text[at + 1 :][:30]}")
    return found


NARROW_CELL = 110  # pt: a block narrower than this is a table cell's column


def _between_name_words(before: str, after: str) -> bool:
    """A break inside a capitalised name, with two syllables or more of it on each line."""
    left = re.search(r"((?:[A-ZĐÀ-Ỹ]\w*)(?: \w+)+)$", before)
    right = re.match(r"([A-ZĐÀ-Ỹ]\w*(?: \w+)+)", after)
    return bool(left and right and len(left.group(1).split()) >= 2 and len(right.group(1).split()) >= 2)


def _in_address(text: str, position: int) -> bool:
    """Is ``position`` inside a web address ("https://…/tin-tuc/" | "tin-tong-hop/…")?"""
    start = max(text.rfind(" ", 0, position), -1) + 1
    return bool(re.match(r"(?:https?://|www\.)", text[start:position]))


def dash_line_ends(path: Path) -> list[str]:
    """Lines that end with a dash standing alone (“… —”)."""
    found = []
    for number, lines in enumerate(pdf_pages(path), 1):
        for line in lines:
            if re.search(r"\S\s+[—–-]$", line.text.rstrip()):
                found.append(f"p{number}: {line.text.strip()}")
    return found
