"""Does the booklet's own framing read true of every edition? The foreword claims only what the
edition holds; booklet.yaml names no office but the booklet's; a heading is whole and the text
under it does not restate it; a long quotation says whose words it is; a figure's bullet does
not repeat the paragraph above it. And what an edition leaves out for want of content is said.

Warnings, except what an edition leaves out: that is a note (``check`` lists it; nothing to fix
unless the editors want the chapter), since an edition of one province may rightly have no
comparison or too few key figures for their page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..problems import Problem, format_field
from .checks import BACKGROUND_FILE, BOOKLET_FILE, COMPARISON_FILE, walk
from .holdings import MIN_KEY_FIGURES, QUESTIONS_CLAIMS, SECTIONS, held
from .model import Booklet, Event, Individual, PracticeModel, ReviewEvent
from .placeholders import PLACEHOLDERS, empty_placeholders
from .yamlsource import YamlDocument

# An office named in booklet.yaml's text: "Ban Tuyên giáo Tỉnh ủy Lạng Sơn", "Huyện ủy Thử Nghiệm".
_NAME = r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*"
_OFFICE = re.compile(
    rf"(?:Ban (?:{_NAME} ?)+ )?(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng) (?:ủy|uỷ)(?: (?:Khối )?{_NAME})+"
)
# A heading that stops where a reader waits for more: "… thực hiện Chỉ thị".
_CUT_WORDS = ("Chỉ thị", "Nghị quyết", "Kế hoạch", "Quyết định", "Kết luận", "Hướng dẫn", "của", "về", "và",
              "thực hiện", "cho", "tại", "với", "số")  # fmt: skip
# What announces whose words a long quotation is, in the few words right before its quotation mark
# ("… lời dạy của Chủ tịch Hồ Chí Minh: “…”"); and what announces it as a name, right before it
# (mô hình “…”, phong trào “…”): a model named further back does not make the quotation a name.
_ATTRIBUTION = re.compile(
    r"\b(?:Bác|Hồ Chí Minh|Người|[Ll]ời|nói|dạy|viết|chỉ rõ|khẳng định|nhấn mạnh|Nghị quyết|Chỉ thị|Kết luận|"
    r"Trung ương \d+)\b"
)
_NAMED_AS = re.compile(
    r"\b(?:[Pp]hong trào|[Cc]uộc vận động|khẩu hiệu|chủ đề|[Mm]ô hình|tên|sách(?: ảnh)?|phương châm|giải thưởng|"
    r"[Cc]hương trình|cuộc thi|tác phẩm|bài hát|phim|đề tài)(?: là)?[:,]?$"
)
_ATTRIBUTION_WORDS = 5
_QUOTATION = re.compile(r"“([^”]+)”")
_LONG_QUOTATION_WORDS = 8
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
# A bullet repeats the paragraph above when a run of this many words, and half its words or more, is there.
_REPEAT_RUN = 4


def framing_problems(booklet: Booklet, docs: dict[str, YamlDocument]) -> tuple[list[Problem], list[Problem]]:
    """(warnings, notes) about what the booklet says of itself and how it reads."""
    framing = _Framing(booklet, docs)
    framing.run()
    return framing.warnings, framing.notes


class _Framing:
    def __init__(self, booklet: Booklet, docs: dict[str, YamlDocument]):
        self.booklet = booklet
        self.docs = docs
        self.warnings: list[Problem] = []
        self.notes: list[Problem] = []

    def warn(self, filename: str, path: tuple, message: str) -> None:
        self.warnings.append(self.docs[filename].problem(path, format_field(path), message, "warning"))

    def note(self, filename: str, path: tuple, message: str) -> None:
        self.notes.append(self.docs[filename].problem(path, format_field(path), message, "note"))

    def run(self) -> None:
        self.foreword_claims()
        self.offices_named()
        self.left_out()
        self.headings()
        self.quotations()
        self.repeated_bullets()

    # --- the foreword claims only what each edition holds ------------------------------

    def editions(self) -> Iterator[tuple[str, Booklet]]:
        """The whole booklet and, with several provinces, the edition of each alone."""
        b = self.booklet
        yield "tài liệu", b
        if len(b.provinces) > 1:
            for p in b.provinces:
                yield f"tài liệu riêng {p.kind} {p.name}", b.only([p.slug])

    def foreword_claims(self) -> None:
        foreword = self.booklet.meta.foreword
        if not foreword:
            return
        for i, paragraph in enumerate(foreword.paragraphs):
            lacking: dict[str, list[str]] = {}
            for name, edition in self.editions():
                if empty_placeholders(paragraph, edition.placeholder_values):
                    continue  # left out of this edition
                for claim in _claims(paragraph):
                    if claim == "câu hỏi" and not edition.questions:
                        lacking.setdefault("câu hỏi gợi ý thảo luận", []).append(name)
                for section in SECTIONS:
                    if section not in held(edition.provinces) and _claims_section(paragraph, section.claims):
                        lacking.setdefault(section.name, []).append(name)
            for what, editions in lacking.items():
                where = " và ".join(editions)
                self.warn(BOOKLET_FILE, ("foreword", "paragraphs", i),
                          f"lời giới thiệu nói tài liệu có “{what}”, nhưng {where} không có; viết “{{nội dung}}” để "
                          "tự ghi đúng những gì từng tài liệu có, hoặc bỏ ý đó")  # fmt: skip

    # --- no other office's name ------------------------------------------------------------

    def offices_named(self) -> None:
        meta = self.booklet.meta
        own = [name for name in (meta.issuer, meta.compiled_by, meta.issuer_parent) if name]
        texts = [(("title",), meta.title), (("subtitle",), meta.subtitle), (("kind",), meta.kind)]
        texts += [(("marking",), meta.marking)] if meta.marking else []
        if meta.foreword:
            texts += [(("foreword", "paragraphs", i), text) for i, text in enumerate(meta.foreword.paragraphs)]
            texts += [(("foreword", "signature"), meta.foreword.signature)] if meta.foreword.signature else []
        texts += [(("colophon", "responsible"), meta.colophon.responsible)] if meta.colophon.responsible else []
        for path, text in texts:
            for match in _OFFICE.finditer(text):
                name = match.group()
                if not any(name in body or body in name for body in own):
                    self.warn(BOOKLET_FILE, path,
                              f"nêu “{name}”, không phải cơ quan ban hành hay biên soạn tài liệu này "
                              f"(“{meta.compiled_by}”); viết “{{cơ quan biên soạn}}” hoặc sửa tên")  # fmt: skip

    # --- what an edition leaves out, and why ------------------------------------------------

    def left_out(self) -> None:
        b = self.booklet
        background = b.background.intro or b.background.documents or b.background.events
        for name, edition in self.editions():
            figures = len(edition.key_figures)
            if 0 < figures < MIN_KEY_FIGURES:
                self.note(BOOKLET_FILE, ("key_figures",),
                          f"{name} không có chương “Những điểm chính”: chỉ có {figures} số liệu nổi bật, cần ít nhất "
                          f"{MIN_KEY_FIGURES}")  # fmt: skip
            if b.meta.discussion and not edition.questions:
                self.note(BOOKLET_FILE, ("discussion",),
                          f"{name} không có “Câu hỏi gợi ý thảo luận”: mọi câu hỏi đều ghi “province” của tỉnh khác")
            if background and not edition.has_background:
                self.note(BACKGROUND_FILE, (),
                          f"{name} không có chương Bối cảnh: mọi đoạn, văn bản, sự kiện đều thuộc riêng tỉnh khác")
        if not b.provinces:
            self.note(BOOKLET_FILE, ("provinces",),
                      "tài liệu chưa có tỉnh nào: thêm từng tỉnh bằng “build.py new-province SLUG --name TÊN "
                      "--source BÀI”")  # fmt: skip
        if len(b.provinces) > 1 and not b.comparison_rows:
            self.note(COMPARISON_FILE, ("rows",),
                      "tài liệu không có chương So sánh: comparison.yaml chưa có hàng nào cho các tỉnh này")

    # --- headings whole, not restated ---------------------------------------------------------

    def headings(self) -> None:
        b = self.booklet
        for i, event in enumerate(b.background.events):
            self._heading(BACKGROUND_FILE, ("events", i, "short" if event.short else "name"), event)
        for p in b.provinces:
            for i, event in enumerate(p.events):
                self._heading(f"{p.slug}.yaml", ("events", i, "title"), event)

    def _heading(self, filename: str, path: tuple, event: ReviewEvent | Event) -> None:
        heading = event.heading if isinstance(event, ReviewEvent) else event.title
        last = next((word for word in _CUT_WORDS if heading.endswith(" " + word)), None)
        if last:
            self.warn(filename, path,
                      f"đề mục “{heading}” dừng giữa chừng ở “{last}”; ghi trọn, ví dụ kèm số hiệu văn bản")
        first = event.text or (event.summary[0].text if event.summary else "")
        if first and _plain(first).startswith(_plain(heading)):
            self.warn(filename, (*path[:-1], "text" if event.text else "summary"),
                      f"đoạn đầu nhắc lại nguyên đề mục “{heading}”; bỏ phần nhắc lại, viết tiếp điều đề mục chưa nói")

    # --- whose words --------------------------------------------------------------------------

    def quotations(self) -> None:
        b = self.booklet
        files = [(BACKGROUND_FILE, b.background), *((f"{p.slug}.yaml", p) for p in b.provinces)]
        for filename, root in files:
            for path, node in walk(root):
                for field in ("text", "description", "deed"):
                    text = getattr(node, field, None) if not isinstance(node, (dict, list, str)) else None
                    if isinstance(text, str):
                        for quotation in _unattributed(text):
                            self.warn(filename, (*path, field),
                                      f"câu trong ngoặc kép “{_short(quotation)}” chưa nói là lời của ai hay tên "
                                      "gì; ghi rõ, ví dụ “lời Chủ tịch Hồ Chí Minh: …” (nếu bài báo không nói, ghi "
                                      "căn cứ ở “inferences”)")  # fmt: skip

    # --- a bullet that says what the paragraph above said ------------------------------------

    def repeated_bullets(self) -> None:
        for p in self.booklet.provinces:
            filename = f"{p.slug}.yaml"
            for i, person in enumerate(p.exemplars.individuals):
                self._repeats(filename, ("exemplars", "individuals", i), person, person.deed, "deed")
            for i, model in enumerate(p.models):
                self._repeats(filename, ("models", i), model, model.description, "description")

    def _repeats(self, filename: str, path: tuple, parent: Individual | PracticeModel, text: str, field: str):
        above = _plain(text).split()
        for j, figure in enumerate(parent.figures):
            words = _plain(figure.label).split()
            run = _longest_common_run(words, above)
            if run >= _REPEAT_RUN and run * 2 >= len(words):
                self.warn(filename, (*path, "figures", j, "label"),
                          f"nhãn “{figure.label}” lặp lại ý đã có ở “{field}” ngay trên; bỏ ý đó khỏi “{field}” "
                          "hoặc rút gọn nhãn còn điều con số nói thêm")  # fmt: skip


def _longest_common_run(a: list[str], b: list[str]) -> int:
    """The length of the longest run of words ``a`` and ``b`` share."""
    best, previous = 0, [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()))


def _short(text: str, words: int = 8) -> str:
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def _without_placeholders(text: str) -> str:
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, " ")
    return text


def _about_the_booklet(text: str) -> list[str]:
    """The sentences that speak of the booklet itself ("Tài liệu tóm tắt …", "Cuối tài liệu có …")."""
    return [s for s in _SENTENCE.split(_without_placeholders(text)) if "tài liệu" in s.lower()]


def _claims(text: str) -> list[str]:
    return [claim for s in _about_the_booklet(text) for claim in QUESTIONS_CLAIMS if claim in s.lower()]


def _claims_section(text: str, claims: tuple[str, ...]) -> bool:
    return any(claim in s.lower() for s in _about_the_booklet(text) for claim in claims)


def _unattributed(text: str) -> Iterator[str]:
    for match in _QUOTATION.finditer(text):
        quotation = match.group(1)
        sentence_start = max((m.end() for m in _SENTENCE.finditer(text, 0, match.start())), default=0)
        before = " ".join(text[sentence_start : match.start()].split()[-_ATTRIBUTION_WORDS:])
        named = _ATTRIBUTION.search(before) or _NAMED_AS.search(before)
        if len(quotation.split()) >= _LONG_QUOTATION_WORDS and not named:
            yield quotation
