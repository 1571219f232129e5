"""Delivery by e-mail, against a real SMTP server (aiosmtpd) on 127.0.0.1 started here."""

from __future__ import annotations

import contextlib
import csv
import email
import email.policy
import json
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pki import issue

from briefing.cli import main

PROJECT = Path(__file__).resolve().parent.parent
SENDER = "vanphong@example.org"
ADDRESSES = ["vanquan@example.org", "dinhlap@example.org", "binhphuc@example.org"]
SMTP_USER, SMTP_PASSWORD = "vanphong", "mật khẩu thư"


class Mailbox:
    """An aiosmtpd handler that keeps what it receives and refuses the addresses it is told to."""

    def __init__(self, refuse: tuple[str, ...] = ()):
        self.refuse = set(refuse)
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return f"250 2.0.0 Ok: queued as Q{len(self.messages)}"

    def received(self) -> list[str]:
        return [to for tos, _ in self.messages for to in tos]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server(mailbox: Mailbox, **options):
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield f"127.0.0.1:{controller.port}"
    finally:
        controller.stop()


@pytest.fixture
def copies(signed_copies, tmp_path) -> Path:
    """A private copy of the signed run: sending writes its journal there."""
    return Path(shutil.copytree(signed_copies, tmp_path / "copies"))


def journal(folder: Path) -> list[dict[str, str]]:
    with open(folder / "delivery.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def send(folder: Path, server: str, *extra: str) -> int:
    return main(["send", "--copies", str(folder), "--smtp", server, "--from", SENDER, *extra])


def test_every_copy_is_delivered_with_its_file_unchanged(copies, capsys):
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server) == 0
    assert capsys.readouterr().out == f"Đã gửi 3 thư. Nhật ký: {copies / 'delivery.csv'}.\n"
    manifest = json.loads((copies / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(mailbox.received()) == sorted(ADDRESSES)  # the office's own copy is not mailed
    for (to,), message in mailbox.messages:
        row = next(r for r in manifest["copies"] if r["email"] == to)
        number = f"{row['copy']:02d}/04"
        assert message["Subject"] == f"Bản số {number} – {manifest['booklet']}"
        assert message["From"] == SENDER and message["To"] == to
        assert f"Kính gửi: {row['recipient']}," in message.get_body().get_content()
        [attachment] = list(message.iter_attachments())
        assert attachment.get_filename() == row["file"]
        assert attachment.get_content() == (copies / row["file"]).read_bytes()
    rows = journal(copies)
    assert [r["status"] for r in rows] == ["đang gửi", "đã gửi"] * 3
    sent = [r for r in rows if r["status"] == "đã gửi"]
    assert [r["answer"] for r in sent] == ["250 2.0.0 Ok: queued as Q1", "250 2.0.0 Ok: queued as Q2",
                                           "250 2.0.0 Ok: queued as Q3"]  # fmt: skip
    assert [r["message_id"] for r in sent] == [m["Message-ID"] for _, m in mailbox.messages]


def test_a_second_run_sends_nothing_twice(copies, capsys):
    first, second = Mailbox(), Mailbox()
    with smtp_server(first) as server:
        assert send(copies, server) == 0
    with smtp_server(second) as server:
        assert send(copies, server) == 0
    assert second.messages == []
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Đã gửi 0 thư; 3 bản đã gửi từ lần trước, không gửi lại. Nhật ký: {copies / 'delivery.csv'}."
    )


def test_a_refused_address_is_logged_and_the_run_goes_on(copies, capsys):
    mailbox = Mailbox(refuse=("dinhlap@example.org",))
    with smtp_server(mailbox) as server:
        assert send(copies, server) == 1
    assert sorted(mailbox.received()) == ["binhphuc@example.org", "vanquan@example.org"]
    answer = "550 5.1.1 <dinhlap@example.org>: Recipient address rejected: User unknown"
    assert capsys.readouterr().err == (
        f"1 thư không gửi được (đã ghi trong {copies / 'delivery.csv'}):\n"
        f"  02-huyen-uy-dinh-lap.pdf → dinhlap@example.org: {answer}\n"
        "Sửa địa chỉ (hoặc chờ máy chủ) rồi chạy lại lệnh: thư đã gửi không bị gửi lại.\n"
    )
    refused = [r for r in journal(copies) if r["status"] == "bị từ chối"]
    assert [(r["copy"], r["address"], r["answer"]) for r in refused] == [("2", "dinhlap@example.org", answer)]

    retry = Mailbox()
    with smtp_server(retry) as server:
        assert send(copies, server) == 0
    assert retry.received() == ["dinhlap@example.org"]  # only what had failed


def test_a_run_killed_midway_resumes_without_duplicates(copies):
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        command = [sys.executable, str(PROJECT / "build.py"), "send", "--copies", str(copies), "--smtp", server]
        # 30 a minute: two seconds between messages, time enough to kill it between the first and the second
        process = subprocess.Popen([*command, "--from", SENDER, "--per-minute", "30"], stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            log = copies / "delivery.csv"
            while not log.exists() or "đã gửi" not in log.read_text("utf-8"):
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.02)
        finally:
            process.kill()
            process.wait()
        assert len(mailbox.messages) == 1
        assert send(copies, server) == 0
    assert sorted(mailbox.received()) == sorted(ADDRESSES)  # each exactly once
    assert sum(r["status"] == "đã gửi" for r in journal(copies)) == 3


def test_dry_run_prints_and_sends_nothing(copies, capsys):
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server, "--dry-run") == 0
    assert mailbox.messages == []
    assert not (copies / "delivery.csv").exists()
    assert capsys.readouterr().out == (
        "Sẽ gửi 01-huyen-uy-van-quan.pdf (Bản số 01/04) tới vanquan@example.org\n"
        "Sẽ gửi 02-huyen-uy-dinh-lap.pdf (Bản số 02/04) tới dinhlap@example.org\n"
        "Sẽ gửi 03-dang-uy-xa-binh-phuc.pdf (Bản số 03/04) tới binhphuc@example.org\n"
        "Chạy thử: sẽ gửi 3 thư. Chưa gửi gì.\n"
    )


@pytest.fixture
def tls(pki, tmp_path, monkeypatch):
    """A server certificate for 127.0.0.1 from the test CA, which the client is told to trust."""
    from cryptography.hazmat.primitives import serialization

    server = issue(pki.ca, "localhost", dns="localhost")
    certificate, key = tmp_path / "server.pem", tmp_path / "server.key"
    server.pem(certificate)
    key.write_bytes(
        server.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca_pem))
    return context


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


def test_starttls_with_login(copies, tls, monkeypatch):
    mailbox = Mailbox()
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", SMTP_PASSWORD)
    options = {"tls_context": tls, "require_starttls": True, "auth_required": True, "authenticator": authenticator}
    with smtp_server(mailbox, **options) as server:
        assert send(copies, server, "--starttls", "--user", SMTP_USER) == 0
    assert sorted(mailbox.received()) == sorted(ADDRESSES)


def test_wrong_smtp_password_sends_nothing(copies, tls, monkeypatch, capsys):
    mailbox = Mailbox()
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "sai")
    options = {"tls_context": tls, "require_starttls": True, "auth_required": True, "authenticator": authenticator}
    with smtp_server(mailbox, **options) as server:
        assert send(copies, server, "--starttls", "--user", SMTP_USER) == 1
    assert mailbox.messages == []
    assert capsys.readouterr().err == (
        f"{server}:1:1: --user: máy chủ từ chối đăng nhập: 535 5.7.8 Authentication credentials invalid\n"
        "Chưa gửi thư nào.\n"
    )


def test_a_copy_altered_after_the_run_is_not_sent(copies, capsys):
    altered = copies / "03-dang-uy-xa-binh-phuc.pdf"
    altered.write_bytes(altered.read_bytes() + b"\n% added later\n")
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server) == 1
    assert mailbox.messages == []
    assert capsys.readouterr().err == (
        f"{copies / 'manifest.json'}:1:1: copy 3: tệp 03-dang-uy-xa-binh-phuc.pdf đã bị thay đổi sau khi tạo "
        "(SHA-256 khác manifest); không gửi\n"
        "Chưa gửi thư nào.\n"
    )


def test_bad_server_address_is_a_usage_error(copies, capsys):
    assert send(copies, "127.0.0.1:port") == 2
    assert capsys.readouterr().err == (
        "build.py send: lỗi: --smtp phải có dạng MÁY[:CỔNG], ví dụ mail.langson.gov.vn:587 "
        "(đang ghi “127.0.0.1:port”)\n"
    )
