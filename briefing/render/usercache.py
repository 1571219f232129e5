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
import stat
import sys
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
    does not write among its inputs. Nor is one another user could have put
    there or could write to: it must be the user's own, a real folder (not a
    link), writable by no one else (``is_private``); what is read from it is
    checked the same way (``private_file``), since a compiled template is
    unpickled, and so runs, when it is loaded.
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
        if not is_private(folder):
            _say_once(folder)
            continue
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


def is_private(folder: Path) -> bool:
    """Is ``folder`` a real folder of this user's that no one else can write to, in a parent where no one
    else can replace it (a parent others may write to must be sticky, as /tmp is)?"""
    try:
        own = os.lstat(folder)
        parent = os.stat(folder.parent)
    except OSError:
        return False
    if not stat.S_ISDIR(own.st_mode) or own.st_uid != os.getuid() or own.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    others_write_parent = parent.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and parent.st_uid != os.getuid()
    return not others_write_parent or bool(parent.st_mode & stat.S_ISVTX)


def private_file(path: Path) -> bool:
    """Is ``path`` a regular file of this user's that no one else can write to (else it is not read)?"""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))  # fmt: skip


_refused: set[Path] = set()


def _say_once(folder: Path) -> None:
    if folder not in _refused:
        _refused.add(folder)
        print(f"Không dùng thư mục đệm {folder}: không phải thư mục riêng của người dùng này (người khác có thể "
              "ghi vào); tài liệu vẫn dựng được, chỉ chậm hơn.", file=sys.stderr)  # fmt: skip


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
        templates = folder / self.FOLDER
        templates.mkdir(exist_ok=True, mode=0o700)
        if not is_private(templates):
            _say_once(templates)
            return None
        return templates / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        path = None
        with contextlib.suppress(OSError):
            path = self._file(bucket)
        if path is None or not private_file(path):  # unpickled when loaded: only what this user wrote
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
