"""PDF: the text layer through pypdfium2, OCR for pages without a usable one.

pypdfium2 is ~40x faster than pdfminer and reads the ActualText that LibreOffice writes for
stacked Vietnamese accents. Pages with annotations are flattened first, because e-office
signing software stamps the number and day (`Số: 565/TB-UBND`) as an annotation: read what a
person sees on the page.
"""
from __future__ import annotations

import difflib
import re
import statistics
import unicodedata
from pathlib import Path

from ..errors import CorruptFile, EncryptedFile, OCRFailed, ReadError, TooLarge
from .base import Extracted, Reader
from .limits import Limits
from .ocr import ocr_available
from .pages import join_pages
from .pdf_tables import might_hold_a_table, tabled
from .scan import IMAGE_FILLS, MIN_OWN_CHARS, PageLayer, merge_stamp, ocr_pdf_pages, ocr_reason, visible_chars

MIN_CHARS = 40          # fewer visible characters than this and a page counts as a scan
MIN_CLEAN_RATIO = 0.85  # share of letters/digits/punctuation below which a text layer is garbage
MAX_STAMP_WORK = 5_000_000  # stamp runs x page characters compared when placing stamps (hostile pages)
# Twelve letters or more with no space: longer than any Vietnamese syllable (`nghiêng` has seven),
# so either words whose spaces PDFium dropped or a long foreign word.
_GLUED = re.compile(r"[^\W\d_](?:[^\W\d_]|[,.-](?=[^\W\d_])){11,}")
WORD_GAP = 0.1    # a gap this much of the letters' height wider than the run's usual one parts two words
MAX_GLUED_RUNS = 200   # runs measured on one page (a page of foreign words: the rest left as they are)


def usable(text: str) -> bool:
    """Whether a page's text layer is worth keeping rather than OCR'ing the page."""
    visible = [c for c in text if not c.isspace()]
    if len(visible) < MIN_CHARS:
        return False
    clean = sum(1 for c in visible if unicodedata.category(c)[0] in "LNP" and c != "\ufffd")
    return clean / len(visible) >= MIN_CLEAN_RATIO


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise EncryptedFile(path, "encrypted: the PDF needs a password to open") from None
        if "format" in message.lower() or "file" in message.lower():
            raise CorruptFile(path, f"corrupt or truncated PDF ({message})") from None
        raise CorruptFile(path, f"unreadable PDF ({message})") from None
    document.init_forms()  # form fields must be loaded before pages, or flatten() loses them
    return document


def _chars(textpage, start: int, end: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    return [(textpage.get_text_range(i, 1), textpage.get_charbox(i)) for i in range(start, end)]


def _respaced(textpage, base: str) -> dict[str, str]:
    """Glued runs of the page's text (`SỞVĂNHÓA,THỂTHAOVÀDULỊCH`) with their spaces put back.

    A header set in condensed capitals places each letter by hand, the next one inside the space's
    width; PDFium then drops the space, and the issuer read as one word. The letters' own advances
    tell the words apart: inside a word each letter starts where the one before it ends (less the
    condensing), between words a space's width further on. Only runs with a Vietnamese letter are
    measured (an English word of twelve letters is a word)."""
    found: dict[str, str] = {}
    measured: set[str] = set()   # a run printed twice is measured once
    for match in _GLUED.finditer(base):
        run = match.group()
        if run.isascii() or run in measured:
            continue
        if len(measured) >= MAX_GLUED_RUNS:
            break
        measured.add(run)
        boxes = [textpage.get_charbox(i, loose=True) for i in range(match.start(), match.end())]
        height = statistics.median(top - bottom for _, bottom, _, top in boxes)
        gaps = [right[0] - left[2] for left, right in zip(boxes, boxes[1:], strict=False)]
        usual = statistics.median(gaps)
        parts, start = [], 0
        for index, (gap, left, right) in enumerate(zip(gaps, boxes, boxes[1:], strict=False), 1):
            if gap - usual > WORD_GAP * height and abs(right[1] - left[1]) < height / 2:
                parts.append(run[start:index])
                start = index
        if parts:
            found[run] = " ".join([*parts, run[start:]])
    return found


def _spaced(text: str, respaced: dict[str, str]) -> str:
    for run, spaced in respaced.items():
        text = text.replace(run, spaced)
    return text


def _stamp_runs(stamped):
    """Group the characters a flattening added into runs, one per line of the stamp."""
    runs: list[list[tuple[str, tuple[float, float, float, float]]]] = []
    current: list[tuple[str, tuple[float, float, float, float]]] = []
    height = 0.0
    for char, box in stamped:
        previous = current[-1][1] if current else None
        new_line = previous is not None and any(box) and any(previous) and (
            abs(box[1] - previous[1]) > 2 or box[0] - previous[2] > 2 * height  # next line, or a jump right
        )
        if char in "\r\n" or new_line:
            if current:
                runs.append(current)
            current, height = [], 0.0
            if char in "\r\n":
                continue
        current.append((char, box))
        # the tallest glyph of the run so far: a space's box has no height, and measured on it every
        # next word was a "jump right", a run of its own, and the stamp came out as shuffled words
        height = max(height, box[3] - box[1])
    if current:
        runs.append(current)
    return [run for run in runs if "".join(c for c, _ in run).strip()]


def _merge_stamps(base: str, base_boxes, runs) -> str:
    """Insert each stamp run after the character left of it on the same line (`Số: 565 /TB-UBND`)."""
    if len(runs) * len(base_boxes) > MAX_STAMP_WORK:   # a page of stamps: their lines at the end, unplaced
        return base + "\n" + "\n".join("".join(c for c, _ in run) for run in runs)
    insertions, unplaced = [], []
    for run in runs:
        box = next(box for _, box in run if any(box))
        best = _stamp_anchor(base_boxes, box)
        text = "".join(c for c, _ in run).strip()
        if best is None:   # on no line of the page (a stamp in the margin): a line of its own, at the end
            unplaced.append(text)
        else:
            insertions.append((best + 1, text))
    out, last = [], 0
    for position, text in sorted(insertions, key=lambda insertion: insertion[0]):   # stable: runs stay in order
        out.append(base[last:position])
        pad_left = "" if position == 0 or base[position - 1].isspace() else " "
        pad_right = "" if position < len(base) and base[position].isspace() else " "
        out.append(pad_left + text + pad_right)
        last = position
    out.append(base[last:])
    return "\n".join(["".join(out), *unplaced])


def _stamp_anchor(base_boxes, stamp) -> int | None:
    """The index of the page character a stamp run goes after: the rightmost one left of it on its
    line; failing that, on the nearest line within the stamp's height (e-office software types the
    number a few points above the `Số:` line's baseline: `12094` over `Số: /BNV-CCHC`)."""
    left, bottom, _, top = stamp
    height = max(top - bottom, 0.5)
    best, best_right, near, near_key = None, None, None, None
    for index, box in enumerate(base_boxes):
        if not any(box) or box[0] > left + 1:
            continue
        overlap = min(top, box[3]) - max(bottom, box[1])
        if overlap > 0.3 * height and (best_right is None or box[2] > best_right):
            best, best_right = index, box[2]
        gap = max(0.0, -overlap)   # vertical space between the stamp and the character
        key = (round(gap / height), -box[2])   # the nearest line, then its rightmost character
        if gap <= height and (near_key is None or key < near_key):
            near, near_key = index, key
    return best if best is not None else near


def _images(page) -> tuple[float, float | None]:
    """(share of the page its largest image covers, that image's resolution in dpi as placed)."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    best, dpi = 0.0, None
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = image.get_bounds()
        area = max(0.0, right - left) * max(0.0, top - bottom)
        if area > best:
            best = area
            pixels = image.get_px_size()[0]
            dpi = pixels / ((right - left) / 72) if right > left and pixels else None
    return (best / (width * height) if width and height else 0.0), dpi


def _text_cover(boxes, page_area: float) -> float:
    """Share of the page that these character boxes cover."""
    area = sum(max(0.0, right - left) * max(0.0, top - bottom) for left, bottom, right, top in boxes)
    return area / page_area if page_area else 0.0


def _page_layer(document, index: int) -> tuple[str, PageLayer]:
    """The page's text as a person sees it (its text layer with the stamps merged in), and what
    the page holds, to decide whether it needs OCR."""
    import pypdfium2.raw as pdfium_c

    page = document[index]
    width, height = page.get_size()
    image_cover, image_dpi = _images(page)
    annotations = pdfium_c.FPDFPage_GetAnnotCount(page.raw)
    textpage = page.get_textpage()
    try:
        base = textpage.get_text_range()
        count = textpage.count_chars()
        # character boxes cost a call each: read them only where they decide (an image page) or serve
        # (placing a stamp), and once
        wanted = count if annotations and len(base) == count else 0
        boxes = [textpage.get_charbox(i) for i in range(wanted)] if wanted else None
        if image_cover < IMAGE_FILLS:
            cover = 0.0   # not a scan, whatever its text covers: the cover is never looked at
        elif boxes is not None:
            cover = _text_cover(boxes[:4000], width * height)
        else:
            cover = _text_cover([textpage.get_charbox(i) for i in range(min(count, 4000))], width * height)
        order = _top_first(textpage, base) if len(base) == count else None
        respaced = _respaced(textpage, base) if len(base) == count else {}
        if len(base) == count and image_cover < IMAGE_FILLS and might_hold_a_table(base):
            found = tabled(page, base, boxes or [textpage.get_charbox(i) for i in range(count)])
            if found is not None:   # the page's tables row by row (their lines no longer the page's own)
                base, boxes = found[0], found[1] if boxes is not None else None
                order = None
    finally:
        textpage.close()
    blank = annotations == 0 and pdfium_c.FPDFPage_CountObjects(page.raw) == 0
    stamps: list[list[tuple[str, tuple[float, float, float, float]]]] = []
    if annotations > 0:
        stamps = _stamps(document, index, page, count, base)
    else:
        page.close()
    if order is not None:
        base, boxes = _in_order(base, boxes, order)
    layer = PageLayer(base, "\n".join("".join(c for c, _ in run) for run in stamps), image_cover, cover, image_dpi,
                      blank=blank)
    if not stamps:
        return _spaced(base, respaced), layer
    if boxes is None:
        return _spaced(base, respaced) + "\n" + layer.stamp_text, layer
    return _spaced(_merge_stamps(base, boxes, stamps), respaced), layer


def _top_first(textpage, base: str) -> list[tuple[int, int]] | None:
    """The page's lines as spans of `base`, those drawn above its first line moved before it; None
    when there are none (nearly every page). Some signing tools (Aspose's eSignature) write a letter's
    body first and its header table last: PDFium gives the text in drawing order, and the header
    (issuer, number, date, subject) came out after the signature, where nothing looks for it."""
    first_top = None
    raised: list[tuple[int, int]] = []
    rest: list[tuple[int, int]] = []
    group = rest
    start = 0
    while start < len(base):
        end = base.find("\n", start)
        end = len(base) if end < 0 else end + 1
        line = base[start:end]
        lead = len(line) - len(line.lstrip())
        if lead < len(line):   # a blank line stays with the line before it
            _, bottom, _, top = textpage.get_charbox(start + lead)
            if first_top is None:
                first_top = top
            group = raised if first_top < bottom < top else rest
        group.append((start, end))
        start = end
    return raised + rest if raised else None


def _in_order(base: str, boxes: list | None, order: list[tuple[int, int]]) -> tuple[str, list | None]:
    """`base` (and its character boxes) with its lines in `order`; each line ends with a line break."""
    text: list[str] = []
    moved: list | None = [] if boxes is not None else None
    for a, b in order:
        text.append(base[a:b] if base[a:b].endswith("\n") else base[a:b] + "\r\n")
        if moved is not None and boxes is not None:
            moved.extend(boxes[a:b])
            moved.extend([(0.0, 0.0, 0.0, 0.0)] * (len(text[-1]) - (b - a)))
    return "".join(text), moved


def _flatten(page) -> None:
    """Flatten the page's annotations into its content.

    pypdfium2's `page.flatten` insists on a form environment, which `init_forms` creates only for a
    PDF with an AcroForm; the signature stamps of PDFs without one (every `congbao_*` PDF: `page
    1: text layer unreadable (page.flatten() requires prior pdf.init_forms()...)`) are widgets
    PDFium flattens all the same, so those go to PDFium directly."""
    import pypdfium2.raw as pdfium_c

    if page.formenv:
        page.flatten(flag=pdfium_c.FLAT_NORMALDISPLAY)
    elif pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) == pdfium_c.FLATTEN_FAIL:
        raise RuntimeError("PDFium could not flatten the page's annotations")


def _stamps(document, index: int, page, count: int, base: str) -> list:
    """The runs of characters that flattening the page's annotations (signature stamps that print
    the number and the day) adds to its text layer. Flattening is an extra: when PDFium refuses
    it, the page keeps its own text layer and no stamp."""
    try:
        _flatten(page)
    except Exception:   # PDFium refused: the page keeps its own text layer
        return []
    finally:
        page.close()
    page = document[index]  # flattening invalidates the page handle; the stamps are now in the content
    textpage = page.get_textpage()
    try:
        if textpage.count_chars() <= count:
            return []
        added: list[tuple[str, tuple[float, float, float, float]]] = []
        for start, end in _added(base, textpage.get_text_range()):
            added.extend(_chars(textpage, start, end) + [("\n", (0.0, 0.0, 0.0, 0.0))])
        return _stamp_runs(added)
    finally:
        textpage.close()
        page.close()


def _added(base: str, flattened: str) -> list[tuple[int, int]]:
    """The spans of `flattened` (the page's text after its stamps were flattened into it) that are
    not in `base`. PDFium mostly puts a stamp's text after the page's own, but not always: on a
    page drawn body first and header last, `3858` and `29` came in before `Lâm Đồng, ngày`, and
    taking the last characters as the stamp read the page's own `2 năm 2025` as one."""
    if flattened.startswith(base):
        return [(len(base), len(flattened))]
    if len(base) * len(flattened) > MAX_STAMP_WORK * 20:   # a hostile page: the tail, as before
        return [(len(base), len(flattened))] if len(flattened) > len(base) else []
    matcher = difflib.SequenceMatcher(None, base, flattened, autojunk=False)
    return [(j1, j2) for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("insert", "replace")]


def _pages_list(numbers: list[int]) -> str:
    """`1-3, 5`: page numbers as ranges."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


class PDFReader(Reader):
    formats = ("pdf",)

    def read(self, path: Path, limits: Limits) -> Extracted:
        texts, layers, warnings = self._layers(path, limits)
        reasons = {number: why for number, layer in enumerate(layers, 1) if (why := ocr_reason(layer))}
        for number, text in enumerate(texts, 1):   # a text layer that reads as nothing useful
            layer = layers[number - 1]
            if number not in reasons and layer.loaded and not layer.blank and not usable(text):
                reasons[number] = "an unusable text layer"
        notes: list[str] = []
        blank = [number for number, layer in enumerate(layers, 1) if layer.blank]
        if blank:
            notes.append(f"page(s) {_pages_list(blank)}: blank, not OCR'd")
        ocr_pages: list[int] = []
        if reasons and limits.ocr and ocr_available():
            failures: dict[int, str] = {}
            handwriting: dict[int, list[str]] = {}
            found = ocr_pdf_pages(path, {n: layers[n - 1].image_dpi for n in reasons}, limits, failures, handwriting)
            if failures:   # those pages keep their text layer, if any
                failed = sorted(failures)
                warnings.append(f"page(s) {_pages_list(failed)}: OCR failed ({failures[failed[0]]})")
                if len(failed) == len(texts) and not any(t.strip() for t in texts):
                    raise OCRFailed(path, f"OCR failed on every page of a scanned PDF ({failures[failed[0]]})")
            for number, text in found.items():
                layer = layers[number - 1]
                # the stamp's words: flattened from an annotation, or burnt into the scan's text layer
                burnt = layer.own_text if reasons[number].startswith("an image page") else ""
                kept = burnt + "\n" + layer.stamp_text
                if kept.strip():
                    text = merge_stamp(text, kept)
                if text.strip() or not texts[number - 1].strip() or visible_chars(layer.own_text) < MIN_OWN_CHARS:
                    texts[number - 1] = text
                    ocr_pages.append(number)
            notes.extend(_ocr_notes(reasons, sorted(ocr_pages)))
            notes.extend(f"page {number}: {note}" for number in sorted(handwriting) if number in ocr_pages
                         for note in handwriting[number])
        elif reasons:
            why = "OCR is off (--no-ocr)" if not limits.ocr else "tesseract/pdftoppm are not installed (make setup)"
            pages = sorted(reasons)
            warnings.append(f"needs OCR: page(s) {_pages_list(pages)} ({reasons[pages[0]]}) were not OCR'd: {why}")
            if len(pages) == len(texts) and not any(t.strip() for t in texts):
                raise ReadError(path, f"needs OCR: a scanned PDF with no text layer, and {why}")
        extracted = join_pages(texts, ocr_pages=sorted(ocr_pages))
        extracted.warnings.extend(warnings)
        extracted.notes.extend(notes)
        return extracted

    def _layers(self, path: Path, limits: Limits) -> tuple[list[str], list[PageLayer], list[str]]:
        document = _open(path)
        try:
            count = len(document)
            if count == 0:
                raise CorruptFile(path, "corrupt PDF: it has no pages")
            if count > limits.max_pages:
                raise TooLarge(path, f"too many pages: {count}, limit {limits.max_pages} (raise --max-pages)")
            texts: list[str] = []
            layers: list[PageLayer] = []
            broken: list[tuple[int, str]] = []
            for index in range(count):
                try:
                    text, layer = _page_layer(document, index)
                except ReadError:
                    raise
                except Exception as error:  # one broken page must not lose the others
                    text, layer = "", PageLayer("", "", 0.0, 0.0, None, loaded=False)
                    broken.append((index + 1, str(error)))
                texts.append(text)
                layers.append(layer)
        finally:
            document.close()
        warnings = []
        if broken:   # one line, however many pages (a PDF declaring /Count 999 breaks on every missing one)
            numbers = [n for n, _ in broken]
            warnings.append(f"page(s) {_pages_list(numbers)}: unreadable, not OCR'd ({broken[0][1]})")
        return texts, layers, warnings


def _ocr_notes(reasons: dict[int, str], done: list[int]) -> list[str]:
    by_reason: dict[str, list[int]] = {}
    for number in done:
        by_reason.setdefault(reasons[number], []).append(number)
    return [f"OCR on page(s) {_pages_list(numbers)}: {why}" for why, numbers in by_reason.items()]
