"""Numbered personal copies: lay the booklet out once, stamp each copy.

Every copy gets “Bản số 07/40” and “Kính gửi: …” in the cover slots the layout
reserved, and its copy number in every page's footer. Copies are stamped in a
process pool (both cores) into hidden temporary files; the parent renames
finished copies into place and rewrites the manifest together, in batches (at
the end, on interruption, and every quarter second in between: rewriting it
per copy would cost more than the copies themselves). An interrupted run thus
leaves only complete copies and a manifest listing exactly those.

With a signing key each copy is signed right after stamping, in the worker.
Each manifest row keeps a fingerprint of what its copy was made from (booklet,
recipient, signing key); a re-run keeps listed copies whose fingerprint and
file still match, so after a crash nothing is made or signed twice, and
nothing is skipped. A re-run with a shorter or changed list moves the copies
no longer on it into ``da-rut/`` (“đã rút”), and the manifest lists them there:
nothing unlisted is left beside the copies, and nothing signed is deleted.

The manifest (manifest.json for the tools, manifest.csv for people) is
written and read back through manifest.py, as ``send`` and ``verify`` read it.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..atomic import remove_stale_temporaries
from ..content.model import Booklet
from ..content.release import check_release, colophon_note
from ..options import BuildOptions, OptionError
from ..outputs import check_output
from ..problems import PlainProblem, Problem, display_path
from ..regular import MB, read_regular
from ..render.pipeline import job, load, make_pdf
from ..render.printjob import finish, page_count
from ..render.stamp import FontMetrics, Stamp, make_stamp_font, prepare, stamp
from ..render.stampable import unprintable
from ..render.stampslots import (
    ADDRESS_SIZE,
    COPY_SIZE,
    COPY_SLOT,
    FOOTER_BASELINE_MM,
    FOOTER_SIZE,
    NAME_SIZE,
    RECIPIENT_SLOT,
)
from ..render.words import NBSP, glue, word_spaces
from ..variants import Job
from .manifest import (
    COPY_NAME,
    FINAL,
    MANIFEST_CSV,
    MANIFEST_JSON,
    PROOF,
    WITHDRAWN_FOLDER,
    CopyRecord,
    Manifest,
    NotAManifest,
    Withdrawn,
    is_our_output,
    read_manifest,
    write_manifest,
)
from .recipients import Recipient, read_recipients
from .sign import BOX_HEIGHT_MM, CopySigner, Identity, SigningError, SigningSetup, vietnam_moment, vietnam_now
from .signature_stamp import add_seal, read_seal, signature_stamps, signature_texts

MANIFEST_FLUSH_SECONDS = 0.25
MAX_JOBS = 64
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
COPY_FILE_LIMIT = 200 * MB
SIGNED_PRINT_VARIANT = (
    "ký số dành cho bản phát hành điện tử, không dùng cùng --press, --print-marks hay --imposition: "
    "in từ bản không ký, phát hành điện tử bản đã ký"
)
SEAL_FILE = "seal.png"  # in the content folder: the issuing body's seal, beside the visible signature
RECIPIENT_LABEL = "Kính gửi:"
ARCHIVE_LABEL = "Lưu:"
SIGNATURE_WIDTH_MM, SIGNATURE_GAP_MM = 85, 2

PT_PER_PX = 0.75  # WeasyPrint lays out in CSS pixels
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin bottom-left."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to make any copy; sent to each worker once."""

    prepared: bytes  # the booklet with the stamp font in place
    metrics: FontMetrics
    pages: int
    page_width: float
    copy_slot: Box
    recipient_slot: Box
    total: int
    output_dir: Path
    variants: tuple[str, ...]  # their steps (imposition, press marks) run on each stamped copy
    job: Job  # what those steps print outside the pages
    owner: int  # the process id of the run, in temporary names: see atomic.remove_stale_temporaries
    input_seed: bytes = b""  # hash of the booklet and signing set-up, shared by every copy
    signing: SigningSetup | None = None
    signer: str = ""  # the name on the signing certificate
    words: dict[str, str] = field(default_factory=dict)  # cover text → its words' syllables joined by no-break spaces

    def input_sha256(self, recipient: Recipient) -> str:
        facts = [recipient.number, recipient.name, recipient.address, recipient.archive, self.total]
        return hashlib.sha256(self.input_seed + json.dumps(facts, ensure_ascii=False).encode()).hexdigest()

    def signature_box(self) -> tuple[float, float, float, float]:
        """Centred just above the addressee's slot, where the cover has room."""
        slot = self.recipient_slot
        width, height = SIGNATURE_WIDTH_MM * PT_PER_MM, BOX_HEIGHT_MM * PT_PER_MM
        bottom = slot.top + SIGNATURE_GAP_MM * PT_PER_MM
        return (round(slot.centre - width / 2), round(bottom), round(slot.centre + width / 2), round(bottom + height))

    def stamps(self, recipient: Recipient, signed_at: str = "") -> dict[int, list[Stamp]]:
        label = recipient.copy_label(self.total)
        slot = self.copy_slot
        cover = [Stamp(label, slot.centre, slot.bottom + 0.3 * (slot.top - slot.bottom), COPY_SIZE, gray=0.1)]
        y = self.recipient_slot.top - NAME_SIZE * 1.5
        width = self.recipient_slot.right - self.recipient_slot.left
        for line in self.metrics.wrap(self.words[addressee(recipient)], NAME_SIZE, width):
            cover.append(Stamp(line, self.recipient_slot.centre, y, NAME_SIZE, gray=0.1))
            y -= NAME_SIZE * 1.3
        for line in self.metrics.wrap(self.words.get(recipient.address, ""), ADDRESS_SIZE, width):
            cover.append(Stamp(line, self.recipient_slot.centre, y, ADDRESS_SIZE, gray=0.35))
            y -= ADDRESS_SIZE * 1.3
        if self.signing and self.signing.visible:
            seal = self.signing.seal is not None
            issuer = self.signing.issuer
            cover += signature_stamps(self.metrics, self.signature_box(), self.signer, issuer, signed_at, seal)
        # The cover has its number under the marking: the footer's is on every other page.
        footer = [Stamp(label, self.page_width / 2, FOOTER_BASELINE_MM * PT_PER_MM, FOOTER_SIZE, gray=0.45)]
        return {0: cover, **{i: footer for i in range(1, self.pages)}}

    def temporary(self, recipient: Recipient) -> Path:
        return temporary_copy(self.output_dir, recipient.filename(self.total), self.owner)


def addressee(recipient: Recipient) -> str:
    """“Kính gửi: Huyện ủy Văn Quan”, or “Lưu: …” on a copy the office keeps."""
    return f"{ARCHIVE_LABEL if recipient.archive else RECIPIENT_LABEL} {recipient.name}"


def temporary_copy(output_dir: Path, file: str, owner: int) -> Path:
    return output_dir / f".{file}.{owner}.tmp"


def check_copies_options(
    options: BuildOptions, recipients_file: Path, output_dir: Path, jobs: int | None, signed: bool = False
) -> None:
    """Usage errors, found before anything is read or written (``OptionError``); ``signed``: copies to sign."""
    if jobs is not None and not 1 <= jobs <= MAX_JOBS:
        raise OptionError(f"--jobs phải là số nguyên từ 1 đến {MAX_JOBS} (đang ghi {jobs})")
    if output_dir.exists() and not output_dir.is_dir():
        raise OptionError(f"--output-dir {output_dir}: là một tệp, không phải thư mục; hãy chọn một thư mục")
    check_output("--output-dir", output_dir, options, inputs=[("--recipients", recipients_file)], folder=True)
    if recipients_file.resolve().is_relative_to(output_dir.resolve()) and is_our_output(recipients_file.name):
        raise OptionError(f"--output-dir {output_dir}: sẽ ghi đè danh sách nơi nhận; hãy chọn thư mục khác")
    if signed and options.variants:  # every variant copies offers makes a printer's file, and that is not signed
        raise OptionError(SIGNED_PRINT_VARIANT)


def make_copies(
    options: BuildOptions,
    recipients_file: Path,
    output_dir: Path,
    jobs: int | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
    signing: SigningSetup | None = None,
    warn: Callable[[Problem], None] = lambda problem: None,
    note: Callable[[str], None] = lambda line: None,
) -> list[CopyRecord]:
    """Make one stamped (and, with ``signing``, signed) PDF per recipient in ``output_dir``, with its manifest.

    Bad recipients, bad content and a key that cannot sign are reported
    (``ContentError``, ``SigningError``) before anything is written, as is
    signing a printer's file (``OptionError``: print variants are not signed).
    Copies no longer on the list are moved into ``da-rut/`` (``note`` tells which).
    """
    check_copies_options(options, recipients_file, output_dir, jobs, signed=signing is not None)
    recipients, warnings = read_recipients(recipients_file)
    for warning in warnings:
        warn(warning)
    identity = _check_key(signing) if signing else None
    booklet = load(options)
    check_release(booklet, options.variants, copies=True)  # copies leave the office: a draft never does
    if (incomplete := colophon_note(booklet)) is not None:
        note(incomplete)
    release = PROOF if "proof" in options.variants else FINAL
    if signing and not signing.issuer:
        signing = replace(signing, issuer=booklet.meta.issuer)
    if signing and signing.seal is None and (options.content / SEAL_FILE).exists():
        signing = replace(signing, seal=options.content / SEAL_FILE)
    seal = read_seal(signing.seal, options.content) if signing and signing.seal else b""
    plan = _plan(booklet, options, recipients, output_dir, signing, identity, seal)
    if signing and signing.key.on_token:
        jobs = 1  # a token signs one copy at a time, and its session must not cross a fork
    output_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(output_dir, is_our_output)  # left by a killed run
    previous = _previous_manifest(output_dir)
    kept = _reusable(output_dir, previous, plan, recipients)  # finished by an earlier run from the same inputs
    records: list[CopyRecord] = list(kept.values())  # renamed into place and listed in the manifest
    finished: list[CopyRecord] = []  # complete, still under their temporary names
    withdrawn, leaving = _withdrawals(output_dir, previous, {r.filename(len(recipients)) for r in recipients})

    def publish() -> None:
        """List the finished copies in the manifest, then rename them into place.

        The manifest first: if it cannot be written (disk full), the finished
        copies are dropped and the folder stays as the last manifest says. A
        rename needs no space, so the copies it lists do get their names, and
        the copies it lists as withdrawn go aside.
        """
        if not finished and not leaving and not _differs(previous, records, release):
            return  # the manifest of the previous run is still the truth of the folder
        listed = sorted([*records, *finished], key=lambda r: r.copy)
        try:
            manifest = Manifest(
                booklet.meta.title, booklet.meta.issuer, len(recipients), tuple(listed), tuple(withdrawn),
                release=release,
            )
            write_manifest(output_dir, manifest)
        except BaseException:
            for record in finished:
                temporary_copy(output_dir, record.file, plan.owner).unlink(missing_ok=True)
            finished.clear()
            raise
        for record in finished:
            with contextlib.suppress(FileNotFoundError):  # renamed already, before an interruption
                os.replace(temporary_copy(output_dir, record.file, plan.owner), output_dir / record.file)
        if leaving:
            (output_dir / WITHDRAWN_FOLDER).mkdir(exist_ok=True)
            for item in leaving:
                os.replace(output_dir / item.was, output_dir / item.file)
            names = ", ".join(item.was for item in leaving)
            where = display_path(output_dir / WITHDRAWN_FOLDER)
            moved = f"Đã chuyển {len(leaving)} bản sao không còn trong danh sách vào {where}/"
            note(f"{moved} (manifest có ghi): {names}")
            leaving.clear()
        records[:] = listed
        finished.clear()

    last_publish = time.monotonic()
    try:
        to_make = [r for r in recipients if r.number not in kept]
        progress(len(records), len(recipients))
        for record in _stamp_all(plan, to_make, jobs):
            finished.append(record)
            if time.monotonic() - last_publish > MANIFEST_FLUSH_SECONDS:
                publish()
                last_publish = time.monotonic()
            progress(len(records) + len(finished), len(recipients))
    except SigningError as error:  # e.g. the time-stamp server failed midway: the copies made are kept
        error.manifest = output_dir / MANIFEST_CSV
        raise
    finally:
        try:
            publish()
        finally:
            for recipient in recipients:  # workers stopped mid-copy leave their temporaries
                plan.temporary(recipient).unlink(missing_ok=True)
    return records


def _differs(previous: Manifest | None, records: list[CopyRecord], release: str) -> bool:
    """Does the folder's manifest say other than this run read? An address or code fixed in the list is
    the manifest's at once, even when no copy needs making again: ``send`` mails to what it says."""
    if previous is None:
        return bool(records)
    return tuple(sorted(records, key=lambda r: r.copy)) != previous.copies or previous.release != release


def _previous_manifest(output_dir: Path) -> Manifest | None:
    """The manifest an earlier run left, if there is one to read: otherwise nothing is reused."""
    try:
        return read_manifest(output_dir / MANIFEST_JSON, follow_links=False)
    except (OSError, NotAManifest):
        return None


def _withdrawals(
    output_dir: Path, previous: Manifest | None, wanted: set[str]
) -> tuple[list[Withdrawn], list[Withdrawn]]:
    """Every copy withdrawn so far (from the manifest), and those to move aside now: numbered
    copies in the folder that this list no longer makes."""
    listed = {record.file: record for record in previous.copies} if previous else {}
    withdrawn = list(previous.withdrawn) if previous else []
    taken = {item.file for item in withdrawn}
    leaving = []
    for entry in sorted(os.scandir(output_dir), key=lambda e: e.name):
        if not COPY_NAME.fullmatch(entry.name) or entry.name in wanted or not entry.is_file(follow_symlinks=False):
            continue
        target = f"{WITHDRAWN_FOLDER}/{entry.name}"
        number = 1
        while target in taken or (output_dir / target).exists():
            number += 1
            target = f"{WITHDRAWN_FOLDER}/{entry.name.removesuffix('.pdf')}.{number}.pdf"
        taken.add(target)
        record = listed.get(entry.name)
        with open(entry.path, "rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        when = vietnam_now().isoformat()
        copy, recipient = (record.copy, record.recipient) if record else (None, "")
        leaving.append(Withdrawn(target, entry.name, digest, when, copy, recipient))
    return withdrawn + leaving, leaving


def _check_key(signing: SigningSetup) -> Identity:
    """Open the key once before any copy is made: a wrong password or expired certificate stops here."""
    signer = CopySigner(signing)
    signer.close()
    lacking = unprintable(signer.identity.name)
    if signing.visible and lacking:  # the name is drawn on the cover in the stamp font
        what = ", ".join(f"“{char}” (U+{ord(char):04X})" for char in lacking)
        message = (
            f"tên người ký trong chứng thư có ký tự không in được lên bìa: {what}; "
            "chứng thư có thể được tạo sai bảng mã (cần UTF-8), hoặc ký ẩn với --sign-visible no"
        )
        raise SigningError([PlainProblem(signing.key.where, "", message)])
    return signer.identity


def _reusable(
    output_dir: Path, previous: Manifest | None, plan: Plan, recipients: list[Recipient]
) -> dict[int, CopyRecord]:
    """Copies a previous run finished from the same inputs, whose files are intact."""
    listed = {record.copy: record for record in previous.copies} if previous else {}
    kept = {}
    for recipient in recipients:
        record = listed.get(recipient.number)
        if record is None or not record.input_sha256 or record.input_sha256 != plan.input_sha256(recipient):
            continue
        if record.file != recipient.filename(plan.total):  # a manifest edited to point elsewhere
            continue
        try:
            data = read_regular(output_dir / record.file, COPY_FILE_LIMIT, follow_links=False)
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == record.sha256:
            kept[recipient.number] = replace(record, email=recipient.email, code=recipient.code)
    return kept


def _plan(
    booklet: Booklet,
    options: BuildOptions,
    recipients: list[Recipient],
    output_dir: Path,
    signing: SigningSetup | None = None,
    identity: Identity | None = None,
    seal: bytes = b"",
) -> Plan:
    pdf, _ = make_pdf(booklet, options, stamp_slots=True)
    total = len(recipients)
    texts = [RECIPIENT_LABEL, ARCHIVE_LABEL, *(r.name for r in recipients), *(r.address for r in recipients)]
    texts += [r.copy_label(total) for r in recipients]
    if signing and signing.visible:
        texts += signature_texts(identity.name, signing.issuer)
    font = make_stamp_font(texts)
    cover = pdf.document.pages[0]
    height = cover.height * PT_PER_PX

    def slot(anchor: str) -> Box:
        left, top, right, bottom = cover.anchors[anchor]
        return Box(left * PT_PER_PX, height - bottom * PT_PER_PX, right * PT_PER_PX, height - top * PT_PER_PX)

    cover_texts = [text for r in recipients for text in (addressee(r), r.address) if text]
    spaces = word_spaces(cover_texts)  # the addressee breaks between words only
    words = {text: glue(text, spaces[text], NBSP) for text in cover_texts}
    prepared = prepare(pdf.data, font)
    if signing and signing.visible and seal:
        prepared = add_seal(prepared, seal)
    seed = hashlib.sha256(prepared)
    if signing:
        setup = [identity.fingerprint, signing.visible, signing.tsa or "", hashlib.sha256(seal).hexdigest()]
        seed.update(json.dumps(setup).encode())
    return Plan(
        prepared=prepared,
        metrics=font.metrics,
        pages=pdf.pages,
        page_width=cover.width * PT_PER_PX,
        copy_slot=slot(COPY_SLOT),
        recipient_slot=slot(RECIPIENT_SLOT),
        total=total,
        output_dir=output_dir,
        variants=options.variants,
        job=job(booklet, options),
        owner=os.getpid(),
        input_seed=seed.digest(),
        signing=signing,
        signer=identity.name if identity else "",
        words=words,
    )


def _stamp_all(plan: Plan, recipients: list[Recipient], jobs: int | None) -> Iterator[CopyRecord]:
    jobs = jobs or os.cpu_count() or 1
    if not recipients:
        return
    if jobs == 1 or len(recipients) == 1:
        _start_worker(plan, ignore_interrupts=False)
        try:
            yield from map(_make_copy, recipients)
        finally:
            _stop_worker()
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(plan, True, os.getpid()))
    try:
        # Small chunks keep memory flat and the progress bar moving.
        yield from pool.imap_unordered(_make_copy, recipients, chunksize=4)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


_worker_plan: Plan | None = None
_worker_signer: CopySigner | None = None
_worker_failure: SigningError | None = None


def _start_worker(plan: Plan, ignore_interrupts: bool = True, parent: int | None = None) -> None:
    global _worker_plan, _worker_signer, _worker_failure
    _worker_plan = plan
    _worker_signer, _worker_failure = None, None
    if plan.signing is not None:
        try:
            _worker_signer = CopySigner(plan.signing)
        except SigningError as error:  # kept for the first copy to raise: a failing initializer is restarted forever
            _worker_failure = error
    if ignore_interrupts:  # Ctrl-C is the parent's to handle: it stops the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        _die_with(parent)


def _die_with(parent: int) -> None:
    """End this worker quietly when the parent dies (killed), instead of printing BrokenPipeError tracebacks."""
    try:  # Linux: the kernel kills us when the parent goes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before we asked
        os._exit(0)
    # Whatever breaks in the pool's own loop once the parent is gone is nobody's to read.
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115  (lives as long as the worker)


def _stop_worker() -> None:
    global _worker_signer
    if _worker_signer is not None:
        _worker_signer.close()
        _worker_signer = None


def _make_copy(recipient: Recipient) -> CopyRecord:
    plan = _worker_plan
    assert plan is not None, "worker not started"
    if _worker_failure is not None:
        raise _worker_failure
    signature = {}
    if _worker_signer is None:
        data = finish(stamp(plan.prepared, plan.metrics, plan.stamps(recipient)), plan.variants, plan.job)
    else:  # the time is chosen first: it is stamped on the cover, then signed as the signing time
        signed_at = vietnam_now()
        data = stamp(plan.prepared, plan.metrics, plan.stamps(recipient, vietnam_moment(signed_at)))
        reason = f"Phát hành {recipient.copy_label(plan.total).lower()}"
        data = _worker_signer.sign(data, reason, plan.signature_box(), signed_at)
        identity = _worker_signer.identity
        signature = {
            "signer": identity.name,
            "certificate_sha256": identity.fingerprint,
            "signed_at": signed_at.isoformat(),
        }
    temporary = plan.temporary(recipient)
    try:
        temporary.write_bytes(data)
    except BaseException:  # disk full: no partial copy left behind
        temporary.unlink(missing_ok=True)
        raise
    return CopyRecord(
        copy=recipient.number,
        recipient=recipient.name,
        address=recipient.address,
        code=recipient.code,
        file=recipient.filename(plan.total),
        pages=page_count(data) if plan.variants else plan.pages,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        email=recipient.email,
        archive=recipient.archive,
        input_sha256=plan.input_sha256(recipient),
        **signature,
    )
