"""Pages in balance: how full each laid-out page is, which chapters to set closer, and the
warnings a build gives when the layout cannot balance the pages.

Read from WeasyPrint's laid-out pages (their boxes), before the PDF is written.
"""

from __future__ import annotations

from weasyprint.formatting_structure import boxes

from .chapters import MAX_NOTES_PAGES

MIN_FILL = 1 / 3  # a page under a third full reads as a mistake, unless a chapter ends on it
MIN_LAST_FILL = 0.2  # a chapter's last page holding less is worth setting the chapter closer (layout.py)


def _content(page) -> list:
    """The page's boxes, without its margin boxes (running head, page number)."""
    return [child for child in page._page_box.children if not isinstance(child, boxes.MarginBox)]


def _text_boxes(page):
    """Line boxes and replaced boxes: what the page shows."""
    stack = list(_content(page))
    while stack:
        box = stack.pop()
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)):
            yield box
        elif isinstance(box, boxes.ParentBox):
            stack.extend(box.children)


def fill(page) -> float:
    """How much of the page's text area the page's text spans, top to bottom (0 to 1)."""
    found = list(_text_boxes(page))
    height = page._page_box.height
    if not found or not height:
        return 0.0
    top = min(box.position_y for box in found)
    bottom = max(box.position_y + box.margin_height() for box in found)
    return (bottom - top) / height


def ends_short(pages: list) -> bool:
    """Does a chapter of several pages end on a page holding only a few lines?"""
    return len(pages) > 1 and fill(pages[-1]) < MIN_LAST_FILL


def balance_warnings(pages: list, chapter_ends: set[int], notes: range) -> list[tuple[int, str]]:
    """(page number, message) for each page the layout could not balance.

    ``chapter_ends`` are the 0-based indices of pages a chapter ends on (they may
    be short), ``notes`` those of the ruled notes pages. The cover (index 0) and
    the notes pages are not text pages.
    """
    warnings = []
    for index, page in enumerate(pages):
        if index == 0 or index in notes or index in chapter_ends:
            continue
        if (share := fill(page)) < MIN_FILL:
            message = f"trang chỉ đầy {share:.0%}, dưới một phần ba, mà không phải trang cuối chương"
            warnings.append((index + 1, message))
    if len(notes) > MAX_NOTES_PAGES:
        first, last = notes[0] + 1, notes[-1] + 1
        warnings.append(
            (
                first,
                f"cần {len(notes)} trang “Ghi chép” (trang {first}–{last}) để số trang là bội số của 4 "
                f"(nên tối đa {MAX_NOTES_PAGES}): không chương nào đặt sát lại mà bớt được một trang",
            )
        )
    return warnings
