"""Add an item to a list in a YAML file the officers edit by hand, keeping every comment.

Loading and dumping would lose the comments that explain each file, so the
new item is inserted as text where the list ends, in the list's own style
(``[a, b]`` or one ``- item`` per line), found through the positions
briefing/content/yamlsource.py records.
"""

from __future__ import annotations

from .yamlsource import YamlDocument


class ListNotFound(ValueError):
    """The key is missing or is not a list at the top level."""


def append_scalar(text: str, document: YamlDocument, key: str, value: str) -> str:
    """``text`` with ``value`` added at the end of the top-level list ``key``."""
    items = _items(document, key)
    lines = text.splitlines(keepends=True)
    line, column = document.positions[(key,)]
    if lines[line - 1][column - 1 :].startswith("["):  # flow style: [a, b]
        offset = sum(len(text_line) for text_line in lines[: line - 1]) + column - 1
        closing = text.index("]", offset)
        separator = ", " if items else ""
        return text[:closing] + separator + value + text[closing:]
    return _insert_block_item(lines, document, key, [value])


def append_mapping(text: str, document: YamlDocument, key: str, fields: list[str]) -> str:
    """``text`` with a mapping (given as ``field: value`` lines, comments allowed) added to the block list ``key``."""
    _items(document, key)
    return _insert_block_item(text.splitlines(keepends=True), document, key, fields)


def _items(document: YamlDocument, key: str) -> list:
    if not isinstance(document.data, dict) or not isinstance(document.data.get(key), list):
        raise ListNotFound(key)
    return document.data[key]


def _insert_block_item(lines: list[str], document: YamlDocument, key: str, item_lines: list[str]) -> str:
    items = document.data[key]
    key_line = document.key_positions[(key,)][0]
    if items:
        dash_column = document.positions[(key, 0)][1] - 2  # "- " precedes the item's value
        indent = " " * (dash_column - 1)
    else:
        indent = "  "
        lines[key_line - 1] = lines[key_line - 1].replace("[]", "", 1)
    end = _block_end(lines, document, key_line)
    new = [f"{indent}- {item_lines[0]}\n", *(f"{indent}  {line}\n" for line in item_lines[1:])]
    return "".join(lines[:end] + new + lines[end:])


def _block_end(lines: list[str], document: YamlDocument, key_line: int) -> int:
    """The index after the last line of the block that starts at ``key_line``: the next top-level key's
    comments and blank lines belong to that key, not to this block."""
    following = sorted(line for (name, *rest), (line, _) in document.key_positions.items() if not rest)
    next_key = next((line for line in following if line > key_line), len(lines) + 1)
    end = next_key - 1
    while end > key_line and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end
