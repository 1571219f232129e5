"""The job line: which booklet, which date, which sheet, printed outside the page.

On a press sheet it runs along the slug under the trim (briefing/render/press.py);
on an office-imposed proof, which has no slug, up the outer margins
(briefing/render/impose.py). A proof says "BẢN IN THỬ" in it. The text is set with a
subset of the heading font made for exactly its characters (briefing/render/stamp.py),
so it is real text, found by search, in a font embedded as PDF/X asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pikepdf

from ..content.formatting import vietnamese
from ..variants import PROOF_MARK, Job
from .stamp import FontMetrics, StampFont, make_stamp_font
from .stampable import unprintable
from .versionid import VERSION_LABEL

JOB_FONT = pikepdf.Name("/FJob")
JOB_SIZE = 6.0  # points; smaller if a long title would not fit
JOB_COLOUR_CMYK = b"0 0 0 1 k"  # black ink only, as the press marks
JOB_COLOUR_GRAY = b"0 g"  # black, on an office printer
SEPARATOR = " · "


def job_lines(job: Job, pages: int) -> list[str]:
    """The job line of each page of the file: title, date, version code, which sheet (and side), the proof mark."""
    date = vietnamese().short_date(job.date)
    lacking = set(unprintable(job.title))  # a character the font cannot draw must not stop the build
    title = " ".join("".join(" " if char in lacking else char for char in job.title).split())
    lines = []
    for index in range(pages):
        if job.folded:  # the pages are sheet sides, front and back in turn
            sheet = f"tờ {index // 2 + 1}/{-(-pages // 2)}, {'mặt trước' if index % 2 == 0 else 'mặt sau'}"
        else:
            sheet = f"trang {index + 1}/{pages}"
        version = [f"{VERSION_LABEL} {job.version}"] if job.version else []
        lines.append(SEPARATOR.join([title, date, *version, sheet, *([PROOF_MARK] if job.proof else [])]))
    return lines


def job_line(
    text: str,
    font: FontMetrics,
    origin: tuple[float, float],
    end: float,
    colour: bytes,
    rotation: int = 0,
    size: float = JOB_SIZE,
) -> bytes:
    """``text`` from ``origin`` along its baseline, made smaller if it would run more than ``end`` from it.

    ``end`` is a coordinate along the baseline's direction: x for ``rotation``
    0, y for 90 (reading upwards) or -90 (reading downwards).
    """
    x, y = origin
    along = {0: end - x, 90: end - y, -90: y - end}[rotation]
    size = min(size, along / font.width(text, 1))
    a, b, c, d = {0: (1, 0, 0, 1), 90: (0, 1, -1, 0), -90: (0, -1, 1, 0)}[rotation]
    return (
        b"q " + colour + f" BT {JOB_FONT} {size:.2f} Tf {a} {b} {c} {d} {x:.4f} {y:.4f} Tm ".encode()
        + font.encode(text)
        + b" Tj ET Q\n"
    )  # fmt: skip


def job_font(lines: Iterable[str]) -> StampFont:
    """A font subset holding every character of ``lines``."""
    return _font("".join(sorted(set("".join(lines)))))


@cache
def _font(characters: str) -> StampFont:
    """Made once per process: ``copies`` runs the steps on every copy."""
    return make_stamp_font([characters])
