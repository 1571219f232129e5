"""Lay out HTML with WeasyPrint and write the PDF safely.

Safety here means two things. The renderer may read only the project's own
styles and the packaged fonts (no other file, no network), whatever the HTML
asks for. And the PDF is written to a temporary file beside the target and
renamed into place only when complete, so a failed or interrupted build never
leaves a broken or half-written booklet where the last good one was.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)


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
class RenderedPDF:
    path: Path
    pages: int
    warnings: list[str] = field(default_factory=list)


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


def write_pdf(html: str, output: Path, base_url: Path, allowed_roots: Iterable[Path]) -> RenderedPDF:
    fetcher = ProjectURLFetcher(allowed_roots)
    with collect_warnings() as warnings:
        document = HTML(string=html, base_url=str(base_url), url_fetcher=fetcher).render(
            font_config=FontConfiguration()
        )
        atomic_write(output, lambda stream: document.write_pdf(stream))
    return RenderedPDF(output, len(document.pages), list(warnings))


def atomic_write(output: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``output`` through a temporary file in the same folder, then rename."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a booklet is not
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
