"""Read a YAML file into plain data, remembering where every value came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two
duplicate keys. Officers need both: errors that point at a line, and a
duplicated key (usually a copy-paste slip) reported instead of ignored. So we
compose the node graph ourselves and build the data from it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..oserrors import reason
from ..problems import Problem, format_field
from .messages import yaml_message
from .yamlguard import control_characters, hidden_characters, not_plain_data

Path_ = tuple[str | int, ...]

# libyaml's parser when PyYAML was built with it: same nodes and marks, several times faster.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Parser):
    """Content is read as YAML 1.2 (its JSON-like core): a plain value is a number only if it is written as
    one there ("500", "-3", "1.5"), true/false only so spelt, null only as "null", "~" or nothing.

    PyYAML resolves by YAML 1.1, where a print run of ``0500`` is octal (320), ``18:00`` sexagesimal
    (1080), ``0x10`` hexadecimal and ``yes`` true. Here those stay text (``UnquotedText``), and a field
    that must be a number says what was meant. A date NĂM-THÁNG-NGÀY is a date, as the content writes them.
    """


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    # not "1.500": a Vietnamese reader means 1500 by it, so it is text and a number field says so
    ("tag:yaml.org,2002:float", r"^(?![-+]?[0-9]{1,3}(?:\.[0-9]{3})+$)[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"
     r"(?:[eE][-+]?[0-9]+)?$", "-+0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", "0123456789"),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class UnquotedText(str):
    """Text written without quotation marks that YAML 1.1 would have read as a number or true/false
    (``0500``, ``18:00``, ``0x10``, ``yes``, ``6.500.000.000``): a number field says what was meant."""


_ONCE_A_NUMBER = re.compile(
    r"[-+]?[0-9][0-9_.,:]*|0[xXoObB][0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|"
    r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
)


@dataclass
class YamlDocument:
    """Data from one YAML file plus the position of each value in it."""

    name: str  # how the file is named in messages, e.g. "content/kon-tum.yaml"
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    text: str = field(default="", repr=False)  # as read, to tell a character written raw from an escape

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or the key) at ``path``, or of its nearest parent."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)

    def problem(self, path: Path_, field: str, message: str, severity: str = "error", key: bool = False) -> Problem:
        line, column = self.where(path, key)
        return Problem(self.name, line, column, field, message, severity)


def load_yaml(path: Path, name: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``path``; return the document, or None and the problems found."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return None, [Problem(name, line, 1, "", "tệp không phải UTF-8; hãy lưu lại tệp với bảng mã UTF-8")]
    except OSError as error:
        return None, [Problem(name, 1, 1, "", f"không đọc được tệp ({reason(error)})")]
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML ``text`` that messages call ``name``; return the document, or None and the problems found."""
    refused = control_characters(text, name)
    if refused:
        return None, refused
    document = YamlDocument(name, None, text=text)
    problems: list[Problem] = []
    try:
        refused = not_plain_data(text, name, _Loader)
        if refused:
            return None, refused
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                document.data = _build(node, (), document, problems, loader)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(name, line, column, "", yaml_message(error.problem or error.context or ""))]
    return document, problems


def _build(node: yaml.Node, path: Path_, document: YamlDocument, problems: list[Problem], loader) -> Any:
    document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(_located(document, key_node, format_field(path), NOT_A_NAME))
                continue
            key = _scalar(key_node, path, document, problems, loader)
            if isinstance(key, str):
                key = unicodedata.normalize("NFC", key)
                problems += _hidden(document, key_node, format_field((*path, key)), key, loader)
            if key in result:
                first_line = document.positions[(*path, key)][0]
                problems.append(
                    _located(
                        document,
                        key_node,
                        format_field((*path, str(key))),
                        f"khóa bị lặp (đã có ở dòng {first_line}); hãy xóa hoặc gộp một trong hai",
                    )
                )
                continue
            document.key_positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, (*path, key), document, problems, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), document, problems, loader) for index, item in enumerate(node.value)]
    value = _scalar(node, path, document, problems, loader)
    if isinstance(value, str):
        # Text pasted from other editors may be decomposed (NFD); the booklet is NFC.
        value = unicodedata.normalize("NFC", value)
        problems += _hidden(document, node, format_field(path), value, loader)
        if not node.style and _ONCE_A_NUMBER.fullmatch(value):  # plain: "" from libyaml, None from PyYAML
            value = UnquotedText(value)
    return value


def _hidden(document: YamlDocument, node: yaml.Node, field: str, value: str, loader) -> list[Problem]:
    """Characters that would not print, however the value wrote them (raw, escaped, as entities)."""
    raw = document.text[node.start_mark.index : node.end_mark.index] if document.text else None
    return [_located(document, node, field, message) for message in hidden_characters(value, raw)]


NOT_A_NAME = "tên trường phải là chữ, không phải danh sách hay nhóm; hãy viết “tên: giá trị”"


def _scalar(node: yaml.ScalarNode, path: Path_, document: YamlDocument, problems: list[Problem], loader) -> Any:
    """The value of a scalar; its text, with a problem reported, if it is not a real date or number."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):  # 2014-02-30, or an integer of thousands of digits
        if node.tag.endswith(":timestamp"):
            message = f"ngày không có thật ({node.value}); kiểm tra lại ngày và tháng"
        else:
            message = f"giá trị không đọc được ({node.value[:40]})"
        problems.append(_located(document, node, format_field(path), message))
        return node.value


def _located(document: YamlDocument, node: yaml.Node, field: str, message: str) -> Problem:
    return Problem(document.name, node.start_mark.line + 1, node.start_mark.column + 1, field, message)
