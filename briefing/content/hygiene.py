"""Vietnamese text hygiene: legacy encodings, tone-mark style, document numbers.

These run on the raw YAML, value by value, so every finding has a line and
column. Verbatim fields (quotes, errata originals) are left alone: they must
match the source article letter for letter, typos and all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..letters import toned
from ..problems import Problem, format_field
from .articletext import canonical_number, document_numbers_in
from .legacy import detect_legacy
from .yamlsource import YamlDocument

VERBATIM_KEYS = {"quote", "original", "file", "source", "id"}

# The booklet places tones the traditional way, as most of its text does:
# "hòa", "khóa", "Ủy" — not "hoà", "khoá", "Uỷ". A tone on the second vowel of
# oa/oe/uy is the other style only where the syllable ends there ("hoàn" is
# right either way), and "qu" is a consonant ("quý" is right either way).
_TONED = toned("aey")  # the second vowel of oa, oe, uy, with a tone
_FINAL_PAIR = re.compile(rf"(?<![qQ])([oOuU])([{_TONED}{_TONED.upper()}])$")
_WORD = re.compile(r"\w+")



def check_text(document: YamlDocument) -> list[Problem]:
    """Every hygiene problem in one content file."""
    problems = []
    for path, text in _strings(document.data):
        field = format_field(path)
        legacy = detect_legacy(text)
        if legacy:
            name, suggestion = legacy
            problems.append(
                document.problem(path, field, f"chữ gõ bằng bảng mã cũ {name}; đề nghị sửa thành: “{suggestion}”")
            )
            continue
        for word in other_style_words(text):
            problems.append(
                document.problem(
                    path,
                    field,
                    f"“{word}” đặt dấu kiểu khác; viết “{traditional_tone(word)}” cho thống nhất cả tài liệu",
                    severity="warning",
                )
            )
        for number, canonical in noncanonical_numbers(text):
            problems.append(
                document.problem(
                    path, field, f"số hiệu “{number}” viết chưa đúng chuẩn; viết “{canonical}”", severity="warning"
                )
            )
    return problems


def traditional_tone(word: str) -> str:
    """Move the tone of a final oa/oe/uy to the first vowel: "hoà" → "hòa", "Uỷ" → "Ủy"."""
    match = _FINAL_PAIR.search(word)
    if not match:
        return word
    first, second = match.groups()
    decomposed = unicodedata.normalize("NFD", second)
    base, tone = decomposed[0], decomposed[1:]
    moved = unicodedata.normalize("NFC", first + tone) + base
    return word[: match.start()] + moved


def other_style_words(text: str) -> Iterator[str]:
    return (word for word in _WORD.findall(text) if traditional_tone(word) != word)


def noncanonical_numbers(text: str) -> Iterator[tuple[str, str]]:
    """Party document numbers written otherwise than the Party writes them ("03/CT-TW", "03-CT/T.Ư")."""
    for match in document_numbers_in(text):
        canonical = canonical_number(match.group())
        if match.group() != canonical:
            yield match.group(), canonical


def _verbatim(path: tuple) -> bool:
    """A source's headline is the article's own, as it was published: cited, not corrected."""
    return len(path) == 3 and path[0] == "sources" and isinstance(path[1], int) and path[2] == "title"


def _strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in VERBATIM_KEYS and not _verbatim((*path, key)):
                yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _strings(item, (*path, index))
    elif isinstance(data, str):
        yield path, data
