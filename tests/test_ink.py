"""The number and the day a clerk writes in ink into a scanned header: cut out of the page and read by
the classifier of handwritten digits (`pipeline/read/ink_digits.py`, `pipeline/read/ink.py`).

The pictures here are drawn with PIL in DejaVu fonts (Debian's fonts-dejavu-core, which `make setup`
installs), slanted and thickened as a pen's digits are; the model never saw these fonts' digits
slanted so (it learns from handwriting fonts and MNIST's digits). Real ink is read in `test_scans.py`
on a real scan."""
from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.read.ink import read_date_in_ink, read_number_in_ink
from pipeline.read.ink_digits import _model, erase_rules, ink_groups, read_ink
from pipeline.read.ocr_layout import Word

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINE = 50   # the printed line's height in pixels, as at 300 dpi


def _pen(text: str, size: int = 60, spacing: int = 6, slant: float = 0.25) -> Image.Image:
    """`text` as a pen writes it: each digit drawn apart by `spacing` pixels (negative: they touch),
    slanted to the right and thickened."""
    font = ImageFont.truetype(SANS, size)
    picture = Image.new("L", (size * (len(text) + 2), size * 2), 255)
    draw = ImageDraw.Draw(picture)
    x = size // 2
    for character in text:
        draw.text((x, size // 3), character, font=font, fill=0)
        x += int(draw.textlength(character, font=font)) + spacing
    picture = picture.transform(picture.size, Image.Transform.AFFINE, (1, slant, -slant * size, 0, 1, 0),
                                resample=Image.Resampling.BILINEAR, fillcolor=255)
    return picture.filter(ImageFilter.MinFilter(3))


def _cut(picture: Image.Image) -> numpy.ndarray:
    return numpy.asarray(picture.convert("L"))


def test_digits_standing_apart_are_read_one_by_one():
    found = read_ink(_cut(_pen("2191", spacing=10)), LINE)
    assert found is not None and found.digits == "2191" and found.confidence > 0.5


def test_digits_written_in_one_stroke_are_cut_where_the_ink_is_thinnest():
    """`23` written touching: one group of ink, cut in two where the pieces read surest."""
    picture = _pen("23", spacing=-8)
    ink = erase_rules(_cut(picture) < 150, LINE)
    assert len(ink_groups(ink, LINE)) == 1
    found = read_ink(_cut(picture), LINE)
    assert found is not None and found.digits == "23"


def test_the_cues_colon_and_the_issuers_underline_are_no_digits():
    """`Số:` glued to the ink leaves its colon in the cut, and the underline of the issuer's name runs
    above the number: neither is read as a digit."""
    picture = _pen("15", spacing=12)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((5, 50, 11, 56), fill=0)
    draw.rectangle((5, 75, 11, 81), fill=0)
    draw.line((0, 12, picture.width, 12), fill=0, width=3)
    found = read_ink(_cut(picture), LINE)
    assert found is not None and found.digits == "15"


def test_a_blank_cut_reads_nothing():
    assert read_ink(numpy.full((100, 200), 255, dtype=numpy.uint8), LINE) is None
    assert read_ink(numpy.full((100, 0), 255, dtype=numpy.uint8), LINE) is None


def test_a_huge_cut_is_not_read_pixel_by_pixel():
    """A hostile page's word box two thousand pixels high: its cut, all ink, is not searched for dots
    (a blob of millions of pixels), it is no number."""
    import time

    start = time.perf_counter()
    assert read_ink(numpy.zeros((4000, 6000), dtype=numpy.uint8), 2000) is None
    assert time.perf_counter() - start < 2


def test_mnists_digits_are_read_as_its_site_served_them_and_an_altered_copy_is_refused(tmp_path):
    """The real handwritten digits the classifier learns from besides fonts (`models/mnist`): 10,000
    pictures of 28 x 28, their digits 0 to 9 about a thousand each; a copy whose bytes differ from
    the published md5 is refused, not learnt from."""
    from pipeline.read.ink_train import MNIST, MNIST_FILES, mnist

    pictures, digits = mnist(MNIST)
    assert pictures.shape == (10_000, 28, 28) and digits.shape == (10_000,)
    assert sorted(set(digits.tolist())) == list(range(10)) and min(numpy.bincount(digits)) > 850
    assert pictures[:, 4:24, 4:24].sum() > 0.95 * pictures.sum()   # the ink about its middle 20 pixels
    for name, _md5 in MNIST_FILES:
        data = (MNIST / name).read_bytes()
        (tmp_path / name).write_bytes(data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("t10k-labels") else data)
    with pytest.raises(ValueError, match="not MNIST's"):
        mnist(tmp_path)


def test_the_model_is_the_packaged_one():
    """The weights ship in the package (`pipeline/data/ink_digits.npz`, float16): three networks, ten outputs."""
    model = _model()
    assert model["w1"].shape[0] == 3 and model["w2"].shape[2] == 10 and model["w1"].shape[1] == model["mean"].shape[1] == 520


# ----------------------------------------------------------------------------------------------
# On a page: the header's date line and number line, as the page's reading left them

def _page(tmp_path: Path, day: str | None, printed_day: bool = False, signs: str | None = None,
          confidence: float = 2.0) -> tuple[Path, list[Word]]:
    """A header's date line at 300 dpi: `Lâm Đồng, ngày` and `tháng 12 năm 2025` printed, the day
    between them in ink (or printed, or blank); with the words the page's reading gives for it, the
    day as `signs` (None: no word for it)."""
    page = Image.new("L", (2464, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(SERIF, 44)
    words, x, top = [], 1150, 520

    def printed(text: str) -> None:
        nonlocal x
        left, upper, right, lower = draw.textbbox((x, top), text, font=font)
        draw.text((x, top), text, font=font, fill=0)
        words.append(Word(text, left, 525, right, 574, 1, 1, 1, 95.0))
        x = right + 14

    for text in ("Lâm", "Đồng,", "ngày"):
        printed(text)
    if day and printed_day:
        printed(day)
        words[-1] = Word(day, words[-1].left, 525, words[-1].right, 574, 1, 1, 1, 93.0)
    elif day:
        ink = _pen(day, size=56, spacing=4).crop((20, 0, 150, 112))
        page.paste(ink, (x, 490))
        if signs is not None:
            words.append(Word(signs, x + 5, 515, x + 120, 580, 1, 1, 1, confidence))
        x += 140
    for text in ("tháng", "12", "năm", "2025"):
        printed(text)
    path = tmp_path / "page.pgm"
    page.save(path, format="PPM")
    return path, words


def test_a_day_written_in_ink_is_read_in_place_of_the_signs_ocr_gave(tmp_path):
    """lamdong_810a05d4 (scan tune): `ngày “1P tháng 12`; the signs go and the day read stands."""
    path, words = _page(tmp_path, "15", signs="“1P")
    notes: list[str] = []
    read = read_date_in_ink(words, path, 3508, notes)
    assert [w.text for w in read] == ["Lâm", "Đồng,", "ngày", "15", "tháng", "12", "năm", "2025"]
    assert notes == ["the day of the date read from handwriting: 15"]   # a clerk checks it on the paper


def test_a_date_in_the_body_is_left_as_the_page_read_it(tmp_path):
    """A later page's first lines hold dates too (`Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của
    Chính phủ`): a code before `ngày`, words after the year; only the header's date line is read again."""
    path, words = _page(tmp_path, "15", signs="“1P")
    words[1] = Word("63/2010/NĐ-CP", words[1].left, 525, words[1].right, 574, 1, 1, 1, 95.0)
    body = words + [Word(text, 2100 + 80 * n, 525, 2170 + 80 * n, 574, 1, 1, 1, 95.0)
                    for n, text in enumerate(("của", "Chính", "phủ"))]
    assert read_date_in_ink(body, path, 3508) == body
    words[1] = Word("Đồng,", words[1].left, 525, words[1].right, 574, 1, 1, 1, 95.0)
    assert [w.text for w in read_date_in_ink(words, path, 3508)][2:4] == ["ngày", "15"]
    # tesseract's line runs across the header's two columns: the number's column is no place
    both = [Word("Số:", 300, 525, 370, 574, 1, 1, 1, 95.0), Word("22/TTr-UBND", 380, 525, 640, 574, 1, 1, 1, 95.0), *words]
    assert [w.text for w in read_date_in_ink(both, path, 3508)][4:6] == ["ngày", "15"]


def test_a_day_ocr_glued_to_its_cue_is_cut_off_it(tmp_path):
    """qn_87_QĐ_CT (batch s9): the page read the ink glued to the cue, `ngày-|Ệ`."""
    path, words = _page(tmp_path, "16")
    cue = words[2]
    words[2] = Word("ngày-|Ệ", cue.left, 515, cue.right + 130, 580, 1, 1, 1, 60.0)
    read = read_date_in_ink(words, path, 3508)
    assert [w.text for w in read][2:5] == ["ngày", "16", "tháng"]
    assert read[2].right <= read[3].left


def test_a_printed_day_tesseract_is_sure_of_stays_and_a_blank_day_stays_blank(tmp_path):
    path, words = _page(tmp_path, "05", printed_day=True)
    assert read_date_in_ink(words, path, 3508) == words
    path, words = _page(tmp_path, None)
    assert read_date_in_ink(words, path, 3508) == words


def _number_page(tmp_path: Path, cue: str, symbol: str, symbol_left: int, ink_left: int) -> Path:
    """A header's number line at 300 dpi: `cue` and `symbol` printed, `53` in ink between them."""
    page = Image.new("L", (2464, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(SERIF, 44)
    draw.text((450, 520), cue, font=font, fill=0)
    draw.text((symbol_left, 520), symbol, font=font, fill=0)
    page.paste(_pen("53", size=56, spacing=4).crop((20, 0, 150, 112)), (ink_left, 490))
    path = tmp_path / "page.pgm"
    page.save(path, format="PPM")
    return path


def test_a_number_in_ink_tesseract_cannot_read_is_read_by_the_classifier(tmp_path):
    """qn_53_TB (batch s7): `Số:b3 /TB-UBND`; tesseract's digit readings of the cut disagree (here:
    it reads nothing), and the classifier reads `53`."""
    path = _number_page(tmp_path, "Số:", "/TB-UBND", 720, 560)
    words = [Word("Số:b3", 450, 525, 640, 574, 1, 1, 1, 40.0), Word("/TB-UBND", 720, 525, 940, 574, 1, 1, 1, 95.0)]
    notes: list[str] = []
    read = read_number_in_ink(words, path, 3508, tmp_path, lambda image, psm: "", notes)
    assert [w.text for w in read] == ["Số:", "53", "/TB-UBND"]
    assert notes == ["the number after `Số:` read from handwriting: 53"]


def test_the_classifier_sure_of_its_digits_outvotes_tesseracts_reading(tmp_path):
    """lit_196cd (scan tune): `Số:136 /CĐ-TTg`, and tesseract's two readings of the cut agree on `136`; the
    classifier reads `196`, sure of every digit, and is right (on the tune batches it agreed with
    tesseract on the nine other numbers both read sure)."""
    path = _number_page(tmp_path, "Số:", "/TB-UBND", 720, 560)
    words = [Word("Số:", 450, 525, 514, 574, 1, 1, 1, 95.0), Word("58", 560, 515, 680, 580, 1, 1, 1, 60.0),
             Word("/TB-UBND", 720, 525, 940, 574, 1, 1, 1, 95.0)]
    read = read_number_in_ink(words, path, 3508, tmp_path, lambda image, psm: "58")
    assert [w.text for w in read] == ["Số:", "53", "/TB-UBND"]


def test_a_party_style_numbers_ink_ends_at_the_symbols_dash(tmp_path):
    """lamdong_7d76aaf3 (scan tune): `Số 210-CV/BTGDVTU`, the 210 in ink, read `Số J0 -CV/BTGDVTU`: the cut
    ends at the dash, not at the slash (which would take in the printed `-CV`)."""
    path = _number_page(tmp_path, "Số", "-CV/BTGDVTU", 700, 540)
    words = [Word("Số", 450, 525, 510, 574, 1, 1, 1, 90.0), Word("J0", 560, 515, 640, 580, 1, 1, 1, 30.0),
             Word("-CV/BTGDVTU", 700, 525, 1000, 574, 1, 1, 1, 95.0)]
    read = read_number_in_ink(words, path, 3508, tmp_path, lambda image, psm: "")
    assert [w.text for w in read] == ["Số", "53", "-CV/BTGDVTU"]


@pytest.mark.skipif(not Path(__file__).resolve().parents[1].joinpath("pipeline", "data", "ink_digits.npz").is_file(),
                    reason="no model")
def test_the_model_file_is_small():
    size = Path(__file__).resolve().parents[1].joinpath("pipeline", "data", "ink_digits.npz").stat().st_size
    assert size < 1_000_000, json.dumps(size)
