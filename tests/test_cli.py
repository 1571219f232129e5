"""The command line: what it prints, its exit codes, and that nothing good is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2
from conftest import edit

from briefing.cli import main

PROJECT = Path(__file__).resolve().parent.parent


def test_build_prints_path_and_page_count(tmp_path, capsys):
    output = tmp_path / "out" / "booklet.pdf"
    assert main(["--output", str(output)]) == 0
    pages = len(pypdfium2.PdfDocument(output))
    assert capsys.readouterr().out == f"Đã dựng {output} ({pages} trang).\n"


def test_invalid_content_exits_1_and_keeps_the_previous_pdf(tmp_path, content_copy, capsys):
    output = tmp_path / "booklet.pdf"
    output.write_bytes(b"%PDF-1.7 the booklet that was already sent to print")
    before = output.read_bytes()
    line = edit(content_copy / "kon-tum.yaml", "        value: 8\n", "        value: tám\n")

    assert main(["--content", str(content_copy), "--output", str(output)]) == 1

    err = capsys.readouterr().err
    assert err == (
        f'{content_copy / "kon-tum.yaml"}:{line}:16: models[0].figures[1].value: phải là một số (đang ghi "tám")\n'
        "Nội dung có 1 lỗi; chưa dựng tài liệu. Tệp PDF cũ (nếu có) được giữ nguyên.\n"
    )
    assert output.read_bytes() == before
    assert list(tmp_path.iterdir()) == [output, content_copy]  # no temporary left behind


def test_missing_content_folder(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["--content", str(missing), "--output", str(tmp_path / "b.pdf")]) == 1
    err = capsys.readouterr().err
    assert f"{missing / 'booklet.yaml'}:1:1: không tìm thấy tệp; mỗi tập tài liệu cần tệp này\n" in err
    assert not (tmp_path / "b.pdf").exists()


def test_usage_errors_exit_2(capsys):
    assert main(["--paper", "B5"]) == 2
    assert "build.py: lỗi: --paper: không có lựa chọn “B5”; chọn một trong: 'A5', 'A4'\n" in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for flag in ("--content", "--output", "--paper", "--html"):
        assert flag in out


def test_paper_is_case_insensitive(tmp_path):
    output = tmp_path / "a4.pdf"
    assert main(["--paper", "a4", "--output", str(output)]) == 0
    width, height = pypdfium2.PdfDocument(output)[0].get_size()
    assert round(width) == 595 and round(height) == 842


def test_build_py_runs_from_anywhere(tmp_path):
    output = tmp_path / "booklet.pdf"
    html = tmp_path / "booklet.html"
    run = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--output", str(output), "--html", str(html)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    # No WeasyPrint warning reached the operator: only the reminder that the sample's colophon is blank.
    assert run.stderr.startswith("Trang xuất bản còn thiếu 5 mục") and len(run.stderr.splitlines()) == 1
    assert output.read_bytes().startswith(b"%PDF-")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_tool_says_its_version(capsys):
    from briefing import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"build.py {__version__}\n"
