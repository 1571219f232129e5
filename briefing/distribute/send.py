"""Deliver personal copies by e-mail, each once, with a journal that survives a crash.

What is sent is only what ``copies`` made: a manifest row names a file by a
plain copy name (``07-ten.pdf``: no folder, no ``..``, not a link) inside the
copies folder, whose bytes match the manifest and, for a signed copy, pass
``verify``'s checks (intact, nothing appended, the signer the manifest names,
the cover stamped for that copy and recipient). Any copy that fails stops the
run before anything is sent, every problem listed at once.

Every attempt is journalled (journal.py) before and after the message goes
out, keyed by the copy's SHA-256 and the address: a re-run sends what the
journal does not show as sent; a copy left “đang gửi” by a crash is sent again
under the same Message-ID, so mail programs show it once. A row that cannot be
delivered (address refused, a Vietnamese address the server cannot take, a
server error) is journalled and the run goes on. A server that stops answering
ends the run after ``--timeout`` twice, and ``--deadline`` bounds the whole run.
"""

from __future__ import annotations

import base64
import email.policy
import hashlib
import re
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address as MailAddress
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from ..options import TEMPLATES, OptionError
from ..oserrors import reason
from ..problems import ContentError, PlainProblem, Problem, display_path
from ..regular import MB, read_regular, size_text
from ..variants import PROOF_MARK
from .addresses import Address, parse_address
from .journal import FAILED, JOURNAL, REFUSED, SENDING, SENT, Journal, JournalError, Record, read_history
from .manifest import COPY_NAME, MANIFEST_JSON, PROOF, Manifest, NotAManifest, copy_label, read_manifest
from .sign import VIETNAM_TIME, ask_secret, vietnam_moment

PASSWORD_VARIABLE = "BRIEFING_SMTP_PASSWORD"
TEMPLATE = "email.txt.j2"
TIMEOUT_SECONDS = 30  # waiting for one answer from the server
COPY_LIMIT = 50 * MB  # mail servers refuse far less
NO_SMTPUTF8 = (
    "máy chủ thư không nhận địa chỉ có dấu (không hỗ trợ SMTPUTF8); dùng địa chỉ không dấu cho nơi nhận này, "
    "hoặc máy chủ khác"
)


class SendError(ContentError):
    """Nothing can be sent: the copies folder, the journal or the server is not usable."""


class ServerGone(Exception):
    """The server stopped answering, or could not be reached again: the run stops, what was sent stays sent."""


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
    size: int
    certificate_sha256: str = ""


@dataclass(frozen=True)
class SendSettings:
    """What a run of ``send`` is asked to do (the command's flags, by their names)."""

    copies: Path  # the folder ``copies`` wrote
    smtp: str  # HOST[:PORT]
    sender: str  # --from
    starttls: bool = False
    ssl: bool = False
    user: str | None = None  # the password comes from PASSWORD_VARIABLE or a prompt
    dry_run: bool = False
    per_minute: int | None = None
    timeout: float | None = None  # seconds, for one answer from the server (TIMEOUT_SECONDS if None)
    deadline: float | None = None  # minutes, for the whole run
    proof: bool = False  # --proof: the copies may be proofs (the subject says so)
    from_name: str | None = None  # --from-name: the sender's name; the issuing body's when not given


class NotAllSent(Exception):
    """The run ended with copies unsent: the server stopped answering, the deadline came, or rows failed.

    Everything sent stays sent (the journal says so); a re-run sends the rest.
    """

    def __init__(self, stopped: str, left: int, failures: list[tuple[Delivery, str]], journal: Path):
        self.stopped, self.left, self.failures, self.journal = stopped, left, failures, journal
        super().__init__(stopped or f"{len(failures)} failed")

    def lines(self) -> list[str]:
        """What the operator reads, in Vietnamese: why it stopped, and each row that failed with the server's answer."""
        lines = []
        if self.stopped:
            lines.append(f"{self.stopped}: dừng gửi, còn {self.left} thư chưa gửi; chạy lại lệnh để gửi tiếp.")
        if self.failures:
            lines.append(f"{len(self.failures)} thư không gửi được (đã ghi trong {display_path(self.journal)}):")
            lines += [f"  {delivery.file} → {delivery.address}: {answer}" for delivery, answer in self.failures]
            lines.append("Sửa địa chỉ (hoặc chờ máy chủ) rồi chạy lại lệnh: thư đã gửi không bị gửi lại.")
        return lines


def send_copies(
    settings: SendSettings, progress: Callable[[int, int], None] = lambda done, total: None, say=print
) -> None:
    """Send every copy the journal does not show as sent; ``NotAllSent`` if some could not be.

    Before anything is sent: ``OptionError`` for settings that cannot work,
    ``SendError`` (every problem) for a folder, journal or server that cannot be used.
    """
    host, port = _server(settings)
    if settings.per_minute is not None and settings.per_minute < 1:
        raise OptionError("--per-minute phải là số nguyên dương")
    if settings.timeout is not None and settings.timeout <= 0:
        raise OptionError("--timeout phải là số giây lớn hơn 0")
    if settings.deadline is not None and settings.deadline <= 0:
        raise OptionError("--deadline phải là số phút lớn hơn 0")
    try:
        sender = parse_address(settings.sender)
    except ValueError as error:
        raise OptionError(f"--from: {error}") from None
    folder: Path = settings.copies
    if not folder.is_dir():
        raise OptionError(f"--copies {folder}: không phải thư mục bản sao; hãy chỉ ra thư mục lệnh copies đã ghi")
    from ..outputs import check_output

    check_output("--copies", folder / JOURNAL)  # the journal is written there
    manifest, deliveries, without_address = _plan(folder)
    _check_release(folder, manifest, settings.proof)
    sender_name = manifest.issuer if settings.from_name is None else settings.from_name  # who the mail is from
    history, migrated = read_history(folder, {d.file: d.sha256 for d in deliveries})
    pending = [d for d in deliveries if history.status(d.sha256, d.address) != SENT]
    already = len(deliveries) - len(pending)
    _check_copies(folder, pending)
    template = _template()

    if settings.dry_run:
        for index, delivery in enumerate(pending, start=1):
            message = _message(template, manifest, delivery, sender, "", b"", sender_name=sender_name)
            say(f"--- Thư {index}/{len(pending)} ---")
            for header in ("From", "To", "Subject"):
                say(f"{header}: {message[header]}")
            say(f"Đính kèm: {delivery.file} ({size_text(delivery.size)})")
            say("")
            say(message.get_body().get_content().rstrip("\n"))
            say("")
        say(_summary_dry(len(pending), already, without_address))
        return

    password = None
    if settings.user:
        password = ask_secret(PASSWORD_VARIABLE, f"Mật khẩu thư của {settings.user}: ")
        if password is None:
            message = f"chưa có mật khẩu: đặt biến môi trường {PASSWORD_VARIABLE} hoặc chạy lệnh trong cửa sổ dòng lệnh"
            raise SendError([PlainProblem(f"{host}:{port}", "--user", message)])

    journal = Journal(folder, history, migrated)
    if migrated:
        say(f"Đã chuyển nhật ký cũ {display_path(folder / 'delivery.csv')} sang {display_path(journal.path)}.")
    timeout = settings.timeout or TIMEOUT_SECONDS
    deadline = time.monotonic() + settings.deadline * 60 if settings.deadline else None
    server = _Server(host, port, settings, password, timeout)
    failures: list[tuple[Delivery, str]] = []
    sent = 0
    interval = 60 / settings.per_minute if settings.per_minute else 0.0
    last_send = 0.0
    stopped = ""
    if pending:
        progress(0, len(pending))
    try:
        for index, delivery in enumerate(pending, start=1):
            wait = last_send + interval - time.monotonic()
            if deadline is not None and time.monotonic() + max(wait, 0) > deadline:
                stopped = f"Hết thời hạn --deadline ({settings.deadline:g} phút)"
                break
            if wait > 0:
                time.sleep(wait)
            message_id = history.message_id(delivery.sha256, delivery.address) or make_msgid(domain=_domain(sender))
            last_send = time.monotonic()
            try:
                status, answer = _send_one(
                    server, journal, template, manifest, delivery, sender, message_id, folder, sender_name
                )
            except ServerGone as gone:
                failures.append((delivery, str(gone)))
                stopped = str(gone)[:1].upper() + str(gone)[1:]
                break
            if status == SENT:
                sent += 1
            else:
                failures.append((delivery, answer))
            progress(index, len(pending))
    finally:
        server.close()

    say(_summary(sent, already, without_address, journal.path))
    if failures or stopped:
        raise NotAllSent(stopped, len(pending) - sent - len(failures), failures, journal.path)


def _send_one(
    server,
    journal: Journal,
    template,
    manifest: Manifest,
    delivery: Delivery,
    sender: Address,
    message_id: str,
    folder: Path,
    sender_name: str = "",
) -> tuple[str, str]:
    """Journal, send, journal: (status, the server's answer or why not, in Vietnamese)."""

    def record(status: str, answer: str) -> None:
        journal.append(
            Record(
                sha256=delivery.sha256,
                address=delivery.address,
                copy=delivery.copy,
                file=delivery.file,
                time=datetime.now(VIETNAM_TIME).replace(microsecond=0).isoformat(),
                status=status,
                answer=answer,
                message_id=message_id,
            )
        )

    try:
        recipient = parse_address(delivery.address)
    except ValueError as error:  # a manifest made before this rule, or edited
        record(FAILED, str(error))
        return FAILED, str(error)
    data = read_regular(folder / delivery.file, COPY_LIMIT, follow_links=False)
    if hashlib.sha256(data).hexdigest() != delivery.sha256:  # changed since it was checked
        answer = "tệp đã bị thay đổi sau khi kiểm tra; không gửi"
        record(FAILED, answer)
        return FAILED, answer
    message = _message(template, manifest, delivery, sender, message_id, data, recipient, sender_name)
    record(SENDING, "")
    status, answer = server.deliver(sender, recipient, message)
    record(status, answer)
    return status, answer


class _Server:
    """One connection to the mail server, opened when first needed and again once if it drops."""

    def __init__(self, host: str, port: int, settings: SendSettings, password: str | None, timeout: float):
        self.host, self.port, self.settings = host, port, settings
        self.password, self.timeout = password, timeout
        self.connection: smtplib.SMTP | None = None
        self.used = False

    def deliver(self, sender: Address, recipient: Address, message: EmailMessage) -> tuple[str, str]:
        for attempt in (1, 2):
            if self.connection is None:
                self._connect(first=not self.used)
            self.used = True
            try:
                return _deliver(self.connection, sender, recipient, message)
            except (smtplib.SMTPServerDisconnected, OSError) as error:  # hung up, or stopped answering
                self._drop()
                if attempt == 2 and _timed_out(error):
                    raise ServerGone(f"máy chủ thư không trả lời (quá {self.timeout:g} giây, hai lần liền)") from None
                if attempt == 2:
                    raise ServerGone(f"máy chủ thư ngắt kết nối hai lần liền ({_oserror(error)})") from None
        raise AssertionError("unreachable")

    def _connect(self, first: bool) -> None:
        try:
            self.connection = _connect(self.host, self.port, self.settings, self.password, self.timeout)
        except SendError as error:
            if first:
                raise  # nothing sent yet: the problem, and “Chưa gửi thư nào”
            raise ServerGone(f"không kết nối lại được máy chủ thư: {error.problems[0].message}") from None

    def _drop(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


def _server(settings: SendSettings) -> tuple[str, int]:
    host, _, port_text = settings.smtp.rpartition(":") if ":" in settings.smtp else (settings.smtp, "", "")
    if not port_text:
        return settings.smtp, 465 if settings.ssl else 587 if settings.starttls else 25
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise OptionError(f"--smtp phải có dạng MÁY[:CỔNG], ví dụ mail.langson.gov.vn:587 (đang ghi “{settings.smtp}”)")
    return host, int(port_text)


def _domain(sender: Address) -> str:
    return sender.envelope.rpartition("@")[2] or "localhost"


def _check_release(folder: Path, manifest: Manifest, proof: bool) -> None:
    """Copies leave the office only for release: proofs only when ``--proof`` asks, said in the subject;
    copies whose manifest does not say (made by an earlier version) are made again first."""
    name = display_path(folder / MANIFEST_JSON)
    if manifest.release == PROOF and not proof:
        message = ("các bản sao là bản in thử (tạo với --proof, trang xuất bản chưa đủ); tạo lại bản sao khi trang "
                   "xuất bản đã đủ, hoặc thêm --proof để gửi bản in thử")  # fmt: skip
        raise SendError([Problem(name, 1, 1, "release", message)])
    if not manifest.release:
        message = ("manifest do phiên bản trước tạo, không ghi bản sao có được phát hành không; tạo lại bản sao "
                   "(build.py copies) rồi gửi")  # fmt: skip
        raise SendError([Problem(name, 1, 1, "release", message)])


def _plan(folder: Path) -> tuple[Manifest, list[Delivery], int]:
    """What to send, from the manifest: plain copy names in the folder whose bytes match it; every problem
    with the copies at once, before sending."""
    name = display_path(folder / MANIFEST_JSON)
    try:
        manifest = read_manifest(folder / MANIFEST_JSON, follow_links=False)
    except FileNotFoundError:
        message = "không có manifest.json; hãy tạo bản sao bằng “build.py copies” trước"
        raise SendError([Problem(name, 1, 1, "", message)]) from None
    except OSError as error:
        raise SendError([Problem(name, 1, 1, "", f"không đọc được manifest ({reason(error)})")]) from None
    except NotAManifest:
        raise SendError([Problem(name, 1, 1, "", "không phải manifest.json do lệnh copies tạo ra")]) from None
    unreadable = "có dòng không đúng dạng manifest do lệnh copies tạo ra"
    problems = [Problem(name, 1, 1, "", unreadable) for _ in range(manifest.unreadable_rows)]
    deliveries, without_address = [], 0
    for record in manifest.copies:
        if record.archive or not record.email:
            without_address += not record.archive
            continue
        where, file = f"copy {record.copy}", record.file
        if not COPY_NAME.fullmatch(file):  # a plain name of ours: no folder, no “..”, not absolute
            message = f"tên tệp “{file}” không phải tên một bản sao trong thư mục (dạng 07-ten.pdf); không gửi"
            problems.append(Problem(name, 1, 1, where, message))
            continue
        try:
            data = read_regular(folder / file, COPY_LIMIT, follow_links=False)
        except FileNotFoundError:
            problems.append(Problem(name, 1, 1, where, f"thiếu tệp {file}"))
            continue
        except OSError as error:
            problems.append(Problem(name, 1, 1, where, f"không đọc được tệp {file} ({reason(error)}); không gửi"))
            continue
        if hashlib.sha256(data).hexdigest() != record.sha256:
            message = f"tệp {file} đã bị thay đổi sau khi tạo (SHA-256 khác manifest); không gửi"
            problems.append(Problem(name, 1, 1, where, message))
            continue
        deliveries.append(
            Delivery(
                record.copy,
                file,
                record.email,
                record.recipient,
                copy_label(record.copy, manifest.planned),
                record.sha256,
                record.signer,
                record.signed_at,
                len(data),
                record.certificate_sha256,
            )
        )
    if problems:
        raise SendError(problems)
    return manifest, deliveries, without_address


def _check_copies(folder: Path, deliveries: list[Delivery]) -> None:
    """Each copy about to be sent, read as ``verify`` reads it: the cover stamped for that copy and
    recipient, and a signed copy intact, nothing appended, signed with the certificate the manifest names."""
    from .verify import INVALID, Trust, verify_bytes

    name = display_path(folder / MANIFEST_JSON)
    problems = []
    for delivery in deliveries:
        where, file = f"copy {delivery.copy}", delivery.file
        verdict = verify_bytes(read_regular(folder / file, COPY_LIMIT, follow_links=False), file, Trust())
        if delivery.signer:  # whoever can vouch for the signer, the copy must be whole and what was signed
            broken = [
                f"{line.label}: {line.text}" if line.label else line.text
                for line in verdict.lines
                if line.code == INVALID
            ]
            if broken:
                message = f"tệp {file} không qua được kiểm tra chữ ký ({'; '.join(broken)}); không gửi"
                problems.append(Problem(name, 1, 1, where, message))
                continue
            if delivery.certificate_sha256 and verdict.certificate_sha256 != delivery.certificate_sha256:
                message = f"tệp {file} được ký bằng chứng thư khác với chứng thư manifest ghi; không gửi"
                problems.append(Problem(name, 1, 1, where, message))
                continue
        stamped = f"Kính gửi: {' '.join(delivery.recipient.split())}"
        if (verdict.copy_label, " ".join(verdict.recipient.split())) != (delivery.label, stamped):
            shown = " — ".join(t for t in (verdict.copy_label, verdict.recipient) if t) or "không đọc được"
            message = f"bìa tệp {file} ghi “{shown}”, không phải “{delivery.label} — {stamped}”; không gửi"
            problems.append(Problem(name, 1, 1, where, message))
    if problems:
        raise SendError(problems)


def _template():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    return environment.get_template(TEMPLATE)


def _named(name: str, address: str, international: bool):
    """The From header: the sender's name, then the address; in UTF-8 for an SMTPUTF8 mail, else in
    RFC 2047 words the header registry makes (never an encoded word inside a quoted string)."""
    if not name:
        return address
    if not international:
        return MailAddress(display_name=name, addr_spec=address)
    if re.search(r'[()<>@,;:\\".\[\]]', name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def _message(
    template,
    manifest: Manifest,
    delivery: Delivery,
    sender: Address,
    message_id: str,
    data: bytes,
    recipient: Address | None = None,
    sender_name: str = "",
) -> EmailMessage:
    """The message for one copy; Vietnamese addresses in UTF-8 (SMTPUTF8), others in ASCII (domains in IDNA)."""
    text = template.render(
        copy_label=delivery.label,
        title=manifest.booklet,
        issuer=manifest.issuer,
        recipient=delivery.recipient,
        file=delivery.file,
        signer=delivery.signer,
        signed_at=_signing_time(delivery.signed_at),
    )
    subject, _, body = text.partition("\n\n")
    recipient = recipient or _parsed_or_written(delivery.address)
    international = sender.needs_smtputf8 or recipient.needs_smtputf8
    message = EmailMessage(policy=email.policy.SMTPUTF8 if international else email.policy.default)
    subject = " ".join(subject.split())
    message["Subject"] = f"[{PROOF_MARK}] {subject}" if manifest.release == PROOF else subject
    address = sender.written if international else sender.envelope
    message["From"] = _named(" ".join(sender_name.split()), address, international)
    message["To"] = recipient.written if international else recipient.envelope
    if message_id:
        message["Date"] = format_datetime(datetime.now(VIETNAM_TIME))
        message["Message-ID"] = message_id
    message.set_content(body.lstrip("\n"), cte="quoted-printable")  # 7-bit safe for any server
    if data:
        message.add_attachment(data, maintype="application", subtype="pdf", filename=delivery.file)
    return message


def _signing_time(recorded: str) -> str:
    """The manifest's signing time (ISO 8601) as people read it; one no longer readable, as written."""
    try:
        return vietnam_moment(datetime.fromisoformat(recorded))
    except ValueError:
        return recorded


def _parsed_or_written(address: str) -> Address:
    try:
        return parse_address(address)
    except ValueError:
        return Address(address, address, False)


def _connect(host: str, port: int, settings: SendSettings, password: str | None, timeout: float) -> smtplib.SMTP:
    where = f"{host}:{port}"
    context = ssl.create_default_context()
    try:
        if settings.ssl:
            connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
            if settings.starttls:
                connection.starttls(context=context)
        if settings.user:
            _login(connection, settings.user, password or "")
    except smtplib.SMTPAuthenticationError as error:
        answer = _answer(error.smtp_code, error.smtp_error)
        raise SendError([PlainProblem(where, "--user", f"máy chủ từ chối đăng nhập: {answer}")]) from None
    except ssl.SSLError as error:
        message = f"không thiết lập được kết nối mã hóa ({error.reason or error}); kiểm tra --starttls/--ssl và cổng"
        raise SendError([PlainProblem(where, "--smtp", message)]) from None
    except smtplib.SMTPNotSupportedError:
        raise SendError([PlainProblem(where, "--smtp", "máy chủ không hỗ trợ STARTTLS hoặc đăng nhập")]) from None
    except UnicodeError:
        message = "máy chủ chỉ nhận kiểu đăng nhập không dùng được tên hoặc mật khẩu có dấu; hãy hỏi quản trị máy chủ"
        raise SendError([PlainProblem(where, "--user", message)]) from None
    except smtplib.SMTPResponseException as error:
        message = f"máy chủ thư từ chối: {_answer(error.smtp_code, error.smtp_error)}"
        raise SendError([PlainProblem(where, "--smtp", message)]) from None
    except (smtplib.SMTPException, OSError) as error:
        message = f"không kết nối được máy chủ thư ({_oserror(error)})"
        raise SendError([PlainProblem(where, "--smtp", message)]) from None
    return connection


def _oserror(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "quá thời gian chờ máy chủ trả lời" if _timed_out(error) else "máy chủ đóng kết nối"
    if isinstance(error, OSError):
        return reason(error)
    return type(error).__name__


def _timed_out(error: BaseException | None) -> bool:
    """A timeout, even where smtplib turned it into “Connection unexpectedly closed: timed out”."""
    while error is not None:
        if isinstance(error, TimeoutError):
            return True
        error = error.__cause__ or error.__context__
    return False


def _login(connection: smtplib.SMTP, user: str, password: str) -> None:
    """Log in with AUTH PLAIN or LOGIN in UTF-8 where offered: smtplib's own login encodes
    credentials as ASCII only, and tries one method after another on a wrong password."""
    connection.ehlo_or_helo_if_needed()
    offered = connection.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" in offered:
        token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
        code, answer = connection.docmd("AUTH", f"PLAIN {token}")
    elif "LOGIN" in offered:
        code, answer = connection.docmd("AUTH", "LOGIN")
        for secret in (user, password):
            if code != 334:
                break
            code, answer = connection.docmd(base64.b64encode(secret.encode()).decode("ascii"))
    else:
        connection.login(user, password)
        return
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def _deliver(connection: smtplib.SMTP, sender: Address, recipient: Address, message: EmailMessage) -> tuple[str, str]:
    """Send one message to one address: (status, the server's answer). Raises on a dropped connection."""
    international = sender.needs_smtputf8 or recipient.needs_smtputf8
    try:
        connection.ehlo_or_helo_if_needed()
        options = []
        if international:
            if not connection.has_extn("smtputf8"):
                return FAILED, NO_SMTPUTF8
            options = ["SMTPUTF8", "BODY=8BITMIME"] if connection.has_extn("8bitmime") else ["SMTPUTF8"]
        code, answer = connection.mail(sender.written if international else sender.envelope, options)
        if code != 250:
            connection.rset()
            return FAILED, _answer(code, answer)
        code, answer = connection.rcpt(recipient.written if international else recipient.envelope)
        if code not in (250, 251):
            connection.rset()
            return REFUSED, _answer(code, answer)
        # SMTP wants CRLF line ends; smtplib fixes them only for str, not bytes
        code, answer = connection.data(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))
        if code != 250:
            return FAILED, _answer(code, answer)
        return SENT, _answer(code, answer)
    except smtplib.SMTPResponseException as error:
        return FAILED, _answer(error.smtp_code, error.smtp_error)
    except (UnicodeError, ValueError) as error:  # text the server or the message cannot carry: this row only
        return FAILED, f"không mã hóa được thư ({type(error).__name__})"
    finally:
        connection.command_encoding = "ascii"  # smtplib leaves it at UTF-8 after an SMTPUTF8 message


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


def _summary(sent: int, already: int, without_address: int, journal: Path) -> str:
    text = f"Đã gửi {sent} thư"
    if already:
        text += f"; {already} bản đã gửi từ lần trước, không gửi lại"
    if without_address:
        text += f"; {without_address} bản không có địa chỉ thư điện tử"
    return text + f". Nhật ký: {display_path(journal)}."


__all__ = ["JournalError", "NotAllSent", "SendError", "SendSettings", "send_copies"]
