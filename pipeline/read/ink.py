"""A document's number written in by hand after the printed `Số:` of a scanned header.

The office prints `Số:      /QĐ-UBND` and the clerk writes the number in ink on the signed paper.
Tesseract's page reading, tuned for print, gives signs for it (`Số: đ# /QĐ-UBND`, `Số:4B /QĐ-XPHC`);
read alone, cut out between `Số:` and the symbol's slash with nothing else in the picture, as a
line of digits only, the same ink reads right most of the time. Each cut is read twice, as one
line of digits (tesseract's English model, whose digits read handwriting better than the
Vietnamese one's), at its size and at twice it, and a number is taken only when both readings
agree, a third reading as one word holds no digit they lack, and the digits fill the ink's
width: a digit lost (`4` for `47`) is no number.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .ocr_layout import Word

HEADER_SHARE = 0.4        # the `Số:` line is in the top part of the first page
INK_THRESHOLD = 150       # gray level under which a pixel of the cut is ink
PAD = 30                  # white around the cut: tesseract reads a line with a margin better
# a handwritten digit is about half to seven tenths of the printed line's height wide (0.52 to 0.69
# on the ink numbers of batches s7 and s8): digits that fill much less or more of the ink are a misreading
DIGIT_WIDTH = (0.4, 0.95)

_NUMBER_CUE = re.compile(r"S[ốôóồỏỐÔÓỒỎ]\s*[:;.]?")
_READ_NUMBER = re.compile(r"\d{1,5}")


def read_number_in_ink(words: list[Word], page: Path, height: int, folder: Path,
                       read_digits: Callable[[Path, str], str]) -> list[Word]:
    """`words` with the handwritten number after the header's `Số:` read into one word, where the
    page's reading gave none (signs, or nothing) and the cut-out reading is sure; else `words`
    as they are. `read_digits(image, psm)` runs tesseract on an image, digits only."""
    found = _number_line(words, height)
    if found is None:
        return words
    cue, between, symbol = found
    line_height = cue.bottom - cue.top
    left = cue.right if _NUMBER_CUE.fullmatch(cue.text) else cue.left + int(line_height * 1.3)
    slash = symbol.text.index("/")
    right = symbol.left + (symbol.right - symbol.left) * slash // max(1, len(symbol.text))
    if right - left < line_height // 2:
        return words
    box = (left, cue.top - line_height // 3, right, cue.bottom + line_height // 3)
    reading = _read(page, box, line_height, folder, read_digits)
    if reading is None:
        return words
    number = Word(reading, left, cue.top, right, cue.bottom, cue.block, cue.paragraph, cue.line, 90.0)
    # the signs the page read for the ink go: glued to the cue (`Số:4Bð`), between, or before the
    # slash (`@39_/TTr-UBND`)
    cue_match = _NUMBER_CUE.match(cue.text)
    cue_read = replace(cue, text=cue_match.group().strip() if cue_match else cue.text)
    symbol_read = replace(symbol, text=symbol.text[slash:], left=right)
    kept = []
    for word in words:
        if word is cue:
            kept += [cue_read, number]
        elif word is symbol:
            kept.append(symbol_read)
        elif not any(word is other for other in between):
            kept.append(word)
    return kept


def _number_line(words: list[Word], height: int) -> tuple[Word, list[Word], Word] | None:
    """The header's `Số:` word, the words after it on its line up to the symbol, and the symbol's
    word (the first with a slash)."""
    for index, word in enumerate(words):
        if word.top > height * HEADER_SHARE:
            return None
        if not _NUMBER_CUE.match(word.text):
            continue
        line = [w for w in words[index + 1:index + 8] if (w.block, w.paragraph, w.line) == (word.block, word.paragraph, word.line)]
        for position, other in enumerate(line):
            if "/" in other.text:
                if not other.text.startswith("/") and re.match(r"\d+/", other.text):
                    return None   # `899/UBND-TTHC`: a number printed with its symbol, read with it
                return word, line[:position], other
        return None
    return None


def _read(page: Path, box: tuple[int, int, int, int], line_height: int, folder: Path,
          read_digits: Callable[[Path, str], str]) -> str | None:
    import numpy
    from PIL import Image, ImageOps

    with Image.open(page) as picture:
        cut = picture.convert("L").crop(box)
    # the ink's width on the printed line's own rows (above them, the issuer's underline runs on)
    ink = numpy.asarray(cut)[line_height // 3:line_height // 3 + line_height] < INK_THRESHOLD
    columns = numpy.flatnonzero(ink.sum(axis=0) >= 2)
    if columns.size == 0:
        return None
    # a narrow run of ink apart at either edge of the cut is the cue's colon or a speck, not a digit
    runs = numpy.split(columns, numpy.flatnonzero(numpy.diff(columns) > line_height // 3) + 1)
    while len(runs) > 1 and runs[0][-1] - runs[0][0] < line_height // 4:
        runs = runs[1:]
    while len(runs) > 1 and runs[-1][-1] - runs[-1][0] < line_height // 4:
        runs = runs[:-1]
    span = int(runs[-1][-1] - runs[0][0] + 1)
    black_white = ImageOps.expand(cut.point(lambda v: 255 if v > INK_THRESHOLD else 0), border=PAD, fill=255)
    readings = []
    for scale in (1, 2):
        image = folder / f"ink-{scale}.pgm"
        black_white.resize((black_white.width * scale, black_white.height * scale)).save(image, format="PPM")
        readings.append(read_digits(image, "7").strip())
    best = readings[0]
    if not _READ_NUMBER.fullmatch(best) or any(r != best for r in readings):
        return None
    # read as one word, the same ink may lose digits but must not read others: `1` against the
    # line's `04` is a hooked `1` read as `4` (a tune scan's `01`)
    word = read_digits(image, "8").strip()
    if not _subsequence(word, best):
        return None
    low, high = DIGIT_WIDTH
    if not low * line_height * len(best) <= span <= (high * len(best) + 0.3) * line_height:
        return None   # the digits read do not fill the ink: one was lost, or a stroke read as one
    return best


def _subsequence(part: str, whole: str) -> bool:
    """Whether `part`'s characters appear in `whole` in order (`8` in `88`, not `1` in `04`)."""
    letters = iter(whole)
    return all(c in letters for c in part)
