"""Delivery by e-mail, against a real SMTP server (aiosmtpd) on 127.0.0.1 started here."""

from __future__ import annotations

import contextlib
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
from conftest import RELEASED, SIGN_PASSWORD, as_read
from pki import issue

from briefing.cli import main
from briefing.distribute.send import NotAllSent, SendSettings, send_copies

PROJECT = Path(__file__).resolve().parent.parent
SENDER = "vanphong@example.org"
FROM_NAME = "Ban Tuyên giáo Tỉnh ủy Lạng Sơn"  # the issuing body, as the manifest names it
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


JOURNAL_HEADER = '{"journal": "briefing send", "version": 1}'


def journal(folder: Path) -> list[dict]:
    """The records of DIR/delivery.jsonl, after its header line."""
    lines = (folder / "delivery.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines[0] == JOURNAL_HEADER
    return [json.loads(line) for line in lines[1:]]


def send(folder: Path, server: str, *extra: str) -> int:
    return main(["send", "--copies", str(folder), "--smtp", server, "--from", SENDER, *extra])


def send_refused(copies: Path, capsys) -> str:
    """A send that refuses to start: exit 1, no message sent; what it said on standard error."""
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server) == 1
    assert mailbox.messages == []
    return capsys.readouterr().err


def test_every_copy_is_delivered_with_its_file_unchanged(copies, capsys):
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server) == 0
    assert capsys.readouterr().out == f"Đã gửi 3 thư. Nhật ký: {copies / 'delivery.jsonl'}.\n"
    manifest = json.loads((copies / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(mailbox.received()) == sorted(ADDRESSES)  # the office's own copy is not mailed
    for (to,), message in mailbox.messages:
        row = next(r for r in manifest["copies"] if r["email"] == to)
        number = f"{row['copy']:02d}/04"
        assert message["Subject"] == f"Bản số {number} – {manifest['booklet']}"
        assert message["From"] == f"{FROM_NAME} <{SENDER}>" and message["To"] == to  # named as the issuing body
        assert f"Kính gửi: {row['recipient']}," in message.get_body().get_content()
        [attachment] = list(message.iter_attachments())
        assert attachment.get_filename() == row["file"]
        assert attachment.get_content() == (copies / row["file"]).read_bytes()
    rows = journal(copies)
    assert [r["status"] for r in rows] == ["đang gửi", "đã gửi"] * 3
    assert [r["sha256"] for r in rows[1::2]] == [
        next(c["sha256"] for c in manifest["copies"] if c["email"] == r["address"]) for r in rows[1::2]
    ]  # keyed by what was sent, not by file name
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
        f"Đã gửi 0 thư; 3 bản đã gửi từ lần trước, không gửi lại. Nhật ký: {copies / 'delivery.jsonl'}."
    )


def test_a_folder_whose_manifest_names_no_issuer_is_sent_as_it_was(copies, capsys):
    """Manifests written before the issuing body was recorded: sent, the body left unnamed as then."""
    path = copies / "manifest.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["issuer"]
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server) == 0
    assert capsys.readouterr().out == f"Đã gửi 3 thư. Nhật ký: {copies / 'delivery.jsonl'}.\n"
    assert sorted(mailbox.received()) == sorted(ADDRESSES)


def test_a_refused_address_is_logged_and_the_run_goes_on(copies, capsys):
    mailbox = Mailbox(refuse=("dinhlap@example.org",))
    with smtp_server(mailbox) as server:
        assert send(copies, server) == 1
    assert sorted(mailbox.received()) == ["binhphuc@example.org", "vanquan@example.org"]
    answer = "550 5.1.1 <dinhlap@example.org>: Recipient address rejected: User unknown"
    assert capsys.readouterr().err == (
        f"1 thư không gửi được (đã ghi trong {copies / 'delivery.jsonl'}):\n"
        f"  02-huyen-uy-dinh-lap.pdf → dinhlap@example.org: {answer}\n"
        "Sửa địa chỉ (hoặc chờ máy chủ) rồi chạy lại lệnh: thư đã gửi không bị gửi lại.\n"
    )
    refused = [r for r in journal(copies) if r["status"] == "bị từ chối"]
    assert [(r["copy"], r["address"], r["answer"]) for r in refused] == [(2, "dinhlap@example.org", answer)]

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
            log = copies / "delivery.jsonl"
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


def test_dry_run_prints_each_mail_and_sends_nothing(copies, capsys):
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server, "--dry-run") == 0
    assert mailbox.messages == []
    assert not (copies / "delivery.jsonl").exists()
    out = capsys.readouterr().out
    manifest = json.loads((copies / "manifest.json").read_text(encoding="utf-8"))
    first = manifest["copies"][0]
    size = (copies / first["file"]).stat().st_size // 1024
    assert out.startswith(
        "--- Thư 1/3 ---\n"
        f"From: {FROM_NAME} <{SENDER}>\n"
        "To: vanquan@example.org\n"
        f"Subject: Bản số 01/04 – {manifest['booklet']}\n"
        f"Đính kèm: 01-huyen-uy-van-quan.pdf ({size} KB)\n"
        "\n"
        "Kính gửi: Huyện ủy Văn Quan,\n"
    )
    assert out.count("--- Thư ") == 3 and "--- Thư 3/3 ---\nFrom: " in out
    assert f"Bản sao đã được ký số bởi Nguyễn Văn An lúc {as_read(first['signed_at'])}." in out
    assert "bảng Chữ ký (Signatures)" in out and "build.py verify" not in out  # what recipients have: a PDF reader
    assert out.endswith("Chạy thử: sẽ gửi 3 thư. Chưa gửi gì.\n")


def test_send_takes_plain_settings_and_leaves_what_failed_to_its_caller(copies):
    """No command line needed: settings in, what was said out, and the rows that failed as an exception."""
    said: list[str] = []
    mailbox = Mailbox(refuse=("dinhlap@example.org",))
    with smtp_server(mailbox) as server, pytest.raises(NotAllSent) as unsent:
        send_copies(SendSettings(copies=copies, smtp=server, sender=SENDER), say=said.append)
    assert said == [f"Đã gửi 2 thư. Nhật ký: {copies / 'delivery.jsonl'}."]
    assert [(delivery.address, answer) for delivery, answer in unsent.value.failures] == [
        ("dinhlap@example.org", "550 5.1.1 <dinhlap@example.org>: Recipient address rejected: User unknown")
    ]


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
        f"{server}: --user: máy chủ từ chối đăng nhập: 535 5.7.8 Authentication credentials invalid\n"
        "Chưa gửi thư nào.\n"
    )


def test_a_copy_altered_after_the_run_is_not_sent(copies, capsys):
    altered = copies / "03-dang-uy-xa-binh-phuc.pdf"
    altered.write_bytes(altered.read_bytes() + b"\n% added later\n")
    assert send_refused(copies, capsys) == (
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


# --- send attaches only the copies of the folder, intact ------------------------------------------


def edit_manifest(folder: Path, change) -> None:
    path = folder / "manifest.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document["copies"])
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def refused(capsys, copies: Path, *lines: str) -> None:
    """A send that refuses to start, for these reasons in the manifest."""
    assert (
        send_refused(copies, capsys)
        == "".join(f"{copies / 'manifest.json'}:1:1: {line}\n" for line in lines) + "Chưa gửi thư nào.\n"
    )


@pytest.mark.parametrize("target", ["../../secret.txt", "absolute"])
def test_a_manifest_naming_a_file_outside_the_folder_sends_nothing(copies, pki, tmp_path, capsys, target):
    import hashlib

    secret = pki.p12 if target == "absolute" else tmp_path / "secret.txt"
    if target != "absolute":
        secret.write_text("bí mật", encoding="utf-8")
    name = str(secret) if target == "absolute" else target

    def point_at_secret(rows):
        rows[0]["file"] = name
        rows[0]["sha256"] = hashlib.sha256(secret.read_bytes()).hexdigest()  # the edited manifest agrees

    edit_manifest(copies, point_at_secret)
    refused(
        capsys,
        copies,
        f"copy 1: tên tệp “{name}” không phải tên một bản sao trong thư mục (dạng 07-ten.pdf); không gửi",
    )


def test_a_copy_that_is_a_link_is_not_sent(copies, pki, capsys):
    copy = copies / "01-huyen-uy-van-quan.pdf"
    real = copies.parent / "elsewhere.pdf"
    copy.rename(real)
    copy.symlink_to(real)
    refused(
        capsys,
        copies,
        "copy 1: không đọc được tệp 01-huyen-uy-van-quan.pdf (là liên kết tượng trưng, không phải tệp thật); không gửi",
    )


def test_a_copy_swapped_with_the_manifest_edited_to_match_is_caught_by_its_cover(copies, capsys):
    first, second = copies / "01-huyen-uy-van-quan.pdf", copies / "02-huyen-uy-dinh-lap.pdf"
    data = first.read_bytes()
    first.write_bytes(second.read_bytes())
    second.write_bytes(data)

    def swap_hashes(rows):
        rows[0]["sha256"], rows[1]["sha256"] = rows[1]["sha256"], rows[0]["sha256"]

    edit_manifest(copies, swap_hashes)
    refused(
        capsys,
        copies,
        "copy 1: bìa tệp 01-huyen-uy-van-quan.pdf ghi “Bản số 02/04 — Kính gửi: Huyện ủy Đình Lập”, "
        "không phải “Bản số 01/04 — Kính gửi: Huyện ủy Văn Quan”; không gửi",
        "copy 2: bìa tệp 02-huyen-uy-dinh-lap.pdf ghi “Bản số 01/04 — Kính gửi: Huyện ủy Văn Quan”, "
        "không phải “Bản số 02/04 — Kính gửi: Huyện ủy Đình Lập”; không gửi",
    )


def test_a_signed_copy_that_fails_verification_is_not_sent_even_if_the_manifest_agrees(copies, capsys):
    import hashlib

    copy = copies / "03-dang-uy-xa-binh-phuc.pdf"
    data = bytearray(copy.read_bytes())
    data[data.index(b"stream", len(data) // 3) + 40] ^= 0x01
    copy.write_bytes(bytes(data))
    edit_manifest(copies, lambda rows: rows[2].update(sha256=hashlib.sha256(bytes(data)).hexdigest()))
    refused(
        capsys,
        copies,
        "copy 3: tệp 03-dang-uy-xa-binh-phuc.pdf không qua được kiểm tra chữ ký (Nguyên vẹn: không (nội dung đã bị "
        "sửa sau khi ký)); không gửi",
    )


# --- the journal: keyed by content, owned by the tool, never ignored ------------------------------


def test_copies_made_again_into_the_folder_are_sent_again(tmp_path, pki, monkeypatch, capsys):
    recipients = tmp_path / "r.csv"
    recipients.write_text(
        "tên,thư điện tử\nHuyện ủy Văn Quan,vanquan@example.org\nHuyện ủy Đình Lập,dinhlap@example.org\n",
        encoding="utf-8",
    )
    folder = tmp_path / "ban-sao"
    make = ["copies", *RELEASED, "--recipients", str(recipients), "--output-dir", str(folder), "--jobs", "1"]
    assert main(make) == 0
    first = Mailbox()
    with smtp_server(first) as server:
        assert send(folder, server) == 0
    monkeypatch.setenv("BRIEFING_SIGN_PASSWORD", SIGN_PASSWORD)
    assert main([*make, "--sign", str(pki.p12)]) == 0  # the same copies, now signed: new files, same names
    capsys.readouterr()
    again = Mailbox()
    with smtp_server(again) as server:
        assert send(folder, server) == 0
    assert sorted(again.received()) == ["dinhlap@example.org", "vanquan@example.org"]
    assert capsys.readouterr().out == f"Đã gửi 2 thư. Nhật ký: {folder / 'delivery.jsonl'}.\n"
    for (_, message), (_, earlier) in zip(again.messages, first.messages, strict=True):
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content() != next(earlier.iter_attachments()).get_content()


def test_a_journal_it_cannot_read_is_refused_not_ignored(copies, capsys):
    first = Mailbox()
    with smtp_server(first) as server:
        assert send(copies, server) == 0
    log = copies / "delivery.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace('"status": "đã gửi"', '"status": "sent"')  # edited by hand
    log.write_text("".join(lines), encoding="utf-8")
    capsys.readouterr()
    assert send_refused(copies, capsys) == (
        f"{log}:3:1: dòng này không đọc được; nhật ký phải còn nguyên để không gửi trùng; nếu đã sửa tay tệp này, "
        "hãy lấy lại bản trước khi sửa rồi chạy lại lệnh\n"
        "Chưa gửi thư nào.\n"
    )


def test_a_line_cut_short_by_a_crash_is_dropped_and_the_copy_sent_once(copies):
    first = Mailbox()
    with smtp_server(first) as server:
        assert send(copies, server) == 0
    log = copies / "delivery.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    # The power went while the last “đã gửi” was being written: its line is cut in the Message-ID.
    cut = lines[-1][: lines[-1].index("message_id") + 20]
    log.write_text("".join(lines[:-1]) + cut, encoding="utf-8")
    again = Mailbox()
    with smtp_server(again) as server:
        assert send(copies, server) == 0
    [([to], message)] = again.messages
    sending = [r for r in journal(copies) if r["address"] == to and r["status"] == "đang gửi"]
    assert message["Message-ID"] == sending[0]["message_id"]  # the same message, which mail programs show once
    assert [r["status"] for r in journal(copies)][-2:] == ["đang gửi", "đã gửi"]


def old_journal(folder: Path, rows: list[dict]) -> Path:
    """delivery.csv as the previous version wrote it (csv.DictWriter, these fields, "\\n" line ends)."""
    import csv
    import io

    table = io.StringIO()
    writer = csv.DictWriter(
        table, fieldnames=["copy", "file", "address", "time", "status", "answer", "message_id"], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    path = folder / "delivery.csv"
    path.write_text(table.getvalue(), encoding="utf-8")
    return path


def old_row(copy: int, file: str, address: str, status: str, number: int) -> dict:
    answer = f"250 2.0.0 Ok: queued as Q{number}" if status == "đã gửi" else ""
    return {"copy": copy, "file": file, "address": address, "time": "2026-11-22T09:30:00+07:00",
            "status": status, "answer": answer, "message_id": f"<1764{number}.77@example.org>"}  # fmt: skip


def test_a_folder_sent_from_by_the_previous_version_resumes_without_resending(copies, capsys):
    old = old_journal(
        copies,
        [
            old_row(1, "01-huyen-uy-van-quan.pdf", "vanquan@example.org", "đang gửi", 1),
            old_row(1, "01-huyen-uy-van-quan.pdf", "vanquan@example.org", "đã gửi", 1),
            old_row(2, "02-huyen-uy-dinh-lap.pdf", "dinhlap@example.org", "đang gửi", 2),  # killed mid-send
        ],
    )
    before = old.read_bytes()
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server) == 0
    assert sorted(mailbox.received()) == ["binhphuc@example.org", "dinhlap@example.org"]
    resent = next(m for (to,), m in mailbox.messages if to == "dinhlap@example.org")
    assert resent["Message-ID"] == "<17642.77@example.org>"  # as the old journal said
    assert capsys.readouterr().out == (
        f"Đã chuyển nhật ký cũ {old} sang {copies / 'delivery.jsonl'}.\n"
        f"Đã gửi 2 thư; 1 bản đã gửi từ lần trước, không gửi lại. Nhật ký: {copies / 'delivery.jsonl'}.\n"
    )
    migrated = [r for r in journal(copies) if r["migrated_from"] == "delivery.csv"]
    assert [(r["copy"], r["status"]) for r in migrated] == [(1, "đang gửi"), (1, "đã gửi"), (2, "đang gửi")]
    assert old.read_bytes() == before  # left as it was
    second = Mailbox()
    with smtp_server(second) as server:
        assert send(copies, server) == 0
    assert second.messages == []


def test_an_old_journal_saved_again_by_a_spreadsheet_is_refused(copies, capsys):
    old = old_journal(copies, [old_row(1, "01-huyen-uy-van-quan.pdf", "vanquan@example.org", "đã gửi", 1)])
    old.write_text(old.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")  # Excel, Vietnamese locale
    assert send_refused(copies, capsys) == (
        f"{old}:1:1: nhật ký gửi cũ không còn đúng dạng chương trình đã ghi (có thể đã được lưu lại bằng bảng tính); "
        "nhật ký phải còn nguyên để không gửi trùng; nếu đã sửa tay tệp này, hãy lấy lại bản trước khi sửa rồi chạy "
        "lại lệnh\nChưa gửi thư nào.\n"
    )


def test_an_old_journal_with_a_row_torn_inside_a_quote_is_refused_at_that_row(copies, capsys):
    old = old_journal(
        copies,
        [
            old_row(1, "01-huyen-uy-van-quan.pdf", "vanquan@example.org", "đang gửi", 1),
            old_row(1, "01-huyen-uy-van-quan.pdf", "vanquan@example.org", "đã gửi", 1),
            old_row(2, "02-huyen-uy-dinh-lap.pdf", "dinhlap@example.org", "đã gửi", 2),
        ],
    )
    lines = old.read_text(encoding="utf-8").splitlines(keepends=True)
    torn = '2,02-huyen-uy-dinh-lap.pdf,dinhlap@example.org,2026-11-22T09:30:00+07:00,đã gửi,"250 2.0.0 Ok: que'
    old.write_text("".join(lines[:3]) + torn + lines[3], encoding="utf-8")  # the next run appended after it
    assert send_refused(copies, capsys).startswith(f"{old}:4:1: dòng này không đọc được; ")


# --- international addresses, passwords, servers that hang ---------------------------------------


class SlowMailbox(Mailbox):
    """Answers the first message, then takes forever over DATA (until released)."""

    def __init__(self):
        super().__init__()
        import asyncio

        self.release = asyncio.Event()
        self.loop = None

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        if self.messages:
            self.loop = asyncio.get_running_loop()
            await self.release.wait()
        return await super().handle_DATA(server, session, envelope)


def test_a_server_that_stops_answering_ends_the_run_with_what_was_sent_kept(copies, capsys):
    mailbox = SlowMailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server, "--timeout", "1") == 1
        if mailbox.loop is not None:
            mailbox.loop.call_soon_threadsafe(mailbox.release.set)
    assert len(mailbox.messages) >= 1
    err = capsys.readouterr().err
    assert err.startswith(
        "Máy chủ thư không trả lời (quá 1 giây, hai lần liền): dừng gửi, còn 1 thư chưa gửi; "
        "chạy lại lệnh để gửi tiếp.\n"
        f"1 thư không gửi được (đã ghi trong {copies / 'delivery.jsonl'}):\n"
        "  02-huyen-uy-dinh-lap.pdf → dinhlap@example.org: máy chủ thư không trả lời (quá 1 giây, hai lần liền)\n"
    )
    statuses = [(r["copy"], r["status"]) for r in journal(copies)]
    assert statuses[:2] == [(1, "đang gửi"), (1, "đã gửi")] and (3, "đang gửi") not in statuses


def test_a_deadline_stops_the_run_between_messages(copies, capsys):
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        # 30 a minute: two seconds between messages; the deadline, a second, falls before the second one.
        assert send(copies, server, "--per-minute", "30", "--deadline", "0.0167") == 1
    assert len(mailbox.messages) == 1
    assert capsys.readouterr().err == (
        "Hết thời hạn --deadline (0.0167 phút): dừng gửi, còn 2 thư chưa gửi; chạy lại lệnh để gửi tiếp.\n"
    )


@pytest.fixture(scope="module")
def international_copies(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("quoc-te")
    recipients = folder / "r.csv"
    recipients.write_text(
        "tên,thư điện tử\n"
        "Huyện ủy Văn Quan,vanquan@example.org\n"
        "Văn phòng Huyện ủy Đình Lập,văn.phòng@dinhlap.example.org\n"
        "Đảng ủy xã Bình Phúc,binhphuc@đảngủy.example\n",
        encoding="utf-8",
    )
    assert main(["copies", *RELEASED,
        "--recipients", str(recipients), "--output-dir", str(folder / "out"), "--jobs", "1"]) == 0
    return folder / "out"


def test_vietnamese_addresses_go_out_with_smtputf8_and_idna(international_copies, tmp_path, capsys):
    folder = Path(shutil.copytree(international_copies, tmp_path / "copies"))
    mailbox = Mailbox()
    with smtp_server(mailbox, enable_SMTPUTF8=True) as server:
        assert main(["send", "--copies", str(folder), "--smtp", server, "--from", SENDER]) == 0
    assert sorted(mailbox.received()) == [
        "binhphuc@xn--ngy-uqa4698azla.example",  # a Vietnamese domain in its IDNA form
        "vanquan@example.org",
        "văn.phòng@dinhlap.example.org",  # a Vietnamese local part, in UTF-8 (SMTPUTF8)
    ]
    utf8 = next(m for (to,), m in mailbox.messages if to.startswith("văn"))
    assert (utf8["To"], utf8["From"]) == ("văn.phòng@dinhlap.example.org", f"{FROM_NAME} <{SENDER}>")


def test_a_vietnamese_sender_address(international_copies, tmp_path, capsys):
    folder = Path(shutil.copytree(international_copies, tmp_path / "copies"))
    mailbox = Mailbox()
    with smtp_server(mailbox, enable_SMTPUTF8=True) as server:
        assert main(["send", "--copies", str(folder), "--smtp", server, "--from", "văn.thư@langson.example"]) == 0
    assert len(mailbox.messages) == 3
    assert {m["From"] for _, m in mailbox.messages} == {f"{FROM_NAME} <văn.thư@langson.example>"}


def test_a_server_without_smtputf8_fails_that_row_only(international_copies, tmp_path, capsys):
    folder = Path(shutil.copytree(international_copies, tmp_path / "copies"))
    mailbox = Mailbox()
    with smtp_server(mailbox, enable_SMTPUTF8=False) as server:
        assert main(["send", "--copies", str(folder), "--smtp", server, "--from", SENDER]) == 1
    assert sorted(mailbox.received()) == ["binhphuc@xn--ngy-uqa4698azla.example", "vanquan@example.org"]
    assert capsys.readouterr().err == (
        f"1 thư không gửi được (đã ghi trong {folder / 'delivery.jsonl'}):\n"
        "  02-van-phong-huyen-uy-dinh-lap.pdf → văn.phòng@dinhlap.example.org: máy chủ thư không nhận địa chỉ có "
        "dấu (không hỗ trợ SMTPUTF8); dùng địa chỉ không dấu cho nơi nhận này, hoặc máy chủ khác\n"
        "Sửa địa chỉ (hoặc chờ máy chủ) rồi chạy lại lệnh: thư đã gửi không bị gửi lại.\n"
    )
    assert [r["status"] for r in journal(folder)] == ["đang gửi", "đã gửi", "đang gửi", "lỗi", "đang gửi", "đã gửi"]


def test_a_look_alike_address_in_a_manifest_fails_its_row_and_the_run_goes_on(copies, capsys):
    edit_manifest(copies, lambda rows: rows[0].update(email="vanquan@ex\u0430mple.org"))  # a Cyrillic “а”
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server) == 1
    assert sorted(mailbox.received()) == ["binhphuc@example.org", "dinhlap@example.org"]
    assert capsys.readouterr().err == (
        f"1 thư không gửi được (đã ghi trong {copies / 'delivery.jsonl'}):\n"
        "  01-huyen-uy-van-quan.pdf → vanquan@ex\u0430mple.org: "
        "địa chỉ thư điện tử “vanquan@ex\u0430mple.org” trộn chữ Latin với chữ Kirin (“\u0430” U+0430), "
        "nhìn giống mà khác địa chỉ thật; hãy gõ lại địa chỉ\n"
        "Sửa địa chỉ (hoặc chờ máy chủ) rồi chạy lại lệnh: thư đã gửi không bị gửi lại.\n"
    )


def test_a_vietnamese_password_on_a_server_offering_only_login(copies, tls, monkeypatch):
    password = "mật khẩu có dấu"

    def check(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (SMTP_USER.encode(), password.encode())
        return AuthResult(success=ok, handled=False)

    mailbox = Mailbox()
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", password)
    options = {"tls_context": tls, "require_starttls": True, "auth_required": True, "authenticator": check,
               "auth_exclude_mechanism": ["PLAIN"]}  # fmt: skip
    with smtp_server(mailbox, **options) as server:
        assert send(copies, server, "--starttls", "--user", SMTP_USER) == 0
    assert sorted(mailbox.received()) == sorted(ADDRESSES)


def test_a_sender_address_that_cannot_be_is_a_usage_error(copies, capsys):
    assert main(["send", "--copies", str(copies), "--smtp", "127.0.0.1:25", "--from", "van phong@langson"]) == 2
    assert capsys.readouterr().err == (
        "build.py send: lỗi: --from: địa chỉ thư điện tử “van phong@langson” không đúng dạng, "
        "ví dụ: vanphong@langson.dcs.vn\n"
    )


def test_an_imposed_copy_is_checked_by_the_cover_on_its_first_sheet(tmp_path, capsys):
    recipients = tmp_path / "r.csv"
    recipients.write_text("tên,thư điện tử\nHuyện ủy Văn Quan,vanquan@example.org\n", encoding="utf-8")
    folder = tmp_path / "ban-sao"
    command = ["copies", *RELEASED,
        "--recipients", str(recipients), "--output-dir", str(folder), "--imposition", "booklet"]
    assert main([*command, "--jobs", "1"]) == 0
    capsys.readouterr()
    assert main(["send", "--copies", str(folder), "--smtp", "127.0.0.1:25", "--from", SENDER, "--dry-run"]) == 0
    assert capsys.readouterr().out.endswith("Chạy thử: sẽ gửi 1 thư. Chưa gửi gì.\n")


def test_a_bounced_address_fixed_in_the_list_receives_the_copy_and_no_one_gets_two(tmp_path, capsys):
    # Issue 29: the guide says fix the address, make the copies again, send again; the fixed address is used.
    recipients = tmp_path / "noi-nhan.csv"
    rows = "tên,thư điện tử\nHuyện ủy Văn Quan,vanquan@example.org\nHuyện ủy Đình Lập,dinhlap@exmaple.org\n"
    recipients.write_text(rows, encoding="utf-8")
    folder = tmp_path / "ban-sao"
    make = ["copies", *RELEASED, "--recipients", str(recipients), "--output-dir", str(folder), "--jobs", "1"]
    assert main(make) == 0
    bouncing = Mailbox(refuse=("dinhlap@exmaple.org",))
    with smtp_server(bouncing) as server:
        assert send(folder, server) == 1
    assert bouncing.received() == ["vanquan@example.org"]

    recipients.write_text(rows.replace("dinhlap@exmaple.org", "dinhlap@example.org"), encoding="utf-8")
    files = {p.name: p.read_bytes() for p in folder.glob("*.pdf")}
    assert main(make) == 0  # nothing to make again: the copies do not carry the address
    assert {p.name: p.read_bytes() for p in folder.glob("*.pdf")} == files
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [c["email"] for c in manifest["copies"]] == ["vanquan@example.org", "dinhlap@example.org"]
    assert "dinhlap@example.org" in (folder / "manifest.csv").read_text(encoding="utf-8-sig")
    capsys.readouterr()
    fixed = Mailbox()
    with smtp_server(fixed) as server:
        assert send(folder, server) == 0
    assert fixed.received() == ["dinhlap@example.org"]  # the fixed address, and only it


def test_the_sender_is_named_as_the_office_chooses(copies, capsys):
    mailbox = Mailbox()
    with smtp_server(mailbox) as server:
        assert send(copies, server, "--from-name", "Văn phòng Ban Tuyên giáo Tỉnh ủy Lạng Sơn") == 0
    # Python's parser puts a space where a long name was folded into two encoded words; mail clients do not.
    named = {m["From"].replace(" ", "") for _, m in mailbox.messages}
    assert named == {f"Văn phòng Ban Tuyên giáo Tỉnh ủy Lạng Sơn <{SENDER}>".replace(" ", "")}
