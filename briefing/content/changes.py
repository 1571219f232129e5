"""What changed since an approved edition (``--edition review --since OLD.pdf``).

A review PDF carries the content it was made from as attachments. This reads
them back, validates them as content, and compares the two booklets field by
field: lists of items are matched by their content id (or, lacking one, by
name, province slug, aspect or theme), and shown as a reader knows them: the
province, model, document or article by its name, each field by its
Vietnamese label, values the Vietnamese way, a changed text word by word with
the changed words marked. An approver reads "Kon Tum › Mô hình “…” › số liệu
8 nhà › giá trị: 8 → 9", not a text diff.
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

from ..oserrors import reason
from ..problems import ContentError
from ..regular import MB, read_regular
from ..untrusted import LimitExceeded, Limits, run_limited
from .folder import load_booklet
from .formatting import vietnamese
from .model import Booklet, Erratum, Figure, Quoted
from .review import evidence_label
from .textdiff import Runs, changed_words

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
    "short": "tên ngắn",
    "organiser": "cơ quan tổ chức",
    "year_inferred": "năm do ban biên soạn suy ra",
    "summary": "tóm tắt",
    "chairs": "Chủ trì",
    "directive": "chỉ thị",
    "date_evidence": "căn cứ ngày ban hành",
    "url": "địa chỉ bài",
    "province": "tỉnh",
    "orientation": "Phương hướng",
    "tasks": "Nhiệm vụ",
    "name": "tên",
    "lead": "đoạn mở đầu",
    "organisation": "Tổ chức thực hiện",
    "bodies": "Ban chỉ đạo",
    "steps": "Việc đã làm",
    "meetings": "Cuộc họp",
    "people": "Người dự",
    "others": "thành phần khác",
    "outcome": "kết quả nêu bằng lời",
    "gap": "ô để trống có chủ ý",
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

# Fields whose values are content ids, and what they refer to: shown by name.
# (Mappings in content, a comparison row's cells and a shared lesson's lessons, are keyed by province.)
_REFERENCES = {
    "provinces": "province",
    "lessons": "lesson",
    "models": "model",
    "documents": "document",
    "key_figures": "figure",
    "source": "source",
}

_MAX_VALUE_CHARS = 160


class ChangesError(Exception):
    """The earlier edition cannot be read or compared (a Vietnamese message)."""


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed" or "changed"
    where: str
    old: str | None = None
    new: str | None = None
    old_runs: Runs | None = None  # a changed text: its words, those that changed marked
    new_runs: Runs | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Changes:
    """Review edition with --since: what changed since the approved edition in ``since``."""

    since: str  # the approved edition's file, as the operator named it
    items: tuple[Change, ...]  # in content order


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
    from ..bounded import StreamRefused, stream_bytes

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
    return _Comparison(old, new).changes()


class _Comparison:
    """Two booklets compared field by field, items matched by content id, shown as a reader reads them:
    provinces, models, documents and articles by their names, values in Vietnamese."""

    def __init__(self, old: Booklet, new: Booklet):
        self.old, self.new = old, new
        self.names: dict[tuple[str, str], str] = {}
        for booklet in (old, new):  # the new edition's names win
            for p in booklet.provinces:
                self.names["province", p.slug] = p.name
                self.names.update({("model", m.id): m.name for m in p.models})
                self.names.update({("lesson", lesson.id): lesson.title for lesson in p.lessons})
                self.names.update({("figure", f"{p.slug}/{f.id}"): f"{_figure_name(f)} ({p.name})" for f in p.figures})
            self.names.update({("document", d.id): d.title for d in booklet.background.documents})
            self.names.update({("source", s.id): _source_name(s) for s in booklet.meta.sources})

    def changes(self) -> list[Change]:
        old, new = self.old, self.new
        changes: list[Change] = []
        for field in ("meta", "background"):
            changes += self._diff(getattr(old, field), getattr(new, field), FIELD_LABELS[field])
        changes += self._diff_keyed(
            {p.slug: p for p in old.provinces}, {p.slug: p for p in new.provinces}, "", "province"
        )
        changes += self._diff(old.comparison, new.comparison, FIELD_LABELS["comparison"])
        changes += self._diff(old.errata, new.errata, FIELD_LABELS["errata"])
        for source_id in sorted(old.source_texts.keys() | new.source_texts.keys()):
            before, after = old.source_texts.get(source_id), new.source_texts.get(source_id)
            if before != after:
                where = f"{FIELD_LABELS['source_texts']} {self._name('source', source_id)}"
                kind = "added" if before is None else "removed" if after is None else "changed"
                values = ("đã có", None) if kind == "removed" else (None, "đã đổi nội dung")
                changes.append(Change(kind, where, *values))
        return changes

    def _diff(self, old, new, where: str, field: str = "") -> list[Change]:
        if isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new):
            changes = []
            for name in type(old).model_fields:
                if name == "slug":
                    continue
                label = FIELD_LABELS.get(name, name)
                changes += self._diff(getattr(old, name), getattr(new, name), _join(where, label), name)
            return changes
        if isinstance(old, list) and isinstance(new, list):
            if all(not isinstance(item, BaseModel) for item in (*old, *new)):
                return self._diff_values(old, new, where, field)
            return self._diff_keyed(_keyed(old), _keyed(new), where)
        if isinstance(old, dict) and isinstance(new, dict):
            return self._diff_keyed(old, new, where, "province", field)
        if old != new:
            before, after = self._show(old, field), self._show(new, field)
            runs = changed_words(before, after) if isinstance(old, str) and isinstance(new, str) else (None, None)
            return [Change("changed", where, _cut(before), _cut(after), *runs)]
        return []

    def _diff_values(self, old: list, new: list, where: str, field: str) -> list[Change]:
        """Lists of plain values (keywords, questions, practices, ids): what was added or removed."""
        if old == new:
            return []
        removed = [Change("removed", where, old=_cut(self._show(v, field))) for v in old if v not in new]
        added = [Change("added", where, new=_cut(self._show(v, field))) for v in new if v not in old]
        if removed or added:
            return removed + added
        return [Change("changed", _join(where, "thứ tự"), _cut(self._show(old, field)), _cut(self._show(new, field)))]

    def _diff_keyed(self, old: dict, new: dict, where: str, kind: str | None = None, field: str = "") -> list[Change]:
        """Items matched by key; ``kind``: what the keys name (a province slug) if they are ids;
        ``field``: the field the values are of."""
        changes = []
        for key in [*old, *(k for k in new if k not in old)]:
            item = new.get(key, old.get(key))
            place = _join(where, self._name(kind, key) if kind else _item_name(item, key))
            if key not in new:
                changes.append(Change("removed", place, old=_cut(self._summary(old[key], field))))
            elif key not in old:
                changes.append(Change("added", place, new=_cut(self._summary(new[key], field))))
            else:
                changes += self._diff(old[key], new[key], place, field)
        return changes

    def _name(self, kind: str | None, key: str) -> str:
        return self.names.get((kind, key), key) if kind else key

    def _summary(self, item, field: str = "") -> str:
        """A whole item added or removed, in a few words."""
        if isinstance(item, Quoted):
            return evidence_label(item)
        if isinstance(item, BaseModel):
            name = _item_name(item, None)
            return name if name is not None else self._show(item)
        return self._show(item, field)

    def _show(self, value, field: str = "") -> str:
        """A value as a reader reads it: numbers and dates the Vietnamese way, ids by name, no Python."""
        kind = _REFERENCES.get(field)
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "có" if value else "không"
        if isinstance(value, (Decimal, int)):
            return vietnamese().number(value)
        if isinstance(value, datetime.date):
            return vietnamese().short_date(value)
        if isinstance(value, str):
            return " ".join((self._name(kind, value) if kind else value).split())
        if isinstance(value, (list, tuple)):
            return "; ".join(self._show(v, field) for v in value) or "—"
        if isinstance(value, dict):  # keyed by province
            return "; ".join(f"{self._name('province', str(k))}: {self._show(v, field)}" for k, v in value.items())
        if isinstance(value, BaseModel):
            parts = []
            for name in type(value).model_fields:
                shown = getattr(value, name)
                if shown is not None and shown != [] and shown != {}:
                    parts.append(f"{FIELD_LABELS.get(name, name)}: {self._show(shown, name)}")
            return "; ".join(parts)
        return str(value)


def _keyed(items: list) -> dict:
    """Items by their content id; items without one by their position."""
    keyed = {}
    for index, item in enumerate(items, 1):
        key = _item_key(item) or f"mục {index}"
        keyed[key if key not in keyed else f"{key} ({index})"] = item
    return keyed


def _item_key(item) -> str | None:
    """What matches an item between the editions: its content id, or a field naming it."""
    if isinstance(item, Erratum):
        return f"{item.source}: {item.original}"
    for field in _ITEM_KEYS:
        value = getattr(item, field, None)
        if isinstance(value, str):
            return value
    return None


def _item_name(item, key: str | None) -> str | None:
    """How an item is named where a change is: by its name or title, in quotation marks; by position without."""
    if isinstance(item, Erratum):
        return f"“{item.original}”"
    if isinstance(item, Figure):
        return _figure_name(item)
    for field in ("name", "title", "aspect", "theme", "what"):
        value = getattr(item, field, None)
        if isinstance(value, str):
            return f"“{value}”"
    return key


def _figure_name(figure: Figure) -> str:
    return vietnamese().figure(figure)


def _source_name(source) -> str:
    return f"“{source.title}”" if source.title else f"[{source.description}]"


def _cut(text: str | None) -> str | None:
    if text is None or len(text) <= _MAX_VALUE_CHARS:
        return text
    return text[: _MAX_VALUE_CHARS - 1] + "…"


def _join(where: str, label: str) -> str:
    return f"{where} › {label}" if where else label
