"""Deliver personal copies by e-mail, each once, with a journal that survives a crash.

Every attempt is appended to DIR/delivery.csv (and flushed to disk) before and
after the message goes out: “đang gửi” with the Message-ID, then the server's
answer. A re-run skips copies the journal shows as sent; a copy left “đang
gửi” by a crash is sent again under the same Message-ID, so mail programs
show it once. Refused addresses are journalled and the run goes on.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import os
import smtplib
import ssl
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from .options import OptionError
from .problems import ContentError, Problem, display_path
from .sign import VIETNAM_TIME, ask_secret

JOURNAL = "delivery.csv"
JOURNAL_FIELDS = ["copy", "file", "address", "time", "status", "answer", "message_id"]
SENDING, SENT, REFUSED, FAILED = "đang gửi", "đã gửi", "bị từ chối", "lỗi"
PASSWORD_VARIABLE = "BRIEFING_SMTP_PASSWORD"
TEMPLATE = "email.txt.j2"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TIMEOUT_SECONDS = 60


class SendError(ContentError):
    """Nothing can be sent: the copies folder, the journal or the server is not usable."""


@dataclass(frozen=True)
class Delivery:
    copy: int
    file: str
    address: str
    recipient: str
    label: str
    sha256: str
    signer: str
    signed_at: str


def send_copies(args, progress: Callable[[int, int], None] = lambda done, total: None, say=print) -> int:
    host, port = _server(args)
    if args.per_minute is not None and args.per_minute < 1:
        raise OptionError("--per-minute phải là số nguyên dương")
    folder: Path = args.copies
    document, deliveries, without_address = _plan(folder)
    journal = folder / JOURNAL
    history = _read_journal(journal)
    pending = [d for d in deliveries if history.get((d.file, d.address), ("", ""))[0] != SENT]
    already = len(deliveries) - len(pending)

    if args.dry_run:
        for delivery in pending:
            say(f"Sẽ gửi {delivery.file} ({delivery.label}) tới {delivery.address}")
        say(_summary_dry(len(pending), already, without_address))
        return 0

    password = None
    if args.user:
        password = ask_secret(PASSWORD_VARIABLE, f"Mật khẩu thư của {args.user}: ")
        if password is None:
            message = f"chưa có mật khẩu: đặt biến môi trường {PASSWORD_VARIABLE} hoặc chạy lệnh trong cửa sổ dòng lệnh"
            raise SendError([Problem(f"{host}:{port}", 1, 1, "--user", message)])

    template = _template()
    failures: list[tuple[Delivery, str]] = []
    sent = 0
    interval = 60 / args.per_minute if args.per_minute else 0.0
    last_send = 0.0
    connection = None
    if pending:
        progress(0, len(pending))
    try:
        for index, delivery in enumerate(pending, start=1):
            if connection is None:
                connection = _connect(host, port, args, password)
            wait = last_send + interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            message_id = history.get((delivery.file, delivery.address), ("", ""))[1] or make_msgid(domain=_domain(args))
            message = _message(template, document, delivery, args.sender, message_id, folder)
            _journal(journal, delivery, SENDING, "", message_id)
            last_send = time.monotonic()
            status, answer = _deliver(connection, args.sender, delivery.address, message)
            if status == "disconnected":  # the server hung up: once more on a new connection
                connection = _connect(host, port, args, password)
                status, answer = _deliver(connection, args.sender, delivery.address, message)
            _journal(journal, delivery, status, answer, message_id)
            if status == SENT:
                sent += 1
            else:
                failures.append((delivery, answer))
            progress(index, len(pending))
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()

    say(_summary(sent, already, without_address, folder))
    if failures:
        print(f"{len(failures)} thư không gửi được (đã ghi trong {display_path(journal)}):", file=sys.stderr)
        for delivery, answer in failures:
            print(f"  {delivery.file} → {delivery.address}: {answer}", file=sys.stderr)
        print("Sửa địa chỉ (hoặc chờ máy chủ) rồi chạy lại lệnh: thư đã gửi không bị gửi lại.", file=sys.stderr)
        return 1
    return 0


def _server(args) -> tuple[str, int]:
    host, _, port_text = args.smtp.rpartition(":") if ":" in args.smtp else (args.smtp, "", "")
    if not port_text:
        return args.smtp, 465 if args.ssl else 587 if args.starttls else 25
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise OptionError(f"--smtp phải có dạng MÁY[:CỔNG], ví dụ mail.langson.gov.vn:587 (đang ghi “{args.smtp}”)")
    return host, int(port_text)


def _domain(args) -> str:
    return args.sender.rpartition("@")[2] or "localhost"


def _plan(folder: Path) -> tuple[dict, list[Delivery], int]:
    """What to send, from the manifest; every problem with the copies at once, before sending."""
    manifest = folder / "manifest.json"
    name = display_path(manifest)
    try:
        document = json.loads(manifest.read_text(encoding="utf-8"))
        rows = document["copies"]
        total = document["copies_planned"]
    except OSError:
        message = "không có manifest.json; hãy tạo bản sao bằng “build.py copies” trước"
        raise SendError([Problem(name, 1, 1, "", message)]) from None
    except (ValueError, KeyError, TypeError):
        raise SendError([Problem(name, 1, 1, "", "không phải manifest.json do lệnh copies tạo ra")]) from None
    width = max(2, len(str(total)))
    deliveries, problems, without_address = [], [], 0
    for row in rows:
        email = row.get("email", "")
        if row.get("archive") or not email:
            without_address += not row.get("archive")
            continue
        try:
            data = (folder / row["file"]).read_bytes()
        except OSError:
            problems.append(Problem(name, 1, 1, f"copy {row['copy']}", f"thiếu tệp {row['file']}"))
            continue
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            message = f"tệp {row['file']} đã bị thay đổi sau khi tạo (SHA-256 khác manifest); không gửi"
            problems.append(Problem(name, 1, 1, f"copy {row['copy']}", message))
            continue
        label = f"Bản số {row['copy']:0{width}d}/{total:0{width}d}"
        deliveries.append(
            Delivery(
                row["copy"],
                row["file"],
                email,
                row["recipient"],
                label,
                row["sha256"],
                row.get("signer", ""),
                row.get("signed_at", ""),
            )
        )
    if problems:
        raise SendError(problems)
    return document, deliveries, without_address


def _read_journal(journal: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(file, address) → (last status, message id); a torn last line from a crash is ignored."""
    history: dict[tuple[str, str], tuple[str, str]] = {}
    try:
        with open(journal, encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                if row.get("status") in {SENDING, SENT, REFUSED, FAILED} and row.get("message_id"):
                    key = (row["file"], row["address"])
                    if history.get(key, ("", ""))[0] != SENT:  # once sent, always sent
                        history[key] = (row["status"], row["message_id"])
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SendError([Problem(display_path(journal), 1, 1, "", f"không đọc được nhật ký gửi ({error})")]) from None
    return history


def _journal(journal: Path, delivery: Delivery, status: str, answer: str, message_id: str) -> None:
    """Append one row and force it to disk: the journal is what prevents sending twice."""
    new = not journal.exists()
    with open(journal, "a", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=JOURNAL_FIELDS, lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerow(
            {
                "copy": delivery.copy,
                "file": delivery.file,
                "address": delivery.address,
                "time": datetime.now(VIETNAM_TIME).replace(microsecond=0).isoformat(),
                "status": status,
                "answer": answer,
                "message_id": message_id,
            }
        )
        stream.flush()
        os.fsync(stream.fileno())


def _template():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    return environment.get_template(TEMPLATE)


def _message(template, document: dict, delivery: Delivery, sender: str, message_id: str, folder: Path) -> EmailMessage:
    text = template.render(
        copy_label=delivery.label,
        title=document.get("booklet", ""),
        issuer=document.get("issuer", ""),
        recipient=delivery.recipient,
        file=delivery.file,
        signer=delivery.signer,
        signed_at=delivery.signed_at,
    )
    subject, _, body = text.partition("\n\n")
    message = EmailMessage()
    message["Subject"] = " ".join(subject.split())
    message["From"] = sender
    message["To"] = delivery.address
    message["Date"] = format_datetime(datetime.now(VIETNAM_TIME))
    message["Message-ID"] = message_id
    message.set_content(body.lstrip("\n"), cte="quoted-printable")  # 7-bit safe for any server
    data = (folder / delivery.file).read_bytes()
    message.add_attachment(data, maintype="application", subtype="pdf", filename=delivery.file)
    return message


def _connect(host: str, port: int, args, password: str | None) -> smtplib.SMTP:
    where = f"{host}:{port}"
    context = ssl.create_default_context()
    try:
        if args.ssl:
            connection = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            connection = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
            if args.starttls:
                connection.starttls(context=context)
        if args.user:
            _login(connection, args.user, password or "")
    except smtplib.SMTPAuthenticationError as error:
        answer = _answer(error.smtp_code, error.smtp_error)
        raise SendError([Problem(where, 1, 1, "--user", f"máy chủ từ chối đăng nhập: {answer}")]) from None
    except ssl.SSLError as error:
        message = f"không thiết lập được kết nối mã hóa ({error.reason or error}); kiểm tra --starttls/--ssl và cổng"
        raise SendError([Problem(where, 1, 1, "--smtp", message)]) from None
    except smtplib.SMTPNotSupportedError:
        raise SendError([Problem(where, 1, 1, "--smtp", "máy chủ không hỗ trợ STARTTLS hoặc đăng nhập")]) from None
    except (smtplib.SMTPException, OSError) as error:
        message = f"không kết nối được máy chủ thư ({error})"
        raise SendError([Problem(where, 1, 1, "--smtp", message)]) from None
    return connection


def _login(connection: smtplib.SMTP, user: str, password: str) -> None:
    """Log in with AUTH PLAIN in UTF-8 (RFC 4616) where offered: smtplib's own login encodes
    credentials as ASCII only, and tries one method after another on a wrong password."""
    connection.ehlo_or_helo_if_needed()
    if "plain" not in connection.esmtp_features.get("auth", "").lower().split():
        connection.login(user, password)
        return
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
    code, answer = connection.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def _deliver(connection: smtplib.SMTP, sender: str, address: str, message: EmailMessage) -> tuple[str, str]:
    """Send one message to one address: (status, the server's answer)."""
    try:
        connection.ehlo_or_helo_if_needed()
        code, answer = connection.mail(sender)
        if code != 250:
            connection.rset()
            return FAILED, _answer(code, answer)
        code, answer = connection.rcpt(address)
        if code not in (250, 251):
            connection.rset()
            return REFUSED, _answer(code, answer)
        # SMTP wants CRLF line ends; smtplib fixes them only for str, not bytes
        code, answer = connection.data(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))
        if code != 250:
            return FAILED, _answer(code, answer)
        return SENT, _answer(code, answer)
    except smtplib.SMTPServerDisconnected:
        return "disconnected", "máy chủ ngắt kết nối"
    except smtplib.SMTPResponseException as error:
        return FAILED, _answer(error.smtp_code, error.smtp_error)
    except OSError as error:
        return "disconnected", f"mất kết nối ({error})"


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}"


def _summary_dry(count: int, already: int, without_address: int) -> str:
    text = f"Chạy thử: sẽ gửi {count} thư"
    if already:
        text += f"; {already} bản đã gửi trước đó"
    if without_address:
        text += f"; {without_address} bản không có địa chỉ thư điện tử"
    return text + ". Chưa gửi gì."


def _summary(sent: int, already: int, without_address: int, folder: Path) -> str:
    text = f"Đã gửi {sent} thư"
    if already:
        text += f"; {already} bản đã gửi từ lần trước, không gửi lại"
    if without_address:
        text += f"; {without_address} bản không có địa chỉ thư điện tử"
    return text + f". Nhật ký: {display_path(folder / JOURNAL)}."
