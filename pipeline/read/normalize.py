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
from collections.abc import Callable
from functools import lru_cache

Offsets = list[int]

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

# A word with an old-style tone mark on the second vowel of oa/oe/uy: a cheap pre-filter, so
# underthesea (0.6 s to import) is only loaded for documents that need it.
_OLD_TONE_RE = re.compile(
    r"\w*(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])\w*"
)

_MARKDOWN_RE = re.compile(
    r"""
    !?\[(?P<label>[^\]\n]*)\]\([^)\n]*\)     # [label](url) and images: keep the label
    | \*\*|__                                 # bold markers
    | (?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])   # italic markers around a word
    | ^\#{1,6}[ ]                             # heading marks
    | ^[ ]{0,3}>[ ]?                          # block quotes
    | ^\|?[ ]*:?-{3,}:?[ ]*(?:\|[ ]*:?-{3,}:?[ ]*)*\|?[ ]*$   # table rule lines
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
    """Apply `replace` to every match of `pattern`, carrying `offsets` (len(text) + 1 entries).

    A replacement as long as its match keeps per-character offsets; any other maps each new
    character to the start of what it replaced."""
    out: list[str] = []
    new_offsets: Offsets = []
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        new = replace(match)
        if new == match.group(0):
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
    fixed = _token_normalize()(word)
    return fixed if len(fixed) == len(word) else word


def _markdown(match: re.Match) -> str:
    label = match.group("label")
    return label if label is not None else ""


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
    parts, kept, last = [], [], 0
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
    text, offsets = raw, list(range(len(raw) + 1))
    if drop:
        text, offsets = drop_spans(text, offsets, list(drop))
    text, offsets = rewrite(text, offsets, _CHAR_RE, lambda m: _CHAR_MAP[m.group(0)])
    if markdown:  # before NFC: removing a mark can bring a letter and a combining accent together
        text, offsets = rewrite(text, offsets, _MARKDOWN_RE, _markdown)
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
    if not unicodedata.is_normalized("NFC", text):  # singletons such as U+212B: rare, no offsets kept
        text = unicodedata.normalize("NFC", text)
        offsets = offsets[: len(text)] + [offsets[-1]]
    return text, offsets


def _strip_end(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    stripped = text.rstrip()
    if len(stripped) == len(text):
        return text, offsets
    return stripped, offsets[: len(stripped)] + [offsets[len(stripped)]]
