"""Typed content of a booklet, validated by pydantic.

Field names are the YAML keys officers type, so they stay short and English;
every value they hold is Vietnamese text for the booklet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
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
    issuer: Text
    subject: Text
    date: datetime.date | None = None
    year: int | None = None
    period: Text | None = None

    @property
    def title(self) -> str:
        return f"{self.kind} {self.number}"


class Conference(Quoted):
    name: Text
    organiser: Text
    date: datetime.date
    date_note: Text | None = None
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
    id: Slug
    file: Text
    title: Text
    outlet: Text
    author: Text
    note: Text | None = None


class Meta(Content):
    """booklet.yaml: the cover, PDF metadata, sources and key figures."""

    title: Text
    subtitle: Text
    kind: Text
    issuer: Text
    issuer_parent: Text
    place: Text
    date: datetime.date
    edition: Text
    marking: Text
    keywords: list[Text] = []
    provinces: list[Slug] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    key_figures: list[FigureRef] = []


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
