"""Stage 1, read: any file a secretariat or an archive holds → one normalised `Text`.

The format comes from the bytes (`sniff`), one `Reader` per format does the extraction, and the
normalisation, page map and blocks are the same for all.

>>> from pipeline import read
>>> text = read("corpora/seeds/004_1f0ab3f4da2a20c2.txt")   # doctest: +SKIP
>>> text.text[:20]                                            # doctest: +SKIP
'VĂN BẢN ĐẾN ĐIỆN TỬ\\n'
"""
from __future__ import annotations

import bisect
import importlib
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..errors import CorruptFile, EmptyFile, ReadError, TooLarge
from .base import Extracted, Reader
from .layout import find_blocks
from .limits import Limits
from .normalize import normalize
from .sniff import sniff
from .text import Block, Text

# Each format's reader, by its module and class. A reader's module is imported with the first file
# of its format: the PDF and image readers bring the OCR stage with them (tesseract's helpers, the
# table finder, the ink digits), which a run over text files never needs at start-up.
READER_CLASSES: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "PDFReader"), "docx": ("docx", "DOCXReader"), "doc": ("office", "OfficeReader"),
    "rtf": ("office", "OfficeReader"), "odt": ("office", "OfficeReader"), "image": ("image", "ImageReader"),
    "text": ("plain", "TextReader"), "html": ("plain", "HTMLReader"),
}


class _Readers(Mapping[str, Reader]):
    """format -> its `Reader`, made on first use (one object per class, as before)."""

    def __init__(self) -> None:
        self._made: dict[str, Reader] = {}

    def __getitem__(self, fmt: str) -> Reader:
        reader = self._made.get(fmt)
        if reader is None:
            module, name = READER_CLASSES[fmt]
            kind = getattr(importlib.import_module(f".{module}", __name__), name)
            reader = next((r for r in self._made.values() if type(r) is kind), None) or kind()
            self._made[fmt] = reader
        return reader

    def __iter__(self) -> Iterator[str]:
        return iter(READER_CLASSES)

    def __len__(self) -> int:
        return len(READER_CLASSES)


READERS: Mapping[str, Reader] = _Readers()
SNIFF_BYTES = 8192

__all__ = ["Block", "Limits", "Text", "read", "sniff_file", "READERS"]


def sniff_file(path: Path) -> str:
    with open(path, "rb") as handle:
        return sniff(path, handle.read(SNIFF_BYTES))


def read(path: str | os.PathLike, limits: Limits | None = None) -> Text:
    """Read one file into a `Text`; raise a `ReadError` subclass (with the reason) for bad input."""
    limits = limits or Limits()
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except OSError as error:
        raise ReadError(path, f"cannot open: {error.strerror or error}") from None
    if path.is_dir():
        raise ReadError(path, "a folder, not a file")
    if size == 0:
        raise EmptyFile(path, "empty file (0 bytes)")
    if size > limits.max_bytes:
        raise TooLarge(path, f"too large: {size / 2**20:,.1f} MB, limit {limits.max_bytes / 2**20:,.0f} MB (raise --max-size)")
    fmt = sniff_file(path)
    try:
        extracted = READERS[fmt].read(path, limits)
    except CorruptFile as error:
        if fmt != "pdf":
            raise
        fmt, extracted = "text", _text_not_pdf(path, limits, error)
    except ReadError:
        raise
    except (MemoryError, RecursionError) as error:
        raise CorruptFile(path, f"{fmt} too complex to read ({type(error).__name__})") from None
    return finish(path, fmt, extracted)


# A PDF object header (`12 0 obj`), bounded so that a run of digits costs no backtracking.
_PDF_OBJECT = re.compile(rb"\d{1,10}[ \t\r\n]{1,8}\d{1,5}[ \t\r\n]{1,8}obj\b")


def _text_not_pdf(path: Path, limits: Limits, error: CorruptFile) -> Extracted:
    """A text that mentions `%PDF-` near its start (a note about PDF versions) is sniffed as a PDF
    and fails as one: read it as the text it is. A broken real PDF (its objects are there, or its
    bytes are no text) keeps the PDF reader's reason."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES * 128)
    if _PDF_OBJECT.search(head):
        raise error
    try:
        return READERS["text"].read(path, limits)
    except ReadError:
        raise error from None


def finish(path: Path, fmt: str, extracted: Extracted) -> Text:
    """Normalise a reader's raw result and lay out its pages and blocks."""
    text, offsets = normalize(extracted.raw, markdown=extracted.markdown, drop=extracted.drop)
    if not text.strip():
        raise EmptyFile(path, f"empty: the {fmt} holds no text")
    pages = tuple(
        (bisect.bisect_left(offsets, start, 0, len(text)), bisect.bisect_left(offsets, end, 0, len(text)))
        for start, end in extracted.pages
    )
    return Text(
        source=str(path),
        format=fmt,
        text=text,
        raw=extracted.raw,
        raw_offsets=offsets,
        pages=pages,
        blocks=find_blocks(text),
        ocr_pages=tuple(extracted.ocr_pages),
        encoding=extracted.encoding,
        warnings=tuple(extracted.warnings),
        notes=tuple(extracted.notes),
    )
