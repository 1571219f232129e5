"""Lay the booklet out: whole, for one build, or in segments, kept between builds.

Both renderers have one interface, ``render(booklet, chapters, stamp_slots,
changes)``, and share their set-up: stylesheets parsed once, one font
configuration, one set of colour profiles (--press names its output intent's
profile in a stylesheet), one URL fetcher.

``WholeRenderer`` lays the body out as one document, then the closing pages
(notes pages up to a multiple of four, and the colophon), whose number depends
on the body's length: the fastest way for a single build.

``SegmentRenderer`` (watch mode keeps it between builds) relies on chapters
starting on a new page: the front matter (cover and contents) is one segment,
every chapter another, the closing pages the last. A segment that starts on
page N is told so (its first page's side and number), and the laid-out pages
of all segments are combined into one document, whose links and bookmarks
WeasyPrint resolves across them when writing the PDF. Every segment's layout is
cached by (its HTML, its first page), so chapters that did not change keep
their layout. Both give the same pages (tested).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from .balance import balance_warnings, ends_short, fill
from .chapters import FRONT, TAIL, Chapter, needs_a_page_saved, notes_pages_after
from .fonts import font_face_css
from .html import Changes, evidence_marks, render_html
from .model import Booklet
from .options import Layout
from .pdf import ProjectURLFetcher, collect_warnings
from .spacing import set_loose_paragraphs_ragged

MAX_FRONT_PASSES = 3  # contents numbers can, in theory, change the contents' own length


@dataclass
class LayoutStats:
    laid_out: list[str] = field(default_factory=list)  # segments laid out this time
    reused: list[str] = field(default_factory=list)  # segments taken from the cache
    warnings: list[str] = field(default_factory=list)
    balance: list[tuple[int, str]] = field(default_factory=list)  # (page, why it is out of balance)


class Renderer:
    """What both layouts share: parsed stylesheets, fonts, colour profiles, the URL fetcher."""

    def __init__(self, layout: Layout, allowed_roots: list[Path]):
        self.layout = layout
        self.fetcher = ProjectURLFetcher(allowed_roots)
        self.font_config = FontConfiguration()
        self.color_profiles: dict = {}  # filled by @color-profile rules, read when the PDF is written
        base_url = str(layout.styles)
        common = {"font_config": self.font_config, "url_fetcher": self.fetcher, "color_profiles": self.color_profiles}
        with collect_warnings() as warnings:
            self.stylesheets = [
                CSS(string=font_face_css(), **common),
                *(CSS(filename=str(path), base_url=base_url, **common) for path in layout.stylesheets),
                *(CSS(string=rule, base_url=base_url, **common) for rule in layout.variant_rules),  # --icc
            ]
        self.stylesheet_warnings = list(warnings)

    def render(
        self, booklet: Booklet, chapters: list[Chapter], stamp_slots: bool = False, changes: Changes | None = None
    ) -> tuple[Document, LayoutStats]:
        raise NotImplementedError

    def _new_stats(self) -> LayoutStats:
        stats = LayoutStats(warnings=list(self.stylesheet_warnings))
        self.stylesheet_warnings = []  # reported once
        return stats

    def _lay_out(self, html: str, stats: LayoutStats) -> Document:
        """Lay ``html`` out; paragraphs with a too loose justified line are set ragged-right (spacing.py)."""
        with collect_warnings() as warnings:
            document = HTML(string=html, base_url=str(self.layout.styles), url_fetcher=self.fetcher).render(
                font_config=self.font_config, stylesheets=self.stylesheets, color_profiles=self.color_profiles
            )
        set_loose_paragraphs_ragged(document)
        stats.warnings += warnings
        return document


class WholeRenderer(Renderer):
    def render(
        self, booklet: Booklet, chapters: list[Chapter], stamp_slots: bool = False, changes: Changes | None = None
    ) -> tuple[Document, LayoutStats]:
        """The body as one document, then the closing pages that round it up to whole sheets.

        Chapters are set closer where that saves a page (balance.py): tried one by
        one as segments, then the body is laid out again with them, once.
        """
        stats = self._new_stats()
        marks = evidence_marks(booklet, self.layout, chapters, changes) if self.layout.review else None

        def html_for(part: str, start: int = 1, tight: frozenset[str] = frozenset(), notes: int = 0) -> str:
            return render_html(booklet, self.layout, part, start_page=start, stamp_slots=stamp_slots, changes=changes,
                               notes_pages=notes, standalone=False if part == "body" else None, chapters=chapters,
                               marks=marks, tight=tight)  # fmt: skip

        body = self._lay_out(html_for("body"), stats)
        pages = list(body.pages)
        starts = chapter_starts(pages, chapters)
        bounds = [starts[c.id] for c in chapters] + [len(pages)]
        spans = {c.id: (bounds[i], bounds[i + 1]) for i, c in enumerate(chapters)}

        def saved(chapter: Chapter) -> int:
            first, end = spans[chapter.id]
            closer = self._lay_out(html_for(chapter.id, first + 1, frozenset([chapter.id])), stats)
            return (end - first) - len(closer.pages)

        tight, saving = set(), 0
        for chapter in chapters:
            if ends_short(pages[slice(*spans[chapter.id])]) and (pages_saved := saved(chapter)) > 0:
                tight.add(chapter.id)
                saving += pages_saved
        if needs_a_page_saved(len(pages) - saving):
            pages_of = {c.id: pages[slice(*spans[c.id])] for c in chapters}
            for chapter in save_a_page_candidates(chapters, pages_of, tight):
                if (pages_saved := saved(chapter)) > 0:
                    tight.add(chapter.id)
                    break
        if tight:
            body = self._lay_out(html_for("body", tight=frozenset(tight)), stats)
            pages = list(body.pages)
            starts = chapter_starts(pages, chapters)
        text_pages = len(pages)
        notes = notes_pages_after(text_pages)
        pages += self._lay_out(html_for(TAIL, text_pages + 1, notes=notes), stats).pages
        stats.laid_out = [FRONT, *(c.id for c in chapters), TAIL]
        stats.balance = _balance(pages, starts.values(), text_pages, notes)
        return body.copy(pages), stats


class SegmentRenderer(Renderer):
    def __init__(self, layout: Layout, allowed_roots: list[Path]):
        super().__init__(layout, allowed_roots)
        self._cache: dict[tuple[str, int], Document] = {}
        self._toc_pages: dict[str, int] = {}  # last known, to lay the front out once in the usual case

    def render(
        self, booklet: Booklet, chapters: list[Chapter], stamp_slots: bool = False, changes: Changes | None = None
    ) -> tuple[Document, LayoutStats]:
        """The whole booklet laid out, reusing every segment whose HTML and first page are unchanged."""
        stats = self._new_stats()
        marks = evidence_marks(booklet, self.layout, chapters, changes) if self.layout.review else None

        def html_for(part: str, start: int, toc: dict[str, int] | None = None, notes: int = 0, closer=False) -> str:
            tight = frozenset([part]) if closer else frozenset()
            return render_html(booklet, self.layout, part, toc, start, stamp_slots, changes, notes, chapters=chapters,
                               marks=marks, tight=tight)  # fmt: skip

        def chapter_layouts(start: int, forced: set[str]) -> tuple[dict[str, Document], dict[str, int], set[str]]:
            """Each chapter laid out from ``start`` on, set closer where that saves a page (balance.py)."""
            documents, toc, tight = {}, {}, set()
            for chapter in chapters:
                toc[chapter.id] = start
                document = self._segment(chapter.id, html_for(chapter.id, start), start, stats)
                if chapter.id in forced or ends_short(document.pages):
                    closer = self._segment(chapter.id, html_for(chapter.id, start, closer=True), start, stats)
                    if len(closer.pages) < len(document.pages):
                        document = closer
                        tight.add(chapter.id)
                documents[chapter.id] = document
                start += len(document.pages)
            return documents, toc, tight

        guess = {c.id: self._toc_pages.get(c.id, 0) for c in chapters}
        front = self._segment(FRONT, html_for(FRONT, 1, guess), 1, stats)
        forced: set[str] = set()
        for _ in range(MAX_FRONT_PASSES):
            laid, toc, tight = chapter_layouts(len(front.pages) + 1, forced)
            text_pages = len(front.pages) + sum(len(d.pages) for d in laid.values())
            if needs_a_page_saved(text_pages) and not forced:
                pages_of = {c.id: laid[c.id].pages for c in chapters}
                for chapter in save_a_page_candidates(chapters, pages_of, tight):
                    start = toc[chapter.id]
                    closer = self._segment(chapter.id, html_for(chapter.id, start, closer=True), start, stats)
                    if len(closer.pages) < len(pages_of[chapter.id]):
                        forced = {chapter.id}
                        laid, toc, tight = chapter_layouts(len(front.pages) + 1, forced)
                        text_pages = len(front.pages) + sum(len(d.pages) for d in laid.values())
                        break
            notes = notes_pages_after(text_pages)
            documents = [front, *laid.values()]
            documents.append(self._segment(TAIL, html_for(TAIL, text_pages + 1, notes=notes), text_pages + 1, stats))
            front_pages = len(front.pages)
            front = self._segment(FRONT, html_for(FRONT, 1, toc), 1, stats)
            documents[0] = front
            self._toc_pages = toc
            if len(front.pages) == front_pages:
                break
        self._forget_all_but(documents)
        pages = [page for document in documents for page in document.pages]
        stats.balance = _balance(pages, [toc[c.id] - 1 for c in chapters], text_pages, notes)
        return front.copy(pages), stats

    def _segment(self, name: str, html: str, start: int, stats: LayoutStats) -> Document:
        key = (html, start)
        if key in self._cache:
            if name not in stats.laid_out and name not in stats.reused:
                stats.reused.append(name)
            return self._cache[key]
        document = self._lay_out(html, stats)
        if name not in stats.laid_out:
            stats.laid_out.append(name)
        if name in stats.reused:
            stats.reused.remove(name)
        self._cache[key] = document
        return document

    def _forget_all_but(self, documents: list[Document]) -> None:
        """Keep only the layouts the current booklet uses: memory stays flat while watching."""
        keep = {id(document) for document in documents}
        self._cache = {key: doc for key, doc in self._cache.items() if id(doc) in keep}


def chapter_starts(pages: list, chapters: list[Chapter]) -> dict[str, int]:
    """The 0-based page each chapter starts on, from the anchors the layout recorded."""
    ids, starts = {c.id for c in chapters}, {}
    for index, page in enumerate(pages):
        for anchor in page.anchors:
            if anchor in ids:
                starts.setdefault(anchor, index)
    return starts


def save_a_page_candidates(chapters: list[Chapter], pages_of: dict[str, list], tight: set[str]) -> list[Chapter]:
    """Chapters to try setting closer to save a page: of several pages, not set closer yet,
    the one whose last page holds least first."""
    found = [c for c in chapters if c.id not in tight and len(pages_of[c.id]) > 1]
    return sorted(found, key=lambda c: fill(pages_of[c.id][-1]))


def _balance(pages: list, starts, text_pages: int, notes: int) -> list[tuple[int, str]]:
    """The layout's warnings: the page before each chapter (and the front matter's last) may be short,
    and so may the colophon's page."""
    chapter_ends = {start - 1 for start in starts} | {text_pages - 1, len(pages) - 1}
    return balance_warnings(pages, chapter_ends, range(text_pages, text_pages + notes))
