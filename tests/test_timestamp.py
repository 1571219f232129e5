"""PAdES B-T: copies time-stamped by an RFC 3161 server on 127.0.0.1, started here."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import RELEASED, SIGN_PASSWORD
from pki import issue

from briefing.cli import main


@pytest.fixture(scope="module")
def tsa(pki):
    """A time-stamp authority certified by the test CA, answering over HTTP like a real one."""
    from asn1crypto import keys, tsp, x509
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from pyhanko.sign.timestamps import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    authority = issue(pki.ca, "Máy chủ dấu thời gian thử nghiệm", signing=False, time_stamping=True)
    stamper = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(authority.certificate.public_bytes(Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            authority.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        ),
        certs_to_embed=SimpleCertificateStore.from_certs(
            [x509.Certificate.load(pki.ca.certificate.public_bytes(Encoding.DER))]
        ),
    )
    served = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            answer = stamper.request_tsa_response(request).dump()
            served.append(1)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):  # keep the test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", served
    server.shutdown()
    server.server_close()


def test_time_stamped_copies_verify_with_their_time_stamp(tsa, pki, tmp_path, monkeypatch, capsys):
    url, served = tsa
    monkeypatch.setenv("BRIEFING_SIGN_PASSWORD", SIGN_PASSWORD)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name\nHuyện ủy Văn Quan\nHuyện ủy Đình Lập\n", encoding="utf-8")
    output = tmp_path / "out"
    command = ["copies", *RELEASED, "--recipients", str(recipients), "--output-dir", str(output), "--jobs", "1"]
    assert main([*command, "--sign", str(pki.p12), "--tsa", url]) == 0
    assert len(served) >= 2  # one per copy, after the check that the server answers
    capsys.readouterr()
    files = sorted(str(p) for p in output.glob("*.pdf"))
    assert main(["verify", *files, "--trust", str(pki.ca_pem)]) == 0
    out = capsys.readouterr().out
    assert out.count("  Dấu thời gian: ") == 2
    assert len(re.findall(r"  Dấu thời gian: \d\d:\d\d:\d\d ngày \d\d/\d\d/\d{4} \(tin cậy\)\n", out)) == 2


def test_unreachable_time_stamp_server_stops_before_any_copy(pki, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BRIEFING_SIGN_PASSWORD", SIGN_PASSWORD)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name\nHuyện ủy Văn Quan\n", encoding="utf-8")
    output = tmp_path / "out"
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as closed:
        url = f"http://127.0.0.1:{closed.server_address[1]}/tsa"  # bound, never served: nobody answers
    command = ["copies", *RELEASED, "--recipients", str(recipients), "--output-dir", str(output)]
    assert main([*command, "--sign", str(pki.p12), "--tsa", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{url}: --tsa: không lấy được dấu thời gian từ máy chủ (")
    assert err.endswith("Khóa ký số không dùng được; chưa tạo bản sao nào.\n")
    assert not output.exists()
