"""Recognise Vietnamese text pasted from legacy 8-bit encodings, and convert it.

Old Word files typed with TCVN3 (ABC, the ".Vn" fonts) or VNI fonts look like
Latin-1 gibberish once pasted as Unicode: "§¶ng Céng s¶n ViÖt Nam" (TCVN3),
"Xin chaøo" (VNI). Both are fixed tables, small enough to keep here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..letters import LETTERS, TONE_MARKS, VOWELS

# TCVN3 (TCVN 5712:1993, VN3): one byte per precomposed lower-case letter. Its
# capitals with tones lived in separate ".VnTimeH" fonts using these same codes.
_TCVN3 = {
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "®": "đ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "«": "ô", "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "­": "ư", "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư",
}  # fmt: skip

# VNI: a base letter followed by a byte for its hat or horn and/or its tone.
# Longest sequences first, so "aá" (ấ) wins over "a" + "á".
_VNI_PAIRS = {
    "aù": "á", "aø": "à", "aû": "ả", "aõ": "ã", "aï": "ạ",
    "aâ": "â", "aá": "ấ", "aà": "ầ", "aå": "ẩ", "aã": "ẫ", "aä": "ậ",
    "aê": "ă", "aé": "ắ", "aè": "ằ", "aú": "ẳ", "aü": "ẵ", "aë": "ặ",
    "eù": "é", "eø": "è", "eû": "ẻ", "eõ": "ẽ", "eï": "ẹ",
    "eâ": "ê", "eá": "ế", "eà": "ề", "eå": "ể", "eã": "ễ", "eä": "ệ",
    "où": "ó", "oø": "ò", "oû": "ỏ", "oõ": "õ", "oï": "ọ",
    "oâ": "ô", "oá": "ố", "oà": "ồ", "oå": "ổ", "oã": "ỗ", "oä": "ộ",
    "ôù": "ớ", "ôø": "ờ", "ôû": "ở", "ôõ": "ỡ", "ôï": "ợ",
    "uù": "ú", "uø": "ù", "uû": "ủ", "uõ": "ũ", "uï": "ụ",
    "öù": "ứ", "öø": "ừ", "öû": "ử", "öõ": "ữ", "öï": "ự",
    "yù": "ý", "yø": "ỳ", "yû": "ỷ", "yõ": "ỹ",
}  # fmt: skip
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _with_capitals(table: dict[str, str]) -> dict[str, str]:
    return {**table, **{key.upper(): value.upper() for key, value in table.items()}}


_VNI = _with_capitals(_VNI_PAIRS) | _with_capitals(_VNI_SINGLE)
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))

# Vowel groups a Vietnamese syllable can have, tones removed.
_NUCLEI = {
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi",
    "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
    "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu",
}  # fmt: skip
# Vowel groups ending in a glide take no final consonant ("au" but never "aung").
_OPEN_ONLY = {n for n in _NUCLEI if len(n) > 1 and n[-1] in "iyou" and n not in ("oo", "uy", "uo")}
# Finals of Vietnamese syllables, plus "k" of Central Highlands names ("Đắk").
_FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t", "k"}
_WORD = re.compile(r"[^\W\d_]+")
_TONE_MARKS = dict.fromkeys(map(ord, TONE_MARKS))


def _strip_tones(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).translate(_TONE_MARKS))


def _is_syllable(word: str, strict: bool = False) -> bool:
    """Whether ``word`` is shaped like one Vietnamese syllable: Vietnamese letters,
    at most one tone, one real vowel group; if ``strict``, also a final consonant
    Vietnamese allows after that group. Names such as "Xiêr" pass only the lenient
    test, which is therefore the one that picks out suspect words."""
    if any(c not in LETTERS for c in word):
        return False
    decomposed = unicodedata.normalize("NFD", word)
    if sum(1 for c in decomposed if ord(c) in _TONE_MARKS) > 1:
        return False
    plain = _strip_tones(word.lower())
    if plain.startswith("qu") or (plain.startswith("gi") and len(plain) > 2):
        plain = plain[2:]
    vowels = list(re.finditer(f"[{VOWELS}]+", plain))
    if len(vowels) > 1 or (vowels and vowels[0].group() not in _NUCLEI):
        return False
    if not strict or not vowels:
        return True
    final = plain[vowels[0].end() :]
    return final in _FINALS and not (final and vowels[0].group() in _OPEN_ONLY)


def _is_vietnamese(text: str) -> bool:
    """Every word is a plausible Vietnamese syllable (the strict test)."""
    words = _WORD.findall(text)
    return bool(words) and all(_is_syllable(w, strict=True) for w in words)


def from_tcvn3(text: str) -> str:
    return "".join(_TCVN3.get(c, c) for c in text)


def from_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: _VNI[m.group()], text)


CONVERTERS = {"TCVN3 (ABC)": from_tcvn3, "VNI": from_vni}


@lru_cache(maxsize=8192)  # watch and serve read the same texts on every save
def detect_legacy(text: str) -> tuple[str, str] | None:
    """``(encoding name, Unicode text)`` if ``text`` reads as legacy-encoded Vietnamese, else None.

    Only words that are not already valid Vietnamese are considered, and a
    conversion counts only if it turns every such word into one.
    """
    suspects = [w for w in _WORD.findall(text) if not w.isascii() and not _is_syllable(w)]
    if not suspects:
        return None
    for name, convert in CONVERTERS.items():
        if all(_is_vietnamese(convert(w)) for w in suspects):
            return name, convert(text)
    return None
