"""Numbered personal copies for the committees, and their manifest."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pypdfium2
import pytest
from conftest import RELEASED, RELEASED_CONTENT, squash

import briefing.distribute.copies
from briefing.cli import main
from briefing.distribute.copies import make_copies
from briefing.distribute.recipients import ascii_slug, load_recipients
from briefing.options import BuildOptions
from briefing.problems import ContentError

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "recipients.csv"


def texts(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    return [squash(pdf[i].get_textpage().get_text_bounded()) for i in range(len(pdf))]


@pytest.fixture(scope="module")
def sample_copies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("copies")
    assert main(["copies", *RELEASED, "--recipients", str(SAMPLE), "--output-dir", str(folder)]) == 0
    return folder


def test_every_recipient_gets_a_numbered_copy(sample_copies):
    recipients = load_recipients(SAMPLE)
    assert len(recipients) == 41
    files = sorted(p.name for p in sample_copies.glob("*.pdf"))
    assert files == sorted(r.filename(41) for r in recipients)
    assert all(re.fullmatch(r"\d{2}-[a-z0-9-]+\.pdf", name) for name in files)
    assert "20-dang-uy-xa-binh-phuc.pdf" in files
    assert "11-huyen-uy-dinh-lap.pdf" in files


@pytest.mark.parametrize("number", [1, 7, 20, 40])
def test_cover_and_every_footer_carry_recipient_and_number(sample_copies, number):
    recipient = load_recipients(SAMPLE)[number - 1]
    pages = texts(sample_copies / recipient.filename(41))
    label = f"Bản số {number:02d}/41"
    assert f"Kính gửi: {recipient.name}" in pages[0]
    assert recipient.address in pages[0]
    assert all(label in page for page in pages), label


def test_the_sample_office_copy_is_kept_not_sent(sample_copies):
    office = load_recipients(SAMPLE)[-1]
    assert (office.number, office.name, office.archive, office.email) == (
        41,
        "Ban Tuyên giáo Tỉnh ủy Lạng Sơn",
        True,
        "",
    )
    cover = texts(sample_copies / office.filename(41))[0]
    assert "Lưu: Ban Tuyên giáo Tỉnh ủy Lạng Sơn" in cover and "Kính gửi" not in cover


def test_manifest_proves_what_was_sent(sample_copies):
    # With a byte-order mark: Excel on Windows opens it, by double-click, as UTF-8 (issue 29).
    assert (sample_copies / "manifest.csv").read_bytes().startswith("\ufeff".encode())
    with open(sample_copies / "manifest.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    document = json.loads((sample_copies / "manifest.json").read_text(encoding="utf-8"))
    assert list(rows[0]) == [
        "bản số", "nơi nhận", "địa chỉ", "mã", "tệp", "số trang", "dung lượng (byte)", "SHA-256", "thư điện tử",
        "lưu", "người ký", "SHA-256 chứng thư", "thời gian ký", "tình trạng",
    ]  # fmt: skip
    assert [int(r["bản số"]) for r in rows] == list(range(1, 42))
    assert document["copies_made"] == document["copies_planned"] == 41
    assert [c["file"] for c in document["copies"]] == [r["tệp"] for r in rows]
    for row in rows:
        data = (sample_copies / row["tệp"]).read_bytes()
        assert int(row["dung lượng (byte)"]) == len(data)
        assert row["SHA-256"] == hashlib.sha256(data).hexdigest()
        assert int(row["số trang"]) == len(pypdfium2.PdfDocument(data))
        assert row["tình trạng"] == "phát hành"
    assert {row["lưu"] for row in rows} == {"có", "không"}  # in Vietnamese, not True/False
    assert rows[19]["nơi nhận"] == "Đảng ủy xã Bình Phúc" and rows[19]["mã"] == "LS-BP"


def test_booklet_is_laid_out_once_whatever_the_number_of_copies(tmp_path, monkeypatch):
    calls = []
    original = briefing.distribute.copies.make_pdf
    monkeypatch.setattr(briefing.distribute.copies, "make_pdf", lambda *a, **k: calls.append(1) or original(*a, **k))
    make_copies(BuildOptions(content=RELEASED_CONTENT), SAMPLE, tmp_path, jobs=2)
    assert len(calls) == 1
    assert len(list(tmp_path.glob("*.pdf"))) == 41


def test_parallel_and_serial_runs_make_identical_copies(tmp_path):
    recipients = tmp_path / "r.csv"
    recipients.write_text("".join(SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:6]), encoding="utf-8")
    serial = make_copies(BuildOptions(content=RELEASED_CONTENT), recipients, tmp_path / "serial", jobs=1)
    parallel = make_copies(BuildOptions(content=RELEASED_CONTENT), recipients, tmp_path / "parallel", jobs=2)
    assert serial == parallel


def test_interrupted_run_leaves_complete_files_listed_in_the_manifest(tmp_path):
    def stop_after_five(done, total):
        if done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        make_copies(BuildOptions(content=RELEASED_CONTENT), SAMPLE, tmp_path, jobs=2, progress=stop_after_five)
    with open(tmp_path / "manifest.csv", encoding="utf-8-sig", newline="") as stream:
        listed = {row["tệp"]: row for row in csv.DictReader(stream)}
    on_disk = {p.name for p in tmp_path.iterdir() if p.name.endswith(".pdf")}
    assert len(listed) == 5
    assert set(listed) == on_disk
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    for name, row in listed.items():
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == row["SHA-256"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Đảng ủy xã Bình Phúc", "dang-uy-xa-binh-phuc"),
        ("Huyện ủy Đình Lập", "huyen-uy-dinh-lap"),
        (
            "Chi bộ Công ty TNHH MTV Xổ số kiến thiết tỉnh Kon Tum (lưu)",
            "chi-bo-cong-ty-tnhh-mtv-xo-so-kien-thiet-tinh-kon-tum-luu",
        ),
        ("Ủy ban / Kiểm tra: Tỉnh ủy", "uy-ban-kiem-tra-tinh-uy"),
        ("……", "ban-sao"),
    ],
)
def test_file_names_are_safe_readable_ascii(name, slug):
    assert ascii_slug(name) == slug


def bad(tmp_path: Path, content: bytes | str) -> Path:
    path = tmp_path / "recipients.csv"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def test_bad_rows_are_all_reported_before_anything_is_written(tmp_path, capsys):
    path = bad(
        tmp_path,
        "tên,địa chỉ,mã\n"
        "Huyện ủy Văn Quan,,VQ\n"
        ",Thiếu tên,X1\n"
        "Huyện ủy Đình Lập,,VQ\n"
        "§¶ng ñy x· B×nh Phóc,,BP\n"
        + "Đảng ủy xã Chi Lăng".encode().decode("latin-1")  # UTF-8 read the wrong way
        + ",,CL\n",
    )
    output = tmp_path / "out"
    assert main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(output)]) == 1
    assert capsys.readouterr().err == (
        f"{path}:3:1: tên: tên người nhận bị trống\n"  # each column named as the header names it
        f"{path}:4:1: mã: mã “VQ” trùng với dòng 2\n"
        f"{path}:5:1: tên: chữ gõ bằng bảng mã cũ TCVN3 (ABC); đề nghị sửa thành: “Đảng ủy xã Bình Phúc”\n"
        f"{path}:6:1: tên: chữ bị lỗi mã hóa (UTF-8 bị đọc nhầm); đề nghị sửa thành: “Đảng ủy xã Chi Lăng”\n"
        "Nội dung có 4 lỗi; chưa tạo bản sao nào.\n"
    )
    assert not output.exists()


def test_file_that_is_not_utf8(tmp_path, capsys):
    path = bad(tmp_path, "name\nHuyện ủy Văn Quan\n".encode() + b"Huy\xeann \xf1y \xd0\xecnh L\xe2p\n")
    assert main(["copies", *RELEASED, "--recipients", str(path), "--output-dir", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith(
        f"{path}:3:1: tệp không phải UTF-8; trong bảng tính hãy lưu lại dạng “CSV UTF-8”\n"
    )


def test_header_with_a_name_column_is_required(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_recipients(bad(tmp_path, "Huyện ủy Văn Quan,VQ\n"))
    assert [p.message for p in caught.value.problems] == [
        "dòng đầu phải là tiêu đề và có cột tên người nhận, ví dụ: name,address,code"
    ]


def test_excel_bom_and_blank_lines_are_fine(tmp_path):
    path = bad(tmp_path, "\ufeffName,Code\nHuyện ủy Văn Quan,VQ\n\n")
    [recipient] = load_recipients(path)
    assert (recipient.name, recipient.code, recipient.copy_label(1)) == ("Huyện ủy Văn Quan", "VQ", "Bản số 01/01")


def test_a_rerun_with_a_shorter_list_moves_the_others_aside(tmp_path, capsys):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    long, short = tmp_path / "dai.csv", tmp_path / "ngan.csv"
    long.write_text("".join(lines[:4]), encoding="utf-8")  # the header and three recipients
    short.write_text("".join(lines[:3]), encoding="utf-8")  # the third is no longer on the list
    output = tmp_path / "ban-sao"
    assert main(["copies", *RELEASED, "--recipients", str(long), "--output-dir", str(output), "--jobs", "1"]) == 0
    third = load_recipients(long)[2].filename(3)
    kept = (output / third).read_bytes()
    capsys.readouterr()

    assert main(["copies", *RELEASED, "--recipients", str(short), "--output-dir", str(output), "--jobs", "1"]) == 0
    assert capsys.readouterr().err.endswith(
        f"Đã chuyển 1 bản sao không còn trong danh sách vào {output / 'da-rut'}/ (manifest có ghi): {third}\n"
    )
    names = [r.filename(2) for r in load_recipients(short)]
    assert sorted(p.name for p in output.iterdir()) == sorted([*names, "da-rut", "manifest.csv", "manifest.json"])
    assert (output / "da-rut" / third).read_bytes() == kept  # moved, not deleted
    document = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert [c["file"] for c in document["copies"]] == names
    [withdrawn] = document["withdrawn"]
    assert (withdrawn["file"], withdrawn["was"], withdrawn["copy"], withdrawn["recipient"]) == (
        f"da-rut/{third}",
        third,
        3,
        load_recipients(long)[2].name,
    )
    assert withdrawn["sha256"] == hashlib.sha256(kept).hexdigest()
    with open(output / "manifest.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["tệp"], r["tình trạng"]) for r in rows] == [
        (names[0], "phát hành"),
        (names[1], "phát hành"),
        (f"da-rut/{third}", "đã rút khỏi danh sách (chuyển vào da-rut/)"),
    ]
