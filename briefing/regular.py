"""Read an input the operator names (a list, a key, a PDF to check) only if it is a regular file of sane size.

A FIFO named as the recipients list would block the run forever, ``/dev/zero``
would be read until memory runs out, and a folder gives an English errno. The
file is opened without blocking and checked on the open descriptor (no race
between the check and the read), then read up to a limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MB = 1024 * 1024


class NotARegularFile(OSError):
    """The path is not a regular file we may read, or is larger than the limit; the message is Vietnamese."""

    def __init__(self, path: Path, message: str):
        super().__init__(None, message, str(path))  # no errno: the message is the reason


def size_text(size: int) -> str:
    return f"{size / MB:g} MB" if size >= MB else f"{size // 1024} KB"


def read_regular(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of ``path``; ``NotARegularFile`` (an ``OSError``) unless it is a regular file of at most ``limit``.

    ``follow_links=False`` refuses a symbolic link itself (``send`` attaches nothing a link points to).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= os.O_NOFOLLOW
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:
            raise NotARegularFile(path, "là liên kết tượng trưng, không phải tệp thật") from None
        raise
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(path, _kind(info.st_mode))
        if info.st_size > limit:
            raise NotARegularFile(path, f"tệp quá lớn ({size_text(info.st_size)}; tối đa {size_text(limit)})")
        os.set_blocking(descriptor, True)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise NotARegularFile(path, f"tệp quá lớn (hơn {size_text(limit)})")
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "là một thư mục, không phải tệp"
    if stat.S_ISFIFO(mode):
        return "là một ống dẫn (FIFO), không phải tệp thường; hãy chỉ ra một tệp thật"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "là một thiết bị, không phải tệp thường; hãy chỉ ra một tệp thật"
    if stat.S_ISSOCK(mode):
        return "là một socket, không phải tệp thường; hãy chỉ ra một tệp thật"
    return "không phải tệp thường; hãy chỉ ra một tệp thật"
