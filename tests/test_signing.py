"""Signed copies and their verification, against a CA made at test time."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2
import pytest
from conftest import RELEASED, RELEASED_CONTENT, SIGN_PASSWORD, as_read, fill_colophon, squash
from pki import NOW, issue

from briefing.cli import main
from briefing.distribute.copies import make_copies
from briefing.distribute.sign import VIETNAM_TIME, CopySigner, KeySource, SigningSetup
from briefing.options import BuildOptions, OptionError


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def cover_text(path: Path) -> str:
    return squash(pypdfium2.PdfDocument(path)[0].get_textpage().get_text_bounded())


def signature_widget(path: Path) -> dict:
    pdf = pikepdf.open(path)
    [field] = [f for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Sig"]
    return {"rect": [float(v) for v in field.Rect], "page": pdf.pages[0].obj.objgen == field.P.objgen}


def test_signed_copy_verifies_with_everything_a_committee_needs(signed_copies, pki, capsys):
    row = manifest(signed_copies)["copies"][0]
    copy = signed_copies / row["file"]
    until = pki.signer.certificate.not_valid_after_utc.astimezone(VIETNAM_TIME)
    command = ["verify", str(copy), "--trust", str(pki.ca_pem), "--manifest", str(signed_copies / "manifest.json")]
    assert main(command) == 0
    assert capsys.readouterr().out == (
        f"{copy}: HỢP LỆ\n"
        "  Bản số 01/04 — Kính gửi: Huyện ủy Văn Quan\n"
        "  Người ký: Nguyễn Văn An\n"
        f"  Thời gian ký: {as_read(row['signed_at'])}\n"
        "  Nguyên vẹn: có\n"
        f"  Chứng thư số: còn hiệu lực đến ngày {until:%d/%m/%Y}\n"
        "  Khóa ký: ECDSA P-256\n"
        f"  Tin cậy: có, theo {pki.ca_pem}\n"
        "  Thu hồi: chưa kiểm tra (không có --crl; kiểm tra ngoại tuyến)\n"
        "  Có phần thêm vào sau chữ ký: không\n"
        f"  SHA-256: khớp {signed_copies / 'manifest.json'}\n"
        "Cả 1 tệp đều hợp lệ.\n"
    )


def test_every_copy_of_the_run_verifies(signed_copies, pki, capsys):
    files = sorted(str(p) for p in signed_copies.glob("*.pdf"))
    assert len(files) == 4
    assert main(["verify", *files, "--trust", str(pki.ca_pem), "--manifest", str(signed_copies / "manifest.json")]) == 0
    assert capsys.readouterr().out.endswith("Cả 4 tệp đều hợp lệ.\n")


def test_manifest_records_signer_certificate_time_and_signed_hash(signed_copies, pki):
    fingerprint = hashlib.sha256(pki.signer.certificate.public_bytes(encoding=_der())).hexdigest()
    rows = manifest(signed_copies)["copies"]
    assert [r["email"] for r in rows] == ["vanquan@example.org", "dinhlap@example.org", "binhphuc@example.org", ""]
    for row in rows:
        assert row["signer"] == "Nguyễn Văn An"
        assert row["certificate_sha256"] == fingerprint
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", row["signed_at"])
        assert row["sha256"] == hashlib.sha256((signed_copies / row["file"]).read_bytes()).hexdigest()


def _der():
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def test_visible_signature_sits_on_the_cover(signed_copies):
    row = manifest(signed_copies)["copies"][0]
    copy = signed_copies / row["file"]
    widget = signature_widget(copy)
    left, bottom, right, top = widget["rect"]
    page = pypdfium2.PdfDocument(copy)[0]
    width, height = page.get_size()
    assert widget["page"]
    assert 0 < left < right < width and 0 < bottom < top < height / 2  # lower half of the cover
    inside = squash(page.get_textpage().get_text_bounded(left, bottom, right, top))
    assert inside == (
        f"Người ký: Nguyễn Văn An Cơ quan: Ban Tuyên giáo Tỉnh ủy Lạng Sơn Thời gian ký: {as_read(row['signed_at'])}"
    )


def test_office_copy_says_luu_not_kinh_gui(signed_copies):
    text = cover_text(signed_copies / "04-van-phong-tinh-uy-lang-son.pdf")
    assert "Lưu: Văn phòng Tỉnh ủy Lạng Sơn" in text
    assert "Kính gửi" not in text
    assert manifest(signed_copies)["copies"][3]["archive"] is True


def test_one_changed_byte_is_caught(signed_copies, pki, tmp_path, capsys):
    copy = tmp_path / "01.pdf"
    data = bytearray((signed_copies / manifest(signed_copies)["copies"][0]["file"]).read_bytes())
    index = data.index(b"stream", len(data) // 3) + 40  # inside a signed content stream
    data[index] ^= 0x01
    copy.write_bytes(bytes(data))
    assert main(["verify", str(copy), "--trust", str(pki.ca_pem)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{copy}: KHÔNG HỢP LỆ\n")
    assert "  Nguyên vẹn: không (nội dung đã bị sửa sau khi ký)\n" in out
    assert out.endswith("1/1 tệp KHÔNG hợp lệ.\n")


def test_page_appended_after_signing_is_caught(signed_copies, pki, tmp_path, capsys):
    copy = tmp_path / "01.pdf"
    writer = pypdf.PdfWriter(signed_copies / manifest(signed_copies)["copies"][0]["file"], incremental=True)
    writer.add_blank_page()
    writer.write(copy)
    assert main(["verify", str(copy), "--trust", str(pki.ca_pem)]) == 1
    out = capsys.readouterr().out
    assert "  Nguyên vẹn: có\n" in out  # the signed revision itself is untouched…
    assert "  Có phần thêm vào sau chữ ký: có\n" in out  # …but something came after it
    assert out.startswith(f"{copy}: KHÔNG HỢP LỆ\n")


@pytest.fixture(scope="module")
def stranger_copy(tmp_path_factory, pki) -> Path:
    """A copy from another run, signed invisibly by a key the CA never certified."""
    folder = tmp_path_factory.mktemp("stranger")
    recipients = folder / "r.csv"
    recipients.write_text("tên;địa chỉ\nHuyện ủy Văn Quan;Thị trấn Văn Quan\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_SIGN_PASSWORD", SIGN_PASSWORD)
        command = ["copies", *RELEASED, "--recipients", str(recipients), "--output-dir", str(folder / "out")]
        assert main([*command, "--sign", str(pki.stranger_p12), "--sign-visible", "no"]) == 0
    return folder / "out" / "01-huyen-uy-van-quan.pdf"


def test_untrusted_signer_is_caught(stranger_copy, pki, capsys):
    # Intact, but not traced to the anchor given: not valid (exit 3, not 0), and not blamed for what it is not.
    assert main(["verify", str(stranger_copy), "--trust", str(pki.ca_pem)]) == 3
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(f"{stranger_copy}: CHƯA XÁC MINH ĐƯỢC NƠI CẤP\n")
    assert "  Người ký: Người Lạ\n" in out
    assert "  Nguyên vẹn: có\n" in out
    assert f"  Tin cậy: chưa xác minh được nơi cấp (không dẫn tới chứng thư nào trong {pki.ca_pem})\n" in out


# What the first version of ``copies`` wrote: no issuer, and eight fields a row.
FIRST_MANIFEST_FIELDS = ("copy", "recipient", "address", "code", "file", "pages", "bytes", "sha256")


def test_a_manifest_written_by_the_first_version_still_lists_the_copies(signed_copies, tmp_path, pki, capsys):
    document = manifest(signed_copies)
    rows = [{key: row[key] for key in FIRST_MANIFEST_FIELDS} for row in document["copies"]]
    first = {"booklet": document["booklet"], "copies_planned": 4, "copies_made": 4, "copies": rows}
    listed = tmp_path / "manifest.json"
    listed.write_text(json.dumps(first, ensure_ascii=False, indent=2), encoding="utf-8")
    copy = signed_copies / rows[0]["file"]
    assert main(["verify", str(copy), "--trust", str(pki.ca_pem), "--manifest", str(listed)]) == 0
    assert f"  SHA-256: khớp {listed}\n" in capsys.readouterr().out


def test_a_manifest_edited_into_rows_that_are_not_copies_is_refused(signed_copies, tmp_path, pki, capsys):
    document = manifest(signed_copies)
    del document["copies"][1]["sha256"]
    listed = tmp_path / "manifest.json"
    listed.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    copy = signed_copies / document["copies"][0]["file"]
    assert main(["verify", str(copy), "--trust", str(pki.ca_pem), "--manifest", str(listed)]) == 1
    assert capsys.readouterr().err == f"{listed}:1:1: --manifest: không phải manifest.json do lệnh copies tạo ra\n"


def test_copy_from_another_run_is_not_in_the_manifest(stranger_copy, signed_copies, pki, capsys):
    listed = signed_copies / "manifest.json"
    assert main(["verify", str(stranger_copy), "--manifest", str(listed)]) == 1
    out, err = capsys.readouterr()
    assert err == ""  # pyHanko's own log of the unverifiable chain stays out of the operator's way
    assert "  Bản số 01/01 — Kính gửi: Huyện ủy Văn Quan\n" in out
    assert f"  SHA-256: không có trong {listed}\n" in out
    assert "  Tin cậy: chưa xác minh được nơi cấp (chưa có chứng thư tin cậy nào: thêm --trust CA.pem hoặc đặt " in out


def test_invisible_signature_has_no_box(stranger_copy):
    assert signature_widget(stranger_copy)["rect"] == [0, 0, 0, 0]


def test_unsigned_copy_is_not_valid(tmp_path, capsys):
    copy = tmp_path / "plain.pdf"
    pikepdf.new().save(copy)
    assert main(["verify", str(copy)]) == 1
    assert capsys.readouterr().out == f"{copy}: KHÔNG HỢP LỆ\n  Chữ ký số: không có\n1/1 tệp KHÔNG hợp lệ.\n"


# --- a key that cannot sign is refused before anything is written ---


def copies_with_key(tmp_path, key: Path, password: str | None, monkeypatch) -> tuple[int, Path]:
    if password is None:
        monkeypatch.delenv("BRIEFING_SIGN_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("BRIEFING_SIGN_PASSWORD", password)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name\nHuyện ủy Văn Quan\n", encoding="utf-8")
    output = tmp_path / "out"
    return main(["copies", *RELEASED,
        "--recipients", str(recipients), "--output-dir", str(output), "--sign", str(key)]), output


REFUSED = "Khóa ký số không dùng được; chưa tạo bản sao nào.\n"


def test_wrong_password(tmp_path, pki, monkeypatch, capsys):
    code, output = copies_with_key(tmp_path, pki.p12, "sai mật khẩu", monkeypatch)
    assert code == 1
    assert capsys.readouterr().err == (
        f"{pki.p12}: sai mật khẩu của tệp khóa (biến môi trường BRIEFING_SIGN_PASSWORD)\n" + REFUSED
    )
    assert not output.exists()


def test_no_password_and_no_terminal(tmp_path, pki, monkeypatch, capsys):
    code, output = copies_with_key(tmp_path, pki.p12, None, monkeypatch)
    assert code == 1
    assert capsys.readouterr().err == (
        f"{pki.p12}: chưa có mật khẩu: đặt biến môi trường BRIEFING_SIGN_PASSWORD "
        "hoặc chạy lệnh trong cửa sổ dòng lệnh\n" + REFUSED
    )
    assert not output.exists()


def test_expired_certificate(tmp_path, pki, monkeypatch, capsys):
    expired = issue(pki.ca, "Nguyễn Văn Cũ", not_before=NOW - timedelta(days=800), not_after=NOW - timedelta(days=35))
    key = expired.p12(tmp_path / "expired.p12", SIGN_PASSWORD, [pki.ca])
    code, output = copies_with_key(tmp_path, key, SIGN_PASSWORD, monkeypatch)
    assert code == 1
    date = (NOW - timedelta(days=35)).astimezone(tz=None).strftime("%d/%m/%Y")
    err = capsys.readouterr().err
    assert re.fullmatch(rf"{re.escape(str(key))}: chứng thư số đã hết hạn ngày \d\d/\d\d/\d{{4}}\n" + REFUSED, err)
    assert date[3:] in err  # month and year; the day depends on the hour in Vietnam
    assert not output.exists()


def test_certificate_not_issued_for_signing(tmp_path, pki, monkeypatch, capsys):
    encryption_only = issue(pki.ca, "Nguyễn Văn Mã Hóa", signing=False)
    key = encryption_only.p12(tmp_path / "encrypt.p12", SIGN_PASSWORD, [pki.ca])
    code, output = copies_with_key(tmp_path, key, SIGN_PASSWORD, monkeypatch)
    assert code == 1
    assert capsys.readouterr().err == (
        f"{key}: chứng thư số không được cấp để ký (thiếu mục đích Chữ ký số / Chống chối bỏ)\n" + REFUSED
    )
    assert not output.exists()


POLICY = "cần khóa RSA từ 2048 bit hoặc ECDSA trên đường cong P-256, P-384, P-521"
USAGE = "cần mục đích Chữ ký số hoặc Chống chối bỏ"


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("rsa-1024", f"khóa RSA 1024 bit quá yếu; {POLICY}"),
        ("dsa", f"khóa DSA không còn được chấp nhận để ký; {POLICY}"),
        ("ed25519", f"khóa Ed25519 (EdDSA) chưa được hỗ trợ để ký bản sao PDF; {POLICY}"),
        ("ed448", f"khóa Ed448 (EdDSA) chưa được hỗ trợ để ký bản sao PDF; {POLICY}"),
        ("secp256k1", f"khóa ECDSA trên đường cong secp256k1 không được chấp nhận; {POLICY}"),
        ("no-key-usage", f"chứng thư số không ghi mục đích sử dụng (thiếu keyUsage); {USAGE}"),
    ],
)
def test_keys_verify_would_reject_are_refused_before_any_copy(tmp_path, pki, monkeypatch, capsys, kind, message):
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

    key = {
        "rsa-1024": lambda: rsa.generate_private_key(65537, 1024),
        "dsa": lambda: dsa.generate_private_key(2048),
        "ed25519": ed25519.Ed25519PrivateKey.generate,
        "ed448": ed448.Ed448PrivateKey.generate,
        "secp256k1": lambda: ec.generate_private_key(ec.SECP256K1()),
        "no-key-usage": lambda: None,
    }[kind]()
    certificate = issue(pki.ca, "Nguyễn Văn An", key=key, key_usage=kind != "no-key-usage")
    p12 = certificate.p12(tmp_path / f"{kind}.p12", SIGN_PASSWORD, [pki.ca])
    code, output = copies_with_key(tmp_path, p12, SIGN_PASSWORD, monkeypatch)
    assert code == 1
    assert capsys.readouterr().err == f"{p12}: {message}\n" + REFUSED
    assert not output.exists()


def test_a_key_file_that_is_a_folder(tmp_path, monkeypatch, capsys):
    code, output = copies_with_key(tmp_path, tmp_path, SIGN_PASSWORD, monkeypatch)
    assert code == 1
    message = "không đọc được tệp khóa (là một thư mục, không phải tệp)"
    assert capsys.readouterr().err == f"{tmp_path}: {message}\n" + REFUSED
    assert not output.exists()


def test_file_that_is_not_a_key(tmp_path, monkeypatch, capsys):
    key = tmp_path / "khoa.p12"
    key.write_bytes(b"-----BEGIN NOTHING-----\n")
    code, output = copies_with_key(tmp_path, key, SIGN_PASSWORD, monkeypatch)
    assert code == 1
    assert capsys.readouterr().err == f"{key}: tệp không phải khóa ký PKCS#12 (.p12/.pfx) hợp lệ\n" + REFUSED
    assert not output.exists()


def test_key_file_without_a_password(tmp_path, pki, monkeypatch):
    from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12

    key = tmp_path / "khong-mat-khau.p12"
    key.write_bytes(
        pkcs12.serialize_key_and_certificates(b"k", pki.signer.key, pki.signer.certificate, None, NoEncryption())
    )
    signer = CopySigner(SigningSetup(KeySource(p12=key, secret="")))
    assert signer.identity.name == "Nguyễn Văn An"


def test_signing_flags_without_a_key_are_a_usage_error(tmp_path, capsys):
    command = ["copies", *RELEASED, "--recipients", "r.csv", "--output-dir", str(tmp_path / "o"), "--tsa", "http://127.0.0.1:1"]
    assert main(command) == 2
    assert capsys.readouterr().err == "build.py copies: lỗi: --tsa chỉ dùng cùng --sign hoặc --sign-pkcs11\n"


# --- a crash in the middle of a signed run ---


def test_rerun_after_a_crash_neither_signs_twice_nor_skips(tmp_path, pki, content_copy):
    fill_colophon(content_copy)
    draw_seal(content_copy / "seal.png")
    options = BuildOptions(content=content_copy)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name\nHuyện ủy Văn Quan\nHuyện ủy Đình Lập\nĐảng ủy xã Bình Phúc\n", encoding="utf-8")
    setup = SigningSetup(KeySource(p12=pki.p12, secret=SIGN_PASSWORD))
    output = tmp_path / "out"

    def crash_after_one(done, total):
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        make_copies(options, recipients, output, jobs=1, progress=crash_after_one, signing=setup)
    [first] = manifest(output)["copies"]
    first_bytes = (output / first["file"]).read_bytes()

    records = make_copies(options, recipients, output, jobs=1, signing=setup)
    assert [r.copy for r in records] == [1, 2, 3]
    assert records[0].signed_at == first["signed_at"] and records[0].sha256 == first["sha256"]
    assert (output / first["file"]).read_bytes() == first_bytes  # kept, not signed again
    for record in records:
        assert record.signer == "Nguyễn Văn An"
        assert hashlib.sha256((output / record.file).read_bytes()).hexdigest() == record.sha256
    assert sorted(p.name for p in output.iterdir()) == sorted([*(r.file for r in records), *MANIFESTS])

    # the content's seal.png is drawn beside the visible signature
    pdf = pikepdf.open(output / records[1].file)
    seal = pdf.pages[0].Resources.XObject["/XSeal"]
    assert (int(seal.Width), int(seal.Height), seal.SMask.ColorSpace) == (120, 120, "/DeviceGray")
    assert pikepdf.Operator("Do") in [item.operator for item in pikepdf.parse_content_stream(pdf.pages[0])]


MANIFESTS = ["manifest.csv", "manifest.json"]


def draw_seal(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 116, 116), outline=(200, 16, 16, 255), width=8)
    image.save(path)
    return path


def test_copies_of_a_finished_run_are_kept_when_nothing_changed(signed_copies, tmp_path, pki, monkeypatch):
    folder = tmp_path / "out"
    shutil.copytree(signed_copies, folder)
    before = manifest(folder)
    recipients = tmp_path / "r.xlsx"
    from conftest import SIGNED_RECIPIENTS, write_workbook

    write_workbook(recipients, SIGNED_RECIPIENTS)
    setup = SigningSetup(KeySource(p12=pki.p12, secret=SIGN_PASSWORD))
    make_copies(BuildOptions(content=RELEASED_CONTENT), recipients, folder, signing=setup)
    assert manifest(folder) == before


def test_signer_name_the_cover_cannot_print(tmp_path, pki, monkeypatch, capsys):
    # A certificate made with the wrong encoding: its name holds a soft hyphen and a C1 control.
    garbled = issue(pki.ca, "NguyÃ\xadn V\x83n")
    key = garbled.p12(tmp_path / "garbled.p12", SIGN_PASSWORD, [pki.ca])
    code, output = copies_with_key(tmp_path, key, SIGN_PASSWORD, monkeypatch)
    assert code == 1
    assert capsys.readouterr().err == (
        f"{key}: tên người ký trong chứng thư có ký tự không in được lên bìa: “\xad” (U+00AD), “\x83” (U+0083); "
        "chứng thư có thể được tạo sai bảng mã (cần UTF-8), hoặc ký ẩn với --sign-visible no\n" + REFUSED
    )
    assert not output.exists()


@pytest.mark.parametrize("variant", [["--press"], ["--print-marks"], ["--imposition", "booklet"]])
def test_print_variants_are_not_signed(tmp_path, pki, monkeypatch, capsys, variant):
    monkeypatch.setenv("BRIEFING_SIGN_PASSWORD", SIGN_PASSWORD)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name\nHuyện ủy Văn Quan\n", encoding="utf-8")
    output = tmp_path / "out"
    command = ["copies", *RELEASED,
        "--recipients", str(recipients), "--output-dir", str(output), "--sign", str(pki.p12)]
    assert main([*command, *variant]) == 2
    assert capsys.readouterr().err == (
        "build.py copies: lỗi: ký số dành cho bản phát hành điện tử, không dùng cùng --press, --print-marks hay "
        "--imposition: in từ bản không ký, phát hành điện tử bản đã ký\n"
    )
    assert not output.exists()


@pytest.mark.parametrize("variants", [("press", "proof"), ("print-marks",), ("saddle-stitch", "proof")])
def test_copies_refuse_to_sign_a_printers_file_whoever_asks(tmp_path, pki, variants):
    """The rule is the copies' own, not only the command line's: a printer's file is never signed, nor skipped."""
    recipients = tmp_path / "r.csv"
    recipients.write_text("name\nHuyện ủy Văn Quan\n", encoding="utf-8")
    output = tmp_path / "out"
    setup = SigningSetup(KeySource(p12=pki.p12, secret=SIGN_PASSWORD))
    with pytest.raises(OptionError) as refused:
        make_copies(BuildOptions(content=RELEASED_CONTENT, variants=variants), recipients, output, signing=setup)
    assert str(refused.value) == (
        "ký số dành cho bản phát hành điện tử, không dùng cùng --press, --print-marks hay --imposition: "
        "in từ bản không ký, phát hành điện tử bản đã ký"
    )
    assert not output.exists()


def png_claiming(width: int, height: int) -> bytes:
    """A few dozen bytes of PNG whose header claims ``width`` × ``height`` pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def signed_copies_refused(tmp_path, pki, content_copy, monkeypatch, capsys) -> str:
    """Signed copies of ``content_copy`` for one recipient, refused (exit 1, no output folder): what was said."""
    fill_colophon(content_copy)  # for release: the refusal is the seal's
    monkeypatch.setenv("BRIEFING_SIGN_PASSWORD", SIGN_PASSWORD)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name\nHuyện ủy Văn Quan\n", encoding="utf-8")
    output = tmp_path / "out"
    command = ["copies", "--content", str(content_copy), "--recipients", str(recipients), "--output-dir", str(output)]
    assert main([*command, "--sign", str(pki.p12)]) == 1
    assert not output.exists()
    return capsys.readouterr().err


def test_a_seal_claiming_196_megapixels_is_refused_before_decoding(tmp_path, pki, content_copy, monkeypatch, capsys):
    seal = content_copy / "seal.png"
    seal.write_bytes(png_claiming(14000, 14000))
    assert signed_copies_refused(tmp_path, pki, content_copy, monkeypatch, capsys) == (
        f"{seal}:1:1: ảnh con dấu quá lớn (14000 × 14000 điểm ảnh; tối đa 4096 × 4096); hãy thu nhỏ ảnh\n"
        "Nội dung có 1 lỗi; chưa tạo bản sao nào.\n"
    )


def test_a_seal_linking_outside_the_content_is_not_read(tmp_path, pki, content_copy, monkeypatch, capsys):
    elsewhere = draw_seal(tmp_path / "seal.png")
    (content_copy / "seal.png").symlink_to(elsewhere)
    assert signed_copies_refused(tmp_path, pki, content_copy, monkeypatch, capsys) == (
        f"{content_copy / 'seal.png'}:1:1: tệp nằm ngoài thư mục nội dung (qua liên kết tượng trưng); "
        "hãy chép tệp thật vào thư mục nội dung\n"
        "Nội dung có 1 lỗi; chưa tạo bản sao nào.\n"
    )
