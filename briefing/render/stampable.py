"""What a copy's stamps can print: the stamp font's characters, and how long a line may be.

Checked while the recipients are read, so a name with a character the font
lacks (a zero-width space pasted from Word, an emoji, a bidi control) is
reported with its row before the booklet is laid out, not after. Reads only
the font's character map (fontTools), not WeasyPrint.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import fontpkg
from fontTools.ttLib import TTFont

from .fonts import HEADING_FAMILY

STAMP_WEIGHT = 600  # the weight ``stamp.make_stamp_font`` renders with
# The cover's recipient box holds three lines of name and two of address (A5); more runs over its text.
MAX_STAMPED = {"name": 120, "address": 110}
MAX_WORD = 35  # characters without a space: about one line of the box
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}


@cache
def stamp_characters() -> frozenset[int]:
    path = fontpkg.path(HEADING_FAMILY, STAMP_WEIGHT, "normal")
    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def unprintable(text: str) -> list[str]:
    """Characters of ``text`` the stamp cannot draw, each once, in order (white space is fine: lines break on it)."""
    available = stamp_characters()
    found: list[str] = []
    for char in text:
        # Invisible characters never reach the font, even where its map has them (a soft
        # hyphen): shaping drops them, so the stamp could not draw them either.
        lacking = ord(char) not in available or unicodedata.category(char) in INVISIBLE_CATEGORIES
        if not char.isspace() and lacking and char not in found:
            found.append(char)
    return found


def describe_unprintable(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) in INVISIBLE_CATEGORIES:
        name = unicodedata.name(char, "").lower()
        what = f" ({name})" if name else ""
        return f"có ký tự vô hình {code}{what}, thường do dán từ Word; hãy xóa ký tự này"
    return f"phông chữ in bản sao không có ký tự “{char}” ({code}); hãy bỏ hoặc thay ký tự này"


def too_long(field: str, text: str) -> str | None:
    limit = MAX_STAMPED.get(field)
    if limit is None:
        return None
    if len(text) > limit:
        return f"quá dài để in lên bìa ({len(text)} ký tự; tối đa {limit}); hãy viết gọn lại"
    longest = max(text.split(), key=len, default="")
    if len(longest) > MAX_WORD:  # lines break only at spaces: it would run off the page
        return f"có một từ quá dài để xuống dòng ({len(longest)} ký tự liền nhau); hãy thêm dấu cách"
    return None
