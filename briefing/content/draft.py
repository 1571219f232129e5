"""``build.py draft``: read an article and propose content, each item with its verbatim quote.

Every sentence carrying a figure becomes a figure (value and unit read the
Vietnamese way), every person named with a title a person, every numbered
document a document, every date a note. The output is commented YAML to
paste into a province file (or background.yaml, for documents): an item kept
as it is passes ``build.py check``, because its quote is copied from the
article and its value read from the quote by the same rules the check uses.
The editor rewrites labels and drops what is not worth printing.

Word segmentation and named entities come from underthesea, loaded only here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..options import OptionError
from ..problems import display_path
from .articletext import DateMention, dates_in, document_numbers_in, numbers_mentioned
from .model import Qualifier

MAX_ARTICLE_BYTES = 2_000_000
QUALIFIERS = sorted(Qualifier.__args__, key=len, reverse=True)  # "ít nhất" before "nhất"…
DOCUMENT_KINDS = (
    "Chỉ thị", "Kế hoạch", "Nghị quyết", "Quyết định", "Hướng dẫn", "Kết luận", "Thông báo", "Quy định",
    "Chương trình", "Công văn", "Thông tư", "Nghị định", "Luật",
)  # fmt: skip
# Words that end a title and start what the person did: "…, Bí thư Chi bộ thôn Khe Pùng đã hiến…"
_ROLE_STOPS = (
    "đã", "luôn", "chủ trì", "phát biểu", "nhấn mạnh", "cho biết", "trình bày", "là", "dự", "được", "đang",
    "sẽ", "vận động", "hiến", "cùng", "tham dự", "khẳng định", "đề nghị", "yêu cầu", "chỉ đạo",
)  # fmt: skip
_HONORIFIC = re.compile(r"\b(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à) ((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?: [A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,3})")
# A name followed by its title ("Lê Hồng Anh – Ủy viên…", "Lăng Văn Thạch, Bí thư…"): the only place a
# title is read from, so only sentences with one go through the (slow) entity recogniser.
_NAME_THEN_TITLE = re.compile(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?: [A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,3}\s*[-–,]\s+[A-ZĐÀ-Ỹ]")
_TITLE_WORDS = ("Trưởng", "Phó", "Chủ", "Bí", "Ủy", "Uỷ", "Thường", "Giám", "Tổng", "Ban", "Đồng", "Ông", "Bà", "Bác")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”]?\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])")
# A reference by number is not a figure: "Chỉ thị 03", "Nghị quyết Trung ương 4", "Điều 5".
_REFERENCE = re.compile(rf"(?:{'|'.join(DOCUMENT_KINDS)}|chỉ thị|Trung ương|Điều|khoản|Khóa|số)\s+\d+\b")
# A year is a date, not a figure: "năm 2013", "năm 2011, 2012, 2013 và 2014", "2011-2015".
_YEARS = re.compile(r"năm \d{4}(?:(?:, | và )\d{4})*|\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\b")
_UNIT_NORMAL = {"m2": "m²", "m3": "m³", "km2": "km²", "ha": "ha"}


@dataclass
class Candidate:
    """One item to paste: YAML lines for it, and the comment that says what it is."""

    comment: str
    lines: list[str]


@dataclass
class Draft:
    source: str | None  # --source: written into every item
    figures: list[Candidate] = field(default_factory=list)
    people: list[Candidate] = field(default_factory=list)
    documents: list[Candidate] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    unnamed_roles: list[str] = field(default_factory=list)  # people named without a title


def read_article(path: Path) -> str:
    if not path.is_file():
        raise OptionError(f"không có tệp bài báo {display_path(path)} (cần một tệp văn bản)")
    if path.stat().st_size > MAX_ARTICLE_BYTES:
        raise OptionError(f"{display_path(path)} quá lớn cho một bài báo (quá {MAX_ARTICLE_BYTES:,} byte)")
    try:
        return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise OptionError(f"{display_path(path)} không phải văn bản UTF-8; lưu lại bài với bảng mã UTF-8") from None


def sentences(text: str) -> list[str]:
    """The article's sentences, white space collapsed, so each is a verbatim quote (as the check compares)."""
    found = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = " ".join(paragraph.split())
        found += [s for s in _SENTENCE_END.split(paragraph) if s]
    return found


def draft(text: str, source: str | None = None) -> Draft:
    from underthesea import ner, word_tokenize  # heavy: only the draft command needs it

    result = Draft(source)
    ids: set[str] = set()
    people: dict[str, _Person] = {}  # by name: the mention with a title wins
    documents: dict[tuple[str, str], _Document] = {}  # by kind and number: the fullest mention wins
    for sentence in sentences(text):
        for figure in _figures(sentence, word_tokenize):
            figure_id = _unique(_slug(f"{figure.unit} {_plain_number(figure.value)}"), ids)
            result.figures.append(figure.candidate(figure_id, source))
        for person in _people(sentence, ner):
            if person.name not in people or (person.role and not people[person.name].role):
                people[person.name] = person
        for document in _documents(sentence):
            known = documents.get((document.kind, document.number))
            if known is None or document.detail > known.detail:
                documents[(document.kind, document.number)] = document
        result.dates += [_date_note(mention, sentence) for mention in dates_in(sentence)]
    result.people = [person.candidate(source) for person in people.values() if person.role]
    result.unnamed_roles = [person.name for person in people.values() if not person.role]
    for document in documents.values():
        document_id = _unique(_slug(f"{document.kind} {document.number}"), ids)
        result.documents.append(document.candidate(document_id, source))
    return result


# --- figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    value: Decimal
    unit: str
    qualifier: str | None
    label: str
    quote: str
    sentence: str

    def candidate(self, figure_id: str, source: str | None) -> Candidate:
        lines = [
            f"id: {figure_id}",
            f"value: {_plain_number(self.value)}",
            f"unit: {_scalar(self.unit)}",
            *([f"qualifier: {self.qualifier}"] if self.qualifier else []),
            f"label: {_scalar(self.label)}  # sửa cho gọn: đọc liền sau “{_plain_number(self.value)} {self.unit}”",
            *([f"source: {source}"] if source else []),
            f"quote: {_scalar(self.quote)}",
        ]
        return Candidate(f"câu: {self.sentence}", lines)


def _masked(sentence: str) -> str:
    """``sentence`` with references by number and years blanked (same length): they are not figures."""
    for pattern in (_REFERENCE, _YEARS):
        sentence = pattern.sub(lambda m: " " * len(m.group()), sentence)
    return sentence


def _figures(sentence: str, word_tokenize) -> Iterator[_Figure]:
    masked = _masked(sentence)
    for mention in numbers_mentioned(masked):
        after = sentence[mention.end :]
        unit = _unit(after, word_tokenize)
        if unit is None:
            continue
        before = sentence[: mention.start].rstrip()
        qualifier = next((q for q in QUALIFIERS if before.endswith(" " + q) or before == q), None)
        quote = _clause(sentence, mention.start, mention.end)
        label = _label(quote, sentence[mention.start : mention.end], unit, qualifier)
        yield _Figure(mention.value, _UNIT_NORMAL.get(unit, unit), qualifier, label, quote, sentence)


def _unit(after: str, word_tokenize) -> str | None:
    """The word right after a number (“tập thể”, “đồng”, “m2”), or None if a mark or nothing follows."""
    attached = re.match(r"[a-zA-Z]+\d?", after)  # "1.080m2"
    if attached:
        return attached.group()
    if not after.startswith(" "):
        return None
    words = word_tokenize(after.strip()[:60])
    if not words or not re.match(r"\w", words[0]):
        return None
    return words[0]


def _clause(sentence: str, start: int, end: int) -> str:
    """The part of ``sentence`` around a number, between commas and semicolons; the sentence if that is short."""
    boundaries = [m.end() for m in re.finditer(r"[;:]\s|,\s", sentence[:start])]
    left = boundaries[-1] if boundaries else 0
    right_match = re.search(r"[;:]\s|,\s|[.;]$", sentence[end:])
    right = end + right_match.start() if right_match else len(sentence)
    clause = sentence[left:right].strip().rstrip(".")
    if len(clause.split()) < 4:
        clause = sentence.rstrip(".")
    return clause


def _label(quote: str, number_text: str, unit: str, qualifier: str | None) -> str:
    """The clause without its number and unit: a first draft of what the figure counts."""
    text = quote.replace(f"{number_text} {unit}", " ", 1).replace(f"{number_text}{unit}", " ", 1)
    if qualifier:
        text = re.sub(rf"\b{re.escape(qualifier)}\s+(?=\s)", " ", text)
    text = " ".join(text.split()).strip(" ,;:")
    return text or unit


# --- people ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    name: str
    role: str | None
    quote: str

    def candidate(self, source: str | None) -> Candidate:
        lines = [f"name: {self.name}", f"role: {_scalar(self.role)}"]
        lines += [*([f"source: {source}"] if source else []), f"quote: {_scalar(self.quote)}"]
        return Candidate(f"người: {self.name}", lines)


def _people(sentence: str, ner) -> Iterator[_Person]:
    names = {m.group(1) for m in _HONORIFIC.finditer(sentence)}
    if _NAME_THEN_TITLE.search(sentence):
        names |= {word for word, _, _, entity in ner(sentence) if entity == "B-PER"}
    for name in sorted(names, key=sentence.find):
        if not _looks_like_a_name(name) or name not in sentence:
            continue
        start = sentence.index(name)
        role, end = _role(sentence, start + len(name))
        honorific = _HONORIFIC.search(sentence[max(0, start - 10) : start + len(name)])
        quote_start = start - (len(honorific.group()) - len(name)) if honorific else start
        yield _Person(name, role, sentence[quote_start:end].rstrip(" ,;.") if role else sentence[quote_start:end])


def _looks_like_a_name(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and words[0] not in _TITLE_WORDS


def _role(sentence: str, after_name: int) -> tuple[str | None, int]:
    """The title written right after a name (“– Ủy viên Bộ Chính trị, …”, “, Bí thư …”), and where it ends."""
    rest = sentence[after_name:]
    opening = re.match(r"\s*[-–,]\s+", rest)
    if not opening or not rest[opening.end() : opening.end() + 1].isupper():
        return None, after_name
    start = after_name + opening.end()
    end_match = re.search(r"[;.()]|\s(?:" + "|".join(_ROLE_STOPS) + r")\b", sentence[start:])
    end = start + end_match.start() if end_match else len(sentence)
    role = sentence[start:end].strip(" ,")
    return (role, start + len(sentence[start:end].rstrip(" ,"))) if role else (None, after_name)


# --- documents ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Document:
    kind: str
    number: str
    issuer: str | None
    date: DateMention | None
    quote: str

    @property
    def detail(self) -> int:
        return bool(self.issuer) + bool(self.date and self.date.year)

    def candidate(self, document_id: str, source: str | None) -> Candidate:
        lines = [f"id: {document_id}", f"kind: {self.kind}", f"number: {self.number}"]
        if self.issuer:
            lines.append(f"issuer: {_scalar(self.issuer)}")
        if self.date and self.date.year:
            lines.append(f"date: {self.date.year:04d}-{self.date.month:02d}-{self.date.day:02d}")
        lines += [*([f"source: {source}"] if source else []), f"quote: {_scalar(self.quote)}"]
        return Candidate(f"văn bản: {self.kind} {self.number}", lines)


def _documents(sentence: str) -> Iterator[_Document]:
    kinds = "|".join(DOCUMENT_KINDS)
    for match in document_numbers_in(sentence):
        before = sentence[: match.start()]
        kind_match = re.search(rf"({kinds})(?: số)? $", before, re.IGNORECASE)
        if not kind_match:
            continue
        kind = kind_match.group(1)[:1].upper() + kind_match.group(1)[1:]
        start, end = kind_match.start(), match.end()
        date = next((d for d in dates_in(sentence) if 0 <= d.start - end <= 8), None)
        if date:
            end = date.end
        issuer = None
        of = re.match(r",?\s*của ([^,.;:“\"(]+?)(?=\s+về\b|[,.;:“\"(]|$)", sentence[end:])
        if of:
            issuer = of.group(1).strip()
            end += of.end()
        else:
            by = re.search(r"([A-ZĐÀ-Ỹ][\wÀ-ỹ ]+?) (?:đã )?(?:ký|ban hành) $", before[: kind_match.start()])
            if by:
                issuer = by.group(1).strip()
                start = by.start()
        yield _Document(kind, match.group(), issuer, date, sentence[start:end].strip())


# --- output ---------------------------------------------------------------------------


def _date_note(mention: DateMention, sentence: str) -> str:
    year = f"năm {mention.year}" if mention.year else "bài không ghi năm"
    return f"ngày {mention.day} tháng {mention.month}, {year}: “{sentence}”"


def as_yaml(result: Draft, article_name: str) -> str:
    """The draft as commented YAML, in the shape of a province file."""
    out = [
        f"# Bản nháp từ {article_name}: mỗi mục kèm câu trích nguyên văn từ bài.",
        "# Giữ mục nào thì chép vào tệp tỉnh (văn bản: vào background.yaml); sửa “label” cho gọn,",
        "# xóa mục không dùng. Mục giữ nguyên vẫn qua được “build.py check”.",
        "",
    ]
    sections = (
        ("figures", "Số liệu: “figures” của tỉnh, hoặc của một mô hình, cá nhân (kind: result|target|rule)",
         result.figures),
        ("people", "Người được nêu tên: “people” của một mục organisation.meetings, hoặc exemplars.individuals "
         "(thêm “deed”)", result.people),
        ("documents", "Văn bản: “documents” trong background.yaml (văn bản riêng của tỉnh: thêm “province”)",
         result.documents),
    )  # fmt: skip
    for key, heading, candidates in sections:
        out.append(f"# --- {heading}")
        if not candidates:
            out += [f"{key}: []", ""]
            continue
        out.append(f"{key}:")
        for candidate in candidates:
            out.append(f"  # {candidate.comment}")
            out.append(f"  - {candidate.lines[0]}")
            out += [f"    {line}" for line in candidate.lines[1:]]
        out.append("")
    if result.unnamed_roles:
        out.append(f"# Cũng được nêu tên nhưng không kèm chức vụ: {', '.join(result.unnamed_roles)}.")
        out.append("")
    out.append("# --- Ngày tháng trong bài (để ghi “date” của văn bản, hội nghị):")
    out += [f"#   {note}" for note in result.dates] or ["#   (không có)"]
    return "\n".join(out) + "\n"


def _scalar(value: str) -> str:
    """A YAML scalar: plain when safe, double-quoted (JSON) when it would be read as something else."""
    risky = value[:1] in "-?:,[]{}#&*!|>'\"%@`" or ": " in value or " #" in value or value != value.strip()
    return json.dumps(value, ensure_ascii=False) if risky or not value else value


def _plain_number(value: Decimal) -> str:
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value.normalize())


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "muc"


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate
