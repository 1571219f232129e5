"""The letters Vietnamese writes, as Unicode writes them (NFC), defined once.

Recognising legacy encodings (content/legacy.py), a list read in the wrong
code page (distribute/recipient_files.py), UTF-8 read as Windows-1252
(distribute/recipients.py) and the tone-mark style (content/hygiene.py) all
ask one question: is this a Vietnamese letter?
"""

from __future__ import annotations

import unicodedata

VOWELS = "aăâeêioôơuưy"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng: combining, as NFD writes them
CONSONANTS = "bcdđghklmnpqrstvx"
FOREIGN = "fjwz"  # not in the alphabet, but in names and loanwords Vietnamese text writes


def toned(vowels: str) -> str:
    """Each of ``vowels`` with each tone mark, precomposed: ``toned("a")`` is “àáãảạ”."""
    return "".join(unicodedata.normalize("NFC", vowel + mark) for vowel in vowels for mark in TONE_MARKS)


_LOWER = set(CONSONANTS + FOREIGN + VOWELS + toned(VOWELS))
LETTERS = frozenset(_LOWER | {letter.upper() for letter in _LOWER})  # both cases, every tone
