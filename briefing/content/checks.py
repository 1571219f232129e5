"""Checks that need the whole booklet: unique ids, references between files,
quotes against their source articles, figures against their quotes, errata."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from ..problems import Problem, format_field
from .articletext import canonical_number, dates_in, figures_in, numbers_in
from .formatting import vietnamese
from .model import Award, Booklet, EventFacts, Figure, Quoted
from .placeholders import PLACEHOLDERS, unknown_placeholders
from .review import missing_colophon_fields
from .wording import award_problems, figure_problems
from .yamlsource import YamlDocument

BOOKLET_FILE = "booklet.yaml"
BACKGROUND_FILE = "background.yaml"
COMPARISON_FILE = "comparison.yaml"
ERRATA_FILE = "errata.yaml"


def publication_problems(booklet: Booklet, meta_doc: YamlDocument) -> list[Problem]:
    """What a printed publication must state that the colophon leaves empty (warnings)."""
    return [
        meta_doc.problem(
            ("colophon", name),
            f"colophon.{name}",
            f"chưa điền mục “{label}”; xuất bản phẩm in phát hành phải ghi ở trang cuối",
            severity="warning",
        )
        for name, label in missing_colophon_fields(booklet).items()
    ]


def normalise_space(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def walk(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every model, list item and mapping value under ``node``, with its YAML path."""
    yield path, node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from walk(getattr(node, name), (*path, name))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk(item, (*path, index))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))


def check_booklet(booklet: Booklet, docs: dict[str, YamlDocument]) -> list[Problem]:
    """Every cross-file problem of a booklet whose files are each valid."""
    return _Checker(booklet, docs).run()


class _Checker:
    def __init__(self, booklet: Booklet, docs: dict[str, YamlDocument]):
        self.booklet = booklet
        self.docs = docs
        self.problems: list[Problem] = []
        self.sources = {sid: normalise_space(text) for sid, text in booklet.source_texts.items()}
        self.records = {s.id for s in booklet.meta.sources if s.is_record}
        self.provinces = {p.slug: p for p in booklet.provinces}

    def report(self, filename: str, path: tuple, message: str) -> None:
        self.problems.append(self.docs[filename].problem(path, format_field(path), message))

    def run(self) -> list[Problem]:
        self.check_unique_ids()
        self.check_quotes()
        self.check_references()
        self.check_errata()
        self.check_front_and_back_matter()
        self.check_practice_names()
        self.check_dates()
        return self.problems

    # ids ---------------------------------------------------------------------

    def check_unique_ids(self) -> None:
        b = self.booklet
        self._unique(BOOKLET_FILE, [(("sources", i), s.id) for i, s in enumerate(b.meta.sources)])
        self._unique(BACKGROUND_FILE, [(("documents", i), d.id) for i, d in enumerate(b.background.documents)])
        self._unique(BACKGROUND_FILE, [(("events", i), e.id) for i, e in enumerate(b.background.events)])
        self._same_document_twice()
        for p in b.provinces:
            filename = f"{p.slug}.yaml"
            self._unique(filename, [(("models", i), m.id) for i, m in enumerate(p.models)])
            self._unique(filename, [(("lessons", i), lesson.id) for i, lesson in enumerate(p.lessons)])
            self._unique(filename, [(path, node.id) for path, node in walk(p) if isinstance(node, Figure)])

    def _same_document_twice(self) -> None:
        """One document under two ids (“03-CT/TW” and “03-CT/T.Ư”): the booklet would list it twice."""
        first: dict[tuple[str, str], tuple[int, str]] = {}
        for i, document in enumerate(self.booklet.background.documents):
            key = (document.kind.lower(), canonical_number(document.number))
            if key in first:
                index, other = first[key]
                message = (f"văn bản {document.title} đã có ở documents[{index}] (mã “{other}”); gộp hai mục làm "
                           f"một và dẫn tới mã “{other}”")  # fmt: skip
                self.report(BACKGROUND_FILE, ("documents", i, "number"), message)
            first.setdefault(key, (i, document.id))

    def _unique(self, filename: str, items: Iterable[tuple[tuple, str]]) -> None:
        first: dict[str, tuple] = {}
        for path, item_id in items:
            if item_id in first:
                where = format_field(first[item_id])
                self.report(filename, (*path, "id"), f"mã “{item_id}” bị trùng với {where}; đặt mã khác")
            first.setdefault(item_id, path)

    # quotes ------------------------------------------------------------------

    def check_quotes(self) -> None:
        b = self.booklet
        files = [(BOOKLET_FILE, b.meta), (BACKGROUND_FILE, b.background)]
        files += [(f"{p.slug}.yaml", p) for p in b.provinces]
        for filename, root in files:
            for path, node in walk(root):
                if isinstance(node, Quoted) and node.quote is not None:  # a document may rest on a record alone
                    self._check_quote(filename, path, node)

    def _check_quote(self, filename: str, path: tuple, node: Quoted) -> None:
        if node.source in self.records:
            message = (f"nguồn “{node.source}” là tài liệu công khai, không có bài lưu để trích; trích từ một bài "
                       "báo, và dẫn tài liệu công khai bằng “record”")  # fmt: skip
            self.report(filename, (*path, "source"), message)
        elif node.source not in self.sources:
            known = ", ".join(self.sources)
            self.report(filename, (*path, "source"), f"không có nguồn “{node.source}”; các nguồn đã khai báo: {known}")
        elif normalise_space(node.quote) not in self.sources[node.source]:
            elsewhere = [sid for sid, text in self.sources.items() if normalise_space(node.quote) in text]
            hint = (
                f"; câu này có trong nguồn “{elsewhere[0]}”: sửa “source”"
                if elsewhere
                else "; chép lại đúng từng chữ từ bài gốc"
            )
            self.report(filename, (*path, "quote"), f"câu trích không có nguyên văn trong nguồn “{node.source}”{hint}")
        elif isinstance(node, Figure) and node.value not in numbers_in(node.quote):
            self.report(
                filename,
                (*path, "value"),
                f"con số {node.value} không có trong câu trích; sửa số hoặc trích đúng câu có số đó",
            )
        elif isinstance(node, Figure):
            for field, message in figure_problems(node):
                self.report(filename, (*path, field), message)
        elif isinstance(node, Award):
            for field, message in award_problems(node):
                self.report(filename, (*path, field), message)

    # references --------------------------------------------------------------

    def check_references(self) -> None:
        b = self.booklet
        documents = {d.id for d in b.background.documents}
        for p in b.provinces:
            for i, doc_id in enumerate(p.organisation.documents):
                self._expect(f"{p.slug}.yaml", ("organisation", "documents", i), doc_id, documents,
                             f"không có văn bản “{doc_id}” trong {BACKGROUND_FILE} (documents)")  # fmt: skip
        events = {e.id for e in b.background.events}
        for p in b.provinces:
            for i, meeting in enumerate(p.organisation.meetings):
                if meeting.event is not None:
                    self._expect(f"{p.slug}.yaml", ("organisation", "meetings", i, "event"), meeting.event, events,
                                 f"không có sự kiện “{meeting.event}” trong {BACKGROUND_FILE} (events)")  # fmt: skip
        if b.meta.directive is not None:
            self._expect(BOOKLET_FILE, ("directive",), b.meta.directive, documents,
                         f"không có văn bản “{b.meta.directive}” trong {BACKGROUND_FILE} (documents)")  # fmt: skip
        for filename, path, event in self._events():
            for field in ("reviews", "launches"):
                doc_id = getattr(event, field)
                if doc_id is not None:
                    self._expect(filename, (*path, field), doc_id, documents,
                                 f"không có văn bản “{doc_id}” trong {BACKGROUND_FILE} (documents)")  # fmt: skip
        for p in b.provinces:
            for i, award in enumerate(p.awards):
                if award.document is not None:
                    message = f"không có văn bản “{award.document}” trong {BACKGROUND_FILE} (documents)"
                    self._expect(f"{p.slug}.yaml", ("awards", i, "document"), award.document, documents, message)
        for filename, path, item in self._with_records():
            if item.record is not None:
                self._expect(filename, (*path, "record"), item.record, self.records,
                             f"không có tài liệu công khai “{item.record}” trong {BOOKLET_FILE} (sources không có "
                             "“file”)")  # fmt: skip
        for i, event in enumerate(b.background.events):
            if event.province is not None:
                self._province(BACKGROUND_FILE, ("events", i, "province"), event.province)
        for i, doc in enumerate(b.background.documents):
            if doc.province is not None:
                self._province(BACKGROUND_FILE, ("documents", i, "province"), doc.province)
        for i, passage in enumerate(b.background.intro):
            if passage.province is not None:
                self._province(BACKGROUND_FILE, ("intro", i, "province"), passage.province)
        for i, question in enumerate(b.meta.discussion):
            if question.province is not None:
                self._province(BOOKLET_FILE, ("discussion", i, "province"), question.province)
        for i, ref in enumerate(b.meta.key_figures):
            slug, figure_id = ref.split("/")
            if not self._province(BOOKLET_FILE, ("key_figures", i), slug):
                continue
            figures = {f.id: f for f in self.provinces[slug].all_figures}
            message = f"không có số liệu “{figure_id}” trong {slug}.yaml"
            if self._expect(BOOKLET_FILE, ("key_figures", i), figure_id, figures, message):
                self._result_only(("key_figures", i), figures[figure_id])
        for r, row in enumerate(b.comparison.rows):
            for slug, cell in row.cells.items():
                where = ("rows", r, "cells", slug)
                if not self._province(COMPARISON_FILE, where, slug):
                    continue
                if cell.text is None and not cell.models and cell.gap is None:
                    self.report(COMPARISON_FILE, where, "ô trống; ghi “text”, “models”, hoặc “gap” nếu bài không nêu")
                known = {m.id for m in self.provinces[slug].models}
                for i, model_id in enumerate(cell.models):
                    self._expect(COMPARISON_FILE, (*where, "models", i), model_id, known,
                                 f"không có mô hình “{model_id}” trong {slug}.yaml")  # fmt: skip
        for s, shared in enumerate(b.comparison.shared_lessons):
            for slug, lesson_ids in shared.lessons.items():
                where = ("shared_lessons", s, "lessons", slug)
                if not self._province(COMPARISON_FILE, where, slug):
                    continue
                known = {lesson.id for lesson in self.provinces[slug].lessons}
                for i, lesson_id in enumerate(lesson_ids):
                    self._expect(COMPARISON_FILE, (*where, i), lesson_id, known,
                                 f"không có bài học “{lesson_id}” trong {slug}.yaml")  # fmt: skip

    def _events(self) -> Iterator[tuple[str, tuple, EventFacts]]:
        """Every event, background and provinces', with its file and path."""
        for i, event in enumerate(self.booklet.background.events):
            yield BACKGROUND_FILE, ("events", i), event
        for p in self.booklet.provinces:
            for i, event in enumerate(p.events):
                yield f"{p.slug}.yaml", ("events", i), event

    def _with_records(self) -> Iterator[tuple[str, tuple, Any]]:
        b = self.booklet
        for i, document in enumerate(b.background.documents):
            yield BACKGROUND_FILE, ("documents", i), document
        yield from self._events()
        for i, inference in enumerate(b.meta.inferences):
            yield BOOKLET_FILE, ("inferences", i), inference

    def _result_only(self, path: tuple, figure: Figure) -> None:
        if not figure.is_result:
            kind = figure.kind_label.lower()
            message = f"“{figure.id}” là {kind} (kind: {figure.kind}), không phải kết quả; "
            message += "số liệu nổi bật chỉ lấy kết quả"
            self.report(BOOKLET_FILE, path, message)

    def _province(self, filename: str, path: tuple, slug: str) -> bool:
        return self._expect(filename, path, slug, self.provinces.keys(),
                            f"không có tỉnh “{slug}” trong {BOOKLET_FILE} (provinces)")  # fmt: skip

    def _expect(self, filename: str, path: tuple, ref: str, known: Iterable[str], message: str) -> bool:
        """Report ``message`` at ``path`` unless ``ref`` is one of ``known``."""
        if ref in known:
            return True
        self.report(filename, path, message)
        return False

    # front and back matter -----------------------------------------------------

    def check_front_and_back_matter(self) -> None:
        meta = self.booklet.meta
        for i, source in enumerate(meta.sources):
            if source.title is None and source.description is None:
                message = "ghi “title” (tiêu đề bài) hoặc, nếu bài không có tiêu đề, “description”"
                self.report(BOOKLET_FILE, ("sources", i), message)
            if source.is_record and not (source.url or source.outlet):
                message = ("tài liệu công khai (nguồn không có “file”) cần “url” hoặc “outlet”: nơi người đọc tìm "
                           "lại được; bài báo đã lưu thì ghi “file”")  # fmt: skip
                self.report(BOOKLET_FILE, ("sources", i), message)
        if meta.foreword:
            for i, paragraph in enumerate(meta.foreword.paragraphs):
                if found := figures_in(paragraph):
                    self.report(
                        BOOKLET_FILE,
                        ("foreword", "paragraphs", i),
                        f"lời giới thiệu không nêu số liệu (có “{found[0]}”); "
                        "số liệu đưa vào chương tỉnh, kèm câu trích",
                    )
        for i, question in enumerate(meta.discussion):
            if not question.text.rstrip().endswith("?"):
                self.report(BOOKLET_FILE, ("discussion", i), "mỗi mục là một câu hỏi, kết thúc bằng dấu “?”")
        self.check_placeholders()

    def check_placeholders(self) -> None:
        """Only the fields written for every edition name provinces by placeholder, and only known ones."""
        meta = self.booklet.meta
        texts = [(("subtitle",), meta.subtitle)]
        texts += [(("keywords", i), keyword) for i, keyword in enumerate(meta.keywords)]
        if meta.foreword:
            texts += [(("foreword", "paragraphs", i), text) for i, text in enumerate(meta.foreword.paragraphs)]
        texts += [(("discussion", i), question.text) for i, question in enumerate(meta.discussion)]
        known = ", ".join(PLACEHOLDERS)
        for path, text in texts:
            for unknown in unknown_placeholders(text):
                self.report(BOOKLET_FILE, path, f"không có chỗ điền “{unknown}”; dùng {known}")

    def check_practice_names(self) -> None:
        """Practice names are printed in quotation marks, as official names: the article must give them so."""
        for p in self.booklet.provinces:
            for m, model in enumerate(p.models):
                for i, name in enumerate(model.practices):
                    if not self.booklet.named_in_article(name, model.source):
                        self.report(
                            f"{p.slug}.yaml",
                            ("models", m, "practices", i),
                            f"bài báo không có tên “{name}” trong ngoặc kép; chép đúng tên bài báo nêu",
                        )

    # dates -------------------------------------------------------------------

    def check_dates(self) -> None:
        """A date the booklet prints must be written in the words quoted for it, or in a public record cited;
        a year the editors inferred says why; the booklet is not dated before what it reports."""
        b = self.booklet
        for i, doc in enumerate(b.background.documents):
            if doc.date is not None and doc.record is None:
                evidence = doc.date_evidence or doc
                field = ("documents", i, "date_evidence" if doc.date_evidence else "date")
                self._date_in_quote(BACKGROUND_FILE, field, doc.date, evidence.quote)
        for filename, path, event in self._events():
            if event.date is not None and event.record is None:
                self._date_in_quote(filename, (*path, "date"), event.date, event.quote,
                                    year_inferred=event.year_inferred, may_infer_year=True)  # fmt: skip
                if event.year_inferred and not self._reasoned(event):
                    message = (f"năm {event.date.year} do ban biên soạn suy ra nhưng chưa ghi căn cứ; ghi "
                               "“year_reasoning” (vì sao là năm đó), hoặc thêm một mục “inferences” trong "
                               f"{BOOKLET_FILE} trích đúng câu này")  # fmt: skip
                    self.report(filename, (*path, "year_inferred"), message)
        for p in b.provinces:
            for i, meeting in enumerate(p.organisation.meetings):
                if meeting.date is not None:
                    self._date_in_quote(f"{p.slug}.yaml", ("organisation", "meetings", i, "date"), meeting.date,
                                        meeting.quote)  # fmt: skip
        self._dated_after_what_it_reports()

    def _reasoned(self, event: EventFacts) -> bool:
        if event.year_reasoning:
            return True
        quote = normalise_space(event.quote)
        for inference in self.booklet.meta.inferences:
            if inference.source == event.source:
                theirs = normalise_space(inference.quote)
                if theirs in quote or quote in theirs:
                    return True
        return False

    def _dated_after_what_it_reports(self) -> None:
        b = self.booklet
        dated = [(event.date, getattr(event, "heading", None) or event.title, filename, path)
                 for filename, path, event in self._events() if event.date]  # fmt: skip
        for p in b.provinces:
            for i, meeting in enumerate(p.organisation.meetings):
                if meeting.date:
                    dated.append((meeting.date, meeting.title, f"{p.slug}.yaml", ("organisation", "meetings", i)))
        for i, doc in enumerate(b.background.documents):
            if doc.date:
                dated.append((doc.date, doc.title, BACKGROUND_FILE, ("documents", i)))
        if not dated:
            return
        latest, what, filename, _ = max(dated, key=lambda item: item[0])
        if (latest.year, latest.month) > (b.meta.date.year, b.meta.date.month):
            fmt = vietnamese()
            message = (f"tài liệu đề {fmt.month(b.meta.date)}, trước “{what}” ({fmt.short_date(latest)}, trong "
                       f"{filename}) mà tài liệu kể lại; sửa “date” thành ngày làm tài liệu")  # fmt: skip
            self.report(BOOKLET_FILE, ("date",), message)

    def _date_in_quote(
        self,
        filename: str,
        path: tuple,
        date: datetime.date,
        quote: str,
        year_inferred: bool = False,
        may_infer_year: bool = False,
    ) -> None:
        mentions = dates_in(normalise_space(quote))
        if any(m.matches(date.day, date.month, None if year_inferred else date.year) for m in mentions):
            return
        if any(m.matches(date.day, date.month, None) and m.year is None for m in mentions):
            fix = (
                "nếu năm do ban biên soạn suy ra, ghi thêm “year_inferred: true” và nêu căn cứ ở “inferences”"
                if may_infer_year
                else "trích câu có ngày đủ năm, hoặc bỏ “date”"
            )
            message = f"câu trích chỉ ghi ngày {date.day}/{date.month}, không ghi năm {date.year}; {fix}"
        else:
            message = f"ngày {date.day}/{date.month}/{date.year} không có trong câu trích; trích đúng câu có ngày đó"
        self.report(filename, path, message)

    # errata ------------------------------------------------------------------

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
