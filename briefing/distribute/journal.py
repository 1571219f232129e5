"""The send journal: what was sent to whom, keyed by the copy's SHA-256 and the address.

A format the tool owns, JSON Lines (``delivery.jsonl``): a header line naming
the format and its version, then one record per attempt, appended and forced
to disk before and after each message. Keyed by content, not file name: a copy
made again into the folder (corrected, or now signed) is a new copy to send.

A journal that cannot be read is refused, never ignored: ignoring it would
send everything again. The one exception is a last line cut short by a crash
(no newline at its end): it was being written when the power went, and is
dropped (and cut off the file before the next record is appended).

A folder sent from by an earlier version has ``delivery.csv`` instead, keyed by
file name; it is read once, line by line, its copies mapped to their SHA-256
through the manifest, and carried into ``delivery.jsonl`` (the CSV is left as
it was).
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ..atomic import atomic_write
from ..oserrors import reason
from ..problems import ContentError, Problem, display_path
from ..regular import MB, read_regular

JOURNAL = "delivery.jsonl"
OLD_JOURNAL = "delivery.csv"
HEADER = {"journal": "briefing send", "version": 1}
OLD_FIELDS = ["copy", "file", "address", "time", "status", "answer", "message_id"]
SENDING, SENT, REFUSED, FAILED = "đang gửi", "đã gửi", "bị từ chối", "lỗi"
STATUSES = (SENDING, SENT, REFUSED, FAILED)
MESSAGE_ID = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")
SHA256 = re.compile(r"[0-9a-f]{64}")
LIMIT = 200 * MB
KEEP_INTACT = (
    "nhật ký phải còn nguyên để không gửi trùng; nếu đã sửa tay tệp này, hãy lấy lại bản trước khi sửa "
    "rồi chạy lại lệnh"
)


class JournalError(ContentError):
    """The journal cannot be read: nothing may be sent until it can."""


@dataclass(frozen=True)
class Record:
    sha256: str
    address: str
    copy: int
    file: str
    time: str
    status: str
    answer: str
    message_id: str
    migrated_from: str = ""


@dataclass
class History:
    """(copy SHA-256, address) → (last status, Message-ID); once sent, sent."""

    entries: dict[tuple[str, str], tuple[str, str]]
    torn_at: int | None = None  # byte offset of a last line cut short by a crash
    migrated: int = 0  # records carried over from delivery.csv

    def status(self, sha256: str, address: str) -> str:
        return self.entries.get((sha256, address), ("", ""))[0]

    def message_id(self, sha256: str, address: str) -> str:
        return self.entries.get((sha256, address), ("", ""))[1]

    def add(self, record: Record) -> None:
        key = (record.sha256, record.address)
        if self.entries.get(key, ("", ""))[0] != SENT:  # once sent, always sent
            self.entries[key] = (record.status, record.message_id)


def read_history(folder: Path, sha_by_file: dict[str, str]) -> tuple[History, list[Record]]:
    """The journal of ``folder``; if there is none yet but an old ``delivery.csv``, its records to carry over."""
    path = folder / JOURNAL
    if path.exists() or path.is_symlink():
        return _read(path), []
    old = folder / OLD_JOURNAL
    if old.exists() or old.is_symlink():
        records = _read_old(old, sha_by_file)
        history = History({})
        for record in records:
            history.add(record)
        history.migrated = len(records)
        return history, records
    return History({}), []


def _read(path: Path) -> History:
    name = display_path(path)
    try:
        data = read_regular(path, LIMIT, follow_links=False)
    except OSError as error:
        raise JournalError([Problem(name, 1, 1, "", f"không đọc được nhật ký gửi ({reason(error)})")]) from None
    history = History({})
    lines = data.split(b"\n")
    complete = lines[:-1]  # the text after the last newline is empty, or a line cut short
    if lines[-1]:
        history.torn_at = len(data) - len(lines[-1])
    if not complete:
        return history  # empty, or a header cut short: nothing was sent yet
    try:
        header = json.loads(complete[0])
    except ValueError:
        header = None
    if header != HEADER:
        message = f"không phải nhật ký gửi của chương trình này (phiên bản {HEADER['version']}); {KEEP_INTACT}"
        raise JournalError([Problem(name, 1, 1, "", message)])
    for number, line in enumerate(complete[1:], start=2):
        try:
            record = _record(json.loads(line))
        except (ValueError, TypeError, KeyError):
            raise JournalError([Problem(name, number, 1, "", f"dòng này không đọc được; {KEEP_INTACT}")]) from None
        history.add(record)
    return history


def _record(fields: dict) -> Record:
    record = Record(**fields)
    if (
        not SHA256.fullmatch(record.sha256)
        or record.status not in STATUSES
        or not MESSAGE_ID.fullmatch(record.message_id)
        or not isinstance(record.copy, int)
        or not all(isinstance(value, str) for value in (record.address, record.file, record.time, record.answer))
    ):
        raise ValueError("not a record")
    return record


def _read_old(path: Path, sha_by_file: dict[str, str]) -> list[Record]:
    """Records of a ``delivery.csv`` written by an earlier version, line by line (one row per line there)."""
    name = display_path(path)
    try:
        text = read_regular(path, LIMIT, follow_links=False).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        why = reason(error) if isinstance(error, OSError) else "không phải UTF-8"
        raise JournalError([Problem(name, 1, 1, "", f"không đọc được nhật ký gửi cũ ({why}); {KEEP_INTACT}")]) from None
    lines = text.split("\n")
    lines.pop()  # empty after the last newline, or a last row cut short by a crash: unfinished, it records nothing
    rows = [next(csv.reader([line]), []) if line else [] for line in lines]
    if not rows or rows[0] != OLD_FIELDS:
        message = (
            "nhật ký gửi cũ không còn đúng dạng chương trình đã ghi (có thể đã được lưu lại bằng bảng tính); "
            + KEEP_INTACT
        )
        raise JournalError([Problem(name, 1, 1, "", message)])
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        values = dict(zip(OLD_FIELDS, row, strict=False))
        if (
            len(row) != len(OLD_FIELDS)
            or values["status"] not in STATUSES
            or not MESSAGE_ID.fullmatch(values["message_id"])
            or not values["copy"].isdigit()
        ):
            raise JournalError([Problem(name, number, 1, "", f"dòng này không đọc được; {KEEP_INTACT}")])
        sha256 = sha_by_file.get(values["file"])
        if sha256 is None:
            continue  # a copy the manifest no longer lists
        records.append(
            Record(
                sha256=sha256,
                address=values["address"],
                copy=int(values["copy"]),
                file=values["file"],
                time=values["time"],
                status=values["status"],
                answer=values["answer"],
                message_id=values["message_id"],
                migrated_from=OLD_JOURNAL,
            )
        )
    return records


class Journal:
    """Appends records to ``delivery.jsonl``, each forced to disk before the next step."""

    def __init__(self, folder: Path, history: History, migrated: list[Record]):
        self.path = folder / JOURNAL
        if history.torn_at is not None:
            os.truncate(self.path, history.torn_at)  # the line a crash cut short goes; the rest stays
        if migrated or not self.path.exists() or self.path.stat().st_size == 0:
            lines = [json.dumps(HEADER)] + [json.dumps(asdict(r), ensure_ascii=False) for r in migrated]
            atomic_write(self.path, ("\n".join(lines) + "\n").encode("utf-8"))

    def append(self, record: Record) -> None:
        line = json.dumps(asdict(record), ensure_ascii=False) + "\n"
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        try:
            os.write(descriptor, line.encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
