"""The release gate: files to print from state what a printed publication must, or are proofs."""

from __future__ import annotations

import json

import pypdfium2
import pytest
from conftest import RELEASED, SIGNED_RECIPIENTS, TEST_COLOPHON, edit, fill_colophon, write_workbook

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
    "Điền đủ trước khi dựng tệp in phát hành (--press, --imposition) hay tạo bản sao; "
    "đến lúc đó mọi trang ghi “BẢN THẢO — CHƯA PHÁT HÀNH”.\n"
)
WAYS_ON = "Điền các mục đó, hoặc thêm --proof để làm bản in thử (mọi trang in dòng “BẢN IN THỬ”)."
KEPT = "Tệp PDF cũ (nếu có) được giữ nguyên."


def blank_line(field: str) -> str:
    return next(line for line in TEST_COLOPHON.splitlines() if line.startswith(f"  {field}:"))


@pytest.mark.parametrize("field", list(LABELS))
@pytest.mark.parametrize("flags", [["--press"], ["--imposition", "booklet"], ["--print-marks"]])
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


def test_copies_are_refused_like_print_files_and_made_as_proofs_with_proof(tmp_path, capsys):
    # Numbered copies leave the office: while the colophon is incomplete, none is made, printed or electronic.
    recipients = write_workbook(tmp_path / "noi-nhan.xlsx", SIGNED_RECIPIENTS[:3])
    args = ["copies", "--recipients", str(recipients), "--output-dir"]
    for flags, named in (([], "bản sao"), (["--press"], "--press")):
        output = tmp_path / f"ban-sao{len(flags)}"
        assert main([*args, str(output), *flags]) == 1
        err = capsys.readouterr().err.splitlines()
        closing = f"{named}: trang xuất bản còn thiếu 5 mục nêu trên; chưa tạo bản sao nào. {WAYS_ON}"
        assert len(err) == 6 and err[-1] == closing
        assert not output.exists()
    proofs = tmp_path / "ban-in-thu"
    assert main([*args, str(proofs), "--proof", "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err == INCOMPLETE
    assert captured.out == f"Đã tạo 2 bản sao trong {proofs} (kèm manifest.csv, manifest.json).\n"
    assert json.loads((proofs / "manifest.json").read_text(encoding="utf-8"))["release"] == "proof"
    for copy in sorted(proofs.glob("*.pdf")):
        pdf = pypdfium2.PdfDocument(copy)
        assert all("BẢN IN THỬ" in page.get_textpage().get_text_bounded() for page in pdf)
        assert pdf.get_metadata_dict()["Title"].startswith("BẢN IN THỬ — ")
        pdf.close()


def test_send_mails_proofs_only_when_asked_and_says_so(tmp_path, capsys):
    recipients = tmp_path / "r.csv"
    recipients.write_text("tên,thư điện tử\nHuyện ủy Văn Quan,vanquan@example.org\n", encoding="utf-8")
    folder = tmp_path / "ban-sao"
    assert main(["copies", "--recipients", str(recipients), "--output-dir", str(folder), "--proof", "--jobs", "1"]) == 0
    capsys.readouterr()
    send = ["send", "--copies", str(folder), "--smtp", "127.0.0.1:25", "--from", "vanphong@example.org", "--dry-run"]
    assert main(send) == 1
    assert capsys.readouterr().err == (
        f"{folder / 'manifest.json'}:1:1: release: các bản sao là bản in thử (tạo với --proof, trang xuất bản chưa "
        "đủ); tạo lại bản sao khi trang xuất bản đã đủ, hoặc thêm --proof để gửi bản in thử\n"
        "Chưa gửi thư nào.\n"
    )
    assert main([*send, "--proof"]) == 0
    assert "Subject: [BẢN IN THỬ] " in capsys.readouterr().out


def test_send_refuses_copies_whose_manifest_does_not_say_they_are_for_release(tmp_path, capsys):
    recipients = tmp_path / "r.csv"
    recipients.write_text("tên,thư điện tử\nHuyện ủy Văn Quan,vanquan@example.org\n", encoding="utf-8")
    folder = tmp_path / "ban-sao"
    assert main(["copies", *RELEASED, "--recipients", str(recipients), "--output-dir", str(folder), "--jobs", "1"]) == 0
    manifest = folder / "manifest.json"
    document = json.loads(manifest.read_text(encoding="utf-8"))
    assert document["release"] == "final"
    del document["release"]  # as an earlier version wrote it
    manifest.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    send = ["send", "--copies", str(folder), "--smtp", "127.0.0.1:25", "--from", "vanphong@example.org", "--dry-run"]
    assert main(send) == 1
    assert "manifest do phiên bản trước tạo, không ghi bản sao có được phát hành không" in capsys.readouterr().err


def test_a_reader_pdf_says_on_every_page_and_in_its_title_that_it_is_a_draft(booklet_a5, tmp_path):
    pdf = pypdfium2.PdfDocument(booklet_a5.path)
    pages = [pdf[i] for i in range(len(pdf))]
    for page in pages:  # inside the trim: at the page's foot, below the folio
        width, _ = page.get_size()
        foot = page.get_textpage().get_text_bounded(0, 0, width, 8 * 72 / 25.4)
        assert "BẢN THẢO — CHƯA PHÁT HÀNH" in " ".join(foot.split())
    assert pdf.get_metadata_dict()["Title"].startswith("BẢN THẢO — CHƯA PHÁT HÀNH — ")
    pdf.close()
    released = tmp_path / "phat-hanh.pdf"
    assert main([*RELEASED, "--output", str(released)]) == 0
    pdf = pypdfium2.PdfDocument(released)
    assert not any("BẢN THẢO" in pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
    assert not pdf.get_metadata_dict()["Title"].startswith("BẢN")
    pdf.close()


def test_a_proof_of_the_reader_pdf_says_so_on_every_page(tmp_path):
    proof = tmp_path / "in-thu.pdf"
    assert main(["--proof", "--output", str(proof)]) == 0
    pdf = pypdfium2.PdfDocument(proof)
    assert all("BẢN IN THỬ" in pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
    assert not any("BẢN THẢO" in pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
    pdf.close()


def test_sample_content_keeps_its_colophon_blank():
    # No invented names, permit numbers or printers in the sample: the office fills them in.
    from briefing.content.folder import load_booklet
    from briefing.options import DEFAULT_CONTENT

    colophon = load_booklet(DEFAULT_CONTENT).meta.colophon
    assert [getattr(colophon, field) for field in LABELS] == [None] * 5
