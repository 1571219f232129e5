"""``build.py draft``: read an article and propose content, each item with its verbatim quote.

What an article reports becomes the item a person would write for it:
"X tập thể và Y cá nhân" with the body that gave them is one award; a
conference with its date, organiser, place and period is an event, and the
sentences that follow it ("Hội nghị đánh giá …") its summary; a sentence with
a figure is a figure whose label is the phrase that reads after its value; a
duration ("5 năm", "giai đoạn 2011 - 2016") is an event's period, never a
result; a numbered document is a document, its number whole and written the
Party's way (the article's "03-CT/T.Ư" is "03-CT/TW"), with its issuer, term
and subject when the sentence gives them; a person named with a title a
person. An item kept as it is passes ``build.py check``: its quote is copied
from the article and its value read from the quote by the same rules the
check uses.

The output is YAML written by the round-trip emitter (yamlwrite.py), read back
before it is printed, in the shape of a province file.

Word segmentation and named entities come from underthesea, loaded only here.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from .articletext import DateMention, canonical_number, dates_in, document_numbers_in, numbers_mentioned
from .model import Qualifier
from .yamlwrite import checked_text, commented, document_text, text_value

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
# A duration is when, not how much: the period of an event ("tổng kết 5 năm"), never a result.
TIME_UNITS = ("năm", "tháng", "tuần", "ngày", "quý")
_PERIOD = re.compile(
    r"giai đoạn (?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}|\b\d+ (?:năm|tháng)(?= (?:thực hiện|qua|đầu năm))"
)
_PERIOD_YEARS = re.compile(r"giai đoạn ((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")
# "X tập thể và Y cá nhân", "X tập thể, Y cá nhân", "X tập thể", "Y cá nhân": what an award counts.
# Not "46 tập thể, cá nhân": one count of both, which is a figure, not an award's two.
_COUNTS = re.compile(
    r"(?:(?P<c>\d+) tập thể(?:(?: và|,) (?P<i1>\d+) cá nhân)?(?!(?: và|,) cá nhân)|(?P<i2>\d+) cá nhân)"
)
_AWARD_KINDS = ("Bằng khen", "bằng khen", "Giấy khen", "giấy khen", "Cờ thi đua", "cờ thi đua", "Huân chương",
                "biểu dương", "tuyên dương", "khen thưởng")  # fmt: skip
_AWARD = re.compile(
    rf"(?P<body>[A-ZĐÀ-Ỹ][^,;:.]*?)\s+(?:cũng |đã )?"
    rf"(?:(?:trao |trao tặng |tặng )(?P<thing>{'|'.join(_AWARD_KINDS[:7])})"
    rf"|(?P<deed>biểu dương|tuyên dương|khen thưởng))(?: cho)? (?={_COUNTS.pattern})"
)
_REASON = re.compile(r"\s+(?P<reason>(?:có thành tích|tiêu biểu|điển hình|vì|đã có)[^.;]*)")
# A conference, and what it was: "Hội nghị tổng kết 5 năm …", "Hội nghị sơ kết …", "Lễ tuyên dương …".
_EVENT = re.compile(r"\b(?P<name>(?:Hội nghị|Lễ) (?P<kind>sơ kết|tổng kết|tuyên dương|biểu dương)?[^,;(]*)")
_ORGANISER = re.compile(r"(?P<organiser>(?:Ban Thường vụ|Ban Chấp hành|Ban Bí thư|Bộ Chính trị|Ban Tuyên giáo)"
                        r"[^,;.]*?|[A-ZĐÀ-Ỹ][^,;.]*?(?:ủy|uỷ)[^,;.]*?) (?:đã )?tổ chức\b")  # fmt: skip
_PLACE = re.compile(r"\btại (?P<place>[A-ZĐÀ-Ỹ][^,;.]*)")
_SUMMARY_START = re.compile(r"^(?:Hội nghị|Tại hội nghị|Các đại biểu|Báo cáo)\b")
_LAUNCH = re.compile(r"\btriển khai (?:thực hiện )?")


@dataclass
class Candidate:
    """One item to paste: its fields, and the comment that says what it is."""

    comment: str
    fields: dict


@dataclass
class Draft:
    source: str | None  # --source: written into every item
    figures: list[Candidate] = field(default_factory=list)
    awards: list[Candidate] = field(default_factory=list)
    events: list[Candidate] = field(default_factory=list)
    people: list[Candidate] = field(default_factory=list)
    documents: list[Candidate] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    unnamed_roles: list[str] = field(default_factory=list)  # people named without a title


MAX_SENTENCE = 600  # characters: a newspaper sentence is far shorter; longer runs are cut at a comma or space


def sentences(text: str) -> list[str]:
    """The article's sentences, white space collapsed, so each is a verbatim quote (as the check compares).

    A "sentence" longer than ``MAX_SENTENCE`` (a page pasted without full stops) is cut into pieces at a
    comma, or a space, so that reading it costs time in proportion to its length, never more.
    """
    found = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = " ".join(paragraph.split())
        for sentence in _SENTENCE_END.split(paragraph):
            found += _pieces(sentence)
    return found


def _pieces(sentence: str) -> list[str]:
    pieces = []
    while len(sentence) > MAX_SENTENCE:
        window = sentence[:MAX_SENTENCE]
        comma, space = window.rfind(", "), window.rfind(" ")
        cut = comma + 1 if comma > 0 else space if space > 0 else MAX_SENTENCE  # after a comma, else at a space
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [p for p in (*pieces, sentence) if p]


def draft(text: str, source: str | None = None, progress=lambda done, total: None) -> Draft:
    """The candidates in ``text``; ``progress(done, total)`` as its sentences are read."""
    from underthesea import ner, word_tokenize  # heavy: only the draft command needs it

    result = Draft(source)
    ids: set[str] = set()
    people: dict[str, _Person] = {}  # by name: the mention with a title wins
    documents: dict[tuple[str, str], _Document] = {}  # by kind and number: the fullest mention wins
    all_sentences = sentences(text)
    events = _events(all_sentences)
    event_sentences = {event.sentence for event in events} | {s for event in events for s in event.summary}
    for index, sentence in enumerate(all_sentences, start=1):
        if index % 20 == 0 or index == len(all_sentences):
            progress(index, len(all_sentences))
        awards = list(_awards(sentence))
        counted = [(a.counts_start, a.counts_end) for a in awards]
        for award in awards:
            result.awards.append(award.candidate(source))
        for figure in _figures(sentence, word_tokenize):
            if any(start <= figure.start < end for start, end in counted) or sentence in event_sentences:
                continue  # counted by an award, or the period of an event
            if figure.unit in TIME_UNITS:
                continue
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
    document_ids = {}
    for document in documents.values():
        document_id = _unique(_slug(f"{document.kind} {document.number}"), ids)
        document_ids[document.number] = document_id
        result.documents.append(document.candidate(document_id, source))
    for event in events:
        event_id = _unique(_slug(event.title), ids)
        result.events.append(event.candidate(event_id, source, document_ids))
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
    start: int  # where its number stands in the sentence

    def candidate(self, figure_id: str, source: str | None) -> Candidate:
        fields = {"id": figure_id, "value": _number_value(self.value), "unit": self.unit}
        if self.qualifier:
            fields["qualifier"] = self.qualifier
        fields["label"] = text_value(self.label)
        return Candidate(f"câu: {self.sentence}", _with_quote(fields, source, self.quote))


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
        unit_end = mention.end + len(after) - len(after.lstrip()) + len(unit)
        quote = _clause(sentence, mention.start, unit_end)
        label = _label(sentence, mention.start, unit_end, quote)
        yield _Figure(mention.value, _UNIT_NORMAL.get(unit, unit), qualifier, label, quote, sentence, mention.start)


def _unit(after: str, word_tokenize) -> str | None:
    """The word right after a number (“tập thể”, “đồng”, “m2”), or None if a mark or nothing follows."""
    attached = re.match(r"[a-zA-Z]+\d?", after)  # "1.080m2"
    if attached:
        return attached.group()
    both = re.match(r" (tập thể(?:,| và) cá nhân)\b", after)  # one count of both: "46 tập thể, cá nhân"
    if both:
        return both.group(1)
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


def _label(sentence: str, number_start: int, unit_end: int, quote: str) -> str:
    """What the figure counts, as a phrase that reads after "value unit": what was done to it when the
    number ends that deed ("… tặng bằng khen cho 23 tập thể" → "được … tặng bằng khen"); else the words
    that follow it in the article ("… 716 tập thể và cá nhân được Công an tỉnh biểu dương")."""
    clause_start = sentence.find(quote) if quote in sentence else 0
    before = re.split(r"[”…]|\.\.\.", sentence[clause_start:number_start])[-1].strip()
    for qualifier in QUALIFIERS:
        before = re.sub(rf"\s+{re.escape(qualifier)}$", "", before)
    deed = re.sub(r"\s+(?:cho|cho được)$", "", before)
    if deed and (deed != before or re.search(r"(?:khen thưởng|biểu dương|tuyên dương|khen)$", deed)):
        words = deed.split()
        proper = words[0] in _PROPER or words[0][1:2].isupper() or (len(words) > 1 and words[1][:1].isupper())
        return "được " + (deed if proper else deed[:1].lower() + deed[1:])
    following = re.split(r"[,;:.()“”\"]", sentence[unit_end:], maxsplit=1)[0].strip()
    following = re.sub(r"^(?:và|,) \d+ cá nhân\s*", "", following)  # "2 tập thể [và 3 cá nhân] tiêu biểu"
    if len(following.split()) >= 2 and following.split()[0] not in ("và", "cho", "của", "với"):
        return following
    return following or before or "(ghi số liệu này đếm gì)"


# The first word of a body's name keeps its capital after "được": "được Chủ tịch UBND tỉnh …".
_PROPER = ("Chủ", "Thủ", "Ban", "Bộ", "Ủy", "UBND", "HĐND", "Tỉnh", "Thành", "Huyện", "Công", "Hội", "Sở", "Mặt",
           "Trung", "Đảng", "Liên", "Đoàn")  # fmt: skip


# --- awards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Award:
    body: str
    kind: str
    collectives: int | None
    individuals: int | None
    reason: str | None
    quote: str
    sentence: str
    counts_start: int
    counts_end: int

    def candidate(self, source: str | None) -> Candidate:
        fields: dict = {"body": self.body, "kind": self.kind}
        if self.collectives is not None:
            fields["collectives"] = self.collectives
        if self.individuals is not None:
            fields["individuals"] = self.individuals
        if self.reason:
            fields["reason"] = text_value(self.reason)
        return Candidate(f"câu: {self.sentence}", _with_quote(fields, source, self.quote))


def _awards(sentence: str) -> Iterator[_Award]:
    """ "Thủ tướng Chính phủ tặng Bằng khen cho 5 tập thể và 10 cá nhân": who gave what to how many."""
    for match in _AWARD.finditer(sentence):
        counts = _COUNTS.match(sentence, match.end())
        body = re.sub(r"^(?:Dịp này|Nhân dịp này|Tại hội nghị|Đồng thời)\s+", "", match.group("body")).strip()
        body = re.sub(r"\s+(?:cũng|đã)$", "", body)
        body = re.sub(r"^(?:[a-zà-ỹđ]\S*\s+)+", "", body)  # "theo đó Chủ tịch UBND tỉnh": the body's name
        kind = match.group("thing") or match.group("deed")
        end = counts.end()
        reason = _REASON.match(sentence, end)
        if reason:
            end = reason.end()
        start = match.start() + match.group("body").index(body)
        individuals = counts.group("i1") or counts.group("i2")
        yield _Award(
            body, kind[:1].upper() + kind[1:] if kind.lower() in ("bằng khen", "giấy khen", "cờ thi đua") else kind,
            int(counts.group("c")) if counts.group("c") else None, int(individuals) if individuals else None,
            reason.group("reason").strip() if reason else None, sentence[start:end].rstrip(" ."), sentence,
            counts.start(), counts.end(),
        )  # fmt: skip


# --- events ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Event:
    title: str
    kind: str | None
    period: str | None
    organiser: str | None
    place: str | None
    date: DateMention | None
    inferred_year: int | None  # the year read from the period, when the article gives day and month only
    period_years: str | None  # "giai đoạn 2011 - 2016", which that year is read from
    sentence: str
    reviews: str | None  # the document number it reviewed, the Party's way
    launches: str | None
    summary: tuple[str, ...]  # what the conference said: the sentences that follow about it

    def candidate(self, event_id: str, source: str | None, document_ids: dict[str, str]) -> Candidate:
        fields: dict = {"title": text_value(self.title)}
        if self.kind:
            fields["kind"] = self.kind
        if self.period:
            fields["period"] = self.period
        if self.organiser:
            fields["organiser"] = text_value(self.organiser)
        if self.place:
            fields["place"] = text_value(self.place)
        if self.date:
            year = self.date.year or self.inferred_year
            if year:
                fields["date"] = _date(year, self.date.month, self.date.day)
                if not self.date.year:
                    fields["year_inferred"] = True
                    fields["year_reasoning"] = text_value(
                        f"Bài ghi ngày {self.date.day}/{self.date.month}, không ghi năm. Hội nghị "
                        f"{self.kind + ' ' if self.kind else ''}{self.period_years}, nên năm là {year}."
                    )
        for key, number in (("reviews", self.reviews), ("launches", self.launches)):
            if number and number in document_ids:
                fields[key] = document_ids[number]
        fields = _with_quote(fields, source, self.sentence.rstrip("."))
        if self.summary:
            fields["summary"] = [{"text": text_value(s), "quote": text_value(s.rstrip("."))} for s in self.summary]
        return Candidate(f"hội nghị: {self.title}", fields)


def _events(all_sentences: list[str]) -> list[_Event]:
    """Each conference the article reports as held ("… tổ chức Hội nghị …"), with what it said."""
    found = []
    for index, sentence in enumerate(all_sentences):
        event = _EVENT.search(sentence)
        organiser = _ORGANISER.search(sentence)
        if not event or not organiser or organiser.end() > event.start() + 1:
            continue
        name = event.group("name").strip()
        numbers = [m for m in document_numbers_in(name)]
        title = name[: numbers[0].end()] if numbers else re.split(r" (?:về|của|tại|nhằm)\b", name)[0]
        for number in numbers[:1]:
            title = title.replace(number.group(), canonical_number(number.group()))
        years = _PERIOD_YEARS.search(sentence)
        period_match = years or _PERIOD.search(sentence)
        date = next(iter(dates_in(sentence)), None)
        place = _PLACE.search(sentence)
        summary = []
        for following in all_sentences[index + 1 :]:
            if not _SUMMARY_START.match(following) or (_EVENT.search(following) and _ORGANISER.search(following)):
                break
            summary.append(following)
        reviewed = [canonical_number(m.group()) for m in document_numbers_in(sentence)]
        launched = next((canonical_number(m.group()) for s in [sentence, *summary] for m in document_numbers_in(s)
                         if _LAUNCH.search(s[max(0, m.start() - 40) : m.start()])), None)  # fmt: skip
        organiser_text = re.sub(r"^(?:Sáng|Chiều|Tối|Ngày)?[^A-ZĐÀ-Ỹ]*", "", organiser.group("organiser"))
        organiser_text = re.sub(r"^.*?, (?=[A-ZĐÀ-Ỹ])", "", organiser_text)
        found.append(_Event(
            title=title, kind=event.group("kind"), period=period_match.group() if period_match else None,
            organiser=organiser_text.strip() or None, place=place.group("place").strip() if place else None,
            date=date, inferred_year=int(years.group(2)) if years else None,
            period_years=years.group() if years else None, sentence=sentence,
            reviews=reviewed[0] if reviewed else None, launches=launched if launched not in reviewed[:1] else None,
            summary=tuple(summary),
        ))  # fmt: skip
    return found


# --- people ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    name: str
    role: str | None
    quote: str

    def candidate(self, source: str | None) -> Candidate:
        return Candidate(f"người: {self.name}", _with_quote({"name": self.name, "role": self.role}, source,
                                                             self.quote))  # fmt: skip


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
    number: str  # the Party's way: "03-CT/TW" for the article's "03-CT/T.Ư"
    issuer: str | None
    date: DateMention | None
    period: str | None  # "khóa XI", when the article gives it after the number
    subject: str | None
    quote: str

    @property
    def detail(self) -> int:
        return bool(self.issuer) + bool(self.date and self.date.year) + bool(self.period) + bool(self.subject)

    def candidate(self, document_id: str, source: str | None) -> Candidate:
        fields: dict = {"id": document_id, "kind": self.kind, "number": self.number}
        if self.issuer:
            fields["issuer"] = self.issuer
        if self.period:
            fields["period"] = self.period
        if self.date and self.date.year:
            fields["date"] = _date(self.date.year, self.date.month, self.date.day)
        if self.subject:
            fields["subject"] = text_value(self.subject[:1].upper() + self.subject[1:])
        return Candidate(f"văn bản: {self.kind} {self.number}", _with_quote(fields, source, self.quote))


_RESOLUTION = re.compile(r"Nghị quyết (?:Hội nghị )?(?P<number>Trung ương \d+)")
_TERM = re.compile(r"\s*\((?P<term>khóa [IVXL]+)\)")
# The subject runs to the end of its clause: a list ("tư tưởng, đạo đức, phong cách") goes on, a new clause
# (", giai đoạn 2011 - 2016", ", đồng thời …") ends it.
_SUBJECT = re.compile(
    r",?\s+về (?P<subject>[^.;:()]+?)(?=,\s+(?:giai đoạn|đồng thời|nhằm|trong|tại|năm|ngày|và|với|theo|góp phần|"
    r"đã|được|sau)\b|[.;:()]|$)"
)


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
        period, end = _term(sentence, end)
        subject = _SUBJECT.match(sentence, end)
        if subject and kind_match.group(1)[:1].isupper():
            end = subject.end()
        yield _Document(kind, canonical_number(match.group()), issuer, date, period,
                        subject.group("subject").strip() if subject else None, sentence[start:end].strip())  # fmt: skip
    for match in _RESOLUTION.finditer(sentence):  # "Nghị quyết Trung ương 4 (khóa XI)": numbered by its plenum
        period, end = _term(sentence, match.end())
        yield _Document("Nghị quyết", match.group("number"), None, None, period, None, sentence[match.start() : end])


def _term(sentence: str, end: int) -> tuple[str | None, int]:
    term = _TERM.match(sentence, end)
    return (term.group("term"), term.end()) if term else (None, end)


# --- output ---------------------------------------------------------------------------


def _date_note(mention: DateMention, sentence: str) -> str:
    year = f"năm {mention.year}" if mention.year else "bài không ghi năm"
    return f"ngày {mention.day} tháng {mention.month}, {year}: “{sentence}”"


SECTIONS = (
    ("awards", "Khen thưởng: “awards” của tỉnh (in thành một bảng, cấp cao trước)"),
    ("events", "Hội nghị của tỉnh: “events” của tỉnh (thêm “chairs” khi bài nêu người chủ trì)"),
    ("figures", "Số liệu: “figures” của tỉnh, hoặc của một mô hình, cá nhân (kind: result|target|rule)"),
    ("people", "Người được nêu tên: “people” của một mục organisation.meetings, hoặc exemplars.individuals "
     "(thêm “deed”)"),
    ("documents", "Văn bản: “documents” trong background.yaml; bỏ văn bản đã có ở đó (cùng số), văn bản riêng "
     "của tỉnh thì thêm “province”"),
)  # fmt: skip


def as_yaml(result: Draft, article_name: str) -> str:
    """The draft as commented YAML in the shape of a province file, read back before it is given."""
    header = (
        f"Bản nháp từ {article_name}: mỗi mục kèm câu trích nguyên văn từ bài.\n"
        "Giữ mục nào thì chép vào tệp tỉnh (văn bản: vào background.yaml); xóa mục không dùng.\n"
        "Mục giữ nguyên vẫn qua được “build.py check”; nhãn (“label”) đọc liền sau con số."
    )
    data = commented({key: [c.fields for c in getattr(result, key)] for key, _ in SECTIONS},
                     before={key: f"--- {heading}" for key, heading in SECTIONS})  # fmt: skip
    for key, _ in SECTIONS:
        items = data[key]
        for index, candidate in enumerate(getattr(result, key)):
            items.yaml_set_comment_before_after_key(index, before=_one_line(candidate.comment), indent=2)
    text = checked_text(document_text(data, header), data, "draft")
    notes = []
    if result.unnamed_roles:
        notes.append(f"# Cũng được nêu tên nhưng không kèm chức vụ: {', '.join(result.unnamed_roles)}.")
    notes.append("# --- Ngày tháng trong bài (để ghi “date” của văn bản, hội nghị):")
    notes += [f"#   {_one_line(note)}" for note in result.dates] or ["#   (không có)"]
    return text + "\n" + "\n".join(notes) + "\n"


def _one_line(text: str) -> str:
    """A comment line: no line break or control character from the article can end the comment."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).split())


def _with_quote(fields: dict, source: str | None, quote: str) -> dict:
    return {**fields, **({"source": source} if source else {}), "quote": text_value(quote)}


def _number_value(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral() else value.normalize()


def _date(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def _plain_number(value: Decimal) -> str:
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value.normalize())


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or "muc"


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate
