"""Typed content of a booklet, validated by pydantic.

Field names are the YAML keys officers type, so they stay short and English;
every value they hold is Vietnamese text for the booklet.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from ..problems import Problem
from .authority import document_issuer_rank, rank
from .formatting import vietnamese
from .holdings import held
from .placeholders import COMPILER, DIRECTIVE, HOLDS, empty_placeholders, fill, has_places, join, place_values
from .yamlsource import UnquotedText

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
FigureRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$")]

CATEGORY_LABELS = {
    "tiet-kiem": "Tiết kiệm",
    "cong-dong": "Cộng đồng, an sinh",
    "an-ninh": "An ninh, trật tự",
    "dang-vien": "Đảng viên, cơ sở",
    "khac": "Khác",
}
Category = Literal["tiet-kiem", "cong-dong", "an-ninh", "dang-vien", "khac"]
Qualifier = Literal["trên", "hơn", "gần", "khoảng", "ít nhất", "tối đa"]
# What a figure is: what was achieved (the default), what was aimed at, or a rule people keep.
FigureKind = Literal["result", "target", "rule"]
# How a non-result is introduced in print: a rule ("ít nhất 1.000 đồng mỗi ngày") is a norm people keep,
# not necessarily a written regulation, so "Định mức", not "Quy định".
FIGURE_KIND_LABELS = {"result": "Kết quả", "target": "Chỉ tiêu", "rule": "Định mức"}


def _not_text(value):
    """A number typed in quotation marks ("44") is text to YAML: refuse it rather than read it as a number.
    So is one written a way YAML 1.1 read as a number and YAML 1.2 does not (yamlsource.UnquotedText):
    say what was meant.

    Other text ("tám") goes on to the number's own check and its message.
    """
    if isinstance(value, UnquotedText):
        raise ValueError(_what_was_meant(value))
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?[\d.,]+\s*", value):
        raise ValueError(f"con số “{value}” được viết như chữ; bỏ dấu ngoặc kép quanh con số")
    return value


def _what_was_meant(text: str) -> str:
    if re.fullmatch(r"0\d+", text):
        return f"“{text}”: số không viết số 0 ở đầu; ghi {int(text)}"
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return f"“{text}”: ghi số liền, không có dấu chấm ngăn hàng nghìn: {text.replace('.', '')}"
    if re.fullmatch(r"\d+(?:,\d+)?", text):
        return f"“{text}”: phần lẻ viết bằng dấu chấm, ví dụ {text.replace(',', '.')}"
    if ":" in text:
        return f"“{text}” không phải một con số (đọc như giờ, phút); ghi một số nguyên"
    return f"“{text}” không phải một con số; ghi số bằng chữ số, ví dụ 500"


Number = Annotated[Decimal, BeforeValidator(_not_text), Field(ge=0)]
Whole = Annotated[int, BeforeValidator(_not_text)]


class Content(BaseModel):
    # Unknown keys are reported as warnings by content.unknown_keys, not refused here.
    model_config = ConfigDict(extra="ignore", frozen=True)


class Quoted(Content):
    """Anything taken from a source article: it carries the verbatim evidence.

    ``source`` may be left out in YAML; it is inherited from the nearest
    enclosing ``source`` (see ``content.inherit_sources``).
    """

    quote: Text
    source: Slug


class Figure(Quoted):
    id: Slug
    value: Number
    unit: Text
    per: Text | None = None  # "ngày" → "1.000 đồng/ngày"
    qualifier: Qualifier | None = None
    label: Text
    kind: FigureKind = "result"  # key figures and "Kết quả" columns take results only

    @property
    def is_result(self) -> bool:
        return self.kind == "result"

    @property
    def kind_label(self) -> str:
        return FIGURE_KIND_LABELS[self.kind]

    @property
    def is_money(self) -> bool:
        return self.unit == "đồng"


class Passage(Quoted):
    text: Text


class Person(Quoted):
    name: Text
    role: Text  # as of the date of what the person appears in (an event, the article)


class Body(Quoted):
    name: Text
    established_by: Text


class Meeting(Quoted):
    """People of the province named at a meeting, under the heading the article supports.

    The heading says in what capacity they took part ("Dự Hội nghị tại điểm cầu
    tỉnh Kon Tum", "Chủ trì hội nghị sơ kết 6 tháng"): that is content, not
    template text, because it is a fact about this meeting.
    """

    title: Text
    event: Slug | None = None  # the background event it was part of, if any
    date: datetime.date | None = None  # when it was held, if not an event's date
    people: list[Person] = []  # those the article names
    others: Text | None = None  # everyone else, summed up as the article does

    @model_validator(mode="after")
    def _someone(self) -> Meeting:
        if not self.people and not self.others:
            raise ValueError("ghi người dự: “people” (người được nêu tên) hoặc “others” (người dự không nêu tên)")
        return self


class Organisation(Content):
    documents: list[Slug] = []
    bodies: list[Body] = []
    steps: list[Passage] = []
    meetings: list[Meeting] = []


class FiguresByKind:
    """``figures`` split into results and terms: what a model or province achieved, and what it
    asks of people. (No annotation here: pydantic would take it for a field, out of its order.)"""

    @property
    def results(self) -> list[Figure]:
        return [f for f in self.figures if f.is_result]

    @property
    def terms(self) -> list[Figure]:
        """Targets and rules: what is asked of people, not what was achieved."""
        return [f for f in self.figures if not f.is_result]


class PracticeModel(FiguresByKind, Quoted):
    """A "mô hình": a model practice with its owner and results."""

    id: Slug
    name: Text
    practices: list[Text] = []  # named forms of the model, e.g. "Nuôi heo đất"
    category: Category
    owner: Text | None = None  # left out when the article names nobody
    description: Text
    figures: list[Figure] = []
    outcome: Passage | None = None  # a result the article states in words, not numbers

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]



class Collective(Quoted):
    name: Text
    place: Text | None = None


class Individual(Quoted):
    name: Text
    role: Text
    place: Text | None = None
    deed: Text
    figures: list[Figure] = []


class Exemplars(Content):
    collectives: list[Collective] = []
    individuals: list[Individual] = []


class EventFacts(Quoted):
    """What an article tells of an event: every part optional, as reports vary.

    Shared by the background's events and a province's own (a province's review
    conference: kind, period, organiser, date, place, who presided or attended,
    the assessment it gave, the directive it reviewed and the one it opened).
    """

    kind: Text | None = None  # "sơ kết", "tổng kết", "hội nghị", "lễ"…, as the article calls it
    period: Text | None = None  # the time it reviewed: "giai đoạn 2011–2016", "5 năm"
    organiser: Text | None = None
    place: Text | None = None
    date: datetime.date | None = None
    year_inferred: bool = False  # the article gives day and month only: the year is the editors' reading
    year_reasoning: Text | None = None  # why the editors read that year (or an entry in booklet.yaml "inferences")
    record: Slug | None = None  # a public record (a source without a file) that gives its date
    chairs: list[Person] = []  # who presided
    attendees: list[Person] = []  # who attended, named
    others: Text | None = None  # who attended, summed up as the article does
    text: Text | None = None  # what happened, in the editors' words
    summary: list[Passage] = []  # what it said: the assessment it gave, its main points
    reviews: Slug | None = None  # the document whose implementation it reviewed (in background.yaml)
    launches: Slug | None = None  # the document it began carrying out, e.g. a successor directive

    @property
    def reviewing(self) -> str:
        """What it did with the document it reviews, as its kind says: "Tổng kết việc thực hiện"; else "Về …"."""
        if self.kind in REVIEW_KINDS:
            return f"{self.kind[:1].upper()}{self.kind[1:]} việc thực hiện"
        return "Về việc thực hiện"


REVIEW_KINDS = ("sơ kết", "tổng kết")  # a conference that reviews how a document was carried out


# Kinds of award that are things given ("Bằng khen của …"); the others are what a body does ("… biểu dương").
AWARD_NOUNS = ("bằng khen", "giấy khen", "cờ thi đua", "huân chương", "huy chương", "kỷ niệm chương", "danh hiệu",
               "giấy chứng nhận", "cờ")  # fmt: skip


class Event(EventFacts):
    """A province's own event: a conference it held, a ceremony, a visit."""

    title: Text  # the heading


class Award(Quoted):
    """An award of one kind by one body: "Thủ tướng Chính phủ tặng Bằng khen cho 5 tập thể, 10 cá nhân".

    Printed in one table per province, the highest awarding level first
    (briefing/content/authority.py reads the level from the body's name).
    """

    body: Text  # who gave it, as the article names it: "Thủ tướng Chính phủ", "Ban Thường vụ Tỉnh ủy"
    kind: Text  # "Bằng khen", "Giấy khen", "biểu dương", "Cờ thi đua"…
    collectives: Annotated[Whole, Field(ge=0)] | None = None
    individuals: Annotated[Whole, Field(ge=0)] | None = None
    reason: Text | None = None  # what for, as the article says
    document: Slug | None = None  # the decision that gave it (in background.yaml), if cited

    @property
    def form(self) -> str:
        """The award as one phrase: "Bằng khen của Thủ tướng Chính phủ", "Ban Thường vụ Tỉnh ủy biểu dương"."""
        if self.kind.lower().startswith(AWARD_NOUNS):
            return f"{self.kind} của {self.body}"
        return f"{self.body} {self.kind}"

    @model_validator(mode="after")
    def _counted(self) -> Award:
        if self.collectives is None and self.individuals is None:
            raise ValueError("ghi số tập thể (“collectives”), số cá nhân (“individuals”), hoặc cả hai")
        return self


class Lesson(Quoted):
    id: Slug
    title: Text
    text: Text
    figures: list[Figure] = []


class Province(FiguresByKind, Content):
    slug: Slug  # the file's name, set by the loader
    name: Text
    kind: Text = "tỉnh"  # what it is: "tỉnh", "thành phố", "huyện", "quận"…, before its name in running text
    source: Slug  # the article most of the file comes from; an item may name another
    title: Text
    lead: Passage
    organisation: Organisation = Organisation()
    figures: list[Figure] = []  # province-wide: totals, decisions
    awards: list[Award] = []  # awards at every level, as the article gives them
    models: list[PracticeModel] = []
    exemplars: Exemplars = Exemplars()
    events: list[Event] = []
    lessons: list[Lesson] = []

    @property
    def all_figures(self) -> list[Figure]:
        """Every figure of the province, in reading order."""
        found = list(self.figures)
        found += [f for m in self.models for f in m.figures]
        found += [f for p in self.exemplars.individuals for f in p.figures]
        found += [f for lesson in self.lessons for f in lesson.figures]
        return found


    @property
    def models_with_results(self) -> bool:
        """Does any model have a result to show, in figures or in words?"""
        return any(m.results or m.outcome for m in self.models)

    @property
    def people(self) -> list[Person | Individual]:
        found: list[Person | Individual] = [person for m in self.organisation.meetings for person in m.people]
        found += [person for event in self.events for person in (*event.chairs, *event.attendees)]
        return [*found, *self.exemplars.individuals]

    def model(self, model_id: str) -> PracticeModel:
        return next(m for m in self.models if m.id == model_id)

    def lessons_named(self, lesson_ids: list[str]) -> list[Lesson]:
        by_id = {lesson.id: lesson for lesson in self.lessons}
        return [by_id[lesson_id] for lesson_id in lesson_ids]


class Quote(Quoted):
    """Evidence for one detail of an item whose own quote does not hold it."""


class Document(Quoted):
    """A document the booklet cites: quoted from an article, or cited from a public record alone
    (a new booklet's directive, before any article names it: ``build.py init``)."""

    quote: Text | None = None
    source: Slug | None = None
    id: Slug
    kind: Text
    number: Text  # as the state or the Party writes it: 03-CT/TW, 1973/CT-TTg, 1436/QĐ-UBND
    issuer: Text | None = None  # left out when the article does not name it
    subject: Text | None = None  # the "trích yếu", when the article gives it
    date: datetime.date | None = None
    date_evidence: Quote | None = None  # when another article than the document's gives the date
    year: Whole | None = None
    period: Text | None = None
    province: Slug | None = None  # a province's own document: only in booklets about that province
    record: Slug | None = None  # a public record (a source without a file) giving its number, date, issuer

    @property
    def title(self) -> str:
        return f"{self.kind} {self.number}"

    @property
    def citation(self) -> str:
        """The document in running text, with what is known of it: number, date, issuer, term."""
        text = self.title
        if self.date:
            text += f" {vietnamese().date(self.date)}"
        elif self.year:
            text += f" năm {self.year}"
        if self.issuer:
            text += f" của {self.issuer}"
        if self.period:
            text += f" ({self.period})"
        return text

    @model_validator(mode="after")
    def _evidenced(self) -> Document:
        if self.quote is None and self.record is None:
            raise ValueError("ghi câu trích (“quote”) từ bài báo nêu văn bản này, hoặc tài liệu công khai (“record”)")
        if self.quote is not None and self.source is None:
            raise ValueError("ghi nguồn (“source”) của câu trích")
        return self


def ranked_documents(documents: list[Document]) -> list[Document]:
    """``documents`` from the highest issuing level down; at one level, in the order given."""
    return sorted(documents, key=lambda d: document_issuer_rank(d.issuer, d.number))


class ReviewEvent(EventFacts):
    """A meeting held to review how the directive was carried out, or any event the background tells.

    What it was, who organised it, where and when are all content: the
    templates say nothing about it of their own.
    """

    id: Slug
    name: Text  # in full
    short: Text | None = None  # for headings and the timeline; defaults to the name
    province: Slug | None = None  # one province's event: only in booklets about that province

    @property
    def heading(self) -> str:
        return self.short or self.name


class Orientation(Quoted):
    year: Whole
    issuer: Text
    tasks: list[Passage]


class BackgroundPassage(Passage):
    province: Slug | None = None  # text about one province: only in booklets about that province


def _as_list(value):
    """A single mapping where a list is expected is a list of one (older content wrote ``intro`` so)."""
    return [value] if isinstance(value, dict) else value


class Background(Content):
    intro: Annotated[
        list[BackgroundPassage],
        BeforeValidator(_as_list, json_schema_input_type=BackgroundPassage | list[BackgroundPassage]),
    ] = []
    documents: list[Document] = []
    events: list[ReviewEvent] = []
    orientation: Orientation | None = None

    def document(self, document_id: str) -> Document:
        return next(d for d in self.documents if d.id == document_id)

    def event(self, event_id: str) -> ReviewEvent:
        return next(e for e in self.events if e.id == event_id)


class Source(Content):
    """A source: an article kept in ``sources/``, or a public record consulted (no ``file``).

    Only what the saved copy or the public record shows is filled in. A record
    is cited for a fact (a document's date, who said a quotation) but quoted
    from nowhere: its text is not kept in the project.
    """

    id: Slug
    file: Text | None = None  # the saved article, in sources/; none for a public record
    title: Text | None = None  # the article's own headline
    description: Text | None = None  # the editors' description, printed in [brackets], when there is no headline
    outlet: Text | None = None
    author: Text | None = None
    date: datetime.date | None = None  # when it was published, from the public record
    url: Text | None = None  # where it was published, from the public record
    note: Text | None = None  # for the review edition: what the saved copy lacks, and why

    @property
    def is_record(self) -> bool:
        return self.file is None


class Inference(Quoted):
    """Something the booklet states that its article does not say in so many words."""

    what: Text  # what the booklet says
    reasoning: Text  # how it follows from the quoted words
    record: Slug | None = None  # a public record the reasoning rests on too


class Foreword(Content):
    """ "Lời giới thiệu": the editors frame the booklet; it adds no facts (checked: no figures)."""

    paragraphs: list[Text] = Field(min_length=1)  # placeholders (placeholders.py) name what the edition holds
    signature: Text | None = None  # defaults to the issuing body


class Question(Content):
    """A discussion question; one that draws on a province is left out of editions without it."""

    text: Text
    province: Slug | None = None


def _as_question(value):
    return {"text": value} if isinstance(value, str) else value


class Colophon(Content):
    """What a printed publication states on its last page. Nothing is printed that is not filled in."""

    responsible: Text | None = None  # chịu trách nhiệm nội dung
    editors: list[Text] = []  # ban biên soạn
    print_run: Annotated[Whole, Field(gt=0)] | None = None  # số lượng in, in copies
    printer: Text | None = None  # nơi in
    permit: Text | None = None  # số quyết định / giấy phép xuất bản
    deposit: datetime.date | None = None  # nộp lưu chiểu


class Meta(Content):
    """booklet.yaml: the cover, PDF metadata, sources and key figures."""

    title: Text
    subtitle: Text  # may name the edition's provinces with {tỉnh}, {các tỉnh}
    kind: Text
    issuer: Text  # the issuing body's full name: PDF author, foreword signature, e-mail sender
    issuer_parent: Text | None = None  # the body above it, first line of the cover's header
    issuer_unit: Text | None = None  # the issuing body as named under its parent; defaults to ``issuer``
    compiler: Text | None = None  # who compiled it ("Biên soạn"), when not the issuing body itself
    party_header: bool = True  # "ĐẢNG CỘNG SẢN VIỆT NAM" opposite the issuer, as Party documents do
    place: Text
    date: datetime.date
    edition: Text | None = None
    marking: Text | None = None
    directive: Slug | None = None  # the document (in background.yaml) whose results the booklet reports
    keywords: list[Text] = []  # "{tỉnh}" stands for each of the edition's provinces
    foreword: Foreword | None = None
    provinces: list[Slug] = []  # a new booklet (build.py init) has none yet
    sources: list[Source] = []
    inferences: list[Inference] = []
    key_figures: list[FigureRef] = []
    # for chi bộ meetings: a question as plain text, or with the province it draws on
    discussion: list[Annotated[Question, BeforeValidator(_as_question, json_schema_input_type=Text | Question)]] = []
    colophon: Colophon = Colophon()

    @property
    def compiled_by(self) -> str:
        return self.compiler or self.issuer


class Cell(Content):
    text: Text | None = None
    models: list[Slug] = []
    gap: Text | None = None  # an intended gap: what to print where the article says nothing


class ComparisonRow(Content):
    aspect: Text
    cells: dict[Slug, Cell]


class SharedLesson(Content):
    theme: Text
    lessons: dict[Slug, list[Slug]]


class Comparison(Content):
    rows: list[ComparisonRow] = []
    shared_lessons: list[SharedLesson] = []


class Erratum(Content):
    source: Slug
    original: Text
    corrected: Text
    note: Text


# "… ở {tỉnh}", "… của {các tỉnh}": the words that name the provinces, left out while there are none.
_PLACES_PHRASE = re.compile(r"\s*(?:\b(?:ở|của|tại)\s+)?(?:\{tỉnh\}|\{các tỉnh\})")


@dataclass(frozen=True)
class Booklet:
    """Everything one booklet is made of, validated and cross-checked.

    A booklet may be an edition about some of the content's provinces (``only``):
    everything it prints is then narrowed to them, and text written for any
    edition names them through placeholders (briefing/content/placeholders.py).
    """

    meta: Meta
    background: Background
    provinces: list[Province]
    comparison: Comparison
    errata: list[Erratum]
    source_texts: dict[str, str]
    warnings: tuple[Problem, ...] = ()
    # Every content file read, relative to the content folder; an edition of some
    # provinces keeps them all, so its embedded content loads again whole.
    files: tuple[str, ...] = ()
    # What the colophon lacks of what a printed publication states (warnings, see
    # briefing/content/release.py): kept apart, as only check and print files list them all.
    # Where they were found is not what the booklet is: not compared.
    publication_warnings: tuple[Problem, ...] = field(default=(), compare=False)
    # What an edition leaves out for want of content (briefing/content/framing.py): only check lists them.
    notes: tuple[Problem, ...] = field(default=(), compare=False)
    # The version code of the files it was made from (briefing/render/versionid.py), once built.
    version: str = field(default="", compare=False)

    def province(self, slug: str) -> Province:
        return next(p for p in self.provinces if p.slug == slug)

    def only(self, slugs: Iterable[str]) -> Booklet:
        """The same booklet about some of its provinces, in content order: their chapters and key figures."""
        chosen = set(slugs)
        key_figures = [ref for ref in self.meta.key_figures if ref.split("/")[0] in chosen]
        provinces = [p for p in self.provinces if p.slug in chosen]
        return replace(
            self,
            provinces=provinces,
            meta=self.meta.model_copy(update={"provinces": [p.slug for p in provinces], "key_figures": key_figures}),
        )

    # Text written for any edition, filled in for this one ----------------------

    def _covers(self, province: str | None) -> bool:
        return province is None or province in self._slugs

    @cached_property
    def _slugs(self) -> set[str]:
        return {p.slug for p in self.provinces}

    @cached_property
    def province_names(self) -> list[str]:
        return [p.name for p in self.provinces]

    @cached_property
    def placeholder_values(self) -> dict[str, str]:
        """What each placeholder (placeholders.py) stands for in this edition."""
        return self._values(self.provinces)

    def _values(self, provinces: list[Province]) -> dict[str, str]:
        values = place_values([(p.name, p.kind) for p in provinces])
        values[DIRECTIVE] = self.directive_citation or ""
        values[COMPILER] = self.meta.compiled_by
        values[HOLDS] = join([section.phrase for section in held(provinces)])
        return values

    def fill(self, text: str) -> str:
        return fill(text, self.placeholder_values)

    @cached_property
    def subtitle(self) -> str:
        """The subtitle for this edition; before any province is added, without the words naming them."""
        if not self.provinces:
            return self.fill(_PLACES_PHRASE.sub("", self.meta.subtitle)).strip()
        return self.fill(self.meta.subtitle)

    @cached_property
    def has_background(self) -> bool:
        """Has this edition a background chapter: an introduction, a document or an event of its own?"""
        return bool(self.intro or self.documents or self.events or self.background.orientation)

    @cached_property
    def foreword_paragraphs(self) -> list[str]:
        """The foreword for this edition; a paragraph whose placeholder has nothing here is left out."""
        foreword = self.meta.foreword
        if not foreword:
            return []
        values = self.placeholder_values
        return [fill(text, values) for text in foreword.paragraphs if not empty_placeholders(text, values)]

    @cached_property
    def keywords(self) -> list[str]:
        found: list[str] = []
        for keyword in self.meta.keywords:
            expanded = [self.fill(keyword)] if not has_places(keyword) else [
                fill(keyword, self._values([p])) for p in self.provinces
            ]
            found += [k for k in expanded if k and k not in found]
        return found

    @cached_property
    def questions(self) -> list[str]:
        """The questions this edition asks; in one drawn from a province, {tỉnh} is that province."""
        return [
            fill(q.text, self._values([self.province(q.province)]) if q.province else self.placeholder_values)
            for q in self.meta.discussion
            if self._covers(q.province)
        ]

    @cached_property
    def directive_citation(self) -> str | None:
        """The directive in running text, with what is known of it: "Chỉ thị 03-CT/TW ngày 14-5-2011 của …"."""
        document = self.directive
        return document.citation if document else None

    @cached_property
    def intro(self) -> list[BackgroundPassage]:
        return [passage for passage in self.background.intro if self._covers(passage.province)]

    @cached_property
    def directive(self) -> Document | None:
        """The document whose results the booklet reports, if booklet.yaml names one."""
        return self.background.document(self.meta.directive) if self.meta.directive else None

    @cached_property
    def comparison_rows(self) -> list[ComparisonRow]:
        """The comparison rows with something to say about at least one of this edition's provinces."""
        return [row for row in self.comparison.rows if self._slugs & row.cells.keys()]

    # What this booklet carries: an edition carries only its own provinces' -------

    @cached_property
    def documents(self) -> list[Document]:
        """The cited documents: national ones, and the own documents of the provinces covered, in content order."""
        return [d for d in self.background.documents if self._covers(d.province)]

    @cached_property
    def documents_by_rank(self) -> list[Document]:
        """The cited documents from the highest issuing level down, as Party booklets list them."""
        return ranked_documents(self.documents)

    def organisation_documents(self, p: Province) -> list[Document]:
        """The documents a province chapter names, from the highest issuing level down."""
        return ranked_documents([self.background.document(doc_id) for doc_id in p.organisation.documents])

    @cached_property
    def events(self) -> list[ReviewEvent]:
        """The background's events: national ones, and the own events of the provinces covered."""
        return [e for e in self.background.events if self._covers(e.province)]

    @staticmethod
    def event_evidence(event: EventFacts) -> list[Quoted]:
        return [event, *event.chairs, *event.attendees, *event.summary]

    @cached_property
    def background_evidence(self) -> list[Quoted]:
        """The background chapter's statements taken from an article, in reading order."""
        bg = self.background
        found: list[Quoted] = [*self.intro]
        for document in self.documents:
            found += [document] if document.quote else []
            found += [document.date_evidence] if document.date_evidence else []
        for event in self.events:
            found += self.event_evidence(event)
        if bg.orientation:
            found += [bg.orientation, *bg.orientation.tasks]
        return found

    def province_evidence(self, p: Province) -> list[Quoted]:
        """A province chapter's statements taken from an article, in reading order."""
        found: list[Quoted] = [p.lead, *p.organisation.bodies, *p.organisation.steps]
        for meeting in p.organisation.meetings:
            found += [meeting, *meeting.people]
        for event in p.events:
            found += self.event_evidence(event)
        found += p.figures
        found += p.awards
        for model in p.models:
            found += [model, *model.figures] + ([model.outcome] if model.outcome else [])
        found += p.exemplars.collectives
        for person in p.exemplars.individuals:
            found += [person, *person.figures]
        for lesson in p.lessons:
            found += [lesson, *lesson.figures]
        return found

    def awards_by_rank(self, p: Province) -> list[Award]:
        """A province's awards, the highest awarding level first (content order within a level)."""
        return sorted(p.awards, key=lambda award: rank(award.body))

    @cached_property
    def evidence(self) -> list[Quoted]:
        """Every printed statement taken from an article, in content order.

        The review edition marks each with a number, in the order a reader meets
        them (``html.EvidenceMarks``), and lists them with their verbatim quotes;
        the sources they use are the booklet's sources.
        """
        found = list(self.background_evidence)
        for p in self.provinces:
            found += self.province_evidence(p)
        return found

    @cached_property
    def sources(self) -> list[Source]:
        """The articles this booklet draws on and the public records it cites, in booklet.yaml's order."""
        used = {item.source for item in self.evidence} | self.records_cited
        return [s for s in self.meta.sources if s.id in used]

    @cached_property
    def records_cited(self) -> set[str]:
        """The public records this edition cites: for a document's reference, an event's date, an inference."""
        items: list = [*self.documents, *self.events, *(e for p in self.provinces for e in p.events)]
        articles = {item.source for item in self.evidence}
        items += [i for i in self.meta.inferences if i.source in articles]
        return {item.record for item in items if item.record}

    def sources_of(self, items: Iterable[Quoted]) -> list[Source]:
        """The articles ``items`` are taken from, in the order booklet.yaml lists them."""
        used = {item.source for item in items}
        return [s for s in self.meta.sources if s.id in used]

    @cached_property
    def inferences(self) -> list[Inference]:
        used = {item.source for item in self.evidence}
        return [i for i in self.meta.inferences if i.source in used]

    @cached_property
    def source_errata(self) -> list[Erratum]:
        """Corrections made to the articles this booklet draws on."""
        used = {s.id for s in self.sources}
        return [e for e in self.errata if e.source in used]

    # Lookups ------------------------------------------------------------------

    def source(self, source_id: str) -> Source:
        return next(s for s in self.meta.sources if s.id == source_id)

    def source_number(self, source_id: str) -> int:
        """Sources are numbered 1, 2 … in the reference list, in the order booklet.yaml lists them."""
        return [s.id for s in self.sources].index(source_id) + 1

    def figure(self, ref: str) -> tuple[Province, Figure]:
        slug, figure_id = ref.split("/")
        province = self.province(slug)
        return province, next(f for f in province.all_figures if f.id == figure_id)

    @property
    def figures(self) -> list[tuple[Province, Figure]]:
        """All figures in reading order."""
        return [(p, f) for p in self.provinces for f in p.all_figures]

    @cached_property
    def key_figures(self) -> list[tuple[Province, Figure]]:
        return [self.figure(ref) for ref in self.meta.key_figures]

    def chapter_sources(self, province: Province | None = None) -> list[Source]:
        """The articles a province chapter draws on, or (without one) the background's, with the public
        records its documents and events are dated from: the chapter names every source of what it prints."""
        if province:
            return self.sources_of(self.province_evidence(province))
        used = {item.source for item in self.background_evidence}
        used |= {item.record for item in (*self.documents, *self.events) if item.record}
        return [s for s in self.meta.sources if s.id in used]

    def is_later(self, when: datetime.date | None) -> bool:
        """Is the booklet dated after ``when``? Then titles held at ``when`` are printed as held then."""
        return when is not None and (when.year, when.month) < (self.meta.date.year, self.meta.date.month)

    def meeting_date(self, meeting: Meeting) -> datetime.date | None:
        if meeting.date:
            return meeting.date
        return self.background.event(meeting.event).date if meeting.event else None

    def year_is_inferred(self, event: EventFacts) -> bool:
        """Is this event's year the editors' reading, not in an article nor in the public record?"""
        return event.year_inferred and event.record is None

    def named_in_article(self, name: str, source_id: str) -> bool:
        """Does the article give ``name`` in quotation marks, as an official name?

        Only such names are printed in quotation marks; names the editors gave
        are printed plain.
        """
        # Any quotation marks: the articles' own are not always the right way round.
        marks = "“”\"'"
        return bool(re.search(f"[{marks}] ?{re.escape(name)} ?[{marks}]", self._corrected_sources[source_id]))

    @cached_property
    def _corrected_sources(self) -> dict[str, str]:
        """Each article's text, white space collapsed, with its errata applied."""
        texts = {}
        for source_id, text in self.source_texts.items():
            text = " ".join(text.split())
            for erratum in self.errata:
                if erratum.source == source_id:
                    text = text.replace(" ".join(erratum.original.split()), erratum.corrected)
            texts[source_id] = text
        return texts

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
