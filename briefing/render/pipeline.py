"""The whole build: content → HTML → PDF, wired from the stage modules.

The layout (WeasyPrint) is imported by the functions that lay out, as they run: a one-off build
loads it in a process of its own meanwhile (layoutprocess.py).
"""

from __future__ import annotations

import datetime
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_write, remove_stale_temporaries
from ..content.folder import content_files, load_booklet
from ..content.formatting import VietnameseFormat
from ..content.model import Booklet
from ..content.release import check_release, colophon_note
from ..options import BuildOptions, OptionError
from ..outputs import check_outputs
from ..problems import Problem
from ..variants import Job
from ..variants import job as job_for
from . import usercache
from .chapters import chapter_plan
from .html import BookletHTML, booklet_html
from .printjob import EmbeddedFile, PrintJob, allowed_roots
from .versionid import version_code

if TYPE_CHECKING:
    from ..content.changes import Changes
    from .layout import Layout, LayoutStats, SegmentedLayout
    from .layoutprocess import LayoutProcess
    from .pdf import WrittenPDF


def segmented_layout(options: BuildOptions) -> SegmentedLayout:
    """A layout to keep between builds (watch mode): unchanged chapters keep their pages."""
    from .layout import SegmentedLayout

    return SegmentedLayout(options.design, allowed_roots(options))


@dataclass(frozen=True)
class BuildResult:
    path: Path
    pages: int  # pages of the written file (sheet sides, when imposed)
    content_warnings: tuple[Problem, ...]  # from our checks
    weasyprint_warnings: list[str]  # logged by WeasyPrint: ignored CSS, missing fonts…
    laid_out: list[str] = field(default_factory=list)  # segments laid out anew
    reused: list[str] = field(default_factory=list)  # segments whose layout was kept
    written: dict[Path, str] = field(default_factory=dict)  # SHA-256 of the bytes this build wrote, by file
    colophon_note: str | None = None  # the colophon is incomplete: say so once
    balance: list[tuple[int, str]] = field(default_factory=list)  # pages the layout could not balance
    publication_warnings: tuple[Problem, ...] = ()  # the colophon's blank particulars, as check lists them


def load(options: BuildOptions) -> Booklet:
    """The validated booklet, narrowed to the provinces asked for, if any.

    A file to print from (--press, --imposition) is refused while the colophon
    is incomplete, unless --proof asks for a proof (``ReleaseRefused``).
    """
    options.check()
    usercache.protect(options.content)  # no cache is ever kept among a build's inputs
    booklet = load_booklet(options.content, strict=options.strict)
    check_release(booklet, options.variants)
    if options.provinces:
        slugs = [p.slug for p in booklet.provinces]
        unknown = [slug for slug in options.provinces if slug not in slugs]
        if unknown:
            raise OptionError(f"không có tỉnh “{unknown[0]}”; chọn một trong: {', '.join(slugs)}")
        booklet = booklet.only(options.provinces)
    return replace(booklet, version=version_code(options, booklet))


def booklet_pages(
    booklet: Booklet,
    options: BuildOptions,
    stamp_slots: bool = False,
    changes: Changes | None = None,
    written: dict[Path, str] | None = None,
) -> BookletHTML:
    """The booklet's parts as the layout will ask for them; the HTML preview (--html) saved whole."""
    chapters = chapter_plan(booklet, VietnameseFormat(), options.review, changes is not None)
    if options.html_output is not None:
        html = booklet_html(booklet, options.design, stamp_slots=stamp_slots, changes=changes, chapters=chapters)
        digest = atomic_write(options.html_output, html.encode("utf-8"))
        if written is not None:
            written[options.html_output] = digest
    return BookletHTML(booklet, options.design, chapters, stamp_slots, changes)


def print_job(booklet: Booklet, options: BuildOptions) -> PrintJob:
    """Where the PDF goes, its standard, the files it carries (the content, when a variant or the
    review edition asks) and the steps that finish it."""
    attachments = ()
    if any(v.attach_content for v in options.chosen) or options.review:  # the copy carries its own data
        attachments = tuple(
            EmbeddedFile(path, path.relative_to(options.content).as_posix(), "Nội dung nguồn của tài liệu")
            for path in content_files(options.content, booklet)
        )
    date = datetime.datetime.combine(booklet.meta.date, datetime.time())
    return PrintJob(options.output, options.pdf_variant, attachments, date, options.variants, job(booklet, options))


def make_pdf(booklet: Booklet, options: BuildOptions, stamp_slots: bool = False) -> tuple[WrittenPDF, LayoutStats]:
    """The booklet laid out for this one PDF, its bytes not finished by the variants' steps:
    copies are stamped first (see ``printjob.finish``)."""
    from .layout import WholeLayout

    html = booklet_pages(booklet, options, stamp_slots)
    return WholeLayout(options.design, allowed_roots(options)).write_pdf(html, print_job(booklet, options))


def job(booklet: Booklet, options: BuildOptions) -> Job:
    """What the variants' steps print outside the pages: title, date, proof."""
    unreleased = bool(booklet.publication_warnings)  # the colophon is incomplete: every page says so
    return job_for(options.variants, booklet.meta.title, booklet.meta.date, booklet.version, unreleased)


def build(options: BuildOptions, layout: Layout | LayoutProcess | None = None) -> BuildResult:
    """Build the booklet; raise ``ContentError`` before touching any output if content is invalid.

    With a ``layout`` kept from an earlier build (``segmented_layout``), only changed chapters are
    laid out again; a one-off build may lay out in a process of its own (layoutprocess.py).
    """
    with collector_paused():
        return _build(options, layout)


@contextmanager
def collector_paused():
    """Python's cycle collector paused while a booklet is made, and resumed after.

    Laying out and drawing make hundreds of thousands of small objects, most of
    which live until the PDF is written; the collector would walk them again and
    again for nothing (a tenth of a cold build). Memory grows by a few
    megabytes; whatever is garbage is collected once the build is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(options: BuildOptions, layout: Layout | LayoutProcess | None) -> BuildResult:
    check_outputs(options)
    booklet = load(options)
    changes = None
    if options.since is not None:
        from ..content.changes import changes_since

        changes = changes_since(options.since, booklet)
    for folder, names in _our_outputs(options).items():  # left by a killed build
        remove_stale_temporaries(folder, names.__contains__)
    written: dict[Path, str] = {}
    html = booklet_pages(booklet, options, changes=changes, written=written)
    if layout is None:
        from .layout import WholeLayout

        layout = WholeLayout(options.design, allowed_roots(options))
    printed = layout.print_booklet(html, print_job(booklet, options))
    written[options.output] = printed.sha256
    return BuildResult(
        options.output,
        printed.pages,
        booklet.warnings,
        printed.warnings,
        printed.laid_out,
        printed.reused,
        written,
        colophon_note(booklet),
        printed.balance,
        booklet.publication_warnings,
    )


def _our_outputs(options: BuildOptions) -> dict[Path, set[str]]:
    """The names a build writes, by folder: the PDF, its record and the HTML preview."""
    from .freshness import record_path

    folders: dict[Path, set[str]] = {}
    for path in (options.output, record_path(options.output), options.html_output):
        if path is not None:
            folders.setdefault(path.parent, set()).add(path.name)
    return folders


def balance_warnings(options: BuildOptions, booklet: Booklet) -> list[tuple[str, int, str]]:
    """(paper, page, message) where the reader edition on ``options.paper`` cannot balance its pages.

    Lays the booklet out without writing a PDF (``check``); a build warns for its own paper and edition.
    """
    from .layout import WholeLayout

    reader = replace(options, edition="reader", variants=())
    html = BookletHTML(booklet, reader.design, chapter_plan(booklet, VietnameseFormat()))
    _, stats = WholeLayout(reader.design, allowed_roots(reader)).lay_out_booklet(html)
    return [(options.paper, page, message) for page, message in stats.balance]
