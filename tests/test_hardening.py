"""Every failure class of issue 12, driven through ``main()``: a Vietnamese message naming the
file (and line or row), the right exit code, no traceback, and nothing lost."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import RELEASED, edit

from briefing.cli import main
from briefing.options import BuildOptions
from briefing.render import freshness

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "samples" / "recipients.csv"
EMPTY = "tệp không có dữ liệu (trống hoặc chỉ có chú thích); hãy điền nội dung, hoặc viết [] nếu là danh sách rỗng"
TAG = "không dùng thẻ YAML “{}” ở đây; nội dung chỉ gồm chữ, số, ngày, danh sách — hãy xóa thẻ"


def check(content: Path, capsys) -> tuple[int, str]:
    code = main(["check", "--content", str(content)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


# --- YAML that is not plain data ------------------------------------------------------------------


def test_impossible_date(content_copy, capsys):
    line = edit(content_copy / "background.yaml", "  date: 2014-05-19 ", "  date: 2014-02-30 ")
    assert check(content_copy, capsys) == (
        1,
        f"{content_copy / 'background.yaml'}:{line}:11: events[0].date: ngày không có thật (2014-02-30); "
        "kiểm tra lại ngày và tháng\nNội dung có 1 lỗi.\n",
    )


@pytest.mark.parametrize(
    ("file", "text"),
    [("booklet.yaml", ""), ("kon-tum.yaml", "\n\n"), ("errata.yaml", "# chưa có đính chính nào\n")],
)
def test_empty_files_are_problems(content_copy, capsys, file, text):
    (content_copy / file).write_text(text, encoding="utf-8")
    assert check(content_copy, capsys) == (1, f"{content_copy / file}:1:1: {EMPTY}\nNội dung có 1 lỗi.\n")


def test_errata_may_be_an_explicit_empty_list(content_copy, capsys):
    (content_copy / "errata.yaml").write_text("# chưa có đính chính nào\n[]\n", encoding="utf-8")
    assert check(content_copy, capsys)[0] == 0


@pytest.mark.parametrize(
    ("value", "tag"),
    [("!!int abc", "!!int"), ("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"),
     ("!!python/name:os.system x", "!!python/name:os.system")],
)  # fmt: skip
def test_tags_other_than_the_core_ones_are_refused(content_copy, capsys, value, tag):
    line = edit(content_copy / "kon-tum.yaml", "name: Kon Tum\n", f"name: {value}\n")
    assert check(content_copy, capsys) == (
        1,
        f"{content_copy / 'kon-tum.yaml'}:{line}:7: {TAG.format(tag)}\nNội dung có 1 lỗi.\n",
    )


def test_a_tag_that_says_what_the_value_is_anyway_is_fine(content_copy, capsys):
    edit(content_copy / "kon-tum.yaml", "        value: 8\n", "        value: !!int 8\n")
    edit(content_copy / "kon-tum.yaml", "name: Kon Tum\n", "name: !!str Kon Tum\n")
    assert check(content_copy, capsys)[0] == 0


BILLION_LAUGHS = "lol: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)


@pytest.mark.parametrize(
    ("appended", "where"),
    [("x: &a [1]\ny: *a\n", (2, 4)), ("x: &a [*a]\n", (1, 8)), (BILLION_LAUGHS, (2, 9))],
    ids=["alias", "self-reference", "billion-laughs"],
)
def test_aliases_are_refused_before_anything_is_expanded(content_copy, capsys, appended, where):
    path = content_copy / "kon-tum.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + appended, encoding="utf-8")
    code, err = check(content_copy, capsys)
    assert code == 1
    first = err.splitlines()[0]
    line, column = len(original.splitlines()) + where[0], where[1]  # ``where``: in the appended text
    assert first.startswith(f"{path}:{line}:{column}: không dùng bí danh YAML (*")
    assert first.endswith("); hãy chép lại nội dung cần lặp vào chỗ này")


@pytest.mark.parametrize("style", ["block", "flow"])
def test_deep_nesting_is_refused(content_copy, capsys, style):
    path = content_copy / "kon-tum.yaml"
    if style == "block":
        deep = "".join(f"{'  ' * level}k{level}:\n" for level in range(60)) + "  " * 60 + "v\n"
    else:
        deep = "deep: " + "[" * 5000 + "]" * 5000 + "\n"
    path.write_text(path.read_text(encoding="utf-8") + deep, encoding="utf-8")
    code, err = check(content_copy, capsys)
    assert code == 1
    assert f"{path}:" in err and "lồng nhau quá sâu" in err
    assert err.endswith("Nội dung có 1 lỗi.\n")


def test_a_list_as_a_key(content_copy, capsys):
    path = content_copy / "kon-tum.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "? [a, b]\n: 1\n", encoding="utf-8")
    line = len(original.splitlines()) + 1
    assert check(content_copy, capsys) == (
        1,
        f"{path}:{line}:3: tên trường phải là chữ, không phải danh sách hay nhóm; hãy viết “tên: giá trị”\n"
        "Nội dung có 1 lỗi.\n",
    )


def test_nul_byte(content_copy, capsys):
    line = edit(content_copy / "kon-tum.yaml", "name: Kon Tum\n", "name: Kon\x00Tum\n")
    assert check(content_copy, capsys) == (
        1,
        f"{content_copy / 'kon-tum.yaml'}:{line}:10: có ký tự điều khiển không in được (U+0000); "
        "hãy xóa ký tự này (thường do dán từ chương trình khác)\nNội dung có 1 lỗi.\n",
    )


@pytest.mark.parametrize(
    ("written", "messages"),
    [
        (r'"Kon \u202eTum"', ["có ký tự không in được U+202E (right-to-left override), viết bằng mã thoát"]),
        (r'"Kon Tum\x07"', ["có ký tự không in được U+0007, viết bằng mã thoát"]),
        ("Kon \u202eTum", ["có ký tự không in được U+202E (right-to-left override)"]),
        ('"Kon Tum\\u00ad"', ["có ký tự không in được U+00AD (soft hyphen), viết bằng mã thoát"]),
        ("Kon Tum &#x202E;", ["có thực thể HTML “&#x202E;” (ký tự không in được U+202E)"]),
        (r'"Kon Tu\u0301\u0301m"', ["có dấu U+0301 (combining acute accent) đứng riêng, không ghép được vào chữ nào"]),
    ],
    ids=["escape-bidi", "escape-bell", "raw-bidi", "escape-soft-hyphen", "entity", "nfc-stray-mark"],
)
def test_characters_that_do_not_print_are_refused_however_written(content_copy, capsys, written, messages):
    line = edit(content_copy / "kon-tum.yaml", "name: Kon Tum\n", f"name: {written}\n")
    fixes = {"thực thể": "; hãy xóa", "đứng riêng": "; hãy gõ lại chữ có dấu"}
    shown = [m + next((fix for key, fix in fixes.items() if key in m), "; hãy xóa ký tự này") for m in messages]
    assert check(content_copy, capsys) == (
        1,
        "".join(f"{content_copy / 'kon-tum.yaml'}:{line}:7: name: {m}\n" for m in shown) + "Nội dung có 1 lỗi.\n",
    )


def test_pydantic_never_speaks_english(content_copy, capsys):
    # ".inf" is text in YAML 1.2; infinity written another way still reaches pydantic, in Vietnamese.
    line = edit(content_copy / "kon-tum.yaml", "        value: 8\n", "        value: .inf\n")
    assert check(content_copy, capsys) == (
        1,
        f"{content_copy / 'kon-tum.yaml'}:{line}:16: models[0].figures[1].value: "
        "“.inf” không phải một con số; ghi số bằng chữ số, ví dụ 500\n"
        "Nội dung có 1 lỗi.\n",
    )
    edit(content_copy / "kon-tum.yaml", "        value: .inf\n", "        value: 1e999\n")
    assert check(content_copy, capsys) == (
        1,
        f"{content_copy / 'kon-tum.yaml'}:{line}:16: models[0].figures[1].value: "
        "phải là một số hữu hạn (đang ghi inf)\n"
        "Nội dung có 1 lỗi.\n",
    )


# --- outputs that would destroy inputs -----------------------------------------------------------


@pytest.mark.parametrize("flag", ["--output", "--html"])
def test_output_inside_the_content_folder_is_refused(content_copy, tmp_path, capsys, flag):
    target = content_copy / "booklet.yaml"
    before = target.read_bytes()
    argv = ["--content", str(content_copy), "--output", str(tmp_path / "b.pdf"), flag, str(target)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"build.py: lỗi: {flag} {target}: không được ghi vào thư mục nội dung ({content_copy.resolve()}); "
        "hãy chọn nơi khác, ví dụ dist/\n"
    )
    assert target.read_bytes() == before


def test_output_and_html_must_differ(tmp_path, capsys):
    same = tmp_path / "b.pdf"
    assert main(["--output", str(same), "--html", str(same)]) == 2
    assert capsys.readouterr().err == "build.py: lỗi: --output và --html phải là hai tệp khác nhau\n"
    assert not same.exists()


ELSEWHERE = "hãy chọn nơi khác, ví dụ dist/"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("build.py", "sẽ ghi đè tệp chạy chương trình (build.py)"),
        ("README.md", "sẽ ghi đè tệp giới thiệu (README.md)"),
        ("pyproject.toml", "sẽ ghi đè tệp mô tả gói (pyproject.toml)"),
        ("scripts/setup.sh", "không được ghi vào thư mục kịch bản cài đặt (scripts) ({root}/scripts)"),
        ("samples/recipients.csv", "không được ghi vào thư mục tệp mẫu (samples) ({root}/samples)"),
        ("tests/conftest.py", "không được ghi vào thư mục kiểm thử (tests) ({root}/tests)"),
        ("docs/preview.png", "không được ghi vào thư mục tài liệu hướng dẫn (docs) ({root}/docs)"),
        (".venv/bin/python", "không được ghi vào môi trường Python của chương trình (.venv) ({venv})"),
    ],
)
@pytest.mark.parametrize("command", ["build", "watch"])
def test_outputs_never_replace_the_tools_own_files(target, message, command):
    import sys

    from conftest import run_cli

    path = PROJECT / target
    before = path.read_bytes()
    run = run_cli([command, "--output", path], timeout=60)  # a child: a watch that skipped its checks would not end
    prog = "build.py watch" if command == "watch" else "build.py"
    shown = message.format(root=PROJECT.resolve(), venv=Path(sys.prefix).resolve())
    assert (run.code, run.err) == (2, f"{prog}: lỗi: --output {path}: {shown}; {ELSEWHERE}\n")
    assert path.read_bytes() == before


def test_the_review_edition_never_replaces_the_edition_it_compares_with(tmp_path, capsys):
    approved = tmp_path / "A.pdf"
    approved.write_bytes(b"%PDF- the approved review edition")
    argv = ["--edition", "review", "--since", str(approved), "--output", str(approved)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"build.py: lỗi: --output {approved}: là tệp đầu vào (--since), ghi vào sẽ mất tệp; hãy chọn tên khác\n"
    )
    assert approved.read_bytes() == b"%PDF- the approved review edition"


def test_copies_never_go_into_the_tools_own_folders(capsys):
    target = PROJECT / "samples"
    assert main(["copies", *RELEASED, "--recipients", str(SAMPLE), "--output-dir", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"build.py copies: lỗi: --output-dir {target}: không được ghi vào thư mục tệp mẫu (samples) "
        f"({target.resolve()}); {ELSEWHERE}\n"
    )
    assert sorted(p.name for p in target.iterdir()) == ["recipients.csv"]


# --- confinement ---------------------------------------------------------------------------------

OUTSIDE = "tệp nằm ngoài thư mục nội dung (qua liên kết tượng trưng); hãy chép tệp thật vào thư mục nội dung"


def test_a_province_file_linking_outside_is_not_read(content_copy, tmp_path, capsys):
    secret = tmp_path / "secret.yaml"
    secret.write_bytes((content_copy / "kon-tum.yaml").read_bytes())  # valid, so only the link is wrong
    (content_copy / "kon-tum.yaml").unlink()
    (content_copy / "kon-tum.yaml").symlink_to(secret)
    assert check(content_copy, capsys) == (1, f"{content_copy / 'kon-tum.yaml'}:1:1: {OUTSIDE}\nNội dung có 1 lỗi.\n")


def test_a_source_linking_outside_is_not_read(content_copy, tmp_path, capsys):
    article = content_copy / "sources" / "kon-tum.txt"
    outside = tmp_path / "kon-tum.txt"
    outside.write_bytes(article.read_bytes())
    article.unlink()
    article.symlink_to(outside)
    code, err = check(content_copy, capsys)
    assert code == 1
    assert "sources[1].file: tệp nguồn phải nằm trong thư mục nội dung\n" in err


def test_the_fingerprint_does_not_follow_links_out(content_copy, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("một", encoding="utf-8")
    (content_copy / "stray.txt").symlink_to(outside)
    options = BuildOptions(content=content_copy, output=tmp_path / "b.pdf")
    before = freshness.fingerprint(options)
    outside.write_text("hai", encoding="utf-8")
    assert freshness.fingerprint(options) == before


# --- fingerprint and record ----------------------------------------------------------------------


def test_the_record_is_of_the_bytes_this_build_wrote(tmp_path):
    output = tmp_path / "b.pdf"
    options = BuildOptions(output=output)
    output.write_bytes(b"%PDF- what this build wrote")
    written = {output: hashlib.sha256(output.read_bytes()).hexdigest()}
    output.write_bytes(b"%PDF- what another build put there since")
    freshness.record(options, "inputs", written)
    assert not freshness.is_up_to_date(options, "inputs")


def tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return mounted.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not tmpfs(disk, "8m"):
        pytest.skip("needs a real small disk: mounting a tmpfs (root)")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` so that exactly ``leave`` bytes (whole pages) stay free."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    (disk / "filler").write_bytes(b"\0" * (free - leave))
    stat = os.statvfs(disk)
    assert stat.f_bavail * stat.f_frsize == leave


def test_disk_full_when_recording_leaves_no_empty_record(small_disk, tmp_path, capsys):
    reference = tmp_path / "reference.pdf"
    assert main(["--output", str(reference), "--force"]) == 0  # same inputs, same bytes: its size is known
    size = reference.stat().st_size
    output = small_disk / "booklet.pdf"
    stale_record = freshness.record_path(output)
    stale_record.write_text('{"inputs": "an older build"}\n', encoding="utf-8")
    page = os.statvfs(small_disk).f_frsize
    fill(small_disk, -(-size // page) * page)  # room for the PDF, none for the record
    capsys.readouterr()

    assert main(["--output", str(output), "--force"]) == 0  # the PDF is complete and correct
    out, err = capsys.readouterr()
    assert out.startswith(f"Đã dựng {output} (")
    assert err.startswith(  # then the reminder that the colophon is incomplete (tests/test_release.py)
        f"Không ghi được tệp ghi nhận lần dựng {stale_record} (ổ đĩa đã đầy); "
        "tệp PDF đã đầy đủ, lần sau sẽ dựng lại từ đầu.\nTrang xuất bản còn thiếu 5 mục"
    )
    assert output.read_bytes() == reference.read_bytes()
    assert not stale_record.exists()  # neither empty nor stale: the next build rebuilds
    assert sorted(p.name for p in small_disk.iterdir()) == ["booklet.pdf", "filler"]


# --- leftover temporaries ------------------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_builds_temporary_is_removed_by_the_next_build(tmp_path):
    output = tmp_path / "booklet.pdf"
    stale = tmp_path / f".booklet.pdf.{dead_pid()}.k1ll3d00.tmp"
    live = tmp_path / f".booklet.pdf.{os.getppid()}.running.tmp"  # a live process's work is not touched
    unrelated = tmp_path / ".notes.txt.123.tmp"
    for path in (stale, live, unrelated):
        path.write_bytes(b"%PDF- half")
    assert main(["--output", str(output), "--force"]) == 0
    assert not stale.exists()
    assert live.exists() and unrelated.exists()


def test_killed_copies_leave_no_tracebacks_and_the_next_run_cleans_up(tmp_path):
    output_dir = tmp_path / "copies"
    child = subprocess.Popen(
        [sys.executable, "build.py", "copies", *RELEASED, "--recipients", str(SAMPLE), "--output-dir", str(output_dir),
         "--jobs", "2"],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not (output_dir / "manifest.csv").exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "no copy was ever published"
        time.sleep(0.02)
    child.kill()
    _, err = child.communicate(timeout=60)  # returns once every worker has closed the pipe: they died too
    assert "Traceback" not in err and "BrokenPipeError" not in err

    assert main(["copies", *RELEASED, "--recipients", str(SAMPLE), "--output-dir", str(output_dir), "--jobs", "2"]) == 0
    assert not [p.name for p in output_dir.iterdir() if p.name.endswith(".tmp")]
    with open(output_dir / "manifest.csv", encoding="utf-8-sig", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == 41


# --- recipient lists -----------------------------------------------------------------------------


def recipients(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "recipients.csv"
    path.write_text("name,address,code\n" + rows, encoding="utf-8")
    return path


def copies(tmp_path: Path, path: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(tmp_path / "out"), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def test_characters_the_stamp_font_lacks_are_found_with_their_row(tmp_path, capsys):
    path = recipients(
        tmp_path,
        "Huyện ủy Văn Quan,,VQ\nĐảng ủy\u200b xã Bình Phúc,,BP\nChi bộ 🎉 Tân Thành,,TT\nHuyện ủy \u202eLộc Bình,,LB\n",
    )
    assert copies(tmp_path, path, capsys) == (
        1,
        f"{path}:3:1: name: có ký tự vô hình U+200B (zero width space), thường do dán từ Word; hãy xóa ký tự này\n"
        f"{path}:4:1: name: phông chữ in bản sao không có ký tự “🎉” (U+1F389); hãy bỏ hoặc thay ký tự này\n"
        f"{path}:5:1: name: có ký tự vô hình U+202E (right-to-left override), thường do dán từ Word; "
        "hãy xóa ký tự này\n"
        "Nội dung có 3 lỗi; chưa tạo bản sao nào.\n",
    )
    assert not (tmp_path / "out").exists()


def test_stamped_lengths_are_capped_per_row(tmp_path, capsys):
    path = recipients(tmp_path, f"{'Đảng ủy xã ' * 100},{'Thôn ' * 40},\n")
    assert copies(tmp_path, path, capsys) == (
        1,
        f"{path}:2:1: address: quá dài để in lên bìa (199 ký tự; tối đa 110); hãy viết gọn lại\n"
        f"{path}:2:1: name: quá dài để in lên bìa (1099 ký tự; tối đa 120); hãy viết gọn lại\n"
        "Nội dung có 2 lỗi; chưa tạo bản sao nào.\n",
    )


def test_a_word_too_long_to_wrap(tmp_path, capsys):
    path = recipients(tmp_path, f"Huyện ủy {'X' * 50},,\n")
    assert copies(tmp_path, path, capsys) == (
        1,
        f"{path}:2:1: name: có một từ quá dài để xuống dòng (50 ký tự liền nhau); hãy thêm dấu cách\n"
        "Nội dung có 1 lỗi; chưa tạo bản sao nào.\n",
    )


def test_a_field_over_the_csv_limit(tmp_path, capsys):
    path = recipients(tmp_path, 'Huyện ủy Văn Quan,,VQ\n"Đảng ủy xã Bình Phúc,,BP\n' + "x" * 140_000 + "\n")
    assert copies(tmp_path, path, capsys) == (
        1,
        f"{path}:4:1: một ô quá dài (hơn {csv.field_size_limit()} ký tự); thường do thiếu dấu ngoặc kép đóng, "
        "làm cả phần sau của tệp thành một ô\nNội dung có 1 lỗi; chưa tạo bản sao nào.\n",
    )


def test_utf8_read_as_windows_1252_even_with_a_byte_lost(tmp_path, capsys):
    path = recipients(tmp_path, "Äáº£ng á»§y xÃ£ BÃ¬nh PhÃºc,,BP\nTrá»ng,,TR\n")
    assert copies(tmp_path, path, capsys) == (
        1,
        f"{path}:2:1: name: chữ bị lỗi mã hóa (UTF-8 bị đọc nhầm); đề nghị sửa thành: “Đảng ủy xã Bình Phúc”\n"
        f"{path}:3:1: name: chữ bị lỗi mã hóa (UTF-8 bị đọc nhầm); hãy xuất lại tệp từ bảng tính dạng “CSV UTF-8”\n"
        "Nội dung có 2 lỗi; chưa tạo bản sao nào.\n",
    )


@pytest.fixture(scope="module")
def good_copies(tmp_path_factory):
    """Two copies, one for a recipient whose name is a spreadsheet formula."""
    folder = tmp_path_factory.mktemp("formula")
    path = folder / "recipients.csv"
    path.write_text('name,code\n"=HYPERLINK(""http://x"",""bấm"")",F1\nHuyện ủy Văn Quan,@VQ\n', encoding="utf-8")
    assert main(["copies", *RELEASED,
        "--recipients", str(path), "--output-dir", str(folder / "out"), "--jobs", "1"]) == 0
    return folder / "out"


def test_formulas_are_neutralised_in_the_csv_manifest_only(good_copies):
    with open(good_copies / "manifest.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["nơi nhận"], r["mã"]) for r in rows] == [
        ('\'=HYPERLINK("http://x","bấm")', "F1"),
        ("Huyện ủy Văn Quan", "'@VQ"),
    ]
    document = json.loads((good_copies / "manifest.json").read_text(encoding="utf-8"))
    assert [(c["recipient"], c["code"]) for c in document["copies"]] == [
        ('=HYPERLINK("http://x","bấm")', "F1"),
        ("Huyện ủy Văn Quan", "@VQ"),
    ]


@pytest.mark.parametrize("jobs", ["-1", "0", "1000"])
def test_bad_jobs_do_not_touch_a_good_manifest(good_copies, capsys, jobs):
    before = {p.name: p.read_bytes() for p in good_copies.iterdir()}
    code = main(["copies", *RELEASED, "--recipients", str(SAMPLE), "--output-dir", str(good_copies), "--jobs", jobs])
    assert code == 2
    assert capsys.readouterr().err == f"build.py copies: lỗi: --jobs phải là số nguyên từ 1 đến 64 (đang ghi {jobs})\n"
    assert {p.name: p.read_bytes() for p in good_copies.iterdir()} == before


def test_output_dir_that_is_a_file(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("giữ nguyên", encoding="utf-8")
    assert main(["copies", *RELEASED, "--recipients", str(SAMPLE), "--output-dir", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"build.py copies: lỗi: --output-dir {target}: là một tệp, không phải thư mục; hãy chọn một thư mục\n"
    )
    assert target.read_text(encoding="utf-8") == "giữ nguyên"


FULL_DISK_CHILD = """
import sys
from briefing.cli import main
sys.exit(main(sys.argv[1:]))
"""


def limit_file_size(limit: int):
    def apply() -> None:  # a real limit, as a full disk: writes beyond it fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_copies_on_a_full_disk_keep_the_manifest_true_and_leave_no_partial_file(good_copies, tmp_path):
    output_dir = tmp_path / "out"
    output_dir.mkdir()
    for path in good_copies.iterdir():  # a previous run's good result
        (output_dir / path.name).write_bytes(path.read_bytes())
    before = {p.name: p.read_bytes() for p in output_dir.iterdir()}
    run = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, "copies", *RELEASED, "--recipients", str(SAMPLE), "--output-dir",
         str(output_dir), "--jobs", "2"],
        cwd=PROJECT, capture_output=True, text=True, preexec_fn=limit_file_size(64 * 1024),
    )  # fmt: skip
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("Không ghi được bản sao (")
    assert run.stderr.endswith(
        f"tệp vượt giới hạn dung lượng cho phép). Các bản đã tạo đều đầy đủ và có trong "
        f"{output_dir / 'manifest.csv'}; giải phóng chỗ hoặc sửa quyền ghi rồi chạy lại.\n"
    )
    assert {p.name: p.read_bytes() for p in output_dir.iterdir()} == before


# --- unexpected internal errors ------------------------------------------------------------------


class LibraryFault(RuntimeError):
    """Stands for a bug in a library (or in our code) that no check foresaw."""


@pytest.mark.parametrize("verbose", [False, True])
def test_an_unexpected_error_is_one_line_and_a_log(tmp_path, capsys, monkeypatch, verbose):
    def broken(self):
        raise LibraryFault("libyaml broke")

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(yaml.CSafeLoader, "get_single_node", broken)  # a third-party library, not our code
    output = tmp_path / "b.pdf"
    output.write_bytes(b"%PDF- the previous booklet")
    argv = ["--output", str(output), *(["-v"] if verbose else [])]
    assert main(argv) == 1
    log = tmp_path / "state" / "briefing" / "errors.log"
    err = capsys.readouterr().err
    line = (
        f"Lỗi không lường trước trong chương trình (LibraryFault); chi tiết đã ghi vào {log}. Tệp cũ được giữ nguyên.\n"
    )
    assert err.endswith(line)
    assert ("Traceback" in err) is verbose
    if not verbose:
        assert err == line
    assert "LibraryFault: libyaml broke" in log.read_text(encoding="utf-8")
    assert output.read_bytes() == b"%PDF- the previous booklet"
