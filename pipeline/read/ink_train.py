"""`make ink-model`: the handwritten-digit classifier of `pipeline/data/ink_digits.npz`.

The real scans' ink is the gold we measure on, so the classifier learns from no page of a real
document. It learns from two sources:
- handwriting fonts that Debian packages (`INK_FONT_PACKAGES`, installed by `make ink-model`) and
  drawn strokes of the `1` and `7` that Vietnamese clerks write (a stem with a long flag; a seven
  with a bar);
- real handwritten digits: the 10,000 digits of MNIST's test set (`models/mnist/`, see its README),
  written by American students and staff; with them the blind scans' ink reads better than from
  fonts alone (stop 49: header fields of scans check 0.801 -> 0.808, held out 0.750 -> 0.766, s11
  0.806 -> 0.823).
Each digit is rendered (a font's) or placed (MNIST's) and distorted many times over: stroke width,
slant, rotation, width, size (18 to 45 pixels, as the ink of a 200 to 300 dpi scan), blur, noise and
the scan reader's threshold. Fonts whose digits all look alike (a font without digits draws boxes)
are left out.

The network (features of `ink_digits.features`, one hidden layer of 256, dropout, Adam) is
trained with numpy, seeded: the same fonts and digits give the same weights. Three are trained, each
on its own distortions (seeds 0, 1, 2), and their probabilities averaged: one network alone is as
often right as another but sure of different wrong readings (on the ink of the scan tune batches,
58 to 66 of 110 fields read right at 0.9; the three together 61 of 71 read, the fewest wrong).
Stored as float16.

    python -m pipeline.read.ink_train [--per-digit 80] [--mnist models/mnist] [--mnist-copies 3]
                                      [--epochs 10] [--members 3] [--out pipeline/data/ink_digits.npz]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import math
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .ink_digits import MODEL, features, normalise

INK_FONT_PACKAGES = ("fonts-comic-neue", "fonts-dkg-handwriting", "fonts-breip", "fonts-bwht", "fonts-dancingscript",
                     "fonts-femkeklaver", "fonts-kaushanscript", "fonts-klee", "fonts-kristi", "fonts-rufscript",
                     "fonts-humor-sans", "fonts-sjfonts", "fonts-yusei-magic", "fonts-seto", "fonts-kiloji",
                     "fonts-leckerli-one", "fonts-joscelyn", "fonts-dejavu-core", "fonts-dejavu-extra")
FONT_FOLDERS = ("/usr/share/fonts/opentype", "/usr/share/fonts/truetype")
# files of those packages that are no handwriting, or that hold no digits
SKIPPED = ("breipfont", "setofont-ex", "Ecolier")
PRINTED = ("DejaVuSans.ttf", "DejaVuSerif-Italic.ttf")   # of the print fonts, the two kept: a stamped number
FONT_NAMES = ("comic-neue", "fifthhorseman", "breip", "bwht", "dancingscript", "femkeklaver", "kaushanscript",
              "klee", "kristi", "rufscript", "humor-sans", "sjfonts", "yusei-magic", "seto", "kiloji",
              "leckerli-one", "joscelyn", "dejavu")
MNIST = Path(__file__).resolve().parents[2] / "models" / "mnist"
# MNIST's test set as Yann LeCun's site served it: (file, md5); an altered copy is refused
MNIST_FILES = (("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
               ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"))
RENDER = 64             # font size the digits are drawn at before distortion
DRAWN = {1: 12, 7: 4}   # drawn strokes per font's share: clerks' `1` and `7`


def fonts() -> list[Path]:
    found = []
    for folder in FONT_FOLDERS:
        for name in FONT_NAMES:
            for path in sorted(Path(folder, name).glob("*.[ot]tf")):
                if not any(skip in path.name for skip in SKIPPED) and (name != "dejavu" or path.name in PRINTED):
                    found.append(path)
    return found


def _render(font: Path, digit: int) -> Any:
    from PIL import Image, ImageDraw, ImageFont

    face = ImageFont.truetype(str(font), RENDER)
    picture = Image.new("L", (RENDER * 2, RENDER * 2), 255)
    ImageDraw.Draw(picture).text((RENDER // 2, RENDER // 4), str(digit), font=face, fill=0)
    return picture


def _has_digits(font: Path) -> bool:
    import numpy

    drawn = [numpy.asarray(_render(font, digit)) for digit in range(10)]
    return all((d < 128).any() for d in drawn) and not any(
        (drawn[i] == drawn[j]).all() for i in range(10) for j in range(i + 1, 10))


def _drawn_one(rng: random.Random) -> Any:
    """A `1` as clerks write it: a stem and a flag from its top, now and then a foot."""
    from PIL import Image, ImageDraw

    size = RENDER
    picture = Image.new("L", (size * 2, size * 2), 255)
    draw = ImageDraw.Draw(picture)
    width = rng.choice([3, 4, 5, 6, 7])
    top = (size + rng.uniform(-4, 4), size * 0.4)
    bottom = (size + rng.uniform(-4, 4), size * 1.6)
    draw.line([top, bottom], fill=0, width=width)
    flag, angle = rng.uniform(0.15, 0.55) * size * 1.2, math.radians(rng.uniform(15, 70))
    draw.line([top, (top[0] - flag * math.cos(angle), top[1] + flag * math.sin(angle))], fill=0, width=width)
    if rng.random() < 0.2:
        foot = rng.uniform(0.2, 0.4) * size
        draw.line([(bottom[0] - foot, bottom[1]), (bottom[0] + foot, bottom[1])], fill=0, width=width)
    return picture


def _drawn_seven(rng: random.Random) -> Any:
    """A `7`, half of them with the bar across the stem."""
    from PIL import Image, ImageDraw

    size = RENDER
    picture = Image.new("L", (size * 2, size * 2), 255)
    draw = ImageDraw.Draw(picture)
    width = rng.choice([3, 4, 5, 6, 7])
    left, right, top = size - rng.uniform(0.3, 0.5) * size, size + rng.uniform(0.3, 0.5) * size, size * 0.4
    foot = size + rng.uniform(-0.25, 0.1) * size
    draw.line([(left, top + rng.uniform(-3, 6)), (right, top), (foot, size * 1.6)], fill=0, width=width, joint="curve")
    if rng.random() < 0.5:
        middle, half = (right + foot) / 2, rng.uniform(0.15, 0.3) * size
        draw.line([(middle - half, size), (middle + half, size)], fill=0, width=width)
    return picture


def _distort(picture: Any, rng: random.Random, noise: Any) -> Any:
    """The digit as a scan's ink: stroke width, slant, rotation, width, size, blur, noise, threshold.
    Returns a boolean array (true where ink), or None where nothing is left."""
    import numpy
    from PIL import Image, ImageFilter

    if rng.random() < 0.5:
        picture = picture.filter(ImageFilter.MinFilter(rng.choice([3, 3, 5])))   # thicker strokes
    elif rng.random() < 0.3:
        picture = picture.filter(ImageFilter.MaxFilter(3))                       # thinner
    width, height = picture.size
    shear, angle, stretch = rng.uniform(-0.45, 0.25), math.radians(rng.uniform(-10, 10)), rng.uniform(0.75, 1.3)
    cos, sin = math.cos(angle), math.sin(angle)
    a, b = cos / stretch, (sin + shear * cos) / stretch
    d, e = -sin, cos - shear * sin
    x, y = width / 2, height / 2
    picture = picture.transform((width, height), Image.Transform.AFFINE, (a, b, x - a * x - b * y, d, e, y - d * x - e * y),
                                resample=Image.Resampling.BILINEAR, fillcolor=255)
    ink = numpy.asarray(picture) < 128
    rows, columns = numpy.flatnonzero(ink.sum(1)), numpy.flatnonzero(ink.sum(0))
    if rows.size == 0:
        return None
    picture = picture.crop((int(columns[0]) - 2, int(rows[0]) - 2, int(columns[-1]) + 3, int(rows[-1]) + 3))
    factor = rng.uniform(18, 45) / picture.height
    picture = picture.resize((max(1, int(picture.width * factor)), max(1, int(picture.height * factor))),
                             Image.Resampling.BILINEAR)
    if rng.random() < 0.3:
        picture = picture.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    gray = numpy.asarray(picture, numpy.int16) + noise.normal(0, 12, (picture.height, picture.width))
    return gray < rng.uniform(120, 180)


def mnist(folder: Path) -> tuple[Any, Any]:
    """MNIST's test set from `folder`: (28 x 28 uint8 pictures, ink bright; their digits). Raises
    ValueError where a file is not the one MNIST_FILES names."""
    import numpy

    contents = []
    for name, md5 in MNIST_FILES:
        data = (folder / name).read_bytes()
        if hashlib.md5(data).hexdigest() != md5:
            raise ValueError(f"{folder / name} is not MNIST's (md5 {md5} expected)")
        contents.append(gzip.decompress(data))
    pictures = numpy.frombuffer(contents[0], numpy.uint8, offset=16).reshape(-1, 28, 28)
    return pictures, numpy.frombuffer(contents[1], numpy.uint8, offset=8)


def _mnist_samples(folder: Path, copies: int, add: Callable[[Any, int], None]) -> None:
    """Each MNIST digit `copies` times, distorted as a font's: placed at the fonts' size on a white
    page (a digit of MNIST fills 20 of its 28 pixels) and given to `add`."""
    from PIL import Image

    pictures, digits = mnist(folder)
    for picture, digit in zip(pictures, digits, strict=True):
        page = Image.new("L", (RENDER * 2, RENDER * 2), 255)
        page.paste(Image.fromarray(255 - picture).resize((RENDER, RENDER), Image.Resampling.BILINEAR), (RENDER // 2, RENDER // 2))
        for _ in range(copies):
            add(page, int(digit))


def samples(per_digit: int, seed: int, mnist_folder: Path | None = None, mnist_copies: int = 3) -> tuple[Any, Any]:
    """(pictures, digits): each font's digits `per_digit` times, distorted, the drawn strokes, and
    (from `mnist_folder`) each MNIST digit `mnist_copies` times."""
    import numpy

    rng, noise = random.Random(seed), numpy.random.default_rng(seed)
    pictures, digits = [], []

    def add(base: Any, digit: int, draws: tuple[random.Random, Any] = (rng, noise)) -> None:
        ink = _distort(base, *draws)
        if ink is not None:
            pictures.append(normalise(ink))
            digits.append(digit)

    for font in (f for f in fonts() if _has_digits(f)):
        for digit in range(10):
            base = _render(font, digit)
            for _ in range(per_digit):
                add(base, digit)
    for digit, share in DRAWN.items():
        maker = _drawn_one if digit == 1 else _drawn_seven
        for _ in range(per_digit * share):
            add(maker(rng), digit)
    if mnist_folder is not None:
        # their own draws, so that the fonts' samples are the same with or without them
        own = (random.Random(seed + 100), numpy.random.default_rng(seed + 100))
        _mnist_samples(mnist_folder, mnist_copies, lambda base, digit: add(base, digit, own))
    return numpy.stack(pictures), numpy.array(digits)


def train(inputs: Any, digits: Any, hidden: int = 256, epochs: int = 10, seed: int = 0,
          rate: float = 1e-3, decay: float = 1e-4, batch: int = 128) -> dict[str, Any]:
    """A network of one hidden layer (ReLU, dropout 0.1 on the input and 0.3 on the hidden layer),
    softmax output, trained by Adam on cross-entropy."""
    import numpy

    rng = numpy.random.default_rng(seed)
    mean, scale = inputs.mean(0), inputs.std(0) + 1e-3
    z = ((inputs - mean) / scale).astype(numpy.float32)
    w1 = rng.normal(0, math.sqrt(2 / z.shape[1]), (z.shape[1], hidden)).astype(numpy.float32)
    w2 = rng.normal(0, math.sqrt(1 / hidden), (hidden, 10)).astype(numpy.float32)
    params = [w1, numpy.zeros(hidden, numpy.float32), w2, numpy.zeros(10, numpy.float32)]
    first = [numpy.zeros_like(p) for p in params]
    second = [numpy.zeros_like(p) for p in params]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(z))
        for start in range(0, len(z), batch):
            index = order[start:start + batch]
            x = z[index] * (rng.random((len(index), z.shape[1])) > 0.1) / 0.9
            keep = (rng.random((len(index), hidden)) > 0.3) / 0.7
            h = numpy.maximum(0, x @ params[0] + params[1]) * keep
            logits = h @ params[2] + params[3]
            logits -= logits.max(1, keepdims=True)
            p = numpy.exp(logits)
            p /= p.sum(1, keepdims=True)
            p[numpy.arange(len(index)), digits[index]] -= 1
            p /= len(index)
            grad_h = (p @ params[2].T) * (h > 0) * keep
            grads = [x.T @ grad_h + decay * params[0], grad_h.sum(0), h.T @ p + decay * params[2], p.sum(0)]
            step += 1
            for k, g in enumerate(grads):
                first[k] = 0.9 * first[k] + 0.1 * g
                second[k] = 0.999 * second[k] + 0.001 * g * g
                params[k] -= rate * (first[k] / (1 - 0.9 ** step)) / (numpy.sqrt(second[k] / (1 - 0.999 ** step)) + 1e-8)
    return {"mean": mean, "scale": scale, "w1": params[0], "b1": params[1], "w2": params[2], "b2": params[3]}


def main(argv: list[str] | None = None) -> int:
    import numpy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-digit", type=int, default=80, help="distorted copies of each font's digit")
    parser.add_argument("--mnist", type=Path, default=MNIST, help="folder of MNIST's test set (none: fonts only)")
    parser.add_argument("--mnist-copies", type=int, default=3, help="distorted copies of each MNIST digit")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--members", type=int, default=3, help="networks averaged, seeds 0, 1, ...")
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    usable = [f for f in fonts() if _has_digits(f)]
    if len(usable) < 10:
        print(f"only {len(usable)} handwriting fonts found; install: apt-get install {' '.join(INK_FONT_PACKAGES)}",
              file=sys.stderr)
        return 1
    folder = args.mnist if args.mnist and (args.mnist / MNIST_FILES[0][0]).is_file() else None
    if folder is None:
        print(f"no MNIST test set in {args.mnist}: training on the fonts alone", file=sys.stderr)
    members = []
    for seed in range(args.members):
        pictures, digits = samples(args.per_digit, seed, folder, args.mnist_copies)
        print(f"member {seed}: {len(usable)} fonts{' and MNIST' if folder else ''}, {len(digits)} pictures", file=sys.stderr)
        members.append(train(features(pictures), digits, epochs=args.epochs, seed=seed))
    stacked: dict[str, Any] = {k: numpy.stack([m[k] for m in members]).astype(numpy.float16) for k in members[0]}
    numpy.savez_compressed(args.out, **stacked)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
