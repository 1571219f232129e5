"""The booklet's HTML, filled in from Jinja2 templates.

Content is data, never markup: autoescape is on for every template and any
undefined name is an error rather than an empty string. The filled-in body then
goes through the typesetting rules (briefing/render/typeset.py): lines break between
words only, and references read in one style.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import __version__
from ..content.formatting import VietnameseFormat
from ..content.model import Booklet, Quoted
from ..content.review import editors_framing, editors_names, evidence_label, missing_colophon_fields
from ..content.textdiff import changed_characters, highlight
from ..options import Design
from ..paper import PAPERS
from .chapters import Chapter, chapter_plan
from .fonts import font_face_css
from .stampslots import COPY_SLOT, RECIPIENT_SLOT, slot_css
from .typeset import no_widow, run_in, typeset, unbroken
from .usercache import TemplateCache
from .versionid import VERSION_LABEL

if TYPE_CHECKING:  # a type only: comparing editions is not loaded to lay one out
    from ..content.changes import Changes

ENTRY_TEMPLATE = "booklet.html.j2"


class EvidenceMarks:
    """The review edition's marks [n], numbered in reading order: the order the templates emit them.

    ``number`` gives an item the next number the first time it is asked for
    it; filling in the whole booklet once (``evidence_marks``) asks in
    reading order, so the first mark a reader meets is [1], and every segment
    laid out afterwards gets the same numbers.
    """

    def __init__(self, booklet: Booklet):
        self.booklet = booklet
        self._numbers: dict[int, int] = {}
        self._items: list[Quoted] = []

    def number(self, item: Quoted) -> int:
        if id(item) not in self._numbers:
            self._numbers[id(item)] = len(self._items) + 1
            self._items.append(item)
        return self._numbers[id(item)]

    @property
    def items(self) -> list[Quoted]:
        """Every statement taken from an article: in the order of their marks, then any no chapter marks."""
        return self._items + [item for item in self.booklet.evidence if id(item) not in self._numbers]


def evidence_marks(
    booklet: Booklet, design: Design, chapters: list[Chapter], changes: Changes | None = None
) -> EvidenceMarks:
    """The marks of the whole review edition, numbered as a reader meets them."""
    marks = EvidenceMarks(booklet)
    booklet_html(booklet, design, changes=changes, chapters=chapters, marks=marks, typeset_text=False)
    return marks


class BookletHTML:
    """The booklet's parts as HTML, filled in as the layout asks for them (layout.py).

    Holds what every part shares: the booklet, its design, the chapter plan, the
    copies' cover slots, the changes a review edition lists, and its marks,
    numbered once for all parts. The layout asks by plain values (a part, its
    first page, the chapters set closer…), so it may ask from another process.
    """

    def __init__(
        self,
        booklet: Booklet,
        design: Design,
        chapters: list[Chapter],
        stamp_slots: bool = False,
        changes: Changes | None = None,
    ):
        self.booklet, self.design, self.chapters = booklet, design, chapters
        self.stamp_slots, self.changes = stamp_slots, changes
        self.marks = evidence_marks(booklet, design, chapters, changes) if design.review else None

    def part(
        self,
        name: str,
        start: int = 1,
        toc: dict[str, int] | None = None,
        notes: int = 0,
        tight: Collection[str] = (),
        run_on: Collection[str] = (),
    ) -> str:
        """One part ("body", "front", a chapter id, "tail"; see ``booklet_html``), without its
        stylesheets: the layout supplies them, parsed once."""
        return booklet_html(self.booklet, self.design, name, toc, start, self.stamp_slots, self.changes, notes,
                            standalone=False, chapters=self.chapters, marks=self.marks, tight=frozenset(tight),
                            run_on=frozenset(run_on))  # fmt: skip


@cache
def environment(templates: Path) -> Environment:
    """One environment per template folder, so templates compile once per process,
    and once between runs while they are unchanged (the user's cache: usercache.py).

    Jinja still notices a template edited on disk (watch mode) and recompiles it.
    """
    env = Environment(
        loader=FileSystemLoader(templates),
        bytecode_cache=TemplateCache(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(VietnameseFormat().filters())
    env.filters["no_widow"] = no_widow
    env.filters["unbroken"] = unbroken
    env.filters["run_in"] = run_in
    env.filters["evidence_label"] = evidence_label
    env.filters["changed_characters"] = changed_characters  # old|changed_characters(new): the two as runs
    env.filters["highlight"] = highlight  # runs as HTML, the changed ones marked
    return env


def booklet_html(
    booklet: Booklet,
    design: Design,
    part: str = "all",
    toc_pages: dict[str, int] | None = None,
    start_page: int = 1,
    stamp_slots: bool = False,
    changes: Changes | None = None,
    notes_pages: int = 0,
    standalone: bool | None = None,
    chapters: list[Chapter] | None = None,
    marks: EvidenceMarks | None = None,
    tight: frozenset[str] = frozenset(),
    run_on: frozenset[str] = frozenset(),
    typeset_text: bool = True,
) -> str:
    """The booklet as HTML.

    ``part`` "all" gives one standalone document carrying its stylesheets (the
    preview); "body" everything but the closing pages; "front", a chapter id or
    "tail" one segment, laid out with stylesheets the layout supplies.
    ``stamp_slots`` reserves the cover places that personal copies fill in;
    ``notes_pages`` is the number of notes pages the tail opens with;
    the chapters in ``tight`` are set a little closer, those in ``run_on`` go on after the
    chapter before them without a new page (layout.py: to save a page).
    A ``standalone`` document carries its stylesheets; by default "all" and "body" do.
    A build passes the ``chapters`` it planned once; without them they are planned here;
    likewise the review edition's ``marks`` (``evidence_marks``, which fills the templates
    in only to number them, and so skips ``typeset_text``).
    """
    if chapters is None:
        chapters = chapter_plan(booklet, VietnameseFormat(), review=design.review, changes=changes is not None)
    if design.review and marks is None:
        marks = evidence_marks(booklet, design, chapters, changes)
    fmt = VietnameseFormat()
    template = environment(design.templates).get_template(ENTRY_TEMPLATE)
    paper = PAPERS[design.paper]
    html = template.render(
        booklet=booklet,
        meta=booklet.meta,
        paper=design.paper,
        paper_size=f"{fmt.number(paper.width / 10)} × {fmt.number(paper.height / 10)} cm",
        comparison_columns=paper.comparison_columns,
        review=design.review,
        marks=marks,
        changes=changes,
        part=part,
        chapters=chapters,
        toc_pages=toc_pages,
        start_page=start_page,
        stamp_slots=stamp_slots,
        # Generated from fixed numbers, not from content: safe as CSS.
        stamp={"copy_slot": COPY_SLOT, "recipient_slot": RECIPIENT_SLOT, "css": Markup(slot_css(design.paper))},
        notes_pages=notes_pages,
        tight=tight,
        run_on=run_on,
        missing_colophon=list(missing_colophon_fields(booklet).values()) if design.review else [],
        editors_names=editors_names(booklet) if design.review else [],
        editors_framing=editors_framing(booklet) if design.review else [],
        version_label=f"{VERSION_LABEL.capitalize()}: {booklet.version}",  # on a line of its own
        inline_styles=part in ("all", "body") if standalone is None else standalone,
        stylesheets=[path.resolve().as_uri() for path in design.stylesheets],
        # Generated from installed package paths, not from content: safe as CSS.
        font_faces=Markup(font_face_css()),
        generator=f"briefing {__version__}",
    )
    return typeset(html, unbreakable_names(booklet), unbreakable_titles(booklet)) if typeset_text else html


def unbreakable_titles(booklet: Booklet) -> list[str]:
    """What must not break in running text, but may in a narrow table cell: every document by its
    title ("Nghị quyết Trung ương 4") and every body that issued one ("Ban Bí thư Trung ương Đảng")."""
    documents = booklet.background.documents
    return [d.title for d in documents] + [d.issuer for d in documents if d.issuer]


def unbreakable_names(booklet: Booklet) -> list[str]:
    """Names that must not break across lines: Hồ Chí Minh, the provinces, every person named."""
    names = ["Hồ Chí Minh", *(p.name for p in booklet.provinces)]
    names += [person.name for event in booklet.background.events for person in (*event.chairs, *event.attendees)]
    for p in booklet.provinces:
        names += [person.name for person in p.people]
    return names
