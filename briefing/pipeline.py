"""The whole build: content → HTML → PDF, wired from the stage modules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import load_booklet
from .fonts import font_directories
from .html import Layout, render_html
from .pdf import atomic_write, write_pdf
from .problems import Problem

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_OUTPUT = PROJECT_ROOT / "dist" / "booklet.pdf"


@dataclass(frozen=True)
class BuildOptions:
    content: Path = DEFAULT_CONTENT
    output: Path = DEFAULT_OUTPUT
    paper: str = "A5"
    html_output: Path | None = None
    strict: bool = False  # content warnings stop the build too

    @property
    def layout(self) -> Layout:
        return Layout(PROJECT_ROOT / "templates", PROJECT_ROOT / "styles", self.paper)


@dataclass(frozen=True)
class BuildResult:
    path: Path
    pages: int
    content_warnings: tuple[Problem, ...]  # from our checks
    render_warnings: list[str]  # logged by WeasyPrint: ignored CSS, missing fonts…


def build(options: BuildOptions) -> BuildResult:
    """Build the booklet; raise ``ContentError`` before touching any output if content is invalid."""
    booklet = load_booklet(options.content, strict=options.strict)
    layout = options.layout
    html = render_html(booklet, layout)
    if options.html_output is not None:
        atomic_write(options.html_output, lambda stream: stream.write(html.encode("utf-8")))
    pdf = write_pdf(
        html,
        options.output,
        base_url=layout.styles,
        allowed_roots=[layout.templates, layout.styles, options.content, *font_directories()],
    )
    return BuildResult(pdf.path, pdf.pages, booklet.warnings, pdf.warnings)
