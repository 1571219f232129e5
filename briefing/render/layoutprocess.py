"""A layout in a second process, for a build that runs once: WeasyPrint loads there while this
process reads the content.

A one-off build spends half a second loading WeasyPrint and parsing the stylesheets, and a fifth
of one loading and checking the content and filling the templates in; with two cores both can
happen at once. ``layout_process`` forks before either: the child loads WeasyPrint, sets up a
``WholeLayout`` and waits; this process reads the content and hands over the print job. While the
child lays the booklet out it asks for each part's HTML, which this process fills in (it holds
the content and the templates); the child then saves the PDF and says what it saved. What the
child raises is raised here again, with the child's traceback as a note.

Stopping is simple on purpose: the child ignores Ctrl-C and dies at once on SIGTERM, which the
parent sends when the build stops unfinished, and which Linux sends when the parent dies
(``PR_SET_PDEATHSIG``). It runs no clean-up of its own: its temporary files are in a folder the
parent made for it, and the PDF it was saving is a temporary file of a dead process; the parent
removes both once it has reaped the child.

No second process where there is no fork, or while this process runs threads (forking those is
unsafe), or once WeasyPrint is loaded (nothing left to overlap): the build lays out in-process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..atomic import remove_stale_temporaries
from ..options import BuildOptions, Design
from .printjob import Printed, PrintJob, allowed_roots

if TYPE_CHECKING:
    from .chapters import Chapter
    from .html import BookletHTML


class LayoutProcessFailed(RuntimeError):
    """The layout process ended without saying how: killed, or crashed."""


class _ParentGone(Exception):
    """The parent closed its end: it stopped the build (invalid content)."""


@contextmanager
def layout_process(options: BuildOptions) -> Iterator[LayoutProcess | None]:
    """A layout process for one build of ``options``, or None where one would not help."""
    if not (hasattr(os, "fork") and threading.active_count() == 1 and "weasyprint" not in sys.modules):
        yield None
        return
    # Ctrl-C and SIGTERM wait while the child is made: they then reach a parent that can stop it,
    # and a child that ignores Ctrl-C.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        process = LayoutProcess.start(options.design, allowed_roots(options), options.output, mask)
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        yield process
    finally:
        process.close()


_STOPS = {signal.SIGINT, signal.SIGTERM}


class LayoutProcess:
    """This process's end of a forked layout: ``print_booklet`` as a ``Layout`` has it."""

    def __init__(self, pid: int, to_child: IO[bytes], from_child: IO[bytes], output: Path, scratch: Path):
        self.pid, self._to_child, self._from_child = pid, to_child, from_child
        self._output, self._scratch = output, scratch
        self._finished = False  # the child said what it printed, or why it could not

    @classmethod
    def start(cls, design: Design, roots: list[Path], output: Path, mask: set[signal.Signals]) -> LayoutProcess:
        """Fork the child (with the stop signals blocked); it restores ``mask`` once Ctrl-C is ignored."""
        jobs_read, jobs_write = os.pipe()  # to the child: the job, then each part's HTML
        asks_read, asks_write = os.pipe()  # from the child: the parts it asks for, then what it printed
        scratch = Path(tempfile.mkdtemp(prefix="briefing-layout-"))  # the child's temporary files
        sys.stdout.flush()  # else the child would write what is buffered a second time
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                os.close(jobs_write)
                os.close(asks_read)
                jobs, asks = os.fdopen(jobs_read, "rb"), os.fdopen(asks_write, "wb")
                status = _child(design, roots, parent, mask, scratch, jobs, asks)
            finally:
                os._exit(status)  # whatever happened: nothing of the parent's code (its CLI, atexit) runs here
        os.close(jobs_read)
        os.close(asks_write)
        return cls(pid, os.fdopen(jobs_write, "wb"), os.fdopen(asks_read, "rb"), output, scratch)

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
        """End the child, reap it, and remove what it leaves behind: its temporary folder and, had it
        not finished, the PDF it was saving (a temporary file, under the name of a dead process)."""
        if not self._finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
        for stream in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                stream.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        shutil.rmtree(self._scratch, ignore_errors=True)
        remove_stale_temporaries(self._output.parent, {self._output.name}.__contains__)

    def _send(self, message) -> None:
        try:
            _write(self._to_child, message)
        except OSError:  # the child has ended: it may have said why
            raise self._why_ended() from None

    def _receive(self):
        try:
            return pickle.load(self._from_child)
        except (EOFError, pickle.UnpicklingError):
            raise self._lost() from None

    def _why_ended(self) -> BaseException:
        """The child's own failure (it failed setting up, before it read the job), or that it was lost."""
        try:
            kind, value = self._receive()
        except LayoutProcessFailed as lost:
            return lost
        if kind == "failed":
            self._finished = True
            return value
        return self._lost()

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


def _child(
    design: Design,
    roots: list[Path],
    parent: int,
    mask: set[signal.Signals],
    scratch: Path,
    jobs: IO[bytes],
    asks: IO[bytes],
) -> int:
    """The child's whole life: set the layout up, print the one job, say how it went. Its exit status."""
    gc.disable()  # it exits when the job is done: collecting would only cost time (pipeline.collector_paused)
    tempfile.tempdir = str(scratch)  # WeasyPrint's font files go where the parent will remove them
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the child
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and that ends it on the spot
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    try:
        from .layout import WholeLayout  # WeasyPrint loads here, while the parent reads the content

        _end_with(parent)
        layout = WholeLayout(design, roots)
        _, job, chapters = _read(jobs)
        report = ("printed", layout.print_booklet(_AskedHTML(chapters, jobs, asks), job))
    except _ParentGone:
        return 0
    except BaseException as error:  # whatever it is, the parent raises it
        report = ("failed", _portable(error))
    try:
        _write(asks, report)
    except OSError:  # the parent is gone
        return 1
    return 0


def _end_with(parent: int) -> None:
    """Have the child end as the parent ends, however it ends (killed too), on Linux: a killed
    build must not save its PDF after all."""
    import ctypes  # loaded with WeasyPrint already

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):  # no prctl: the pipes still end the child
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before that was set
        os._exit(0)


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
