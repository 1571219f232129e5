"""Lay the booklet out: whole, for one build, or in segments, kept between builds.

Both layouts have one interface, ``lay_out_booklet(html)``, and share their
set-up: stylesheets parsed once, one font configuration, one set of colour
profiles (--press names its output intent's profile in a stylesheet), one URL
fetcher. They ask ``html`` (html.py's ``BookletHTML``, or its stand-in in
another process: layoutprocess.py) for each part they lay out, and know nothing
of content or templates. ``write_pdf`` and ``print_booklet`` add the PDF, the
variants' steps and the saved file.

``WholeLayout`` lays the body out as one document, then the closing pages
(notes pages up to a multiple of four, and the colophon), whose number depends
on the body's length: the fastest way for a single build. Where the balancer
sets a chapter closer, only the chapters from it on are laid out again, after
the pages before them, with the contents given their new page numbers.

``SegmentedLayout`` (watch mode keeps it between builds) relies on chapters
starting on a new page: the front matter (cover and contents) is one segment,
every chapter another, the closing pages the last. A segment that starts on
page N is told so (its first page's side and number), and the laid-out pages
of all segments are combined into one document, whose links and bookmarks
WeasyPrint resolves across them when writing the PDF. Every segment's layout is
cached by (its HTML, its first page), so chapters that did not change keep
their layout. Both give the same pages (tested).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from ..atomic import atomic_write
from ..options import Design
from ..variants import steps
from .balance import balance_warnings, ends_short, fill
from .chapters import FRONT, TAIL, Chapter, needs_a_page_saved, notes_pages_after
from .fonts import font_face_css
from .pdf import ProjectURLFetcher, WrittenPDF, collect_warnings, write_document
from .printjob import Printed, PrintJob, finish, page_count
from .spacing import set_loose_paragraphs_ragged

if TYPE_CHECKING:  # a type only: the layout asks for HTML, it does not fill templates in
    from .html import BookletHTML

MAX_FRONT_PASSES = 3  # contents numbers can, in theory, change the contents' own length


@dataclass
class LayoutStats:
    laid_out: list[str] = field(default_factory=list)  # segments laid out this time
    reused: list[str] = field(default_factory=list)  # segments taken from the cache
    warnings: list[str] = field(default_factory=list)
    balance: list[tuple[int, str]] = field(default_factory=list)  # (page, why it is out of balance)


class Layout:
    """What both layouts share: parsed stylesheets, fonts, colour profiles, the URL fetcher."""

    def __init__(self, design: Design, allowed_roots: list[Path]):
        self.design = design
        self.fetcher = ProjectURLFetcher(allowed_roots)
        self.font_config = FontConfiguration()
        self.color_profiles: dict = {}  # filled by @color-profile rules, read when the PDF is written
        base_url = str(design.styles)
        common = {"font_config": self.font_config, "url_fetcher": self.fetcher, "color_profiles": self.color_profiles}
        with collect_warnings() as warnings:
            self.stylesheets = [
                CSS(string=font_face_css(), **common),
                *(CSS(filename=str(path), base_url=base_url, **common) for path in design.stylesheets),
                *(CSS(string=rule, base_url=base_url, **common) for rule in design.variant_rules),  # --icc
            ]
        self.stylesheet_warnings = list(warnings)

    def lay_out_booklet(self, html: BookletHTML) -> tuple[Document, LayoutStats]:
        raise NotImplementedError

    def write_pdf(self, html: BookletHTML, job: PrintJob) -> tuple[WrittenPDF, LayoutStats]:
        """The booklet laid out and written as PDF, with the variants' PDF standard and attachments.

        The variants' steps (imposition, press marks) are not run here: copies are stamped first.
        """
        document, stats = self.lay_out_booklet(html)
        pdf = write_document(document, job.pdf_variant, job.attachments, job.attachment_date, stats.warnings)
        return pdf, stats

    def print_booklet(self, html: BookletHTML, job: PrintJob) -> Printed:
        """The booklet's PDF, finished by the variants' steps and saved (whole or not at all)."""
        pdf, stats = self.write_pdf(html, job)
        data, pages = pdf.data, pdf.pages
        if steps(job.variants) or job.job.page_mark:
            data = finish(data, job.variants, job.job)
            pages = page_count(data)
        sha256 = atomic_write(job.output, data)
        return Printed(pages, sha256, pdf.warnings, stats.laid_out, stats.reused, stats.balance)

    def _new_stats(self) -> LayoutStats:
        stats = LayoutStats(warnings=list(self.stylesheet_warnings))
        self.stylesheet_warnings = []  # reported once
        return stats

    def _lay_out_html(self, html: str, stats: LayoutStats) -> Document:
        """Lay ``html`` out; paragraphs with a too loose justified line are set ragged-right (spacing.py)."""
        with collect_warnings() as warnings:
            document = HTML(string=html, base_url=str(self.design.styles), url_fetcher=self.fetcher).render(
                font_config=self.font_config, stylesheets=self.stylesheets, color_profiles=self.color_profiles
            )
        set_loose_paragraphs_ragged(document)
        stats.warnings += warnings
        return document


class WholeLayout(Layout):
    def lay_out_booklet(self, html: BookletHTML) -> tuple[Document, LayoutStats]:
        """The body as one document, then the closing pages that round it up to whole sheets.

        Where a chapter set closer saves a page, or the appendix going on after the
        chapter before it does, when that is needed (see ``Balancer``), only what that
        changes is laid out again: the chapters from the first one it changes, as one
        part after the pages before them, and the contents with their new page numbers
        (the whole body, should the contents change length).
        """
        stats, chapters = self._new_stats(), html.chapters
        body = self._lay_out_html(html.part("body"), stats)
        pages = list(body.pages)
        starts = chapter_starts(pages, chapters)
        bounds = [starts[c.id] for c in chapters] + [len(pages)]
        first_page = bounds[0] + 1

        def lay_out(chapter: Chapter, start: int, closer: bool) -> list:
            first, end = bounds[chapters.index(chapter)], bounds[chapters.index(chapter) + 1]
            if not closer:
                return pages[first:end]
            return self._lay_out_html(html.part(chapter.id, start, tight=frozenset({chapter.id})), stats).pages

        changed: dict[tuple, tuple[int, Document]] = {}

        def changed_part(tight: set[str], run_on: frozenset[str]) -> tuple[int, Document]:
            """The index of the first chapter these choices change, and the chapters from it on laid out."""
            key = (frozenset(tight), run_on)
            if key not in changed:
                first = min(i for i, c in enumerate(chapters) if c.id in tight or c.id in run_on)
                first -= chapters[first].id in run_on  # running on changes the last page of the chapter before
                ids = "+".join(c.id for c in chapters[first:])
                part = self._lay_out_html(html.part(ids, bounds[first] + 1, tight=tight, run_on=run_on), stats)
                changed[key] = first, part
            return changed[key]

        def lay_out_all(tight: set[str], run_on: frozenset[str]) -> int:
            first, part = changed_part(tight, run_on)
            return bounds[first] - bounds[0] + len(part.pages)

        tight, run_on = Balancer(chapters, lay_out, lay_out_all).decide(first_page)
        if tight or run_on:
            first, part = changed_part(tight, run_on)
            found = chapter_starts(part.pages, chapters[first:])
            toc = {c.id: bounds[i] + 1 for i, c in enumerate(chapters[:first])}
            toc |= {c.id: bounds[first] + 1 + found[c.id] for c in chapters[first:]}
            front = self._lay_out_html(html.part(FRONT, 1, toc), stats)
            if len(front.pages) == bounds[0]:
                pages = [*front.pages, *pages[bounds[0] : bounds[first]], *part.pages]
            else:  # every page number after the contents moves
                pages = list(self._lay_out_html(html.part("body", tight=tight, run_on=run_on), stats).pages)
            starts = chapter_starts(pages, chapters)
        text_pages = len(pages)
        notes = notes_pages_after(text_pages)
        pages += self._lay_out_html(html.part(TAIL, text_pages + 1, notes=notes), stats).pages
        stats.laid_out = [FRONT, *(c.id for c in chapters), TAIL]
        stats.balance = _balance(pages, [starts[c.id] for c in chapters if c.id not in run_on], text_pages, notes)
        return body.copy(pages), stats


class SegmentedLayout(Layout):
    def __init__(self, design: Design, allowed_roots: list[Path]):
        super().__init__(design, allowed_roots)
        self._cache: dict[tuple[str, int], Document] = {}
        self._asked: set[tuple[str, int]] = set()  # the segments this build asked for, used or tried
        self._toc_pages: dict[str, int] = {}  # last known, to lay the front out once in the usual case

    def lay_out_booklet(self, html: BookletHTML) -> tuple[Document, LayoutStats]:
        """The whole booklet laid out, reusing every segment whose HTML and first page are unchanged."""
        stats, chapters = self._new_stats(), html.chapters
        self._asked = set()

        def runs(tight: set[str], run_on: frozenset[str], start: int) -> tuple[list[Document], dict[str, int]]:
            """The chapters laid out from ``start`` on: one segment each, or with the next running on."""
            groups: list[list[Chapter]] = []
            for chapter in chapters:
                if chapter.id in run_on and groups:
                    groups[-1].append(chapter)
                else:
                    groups.append([chapter])
            documents, toc = [], {}
            for group in groups:
                part = "+".join(c.id for c in group)
                closer = frozenset(tight & {c.id for c in group})
                document = self._segment(part, html.part(part, start, tight=closer, run_on=run_on), start, stats)
                found = chapter_starts(document.pages, group)
                toc.update({c.id: start + found.get(c.id, 0) for c in group})
                documents.append(document)
                start += len(document.pages)
            return documents, toc

        def lay_out(chapter: Chapter, start: int, closer: bool) -> list:
            tight = frozenset({chapter.id} if closer else ())
            return self._segment(chapter.id, html.part(chapter.id, start, tight=tight), start, stats).pages

        guess = {c.id: self._toc_pages.get(c.id, 0) for c in chapters}
        front = self._segment(FRONT, html.part(FRONT, 1, guess), 1, stats)
        for _ in range(MAX_FRONT_PASSES):
            first_page = len(front.pages) + 1

            def lay_out_all(tight: set[str], run_on: frozenset[str], first_page=first_page) -> int:
                return sum(len(d.pages) for d in runs(tight, run_on, first_page)[0])

            tight, run_on = Balancer(chapters, lay_out, lay_out_all).decide(first_page)
            laid, toc = runs(tight, run_on, first_page)
            text_pages = first_page - 1 + sum(len(d.pages) for d in laid)
            notes = notes_pages_after(text_pages)
            documents = [front, *laid]
            documents.append(self._segment(TAIL, html.part(TAIL, text_pages + 1, notes=notes), text_pages + 1, stats))
            front_pages = len(front.pages)
            front = self._segment(FRONT, html.part(FRONT, 1, toc), 1, stats)
            documents[0] = front
            self._toc_pages = toc
            if len(front.pages) == front_pages:
                break
        self._forget_all_but_asked()
        pages = [page for document in documents for page in document.pages]
        stats.balance = _balance(pages, [toc[c.id] - 1 for c in chapters if c.id not in run_on], text_pages, notes)
        return front.copy(pages), stats

    def _segment(self, name: str, html: str, start: int, stats: LayoutStats) -> Document:
        key = (html, start)
        self._asked.add(key)
        if key in self._cache:
            if name not in stats.laid_out and name not in stats.reused:
                stats.reused.append(name)
            return self._cache[key]
        document = self._lay_out_html(html, stats)
        if name not in stats.laid_out:
            stats.laid_out.append(name)
        if name in stats.reused:
            stats.reused.remove(name)
        self._cache[key] = document
        return document

    def _forget_all_but_asked(self) -> None:
        """Keep only the layouts this build asked for, those it used and those the balancer tried (a
        chapter set closer, or not): the next build tries the same, and memory stays flat while watching."""
        self._cache = {key: doc for key, doc in self._cache.items() if key in self._asked}


def chapter_starts(pages: list, chapters: list[Chapter]) -> dict[str, int]:
    """The 0-based page each chapter starts on, from the anchors the layout recorded."""
    ids, starts = {c.id for c in chapters}, {}
    for index, page in enumerate(pages):
        for anchor in page.anchors:
            if anchor in ids:
                starts.setdefault(anchor, index)
    return starts


class Balancer:
    """Which chapters to set closer, and whether the appendix runs on, so the pages balance.

    The same decisions for both layouts, from the same laid-out pages: each chapter laid
    out alone from a start page (``lay_out(chapter, start, closer)``), and the whole
    text laid out with given choices (``lay_out_all(tight, run_on)``, its pages).
    Page sides do not change a layout (mirrored margins, one measure), so a chapter
    saves the same pages wherever it starts.

    1. A chapter whose last page holds only a few lines is set closer if that saves the page.
    2. If the text would still need a third notes page: the chapter whose last page holds
       least, of those that set closer save a page, is set closer.
    3. If it still would: the appendix goes on after the chapter before it, then the
       discussion questions too (those chapters set closer, if need be), if that saves a page.
    """

    def __init__(self, chapters: list[Chapter], lay_out, lay_out_all):
        self.chapters, self.lay_out, self.lay_out_all = chapters, lay_out, lay_out_all

    def decide(self, first_page: int) -> tuple[set[str], frozenset[str]]:
        tight: set[str] = set()
        pages_of: dict[str, list] = {}
        start = first_page
        for chapter in self.chapters:
            pages = self.lay_out(chapter, start, False)
            if ends_short(pages) and len(closer := self.lay_out(chapter, start, True)) < len(pages):
                tight.add(chapter.id)
                pages = closer
            pages_of[chapter.id] = pages
            start += len(pages)
        text_pages = start - 1
        if needs_a_page_saved(text_pages):
            starts = dict(zip((c.id for c in self.chapters), itertools.accumulate(
                (len(pages_of[c.id]) for c in self.chapters), initial=first_page), strict=False))  # fmt: skip
            for chapter in save_a_page_candidates(self.chapters, pages_of, tight):
                closer = self.lay_out(chapter, starts[chapter.id], True)
                if len(closer) < len(pages_of[chapter.id]):
                    tight.add(chapter.id)
                    text_pages -= len(pages_of[chapter.id]) - len(closer)
                    break
        if needs_a_page_saved(text_pages):
            movable = [c.id for c in self.chapters[1:] if c.may_run_on]
            for count in range(1, len(movable) + 1):  # the appendix; then the questions too
                run_on = frozenset(movable[-count:])
                following = [c.id for c in self.chapters[1:]] + [""]
                joined = {c.id for c, after in zip(self.chapters, following, strict=True) if run_on & {c.id, after}}
                for closer in (tight, tight | joined):  # running on, then running on set closer
                    if first_page - 1 + self.lay_out_all(closer, run_on) < text_pages:
                        return closer, run_on
        return tight, frozenset()


def save_a_page_candidates(chapters: list[Chapter], pages_of: dict[str, list], tight: set[str]) -> list[Chapter]:
    """Chapters to try setting closer to save a page: of several pages, not set closer yet,
    the one whose last page holds least first."""
    found = [c for c in chapters if c.id not in tight and len(pages_of[c.id]) > 1]
    return sorted(found, key=lambda c: fill(pages_of[c.id][-1]))


def _balance(pages: list, starts, text_pages: int, notes: int) -> list[tuple[int, str]]:
    """The layout's warnings: the page before each chapter that opens a page (and the front
    matter's last) may be short, and so may the colophon's page."""
    chapter_ends = {start - 1 for start in starts} | {text_pages - 1, len(pages) - 1}
    return balance_warnings(pages, chapter_ends, range(text_pages, text_pages + notes))
