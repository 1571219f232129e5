"""What the review edition shows its approvers besides the booklet itself.

Each statement taken from an article is listed with its verbatim quote; what
the editors inferred or named themselves is listed with what it rests on; and
the colophon fields a printed publication still lacks are named.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formatting import vietnamese
from .model import (
    Award,
    Body,
    Booklet,
    Collective,
    Document,
    Event,
    Figure,
    Individual,
    Lesson,
    Meeting,
    Orientation,
    Passage,
    Person,
    PracticeModel,
    Quote,
    Quoted,
    ReviewEvent,
)

# What a printed publication states on its colophon, in the order it is printed.
COLOPHON_FIELDS = {
    "responsible": "Chịu trách nhiệm nội dung",
    "print_run": "Số lượng in",
    "printer": "Nơi in",
    "permit": "Số quyết định hoặc giấy phép xuất bản",
    "deposit": "Ngày nộp lưu chiểu",
}

_PASSAGE_WORDS = 12


def evidence_label(item: Quoted) -> str:
    """A short name for a statement, so an approver can find it in the booklet."""
    match item:
        case Figure():
            return f"Số liệu: {vietnamese().figure(item)} — {item.label}"
        case PracticeModel():
            return f"Mô hình: {item.name}"
        case Individual() | Person():
            return f"Đồng chí {item.name}"
        case Collective() | Body():
            return item.name
        case Award():
            counts = [f"{n} {noun}" for n, noun in ((item.collectives, "tập thể"), (item.individuals, "cá nhân"))
                      if n is not None]  # fmt: skip
            return f"Khen thưởng: {item.form}, {vietnamese().join(counts)}"
        case Lesson():
            return f"Kinh nghiệm: {item.title}"
        case Document():
            return item.title
        case Event():
            return item.title
        case ReviewEvent():
            return item.heading
        case Meeting():
            return item.title
        case Quote():
            return "Ngày ban hành văn bản"
        case Orientation():
            return f"Phương hướng, nhiệm vụ năm {item.year}"
        case Passage():
            words = item.text.split()
            return " ".join(words[:_PASSAGE_WORDS]) + (" …" if len(words) > _PASSAGE_WORDS else "")
    return type(item).__name__


@dataclass(frozen=True)
class EditorsName:
    """A model the articles describe without naming it: the booklet's name for it is the editors'."""

    province: str
    name: str
    quote: str


@dataclass(frozen=True)
class EditorsFraming:
    """Something the booklet's own framing adds to what the articles say, named for the approvers."""

    what: str
    grounds: str


def editors_framing(booklet: Booklet) -> list[EditorsFraming]:
    """What the templates add to the content's words: roles "khi đó là", the models' groups."""
    found = []
    held_then = [person.name for person, when in _roles_with_dates(booklet) if booklet.is_later(when)]
    if held_then:
        found.append(
            EditorsFraming(
                f"Chức vụ của các đồng chí {vietnamese().join(held_then)} in kèm “khi đó là”.",
                "Chức vụ ghi theo bài báo, tại thời điểm hội nghị; tài liệu đề ngày muộn hơn. Chữ “khi đó là” nói "
                "chức vụ lúc ấy, không khẳng định người đó đã thôi giữ chức vụ.",
            )
        )
    events = [*booklet.events, *(event for p in booklet.provinces for event in p.events)]
    for event in events:
        if booklet.year_is_inferred(event) and event.year_reasoning:
            heading = getattr(event, "heading", None) or event.title
            found.append(EditorsFraming(f"“{heading}” diễn ra năm {event.date.year}.", event.year_reasoning))
    groups = list(dict.fromkeys(model.category_label for p in booklet.provinces for model in p.models))
    if groups:
        found.append(
            EditorsFraming(
                f"Các mô hình được xếp nhóm: {vietnamese().join(f'“{group}”' for group in groups)}.",
                "Tên nhóm do ban biên soạn đặt để dễ tra cứu; bài báo không xếp nhóm như vậy.",
            )
        )
    return found


def _roles_with_dates(booklet: Booklet):
    """Every person whose role is printed, with the date the role is as of (None if unknown)."""
    for event in booklet.events:
        for person in (*event.chairs, *event.attendees):
            yield person, event.date
    for p in booklet.provinces:
        for event in p.events:
            for person in (*event.chairs, *event.attendees):
                yield person, event.date
        for meeting in p.organisation.meetings:
            for person in meeting.people:
                yield person, booklet.meeting_date(meeting)
        for person in p.exemplars.individuals:
            yield person, booklet.source(person.source).date


def editors_names(booklet: Booklet) -> list[EditorsName]:
    return [
        EditorsName(p.name, model.name, model.quote)
        for p in booklet.provinces
        for model in p.models
        if not booklet.named_in_article(model.name, model.source)
    ]


def missing_colophon_fields(booklet: Booklet) -> dict[str, str]:
    """The colophon fields a printed publication states and the office has not filled in: name → label."""
    colophon = booklet.meta.colophon
    return {name: label for name, label in COLOPHON_FIELDS.items() if getattr(colophon, name) is None}
