"""Typesetting an editor would ask for: what must never break across lines.

Party document numbers (03-CT/TW, 1973/CT-TTg), "Hồ Chí Minh" and the names of
people and provinces, a number with its unit ("6,5 tỷ đồng", "1.080 m²") and
dates are wrapped in a ``nowrap`` span. The characters stay as they are (no
U+2011 non-breaking hyphen), so every PDF reader still finds "03-CT/TW".

The rule runs once over the rendered HTML, on text between tags, so no
template has to remember it. In titles and headings common two-syllable words
are kept whole too, and ``no_widow`` keeps a title's last line from being a
lone word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

NOWRAP_OPEN, NOWRAP_CLOSE = '<span class="nw">', "</span>"
# Longer runs (the names of bodies) stay whole in running text but may wrap in a
# table cell, which they would otherwise overflow.
LONG_OPEN, LONG_CHARS = '<span class="nw long">', 20

DOCUMENT_NUMBER = r"\d+(?:-[A-ZĐ]+/[A-ZĐƯ]+|/[A-ZĐ]+-[A-Za-zĐ]+)"  # 03-CT/TW, 1973/CT-TTg, 03/CT-TW
# With its kind, when the text gives it: "Chỉ thị số 1973/CT-TTg".
_NUMBERED_DOCUMENT = rf"(?:(?:Chỉ thị|Kế hoạch|Nghị quyết|Quyết định|Hướng dẫn)(?: số)? )?{DOCUMENT_NUMBER}"
_DATE = r"(?:(?:ngày|sáng|chiều) )?\d{1,2}[-/]\d{1,2}[-/]\d{4}|tháng \d{1,2} năm \d{4}|năm \d{4}|\d{4}[–-]\d{4}"
_TERM = r"khóa [XVI]+\b"  # "khóa XI"
# A number, its scale word, and the next word (its unit): "300 triệu đồng", "716 tập", "1.000 đồng/ngày".
_QUANTITY = r"\d[\d.,]*(?: (?:tỷ|triệu|nghìn|ngàn))? [^\s<>()\[\],.;:!?“”\"]+"
# A place: its kind, then its capitalised name ("huyện Sa Thầy", "thôn Pác Cắp").
_PLACE_KINDS = ("thị xã", "thành phố", "huyện", "xã", "thôn", "tỉnh")  # longest first
_PLACE = rf"(?:{'|'.join(_PLACE_KINDS)}) \w+(?: \w+){{0,2}}"
# Two-syllable words that titles and headings must not split (Vietnamese has no
# hyphenation dictionary; these are the ones this kind of booklet uses).
WORDS = (
    "tấm gương", "đạo đức", "học tập", "làm theo", "tài liệu", "tham khảo", "suy luận", "đính chính",
    "kinh nghiệm", "mô hình", "cách làm", "cụ thể", "thiết thực", "thảo luận", "nông thôn", "tổ chức",
    "Chính trị", "Trung ương", "Bí thư", "cán bộ", "đảng viên", "nhân dân", "tiết kiệm", "văn bản",
    "Chỉ thị", "Kế hoạch", "Nghị quyết", "Hội nghị", "Thường vụ", "Thường trực", "Chủ tịch",
)  # fmt: skip
_TAG = re.compile(r"(<[^>]*>)")
# Where titles are: headings, the cover's title and subtitle, the contents.
_TITLE_START = re.compile(r'<(h[1-3]|nav)\b|<(p) class="(?:title|subtitle|colophon-title)"')
_WIDOW_WORDS, _WIDOW_CHARS = 3, 18


@lru_cache(maxsize=8)
def _pattern(names: tuple[str, ...], in_title: bool = False) -> re.Pattern:
    """One alternation, names first and longest first, so no match nests in another.

    In titles, headings and the contents the common two-syllable words are kept whole too.
    """
    by_length = sorted(names, key=len, reverse=True)
    alternatives = [re.escape(name).replace(r"\ ", " ") for name in by_length]
    alternatives += [_NUMBERED_DOCUMENT, _DATE, _TERM, _QUANTITY, _PLACE, *(WORDS if in_title else ())]
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def keep_together(html: str, names: Iterable[str], bodies: Iterable[str] = ()) -> str:
    """``html`` with every unbreakable run of its body's text in a nowrap span.

    ``names`` (of people) never break; ``bodies`` (the names of organisations)
    and other long runs do not break in running text but may in a table cell.
    Only text between tags in ``<body>`` is touched: never the head, a tag or an
    attribute. The body holds no ``<style>`` or ``<script>``.
    """
    bodies = frozenset(bodies)
    spaced = tuple(sorted({n for n in (*names, *bodies) if " " in n}))
    text_pattern, title_pattern = _pattern(spaced), _pattern(spaced, in_title=True)

    def wrap(match: re.Match) -> str:
        text = _place_name(match.group())
        rest = match.group()[len(text) :]
        if not any(breakable in text for breakable in " -–/"):
            return text + rest
        opening = LONG_OPEN if text in bodies or len(text) > LONG_CHARS else NOWRAP_OPEN
        return f"{opening}{text}{NOWRAP_CLOSE}{rest}"

    body_start = html.index(">", html.index("<body")) + 1  # after the body tag and its attributes
    head, body = html[:body_start], html[body_start:]
    pieces = _TAG.split(body)
    closing_title: list[str] = []  # the end tag of the title we are in, if any
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            if closing_title and piece.startswith(closing_title[-1]):
                closing_title.pop()
            elif not closing_title and (title := _TITLE_START.match(piece)):
                closing_title.append(f"</{title.group(1) or title.group(2)}")
        elif piece.strip():
            pattern = title_pattern if closing_title else text_pattern
            pieces[index] = pattern.sub(wrap, piece)
    return head + "".join(pieces)


def _place_name(text: str) -> str:
    """A place match up to the end of its capitalised name; other matches whole."""
    kind = next((k for k in _PLACE_KINDS if text.startswith(k + " ")), None)
    if kind is None:
        return text
    words = text[len(kind) + 1 :].split(" ")
    name = []
    for word in words:
        if not word[:1].isupper():
            break
        name.append(word)
    return f"{kind} {' '.join(name)}" if name else kind


def no_widow(text: str) -> Markup:
    """A title whose last line is never a lone word.

    Vietnamese words are often two syllables ("tham khảo", "Kon Tum"), so the
    last syllables are kept together until they make at least three syllables
    and eighteen characters.
    """
    words = str(text).split(" ")
    tail_length = _WIDOW_WORDS
    while tail_length < len(words) and len(" ".join(words[-tail_length:])) < _WIDOW_CHARS:
        tail_length += 1
    if tail_length >= len(words):
        return escape(text)
    head, tail = " ".join(words[:-tail_length]), " ".join(words[-tail_length:])
    return escape(head) + Markup(" ") + unbroken(tail)


def unbroken(text: str) -> Markup:
    """``text`` on one line."""
    return Markup(NOWRAP_OPEN) + escape(text) + Markup(NOWRAP_CLOSE)
