"""Numbered personal copies: lay the booklet out once, stamp each copy.

Every copy gets “Bản số 07/40” and “Kính gửi: …” in the cover slots the layout
reserved, and its copy number in every page's footer. Copies are stamped in a
process pool (both cores) into hidden temporary files; the parent renames
finished copies into place and rewrites the manifest together, in batches (at
the end, on interruption, and every quarter second in between: rewriting it
per copy would cost more than the copies themselves). An interrupted run thus
leaves only complete copies and a manifest listing exactly those.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import hashlib
import io
import json
import multiprocessing
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .atomic import atomic_write, remove_stale_temporaries
from .model import Booklet
from .options import BuildOptions, OptionError
from .outputs import check_output
from .pipeline import finish, load, page_count, render
from .recipients import Recipient, load_recipients
from .stamp import FontMetrics, Stamp, make_stamp_font, prepare, stamp
from .stampslots import ADDRESS_SIZE, COPY_SIZE, COPY_SLOT, FOOTER_BASELINE_MM, FOOTER_SIZE, NAME_SIZE, RECIPIENT_SLOT

MANIFEST_FLUSH_SECONDS = 0.25
MAX_JOBS = 64
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
RECIPIENT_LABEL = "Kính gửi:"

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
class CopyRecord:
    copy: int
    recipient: str
    address: str
    code: str
    file: str
    pages: int
    bytes: int
    sha256: str


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
    owner: int  # the process id of the run, in temporary names: see atomic.remove_stale_temporaries

    def stamps(self, recipient: Recipient) -> dict[int, list[Stamp]]:
        label = recipient.copy_label(self.total)
        slot = self.copy_slot
        cover = [Stamp(label, slot.centre, slot.bottom + 0.3 * (slot.top - slot.bottom), COPY_SIZE, gray=0.1)]
        y = self.recipient_slot.top - NAME_SIZE * 1.5
        width = self.recipient_slot.right - self.recipient_slot.left
        for line in self.metrics.wrap(f"{RECIPIENT_LABEL} {recipient.name}", NAME_SIZE, width):
            cover.append(Stamp(line, self.recipient_slot.centre, y, NAME_SIZE, gray=0.1))
            y -= NAME_SIZE * 1.3
        for line in self.metrics.wrap(recipient.address, ADDRESS_SIZE, width):
            cover.append(Stamp(line, self.recipient_slot.centre, y, ADDRESS_SIZE, gray=0.35))
            y -= ADDRESS_SIZE * 1.3
        footer = [Stamp(label, self.page_width / 2, FOOTER_BASELINE_MM * PT_PER_MM, FOOTER_SIZE, gray=0.45)]
        return {0: cover + footer, **{i: footer for i in range(1, self.pages)}}

    def temporary(self, recipient: Recipient) -> Path:
        return temporary_copy(self.output_dir, recipient.filename(self.total), self.owner)


def temporary_copy(output_dir: Path, file: str, owner: int) -> Path:
    return output_dir / f".{file}.{owner}.tmp"


def is_our_output(name: str) -> bool:
    """A name ``copies`` writes into its folder: a numbered copy or a manifest."""
    return name in (MANIFEST_CSV, MANIFEST_JSON) or re.fullmatch(r"\d+-[a-z0-9-]+\.pdf", name) is not None


def check_copies_options(options: BuildOptions, recipients_file: Path, output_dir: Path, jobs: int | None) -> None:
    """Usage errors, found before anything is read or written (``OptionError``)."""
    if jobs is not None and not 1 <= jobs <= MAX_JOBS:
        raise OptionError(f"--jobs phải là số nguyên từ 1 đến {MAX_JOBS} (got {jobs})")
    if output_dir.exists() and not output_dir.is_dir():
        raise OptionError(f"--output-dir {output_dir}: là một tệp, không phải thư mục; hãy chọn một thư mục")
    check_output("--output-dir", output_dir, options)
    if recipients_file.resolve().is_relative_to(output_dir.resolve()) and is_our_output(recipients_file.name):
        raise OptionError(f"--output-dir {output_dir}: sẽ ghi đè danh sách nơi nhận; hãy chọn thư mục khác")


def make_copies(
    options: BuildOptions,
    recipients_file: Path,
    output_dir: Path,
    jobs: int | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[CopyRecord]:
    """Make one stamped PDF per recipient in ``output_dir``, with its manifest.

    Bad recipients and bad content are reported (``ContentError``) before
    anything is written.
    """
    check_copies_options(options, recipients_file, output_dir, jobs)
    recipients = load_recipients(recipients_file)
    booklet = load(options)
    plan = _plan(booklet, options, recipients, output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(output_dir, is_our_output)  # left by a killed run
    records: list[CopyRecord] = []  # renamed into place and listed in the manifest
    finished: list[CopyRecord] = []  # complete, still under their temporary names

    def publish() -> None:
        """List the finished copies in the manifest, then rename them into place.

        The manifest first: if it cannot be written (disk full), the finished
        copies are dropped and the folder stays as the last manifest says. A
        rename needs no space, so the copies it lists do get their names.
        """
        if not finished:
            return  # the manifest of the previous run stays until this run has a copy to list
        listed = sorted([*records, *finished], key=lambda r: r.copy)
        try:
            _write_manifest(output_dir, booklet.meta.title, listed, len(recipients))
        except BaseException:
            for record in finished:
                temporary_copy(output_dir, record.file, plan.owner).unlink(missing_ok=True)
            finished.clear()
            raise
        for record in finished:
            with contextlib.suppress(FileNotFoundError):  # renamed already, before an interruption
                os.replace(temporary_copy(output_dir, record.file, plan.owner), output_dir / record.file)
        records[:] = listed
        finished.clear()

    last_publish = time.monotonic()
    try:
        for record in _stamp_all(plan, recipients, jobs):
            finished.append(record)
            if time.monotonic() - last_publish > MANIFEST_FLUSH_SECONDS:
                publish()
                last_publish = time.monotonic()
            progress(len(records) + len(finished), len(recipients))
    finally:
        try:
            publish()
        finally:
            for recipient in recipients:  # workers stopped mid-copy leave their temporaries
                plan.temporary(recipient).unlink(missing_ok=True)
    return records


def _plan(booklet: Booklet, options: BuildOptions, recipients: list[Recipient], output_dir: Path) -> Plan:
    rendered, _ = render(booklet, options, stamp_slots=True)
    total = len(recipients)
    texts = [RECIPIENT_LABEL, *(r.name for r in recipients), *(r.address for r in recipients)]
    texts += [r.copy_label(total) for r in recipients]
    font = make_stamp_font(texts)
    cover = rendered.document.pages[0]
    height = cover.height * PT_PER_PX

    def slot(anchor: str) -> Box:
        left, top, right, bottom = cover.anchors[anchor]
        return Box(left * PT_PER_PX, height - bottom * PT_PER_PX, right * PT_PER_PX, height - top * PT_PER_PX)

    return Plan(
        prepared=prepare(rendered.data, font),
        metrics=font.metrics,
        pages=rendered.pages,
        page_width=cover.width * PT_PER_PX,
        copy_slot=slot(COPY_SLOT),
        recipient_slot=slot(RECIPIENT_SLOT),
        total=total,
        output_dir=output_dir,
        variants=options.variants,
        owner=os.getpid(),
    )


def _stamp_all(plan: Plan, recipients: list[Recipient], jobs: int | None) -> Iterator[CopyRecord]:
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(recipients) == 1:
        _start_worker(plan, ignore_interrupts=False)
        yield from map(_make_copy, recipients)
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


def _start_worker(plan: Plan, ignore_interrupts: bool = True, parent: int | None = None) -> None:
    global _worker_plan
    _worker_plan = plan
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


def _make_copy(recipient: Recipient) -> CopyRecord:
    plan = _worker_plan
    assert plan is not None, "worker not started"
    data = finish(stamp(plan.prepared, plan.metrics, plan.stamps(recipient)), plan.variants)
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
    )


def _write_manifest(output_dir: Path, title: str, records: list[CopyRecord], total: int) -> None:
    rows = [asdict(r) for r in records]
    table = io.StringIO()
    writer = csv.DictWriter(table, fieldnames=list(CopyRecord.__dataclass_fields__), lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in rows)
    atomic_write(output_dir / MANIFEST_CSV, table.getvalue().encode("utf-8"))
    document = {"booklet": title, "copies_planned": total, "copies_made": len(rows), "copies": rows}
    atomic_write(output_dir / MANIFEST_JSON, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode())


def spreadsheet_safe(value):
    """Text a spreadsheet will show, not run: OWASP's advice against CSV injection is a leading ``'``.

    ``=HYPERLINK(…)`` as a recipient's name would otherwise be a formula in
    Excel or LibreOffice. Only the CSV is changed; manifest.json keeps the text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
