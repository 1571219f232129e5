"""Check a signed copy: whose it is, who signed it, and whether it can be trusted. Fail closed.

A file passes (exit 0) only when it is signed, intact over every byte the
signature leaves out as well as the ones it covers, nothing was added after
it, the signer's key and certificate meet the policy copies are signed under,
and the certificate chains to a trust anchor the committee was given
(``--trust``, repeatable, or a PEM bundle in ``BRIEFING_TRUST``). A file that
is intact but whose signer cannot be traced to an anchor is “chưa xác minh
được nơi cấp” (exit 3): a certificate anyone can make, with a real official's
name, must not read as valid. Anything else is invalid (exit 1). The worst
code over all files wins. Each reason is one line of the report.

The copy number and addressee are read back from the stamped text on the
cover. Every file is read in a child process under limits (``untrusted.py``),
strictly, with stream sizes bounded (``bounded.py``): a file built to exhaust
the parser costs seconds and a message, not the machine.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from ..oserrors import reason
from ..problems import ContentError, Problem, display_path
from ..regular import MB, read_regular
from ..untrusted import LimitExceeded, Limits, run_limited
from .manifest import NotAManifest, parse_copy_label, read_manifest
from .sign import key_description, key_problem, signer_name, usage_problem, vietnam_day, vietnam_moment

TRUST_VARIABLE = "BRIEFING_TRUST"
FILE_LIMIT = 100 * MB  # a signed copy is some hundreds of kilobytes; a printed edition tens of megabytes
LIST_LIMIT = 20 * MB  # trust bundles, CRLs
STAMP_LIMIT = 4 * MB  # the cover's stamp font map and each of its content streams, decompressed
LIMITS = Limits(memory=1024 * MB, cpu_seconds=20, wall_seconds=60)
OK, INVALID, UNVERIFIED = 0, 1, 3
_RANK = {OK: 0, UNVERIFIED: 1, INVALID: 2}
STATUS = {OK: "HỢP LỆ", INVALID: "KHÔNG HỢP LỆ", UNVERIFIED: "CHƯA XÁC MINH ĐƯỢC NƠI CẤP"}
YES, NO = "có", "không"
NO_ANCHORS = f"chưa có chứng thư tin cậy nào: thêm --trust CA.pem hoặc đặt {TRUST_VARIABLE}"


def worst(codes) -> int:
    """The exit code of several verdicts: invalid beats unverified beats valid."""
    return max(codes, key=_RANK.__getitem__, default=OK)


@dataclass(frozen=True)
class Trust:
    """The trust anchors and revocation lists a committee gave, each with the file it came from."""

    anchors: tuple = ()  # (asn1crypto Certificate, source name)
    crls: tuple = ()  # asn1crypto CertificateList
    crl_names: tuple[str, ...] = ()

    @property
    def names(self) -> str:
        return ", ".join(dict.fromkeys(name for _, name in self.anchors))


@dataclass
class Line:
    label: str
    text: str
    code: int = OK


@dataclass
class Verdict:
    """What ``verify`` found about one file: lines, each with the exit code it calls for."""

    file: str
    copy_label: str = ""
    recipient: str = ""
    signed: bool = False
    signer: str = ""
    certificate_sha256: str = ""
    lines: list[Line] = field(default_factory=list)

    def add(self, label: str, text: str, code: int = OK) -> None:
        self.lines.append(Line(label, text, code))

    @property
    def code(self) -> int:
        return worst(line.code for line in self.lines) if self.lines else INVALID

    @property
    def valid(self) -> bool:
        return self.code == OK

    def report(self) -> list[str]:
        lines = [f"{self.file}: {STATUS[self.code]}"]
        if self.copy_label or self.recipient:
            lines.append(f"  {' — '.join(t for t in (self.copy_label, self.recipient) if t)}")
        return lines + [f"  {line.label}: {line.text}" if line.label else f"  {line.text}" for line in self.lines]


# --- what the committee gives -------------------------------------------------------------------


def load_trust(paths: list[Path], variable: str | None = None, crl_paths: list[Path] = ()) -> Trust:
    """Anchors from ``--trust`` files and the ``BRIEFING_TRUST`` bundle, CRLs from ``--crl``; ContentError if bad."""
    from asn1crypto import crl, x509

    sources = [(path, display_path(path), "--trust") for path in paths]
    if variable:
        path = Path(variable)
        sources.append((path, f"{display_path(path)} ({TRUST_VARIABLE})", TRUST_VARIABLE))
    anchors, problems = [], []
    for path, name, flag in sources:
        try:
            for der in _blocks(read_regular(path, LIST_LIMIT), "CERTIFICATE"):
                certificate = x509.Certificate.load(der)
                certificate.native  # noqa: B018 -- parses it all now, so a damaged file is reported here
                anchors.append((certificate, name))
        except OSError as error:
            problems.append(Problem(name, 1, 1, flag, f"không đọc được tệp ({reason(error)})"))
        except (ValueError, TypeError):
            problems.append(Problem(name, 1, 1, flag, "không phải chứng thư số dạng PEM hoặc DER"))
        else:
            if not any(source == name for _, source in anchors):
                problems.append(Problem(name, 1, 1, flag, "tệp không chứa chứng thư số nào"))
    lists, crl_names = [], []
    for path in crl_paths:
        name = display_path(path)
        try:
            blocks = _blocks(read_regular(path, LIST_LIMIT), "X509 CRL")
            for der in blocks:
                revocations = crl.CertificateList.load(der)
                revocations.native  # noqa: B018
                lists.append(revocations)
            if not blocks:
                raise ValueError
            crl_names.append(name)
        except OSError as error:
            problems.append(Problem(name, 1, 1, "--crl", f"không đọc được tệp ({reason(error)})"))
        except (ValueError, TypeError):
            problems.append(Problem(name, 1, 1, "--crl", "không phải danh sách thu hồi (CRL) dạng PEM hoặc DER"))
    if problems:
        raise ContentError(problems)
    return Trust(tuple(anchors), tuple(lists), tuple(crl_names))


def _blocks(data: bytes, kind: str) -> list[bytes]:
    from asn1crypto import pem

    if pem.detect(data):
        return [der for found, _, der in pem.unarmor(data, multiple=True) if found == kind]
    return [data] if data.strip() else []


@dataclass(frozen=True)
class Listed:
    """The SHA-256 of every copy a manifest lists, and how to name that manifest."""

    name: str
    hashes: frozenset[str]


def load_manifest_hashes(path: Path) -> Listed:
    """The copies ``--manifest`` lists; one that was edited into rows that are not copies' records is refused."""
    name = display_path(path)
    try:
        manifest = read_manifest(path)
    except OSError as error:
        raise ContentError([Problem(name, 1, 1, "--manifest", f"không đọc được tệp ({reason(error)})")]) from None
    except NotAManifest:
        manifest = None
    if manifest is None or manifest.unreadable_rows:
        message = "không phải manifest.json do lệnh copies tạo ra"
        raise ContentError([Problem(name, 1, 1, "--manifest", message)])
    return Listed(name, frozenset(record.sha256 for record in manifest.copies))


# --- one file -----------------------------------------------------------------------------------


def verify_file(path: Path, trust: Trust, manifest: Listed | None = None) -> Verdict:
    try:
        data = read_regular(path, FILE_LIMIT)
    except OSError as error:
        verdict = Verdict(display_path(path))
        verdict.add("", f"không đọc được tệp ({reason(error)})", INVALID)
        return verdict
    return verify_bytes(data, display_path(path), trust, manifest)


def verify_bytes(data: bytes, name: str, trust: Trust, manifest: Listed | None = None) -> Verdict:
    """The verdict on ``data``, worked out in a child process under limits."""
    prepare()
    try:
        verdict = run_limited(examine, data, name, trust, limits=LIMITS)
    except LimitExceeded as error:
        verdict = Verdict(name)
        verdict.add("", f"không đọc được tệp PDF: {error}", INVALID)
        return verdict
    if manifest is not None:
        listed = hashlib.sha256(data).hexdigest() in manifest.hashes
        found = f"khớp {manifest.name}" if listed else f"không có trong {manifest.name}"
        verdict.add("SHA-256", found, OK if listed else INVALID)
    return verdict


def prepare() -> None:
    """Import the readers once in this process, so every child starts with them loaded."""
    import pikepdf  # noqa: F401
    import pyhanko.sign.ades.report
    import pyhanko.sign.validation
    import pyhanko.sign.validation.settings
    import pyhanko.sign.validation.status  # noqa: F401
    import pyhanko_certvalidator.policy_decl  # noqa: F401
    from cryptography.hazmat.backends.openssl import backend  # noqa: F401

    from .. import bounded  # noqa: F401
    from ..render import cmap  # noqa: F401

    for name in ("pyhanko", "pyhanko_certvalidator"):  # they log each untrusted chain, with a traceback
        logging.getLogger(name).setLevel(logging.CRITICAL)  # the report says it once, in words


def examine(data: bytes, name: str, trust: Trust) -> Verdict:
    """Everything about one file; runs in the limited child."""
    verdict = Verdict(name)
    with contextlib.suppress(Exception):  # damaged or foreign: the signature check below says what matters
        verdict.copy_label, verdict.recipient = stamped_cover(data)
    try:
        _check_signature(data, trust, verdict)
    except (MemoryError, ImportError, NameError):  # out of memory, or a bug of ours: not the file's fault
        raise
    except Exception:  # pyHanko cannot parse it strictly: certainly not a copy we made, or not intact
        verdict.lines = []
        verdict.add("", "không đọc được tệp PDF (tệp hỏng hoặc đã bị sửa)", INVALID)
    return verdict


def _check_signature(data: bytes, trust: Trust, verdict: Verdict) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import NO_REVOCATION, CertRevTrustPolicy

    reader = PdfFileReader(BytesIO(data), strict=True)
    signatures = reader.embedded_regular_signatures
    if not signatures:
        verdict.add("Chữ ký số", "không có", INVALID)
        return
    verdict.signed = True
    signature = signatures[0]
    roots = [certificate for certificate, _ in trust.anchors]
    no_usage_rule = KeyUsageConstraints()  # checked below, with our own words
    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revinfo_policy=CertRevTrustPolicy(NO_REVOCATION)
    )
    status = validate_pdf_signature(signature, context, key_usage_settings=no_usage_rule)
    certificate = status.signing_cert
    verdict.signer = signer_name(certificate)
    verdict.certificate_sha256 = hashlib.sha256(certificate.dump()).hexdigest()
    verdict.add("Người ký", verdict.signer)
    if status.signer_reported_dt is not None:
        verdict.add("Thời gian ký", vietnam_moment(status.signer_reported_dt))
    _timestamp_line(status, verdict)

    der, padding = signature_contents(data, signature.byte_range)
    unchecked: list[str] = []
    if not padding:
        padding, unchecked = cms_problem(der, roots)
    if not status.intact:
        verdict.add("Nguyên vẹn", f"{NO} (nội dung đã bị sửa sau khi ký)", INVALID)
    elif not status.valid:
        verdict.add("Nguyên vẹn", f"{NO} (chữ ký số không khớp với chứng thư của người ký)", INVALID)
    elif padding:
        verdict.add("Nguyên vẹn", f"{NO} ({padding})", INVALID)
    else:
        verdict.add("Nguyên vẹn", YES)
    if unchecked:
        names = ", ".join(f"“{name}”" for name in unchecked)
        verdict.add("Chứng thư kèm theo", f"chưa kiểm tra được {names} (không có chứng thư của nơi cấp)", UNVERIFIED)

    now = datetime.now(UTC)
    validity = certificate["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if now > not_after:
        verdict.add("Chứng thư số", f"đã hết hạn ngày {vietnam_day(not_after)}", INVALID)
    elif now < not_before:
        verdict.add("Chứng thư số", f"chỉ có hiệu lực từ ngày {vietnam_day(not_before)}", INVALID)
    else:
        verdict.add("Chứng thư số", f"còn hiệu lực đến ngày {vietnam_day(not_after)}")
    usage = usage_problem(certificate)
    if usage:
        verdict.add("Mục đích chứng thư", usage.removeprefix("chứng thư số "), INVALID)
    weak = key_problem(certificate)
    verdict.add("Khóa ký", weak or key_description(certificate), INVALID if weak else OK)

    trusted_by = _trust_line(status, trust, verdict, weak_key=bool(weak), expired=now > not_after or now < not_before)
    _revocation_line(signature, trust, trusted_by, verdict)

    appended = len(signatures) > 1 or status.coverage != SignatureCoverageLevel.ENTIRE_FILE
    verdict.add("Có phần thêm vào sau chữ ký", YES if appended else NO, INVALID if appended else OK)


def _timestamp_line(status, verdict: Verdict) -> None:
    stamp = status.timestamp_validity
    if stamp is None:
        return
    when = vietnam_moment(stamp.timestamp)
    if not (stamp.intact and stamp.valid):
        verdict.add("Dấu thời gian", f"{when} (KHÔNG hợp lệ: đã bị sửa)", INVALID)
    elif not stamp.trusted:
        verdict.add("Dấu thời gian", f"{when} (chưa xác minh được nơi cấp)", UNVERIFIED)
    else:
        verdict.add("Dấu thời gian", f"{when} (tin cậy)")


def _trust_line(status, trust: Trust, verdict: Verdict, weak_key: bool, expired: bool) -> str | None:
    """The trust line; the name of the file whose anchor the chain reached, if it did."""
    from pyhanko.sign.ades.report import AdESIndeterminate

    weak_algorithm = {AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE, AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE}
    indication = status.trust_problem_indic
    anchor = _anchor_of(status.validation_path, trust)
    if anchor is not None and (status.trusted or expired or indication is None):
        verdict.add("Tin cậy", f"{YES}, theo {anchor}")
        return anchor if status.trusted else None
    if not trust.anchors:
        verdict.add("Tin cậy", f"chưa xác minh được nơi cấp ({NO_ANCHORS})", UNVERIFIED)
    elif indication in weak_algorithm:
        if weak_key:
            verdict.add("Tin cậy", "chưa xét (khóa ký không đạt yêu cầu)")  # the key's line says why
        else:
            verdict.add("Tin cậy", f"{NO} (chuỗi chứng thư dùng thuật toán không còn được chấp nhận)", INVALID)
    elif indication == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        message = f"chưa xác minh được nơi cấp (không dẫn tới chứng thư nào trong {trust.names})"
        verdict.add("Tin cậy", message, UNVERIFIED)
    else:
        verdict.add("Tin cậy", f"{NO} (chuỗi chứng thư số không hợp lệ)", INVALID)
    return None


def _anchor_of(path, trust: Trust) -> str | None:
    if path is None:
        return None
    try:
        root = path.trust_anchor.authority.certificate
    except (AttributeError, NotImplementedError):  # an anchor given without its certificate
        return None
    for certificate, name in trust.anchors:
        if certificate.dump() == root.dump():
            return name
    return None


def _revocation_line(signature, trust: Trust, trusted_by: str | None, verdict: Verdict) -> None:
    """With ``--crl``: the signer's certificate checked against the lists (a second validation, requiring one)."""
    from pyhanko.sign.ades.report import AdESIndeterminate
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule

    if not trust.crls:
        verdict.add("Thu hồi", "chưa kiểm tra (không có --crl; kiểm tra ngoại tuyến)")
        return
    names = ", ".join(trust.crl_names)
    if trusted_by is None:  # the trust line says why
        verdict.add("Thu hồi", "chưa kiểm tra (chứng thư số chưa được xác minh)")
        return
    policy = RevocationCheckingPolicy(
        RevocationCheckingRule.CRL_REQUIRED, RevocationCheckingRule.CHECK_IF_DECLARED_SOFT
    )
    context = ValidationContext(
        trust_roots=[certificate for certificate, _ in trust.anchors],
        allow_fetching=False,
        crls=list(trust.crls),
        revinfo_policy=CertRevTrustPolicy(policy),
    )
    status = validate_pdf_signature(signature, context, key_usage_settings=KeyUsageConstraints())
    indication = status.trust_problem_indic
    if indication is None and status.trusted:
        verdict.add("Thu hồi", f"không bị thu hồi, theo {names}")
    elif status.revocation_details is not None:
        when = vietnam_day(status.revocation_details.revocation_date)
        who = "nơi cấp của chứng thư" if status.revocation_details.ca_revoked else "chứng thư số"
        verdict.add("Thu hồi", f"{who} ĐÃ BỊ THU HỒI từ ngày {when}, theo {names}", INVALID)
    elif indication == AdESIndeterminate.TRY_LATER:
        verdict.add("Thu hồi", f"chưa kiểm tra được ({names} đã quá hạn cập nhật; lấy bản mới)", UNVERIFIED)
    else:
        message = f"chưa kiểm tra được ({names} không có danh sách thu hồi của nơi cấp chứng thư này)"
        verdict.add("Thu hồi", message, UNVERIFIED)


def signature_contents(data: bytes, byte_range) -> tuple[bytes, str | None]:
    """The CMS signature in the ``/Contents`` gap of ``byte_range``, and what is wrong with the gap, if anything.

    The byte range covers all but the ``/Contents`` hex string, whose room is
    reserved before signing and padded with zeros after it: bytes changed
    there change no digest, so they are checked here.
    """
    try:
        start, first, second, _ = (int(value) for value in byte_range)
    except (TypeError, ValueError):
        return b"", "vùng ký không đúng dạng"
    gap = data[start + first : second]
    if start != 0 or len(gap) < 2 or gap[:1] != b"<" or gap[-1:] != b">":
        return b"", "vùng chữ ký không đúng dạng"
    text = gap[1:-1]
    if not re.fullmatch(rb"[0-9A-Fa-f]*", text) or len(text) % 2:
        return b"", "phần chữ ký có ký tự lạ"
    raw = bytes.fromhex(text.decode("ascii"))
    length = _der_length(raw)
    if length is None or any(raw[length:]):
        return b"", "phần đệm sau chữ ký số đã bị sửa"
    return raw[:length], None


def _der_length(raw: bytes) -> int | None:
    """The length of the DER value at the start of ``raw`` (tag, length, content), or None."""
    if len(raw) < 2 or raw[0] != 0x30:
        return None
    first = raw[1]
    if first < 0x80:
        total = 2 + first
    else:
        count = first & 0x7F
        if not 1 <= count <= 4 or len(raw) < 2 + count:
            return None
        total = 2 + count + int.from_bytes(raw[2 : 2 + count], "big")
    return total if total <= len(raw) else None


CMS_CHANGED = "phần chữ ký số nằm ngoài vùng được ký đã bị sửa"
TIMESTAMP_TOKEN = "signature_time_stamp_token"


def cms_problem(der: bytes, anchors) -> tuple[str | None, list[str]]:
    """The parts of the CMS signature its own signature does not cover, checked to be as a signer writes them.

    A signature covers the signed attributes; the versions, the list of digest
    algorithms, the certificates carried along and any unsigned attribute are
    outside it. Each must be canonical DER and consistent with the rest, and
    every certificate carried must be intact: its issuer's signature over it
    checks. Returns what was changed, if anything, and the names of carried
    certificates whose issuer is not at hand (so their bytes cannot be vouched for).
    """
    from asn1crypto import cms

    try:
        info = cms.ContentInfo.load(der)
        info.native  # noqa: B018 -- parses every part: malformed DER anywhere is found here
        if info.dump(force=True) != der or info["content_type"].native != "signed_data":
            return CMS_CHANGED, []
        unchecked: list[str] = []
        return _signed_data_problem(info["content"], anchors, unchecked), unchecked
    except (ValueError, TypeError, KeyError):
        return CMS_CHANGED, []


def _signed_data_problem(signed, anchors, unchecked: list[str]) -> str | None:
    signer_infos = list(signed["signer_infos"])
    versions = set()
    for signer_info in signer_infos:
        expected = "v1" if signer_info["sid"].name == "issuer_and_serial_number" else "v3"
        if signer_info["version"].native != expected:
            return CMS_CHANGED
        versions.add(expected)
        for attribute in signer_info["unsigned_attrs"] if signer_info["unsigned_attrs"].native else []:
            if attribute["type"].native != TIMESTAMP_TOKEN:
                return CMS_CHANGED
            for token in attribute["values"]:
                problem = _signed_data_problem(token["content"], anchors, unchecked)
                if problem:
                    return problem
    econtent = signed["encap_content_info"]["content_type"].native
    expected = "v3" if "v3" in versions or econtent != "data" else "v1"
    if signed["version"].native != expected or signed["crls"].native or len(signer_infos) != 1:
        return CMS_CHANGED
    declared = sorted(algorithm.dump() for algorithm in signed["digest_algorithms"])
    used = sorted({signer_info["digest_algorithm"].dump() for signer_info in signer_infos})
    if declared != used:
        return CMS_CHANGED
    return _carried_certificates_problem(signed["certificates"], anchors, unchecked)


def _carried_certificates_problem(certificates, anchors, unchecked: list[str]) -> str | None:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.x509.oid import NameOID

    carried = []
    for choice in certificates or []:
        if choice.name != "certificate":
            return CMS_CHANGED
        carried.append(x509.load_der_x509_certificate(choice.chosen.dump()))
    known = carried + [x509.load_der_x509_certificate(anchor.dump()) for anchor in anchors]
    for certificate in carried:
        issuers = [c for c in known if c.subject == certificate.issuer]
        if not issuers:
            names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
            unchecked.append(str(names[0].value) if names else certificate.subject.rfc4514_string())
            continue
        for issuer in issuers:
            try:
                certificate.verify_directly_issued_by(issuer)
                break
            except (InvalidSignature, ValueError, TypeError):
                continue
        else:
            return CMS_CHANGED
    return None



# --- the stamped cover --------------------------------------------------------------------------

STAMP_FONT = "/FStamp"


def stamped_cover(data: bytes) -> tuple[str, str]:
    """The copy label and the “Kính gửi: …” (or “Lưu: …”) line stamped on the cover.

    The cover is the first page, or, on an imposed copy, the page drawn on the
    first sheet (a form XObject) that carries the addressee.
    """
    import pikepdf

    pdf = pikepdf.open(BytesIO(data))
    page = pdf.pages[0]
    found = ("", "")
    for resources, streams in _stamp_candidates(page):
        if STAMP_FONT not in resources.get("/Font", {}):
            continue
        label, recipient = _stamps(pdf, resources.Font[STAMP_FONT], streams)
        if recipient:
            return label, recipient
        found = found if found[0] else (label, recipient)
    return found


def _stamp_candidates(page) -> list:
    """(resources, content streams) of the page itself, then of each form it draws (an imposed sheet's pages)."""
    import pikepdf

    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    candidates = [(page.Resources, streams[-4:])]  # the stamps come last
    for _, form in list(page.Resources.get("/XObject", {}).items())[:8]:
        if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form" and "/Resources" in form:
            candidates.append((form.Resources, [form]))
    return candidates


def _stamps(pdf, font, streams) -> tuple[str, str]:
    import pikepdf

    from ..bounded import stream_bytes
    from ..render.cmap import to_unicode

    glyphs = to_unicode(stream_bytes(font.ToUnicode, STAMP_LIMIT))
    drawing = b"\n".join(stream_bytes(stream, STAMP_LIMIT) for stream in streams)
    lines: list[tuple[float, str]] = []
    current, size = None, 0.0
    for operands, operator in pikepdf.parse_content_stream(pikepdf.Stream(pdf, drawing)):
        if operator == pikepdf.Operator("Tf"):
            current, size = str(operands[0]), float(operands[1])
        elif operator == pikepdf.Operator("Tj") and current == STAMP_FONT:
            raw = bytes(operands[0])
            text = "".join(glyphs.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw), 2))
            lines.append((size, text))
    label = next((text for _, text in lines if parse_copy_label(text)), "")
    recipient = ""
    for index, (size, text) in enumerate(lines):
        if text.startswith(("Kính gửi:", "Lưu:")):
            parts = [text] + [t for s, t in _same_size_run(lines[index + 1 :], size)]
            recipient = " ".join(parts)
            break
    return label, recipient


def _same_size_run(lines: list[tuple[float, str]], size: float) -> list[tuple[float, str]]:
    """The wrapped continuation of a stamped name: following lines of the same size."""
    run = []
    for line in lines:
        if line[0] != size:
            break
        run.append(line)
    return run
