"""How a command ends when something stops it: one table, from what went wrong to the exit code
and what the operator reads.

Runners raise; ``main`` looks the failure up here. The table names classes from every wing, so it
is made only once a command has failed: a command that succeeds never imports what it did not use.
Each command adds its own words (``Words``, given with ``@says`` beside its runner): what the failure
left undone, whether the content's problems are counted, and what stays as it was.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errorlog import report_unexpected
from ..oserrors import describe
from ..problems import display_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNVERIFIED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
KEPT = "Tệp PDF cũ (nếu có) được giữ nguyên."


@dataclass(frozen=True)
class Words:
    """What a command says when it fails, besides the problems themselves."""

    undone: str = ""  # what the failure left undone: “chưa dựng tài liệu”
    counts: bool = False  # the content's problems are counted first: “Nội dung có 2 lỗi”
    kept: str = ""  # what stays as it was, said last
    refused: str = ""  # said after a usage error too: “chưa ghi tệp nào”
    unwritten: Callable[[argparse.Namespace, str], str] = lambda args, why: f"Không đọc/ghi được tệp ({why}). {KEPT}"
    stopped: Callable[[argparse.Namespace], str] = lambda args: f"Đã dừng. {KEPT}"  # after Ctrl-C


def says(**words) -> Callable:
    """Give a runner the words it fails with (``Words``' fields)."""

    def give(run):
        run.words = Words(**words)
        return run

    return give


@dataclass(frozen=True)
class Failing:
    """The command that failed: its name as the operator typed it, its arguments, its words."""

    prog: str  # “build.py copies”
    args: argparse.Namespace
    words: Words
    argv: list[str] = field(default_factory=list)  # for the error log


def failed(error: BaseException, command: Failing) -> int:
    """Say why ``command`` stopped, on standard error; the exit code."""
    for kind, code, said in _table():
        if isinstance(error, kind):
            for line in said(error, command):
                print(line, file=sys.stderr)
            return code
    # A bug of ours or of a library: one line here, the details in the log.
    report_unexpected(error, command.argv, getattr(command.args, "verbose", False))
    return EXIT_FAILED


def _table() -> Sequence[tuple[type[BaseException], int, Callable[[BaseException, Failing], list[str]]]]:
    """Each failure a command may end with, the most particular first."""
    from ..content.changes import ChangesError
    from ..content.release import ReleaseRefused
    from ..content.schema import MissingDescriptions
    from ..distribute.send import NotAllSent
    from ..distribute.sign import SigningError
    from ..options import OptionError
    from ..problems import ContentError

    return (
        (OptionError, EXIT_USAGE, _usage),  # the preview server's ServeError too
        (ChangesError, EXIT_FAILED, _since_unreadable),
        (MissingDescriptions, EXIT_FAILED, _descriptions_missing),
        (ReleaseRefused, EXIT_FAILED, _release_refused),
        (SigningError, EXIT_FAILED, _key_unusable),
        (NotAllSent, EXIT_FAILED, lambda error, command: error.lines()),
        (ContentError, EXIT_FAILED, _invalid),  # content, a list, a journal, a mail server: every problem
        (KeyboardInterrupt, EXIT_INTERRUPTED, lambda error, command: ["\n" + command.words.stopped(command.args)]),
        (OSError, EXIT_FAILED, lambda error, command: [command.words.unwritten(command.args, describe(error))]),
    )


def _usage(error, command: Failing) -> list[str]:
    refused = f"; {command.words.refused}." if command.words.refused else ""
    return [f"{command.prog}: lỗi: {error}{refused}"]


def _since_unreadable(error, command: Failing) -> list[str]:
    return [f"{command.prog}: lỗi: --since {error}.{_then(command.words.kept)}"]


def _descriptions_missing(error, command: Failing) -> list[str]:
    names = ", ".join(error.names)
    return [f"Thiếu mô tả tiếng Việt cho: {names}. Thêm vào briefing/content/descriptions.py; chưa ghi lược đồ nào."]


def _release_refused(error, command: Failing) -> list[str]:
    return [*map(str, error.problems), error.summary(command.words.undone) + _then(command.words.kept)]


def _key_unusable(error, command: Failing) -> list[str]:
    if error.manifest is not None:  # some copies were made, and signed: they stay
        where = display_path(error.manifest)
        closing = f"Đã dừng. Các bản đã ký đều đầy đủ và có trong {where}; chạy lại lệnh để làm tiếp."
    else:
        closing = f"Khóa ký số không dùng được; {command.words.undone}."
    return [*map(str, error.problems), closing]


def _invalid(error, command: Failing) -> list[str]:
    words = command.words
    parts = [content_summary(error.problems, getattr(command.args, "strict", False))] if words.counts else []
    parts += [words.undone] if words.undone else []
    if not parts:
        return [*map(str, error.problems)]
    closing = "; ".join(parts)
    return [*map(str, error.problems), f"{closing[0].upper()}{closing[1:]}.{_then(words.kept)}"]


def content_summary(problems, strict: bool) -> str:
    """“Nội dung có 2 lỗi, 1 cảnh báo”, and why a warning stopped it under --strict."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    text = f"Nội dung có {errors} lỗi"
    if warnings:
        text += f", {warnings} cảnh báo"
        if strict:
            text += " (--strict: cảnh báo cũng là lỗi)"
    return text


def _then(sentence: str) -> str:
    return f" {sentence}" if sentence else ""
