"""Show: the document's text with every extraction highlighted in `<mark>`, all text escaped.

Documents are untrusted input, so every piece of their text goes through `html.escape`; the
marks carry the extraction's kind and resolved key (`data-kind`, `data-key`) and a tooltip.
`stored_spans` gives the same marks for a document read back from the store (record + text), and
`marks_html` draws them; the web app uses both for its document page.
"""
from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable

from .record import Extraction


def spans(found: Extraction) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, key) of every extracted fact, sorted, overlaps resolved by first come."""
    items: list[tuple[int, int, str, str]] = []
    header = found.header
    assert dataclasses.is_dataclass(header)   # record.Extraction types it `object`: a Header
    for field in dataclasses.fields(header):
        for value in _facts(getattr(header, field.name)):
            items.append((value.start, value.end, f"header.{field.name}", str(getattr(value, "value", "") or "")))
    for reference in found.references:
        for mention in reference.mentions:
            items.append((mention.start, mention.end, f"reference.{reference.relation}", reference.key))
    for deadline in found.deadlines:
        items.append((deadline.start, deadline.end, "deadline", str(deadline.to_json().get("date")
                                                                    or deadline.to_json().get("recurrence") or "")))
    for target in found.targets:
        json = target.to_json()
        items.append((target.start, target.end, "target", f"{json.get('comparator', '')}{json.get('value')}{json.get('unit', '')}"))
    return _first_come(items)


def _first_come(items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Sorted by start (the longer first), each span that overlaps one kept before dropped."""
    items = sorted(items, key=lambda item: (item[0], -(item[1] - item[0])))
    kept, last_end = [], -1
    for item in items:
        if item[0] >= last_end and item[1] > item[0]:
            kept.append(item)
            last_end = item[1]
    return kept


def _facts(value):
    if value is None:
        return
    if hasattr(value, "start") and hasattr(value, "end") and isinstance(value.start, int):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _facts(item)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _facts(getattr(value, field.name))


def annotate_html(found: Extraction, standalone: bool = True) -> str:
    """The text as HTML with `<mark class="cv-KIND" data-kind data-key title>` around each fact."""
    body = marks_html(found.text.text, spans(found))
    if not standalone:
        return body
    title = html.escape(found.text.source)
    return (
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title><style>"
        "pre{white-space:pre-wrap;font:15px/1.5 serif;max-width:60em}"
        "mark.cv-header{background:#dbeafe}mark.cv-reference{background:#fde68a}"
        "mark.cv-deadline{background:#fecaca}mark.cv-target{background:#bbf7d0}"
        f"</style></head><body><h1>{title}</h1>{body}</body></html>\n"
    )


def marks_html(text: str, marks: list[tuple[int, int, str, str]], href: Callable[[str, str], str | None] | None = None) -> str:
    """`<pre class="congvan-text">`: `text` escaped, each (start, end, kind, key) of `marks` (sorted,
    not overlapping, as `spans` gives them) in a `<mark>`; a mark for which `href(kind, key)`
    gives a URL is also a link.

    >>> marks_html("Theo <b> 19/CT-TTg", [(9, 18, "reference.implements", "19CTTTG")], lambda kind, key: "/x?k=1&j=2")
    '<pre class="congvan-text">Theo &lt;b&gt; <a href="/x?k=1&amp;j=2"><mark class="cv-reference" data-kind="reference.implements" data-key="19CTTTG" title="reference.implements: 19CTTTG">19/CT-TTg</mark></a></pre>'
    """
    out, last = [], 0
    for start, end, kind, key in marks:
        out.append(html.escape(text[last:start]))
        css = kind.split(".")[0]
        mark = (f'<mark class="cv-{css}" data-kind="{html.escape(kind)}" data-key="{html.escape(key)}" '
                f'title="{html.escape(kind)}: {html.escape(key)}">{html.escape(text[start:end])}</mark>')
        url = href(kind, key) if href else None
        out.append(f'<a href="{html.escape(url)}">{mark}</a>' if url else mark)
        last = end
    out.append(html.escape(text[last:]))
    return f'<pre class="congvan-text">{"".join(out)}</pre>'


def stored_spans(record: dict, text: str) -> list[tuple[int, int, str, str]]:
    """`spans` for a document read back from the store: its FORMAT.md `record` and the normalised
    `text` that the record's offsets point into, without the original file.

    References, deadlines and targets carry their offsets in the record. Header facts do not, so
    the header is found again in the stored text (its blocks are in the record); its marks are
    kept only when it agrees with the stored header, so a mark never says what the record doesn't.

    >>> stored_spans({"deadlines": [{"start": 0, "end": 5, "date": "2025-01-02"}]}, "hạn ở đây")
    [(0, 5, 'deadline', '2025-01-02')]
    """
    items: list[tuple[int, int, str, str]] = []
    items.extend(_header_spans(record, text))
    for reference in record.get("references") or []:
        kind = f"reference.{reference.get('relation') or 'mentions'}"
        for mention in reference.get("mentions") or [reference]:
            items.append((mention.get("start"), mention.get("end"), kind, str(reference.get("key") or "")))
    for deadline in record.get("deadlines") or []:
        items.append((deadline.get("start"), deadline.get("end"), "deadline",
                      str(deadline.get("date") or deadline.get("recurrence") or "")))
    for target in record.get("targets") or []:
        items.append((target.get("start"), target.get("end"), "target",
                      f"{target.get('comparator', '')}{target.get('value')}{target.get('unit', '')}"))
    size = len(text)
    return _first_come([item for item in items if isinstance(item[0], int) and isinstance(item[1], int)
                        and 0 <= item[0] < item[1] <= size])


def _header_spans(record: dict, text: str) -> list[tuple[int, int, str, str]]:
    from .extract.header import extract_header
    from .read.text import Block, Text

    facts = record.get("text") or {}
    try:
        blocks = tuple(Block(**block) for block in facts.get("blocks") or ())
        again = Text(source=str(record.get("source") or ""), format=str(facts.get("format") or "text"), text=text,
                     raw=text, raw_offsets=range(len(text) + 1), blocks=blocks)
        header = extract_header(again)
    except Exception:  # an old or odd record: no header marks rather than no page
        return []
    # `effective` is the effects extractor's (record.py), not the header's: compare the header's own fields
    stored = {k: v for k, v in (record.get("document") or {}).items() if k != "effective"}
    if header.to_json() != stored:
        return []
    return [(value.start, value.end, f"header.{field.name}", str(getattr(value, "value", "") or ""))
            for field in dataclasses.fields(header) for value in _facts(getattr(header, field.name))]
