"""The release gate: files to print from state what a printed publication must, or are proofs."""

from __future__ import annotations

import pytest
from conftest import SIGNED_RECIPIENTS, TEST_COLOPHON, edit, fill_colophon, write_workbook

from briefing.cli import main

LABELS = {
    "responsible": "Chịu trách nhiệm nội dung",
    "print_run": "Số lượng in",
    "printer": "Nơi in",
    "permit": "Số quyết định hoặc giấy phép xuất bản",
    "deposit": "Ngày nộp lưu chiểu",
}
INCOMPLETE = (
    "Trang xuất bản còn thiếu 5 mục: Chịu trách nhiệm nội dung, Số lượng in, Nơi in, "
    "Số quyết định hoặc giấy phép xuất bản, Ngày nộp lưu chiểu. "
    "Điền đủ trước khi dựng tệp in phát hành (--press, --imposition).\n"
)
WAYS_ON = "Điền các mục đó, hoặc thêm --proof để dựng bản in thử (mọi tờ in dòng “BẢN IN THỬ”)."
KEPT = "Tệp PDF cũ (nếu có) được giữ nguyên."


def blank_line(field: str) -> str:
    return next(line for line in TEST_COLOPHON.splitlines() if line.startswith(f"  {field}:"))


@pytest.mark.parametrize("field", list(LABELS))
@pytest.mark.parametrize("flags", [["--press"], ["--imposition", "booklet"]])
def test_a_file_to_print_from_names_the_blank_field_and_is_not_built(field, flags, content_copy, tmp_path, capsys):
    fill_colophon(content_copy)
    path = content_copy / "booklet.yaml"
    line = edit(path, blank_line(field) + "\n", f"  {field}:\n")
    output = tmp_path / "nha-in.pdf"
    output.write_bytes(b"%PDF-1.7 the file the print shop already has")
    assert main(["--content", str(content_copy), *flags, "--output", str(output)]) == 1
    option = " ".join(flags)
    assert capsys.readouterr().err == (
        f"{path}:{line}:{len(field) + 4}: colophon.{field}: chưa điền mục “{LABELS[field]}”; "
        "xuất bản phẩm in phát hành phải ghi ở trang cuối\n"
        f"{option}: trang xuất bản còn thiếu 1 mục nêu trên; chưa dựng tài liệu. {WAYS_ON} {KEPT}\n"
    )
    assert output.read_bytes() == b"%PDF-1.7 the file the print shop already has"


def test_the_sample_is_refused_for_print_with_every_blank_field_named(tmp_path, capsys):
    output = tmp_path / "nha-in.pdf"
    assert main(["--press", "--imposition", "booklet", "--output", str(output)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 2)[1] for line in err[:-1]] == [f"colophon.{field}" for field in LABELS]
    flags = "--imposition booklet và --press"
    assert err[-1] == f"{flags}: trang xuất bản còn thiếu 5 mục nêu trên; chưa dựng tài liệu. {WAYS_ON} {KEPT}"
    assert not output.exists()


def test_a_proof_is_built_and_says_once_what_the_colophon_lacks(tmp_path, capsys):
    output = tmp_path / "ban-in-thu.pdf"
    assert main(["--press", "--proof", "--output", str(output)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"Đã dựng {output}")
    assert captured.err == INCOMPLETE


def test_a_plain_build_is_not_gated_and_says_once_what_the_colophon_lacks(tmp_path, capsys):
    assert main(["--output", str(tmp_path / "b.pdf")]) == 0
    assert capsys.readouterr().err == INCOMPLETE


def test_a_complete_colophon_says_nothing(content_copy, tmp_path, capsys):
    fill_colophon(content_copy)
    assert main(["--content", str(content_copy), "--output", str(tmp_path / "b.pdf")]) == 0
    assert capsys.readouterr().err == ""


def test_check_counts_what_the_colophon_lacks(capsys):
    path = "content/booklet.yaml"
    assert main(["check"]) == 0
    captured = capsys.readouterr()
    # The Kon Tum edition alone has one key figure: check notes the chapter it leaves out (not a warning).
    assert captured.out == (
        "content/booklet.yaml:149:3: key_figures: ghi chú: tài liệu riêng tỉnh Kon Tum không có chương "
        "“Những điểm chính”: chỉ có 1 số liệu nổi bật, cần ít nhất 2\n"
        "Nội dung hợp lệ (5 cảnh báo, 1 ghi chú).\n"
    )
    assert [line.split(": ", 2)[1] for line in captured.err.splitlines()] == [f"colophon.{f}" for f in LABELS]
    assert all(line.startswith(path) and ": cảnh báo: chưa điền mục" in line for line in captured.err.splitlines())


def test_copies_for_print_are_refused_and_electronic_copies_say_once(tmp_path, capsys):
    recipients = write_workbook(tmp_path / "noi-nhan.xlsx", SIGNED_RECIPIENTS[:3])
    printed = tmp_path / "in"
    args = ["copies", "--recipients", str(recipients), "--output-dir"]
    assert main([*args, str(printed), "--press"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 6 and err[-1] == (
        f"--press: trang xuất bản còn thiếu 5 mục nêu trên; chưa tạo bản sao nào. {WAYS_ON}"
    )
    assert not printed.exists()
    electronic = tmp_path / "dien-tu"
    assert main([*args, str(electronic), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err == INCOMPLETE
    assert captured.out == f"Đã tạo 2 bản sao trong {electronic} (kèm manifest.csv, manifest.json).\n"


def test_sample_content_keeps_its_colophon_blank():
    # No invented names, permit numbers or printers in the sample: the office fills them in.
    from briefing.content.folder import load_booklet
    from briefing.options import DEFAULT_CONTENT

    colophon = load_booklet(DEFAULT_CONTENT).meta.colophon
    assert [getattr(colophon, field) for field in LABELS] == [None] * 5
