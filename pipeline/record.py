"""Stage 2's product: the extraction record of `../shared/eval/FORMAT.md`, built from a `Text`.

Each extractor is a plain function of the text (and of the header, for context); this module
only runs them in order and lays their results out as JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .extract.effects import entry_into_force, extract_effects
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
    effects: dict = field(default_factory=dict)      # reference key -> Effect (issue 18)
    effective: object = None                        # the document's own EntryIntoForce, or None


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
    own = entry_into_force(text, document)
    effects = extract_effects(text, references, document, own)
    return Extraction(text, header, references, deadlines, targets, effects, own)


_NO_EFFECT = {"effect": None, "scope": None, "effective": None}


def _reference_json(reference, effects: dict) -> dict:
    """A reference with what this document does to it (FORMAT.md `effect`, `scope`, `effective`)."""
    found = effects.get(reference.key)
    if found is None:
        return {**reference.to_json(), **_NO_EFFECT}
    # the clause that states the effect: the evidence a status shows (`congvan status`)
    return {**reference.to_json(), **found.to_json(), "effect_evidence": " ".join(found.text.split())[:500]}


def to_record(text: Text | Extraction) -> dict:
    """The JSON record for one document (FORMAT.md v1), with the reader's facts under `text`."""
    found = text if isinstance(text, Extraction) else extract(text)
    return {
        "source": printable(found.text.source),   # JSON, SQLite and HTML take no undecodable name
        "name": Path(printable(found.text.source)).name,
        "document": {**found.header.to_json(), "effective": found.effective.date if found.effective else None},
        "references": [_reference_json(r, found.effects) for r in found.references],
        "deadlines": [d.to_json() for d in found.deadlines],
        "targets": [t.to_json() for t in found.targets],
        "text": text_facts(found.text),
    }
