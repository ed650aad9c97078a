"""The small interface every format reader implements, and what it hands back."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .limits import Limits


@dataclass
class Extracted:
    """A reader's raw result, before normalisation.

    `raw` is the text as the format gave it; `pages` the (start, end) of each page in `raw`;
    `drop` spans of `raw` that are not the document's text (running headers, page numbers);
    `warnings` say what was lost (the file is then `partial`), `notes` what was done that a
    reader of the text should know and nothing was lost by (which pages were OCR'd, and why)."""

    raw: str
    pages: list[tuple[int, int]] = field(default_factory=list)
    drop: list[tuple[int, int]] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    encoding: str | None = None
    markdown: bool = False
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Reader:
    """One reader per format; `read` raises a `ReadError` subclass for bad input."""

    formats: tuple[str, ...] = ()

    def read(self, path: Path, limits: Limits) -> Extracted:  # pragma: no cover - interface
        raise NotImplementedError
