"""Is the content whole? Warnings (errors under ``check --strict``) for what a new
province or a new source easily leaves half done: a province file not listed, a
comparison row silent about a province, text about the provinces that leaves one
out, a source nothing cites."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..problems import Problem, format_field
from .checks import BOOKLET_FILE, COMPARISON_FILE
from .model import Booklet
from .placeholders import PROVINCE_PLACEHOLDERS, has_places
from .yamlsource import YamlDocument

PLACES_HINT = f"dùng {' hoặc '.join(PROVINCE_PLACEHOLDERS)} để tự điền tên các tỉnh của từng tài liệu"


def completeness_problems(booklet: Booklet, docs: dict[str, YamlDocument], content_dir: Path) -> list[Problem]:
    return _Completeness(booklet, docs, content_dir).run()


class _Completeness:
    def __init__(self, booklet: Booklet, docs: dict[str, YamlDocument], content_dir: Path):
        self.booklet = booklet
        self.docs = docs
        self.content_dir = content_dir
        self.problems: list[Problem] = []

    def warn(self, filename: str, path: tuple, message: str) -> None:
        self.problems.append(self.docs[filename].problem(path, format_field(path), message, "warning"))

    def run(self) -> list[Problem]:
        self.unlisted_files()
        self.comparison_gaps()
        self.texts_naming_provinces()
        self.uncited_sources()
        return self.problems

    def unlisted_files(self) -> None:
        """A YAML file beside the others that no list names: usually a province file not yet listed."""
        listed = {*self.docs, *(f"{slug}.yaml" for slug in self.booklet.meta.provinces)}
        for path in sorted(self.content_dir.glob("*.yaml")):
            if path.name not in listed:
                self.warn(
                    BOOKLET_FILE,
                    ("provinces",),
                    f"tệp {path.name} có trong thư mục nội dung nhưng không có trong danh sách; nếu là tệp tỉnh, "
                    f"thêm “{path.stem}” vào “provinces”",
                )

    def comparison_gaps(self) -> None:
        provinces = self.booklet.provinces
        if len(provinces) < 2:
            return  # no comparison is printed
        for r, row in enumerate(self.booklet.comparison.rows):
            for p in provinces:
                if p.slug not in row.cells:
                    self.warn(
                        COMPARISON_FILE,
                        ("rows", r, "cells"),
                        f"hàng “{row.aspect}” chưa có ô cho tỉnh “{p.slug}”; nếu bài báo không nêu, ghi "
                        f"“{p.slug}: {{gap: …}}” với chữ muốn in",
                    )

    def texts_naming_provinces(self) -> None:
        """Text about the provinces names every one of them, or names them through a placeholder."""
        meta = self.booklet.meta
        self._names_all(("subtitle",), "Phụ đề", [meta.subtitle])
        self._names_all(("keywords",), "Từ khóa", meta.keywords)
        if meta.foreword:
            self._names_all(("foreword", "paragraphs"), "Lời giới thiệu", meta.foreword.paragraphs)

    def _names_all(self, path: tuple, what: str, texts: Iterable[str]) -> None:
        texts = list(texts)
        if any(has_places(text) for text in texts):
            return
        whole = " ".join(texts)
        names = [p.name for p in self.booklet.provinces]
        if not any(name in whole for name in names):
            return  # written without naming provinces: right for any edition
        for name in names:
            if name not in whole:
                self.warn(BOOKLET_FILE, path, f"{what} không nhắc tới {name}; {PLACES_HINT}")

    def uncited_sources(self) -> None:
        booklet = self.booklet
        cited = {item.source for item in booklet.evidence} | {i.source for i in booklet.meta.inferences}
        cited |= booklet.records_cited
        for i, source in enumerate(booklet.meta.sources):
            if source.id not in cited:
                self.warn(
                    BOOKLET_FILE,
                    ("sources", i),
                    f"không câu trích nào dẫn tới nguồn “{source.id}”; dẫn tới nó (“source: {source.id}”) "
                    "hoặc xóa nguồn",
                )
