"""Scanned pages: which pages of a PDF need OCR, OCR with tesseract's word boxes, and the
signature stamp's text merged into what OCR read.

What a secretariat receives is mostly a paper dispatch scanned and then signed: each page is one
image, and the VGCA signing software stamps a few words of real text on it (`Người ký`, `Cơ quan`,
`Thời gian ký`, sometimes the number and the day). A page is OCR'd when, before those stamps, its
own text layer is missing or covers little of an image that fills the page, or when its text layer
is garbled (a Vietnamese font embedded without a usable Unicode map reads `6Ӣ C‘NG 7+ѬѪ1*`).
The stamp's words are then added to the OCR text where OCR did not already read them.

Speed: a page is rendered at the resolution of its scan (a 200 dpi scan is not blown up to 300
dpi, which costs tesseract twice the pixels for nothing), pages with no ink are not OCR'd at all,
and the pages of a file run in parallel tesseract processes (one thread each).
"""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path

from ..errors import TimedOut
from .code_digits import reread_number_digits
from .encodings import is_syllable
from .ink import read_date_in_ink, read_number_in_ink
from .limits import Limits
from .ocr import require
from .ocr_fix import repair, syllables
from .ocr_layout import Word, page_text, picture_blocks, words_from_tsv
from .ocr_tables import ruled_tables, with_tables, without_rules
from .tools import kill_group

MIN_OWN_CHARS = 40       # fewer visible characters of its own than this, and a page is an image
IMAGE_FILLS = 0.5        # an image over this share of the page makes it a scan...
TEXT_COVERS_LITTLE = 0.02  # ...when its own text's boxes cover less than this share of it
MIN_DPI, MAX_DPI, VECTOR_DPI = 200, 300, 300   # under 200 dpi tesseract loses Vietnamese marks: low scans are scaled up
INK = 0.0004             # share of dark pixels under which a rendered page is blank
MAX_TABLES = 3           # ruled tables read again on one page (a page holds one or two)
MAX_PICTURES = 4         # picture blocks read again as text on one page (seals, stamps: a few per page)
PICTURE_MARGIN = 10      # pixels around a picture block's box when it is cropped
PICTURE_CONFIDENCE = 55  # tesseract's confidence under which a word read inside a picture is left out
# gray level under which a pixel of a picture block is ink, where the block read as it is gave no word: the
# seal, lightened to its red channel, stays a mid-gray ring (150-200) that tesseract reads as strokes over
# the black post under it (`HIỆU TRƯỞNG` read `\ : : ` Lư`); made white, the post reads. (Not for every
# block: a name in dark gray under a seal lost its last word that way.)
PICTURE_INK = 128
FEW_LETTERS = 6          # a picture block's reading with fewer letters in words than this read no post


@dataclass(frozen=True)
class PageLayer:
    """What a PDF page holds besides its pixels."""

    own_text: str              # the page's text layer, before the stamps are flattened into it
    stamp_text: str            # the text the flattened annotations (signature stamps) added
    image_cover: float         # share of the page its largest image covers
    text_cover: float          # share of the page the boxes of its own characters cover
    image_dpi: float | None    # the resolution of that image, as placed on the page
    blank: bool = False        # nothing drawn on it (no page object, no annotation): nothing to OCR
    loaded: bool = True        # False for a page PDFium cannot load (one a PDF's /Count makes up)


def visible_chars(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def ocr_reason(layer: PageLayer) -> str | None:
    """Why a page must be OCR'd, or None when its text layer is the page's text (or it has none to
    render: a blank page costs no rendering and no tesseract call; a thousand of them, 418 s)."""
    if layer.blank or not layer.loaded:
        return None
    stamped = " with only a signature stamp's text" if layer.stamp_text.strip() else ""
    if visible_chars(layer.own_text) < MIN_OWN_CHARS:
        return f"an image page{stamped}" if layer.image_cover >= IMAGE_FILLS else f"no text layer{stamped}"
    if layer.image_cover >= IMAGE_FILLS and layer.text_cover < TEXT_COVERS_LITTLE:
        return "an image page whose text layer covers little of it"
    if garbled(layer.own_text):
        return "a garbled text layer (a font without a Unicode map, or one that lost letters or marks)"
    return None


_WORD = re.compile(r"[^\W\d_]+")


def garbled(text: str) -> bool:
    """A text layer that is not Vietnamese: letters of other scripts (Cyrillic, Armenian...), or
    words with diacritics most of which are no Vietnamese syllable, or a layer that lost letters
    (a font whose capitals map to nothing: `Sở ài chính`, `iệp hội`, `ghị định`): one marked
    lower-case word in twenty is no word of the lexicon (on the real corpus's digital pages such
    a layer has 9 in a hundred, every other page 2 or fewer).

    >>> garbled("6Ӣ C‘NG 7+ѬѪ1* &Ӝ1* H“A XÃ HӜI CHӪ NGHƬA VIӊT NAM Ĉӝc lұp - Tӵ do - Hҥnh phúc")
    True
    >>> garbled("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc")
    False
    """
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return False
    foreign = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
    if foreign > 0.05 * len(letters):
        return True
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    marked = [w for w in words if not w.isascii()]
    if len(marked) >= 10 and sum(1 for w in marked if not is_syllable(w)) > 0.4 * len(marked):
        return True
    lower = [w for w in marked if len(w) >= 2 and w.islower()]
    known = syllables()
    if len(lower) >= LOST_LETTERS_WORDS and sum(1 for w in lower if w not in known) >= LOST_LETTERS_SHARE * len(lower):
        return True
    return _lost_marks(words)


def _lost_marks(words: list[str]) -> bool:
    """A layer of Vietnamese words that lost every mark, as an old OCR layer under a scan gives it
    (`Thai gian hoan thanh: dSn h~t ngay 09/6/2025`): of 60 words or more, hardly one in twenty
    marked, though most are syllables (the real corpus's digital pages mark a fifth of their words or
    more; an English page's words are mostly no syllable).

    >>> garbled("Thai gian hoan thanh: dSn h~t ngay 09/6/2025. Ban Giam hieu thong bao dSn cac don vi " * 8)
    True
    >>> garbled("Thời gian hoàn thành: đến hết ngày 09/6/2025. Ban Giám hiệu thông báo đến các đơn vị " * 8)
    False
    """
    words = [w for w in words if len(w) >= 2]
    if len(words) < UNMARKED_WORDS:
        return False
    plain = [w for w in words if w.isascii()]
    return len(plain) >= (1 - UNMARKED_SHARE) * len(words) and \
        sum(1 for w in plain if is_syllable(w.lower())) >= UNMARKED_SYLLABLES * len(plain)


LOST_LETTERS_WORDS = 40     # marked lower-case words a page needs before their share is judged
LOST_LETTERS_SHARE = 0.05
UNMARKED_WORDS = 60         # words a page needs before the share of its marked ones is judged
UNMARKED_SHARE = 0.05       # at most this share marked: the layer lost its marks
UNMARKED_SYLLABLES = 0.5    # and at least this share of its plain words Vietnamese syllables (not English)


# ----------------------------------------------------------------------------------------------
# Merging the stamp


def _key(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if c.isalnum())


def merge_stamp(ocr_text: str, stamp_text: str) -> str:
    """The OCR text with each line of the stamp that OCR did not read (most of its words already
    in the OCR text) added at the top, where the stamp sits: the number and day it may carry
    come before the body, as in the header.

    >>> merge_stamp("Số: 22/BTP\\nNội dung", "Người ký: Bộ Tư pháp\\nSố: 22/BTP")
    'Người ký: Bộ Tư pháp\\nSố: 22/BTP\\nNội dung'
    """
    # A stamp line is read when one OCR line, or two running on (a stamp's line wrapped), holds most
    # of its words: words found anywhere do not count, since the day and the zone of `Thời gian ký:
    # 06.10.2025 16:21:03 +07:00` recur in the body while OCR read the stamp's own line as `06.`
    # A line's figures are what it is for (`Thời gian ký: 07/02/2025 17:12:11`): one OCR bent them
    # (`Thời gian ký: 03/02/ 5025 T7: 12:11`) did not read it, however many of its words it holds
    lines = [{_key(word) for word in line.split()} for line in ocr_text.splitlines()]
    windows = [here | after for here, after in zip(lines, [*lines[1:], set()], strict=True)]
    missing = []
    for line in stamp_text.splitlines():
        words = [_key(w) for w in line.split() if _key(w)]
        figures = [w for w in words if any(c.isdigit() for c in w)]
        if words and not any(sum(1 for w in words if w in seen) >= 0.6 * len(words) and all(f in seen for f in figures)
                             for seen in windows):
            missing.append(line.strip())
    return "\n".join([*missing, ocr_text]) if missing else ocr_text


# ----------------------------------------------------------------------------------------------
# OCR


def _render(pdf: Path, page: int, dpi: int, folder: Path, limits: Limits, tools: _Tools) -> Path:
    prefix = folder / f"page-{page}"
    command = [require("pdftoppm", "poppler-utils"), "-r", str(dpi), "-singlefile",   # raw PPM: no PNG to encode
               "-f", str(page), "-l", str(page), str(pdf), str(prefix)]
    done = tools.run(command, limits.ocr_timeout, pdf, f"rendering page {page}")
    if done.returncode != 0:
        raise RuntimeError(f"pdftoppm failed on page {page}: {done.stderr.decode('utf-8', 'replace').strip()[-200:]}")
    return prefix.with_suffix(".ppm")


def _prepare(image: Path, target: Path):
    """Make a page image ready for tesseract as `target` (a raw PGM): gray, with red ink (the seal stamped
    over the signer's post and name, the incoming-document stamp) as light as its red channel,
    so that the black print under a bright seal is read, while dark print on a reddish scan stays
    dark. Returns (no ink left, the gray page as an array: its tables are found on it)."""
    import numpy
    from PIL import Image

    with Image.open(image) as picture:
        pixels = numpy.asarray(picture.convert("RGB"), dtype=numpy.int16)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    gray = (0.299 * red + 0.587 * green + 0.114 * blue).astype(numpy.uint8)
    reddish = red - numpy.maximum(green, blue) > 50
    gray[reddish] = red[reddish]
    height, width = gray.shape
    blank = int((gray < 128).sum()) < INK * width * height
    if not blank:
        Image.fromarray(gray, mode="L").save(target, format="PPM")
    return blank, gray


def _run_tesseract(image: Path, options: list[str], source: Path, limits: Limits, tools: _Tools,
                   what: str) -> subprocess.CompletedProcess:
    command = [require("tesseract", "tesseract-ocr tesseract-ocr-vie"), str(image), "stdout", *options]
    return tools.run(command, limits.ocr_timeout, source, what, env=dict(os.environ, OMP_THREAD_LIMIT="1"))


def _tesseract(image: Path, psm: str, source: Path, limits: Limits, tools: _Tools) -> str:
    done = _run_tesseract(image, ["-l", "vie", "--psm", psm, "tsv"], source, limits, tools, "OCR of one page")
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract failed on {image.name}: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def ocr_image_file(image: Path, source: Path, limits: Limits, tools: _Tools | None = None,
                   notes: list[str] | None = None) -> str:
    """OCR one page image with tesseract's word boxes, read in reading order ('' when blank).
    `image` is left as it is (it may be the user's own file). What was read from handwriting (the
    header's number and day) is said in `notes`."""
    tools = tools or _Tools()
    with tempfile.TemporaryDirectory(prefix="congvan-ocr-") as folder:
        ready = Path(folder) / "page.pgm"
        blank, gray = _prepare(image, ready)
        height, width = gray.shape
        if blank:
            return ""
        tsv = _tesseract(ready, "3", source, limits, tools)
        words = _with_pictures_read(tsv, ready, Path(folder), source, limits, tools)
        words = read_number_in_ink(words, ready, height, Path(folder),
                                   lambda image, psm: _digits(image, psm, source, limits, tools), notes,
                                   lambda image: _letter_boxes(image, source, limits, tools))
        words = read_date_in_ink(words, ready, height, notes, lambda image: _letter_boxes(image, source, limits, tools))
        words = reread_number_digits(words, ready, Path(folder), lambda image: _lines(image, source, limits, tools))
        words = _tables_read(words, gray, Path(folder), source, limits, tools)
    return repair(page_text(words, width, height))


def _tables_read(words: list[Word], gray, folder: Path, source: Path, limits: Limits,
                 tools: _Tools) -> list[Word]:
    """The page's words with its ruled tables written row by row (`ocr_tables`), each table read
    again without its rules. The tables are an extra: a table tesseract fails on leaves the words
    as the page read them."""
    from PIL import Image

    try:
        tables = ruled_tables(gray)
    except (ValueError, MemoryError):
        return words
    readings: dict[int, list[Word]] = {}
    for number, table in enumerate(tables[:MAX_TABLES]):
        crop, (left, top) = without_rules(gray, table)
        image = folder / f"table-{number}.pgm"
        Image.fromarray(crop).save(image, format="PPM")
        try:
            read = words_from_tsv(_tesseract(image, "3", source, limits, tools))
        except (RuntimeError, OSError, TimedOut):
            continue
        readings[number] = [replace(w, left=w.left + left, right=w.right + left, top=w.top + top,
                                    bottom=w.bottom + top) for w in read]
    return with_tables(words, tables, readings)


def _extra_reading(image: Path, options: list[str], source: Path, limits: Limits, tools: _Tools, what: str) -> str:
    """Tesseract's output for `image` in an extra reading of the page ('' where it fails: an extra,
    and a missing model or a crash costs only that)."""
    try:
        done = _run_tesseract(image, options, source, limits, tools, what)
    except (RuntimeError, OSError, TimedOut):
        return ""
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""


def _digits(image: Path, psm: str, source: Path, limits: Limits, tools: _Tools) -> str:
    """Tesseract's reading of `image` as digits only, with its English model (a handwritten number)."""
    return _extra_reading(image, ["-l", "eng", "--psm", psm, "-c", "tessedit_char_whitelist=0123456789"],
                          source, limits, tools, "OCR of a handwritten number")


def _letter_boxes(image: Path, source: Path, limits: Limits, tools: _Tools) -> str:
    """Tesseract's box of each letter of `image` read as one line (its `makebox` output): where a
    number's slash, or a date cue's letters, stand."""
    return _extra_reading(image, ["-l", "vie", "--psm", "7", "makebox"], source, limits, tools, "OCR of a word's letters")


def _lines(image: Path, source: Path, limits: Limits, tools: _Tools) -> str:
    """Tesseract's TSV of `image` read as a block of lines with its English model (document numbers
    read again)."""
    return _extra_reading(image, ["-l", "eng", "--psm", "6", "tsv"], source, limits, tools, "OCR of document numbers")


def _with_pictures_read(tsv: str, page: Path, folder: Path, source: Path, limits: Limits,
                        tools: _Tools) -> list[Word]:
    """The page's words, with those of the blocks tesseract's page segmentation took for pictures
    read again as one block of text. On a signed dispatch such a picture is the seal stamped over
    the signer's post and name (`THỦ TƯỚNG` / `Phạm Minh Chính`): the print is there, the round
    seal around it is what made it a picture. The incoming-document stamp (`CỔNG THÔNG TIN ĐIỆN TỬ
    CHÍNH PHỦ` / `ĐẾN` / a handwritten day) is left as the page read it: read again, its printed
    name (`THÔNG TỦ`) outbid the page's reading and was taken for the type `Thông tư`. Only confident words
    that are Vietnamese syllables, codes or numbers are kept from it, so the seal's rim and the
    signature's strokes add nothing."""
    words = words_from_tsv(tsv)
    pictures = picture_blocks(tsv, {w.block for w in words})
    if not pictures:
        return words
    from PIL import Image

    added: dict[int, list[Word]] = {}
    with Image.open(page) as picture:
        for block, (left, top, right, bottom) in pictures[:MAX_PICTURES]:
            crop = folder / f"picture-{block}.pgm"
            left, top = max(0, left - PICTURE_MARGIN), max(0, top - PICTURE_MARGIN)
            cut = picture.crop((left, top, right + PICTURE_MARGIN, bottom + PICTURE_MARGIN))
            cut.save(crop, format="PPM")
            read = words_from_tsv(_tesseract(crop, "6", source, limits, tools), min_confidence=PICTURE_CONFIDENCE)
            if _letters_read(read) < FEW_LETTERS:   # the seal's ring read over the post: read it without the ring
                cut.point(lambda level: 0 if level < PICTURE_INK else 255).save(crop, format="PPM")
                again = words_from_tsv(_tesseract(crop, "6", source, limits, tools), min_confidence=PICTURE_CONFIDENCE)
                read = again if _letters_read(again) > _letters_read(read) else read
            if any(_INCOMING.fullmatch(w.text.strip(".,:;")) for w in read):
                continue   # the incoming stamp: its printed name and handwritten day are no text of the page
            moved = [replace(w, left=w.left + left, right=w.right + left, top=w.top + top,
                             bottom=w.bottom + top, block=block) for w in read if _plausible_word(w.text)]
            added[block], words = _better_reading(moved, words)
    blocks: dict[int, list[Word]] = {}
    for word in words:
        blocks.setdefault(word.block, []).append(word)
    order = list(blocks)
    for block, read in added.items():
        if read:
            order.insert(_place_of(read, [blocks[b] for b in order]), block)
            blocks[block] = read
    return [w for block in order for w in blocks[block]]


def _better_reading(read: list[Word], words: list[Word]) -> tuple[list[Word], list[Word]]:
    """A picture block's box often takes in print the page's own reading already has (the name
    under the seal): line by line, the reading tesseract was surer of is kept, the other dropped.
    Returns (the picture's lines kept, the page's words left)."""
    kept: list[Word] = []
    for _, group in groupby(read, key=lambda w: (w.paragraph, w.line)):
        line = list(group)
        beneath = [other for other in words if any(_overlap(w, other) for w in line)]
        if not beneath:
            kept.extend(line)
        elif _mean_confidence(line) > _mean_confidence(beneath):
            kept.extend(line)
            words = [other for other in words if other not in beneath]
    return kept, words


def _mean_confidence(words: list[Word]) -> float:
    return sum(w.confidence for w in words) / len(words)


def _place_of(read: list[Word], ordered: list[list[Word]]) -> int:
    """Where a picture block's words go in the page's block order: before the first block that
    begins below them in the same column (the signer's name under the seal), else last."""
    top, left, right = min(w.top for w in read), min(w.left for w in read), max(w.right for w in read)
    for index, own in enumerate(ordered):
        if min(w.top for w in own) > top and min(w.left for w in own) < right and max(w.right for w in own) > left:
            return index
    return len(ordered)


_INCOMING = re.compile(r"Đ[ẾÉỀỂ]N")


def _overlap(word: Word, other: Word) -> bool:
    """Whether `word` lies mostly on `other` (a word the page's own reading already has: a picture
    block's box often takes in a line of print beside the seal)."""
    width = min(word.right, other.right) - max(word.left, other.left)
    height = min(word.bottom, other.bottom) - max(word.top, other.top)
    return width > 0 and height > 0 and width * height > 0.3 * (word.right - word.left) * (word.bottom - word.top)


_CODE_OR_CAPS = re.compile(r"[\w/.-]*\d[\w/.-]*|[A-ZĐ]{2,}[.,]?")   # `9533/VPCP-CN`, `KTTH`


def _letters_read(words: list[Word]) -> int:
    """How many letters and digits of a reading are in words of the genre (syllables, codes)."""
    return sum(len(w.text.strip(_EDGE)) for w in words if _plausible_word(w.text))


def _plausible_word(text: str) -> bool:
    core = text.strip(_EDGE)
    return bool(core) and (is_syllable(core) or _CODE_OR_CAPS.fullmatch(core) is not None)


_EDGE = ".,:;()\"'“”"   # punctuation around a word read


class _Tools:
    """The tool processes of one file's OCR: each in its own process group, all killed when the
    OCR ends early (a page that failed, the file time limit), so none runs on unattended."""

    def __init__(self):
        self.running: set[subprocess.Popen] = set()
        self.lock = threading.Lock()
        self.stopped = False

    def run(self, command: list[str], timeout: float, source: Path, what: str, env=None) -> subprocess.CompletedProcess:
        with self.lock:
            if self.stopped:
                raise RuntimeError("OCR stopped")
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, env=env, process_group=0)
            self.running.add(process)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(process.pid)
            process.communicate()
            raise TimedOut(source, f"{what} took longer than {timeout:.0f} s (raise --ocr-timeout)") from None
        finally:
            with self.lock:
                self.running.discard(process)
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            for process in self.running:
                kill_group(process.pid)


def ocr_pdf_pages(pdf: Path, pages: dict[int, float | None], limits: Limits,
                  failures: dict[int, str] | None = None, notes: dict[int, list[str]] | None = None) -> dict[int, str]:
    """OCR the given 1-based pages of a PDF, each rendered at its scan's resolution (`pages` maps
    a page to its image's dpi, None for a page drawn as vectors); returns page -> text, and puts
    in `notes` what a page's reading took from handwriting.

    A page pdftoppm or tesseract fails on (a crash, a page poppler cannot render, --ocr-timeout)
    is left out of the answer and its error put in `failures`: it costs that page's OCR, not the file."""
    require("tesseract", "tesseract-ocr tesseract-ocr-vie")
    require("pdftoppm", "poppler-utils")
    tools = _Tools()
    with tempfile.TemporaryDirectory(prefix="congvan-ocr-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)

        def one(page: int) -> tuple[int, str | None]:
            native = pages[page]
            dpi = VECTOR_DPI if native is None else round(min(MAX_DPI, max(MIN_DPI, native)))
            try:
                image = _render(pdf, page, dpi, folder, limits, tools)
                try:
                    read: list[str] = []
                    text = ocr_image_file(image, pdf, limits, tools, read)
                    if read and notes is not None:
                        notes[page] = read
                    return page, text
                finally:
                    image.unlink(missing_ok=True)
            except (RuntimeError, TimedOut) as error:   # a page past --ocr-timeout too: that page only
                if failures is not None:
                    failures[page] = getattr(error, "reason", None) or str(error)
                return page, None

        executor = ThreadPoolExecutor(max_workers=max(1, min(limits.ocr_jobs, len(pages))))
        try:
            return {page: text for page, text in executor.map(one, sorted(pages)) if text is not None}
        finally:   # a failed page or the file time limit: stop the others now, not after every page
            executor.shutdown(wait=False, cancel_futures=True)
            tools.stop()


def ocr_image(path: Path, limits: Limits, notes: list[str] | None = None) -> list[str]:
    """OCR an image file (PNG, JPEG, TIFF...); a multi-page TIFF gives one text per page. What was
    read from handwriting is said in `notes`."""
    from PIL import Image, UnidentifiedImageError

    from ..errors import CorruptFile, OCRFailed, TooLarge

    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            if frames > limits.max_pages:
                raise TooLarge(path, f"too many pages: {frames} frames, limit {limits.max_pages} (raise --max-pages)")
            if frames == 1:
                return [ocr_image_file(path, path, limits, notes=notes)]
            texts = []
            with tempfile.TemporaryDirectory(prefix="congvan-ocr-") as folder:
                for index in range(frames):
                    image.seek(index)
                    frame = Path(folder) / f"frame-{index}.png"
                    image.convert("RGB").save(frame)
                    read: list[str] = []
                    texts.append(ocr_image_file(frame, path, limits, notes=read))
                    if notes is not None:
                        notes.extend(f"page {index + 1}: {note}" for note in read)
            return texts
    except RuntimeError as error:   # tesseract failed: an image holds nothing else to read
        raise OCRFailed(path, f"OCR failed: {error}") from None
    except Image.DecompressionBombError as error:   # a header declaring billions of pixels: not opened
        raise TooLarge(path, f"too large an image: {error}") from None
    except (UnidentifiedImageError, OSError) as error:
        raise CorruptFile(path, f"corrupt image ({error})") from None
