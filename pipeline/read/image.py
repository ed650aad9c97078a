"""Scans sent as images (PNG, JPEG, TIFF): OCR'd page by page."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from .base import Extracted, Reader
from .limits import Limits
from .ocr import ocr_available
from .pages import join_pages
from .scan import ocr_image


class ImageReader(Reader):
    formats = ("image",)

    def read(self, path: Path, limits: Limits) -> Extracted:
        if not limits.ocr:
            raise ReadError(path, "an image scan, and OCR is off (--no-ocr)")
        if not ocr_available():
            raise ReadError(path, "an image scan, and tesseract is not installed (make setup)")
        handwriting: list[str] = []
        texts = ocr_image(path, limits, handwriting)
        extracted = join_pages(texts, ocr_pages=list(range(1, len(texts) + 1)))
        extracted.notes.extend(handwriting)
        return extracted
