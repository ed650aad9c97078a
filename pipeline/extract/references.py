"""Citations: every document a dispatch cites, which document it is, and why it is cited.

Four verbs, as eyecite has them: find the mentions (`find_mentions`), resolve them into distinct
documents with an identity key (`resolve`), decide the relation from the clause that governs
each mention, and show them (`pipeline/annotate.py`). Knowledge lives in
`pipeline/data/citations.json`, `document_types.json` and `bodies.json`.

Each stage is its own module, named for what it does: `references_numbered` (citations by number:
a code with its type, date, issuer and title), `references_titled` (citations by name: laws and
ordinances, the Constitution, international instruments, Party resolutions), `references_merge`
(identity keys, `document_key`, and the joining of mentions of one document),
`references_relations` (the relation from the governing clause, legal-basis sections) and
`references_issuers` (the citing document's `Context`, cited documents' dates, issuers and types),
over `references_patterns` (the data tables, the compiled regexes and small helpers over the text)
and `references_facts` (`Mention`, `Reference`). This module runs them and merges what they find;
the names other modules import (`extract_references`, `Reference`, `Mention`, `RELATION_RANK`,
`document_key`, `iso_date`, `sentence_starts`, `relation_at`, `type_before`, `context_of`,
`resolve_issuer`, `legal_basis_sections`) are all here.

>>> from pipeline.read.text import Text
>>> s = "Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ về thi đua."
>>> [r.to_json()["code"] for r in extract_references(Text("x", "text", s, s, list(range(len(s) + 1))))]
['19/CT-TTg']
"""
from __future__ import annotations

import bisect
import dataclasses
import re

from ..read.text import Text
from .codes import find_codes
from .lines import flowing, soft_newlines
from .references_facts import Mention as Mention
from .references_facts import Reference as Reference
from .references_issuers import Context as Context  # the type of resolve_issuer's context
from .references_issuers import context_of as context_of  # re-exported for pipeline.nlp
from .references_issuers import iso_date as iso_date  # re-exported for .effects
from .references_issuers import resolve_issuer as resolve_issuer  # re-exported for pipeline.nlp
from .references_merge import Groups, _join_laws, _merge_key, _short_forms
from .references_merge import document_key as document_key  # re-exported for graph, store, ingest, web
from .references_numbered import _nested, _numbered
from .references_patterns import type_before as type_before  # re-exported for tests/test_references.py
from .references_relations import _HISTORY, _argues, _sentence
from .references_relations import RELATION_RANK as RELATION_RANK  # re-exported for pipeline.graph
from .references_relations import legal_basis_sections as legal_basis_sections  # re-exported for the tests
from .references_relations import relation_at as relation_at  # re-exported for tests/test_references.py
from .references_relations import sentence_starts as sentence_starts  # re-exported for pipeline.ingest
from .references_titled import _titled


def extract_references(text: Text, document: dict | None = None) -> list[Reference]:
    """The distinct documents `text` cites, in order of first mention."""
    context = context_of(document)
    # a PDF's line ends inside sentences start no sentence: the cue opening one governs its wrapped lines;
    # OCR keeps a scan's printed lines whatever share of them are wraps (a decision's `- Căn cứ ...` items
    # between its lists and tables), so an OCR'd text is read so too, each line end judged by its own
    wrapped = soft_newlines(text.text) or bool(text.ocr_pages)
    starts = sentence_starts(flowing(text.text) if wrapped else text.text)
    codes = find_codes(text.text)
    cited = sorted({start for _code, start, _end in codes})
    titled = _named_in_titles(text.text, _titled(text, context, starts), sorted(end for _c, _s, end in codes))
    numbered, titled = _join_laws(text.text, _numbered(text, context, starts, cited, codes), titled)
    found = numbered + titled
    found.sort(key=lambda f: f.mentions[0].start)
    groups = Groups()
    for item in found:
        groups.add(_merge_key(item, groups, text.on_ocr_page(item.mentions[0].start)), item)
    extra: dict[str, list[Mention]] = {}
    for key, mention in _short_forms(text, numbered):
        extra.setdefault(key, []).append(mention)
    references = []
    basis = legal_basis_sections(text.text) if _argues(document) else []
    for key, items in groups.items():
        if all(item.nested for item in items):
            continue   # named only inside another citation's title
        best = max(items, key=lambda f: (f.date is not None, f.issuer is not None, len(f.mentions[0].text)))
        relation = max((f.relation for f in items), key=RELATION_RANK.__getitem__)
        mentions = sorted({m for f in items for m in f.mentions} | set(extra.get(key, [])), key=lambda m: m.start)
        # an undated first mention keys the group `...@?`; a later dated one knows the year
        final_key = best.key if key.endswith("@?") and best.year and best.code else key
        if any(a <= m.start < b and not _HISTORY.search(_item(_sentence(text.text, m.start, starts)))
               for m in mentions for a, b in basis):   # cited in a legal-basis section: legal ground
            relation = "based_on"
        references.append(dataclasses.replace(best, key=final_key, relation=relation, mentions=tuple(mentions)))
    return references


# between two laws a cited document's title names: `và`, a comma, an article of the next (`của Luật
# Đường bộ và Điều 77 Luật Trật tự, an toàn giao thông đường bộ`)
_NAMED_TOO = re.compile(r"\s*(?:,|và)\s*(?:(?:các\s+)?(?:Điều|điều|khoản|điểm)\s+\w{1,4}(?:\s*(?:,|và)\s*\w{1,4}){0,6}"
                        r"\s+(?:của\s+)?)?")


def _named_in_titles(s: str, titled: list[Reference], code_ends: list[int]) -> list[Reference]:
    """The laws cited by name, each marked `nested` where it is named only inside the title of the
    numbered citation before it (`Nghị định số 165/2024/NĐ-CP ... hướng dẫn thi hành một số điều của
    Luật Đường bộ và Điều 77 Luật Trật tự, an toàn giao thông đường bộ`), as a numbered one is: by
    ANNOTATION.md no entry of its own unless cited elsewhere. `titled` in text order."""
    out: list[Reference] = []
    for item in titled:
        start = item.mentions[0].start
        before = bisect.bisect_left(code_ends, start) - 1   # the last code that ends before the law
        nested = before >= 0 and _nested(s, code_ends[before], start)
        if not nested and out and out[-1].nested:   # the title's next law (`... và Điều 77 Luật ...`)
            nested = _NAMED_TOO.fullmatch(s, out[-1].mentions[0].end, start) is not None
        out.append(dataclasses.replace(item, nested=True) if nested else item)
    return out


def _item(sentence: str) -> str:
    """The last item of a sentence that lists with semicolons (`Ngày 12/06/2025, Quốc hội ban hành
    ...; căn cứ Luật Luật sư ...; Nghị định số 126/2024/NĐ-CP`): a past act in an earlier item is
    not the history of this one."""
    return sentence[sentence.rfind(";") + 1:]
