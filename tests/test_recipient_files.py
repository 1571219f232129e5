"""Distribution lists as offices keep them: Excel workbooks and the CSVs Excel writes."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import write_workbook

from briefing.cli import main
from briefing.problems import ContentError
from briefing.recipients import read_recipients

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
    assert main(["copies", "--recipients", str(path), "--output-dir", str(output)]) == 1
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
