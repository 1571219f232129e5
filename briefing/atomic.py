"""Write files so that a failure never leaves a broken one, and clean up after a kill.

Every output is written to a hidden temporary file beside its target, named
``.<target>.<pid>.<random>.tmp``, and renamed into place only when complete.
A killed process cannot remove its temporary; the owner's process id in the
name lets the next run tell a dead process's leftovers from a live one's work.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Left by a version that did not put the process id in the name: removed once this old.
UNOWNED_AGE_SECONDS = 3600
_OWNED = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)(\.[A-Za-z0-9_]+)?\.tmp$")
_UNOWNED = re.compile(r"^\.(?P<target>.+?)(\.[A-Za-z0-9_]{8})?\.tmp$")


def temporary_prefix(output: Path) -> str:
    return f".{output.name}.{os.getpid()}."


def atomic_write(output: Path, data: bytes) -> str:
    """Write ``output`` through a temporary file in the same folder, then rename; return the data's SHA-256."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=output.parent, prefix=temporary_prefix(output), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~current_umask())  # mkstemp makes it private; a booklet is not
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


def remove_stale_temporaries(folder: Path, is_ours: Callable[[str], bool]) -> list[Path]:
    """Remove our temporaries in ``folder`` whose process is gone; return what was removed.

    ``is_ours`` says whether a target name is one we write there (so another
    program's hidden files are never touched).
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:  # no folder yet, or not readable: nothing of ours to clean
        return removed
    for entry in entries:
        owned, unowned = _OWNED.match(entry.name), _UNOWNED.match(entry.name)
        if owned and is_ours(owned["target"]):
            stale = not _alive(int(owned["pid"]))
        elif unowned and is_ours(unowned["target"]):
            stale = _age(entry) > UNOWNED_AGE_SECONDS
        else:
            continue
        if stale and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass  # not ours to remove after all (permissions): harmless, it stays hidden
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # exists, another user's  (or not a pid at all: leave it)
    return True


def _age(entry: os.DirEntry) -> float:
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0


def current_umask() -> int:
    """The process's umask (reading it means setting it: set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
