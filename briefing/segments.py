"""Lay the booklet out in segments, and keep what did not change.

Chapters start on a new page, so each can be laid out on its own: the front
matter (cover and contents) is one segment, every chapter another, and the
closing pages (notes pages up to a multiple of four, and the colophon) the last. A segment
that starts on page N is told so (its first page's side and number), and the
laid-out pages of all segments are combined into one document, whose links
and bookmarks WeasyPrint resolves across them when writing the PDF.

A ``SegmentRenderer`` keeps WeasyPrint warm: stylesheets parsed once, one font
configuration, and every segment's layout cached by (its HTML, its first page).
A cold build is the same code with an empty cache, so a full build and an
incremental one cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from .chapters import FRONT, TAIL, chapter_plan, notes_pages_after
from .fonts import font_face_css
from .formatting import VietnameseFormat
from .html import Changes, render_html
from .model import Booklet
from .options import Layout
from .pdf import ProjectURLFetcher, collect_warnings

MAX_FRONT_PASSES = 3  # contents numbers can, in theory, change the contents' own length


@dataclass
class LayoutStats:
    laid_out: list[str] = field(default_factory=list)  # segments laid out this time
    reused: list[str] = field(default_factory=list)  # segments taken from the cache
    warnings: list[str] = field(default_factory=list)


class SegmentRenderer:
    def __init__(self, layout: Layout, allowed_roots: list[Path]):
        self.layout = layout
        self.fetcher = ProjectURLFetcher(allowed_roots)
        self.font_config = FontConfiguration()
        base_url = str(layout.styles)
        with collect_warnings() as warnings:
            self.stylesheets = [
                CSS(string=font_face_css(), font_config=self.font_config, url_fetcher=self.fetcher),
                *(
                    CSS(filename=str(path), base_url=base_url, font_config=self.font_config, url_fetcher=self.fetcher)
                    for path in layout.stylesheets
                ),
            ]
        self.stylesheet_warnings = list(warnings)
        self._cache: dict[tuple[str, int], Document] = {}
        self._toc_pages: dict[str, int] = {}  # last known, to lay the front out once in the usual case

    def render(
        self, booklet: Booklet, stamp_slots: bool = False, changes: Changes | None = None
    ) -> tuple[Document, LayoutStats]:
        """The whole booklet laid out, reusing every segment whose HTML and first page are unchanged."""
        stats = LayoutStats(warnings=list(self.stylesheet_warnings))
        self.stylesheet_warnings = []  # reported once

        def html_for(part: str, start: int, toc: dict[str, int] | None = None, notes: int = 0) -> str:
            return render_html(booklet, self.layout, part, toc, start, stamp_slots, changes, notes)

        chapters = chapter_plan(booklet, VietnameseFormat(), self.layout.review, changes is not None)
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
        with collect_warnings() as warnings:
            document = HTML(string=html, base_url=str(self.layout.styles), url_fetcher=self.fetcher).render(
                font_config=self.font_config, stylesheets=self.stylesheets
            )
        stats.warnings += warnings
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
