"""The booklet's chapters: order, titles and templates, defined once.

The table of contents, the chapter headings and the segmented renderer all
read this plan, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formatting import VietnameseFormat
from .model import Booklet, Province

FRONT = "front"  # the cover and the table of contents, laid out as one segment


@dataclass(frozen=True)
class Chapter:
    id: str  # HTML id, TOC link target, segment name
    title: str
    running: str  # the running head on its pages
    template: str
    province: Province | None = None


def chapter_plan(booklet: Booklet, fmt: VietnameseFormat) -> list[Chapter]:
    chapters = [
        Chapter("diem-chinh", "Những điểm chính", "Những điểm chính", "_highlights.html.j2"),
        Chapter("boi-canh", "Bối cảnh: Chỉ thị 03-CT/TW", "Bối cảnh", "_background.html.j2"),
    ]
    chapters += [Chapter(f"tinh-{p.slug}", p.title, p.name, "_province.html.j2", p) for p in booklet.provinces]
    if len(booklet.provinces) > 1:
        names = fmt.join(p.name for p in booklet.provinces)
        chapters.append(Chapter("so-sanh", f"So sánh {names}", "So sánh", "_comparison.html.j2"))
    chapters.append(Chapter("phu-luc", "Phụ lục: văn bản, nguồn và đính chính", "Phụ lục", "_appendix.html.j2"))
    return chapters
