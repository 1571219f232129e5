"""A layout in a second process, for a build that runs once: WeasyPrint loads there while this
process reads the content.

A one-off build spends half a second loading WeasyPrint and parsing the stylesheets, and a fifth
of one loading and checking the content and filling the templates in; with two cores both can
happen at once. ``layout_process`` forks before either: the child loads WeasyPrint, sets up a
``WholeLayout`` and waits; this process reads the content and hands over the print job. While the
child lays the booklet out it asks for each part's HTML, which this process fills in (it holds
the content and the templates); the child then saves the PDF and says what it saved. What the
child raises is raised here again, with the child's traceback as a note.

No second process where there is no fork, or while this process runs threads (forking those is
unsafe), or once WeasyPrint is loaded (nothing left to overlap): the build lays out in-process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..options import BuildOptions, Design
from .printjob import Printed, PrintJob, allowed_roots

if TYPE_CHECKING:
    from .chapters import Chapter
    from .html import BookletHTML


class LayoutProcessFailed(RuntimeError):
    """The layout process ended without saying how: killed, or crashed."""


class _ParentGone(Exception):
    """The parent closed its end: it stopped the build (invalid content, Ctrl-C)."""


@contextmanager
def layout_process(options: BuildOptions) -> Iterator[LayoutProcess | None]:
    """A layout process for one build of ``options``, or None where one would not help."""
    if not (hasattr(os, "fork") and threading.active_count() == 1 and "weasyprint" not in sys.modules):
        yield None
        return
    process = LayoutProcess.start(options.design, allowed_roots(options))
    try:
        yield process
    finally:
        process.close()


class LayoutProcess:
    """This process's end of a forked layout: ``print_booklet`` as a ``Layout`` has it."""

    def __init__(self, pid: int, to_child: IO[bytes], from_child: IO[bytes]):
        self.pid, self._to_child, self._from_child = pid, to_child, from_child
        self._finished = False  # the child said what it printed, or why it could not

    @classmethod
    def start(cls, design: Design, roots: list[Path]) -> LayoutProcess:
        jobs_read, jobs_write = os.pipe()  # to the child: the job, then each part's HTML
        asks_read, asks_write = os.pipe()  # from the child: the parts it asks for, then what it printed
        sys.stdout.flush()  # else the child would write what is buffered a second time
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.close(jobs_write)
            os.close(asks_read)
            status = _child(design, roots, os.fdopen(jobs_read, "rb"), os.fdopen(asks_write, "wb"))
            sys.stderr.flush()
            os._exit(status)  # nothing of the parent's (atexit, buffers, test runners) runs twice
        os.close(jobs_read)
        os.close(asks_write)
        return cls(pid, os.fdopen(jobs_write, "wb"), os.fdopen(asks_read, "rb"))

    def print_booklet(self, html: BookletHTML, job: PrintJob) -> Printed:
        """Lay out, write and save the booklet in the child, answering its questions with ``html``."""
        chapters = [replace(chapter, province=None) for chapter in html.chapters]  # the layout reads ids only
        self._send(("print", job, chapters))
        while True:
            kind, value = self._receive()
            if kind == "part":
                args, kwargs = value
                self._send(html.part(*args, **kwargs))
                continue
            self._finished = True
            if kind == "printed":
                return value
            raise value

    def close(self) -> None:
        """End the child and reap it. Unfinished, it is stopped: it removes what it was saving."""
        if not self._finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
        for stream in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                stream.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    def _send(self, message) -> None:
        try:
            _write(self._to_child, message)
        except OSError:  # the child is gone
            raise self._lost() from None

    def _receive(self):
        try:
            return pickle.load(self._from_child)
        except EOFError:
            raise self._lost() from None

    def _lost(self) -> LayoutProcessFailed:
        self._finished = True
        _, status = os.waitpid(self.pid, 0)
        self._from_child.close()
        code = os.waitstatus_to_exitcode(status)
        return LayoutProcessFailed(f"tiến trình dàn trang dừng giữa chừng (mã thoát {code})")


class _AskedHTML:
    """``BookletHTML`` as the child's layout sees it: every part is asked of the parent."""

    def __init__(self, chapters: list[Chapter], answers: IO[bytes], asks: IO[bytes]):
        self.chapters, self._answers, self._asks = chapters, answers, asks

    def part(self, *args, **kwargs) -> str:
        """What ``BookletHTML.part`` gives for these arguments, from the parent."""
        _write(self._asks, ("part", (args, kwargs)))
        return _read(self._answers)


def _child(design: Design, roots: list[Path], jobs: IO[bytes], asks: IO[bytes]) -> int:
    """The child's whole life: set the layout up, print the one job, say how it went. Its exit status."""
    gc.disable()  # it exits when the job is done: collecting would only cost time (pipeline.collector_paused)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the child
    signal.signal(signal.SIGTERM, _stop)
    parent, layout = os.getppid(), None
    try:
        from .layout import WholeLayout  # WeasyPrint loads here, while the parent reads the content

        _stop_with(parent)
        layout = WholeLayout(design, roots)
        _, job, chapters = _read(jobs)
        report = ("printed", layout.print_booklet(_AskedHTML(chapters, jobs, asks), job))
    except (_ParentGone, _Stopped):
        return 0
    except BaseException as error:  # whatever it is, the parent raises it
        report = ("failed", _portable(error))
    finally:
        if layout is not None:
            layout.close()
    try:
        _write(asks, report)
    except OSError:
        return 1
    return 0


class _Stopped(BaseException):
    """The parent stopped the build (SIGTERM): raised where the child is, so what it was saving is
    removed on the way out (atomic.py)."""


def _stop(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: nothing interrupts the clean-up
    raise _Stopped


def _stop_with(parent: int) -> None:
    """Have the child stopped as the parent ends, however it ends (killed too), on Linux: a killed
    build must not save its PDF after all."""
    import ctypes  # loaded with WeasyPrint already

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):  # no prctl: the pipes still end the child
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before that was set
        raise _Stopped


def _portable(error: BaseException) -> BaseException:
    """``error`` as it can be raised in the parent, with the child's traceback as a note."""
    error.add_note("".join(traceback.format_exception(error)).rstrip())
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # an exception that cannot travel: its words can
        failure = LayoutProcessFailed(f"{type(error).__name__}: {error}")
        failure.__notes__ = error.__notes__
        return failure
    return error


def _write(stream: IO[bytes], message) -> None:
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def _read(stream: IO[bytes]):
    try:
        return pickle.load(stream)
    except EOFError:
        raise _ParentGone from None
