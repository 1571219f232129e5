"""Refuse YAML that is not plain data, before it is composed into nodes.

Content is text, numbers, dates, lists and mappings. YAML can say much more:
tags that build other objects (``!!binary``, ``!!set``, ``!!python/…``),
aliases that repeat a subtree (a few hundred bytes of nested aliases expand to
gigabytes: "billion laughs"; an alias inside its own anchor never ends), and
nesting deep enough to exhaust the stack. None of it is needed by a booklet,
so each is refused with its position, by looking at the parser's events: the
stream is read once, flat, before any node graph or Python object exists.
"""

from __future__ import annotations

import html
import re
import unicodedata

import yaml

from ..problems import Problem

MAX_DEPTH = 20  # the deepest real content file nests 6 levels
CORE = "tag:yaml.org,2002:"
COLLECTION_TAGS = {yaml.MappingStartEvent: CORE + "map", yaml.SequenceStartEvent: CORE + "seq"}
# What YAML's reader refuses (PyYAML's ``Reader.NON_PRINTABLE``): checked here to say where.
NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_REPORTED = 10  # per file and kind: enough to find them, not a screenful


def control_characters(text: str, name: str) -> list[Problem]:
    """Characters YAML does not allow in a file (NUL, other control characters), with line and column."""
    problems = []
    for match in NON_PRINTABLE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        code = f"U+{ord(match.group()):04X}"
        message = f"có ký tự điều khiển không in được ({code}); hãy xóa ký tự này (thường do dán từ chương trình khác)"
        problems.append(Problem(name, line, column, "", message))
        if len(problems) == MAX_REPORTED:
            break
    return problems


def not_plain_data(text: str, name: str, loader_class) -> list[Problem]:
    """Aliases, tags other than the core ones, and nesting beyond ``MAX_DEPTH``; [] if none."""
    problems: list[Problem] = []
    depth = 0
    loader = loader_class(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            where = (name, event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, yaml.AliasEvent):
                message = f"không dùng bí danh YAML (*{event.anchor}); hãy chép lại nội dung cần lặp vào chỗ này"
                problems.append(Problem(*where, "", message))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    message = f"lồng nhau quá sâu (quá {MAX_DEPTH} tầng); nội dung chỉ cần vài tầng"
                    problems.append(Problem(*where, "", message))
                    break  # everything deeper is the same problem
                if event.tag is not None and event.tag != COLLECTION_TAGS[type(event)]:
                    problems.append(Problem(*where, "", _tag_message(event.tag)))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and not _plain_scalar(event, loader):
                problems.append(Problem(*where, "", _tag_message(event.tag)))
            if len(problems) >= MAX_REPORTED:
                break
    finally:
        loader.dispose()
    return problems


def _plain_scalar(event: yaml.ScalarEvent, loader) -> bool:
    """No tag, ``!!str``, or a tag saying what the value would be read as anyway (``!!int 5``)."""
    if event.tag is None or event.tag in ("!", CORE + "str"):
        return True
    return event.tag == loader.resolve(yaml.ScalarNode, event.value, (True, False))


def _tag_message(tag: str) -> str:
    shown = tag.replace(CORE, "!!")
    return f"không dùng thẻ YAML “{shown}” ở đây; nội dung chỉ gồm chữ, số, ngày, danh sách — hãy xóa thẻ"


# What a text may not hold, however it was written: raw, as a YAML escape ("\\u202e", "\\x07"), as an HTML
# entity (&#x202E;), or decomposed so that NFC leaves a mark with nothing to sit on. Reversed text and
# missing-glyph boxes in a booklet come from these.
HIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
ALLOWED_CONTROLS = {"\n", "\t"}
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]{1,31});")


def hidden_characters(text: str, raw: str | None = None) -> list[str]:
    """Vietnamese messages for each character of ``text`` that would not print as text, once each.

    ``raw`` is how the value is written in the file: a character found in the
    value but not in ``raw`` was written as an escape, and the message says so.
    """
    messages, seen = [], set()
    for char in text:
        category = unicodedata.category(char)
        if char in seen or char in ALLOWED_CONTROLS:
            continue
        if category in HIDDEN_CATEGORIES or char == "\ufffd":
            seen.add(char)
            written = ", viết bằng mã thoát" if raw is not None and char not in raw else ""
            messages.append(f"có ký tự không in được U+{ord(char):04X}{_name(char)}{written}; hãy xóa ký tự này")
        elif category in ("Mn", "Me"):  # after NFC every Vietnamese mark sits in its letter
            seen.add(char)
            messages.append(
                f"có dấu U+{ord(char):04X}{_name(char)} đứng riêng, không ghép được vào chữ nào; hãy gõ lại chữ có dấu"
            )
    for match in _ENTITY.finditer(text):
        decoded = html.unescape(match.group())
        if decoded != match.group() and any(
            unicodedata.category(c) in HIDDEN_CATEGORIES or c == "\ufffd" for c in decoded
        ):
            code = ", ".join(f"U+{ord(c):04X}" for c in decoded)
            messages.append(f"có thực thể HTML “{match.group()}” (ký tự không in được {code}); hãy xóa")
    return messages


def _name(char: str) -> str:
    name = unicodedata.name(char, "").lower()
    return f" ({name})" if name else ""
