"""Handwritten digits: the number and the day a clerk writes in ink into a printed header.

The office prints `Số:      /QĐ-UBND` and `ngày    tháng 01 năm 2025`; the clerk writes the number and
the day by hand on the signed paper, and the scan carries them in ink. Tesseract, trained on print,
reads them as signs (`Số:4Bð`, `ngày⁄{5`) or as the wrong digits. Here a cut of the page holding
only the ink is read by a small classifier of handwritten digits (`pipeline/data/ink_digits.npz`,
made by `python -m pipeline.read.ink_train` from handwriting fonts; no page of a real document is
in its training):

1. the cut is made black and white and the printed rules crossing it (the issuer's underline)
   are erased;
2. the ink is parted into groups at the gaps between them: a clerk's digits often stand apart;
3. a group wider than one digit (`23` written in one stroke) is cut at the thin places of its ink,
   and the cutting whose pieces the classifier is surest of, with a penalty for pieces too wide
   for one digit, is kept;
4. each piece is scaled into a 20-pixel box of a 28-pixel square (as the MNIST digits are) and
   described by its gradients' orientations in overlapping cells (HOG) and its ink at half the
   resolution; a network of one hidden layer gives each digit's probability.

The reading's confidence is its least sure digit's probability: callers take a reading only above
a threshold, and a day or month only where it is one.

>>> import numpy
>>> reading = read_ink(numpy.full((40, 60), 255, dtype=numpy.uint8), 20)
>>> reading is None
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL = Path(__file__).resolve().parents[1] / "data" / "ink_digits.npz"
INK_THRESHOLD = 150     # gray level under which a pixel is ink (as the scan reader's cut of the number)
SIDE, BOX = 28, 20      # a digit is scaled into a BOX-pixel box, centred by its ink in a SIDE-pixel square
CELL, BINS = 7, 9       # HOG: 7-pixel cells, 9 orientations, blocks of 2 x 2 cells
GAP = 0.12              # of the line's height: a wider run of blank columns parts two groups of ink
SPECK = 0.4             # of the line's height: ink less tall than this is a speck or a dash, no digit
WIDE = 0.7              # of its own height: a group wider than this may hold two digits or more
TOO_WIDE = 0.85         # of its height: a piece wider than this is penalised as more than one digit
WIDTH_PENALTY = 8.0     # log-probability lost for each unit of width beyond TOO_WIDE
PIECE_COST = 0.5        # log-probability each piece costs: no cutting into more digits for nothing
MAX_CUTS = 8            # thin places tried in one group (a hostile cut of a thousand columns: bounded)
THIN = 0.7              # of a group's median column: ink thinner than this may be where two digits touch
DOT = 0.3               # of the line's height: a blob of ink smaller than this both ways is a dot (a colon's)
MAX_WIDTH = 12          # line heights: a cut wider than this holds no number (a reading gone astray)
MAX_PIXELS = 400_000    # a cut larger than this (a word box of a hostile page) is not read: the dots are
                        # found pixel by pixel


@dataclass(frozen=True)
class InkReading:
    digits: str
    confidence: float   # the probability of the least sure digit
    span: int           # pixels from the first ink read to the last


def normalise(ink: Any) -> Any:
    """A piece of ink (2-D, true or 1 where ink) as a SIDE x SIDE float32 picture: its bounding box
    scaled into a BOX-pixel box (the aspect kept), placed with its ink's centre at the middle."""
    import numpy
    from PIL import Image

    ink = numpy.asarray(ink, dtype=numpy.float32)
    out = numpy.zeros((SIDE, SIDE), numpy.float32)
    rows, columns = numpy.flatnonzero(ink.sum(1) > 0), numpy.flatnonzero(ink.sum(0) > 0)
    if rows.size == 0:
        return out
    ink = ink[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1]
    height, width = ink.shape
    scale = BOX / max(height, width)
    new_height, new_width = max(1, round(height * scale)), max(1, round(width * scale))
    picture = Image.fromarray((ink * 255).astype(numpy.uint8)).resize((new_width, new_height), Image.Resampling.BILINEAR)
    scaled = numpy.asarray(picture, numpy.float32) / 255
    total = scaled.sum() or 1.0
    centre_y = (scaled.sum(1) * numpy.arange(new_height)).sum() / total
    centre_x = (scaled.sum(0) * numpy.arange(new_width)).sum() / total
    top = min(max(int(round(SIDE / 2 - centre_y)), 0), SIDE - new_height)
    left = min(max(int(round(SIDE / 2 - centre_x)), 0), SIDE - new_width)
    out[top:top + new_height, left:left + new_width] = scaled
    return out


def features(pictures: Any) -> Any:
    """(n, SIDE, SIDE) pictures -> (n, 324 + 196) features: HOG over overlapping blocks of 2 x 2
    cells, each block of unit length, then the ink at half the resolution."""
    import numpy

    pictures = numpy.asarray(pictures, dtype=numpy.float32)
    count = len(pictures)
    gradient_y, gradient_x = numpy.gradient(pictures, axis=(1, 2))
    magnitude = numpy.hypot(gradient_x, gradient_y)
    angle = (numpy.arctan2(gradient_y, gradient_x) % math.pi) / math.pi * BINS
    low = numpy.floor(angle)
    share = angle - low
    low = low.astype(int) % BINS
    high = (low + 1) % BINS
    cells = SIDE // CELL
    histogram = numpy.empty((count, cells, cells, BINS), numpy.float32)
    for b in range(BINS):
        weight = magnitude * ((low == b) * (1 - share) + (high == b) * share)
        histogram[..., b] = weight.reshape(count, cells, CELL, cells, CELL).sum(axis=(2, 4))
    blocks = [histogram[:, i:i + 2, j:j + 2].reshape(count, -1) for i in range(cells - 1) for j in range(cells - 1)]
    hog = numpy.concatenate([b / (numpy.linalg.norm(b, axis=1, keepdims=True) + 1e-6) for b in blocks], axis=1)
    half = pictures.reshape(count, SIDE // 2, 2, SIDE // 2, 2).mean(axis=(2, 4)).reshape(count, -1)
    return numpy.concatenate([hog, half], axis=1).astype(numpy.float32)


@lru_cache(maxsize=2)
def _model(path: Path = MODEL) -> dict[str, Any]:
    import numpy

    with numpy.load(path) as stored:
        return {name: stored[name].astype(numpy.float32) for name in stored.files}


def probabilities(pictures: Any, model: dict[str, Any] | None = None) -> Any:
    """(n, SIDE, SIDE) normalised pictures -> (n, 10): each digit's probability."""
    import numpy

    model = model or _model()
    found = features(pictures)
    means = []
    for k in range(len(model["w1"]) if model["w1"].ndim == 3 else 1):   # an ensemble: the mean of its members
        member = {name: (value[k] if model["w1"].ndim == 3 else value) for name, value in model.items()}
        hidden = numpy.maximum(0, (found - member["mean"]) / member["scale"] @ member["w1"] + member["b1"])
        logits = hidden @ member["w2"] + member["b2"]
        logits -= logits.max(axis=1, keepdims=True)
        exp = numpy.exp(logits)
        means.append(exp / exp.sum(axis=1, keepdims=True))
    return numpy.mean(means, axis=0)


def erase_rules(ink: Any, line_height: int) -> Any:
    """`ink` without the printed rules that cross the cut: row runs longer than 1.2 line heights
    (the issuer's underline above the number line; no digit is that wide)."""
    import numpy

    ink = ink.copy()
    longest = 1.2 * line_height
    for row in numpy.flatnonzero(ink.sum(axis=1) >= longest):
        columns = numpy.flatnonzero(ink[row])
        for run in numpy.split(columns, numpy.flatnonzero(numpy.diff(columns) > 1) + 1):
            if len(run) > longest:
                ink[row, run] = False
    return ink


def without_dots(ink: Any, line_height: int) -> Any:
    """`ink` without its dots: blobs (8-connected) less than DOT of the line's height both high and
    wide, such as the colon of `Số:` glued to the number, or specks of the scan."""
    import numpy

    ink = ink.copy()
    seen = numpy.zeros_like(ink)
    limit = DOT * line_height
    height, width = ink.shape
    for y, x in zip(*numpy.nonzero(ink), strict=True):
        if seen[y, x]:
            continue
        seen[y, x] = True
        blob, stack = [(y, x)], [(y, x)]
        while stack:
            cy, cx = stack.pop()
            for ny in (cy - 1, cy, cy + 1):
                for nx in (cx - 1, cx, cx + 1):
                    if 0 <= ny < height and 0 <= nx < width and ink[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        blob.append((ny, nx))
                        stack.append((ny, nx))
        ys, xs = [p[0] for p in blob], [p[1] for p in blob]
        if max(ys) - min(ys) + 1 < limit and max(xs) - min(xs) + 1 < limit:
            ink[ys, xs] = False
    return ink


def _height(ink: Any) -> int:
    import numpy

    rows = numpy.flatnonzero(ink.sum(axis=1))
    return int(rows[-1] - rows[0] + 1) if rows.size else 0


def ink_groups(ink: Any, line_height: int) -> list[tuple[int, int]]:
    """The column ranges [start, end) of the groups of ink that blank columns part; specks and
    dashes (less tall than SPECK of the line) left out."""
    import numpy

    columns = numpy.flatnonzero(ink.sum(axis=0))
    if columns.size == 0:
        return []
    runs = numpy.split(columns, numpy.flatnonzero(numpy.diff(columns) > max(1, GAP * line_height)) + 1)
    groups = [(int(run[0]), int(run[-1]) + 1) for run in runs]
    return [(a, b) for a, b in groups if _height(ink[:, a:b]) >= SPECK * line_height]


def _thin_places(profile: Any, height: int) -> list[int]:
    """Columns where a group's ink is thinnest, away from its ends and from each other: where two
    touching digits may meet (the cutting whose pieces read surest decides which do)."""
    import numpy

    margin = max(1, int(0.2 * height))
    thick = max(2.0, THIN * float(numpy.median(profile)))
    minima = [x for x in range(margin, len(profile) - margin)
              if profile[x] <= profile[x - 1] and profile[x] <= profile[x + 1] and profile[x] <= thick]
    chosen: list[int] = []
    for x in sorted(minima, key=lambda x: (profile[x], x)):
        if all(abs(x - other) >= 0.15 * height for other in chosen):
            chosen.append(x)
        if len(chosen) == MAX_CUTS:
            break
    return chosen


def _read_group(ink: Any, model: dict[str, Any]) -> tuple[float, str, float] | None:
    """(score, digits, least probability) of the best cutting of one group of ink into digits."""
    import numpy

    height = _height(ink)
    cuts = [0, ink.shape[1]]
    if ink.shape[1] > WIDE * height:
        cuts += _thin_places(ink.sum(axis=0), height)
    bounds = sorted(set(cuts))
    pieces = {}
    for i in range(len(bounds)):
        for j in range(i + 1, len(bounds)):
            piece = ink[:, bounds[i]:bounds[j]]
            piece_height = _height(piece)
            if piece_height >= SPECK * height:
                pieces[(i, j)] = (piece, piece_height)
    if not pieces:
        return None
    keys = list(pieces)
    found = probabilities(numpy.stack([normalise(pieces[k][0]) for k in keys]), model)
    best: dict[int, tuple[float, str, float]] = {0: (0.0, "", 1.0)}
    for j in range(1, len(bounds)):   # the best cutting up to each bound, piece by piece
        for n, (i, end) in enumerate(keys):
            if end != j or i not in best:
                continue
            digit = int(found[n].argmax())
            probability = float(found[n][digit])
            width, piece_height = bounds[j] - bounds[i], pieces[(i, j)][1]
            penalty = WIDTH_PENALTY * max(0.0, width / piece_height - TOO_WIDE)
            score, digits, least = best[i]
            candidate = (score + math.log(probability + 1e-9) - penalty - PIECE_COST, digits + str(digit),
                         min(least, probability))
            if j not in best or candidate[0] > best[j][0]:
                best[j] = candidate
    return best.get(len(bounds) - 1)


def read_ink(gray: Any, line_height: int, model: dict[str, Any] | None = None) -> InkReading | None:
    """The digits written in `gray` (a 2-D uint8 cut of the page holding the ink and nothing
    printed but rules), or None where it holds no ink taller than a speck."""
    if line_height <= 0 or gray.size == 0:
        return None
    if gray.shape[1] > MAX_WIDTH * line_height or gray.size > MAX_PIXELS:
        return None
    model = model or _model()
    ink = without_dots(erase_rules(gray < INK_THRESHOLD, line_height), line_height)
    digits, least = "", 1.0
    groups = ink_groups(ink, line_height)
    for a, b in groups:
        found = _read_group(ink[:, a:b], model)
        if found is None:
            return None
        digits, least = digits + found[1], min(least, found[2])
    return InkReading(digits, least, groups[-1][1] - groups[0][0]) if digits else None
