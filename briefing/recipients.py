"""The distribution list: who receives a numbered personal copy.

An Excel workbook or a CSV with a header row (see recipient_files.py): the
recipient's name, optionally an address line, a short code, an e-mail address,
and a “lưu” mark for the copies the office keeps. Header names may be English
or Vietnamese. Every bad row is reported, with its line, before any copy is made.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .legacy import detect_legacy
from .problems import ContentError, Problem
from .recipient_files import read_table

COLUMNS = {
    "name": {"name", "tên", "ten", "người nhận", "nguoi nhan", "recipient"},
    "address": {"address", "địa chỉ", "dia chi"},
    "code": {"code", "mã", "ma", "ký hiệu", "ky hieu"},
    "email": {"email", "e-mail", "thư điện tử", "thu dien tu"},
    "archive": {"lưu", "luu", "bản lưu", "ban luu", "archive"},
}
ARCHIVE_YES = {"x", "có", "co", "lưu", "luu", "1", "yes"}
ARCHIVE_NO = {"", "không", "khong", "0", "no"}
EMAIL_SHAPE = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+")
MAX_SLUG = 60


@dataclass(frozen=True)
class Recipient:
    number: int  # 1-based copy number, in file order
    name: str
    address: str = ""
    code: str = ""
    line: int = 0  # in the CSV, for messages
    email: str = ""
    archive: bool = False  # kept by the office: “Lưu” on the cover, not “Kính gửi”

    def copy_label(self, total: int) -> str:
        """“Bản số 07/40”: numbers padded alike so the copies sort and read evenly."""
        width = max(2, len(str(total)))
        return f"Bản số {self.number:0{width}d}/{total:0{width}d}"

    def filename(self, total: int) -> str:
        """``07-dang-uy-xa-binh-phuc.pdf``: safe, readable, ASCII."""
        width = max(2, len(str(total)))
        return f"{self.number:0{width}d}-{ascii_slug(self.name)}.pdf"


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
    columns = _columns(table.header)
    if "name" not in columns:
        message = "dòng đầu phải là tiêu đề và có cột tên người nhận, ví dụ: name,address,code"
        raise ContentError([Problem(name, 1, 1, "", message)])

    recipients, problems = [], []
    codes: dict[str, int] = {}
    for line, row in table.rows:
        if not any(cell.strip() for cell in row):
            continue  # blank lines are harmless
        values = {key: (row[index].strip() if index < len(row) else "") for key, index in columns.items()}
        for key, value in values.items():
            problems += _check_text(name, line, key, value)
        if not values["name"]:
            problems.append(Problem(name, line, 1, "name", "tên người nhận bị trống"))
        code = values.get("code", "")
        if code:
            if code in codes:
                problems.append(Problem(name, line, 1, "code", f"mã “{code}” trùng với dòng {codes[code]}"))
            codes.setdefault(code, line)
        email = values.get("email", "")
        if email and not EMAIL_SHAPE.fullmatch(email):
            message = f"địa chỉ thư điện tử “{email}” không đúng dạng, ví dụ: vanphong@langson.dcs.vn"
            problems.append(Problem(name, line, 1, "email", message))
        mark = values.get("archive", "").lower()
        if mark not in ARCHIVE_YES | ARCHIVE_NO:
            message = f"cột lưu chỉ nhận “x” (bản lưu) hoặc để trống (got “{values['archive']}”)"
            problems.append(Problem(name, line, 1, "archive", message))
        recipients.append(
            Recipient(
                len(recipients) + 1,
                values["name"],
                values.get("address", ""),
                code,
                line,
                email=email,
                archive=mark in ARCHIVE_YES,
            )
        )
    if not recipients and not problems:
        problems.append(Problem(name, 1, 1, "", "danh sách không có người nhận nào"))
    if problems:
        raise ContentError(problems)
    return recipients, table.warnings


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        title = " ".join(title.strip().lower().split())
        for key, aliases in COLUMNS.items():
            if title in aliases and key not in found:
                found[key] = index
    return found


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
    return []


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
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
