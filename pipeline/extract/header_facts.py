"""The values the header's stages give: a `Fact` (a value with the span of text it was read from,
`text[f.start:f.end] == f.text`) and the `Signer` of the signature block.

They sit below every stage of the header (`header_layout`, `header_subject`, `header_issuer`,
`header_recipients`, `header_signature`), so that each stage builds its facts without importing
`pipeline.extract.header`, which composes them into the `Header` and re-exports both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.read.encodings import is_syllable


@dataclass(frozen=True)
class Fact:
    """One value read from the text, with the span it was read from (`text[start:end] == text`)."""

    value: Any
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Signer:
    authority: Fact | None = None
    title: Fact | None = None
    name: Fact | None = None
    prefixes: tuple[Fact, ...] = ()  # every signing prefix of the block, outermost first

    def to_json(self) -> dict:
        return {"authority": _v(self.authority), "title": _v(self.title), "name": _v(self.name)}


def _v(fact: Fact | None):
    return None if fact is None else fact.value


def _fact(s: str, start: int, end: int, value: Any) -> Fact:
    """A fact over `s[start:end]`, its span trimmed of spaces and markup at both ends."""
    while start < end and s[start] in " \t\n|*#":
        start += 1
    while end > start and s[end - 1] in " \t\n|*#":
        end -= 1
    return Fact(value, start, end, s[start:end])


_LETTERS = re.compile(r"[^\W\d_]+")


def vietnamese_words(text: str) -> list[str]:
    """The Vietnamese words of `text` longer than a letter (OCR noise has none: `.ˆA Ẩ`)."""
    return [w for w in _LETTERS.findall(text) if len(w) > 1 and is_syllable(w)]
