"""Show: the document's text with every extraction highlighted in `<mark>`, all text escaped.

Documents are untrusted input, so every piece of their text goes through `html.escape`; the
marks carry the extraction's kind and resolved key (`data-kind`, `data-key`) and a tooltip.
The web app reuses `annotate_html` for its document page.
"""
from __future__ import annotations

import dataclasses
import html

from .record import Extraction


def spans(found: Extraction) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, key) of every extracted fact, sorted, overlaps resolved by first come."""
    items: list[tuple[int, int, str, str]] = []
    header = found.header
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
    items.sort(key=lambda item: (item[0], -(item[1] - item[0])))
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
    text = found.text.text
    out, last = [], 0
    for start, end, kind, key in spans(found):
        out.append(html.escape(text[last:start]))
        css = kind.split(".")[0]
        out.append(f'<mark class="cv-{css}" data-kind="{html.escape(kind)}" data-key="{html.escape(key)}" '
                   f'title="{html.escape(kind)}: {html.escape(key)}">{html.escape(text[start:end])}</mark>')
        last = end
    out.append(html.escape(text[last:]))
    body = f'<pre class="congvan-text">{"".join(out)}</pre>'
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
