"""Does what the booklet prints read as its article says? A figure's unit is the word that follows
its number in the quote; its label reads after the number and unit; an award's body, kind and counts
are the quote's.

Each function returns (field, message) pairs for one item; checks.py places them in the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from .articletext import numbers_mentioned
from .formatting import vietnamese
from .model import Award, Figure

# A label reads right after "716 tập thể và cá nhân": it may not start with a conjunction, nor end on a
# word that needs what follows it ("… tặng Bằng khen cho", "… cho và").
_LEADING = ("và", "hoặc", "cùng", "với", "hay")
_TRAILING = ("cho", "và", "của", "với", "về", "để", "từ", "là", "hoặc", "tại", "trong")
_UNIT_SPELLINGS = {"m2": "m²", "m3": "m³", "km2": "km²"}


def _words(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    for written, unit in _UNIT_SPELLINGS.items():
        text = re.sub(rf"(?<![\w]){written}(?![\w])", unit, text)
    return " ".join(re.findall(r"[\w²³]+", text))


def following_words(quote: str, value, words: int = 3) -> list[str]:
    """What the quote writes right after each mention of ``value``: "5 tập thể và 10 cá nhân", 5 → ["tập thể và"]."""
    found = []
    for mention in numbers_mentioned(quote):
        plain = mention.text.split()[0].replace(".", "").replace(",", ".")
        if value not in (mention.value, _number(plain)):
            continue
        after = quote[mention.end :]
        # "6,5 tỷ đồng": the scale word is the number's; "1.080m2": the unit is glued on.
        found.append(" ".join(_words(after).split()[:words]))
    return found


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def figure_problems(figure: Figure) -> Iterator[tuple[str, str]]:
    unit = _words(figure.unit)
    after = following_words(figure.quote, figure.value, len(unit.split()) + 1)
    if after and not any(_starts_with(text, unit) for text in after):
        written = after[0].split()[: max(1, len(unit.split()))]
        suggestion = f"; nếu đúng là “{' '.join(written)}”, sửa “unit”" if written else ""
        yield "unit", (
            f"đơn vị “{figure.unit}” không phải chữ đứng sau số {_shown(figure)} trong câu trích{suggestion}"
        )
    yield from _label_problems(figure)


def _shown(figure: Figure) -> str:
    return vietnamese().number(figure.value)


def _starts_with(text: str, unit: str) -> bool:
    return text == unit or text.startswith(unit + " ")


def _label_problems(figure: Figure) -> Iterator[tuple[str, str]]:
    label = " ".join(figure.label.split())
    words = _words(label).split()
    head = vietnamese().figure(figure)
    if label[:1] in ",;:.":
        yield "label", f"nhãn “{label}” bắt đầu bằng dấu câu; viết cụm từ đọc liền sau “{head}”"
    elif words and words[0] in _LEADING:
        yield "label", (
            f"nhãn “{label}” không đọc liền sau “{head}” được (bắt đầu bằng “{words[0]}”); "
            "viết cụm từ nói số liệu đếm gì, ví dụ “được Chủ tịch UBND tỉnh tặng Bằng khen”"
        )
    elif (words and words[-1] in _TRAILING) or " cho và " in f" {label} ":
        cut = "cho và" if " cho và " in f" {label} " else words[-1]
        yield "label", f"nhãn “{label}” bỏ dở ở “{cut}”; viết trọn cụm từ đọc liền sau “{head}”"


def award_problems(award: Award) -> Iterator[tuple[str, str]]:
    quote = _words(award.quote)
    for field, count, noun in (("collectives", award.collectives, "tập thể"), ("individuals", award.individuals,
                                                                               "cá nhân")):  # fmt: skip
        if count is None:
            continue
        after = following_words(award.quote, count, 2)
        if not any(_starts_with(text, noun) for text in after):
            yield field, f"câu trích không ghi “{count} {noun}”; sửa số hoặc trích đúng câu có số đó"
    if _words(award.body) not in quote:
        yield "body", f"cơ quan khen thưởng “{award.body}” không có trong câu trích; ghi đúng như bài báo"
    if _words(award.kind) not in quote:
        message = f"hình thức “{award.kind}” không có trong câu trích; ghi đúng như bài báo (Bằng khen, biểu dương…)"
        yield "kind", message
