"""Text written once for every edition, naming what the edition holds.

The foreword, the subtitle, the keywords and the discussion questions are
written by the editors for the whole content; an edition of one province, or
of some, must not name the others, nor claim what it does not carry. So they
name these through placeholders, filled in for each edition:

    {tỉnh}               the names:                         Lạng Sơn và Kon Tum
    {các tỉnh}           with their nouns:                  tỉnh Kon Tum / các tỉnh Lạng Sơn và Kon Tum /
                                                            tỉnh Nghệ An và thành phố Đà Nẵng
    {chỉ thị}            the directive, cited in full:      Chỉ thị 03-CT/TW ngày 14-5-2011 của Bộ Chính trị
    {cơ quan biên soạn}  who compiled the booklet:          Ban Tuyên giáo Tỉnh ủy Lạng Sơn
    {nội dung}           what the edition's chapters hold:  cách tổ chức thực hiện, các mô hình, cách làm …

A paragraph whose placeholder has nothing to fill in (``{nội dung}`` of an
edition without chapters, ``{chỉ thị}`` without a directive) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from babel.lists import format_list

LOCALE = "vi"
PLACES = "{tỉnh}"
PLACES_WITH_NOUN = "{các tỉnh}"
DIRECTIVE = "{chỉ thị}"
COMPILER = "{cơ quan biên soạn}"
HOLDS = "{nội dung}"
PLACEHOLDERS = (PLACES, PLACES_WITH_NOUN, DIRECTIVE, COMPILER, HOLDS)
PROVINCE_PLACEHOLDERS = (PLACES, PLACES_WITH_NOUN)
_ANY = re.compile(r"\{[^{}]*\}")


def join(names: Sequence[str]) -> str:
    """``["A", "B", "C"]`` → ``A, B và C``."""
    return format_list(list(names), locale=LOCALE) if names else ""


def with_nouns(places: Sequence[tuple[str, str]]) -> str:
    """(name, noun) pairs in running text: ``tỉnh Kon Tum``, ``các tỉnh A và B``, ``tỉnh A và thành phố B``."""
    if not places:
        return ""
    nouns = {noun for _, noun in places}
    if len(nouns) == 1:
        noun = next(iter(nouns))
        return f"{'các ' if len(places) > 1 else ''}{noun} {join([name for name, _ in places])}"
    return join([f"{noun} {name}" for name, noun in places])


def place_values(places: Sequence[tuple[str, str]]) -> dict[str, str]:
    """What the province placeholders stand for, for these (name, noun) pairs."""
    return {PLACES: join([name for name, _ in places]), PLACES_WITH_NOUN: with_nouns(places)}


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each placeholder of ``values`` replaced by its value."""
    if "{" not in text:
        return text
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def empty_placeholders(text: str, values: Mapping[str, str]) -> list[str]:
    """The placeholders ``text`` uses that have nothing to fill in here."""
    return [p for p in PLACEHOLDERS if p in text and not values.get(p)]


def has_places(text: str) -> bool:
    return any(placeholder in text for placeholder in PROVINCE_PLACEHOLDERS)


def unknown_placeholders(text: str) -> list[str]:
    """Braces that are not a placeholder this module fills (a typo such as ``{tinh}``)."""
    return [found for found in _ANY.findall(text) if found not in PLACEHOLDERS]
