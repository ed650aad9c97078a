"""One ingest run: walk an archive, read and extract its files in a pool of workers, write the
results from one writer, and keep a status for every path.

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
`pools`' business.
"""
from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import store
from .pools import LocalPool, failed_item, open_pool
from .walk import Skipped, file_kind, walk
from .worker import process_file
from .writer import BATCH_SECONDS, IngestSummary, _Writer

WINDOW_PER_WORKER = 8          # files in flight per worker: enough to hide a slow file, little memory


# ----------------------------------------------------------------------------------------------
# Ingesting


@dataclass
class _Job:
    path: str
    digest: tuple[str, int]
    mtime_ns: int


def _precheck(conn: sqlite3.Connection, path: Path, retry_failed: bool) -> tuple[_Job | None, dict | None]:
    """What to do with one walked path: (a job to read it, None) or (None, an item to write as is)."""
    name = os.path.abspath(path)
    try:
        info = os.stat(name)
    except (OSError, ValueError) as error:
        return None, failed_item(name, f"cannot open: {getattr(error, 'strerror', None) or error}")
    if not stat.S_ISREG(info.st_mode):   # replaced by a FIFO or a device since the walk
        return None, _skipped_item(Skipped(name, f"not a regular file ({file_kind(info.st_mode)})"))
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
    before are not read again unless `retry_failed`. `pool`: one of `pools`' pools,
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
                continue
            assert job is not None   # _precheck gives a job or an item
            if job.digest[0] in twins:   # the same bytes in flight: the first path walked wins
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


def _known_item(path: str, digest: tuple[str, int], mtime_ns: int) -> dict:
    """A path whose bytes are in the store already (stored or failed): bookkeeping only, not read."""
    item = failed_item(path, None, digest, mtime_ns)
    item["status"] = None
    return item


def _skipped_item(entry: Skipped) -> dict:
    item = failed_item(entry.path, entry.reason)
    item["status"] = "skipped"
    return item
