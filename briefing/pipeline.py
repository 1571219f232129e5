"""The whole build: content → HTML → PDF, wired from the stage modules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from .content import content_files, load_booklet
from .fonts import font_directories
from .html import Layout, render_html
from .impose import impose_booklet, saddle_stitch_order
from .model import Booklet
from .pdf import EmbeddedFile, RenderedPDF, atomic_write, write_document
from .problems import Problem
from .segments import SegmentRenderer

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_OUTPUT = PROJECT_ROOT / "dist" / "booklet.pdf"

PDF_VARIANTS = {"pdf-a": "pdf/a-3b", "pdf-ua": "pdf/ua-1"}


class OptionError(ValueError):
    """Options that do not fit the content or each other (a usage error)."""


@dataclass(frozen=True)
class BuildOptions:
    content: Path = DEFAULT_CONTENT
    output: Path = DEFAULT_OUTPUT
    paper: str = "A5"
    html_output: Path | None = None
    strict: bool = False  # content warnings stop the build too
    province: str | None = None  # build a booklet of this province only
    print_marks: bool = False  # crop marks and 3 mm bleed
    pdf_variant: str | None = None  # a key of PDF_VARIANTS
    imposition: str | None = None  # "booklet": two-up saddle stitch

    @property
    def layout(self) -> Layout:
        return Layout(PROJECT_ROOT / "templates", PROJECT_ROOT / "styles", self.paper, self.print_marks)

    @property
    def allowed_roots(self) -> list[Path]:
        """What the renderer may read: the project's templates and styles, the content, the fonts."""
        layout = self.layout
        return [layout.templates, layout.styles, self.content, *font_directories()]

    def renderer(self) -> SegmentRenderer:
        return SegmentRenderer(self.layout, self.allowed_roots)

    def check(self) -> None:
        if self.imposition and self.print_marks:
            raise OptionError(
                "--imposition và --print-marks không dùng cùng nhau: nhà in tự dàn trang từ bản có dấu cắt"
            )
        if self.imposition and self.pdf_variant:
            raise OptionError("--imposition chỉ dùng cho bản in văn phòng, không kèm --pdf-a hay --pdf-ua")


@dataclass(frozen=True)
class BuildResult:
    path: Path
    pages: int  # pages of the written file (sheet sides, when imposed)
    content_warnings: tuple[Problem, ...]  # from our checks
    render_warnings: list[str]  # logged by WeasyPrint: ignored CSS, missing fonts…


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
    booklet: Booklet, options: BuildOptions, stamp_slots: bool = False, renderer: SegmentRenderer | None = None
) -> RenderedPDF:
    """Lay the booklet out and make its PDF bytes, with the variant's extras.

    Pass the same ``renderer`` again (as watch mode does) to reuse the layout of
    every chapter that did not change.
    """
    renderer = renderer or options.renderer()
    if options.html_output is not None:
        html = render_html(booklet, options.layout, stamp_slots=stamp_slots)
        atomic_write(options.html_output, html.encode("utf-8"))
    document, stats = renderer.render(booklet, stamp_slots=stamp_slots)
    variant = PDF_VARIANTS.get(options.pdf_variant) if options.pdf_variant else None
    attachments = []
    if variant == PDF_VARIANTS["pdf-a"]:  # the archive copy carries its own data
        attachments = [
            EmbeddedFile(path, path.relative_to(options.content).as_posix(), "Nội dung nguồn của tài liệu")
            for path in content_files(options.content, booklet)
        ]
    return write_document(
        document,
        variant=variant,
        attachments=attachments,
        attachment_date=datetime.datetime.combine(booklet.meta.date, datetime.time()),
        warnings=stats.warnings,
    )


def build(options: BuildOptions) -> BuildResult:
    """Build the booklet; raise ``ContentError`` before touching any output if content is invalid."""
    booklet = load(options)
    rendered = render(booklet, options)
    data, pages = rendered.data, rendered.pages
    if options.imposition == "booklet":
        data, pages = impose_booklet(data), len(saddle_stitch_order(pages))
    atomic_write(options.output, data)
    return BuildResult(options.output, pages, booklet.warnings, rendered.warnings)
