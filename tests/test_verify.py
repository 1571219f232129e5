"""verify fails closed: exit 0 only for an intact copy whose signer chains to an anchor given; each reason one line."""

from __future__ import annotations

import json
import random
import zlib
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from conftest import RELEASED, SIGN_PASSWORD, run_cli
from cryptography.hazmat.primitives.asymmetric import rsa
from pki import NOW, issue, make_ca, revocation_list, sign_pdf

from briefing.cli import main
from briefing.distribute.sign import VIETNAM_TIME

MB = 1024 * 1024


def first_copy(folder: Path) -> Path:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return folder / manifest["copies"][0]["file"]


def unsigned(signed: Path) -> bytes:
    """The copy as it was before signing: the signature is an incremental update after the first %%EOF."""
    data = signed.read_bytes()
    return data[: data.index(b"%%EOF") + len(b"%%EOF\n")]


def verify(capsys, *args) -> tuple[int, str]:
    code = main(["verify", *map(str, args)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out


NOT_CHECKED = "  Thu hồi: chưa kiểm tra (không có --crl; kiểm tra ngoại tuyến)\n"


# --- fail closed: trust must be given -----------------------------------------------------------


@pytest.fixture(scope="module")
def impostor_copy(tmp_path_factory) -> Path:
    """A copy signed visibly by a certificate anyone can make, in the name of the real signer."""
    folder = tmp_path_factory.mktemp("impostor")
    home_made = make_ca("Ban Cơ yếu Chính phủ")  # a name is just text
    key = issue(home_made, "Nguyễn Văn An").p12(folder / "tu-tao.p12", SIGN_PASSWORD, [home_made])
    recipients = folder / "r.csv"
    recipients.write_text("tên\nHuyện ủy Văn Quan\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_SIGN_PASSWORD", SIGN_PASSWORD)
        command = ["copies", *RELEASED,
            "--recipients", str(recipients), "--output-dir", str(folder / "out"), "--sign", str(key)]
        assert main(command) == 0
    return folder / "out" / "01-huyen-uy-van-quan.pdf"


def test_a_self_made_certificate_with_an_officials_name_is_not_valid_without_trust(impostor_copy, capsys, monkeypatch):
    monkeypatch.delenv("BRIEFING_TRUST", raising=False)
    code, out = verify(capsys, impostor_copy)
    assert code == 3
    assert out.startswith(f"{impostor_copy}: CHƯA XÁC MINH ĐƯỢC NƠI CẤP\n")
    assert "\n  Bản số 01/01 — Kính gửi: Huyện ủy Văn Quan\n" in out
    assert "  Người ký: Nguyễn Văn An\n  " in out and "  Nguyên vẹn: có\n" in out
    assert (
        "  Tin cậy: chưa xác minh được nơi cấp (chưa có chứng thư tin cậy nào: thêm --trust CA.pem hoặc đặt "
        "BRIEFING_TRUST)\n"
    ) in out
    assert out.endswith(
        "1/1 tệp nguyên vẹn nhưng chưa xác minh được nơi cấp: chưa biết người ký có đúng là người của cơ quan phát "
        "hành không. Thêm --trust CA.pem (chứng thư của nơi cấp, nhận qua kênh riêng).\n"
    )


def test_the_real_ca_does_not_vouch_for_the_impostor(impostor_copy, pki, capsys):
    code, out = verify(capsys, impostor_copy, "--trust", pki.ca_pem)
    assert code == 3
    assert f"  Tin cậy: chưa xác minh được nơi cấp (không dẫn tới chứng thư nào trong {pki.ca_pem})\n" in out


def test_trust_from_a_pem_bundle_in_the_environment(signed_copies, pki, tmp_path, capsys, monkeypatch):
    bundle = tmp_path / "tin-cay.pem"
    bundle.write_bytes(make_ca("Nơi cấp khác").pem(tmp_path / "khac.pem").read_bytes() + pki.ca_pem.read_bytes())
    monkeypatch.setenv("BRIEFING_TRUST", str(bundle))
    code, out = verify(capsys, first_copy(signed_copies))
    assert code == 0
    assert f"  Tin cậy: có, theo {bundle} (BRIEFING_TRUST)\n" in out


def test_trust_is_repeatable(signed_copies, pki, tmp_path, capsys):
    other = make_ca("Nơi cấp khác").pem(tmp_path / "khac.pem")
    code, out = verify(capsys, first_copy(signed_copies), "--trust", pki.ca_pem, "--trust", other)
    assert code == 0
    assert f"  Tin cậy: có, theo {pki.ca_pem}\n" in out


def test_the_worst_code_wins(signed_copies, impostor_copy, pki, tmp_path, capsys):
    good = first_copy(signed_copies)
    assert verify(capsys, good, impostor_copy, "--trust", pki.ca_pem)[0] == 3
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(good.read_bytes()[:5000])
    code, out = verify(capsys, impostor_copy, good, broken, "--trust", pki.ca_pem)
    assert code == 1
    assert out.endswith("1/3 tệp KHÔNG hợp lệ; 1 tệp chưa xác minh được nơi cấp.\n")


def test_an_unreadable_trust_file_is_named_in_vietnamese(signed_copies, tmp_path, capsys):
    assert main(["verify", str(first_copy(signed_copies)), "--trust", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"{tmp_path}:1:1: --trust: không đọc được tệp (là một thư mục, không phải tệp)\n"


# --- the real reason, one line each -------------------------------------------------------------


def copy_signed_by(signed_copies: Path, tmp_path: Path, signer, chain) -> Path:
    path = tmp_path / "ban-sao.pdf"
    path.write_bytes(sign_pdf(unsigned(first_copy(signed_copies)), signer, chain))
    return path


def test_changed_content_is_blamed_on_the_content_not_the_issuer(signed_copies, pki, tmp_path, capsys):
    copy = tmp_path / "01.pdf"
    data = bytearray(first_copy(signed_copies).read_bytes())
    data[data.index(b"stream", len(data) // 3) + 40] ^= 0x01  # inside a signed content stream
    copy.write_bytes(bytes(data))
    code, out = verify(capsys, copy, "--trust", pki.ca_pem)
    assert code == 1
    assert "  Nguyên vẹn: không (nội dung đã bị sửa sau khi ký)\n" in out
    assert f"  Tin cậy: có, theo {pki.ca_pem}\n" in out  # the signer is still who they were


def test_expired_certificate(signed_copies, pki, tmp_path, capsys):
    expired = issue(pki.ca, "Nguyễn Văn Cũ", not_before=NOW - timedelta(days=400), not_after=NOW - timedelta(days=3))
    copy = copy_signed_by(signed_copies, tmp_path, expired, [pki.ca])
    code, out = verify(capsys, copy, "--trust", pki.ca_pem)
    assert code == 1
    [line] = [line for line in out.splitlines() if line.startswith("  Chứng thư số: ")]
    assert line.startswith("  Chứng thư số: đã hết hạn ngày ")
    assert "  Nguyên vẹn: có\n" in out and f"  Tin cậy: có, theo {pki.ca_pem}\n" in out


def test_certificate_not_yet_valid(signed_copies, pki, tmp_path, capsys):
    early = issue(pki.ca, "Nguyễn Văn Sớm", not_before=NOW + timedelta(days=3), not_after=NOW + timedelta(days=30))
    code, out = verify(capsys, copy_signed_by(signed_copies, tmp_path, early, [pki.ca]), "--trust", pki.ca_pem)
    assert code == 1
    date = (NOW + timedelta(days=3)).astimezone(VIETNAM_TIME).strftime("%d/%m/%Y")
    assert f"  Chứng thư số: chỉ có hiệu lực từ ngày {date}\n" in out


def test_weak_key(signed_copies, pki, tmp_path, capsys):
    weak = issue(pki.ca, "Nguyễn Văn Yếu", key=rsa.generate_private_key(65537, 1024))
    code, out = verify(capsys, copy_signed_by(signed_copies, tmp_path, weak, [pki.ca]), "--trust", pki.ca_pem)
    assert code == 1
    assert (
        "  Khóa ký: khóa RSA 1024 bit quá yếu; cần khóa RSA từ 2048 bit hoặc ECDSA trên đường cong P-256, P-384, "
        "P-521\n"
    ) in out
    assert "  Nguyên vẹn: có\n" in out


def test_certificate_without_key_usage(signed_copies, pki, tmp_path, capsys):
    bare = issue(pki.ca, "Nguyễn Văn Thiếu", key_usage=False)
    code, out = verify(capsys, copy_signed_by(signed_copies, tmp_path, bare, [pki.ca]), "--trust", pki.ca_pem)
    assert code == 1
    assert (
        "  Mục đích chứng thư: không ghi mục đích sử dụng (thiếu keyUsage); cần mục đích Chữ ký số hoặc Chống chối bỏ\n"
    ) in out


def test_revoked_with_a_crl(signed_copies, pki, tmp_path, capsys):
    revoked = issue(pki.ca, "Nguyễn Văn Thu")
    copy = copy_signed_by(signed_copies, tmp_path, revoked, [pki.ca])
    crl = revocation_list(pki.ca, [revoked], tmp_path / "thu-hoi.crl")
    code, out = verify(capsys, copy, "--trust", pki.ca_pem, "--crl", crl)
    assert code == 1
    date = (NOW - timedelta(hours=1)).astimezone(VIETNAM_TIME).strftime("%d/%m/%Y")
    assert f"  Thu hồi: chứng thư số ĐÃ BỊ THU HỒI từ ngày {date}, theo {crl}\n" in out


def test_not_revoked_with_a_crl(signed_copies, pki, tmp_path, capsys):
    crl = revocation_list(pki.ca, [], tmp_path / "thu-hoi.crl")
    code, out = verify(capsys, first_copy(signed_copies), "--trust", pki.ca_pem, "--crl", crl)
    assert code == 0
    assert f"  Thu hồi: không bị thu hồi, theo {crl}\n" in out


def test_a_crl_from_another_issuer_checks_nothing(signed_copies, pki, tmp_path, capsys):
    crl = revocation_list(make_ca("Nơi cấp khác"), [], tmp_path / "khac.crl")
    code, out = verify(capsys, first_copy(signed_copies), "--trust", pki.ca_pem, "--crl", crl)
    assert code == 3
    assert f"  Thu hồi: chưa kiểm tra được ({crl} không có danh sách thu hồi của nơi cấp chứng thư này)\n" in out


def test_without_a_crl_it_says_revocation_was_not_checked(signed_copies, pki, capsys):
    assert NOT_CHECKED in verify(capsys, first_copy(signed_copies), "--trust", pki.ca_pem)[1]


def test_bytes_changed_in_the_signatures_unsigned_padding(signed_copies, pki, tmp_path, capsys):
    data = bytearray(first_copy(signed_copies).read_bytes())
    contents = data.index(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", contents)
    assert data[end - 40 : end] == b"0" * 40  # zeros after the signature itself
    data[end - 20] = ord("7")
    copy = tmp_path / "dem.pdf"
    copy.write_bytes(bytes(data))
    code, out = verify(capsys, copy, "--trust", pki.ca_pem)
    assert code == 1
    assert "  Nguyên vẹn: không (phần đệm sau chữ ký số đã bị sửa)\n" in out


# --- hostile files: bounded work, a message, exit 1 ----------------------------------------------


def xref_bomb() -> bytes:
    """A few hundred bytes whose cross-reference stream claims 2^31 entries."""
    body = b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    xref = len(body)
    body += b"3 0 obj<</Type/XRef/Size 2147483648/W[1 4 2]/Root 1 0 R/Length 0>>stream\n\nendstream\nendobj\n"
    return body + b"startxref\n%d\n%%%%EOF\n" % xref


def flate_bomb(megabytes: int) -> bytes:
    """A zlib stream of about ``megabytes`` KB that inflates to ``megabytes`` MB of zeros."""
    compressor = zlib.compressobj(9)
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    header, body = block[:2], block[2:]  # a full flush: each megabyte's blocks stand alone
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(bytes(MB), checksum)
    return header + body * megabytes + b"\x03\x00" + checksum.to_bytes(4, "big")


def test_an_xref_stream_claiming_two_billion_entries(tmp_path):
    bomb = tmp_path / "xref.pdf"
    bomb.write_bytes(xref_bomb())
    assert len(bomb.read_bytes()) < 300
    run = run_cli(["verify", bomb], memory_mb=2048, timeout=60)
    assert (run.code, run.err) == (1, "")
    assert run.out == (
        f"{bomb}: KHÔNG HỢP LỆ\n  không đọc được tệp PDF (tệp hỏng hoặc đã bị sửa)\n1/1 tệp KHÔNG hợp lệ.\n"
    )
    assert run.peak_mb < 400


def test_a_stamp_font_map_that_inflates_to_a_gigabyte(signed_copies, tmp_path):
    pdf = pikepdf.open(BytesIO(unsigned(first_copy(signed_copies))))
    pdf.pages[0].Resources.Font["/FStamp"].ToUnicode.write(flate_bomb(1024), filter=pikepdf.Name.FlateDecode)
    bomb = tmp_path / "ban-sao.pdf"
    pdf.save(bomb)
    assert bomb.stat().st_size < 4 * MB
    run = run_cli(["verify", bomb], timeout=60)
    assert (run.code, run.err) == (1, "")
    assert run.out == f"{bomb}: KHÔNG HỢP LỆ\n  Chữ ký số: không có\n1/1 tệp KHÔNG hợp lệ.\n"
    assert run.peak_mb < 400  # the map is read up to 4 MB, not inflated


@pytest.mark.parametrize("target", ["/dev/zero", "fifo", "folder"])
def test_only_regular_files_are_read(tmp_path, target):
    import os

    path = Path(target)
    if target == "fifo":
        path = tmp_path / "ong.pdf"
        os.mkfifo(path)
    elif target == "folder":
        path = tmp_path
    run = run_cli(["verify", path], memory_mb=2048, timeout=60)
    reason = {
        "/dev/zero": "là một thiết bị, không phải tệp thường; hãy chỉ ra một tệp thật",
        "fifo": "là một ống dẫn (FIFO), không phải tệp thường; hãy chỉ ra một tệp thật",
        "folder": "là một thư mục, không phải tệp",
    }[target]
    assert (run.code, run.err) == (1, "")
    assert run.out == f"{path}: KHÔNG HỢP LỆ\n  không đọc được tệp ({reason})\n1/1 tệp KHÔNG hợp lệ.\n"


# --- fuzz: hundreds of mutated signed copies, under a memory ceiling ----------------------------


def mutations(data: bytes, count: int, seed: int = 18):
    """Copies of ``data`` damaged the ways files get damaged or doctored: flipped bytes, overwritten
    runs, cuts, repeated and inserted chunks, edited numbers."""
    rng = random.Random(seed)
    digits = [i for i, b in enumerate(data) if 0x30 <= b <= 0x39]
    for index in range(count):
        copy = bytearray(data)
        kind = index % 6
        where = rng.randrange(len(copy))
        if kind == 0:
            copy[where] ^= 1 << rng.randrange(8)
        elif kind == 1:
            copy[where : where + 16] = bytes(rng.randrange(256) for _ in range(16))
        elif kind == 2:
            del copy[where:]
        elif kind == 3:
            size = rng.randrange(1, 4096)
            copy[where:where] = copy[where : where + size]
        elif kind == 4:
            copy[where:where] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
        else:
            position = rng.choice(digits)
            copy[position] = 0x30 + (copy[position] - 0x30 + rng.randrange(1, 10)) % 10
        yield bytes(copy)


def test_fuzzed_copies_never_verify_and_never_exceed_the_limits(signed_copies, pki, tmp_path):
    original = first_copy(signed_copies).read_bytes()
    files = []
    for index, data in enumerate(mutations(original, 300)):
        assert data != original
        path = tmp_path / f"{index:03d}.pdf"
        path.write_bytes(data)
        files.append(path)
    run = run_cli(["verify", *files, "--trust", pki.ca_pem], memory_mb=2048, timeout=300)
    assert run.code == 1, run.err
    assert run.err == ""
    verdicts = [line for line in run.out.splitlines() if not line.startswith(" ")][:-1]
    assert len(verdicts) == len(files)
    assert not [line for line in verdicts if line.endswith(": HỢP LỆ")]
    # Most are plainly invalid; a certificate carried along whose issuer field was hit is at least not vouched for.
    assert sum(line.endswith(": KHÔNG HỢP LỆ") for line in verdicts) > 290
    assert "quá nhiều bộ nhớ" not in run.out and "quá lâu" not in run.out and "bất thường" not in run.out
    assert run.peak_mb < 1024
