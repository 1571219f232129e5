"""Regenerating after edits: reproducible, incremental, no-op and watch."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from conftest import EDITION_BUILDS, Lines, edit, squash

from briefing.cli import main
from briefing.options import BuildOptions
from briefing.render.pipeline import build, segmented_layout

PROJECT = Path(__file__).resolve().parent.parent
LABEL = "label: được xây dựng từ tiền tiết kiệm ở Công ty TNHH MTV Xổ số kiến thiết tỉnh"
NEW_LABEL = "label: được xây từ tiền tiết kiệm của cán bộ ở Công ty TNHH MTV Xổ số kiến thiết tỉnh"


def run_build(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("flags", "built_in_process"),
    [
        ([], None),
        (["--pdf-a"], "pdf-a"),
        (["--imposition", "booklet", "--proof"], "imposed"),
        (["--press", "--imposition", "booklet", "--proof"], "press-imposed"),
    ],
)
def test_same_inputs_give_byte_identical_pdfs_in_another_process(tmp_path, booklet_a5, variant_pdf, flags,
                                                                 built_in_process):  # fmt: skip
    """The command in a fresh process (laid out in a second process of its own, render/layoutprocess.py)
    writes the very bytes a build in this process, set up otherwise, wrote from the same inputs."""
    output = tmp_path / "again.pdf"
    assert run_build("--force", "--output", str(output), *flags).returncode == 0
    earlier = variant_pdf(built_in_process) if built_in_process else booklet_a5.path
    assert output.read_bytes() == earlier.read_bytes()


def test_dates_come_from_the_content_not_the_clock(tmp_path, content_copy):
    edit(content_copy / "booklet.yaml", "date: 2015-12-01", "date: 2014-06-01")
    output = tmp_path / "b.pdf"
    build(BuildOptions(content=content_copy, output=output))
    info = pypdf.PdfReader(output).metadata
    assert info["/CreationDate"].startswith("D:20140601") and info["/ModDate"].startswith("D:20140601")


def test_incremental_build_equals_full_build_and_lays_out_only_what_changed(tmp_path, content_copy):
    options = BuildOptions(content=content_copy, output=tmp_path / "incremental.pdf")
    layout = segmented_layout(options)
    first = build(options, layout)
    assert first.reused == []

    edit(content_copy / "kon-tum.yaml", LABEL, NEW_LABEL)  # a key figure: highlights and the Kon Tum chapter
    again = build(options, layout)
    assert sorted(again.laid_out) == ["diem-chinh", "tinh-kon-tum"]
    assert "tinh-lang-son" in again.reused and "phu-luc" in again.reused

    full = build(BuildOptions(content=content_copy, output=tmp_path / "full.pdf"))  # one document, no cache
    assert full.reused == [] and sorted(full.laid_out) == sorted([*again.laid_out, *again.reused])
    assert (tmp_path / "incremental.pdf").read_bytes() == (tmp_path / "full.pdf").read_bytes()


@pytest.mark.parametrize("name", ["reader-A4", "kon-tum-A5", "lang-son-A5"])
def test_a_layout_the_balancer_changed_equals_the_segmented_layout(name, edition_pdf, tmp_path):
    """Where the balancer sets a chapter closer (the appendix on A4, the background and Kon Tum's
    chapter in Kon Tum's edition) or runs the appendix on (Lạng Sơn's), the one-off layout lays out
    again only from that chapter on, beside the pages before it and a contents page with the new
    numbers: the very bytes of the segmented layout, which lays every chapter out on its own."""
    options = BuildOptions(output=tmp_path / "segmented.pdf", **EDITION_BUILDS[name])
    build(options, segmented_layout(options))
    assert options.output.read_bytes() == edition_pdf(name).read_bytes()


def test_an_edit_that_moves_later_pages_renumbers_them_and_the_contents(tmp_path, content_copy):
    options = BuildOptions(content=content_copy, output=tmp_path / "incremental.pdf")
    layout = segmented_layout(options)
    before = build(options, layout)

    longer = "Phải gắn kết việc thực hiện Chỉ thị 03-CT/TW với việc thực hiện nhiệm vụ chính trị. " * 30
    edit(
        content_copy / "lang-son.yaml",
        "      Phối hợp chặt chẽ giữa các sở, ban, ngành, Mặt trận Tổ quốc và các đoàn\n",
        f"      {longer}Phối hợp chặt chẽ giữa các sở, ban, ngành, Mặt trận Tổ quốc và các đoàn\n",
    )
    after = build(options, layout)
    assert after.pages > before.pages
    assert "tinh-kon-tum" in after.laid_out  # it now starts on a later page

    build(BuildOptions(content=content_copy, output=tmp_path / "full.pdf"))
    assert (tmp_path / "incremental.pdf").read_bytes() == (tmp_path / "full.pdf").read_bytes()
    pdf = pypdfium2.PdfDocument(tmp_path / "full.pdf")
    kon_tum = next(b.get_dest().get_index() + 1 for b in pdf.get_toc() if b.get_title().startswith("4. Kon Tum"))
    contents = pdf[1].get_textpage().get_text_bounded()
    # A long title wraps; its page number ends its last line.
    assert re.search(rf"^4\. Kon Tum[^\n]*(\n[^\n]*)?[ .]{kon_tum}\s*$", contents, re.MULTILINE), contents


def test_nothing_changed_means_nothing_rendered_and_weasyprint_never_loaded(tmp_path, content_copy):
    output = tmp_path / "b.pdf"
    args = ["--content", str(content_copy), "--output", str(output)]
    assert run_build(*args).returncode == 0
    probe = (
        "import sys; from briefing.cli import main; code = main(sys.argv[1:]); "
        "print('weasyprint' in sys.modules); sys.exit(code)"
    )
    again = subprocess.run([sys.executable, "-c", probe, *args], cwd=PROJECT, capture_output=True, text=True)
    assert again.returncode == 0
    assert again.stdout == f"{output} đã mới nhất: không có gì thay đổi từ lần dựng trước.\nFalse\n"


@pytest.mark.parametrize(
    "change",
    ["content", "option", "output deleted", "output edited", "force"],
)
def test_any_change_that_feeds_the_booklet_rebuilds_it(tmp_path, content_copy, capsys, change):
    output = tmp_path / "b.pdf"
    args = ["--content", str(content_copy), "--output", str(output)]
    assert main(args) == 0
    capsys.readouterr()
    if change == "content":
        edit(content_copy / "kon-tum.yaml", LABEL, NEW_LABEL)
    elif change == "option":
        args += ["--paper", "A4"]
    elif change == "output deleted":
        output.unlink()
    elif change == "output edited":
        output.write_bytes(b"%PDF-1.7 not the booklet")
    else:
        args += ["--force"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("Đã dựng")


def test_watch_rebuilds_on_save_survives_errors_and_stops_on_ctrl_c(tmp_path, content_copy):
    output = tmp_path / "watch.pdf"
    process = subprocess.Popen(
        [
            sys.executable,
            "-u",
            str(PROJECT / "build.py"),
            "watch",
            "--content",
            str(content_copy),
            "--output",
            str(output),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = Lines(process)
    try:
        lines.wait_for("Đã dựng")
        lines.wait_for("Trang xuất bản còn thiếu 5 mục")  # said after the first build, and never again
        time.sleep(0.5)  # let the watcher settle before the first edit

        edit(content_copy / "kon-tum.yaml", LABEL, NEW_LABEL)
        assert lines.wait_for("Thay đổi:").endswith("kon-tum.yaml")
        assert "dàn trang lại 2 phần; giữ nguyên 8" in lines.wait_for("Đã dựng")
        good = output.read_bytes()
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(output).pages)
        assert "được xây từ tiền tiết kiệm của cán bộ" in squash(text)

        edit(content_copy / "kon-tum.yaml", "        value: 8\n", "        value: tám\n")
        assert "phải là một số" in lines.wait_for("content/kon-tum.yaml:")
        lines.wait_for("Nội dung có lỗi: chưa dựng lại, tệp PDF cũ được giữ nguyên.")
        assert output.read_bytes() == good

        edit(content_copy / "kon-tum.yaml", "        value: tám\n", "        value: 8\n")
        lines.wait_for("Đã dựng")
        process.send_signal(signal.SIGINT)
        lines.wait_for("Đã dừng theo dõi.")
        assert process.wait(timeout=30) == 0
        assert sum(line.startswith("Trang xuất bản còn thiếu") for line in lines.all_seen()) == 1
    finally:
        process.kill()
