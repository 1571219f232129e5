"""The text of a Word document (.docx) as its reader sees it: paragraphs in order, tables' cells included.

python-docx opens the package; the text is read from the document's XML here,
because ``Paragraph.text`` leaves out tracked insertions and content controls
and repeats merged table cells. What Word shows is kept: runs, tabs, line
breaks (each starts a line), fields' results, inserted text. What it does not
show is left out: deleted or moved-away text, hidden runs, field codes. Text
boxes and drawings are left out too (their content comes twice, once as a
fallback for old readers), and so are headers, footers and footnotes: they
are not the article's running text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_PARAGRAPH, _TABLE, _ROW, _CELL = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_TEXT = f"{_W}t"
_TABS = {f"{_W}tab", f"{_W}ptab"}
_BREAKS = {f"{_W}br", f"{_W}cr"}
_RUN, _RUN_PROPERTIES, _HIDDEN = f"{_W}r", f"{_W}rPr", f"{_W}vanish"
# Block-level wrappers whose content is the document's own: content controls, custom XML, inserted text.
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo", f"{_W}smartTag"}
# Not shown as the article's running text (see above); properties hold no text.
_UNSHOWN = {
    f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", f"{_W}instrText", f"{_W}delText", f"{_W}drawing",
    f"{_W}pict", f"{_W}object", f"{_MC}AlternateContent", f"{_W}txbxContent", f"{_W}footnoteReference",
    f"{_W}endnoteReference", f"{_W}sdtPr", f"{_W}sdtEndPr",
}  # fmt: skip


@dataclass(frozen=True)
class WordText:
    paragraphs: list[str]  # in document order; a paragraph's line breaks kept as "\n"
    title: str | None  # the core properties, as stored
    author: str | None
    created: datetime.datetime | None


def word_text(data: bytes) -> WordText:
    """The paragraphs and core properties of the .docx in ``data`` (python-docx's errors pass through)."""
    import docx

    document = docx.Document(BytesIO(data))
    properties = document.core_properties
    paragraphs = list(_blocks(document.element.body))
    try:
        created = properties.created
    except ValueError:  # a date python-docx cannot read: the file's text is still worth having
        created = None
    return WordText(paragraphs, properties.title or None, properties.author or None, created)


def _blocks(element) -> Iterator[str]:
    for child in element:
        if child.tag == _PARAGRAPH:
            yield _paragraph(child)
        elif child.tag == _TABLE:
            for cell in _cells(child):
                yield from _blocks(cell)
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _cells(element) -> Iterator:
    """A table's cells, row by row; a nested table is reached through its cell, not here."""
    for child in element:
        if child.tag in (_ROW, _CELL):
            yield from [child] if child.tag == _CELL else _cells(child)
        elif child.tag in _WRAPPERS:
            yield from _cells(child)


def _paragraph(paragraph) -> str:
    parts: list[str] = []
    _inline(paragraph, parts)
    return "".join(parts)


def _inline(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _UNSHOWN or (tag == _RUN and _hidden(child)):
            continue
        if tag == _TEXT:
            parts.append(child.text or "")
        elif tag in _TABS:
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            _inline(child, parts)


def _hidden(run) -> bool:
    properties = run.find(_RUN_PROPERTIES)
    hidden = properties.find(_HIDDEN) if properties is not None else None
    return hidden is not None and hidden.get(f"{_W}val", "true") not in ("false", "0", "off")
