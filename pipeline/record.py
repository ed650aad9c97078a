"""Stage 2's product: the extraction record of `../shared/eval/FORMAT.md`, built from a `Text`.

Each extractor is a plain function of the text (and of the header, for context); this module
only runs them in order and lays their results out as JSON.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .extract.header import extract_header
from .extract.references import extract_references
from .paths import printable
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
        "notes": list(text.notes),
    }


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one text, as the extractors' own objects (with offsets)."""

    text: Text
    header: object
    references: tuple
    deadlines: tuple
    targets: tuple


def extract(text: Text) -> Extraction:
    """Run the extractors in order: the header first, since the others read their context from it."""
    header = extract_header(text)
    document = header.to_json()
    references = tuple(extract_references(text, document))
    deadlines: tuple = ()
    targets: tuple = ()
    try:  # issue 5's extractors, once they are installed
        from .extract.deadlines import extract_deadlines
        from .extract.targets import extract_targets
    except ImportError:
        pass
    else:
        received = (document.get("received") or {}).get("date")
        deadlines = tuple(extract_deadlines(text, received=received))
        targets = tuple(extract_targets(text))
    return Extraction(text, header, references, deadlines, targets)


def to_record(text: Text | Extraction) -> dict:
    """The JSON record for one document (FORMAT.md v1), with the reader's facts under `text`."""
    found = text if isinstance(text, Extraction) else extract(text)
    return {
        "source": printable(found.text.source),   # JSON, SQLite and HTML take no undecodable name
        "name": Path(printable(found.text.source)).name,
        "document": found.header.to_json(),
        "references": [r.to_json() for r in found.references],
        "deadlines": [d.to_json() for d in found.deadlines],
        "targets": [t.to_json() for t in found.targets],
        "text": text_facts(found.text),
    }
