"""The whole build: content → HTML → PDF, wired from the stage modules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import atomic_write, remove_stale_temporaries
from .chapters import FRONT, TAIL, chapter_plan, notes_pages_after
from .content import content_files, load_booklet
from .fonts import font_directories
from .formatting import VietnameseFormat
from .html import Changes, render_html
from .model import Booklet
from .options import PDF_VARIANTS, BuildOptions, OptionError
from .outputs import check_outputs
from .pdf import EmbeddedFile, RenderedPDF, lay_out, write_document
from .problems import Problem
from .segments import LayoutStats, SegmentRenderer


def allowed_roots(options: BuildOptions) -> list[Path]:
    """What the renderer may read: the project's templates and styles, the content, the fonts."""
    layout = options.layout
    return [layout.templates, layout.styles, options.content, *font_directories()]


def new_renderer(options: BuildOptions) -> SegmentRenderer:
    return SegmentRenderer(options.layout, allowed_roots(options))


@dataclass(frozen=True)
class BuildResult:
    path: Path
    pages: int  # pages of the written file (sheet sides, when imposed)
    content_warnings: tuple[Problem, ...]  # from our checks
    render_warnings: list[str]  # logged by WeasyPrint: ignored CSS, missing fonts…
    laid_out: list[str] = field(default_factory=list)  # segments laid out anew
    reused: list[str] = field(default_factory=list)  # segments whose layout was kept
    written: dict[Path, str] = field(default_factory=dict)  # SHA-256 of the bytes this build wrote, by file


def load(options: BuildOptions) -> Booklet:
    """The validated booklet, narrowed to one province if asked."""
    options.check()
    booklet = load_booklet(options.content, strict=options.strict)
    if options.province is None:
        return booklet
    slugs = [p.slug for p in booklet.provinces]
    if options.province not in slugs:
        raise OptionError(f"không có tỉnh “{options.province}”; chọn một trong: {', '.join(slugs)}")
    return booklet.only(options.province)


def render(
    booklet: Booklet,
    options: BuildOptions,
    stamp_slots: bool = False,
    renderer: SegmentRenderer | None = None,
    changes: Changes | None = None,
    written: dict[Path, str] | None = None,
) -> tuple[RenderedPDF, LayoutStats]:
    """Lay the booklet out and make its PDF bytes, with the variant's extras.

    Without a ``renderer`` the booklet is laid out as one document, then its
    closing pages: the fastest way for a single build. With one (watch mode
    keeps it between builds) it is laid out in segments, and chapters that did
    not change keep their layout; both give the same pages (tested).
    """
    if options.html_output is not None:
        html = render_html(booklet, options.layout, stamp_slots=stamp_slots, changes=changes)
        digest = atomic_write(options.html_output, html.encode("utf-8"))
        if written is not None:
            written[options.html_output] = digest
    if renderer is None:
        document, stats = _lay_out_whole(booklet, options, stamp_slots, changes)
    else:
        document, stats = renderer.render(booklet, stamp_slots=stamp_slots, changes=changes)
    variant = PDF_VARIANTS.get(options.pdf_variant) if options.pdf_variant else None
    attachments = []
    if variant == PDF_VARIANTS["pdf-a"] or options.review:  # the copy carries its own data
        attachments = [
            EmbeddedFile(path, path.relative_to(options.content).as_posix(), "Nội dung nguồn của tài liệu")
            for path in content_files(options.content, booklet)
        ]
    rendered = write_document(
        document,
        variant=variant,
        attachments=attachments,
        attachment_date=datetime.datetime.combine(booklet.meta.date, datetime.time()),
        warnings=stats.warnings,
    )
    return rendered, stats


def _lay_out_whole(booklet: Booklet, options: BuildOptions, stamp_slots: bool, changes: Changes | None):
    """The body as one document, then the closing pages that round it up to whole sheets."""
    roots, layout = allowed_roots(options), options.layout
    body, warnings = lay_out(render_html(booklet, layout, "body", stamp_slots=stamp_slots, changes=changes),
                             layout.styles, roots)  # fmt: skip
    start = len(body.pages) + 1
    notes = notes_pages_after(start - 1)
    tail_html = render_html(booklet, layout, TAIL, start_page=start, notes_pages=notes, standalone=True)
    tail, tail_warnings = lay_out(tail_html, layout.styles, roots)
    chapters = chapter_plan(booklet, VietnameseFormat(), layout.review, changes is not None)
    stats = LayoutStats(laid_out=[FRONT, *(c.id for c in chapters), TAIL], warnings=warnings + tail_warnings)
    return body.copy([*body.pages, *tail.pages]), stats


def build(options: BuildOptions, renderer: SegmentRenderer | None = None) -> BuildResult:
    """Build the booklet; raise ``ContentError`` before touching any output if content is invalid.

    With a ``renderer`` kept from an earlier build, only changed chapters are laid out again.
    """
    check_outputs(options)
    booklet = load(options)
    changes = None
    if options.since is not None:
        from .changes import changes_since

        changes = changes_since(options.since, booklet)
    for folder, names in _our_outputs(options).items():  # left by a killed build
        remove_stale_temporaries(folder, names.__contains__)
    written: dict[Path, str] = {}
    rendered, stats = render(booklet, options, renderer=renderer, changes=changes, written=written)
    data, pages = rendered.data, rendered.pages
    if options.imposition == "booklet":
        from .impose import impose_booklet, saddle_stitch_order  # pikepdf: only when needed

        data, pages = impose_booklet(data), len(saddle_stitch_order(pages))
    written[options.output] = atomic_write(options.output, data)
    return BuildResult(
        options.output, pages, booklet.warnings, rendered.warnings, stats.laid_out, stats.reused, written
    )


def _our_outputs(options: BuildOptions) -> dict[Path, set[str]]:
    """The names a build writes, by folder: the PDF, its record and the HTML preview."""
    from .freshness import record_path

    folders: dict[Path, set[str]] = {}
    for path in (options.output, record_path(options.output), options.html_output):
        if path is not None:
            folders.setdefault(path.parent, set()).add(path.name)
    return folders
