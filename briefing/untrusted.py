"""Work on a file someone else made, in a child process that cannot take the machine with it.

A PDF can claim two billion cross-reference entries in 289 bytes, or inflate a
few megabytes into gigabytes; a parser may take minutes or all the memory
before noticing. The readers we use check what they can (strict parsing,
bounded decompression in ``bounded.py``); this is the second line: the work
runs in a forked child with a memory ceiling (``RLIMIT_AS``, counted above what
the process already maps), a CPU-time limit and a wall-clock deadline, and
writes nothing (``RLIMIT_FSIZE`` 0). The child sends back its result, pickled;
if it runs out of memory or time, or dies, the caller gets ``LimitExceeded``
with a Vietnamese reason, never a hang or a crash.

The parent should import the heavy libraries before calling, so that each
child starts warm (fork shares them).
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    memory: int = 1024 * MB  # address space the child may add to what it inherits
    cpu_seconds: int = 20
    wall_seconds: float = 60.0

    def memory_text(self) -> str:
        return f"{self.memory // MB} MB" if self.memory < 1024 * MB else f"{self.memory / (1024 * MB):g} GB"


DEFAULT = Limits()


class LimitExceeded(Exception):
    """The work ran out of memory or time, or its process died; ``str()`` says which, in Vietnamese."""


def run_limited(work: Callable[..., T], *args: Any, limits: Limits = DEFAULT) -> T:
    """``work(*args)`` in a child process under ``limits``; its exception is raised here, re-created."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(reader)
        _child(writer, work, args, limits)
    os.close(writer)
    try:
        payload, timed_out = _read_all(reader, time.monotonic() + limits.wall_seconds)
    except BaseException:  # Ctrl-C: the child goes too
        _kill(pid)
        raise
    finally:
        os.close(reader)
    if timed_out:
        _kill(pid)
        raise LimitExceeded(f"xử lý quá lâu (hơn {limits.wall_seconds:g} giây); có thể là tệp cố ý làm hỏng")
    _, status = os.waitpid(pid, 0)
    if payload:
        kind, value = pickle.loads(payload)
        if kind == "ok":
            return value
        if kind == "memory":
            raise LimitExceeded(f"cần quá nhiều bộ nhớ (hơn {limits.memory_text()}); có thể là tệp cố ý làm hỏng")
        raise value
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        raise LimitExceeded(f"xử lý quá lâu (hơn {limits.cpu_seconds} giây); có thể là tệp cố ý làm hỏng")
    raise LimitExceeded("trình đọc dừng bất thường khi đọc tệp này (tệp hỏng hoặc cố ý làm hỏng)")


def _child(writer: int, work: Callable, args: tuple, limits: Limits) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child at once; the parent reports
        _limit(limits)
        try:
            result = ("ok", work(*args))
        except MemoryError:
            result = ("memory", None)
        except Exception as error:  # crosses to the parent to be raised there
            result = ("error", error)
        try:
            payload = pickle.dumps(result)
        except Exception:
            payload = pickle.dumps(("error", RuntimeError(f"{type(result[1]).__name__}: {result[1]}")))
        view = memoryview(payload)
        while view:
            view = view[os.write(writer, view) :]
    except MemoryError:
        code = 3
    except BaseException:
        code = 4
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffered output twice


def _limit(limits: Limits) -> None:
    mapped = _mapped_bytes()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = mapped + limits.memory
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    if soft != resource.RLIM_INFINITY:
        ceiling = min(ceiling, soft)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)[1]  # a new process starts at zero CPU time
    cpu = limits.cpu_seconds if cpu_hard == resource.RLIM_INFINITY else min(limits.cpu_seconds, cpu_hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu_hard))
    # Nothing to write: a write fails (EFBIG) instead of filling the disk, and nothing reaches the terminal.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    os.close(quiet)


def _mapped_bytes() -> int:
    """The address space this process maps now (VmSize)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _read_all(descriptor: int, deadline: float) -> tuple[bytes, bool]:
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return b"", True
        ready, _, _ = select.select([descriptor], [], [], remaining)
        if not ready:
            return b"", True
        chunk = os.read(descriptor, 1 << 20)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
