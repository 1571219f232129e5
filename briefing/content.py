"""Load the content folder into a validated ``Booklet``, or report every problem.

Two passes, as mkdocs does with its config: first every file is parsed and
checked against its schema, and all problems of all files are collected; then,
if the shapes are right, references between files and quotes against their
source articles are checked, again collecting everything before giving up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .messages import vietnamese_message
from .model import (
    Background,
    Comparison,
    Erratum,
    Figure,
    Meta,
    Province,
    Quoted,
    Source,
)
from .problems import ContentError, Problem, display_path, format_field
from .yamlsource import YamlDocument, load_yaml

BOOKLET_FILE = "booklet.yaml"
BACKGROUND_FILE = "background.yaml"
COMPARISON_FILE = "comparison.yaml"
ERRATA_FILE = "errata.yaml"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Booklet:
    """Everything one booklet is made of, validated and cross-checked."""

    meta: Meta
    background: Background
    provinces: list[Province]
    comparison: Comparison
    errata: list[Erratum]
    source_texts: dict[str, str]

    def province(self, slug: str) -> Province:
        return next(p for p in self.provinces if p.slug == slug)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.meta.sources if s.id == source_id)

    def source_number(self, source_id: str) -> int:
        """Sources are cited as [1], [2] … in the order booklet.yaml lists them."""
        return [s.id for s in self.meta.sources].index(source_id) + 1

    def figure(self, ref: str) -> tuple[Province, Figure]:
        slug, figure_id = ref.split("/")
        province = self.province(slug)
        return province, next(f for f in province.figures if f.id == figure_id)

    @property
    def figures(self) -> list[tuple[Province, Figure]]:
        """All figures in reading order; their position numbers the appendix."""
        return [(p, f) for p in self.provinces for f in p.figures]

    def figure_number(self, figure: Figure) -> int:
        return next(i for i, (_, f) in enumerate(self.figures, 1) if f is figure)

    def unshared_lessons(self, province: Province):
        shared = {
            lesson_id for row in self.comparison.shared_lessons for lesson_id in row.lessons.get(province.slug, [])
        }
        return [lesson for lesson in province.lessons if lesson.id not in shared]

    def corrected(self, text: str, source_id: str) -> str:
        """Apply the errata of ``source_id`` to a verbatim quote."""
        for erratum in self.errata:
            if erratum.source == source_id:
                text = text.replace(erratum.original, erratum.corrected)
        return text


def load_booklet(content_dir: Path) -> Booklet:
    """Read and validate ``content_dir``; raise ``ContentError`` with every problem."""
    loader = _Loader(content_dir)
    return loader.load()


class _Loader:
    def __init__(self, content_dir: Path):
        self.content_dir = content_dir
        self.problems: list[Problem] = []

    def name(self, filename: str) -> str:
        return display_path(self.content_dir / filename)

    def load(self) -> Booklet:
        meta_doc = self._read(BOOKLET_FILE)
        meta = self._validate(meta_doc, Meta)
        slugs = _province_slugs(meta_doc)
        province_docs = {}
        for index, slug in enumerate(slugs):
            if not (self.content_dir / f"{slug}.yaml").is_file():
                self.problems.append(
                    meta_doc.problem(
                        ("provinces", index),
                        f"provinces[{index}]",
                        f"không có tệp {slug}.yaml trong thư mục nội dung; tạo tệp hoặc sửa tên",
                    )
                )
                continue
            province_docs[slug] = self._read(f"{slug}.yaml", extra={"slug": slug})
        background_doc = self._read(BACKGROUND_FILE)
        comparison_doc = self._read(COMPARISON_FILE)
        errata_doc = self._read(ERRATA_FILE)

        background = self._validate(background_doc, Background)
        comparison = self._validate(comparison_doc, Comparison)
        errata = self._validate_list(errata_doc, Erratum)
        provinces = [self._validate(doc, Province) for doc in province_docs.values()]
        if self.problems:
            raise ContentError(self.problems)

        booklet = Booklet(
            meta=meta,
            background=background,
            provinces=provinces,
            comparison=comparison,
            errata=errata,
            source_texts=self._read_sources(meta, meta_doc),
        )
        if not self.problems:
            docs = {
                BOOKLET_FILE: meta_doc,
                BACKGROUND_FILE: background_doc,
                COMPARISON_FILE: comparison_doc,
                ERRATA_FILE: errata_doc,
                **{f"{slug}.yaml": doc for slug, doc in province_docs.items()},
            }
            self.problems += _CrossChecker(booklet, docs).run()
        if any(p.severity == "error" for p in self.problems):
            raise ContentError(self.problems)
        return booklet

    def _read(self, filename: str, extra: dict[str, Any] | None = None) -> YamlDocument:
        name = self.name(filename)
        path = self.content_dir / filename
        if not path.is_file():
            self.problems.append(Problem(name, 1, 1, "", "không tìm thấy tệp; mỗi tập tài liệu cần tệp này"))
            return YamlDocument(name, None)
        document, problems = load_yaml(path, name)
        self.problems += problems
        if document is None:
            return YamlDocument(name, None)
        if isinstance(document.data, (dict, list)):
            inherit_sources(document.data)
        if extra and isinstance(document.data, dict):
            document.data.update(extra)
        return document

    def _validate(self, document: YamlDocument, model: type[M]) -> M | None:
        if document.data is None and document.positions == {}:
            return None  # unreadable; already reported
        try:
            return model.model_validate(document.data)
        except ValidationError as error:
            self.problems += _problems_from(error, document)
            return None

    def _validate_list(self, document: YamlDocument, model: type[M]) -> list[M] | None:
        if document.data is None and document.positions == {}:
            return None
        if not isinstance(document.data, list):
            self.problems.append(document.problem((), "", "tệp phải là một danh sách (mỗi mục bắt đầu bằng “- ”)"))
            return None
        items = []
        for index, item in enumerate(document.data):
            try:
                items.append(model.model_validate(item))
            except ValidationError as error:
                self.problems += _problems_from(error, document, prefix=(index,))
        return items

    def _read_sources(self, meta: Meta, meta_doc: YamlDocument) -> dict[str, str]:
        texts = {}
        root = self.content_dir.resolve()
        for index, source in enumerate(meta.sources):
            path = (self.content_dir / source.file).resolve()
            where = ("sources", index, "file")
            if not path.is_relative_to(root):
                self.problems.append(
                    meta_doc.problem(where, format_field(where), "tệp nguồn phải nằm trong thư mục nội dung")
                )
                continue
            try:
                texts[source.id] = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self.problems.append(
                    meta_doc.problem(
                        where, format_field(where), f"không đọc được tệp nguồn {source.file} (cần tệp văn bản UTF-8)"
                    )
                )
        return texts


def inherit_sources(data: Any, inherited: str | None = None) -> None:
    """Give every quoted mapping without ``source`` its nearest parent's source.

    A province file names its article once at the top; quotes inside it need
    not repeat it.
    """
    if isinstance(data, dict):
        own = data.get("source")
        current = own if isinstance(own, str) else inherited
        if "quote" in data and "source" not in data and current is not None:
            data["source"] = current
        for value in data.values():
            inherit_sources(value, current)
    elif isinstance(data, list):
        for item in data:
            inherit_sources(item, inherited)


def _province_slugs(meta_doc: YamlDocument) -> list[str]:
    """The province list, read leniently so provinces are checked even if booklet.yaml is not."""
    data = meta_doc.data
    listed = data.get("provinces") if isinstance(data, dict) else None
    if not isinstance(listed, list):
        return []
    return [s for s in listed if isinstance(s, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s)]


def _problems_from(error: ValidationError, document: YamlDocument, prefix: tuple = ()) -> list[Problem]:
    problems = []
    for item in error.errors():
        # pydantic adds markers such as "[key]" or "function-after[...]" to locations.
        path = (*prefix, *(part for part in item["loc"] if not (isinstance(part, str) and "[" in part)))
        at_key = item["type"] == "extra_forbidden"  # point at the misspelt key, not its value
        problems.append(document.problem(path, format_field(path), vietnamese_message(item), key=at_key))
    return problems


# --- references and sources ---------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}


def numbers_in(text: str) -> set[Decimal]:
    """Numbers written the Vietnamese way in ``text``: "1.080" → 1080, "6,5 tỷ" → 6.5e9."""
    found = set()
    for match in _NUMBER.finditer(text):
        value = Decimal(match.group().replace(".", "").replace(",", "."))
        found.add(value)
        following = text[match.end() :].split(maxsplit=1)
        if following and following[0] in _SCALES:
            found.add(value * _SCALES[following[0]])
    return found


def normalise_space(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


class _CrossChecker:
    """Checks that need the whole booklet: ids, references, quotes, errata."""

    def __init__(self, booklet: Booklet, docs: dict[str, YamlDocument]):
        self.booklet = booklet
        self.docs = docs
        self.problems: list[Problem] = []
        self.sources = {sid: normalise_space(text) for sid, text in booklet.source_texts.items()}

    def report(self, filename: str, path: tuple, message: str) -> None:
        self.problems.append(self.docs[filename].problem(path, format_field(path), message))

    def run(self) -> list[Problem]:
        self.check_unique_ids()
        self.check_quotes()
        self.check_references()
        self.check_errata()
        return self.problems

    def check_unique_ids(self) -> None:
        b = self.booklet
        self._unique(BOOKLET_FILE, ("sources",), [s.id for s in b.meta.sources])
        self._unique(BACKGROUND_FILE, ("documents",), [d.id for d in b.background.documents])
        for p in b.provinces:
            self._unique(f"{p.slug}.yaml", ("models",), [m.id for m in p.models])
            self._unique(f"{p.slug}.yaml", ("lessons",), [lesson.id for lesson in p.lessons])
            seen: dict[str, tuple] = {}
            for path, node in _walk(p):
                if isinstance(node, Figure):
                    if node.id in seen:
                        self.report(
                            f"{p.slug}.yaml",
                            (*path, "id"),
                            f"mã số liệu “{node.id}” bị trùng với {format_field(seen[node.id])}; đặt mã khác",
                        )
                    seen.setdefault(node.id, path)

    def _unique(self, filename: str, path: tuple, ids: list[str]) -> None:
        first: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in first:
                where = format_field((*path, first[item_id]))
                self.report(filename, (*path, index, "id"), f"mã “{item_id}” bị trùng với {where}; đặt mã khác")
            first.setdefault(item_id, index)

    def check_quotes(self) -> None:
        b = self.booklet
        files = [(BACKGROUND_FILE, b.background)] + [(f"{p.slug}.yaml", p) for p in b.provinces]
        for filename, root in files:
            for path, node in _walk(root):
                if isinstance(node, Quoted):
                    self._check_quote(filename, path, node)

    def _check_quote(self, filename: str, path: tuple, node: Quoted) -> None:
        if node.source not in self.sources:
            known = ", ".join(self.sources)
            self.report(filename, (*path, "source"), f"không có nguồn “{node.source}”; các nguồn đã khai báo: {known}")
            return
        if normalise_space(node.quote) not in self.sources[node.source]:
            self.report(
                filename,
                (*path, "quote"),
                f"câu trích không có nguyên văn trong nguồn “{node.source}”; chép lại đúng từng chữ từ bài gốc",
            )
        elif isinstance(node, Figure) and node.value not in numbers_in(node.quote):
            self.report(
                filename,
                (*path, "value"),
                f"con số {node.value} không có trong câu trích; sửa số hoặc trích đúng câu có số đó",
            )

    def check_references(self) -> None:
        b = self.booklet
        provinces = {p.slug: p for p in b.provinces}
        documents = {d.id for d in b.background.documents}
        for p in b.provinces:
            for index, doc_id in enumerate(p.organisation.documents):
                if doc_id not in documents:
                    self.report(
                        f"{p.slug}.yaml",
                        ("organisation", "documents", index),
                        f"không có văn bản “{doc_id}” trong {BACKGROUND_FILE} (documents)",
                    )
        for index, ref in enumerate(b.meta.key_figures):
            slug, figure_id = ref.split("/")
            if slug not in provinces:
                self.report(BOOKLET_FILE, ("key_figures", index), f"không có tỉnh “{slug}” trong provinces")
            elif figure_id not in {f.id for f in provinces[slug].figures}:
                self.report(BOOKLET_FILE, ("key_figures", index), f"không có số liệu “{figure_id}” trong {slug}.yaml")
        for r, row in enumerate(b.comparison.rows):
            for slug, cell in row.cells.items():
                where = ("rows", r, "cells", slug)
                if slug not in provinces:
                    self.report(COMPARISON_FILE, where, f"không có tỉnh “{slug}” trong {BOOKLET_FILE} (provinces)")
                    continue
                if cell.text is None and not cell.models:
                    self.report(COMPARISON_FILE, where, "ô trống; ghi “text” hoặc “models”")
                model_ids = {m.id for m in provinces[slug].models}
                for m, model_id in enumerate(cell.models):
                    if model_id not in model_ids:
                        self.report(
                            COMPARISON_FILE, (*where, "models", m), f"không có mô hình “{model_id}” trong {slug}.yaml"
                        )
        for s, shared in enumerate(b.comparison.shared_lessons):
            for slug, lesson_ids in shared.lessons.items():
                where = ("shared_lessons", s, "lessons", slug)
                if slug not in provinces:
                    self.report(COMPARISON_FILE, where, f"không có tỉnh “{slug}” trong {BOOKLET_FILE} (provinces)")
                    continue
                known = {lesson.id for lesson in provinces[slug].lessons}
                for i, lesson_id in enumerate(lesson_ids):
                    if lesson_id not in known:
                        self.report(COMPARISON_FILE, (*where, i), f"không có bài học “{lesson_id}” trong {slug}.yaml")

    def check_errata(self) -> None:
        for index, erratum in enumerate(self.booklet.errata):
            if erratum.source not in self.sources:
                self.report(ERRATA_FILE, (index, "source"), f"không có nguồn “{erratum.source}”")
            elif normalise_space(erratum.original) not in self.sources[erratum.source]:
                self.report(
                    ERRATA_FILE,
                    (index, "original"),
                    f"không tìm thấy “{erratum.original}” trong nguồn “{erratum.source}”",
                )


def _walk(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every model, list item and mapping value under ``node``, with its YAML path."""
    yield path, node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk(getattr(node, name), (*path, name))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, (*path, index))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
