"""Ruled tables on a scanned page, read row by row from their grid lines and tesseract's word boxes.

A plan or a notice sets its tasks in a ruled table (`Stt | Nội dung | Đơn vị/người thực hiện |
Thời gian (hạn cuối)`). Tesseract reads such a table column by column or in runs of cells, so the
task, the unit that does it and its day come out far apart (`Lên kế hoạch làm đề` ... `Ban đề thi`
... `15/06/2015`) and no deadline finds its row. The grid is printed: the long horizontal and
vertical strokes of the page image give the rows and the columns, and each word goes to the cell
its centre lies in. The table is then written as the DOCX and PDF readers write one, a row per
line, its cells joined by ` | `, so the extractors read it with its header row
(`pipeline.extract.tasks`).

A page is looked at in halves (each pixel of the half image dark where any of its four was): a
stroke one pixel thin or broken by the scan survives, and the cost is a quarter. A stroke is a run
of dark pixels at least `STROKE` of the page's width (or height) long; a row of the image is a
rule across when the strokes in it and the rows around it (a slightly skewed rule spreads over a
few rows) add up to `ACROSS` of the width, a column a rule down at `DOWN` of the height. A table is
a group of three or more rules down side by side (two columns or more), its rows the rules across
between their ends; a table whose rules down the scan broke, found as two, is joined again. Text
never makes such strokes: the letters of a line stand apart.

>>> import numpy
>>> page = numpy.full((400, 600), 255, dtype=numpy.uint8)
>>> for y in (100, 150, 200, 250):
...     page[y, 50:550] = 0
>>> for x in (50, 200, 549):
...     page[100:251, x] = 0
>>> [(t.columns, t.rows) for t in ruled_tables(page)]
[((50, 200, 548), (100, 150, 200, 250))]
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from .ocr_layout import Word

DARK = 200           # a gray level under this is ink (thin rules of a light scan are gray, not black)...
PAPER_MARGIN = 35    # ...and this far under the paper's own gray (a dark scan's paper is no ink)
STROKE = 1 / 40      # a stroke is a run of ink at least this share of the page's width (or height) long
ACROSS = 0.12        # strokes covering this share of the page's width in a row (added up) make a rule
DOWN = 0.04          # and this share of its height in a column make a vertical rule (a row is about 0.03)
SPREAD = 7           # half-image rows (columns) over which one skewed rule's strokes are added up
MAX_GAP = 0.10       # a rule broken over more than this share of the page is two rules
EDGE = 0.01          # a rule this near the page's edge is the scan's dark border, not a table's
ROW = 0.015          # a table's row is at least this share of the page's height
SAME_LINE = 0.01     # rules closer than this share of the width are one (a thick or doubled rule)
CELL = " | "         # how the readers join the cells of a row (as `pipeline.extract.tasks` reads them)
TABLE_BLOCK = 100_000  # block numbers of the rows written from a table (above any tesseract gives)


@dataclass(frozen=True)
class Table:
    """A ruled table: the x of its column rules, the y of its row rules (page pixels)."""

    columns: tuple[int, ...]
    rows: tuple[int, ...]
    # for each row, whether each inner column rule is drawn beside it (empty: all are); a cell whose
    # rule is not drawn spans into the next column (a group's heading across the table, a merged title)
    walls: tuple[tuple[bool, ...], ...] = ()

    def span_start(self, row: int, column: int) -> int:
        """The first column of the merged cell that holds `column` in `row`."""
        walls = self.walls[row] if row < len(self.walls) else ()
        while column > 0 and walls and not walls[column - 1]:
            column -= 1
        return column

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.columns[0], self.rows[0], self.columns[-1], self.rows[-1]


def _halved(gray):
    """The page at half size, a pixel dark where any of its four was dark."""
    import numpy

    paper = float(numpy.median(gray[::8, ::8]))
    dark = gray < min(DARK, paper - PAPER_MARGIN)
    height, width = dark.shape[0] // 2 * 2, dark.shape[1] // 2 * 2
    dark = dark[:height, :width]
    return dark[0::2, 0::2] | dark[1::2, 0::2] | dark[0::2, 1::2] | dark[1::2, 1::2]


def _stroke_starts(dark, length: int, axis: int):
    """Where a run of `length` dark pixels starts along `axis` (a window sum equal to its length)."""
    import numpy

    sums = numpy.cumsum(dark, axis=axis, dtype=numpy.int32)
    if axis == 1:
        sums = numpy.concatenate([numpy.zeros((dark.shape[0], 1), numpy.int32), sums], axis=1)
        return sums[:, length:] - sums[:, :-length] == length
    sums = numpy.concatenate([numpy.zeros((1, dark.shape[1]), numpy.int32), sums], axis=0)
    return sums[length:, :] - sums[:-length, :] == length


def _rules(starts, axis: int, length: int, least: float) -> list[tuple[int, int, int]]:
    """The rules across `axis` as (position, first, last) in half-image pixels: the row (column)
    with most strokes in each run of them whose strokes, added up over `SPREAD` rows (columns),
    reach `least` pixels; a rule broken by a gap longer than `MAX_GAP` of the page is two."""
    import numpy

    counts = starts.sum(axis=axis)
    added = numpy.convolve(counts, numpy.ones(SPREAD, dtype=numpy.int64), mode="same")
    gap = MAX_GAP * starts.shape[1 - axis]
    rules: list[tuple[int, int, int]] = []
    run: list[int] = []
    for index in [*numpy.nonzero(added >= least)[0].tolist(), None]:
        if run and (index is None or index - run[-1] > 3):
            peak = max(run, key=lambda i: counts[i])
            low, high = max(0, run[0] - SPREAD // 2), run[-1] + SPREAD // 2 + 1
            band = starts[low:high].any(axis=0) if axis == 1 else starts[:, low:high].any(axis=1)
            ink = numpy.nonzero(band)[0].tolist()
            begin = 0
            for end in range(1, len(ink) + 1):
                if end == len(ink) or ink[end] - ink[end - 1] > gap:
                    rules.append((peak, ink[begin], ink[end - 1] + length - 1))
                    begin = end
            run = []
        if index is not None:
            run.append(index)
    return rules


def ruled_tables(gray) -> list[Table]:
    """The ruled tables of a page image (a 2-D array of gray levels), top to bottom."""
    dark = _halved(gray)
    height, width = dark.shape
    across_length, down_length = max(10, int(STROKE * width)), max(10, int(STROKE * height))
    across = _rules(_stroke_starts(dark, across_length, 1), 1, across_length, ACROSS * width)
    across = [rule for rule in across if EDGE * height < rule[0] < (1 - EDGE) * height]
    down = [rule for rule in _rules(_stroke_starts(dark, down_length, 0), 0, down_length, DOWN * height)
            if rule[2] - rule[1] >= DOWN * height and EDGE * width < rule[0] < (1 - EDGE) * width]
    tables: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for group in sorted(_overlapping(down), key=lambda g: min(rule[1] for rule in g)):
        table = _table(group, across, width, height)
        if not table:
            continue
        last = tables[-1] if tables else None
        if last and _one_table(last, table, across, width):
            # one table whose vertical rules the scan broke: its rows are both parts' rows and the
            # rules across between them
            near = SAME_LINE * width
            rows = sorted({*last[1], *table[1], *_across_between(last, table, across)})
            tables[-1] = (last[0], tuple(y for i, y in enumerate(rows) if i == 0 or y - rows[i - 1] > near))
        else:
            tables.append(table)
    return [Table(tuple(2 * x for x in columns), tuple(2 * y for y in rows), _walls(dark, columns, rows))
            for columns, rows in tables]


WALL = 0.6   # share of a cell's height a column rule must be drawn over to part the cell


def _walls(dark, columns: tuple[int, ...], rows: tuple[int, ...]) -> tuple[tuple[bool, ...], ...]:
    """For each row, whether each inner column rule is drawn beside it. A row where the table's
    outer rules are not drawn either is a stretch the scan lost, not a merged cell: all its rules count."""
    def drawn(x: int, top: int, bottom: int) -> bool:
        strip = dark[top + 3:bottom - 2, max(0, x - 2):x + 3]
        return strip.shape[0] > 0 and float(strip.any(axis=1).mean()) >= WALL

    walls = []
    for top, bottom in pairwise(rows):
        inner = tuple(drawn(x, top, bottom) for x in columns[1:-1])
        sides = drawn(columns[0], top, bottom) and drawn(columns[-1], top, bottom)
        walls.append(inner if sides else (True,) * len(inner))
    return tuple(walls)


def _across_between(upper, lower, across: list[tuple[int, int, int]]) -> list[int]:
    """The rules across the columns of `upper` between its last row and the first of `lower`."""
    left, right = upper[0][0], upper[0][-1]
    return [y for y, first, last in across if upper[1][-1] < y < lower[1][0]
            and min(last, right) - max(first, left) >= 0.5 * (right - left)]


def _one_table(upper, lower, across: list[tuple[int, int, int]], width: int) -> bool:
    """Whether two tables found one under the other are one: the same columns, and rules across
    them in between no further apart than twice their tallest row."""
    near = SAME_LINE * width
    if len(upper[0]) != len(lower[0]) or any(abs(a - b) > near for a, b in zip(upper[0], lower[0], strict=True)):
        return False
    steps = [upper[1][-1], *_across_between(upper, lower, across), lower[1][0]]
    tallest = max(b - a for rows in (upper[1], lower[1]) for a, b in pairwise(rows))
    return all(b - a <= 2 * tallest for a, b in pairwise(steps))


def _overlapping(down: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """The vertical rules in groups that stand beside each other: each overlaps, over half the
    shorter one's length, a rule of its group."""
    groups: list[list[tuple[int, int, int]]] = []
    for rule in sorted(down, key=lambda r: r[2] - r[1], reverse=True):
        home = next((g for g in groups for other in g
                     if min(rule[2], other[2]) - max(rule[1], other[1]) >= 0.5 * min(rule[2] - rule[1], other[2] - other[1])), None)
        if home is None:
            groups.append([rule])
        else:
            home.append(rule)
    return groups


def _table(down: list[tuple[int, int, int]], across: list[tuple[int, int, int]], width: int, height: int):
    """(column xs, row ys) of a group of vertical rules, or None: three such rules at least (two
    columns), and the horizontal rules across most of their width between their ends."""
    near = SAME_LINE * width
    columns: list[int] = []
    for x in sorted(rule[0] for rule in down):
        if not columns or x - columns[-1] > near:
            columns.append(x)
    if len(columns) < 3:
        return None
    left, right = columns[0], columns[-1]
    top, bottom = min(rule[1] for rule in down), max(rule[2] for rule in down)
    rows = sorted(y for y, first, last in across
                  if top - near <= y <= bottom + near and min(last, right) - max(first, left) >= 0.5 * (right - left))
    if not rows or rows[0] - top > ROW * height:
        rows.insert(0, top)       # a faint top rule: the vertical rules' ends bound the table
    if rows[-1] < bottom - ROW * height:
        rows.append(bottom)
    merged = [rows[0]]
    for y in rows[1:]:
        if y - merged[-1] > near:
            merged.append(y)
    return (tuple(columns), tuple(merged)) if len(merged) >= 3 else None


RULE_WIDTH = 4   # pixels each side of a rule's middle that are whitened before the table is read again


def without_rules(gray, table: Table):
    """The table's part of the page image with its rules whitened: read again without them,
    tesseract takes each cell's text for a column of lines instead of mixing rules into words."""
    left, top, right, bottom = table.box
    low_x, low_y = max(0, left - RULE_WIDTH), max(0, top - RULE_WIDTH)
    crop = gray[low_y:bottom + RULE_WIDTH + 1, low_x:right + RULE_WIDTH + 1].copy()
    for y in table.rows:
        crop[max(0, y - low_y - RULE_WIDTH):y - low_y + RULE_WIDTH + 1, :] = 255
    for x in table.columns:
        crop[:, max(0, x - low_x - RULE_WIDTH):x - low_x + RULE_WIDTH + 1] = 255
    return crop, (low_x, low_y)


def _inside(word: Word, table: Table) -> bool:
    left, top, right, bottom = table.box
    return left <= word.center < right and top <= (word.top + word.bottom) / 2 < bottom


def with_tables(words: list[Word], tables: list[Table], readings: dict[int, list[Word]] | None = None) -> list[Word]:
    """The page's words with those inside each table replaced by its rows, one word per row holding
    the row's cells joined by ` | `, placed where tesseract began reading the table. `readings`
    gives a table's words read again without its rules (by the table's index), taken instead of
    the page's when tesseract was surer of them."""
    for number, table in enumerate(tables):
        inside = [i for i, w in enumerate(words) if _inside(w, table)]
        if not inside:
            continue
        cells = [words[i] for i in inside]
        again = [w for w in (readings or {}).get(number, []) if _inside(w, table)]
        if again and _confidence(again) >= _confidence(cells):
            cells = again
        if _turned(cells):
            continue   # a table printed across a page scanned upright: its rows run down the image
        rows = _rows(table, cells, TABLE_BLOCK + number)
        taken = set(inside)
        words = [*words[:inside[0]], *rows, *(w for i, w in enumerate(words) if i > inside[0] and i not in taken)]
    return words


def _turned(words: list[Word]) -> bool:
    """Whether most words of three letters or more stand taller than wide (text turned a quarter)."""
    long = [w for w in words if len(w.text) >= 3]
    return sum(w.bottom - w.top > w.right - w.left for w in long) * 2 > len(long)


def _confidence(words: list[Word]) -> float:
    return sum(w.confidence for w in words) / len(words)


def cell_of(edges: tuple[int, ...], at: float) -> int | None:
    """Which interval between consecutive `edges` (ascending) holds `at`, or None outside them."""
    index = bisect_right(edges, at) - 1
    return index if 0 <= index < len(edges) - 1 else None


def _rows(table: Table, words: list[Word], block: int) -> list[Word]:
    """One word per row of the table that holds any text: its cells' texts joined by ` | `. (Each
    word finds its cell by bisection: a page ruled into thousands of cells costs no more.)"""
    cells: dict[tuple[int, int], list[Word]] = {}
    for word in words:
        row, column = cell_of(table.rows, (word.top + word.bottom) / 2), cell_of(table.columns, word.center)
        if row is not None and column is not None:
            cells.setdefault((row, table.span_start(row, column)), []).append(word)
    rows = []
    for line in sorted({row for row, _ in cells}):
        texts = [_cell_text(cells.get((line, column), [])) for column in range(len(table.columns) - 1)]
        rows.append(Word(CELL.join(texts), table.columns[0], table.rows[line], table.columns[-1],
                         table.rows[line + 1], block, 1, line + 1, 100.0))
    return rows


def _cell_text(words: list[Word]) -> str:
    """A cell's words, tesseract's lines top to bottom, each left to right."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault((word.block, word.paragraph, word.line), []).append(word)
    ordered = sorted(lines.values(), key=lambda line: sum(w.top + w.bottom for w in line) / len(line))
    return " ".join(w.text for line in ordered for w in sorted(line, key=lambda w: w.left))
