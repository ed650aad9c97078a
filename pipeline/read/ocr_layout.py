"""Reading order of an OCR'd page from tesseract's word boxes (its TSV output).

A dispatch opens with a two-column header (Nghị định 30/2020, Phụ lục I): issuer, number and
summary on the left; national motto, place and date on the right. Tesseract reads across the
page line by line, so `ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ` / `Số: 2458/UBND-NC Điện Biên, ngày 05
tháng 8` comes out mixed and both issuer and date are lost. With the word boxes the columns are
read apart: the header zone is the run of lines at the top of the page that no wide line crosses;
the gutter is the vertical band that its words cross least; each header line is cut at the gutter,
and the left column is written before the right one, as the columns of a DOCX header table are.
The body follows in tesseract's order, one line per line, a blank line between paragraphs.

>>> tsv = "\\n".join(["level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext",
...     "5\\t1\\t1\\t1\\t1\\t1\\t100\\t100\\t200\\t30\\t95\\tỦY", "5\\t1\\t1\\t1\\t1\\t2\\t1000\\t100\\t300\\t30\\t95\\tCỘNG",
...     "5\\t1\\t1\\t1\\t2\\t1\\t100\\t150\\t300\\t30\\t95\\tSố:", "5\\t1\\t1\\t1\\t2\\t2\\t900\\t150\\t400\\t30\\t95\\tngày"])
>>> print(page_text(words_from_tsv(tsv), width=1600, height=2300))
ỦY
Số:
CỘNG
ngày
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby, pairwise

from .encodings import is_syllable
from .letters import SIGNING_PREFIXES

NOISE_CONFIDENCE = 30     # tesseract's confidence under which a word of 1-2 characters is a mark, not text
HEADER_ZONE = 0.45        # the header is in the top part of the first page
GUTTER_BAND = (0.30, 0.66)  # where the gap between the two header columns may lie, as a share of the width
PICTURE_MIN = (120, 50)    # pixels: a picture block smaller than this holds no line worth reading again
FOOTER_LEAN = 0.8         # where in the closing block's common gap its gutter lies (see `_gutter`)
WIDE = (0.30, 0.70)       # a line that starts left of the first share and ends right of the second is full-width


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    block: int
    paragraph: int
    line: int
    confidence: float = 0.0

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


# The marks of print that carry meaning though they hold no letter: a list item's `-` or `+`, a
# range's or the motto's ` - ` (`20% - 25%`, `2026 - 2030`, `Độc lập - Tự do - Hạnh phúc`), a bracket.
# Tesseract reads them with a confidence of 90 and more; a signature's strokes, a seal's rim and specks
# without a letter it reads unsure, or as longer runs (`——————`).
MARKS = frozenset("-–—+•:;()/%")
MARK_CONFIDENCE = 80


def _kept(text: str, confidence: float) -> bool:
    """Whether a word tesseract read is text: one with a letter or digit (a short one only when it is
    sure), or a mark of print of one or two characters that it is sure of."""
    if any(c.isalnum() for c in text):
        return not (confidence < NOISE_CONFIDENCE and len(text) <= 2)
    return len(text) <= 2 and all(c in MARKS for c in text) and confidence >= MARK_CONFIDENCE


def words_from_tsv(tsv: str, min_confidence: float = 0.0) -> list[Word]:
    """The words (level 5 rows with text) of tesseract's TSV, in its reading order."""
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        confidence, text = float(cells[10]), cells[11].strip()
        if not _kept(text, confidence) or confidence < min_confidence:
            continue   # a signature's strokes, a seal's rim, specks: no word of the text
        left, top, width, height = (int(c) for c in cells[6:10])
        words.append(Word(text, left, top, left + width, top + height,
                          int(cells[2]), int(cells[3]), int(cells[4]), confidence))
    return words


def picture_blocks(tsv: str, with_words: set[int]) -> list[tuple[int, tuple[int, int, int, int]]]:
    """The blocks of tesseract's TSV that hold no word (what its page segmentation took for a
    picture) and are big enough to hold a line of print: (block, (left, top, right, bottom)),
    largest first."""
    found = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "2" or int(cells[2]) in with_words:
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        if width >= PICTURE_MIN[0] and height >= PICTURE_MIN[1]:
            found.append((int(cells[2]), (left, top, left + width, top + height)))
    return sorted(found, key=lambda b: -(b[1][2] - b[1][0]) * (b[1][3] - b[1][1]))


def _lines(words: list[Word]) -> list[list[Word]]:
    """Tesseract's lines; a line of lone letters (`À Ậ` read in a signature) is left out."""
    lines = [list(group) for _, group in groupby(words, key=lambda w: (w.block, w.paragraph, w.line))]
    return [line for line in lines if any(len(w.text) > 1 or w.text.isdigit() for w in line)]


def _gaps(line: list[Word], width: int) -> list[tuple[int, int]]:
    """The gaps in the gutter band wide enough to part two columns (0.8 of the line's height)."""
    low, high = GUTTER_BAND[0] * width, GUTTER_BAND[1] * width
    height = sorted(w.bottom - w.top for w in line)[len(line) // 2]
    return [(before.right, after.left) for before, after in pairwise(line)
            if after.left - before.right >= 0.8 * height and before.right < high and after.left > low]


def _side(line: list[Word], width: int) -> str:
    """`two` (a line of both header columns), `left`, `right` (a line of one column), or `full`
    (a line across the page: the body, a centred title)."""
    if _gaps(line, width):
        return "two"
    if line[-1].right < 0.55 * width:
        return "left"
    if line[0].left > 0.40 * width:
        return "right"
    return "full"


def _gutter(lines: list[list[Word]], width: int, lean: float = 0.5) -> float:
    """The x inside the most column gaps of the header's two-column lines (at `lean` of that
    stretch: its middle for the header; near its right end for the closing block, whose nơi nhận
    lines run on at their own lengths while the signer's column starts where it starts): a stamp
    or a stray mark with a gap elsewhere is outvoted by the block's lines."""
    gaps = [gap for line in lines for gap in _gaps(line, width)]
    edges = sorted({x for gap in gaps for x in gap})
    best, best_count = None, 0
    for a, b in pairwise(edges):
        count = sum(1 for low, high in gaps if low <= a and b <= high)
        if count > best_count or (count == best_count and best and b - a > best[1] - best[0]):
            best, best_count = (a, b), count
    return best[0] + (best[1] - best[0]) * lean if best else width / 2


def _zone(lines: list[list[Word]], begin: int, limit: int, width: int, lean: float = 0.5) -> tuple[int, int, float] | None:
    """Within lines[begin:limit], the run [start, end) of two-column lines and the gutter between
    its columns: around the first line that holds both columns, every line that no word crosses
    the gutter in (a signature stamp or a centred title across the gutter ends the run)."""
    window = lines[begin:limit]
    two = [line for line in window if _side(line, width) == "two"]
    if not two:
        return None
    gutter = _gutter(two, width, lean)

    def parted(line: list[Word]) -> bool:
        return (not any(w.left < gutter < w.right for w in line) and _side(line, width) != "full"
                and not _ADDRESS.match(line[0].text + " " + (line[1].text if len(line) > 1 else "")))

    first = next((i for i, line in enumerate(window) if _side(line, width) == "two" and parted(line)), None)
    if first is None:
        return None
    start = first
    while start > 0 and parted(window[start - 1]):
        start -= 1
    end = first
    while end < len(window) and parted(window[end]):
        end += 1
    return begin + start, begin + end, gutter


# `Kính gửi: Sở Nội vụ.`: the line under the header that names the recipients, one line across the
# page however far its colon stands from the names (the header's columns end above it)
_ADDRESS = re.compile(r"k[íi]nh\s+g[ửưu]i\b", re.IGNORECASE)

# `Nơi nhận:` (its N lost under a stroke: `ơi nhận:`), or a signing prefix (`KT.`, read `KT;` too)
_FOOTER_CUE = re.compile(r"^(?:n?[oơ]i\s*nh[aậ]n|(?:tm|kt|tl|tuq)\s*[.,;])|\s(?:tm|kt|tl|tuq)\s*[.;]\s", re.IGNORECASE)


def _zones(lines: list[list[Word]], width: int, height: int) -> list[tuple[int, int, float, bool]]:
    """The two-column runs of a page: the header at its top (issuer, number, summary | motto,
    place and date) and the closing block (nơi nhận | the signature); each as (first line, end,
    gutter, whether it is the closing block)."""
    zones = []
    cues = [i for i, line in enumerate(lines) if _FOOTER_CUE.search(" ".join(w.text for w in line))]
    # the header ends where the closing block begins: a short letter's nơi nhận stands in the top
    # part too, and at the top of a later page the closing block stands alone
    top = sum(1 for line in lines if line[0].top < HEADER_ZONE * height)
    header = _zone(lines, 0, min([top, *cues[:1]]), width)
    if header:
        zones.append((*header, False))
    after = header[1] if header else 0
    cue = next((i for i in cues if i >= after), None)
    if cue is not None:
        footer = _zone(lines, cue, len(lines), width, FOOTER_LEAN)
        if footer:
            zones.append((max(cue, footer[0]), footer[1], footer[2], True))
    return zones


def _columns(lines: list[list[Word]], gutter: float, signature: bool = False) -> list[str]:
    """The run's left column, then its right one; in the closing block, the right column (the
    signer's post and name, under a seal and a signature) without the strokes read as words."""
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        cut = [w for w in line if w.center < gutter], [w for w in line if w.center >= gutter]
        if signature:
            kept = [w for w in (_without_marks(w) for w in cut[1]) if _signature_word(w)]
            # a line of lone letters and pairs (`HÙ: H Í`) is the seal's rim read, not a post or a name
            short = all(len(w.text.rstrip(_END_MARKS)) <= 2 and not _PREFIX.fullmatch(w.text) for w in kept)
            cut = cut[0], [] if short else kept
        for side, part in zip((left, right), cut, strict=True):
            if part:
                side.append(" ".join(w.text for w in part))
    return left + right


SURE = 60   # tesseract's confidence over which a word of the signature's column is kept as read
_PREFIX = re.compile(rf"(?:{SIGNING_PREFIXES})[.;]?")
_END_MARKS = ".,;:"   # kept at a word's end: `KT.`, `TRƯỞNG,`


def _without_marks(word: Word) -> Word:
    """The word without the signs a signature's strokes glued to it (`“““Bùi`, `4>`): at its start
    any sign, at its end any but a stop or a comma. (A loop, not a pattern anchored at the end,
    which a long word of signs would make quadratic.)"""
    start, end = 0, len(word.text)
    while start < end and not (word.text[start].isalnum() or word.text[start] == "_"):
        start += 1
    while end > start and not (word.text[end - 1].isalnum() or word.text[end - 1] in "_" + _END_MARKS):
        end -= 1
    text = word.text[start:end]
    return Word(text, word.left, word.top, word.right, word.bottom, word.block, word.paragraph, word.line,
                word.confidence) if text != word.text else word


def _signature_word(word: Word) -> bool:
    """Whether a word of the signature's column is text: read surely, or a Vietnamese syllable, or a
    prefix (`KT`, `TM.`); strokes read as words (`wxkaug`, `F27`, `<‹2`) are not."""
    if not word.text:
        return False
    if word.confidence >= SURE:
        return True
    letters = word.text.rstrip(_END_MARKS)
    return len(letters) > 1 and is_syllable(letters) or _PREFIX.fullmatch(word.text) is not None


def page_text(words: list[Word], width: int, height: int, columns: bool = True) -> str:
    """The page's text in reading order: each two-column run (the header, the closing block) as
    its left column then its right column, the rest as tesseract ordered it."""
    lines = _lines(words)
    parts: list[list[str]] = []
    done = 0
    for start, end, gutter, closing in _zones(lines, width, height) if columns else []:
        parts.append(_in_order(lines[done:start]))
        parts.append(_columns(lines[start:end], gutter, signature=closing))
        done = end
    parts.append(_in_order(lines[done:]))
    out: list[str] = []
    for part in parts:
        if part and out:
            out.append("")
        out.extend(part)
    return "\n".join(out)


def _in_order(lines: list[list[Word]]) -> list[str]:
    """Lines as tesseract ordered them, a blank line between paragraphs."""
    out: list[str] = []
    previous = None
    for line in lines:
        paragraph = (line[0].block, line[0].paragraph)
        if previous is not None and paragraph != previous:
            out.append("")
        out.append(" ".join(w.text for w in line))
        previous = paragraph
    return out
