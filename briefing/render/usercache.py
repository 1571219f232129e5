"""The caches the tool keeps between runs, in the user's cache folder.

Two things are kept: where Vietnamese words end (words.py) and the compiled
templates (``TemplateCache``). Both only save time: deleting the folder is
always safe. The folder is ``$XDG_CACHE_HOME/briefing``, else
``~/.cache/briefing``; when that cannot be used, the system's temporary
folder; failing that, nothing is kept. It is never among a build's inputs
(the content, templates, styles, the tool's code: ``protect``). Files are
written whole to a temporary file and renamed, so a killed build never leaves
one half-written.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

CACHE_ENV = "XDG_CACHE_HOME"

_protected: set[Path] = set()  # folders a cache must never be in: a build's inputs


def protect(*folders: Path) -> None:
    """Never keep a cache in ``folders`` (a build's content folder)."""
    _protected.update(folder.resolve() for folder in folders)


def is_protected(path: Path) -> bool:
    return inside(path, [*_protected, *_tool_folders()])


def inside(path: Path, folders: Iterable[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(other) for other in folders)


@cache
def _tool_folders() -> tuple[Path, ...]:
    """The tool's own code, templates and styles: never a cache's place either."""
    from ..options import PROJECT_ROOT, STYLES, TEMPLATES

    return tuple(folder.resolve() for folder in (PROJECT_ROOT / "briefing", TEMPLATES, STYLES))


def cache_folder() -> Path | None:
    """The folder for the caches: the user's cache folder, else the temporary folder.

    A folder inside a protected folder or the tool's own is never used: a build
    does not write among its inputs.
    """
    base = os.environ.get(CACHE_ENV) or str(Path.home() / ".cache")
    candidates = [Path(base) / "briefing", Path(tempfile.gettempdir()) / f"briefing-{os.getuid()}"]
    for folder in candidates:
        if not folder.is_absolute():
            continue  # a relative XDG_CACHE_HOME is to be ignored (XDG Base Directory spec)
        if is_protected(folder):
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            continue
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


def save_whole(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file; False if the disk would not."""
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:  # a full disk or a read-only cache costs time next run, nothing else
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)
        return False
    return True


class TemplateCache(BytecodeCache):
    """Compiled templates kept between runs: a cold build does not compile them again.

    Jinja keys each by the template's name and file and checks it against the
    template's source, so an edited template is compiled afresh. The folder is
    asked for at each use: a content folder protected since is never written to.
    """

    FOLDER = "templates"

    def _file(self, bucket: Bucket) -> Path | None:
        folder = cache_folder()
        if folder is None:
            return None
        (folder / self.FOLDER).mkdir(exist_ok=True, mode=0o700)
        return folder / self.FOLDER / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        path = None
        with contextlib.suppress(OSError):
            path = self._file(bucket)
        if path is None or not path.is_file():
            return
        try:
            with path.open("rb") as stream:
                bucket.load_bytecode(stream)  # Jinja drops what another Python version wrote
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):  # damaged: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            path = self._file(bucket)
            if path is not None:
                save_whole(path, bucket.bytecode_to_string())
