"""The shapes of the JSON under `/api`, for the OpenAPI schema (`/openapi.json`).

They describe what `pipeline.web.archive` returns; keys they do not name pass through."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class DocumentSummary(_Open):
    id: int
    key: str
    code: str | None = None
    type: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    date: str | None = None
    year: int | None = None
    subject: str | None = None
    province: str | None = None
    level: str | None = None
    name: str
    url: str | None = None


class Snippet(BaseModel):
    before: str
    hit: str
    after: str


class SearchHit(DocumentSummary):
    match: str                          # number: bears the number; cites: cites it; text: full text; filter
    snippet: Snippet | None = None


class SearchResult(BaseModel):
    query: str
    code_key: str | None = None
    filters: dict[str, Any]
    total: int                          # hits seen
    more: bool                          # there may be more than `total`
    hits: list[SearchHit]


class Facets(BaseModel):
    types: list[str]
    issuers: list[str]
    provinces: list[str]
    years: list[int]


class DeadlineEntry(_Open):
    day: str
    kind: str
    time: str | None = None
    title: str
    text: str
    actor: str | None = None
    support: list[str] = []
    action: str | None = None
    recurrence: str | None = None
    document: str | None = None
    document_id: int
    url: str


class Overview(BaseModel):
    today: str
    days: int
    stats: dict[str, int]
    recent: list[DocumentSummary]
    due: list[DeadlineEntry]


class Deadlines(BaseModel):
    today: str
    start: str
    end: str
    entries: list[DeadlineEntry]
    truncated: bool = False             # more entries fell in the window than the 10,000 given
    ics: str


class Reference(_Open):
    code: str | None = None
    title: str | None = None
    type: str | None = None
    date: str | None = None
    issuer: str | None = None
    relation: str | None = None
    text: str | None = None
    key: str | None = None
    label: str                          # `Chỉ thị 19/CT-TTg`, or the title of an un-numbered document
    node: str | None = None
    in_archive: bool
    url: str | None = None


class Mark(BaseModel):
    start: int
    end: int
    kind: str
    key: str
    text: str


class DocumentPage(BaseModel):
    document: DocumentSummary
    header: dict[str, Any]
    file: dict[str, Any]
    references: list[Reference]
    deadlines: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    marks: list[Mark]
    lineage: str
    html: str                           # the text, escaped, every mark in <mark>


class LineageNode(_Open):
    key: str
    placeholder: bool
    document_id: int | None = None
    depth: int
    level: int                          # negative: above the root (what it cites); positive: below
    label: str
    url: str


class LineageEdge(_Open):
    citing: str
    cited: str
    relation: str | None = None
    evidence: str | None = None


class Lineage(BaseModel):
    root: str
    direction: str
    depth: int | None = None
    describe: str
    nodes: list[LineageNode]
    edges: list[LineageEdge]
    coverage: dict[str, Any]


class Upload(BaseModel):
    outcome: str                        # added, partial, unchanged, skipped (same bytes stored), failed
    reason: str | None = None
    document_id: int | None = None
    url: str | None = None
