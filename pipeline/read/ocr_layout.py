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

from dataclasses import dataclass
from itertools import groupby, pairwise

HEADER_ZONE = 0.45        # the header is in the top part of the first page
GUTTER_BAND = (0.30, 0.66)  # where the gap between the two header columns may lie, as a share of the width
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

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def words_from_tsv(tsv: str) -> list[Word]:
    """The words (level 5 rows with text) of tesseract's TSV, in its reading order."""
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        words.append(Word(cells[11].strip(), left, top, left + width, top + height,
                          int(cells[2]), int(cells[3]), int(cells[4])))
    return words


def _lines(words: list[Word]) -> list[list[Word]]:
    return [list(group) for _, group in groupby(words, key=lambda w: (w.block, w.paragraph, w.line))]


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


def _gutter(lines: list[list[Word]], width: int) -> float:
    """The x inside the most column gaps of the header's two-column lines (the middle of that
    stretch): a stamp or a stray mark with a gap elsewhere is outvoted by the header's lines."""
    gaps = [gap for line in lines for gap in _gaps(line, width)]
    edges = sorted({x for gap in gaps for x in gap})
    best, best_count = None, 0
    for a, b in pairwise(edges):
        count = sum(1 for low, high in gaps if low <= a and b <= high)
        if count > best_count or (count == best_count and best and b - a > best[1] - best[0]):
            best, best_count = (a, b), count
    return (best[0] + best[1]) / 2 if best else width / 2


def _header_zone(lines: list[list[Word]], width: int, height: int) -> tuple[int, int, float]:
    """The lines [start, end) that form the two-column header, and the gutter between its columns:
    the run of lines around the first two-column line in the top part that no word crosses the
    gutter in (a signature stamp or a centred title across the gutter ends it)."""
    top = [line for line in lines if line[0].top < HEADER_ZONE * height]
    two = [line for line in top if _side(line, width) == "two"]
    if not two:
        return 0, 0, width / 2
    gutter = _gutter(two, width)

    def parted(line: list[Word]) -> bool:
        return not any(w.left < gutter < w.right for w in line)

    first = next((i for i, line in enumerate(top) if _side(line, width) == "two" and parted(line)), None)
    if first is None:
        return 0, 0, gutter
    start = first
    while start > 0 and parted(top[start - 1]) and _side(top[start - 1], width) != "full":
        start -= 1
    end = first
    while end < len(top) and parted(top[end]) and _side(top[end], width) != "full":
        end += 1
    return start, end, gutter


def page_text(words: list[Word], width: int, height: int, columns: bool = True) -> str:
    """The page's text in reading order: the header's left column, its right column, the body."""
    lines = _lines(words)
    start, end, gutter = _header_zone(lines, width, height) if columns else (0, 0, 0.0)
    out = _in_order(lines[:start])
    if end > start:
        left, right = [], []
        for line in lines[start:end]:
            cut = [w for w in line if w.center < gutter], [w for w in line if w.center >= gutter]
            for side, part in zip((left, right), cut, strict=True):
                if part:
                    side.append(" ".join(w.text for w in part))
        out.extend(left + right)
    rest = _in_order(lines[end:])
    if out and rest:
        out.append("")
    return "\n".join(out + rest)


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
