"""Normalise Vietnamese text once, at the reader, keeping a map back to the raw characters.

Every step is a regex rewrite that records, for each output character, the raw index it came
from (eyecite's SpanUpdater idea), so a span found in the normalised text can be highlighted in
the original; those offsets are kept as runs (`OffsetMap`), a few per edit, not one per character. Steps, in order (order matters: NFC must run before the tone fix looks at letters):

1. line ends to `\\n`; U+00D0 `Ð` and U+00F0 `ð` to `Đ`/`đ`; dashes to `-` (and U+FFFE, which
   pdfium gives for a hyphen at a line end); exotic spaces to ` `;
   zero-width characters and soft hyphens dropped;
2. markdown emphasis and link syntax (only for markdown input), before NFC since removing a
   mark can bring a letter and a combining accent together;
3. NFC (decomposed input from Macs, Windows-1258 and some PDFs);
4. modern tone placement (`hoà`→`hòa`, `uỷ`→`ủy`), word by word with underthesea's table,
   because `underthesea.text_normalize` re-tokenises the whole text and would lose offsets;
5. spaces: runs collapsed, lines trimmed, at most one blank line; line-break hyphenation joined;
6. words a source broke with spaces (`T hành p hố`, `K ý`) joined back (`spaced`), where a text shows it.

>>> normalize("Uỷ ban\\r\\nHoà  bình")[0]
'Ủy ban\\nHòa bình'
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain, repeat

from .letters import LOWER
from .spaced import spaced_word_edits


class OffsetMap(Sequence):
    """Per normalised character, the index in the raw text it came from (plus one end entry), kept
    as runs: a run either copies raw characters one for one (its offsets rise by one a character)
    or stands for a replacement (every character of it maps to the start of what it replaced).

    A document holds a few runs per edit, not one integer per character (8 bytes a character in an
    array: 200 MB for a 25 MB document, and a quarter of the normalisation's time). It reads as the
    list it stands for: `offsets[i]`, `offsets[-1]`, `len`, iteration, slices (as lists), bisect.

    >>> offsets = OffsetMap.identity(4)
    >>> list(offsets), offsets[-1]
    ([0, 1, 2, 3], 3)
    """

    __slots__ = ("_at", "_raw", "_step", "_length")

    def __init__(self, at: array, raw: array, step: array, length: int):
        self._at, self._raw, self._step, self._length = at, raw, step, length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """0, 1, ..., length - 1: the map of a text to itself (`length` is len(text) + 1)."""
        return cls(array("q", [0]), array("q", [0]), array("b", [1]), length)

    @classmethod
    def of(cls, values: Iterable[int]) -> OffsetMap:
        """The map that reads as `values` (any sequence of offsets: a list, an array, a range)."""
        if isinstance(values, OffsetMap):
            return values
        runs = _Runs()
        for value in values:
            runs.add(value, 1, 1)
        return runs.done()

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                return list(self)[index]
            return list(self._values(start, stop))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset index out of range")
        run = bisect_right(self._at, index) - 1
        return self._raw[run] + (index - self._at[run]) * self._step[run]

    def __iter__(self) -> Iterator[int]:
        return self._values(0, self._length)

    def __eq__(self, other) -> bool:
        if isinstance(other, OffsetMap | list | tuple | range | array):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so unhashable like one

    def __repr__(self) -> str:
        return f"OffsetMap({len(self._at)} runs, {self._length} offsets)"

    def __reduce__(self):
        return (OffsetMap, (self._at, self._raw, self._step, self._length))

    def _values(self, start: int, stop: int) -> Iterator[int]:
        """The offsets from `start` to `stop` (0 <= start, stop <= len), run by run."""
        parts = []
        run = bisect_right(self._at, start) - 1 if start < stop else len(self._at)
        while start < stop:
            end = min(stop, self._run_end(run))
            value = self._raw[run] + (start - self._at[run]) * self._step[run]
            parts.append(range(value, value + end - start) if self._step[run] else repeat(value, end - start))
            start, run = end, run + 1
        return chain.from_iterable(parts)

    def _run_end(self, run: int) -> int:
        return self._at[run + 1] if run + 1 < len(self._at) else self._length

    def copy_into(self, runs: _Runs, start: int, stop: int) -> None:
        """Add the offsets from `start` to `stop` to `runs`, run by run."""
        if start >= stop:
            return
        run = bisect_right(self._at, start) - 1
        while start < stop:
            end = min(stop, self._run_end(run))
            runs.add(self._raw[run] + (start - self._at[run]) * self._step[run], self._step[run], end - start)
            start, run = end, run + 1


class _Runs:
    """An OffsetMap being built left to right; a run that continues the last one extends it."""

    __slots__ = ("at", "raw", "step", "length")

    def __init__(self):
        self.at, self.raw, self.step, self.length = array("q"), array("q"), array("b"), 0

    def add(self, value: int, step: int, count: int) -> None:
        """`count` offsets from `value`, rising by `step` (1, or 0 for a replacement)."""
        if count <= 0:
            return
        if count == 1:
            step = 1   # one offset: either kind, and a copying run more often continues the last
        if self.at:
            last = self.length - self.at[-1]
            if self.step[-1] == step and value == self.raw[-1] + last * step:
                self.length += count
                return
        self.at.append(self.length)
        self.raw.append(value)
        self.step.append(step)
        self.length += count

    def done(self) -> OffsetMap:
        return OffsetMap(self.at, self.raw, self.step, self.length)


# What normalisation takes and gives: an OffsetMap (any sequence of offsets is taken).
Offsets = Sequence[int]

_CHAR_MAP = {
    "\r\n": "\n", "\r": "\n", "\f": "\n",
    "\u00d0": "Đ", "\u00f0": "đ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\ufffe": "-",
    "\t": " ", "\u00a0": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ", "\u000b": "\n",
    "\u2028": "\n", "\u2029": "\n",
    "\u2044": "/", "\u2215": "/",   # fraction and division slashes: a code's slash, as OCR reads a slanted one
    **{chr(c): " " for c in range(0x2000, 0x200B)},
    **{c: "" for c in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00")},
}
_CHAR_RE = re.compile("\r\n|[" + "".join(re.escape(k) for k in _CHAR_MAP if k != "\r\n") + "]")

# A run of combining marks after a letter (not after a line end), found by its first mark: a pattern
# that opens with the letter's negated class enters the matcher at every character (0.07 s over the
# bench documents not in NFC, 0.01 s so). The letter is the character before the match.
_COMBINING_RUN = re.compile(r"[\u0300-\u036f](?<=[^\u0300-\u036f\n][\u0300-\u036f])[\u0300-\u036f]*")
# A run of non-ASCII characters with the character before it: NFC of the whole text is NFC of each
# such run, since nothing composes with a preceding ASCII character.
_NON_ASCII_RUN = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")

# A word with an old-style tone mark on the second vowel of oa/oe/uy: a cheap pre-filter, so
# underthesea (0.6 s to import) is only loaded for documents that need it. underthesea's
# token_normalize leaves words longer than _TONE_WORD_MAX as they are, so only short words are
# looked for, with bounded repeats anchored at a word start: linear however long a word is
# (`\w*(...)\w*` rescanned a long word from each of its letters: 13 s on a 40,000-letter word).
_TONE_WORD_MAX = 6
_TONE_SIDE = _TONE_WORD_MAX - 2   # letters either side of the two-letter vowel pair
_OLD_TONE_RE = re.compile(
    rf"(?<!\w)\w{{0,{_TONE_SIDE}}}(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])\w{{0,{_TONE_SIDE}}}(?!\w)"
)
# The second vowel of such a pair: a pattern that starts with a character class, which sre scans
# for in C; `_OLD_TONE_RE` is then tried only at the few starts before it (`_old_tone_words`).
_TONE_PAIR = re.compile(r"[àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ](?:(?<=[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ])|(?<=[uU][ỳýỷỹỵỲÝỶỸỴ]))")

# Speed: every alternative of the two patterns below starts with a literal character (an anchor
# such as `^` or a lookbehind is written after it: `\#(?<=^\#)` for `^\#`), so sre scans for those
# characters in C instead of trying each alternative at every position (3-5 times faster; the
# old forms are in tests/test_normalize.py, which checks that both find the same matches).

# Markdown marks to drop. A link `[label](url)` (or image `![label](url)`) keeps its label; where it
# ends is found by `_markdown_edits`, not by the regex: `\[[^\]\n]*\]` would rescan the rest of the line
# from every `[` (quadratic on a line of brackets).
_RULE_REST = r":?[ ]*(?:\|[ ]*:?-{3,}:?[ ]*)*(?:\|[ ]*)?$"   # a table rule line after its first dashes
_MARKDOWN_RE = re.compile(
    rf"""
    !\[(?P<image>) | \[(?P<link>)                 # a link or an image may start here: _markdown_edits
    | \*\*|__                                     # bold markers
    | \*(?<![\w*]\*)(?=\S) | \*(?<=\S\*)(?![\w*])   # italic markers around a word
    | \#(?<=^\#)\#{{0,5}}[ ]                      # heading marks
    | >(?<=^>)[ ]? | [ ](?<=^[ ])[ ]{{0,2}}>[ ]?  # block quotes
    | \|(?<=^\|)[ ]*:?-{{3,}}{_RULE_REST}         # table rule lines (one [ ]* per gap), by first character
    | [ ](?<=^[ ])[ ]*:?-{{3,}}{_RULE_REST}
    | :(?<=^:)-{{3,}}{_RULE_REST}
    | -(?<=^-)-{{2,}}{_RULE_REST}
    | \\(?=[\\`*_{{}}\[\]()\#+\-.!|])             # backslash escapes
    """,
    re.VERBOSE | re.MULTILINE,
)

_SPACE_RE = re.compile(
    rf"""
    -(?<=[{LOWER}]-)\n(?=[{LOWER}])   # hyphen at a line break inside a word: join
    | [ ](?<=^[ ])[ ]* | [ ][ ]*$      # spaces at line start and end
    | [ ][ ]+                          # runs of spaces
    | \n\n\n+                          # more than one blank line
    | \n(?<=\A\n)\n*                   # blank lines before the text
    """,
    re.VERBOSE | re.MULTILINE,
)


def rewrite(text: str, offsets: Offsets, pattern: re.Pattern, replace: Callable[[re.Match], str]):
    """Apply `replace` to every match of `pattern`, carrying `offsets` (len(text) + 1 entries)."""
    return rewrite_spans(text, offsets, ((m.start(), m.end(), replace(m)) for m in pattern.finditer(text)))


def rewrite_spans(text: str, offsets: Offsets, edits: Iterable[tuple[int, int, str]]):
    """Replace each (start, end) span of `text` by its new string, carrying `offsets`.

    Spans come in order and do not overlap. A replacement as long as its span keeps per-character
    offsets; any other maps each new character to the start of what it replaced."""
    out: list[str] = []
    old = OffsetMap.of(offsets)
    runs = _Runs()
    last = copied = 0   # what of `text`, and of its offsets, is in the output
    for start, end, new in edits:
        if new == text[start:end]:
            continue
        out.append(text[last:start])
        out.append(new)
        last = end
        if len(new) != end - start:   # (as long: its offsets are copied with what follows)
            old.copy_into(runs, copied, start)
            runs.add(old[start], 0, len(new))
            copied = end
    if not out:
        return text, offsets
    out.append(text[last:])
    old.copy_into(runs, copied, len(old))
    return "".join(out), runs.done()


@lru_cache(maxsize=1)
def _token_normalize() -> Callable[[str], str]:
    """underthesea's `token_normalize`, without importing underthesea when its table can be read.

    Importing it runs underthesea's `__init__`, which loads its whole pipeline (joblib, the CRF
    taggers): 0.25 s of every `congvan parse`, for a table of 2,904 words. The table is a plain
    pickle in the package (`tn_rules_*.bin`, which underthesea reads with joblib.load); the
    function is its five lines, written again in `_TokenTable`. tests/test_normalize.py checks both
    against underthesea's own function, word for word; when the file is not found (another layout,
    or two tables) underthesea's function is used."""
    table = _underthesea_table()
    if table is not None:
        return _TokenTable(table["character"], table["token"])
    from underthesea.pipeline.text_normalize import token_normalize

    return token_normalize


def _underthesea_table() -> dict | None:
    import importlib.util
    import pickle
    from pathlib import Path

    spec = importlib.util.find_spec("underthesea")   # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    tables = sorted(Path(next(iter(spec.submodule_search_locations)), "pipeline", "text_normalize").glob("tn_rules_*.bin"))
    if len(tables) != 1:
        return None
    with open(tables[0], "rb") as handle:
        table = pickle.load(handle)   # the installed package's own data, as joblib.load would read it
    return table if isinstance(table, dict) and {"character", "token"} <= table.keys() else None


class _TokenTable:
    """`underthesea.pipeline.text_normalize.token_normalize` over its table: a word of at most six
    characters, NFC, with the table's character fixes, replaced by the table's form of it."""

    def __init__(self, characters: dict[str, str], tokens: dict[str, str]):
        self.characters, self.tokens = characters, tokens

    def __call__(self, token: str) -> str:
        if len(token) > 6:
            return token
        token = unicodedata.normalize("NFC", token)
        for wrong, right in self.characters.items():
            token = token.replace(wrong, right)
        return self.tokens.get(token, token)


def _fix_tone(match: re.Match) -> str:
    word = match.group(0)
    if len(word) > _TONE_WORD_MAX:
        return word
    return _fixed_word(word)


@lru_cache(maxsize=8192)
def _fixed_word(word: str) -> str:
    """A short word with its tone moved, when that keeps its length (else the word): the same few
    hundred words (`hoà`, `uỷ`, `thuỷ`) come back thousands of times (8,310 over the bench documents)."""
    fixed = _token_normalize()(word)
    return fixed if len(fixed) == len(word) else word


def _old_tone_words(text: str) -> Iterator[re.Match]:
    """`_OLD_TONE_RE.finditer(text)`, the same matches, tried only at the starts a vowel pair allows.

    Every match holds a pair whose first vowel is at most `_TONE_SIDE` letters after its start:
    the starts before each pair are tried left to right, none twice and none before the last
    match's end (finditer's rule). 0.10 s -> 0.02 s over the corpus."""
    last_end, tried = 0, -1
    for pair in _TONE_PAIR.finditer(text):
        first = pair.start() - 1
        for start in range(max(first - _TONE_SIDE, last_end, tried + 1), first + 1):
            tried = start
            match = _OLD_TONE_RE.match(text, start)
            if match:
                yield match
                last_end = match.end()
                break


class _NextOf:
    """The first position at or after `p` holding one of some characters.

    Remembers its last answer (nothing of those characters lies between the question and it), so
    that questions asked left to right about one stretch of text scan it once."""

    def __init__(self, text: str, chars: str):
        self.text = text
        self.pattern = re.compile("[" + re.escape(chars) + "]")
        self.asked, self.found = -1, -1

    def at(self, p: int) -> int:
        """The position, or len(text) when none is left."""
        if not self.asked <= p <= self.found:
            match = self.pattern.search(self.text, p)
            self.asked, self.found = p, match.start() if match else len(self.text)
        return self.found


def _markdown_edits(text: str) -> Iterator[tuple[int, int, str]]:
    """The spans of markdown syntax in `text` and what each becomes (a link its label, a mark nothing).

    A link is `[label](url)` on one line: the label runs to the first `]`, the url to the first `)`;
    found with `_NextOf`, so that a line of a million `[` costs one scan, not a million."""
    label_end, url_end = _NextOf(text, "]\n"), _NextOf(text, ")\n")
    position = 0
    while (match := _MARKDOWN_RE.search(text, position)) is not None:
        start, end = match.span()
        if match.lastgroup is None:   # not `[` nor `![`
            yield start, end, ""
            position = end
            continue
        close = label_end.at(end)
        if close + 1 < len(text) and text[close] == "]" and text[close + 1] == "(":
            stop = url_end.at(close + 2)
            if stop < len(text) and text[stop] == ")":
                yield start, stop + 1, text[end:close]
                position = stop + 1
                continue
        position = start + 1  # not a link: `[` is plain text, and a `[` further on may start one


def _spaces(match: re.Match) -> str:
    token = match.group(0)
    if token.startswith("-"):
        return ""
    if token.startswith("\n"):
        return "" if match.start() == 0 else "\n\n"
    if match.start() == 0 or text_at_line_edge(match):
        return ""
    return " "


def text_at_line_edge(match: re.Match) -> bool:
    string, start, end = match.string, match.start(), match.end()
    return start == 0 or string[start - 1] == "\n" or end == len(string) or string[end] == "\n"


def drop_spans(text: str, offsets: Offsets, spans: list[tuple[int, int]]) -> tuple[str, Offsets]:
    """Delete the given (start, end) spans of `text`, sorted and not overlapping."""
    old, parts, kept, last = OffsetMap.of(offsets), [], _Runs(), 0
    for start, end in spans:
        if start < last:
            continue
        parts.append(text[last:start])
        old.copy_into(kept, last, start)
        last = end
    parts.append(text[last:])
    old.copy_into(kept, last, len(old))
    return "".join(parts), kept.done()


def normalize(raw: str, markdown: bool = False, drop: Sequence[tuple[int, int]] = (),
              spaced: bool = True) -> tuple[str, Offsets]:
    """Return the normalised text and, per character, its index in `raw` (plus one end entry).

    `drop` lists spans of `raw` that are not document text (page furniture) to leave out; `spaced`
    False leaves words broken by spaces as they are (the word list that mends them is read so)."""
    text: str = raw
    offsets: Offsets = OffsetMap.identity(len(raw) + 1)
    if drop:
        text, offsets = drop_spans(text, offsets, list(drop))
    text, offsets = rewrite(text, offsets, _CHAR_RE, lambda m: _CHAR_MAP[m.group(0)])
    if markdown:  # before NFC: removing a mark can bring a letter and a combining accent together
        text, offsets = rewrite_spans(text, offsets, _markdown_edits(text))
    text, offsets = _nfc(text, offsets)
    text, offsets = rewrite_spans(text, offsets, ((m.start(), m.end(), _fix_tone(m)) for m in _old_tone_words(text)))
    text, offsets = _nfc(text, offsets)  # a moved tone mark can meet a stray combining accent
    text, offsets = rewrite(text, offsets, _SPACE_RE, _spaces)
    if spaced:
        text, offsets = rewrite_spans(text, offsets, spaced_word_edits(text))
    text, offsets = _strip_end(text, offsets)
    return text, offsets


def _nfc(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    if unicodedata.is_normalized("NFC", text):
        return text, offsets
    text, offsets = rewrite_spans(text, offsets, ((m.start() - 1, m.end(), unicodedata.normalize("NFC", text[m.start() - 1:m.end()]))
                                                  for m in _COMBINING_RUN.finditer(text)))
    if not unicodedata.is_normalized("NFC", text):  # singletons (U+212B), exclusions (U+0958, which grows)
        text, offsets = rewrite(text, offsets, _NON_ASCII_RUN, lambda m: unicodedata.normalize("NFC", m.group(0)))
    return text, offsets


def _strip_end(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    stripped = text.rstrip()
    if len(stripped) == len(text):
        return text, offsets
    kept = _Runs()
    OffsetMap.of(offsets).copy_into(kept, 0, len(stripped) + 1)
    return stripped, kept.done()
