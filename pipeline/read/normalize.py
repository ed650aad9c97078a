"""Normalise Vietnamese text once, at the reader, keeping a map back to the raw characters.

Every step is a regex rewrite that records, for each output character, the raw index it came
from (eyecite's SpanUpdater idea), so a span found in the normalised text can be highlighted in
the original. Steps, in order (order matters: NFC must run before the tone fix looks at letters):

1. line ends to `\\n`; U+00D0 `Ð` and U+00F0 `ð` to `Đ`/`đ`; dashes to `-` (and U+FFFE, which
   pdfium gives for a hyphen at a line end); exotic spaces to ` `;
   zero-width characters and soft hyphens dropped;
2. markdown emphasis and link syntax (only for markdown input), before NFC since removing a
   mark can bring a letter and a combining accent together;
3. NFC (decomposed input from Macs, Windows-1258 and some PDFs);
4. modern tone placement (`hoà`→`hòa`, `uỷ`→`ủy`), word by word with underthesea's table,
   because `underthesea.text_normalize` re-tokenises the whole text and would lose offsets;
5. spaces: runs collapsed, lines trimmed, at most one blank line; line-break hyphenation joined.

>>> normalize("Uỷ ban\\r\\nHoà  bình")[0]
'Ủy ban\\nHòa bình'
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from functools import lru_cache

# One machine integer per character (array, not list: 8 bytes a character instead of 36; a
# 25 MB document would otherwise hold 900 MB of offsets).
Offsets = MutableSequence[int]

_CHAR_MAP = {
    "\r\n": "\n", "\r": "\n", "\f": "\n",
    "\u00d0": "Đ", "\u00f0": "đ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\ufffe": "-",
    "\t": " ", "\u00a0": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ", "\u000b": "\n",
    "\u2028": "\n", "\u2029": "\n",
    **{chr(c): " " for c in range(0x2000, 0x200B)},
    **{c: "" for c in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00")},
}
_CHAR_RE = re.compile("\r\n|[" + "".join(re.escape(k) for k in _CHAR_MAP if k != "\r\n") + "]")

_COMBINING_RE = re.compile(r"[^\u0300-\u036f\n][\u0300-\u036f]+")
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

# Markdown marks to drop. A link `[label](url)` (or image `![label](url)`) keeps its label; where it
# ends is found by `_markdown_edits`, not by the regex: `\[[^\]\n]*\]` would rescan the rest of the line
# from every `[` (quadratic on a line of brackets).
_MARKDOWN_RE = re.compile(
    r"""
    (?P<link>!?\[)                            # a link or an image may start here: _markdown_edits
    | \*\*|__                                 # bold markers
    | (?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])   # italic markers around a word
    | ^\#{1,6}[ ]                             # heading marks
    | ^[ ]{0,3}>[ ]?                          # block quotes
    | ^\|?[ ]*:?-{3,}:?[ ]*(?:\|[ ]*:?-{3,}:?[ ]*)*(?:\|[ ]*)?$   # table rule lines (one [ ]* per gap)
    | \\(?=[\\`*_{}\[\]()\#+\-.!|])           # backslash escapes
    """,
    re.VERBOSE | re.MULTILINE,
)

_SPACE_RE = re.compile(
    r"""
    (?<=[a-zà-ỹđ])-\n(?=[a-zà-ỹđ])   # hyphen at a line break inside a word: join
    | ^[ ]+ | [ ]+$                   # spaces at line start and end
    | [ ]{2,}                         # runs of spaces
    | \n{3,}                          # more than one blank line
    | \A\n+                           # blank lines before the text
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
    new_offsets: Offsets = array("q")
    last = 0
    for start, end, new in edits:
        if new == text[start:end]:
            continue
        out.append(text[last:start])
        new_offsets.extend(offsets[last:start])
        out.append(new)
        if len(new) == end - start:
            new_offsets.extend(offsets[start:end])
        else:
            new_offsets.extend([offsets[start]] * len(new))
        last = end
    if not out:
        return text, offsets
    out.append(text[last:])
    new_offsets.extend(offsets[last:])
    return "".join(out), new_offsets


@lru_cache(maxsize=1)
def _token_normalize():
    from underthesea.pipeline.text_normalize import token_normalize

    return token_normalize


def _fix_tone(match: re.Match) -> str:
    word = match.group(0)
    if len(word) > _TONE_WORD_MAX:
        return word
    fixed = _token_normalize()(word)
    return fixed if len(fixed) == len(word) else word


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
        if match.group("link") is None:
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
    parts, kept, last = [], array("q"), 0
    for start, end in spans:
        if start < last:
            continue
        parts.append(text[last:start])
        kept.extend(offsets[last:start])
        last = end
    parts.append(text[last:])
    kept.extend(offsets[last:])
    return "".join(parts), kept


def normalize(raw: str, markdown: bool = False, drop: list[tuple[int, int]] = ()) -> tuple[str, Offsets]:
    """Return the normalised text and, per character, its index in `raw` (plus one end entry).

    `drop` lists spans of `raw` that are not document text (page furniture) to leave out."""
    text, offsets = raw, array("q", range(len(raw) + 1))
    if drop:
        text, offsets = drop_spans(text, offsets, list(drop))
    text, offsets = rewrite(text, offsets, _CHAR_RE, lambda m: _CHAR_MAP[m.group(0)])
    if markdown:  # before NFC: removing a mark can bring a letter and a combining accent together
        text, offsets = rewrite_spans(text, offsets, _markdown_edits(text))
    text, offsets = _nfc(text, offsets)
    text, offsets = rewrite(text, offsets, _OLD_TONE_RE, _fix_tone)
    text, offsets = _nfc(text, offsets)  # a moved tone mark can meet a stray combining accent
    text, offsets = rewrite(text, offsets, _SPACE_RE, _spaces)
    text, offsets = _strip_end(text, offsets)
    return text, offsets


def _nfc(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    if unicodedata.is_normalized("NFC", text):
        return text, offsets
    text, offsets = rewrite(text, offsets, _COMBINING_RE, lambda m: unicodedata.normalize("NFC", m.group(0)))
    if not unicodedata.is_normalized("NFC", text):  # singletons (U+212B), exclusions (U+0958, which grows)
        text, offsets = rewrite(text, offsets, _NON_ASCII_RUN, lambda m: unicodedata.normalize("NFC", m.group(0)))
    return text, offsets


def _strip_end(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    stripped = text.rstrip()
    if len(stripped) == len(text):
        return text, offsets
    return stripped, offsets[: len(stripped) + 1]
