"""The booklet's pages as pictures, drawn from the real PDF by PDFium.

What the preview shows is what prints: every picture comes from the PDF the
build wrote, not from the HTML. Pictures are named by what they show, so a
page that looks the same after a rebuild keeps its name (and the browser its
cached copy), and a page that changed gets a new one.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from ..atomic import atomic_write

SCALE = 1.5  # 1 pt → 1.5 px: an A5 page is 630 px wide, sharp at the size the preview shows it
PROBE_SCALE = 0.5  # a quick, small picture that tells whether a page changed


@dataclass(frozen=True)
class PageImage:
    number: int
    name: str  # file name under the pictures folder
    width: int
    height: int
    text: str  # the page's text as PDFium extracts it: for search, screen readers and tests


class PageImages:
    """Draws pages into ``folder``; remembers pages already drawn, by what they look like."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._known: dict[str, PageImage] = {}  # look of a page → its picture

    def draw(self, pdf_path: Path) -> list[PageImage]:
        pdf = pypdfium2.PdfDocument(pdf_path)
        try:
            return [self._page(pdf[index], index + 1) for index in range(len(pdf))]
        finally:
            pdf.close()

    def forget_except(self, keep: list[PageImage]) -> None:
        """Delete pictures no longer shown, so the folder does not grow with every edit."""
        names = {page.name for page in keep}
        self._known = {look: page for look, page in self._known.items() if page.name in names}
        for path in self.folder.glob("*.png"):
            if path.name not in names:
                path.unlink(missing_ok=True)

    def _page(self, page, number: int) -> PageImage:
        text = page.get_textpage().get_text_bounded().replace("\r\n", "\n")
        # Text and a small picture together tell a changed page cheaply: a full-size
        # picture of every page would cost as much as the rebuild itself.
        probe = page.render(scale=PROBE_SCALE)
        look = hashlib.sha256(text.encode("utf-8") + bytes(probe.buffer)).hexdigest()
        known = self._known.get(look)
        if known is not None and (self.folder / known.name).is_file():
            return PageImage(number, known.name, known.width, known.height, text)
        bitmap = page.render(scale=SCALE).to_pil()
        png = io.BytesIO()
        bitmap.save(png, format="PNG", compress_level=1)  # speed over size: the file never leaves this machine
        image = PageImage(number, f"{look[:20]}.png", bitmap.width, bitmap.height, text)
        atomic_write(self.folder / image.name, png.getvalue())
        self._known[look] = image
        return image
