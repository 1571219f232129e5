"""Watch mode: rebuild whenever content, templates or styles change.

The process stays warm: WeasyPrint is loaded once, stylesheets are parsed once
(again only when a stylesheet changes) and chapters that did not change keep
their layout. A failed build is reported and watching goes on, as Pelican's
autoreload does; the last good PDF stays where it is.

Whoever wants to know how each build went (the preview server) passes
``on_build``: it gets a ``BuildOutcome`` and needs to know nothing about
building, as mkdocs' live-reload server gets a builder callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR

from watchfiles import DefaultFilter
from watchfiles import watch as watch_changes

from ..content.release import ReleaseRefused
from ..errorlog import report_unexpected
from ..options import BuildOptions, OptionError
from ..oserrors import describe
from ..problems import ContentError, Problem, display_path
from ..render import freshness
from ..render.pipeline import BuildResult, build, segmented_layout

DEBOUNCE_MS = 200  # an editor's save is often several writes in a row


@dataclass(frozen=True)
class BuildOutcome:
    """How one build in watch mode went: a result, or why there is none."""

    seconds: float
    result: BuildResult | None = None  # None: the build failed and the last good PDF stays
    problems: tuple[Problem, ...] = ()  # content errors, or warnings of a good build
    failure: str | None = None  # what else went wrong, in Vietnamese

    @property
    def ok(self) -> bool:
        return self.result is not None


class BookletFiles(DefaultFilter):
    """Only the kinds of file that feed the booklet; not editors' swap and temporary files."""

    SUFFIXES = frozenset({".yaml", ".yml", ".txt", ".j2", ".css"})

    def __call__(self, change, path: str) -> bool:
        return Path(path).suffix in self.SUFFIXES and super().__call__(change, path)


def watch(
    options: BuildOptions,
    say: Callable[[str], None] = print,
    stop_event=None,
    on_build: Callable[[BuildOutcome], None] | None = None,
    verbose: bool = False,
    farewell: str = "Đã dừng theo dõi.",
) -> None:
    """Build now, then after every change, until Ctrl-C (how the operator ends it: ``farewell``
    is said) or until ``stop_event`` is set.

    A watched folder that is removed, or replaced by another (a ``git checkout``, a
    copy put back from a backup), is noticed within ``POLL_SECONDS``: watching
    pauses, says why, and starts again on the new folder when there is one.
    """
    try:
        _watch(options, say, stop_event, on_build, verbose)
    except KeyboardInterrupt:
        say(f"\n{farewell}")


def _watch(options: BuildOptions, say, stop_event, on_build, verbose: bool) -> None:
    report = on_build or (lambda outcome: None)
    design = options.design
    folders = [options.content, design.templates, design.styles]
    layout = segmented_layout(options)
    say(f"Đang theo dõi {', '.join(display_path(f) for f in folders)}. Nhấn Ctrl-C để dừng.")
    notes = _Once(say)  # the incomplete colophon is said once, not after every save
    built_from = freshness.fingerprint(options)
    report(_rebuild(options, layout, notes, verbose, built_from))
    rebuild = False  # the folders changed under the watcher: build from what is there now
    while True:
        waited = _wait_for_folders(folders, say, stop_event)
        if waited is None:
            return
        if rebuild or waited:
            layout = segmented_layout(options)
            built_from = freshness.fingerprint(options)
            report(_rebuild(options, layout, notes, verbose, built_from))
        identities = {folder: _identity(folder) for folder in folders}
        changes_seen = watch_changes(
            *folders,
            watch_filter=BookletFiles(),
            debounce=DEBOUNCE_MS,
            stop_event=stop_event,
            raise_interrupt=True,
            rust_timeout=int(POLL_SECONDS * 1000),
            yield_on_timeout=True,
        )
        started = False
        try:
            for changes in changes_seen:
                gone = [folder for folder in folders if _identity(folder) != identities[folder]]
                if gone:
                    break  # removed or replaced: watch again, on whatever is there now
                if not started:  # saved between the last build and the watcher starting: not to be missed
                    started = True
                    if not changes and freshness.fingerprint(options) != built_from:
                        say("Có thay đổi trong lúc đang dựng; dựng lại.")
                        layout = segmented_layout(options)
                        built_from = freshness.fingerprint(options)
                        report(_rebuild(options, layout, notes, verbose, built_from))
                        continue
                if not changes:
                    continue
                changed = sorted({Path(path) for _, path in changes})
                say("Thay đổi: " + ", ".join(display_path(path) for path in changed))
                if any(path.is_relative_to(design.styles) for path in changed):
                    layout = segmented_layout(options)  # stylesheets are parsed once per layout
                built_from = freshness.fingerprint(options)
                report(_rebuild(options, layout, notes, verbose, built_from))
            else:
                return  # stopped
        finally:
            changes_seen.close()
        for folder in gone:
            if folder.is_dir():
                say(f"Thư mục {display_path(folder)} đã được thay bằng thư mục khác; theo dõi thư mục mới.")
        rebuild = True


KEPT = "Tệp PDF cũ được giữ nguyên."
POLL_SECONDS = 1.0  # how often the watched folders themselves are looked at


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        info = folder.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if S_ISDIR(info.st_mode) else None


def _wait_for_folders(folders: list[Path], say: Callable[[str], None], stop_event=None) -> bool | None:
    """Wait until every folder exists, saying once which are missing: whether it had to wait, None if stopped."""
    missing = [folder for folder in folders if _identity(folder) is None]
    if not missing:
        return False
    names = ", ".join(display_path(folder) for folder in missing)
    say(f"Không còn thư mục {names} (bị xóa hoặc đổi tên); chờ thư mục trở lại để dựng tiếp. {KEPT}")
    while any(_identity(folder) is None for folder in folders):
        if stop_event is not None:
            if stop_event.wait(POLL_SECONDS):
                return None
        else:
            time.sleep(POLL_SECONDS)
    say(f"Thư mục {names} đã trở lại; dựng lại.")
    return True


class _Once:
    """``say``, and ``note``: say a line only the first time."""

    def __init__(self, say: Callable[[str], None]):
        self.say = say
        self.said: set[str] = set()

    def __call__(self, line: str) -> None:
        self.say(line)

    def note(self, line: str | None) -> None:
        if line is not None and line not in self.said:
            self.said.add(line)
            self.say(line)


def _rebuild(
    options: BuildOptions, layout, say: _Once, verbose: bool = False, inputs: str | None = None
) -> BuildOutcome:
    started = time.perf_counter()

    def elapsed() -> float:
        return time.perf_counter() - started

    inputs = inputs or freshness.fingerprint(options)
    try:
        result = build(options, layout)
    except ReleaseRefused as error:
        for problem in error.problems:
            say(str(problem))
        say(f"{error.summary('chưa dựng lại')} Tệp PDF cũ được giữ nguyên.")
        return BuildOutcome(elapsed(), problems=tuple(error.problems))
    except ContentError as error:
        for problem in error.problems:
            say(str(problem))
        say("Nội dung có lỗi: chưa dựng lại, tệp PDF cũ được giữ nguyên. Sửa rồi lưu lại để dựng tiếp.")
        return BuildOutcome(elapsed(), problems=tuple(error.problems))
    except OptionError as error:
        say(f"Không dựng được: {error}. Tệp PDF cũ được giữ nguyên.")
        return BuildOutcome(elapsed(), failure=f"Không dựng được: {error}.")
    except OSError as error:
        say(f"Không dựng được ({describe(error)}). Tệp PDF cũ được giữ nguyên.")
        return BuildOutcome(elapsed(), failure=f"Không dựng được ({describe(error)}).")
    except Exception as error:  # keep watching whatever broke; the traceback is for whoever fixes it
        report_unexpected(error, ["watch"], verbose, say)
        return BuildOutcome(elapsed(), failure="Dựng lỗi (xem chi tiết trong cửa sổ lệnh).")
    try:
        freshness.record(options, inputs, result.written)
    except OSError as error:
        say(f"Không ghi được tệp ghi nhận lần dựng ({describe(error)}); lần sau sẽ dựng lại từ đầu.")
    for problem in result.content_warnings:
        say(str(problem))
    seconds = elapsed()
    kept = f"; giữ nguyên {len(result.reused)}" if result.reused else ""
    say(
        f"Đã dựng {display_path(result.path)} trong {seconds:.2f} s ({result.pages} trang; "
        f"dàn trang lại {len(result.laid_out)} phần{kept})."
    )
    say.note(result.colophon_note)
    # The page shows what check shows: the content's warnings and the colophon's blank particulars.
    return BuildOutcome(seconds, result, (*result.content_warnings, *result.publication_warnings))
