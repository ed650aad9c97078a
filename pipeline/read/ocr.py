"""The OCR tools congvan runs (tesseract with its Vietnamese model, poppler's pdftoppm): whether
they are installed, and their path. How pages are OCR'd is `scan.py`'s business."""
from __future__ import annotations

import shutil

from ..errors import ToolMissing


def require(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise ToolMissing(tool, package)
    return found


def ocr_available() -> bool:
    return bool(shutil.which("tesseract") and shutil.which("pdftoppm"))
