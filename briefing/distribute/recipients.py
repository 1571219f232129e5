"""The distribution list: who receives a numbered personal copy.

An Excel workbook or a CSV with a header row (see recipient_files.py): the
recipient's name, optionally an address line, a short code, an e-mail address,
and a “lưu” mark for the copies the office keeps. Header names are matched
generously (English or Vietnamese, with or without accents, “E-mail address”,
“Địa chỉ thư”); a column not understood is refused with the list of those that
are, never silently ignored. Every bad row is reported, with its line, before
any copy is made.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ..content.legacy import detect_legacy
from ..letters import LETTERS
from ..problems import ContentError, Problem
from ..render.stampable import describe_unprintable, too_long, unprintable
from .addresses import address_problem
from .manifest import copy_file, copy_label
from .recipient_files import read_table

# Header names, as ``header_key`` normalises them (no accents, lower case, words separated by one space).
COLUMNS = {
    "name": {"name", "recipient", "recipient name", "ten", "ten nguoi nhan", "nguoi nhan", "noi nhan",
             "ten noi nhan", "don vi", "ten don vi", "co quan", "ten co quan", "kinh gui"},
    "address": {"address", "postal address", "dia chi", "dia chi nhan", "dia chi buu dien"},
    "code": {"code", "ma", "ma so", "ma don vi", "ky hieu", "so hieu"},
    "email": {"email", "e mail", "email address", "e mail address", "mail", "thu dien tu", "dia chi thu",
              "dia chi thu dien tu", "dia chi email", "dia chi e mail", "hop thu"},
    "archive": {"luu", "ban luu", "luu tru", "archive", "archived"},
}  # fmt: skip
IGNORED_COLUMNS = {"stt", "tt", "so tt", "so thu tu", "no", "ghi chu", "note", "notes"}  # row numbers, remarks
UNDERSTOOD = (
    "các cột dùng được: tên (name), địa chỉ (address), mã (code), thư điện tử (email, e-mail), lưu; "
    "cột STT và ghi chú được bỏ qua"
)
ARCHIVE_YES = {"x", "có", "co", "lưu", "luu", "1", "yes"}
ARCHIVE_NO = {"", "không", "khong", "0", "no"}
MAX_SLUG = 60


@dataclass(frozen=True)
class Recipient:
    number: int  # 1-based copy number, in file order
    name: str
    address: str = ""
    code: str = ""
    email: str = ""
    archive: bool = False  # kept by the office: “Lưu” on the cover, not “Kính gửi”

    def copy_label(self, total: int) -> str:
        """“Bản số 07/40”."""
        return copy_label(self.number, total)

    def filename(self, total: int) -> str:
        """``07-dang-uy-xa-binh-phuc.pdf``."""
        return copy_file(self.number, total, ascii_slug(self.name))


def ascii_slug(text: str) -> str:
    """“Đảng ủy xã Bình Phúc” → ``dang-uy-xa-binh-phuc``."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:  # cut at a word boundary
        slug = slug[: MAX_SLUG + 1].rsplit("-", 1)[0]
    return slug or "ban-sao"


def load_recipients(path: Path) -> list[Recipient]:
    """Read and check the distribution list; raise ``ContentError`` with every problem."""
    return read_recipients(path)[0]


def read_recipients(path: Path) -> tuple[list[Recipient], list[Problem]]:
    """The distribution list and warnings about how it was read; ``ContentError`` with every problem."""
    table = read_table(path)
    name = table.source
    columns, unknown = _columns(table.header)
    if "name" not in columns:
        message = "dòng đầu phải là tiêu đề và có cột tên người nhận, ví dụ: name,address,code"
        raise ContentError([Problem(name, 1, 1, "", message)])
    if unknown:
        raise ContentError(Problem(name, 1, column, "", f"{what}; {UNDERSTOOD}") for column, what in unknown)

    recipients, problems = [], []
    codes: dict[str, int] = {}
    for line, row in table.rows:
        if not any(cell.strip() for cell in row):
            continue  # blank lines are harmless
        values = {key: _one_line(row[index]) if index < len(row) else "" for key, index in columns.items()}
        for key, value in values.items():
            problems += _check_text(name, line, key, value) or _check_stampable(name, line, key, value)
        if not values["name"]:
            problems.append(Problem(name, line, 1, "name", "tên người nhận bị trống"))
        code = values.get("code", "")
        if code:
            if code in codes:
                problems.append(Problem(name, line, 1, "code", f"mã “{code}” trùng với dòng {codes[code]}"))
            codes.setdefault(code, line)
        email = values.get("email", "")
        email_problem = address_problem(email) if email else None
        if email_problem:  # the rule send applies: what passes here can be sent
            problems.append(Problem(name, line, 1, "email", email_problem))
        mark = values.get("archive", "").lower()
        if mark not in ARCHIVE_YES | ARCHIVE_NO:
            message = f"cột lưu chỉ nhận “x” (bản lưu) hoặc để trống (đang ghi “{values['archive']}”)"
            problems.append(Problem(name, line, 1, "archive", message))
        recipients.append(
            Recipient(
                len(recipients) + 1,
                values["name"],
                values.get("address", ""),
                code,
                email=email,
                archive=mark in ARCHIVE_YES,
            )
        )
    if not recipients and not problems:
        problems.append(Problem(name, 1, 1, "", "danh sách không có người nhận nào"))
    if problems:
        # Each column named as the file's header names it (“lưu”, “thư điện tử”), not by our key for it.
        titles = {key: " ".join(table.header[index].split()) for key, index in columns.items()}
        raise ContentError(replace(problem, field=titles.get(problem.field, problem.field)) for problem in problems)
    return recipients, table.warnings


def _one_line(cell: str) -> str:
    """A cell as one line of text: line breaks and runs of spaces inside it become one space."""
    return " ".join(cell.split())


def _check_stampable(file: str, line: int, field: str, value: str) -> list[Problem]:
    """Text the cover stamp can print: characters the stamp font has, and not longer than the box holds."""
    if field not in ("name", "address"):
        return []  # the code goes to the manifest only
    problems = [Problem(file, line, 1, field, describe_unprintable(char)) for char in unprintable(value)]
    message = too_long(field, value)
    if message:
        problems.append(Problem(file, line, 1, field, message))
    return problems


def header_key(title: str) -> str:
    """“E-mail address” → ``e mail address``; “Địa chỉ thư” → ``dia chi thu``."""
    text = unicodedata.normalize("NFD", title.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _columns(header: list[str]) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Which column holds what; and (column number, why) for each header cell not understood."""
    found: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for index, title in enumerate(header):
        key = header_key(title)
        if not key or key in IGNORED_COLUMNS:
            continue
        meaning = next((column for column, aliases in COLUMNS.items() if key in aliases), None)
        shown = " ".join(title.split())
        if meaning is None:
            unknown.append((index + 1, f"không hiểu cột “{shown}”"))
        elif meaning in found:
            first = " ".join(header[found[meaning]].split())
            unknown.append((index + 1, f"cột “{shown}” trùng nghĩa với cột “{first}” (cột {found[meaning] + 1})"))
        else:
            found[meaning] = index
    return found, unknown


def _check_text(file: str, line: int, field: str, value: str) -> list[Problem]:
    """Text broken on its way into the spreadsheet: legacy fonts, or UTF-8 read as Windows-1252."""
    legacy = detect_legacy(value)
    if legacy:
        encoding, suggestion = legacy
        return [Problem(file, line, 1, field, f"chữ gõ bằng bảng mã cũ {encoding}; đề nghị sửa thành: “{suggestion}”")]
    repaired = _undo_mojibake(value)
    if repaired and repaired != value:
        return [
            Problem(file, line, 1, field, f"chữ bị lỗi mã hóa (UTF-8 bị đọc nhầm); đề nghị sửa thành: “{repaired}”")
        ]
    if _MOJIBAKE.search(value):  # some of the original bytes are lost: no sure repair to suggest
        message = "chữ bị lỗi mã hóa (UTF-8 bị đọc nhầm); hãy xuất lại tệp từ bảng tính dạng “CSV UTF-8”"
        return [Problem(file, line, 1, field, message)]
    return []


# UTF-8 read as Windows-1252 turns each Vietnamese letter into a lead character (Ã Ä Å Æ á â)
# followed by one or two of U+0080–U+00BF or the characters cp1252 puts at 0x80–0x9F.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018\u201a\u201c\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)  # not ’ ” (U+2019, U+201D): “Lá”” may close a quote
_MOJIBAKE = re.compile(f"[ÃÄÅÆáâ][{_CONTINUATION}]")
# The five bytes cp1252 leaves undefined: programs showing such text often drop them.
_DROPPED_BYTES = (0x90, 0x81, 0x8D, 0x8F, 0x9D)


def _undo_mojibake(value: str) -> str | None:
    """UTF-8 that was read as Windows-1252 (or Latin-1), read back as UTF-8; None if it was not."""
    raw = bytearray()
    for char in value:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            raw.append(ord(char))  # bytes cp1252 leaves undefined come through as U+0080–U+009F
    return _decode_restoring_dropped(bytes(raw))


def _decode_restoring_dropped(raw: bytes) -> str | None:
    """Decode UTF-8, putting back a dropped undefined byte where only one choice gives a Vietnamese letter."""
    for _ in range(len(raw) + 1):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.reason == "invalid start byte":
                return None
            fits = []
            for byte in _DROPPED_BYTES:
                candidate = raw[: error.end] + bytes([byte]) + raw[error.end :]
                try:
                    letter = candidate[error.start : error.end + 1].decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if letter in LETTERS:
                    fits.append(candidate)
            if len(fits) != 1:
                return None
            raw = fits[0]
    return None
