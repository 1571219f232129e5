"""Load the content folder into a validated ``Booklet``, or report every problem.

Two passes, as mkdocs does with its config: first every file is parsed and
checked against its schema and for text hygiene, and all problems of all files
are collected; then, if every file has the right shape, references between
files and quotes against their source articles are checked, again collecting
everything before giving up.
"""

from __future__ import annotations

import difflib
import re
import types
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..confine import OUTSIDE, outside_content
from ..oserrors import reason
from ..problems import ContentError, Problem, display_path, format_field
from .checks import (
    BACKGROUND_FILE,
    BOOKLET_FILE,
    COMPARISON_FILE,
    ERRATA_FILE,
    check_booklet,
    publication_problems,
)
from .completeness import completeness_problems
from .framing import framing_problems
from .hygiene import check_text
from .messages import vietnamese_message
from .migrate import upgrade
from .model import Background, Booklet, Comparison, Erratum, Meta, Province
from .yamlsource import YamlDocument, load_yaml

EMPTY_FILE = "tệp không có dữ liệu (trống hoặc chỉ có chú thích); hãy điền nội dung, hoặc viết [] nếu là danh sách rỗng"


def load_booklet(content_dir: Path, strict: bool = False) -> Booklet:
    """Read and validate ``content_dir``.

    Raise ``ContentError`` with every problem if any is an error (or, when
    ``strict``, a warning); otherwise return the booklet and its warnings.
    """
    return _Loader(content_dir, strict).load()


class _Loader:
    def __init__(self, content_dir: Path, strict: bool):
        self.content_dir = content_dir
        self.strict = strict
        self.problems: list[Problem] = []

    def load(self) -> Booklet:
        meta_doc = self._read(BOOKLET_FILE)
        province_docs = {}
        for index, slug in enumerate(_province_slugs(meta_doc)):
            if (self.content_dir / f"{slug}.yaml").is_file():
                province_docs[slug] = self._read(f"{slug}.yaml", extra={"slug": slug})
            else:
                message = f"không có tệp {slug}.yaml trong thư mục nội dung; tạo tệp hoặc sửa tên"
                self.problems.append(meta_doc.problem(("provinces", index), f"provinces[{index}]", message))
        background_doc = self._read(BACKGROUND_FILE)
        comparison_doc = self._read(COMPARISON_FILE)
        errata_doc = self._read(ERRATA_FILE)

        meta = self._validate(meta_doc, Meta)
        background = self._validate(background_doc, Background)
        comparison = self._validate(comparison_doc, Comparison)
        errata = self._validate(errata_doc, list[Erratum])
        provinces = [self._validate(doc, Province) for doc in province_docs.values()]
        if self._failed():
            raise ContentError(self.problems)

        source_texts = self._read_sources(meta, meta_doc)
        if self._failed():
            raise ContentError(self.problems)
        booklet = Booklet(meta, background, provinces, comparison, errata, source_texts)
        docs = {
            BOOKLET_FILE: meta_doc,
            BACKGROUND_FILE: background_doc,
            COMPARISON_FILE: comparison_doc,
            ERRATA_FILE: errata_doc,
            **{f"{slug}.yaml": doc for slug, doc in province_docs.items()},
        }
        self.problems += check_booklet(booklet, docs)
        publication = publication_problems(booklet, meta_doc)
        self.problems += completeness_problems(booklet, docs, self.content_dir)
        notes = []
        if not self._failed():  # framing reads through the references, so only once they all resolve
            framing, notes = framing_problems(booklet, docs)
            self.problems += framing
        if self.strict:  # "before printing": a publication needs its colophon filled in
            self.problems += publication
        if self._failed(strict=self.strict):
            raise ContentError(self.problems)
        files = (*docs, *(source.file for source in meta.sources if not source.is_record))
        warnings, publication = tuple(sorted(self.problems)), tuple(publication)
        return Booklet(meta, background, provinces, comparison, errata, source_texts, warnings, files, publication,
                       notes=tuple(sorted(notes)))  # fmt: skip

    def _failed(self, strict: bool = False) -> bool:
        return any(p.severity == "error" or (strict and p.severity == "warning") for p in self.problems)

    def _read(self, filename: str, extra: dict[str, Any] | None = None) -> YamlDocument:
        name = display_path(self.content_dir / filename)
        path = self.content_dir / filename
        if not path.is_file():
            self.problems.append(Problem(name, 1, 1, "", "không tìm thấy tệp; mỗi tập tài liệu cần tệp này"))
            return YamlDocument(name, None)
        if outside_content(self.content_dir, path):
            self.problems.append(Problem(name, 1, 1, "", OUTSIDE))
            return YamlDocument(name, None)
        document, problems = load_yaml(path, name)
        self.problems += problems
        if document is None:
            return YamlDocument(name, None)
        if not document.positions:  # nothing but comments and blank lines
            self.problems.append(Problem(name, 1, 1, "", EMPTY_FILE))
            return document
        self.problems += check_text(document)
        for path, message in upgrade(filename, document.data):
            self.problems.append(document.problem(path, format_field(path), message, "warning", key=True))
        if isinstance(document.data, (dict, list)):
            inherit_sources(document.data)
        if extra and isinstance(document.data, dict):
            document.data.update(extra)
        return document

    def _validate(self, document: YamlDocument, annotation: Any) -> Any:
        if not document.positions:
            return None  # missing or unreadable; already reported
        self.problems += unknown_keys(document, annotation)
        try:
            return TypeAdapter(annotation).validate_python(document.data)
        except ValidationError as error:
            # A value the YAML reader already refused (2014-02-30) is reported once.
            located = {(p.file, p.line, p.column) for p in self.problems}
            self.problems += [p for p in _problems_from(error, document) if (p.file, p.line, p.column) not in located]
            return None

    def _read_sources(self, meta: Meta, meta_doc: YamlDocument) -> dict[str, str]:
        texts = {}
        for index, source in enumerate(meta.sources):
            if source.is_record:  # a public record consulted: no saved text
                continue
            path = self.content_dir / source.file
            where = ("sources", index, "file")
            if outside_content(self.content_dir, path):
                self.problems.append(
                    meta_doc.problem(where, format_field(where), "tệp nguồn phải nằm trong thư mục nội dung")
                )
                continue
            if not path.is_file():  # a folder, or a pipe that would block the build
                message = f"không có tệp nguồn {source.file} trong thư mục nội dung"
                self.problems.append(meta_doc.problem(where, format_field(where), message))
                continue
            try:
                texts[source.id] = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
            except OSError as error:
                message = f"không đọc được tệp nguồn {source.file} ({reason(error)})"
                self.problems.append(meta_doc.problem(where, format_field(where), message))
            except UnicodeDecodeError:
                message = f"không đọc được tệp nguồn {source.file} (cần tệp văn bản UTF-8)"
                self.problems.append(meta_doc.problem(where, format_field(where), message))
        return texts


def content_files(content_dir: Path, booklet: Booklet) -> list[Path]:
    """Every file the booklet was made from, in a stable order."""
    return [content_dir / name for name in booklet.files]


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


def unknown_keys(document: YamlDocument, annotation: Any) -> list[Problem]:
    """Warn about keys the schema does not know (usually a misspelt field name).

    Walks the raw data beside the schema, so a misspelling is reported even
    when the same mapping also fails validation.
    """
    found: list[Problem] = []

    def visit(data: Any, annotation: Any, path: tuple) -> None:
        origin, args = get_origin(annotation), get_args(annotation)
        if origin in (Union, types.UnionType):
            for arg in args:
                visit(data, arg, path)
        elif origin is list and isinstance(data, list):
            for index, item in enumerate(data):
                visit(item, args[0], (*path, index))
        elif origin is dict and isinstance(data, dict):
            for key, value in data.items():
                visit(value, args[1], (*path, key))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(data, dict):
            fields = annotation.model_fields
            for key, value in data.items():
                if key in fields:
                    visit(value, fields[key].annotation, (*path, key))
                else:
                    message = "trường không có trong mẫu nên bị bỏ qua; kiểm tra lỗi gõ tên trường hoặc xóa dòng này"
                    if close := difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.7):
                        message = f"trường không có trong mẫu nên bị bỏ qua; có phải ý là “{close[0]}”?"
                    where = (*path, key)
                    found.append(document.problem(where, format_field(where), message, "warning", key=True))
        elif origin is Annotated:
            visit(data, args[0], path)

    visit(document.data, annotation, ())
    return found


def _province_slugs(meta_doc: YamlDocument) -> list[str]:
    """The province list, read leniently so provinces are checked even if booklet.yaml is not."""
    data = meta_doc.data
    listed = data.get("provinces") if isinstance(data, dict) else None
    if not isinstance(listed, list):
        return []
    return [s for s in listed if isinstance(s, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s)]


def _problems_from(error: ValidationError, document: YamlDocument) -> list[Problem]:
    problems = []
    for item in error.errors():
        # pydantic adds markers such as "[key]" or "function-after[...]" to locations.
        path = tuple(part for part in item["loc"] if not (isinstance(part, str) and "[" in part))
        problems.append(document.problem(path, format_field(path), vietnamese_message(item)))
    return problems
