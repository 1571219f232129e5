"""The release gate: a file to print from states what a printed publication must.

The Publishing Law asks a printed publication to state on its colophon who is
responsible for its content, the print run, the printer, the permit and the
legal deposit. While any is blank, the variants that make files to print from
(``--press``, ``--imposition``) are refused, naming each blank field, unless
``--proof`` asks for a proof, every page of which says so. Numbered copies
leave the office too: ``copies`` is refused the same way, and ``send`` mails
only copies made for release (or proofs, when asked). The PDF read on screen
and the preview are not refused: every page of them says it is a draft
(briefing/render/pagemark.py).
"""

from __future__ import annotations

from dataclasses import replace

from .. import variants as output_variants
from ..problems import ContentError
from .model import Booklet
from .review import missing_colophon_fields


class ReleaseRefused(ContentError):
    """A file to print from was asked for while the colophon is incomplete."""

    def __init__(self, problems, flags: list[str]):
        super().__init__(problems)
        self.flags = flags

    def summary(self, outcome: str) -> str:
        """What is missing, ``outcome`` (what was not done), and the two ways on, in Vietnamese."""
        return (
            f"{' và '.join(self.flags)}: trang xuất bản còn thiếu {len(self.problems)} mục nêu trên; {outcome}. "
            f"Điền các mục đó, hoặc thêm --proof để làm bản in thử (mọi trang in dòng “{output_variants.PROOF_MARK}”)."
        )


COPIES = "bản sao"  # how the refusal names numbered copies, which leave the office as print files do


def check_release(booklet: Booklet, variants: tuple[str, ...], copies: bool = False) -> None:
    """Raise ``ReleaseRefused`` if these variants make a file to print from, or ``copies`` are made to leave
    the office, while the colophon is incomplete; ``--proof`` lets both through, every page marked."""
    if not booklet.publication_warnings or any(v.proof for v in output_variants.chosen(variants)):
        return
    flags = [variant.option for variant in output_variants.gated(variants)] + ([COPIES] if copies else [])
    if flags:
        problems = [replace(problem, severity="error") for problem in booklet.publication_warnings]
        raise ReleaseRefused(problems, flags)


def colophon_note(booklet: Booklet) -> str | None:
    """One line saying the colophon is incomplete, or None when it is complete."""
    missing = list(missing_colophon_fields(booklet).values())
    if not missing:
        return None
    return (
        f"Trang xuất bản còn thiếu {len(missing)} mục: {', '.join(missing)}. "
        "Điền đủ trước khi dựng tệp in phát hành (--press, --imposition) hay tạo bản sao; "
        f"đến lúc đó mọi trang ghi “{output_variants.DRAFT_MARK}”."
    )
