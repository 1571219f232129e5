"""E-mail addresses: one rule for the list (``copies``) and for sending (``send``).

An address is usable when it has one ``@``, a local part and a domain with a
dot, and nothing invisible or out of place in it. Vietnamese letters are fine:
a domain in Vietnamese is sent in its IDNA form (``xn--…``), a local part in
Vietnamese needs a server that speaks SMTPUTF8 (``send`` asks the server, and
records a refusal for that row only). What is refused everywhere is an address
that only looks like another: letters from two scripts, such as a Cyrillic
“а” among Latin letters, are how phishing addresses are made.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# RFC 5322 "atext" and dots, for an ASCII local part.
_ASCII_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_ASCII_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
EXAMPLE = "ví dụ: vanphong@langson.dcs.vn"


@dataclass(frozen=True)
class Address:
    """An address as written, and as a mail server is given it."""

    written: str
    envelope: str  # the domain in IDNA (ASCII) form
    needs_smtputf8: bool  # the local part is not ASCII


def address_problem(text: str) -> str | None:
    """Why ``text`` cannot be used as an e-mail address, in Vietnamese; None if it can."""
    try:
        parse_address(text)
    except ValueError as error:
        return str(error)
    return None


def parse_address(text: str) -> Address:
    """The address ready for a mail server; ``ValueError`` with a Vietnamese message if it is not usable."""
    shown = f"địa chỉ thư điện tử “{text}”"
    hidden = [c for c in text if unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp")]
    if hidden:
        codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(hidden))
        raise ValueError(f"{shown} có ký tự ẩn ({codes}), thường do dán từ chương trình khác; hãy gõ lại địa chỉ")
    if text.count("@") != 1 or any(c.isspace() for c in text):
        raise ValueError(f"{shown} không đúng dạng, {EXAMPLE}")
    local, domain = text.split("@")
    if not local or not domain or "." not in domain or len(text) > 254 or len(local) > 64:
        raise ValueError(f"{shown} không đúng dạng, {EXAMPLE}")
    mixed = _mixed_scripts(local) or _mixed_scripts(domain)
    if mixed:
        raise ValueError(
            f"{shown} trộn chữ {mixed[0]} với chữ {mixed[1]} (“{mixed[2]}” U+{ord(mixed[2]):04X}), "
            "nhìn giống mà khác địa chỉ thật; hãy gõ lại địa chỉ"
        )
    if local.isascii():
        if not _ASCII_LOCAL.fullmatch(local):
            raise ValueError(f"{shown} không đúng dạng, {EXAMPLE}")
    elif any(not (c.isalnum() or c in ".-_+") for c in local if not c.isascii()):
        raise ValueError(f"{shown} không đúng dạng, {EXAMPLE}")
    envelope_domain = _idna(domain, shown)
    labels = envelope_domain.split(".")
    if not all(_ASCII_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        raise ValueError(f"{shown} không đúng dạng, {EXAMPLE}")
    return Address(text, f"{local}@{envelope_domain}", not local.isascii())


def _idna(domain: str, shown: str) -> str:
    if domain.isascii():
        return domain.lower()
    import idna

    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise ValueError(f"{shown} có tên miền không hợp lệ (không chuyển được sang dạng IDNA)") from None


SCRIPTS = {"LATIN": "Latin", "CYRILLIC": "Kirin", "GREEK": "Hy Lạp", "ARMENIAN": "Armenia", "CHEROKEE": "Cherokee"}


def _mixed_scripts(text: str) -> tuple[str, str, str] | None:
    """(first script, other script, the first letter of the other) when letters of two scripts are mixed."""
    first = None
    for char in text:
        if not char.isalpha():
            continue
        script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
        if first is None:
            first = script
        elif script != first:
            return SCRIPTS.get(first, first.title()), SCRIPTS.get(script, script.title()), char
    return None
