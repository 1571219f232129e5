"""A print job: what the layout needs beyond the booklet's HTML to make and save its PDF, and what it
reports back.

Plain data, and no WeasyPrint: a one-off build hands the job to a second process
(layoutprocess.py), so both ends must read it without loading more than they use.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from ..options import BuildOptions
from ..variants import Job, steps
from .fonts import font_directories


@dataclass(frozen=True)
class EmbeddedFile:
    """A file to attach to the PDF (PDF/A-3 keeps the booklet's own data with it)."""

    path: Path
    name: str
    description: str


@dataclass(frozen=True)
class PrintJob:
    output: Path  # where the finished PDF is saved
    pdf_variant: str | None  # WeasyPrint's: PDF/A, PDF/UA
    attachments: tuple[EmbeddedFile, ...]
    attachment_date: datetime.datetime
    variants: tuple[str, ...]  # whose steps run on the written PDF (imposition, press marks)
    job: Job  # what those steps print outside the pages


@dataclass(frozen=True)
class Printed:
    """What a print job saved, and what the layout had to say."""

    pages: int  # of the saved file (sheet sides, when imposed)
    sha256: str  # of the saved bytes
    warnings: list[str]  # logged by WeasyPrint: ignored CSS, missing fonts…
    laid_out: list[str] = field(default_factory=list)  # segments laid out anew
    reused: list[str] = field(default_factory=list)  # segments whose layout was kept
    balance: list[tuple[int, str]] = field(default_factory=list)  # pages the layout could not balance


def allowed_roots(options: BuildOptions) -> list[Path]:
    """What WeasyPrint may read: the project's templates and styles, the content, the fonts,
    and what a variant needs (the CMYK profile of --press, or the one --icc gives)."""
    design = options.design
    reads = [path for variant in options.chosen for path in variant.reads]
    reads += [path.resolve() for path in options.variant_files.values() if path is not None]
    return [design.templates, design.styles, options.content, *font_directories(), *reads]


def finish(data: bytes, variants: tuple[str, ...], job: Job) -> bytes:
    """Mark every page of an unfinished file, then run the variants' steps, on a written (and, for
    copies, stamped) PDF."""
    if job.page_mark:
        from .pagemark import mark_pages  # pikepdf: only for a file that carries the mark

        data = mark_pages(data, job)
    for variant in steps(variants):
        data = variant.run_step(data, job)
    return data


def page_count(data: bytes) -> int:
    import pikepdf  # only after a step changed the pages

    with pikepdf.open(BytesIO(data)) as pdf:
        return len(pdf.pages)
