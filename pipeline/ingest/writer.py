"""The one writer of an ingest run: results are committed in batches (`store.write_batch`), so a
killed run keeps every batch it committed, and each file is reported once committed; the run's
`IngestSummary` counts what happened to each.
"""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import store

BATCH_ITEMS = 64               # results per write transaction...
BATCH_SECONDS = 1.0            # ...or fewer, when that long has passed since the last commit

OUTCOMES = ("added", "partial", "unchanged", "skipped", "not read", "failed", "failed before")


@dataclass
class IngestSummary:
    """What one `ingest` run did: counts per outcome, and each failure with its reason."""

    added: int = 0
    partial: int = 0               # added, with part of the file lost (reason in `congvan files`)
    unchanged: int = 0             # stored already, from this path
    skipped: int = 0               # the same bytes are stored from another path
    not_read: int = 0              # not a regular file: a link loop, a FIFO, a device... (reason stored)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path, reason), this run or before
    seconds: float = 0.0
    workers: int = 1
    interrupted: str | None = None   # the signal that stopped the run early (its finished files are kept)

    @property
    def files(self) -> int:
        return self.added + self.partial + self.unchanged + self.skipped + self.not_read + len(self.failed)

    def count(self, path: str, outcome: str, reason: str | None) -> None:
        if outcome in ("failed", "failed before"):
            self.failed.append((path, reason or "unknown"))
        else:
            name = outcome.replace(" ", "_")
            setattr(self, name, getattr(self, name) + 1)

    def line(self) -> str:
        stored = self.added + self.partial
        rate = f", {stored / self.seconds:.1f} docs/s" if self.seconds and stored else ""
        parts = [f"{self.added} added"]
        if self.partial:
            parts.append(f"{self.partial} partial")
        parts.append(f"{self.unchanged} unchanged")
        if self.skipped:
            parts.append(f"{self.skipped} skipped (same bytes as another file)")
        if self.not_read:
            parts.append(f"{self.not_read} not read (not regular files: `congvan files --status skipped`)")
        parts.append(f"{len(self.failed)} failed")
        line = f"ingested {self.files} files: {', '.join(parts)} in {self.seconds:.1f} s{rate}"
        if self.interrupted:
            line += f"; stopped by {self.interrupted}: run the same command again to resume"
        return line


class _Writer:
    """Collects results and commits them in batches; reports each file once committed."""

    def __init__(self, conn: sqlite3.Connection, summary: IngestSummary, on_file):
        self.conn, self.summary, self.on_file = conn, summary, on_file
        self.buffer: list[dict] = []
        self.last = time.monotonic()

    def add(self, item: dict) -> None:
        self.buffer.append(item)
        self.flush_when_due()

    def flush_when_due(self) -> None:
        if len(self.buffer) >= BATCH_ITEMS or time.monotonic() - self.last >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        self.last = time.monotonic()
        if not self.buffer:
            return
        items, self.buffer = self.buffer, []
        outcomes = store.write_batch(self.conn, items)
        for item, outcome in zip(items, outcomes, strict=True):
            reason = item["reason"]
            if outcome in ("partial", "failed before"):
                row = store.path_status(self.conn, item["path"])
                reason = row["reason"] if row else reason
            self.summary.count(item["path"], outcome, reason)
            if self.on_file:
                self.on_file(Path(item["path"]), outcome, reason)
