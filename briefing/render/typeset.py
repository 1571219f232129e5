"""Typesetting an editor would ask for: lines break between words only, one style.

Vietnamese writes every syllable apart, so a space is not a place to break a
line: the space inside a word ("Công an", "Ban Chấp hành Trung ương"), found
by word segmentation (briefing/render/words.py), is followed by a word joiner, which
forbids a break there and prints and extracts as nothing. Some runs never
break either, though they are several words: the names of the people in the
content and of the provinces, a number with its unit ("6,5 tỷ đồng", "1.080
m²"), a date, "khóa XI", and a document with its number ("Chỉ thị 03-CT/TW",
"Quyết định 1436/QĐ-UBND"). Their spaces are joined too; those that hold a
hyphen, a dash or a slash (where a line may break even without a space) are
wrapped in a ``nowrap`` span. The characters stay as they are (no U+2011
non-breaking hyphen), so every PDF reader still finds "03-CT/TW".

Measured on this booklet (in-process builds, median of 5): joined spaces and
no-break spaces cost nothing measurable (0.93 s and 0.89 s against 0.94 s),
a ``nowrap`` span around every word 75 % more (1.58 s). Joined spaces were
chosen over no-break spaces because PDFium (Chrome's viewer) extracts the
latter as U+00A0, so a copied "Công an" would not read as typed.

A dash between spaces stays with the word after it, so no line ends with a
dash; a review edition's mark "[12]" stays with the word before it, so no line
starts with one. Document references are written one way, without "số" ("Chỉ thị
1973/CT-TTg", as the booklet's own lists name them), and a Party term as
"(khóa XI)" after the body it belongs to: in running text only, never inside
quotation marks nor in the review dossier, which reproduce articles verbatim.

The rules run once over the filled-in HTML, on text between tags, so no
template has to remember them. ``no_widow`` keeps a title's last line from
being a lone word.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

from ..content.articletext import DOCUMENT_NUMBER as ARTICLE_DOCUMENT_NUMBER
from .words import NBSP, SPACES, glue, word_spaces

NOWRAP_OPEN, NOWRAP_CLOSE = '<span class="nw">', "</span>"
BREAKS_WITHOUT_SPACE = "-–—/"  # a line may break after these even where no space is

# Document numbers, Party ("03-CT/TW", "29-QĐi/TW") and state ("1973/CT-TTg", "1436/QĐ-UBND",
# "16/2019/NĐ-CP"): the one pattern the checks and ``draft`` read them with (articletext.py).
DOCUMENT_NUMBER = rf"(?<![\w/-]){ARTICLE_DOCUMENT_NUMBER}(?![\w/])"
DOCUMENT_KINDS = (
    "Chỉ thị", "Kế hoạch", "Nghị quyết", "Quyết định", "Hướng dẫn", "Kết luận", "Quy định", "Thông tri",
    "Chương trình", "Thông báo", "Công văn", "Nghị định", "Thông tư",
)  # fmt: skip
_KINDS = "|".join(DOCUMENT_KINDS)
_DATE = r"\d{1,2}[-/]\d{1,2}[-/]\d{4}|tháng \d{1,2} năm \d{4}|\d{4}[–-]\d{4}"
_TERM = r"\(?khóa [XVI]+\b\)?"  # "(khóa XI)"
# A short name in quotation marks (“Hũ gạo tình thương”): whole, as a name is.
_SHORT_QUOTED = r"“[^”<>]{1,24}”"
# A number, its scale word, and the next word (its unit): "300 triệu đồng", "716 tập", "1.000 đồng/ngày".
_QUANTITY = r"(?<![\w/-])\d[\d.,]*(?: (?:tỷ|triệu|nghìn|ngàn))? [^\s<>()\[\],.;:!?“”\"]+"
# One style, outside quotations: "Chỉ thị số 1973/CT-TTg" → "Chỉ thị 1973/CT-TTg";
# "Bộ Chính trị khóa XI" → "Bộ Chính trị (khóa XI)".
_WITH_SO = re.compile(rf"\b({_KINDS}) số ({DOCUMENT_NUMBER})")
_BARE_TERM = re.compile(r"(?<=\w) khóa ([XVI]+)\b(?!\))")
_SPACED_DASH = re.compile(r"(?<= )[—–] ")  # a dash stays with the word after it
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")  # "kinh tế - xã hội": one term, never parted
# A word longer than this in a table cell may break between its shorter words: a column is narrow.
CELL_WORD_CHARS = 16

_TAG = re.compile(r"(<[^>]*>)")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Tags inside a run of text: a word may go on across them.
_INLINE = frozenset(("span", "strong", "b", "em", "i", "mark", "a", "sup", "sub", "small", "abbr", "q", "cite"))
# A review edition's mark "[12]" after a statement (templates/_macros.html.j2): it never starts a line.
_MARK = '<a class="ev"'
_QUOTED = re.compile(r"“[^”]*”?")
_WIDOW_WORDS, _WIDOW_CHARS = 3, 18


@dataclass
class _Piece:
    index: int  # in the list of text pieces and tags
    text: str  # unescaped, restyled
    in_cell: bool
    run: int  # pieces of one run of text, between block tags, are segmented together
    joins_mark: bool = False  # its last space leads into a reference mark: kept with it
    inside: set[int] = field(default_factory=set)  # its spaces inside a word


@lru_cache(maxsize=8)
def _pattern(names: tuple[str, ...], in_cell: bool = False) -> re.Pattern:
    """One alternation, names first and longest first, so no match nests in another.

    In a table cell, a quoted name is not kept whole: a narrow column cannot hold
    “Sổ tiết kiệm tình thương” on one line, and the table would run past the margin.
    """
    by_length = sorted(names, key=len, reverse=True)
    alternatives = [re.escape(name).replace(r"\ ", " ") for name in by_length]
    alternatives += [DOCUMENT_NUMBER, _DATE, _TERM, _QUANTITY, *([] if in_cell else [_SHORT_QUOTED])]
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def typeset(html: str, names: Iterable[str], titles: Iterable[str] = ()) -> str:
    """``html`` whose body breaks lines between words only, and reads in one style.

    ``names`` (of people and places) never break; ``titles`` (of documents: "Kế
    hoạch 03-KH/TW", "Nghị quyết Trung ương 4") never break in running text, but may
    in a table cell, whose column is too narrow for them. Only text between tags in
    ``<body>`` is touched: never the head, a tag or an attribute. The body holds
    no ``<style>`` or ``<script>``. Text runs on across inline tags (“<mark>chỉ</mark>
    thị”): it is segmented as the reader reads it, up to the next block's tag.
    """
    names = {n for n in names if " " in n}
    pattern = _pattern(tuple(sorted(names | {t for t in titles if " " in t})))
    cell_pattern = _pattern(tuple(sorted(names)), in_cell=True)
    body_start = html.index(">", html.index("<body")) + 1  # after the body tag and its attributes
    head, body = html[:body_start], html[body_start:]
    parts = _TAG.split(body)
    pieces: list[_Piece] = []
    cell_depth, verbatim_until, run = 0, None, 0
    heading: list = []  # [index of the open tag, its name, its text so far] inside a heading
    in_mark = False  # inside a review mark "[12]": not part of a heading's bookmark
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if part.startswith(_MARK) and pieces and pieces[-1].index == index - 1 and part[-1:] == ">":
                pieces[-1].joins_mark = pieces[-1].text.endswith(" ")  # "… được [29]": the mark stays
            if part.startswith(_MARK):
                in_mark = True
            elif in_mark and part == "</a>":
                in_mark = False
            name = part[1:].split(maxsplit=1)[0].rstrip(">").lower() if len(part) > 2 else ""
            if name.lstrip("/") not in _INLINE:
                run += 1  # a block's edge: the text before it is done
            if name in ("td", "th"):
                cell_depth += 1
            elif name in ("/td", "/th"):
                cell_depth = max(0, cell_depth - 1)
            elif name in _HEADINGS and not heading:
                heading = [index, name, []]
            elif heading and name == f"/{heading[1]}":
                parts[heading[0]] = _with_bookmark(parts[heading[0]], "".join(heading[2]))
                heading = []
            if verbatim_until is None and 'id="ho-so-duyet"' in part:  # the review dossier
                verbatim_until = "</section"
            elif verbatim_until and part.startswith(verbatim_until):
                verbatim_until = None
        else:
            text = html_text.unescape(part)
            if part.strip() and not verbatim_until:
                text = restyle(text)
            pieces.append(_Piece(index, text, cell_depth > 0, run))
            if heading and not in_mark:
                heading[2].append(text if part.strip() else " ")
    runs: dict[int, list[_Piece]] = {}
    for piece in pieces:
        runs.setdefault(piece.run, []).append(piece)
    texts = {number: "".join(p.text for p in group) for number, group in runs.items()}
    spaces = word_spaces(text for text in texts.values() if text.strip())
    for number, group in runs.items():
        inside, offset = spaces.get(texts[number], frozenset()), 0
        for piece in group:
            piece.inside = {i - offset for i in inside if offset <= i < offset + len(piece.text)}
            offset += len(piece.text)
    long_words = {word for p in pieces if p.in_cell for word in _long_words(p.text, frozenset(p.inside))}
    parts_of_long = word_spaces(word.lower() for word in long_words) if long_words else {}
    for piece in pieces:
        inside = piece.inside | {i for i, char in enumerate(piece.text) if char == NBSP}
        if piece.in_cell:
            inside = _narrow(piece.text, inside, parts_of_long)
        if piece.joins_mark:
            inside.add(len(piece.text) - 1)
        if piece.text.strip() or inside:
            parts[piece.index] = _set(piece.text, inside, cell_pattern if piece.in_cell else pattern)
    return head + "".join(parts)


def _with_bookmark(tag: str, text: str) -> str:
    """The heading's opening tag, carrying its text as typed for the PDF's bookmarks (see booklet.css)."""
    label = " ".join(text.replace(NBSP, " ").split())
    return f'{tag[:-1]} data-bookmark="{escape(label)}">'


def restyle(text: str) -> str:
    """Document references without "số", and "(khóa XI)" in parentheses; quotations untouched."""
    out, position = [], 0
    for quoted in _QUOTED.finditer(text):
        out += [_restyle_plain(text[position : quoted.start()]), quoted.group()]
        position = quoted.end()
    out.append(_restyle_plain(text[position:]))
    return "".join(out)


def _restyle_plain(text: str) -> str:
    text = _WITH_SO.sub(r"\1 \2", text)
    return _BARE_TERM.sub(r" (khóa \1)", text)


def _set(text: str, inside: set[int], pattern: re.Pattern) -> str:
    """The text as HTML: spaces inside words and unbreakable runs made no-break, runs that
    could still break at a hyphen or slash in a nowrap span."""
    spans = []
    for match in pattern.finditer(text):
        inside.update(i for i in range(*match.span()) if text[i] in SPACES)
        if any(char in match.group() for char in BREAKS_WITHOUT_SPACE):
            spans.append(match.span())
    for dash in _SPACED_DASH.finditer(text):  # a dash stays with the word after it
        inside.add(dash.end() - 1)
    for hyphen in _SPACED_HYPHEN.finditer(text):
        inside.update((hyphen.start(), hyphen.end() - 1))
    out, position = [], 0
    for start, end in spans:
        out += [_glued(text, inside, position, start), NOWRAP_OPEN, _glued(text, inside, start, end), NOWRAP_CLOSE]
        position = end
    out.append(_glued(text, inside, position, len(text)))
    return "".join(out)


def _glued(text: str, inside: set[int], start: int, end: int) -> str:
    """``text[start:end]``, escaped, its spaces at ``inside`` joined."""
    return escape(glue(text[start:end], (i - start for i in inside if start <= i < end)))


def _words(text: str, inside: Iterable[int]) -> list[tuple[int, int]]:
    """(start, end) of every run of syllables joined by inner spaces."""
    runs, start = [], None
    joined = set(inside)
    for index, char in enumerate(text + " "):
        if char.isspace() and index not in joined:
            if start is not None:
                runs.append((start, index))
                start = None
        elif start is None:
            start = index
    return runs


def _long_words(text: str, inside: frozenset[int]) -> list[str]:
    return [text[s:e] for s, e in _words(text, inside) if e - s > CELL_WORD_CHARS and any(s < i < e for i in inside)]


def _narrow(text: str, inside: set[int], parts_of_long: dict[str, frozenset[int]]) -> set[int]:
    """In a table cell, a long word keeps together only its shorter words ("Ban Chấp hành | Trung ương")."""
    for start, end in _words(text, inside):
        word = text[start:end]
        if word.lower() in parts_of_long:
            inner = {start + i for i in parts_of_long[word.lower()]}
            inside -= {i for i in range(start, end) if i not in inner}
    return inside


# Words that keep their capital wherever they stand: the Party, Uncle Hồ, the state's bodies.
PROPER_WORDS = ("Đảng", "Bác", "Nhà nước", "Chính phủ", "Quốc hội", "Mặt trận", "Tổ quốc", "Chủ tịch", "Trung ương")


def run_in(items: Iterable[str]) -> str:
    """Items run into a sentence after a colon: “cấp ủy lãnh đạo…; phối hợp…; kiểm tra, giám sát”.

    Each item (a lesson's title, written as a heading) starts lower case, as a
    sentence goes on after a colon; items are parted by semicolons, as their
    own text may hold commas. A proper name keeps its capital.
    """
    return "; ".join(lower_first(str(item)) for item in items)


def lower_first(text: str) -> str:
    """``text`` with its first letter lower case, unless it starts a name or an abbreviation."""
    syllables = text.split(" ")
    first = syllables[0]
    second = syllables[1] if len(syllables) > 1 else ""
    if not first or not first[0].isupper():
        return text
    if (first.isupper() and len(first) > 1) or second[:1].isupper():  # "UBND", "Lạng Sơn", "Bác Hồ"
        return text
    if any(text == word or text.startswith((f"{word} ", f"{word},")) for word in PROPER_WORDS):
        return text
    return first[0].lower() + text[1:]


# Short words that lead into what follows: a title's line does not end on one.
FUNCTION_WORDS = frozenset(
    ["ở", "và", "của", "với", "cho", "về", "theo", "tại", "trong", "từ", "để", "là", "các", "những"]
)


def no_widow(text: str, chars: int = _WIDOW_CHARS) -> Markup:
    """A title whose last line is never a lone word.

    Vietnamese words are often two syllables ("tham khảo", "Kon Tum"), so the
    last syllables are kept together until they make at least three syllables
    and ``chars`` characters (more in the contents, where the leader needs room),
    and with the short word that leads into them ("ở Lạng Sơn và Kon Tum").
    """
    words = str(text).split(" ")
    tail_length = _WIDOW_WORDS
    while tail_length < len(words) and len(" ".join(words[-tail_length:])) < chars:
        tail_length += 1
    while tail_length < len(words) and words[-tail_length - 1] in FUNCTION_WORDS:  # not "… ở" | "Lạng Sơn"
        tail_length += 1
    if tail_length >= len(words):
        return escape(text)
    head, tail = " ".join(words[:-tail_length]), " ".join(words[-tail_length:])
    return escape(head) + Markup(" ") + unbroken(tail)


def unbroken(text: str) -> Markup:
    """``text`` on one line (the typesetting pass turns its no-break spaces into joined spaces)."""
    return escape(str(text).replace(" ", NBSP))
