"""Stage 2's product: the extraction record of `../shared/eval/FORMAT.md`, built from a `Text`.

Each extractor is a plain function of the text (and of the header, for context); this module
only runs them in order and lays their results out as JSON. It is the composition root of the
extractors: what they need from higher floors comes in as arguments from here, never as an
import of theirs (`pipeline.extract` imports neither `nlp` nor `calendar`):

    actor_orgs(text) -> [(start, end)] ORG spans for the deadlines' actor fallback: by rule, or the
                                       trained NER's when `CONGVAN_NER=model`
    working_days(day, n) -> day        `n` working days after `day` (Vietnamese holidays)
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .calendar import add_working_days
from .extract.deadlines import extract_deadlines
from .extract.deadlines_roles import audience
from .extract.effects import EntryIntoForce, entry_into_force, extract_effects
from .extract.header import Header, extract_header
from .extract.references import extract_references
from .extract.targets import extract_targets
from .paths import printable
from .read.text import Text

Ner = Callable[[str], list[tuple[int, int]]]
Workdays = Callable[[dt.date, int], dt.date]


def rule_orgs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the bodies the naming rules find in `text` (`pipeline.nlp.weak_labels`: a head
    of `data/bodies.json` with its capitalised name and place). Pure regular expressions: no model."""
    from .nlp.weak_labels import find_entities

    return [(e.start, e.end) for e in find_entities(text) if e.label == "ORG"]


def ner_orgs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the ORG entities the trained NER (`models/congvan_vi`) finds in `text`; [] when
    `CONGVAN_NER=0` (read at each call), when spaCy is not installed and when there is no trained
    model; the model loads once, on first need."""
    if os.environ.get("CONGVAN_NER") == "0":
        return []
    try:
        from .nlp import org_spans
    except ImportError:  # spaCy missing: the rules alone
        return []
    return org_spans(text)


def actor_orgs(text: str) -> list[tuple[int, int]]:
    """The ORG spans a deadline's actor falls back on where no rule of the deadline grammar names one.
    By rule unless `CONGVAN_NER` asks for the trained NER (`model` or `1`) or for none (`0`); read at
    each call. The rules give the same actors on the project's gold and cost no spaCy import and no
    model (the figures are in README.md, beside `CONGVAN_NER`)."""
    wanted = os.environ.get("CONGVAN_NER", "rules")
    if wanted == "0":
        return []
    if wanted in ("1", "model"):
        return ner_orgs(text)
    return rule_orgs(text)


def working_days(day: dt.date, days: int) -> dt.date:
    """`day` plus `days` working days on the default holiday calendar (`trong thời hạn 05 ngày làm việc`)."""
    return add_working_days(day, days)



# A plan or a guide assigns its own issuer whatever task it gives to no one else.
SELF_EXECUTING = ("Kế hoạch", "Hướng dẫn")
# Letters that ask their addressees to act (a tờ trình's or a report's addressee approves or reads)
ASKING = ("Công văn", "Thông báo", "Công điện")


def deadlines(text: Text | str, received: str | dt.date | None = None, *, ner: Ner | None = actor_orgs,
              workdays: Workdays | None = working_days, own_actor: str | None = None, issuer: str | None = None,
              addressees: str | None = None) -> list:
    """`extract_deadlines` with what it is given from here: the NER for the actor fallback (None: the
    rules alone) and the working days that resolve `trong N ngày làm việc kể từ ngày nhận` against
    `received` (None: such a deadline keeps how it counts, unresolved).

    >>> [d.date for d in deadlines("Các sở gửi báo cáo trước ngày 15/3/2025.", ner=None)]
    ['2025-03-15']
    """
    return extract_deadlines(text, received=received, ner=ner, workdays=workdays, own_actor=own_actor, issuer=issuer,
                             addressees=addressees)


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
    header: Header
    references: tuple
    deadlines: tuple
    targets: tuple
    effects: dict = field(default_factory=dict)      # reference key -> Effect (issue 18)
    effective: EntryIntoForce | None = None         # the document's own entry into force, or None


def extract(text: Text, *, ner: Ner | None = actor_orgs, workdays: Workdays | None = working_days) -> Extraction:
    """Run the extractors in order: the header first, since the others read their context from it.
    `ner` and `workdays` go to the deadlines (see `deadlines`); the defaults are congvan's own."""
    header = extract_header(text)
    document = header.to_json()
    references = tuple(extract_references(text, document))
    received = (document.get("received") or {}).get("date")
    own = document.get("issuer") if document.get("type") in SELF_EXECUTING else None
    addressees = None
    if document.get("type") in ASKING:   # those a letter is sent to; a notice to no one, whom it concerns
        addressees = ", ".join(document.get("recipients") or ()) or audience(text.text)
    found = tuple(deadlines(text, received, ner=ner, workdays=workdays, own_actor=own, issuer=document.get("issuer"),
                            addressees=addressees))
    targets = tuple(extract_targets(text))
    own = entry_into_force(text, document)
    effects = extract_effects(text, references, document, own)
    return Extraction(text, header, references, found, targets, effects, own)


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
