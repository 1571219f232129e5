"""Distribution lists as offices keep them: Excel workbooks and the CSVs Excel writes."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import RELEASED, write_workbook

from briefing.cli import main
from briefing.distribute.recipients import read_recipients
from briefing.problems import ContentError

NAMES = ["Huyện ủy Văn Quan", "Đảng ủy xã Bình Phúc", "Ban Thường vụ Tỉnh ủy Lạng Sơn"]
TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """``text`` as Excel's plain “CSV” saves it here: base letters precomposed, tone marks combining."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tone)
    return "".join(out).encode("cp1258")


def test_excel_workbook_with_email_and_office_copy(tmp_path):
    path = write_workbook(
        tmp_path / "noi-nhan.xlsx",
        [
            ["Tên", "Địa chỉ", "Thư điện tử", "Lưu"],
            [NAMES[0], "Thị trấn Văn Quan", "vanquan@langson.dcs.vn", None],
            [NAMES[1], None, None, None],
            [NAMES[2], 12, None, "x"],
        ],
    )
    recipients, warnings = read_recipients(path)
    assert warnings == []
    assert [(r.number, r.name, r.address, r.email, r.archive) for r in recipients] == [
        (1, NAMES[0], "Thị trấn Văn Quan", "vanquan@langson.dcs.vn", False),
        (2, NAMES[1], "", "", False),
        (3, NAMES[2], "12", "", True),
    ]


def test_workbook_rows_are_reported_with_sheet_and_row(tmp_path, capsys):
    path = write_workbook(
        tmp_path / "noi-nhan.xlsx",
        [
            ["name", "email", "lưu"],
            [NAMES[0], "vanquan@", None],
            [None, "a@b.vn", None],
            [NAMES[1], "ban tuyen giao@langson.vn", "có lẽ"],
        ],
        sheet="Tháng 11",
    )
    output = tmp_path / "out"
    assert main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(output)]) == 1
    where = f"{path}[Tháng 11]"
    assert capsys.readouterr().err == (
        f"{where}:2:1: email: địa chỉ thư điện tử “vanquan@” không đúng dạng, ví dụ: vanphong@langson.dcs.vn\n"
        f"{where}:3:1: name: tên người nhận bị trống\n"
        f"{where}:4:1: email: địa chỉ thư điện tử “ban tuyen giao@langson.vn” không đúng dạng, "
        "ví dụ: vanphong@langson.dcs.vn\n"
        f"{where}:4:1: lưu: cột lưu chỉ nhận “x” (bản lưu) hoặc để trống (đang ghi “có lẽ”)\n"
        "Nội dung có 4 lỗi; chưa tạo bản sao nào.\n"
    )
    assert not output.exists()


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_semicolon_csv_from_a_vietnamese_excel(tmp_path, bom):
    path = tmp_path / "r.csv"
    text = "Tên;Địa chỉ;Thư điện tử\n" + "".join(f"{n};Lạng Sơn, Việt Nam;\n" for n in NAMES)
    path.write_bytes(bom + text.encode("utf-8"))
    recipients, warnings = read_recipients(path)
    assert warnings == []
    assert [r.name for r in recipients] == NAMES
    assert {r.address for r in recipients} == {"Lạng Sơn, Việt Nam"}  # the comma stays in the field


def test_windows_1258_csv_is_read_with_a_warning(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(windows_1258("tên,địa chỉ\n" + "".join(f"{n},Tỉnh Lạng Sơn\n" for n in NAMES)))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    recipients, warnings = read_recipients(path)
    assert [r.name for r in recipients] == NAMES  # composed (NFC) again
    assert [str(w) for w in warnings] == [
        f"{path}:1:1: cảnh báo: tệp không phải UTF-8 nên được đọc theo bảng mã Windows-1258 "
        "(kiểu “CSV” thường của Excel); kiểm tra dấu tiếng Việt, hoặc lưu lại dạng “CSV UTF-8”"
    ]


def test_old_excel_format_is_refused_with_advice(tmp_path):
    path = tmp_path / "r.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ContentError) as caught:
        read_recipients(path)
    assert [p.message for p in caught.value.problems] == [
        "tệp .xls chưa được hỗ trợ; trong bảng tính hãy lưu lại dạng .xlsx hoặc “CSV UTF-8”"
    ]


def test_damaged_workbook(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ContentError) as caught:
        read_recipients(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:1: không đọc được tệp Excel; hãy mở bằng Excel và lưu lại dạng .xlsx"
    ]


def test_sample_list_still_reads(tmp_path):
    sample = Path(__file__).resolve().parent.parent / "samples" / "recipients.csv"
    recipients, warnings = read_recipients(sample)
    assert len(recipients) == 41 and warnings == []
    mailed = [r.email for r in recipients if r.email]
    assert len(mailed) == 38 and all(email.endswith(".example") for email in mailed)  # a reserved domain
    assert [r.name for r in recipients if r.archive] == ["Ban Tuyên giáo Tỉnh ủy Lạng Sơn"]


# --- a list reads as a person sees it -----------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["E-mail", "Email address", "E-mail address", "Địa chỉ thư", "Địa chỉ thư điện tử", "EMAIL", " Hộp thư "]
)
def test_email_column_names_are_matched_generously(tmp_path, title):
    path = tmp_path / "r.csv"
    path.write_text(f"Tên đơn vị,{title},STT\nHuyện ủy Văn Quan,vanquan@langson.dcs.vn,1\n", encoding="utf-8")
    [recipient] = read_recipients(path)[0]
    assert (recipient.name, recipient.email) == ("Huyện ủy Văn Quan", "vanquan@langson.dcs.vn")


def test_a_column_not_understood_is_refused_with_the_ones_that_are(tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text("Tên,Số điện thoại,Email,Thư điện tử\nHuyện ủy Văn Quan,0205,a@b.vn,a@b.vn\n", encoding="utf-8")
    output = tmp_path / "out"
    assert main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(output)]) == 1
    understood = (
        "các cột dùng được: tên (name), địa chỉ (address), mã (code), thư điện tử (email, e-mail), lưu; "
        "cột STT và ghi chú được bỏ qua"
    )
    assert capsys.readouterr().err == (
        f"{path}:1:2: không hiểu cột “Số điện thoại”; {understood}\n"
        f"{path}:1:4: cột “Thư điện tử” trùng nghĩa với cột “Email” (cột 3); {understood}\n"
        "Nội dung có 2 lỗi; chưa tạo bản sao nào.\n"
    )
    assert not output.exists()


def test_spaces_around_headers_and_values_are_not_part_of_them(tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [["  Tên ", " Thư điện tử\u00a0", "Lưu "], [" Huyện ủy Văn Quan  ", " vq@langson.vn ", " x "]],
    )
    [recipient] = read_recipients(path)[0]
    assert (recipient.name, recipient.email, recipient.archive) == ("Huyện ủy Văn Quan", "vq@langson.vn", True)


def test_hidden_sheets_before_the_list_are_skipped_and_said(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    old = workbook.active
    old.title = "Danh sách cũ"
    old.append(["Tên"])
    old.append(["Huyện ủy Đã Giải Thể"])
    old.sheet_state = "hidden"
    current = workbook.create_sheet("Tháng 11")
    current.append(["Tên"])
    current.append([NAMES[0]])
    workbook.active = 1
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    recipients, warnings = read_recipients(path)
    assert [r.name for r in recipients] == [NAMES[0]]
    assert [str(w) for w in warnings] == [
        f"{path}:1:1: cảnh báo: bỏ qua trang tính ẩn “Danh sách cũ”: chỉ đọc trang tính đầu tiên đang hiện "
        "(“Tháng 11”), như khi mở tệp"
    ]


def test_hidden_rows_and_columns_holding_data_are_refused(tmp_path, capsys):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "DS"
    for row in [["Tên", "Thư điện tử", "Ghi chú"], [NAMES[0], "a@b.vn", ""], [NAMES[1], "", ""], [NAMES[2], "", "x"]]:
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["B"].hidden = True
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    output = tmp_path / "out"
    assert main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(output)]) == 1
    why = "người kiểm tra danh sách không nhìn thấy; hãy cho hiện lại (hoặc xóa nếu không dùng) rồi lưu tệp"
    assert capsys.readouterr().err == (
        f"{path}[DS]:1:2: cột B (“Thư điện tử”) đang bị ẩn trong bảng tính: {why}\n"
        f"{path}[DS]:3:1: dòng này đang bị ẩn trong bảng tính: {why}\n"
        "Nội dung có 2 lỗi; chưa tạo bản sao nào.\n"
    )
    assert not output.exists()


def with_cached_values(path: Path, values: dict[str, str]) -> Path:
    """The workbook as Excel saves it: each formula cell also stores the value it shows (openpyxl writes none)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    for cell, value in values.items():
        sheet = re.sub(
            rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
            rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v>',
            sheet,
        )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_formulas_read_as_the_values_the_file_shows(tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx", [["Tên", "Mã", "Thư điện tử"], [NAMES[0], "VQ", '=LOWER(B2)&"@langson.vn"']]
    )
    with_cached_values(path, {"C2": "vq@langson.vn"})
    [recipient] = read_recipients(path)[0]
    assert recipient.email == "vq@langson.vn"


def test_a_formula_without_a_stored_value_or_showing_an_error_is_refused(tmp_path, capsys):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [["Tên", "Mã", "Thư điện tử"], [NAMES[0], "VQ", '=LOWER(B2)&"@langson.vn"'], [NAMES[1], "BP", "=#REF!&1"]],
        sheet="DS",
    )
    with_cached_values(path, {"C3": "#REF!"})
    output = tmp_path / "out"
    assert main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(output)]) == 1
    assert capsys.readouterr().err == (
        f"{path}[DS]:2:3: ô C2 là công thức chưa có giá trị lưu trong tệp (tệp do chương trình khác tạo); "
        "hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại\n"
        f"{path}[DS]:3:3: ô C3 là công thức đang báo lỗi #REF!; hãy sửa công thức\n"
        "Nội dung có 2 lỗi; chưa tạo bản sao nào.\n"
    )
    assert not output.exists()


def test_a_merged_cell_counts_for_every_row_it_spans(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [["Tên", "Địa chỉ"], [NAMES[0], "Huyện Văn Quan, tỉnh Lạng Sơn"], [NAMES[1], None]]:
        sheet.append(row)
    sheet.merge_cells("B2:B3")
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    recipients = read_recipients(path)[0]
    assert [r.address for r in recipients] == ["Huyện Văn Quan, tỉnh Lạng Sơn"] * 2


def test_a_row_with_the_other_separator_is_refused(tmp_path, capsys):
    path = tmp_path / "r.csv"
    rows = [f"{NAMES[0]};Thị trấn Văn Quan;vq@langson.vn", f"{NAMES[1]},Huyện Văn Quan,bp@langson.vn"]
    path.write_text("tên;địa chỉ;thư điện tử\n" + "\n".join(rows) + "\n", encoding="utf-8")
    output = tmp_path / "out"
    assert main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(output)]) == 1
    assert capsys.readouterr().err == (
        f"{path}:3:1: dòng dùng dấu “,” để ngăn cột, còn dòng tiêu đề dùng dấu “;”; hãy dùng một loại dấu cho cả tệp "
        "(lưu lại từ bảng tính dạng “CSV UTF-8”)\n"
        "Nội dung có 1 lỗi; chưa tạo bản sao nào.\n"
    )


def test_a_row_with_more_cells_than_columns_is_refused(tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text(f"name,address,code\n{NAMES[0]},Huyện Văn Quan, tỉnh Lạng Sơn,VQ\n", encoding="utf-8")
    assert main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == (
        f"{path}:2:4: dòng có 4 ô nhưng dòng tiêu đề chỉ có 3 cột (thừa: “VQ”); nếu nội dung có dấu “,”, "
        "hãy đặt cả ô trong ngoặc kép, hoặc lưu lại từ bảng tính\n"
        "Nội dung có 1 lỗi; chưa tạo bản sao nào.\n"
    )


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "folder"])
def test_a_list_that_is_not_a_regular_file(tmp_path, kind):
    import os

    from conftest import run_cli

    path = Path(kind)
    if kind == "fifo":
        path = tmp_path / "noi-nhan.csv"
        os.mkfifo(path)
    elif kind == "folder":
        path = tmp_path / "noi-nhan.csv"
        path.mkdir()
    run = run_cli(["copies", *RELEASED,
        "--recipients", path, "--output-dir", tmp_path / "out"], memory_mb=2048, timeout=60)
    reason = {
        "fifo": "là một ống dẫn (FIFO), không phải tệp thường; hãy chỉ ra một tệp thật",
        "/dev/zero": "là một thiết bị, không phải tệp thường; hãy chỉ ra một tệp thật",
        "folder": "là một thư mục, không phải tệp",  # not the system's “Is a directory”
    }[kind]
    assert (run.code, run.out) == (1, "")
    assert run.err == f"{path}:1:1: không đọc được tệp ({reason})\nNội dung có 1 lỗi; chưa tạo bản sao nào.\n"
    assert not (tmp_path / "out").exists()


def test_international_addresses_follow_the_rule_send_applies(tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text(
        f"tên,thư điện tử\n{NAMES[0]},văn.phòng@langson.vn\n{NAMES[1]},vq@đảngủy.vn\n{NAMES[2]},vq@l\u0430ngson.vn\n",
        encoding="utf-8",
    )
    output = tmp_path / "out"
    assert main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(output)]) == 1
    assert capsys.readouterr().err == (
        f"{path}:4:1: thư điện tử: địa chỉ thư điện tử “vq@l\u0430ngson.vn” trộn chữ Latin với chữ Kirin "
        "(“\u0430” U+0430), nhìn giống mà khác địa chỉ thật; hãy gõ lại địa chỉ\n"
        "Nội dung có 1 lỗi; chưa tạo bản sao nào.\n"
    )
