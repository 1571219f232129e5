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

from .chapters import FRONT, TAIL, Chapter, notes_pages_after
from .fonts import font_face_css
from .html import Changes, evidence_marks, render_html
from .model import Booklet
from .options import Layout
from .pdf import ProjectURLFetcher, collect_warnings

MAX_FRONT_PASSES = 3  # contents numbers can, in theory, change the contents' own length


@dataclass
class LayoutStats:
    laid_out: list[str] = field(default_factory=list)  # segments laid out this time
    reused: list[str] = field(default_factory=list)  # segments taken from the cache
    warnings: list[str] = field(default_factory=list)


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
        with collect_warnings() as warnings:
            document = HTML(string=html, base_url=str(self.layout.styles), url_fetcher=self.fetcher).render(
                font_config=self.font_config, stylesheets=self.stylesheets, color_profiles=self.color_profiles
            )
        stats.warnings += warnings
        return document


class WholeRenderer(Renderer):
    def render(
        self, booklet: Booklet, chapters: list[Chapter], stamp_slots: bool = False, changes: Changes | None = None
    ) -> tuple[Document, LayoutStats]:
        """The body as one document, then the closing pages that round it up to whole sheets."""
        stats = self._new_stats()
        marks = evidence_marks(booklet, self.layout, chapters, changes) if self.layout.review else None
        html = render_html(booklet, self.layout, "body", stamp_slots=stamp_slots, changes=changes,
                           standalone=False, chapters=chapters, marks=marks)  # fmt: skip
        body = self._lay_out(html, stats)
        start = len(body.pages) + 1
        html = render_html(booklet, self.layout, TAIL, start_page=start, notes_pages=notes_pages_after(start - 1),
                           chapters=chapters, marks=marks)  # fmt: skip
        tail = self._lay_out(html, stats)
        stats.laid_out = [FRONT, *(c.id for c in chapters), TAIL]
        return body.copy([*body.pages, *tail.pages]), stats


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

        def html_for(part: str, start: int, toc: dict[str, int] | None = None, notes: int = 0) -> str:
            return render_html(
                booklet, self.layout, part, toc, start, stamp_slots, changes, notes, chapters=chapters, marks=marks
            )

        guess = {c.id: self._toc_pages.get(c.id, 0) for c in chapters}
        front = self._segment(FRONT, html_for(FRONT, 1, guess), 1, stats)
        for _ in range(MAX_FRONT_PASSES):
            documents, toc, start = [front], {}, len(front.pages) + 1
            for chapter in chapters:
                toc[chapter.id] = start
                document = self._segment(chapter.id, html_for(chapter.id, start), start, stats)
                documents.append(document)
                start += len(document.pages)
            notes = notes_pages_after(start - 1)
            documents.append(self._segment(TAIL, html_for(TAIL, start, notes=notes), start, stats))
            front_pages = len(front.pages)
            front = self._segment(FRONT, html_for(FRONT, 1, toc), 1, stats)
            documents[0] = front
            self._toc_pages = toc
            if len(front.pages) == front_pages:
                break
        self._forget_all_but(documents)
        pages = [page for document in documents for page in document.pages]
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
