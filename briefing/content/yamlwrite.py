"""Every YAML file the tool writes or edits, through one round-trip emitter (ruamel.yaml).

Officers edit these files by hand and their comments explain each field, so a
file is edited as a document, not re-dumped from data: ruamel.yaml keeps the
comments, the key order, block or flow style and the folded paragraphs of what
it does not touch. New files are built the same way (``commented``), so their
comments come out where a person would write them.

Nothing is written that was not read back first: the text is parsed again by
the content reader (briefing/content/yamlsource.py) and must give exactly the
data meant — a colon, a hash, a ``yes`` or a ``18:00`` in a name stays text —
before it replaces the file, atomically.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from ..atomic import atomic_write
from ..problems import ContentError, Problem
from .yamlsource import parse_yaml

WIDTH = 80  # where a person folds a long paragraph
_FOLD_FROM = 70  # shorter text stays on its key's line
_RESOLVERS = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))
_PLAIN_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


class UnsafeWrite(ValueError):
    """The text made would not read back as the data meant: nothing is written."""


class _Representer(RoundTripRepresenter):
    """Text is always text: quoted wherever YAML 1.1 or 1.2 would read it as something else."""

    def represent_str(self, data: str):
        if _needs_quotes(data):
            return self.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')
        return super().represent_str(data)


_Representer.add_representer(str, _Representer.represent_str)


def _needs_quotes(text: str) -> bool:
    if not text or text != text.strip() or _PLAIN_UNSAFE.search(text) or "\n" in text:
        return True
    return any(resolver.resolve(ScalarNode, text, (True, False)) != "tag:yaml.org,2002:str" for resolver in _RESOLVERS)


def _yaml(indent: tuple[int, int] = (4, 2)) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    sequence, offset = indent
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    yaml.width = 4096  # folding is ours (``folded``): ruamel would fold plain scalars too
    yaml.preserve_quotes = True
    return yaml


# --- building new content ----------------------------------------------------------


def text_value(text: str) -> str:
    """A text value as a person writes it: a long paragraph folded (``>-``), a short one on its line."""
    if len(text) < _FOLD_FROM or _needs_quotes(text) or "  " in text or text.startswith((">", "|", "#")):
        return text
    folded = FoldedScalarString(text)
    positions, line_start = [], 0
    for match in re.finditer(r"(?<=\S) (?=\S)", text):
        if match.start() - line_start > WIDTH - 6:
            previous = positions[-1] if positions and positions[-1] > line_start else match.start()
            positions.append(previous)
            line_start = previous + 1
    folded.fold_pos = sorted(set(positions))
    return folded


def commented(
    fields: Mapping[str, Any],
    after: Mapping[str, str] | None = None,
    before: Mapping[str, str] | None = None,
    indent: int = 0,
) -> CommentedMap:
    """A mapping with a comment after the value of some keys (same line) and above others;
    ``indent``: the column its keys stand at, so the comments above them line up."""
    mapping = CommentedMap()
    for key, value in fields.items():
        mapping[key] = _rich(value)
    for key, comment in (after or {}).items():
        mapping.yaml_add_eol_comment(comment, key, column=0)
    for key, comment in (before or {}).items():
        mapping.yaml_set_comment_before_after_key(key, before=comment, indent=indent)
    return mapping


def _rich(value: Any) -> Any:
    if isinstance(value, Mapping) and not isinstance(value, CommentedMap):
        return commented(value)
    if isinstance(value, (list, tuple)) and not isinstance(value, CommentedSeq):
        return CommentedSeq(_rich(item) for item in value)
    return value


def flow(items: Sequence[Any]) -> CommentedSeq:
    """A short list written on one line, ``[a, b]``."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def document_text(data: Any, header: str = "", indent: tuple[int, int] = (4, 2)) -> str:
    """``data`` as YAML text, after ``header`` (comment lines, each without its "# ")."""
    stream = io.StringIO()
    _yaml(indent).dump(data, stream)
    lines = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) if header else ""
    return lines + stream.getvalue()


# --- editing a file a person wrote ----------------------------------------------


class EditedFile:
    """A YAML file loaded for a change, written back with every comment and layout it had."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.original = text
        self.indent = _guess_indent(text)
        self.data = _yaml(self.indent).load(text)

    @classmethod
    def read(cls, path: Path) -> EditedFile:
        return cls(path, path.read_text(encoding="utf-8"))

    def text(self) -> str:
        stream = io.StringIO()
        _yaml(self.indent).dump(self.data, stream)
        return stream.getvalue()


def _guess_indent(text: str) -> tuple[int, int]:
    """How this file indents a list under its key: ``key:\\n  - item`` (4, 2) or ``key:\\n- item`` (2, 0)."""
    lines = text.splitlines()
    for index, line in enumerate(lines[:-1]):
        key = re.match(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$", line)
        if not key:
            continue
        following = next((n for n in lines[index + 1 :] if n.strip() and not n.lstrip().startswith("#")), "")
        dash = re.match(r"^( *)- ", following)
        if dash:
            offset = len(dash.group(1)) - len(key.group(1))
            if offset >= 0:
                return (offset + 2, offset)
    if re.search(r"^- ", text, re.MULTILINE):
        return (2, 0)
    return (4, 2)


def insert_item(seq: CommentedSeq, index: int, item: Any) -> None:
    """Insert ``item`` at ``index`` of a block list, the comments between items staying where they were.

    ruamel.yaml keeps a comment (or blank line) that follows an item with that
    item's last value: a new item placed after it would go below the comment
    (a province after the blank line that ends its list, a source under the
    heading of the public records). So the comment moves to the new item.
    """
    seq.insert(index, item)
    if index > 0:
        token = _take_tail(seq, index - 1)
        if token is not None:
            _put_tail(seq, index, token)


def _last(container: Any, key: Any) -> tuple[Any, Any]:
    """The container and key holding the last value written inside ``container[key]``."""
    value = container[key]
    if isinstance(value, CommentedMap) and len(value):
        return _last(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and len(value) and not value.fa.flow_style():
        return _last(value, len(value) - 1)
    return container, key


def _take_tail(seq: CommentedSeq, index: int) -> CommentToken | None:
    container, key = _last(seq, index)
    slot = 0 if isinstance(container, CommentedSeq) else 2
    entry = container.ca.items.get(key)
    if not entry or entry[slot] is None:
        return None
    token, entry[slot] = entry[slot], None
    return token


def _put_tail(seq: CommentedSeq, index: int, token: CommentToken) -> None:
    container, key = _last(seq, index)
    if token.value.startswith("#") and not isinstance(container[key], (FoldedScalarString, LiteralScalarString)):
        # it followed a block scalar, which ends its line: after a plain value it must start a line of its own
        column = token.column or 0
        token = CommentToken("\n" + " " * column + token.value, CommentMark(column))
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    entry[0 if isinstance(container, CommentedSeq) else 2] = token


# --- writing, after reading back ----------------------------------------------------


def plain(data: Any) -> Any:
    """``data`` as the content reader gives it: dicts, lists, str, int, dates (no ruamel types)."""
    if isinstance(data, Mapping):
        return {str(key): plain(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [plain(item) for item in data]
    if isinstance(data, str):
        return str(data)
    return data


def checked_text(text: str, expected: Any, name: str) -> str:
    """``text``, if the content reader reads it back as ``expected``; else ``UnsafeWrite``."""
    document, problems = parse_yaml(text, name)
    errors = [p for p in problems if p.severity == "error"]
    if document is None or errors:
        raise UnsafeWrite("; ".join(str(p) for p in errors) or "không đọc lại được")
    if document.data != plain(expected):
        raise UnsafeWrite(f"{name}: đọc lại không đúng dữ liệu định ghi")
    return text


def write_yaml(path: Path, text: str, expected: Any, name: str) -> None:
    """Write ``text`` to ``path`` atomically, once it reads back as ``expected``."""
    atomic_write(path, checked_text(text, expected, name).encode("utf-8"))


def unsafe_problem(name: str, error: UnsafeWrite) -> ContentError:
    """What to tell the operator when the tool's own writer refused its text (a bug, said plainly)."""
    message = f"chương trình không ghi tệp vì đọc lại không đúng ({error}); chưa sửa tệp nào, hãy báo lỗi này"
    return ContentError([Problem(name, 1, 1, "", message)])
