"""spaCy components that carry congvan's extractors: each runs a plain function on `doc.text` and
writes what it finds to `doc.spans[key]`.

| factory                 | writes                       | `span.label_`           | `span._.key`                     |
| ----------------------- | ---------------------------- | ----------------------- | -------------------------------- |
| `congvan_references`    | `doc.spans["references"]`    | the type (`Chỉ thị`)    | the resolved key (`19CTTTG`)     |
| `congvan_dates`         | `doc.spans["dates"]`         | `date`, `month`, `time` | ISO value (`2021-07-16`)         |
| `congvan_deadlines`     | `doc.spans["deadlines"]`     | `due`, `until`, `event` | the date or the RRULE            |
| `congvan_targets`       | `doc.spans["targets"]`       | `%` or `count`          | `>=20%`                          |
| `congvan_organizations` | `doc.spans["organizations"]` | `ORG`                   | the full name (`Ủy ban nhân dân tỉnh Điện Biên`) |

`span._.record` holds the extractor's JSON (`Reference.to_json()` and so on). The document's
header is read once per doc and shared (`doc.user_data`); the spans key and, for organisations,
whether to add the NER's ORG entities are the factories' settings, as `span_ruler` has them:

    nlp.add_pipe("congvan_references", config={"spans_key": "refs"})

>>> import spacy
>>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "congvan.Tokenizer.v1"}}})
>>> _ = nlp.add_pipe("congvan_references")
>>> doc = nlp("Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ.")
>>> [(s.text, s.label_, s._.key) for s in doc.spans["references"]]
[('Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ', 'Chỉ thị', '19CTTTG')]
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..read.layout import find_blocks
from ..read.text import Text

for _name in ("key", "record"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

FACTORIES = ("congvan_references", "congvan_dates", "congvan_deadlines", "congvan_targets",
             "congvan_organizations")


def doc_text(doc: Doc) -> Text:
    """The doc as a `Text` (blocks found as the readers find them), made once per doc."""
    text = doc.user_data.get("congvan_text")
    if text is None:
        s = doc.text
        text = Text(source=doc.user_data.get("congvan_source", "<doc>"), format="txt", text=s, raw=s,
                    raw_offsets=range(len(s) + 1), blocks=find_blocks(s))
        doc.user_data["congvan_text"] = text
    return text


def doc_header(doc: Doc):
    """The header extractor's result for the doc, made once per doc."""
    header = doc.user_data.get("congvan_header")
    if header is None:
        from ..extract.header import extract_header

        header = extract_header(doc_text(doc))
        doc.user_data["congvan_header"] = header
    return header


def _set(doc: Doc, spans_key: str, found) -> None:
    """(start, end, label, key, record) tuples to spans, token-aligned outward."""
    spans = []
    for start, end, label, key, record in found:
        span = doc.char_span(start, end, label=label or "", alignment_mode="expand")
        if span is None or not len(span):
            continue
        span._.key = key
        span._.record = record
        spans.append(span)
    doc.spans[spans_key] = spans


class _Component:
    """One extractor as a pipeline component; subclasses say what to find."""

    def __init__(self, nlp: Language, name: str, spans_key: str):
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        _set(doc, self.spans_key, self.find(doc))
        return doc

    def find(self, doc: Doc):  # pragma: no cover - abstract
        raise NotImplementedError

    # nothing to save: the knowledge is in the package's data tables
    def to_disk(self, path, exclude=()):
        pass

    def from_disk(self, path, exclude=()):
        return self

    def to_bytes(self, exclude=()):
        return b""

    def from_bytes(self, data, exclude=()):
        return self


class References(_Component):
    def find(self, doc):
        from ..extract.references import extract_references

        for ref in extract_references(doc_text(doc), doc_header(doc).to_json()):
            record = ref.to_json()
            for m in ref.mentions:
                yield m.start, m.end, ref.type or "reference", ref.key, record


class Dates(_Component):
    def find(self, doc):
        from ..extract.dates import find_dates

        for m in find_dates(doc.text):
            yield m.start, m.end, m.kind, m.value, {"kind": m.kind, "value": m.value, "text": m.text}


class Deadlines(_Component):
    def find(self, doc):
        from ..calendar import add_working_days
        from ..extract.deadlines import extract_deadlines

        # the rules' actors only: the NER that would fill the rest is this pipeline's own (a circle)
        received = (doc_header(doc).to_json().get("received") or {}).get("date")
        for d in extract_deadlines(doc_text(doc), received=received, workdays=add_working_days):
            yield d.start, d.end, d.kind, d.date or d.recurrence, d.to_json()


class Targets(_Component):
    def find(self, doc):
        from ..extract.targets import extract_targets

        for t in extract_targets(doc_text(doc)):
            record = t.to_json()
            key = f"{'' if t.comparator == '=' else t.comparator}{record['value']}{'%' if t.unit == '%' else ''}"
            yield t.start, t.end, t.unit, key, record


class Organizations(_Component):
    """Bodies named by rule (`weak_labels.py`, the header's issuers included), then the NER's ORG
    entities where no rule found one (when `use_ner` and a `ner` runs before this component)."""

    def __init__(self, nlp: Language, name: str, spans_key: str, use_ner: bool):
        super().__init__(nlp, name, spans_key)
        self.use_ner = use_ner

    def find(self, doc):
        from ..extract.header import proper_case
        from ..extract.references import context_of, resolve_issuer
        from .weak_labels import header_entities

        text, header = doc_text(doc), doc_header(doc)
        context = context_of(header.to_json())
        # the header's issuers are known in full (`SỞ NỘI VỤ` under `UBND TỈNH ĐIỆN BIÊN`)
        known = {(f.start, f.end): f.value for f in (header.issuer, header.parent_issuer) if f}
        found = [(e.start, e.end) for e in header_entities(text, header) if e.label == "ORG"]
        if self.use_ner:
            found += [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"
                      and not any(s < e.end_char and e.start_char < t for s, t in found)]
        for start, end in sorted(found):
            name = " ".join(doc.text[start:end].split())
            if " " in name:  # `SỞ NỘI VỤ` is `Sở Nội vụ`; `MTTQ` stays an abbreviation
                name = proper_case(name)
            key = known.get((start, end)) or resolve_issuer(name, context)
            yield start, end, "ORG", key, None


@Language.factory("congvan_references", default_config={"spans_key": "references"})
def make_references(nlp: Language, name: str, spans_key: str) -> References:
    return References(nlp, name, spans_key)


@Language.factory("congvan_dates", default_config={"spans_key": "dates"})
def make_dates(nlp: Language, name: str, spans_key: str) -> Dates:
    return Dates(nlp, name, spans_key)


@Language.factory("congvan_deadlines", default_config={"spans_key": "deadlines"})
def make_deadlines(nlp: Language, name: str, spans_key: str) -> Deadlines:
    return Deadlines(nlp, name, spans_key)


@Language.factory("congvan_targets", default_config={"spans_key": "targets"})
def make_targets(nlp: Language, name: str, spans_key: str) -> Targets:
    return Targets(nlp, name, spans_key)


@Language.factory("congvan_organizations", default_config={"spans_key": "organizations", "use_ner": True})
def make_organizations(nlp: Language, name: str, spans_key: str, use_ner: bool) -> Organizations:
    return Organizations(nlp, name, spans_key, use_ner)
