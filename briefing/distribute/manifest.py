"""The manifest of a copies folder: what ``copies`` made, as ``copies``, ``send`` and ``verify`` read it back.

manifest.json is for the tools (English keys); manifest.csv is for people,
in Vietnamese, with text a spreadsheet shows rather than runs. One record
per copy: its number and recipient, its file, pages, size and SHA-256, the
signer when signed, and what it was made from (``input_sha256``: a re-run
keeps a copy made from the same inputs). Copies no longer on the list are
moved into ``da-rut/`` and listed there.

The copy's label (“Bản số 07/40”, stamped on its cover) and its file name
(``07-dang-uy-xa-binh-phuc.pdf``) are made, and read back, here.

Manifests written by earlier versions are read as today's: the first had no
issuer, e-mail, signature or input fingerprint (a copy without one is never
taken as made from today's inputs). A row that is not a copy's record (a
manifest edited by hand) is counted, not guessed at: each reader decides
what that means.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..atomic import atomic_write
from ..regular import MB, read_regular

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
LIMIT = 200 * MB  # 52,000 rows are some 20 MB
WITHDRAWN_FOLDER = "da-rut"  # “đã rút”: copies no longer on the list, moved here and listed
COPY_NAME = re.compile(r"\d+-[a-z0-9-]+\.pdf")  # what ``copy_file`` makes, and nothing else
COPY_LABEL = re.compile(r"Bản số (\d+)/(\d+)")
# manifest.csv, for people: Vietnamese headers, in this order (manifest.json keeps the field names)
CSV_COLUMNS = {
    "copy": "bản số",
    "recipient": "nơi nhận",
    "address": "địa chỉ",
    "code": "mã",
    "file": "tệp",
    "pages": "số trang",
    "bytes": "dung lượng (byte)",
    "sha256": "SHA-256",
    "email": "thư điện tử",
    "archive": "lưu",
    "signer": "người ký",
    "certificate_sha256": "SHA-256 chứng thư",
    "signed_at": "thời gian ký",
    "status": "tình trạng",
}
ISSUED = "phát hành"
WITHDRAWN = f"đã rút khỏi danh sách (chuyển vào {WITHDRAWN_FOLDER}/)"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- the copy's label and file name -------------------------------------------------------------


def _width(total: int) -> int:
    """Numbers padded alike, so the copies sort and read evenly."""
    return max(2, len(str(total)))


def copy_label(number: int, total: int) -> str:
    """“Bản số 07/40”."""
    width = _width(total)
    return f"Bản số {number:0{width}d}/{total:0{width}d}"


def parse_copy_label(text: str) -> tuple[int, int] | None:
    """(number, total) of a copy label, or None if ``text`` is not one."""
    match = COPY_LABEL.fullmatch(text)
    return (int(match[1]), int(match[2])) if match else None


def copy_file(number: int, total: int, slug: str) -> str:
    """``07-dang-uy-xa-binh-phuc.pdf``: safe, readable, ASCII (``slug`` is the recipient's name so written)."""
    return f"{number:0{_width(total)}d}-{slug}.pdf"


def is_our_output(name: str) -> bool:
    """A name ``copies`` writes into its folder: a numbered copy or a manifest."""
    return name in (MANIFEST_CSV, MANIFEST_JSON) or COPY_NAME.fullmatch(name) is not None


# --- what it lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CopyRecord:
    copy: int
    recipient: str
    address: str
    code: str
    file: str
    pages: int
    bytes: int
    sha256: str  # of the file as sent: signed, when signed
    email: str = ""
    archive: bool = False
    signer: str = ""
    certificate_sha256: str = ""
    signed_at: str = ""  # ISO 8601, Vietnam time
    input_sha256: str = ""  # what the copy was made from; equal inputs make an equal copy


@dataclass(frozen=True)
class Withdrawn:
    """A copy no longer on the list, moved aside."""

    file: str  # where it is now, relative to the copies folder: da-rut/07-….pdf
    was: str  # its name beside the other copies
    sha256: str
    withdrawn_at: str  # ISO 8601, Vietnam time
    copy: int | None = None  # as the manifest that listed it said, if one did
    recipient: str = ""


@dataclass(frozen=True)
class Manifest:
    booklet: str  # the booklet's title
    issuer: str  # the issuing body ("" in a manifest of the first version)
    planned: int  # copies on the list
    copies: tuple[CopyRecord, ...]
    withdrawn: tuple[Withdrawn, ...] = ()
    unreadable_rows: int = 0  # rows that are not a copy's record: the manifest was edited
    release: str = ""  # FINAL (the colophon was complete), PROOF (made with --proof), "" (an earlier version's)


FINAL, PROOF = "final", "proof"  # what the copies of a manifest are: for release, or proofs


class NotAManifest(ValueError):
    """The file is not a manifest ``copies`` wrote."""


# What a row cannot do without: a copy is found and checked by its number, file and SHA-256.
_REQUIRED = {CopyRecord: ("copy", "file", "sha256"), Withdrawn: ("file", "was", "sha256", "withdrawn_at")}
_DEFAULTS = {str: "", int: 0, bool: False}


def _row(kind: type, row) -> CopyRecord | Withdrawn | None:
    """The record a JSON row holds, or None if it holds none (a field missing or of the wrong kind)."""
    if not isinstance(row, dict):
        return None
    values = {}
    for field in fields(kind):
        value = row.get(field.name)
        wanted = {"int": int, "str": str, "bool": bool, "int | None": int}[field.type]
        if value is None:
            if field.name in _REQUIRED[kind]:
                return None
            value = None if field.type == "int | None" else _DEFAULTS[wanted]
        elif not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            return None
        values[field.name] = value
    return kind(**values)


def read_manifest(path: Path, follow_links: bool = True) -> Manifest:
    """The manifest at ``path``; ``OSError`` if it cannot be read, ``NotAManifest`` if it is not one.

    Read as any list an operator names is: from a regular file of sane size
    (``follow_links=False`` for the one in a folder the tool writes itself).
    """
    try:
        document = json.loads(read_regular(path, LIMIT, follow_links=follow_links).decode("utf-8"))
        rows, planned = document["copies"], document["copies_planned"]
        withdrawn_rows = document.get("withdrawn", [])
        booklet, issuer = document.get("booklet", ""), document.get("issuer", "")
        release = document.get("release", "")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise NotAManifest(path) from None
    if not (isinstance(rows, list) and isinstance(withdrawn_rows, list) and type(planned) is int):
        raise NotAManifest(path)
    copies = [_row(CopyRecord, row) for row in rows]
    withdrawn = [_row(Withdrawn, row) for row in withdrawn_rows]
    return Manifest(
        str(booklet),
        str(issuer),
        planned,
        tuple(record for record in copies if record is not None),
        tuple(item for item in withdrawn if item is not None),
        unreadable_rows=copies.count(None),
        release=release if release in (FINAL, PROOF) else "",
    )


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Both files, each atomically: the CSV for people, then the JSON the tools read."""
    rows = [asdict(record) for record in manifest.copies]
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(CSV_COLUMNS.values())
    for row in rows:
        writer.writerow(spreadsheet_safe(_shown(row.get(key, ISSUED))) for key in CSV_COLUMNS)
    for item in manifest.withdrawn:
        facts = {"copy": item.copy or "", "recipient": item.recipient, "file": item.file, "sha256": item.sha256}
        writer.writerow(
            spreadsheet_safe(_shown(facts.get(key, WITHDRAWN if key == "status" else ""))) for key in CSV_COLUMNS
        )
    atomic_write(folder / MANIFEST_CSV, table.getvalue().encode("utf-8-sig"))  # the mark: Excel reads it as UTF-8
    document = {
        "booklet": manifest.booklet,
        "issuer": manifest.issuer,
        "release": manifest.release,
        "copies_planned": manifest.planned,
        "copies_made": len(rows),
        "copies": rows,
    }
    if manifest.withdrawn:
        document["withdrawn"] = [asdict(item) for item in manifest.withdrawn]
    atomic_write(folder / MANIFEST_JSON, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode())


def _shown(value):
    """A value as a person reads it in the spreadsheet: có/không, not True/False."""
    if isinstance(value, bool):
        return "có" if value else "không"
    return value


def spreadsheet_safe(value):
    """Text a spreadsheet will show, not run: OWASP's advice against CSV injection is a leading ``'``.

    ``=HYPERLINK(…)`` as a recipient's name would otherwise be a formula in
    Excel or LibreOffice. Only the CSV is changed; manifest.json keeps the text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
