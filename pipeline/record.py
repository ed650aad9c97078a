"""Stage 2's product: the extraction record of `../shared/eval/FORMAT.md`, built from a `Text`."""
from __future__ import annotations

from pathlib import Path

from .read.text import Text


def text_facts(text: Text) -> dict:
    """What the reader knows: format, pages, OCR, encoding, blocks, size."""
    return {
        "format": text.format,
        "chars": len(text.text),
        "pages": len(text.pages) or None,
        "ocr_pages": list(text.ocr_pages),
        "encoding": text.encoding,
        "blocks": [{"kind": b.kind, "start": b.start, "end": b.end} for b in text.blocks],
        "warnings": list(text.warnings),
    }


def to_record(text: Text) -> dict:
    """The JSON record for one document (FORMAT.md v1), with the reader's facts under `text`."""
    return {
        "source": text.source,
        "name": Path(text.source).name,
        "document": None,
        "references": [],
        "deadlines": [],
        "targets": [],
        "text": text_facts(text),
    }
