"""Render the booklet's HTML from Jinja2 templates.

Content is data, never markup: autoescape is on for every template and any
undefined name is an error rather than an empty string.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import __version__
from .chapters import chapter_plan
from .fonts import font_face_css
from .formatting import VietnameseFormat
from .model import Booklet
from .options import Layout

ENTRY_TEMPLATE = "booklet.html.j2"


@cache
def environment(templates: Path) -> Environment:
    """One environment per template folder, so templates compile once per process.

    Jinja still notices a template edited on disk (watch mode) and recompiles it.
    """
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(VietnameseFormat().filters())
    return env


def render_html(
    booklet: Booklet,
    layout: Layout,
    part: str = "all",
    toc_pages: dict[str, int] | None = None,
    start_page: int = 1,
    stamp_slots: bool = False,
) -> str:
    """The booklet as HTML.

    ``part`` "all" gives one standalone document carrying its stylesheets (the
    preview); "front" or a chapter id gives one segment for the segmented
    renderer, which supplies the stylesheets itself. ``stamp_slots`` reserves the
    cover places that personal copies fill in.
    """
    fmt = VietnameseFormat()
    chapters = chapter_plan(booklet, fmt)
    template = environment(layout.templates).get_template(ENTRY_TEMPLATE)
    return template.render(
        booklet=booklet,
        meta=booklet.meta,
        paper=layout.paper,
        part=part,
        chapters=chapters,
        chapter_numbers={chapter.id: number for number, chapter in enumerate(chapters, 1)},
        toc_pages=toc_pages,
        start_page=start_page,
        stamp_slots=stamp_slots,
        inline_styles=part == "all",
        stylesheets=[path.resolve().as_uri() for path in layout.stylesheets],
        # Generated from installed package paths, not from content: safe as CSS.
        font_faces=Markup(font_face_css()),
        generator=f"briefing {__version__}",
    )
