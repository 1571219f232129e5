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

from .balance import balance_warnings, colophon_fits, ends_short
from .chapters import FRONT, TAIL, Chapter, Closing, closing_plan
from .fonts import font_face_css
from .html import Changes, render_html
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
        """The body as one document, then the closing pages that round it up to whole sheets."""
        stats = self._new_stats()
        html = render_html(booklet, self.layout, "body", stamp_slots=stamp_slots, changes=changes,
                           standalone=False, chapters=chapters)  # fmt: skip
        body = self._lay_out(html, stats)
        pages = list(body.pages)
        starts = chapter_starts(pages, chapters)
        tight = frozenset(self._tightened(booklet, chapters, pages, starts, stamp_slots, changes, stats))
        if tight:  # set closer, these chapters each save a page: lay the body out again
            html = render_html(booklet, self.layout, "body", stamp_slots=stamp_slots, changes=changes,
                               standalone=False, chapters=chapters, tight=tight)  # fmt: skip
            body = self._lay_out(html, stats)
            pages = list(body.pages)
            starts = chapter_starts(pages, chapters)
        closing = closing_plan(len(pages))
        if closing.colophon_shared:  # the last chapter again, the colophon under its text
            first = starts[chapters[-1].id]
            html = render_html(booklet, self.layout, chapters[-1].id, start_page=first + 1, stamp_slots=stamp_slots,
                               changes=changes, chapters=chapters, colophon_shared=True, tight=tight)  # fmt: skip
            ending = self._lay_out(html, stats)
            if len(ending.pages) == len(pages) - first and colophon_fits(ending.pages[-1]):
                pages[first:] = ending.pages
            else:
                closing = closing_plan(len(pages), colophon_fits=False)
        text_pages = len(pages)
        if not closing.colophon_shared:
            html = render_html(booklet, self.layout, TAIL, start_page=text_pages + 1, notes_pages=closing.notes_pages,
                               chapters=chapters)  # fmt: skip
            pages += self._lay_out(html, stats).pages
        stats.laid_out = [FRONT, *(c.id for c in chapters), TAIL]
        stats.balance = _balance(pages, starts.values(), text_pages, closing)
        return body.copy(pages), stats

    def _tightened(self, booklet, chapters, pages, starts, stamp_slots, changes, stats):
        """The chapters that end on a nearly empty page and, set closer, are a page shorter."""
        bounds = [starts[c.id] for c in chapters] + [len(pages)]
        for index, chapter in enumerate(chapters):
            first, end = bounds[index], bounds[index + 1]
            if ends_short(pages[first:end]):
                html = render_html(booklet, self.layout, chapter.id, start_page=first + 1, stamp_slots=stamp_slots,
                                   changes=changes, chapters=chapters, tight=frozenset([chapter.id]))  # fmt: skip
                if len(self._lay_out(html, stats).pages) < end - first:
                    yield chapter.id


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

        tight: set[str] = set()

        def html_for(part: str, start: int, toc: dict[str, int] | None = None, notes: int = 0, shared=False) -> str:
            return render_html(booklet, self.layout, part, toc, start, stamp_slots, changes, notes, chapters=chapters,
                               colophon_shared=shared, tight=frozenset(tight & {part}))  # fmt: skip

        guess = {c.id: self._toc_pages.get(c.id, 0) for c in chapters}
        front = self._segment(FRONT, html_for(FRONT, 1, guess), 1, stats)
        for _ in range(MAX_FRONT_PASSES):
            documents, toc, start = [front], {}, len(front.pages) + 1
            for chapter in chapters:
                toc[chapter.id] = start
                tight.discard(chapter.id)
                document = self._segment(chapter.id, html_for(chapter.id, start), start, stats)
                if ends_short(document.pages):  # set closer, if that saves a page (balance.py)
                    tight.add(chapter.id)
                    closer = self._segment(chapter.id, html_for(chapter.id, start), start, stats)
                    if len(closer.pages) < len(document.pages):
                        document = closer
                    else:
                        tight.discard(chapter.id)
                documents.append(document)
                start += len(document.pages)
            text_pages = start - 1
            closing = closing_plan(text_pages)
            if closing.colophon_shared:  # the last chapter again, the colophon under its text
                last = chapters[-1]
                ending = self._segment(last.id, html_for(last.id, toc[last.id], shared=True), toc[last.id], stats)
                if len(ending.pages) == len(documents[-1].pages) and colophon_fits(ending.pages[-1]):
                    documents[-1] = ending
                else:
                    closing = closing_plan(text_pages, colophon_fits=False)
            if not closing.colophon_shared:
                tail_html = html_for(TAIL, start, notes=closing.notes_pages)
                documents.append(self._segment(TAIL, tail_html, start, stats))
            front_pages = len(front.pages)
            front = self._segment(FRONT, html_for(FRONT, 1, toc), 1, stats)
            documents[0] = front
            self._toc_pages = toc
            if len(front.pages) == front_pages:
                break
        self._forget_all_but(documents)
        pages = [page for document in documents for page in document.pages]
        stats.balance = _balance(pages, [toc[c.id] - 1 for c in chapters], text_pages, closing)
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


def _balance(pages: list, starts, text_pages: int, closing: Closing) -> list[tuple[int, str]]:
    """The layout's warnings: the page before each chapter (and the front matter's last) may be short."""
    chapter_ends = {start - 1 for start in starts} | {text_pages - 1}
    if not closing.colophon_shared:
        chapter_ends.add(len(pages) - 1)  # the colophon's own page
    notes = range(text_pages, text_pages + closing.notes_pages)
    return balance_warnings(pages, chapter_ends, notes)
