"""Lay out HTML with WeasyPrint, confined, and write the PDF.

WeasyPrint may read only the project's own styles, the packaged fonts and the
content folder (no other file, no network), whatever the HTML asks for. Files
are written elsewhere (``briefing/atomic.py``): importing that never loads
WeasyPrint.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML, Attachment, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .printjob import EmbeddedFile


class RefusedURL(ValueError):
    """The document asked for a resource outside what the booklet may use."""


class ProjectURLFetcher(URLFetcher):
    """Serves ``file:`` URLs under the allowed folders and inline ``data:``; nothing else."""

    def __init__(self, allowed_roots: Iterable[Path]):
        super().__init__(allowed_protocols=("file", "data"))
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
            path = Path(unquote(parsed.path)).resolve()
            if any(path.is_relative_to(root) for root in self.allowed_roots):
                return super().fetch(url, headers)
        self.refused.append(url)
        raise RefusedURL(f"refused to load {url}: only the project's styles and fonts may be read")


@dataclass
class WrittenPDF:
    data: bytes
    document: Document  # the laid-out pages, e.g. for the anchors of stamp slots
    warnings: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.document.pages)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collect_warnings(logger_name: str = "weasyprint") -> Iterator[list[str]]:
    """Collect what WeasyPrint logs at WARNING or above (ignored CSS, missing fonts…)."""
    collector = _Collector()
    target = logging.getLogger(logger_name)
    target.addHandler(collector)
    try:
        yield collector.messages
    finally:
        target.removeHandler(collector)


def lay_out(html: str, base_url: Path, allowed_roots: Iterable[Path]) -> tuple[Document, list[str]]:
    """Lay out one standalone HTML document (it carries its own stylesheets)."""
    fetcher = ProjectURLFetcher(allowed_roots)
    with collect_warnings() as warnings:
        document = HTML(string=html, base_url=str(base_url), url_fetcher=fetcher).render(
            font_config=FontConfiguration()
        )
    return document, list(warnings)


def pdf_from_html(html: str, base_url: Path, allowed_roots: Iterable[Path]) -> WrittenPDF:
    """One standalone HTML document to PDF."""
    document, warnings = lay_out(html, base_url, allowed_roots)
    return write_document(document, warnings=warnings)


def write_document(
    document: Document,
    variant: str | None = None,
    attachments: Iterable[EmbeddedFile] = (),
    attachment_date=None,
    warnings: Iterable[str] = (),
) -> WrittenPDF:
    """The PDF bytes of laid-out pages: drawing, font subsetting, the variant's extras."""
    with collect_warnings() as writing_warnings:
        embedded = [
            Attachment(
                string=item.path.read_bytes(),
                name=item.name,
                description=item.description,
                created=attachment_date,
                modified=attachment_date,
                relationship="Source",
            )
            for item in attachments
        ]
        data = document.write_pdf(pdf_variant=variant, attachments=embedded or None)
    return WrittenPDF(data, document, [*warnings, *writing_warnings])
