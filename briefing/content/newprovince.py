"""``build.py new-province``: start a province from its article, in one command.

Reads the article as the office has it (Word, PDF, a saved page or text:
articles.py), archives its text in ``sources/``, writes a province file that
already passes ``check`` (its lead is the article's first sentence, quoted)
with a comment on every field to fill in, and lists the province and its
source in booklet.yaml, keeping that file's comments and layout. The source
carries what the file's metadata gives (title, outlet, author, date, address)
and says where each was read.

All or nothing: everything is checked and every text made, and read back,
before the first file is written; the new files are written before
booklet.yaml, and removed again if a later write fails, so a re-run is never
refused for what a failed run left behind.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedSeq

from ..atomic import atomic_write
from ..confine import outside_content
from ..options import OptionError
from ..problems import display_path
from .articles import FIELD_NAMES, Article, read_article
from .articletext import canonical_number, document_numbers_in
from .checks import BOOKLET_FILE
from .formatting import vietnamese
from .schema import modeline
from .yamlsource import load_yaml
from .yamlwrite import (
    EditedFile,
    UnsafeWrite,
    checked_text,
    commented,
    document_text,
    insert_item,
    text_value,
    unsafe_problem,
)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG = 60
MAX_NAME = 80
_HEADLINE_CHARS = 160
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ“\"(])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
KINDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường")


@dataclass(frozen=True)
class NewProvince:
    province_file: Path
    source_file: Path
    booklet_file: Path
    metadata: list[str]  # the source's particulars read from the file's metadata, as "tiêu đề: …"
    cover: str | None  # whose booklet it is, as its cover says: "Ban Tuyên giáo Tỉnh ủy …, Vinh, tháng 6 năm 2016"


def new_province(content_dir: Path, slug: str, name: str, article_path: Path, kind: str = "tỉnh") -> NewProvince:
    """Add province ``slug`` named ``name`` from the article at ``article_path``; ``OptionError`` before writing."""
    if not SLUG.fullmatch(slug) or len(slug) > MAX_SLUG:
        raise OptionError(f"tên tỉnh “{slug.strip()}” không hợp lệ: chỉ chữ thường không dấu, số và dấu gạch ngang "
                          "(quang-nam)")  # fmt: skip
    name = _one_line(name, "--name", MAX_NAME)
    kind = _one_line(kind, "--kind", 20)
    if kind not in KINDS:
        raise OptionError(f"--kind “{kind}” không hợp lệ; chọn một trong: {', '.join(KINDS)}")
    booklet_path = content_dir / BOOKLET_FILE
    province_path = content_dir / f"{slug}.yaml"
    sources_dir = content_dir / "sources"
    source_path = sources_dir / f"{slug}.txt"
    if not booklet_path.is_file() or outside_content(content_dir, booklet_path):
        raise OptionError(f"không có {BOOKLET_FILE} trong thư mục nội dung {display_path(content_dir)}")
    for path in (province_path, source_path):
        if path.exists() or path.is_symlink():
            raise OptionError(f"đã có {display_path(path)}; chọn tên khác hoặc sửa tệp đó")
    if sources_dir.is_symlink() or (sources_dir.exists() and not sources_dir.is_dir()):
        raise OptionError(f"{display_path(sources_dir)} phải là thư mục thật trong thư mục nội dung")
    article = read_article(article_path)

    booklet, cover = _booklet_with(booklet_path, slug, _source_entry(slug, name, kind, article))
    province_text = province_file(slug, name, kind, article.text)
    _write_all(
        [(source_path, article.text.encode("utf-8")), (province_path, province_text.encode("utf-8"))],
        (booklet_path, booklet.encode("utf-8")),
    )
    found = [f"{label}: {value.value}" for label, value in _labelled(article)]
    return NewProvince(province_path, source_path, booklet_path, found, cover)


def _one_line(value: str, flag: str, longest: int) -> str:
    value = unicodedata.normalize("NFC", value)
    if _CONTROL.search(value.strip()):
        raise OptionError(f"{flag} chỉ được có một dòng chữ, không có ký tự điều khiển")
    value = " ".join(value.split())
    if not value:
        raise OptionError(f"{flag} không được để trống")
    if len(value) > longest:
        raise OptionError(f"{flag} quá dài (quá {longest} ký tự)")
    return value


def _write_all(new_files: list[tuple[Path, bytes]], edited: tuple[Path, bytes]) -> None:
    """Write the new files, then the edited one; on any failure remove the new files written."""
    written: list[Path] = []
    try:
        for path, data in new_files:
            atomic_write(path, data)
            written.append(path)
        atomic_write(*edited)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _booklet_with(path: Path, slug: str, source: dict) -> tuple[str, str | None]:
    """booklet.yaml with the province listed and its source added, everything else as it was; and its cover."""
    name = display_path(path)
    document, problems = load_yaml(path, name)
    if document is None or any(p.severity == "error" for p in problems) or not isinstance(document.data, dict):
        raise OptionError(f"{BOOKLET_FILE} đang có lỗi; chạy “build.py check” và sửa trước")
    edited = EditedFile.read(path)
    for key in ("provinces", "sources"):
        if edited.data.get(key) is None:
            edited.data[key] = CommentedSeq()
        elif not isinstance(edited.data[key], list):
            raise OptionError(f"“{key}” trong {BOOKLET_FILE} phải là một danh sách")
    if slug in edited.data["provinces"]:
        raise OptionError(f"“{slug}” đã có trong danh sách provinces của {BOOKLET_FILE}")
    if any(isinstance(s, dict) and s.get("id") == slug for s in edited.data["sources"]):
        raise OptionError(f"đã có nguồn “{slug}” trong {BOOKLET_FILE}; chọn tên khác")
    expected = dict(document.data)
    expected["provinces"] = [*(document.data.get("provinces") or []), slug]
    sources = list(document.data.get("sources") or [])
    position = _source_position(sources)
    expected["sources"] = [*sources[:position], source, *sources[position:]]
    insert_item(edited.data["provinces"], len(edited.data["provinces"]), slug)
    insert_item(edited.data["sources"], position, commented(source, indent=4))
    try:
        return checked_text(edited.text(), expected, name), _cover(document.data)
    except UnsafeWrite as error:
        raise unsafe_problem(name, error) from None


def _cover(meta: dict) -> str | None:
    issuer, place, date = meta.get("issuer"), meta.get("place"), meta.get("date")
    if not isinstance(issuer, str) or not isinstance(place, str) or not isinstance(date, datetime.date):
        return None
    return f"{issuer}; {place}, {vietnamese().month(date)}"


def _source_position(sources: list) -> int:
    """Where a new article goes: after the last article, before the public records, as the sample keeps them."""
    articles = [i for i, s in enumerate(sources) if isinstance(s, dict) and s.get("file")]
    return articles[-1] + 1 if articles else 0


def _labelled(article: Article):
    return [(FIELD_NAMES[field], value) for field, value in article.metadata.items()]


def headline(text: str) -> str | None:
    """The article's first line when it reads like a headline: short, no final full stop."""
    first = text.strip().splitlines()[0].strip()
    return first if len(first) <= _HEADLINE_CHARS and not first.endswith((".", ":", ";")) else None


def first_sentence(text: str) -> str:
    """The first sentence of the article's body (after the headline), white space collapsed."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    body = lines[1:] if headline(text) and len(lines) > 1 else lines
    paragraph = " ".join(body[0].split())
    sentence = _SENTENCE_END.split(paragraph, maxsplit=1)[0]
    return sentence[:-1] if sentence.endswith(".") else sentence


def _source_entry(slug: str, name: str, kind: str, article: Article) -> dict:
    entry: dict = {"id": slug, "file": f"sources/{slug}.txt"}
    title = article.title.value if article.title else headline(article.text)
    if title:
        entry["title"] = text_value(str(title))
    else:
        entry["description"] = f"bài về {kind} {name}"
    for field in ("outlet", "author", "date", "url"):
        value = getattr(article, field)
        if value is not None:
            entry[field] = value.value if field == "date" else text_value(str(value.value))
    note = article.note()
    if note:
        entry["note"] = text_value(note)
    return entry


PROVINCE_HEADER = """\
{Kind} {name}: từ bài trong sources/{slug}.txt.

Tệp này đã hợp lệ: chương mới chỉ có đoạn mở đầu (câu đầu của bài). Điền dần
các mục dưới đây; "build.py draft sources/{slug}.txt" in sẵn các số liệu,
khen thưởng, hội nghị, người, văn bản có trong bài, kèm câu trích nguyên văn.
Mỗi mục có "quote": câu trích NGUYÊN VĂN từ bài (giữ cả lỗi chính tả). Mục lấy
từ bài khác thì ghi thêm "source: mã-nguồn" (mã trong booklet.yaml)."""

# What the chapter can hold, each as a comment where it goes: the clerk uncomments and fills in.
PROVINCE_FIELDS = """\

# organisation:        # cách tổ chức thực hiện
#   documents: []      # mã văn bản trong background.yaml
#   steps: []          # việc đã làm: text + quote
#   meetings: []       # cuộc họp có người được nêu tên: title, people (name, role, quote)
# events: []           # hội nghị sơ kết, tổng kết của tỉnh: title, kind, period, organiser, date, place,
#                      #   chairs, others, summary (đánh giá của hội nghị), reviews, launches, quote
# figures: []          # số liệu chung: id, value, unit, label, quote; kind: result|target|rule
# awards: []           # khen thưởng: body (cơ quan khen), kind (Bằng khen…), collectives, individuals, quote
# models: []           # mô hình: id, name, category, owner, description, quote, figures
# exemplars:           # tập thể, cá nhân tiêu biểu
#   collectives: []
#   individuals: []
# lessons: []          # kinh nghiệm: id, title, text, quote
"""


def province_file(slug: str, name: str, kind: str, text: str) -> str:
    sentence = first_sentence(text)
    # The lead is the editors' text: document numbers the Party's way ("03-CT/T.Ư" → "03-CT/TW"); the quote as written.
    lead = sentence
    for number in reversed(document_numbers_in(sentence)):
        lead = lead[: number.start()] + canonical_number(number.group()) + lead[number.end() :]
    data = commented(
        {"name": name, "kind": kind, "source": slug, "title": name,
         "lead": {"text": text_value(lead + "."), "quote": text_value(sentence)}},
        after={"kind": "tỉnh, thành phố, huyện…: đứng trước tên trong câu",
               "title": "tên chương: sửa cho nói được điều chính"},
    )
    header = PROVINCE_HEADER.format(Kind=kind[:1].upper() + kind[1:], name=name, slug=slug)
    text_out = modeline("province") + "\n" + document_text(data, header) + PROVINCE_FIELDS
    try:
        return checked_text(text_out, data, f"{slug}.yaml")
    except UnsafeWrite as error:
        raise unsafe_problem(f"{slug}.yaml", error) from None
