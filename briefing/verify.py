"""Check a signed copy: whose it is, who signed it, and whether it is still what was sent.

Copy number and addressee are read back from the stamped text on the cover
(the stamp font's own glyph map turns the drawn glyphs back into text); the
signature is validated with pyHanko, offline, against the trust anchors given.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from .problems import ContentError, Problem, display_path
from .sign import SIGNING_KEY_USAGES, VIETNAM_TIME, signer_name

YES, NO = "có", "không"


@dataclass
class Verdict:
    """What ``verify`` found about one file."""

    file: str
    copy_label: str = ""
    recipient: str = ""
    signed: bool = False
    signer: str = ""
    signed_at: str = ""
    timestamp: str = ""  # from a time-stamp authority (PAdES B-T), when there is one
    timestamp_trusted: bool | None = None
    intact: bool = False
    trusted: bool | None = None  # None: no trust anchors given
    appended: bool = False
    in_manifest: bool | None = None  # None: no manifest given
    unreadable: str = ""

    @property
    def valid(self) -> bool:
        return (
            not self.unreadable
            and self.signed
            and self.intact
            and not self.appended
            and self.trusted is not False
            and self.timestamp_trusted is not False
            and self.in_manifest is not False
        )

    def report(self, trust_name: str, manifest_name: str) -> list[str]:
        lines = [f"{self.file}: {'HỢP LỆ' if self.valid else 'KHÔNG HỢP LỆ'}"]
        if self.unreadable:
            return [*lines, f"  {self.unreadable}"]
        if self.copy_label or self.recipient:
            lines.append(f"  {' — '.join(t for t in (self.copy_label, self.recipient) if t)}")
        if not self.signed:
            lines.append("  Chữ ký số: không có")
        else:
            lines += [
                f"  Người ký: {self.signer}",
                f"  Thời gian ký: {self.signed_at}",
                *self._timestamp_lines(),
                f"  Nguyên vẹn: {YES if self.intact else NO + ' (nội dung đã bị sửa sau khi ký)'}",
            ]
            if self.trusted is None:
                lines.append("  Tin cậy: chưa kiểm tra (thêm --trust CA.pem)")
            else:
                verdict = YES if self.trusted else NO + " (chứng thư số không do nơi cấp tin cậy cấp)"
                lines.append(f"  Tin cậy: {verdict}, theo {trust_name}")
            lines.append(f"  Có phần thêm vào sau chữ ký: {YES if self.appended else NO}")
        if self.in_manifest is not None:
            found = "khớp" if self.in_manifest else "không có trong"
            lines.append(f"  SHA-256: {found} {manifest_name}")
        return lines

    def _timestamp_lines(self) -> list[str]:
        if not self.timestamp:
            return []
        trust = {True: "tin cậy", False: "KHÔNG tin cậy", None: "chưa kiểm tra"}[self.timestamp_trusted]
        return [f"  Dấu thời gian: {self.timestamp} ({trust})"]


def load_trust(path: Path) -> list:
    """Trust anchors from a PEM or DER file (one or more certificates); ContentError if unusable."""
    from asn1crypto import pem, x509

    name = display_path(path)
    try:
        data = path.read_bytes()
        blocks = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        anchors = [x509.Certificate.load(der) for der in blocks]
        for anchor in anchors:
            anchor.native  # noqa: B018 -- parses it all now, so a damaged file is reported here
    except OSError as error:
        raise ContentError([Problem(name, 1, 1, "--trust", f"không đọc được tệp ({error.strerror})")]) from None
    except (ValueError, TypeError):
        raise ContentError([Problem(name, 1, 1, "--trust", "không phải chứng thư số dạng PEM hoặc DER")]) from None
    if not anchors:
        raise ContentError([Problem(name, 1, 1, "--trust", "tệp không chứa chứng thư số nào")])
    return anchors


def load_manifest_hashes(path: Path) -> set[str]:
    name = display_path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return {row["sha256"] for row in document["copies"]}
    except OSError as error:
        raise ContentError([Problem(name, 1, 1, "--manifest", f"không đọc được tệp ({error.strerror})")]) from None
    except (ValueError, KeyError, TypeError):
        message = "không phải manifest.json do lệnh copies tạo ra"
        raise ContentError([Problem(name, 1, 1, "--manifest", message)]) from None


def verify_file(path: Path, anchors: list | None, manifest: set[str] | None) -> Verdict:
    verdict = Verdict(display_path(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        verdict.unreadable = f"không đọc được tệp ({error.strerror})"
        return verdict
    if manifest is not None:
        verdict.in_manifest = hashlib.sha256(data).hexdigest() in manifest
    with contextlib.suppress(Exception):  # a damaged file: the signature check below says what matters
        verdict.copy_label, verdict.recipient = stamped_cover(data)
    try:
        _check_signature(data, anchors, verdict)
    except Exception:  # pyHanko cannot even parse it: certainly not intact
        verdict.unreadable = "không đọc được tệp PDF (tệp hỏng hoặc đã bị sửa)"
    return verdict


def _check_signature(data: bytes, anchors: list | None, verdict: Verdict) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(BytesIO(data), strict=False)
    signatures = reader.embedded_regular_signatures
    if not signatures:
        return
    verdict.signed = True
    context = ValidationContext(trust_roots=anchors or [], allow_fetching=False, revocation_mode="soft-fail")
    usage = KeyUsageConstraints(key_usage=SIGNING_KEY_USAGES, match_all_key_usages=False)
    for name in ("pyhanko", "pyhanko_certvalidator"):  # they log each untrusted chain, with a traceback
        logging.getLogger(name).setLevel(logging.CRITICAL)  # the report says it once, in words
    status = validate_pdf_signature(signatures[0], context, key_usage_settings=usage)
    verdict.signer = signer_name(status.signing_cert)
    if status.signer_reported_dt is not None:
        verdict.signed_at = status.signer_reported_dt.astimezone(VIETNAM_TIME).isoformat()
    if status.timestamp_validity is not None:
        verdict.timestamp = status.timestamp_validity.timestamp.astimezone(VIETNAM_TIME).isoformat()
        verdict.timestamp_trusted = status.timestamp_validity.trusted if anchors else None
    verdict.intact = status.intact and status.valid
    verdict.trusted = status.trusted if anchors else None
    verdict.appended = len(signatures) > 1 or status.coverage != SignatureCoverageLevel.ENTIRE_FILE


STAMP_FONT = "/FStamp"


def stamped_cover(data: bytes) -> tuple[str, str]:
    """The copy label and the “Kính gửi: …” (or “Lưu: …”) line stamped on the cover."""
    import pikepdf

    from .stamp import _to_unicode

    pdf = pikepdf.open(BytesIO(data))
    page = pdf.pages[0]
    font = page.Resources.Font[STAMP_FONT]
    glyphs = _to_unicode(font.ToUnicode.read_bytes())
    lines: list[tuple[float, str]] = []
    current, size = None, 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        if operator == pikepdf.Operator("Tf"):
            current, size = str(operands[0]), float(operands[1])
        elif operator == pikepdf.Operator("Tj") and current == STAMP_FONT:
            raw = bytes(operands[0])
            text = "".join(glyphs.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw), 2))
            lines.append((size, text))
    label = next((text for _, text in lines if re.match(r"Bản số \d+/\d+$", text)), "")
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
