"""Where a personal copy's stamps go, defined once.

The cover reserves two places that each copy fills in: “Bản số 07/40” under
the marking, and “Kính gửi: …” above the date; every page's footer gets the
copy number. Their ids and type sizes live here, their places on each paper
in the paper table (briefing/paper.py): the CSS that reserves the places is
made from them (inlined in the cover's page, only when slots are asked for),
and copies.py reads back where the layout put them (the elements' ids are
anchors) and stamps at the type sizes given here.
"""

from __future__ import annotations

from ..paper import PAPERS

COPY_SLOT = "stamp-copy-number"  # the id of the copy number's place on the cover
RECIPIENT_SLOT = "stamp-recipient"  # the id of the recipient's place on the cover
COPY_SIZE, NAME_SIZE, ADDRESS_SIZE, FOOTER_SIZE = 9.5, 11.0, 8.5, 7.5  # points: none under 7.5
FOOTER_BASELINE_MM = 5.5  # the copy number in each page's footer, above the trim's bottom edge, under the page number


def slot_css(paper: str) -> str:
    """The CSS that reserves the slots on a cover of this paper size."""
    g = PAPERS[paper].stamp_slots
    return (
        f".stamp-slot {{ margin: 0; }}\n"
        f".stamp-copy {{ height: {g.copy_height}mm; margin-top: {g.copy_gap}mm !important; }}\n"
        f".stamp-recipient {{ position: absolute; bottom: {g.recipient_bottom}mm; left: {g.recipient_side}mm; "
        f"right: {g.recipient_side}mm; height: {g.recipient_height}mm; border-top: 0.6pt solid var(--rule); }}\n"
    )
