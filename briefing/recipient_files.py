"""Reading a distribution list the way offices keep it: an Excel workbook or a CSV.

CSV as Excel writes it: `;` between fields in a Vietnamese locale, `,`
elsewhere; UTF-8 with or without a BOM (“CSV UTF-8”), or Windows-1258 (plain
“CSV”), read as such with a warning. Only the reading is here: the rows'
meaning is checked in recipients.py.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .problems import ContentError, Problem, display_path

NOT_UTF8 = "tệp không phải UTF-8; trong bảng tính hãy lưu lại dạng “CSV UTF-8”"
READ_AS_1258 = (
    "tệp không phải UTF-8 nên được đọc theo bảng mã Windows-1258 (kiểu “CSV” thường của Excel); "
    "kiểm tra dấu tiếng Việt, hoặc lưu lại dạng “CSV UTF-8”"
)

# Every letter Vietnamese writes: a text decoded with the wrong table shows others (ñ, ð, ¿…).
_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
VIETNAMESE_LETTERS = {
    unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for tone in _TONES
} | set("đĐ")


@dataclass
class Table:
    """A header and rows of text cells, each with its line (or spreadsheet row) number."""

    source: str  # the file as messages name it: ``list.xlsx[Sheet1]`` for a workbook
    header: list[str]
    rows: list[tuple[int, list[str]]]
    warnings: list[Problem] = field(default_factory=list)


def read_table(path: Path) -> Table:
    """Read ``path`` by its kind; raise ``ContentError`` if it cannot be read at all."""
    name = display_path(path)
    suffix = path.suffix.lower()
    if suffix in {".xls", ".ods"}:
        message = f"tệp {suffix} chưa được hỗ trợ; trong bảng tính hãy lưu lại dạng .xlsx hoặc “CSV UTF-8”"
        raise ContentError([Problem(name, 1, 1, "", message)])
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError([Problem(name, 1, 1, "", f"không đọc được tệp ({error.strerror})")]) from None
    if suffix in {".xlsx", ".xlsm"}:
        return _read_workbook(name, raw)
    return _read_csv(name, raw)


def _read_csv(name: str, raw: bytes) -> Table:
    problems = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = _as_windows_1258(raw)
        if text is None:
            line = raw[: error.start].count(b"\n") + 1
            raise ContentError([Problem(name, line, 1, "", NOT_UTF8)]) from None
        problems.append(Problem(name, 1, 1, "", READ_AS_1258, severity="warning"))
    text = unicodedata.normalize("NFC", text)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,", key=lambda d: len(next(csv.reader([first_line], delimiter=d), [])))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader, None) or []
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:  # a field over the csv module's limit, a NUL byte
        raise ContentError([Problem(name, reader.line_num or 1, 1, "", _csv_message(str(error)))]) from None
    return Table(name, header, rows, problems)


def _csv_message(error: str) -> str:
    if "field larger than field limit" in error:
        return (
            f"một ô quá dài (hơn {csv.field_size_limit()} ký tự); thường do thiếu dấu ngoặc kép đóng, "
            "làm cả phần sau của tệp thành một ô"
        )
    if "NUL" in error:
        return "tệp có ký tự NUL (tệp nhị phân hoặc bị hỏng?); hãy lưu lại từ bảng tính dạng “CSV UTF-8”"
    return f"dòng CSV không đọc được; hãy lưu lại từ bảng tính dạng “CSV UTF-8” (chi tiết: {error})"


def _as_windows_1258(raw: bytes) -> str | None:
    """The text, if ``raw`` reads as Vietnamese in Windows-1258; None if it does not."""
    try:
        text = unicodedata.normalize("NFC", raw.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    for char in text:
        if ord(char) < 0x80 or char in VIETNAMESE_LETTERS:
            continue
        if unicodedata.category(char).startswith(("L", "M")):
            return None  # a letter or stray mark Vietnamese never writes
    return text


def _read_workbook(name: str, raw: bytes) -> Table:
    import openpyxl

    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and extensions it skips
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            title = sheet.title
            workbook.close()
    except Exception:  # a damaged or mislabelled file fails deep inside zipfile or the XML parser
        message = "không đọc được tệp Excel; hãy mở bằng Excel và lưu lại dạng .xlsx"
        raise ContentError([Problem(name, 1, 1, "", message)]) from None
    source = f"{name}[{title}]"
    header = rows[0] if rows else []
    return Table(source, header, [(index, row) for index, row in enumerate(rows[1:], start=2)])


def _cell_text(value: object) -> str:
    """A cell as the officer sees it: 12, not 12.0; a date as 2026-11-28."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value))
