"""Stage 4, at archive scale: walk an archive, read and extract its files in a pool of workers,
write the results from one writer, and keep a status for every path.

    walk(paths)                    files in a stable order, streamed (never the whole list in memory)
    ingest(conn, paths, workers=N) read in N processes (or on a Dask cluster: scheduler="tcp://..."),
                                   write in batched transactions from this process

Workers run `process_file` (pure: a path in, a picklable dict out); only this process
touches SQLite. A batch of results is committed together (`store.write_batch`), so a killed run
keeps every batch it committed, and the next run skips those files: a path whose size and mtime
are unchanged is not even hashed again, and bytes already stored under another path are
`skipped` (same bytes as ...) without being read. At most `workers * WINDOW_PER_WORKER` files
are in flight, so memory stays flat however large the archive.

Entries that are not regular files (link loops, broken links, links to folders, FIFOs, devices,
folders that cannot be listed) are never opened: each gets a `skipped` row with its reason. Where
the files are read, and how a file that crashes its reader or runs too long is failed alone, is
`pipeline.pools`'s business.
"""
from __future__ import annotations

import bisect
import dataclasses
import errno
import fnmatch
import os
import signal
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import store
from .errors import ReadError, ToolMissing
from .extract.references import document_key, sentence_starts
from .paths import printable
from .pools import DaskPool, LocalPool, SerialPool, failed_item, open_pool  # noqa: F401 - the pools, here too
from .read import read
from .record import to_record

WINDOW_PER_WORKER = 8          # files in flight per worker: enough to hide a slow file, little memory
BATCH_ITEMS = 64               # results per write transaction...
BATCH_SECONDS = 1.0            # ...or fewer, when that long has passed since the last commit


# ----------------------------------------------------------------------------------------------
# Walking


def _is_data_file(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in store.NOT_DISPATCHES)


@dataclass(frozen=True)
class Skipped:
    """A walked entry that is not read, and why: a link that loops or leads nowhere, a link to
    a folder (not followed, so a walk stays inside the archive), a FIFO, a device, a folder that
    cannot be listed. It gets a `skipped` row in the store, so nothing is left out silently."""

    path: str
    reason: str


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "an unknown kind of file")


def classify(path: str) -> str | None:
    """Why `path` is not read as a file (None: it is a regular file, or a link to one). Never
    opens it: a FIFO or a device would block or never end."""
    try:
        link = os.lstat(path)
    except OSError as error:
        return f"cannot open: {error.strerror or error}"
    if stat.S_ISLNK(link.st_mode):
        try:
            target = os.stat(path)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return "symbolic link loop"
            return f"broken symbolic link (to {printable(os.readlink(path))})"
        if stat.S_ISDIR(target.st_mode):
            return "symbolic link to a folder (not followed)"
        return None if stat.S_ISREG(target.st_mode) else f"symbolic link to {_kind(target.st_mode)}"
    if stat.S_ISREG(link.st_mode) or stat.S_ISDIR(link.st_mode):
        return None
    return f"not a regular file ({_kind(link.st_mode)})"


def walk(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Skipped]:
    """Files as given; folders walked recursively in a stable order (by name, folders where
    they sort), hidden files and folders and data files (`store.NOT_DISPATCHES`: gold records,
    manifests) left out. Every other entry that is not a regular file comes as `Skipped` with
    its reason. Streams: one folder listing in memory per level; never raises for what it finds."""
    for name in paths:
        path = os.fspath(name)
        try:
            is_folder = os.path.isdir(path)   # a folder named on the command line is walked, link or not
        except (OSError, ValueError):
            is_folder = False
        if is_folder:
            yield from _walk_folder(path)
            continue
        reason = classify(path)
        if reason is None or reason.startswith("cannot open"):
            yield Path(path)   # a missing file named by the user fails with its reason when read
        else:
            yield Skipped(os.path.abspath(path), reason)


def _walk_folder(folder: str) -> Iterator[Path | Skipped]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: os.fsencode(entry.name))
    except OSError as error:
        yield Skipped(os.path.abspath(folder), f"cannot list folder: {error.strerror or error}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            yield from _walk_folder(entry.path)
            continue
        reason = classify(entry.path)
        if reason is not None:
            yield Skipped(os.path.abspath(entry.path), reason)
        elif not _is_data_file(entry.name):
            yield Path(entry.path)


def count(paths: Iterable[str | os.PathLike]) -> int:
    """How many files `walk` yields (for a progress bar's total)."""
    return sum(1 for _ in walk(paths))


# ----------------------------------------------------------------------------------------------
# Read + extract one file: a pure function returning a plain dict (what a worker runs)


def process_file(path: str | os.PathLike, limits=None, digest: tuple[str, int] | None = None) -> dict:
    """Read and extract one file into a plain dict (picklable, for a process pool):
    `{"path", "hash", "size", "status": "ok" | "failed", "reason", "format", "key", "record", "text"}`,
    what `store.write` stores.

    Never raises for a bad file: the failure is the result."""
    item = {"path": str(path), "hash": None, "size": 0, "status": "failed", "reason": None, "format": None,
            "key": None, "record": None, "text": None, "warnings": []}
    try:
        item["hash"], item["size"] = digest or store.file_hash(path)
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


# ----------------------------------------------------------------------------------------------
# The summary


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


# ----------------------------------------------------------------------------------------------
# Ingesting


@dataclass
class _Job:
    path: str
    digest: tuple[str, int]
    mtime_ns: int


def _known_item(path: str, digest: tuple[str, int], mtime_ns: int) -> dict:
    """A path whose bytes are in the store already (stored or failed): bookkeeping only, not read."""
    item = failed_item(path, None, digest, mtime_ns)
    item["status"] = None
    return item


def _skipped_item(entry: Skipped) -> dict:
    item = failed_item(entry.path, entry.reason)
    item["status"] = "skipped"
    return item


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


def _precheck(conn: sqlite3.Connection, path: Path, retry_failed: bool) -> tuple[_Job | None, dict | None]:
    """What to do with one walked path: (a job to read it, None) or (None, an item to write as is)."""
    name = os.path.abspath(path)
    try:
        info = os.stat(name)
    except (OSError, ValueError) as error:
        return None, failed_item(name, f"cannot open: {getattr(error, 'strerror', None) or error}")
    if not stat.S_ISREG(info.st_mode):   # replaced by a FIFO or a device since the walk
        return None, _skipped_item(Skipped(name, f"not a regular file ({_kind(info.st_mode)})"))
    seen = store.path_status(conn, name)
    if seen is not None and seen["hash"] and seen["size"] == info.st_size and seen["mtime_ns"] == info.st_mtime_ns:
        digest = (seen["hash"], seen["size"])   # unchanged since it was hashed: trust that hash
    else:
        try:
            digest = store.file_hash(name)
        except OSError as error:
            return None, failed_item(name, f"cannot open: {error.strerror or error}")
    before = store.status_of(conn, digest[0])
    if before == "ok" or (before == "failed" and not retry_failed):
        return None, _known_item(name, digest, info.st_mtime_ns)
    return _Job(name, digest, info.st_mtime_ns), None


class _StopOnSignal:
    """SIGTERM and SIGINT (Ctrl-C) end a run early and cleanly: what is finished is committed, the
    workers are stopped, and the next run resumes. The handler only sets a flag, checked at least
    every BATCH_SECONDS, except while a file is read in this process, which it interrupts."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, pool):
        self.pool, self.caught, self.previous = pool, None, {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for number in self.SIGNALS:
                self.previous[number] = signal.signal(number, self._handle)
        return self

    def _handle(self, number, _frame):
        self.caught = signal.Signals(number).name
        if self.pool.in_process:
            raise KeyboardInterrupt

    def __exit__(self, *_exc):
        for number, handler in self.previous.items():
            signal.signal(number, handler)
        return False


def ingest(conn: sqlite3.Connection, paths: Iterable[str | os.PathLike], limits=None, *, workers: int = 1,
           scheduler: str | None = None, retry_failed: bool = False, file_timeout: float | None = None,
           on_file: Callable[[Path, str, str | None], None] | None = None, pool=None) -> IngestSummary:
    """Ingest files and folders into the store; a file whose bytes are stored is not read again.

    `workers` processes read in parallel (1: in this process); `scheduler` (`tcp://host:port`)
    sends the reading to a Dask cluster instead. A file that takes longer than `file_timeout`
    seconds is stopped and failed. `on_file(path, outcome, reason)` is called for each file once
    its result is committed, outcome one of `OUTCOMES`; paths are absolute. Files that failed
    before are not read again unless `retry_failed`. `pool`: one of `pipeline.pools`' pools,
    made by the caller (closed here). SIGTERM or Ctrl-C stops the run with every finished file
    committed (`summary.interrupted` names the signal)."""
    started = time.perf_counter()
    pool = pool or open_pool(process_file, workers, scheduler, file_timeout=file_timeout)
    if limits is not None and isinstance(pool, LocalPool):   # the workers share the cores: OCR one page each
        limits = dataclasses.replace(limits, ocr_jobs=max(1, (os.cpu_count() or 1) // pool.workers))
    summary = IngestSummary(workers=pool.workers)
    writer = _Writer(conn, summary, on_file)
    stop = _StopOnSignal(pool)
    finished = False
    try:
        with stop:
            _run(conn, walk(paths), pool, writer, stop, limits, retry_failed)
        finished = True
    except KeyboardInterrupt:
        if stop.caught is None:
            raise
    finally:
        try:
            writer.flush()
        finally:
            pool.close(kill=not finished)
    summary.interrupted = stop.caught
    summary.seconds = time.perf_counter() - started
    return summary


def _run(conn, walked, pool, writer: _Writer, stop: _StopOnSignal, limits, retry_failed: bool) -> None:
    window = 1 if pool.in_process else pool.workers * WINDOW_PER_WORKER
    pending: dict = {}
    twins: dict[str, list[dict]] = {}   # hash in flight -> other paths with those bytes, written after it
    walking = True
    while not stop.caught:
        while walking and len(pending) < window and not stop.caught:
            entry = next(walked, None)
            if entry is None:
                walking = False
                break
            if isinstance(entry, Skipped):
                writer.add(_skipped_item(entry))
                continue
            job, item = _precheck(conn, entry, retry_failed)
            if item is not None:
                writer.add(item)
            elif job.digest[0] in twins:   # the same bytes in flight: the first path walked wins
                twins[job.digest[0]].append(_known_item(job.path, job.digest, job.mtime_ns))
            else:
                twins[job.digest[0]] = []
                pending[pool.submit(job.path, limits, job.digest)] = job
        if not pending:
            break
        for handle in pool.wait(pending, timeout=BATCH_SECONDS):
            job = pending.pop(handle)
            item = handle.result()
            item["mtime_ns"] = job.mtime_ns
            writer.add(item)
            for twin in twins.pop(job.digest[0], ()):
                writer.add(twin)
        writer.flush_when_due()   # a slow file never holds back what is finished
