"""The release gate: a file to print from states what a printed publication must.

The Publishing Law asks a printed publication to state on its colophon who is
responsible for its content, the print run, the printer, the permit and the
legal deposit. While any is blank, the variants that make files to print from
(``--press``, ``--imposition``) are refused, naming each blank field, unless
``--proof`` asks for a proof, every sheet of which says so. Other outputs
(the PDF read on screen, electronic copies, the preview) are not gated: they
say once that the colophon is incomplete.
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
            f"Điền các mục đó, hoặc thêm --proof để dựng bản in thử (mọi tờ in dòng “{output_variants.PROOF_MARK}”)."
        )


def check_release(booklet: Booklet, variants: tuple[str, ...]) -> None:
    """Raise ``ReleaseRefused`` if these variants make a file to print from and the colophon is incomplete."""
    gated = output_variants.gated(variants)
    if gated and booklet.publication_warnings:
        problems = [replace(problem, severity="error") for problem in booklet.publication_warnings]
        raise ReleaseRefused(problems, [variant.option for variant in gated])


def colophon_note(booklet: Booklet) -> str | None:
    """One line saying the colophon is incomplete, or None when it is complete."""
    missing = list(missing_colophon_fields(booklet).values())
    if not missing:
        return None
    return (
        f"Trang xuất bản còn thiếu {len(missing)} mục: {', '.join(missing)}. "
        "Điền đủ trước khi dựng tệp in phát hành (--press, --imposition)."
    )
