"""What changed since an approved edition (``--edition review --since OLD.pdf``).

A review PDF carries the content it was made from as attachments. This reads
them back, validates them as content, and compares the two booklets field by
field: lists of items are matched by their content id (or, lacking one, by
name, province slug, aspect or theme), so an approver reads "Số liệu
nha-tinh-nghia: 8 → 9", not a text diff.
"""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import Path, PurePosixPath

import pikepdf
from pydantic import BaseModel

from .content import load_booklet
from .formatting import vietnamese
from .html import Changes
from .model import Booklet, Erratum, Quoted
from .oserrors import reason
from .problems import ContentError
from .regular import MB, read_regular
from .review import evidence_label
from .untrusted import LimitExceeded, Limits, run_limited

KIND_LABELS = {"added": "Thêm", "removed": "Bỏ", "changed": "Sửa"}

# Where a change is, in the approvers' words. Fields not listed show their own name.
FIELD_LABELS = {
    "meta": "Thông tin chung",
    "background": "Bối cảnh",
    "comparison": "So sánh",
    "errata": "Đính chính bài gốc",
    "source_texts": "Bài gốc",
    "title": "tiêu đề",
    "subtitle": "tiêu đề phụ",
    "kind": "loại tài liệu",
    "issuer": "cơ quan ban hành",
    "issuer_parent": "cơ quan cấp trên",
    "issuer_unit": "tên cơ quan dưới cấp trên",
    "party_header": "dòng Đảng Cộng sản Việt Nam",
    "place": "địa danh",
    "date": "ngày",
    "year": "năm",
    "period": "thời kỳ",
    "edition": "lần in",
    "marking": "dấu lưu hành",
    "keywords": "từ khóa",
    "foreword": "Lời giới thiệu",
    "paragraphs": "đoạn",
    "signature": "người ký",
    "provinces": "Tỉnh",
    "sources": "Nguồn",
    "inferences": "Suy luận",
    "key_figures": "Số liệu nổi bật",
    "discussion": "Câu hỏi thảo luận",
    "colophon": "Trang xuất bản",
    "responsible": "chịu trách nhiệm nội dung",
    "editors": "ban biên soạn",
    "print_run": "số lượng in",
    "printer": "nơi in",
    "permit": "số quyết định xuất bản",
    "deposit": "ngày nộp lưu chiểu",
    "intro": "đoạn mở đầu",
    "documents": "Văn bản",
    "conference": "Hội nghị sơ kết",
    "chairs": "Chủ trì",
    "opening": "phát biểu khai mạc",
    "orientation": "Phương hướng",
    "tasks": "Nhiệm vụ",
    "name": "tên",
    "lead": "đoạn mở đầu",
    "organisation": "Tổ chức thực hiện",
    "bodies": "Ban chỉ đạo",
    "steps": "Việc đã làm",
    "participants": "Người dự",
    "participants_others": "thành phần khác",
    "models": "Mô hình",
    "practices": "cách làm",
    "category": "loại",
    "owner": "đơn vị thực hiện",
    "description": "mô tả",
    "figures": "Số liệu",
    "value": "giá trị",
    "unit": "đơn vị",
    "per": "tính theo",
    "qualifier": "từ chỉ mức",
    "label": "nội dung số liệu",
    "exemplars": "Tiêu biểu",
    "collectives": "Tập thể",
    "individuals": "Cá nhân",
    "role": "chức vụ",
    "deed": "việc làm",
    "events": "Sự kiện",
    "lessons": "Kinh nghiệm",
    "text": "nội dung",
    "rows": "Dòng so sánh",
    "cells": "ô",
    "shared_lessons": "Bài học chung",
    "quote": "câu trích",
    "source": "bài nguồn",
    "what": "điều suy ra",
    "reasoning": "lập luận",
    "outlet": "nơi đăng",
    "author": "tác giả",
    "note": "ghi chú",
    "original": "nguyên văn",
    "corrected": "sửa thành",
}

# How list items are matched between the two editions, first found wins.
_ITEM_KEYS = ("id", "slug", "aspect", "theme", "name", "what")

_MAX_VALUE_CHARS = 160


class ChangesError(Exception):
    """The earlier edition cannot be read or compared (a Vietnamese message)."""


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed" or "changed"
    where: str
    old: str | None = None
    new: str | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def changes_since(old_pdf: Path, booklet: Booklet, shown_as: str | None = None) -> Changes:
    """The changes from the content embedded in ``old_pdf`` to ``booklet``."""
    old = load_embedded_booklet(old_pdf)
    return Changes(shown_as or old_pdf.name, tuple(compare(old, booklet)))


SINCE_LIMIT = 200 * MB  # an approved review edition: a few megabytes
ATTACHMENT_LIMIT = 20 * MB  # one attached content file, decompressed: kilobytes in practice
ATTACHMENTS_LIMIT = 50 * MB  # all of them together
MAX_ATTACHMENTS = 1000
LIMITS = Limits(memory=1024 * MB, cpu_seconds=30, wall_seconds=90)


def load_embedded_booklet(pdf_path: Path) -> Booklet:
    """The content a review PDF carries, validated. The PDF is someone's file: it is read in a child
    process under limits, each attachment inflated only up to ``ATTACHMENT_LIMIT``."""
    name = pdf_path.name
    try:
        data = read_regular(pdf_path, SINCE_LIMIT)
    except FileNotFoundError:
        raise ChangesError(f"{name}: không có tệp này; ghi đường dẫn tới bản duyệt đã phê duyệt") from None
    except OSError as error:
        raise ChangesError(f"{name}: không đọc được tệp ({reason(error)}); chọn bản duyệt cũ khác") from None
    try:
        files = run_limited(attached_files, data, name, limits=LIMITS)
    except LimitExceeded as error:
        raise ChangesError(f"{name}: không đọc được tệp PDF: {error}; chọn bản duyệt cũ khác") from None
    if not files:
        raise ChangesError(f"{name}: tệp không kèm nội dung nguồn; chỉ bản duyệt (--edition review) mới so sánh được")
    with tempfile.TemporaryDirectory(prefix="briefing-since-") as folder:
        root = Path(folder)
        for attached, content in files.items():
            target = root.joinpath(*PurePosixPath(attached).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        try:
            return load_booklet(root)
        except ContentError as error:
            raise ChangesError(
                f"{name}: nội dung đính kèm không hợp lệ ({len(error.problems)} lỗi); không so sánh được"
            ) from None


def attached_files(data: bytes, name: str) -> dict[str, bytes]:
    """The files attached to a PDF, by name; ``ChangesError`` for a name that leads out, or files too large."""
    from .bounded import StreamRefused, stream_bytes

    files: dict[str, bytes] = {}
    total = 0
    try:
        with pikepdf.open(BytesIO(data)) as pdf:
            attachments = pdf.attachments
            if len(attachments) > MAX_ATTACHMENTS:
                raise ChangesError(f"{name}: quá nhiều tệp đính kèm ({len(attachments)}); không dùng bản này")
            for attached, spec in attachments.items():
                relative = PurePosixPath(attached)
                if relative.is_absolute() or ".." in relative.parts or "\\" in attached or not relative.parts:
                    raise ChangesError(f"{name}: tệp đính kèm có tên không hợp lệ “{attached}”; không dùng bản này")
                try:
                    content = stream_bytes(spec.get_file().obj, ATTACHMENT_LIMIT)
                except StreamRefused as refused:
                    raise ChangesError(f"{name}: tệp đính kèm “{attached}” {refused}; không dùng bản này") from None
                total += len(content)
                if total > ATTACHMENTS_LIMIT:
                    message = f"các tệp đính kèm quá lớn (hơn {ATTACHMENTS_LIMIT // MB} MB)"
                    raise ChangesError(f"{name}: {message}; không dùng bản này")
                files[attached] = content
    except pikepdf.PdfError as error:
        message = f"{name}: không đọc được tệp PDF ({error.__class__.__name__}); chọn bản duyệt cũ khác"
        raise ChangesError(message) from None
    return files


def compare(old: Booklet, new: Booklet) -> list[Change]:
    """Every difference, in content order: booklet fields, background, provinces, comparison, errata."""
    changes: list[Change] = []
    for field in ("meta", "background"):
        changes += _diff(getattr(old, field), getattr(new, field), FIELD_LABELS[field])
    changes += _diff(old.provinces, new.provinces, "")
    changes += _diff(old.comparison, new.comparison, FIELD_LABELS["comparison"])
    changes += _diff(old.errata, new.errata, FIELD_LABELS["errata"])
    for source_id in sorted(old.source_texts.keys() | new.source_texts.keys()):
        before, after = old.source_texts.get(source_id), new.source_texts.get(source_id)
        if before != after:
            where = f"{FIELD_LABELS['source_texts']} {source_id}"
            kind = "added" if before is None else "removed" if after is None else "changed"
            changes.append(Change(kind, where, *(("đã có", None) if kind == "removed" else (None, "đã đổi nội dung"))))
    return changes


def _diff(old, new, where: str) -> list[Change]:
    if isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new):
        changes = []
        for field in type(old).model_fields:
            if field == "slug":
                continue
            label = FIELD_LABELS.get(field, field)
            changes += _diff(getattr(old, field), getattr(new, field), _join(where, label))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return _diff_lists(old, new, where)
    if isinstance(old, dict) and isinstance(new, dict):
        return _diff_keyed(old, new, where)
    if old != new:
        return [Change("changed", where, _show(old), _show(new))]
    return []


def _diff_lists(old: list, new: list, where: str) -> list[Change]:
    if all(not isinstance(item, BaseModel) for item in (*old, *new)):
        return _diff_values(old, new, where)
    return _diff_keyed(_keyed(old), _keyed(new), where)


def _diff_values(old: list, new: list, where: str) -> list[Change]:
    """Lists of plain values (keywords, questions, practices): what was added or removed."""
    if old == new:
        return []
    removed = [Change("removed", where, old=_show(v)) for v in old if v not in new]
    added = [Change("added", where, new=_show(v)) for v in new if v not in old]
    if removed or added:
        return removed + added
    return [Change("changed", _join(where, "thứ tự"), _show(old), _show(new))]


def _diff_keyed(old: dict, new: dict, where: str) -> list[Change]:
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        place = _join(where, str(key))
        if key not in new:
            changes.append(Change("removed", place, old=_summary(old[key])))
        elif key not in old:
            changes.append(Change("added", place, new=_summary(new[key])))
        else:
            changes += _diff(old[key], new[key], place)
    return changes


def _keyed(items: list) -> dict:
    """Items by their content id; items without one by their position."""
    keyed = {}
    for index, item in enumerate(items, 1):
        key = _item_key(item) or f"mục {index}"
        keyed[key if key not in keyed else f"{key} ({index})"] = item
    return keyed


def _item_key(item) -> str | None:
    if isinstance(item, Erratum):
        return f"{item.source}: “{item.original}”"
    for field in _ITEM_KEYS:
        value = getattr(item, field, None)
        if isinstance(value, str):
            return value if field in ("id", "slug") else f"“{value}”"
    return None


def _summary(item) -> str:
    if isinstance(item, Quoted):
        return evidence_label(item)
    if isinstance(item, BaseModel):
        key = _item_key(item)
        return key or _show(item.model_dump(mode="json"))
    return _show(item)


def _show(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, (Decimal, int)):
        return vietnamese().number(value)
    if isinstance(value, datetime.date):
        return vietnamese().short_date(value)
    if isinstance(value, list):
        return "; ".join(filter(None, (_show(v) for v in value)))
    text = " ".join(str(value).split())
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 1] + "…"


def _join(where: str, label: str) -> str:
    return f"{where} › {label}" if where else label
