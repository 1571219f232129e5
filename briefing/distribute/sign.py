"""Digital signatures on personal copies: PAdES with pyHanko, from a .p12 file or a PKCS#11 token.

The key is opened and its certificate checked against the policy ``verify``
applies (validity dates, a key usage for signing, RSA of 2048 bits or more or
ECDSA on a NIST curve) before any copy is written, so a wrong password, an
expired certificate or a key whose copies would not verify costs nothing.
Each copy is signed after stamping (re-saving a signed file would break its
signature); the visible signature is stamped on the cover just before
(signature_stamp.py) and the signature field placed over it.
Secrets come from the environment or a prompt, never from the command line.
"""

from __future__ import annotations

import asyncio
import functools
import getpass
import hashlib
import os
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

from ..content.formatting import vietnamese
from ..oserrors import reason
from ..problems import PlainProblem, display_path
from ..regular import MB, read_regular

VIETNAM_TIME = timezone(timedelta(hours=7))
PASSWORD_VARIABLE = "BRIEFING_SIGN_PASSWORD"
PIN_VARIABLE = "BRIEFING_SIGN_PIN"
SIGNING_KEY_USAGES = {"digital_signature", "non_repudiation"}
MIN_RSA_BITS = 2048
CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
KEY_POLICY = "cần khóa RSA từ 2048 bit hoặc ECDSA trên đường cong P-256, P-384, P-521"
FIELD_NAME = "ChuKySo"
PT_PER_MM = 72 / 25.4
BOX_HEIGHT_MM = 15
TSA_TIMEOUT_SECONDS = 20
KEY_FILE_LIMIT = 1 * MB  # a .p12 holds a key and a few certificates: some kilobytes
RESERVED_BYTES, RESERVED_BYTES_WITH_TIMESTAMP = 16384, 32768  # room for the CMS signature in the file


class SigningError(Exception):
    """The key cannot sign: every reason, as problems to print."""

    manifest: Path | None = None  # raised after some copies were made (and kept): the manifest that lists them

    def __init__(self, problems: list[PlainProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self):  # raised in a worker process, it crosses to the parent by pickling
        return (SigningError, (self.problems,))


@dataclass(frozen=True)
class KeySource:
    """Where the signing key is: a PKCS#12 file, or a key on a PKCS#11 token."""

    p12: Path | None = None
    module: Path | None = None
    token_label: str = ""
    key_label: str = ""
    secret: str = field(default="", repr=False)  # the .p12 password or the token PIN

    @property
    def where(self) -> str:
        if self.p12 is not None:
            return display_path(self.p12)
        return f"{display_path(self.module)} (token “{self.token_label}”, khóa “{self.key_label}”)"

    @property
    def on_token(self) -> bool:
        return self.module is not None


def ask_secret(variable: str, prompt: str) -> str | None:
    """A secret from the environment, else typed at a terminal (not echoed); None if neither."""
    value = os.environ.get(variable)
    if value is not None:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


@dataclass(frozen=True)
class Identity:
    """The signer as the manifest records it."""

    name: str
    fingerprint: str  # SHA-256 of the certificate, hex


@dataclass(frozen=True)
class SigningSetup:
    """Everything a worker needs to sign copies alike (picklable)."""

    key: KeySource
    issuer: str = ""  # the issuing body, for the visible signature; from the content when empty
    visible: bool = True
    tsa: str | None = None
    seal: Path | None = None  # PNG beside the visible signature


class CopySigner:
    """An open key, ready to sign many copies; ``close()`` when done."""

    def __init__(self, setup: SigningSetup):
        self.setup = setup
        self._session = None
        self.signer = self._open(setup.key)
        certificate = self.signer.signing_cert
        problems = [PlainProblem(setup.key.where, "", m) for m in certificate_problems(certificate)]
        if problems:
            self.close()
            raise SigningError(problems)
        self.identity = Identity(signer_name(certificate), hashlib.sha256(certificate.dump()).hexdigest())
        self._timestamper = None
        if setup.tsa:
            from pyhanko.sign.timestamps import HTTPTimeStamper

            self._timestamper = HTTPTimeStamper(setup.tsa, timeout=TSA_TIMEOUT_SECONDS)
            try:  # one request now, so an unreachable server is reported before any copy is made
                asyncio.run(self._timestamper.async_dummy_response("sha256"))
            except Exception as error:  # aiohttp and pyHanko raise many kinds; the message says which
                self.close()
                raise self._tsa_error(error) from None

    def _tsa_error(self, error: Exception) -> SigningError:
        message = f"không lấy được dấu thời gian từ máy chủ ({type(error).__name__}: {error})"
        return SigningError([PlainProblem(self.setup.tsa or "", "--tsa", message)])

    def _open(self, key: KeySource):
        if key.on_token:
            return self._open_token(key)
        return _open_p12(key)

    def _open_token(self, key: KeySource):
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11

        def fail(message: str) -> SigningError:
            return SigningError([PlainProblem(key.where, "", message)])

        try:
            self._session = pkcs11.open_pkcs11_session(
                str(key.module), token_criteria=TokenCriteria(label=key.token_label), user_pin=key.secret
            )
        except Exception as error:  # python-pkcs11 and pyHanko raise many kinds; the name tells which
            kind = type(error).__name__
            if kind in {"PinIncorrect", "PinLenRange", "PinInvalid"}:
                raise fail(f"mã PIN không đúng (biến môi trường {PIN_VARIABLE})") from None
            if kind == "PinLocked":
                raise fail("token đã bị khóa vì nhập sai PIN quá nhiều lần") from None
            if isinstance(error, OSError) or "load" in str(error).lower():
                raise fail("không nạp được thư viện PKCS#11 (--sign-pkcs11)") from None
            if "no token" in str(error).lower():
                raise fail(f"không tìm thấy token có nhãn “{key.token_label}”; kiểm tra token đã cắm chưa") from None
            raise fail(f"không mở được token “{key.token_label}” ({type(error).__name__})") from None
        try:
            signer = pkcs11.PKCS11Signer(self._session, key_label=key.key_label, cert_label=key.key_label)
            if signer.signing_cert.public_key.algorithm == "ec":
                # Tokens (SoftHSM among them) often offer ECDSA only on a hash computed outside
                signer = pkcs11.PKCS11Signer(
                    self._session, key_label=key.key_label, cert_label=key.key_label, use_raw_mechanism=True
                )
        except Exception:
            self.close()
            raise fail(f"không tìm thấy khóa và chứng thư số có nhãn “{key.key_label}” trên token") from None
        return signer

    def sign(self, data: bytes, reason: str, box: tuple[float, float, float, float], signed_at: datetime) -> bytes:
        """``data`` signed at ``signed_at`` (PAdES B-B, or B-T with a time-stamp server). Its field's
        rectangle is ``box`` on the first page, where the visible signature was stamped, unless invisible."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko.stamp import NoOpStampStyle

        writer = IncrementalPdfFileWriter(BytesIO(data))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
        )
        spec = fields.SigFieldSpec(FIELD_NAME, on_page=0, box=box if self.setup.visible else None)
        pdf_signer = _timed_signer_class()(
            signed_at,
            meta,
            self.signer,
            timestamper=self._timestamper,
            stamp_style=NoOpStampStyle(),  # the appearance is already on the page
            new_field_spec=spec,
        )
        out = BytesIO()
        # A fixed reservation spares pyHanko a trial signature to measure it
        reserved = RESERVED_BYTES_WITH_TIMESTAMP if self._timestamper else RESERVED_BYTES
        try:
            pdf_signer.sign_pdf(writer, output=out, bytes_reserved=reserved)
        except Exception as error:
            if self._timestamper is None:
                raise
            raise self._tsa_error(error) from None  # the key was fine when opened: the time-stamp server failed
        return out.getvalue()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def _open_p12(key: KeySource):
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def fail(message: str) -> SigningError:
        return SigningError([PlainProblem(key.where, "", message)])

    try:
        data = read_regular(key.p12, KEY_FILE_LIMIT)
    except OSError as error:
        raise fail(f"không đọc được tệp khóa ({reason(error)})") from None
    try:
        private_key, certificate, others = pkcs12.load_key_and_certificates(data, key.secret.encode() or None)
    except ValueError:
        # cryptography says the same for a wrong password and a damaged file; tell which it probably is
        try:  # a file without a password, given one anyway
            private_key, certificate, others = pkcs12.load_key_and_certificates(data, None)
        except ValueError:
            if _looks_like_pkcs12(data):
                raise fail(f"sai mật khẩu của tệp khóa (biến môi trường {PASSWORD_VARIABLE})") from None
            raise fail("tệp không phải khóa ký PKCS#12 (.p12/.pfx) hợp lệ") from None
    if private_key is None or certificate is None:
        raise fail("tệp .p12 phải chứa cả khóa bí mật lẫn chứng thư số của người ký")
    der_key = private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    chain = [x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in others]
    return signers.SimpleSigner(
        signing_cert=x509.Certificate.load(certificate.public_bytes(Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


def _looks_like_pkcs12(data: bytes) -> bool:
    """A DER SEQUENCE starting with PKCS#12's version 3: a real .p12, so the password was wrong."""
    from asn1crypto import pkcs12

    try:
        return pkcs12.Pfx.load(data)["version"].native == "v3"
    except (ValueError, TypeError, KeyError):
        return False


def certificate_problems(certificate, now: datetime | None = None) -> list[str]:
    """Why this certificate (asn1crypto) must not sign today, in Vietnamese; empty if it may.

    The same policy ``verify`` applies: a copy signed with a key it would reject is never made.
    """
    problems = [validity_problem(certificate, now), usage_problem(certificate), key_problem(certificate)]
    return [problem for problem in problems if problem]


def validity_problem(certificate, now: datetime | None = None) -> str | None:
    now = now or datetime.now(UTC)
    validity = certificate["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if now > not_after:
        return f"chứng thư số đã hết hạn ngày {vietnam_day(not_after)}"
    if now < not_before:
        return f"chứng thư số chỉ có hiệu lực từ ngày {vietnam_day(not_before)}"
    return None


def usage_problem(certificate) -> str | None:
    usages = certificate.key_usage_value
    if usages is None:
        return "chứng thư số không ghi mục đích sử dụng (thiếu keyUsage); cần mục đích Chữ ký số hoặc Chống chối bỏ"
    if not (set(usages.native) & SIGNING_KEY_USAGES):
        return "chứng thư số không được cấp để ký (thiếu mục đích Chữ ký số / Chống chối bỏ)"
    return None


def key_problem(certificate) -> str | None:
    """A key too weak, or of a kind whose signatures ``verify`` does not accept."""
    key = certificate.public_key
    algorithm = key.algorithm
    if algorithm == "rsa":
        if key.bit_size < MIN_RSA_BITS:
            return f"khóa RSA {key.bit_size} bit quá yếu; {KEY_POLICY}"
        return None
    if algorithm == "ec":
        kind, curve = key.curve
        if kind == "named" and curve in CURVES:
            return None
        shown = curve if kind == "named" else "tự định nghĩa"
        return f"khóa ECDSA trên đường cong {shown} không được chấp nhận; {KEY_POLICY}"
    if algorithm in ("ed25519", "ed448"):
        return f"khóa {algorithm.capitalize()} (EdDSA) chưa được hỗ trợ để ký bản sao PDF; {KEY_POLICY}"
    if algorithm == "dsa":
        return f"khóa DSA không còn được chấp nhận để ký; {KEY_POLICY}"
    return f"loại khóa {algorithm} không được hỗ trợ; {KEY_POLICY}"


def key_description(certificate) -> str:
    """“RSA 2048 bit”, “ECDSA P-256”: what kind of key signed."""
    key = certificate.public_key
    if key.algorithm == "rsa":
        return f"RSA {key.bit_size} bit"
    if key.algorithm == "ec":
        kind, curve = key.curve
        return f"ECDSA {CURVES.get(curve, curve) if kind == 'named' else '(đường cong tự định nghĩa)'}"
    return key.algorithm.upper()


def signer_name(certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


def vietnam_now() -> datetime:
    return datetime.now(VIETNAM_TIME).replace(microsecond=0)


def vietnam_moment(moment: datetime) -> str:
    """When something was signed or time-stamped, for people: ``19:37:05 ngày 30/11/2026``, Vietnam time."""
    return vietnamese().moment(moment, VIETNAM_TIME)


def vietnam_day(moment: datetime) -> str:
    """The day of ``moment`` in Vietnam: ``30/11/2026``."""
    return vietnamese().day(moment, VIETNAM_TIME)


@functools.cache
def _timed_signer_class():
    from pyhanko.sign import signers

    class TimedPdfSigner(signers.PdfSigner):
        """A PdfSigner whose signing time is the one we chose (and print on the cover)."""

        def __init__(self, signed_at: datetime, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.signed_at = signed_at

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = self.signed_at
            return session

    return TimedPdfSigner
