"""Problems found in content, reported as ``file:line:col: field: message``."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one content file."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field = f" {self.field}:" if self.field else ""
        marker = " cảnh báo:" if self.severity == "warning" else ""
        return f"{where}:{field}{marker} {self.message}"


class ContentError(Exception):
    """Content is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
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
