"""Typed content of a booklet, validated by pydantic.

Field names are the YAML keys officers type, so they stay short and English;
every value they hold is Vietnamese text for the booklet.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .problems import Problem

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
    value: Annotated[Decimal, Field(ge=0)]
    unit: Text
    per: Text | None = None  # "ngày" → "1.000 đồng/ngày"
    qualifier: Qualifier | None = None
    label: Text

    @property
    def is_money(self) -> bool:
        return self.unit == "đồng"


class Passage(Quoted):
    text: Text


class Person(Quoted):
    name: Text
    role: Text


class Body(Quoted):
    name: Text
    established_by: Text


class Organisation(Content):
    documents: list[Slug] = []
    bodies: list[Body] = []
    steps: list[Passage]
    participants: list[Person] = []
    participants_others: Text | None = None


class PracticeModel(Quoted):
    """A "mô hình": a model practice with its owner and results."""

    id: Slug
    name: Text
    practices: list[Text] = []  # named forms of the model, e.g. "Nuôi heo đất"
    category: Category
    owner: Text
    description: Text
    figures: list[Figure] = []

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


class Event(Quoted):
    title: Text
    text: Text


class Lesson(Quoted):
    id: Slug
    title: Text
    text: Text
    figures: list[Figure] = []


class Province(Content):
    slug: Slug  # the file's name, set by the loader
    name: Text
    source: Slug
    title: Text
    lead: Passage
    organisation: Organisation
    models: list[PracticeModel]
    exemplars: Exemplars = Exemplars()
    events: list[Event] = []
    lessons: list[Lesson]

    @property
    def figures(self) -> list[Figure]:
        """Every figure of the province, in reading order."""
        found = [f for m in self.models for f in m.figures]
        found += [f for p in self.exemplars.individuals for f in p.figures]
        found += [f for lesson in self.lessons for f in lesson.figures]
        return found

    def model(self, model_id: str) -> PracticeModel:
        return next(m for m in self.models if m.id == model_id)

    def lessons_named(self, lesson_ids: list[str]) -> list[Lesson]:
        by_id = {lesson.id: lesson for lesson in self.lessons}
        return [by_id[lesson_id] for lesson_id in lesson_ids]


class Document(Quoted):
    id: Slug
    kind: Text
    number: Text
    issuer: Text | None = None  # left out when the article does not name it
    subject: Text | None = None  # the "trích yếu", when the article gives it
    date: datetime.date | None = None
    year: int | None = None
    period: Text | None = None
    province: Slug | None = None  # a province's own document: only in booklets about that province

    @property
    def title(self) -> str:
        return f"{self.kind} {self.number}"


class Conference(Quoted):
    name: Text
    organiser: Text
    date: datetime.date
    chairs: list[Person]
    opening: Passage


class Orientation(Quoted):
    year: int
    issuer: Text
    tasks: list[Passage]


class Background(Content):
    intro: Passage
    documents: list[Document]
    conference: Conference
    orientation: Orientation

    def document(self, document_id: str) -> Document:
        return next(d for d in self.documents if d.id == document_id)


class Source(Content):
    """A source article. Only what the saved copy shows is filled in; the rest is left out."""

    id: Slug
    file: Text
    title: Text | None = None  # the article's own headline
    description: Text | None = None  # the editors' description, printed in [brackets], when there is no headline
    outlet: Text | None = None
    author: Text | None = None
    note: Text | None = None  # for the review edition: what the saved copy lacks, and why


class Inference(Quoted):
    """Something the booklet states that its article does not say in so many words."""

    what: Text  # what the booklet says
    reasoning: Text  # how it follows from the quoted words


class Foreword(Content):
    """ "Lời giới thiệu": the editors frame the booklet; it adds no facts (checked: no figures)."""

    paragraphs: list[Text] = Field(min_length=1)
    signature: Text | None = None  # defaults to the issuing body


class Colophon(Content):
    """What a printed publication states on its last page. Nothing is printed that is not filled in."""

    responsible: Text | None = None  # chịu trách nhiệm nội dung
    editors: list[Text] = []  # ban biên soạn
    print_run: Annotated[int, Field(gt=0)] | None = None  # số lượng in, in copies
    printer: Text | None = None  # nơi in
    permit: Text | None = None  # số quyết định / giấy phép xuất bản
    deposit: datetime.date | None = None  # nộp lưu chiểu


class Meta(Content):
    """booklet.yaml: the cover, PDF metadata, sources and key figures."""

    title: Text
    subtitle: Text
    kind: Text
    issuer: Text  # the issuing body's full name: PDF author, foreword signature
    issuer_parent: Text  # the body above it, first line of the cover's header
    issuer_unit: Text | None = None  # the issuing body as named under its parent; defaults to ``issuer``
    party_header: bool = True  # "ĐẢNG CỘNG SẢN VIỆT NAM" opposite the issuer, as Party documents do
    place: Text
    date: datetime.date
    edition: Text | None = None
    marking: Text | None = None
    keywords: list[Text] = []
    foreword: Foreword | None = None
    provinces: list[Slug] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    inferences: list[Inference] = []
    key_figures: list[FigureRef] = []
    discussion: list[Text] = []  # "câu hỏi gợi ý thảo luận" for chi bộ meetings
    colophon: Colophon = Colophon()


class Cell(Content):
    text: Text | None = None
    models: list[Slug] = []


class ComparisonRow(Content):
    aspect: Text
    cells: dict[Slug, Cell]


class SharedLesson(Content):
    theme: Text
    lessons: dict[Slug, list[Slug]]


class Comparison(Content):
    rows: list[ComparisonRow]
    shared_lessons: list[SharedLesson] = []


class Erratum(Content):
    source: Slug
    original: Text
    corrected: Text
    note: Text


@dataclass(frozen=True)
class Booklet:
    """Everything one booklet is made of, validated and cross-checked."""

    meta: Meta
    background: Background
    provinces: list[Province]
    comparison: Comparison
    errata: list[Erratum]
    source_texts: dict[str, str]
    warnings: tuple[Problem, ...] = ()
    # Every content file read, relative to the content folder; a one-province
    # booklet keeps them all, so its embedded content loads again whole.
    files: tuple[str, ...] = ()
    # What the colophon lacks of what a printed publication states (warnings, see
    # briefing/release.py): kept apart, as only check and print files list them all.
    # Where they were found is not what the booklet is: not compared.
    publication_warnings: tuple[Problem, ...] = field(default=(), compare=False)

    def province(self, slug: str) -> Province:
        return next(p for p in self.provinces if p.slug == slug)

    def only(self, slug: str) -> Booklet:
        """The same booklet about one province: its chapter, its key figures, no comparison."""
        key_figures = [ref for ref in self.meta.key_figures if ref.startswith(f"{slug}/")]
        return replace(
            self,
            provinces=[self.province(slug)],
            meta=self.meta.model_copy(update={"provinces": [slug], "key_figures": key_figures}),
        )

    # What this booklet carries: a one-province booklet carries only its own --------------

    @cached_property
    def documents(self) -> list[Document]:
        """The cited documents: national ones, and the own documents of the provinces covered."""
        covered = {p.slug for p in self.provinces}
        return [d for d in self.background.documents if d.province is None or d.province in covered]

    @cached_property
    def evidence(self) -> list[Quoted]:
        """Every printed statement taken from an article, in content order.

        The review edition marks each with a number, in the order a reader meets
        them (``html.EvidenceMarks``), and lists them with their verbatim quotes;
        the sources they use are the booklet's sources.
        """
        bg = self.background
        found: list[Quoted] = [bg.intro, *self.documents, bg.conference, *bg.conference.chairs]
        found += [bg.conference.opening, bg.orientation, *bg.orientation.tasks]
        for p in self.provinces:
            found += [p.lead, *p.organisation.bodies, *p.organisation.steps, *p.organisation.participants]
            for model in p.models:
                found += [model, *model.figures]
            found += p.exemplars.collectives
            for person in p.exemplars.individuals:
                found += [person, *person.figures]
            found += p.events
            for lesson in p.lessons:
                found += [lesson, *lesson.figures]
        return found

    @cached_property
    def sources(self) -> list[Source]:
        """The articles this booklet draws on, in the order booklet.yaml lists them."""
        used = {item.source for item in self.evidence}
        return [s for s in self.meta.sources if s.id in used]

    @cached_property
    def inferences(self) -> list[Inference]:
        used = {s.id for s in self.sources}
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
        return province, next(f for f in province.figures if f.id == figure_id)

    @property
    def figures(self) -> list[tuple[Province, Figure]]:
        """All figures in reading order."""
        return [(p, f) for p in self.provinces for f in p.figures]

    def chapter_sources(self, province: Province | None = None) -> list[Source]:
        """The articles a chapter draws on: a province's own, or (for the rest) all of them."""
        return [self.source(province.source)] if province else self.sources

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
