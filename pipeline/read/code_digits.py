"""The digits of document numbers on a scanned page, read again where the page's reading bent them.

A decision's `Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 573/TTr-SNV` is often set in italics,
and tesseract's reading of the whole page bends italic digits (`373/TTr-SNV`, `1466/TTT-VP` for
`1488`): a citation to another document, or none. Cut out of the page, each number read alone is
read right more often, and two such readings that agree are right where the page's was wrong.

Every word of the page that is a number with its symbol (`573/TTr-SNV`, `01/2024/NĐ-CP`, `11-CT/TW`)
is cut out with a margin; the cuts are stacked one under another into a single picture, read as a
block of lines by tesseract's English model (its digits, not the Vietnamese model's, read print and
ink best here), once at the cuts' size and once at twice it. A word's digits are replaced only when
both readings give the same digits, as many as the page read, and different from them. On the scan
tune gold (batches s7 to s9 and `scans-tune`, 114 pages, 278 such words) this changed 5 numbers, all
to the number the annotators read, and no right one; the changes keep the word's box and length.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path

from .ocr_layout import Word

MAX_WORDS = 60           # numbers read again on one page (a table of citations holds a few dozen)
# the largest word box read again, in pixels (a number in 14-point print at 300 dpi is about 60 high and
# 400 wide): a box far larger is no printed number, and sixty of them stacked would make a picture of
# gigapixels out of one hostile page
MAX_BOX = (1500, 200)
SCALES = (1, 2)          # each cut read at its size and at twice it: both must agree
MIN_PAD = 6              # pixels of margin around a cut, at least; else half the word's height
SAME_SYMBOL = 0.5        # how alike the symbol read again must be to the page's (the same word)

# digits, then `/` or `-`, then a symbol with a letter: a document's number, not a date (`16/12/2024`)
_NUMBER_WORD = re.compile(r"^(?P<lead>\W*)(?P<digits>\d{1,6})(?P<symbol>[/-]\S*[^\W\d_]\S*)$")
_NUMBER_READ = re.compile(r"(\d{1,6})([/-]\S*)")

ReadLines = Callable[[Path], str]   # an image -> tesseract's TSV of it read as a block of lines


def reread_number_digits(words: list[Word], page: Path, folder: Path, read_lines: ReadLines) -> list[Word]:
    """`words` with the digits of each document number replaced where both readings of its cut agree
    on other digits of the same count; else the words as they are. `read_lines(image)` runs tesseract
    (English model, a block of lines) and gives its TSV ('' where it fails: this is an extra)."""
    chosen = [index for index, word in enumerate(words) if _NUMBER_WORD.match(word.text)
              and word.right - word.left <= MAX_BOX[0] and word.bottom - word.top <= MAX_BOX[1]][:MAX_WORDS]
    if not chosen:
        return words
    from PIL import Image

    with Image.open(page) as picture:
        gray = picture.convert("L")
        readings = [_read_stacked(gray, [words[i] for i in chosen], scale, folder, read_lines) for scale in SCALES]
    fixed = list(words)
    for row, index in enumerate(chosen):
        word = words[index]
        parts = _NUMBER_WORD.match(word.text)
        assert parts is not None   # chosen by this pattern
        digits = {_digits_like(reading.get(row, ""), parts.group("symbol")) for reading in readings}
        if len(digits) != 1:
            continue
        (new,) = digits
        if new is not None and new != parts.group("digits") and len(new) == len(parts.group("digits")):
            fixed[index] = replace(word, text=parts.group("lead") + new + parts.group("symbol"))
    return fixed


def _read_stacked(gray, chosen: list[Word], scale: int, folder: Path, read_lines: ReadLines) -> dict[int, str]:
    """Each chosen word's cut read again: row number -> the text tesseract read on that row."""
    from PIL import Image

    cuts = []
    for word in chosen:
        pad = max(MIN_PAD, (word.bottom - word.top) // 2)
        cuts.append(gray.crop((max(0, word.left - pad), max(0, word.top - pad), word.right + pad, word.bottom + pad)))
    gap = max(cut.height for cut in cuts)
    stacked = Image.new("L", (max(cut.width for cut in cuts) + 20, sum(cut.height + gap for cut in cuts) + gap), 255)
    tops, y = [], gap
    for cut in cuts:
        stacked.paste(cut, (10, y))
        tops.append(y * scale)
        y += cut.height + gap
    if scale != 1:
        stacked = stacked.resize((stacked.width * scale, stacked.height * scale), Image.Resampling.LANCZOS)
    image = folder / f"numbers-{scale}.pgm"
    stacked.save(image, format="PPM")
    rows: dict[int, list[tuple[int, str]]] = {}
    for line in read_lines(image).splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        row = bisect_right(tops, int(cells[7]) + int(cells[9]) // 2) - 1   # the cut the word's middle is in
        if row >= 0:
            rows.setdefault(row, []).append((int(cells[6]), cells[11].strip()))
    return {row: " ".join(text for _, text in sorted(found)) for row, found in rows.items()}


def _digits_like(read: str, symbol: str) -> str | None:
    """The digits of the number in `read` whose symbol is most like `symbol` (a cut may take in a
    neighbour's letters), or None when no number there has a symbol like it."""
    best, likeness = None, SAME_SYMBOL
    for match in _NUMBER_READ.finditer(read):
        score = SequenceMatcher(None, symbol, match.group(2)).ratio()
        if score >= likeness:
            best, likeness = match.group(1), score
    return best
