"""How Vietnamese articles write numbers, dates and document numbers.

Shared by the checks (a figure's number must be in its quote, a document's
date in its evidence) and by ``draft``, which proposes figures and documents
from an article: both must read "1.080", "6,5 tỷ", "14.5.2011" and
"1436/QĐ-UBND" the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# A document number as the Party or the state writes it: 03-CT/TW, 11-KH/TU,
# 1973/CT-TTg, 1436/QĐ-UBND, 85/2014/QH13, 71-HD/BTGTW; and as articles also write it:
# 03-CT/TƯ, 03-CT/T.Ư, 03/CT-TW (a dot inside a part, never at its end: "…03-CT/TW." ends a sentence).
_PART = r"[A-ZĐƯ](?:\.?[A-ZĐƯa-z0-9])*"
DOCUMENT_NUMBER = rf"\d+(?:/\d{{4}})?[-/]{_PART}(?:[-/]{_PART})*"
_DOCUMENT_NUMBER = re.compile(rf"(?<![\w/-]){DOCUMENT_NUMBER}(?![\w/])")
# Party documents are numbered "03-CT/TW", "11-KH/TU": kind, then the issuing level.
_PARTY_KINDS = "CT|KH|NQ|QĐ|HD|TB|KL|QC|BC|QĐi|CTr"
_PARTY_NUMBER = re.compile(rf"^(\d+)\s*[-/]\s*({_PARTY_KINDS})\s*[-/]\s*(T\.?W|T\.?Ư|TU|T\.U)$")
_CENTRAL = {"TW", "T.W", "TƯ", "T.Ư"}

# A number the Vietnamese way: "." groups thousands, "," marks decimals.
# Not a digit glued to letters: the "2" of "m2" is part of the unit.
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|(?<![\w.,])\d+(?:,\d+)?(?![\d])")
SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}

_DAY, _MONTH, _YEAR = r"(\d{1,2})", r"(\d{1,2})", r"(\d{4})"
# "14.5.2011", "14-5-2011", "14/5/2011"; "ngày 14 tháng 5 năm 2011"; "19/05", "12.5" (no year).
_DATES = (
    re.compile(rf"(?<![\d.,/-]){_DAY}([./-]){_MONTH}\2{_YEAR}(?![\d])"),
    re.compile(rf"ngày {_DAY} tháng {_MONTH}(?: năm {_YEAR})?", re.IGNORECASE),
    re.compile(rf"(?<![\d.,/-]){_DAY}[./]{_MONTH}(?![\d.,/-]\d|\d)"),
)


@dataclass(frozen=True)
class DateMention:
    day: int
    month: int
    year: int | None
    start: int
    end: int

    def matches(self, day: int, month: int, year: int | None) -> bool:
        return (self.day, self.month) == (day, month) and (year is None or self.year == year)


def document_numbers_in(text: str) -> list[re.Match]:
    return list(_DOCUMENT_NUMBER.finditer(text))


def canonical_number(number: str) -> str:
    """A Party document's number as the Party writes it: "03-CT/T.Ư", "03-CT/TƯ", "03/CT-TW" → "03-CT/TW".

    Other numbers (the state's "1973/CT-TTg", "Trung ương 4") are returned as they are.
    """
    match = _PARTY_NUMBER.match(number.strip())
    if not match:
        return number
    serial, kind, level = match.groups()
    return f"{serial}-{kind}/{'TW' if level in _CENTRAL else 'TU'}"


def dates_in(text: str) -> list[DateMention]:
    """Every date written in ``text``, with or without its year; impossible ones are not dates."""
    found: list[DateMention] = []
    taken: list[range] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            groups = [g for g in match.groups() if g is None or g.isdigit()]
            day, month = int(groups[0]), int(groups[1])
            year = int(groups[2]) if len(groups) > 2 and groups[2] else None
            if 1 <= day <= 31 and 1 <= month <= 12:
                found.append(DateMention(day, month, year, match.start(), match.end()))
                taken.append(range(match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def _masked(text: str) -> str:
    """``text`` with document numbers and dates blanked out (same length), so their digits are not figures."""
    spans = [(m.start(), m.end()) for m in document_numbers_in(text)]
    spans += [(d.start, d.end) for d in dates_in(text)]
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@dataclass(frozen=True)
class NumberMention:
    value: Decimal  # with its scale word applied: "6,5 tỷ" → 6500000000
    text: str  # as written, with the scale word: "6,5 tỷ"
    start: int
    end: int  # after the scale word, if any


def numbers_mentioned(text: str) -> list[NumberMention]:
    """The numbers in ``text`` that are not part of a date or a document number."""
    masked = _masked(text)
    found = []
    for match in _NUMBER.finditer(masked):
        value = Decimal(match.group().replace(".", "").replace(",", "."))
        end = match.end()
        following = re.match(r" (\w+)", masked[end:])
        if following and following.group(1) in SCALES:
            value *= SCALES[following.group(1)]
            end += following.end()
        found.append(NumberMention(value, text[match.start() : end], match.start(), end))
    return found


def numbers_in(text: str) -> set[Decimal]:
    """Numbers written the Vietnamese way in ``text``: "1.080" → 1080, "6,5 tỷ" → 6.5e9 (and 6.5)."""
    found = set()
    for mention in numbers_mentioned(text):
        found.add(mention.value)
        plain = Decimal(mention.text.split()[0].replace(".", "").replace(",", "."))
        found.add(plain)
    return found


def figures_in(text: str) -> list[str]:
    """Numbers in ``text`` other than document numbers and dates, as written."""
    return [mention.text for mention in numbers_mentioned(text)]
