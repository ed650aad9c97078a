"""The reader's product: one normalised string, with its pages, blocks and a map back to the raw text."""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

BLOCK_KINDS = ("header", "body", "signature", "recipients")


@dataclass(frozen=True)
class Block:
    """A region of the normalised text: the header, the body, the signature or the nơi nhận list."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Text:
    """A document as congvan reads it.

    `text` is NFC with modern tone placement; `raw_offsets[i]` is the index in `raw` of the
    character that produced `text[i]` (one extra entry maps the end), so a span found in `text`
    can be shown in the raw text. `pages` holds the (start, end) of each page in `text`.

    >>> t = Text(source="a.txt", format="txt", text="Hòa", raw="Hoà", raw_offsets=(0, 1, 2, 3))
    >>> t.raw_span(0, 3)
    (0, 3)
    """

    source: str
    format: str
    text: str
    raw: str
    raw_offsets: Sequence[int]
    pages: tuple[tuple[int, int], ...] = ()
    blocks: tuple[Block, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    encoding: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)   # what the reader did, nothing lost: OCR'd pages and why

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the raw text that `text[start:end]` came from."""
        if end <= start:
            return self.raw_offsets[start], self.raw_offsets[start]
        return self.raw_offsets[start], self.raw_offsets[end - 1] + 1

    def block(self, kind: str) -> Block | None:
        return next((b for b in self.blocks if b.kind == kind), None)

    def page_of(self, offset: int) -> int | None:
        """1-based page number holding `offset`, or None for formats without pages."""
        for number, (start, end) in enumerate(self.pages, 1):
            if start <= offset < end:
                return number
        return None

    @property
    def ocr(self) -> bool:
        return bool(self.ocr_pages)

    def on_ocr_page(self, offset: int) -> bool:
        """Whether `offset` falls on a page OCR read (its letters may be bent)."""
        if not self.ocr_pages:
            return False
        index = bisect.bisect_right([start for start, _ in self.pages], offset) - 1
        return index >= 0 and offset < self.pages[index][1] and index + 1 in self.ocr_pages
