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

import csv
import hashlib
import io
import json
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .model import Booklet
from .options import BuildOptions
from .pdf import atomic_write
from .pipeline import load, render
from .recipients import Recipient, load_recipients
from .stamp import FontMetrics, Stamp, make_stamp_font, prepare, stamp

MANIFEST_FLUSH_SECONDS = 0.25
MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
RECIPIENT_LABEL = "Kính gửi:"
COPY_SIZE, NAME_SIZE, ADDRESS_SIZE, FOOTER_SIZE = 9.5, 11.0, 8.5, 6.5
FOOTER_BASELINE_MM = 7

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
        return self.output_dir / f".{recipient.filename(self.total)}.tmp"


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
    recipients = load_recipients(recipients_file)
    booklet = load(options)
    plan = _plan(booklet, options, recipients, output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    records: list[CopyRecord] = []  # renamed into place and listed in the manifest
    finished: list[CopyRecord] = []  # complete, still under their temporary names

    def publish() -> None:
        for record in finished:
            os.replace(output_dir / f".{record.file}.tmp", output_dir / record.file)
        records.extend(finished)
        records.sort(key=lambda r: r.copy)
        finished.clear()
        _write_manifest(output_dir, booklet.meta.title, records, len(recipients))

    publish()
    last_publish = time.monotonic()
    try:
        for record in _stamp_all(plan, recipients, jobs):
            finished.append(record)
            if time.monotonic() - last_publish > MANIFEST_FLUSH_SECONDS:
                publish()
                last_publish = time.monotonic()
            progress(len(records) + len(finished), len(recipients))
    finally:
        publish()
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
        copy_slot=slot("stamp-copy-number"),
        recipient_slot=slot("stamp-recipient"),
        total=total,
        output_dir=output_dir,
    )


def _stamp_all(plan: Plan, recipients: list[Recipient], jobs: int | None) -> Iterator[CopyRecord]:
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(recipients) == 1:
        _start_worker(plan, ignore_interrupts=False)
        yield from map(_make_copy, recipients)
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(plan,))
    try:
        # Small chunks keep memory flat and the progress bar moving.
        yield from pool.imap_unordered(_make_copy, recipients, chunksize=4)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


_worker_plan: Plan | None = None


def _start_worker(plan: Plan, ignore_interrupts: bool = True) -> None:
    global _worker_plan
    _worker_plan = plan
    if ignore_interrupts:  # Ctrl-C is the parent's to handle: it stops the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _make_copy(recipient: Recipient) -> CopyRecord:
    plan = _worker_plan
    assert plan is not None, "worker not started"
    data = stamp(plan.prepared, plan.metrics, plan.stamps(recipient))
    plan.temporary(recipient).write_bytes(data)
    return CopyRecord(
        copy=recipient.number,
        recipient=recipient.name,
        address=recipient.address,
        code=recipient.code,
        file=recipient.filename(plan.total),
        pages=plan.pages,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _write_manifest(output_dir: Path, title: str, records: list[CopyRecord], total: int) -> None:
    rows = [asdict(r) for r in records]
    table = io.StringIO()
    writer = csv.DictWriter(table, fieldnames=list(CopyRecord.__dataclass_fields__), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(output_dir / MANIFEST_CSV, table.getvalue().encode("utf-8"))
    document = {"booklet": title, "copies_planned": total, "copies_made": len(rows), "copies": rows}
    atomic_write(output_dir / MANIFEST_JSON, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode())
