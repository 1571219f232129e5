"""Problems, every one reported at once: in a file as ``file:line:col: field: message``, and with
something that has no lines (a mail server, a signing key, a token) as ``where: field: message``."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong at one place in one file (content, a list, a manifest, a journal)."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"  # "error", "warning", or "note" (said by check, never fails a build)

    def __str__(self) -> str:
        return _said(f"{self.file}:{self.line}:{self.column}", self.field, self.message, self.severity)

    @property
    def order(self) -> tuple:
        return (self.file, self.line, self.column, self.field, self.message, self.severity)


@dataclass(frozen=True)
class PlainProblem:
    """One thing wrong with something that has no lines: a mail server, a signing key, a token."""

    where: str  # “mail.example.org:587”, the key file, “module.so (token “…”, khóa “…”)”
    field: str  # the flag it concerns, if one does: “--smtp”
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return _said(self.where, self.field, self.message, self.severity)

    @property
    def order(self) -> tuple:
        return (self.where, 0, 0, self.field, self.message, self.severity)


def _said(where: str, field: str, message: str, severity: str) -> str:
    field = f" {field}:" if field else ""
    marker = {"warning": " cảnh báo:", "note": " ghi chú:"}.get(severity, "")
    return f"{where}:{field}{marker} {message}"


class ContentError(Exception):
    """Something read is invalid; carries every problem found, not just the first, in order."""

    def __init__(self, problems: Iterable[Problem | PlainProblem]):
        self.problems = sorted(problems, key=lambda problem: problem.order)
        super().__init__("\n".join(str(p) for p in self.problems))


def format_field(path: tuple[str | int, ...]) -> str:
    """``("models", 3, "figure", "value")`` → ``models[3].figure.value``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def display_path(path: Path) -> str:
    """A path as the operator should see it: relative to where they stand, if below it."""
    path = path.absolute()
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
