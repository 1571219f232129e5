"""Even word spacing: no justified line looser than twice a normal space.

WeasyPrint justifies a line by widening its spaces. Where a long word (words
never break inside, briefing/render/typeset.py) does not fit at a line's end, the
spaces left on the line can grow very wide. After laying a document out, every
justified line whose spaces grew by more than a normal space (a word gap over
2×) is found, and the paragraph holding it is set ragged-right instead.

Line breaks do not depend on alignment (WeasyPrint breaks lines first, then
widens their spaces), so a paragraph is set ragged-right by taking the
widening back out of its laid-out lines, exactly as WeasyPrint put it in
(``layout.inline.add_word_spacing``), without a second layout: the paragraph
keeps its lines and its pages, and nothing else moves.
"""

from __future__ import annotations

from functools import cache

from weasyprint.formatting_structure import boxes

from .fonts import font_faces

MAX_GAP = 2.0  # a word gap at most this many normal spaces


@cache
def _space_advances() -> dict[tuple[str, int, str], float]:
    """The width of a space, in em, of every face the booklet declares."""
    from fontTools.ttLib import TTFont

    advances = {}
    for face in font_faces():
        font = TTFont(face.path, lazy=True)
        try:
            glyph = font.getBestCmap()[ord(" ")]
            advances[(face.family, face.weight, face.style)] = font["hmtx"][glyph][0] / font["head"].unitsPerEm
        finally:
            font.close()
    return advances


def space_width(style) -> float:
    """A normal space of the text box's font, in CSS pixels."""
    advances = _space_advances()
    family = style["font_family"][0]
    key = (family, style["font_weight"], style["font_style"])
    em = advances.get(key) or next((a for (f, _, _), a in advances.items() if f == family), 0.25)
    return em * style["font_size"]


def set_loose_paragraphs_ragged(document) -> int:
    """Set ragged-right every paragraph with a justified line whose word gaps exceed ``MAX_GAP`` spaces.

    Returns how many paragraphs were changed.
    """
    blocks = [
        box
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.BlockContainerBox) and any(isinstance(c, boxes.LineBox) for c in box.children)
    ]
    loose = {id(b.element) for b in blocks if any(isinstance(c, boxes.LineBox) and _is_loose(c) for c in b.children)}
    for block in blocks:
        if id(block.element) in loose:  # all of the paragraph, on every page it runs over
            for line in block.children:
                if isinstance(line, boxes.LineBox):
                    _take_back_spacing(line, 0.0)
    return len(loose)


def _is_loose(line) -> bool:
    widened = (box for box in line.descendants() if isinstance(box, boxes.TextBox) and box.justification_spacing)
    return any(box.justification_spacing > (MAX_GAP - 1) * space_width(box.style) + 0.01 for box in widened)


def _take_back_spacing(box, shift: float) -> float:
    """Undo ``add_word_spacing`` on ``box``: move it ``shift`` back, narrow it; return the shift after it."""
    if isinstance(box, boxes.TextBox):
        box.position_x -= shift
        if box.justification_spacing:
            extra = box.justification_spacing * (box.text.count(" ") + box.text.count("\u00a0"))
            box.justification_spacing = 0
            if box.pango_layout is not None:
                box.pango_layout.justification_spacing = 0  # used when the text is drawn
            box.width -= extra
            shift += extra
        return shift
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x -= shift
        before = shift
        children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
        for child in children:
            if child.is_in_normal_flow():
                shift = _take_back_spacing(child, shift)
        box.width -= shift - before
        return shift
    box.translate(-shift, 0)  # an atomic inline box
    return shift
