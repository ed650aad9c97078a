"""What the reading of citations gives: a `Mention` (one place a cited document is named,
`text[start:end]` the whole phrase) and a `Reference` (a distinct cited document, with every
mention of it).

They sit below every stage (`references_numbered`, `references_titled`, `references_merge`), so
that each builds its references without importing `pipeline.extract.references`, which composes
them and re-exports both.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    """One place a cited document is named: `text[start:end]` is the whole phrase."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Reference:
    """A distinct cited document, with every mention of it."""

    key: str
    type: str | None
    code: str | None
    title: str | None
    date: str | None
    issuer: str | None
    year: int | None
    relation: str
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    number: str | None = None   # the number alone (`30` of 30/2020/NĐ-CP), to join short forms
    nested: bool = False        # named only inside the previous citation's title (see `_nested`)

    @property
    def first(self) -> Mention:
        return max(self.mentions[:3], key=lambda m: len(m.text)) if self.mentions else Mention(0, 0, "")

    def to_json(self) -> dict:
        first = self.first
        return {
            "type": self.type, "code": self.code, "date": self.date, "issuer": self.issuer,
            "title": self.title, "year": self.year, "relation": self.relation, "text": first.text,
            "key": self.key, "start": first.start, "end": first.end,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
        }
