"""What changed between two texts, as runs a template can highlight.

An erratum differs from the article by a few characters ("uỷ" → "ủy", one
space too many): compared character by character, the changed characters are
highlighted, and a change that is only white space is shown as "·", one per
space, or it would be invisible. A paragraph edited between two review
editions is compared word by word, and the unchanged stretches far from any
change are shortened to "…", so the approver sees what changed and where.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

from markupsafe import Markup, escape

VISIBLE_SPACE = "·"  # stands for each white-space character of a change that is only white space
ELLIPSIS = "…"
CONTEXT_WORDS = 6  # unchanged words kept on each side of a change in a word-level diff


class Run(NamedTuple):
    text: str
    changed: bool


Runs = tuple[Run, ...]


def changed_characters(old: str, new: str) -> tuple[Runs, Runs]:
    """The two texts as runs, the characters that differ marked as changed."""
    return _runs(list(old), list(new), None)


def changed_words(old: str, new: str, context: int = CONTEXT_WORDS) -> tuple[Runs, Runs]:
    """The two texts as runs of words, the words that differ marked as changed; an unchanged
    stretch keeps ``context`` words next to each change, on both sides alike, the rest is "…"."""
    return _runs(_words(old), _words(new), context)


def highlight(runs: Runs) -> Markup:
    """Runs as HTML: each changed run in ``<mark class="diff">``, text escaped.

    A word with a change inside it ("03-CT/TW" of which "-CT/TW" changed) is
    kept on one line (``nw``): the mark must not open a break at its hyphen
    or slash that the word alone would not have.
    """
    html = Markup("")
    changed = ""  # changed words and spaces in a row, marked as one
    for group in _groups(runs):
        [(text, is_changed, shown)] = group if len(group) == 1 else [("", False, False)]
        if len(group) == 1 and is_changed and not shown:
            changed += text
            continue
        if changed:
            html += Markup('<mark class="diff">{}</mark>').format(changed)
            changed = ""
        parts = Markup("").join(
            Markup('<mark class="diff">{}</mark>').format(VISIBLE_SPACE * len(text) if shown else text)
            if is_changed
            else escape(text)
            for text, is_changed, shown in group
        )
        html += Markup('<span class="nw">{}</span>').format(parts) if len(group) > 1 else parts
    if changed:
        html += Markup('<mark class="diff">{}</mark>').format(changed)
    return html


def _groups(runs: Runs) -> list[list[tuple[str, bool, bool]]]:
    """The runs as words and the spaces between them: each a list of parts (text, changed, shown as "·").

    A change that is only white space is shown as "·" and stands on its own.
    """
    groups: list[list[tuple[str, bool, bool]]] = []
    continues = False  # the last group is a word the next run's text may continue
    for run in runs:
        if run.changed and run.text.isspace():
            groups.append([(run.text, True, True)])
            continues = False
            continue
        for index, piece in enumerate(re.split(r"(\s+)", run.text)):
            if not piece:
                continue
            if piece.isspace():
                groups.append([(piece, run.changed, False)])
                continues = False
            elif index == 0 and continues:
                groups[-1].append((piece, run.changed, False))
            else:
                groups.append([(piece, run.changed, False)])
                continues = True
    return groups


def _words(text: str) -> list[str]:
    """Words with the space that follows each, so that joining them gives the text back."""
    return re.findall(r"\S+\s*|\s+", text)


def _runs(old: list[str], new: list[str], context: int | None) -> tuple[Runs, Runs]:
    """Runs of ``old`` and ``new``; with ``context`` (words), long unchanged stretches are cut."""
    opcodes = _absorb_short_matches(SequenceMatcher(None, old, new, autojunk=False).get_opcodes(), old)
    before: list[Run] = []
    after: list[Run] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            text = "".join(old[i1:i2])
            if context is not None and len(opcodes) > 1:
                text = _cut(old[i1:i2], context, first=index == 0, last=index == len(opcodes) - 1)
            _append(before, Run(text, False))
            _append(after, Run(text, False))
            continue
        for runs, units in ((before, old[i1:i2]), (after, new[j1:j2])):
            text = "".join(units)
            if context is not None:  # the space after a changed word is not part of the change
                _append(runs, Run(text.rstrip(), True))
                _append(runs, Run(text[len(text.rstrip()) :], False))
            elif text:
                _append(runs, Run(text, True))
    return tuple(run for run in before if run.text), tuple(run for run in after if run.text)


def _cut(words: list[str], context: int, first: bool, last: bool) -> str:
    """An unchanged stretch between changes (or before the first, after the last), cut to its context."""
    keep_start = 0 if first else context
    keep_end = 0 if last else context
    if len(words) <= keep_start + keep_end + 1:
        return "".join(words)
    head = "".join(words[:keep_start])
    tail = "".join(words[len(words) - keep_end :])
    return f"{head}{ELLIPSIS} {tail}" if not last else f"{head.rstrip()} {ELLIPSIS}"


def _absorb_short_matches(opcodes: list[tuple], old: list[str]) -> list[tuple]:
    """A single unit left equal between two changes ("nhgij" → "nghị" keeps the "g") is part of the change:
    one highlighted stretch reads better than four."""
    merged: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < index < len(opcodes) - 1
        if tag == "equal" and between and i2 - i1 == 1 and not old[i1].isspace():
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
        else:
            merged.append([tag, i1, i2, j1, j2])
    return [tuple(op) for op in merged]


def _append(runs: list[Run], run: Run) -> None:
    if runs and runs[-1].changed == run.changed:
        runs[-1] = Run(runs[-1].text + run.text, run.changed)
    else:
        runs.append(run)
