"""Signing with a key on a PKCS#11 token: SoftHSM2 plays the USB token offices are issued."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RELEASED

from briefing.cli import main

MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
PIN, SO_PIN, TOKEN, LABEL = "246810", "135791", "briefing-test", "ky-so"

# python-pkcs11 in a child process: the token must be complete before this process loads the module.
STORE_CERTIFICATE = """
import sys, pkcs11
from cryptography import x509
from pkcs11 import Attribute, CertificateType, ObjectClass
module, token_label, pin, label, path = sys.argv[1:]
der = open(path, "rb").read()
token = pkcs11.lib(module).get_token(token_label=token_label)
with token.open(rw=True, user_pin=pin) as session:
    session.create_object({
        Attribute.CLASS: ObjectClass.CERTIFICATE,
        Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.TOKEN: True,
        Attribute.LABEL: label,
        Attribute.ID: b"\\x01",
        Attribute.VALUE: der,
        Attribute.SUBJECT: x509.load_der_x509_certificate(der).subject.public_bytes(),
    })
"""


@pytest.fixture(scope="module")
def token(tmp_path_factory, pki):
    """A fresh SoftHSM2 token in a temporary folder holding the signer's key and certificate."""
    from cryptography.hazmat.primitives.serialization import Encoding

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(config))
        util = ["softhsm2-util", "--pin", PIN]
        init = [*util, "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN]
        subprocess.run(init, check=True, capture_output=True)
        key = pki.signer.key_pkcs8_pem(folder / "key.pem")
        subprocess.run([*util, "--import", str(key), "--token", TOKEN, "--label", LABEL, "--id", "01"], check=True,
                       capture_output=True)  # fmt: skip
        key.unlink()
        certificate = folder / "cert.der"
        certificate.write_bytes(pki.signer.certificate.public_bytes(Encoding.DER))
        store = [sys.executable, "-c", STORE_CERTIFICATE, str(MODULE), TOKEN, PIN, LABEL, str(certificate)]
        subprocess.run(store, check=True, capture_output=True)
        yield folder


def sign_on_token(tmp_path, pin: str, monkeypatch) -> tuple[int, Path]:
    monkeypatch.setenv("BRIEFING_SIGN_PIN", pin)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name,address\nHuyện ủy Văn Quan,Thị trấn Văn Quan\n", encoding="utf-8")
    output = tmp_path / "out"
    command = ["copies", *RELEASED, "--recipients", str(recipients), "--output-dir", str(output)]
    command += ["--sign-pkcs11", str(MODULE), "--token-label", TOKEN, "--key-label", LABEL]
    return main(command), output


def test_copy_signed_on_the_token_verifies(token, pki, tmp_path, monkeypatch, capsys):
    code, output = sign_on_token(tmp_path, PIN, monkeypatch)
    assert code == 0, capsys.readouterr().err
    copy = output / "01-huyen-uy-van-quan.pdf"
    capsys.readouterr()
    assert main(["verify", str(copy), "--trust", str(pki.ca_pem), "--manifest", str(output / "manifest.json")]) == 0
    out = capsys.readouterr().out
    assert "  Người ký: Nguyễn Văn An\n" in out
    assert f"  Tin cậy: có, theo {pki.ca_pem}\n" in out


def test_wrong_pin_is_refused_before_any_copy(token, tmp_path, monkeypatch, capsys):
    code, output = sign_on_token(tmp_path, "000000", monkeypatch)
    assert code == 1
    assert capsys.readouterr().err == (
        f"{MODULE} (token “{TOKEN}”, khóa “{LABEL}”): mã PIN không đúng (biến môi trường BRIEFING_SIGN_PIN)\n"
        "Khóa ký số không dùng được; chưa tạo bản sao nào.\n"
    )
    assert not output.exists()


def test_unknown_key_label(token, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BRIEFING_SIGN_PIN", PIN)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name\nHuyện ủy Văn Quan\n", encoding="utf-8")
    command = ["copies", *RELEASED, "--recipients", str(recipients), "--output-dir", str(tmp_path / "out")]
    command += ["--sign-pkcs11", str(MODULE), "--token-label", TOKEN, "--key-label", "khong-co"]
    assert main(command) == 1
    assert "không tìm thấy khóa và chứng thư số có nhãn “khong-co” trên token\n" in capsys.readouterr().err


def test_token_not_found(token, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BRIEFING_SIGN_PIN", PIN)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name\nHuyện ủy Văn Quan\n", encoding="utf-8")
    command = ["copies", *RELEASED, "--recipients", str(recipients), "--output-dir", str(tmp_path / "out")]
    command += ["--sign-pkcs11", str(MODULE), "--token-label", "khong-co", "--key-label", LABEL]
    assert main(command) == 1
    assert capsys.readouterr().err == (
        f"{MODULE} (token “khong-co”, khóa “{LABEL}”): không tìm thấy token có nhãn “khong-co”; "
        "kiểm tra token đã cắm chưa\n"
        "Khóa ký số không dùng được; chưa tạo bản sao nào.\n"
    )
