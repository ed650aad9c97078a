"""A document's number written in by hand after the printed `Số:` of a scanned header.

The office prints `Số:      /QĐ-UBND` and the clerk writes the number in ink on the signed paper.
Tesseract's page reading, tuned for print, gives signs for it (`Số: đ# /QĐ-UBND`, `Số:4B /QĐ-XPHC`);
read alone, cut out between `Số:` and the symbol's slash (placed by tesseract's box of each letter
of the symbol's word, whose own box may take in the last digit) with nothing else in the picture, as a
line of digits only, the same ink reads right most of the time. Each cut is read twice, as one
line of digits (tesseract's English model, whose digits read handwriting better than the
Vietnamese one's), at its size and at twice it, and a number is taken only when both readings
agree, a third reading as one word holds no digit they lack, and the digits fill the ink's
width: a digit lost (`4` for `47`) is no number. Where tesseract gives no such reading, the
classifier of handwritten digits (`ink_digits`) reads the cut, and its reading is taken when it is
sure of every digit.

The day, and the month, written in ink into the printed `ngày      tháng 01 năm 2025`, are read the
same way: where the page's reading between `ngày` and `tháng` (or `tháng` and `năm`) is no day (or
month) that tesseract was sure of, the ink there is cut out and read by the classifier, and a
reading that is a day (a month) and sure replaces the signs.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .ink_digits import read_ink
from .ocr_layout import Word

HEADER_SHARE = 0.4        # the `Số:` line is in the top part of the first page
INK_THRESHOLD = 150       # gray level under which a pixel of the cut is ink
PAD = 30                  # white around the cut: tesseract reads a line with a margin better
# a handwritten digit is about half to seven tenths of the printed line's height wide (0.52 to 0.69
# on the ink numbers of batches s7 and s8): digits that fill much less or more of the ink are a misreading
DIGIT_WIDTH = (0.4, 0.95)

# the least probability of a digit the classifier must give for its reading to be taken, set on the
# scan tune batches (scans-tune, s7, s9, s10) for the classifier that learns from MNIST too (stop 49):
# from 0.9 and 0.8, five more header fields read right there (scans-tune 1, s7 2, s9 1, s10 1: a flagged `1`
# the classifier reads at 0.81 is one that tesseract reads `4`, `1710` was `4140`); lower, they fell again
SURE_NUMBER = 0.8
SURE_DATE = 0.6
PRINTED = 80.0           # tesseract's confidence over which a day it read as digits is print, kept
GLUED = 0.6              # letters: a cue's box wider than its letters by this much takes in ink
PRINTED_MONTH = 50.0     # and a month: a clerk writes in the day far more often than the month

# readings of a cue's letters on one page, two for each date line (a hostile page of a thousand glued
# date lines in its header: two thousand tesseract calls otherwise; the header's own line comes first)
MAX_LETTER_READS = 4
MAX_SYMBOL = 20          # line heights: the longest word (a symbol, a date cue) whose letters are read again
_NUMBER_CUE = re.compile(r"S[ốôóồỏỐÔÓỒỎ]\s*[:;.]?")
_READ_NUMBER = re.compile(r"\d{1,5}")


def read_number_in_ink(words: list[Word], page: Path, height: int, folder: Path,
                       read_digits: Callable[[Path, str], str], notes: list[str] | None = None,
                       read_letter_boxes: Callable[[Path], str] | None = None) -> list[Word]:
    """`words` with the handwritten number after the header's `Số:` read into one word, where the
    page's reading gave none (signs, or nothing) and the cut-out reading is sure; else `words`
    as they are. `read_digits(image, psm)` runs tesseract on an image, digits only;
    `read_letter_boxes(image)` gives tesseract's box of each letter of a one-line image (its
    `makebox` output), where the symbol's slash is looked for. A number read from the ink is said
    in `notes`: a clerk checks it against the paper."""
    found = _number_line(words, height)
    if found is None:
        return words
    cue, between, symbol = found
    line_height = cue.bottom - cue.top
    left = cue.right if _NUMBER_CUE.fullmatch(cue.text) else cue.left + int(line_height * 1.3)
    # the ink ends where the symbol begins: at its slash (`/QĐ-UBND`), or at the dash of a party-style
    # number (`Số 210-CV/BTGDVTU`, read `Số J0 -CV/BTGDVTU`)
    slash = min(symbol.text.index("/"), symbol.text.find("-") % (len(symbol.text) + 1))
    right = symbol.left + (symbol.right - symbol.left) * slash // max(1, len(symbol.text))
    gray = _gray(page)
    if read_letter_boxes is not None and symbol.text[slash] == "/":
        right = _slash_at(gray, symbol, folder, read_letter_boxes) or right
    if right - left < line_height // 2:
        return words
    box = (left, cue.top - line_height // 3, right, cue.bottom + line_height // 3)
    if not _NUMBER_CUE.fullmatch(cue.text):   # ink read glued to the cue (`Số:04`): it begins after the colon
        left = _blank_after(gray, cue, cue.left + int(line_height * 0.9), cue.left + int(line_height * 1.8))
    # the classifier, where it is sure, over tesseract's readings (asked only where it is not): on the
    # ink numbers of the scan tune batches it agreed with nine of them and read the tenth right (`196`
    # where tesseract read `136`)
    reading = _classified(gray, (left, cue.top - line_height // 2, right, cue.bottom + line_height // 2),
                          line_height, SURE_NUMBER) or _read(gray, box, line_height, folder, read_digits)
    if reading is None:
        return words
    if notes is not None:
        notes.append(f"the number after `Số:` read from handwriting: {reading}")
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


def _slash_at(gray: Any, symbol: Word, folder: Path, read_letter_boxes: Callable[[Path], str]) -> int | None:
    """Where the slash of the symbol's word begins on the page, from tesseract's box of each of its
    letters; None where no slash was read in its first half. The word's box often takes in the
    last digit written against the slash (`561/TB-ĐHTĐ` read `6` and `/TB-ĐHTĐ`, the `1` inside
    the symbol's box): cut at the box's left, the ink loses that digit."""
    found = _letter_boxes_of(gray, symbol, folder, read_letter_boxes)
    at = next((left for letter, left, _ in found or () if letter == "/"), None)
    return at if at is not None and symbol.left <= at < (symbol.left + symbol.right) // 2 else None


def _letter_boxes_of(gray: Any, word: Word, folder: Path,
                     read_letter_boxes: Callable[[Path], str]) -> list[tuple[str, int, int]] | None:
    """(letter in lower case, left, right) on the page of each letter tesseract reads in `word`'s box
    cut out alone; None for a box far too long for one word (a word box gone astray)."""
    from PIL import Image

    height = word.bottom - word.top
    if word.right - word.left > MAX_SYMBOL * height:
        return None
    pad = height // 4
    left = max(0, word.left - pad)
    image = folder / "word.pgm"
    Image.fromarray(_crop(gray, (left, word.top - pad, word.right + pad, word.bottom + pad))).save(image, format="PPM")
    return [(cells[0].lower(), left + int(cells[1]), left + int(cells[3])) for cells in
            (row.split(" ") for row in read_letter_boxes(image).splitlines())
            if len(cells) == 6 and cells[1].isdigit() and cells[3].isdigit()]


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


def _gray(page: Path) -> Any:
    """The page as a 2-D uint8 array, read once for all the cuts of its header."""
    import numpy
    from PIL import Image

    with Image.open(page) as picture:
        return numpy.asarray(picture.convert("L"))


def _crop(gray: Any, box: tuple[int, int, int, int]) -> Any:
    """`box` (left, top, right, bottom) of the page, zero where it runs past the page's edge (as
    PIL's crop gives it)."""
    import numpy

    left, top, right, bottom = box
    cut = numpy.zeros((max(0, bottom - top), max(0, right - left)), dtype=numpy.uint8)
    height, width = gray.shape
    y0, y1, x0, x1 = max(0, top), min(height, bottom), max(0, left), min(width, right)
    if y0 < y1 and x0 < x1:
        cut[y0 - top:y1 - top, x0 - left:x1 - left] = gray[y0:y1, x0:x1]
    return cut


def _read(gray: Any, box: tuple[int, int, int, int], line_height: int, folder: Path,
          read_digits: Callable[[Path, str], str]) -> str | None:
    import numpy
    from PIL import Image, ImageOps

    cut = Image.fromarray(_crop(gray, box))
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


def _classified(gray: Any, box: tuple[int, int, int, int], line_height: int, sure: float) -> str | None:
    """The classifier's reading of the ink in `box` of the page, where it is sure of every digit."""
    left, top, right, bottom = box
    if right - left < line_height // 3:
        return None
    found = read_ink(_crop(gray, (left, max(0, top), right, bottom)), line_height)
    if found is None or found.confidence < sure or len(found.digits) > 5:
        return None
    low, high = DIGIT_WIDTH
    if not low * line_height * len(found.digits) <= found.span <= (high * len(found.digits) + 0.3) * line_height:
        return None   # two digits read as one (`8` for `04`), or one as two
    return found.digits


MAX_PLACE_WORDS = 5      # `Thành phố Hồ Chí Minh,` before the header's `ngày`
_DAY_CUE = re.compile(r"ng[aà]y", re.IGNORECASE)
_MONTH_CUE = re.compile(r"th[aá]ng", re.IGNORECASE)
_YEAR_CUE = re.compile(r"n[aă]m", re.IGNORECASE)
# a slot of the date line: the cue before it, the cue after it, the least and the most it may be
_SLOTS = ((_DAY_CUE, _MONTH_CUE, 1, 31), (_MONTH_CUE, _YEAR_CUE, 1, 12))


def read_date_in_ink(words: list[Word], page: Path, height: int, notes: list[str] | None = None,
                     read_letter_boxes: Callable[[Path], str] | None = None) -> list[Word]:
    """`words` with the day and the month of the header's date line (`ngày 15 tháng 01 năm 2025`)
    read from the ink where the page's reading of them is no sure day or month; else `words`. What
    is read from the ink is said in `notes`. `read_letter_boxes` (as for the number) places the
    letters of a cue the ink is glued to."""
    gray, edges = None, None
    for index, word in enumerate(words):
        if word.top > height * HEADER_SHARE:
            return words
        if not _DAY_CUE.match(word.text):
            continue
        key = (word.block, word.paragraph, word.line)
        line = [w for w in words[index:index + 12] if (w.block, w.paragraph, w.line) == key]
        before = _place_before(words, index)
        if not _dates_the_document(before, line):
            continue
        read, gray = line, _gray(page) if gray is None else gray
        if edges is None and read_letter_boxes is not None:   # one for the page: its tesseract calls are counted
            edges = _LetterEdges(gray, page.parent, read_letter_boxes)
        for slot, name in zip(_SLOTS, ("day", "month"), strict=True):
            slot_read = _slot_read(read, slot, gray, edges)
            if slot_read is not None:
                read, reading = slot_read
                if notes is not None:
                    notes.append(f"the {name} of the date read from handwriting: {reading}")
        if read is line:
            continue
        return words[:index] + read + [w for w in words[index:] if not any(w is other for other in line)]
    return words


def _place_before(words: list[Word], index: int) -> list[Word]:
    """The words before `words[index]` on its line and in its column: tesseract's line may run across
    the header's two columns (`Số: 22/TTr-UBND     Quảng Ngãi, ngày`); a gap wider than two line
    heights parts them."""
    word = words[index]
    key, height = (word.block, word.paragraph, word.line), word.bottom - word.top
    before: list[Word] = []
    for other in reversed(words[max(0, index - 12):index]):
        nearest = before[0] if before else word
        if (other.block, other.paragraph, other.line) != key or nearest.left - other.right > 2 * height:
            break
        before.insert(0, other)
    return before


def _dates_the_document(before: list[Word], line: list[Word]) -> bool:
    """Whether a `ngày ... năm YYYY` line is the header's date line (`Lâm Đồng, ngày 15 tháng 12 năm
    2025`): at most a place before it, no number among its words (a body's `Nghị định số
    63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ` has a code before and words after), and
    nothing after the year but a sign or two."""
    if len(before) > MAX_PLACE_WORDS or any(c.isdigit() or c == "/" for w in before for c in w.text):
        return False
    year = next((i for i, w in enumerate(line) if _YEAR_CUE.search(w.text)), None)
    return year is not None and len(line) - year <= 3


def _cue_at(line: list[Word], cue: re.Pattern[str], begin: int, after: re.Match[str] | None = None) -> tuple[int, re.Match[str]] | None:
    """The first word from `begin` holding `cue` (in the word at `begin`, after the match `after`)."""
    for i in range(begin, len(line)):
        found = cue.search(line[i].text, after.end() if after is not None and i == begin else 0)
        if found:
            return i, found
    return None


class _LetterEdges:
    """Where a cue's letter begins or ends on the page, from tesseract's box of each letter of the
    cue's word read again alone: a cue's box that takes in ink (`tháng10`) is wider than its letters,
    and a place reckoned from an average letter's width lands inside the ink (the `1` of `10` lost)."""

    def __init__(self, gray: Any, folder: Path, read_letter_boxes: Callable[[Path], str]) -> None:
        self.gray, self.folder, self.read_letter_boxes = gray, folder, read_letter_boxes
        self.left = MAX_LETTER_READS

    def at(self, word: Word, letter: str, side: str) -> int | None:
        """The left or right edge (`side`) of the first `letter` read in `word`'s box; None where
        none is read."""
        if self.left <= 0:
            return None
        self.left -= 1
        boxes = _letter_boxes_of(self.gray, word, self.folder, self.read_letter_boxes) or []
        for index, (read, begins, ends) in enumerate(boxes):
            if read != letter:
                continue
            # boxes of glued letters overlap (a `g` boxed over the `1` after it): the neighbour's edge bounds it
            if side == "left":
                return max(begins, boxes[index - 1][2] if index else begins)
            return min(ends, boxes[index + 1][1] if index + 1 < len(boxes) else ends)
        return None


def _slot_read(line: list[Word], slot: tuple, gray: Any, edges: _LetterEdges | None = None) -> tuple[list[Word], str] | None:
    """The line with one slot (the day, or the month) read from the ink, and that reading; or None
    where it is print tesseract was sure of, or the ink gives no sure reading."""
    opening_cue, closing_cue, lowest, highest = slot
    opening = _cue_at(line, opening_cue, 0)
    if opening is None:
        return None
    closing = _cue_at(line, closing_cue, opening[0], opening[1])
    if closing is None:
        return None
    (o, o_found), (c, c_found) = opening, closing
    letter = _letter_width(line)
    height = line[0].bottom - line[0].top
    opening_word, closing_word = line[o], line[c]
    # ink glued to a cue: read as signs after it (`ngày⁄{5`), or inside its box though not read
    # (`ngày` whose box takes in the `1` of `15` written against it: wider than its letters)
    glued_after = o_found.end() < (len(opening_word.text) if c != o else c_found.start()) or \
        c != o and opening_word.right - opening_word.left > letter * (len(opening_word.text) + GLUED)
    glued_before = c_found.start() > (0 if c != o else o_found.end())
    start = opening_word.right
    if glued_after or c == o:   # where the cue's last letter ends: the first blank column after it
        end_of_cue = opening_word.left + letter * o_found.end()
        if edges is not None and c != o:   # the earlier of the two: a digit lost costs the reading
            end_of_cue = min(end_of_cue, edges.at(opening_word, o_found.group()[-1].lower(), "right") or end_of_cue)
        start = _blank_after(gray, opening_word, int(end_of_cue - letter / 2), int(end_of_cue + letter / 2))
    end = closing_word.left
    if glued_before:   # where the next cue's first letter begins: the last blank column before it
        first = closing_word.right - letter * (len(closing_word.text) - c_found.start())
        if edges is not None and c != o:   # and the later: again a digit lost costs more than a letter's edge
            first = max(first, edges.at(closing_word, c_found.group()[0].lower(), "left") or first)
        end = _blank_before(gray, closing_word, int(first + letter / 2), int(first - letter / 2))
    if end - start < height // 2:
        return None
    between = line[o + 1:c]
    printed = "".join(w.text for w in between)
    if not glued_after and not glued_before and printed.isdigit() and lowest <= int(printed) <= highest \
            and min(w.confidence for w in between) >= (PRINTED if closing_cue is _MONTH_CUE else PRINTED_MONTH):
        return None
    reading = _classified(gray, (start, line[0].top - height // 2, end, line[0].bottom + height // 2), height, SURE_DATE)
    if reading is None or not lowest <= int(reading) <= highest:
        return None
    ink = Word(reading, start, opening_word.top, end, opening_word.bottom, opening_word.block,
               opening_word.paragraph, opening_word.line, 90.0)
    out = line[:o] + [replace(opening_word, text=opening_word.text[:o_found.end()], right=min(opening_word.right, start)), ink]
    out.append(replace(closing_word, text=closing_word.text[c_found.start():], left=max(closing_word.left, end)))
    return out + line[c + 1:], reading


def _band(gray: Any, word: Word) -> Any:
    """Which columns of the page hold ink on the word's line: a boolean row over the page's width."""
    return (gray[max(0, word.top):max(0, word.bottom)] < INK_THRESHOLD).any(axis=0)


def _blank_after(gray: Any, word: Word, begin: int, limit: int) -> int:
    """The first blank column of the word's line from `begin` up to `limit` (else their middle):
    where print glued to ink ends. The window is narrow: a wider one would find the gap between
    two digits."""
    band = _band(gray, word)
    return next((x for x in range(max(0, begin), min(limit, len(band))) if not band[x]), (begin + limit) // 2)


def _blank_before(gray: Any, word: Word, begin: int, limit: int) -> int:
    """The last blank column of the word's line from `begin` down to `limit` (else their middle)."""
    band = _band(gray, word)
    return next((x for x in range(min(begin, len(band) - 1), max(limit, 0), -1) if not band[x]), (begin + limit) // 2)


def _letter_width(line: list[Word]) -> float:
    """The width of one printed letter on the line: its plain words' widths over their letters."""
    plain = [w for w in line if w.text.isalpha() and len(w.text) >= 3]
    if not plain:
        return (line[0].bottom - line[0].top) * 0.45
    return sum(w.right - w.left for w in plain) / sum(len(w.text) for w in plain)
