"""Stamp real, searchable text onto pages of an already laid-out PDF.

Personal copies differ from the booklet only by a few short texts. Instead of
laying the booklet out again for each copy, WeasyPrint lays out, once, a tiny
"carrier" page holding every character the stamps will need, in the stamp
font; its embedded font subset (with its ToUnicode map and glyph widths) is
copied into the booklet, and each stamp is a short text-drawing content stream.
Text extraction therefore finds every recipient's name and copy number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from io import BytesIO
from pathlib import Path

import pikepdf

from .cmap import to_unicode as _to_unicode
from .fonts import HEADING_FAMILY, font_directories, font_face_css
from .pdf import pdf_from_html
from .words import NBSP

FONT_NAME = pikepdf.Name("/FStamp")


@dataclass(frozen=True)
class FontMetrics:
    """What is needed to typeset by hand with an embedded font (small and picklable)."""

    glyphs: dict[str, int]  # character → glyph id (Identity-H CID)
    widths: dict[int, float]  # glyph id → advance, in 1/1000 em
    default_width: float

    def encode(self, text: str) -> bytes:
        """The text as a PDF hex string of glyph ids; raises KeyError for a character it lacks."""
        return b"<" + "".join(f"{self.glyphs[c]:04X}" for c in text).encode() + b">"

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.glyphs[c], self.default_width) for c in text) * size / 1000

    def wrap(self, text: str, size: float, max_width: float) -> list[str]:
        """Break ``text`` between words into lines no wider than ``max_width``.

        The syllables of a word are joined by no-break spaces (briefing/render/words.py
        finds them): a line breaks only at an ordinary space, unless a word is
        wider than a whole line. The lines come back with ordinary spaces.
        """
        lines, line = [], ""
        for word in text.split(" "):
            if not word:
                continue
            pieces = [word]
            if self.width(word.replace(NBSP, " "), size) > max_width:  # wider than a line: break between syllables
                pieces = word.split(NBSP)
            for piece in pieces:
                candidate = f"{line} {piece}" if line else piece
                if line and self.width(candidate.replace(NBSP, " "), size) > max_width:
                    lines.append(line)
                    line = piece
                else:
                    line = candidate
        return [part.replace(NBSP, " ") for part in (*lines, line) if part]


@dataclass(frozen=True)
class StampFont:
    """The font dictionary to copy into the booklet, and its metrics."""

    pdf: pikepdf.Pdf  # owns the font objects
    font: pikepdf.Object
    metrics: FontMetrics


def make_stamp_font(texts: Iterable[str], weight: int = 600) -> StampFont:
    """Lay out every character of ``texts`` once and keep the resulting font subset."""
    characters = sorted(set("".join(texts)) - {" "})
    # Spaced apart, so each character is shaped on its own: no ligature hides one.
    html = (
        f'<html lang="vi"><head><style>{font_face_css()}'
        f'p {{ font-family: "{HEADING_FAMILY}"; font-weight: {weight}; font-variant-ligatures: none; }}'
        f"</style></head><body><p>{escape(' '.join(characters))} .</p></body></html>"
    )
    carrier = pdf_from_html(html, base_url=Path("."), allowed_roots=list(font_directories()))
    pdf = pikepdf.open(BytesIO(carrier.data))
    fonts = pdf.pages[0].Resources.Font
    font = fonts[next(iter(fonts.keys()))]
    glyphs = {char: cid for cid, char in _to_unicode(font.ToUnicode.read_bytes()).items() if len(char) == 1}
    missing = set(characters) - set(glyphs)
    if missing:
        raise ValueError(f"the stamp font lacks {''.join(sorted(missing))!r}")
    descendant = font.DescendantFonts[0]
    _retag(font, descendant, characters)
    widths = _widths(descendant.get("/W", pikepdf.Array()))
    return StampFont(pdf, font, FontMetrics(glyphs, widths, float(descendant.get("/DW", 1000))))


@dataclass(frozen=True)
class Stamp:
    """One line of text to draw: at ``x`` (left, centre or right), baseline ``y``, in points."""

    text: str
    x: float
    y: float
    size: float
    align: str = "center"
    gray: float = 0.15

    def operators(self, font: FontMetrics) -> bytes:
        width = font.width(self.text, self.size)
        x = {"left": self.x, "center": self.x - width / 2, "right": self.x - width}[self.align]
        return (
            f"q {self.gray:.2f} g BT {FONT_NAME} {self.size:.2f} Tf {x:.2f} {self.y:.2f} Td ".encode()
            + font.encode(self.text)
            + b" Tj ET Q\n"
        )


def prepare(data: bytes, font: StampFont) -> bytes:
    """The booklet, ready to be stamped: stamp font in every page's resources, and
    each page's own drawing wrapped in q…Q so stamps start from a clean state."""
    pdf = pikepdf.open(BytesIO(data))
    shared = pdf.copy_foreign(font.font)
    for page in pdf.pages:
        page.add_resource(shared, pikepdf.Name.Font, FONT_NAME)
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n"), prepend=False)
    out = BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def stamp(prepared: bytes, font: FontMetrics, stamps_by_page: dict[int, list[Stamp]]) -> bytes:
    """A copy of ``prepared`` with the given stamps drawn on its pages (0-based)."""
    pdf = pikepdf.open(BytesIO(prepared))
    for index, stamps in stamps_by_page.items():
        page = pdf.pages[index]
        page.contents_add(pikepdf.Stream(pdf, b"".join(s.operators(font) for s in stamps)), prepend=False)
    out = BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _retag(font: pikepdf.Object, descendant: pikepdf.Object, characters: list[str]) -> None:
    """Give the stamp's subset a tag of its own.

    WeasyPrint tags a subset after its font file, not after the glyphs it
    holds, so the booklet's own subset of the same face carries the same name:
    two different subsets under one name is a defect preflight tools report,
    and a viewer may use one for the other. The new tag comes from the
    characters, so the same copies get the same bytes.
    """
    digest = hashlib.sha256("stamp:".join(characters).encode()).digest()
    tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
    name = str(font.BaseFont).lstrip("/").split("+", 1)[-1]
    tagged = pikepdf.Name(f"/{tag}+{name}")
    font.BaseFont = descendant.BaseFont = descendant.FontDescriptor.FontName = tagged


def _widths(array: pikepdf.Array) -> dict[int, float]:
    """Glyph advances from a CIDFont's /W array (both ``c [w…]`` and ``c1 c2 w`` forms)."""
    widths: dict[int, float] = {}
    items = list(array)
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = float(items[i + 2])
            i += 3
    return widths
