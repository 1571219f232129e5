"""Where Vietnamese words end, so that lines break between words only.

Vietnamese writes every syllable apart ("Công an", "Ban Chấp hành Trung
ương"): a space is not a place to break a line. underthesea's word
segmentation (a CRF model shipped inside the package, run offline) tells which
spaces are inside a word; the typesetter (briefing/render/typeset.py) makes those
spaces unbreakable.

Loading the model costs about a second, so segmentations are kept in a cache
the tool keeps between runs (usercache.py), keyed by the text: a rebuild whose
text did not change (``--force`` included) never loads it. When no cache folder
can be used, the cache lives only as long as the process; a cache that cannot
be read is started afresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .installed import version
from .usercache import cache_folder, is_protected, private_file, save_whole

CACHE_FILE = "words.json"
CACHE_FORMAT = 2
MAX_CACHED = 50_000  # texts; the least recently used go first
NBSP = "\u00a0"
WORD_JOINER = "\u2060"
# A space inside a word: an ordinary space, then a word joiner, which forbids a
# break on either side of it (UAX #14, LB11). Pango draws the joiner as nothing
# and PDF readers extract nothing for it, so the text copies and searches as
# typed ("Công an"); a no-break space would come out of some readers as U+00A0.
JOINED_SPACE = " " + WORD_JOINER
SPACES = " " + NBSP

# Words the model splits that booklets of this kind use; kept whole anyway. Only
# words: the model runs two listed words that meet into one ("làm theo tấm gương").
LEXICON = ("tấm gương", "nêu gương", "nhân rộng", "Đảng ủy", "Ủy ban", "đền ơn", "đáp nghĩa", "di tích", "ủy viên")


def _lexicon() -> list[str]:
    return [variant for word in LEXICON for variant in (word, word[:1].upper() + word[1:])]


def segmenter_version() -> str:
    """What the segmentation depends on: the model's package, our lexicon, the cache format."""
    return f"underthesea {version('underthesea')}; lexicon {'|'.join(LEXICON)}; format {CACHE_FORMAT}"


class WordCache:
    """Segmentations by text: the positions of the spaces inside words.

    ``inner_spaces`` answers from the cache when it can and segments the rest
    in one go; ``save`` writes the file back if anything was added.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.version = segmenter_version()
        self.entries: dict[str, list[int]] = self._read()
        self.added = False
        self.segmented = 0  # texts this cache had to segment with the model (tests read it)

    def _read(self) -> dict[str, list[int]]:
        if self.path is None or not private_file(self.path):  # another user's file would choose our line breaks
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != self.version:
            return {}
        entries = data.get("texts")
        return entries if isinstance(entries, dict) else {}

    def inner_spaces(self, texts: Iterable[str]) -> dict[str, frozenset[int]]:
        """For each text, the indices of its spaces that lie inside a word."""
        texts = list(dict.fromkeys(texts))
        missing = [text for text in texts if text not in self.entries]
        if missing:
            self.segmented += len(missing)
            for text in missing:
                self.entries[text] = inner_spaces(text, _tokenize(text))
            self.added = True
        found = {}
        for text in texts:  # most recently used last, so pruning drops the oldest
            found[text] = frozenset(self.entries[text])
            self.entries[text] = self.entries.pop(text)
        return found

    def save(self) -> None:
        if not self.added or self.path is None:
            return
        if is_protected(self.path.parent):  # chosen before the build's content folder was known
            self.path = None
            return
        entries = dict(list(self.entries.items())[-MAX_CACHED:])
        data = json.dumps({"version": self.version, "texts": entries}, ensure_ascii=False).encode("utf-8")
        if save_whole(self.path, data):
            self.added = False


_shared: WordCache | None = None


def shared_cache() -> WordCache:
    """The process's cache, read once (watch mode and copies keep it warm)."""
    global _shared
    if _shared is None:
        folder = cache_folder()
        _shared = WordCache(folder / CACHE_FILE if folder else None)
    return _shared


def word_spaces(texts: Iterable[str]) -> dict[str, frozenset[int]]:
    """For each text, the indices of the spaces inside its words (cached; the cache is saved)."""
    words = shared_cache()
    found = words.inner_spaces(texts)
    words.save()
    return found


def glue(text: str, spaces: Iterable[int], joiner: str = JOINED_SPACE) -> str:
    """``text`` with the spaces at ``spaces`` made unbreakable (replaced by ``joiner``)."""
    characters = list(text)
    for index in spaces:
        characters[index] = joiner
    return "".join(characters)


def _tokenize(text: str) -> list[str]:
    from underthesea import word_tokenize  # loads its model on first use: only when the cache misses

    # The model knows ordinary spaces; the text keeps its own.
    return word_tokenize(text.replace(NBSP, " "), use_token_normalize=False, fixed_words=_lexicon())


def inner_spaces(text: str, tokens: list[str]) -> list[int]:
    """Indices of the spaces of ``text`` inside a token of ``tokens`` (the text, segmented).

    Tokens are found in order; a token the text does not hold as such (the
    segmenter changed a character) is skipped, and its spaces stay breakable.
    """
    inside: list[int] = []
    position = 0
    for token in tokens:
        syllables = token.split()
        if not syllables:
            continue
        start = text.find(syllables[0], position)
        if start < 0 or text[position:start].strip():
            continue  # not where the text is: leave it
        end, spaces = start + len(syllables[0]), []
        for syllable in syllables[1:]:
            gap = end
            while gap < len(text) and text[gap] in SPACES:
                gap += 1
            if not text.startswith(syllable, gap):
                break
            spaces += range(end, gap)
            end = gap + len(syllable)
        else:
            inside += spaces
            position = end
            continue
        position = start + len(syllables[0])
    return inside
