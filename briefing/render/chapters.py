"""The booklet's chapters: order, titles and templates, defined once.

The table of contents, the chapter headings and the segmented layout all
read this plan, so they cannot disagree. Front matter (the foreword) and back
matter (discussion questions, appendix) are chapters too, unnumbered; the
review edition adds what its approvers need. The cover and contents, and the
closing pages (notes pages and colophon), are laid out apart from the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.holdings import MIN_KEY_FIGURES

if TYPE_CHECKING:  # types only: the layout reads chapters in a process that never loads the content model
    from ..content.formatting import VietnameseFormat
    from ..content.model import Booklet, Province

FRONT = "front"  # the cover and the table of contents, laid out as one segment
TAIL = "tail"  # ruled notes pages up to a multiple of four, and the colophon on the last page


PAGES_PER_SHEET = 4  # a saddle-stitched booklet is folded sheets of four pages
MAX_NOTES_PAGES = 2  # more blank "Ghi chép" pages than this is padding, not a booklet


def notes_pages_after(pages: int) -> int:
    """Notes pages after ``pages`` pages of text, so that with the colophon page (the back cover)
    the total fills whole sheets."""
    return -(pages + 1) % PAGES_PER_SHEET


def needs_a_page_saved(pages: int) -> bool:
    """Would ``pages`` pages of text need more notes pages than a booklet should have?

    Then the layout saves a page instead (a chapter set closer, balance.py): one
    page of text less needs no notes page at all.
    """
    return notes_pages_after(pages) > MAX_NOTES_PAGES


@dataclass(frozen=True)
class Chapter:
    id: str  # HTML id, TOC link target, segment name
    title: str
    running: str  # the running head on its pages
    template: str
    province: Province | None = None
    number: int | None = None  # None: front or back matter, unnumbered
    may_run_on: bool = False  # may go on after the chapter before it, not on a new page, to save a page


def chapter_plan(booklet: Booklet, fmt: VietnameseFormat, review: bool = False, changes: bool = False) -> list[Chapter]:
    """The chapters in order. ``review``: the review edition; ``changes``: it lists changes first."""
    plan: list[Chapter] = []
    if review and changes:
        plan.append(Chapter("thay-doi", "Những thay đổi so với bản đã duyệt", "Thay đổi", "_changes.html.j2"))
    if booklet.meta.foreword:
        plan.append(Chapter("loi-gioi-thieu", "Lời giới thiệu", "Lời giới thiệu", "_foreword.html.j2"))
    numbered = []
    if len(booklet.key_figures) >= MIN_KEY_FIGURES:
        numbered.append(("diem-chinh", "Những điểm chính", "Những điểm chính", "_highlights.html.j2", None))
    if booklet.has_background:
        # The chapter is named after the directive when booklet.yaml names one: it is content.
        background = f"Bối cảnh: {booklet.directive.title}" if booklet.directive else "Bối cảnh"
        numbered.append(("boi-canh", background, "Bối cảnh", "_background.html.j2", None))
    numbered += [(f"tinh-{p.slug}", p.title, p.name, "_province.html.j2", p) for p in booklet.provinces]
    if len(booklet.provinces) > 1:
        names = fmt.join(p.name for p in booklet.provinces)
        numbered.append(("so-sanh", f"So sánh {names}", "So sánh", "_comparison.html.j2", None))
    plan += [Chapter(*fields, number=n) for n, fields in enumerate(numbered, 1)]
    if booklet.questions:
        title = "Câu hỏi gợi ý thảo luận"
        plan.append(Chapter("thao-luan", title, title, "_discussion.html.j2", may_run_on=True))
    title = "Phụ lục: văn bản và tài liệu tham khảo"
    plan.append(Chapter("phu-luc", title, "Phụ lục", "_appendix.html.j2", may_run_on=True))
    if review:
        title = "Hồ sơ duyệt: nguồn, suy luận, đính chính"
        plan.append(Chapter("ho-so-duyet", title, "Hồ sơ duyệt", "_review.html.j2"))
    return plan
