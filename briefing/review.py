"""What the review edition shows its approvers besides the booklet itself.

Each statement taken from an article is listed with its verbatim quote; what
the editors inferred or named themselves is listed with what it rests on; and
the colophon fields a printed publication still lacks are named.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formatting import vietnamese
from .model import (
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
