"""Text written once for every edition, naming the edition's provinces.

The foreword, the subtitle, the keywords and the discussion questions are
written by the editors for the whole content; an edition of one province, or
of some, must not name the others. So they name the provinces through a
placeholder, filled in for each edition the Vietnamese way ("A, B và C"):

    {tỉnh}      the names:                       Lạng Sơn và Kon Tum
    {các tỉnh}  with the noun, singular or not:  tỉnh Kon Tum / các tỉnh Lạng Sơn và Kon Tum
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from babel.lists import format_list

LOCALE = "vi"
PLACES = "{tỉnh}"
PLACES_WITH_NOUN = "{các tỉnh}"
PLACEHOLDERS = (PLACES, PLACES_WITH_NOUN)
_ANY = re.compile(r"\{[^{}]*\}")


def join(names: Sequence[str]) -> str:
    """``["A", "B", "C"]`` → ``A, B và C``."""
    return format_list(list(names), locale=LOCALE) if names else ""


def fill_places(text: str, names: Sequence[str]) -> str:
    """``text`` with its placeholders replaced by the provinces ``names``."""
    if "{" not in text:
        return text
    noun = "tỉnh" if len(names) == 1 else "các tỉnh"
    return text.replace(PLACES_WITH_NOUN, f"{noun} {join(names)}").replace(PLACES, join(names))


def has_places(text: str) -> bool:
    return any(placeholder in text for placeholder in PLACEHOLDERS)


def unknown_placeholders(text: str) -> list[str]:
    """Braces that are not a placeholder this module fills (a typo such as ``{tinh}``)."""
    return [found for found in _ANY.findall(text) if found not in PLACEHOLDERS]
