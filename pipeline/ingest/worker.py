"""What a worker runs: read and extract one file into a plain, picklable dict (`process_file`),
the item that `pipeline.store.write` stores. Pure: a path in, a dict out; never raises for a
bad file, and never touches the store.
"""
from __future__ import annotations

import bisect
import os
from typing import Any

from ..errors import ReadError, ToolMissing
from ..extract.references import document_key, sentence_starts
from ..read import read
from ..record import to_record
from ..store import file_hash


def process_file(path: str | os.PathLike, limits=None, digest: tuple[str, int] | None = None) -> dict:
    """Read and extract one file into a plain dict (picklable, for a process pool):
    `{"path", "hash", "size", "status": "ok" | "failed", "reason", "format", "key", "record", "text"}`,
    what `store.write` stores.

    Never raises for a bad file: the failure is the result."""
    item: dict[str, Any] = {"path": str(path), "hash": None, "size": 0, "status": "failed", "reason": None,
                            "format": None, "key": None, "record": None, "text": None, "warnings": []}
    try:
        item["hash"], item["size"] = digest or file_hash(path)
    except OSError as error:
        item["reason"] = f"cannot open: {error.strerror or error}"
        return item
    try:
        text = read(path, limits) if limits is not None else read(path)
        record = to_record(text)
    except ReadError as error:
        item["reason"] = error.reason
        return item
    except ToolMissing as error:
        item["reason"] = str(error)
        return item
    except Exception as error:  # a bug must not lose the rest of the batch
        item["reason"] = f"internal error ({type(error).__name__}: {error}); please report it"
        return item
    starts = sentence_starts(text.text)
    for reference in record["references"]:
        reference["evidence"] = reference.get("effect_evidence") or _evidence(text.text, reference.get("start") or 0, starts)
    document = record.get("document") or {}
    item.update(status="ok", format=text.format, record=record, text=text.text, warnings=list(text.warnings),
                key=document_key(document) or f"doc:{item['hash'][:16]}")
    return item


def _evidence(text: str, start: int, starts: list[int]) -> str:
    """The sentence around a mention, at most 500 characters."""
    index = bisect.bisect_right(starts, start) - 1
    begin = max(starts[index] if index >= 0 else 0, start - 250)
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    end = min(end, max(start + 250, begin + 500))
    return " ".join(text[begin:end].split())
