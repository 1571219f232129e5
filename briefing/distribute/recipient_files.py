"""Reading a distribution list the way offices keep it: an Excel workbook or a CSV, as a person sees it.

CSV as Excel writes it: `;` between fields in a Vietnamese locale, `,`
elsewhere; UTF-8 with or without a BOM (“CSV UTF-8”), or Windows-1258 (plain
“CSV”), read as such with a warning. A row split by the other separator, or
with more cells than the header has columns, is refused with its line: it
would silently put text in the wrong column.

A workbook is read as the spreadsheet program shows it: the first sheet that
is not hidden (hidden sheets before it are skipped, with a warning naming
them), formulas as the values the file shows (a formula without a stored
value, or showing an error, is refused), a merged cell's value in every cell
it spans; rows and columns hidden while holding data are refused, naming them,
since the person checking the list never saw them. Only the reading is here:
the rows' meaning is checked in recipients.py.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..letters import LETTERS
from ..oserrors import reason
from ..problems import ContentError, Problem, display_path
from ..regular import MB, read_regular

LIST_LIMIT = 20 * MB  # tens of thousands of rows
NOT_UTF8 = "tệp không phải UTF-8; trong bảng tính hãy lưu lại dạng “CSV UTF-8”"
READ_AS_1258 = (
    "tệp không phải UTF-8 nên được đọc theo bảng mã Windows-1258 (kiểu “CSV” thường của Excel); "
    "kiểm tra dấu tiếng Việt, hoặc lưu lại dạng “CSV UTF-8”"
)


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
        raw = read_regular(path, LIST_LIMIT)  # not a FIFO, a device or a folder
    except OSError as error:
        raise ContentError([Problem(name, 1, 1, "", f"không đọc được tệp ({reason(error)})")]) from None
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
    other = "," if delimiter == ";" else ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader, None) or []
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:  # a field over the csv module's limit, a NUL byte
        raise ContentError([Problem(name, reader.line_num or 1, 1, "", _csv_message(str(error)))]) from None
    width = _width(header)
    shape = []
    lines = text.splitlines()
    for line, row in rows:
        if _width(row) > width:
            extra = ", ".join(f"“{cell.strip()}”" for cell in row[width:] if cell.strip())
            message = (
                f"dòng có {_width(row)} ô nhưng dòng tiêu đề chỉ có {width} cột (thừa: {extra}); "
                f"nếu nội dung có dấu “{delimiter}”, hãy đặt cả ô trong ngoặc kép, hoặc lưu lại từ bảng tính"
            )
            shape.append(Problem(name, line, width + 1, "", message))
        elif len(row) < width and line <= len(lines) and _splits_by(lines[line - 1], other) > max(len(row), 1):
            message = (
                f"dòng dùng dấu “{other}” để ngăn cột, còn dòng tiêu đề dùng dấu “{delimiter}”; "
                "hãy dùng một loại dấu cho cả tệp (lưu lại từ bảng tính dạng “CSV UTF-8”)"
            )
            shape.append(Problem(name, line, 1, "", message))
    if shape:
        raise ContentError(shape)
    return Table(name, header, rows, problems)


def _width(row: list[str]) -> int:
    """Cells up to the last one that holds something."""
    width = len(row)
    while width and not row[width - 1].strip():
        width -= 1
    return width


def _splits_by(line: str, delimiter: str) -> int:
    return _width(next(csv.reader([line], delimiter=delimiter), []))


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
        if ord(char) < 0x80 or char in LETTERS:
            continue
        if unicodedata.category(char).startswith(("L", "M")):
            return None  # a letter or stray mark Vietnamese never writes
    return text


FORMULA_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}


def _read_workbook(name: str, raw: bytes) -> Table:
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and extensions it skips
            warnings.simplefilter("ignore")
            shown = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)  # the values the file shows
            written = openpyxl.load_workbook(io.BytesIO(raw), data_only=False)  # what was typed: formulas
    except Exception:  # a damaged or mislabelled file fails deep inside zipfile or the XML parser
        message = "không đọc được tệp Excel; hãy mở bằng Excel và lưu lại dạng .xlsx"
        raise ContentError([Problem(name, 1, 1, "", message)]) from None
    visible = [index for index, sheet in enumerate(shown.worksheets) if sheet.sheet_state == "visible"]
    if not visible:
        raise ContentError([Problem(name, 1, 1, "", "tệp không có trang tính nào đang hiện")])
    chosen = visible[0]
    sheet, formulas = shown.worksheets[chosen], written.worksheets[chosen]
    source = f"{name}[{sheet.title}]"
    skipped = "bỏ qua trang tính ẩn “{}”: chỉ đọc trang tính đầu tiên đang hiện (“{}”), như khi mở tệp"
    notes = [
        Problem(name, 1, 1, "", skipped.format(hidden.title, sheet.title), severity="warning")
        for hidden in shown.worksheets[:chosen]
    ]
    grid = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    problems = []
    for row in formulas.iter_rows():
        for cell in row:
            if cell.data_type != "f" and not str(cell.value or "").startswith("="):
                continue
            value = sheet.cell(cell.row, cell.column).value
            where = (source, cell.row, cell.column, "")
            if value is None:
                message = (
                    f"ô {cell.coordinate} là công thức chưa có giá trị lưu trong tệp (tệp do chương trình khác tạo); "
                    "hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại"
                )
                problems.append(Problem(*where, message))
            elif isinstance(value, str) and value in FORMULA_ERRORS:
                problems.append(
                    Problem(*where, f"ô {cell.coordinate} là công thức đang báo lỗi {value}; hãy sửa công thức")
                )
    for merged in sheet.merged_cells.ranges:  # shown once, across every cell of the range
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else ""
        for row_number in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
            cells = grid[row_number - 1]
            for column in range(merged.min_col, min(merged.max_col, len(cells)) + 1):
                cells[column - 1] = top
    hidden_rows = [r for r, cells in enumerate(grid, start=1) if sheet.row_dimensions[r].hidden and any(cells)]
    hidden_columns = sorted(
        {
            column
            for dimension in sheet.column_dimensions.values()
            if dimension.hidden and dimension.min
            for column in range(dimension.min, (dimension.max or dimension.min) + 1)
            if any(column <= len(cells) and cells[column - 1] for cells in grid)
        }
    )
    why = "người kiểm tra danh sách không nhìn thấy; hãy cho hiện lại (hoặc xóa nếu không dùng) rồi lưu tệp"
    for row_number in hidden_rows:
        problems.append(Problem(source, row_number, 1, "", f"dòng này đang bị ẩn trong bảng tính: {why}"))
    for column in hidden_columns:
        letter = get_column_letter(column)
        title = grid[0][column - 1] if grid and column <= len(grid[0]) else ""
        named = f" (“{title}”)" if title else ""
        problems.append(Problem(source, 1, column, "", f"cột {letter}{named} đang bị ẩn trong bảng tính: {why}"))
    if problems:
        raise ContentError(problems)
    header = grid[0] if grid else []
    return Table(source, header, [(index, row) for index, row in enumerate(grid[1:], start=2)], notes)


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
