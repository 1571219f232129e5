"""What the preview page shows: the last good pages, and what went wrong since.

``PreviewSite.publish`` is the callback watch mode calls after every build.
It copies the PDF and draws its pages as pictures into the site folder, then hands the
new state to every open page (server-sent events, see ``webserver.py``). It knows
how a build went, not how to build.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
import time
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_write
from .pageimages import PageImage, PageImages

if TYPE_CHECKING:  # a type only: the site shows builds, it does not make them
    from .watch import BuildOutcome

ASSETS = ("index.html", "preview.css", "preview.js")
PAGES_FOLDER = "pages"


def site_folder(output: Path) -> Path:
    """Where the preview of ``output`` lives: its own folder beside it, and nothing else in it."""
    return output.with_name(f"{output.stem}-preview")


@dataclass
class _State:
    generation: int = 0
    status: str = "building"  # "building" (no build yet), "ok" or "error"
    pdf: str | None = None
    seconds: float | None = None
    built_at: str | None = None
    pages: list[PageImage] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)  # numbers of pages that differ from the build before
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failure: str | None = None


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """(device, inode) of ``folder`` if it is a real folder, not a link to one; else None."""
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


class FolderReplaced(OSError):
    """The site folder is no longer the one the preview started with (swapped for a link or another folder)."""


class PreviewSite:
    """The preview's folder, resolved once: the site writes and the server reads there only, and stop
    doing so if the folder is swapped for a link or another folder meanwhile."""

    def __init__(self, folder: Path, pdf_name: str = "booklet.pdf"):
        self.folder = folder.absolute()
        self.identity: tuple[int, int] | None = None  # set by ``prepare``
        self.pdf_name = pdf_name
        self._images = PageImages(folder / PAGES_FOLDER)
        self._state = _State()
        self._json = self._encode()
        self._changed = threading.Condition()
        self.closed = False

    def prepare(self) -> None:
        """Put the page's own files in the folder (once the server could start)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.identity = folder_identity(self.folder)
        if self.identity is None:
            raise FolderReplaced(f"{self.folder} không phải thư mục thật (là liên kết hay tệp); xóa nó rồi chạy lại")
        for name in ASSETS:
            atomic_write(self.folder / name, resources.files("briefing.preview.assets").joinpath(name).read_bytes())

    def is_intact(self) -> bool:
        """Is the folder still the one ``prepare`` found?"""
        return self.identity is not None and folder_identity(self.folder) == self.identity

    def publish(self, outcome: BuildOutcome) -> None:
        state = self._state
        if not self.is_intact():  # nothing is written through a link someone put in its place
            outcome = replace(outcome, result=None, problems=(), failure=(
                f"Thư mục xem trước {self.folder} đã bị thay (bằng liên kết hay thư mục khác); không ghi gì vào đó. "
                "Dừng lệnh serve, xóa thư mục đó rồi chạy lại."))  # fmt: skip
        if outcome.ok:
            pdf = outcome.result.path.read_bytes()
            atomic_write(self.folder / self.pdf_name, pdf)
            pages = self._images.draw(self.folder / self.pdf_name)
            before = {page.number: page.name for page in state.pages}
            changed = [p.number for p in pages if state.pages and before.get(p.number) != p.name]
            self._images.forget_except(pages + state.pages)  # pictures an open page may still ask for
            new = _State(
                status="ok",
                pdf=f"{self.pdf_name}?v={hashlib.sha256(pdf).hexdigest()[:12]}",
                pages=pages,
                changed=changed,
                warnings=[str(p) for p in outcome.problems],
            )
        else:  # the last good pages stay, under what is wrong now
            new = _State(
                status="error",
                pdf=state.pdf,
                pages=state.pages,
                changed=state.changed,
                problems=[str(p) for p in outcome.problems],
                failure=outcome.failure,
            )
        new.seconds, new.built_at = outcome.seconds, time.strftime("%H:%M:%S")
        with self._changed:
            new.generation = state.generation + 1
            self._state = new
            self._json = self._encode()
            self._changed.notify_all()

    def wait_for_state(self, seen: int, timeout: float) -> tuple[int, str]:
        """The state once its generation is past ``seen`` (or as it is after ``timeout`` seconds)."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.generation > seen or self.closed, timeout)
            return self._state.generation, self._json

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def _encode(self) -> str:
        state = self._state
        return json.dumps(
            {
                "generation": state.generation,
                "status": state.status,
                "pdf": state.pdf,
                "seconds": None if state.seconds is None else f"{state.seconds:.2f}".replace(".", ","),
                "builtAt": state.built_at,
                "pages": [
                    {
                        "number": p.number,
                        "src": f"{PAGES_FOLDER}/{p.name}",
                        "width": p.width,
                        "height": p.height,
                        "text": p.text,
                        "changed": p.number in state.changed,
                    }
                    for p in state.pages
                ],
                "problems": state.problems,
                "warnings": state.warnings,
                "failure": state.failure,
            },
            ensure_ascii=False,
        )
