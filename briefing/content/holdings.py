"""What an edition holds, named once: for the foreword's ``{nội dung}`` and for the check that its
framing claims nothing the edition lacks.

Each kind of section a province chapter may carry has the phrase the foreword
uses for it and the words by which a sentence about the booklet claims it
("Tài liệu tóm tắt … các mô hình …"). The phrase list of an edition is made
from its provinces' content only, so an edition of a province without lessons
never says it gives lessons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Province


@dataclass(frozen=True)
class Section:
    name: str  # how messages name it
    phrase: str  # how the foreword names it: "các mô hình, cách làm"
    claims: tuple[str, ...]  # words by which a sentence about the booklet claims it
    present: Callable[[Province], bool]


SECTIONS: tuple[Section, ...] = (
    Section(
        "cách tổ chức thực hiện",
        "cách tổ chức thực hiện",
        ("tổ chức thực hiện", "cách triển khai", "cách thức triển khai"),
        lambda p: bool(
            p.organisation.documents or p.organisation.bodies or p.organisation.steps or p.organisation.meetings
        ),
    ),
    Section("hội nghị, sự kiện", "sự kiện", ("hội nghị", "sự kiện"), lambda p: bool(p.events)),
    Section("mô hình, cách làm", "các mô hình, cách làm", ("mô hình", "cách làm"), lambda p: bool(p.models)),
    Section(
        "tập thể, cá nhân tiêu biểu",
        "những tập thể, cá nhân tiêu biểu",
        ("cá nhân tiêu biểu", "cá nhân điển hình"),
        lambda p: bool(p.exemplars.collectives or p.exemplars.individuals),
    ),
    Section("khen thưởng", "khen thưởng", ("khen thưởng", "bằng khen"), lambda p: bool(p.awards)),
    Section("bài học kinh nghiệm", "bài học kinh nghiệm", ("bài học", "kinh nghiệm"), lambda p: bool(p.lessons)),
)
MIN_KEY_FIGURES = 2  # "Những con số nổi bật" on a page of its own needs more than one figure

# Claims about the back matter: a sentence saying the booklet ends with questions.
QUESTIONS_CLAIMS = ("câu hỏi",)


def held(provinces: list[Province]) -> list[Section]:
    """The sections at least one of ``provinces`` carries, in the order a chapter prints them."""
    return [section for section in SECTIONS if any(section.present(p) for p in provinces)]
