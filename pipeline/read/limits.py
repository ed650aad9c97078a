"""Limits that guard the readers against huge and hostile files; every one can be raised by a flag."""
from __future__ import annotations

import os
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200 * MB          # size of the file on disk
    max_pages: int = 1000              # PDF pages (and OCR'd images)
    max_unzipped: int = 256 * MB       # uncompressed size of a DOCX's parts: refuses zip bombs unopened
    convert_timeout: float = 180.0     # seconds for LibreOffice to turn a DOC into DOCX
    convert_memory: int = 4096 * MB    # address space LibreOffice may map (a crafted ODT once took 9 GB)
    ocr_timeout: float = 180.0         # seconds for tesseract on one page
    ocr: bool = True                   # OCR pages without a usable text layer, and images
    ocr_dpi: int = 300
    ocr_jobs: int = max(1, os.cpu_count() or 1)   # tesseract processes at once for one file
