"""``build.py new-province``: start a province from its article, in one command.

Copies the article into ``sources/``, writes a province file that already
passes ``check`` (its lead is the article's first sentence, quoted) with a
comment on every field to fill in, and lists the province and its source in
booklet.yaml, keeping that file's comments. Nothing is written unless all of
it can be: an existing province or source, or an article that is not UTF-8
text, stops it first. The files are written atomically, new files before
booklet.yaml, so an interruption never lists a province that does not exist.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_write
from ..confine import outside_content
from ..options import OptionError
from ..problems import display_path
from .checks import BOOKLET_FILE
from .yamledit import ListNotFound, append_mapping, append_scalar
from .yamlsource import load_yaml, parse_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ARTICLE_BYTES = 2_000_000  # a newspaper article is a few thousand words
_HEADLINE_CHARS = 160
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ“\"(])")


@dataclass(frozen=True)
class NewProvince:
    province_file: Path
    source_file: Path
    booklet_file: Path


def new_province(content_dir: Path, slug: str, name: str, article: Path) -> NewProvince:
    """Add province ``slug`` named ``name`` from ``article``; raise ``OptionError`` before writing anything."""
    if not SLUG.match(slug):
        raise OptionError(f"tên tỉnh “{slug}” không hợp lệ: chỉ chữ thường không dấu, số và dấu gạch ngang (quang-nam)")
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise OptionError("--name không được để trống")
    booklet_path = content_dir / BOOKLET_FILE
    province_path = content_dir / f"{slug}.yaml"
    sources_dir = content_dir / "sources"
    source_path = sources_dir / f"{slug}.txt"
    if not booklet_path.is_file() or outside_content(content_dir, booklet_path):
        raise OptionError(f"không có {BOOKLET_FILE} trong thư mục nội dung {display_path(content_dir)}")
    for path in (province_path, source_path):
        if path.exists() or path.is_symlink():
            raise OptionError(f"đã có {display_path(path)}; chọn tên khác hoặc sửa tệp đó")
    if sources_dir.exists() and (not sources_dir.is_dir() or outside_content(content_dir, sources_dir)):
        raise OptionError(f"{display_path(sources_dir)} phải là thư mục thật trong thư mục nội dung")
    text = _article_text(article)

    document, problems = load_yaml(booklet_path, display_path(booklet_path))
    if document is None or problems:
        raise OptionError(f"{BOOKLET_FILE} đang có lỗi cú pháp; chạy “build.py check” và sửa trước")
    listed = document.data.get("provinces") if isinstance(document.data, dict) else None
    if isinstance(listed, list) and slug in listed:
        raise OptionError(f"“{slug}” đã có trong danh sách provinces của {BOOKLET_FILE}")
    sources = document.data.get("sources") if isinstance(document.data, dict) else None
    if isinstance(sources, list) and any(isinstance(s, dict) and s.get("id") == slug for s in sources):
        raise OptionError(f"đã có nguồn “{slug}” trong {BOOKLET_FILE}; chọn tên khác")
    booklet_text = booklet_path.read_text(encoding="utf-8")
    try:
        booklet_text = append_scalar(booklet_text, document, "provinces", slug)
        document, _ = parse_yaml(booklet_text, display_path(booklet_path))
        booklet_text = append_mapping(booklet_text, document, "sources", _source_entry(slug, name, text))
    except ListNotFound as missing:
        raise OptionError(f"{BOOKLET_FILE} không có danh sách “{missing}”; thêm danh sách đó trước") from None

    atomic_write(source_path, article.read_bytes())
    atomic_write(province_path, province_file(slug, name, text).encode("utf-8"))
    atomic_write(booklet_path, booklet_text.encode("utf-8"))
    return NewProvince(province_path, source_path, booklet_path)


def _article_text(article: Path) -> str:
    if not article.is_file():
        raise OptionError(f"không có tệp bài báo {display_path(article)} (cần một tệp văn bản)")
    if article.stat().st_size > MAX_ARTICLE_BYTES:
        raise OptionError(f"{display_path(article)} quá lớn cho một bài báo (quá {MAX_ARTICLE_BYTES:,} byte)")
    try:
        text = unicodedata.normalize("NFC", article.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise OptionError(f"{display_path(article)} không phải văn bản UTF-8; lưu lại bài với bảng mã UTF-8") from None
    if not text.strip():
        raise OptionError(f"{display_path(article)} trống")
    return text


def headline(text: str) -> str | None:
    """The article's first line when it reads like a headline: short, no final full stop."""
    first = text.strip().splitlines()[0].strip()
    return first if len(first) <= _HEADLINE_CHARS and not first.endswith((".", ":", ";")) else None


def first_sentence(text: str) -> str:
    """The first sentence of the article's body (after the headline), white space collapsed."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    body = lines[1:] if headline(text) and len(lines) > 1 else lines
    paragraph = " ".join(body[0].split())
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0].rstrip(".")


def _yaml_text(value: str) -> str:
    """A scalar safe in YAML, quoted when it would otherwise be read as something else."""
    needs_quotes = value[:1] in "-?:,[]{}#&*!|>'\"%@`" or ": " in value or " #" in value
    return json.dumps(value, ensure_ascii=False) if needs_quotes else value


def _source_entry(slug: str, name: str, text: str) -> list[str]:
    title = headline(text)
    lines = [f"id: {slug}", f"file: sources/{slug}.txt"]
    if title:
        lines.append(
            f"title: {_yaml_text(title)}  # tiêu đề bài, đúng như bài ghi; sửa nếu dòng đầu không phải tiêu đề"
        )
    else:
        lines += [
            f"description: bài về tỉnh {_yaml_text(name)}  # bài không có tiêu đề: mô tả ngắn, in trong ngoặc vuông",
        ]
    lines += ["# outlet: tên báo", "# author: tác giả", "# date: NĂM-THÁNG-NGÀY đăng bài", "# url: địa chỉ bài"]
    return lines


def province_file(slug: str, name: str, text: str) -> str:
    sentence = first_sentence(text)
    return f"""# yaml-language-server: $schema=schema/province.schema.json
# Tỉnh {name} — từ bài trong sources/{slug}.txt.
#
# Tệp này đã hợp lệ: chương mới chỉ có đoạn mở đầu (câu đầu của bài). Điền dần
# các mục dưới đây; "build.py draft sources/{slug}.txt" in sẵn các số liệu, người,
# văn bản, ngày tháng có trong bài, kèm câu trích nguyên văn, để chép vào đây.
# Mỗi mục có "quote": câu trích NGUYÊN VĂN từ bài (giữ cả lỗi chính tả).
# Mục lấy từ bài khác thì ghi thêm "source: mã-nguồn" (mã trong booklet.yaml).

name: {_yaml_text(name)}
source: {slug}
title: {_yaml_text(name)}  # tên chương: sửa cho nói được điều chính của tỉnh
lead:
  text: {_yaml_text(sentence + ".")}
  quote: {_yaml_text(sentence)}

# organisation:        # cách tổ chức thực hiện
#   documents: []      # mã văn bản trong background.yaml
#   steps: []          # việc đã làm: text + quote
#   meetings: []       # cuộc họp: title (dự với tư cách gì), people (name, role, quote)
# figures: []          # số liệu chung của tỉnh: id, value, unit, label, quote; kind: result|target|rule
# models: []           # mô hình: id, name, category, owner, description, quote, figures
# exemplars:           # tập thể, cá nhân tiêu biểu
#   collectives: []
#   individuals: []
# lessons: []          # kinh nghiệm: id, title, text, quote
"""
