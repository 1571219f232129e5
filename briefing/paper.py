"""The papers a booklet is set on, defined once: size, stylesheet, and what each fits.

Everything that depends on the paper reads it here: the stylesheet added
after booklet.css (which is A5's own), the trimmed size the colophon prints,
how many provinces a comparison table sets side by side, and where the cover
keeps the places personal copies are stamped in (briefing/render/stampslots.py
makes their CSS). Imports nothing: the command line offers the papers before
anything is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StampSlots:
    """Where a copy's stamps go on the trimmed cover, in millimetres."""

    copy_height: float  # the copy number's line, under the marking
    copy_gap: float  # between the marking and it
    recipient_bottom: float  # from the trim's bottom edge, above the date
    recipient_side: float  # left and right margins of the recipient's box
    recipient_height: float  # three lines of name and two of address (see render/stampable.MAX_STAMPED)


@dataclass(frozen=True)
class Paper:
    name: str  # as --paper takes it
    width: int  # mm, the trimmed page
    height: int
    stylesheet: str | None  # in styles/, after booklet.css; None: booklet.css is this paper's own
    comparison_columns: int  # provinces side by side in one comparison table
    stamp_slots: StampSlots


PAPERS = {
    paper.name: paper
    for paper in (
        Paper(
            "A5", 148, 210, stylesheet=None, comparison_columns=2,
            stamp_slots=StampSlots(6, 3, recipient_bottom=30, recipient_side=25, recipient_height=16),
        ),
        Paper(
            "A4", 210, 297, stylesheet="paper-a4.css", comparison_columns=2,  # a 140 mm measure: still two a table
            stamp_slots=StampSlots(6, 3, recipient_bottom=42, recipient_side=25, recipient_height=16),
        ),
    )
}  # fmt: skip
PAPER_SIZES = tuple(PAPERS)  # the choices of --paper, the default first
DEFAULT_PAPER = PAPER_SIZES[0]
