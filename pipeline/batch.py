"""Stage 4, at archive scale: walk an archive, read and extract its files in a pool of workers,
write the results from one writer, and keep a status for every path.

    walk(paths)                    files in a stable order, streamed (never the whole list in memory)
    ingest(conn, paths, workers=N) read in N processes (or on a Dask cluster: scheduler="tcp://..."),
                                   write in batched transactions from this process

Workers run `store.process_file` (pure: a path in, a picklable dict out); only this process
touches SQLite. A batch of results is committed together (`store.write_batch`), so a killed run
keeps every batch it committed, and the next run skips those files: a path whose size and mtime
are unchanged is not even hashed again, and bytes already stored under another path are
`skipped` (same bytes as ...) without being read. At most `workers * WINDOW_PER_WORKER` files
are in flight, so memory stays flat however large the archive.

A worker process that dies (a crashing native library) breaks a local pool: the files that
were in flight are then read again one at a time, so the one that kills its reader is named and
failed, and the others are kept.
"""
from __future__ import annotations

import fnmatch
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_local
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from . import store

WINDOW_PER_WORKER = 8          # files in flight per worker: enough to hide a slow file, little memory
BATCH_ITEMS = 64               # results per write transaction...
BATCH_SECONDS = 1.0            # ...or fewer, when that long has passed since the last commit
# Modules a worker needs, imported once in the fork server so each worker starts warm.
PRELOAD = ["pipeline.store", "pipeline.read", "pipeline.record", "pipeline.extract.references"]


# ----------------------------------------------------------------------------------------------
# Walking


def _is_data_file(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in store.NOT_DISPATCHES)


def walk(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files as given; folders walked recursively in a stable order (by name, folders where
    they sort), hidden files and folders and data files (`store.NOT_DISPATCHES`: gold records,
    manifests) left out. Streams: one folder listing in memory per level."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from _walk_folder(path)
        else:
            yield path


def _walk_folder(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(Path(entry.path))
        elif entry.is_file() and not _is_data_file(entry.name):
            yield Path(entry.path)


def count(paths: Iterable[str | os.PathLike]) -> int:
    """How many files `walk` yields (for a progress bar's total)."""
    return sum(1 for _ in walk(paths))


# ----------------------------------------------------------------------------------------------
# The summary


OUTCOMES = ("added", "partial", "unchanged", "skipped", "failed", "failed before")


@dataclass
class IngestSummary:
    """What one `ingest` run did: counts per outcome, and each failure with its reason."""

    added: int = 0
    partial: int = 0               # added, with part of the file lost (reason in `congvan files`)
    unchanged: int = 0             # stored already, from this path
    skipped: int = 0               # the same bytes are stored from another path
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path, reason), this run or before
    seconds: float = 0.0
    workers: int = 1

    @property
    def files(self) -> int:
        return self.added + self.partial + self.unchanged + self.skipped + len(self.failed)

    def count(self, path: str, outcome: str, reason: str | None) -> None:
        if outcome in ("failed", "failed before"):
            self.failed.append((path, reason or "unknown"))
        else:
            setattr(self, outcome, getattr(self, outcome) + 1)

    def line(self) -> str:
        stored = self.added + self.partial
        rate = f", {stored / self.seconds:.1f} docs/s" if self.seconds and stored else ""
        parts = [f"{self.added} added"]
        if self.partial:
            parts.append(f"{self.partial} partial")
        parts.append(f"{self.unchanged} unchanged")
        if self.skipped:
            parts.append(f"{self.skipped} skipped (same bytes as another file)")
        parts.append(f"{len(self.failed)} failed")
        return f"ingested {self.files} files: {', '.join(parts)} in {self.seconds:.1f} s{rate}"


# ----------------------------------------------------------------------------------------------
# Pools: the same three calls over a local process pool and a Dask cluster


class SerialPool:
    """Reads in this process: no start-up cost, for one worker."""

    workers = 1

    def submit(self, path: str, limits, digest):
        return _Done(store.process_file(path, limits, digest))

    def wait(self, pending: Iterable) -> set:
        return set(pending)

    def restart(self) -> None:
        pass

    def close(self) -> None:
        pass


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class LocalPool:
    """A process pool on this machine; workers forked from a server that imported congvan once."""

    def __init__(self, workers: int, task=store.process_file):
        self.workers, self.task = workers, task
        self._start()

    def _start(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self.executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)

    def submit(self, path: str, limits, digest):
        return self.executor.submit(self.task, path, limits, digest)

    def wait(self, pending: Iterable) -> set:
        return wait_local(list(pending), return_when=FIRST_COMPLETED).done

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self._start()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


class DaskPool:
    """The workers of a Dask distributed cluster (`dask scheduler`, `dask worker` from a venv
    with congvan installed). Workers open the files themselves: paths must name the same files
    on every worker (shared storage)."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError as error:   # pragma: no cover - depends on the install
            raise store.StoreError("--scheduler needs Dask: pip install 'congvan[cluster]'") from error
        try:
            self.client = Client(address, timeout="20s", set_as_default=False)
        except OSError as error:
            raise store.StoreError(f"cannot reach the Dask scheduler at {address}: {error}") from error
        self.workers = max(1, sum(self.client.nthreads().values()))

    def submit(self, path: str, limits, digest):
        return self.client.submit(store.process_file, path, limits, digest, pure=False)

    def wait(self, pending: Iterable) -> set:
        from distributed import wait

        with self.client.as_current():
            return set(wait(list(pending), return_when="FIRST_COMPLETED").done)

    def restart(self) -> None:
        pass   # Dask reschedules the tasks of a lost worker itself

    def close(self) -> None:
        self.client.close()


def open_pool(workers: int, scheduler: str | None = None):
    if scheduler:
        return DaskPool(scheduler)
    return SerialPool() if workers <= 1 else LocalPool(workers)


# ----------------------------------------------------------------------------------------------
# Ingesting


@dataclass
class _Job:
    path: str
    digest: tuple[str, int]
    mtime_ns: int


def _failed_item(path: str, reason: str, digest: tuple[str, int] | None = None, mtime_ns: int | None = None) -> dict:
    return {"path": path, "hash": digest[0] if digest else None, "size": digest[1] if digest else None,
            "mtime_ns": mtime_ns, "status": "failed", "reason": reason, "format": None, "key": None,
            "record": None, "text": None, "warnings": []}


def _known_item(path: str, digest: tuple[str, int], mtime_ns: int) -> dict:
    """A path whose bytes are in the store already (stored or failed): bookkeeping only, not read."""
    item = _failed_item(path, None, digest, mtime_ns)
    item["status"] = None
    return item


class _Writer:
    """Collects results and commits them in batches; reports each file once committed."""

    def __init__(self, conn: sqlite3.Connection, summary: IngestSummary, on_file):
        self.conn, self.summary, self.on_file = conn, summary, on_file
        self.buffer: list[dict] = []
        self.last = time.monotonic()

    def add(self, item: dict) -> None:
        self.buffer.append(item)
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
    except OSError as error:
        return None, _failed_item(name, f"cannot open: {error.strerror or error}")
    seen = store.path_status(conn, name)
    if seen is not None and seen["hash"] and seen["size"] == info.st_size and seen["mtime_ns"] == info.st_mtime_ns:
        digest = (seen["hash"], seen["size"])   # unchanged since it was hashed: trust that hash
    else:
        try:
            digest = store.file_hash(name)
        except OSError as error:
            return None, _failed_item(name, f"cannot open: {error.strerror or error}")
    before = store.status_of(conn, digest[0])
    if before == "ok" or (before == "failed" and not retry_failed):
        return None, _known_item(name, digest, info.st_mtime_ns)
    return _Job(name, digest, info.st_mtime_ns), None


def ingest(conn: sqlite3.Connection, paths: Iterable[str | os.PathLike], limits=None, *, workers: int = 1,
           scheduler: str | None = None, retry_failed: bool = False,
           on_file: Callable[[Path, str, str | None], None] | None = None, pool=None) -> IngestSummary:
    """Ingest files and folders into the store; a file whose bytes are stored is not read again.

    `workers` processes read in parallel (1: in this process); `scheduler` (`tcp://host:port`)
    sends the reading to a Dask cluster instead. `on_file(path, outcome, reason)` is called for
    each file once its result is committed, outcome one of `OUTCOMES`; paths are absolute.
    Files that failed before are not read again unless `retry_failed`. `pool`: one of this
    module's pools, made by the caller (closed here)."""
    started = time.perf_counter()
    pool = pool or open_pool(workers, scheduler)
    summary = IngestSummary(workers=pool.workers)
    writer = _Writer(conn, summary, on_file)
    window = 1 if isinstance(pool, SerialPool) else pool.workers * WINDOW_PER_WORKER
    walked = walk(paths)
    suspects: deque[_Job] = deque()   # in flight when a worker died: read again one at a time
    pending: dict = {}
    twins: dict[str, list[dict]] = {}   # hash in flight -> other paths with those bytes, written after it
    try:
        while True:
            limit = 1 if suspects else window
            while len(pending) < limit:
                job = suspects.popleft() if suspects else None
                if job is None:
                    path = next(walked, None)
                    if path is None:
                        break
                    job, item = _precheck(conn, path, retry_failed)
                    if item is not None:
                        writer.add(item)
                        continue
                    if job.digest[0] in twins:   # the same bytes in flight: the first path walked wins
                        twins[job.digest[0]].append(_known_item(job.path, job.digest, job.mtime_ns))
                        continue
                    twins[job.digest[0]] = []
                pending[pool.submit(job.path, limits, job.digest)] = job
                if suspects:
                    break
            if not pending:
                break
            crashed = []
            for future in pool.wait(pending):
                job = pending.pop(future)
                try:
                    item = future.result()
                except BrokenProcessPool:
                    crashed.append(job)
                    continue
                except Exception as error:   # a Dask worker lost for good, a result that would not pickle
                    item = _failed_item(job.path, f"worker failed ({type(error).__name__}: {error})", job.digest)
                item["mtime_ns"] = job.mtime_ns
                writer.add(item)
                for twin in twins.pop(job.digest[0], ()):
                    writer.add(twin)
            if crashed:
                crashed.extend(pending.values())
                pending.clear()
                if len(crashed) == 1:   # alone in flight: this file kills its reader
                    job = crashed[0]
                    writer.add(_failed_item(job.path, "the reader process died reading this file", job.digest,
                                            job.mtime_ns))
                    for twin in twins.pop(job.digest[0], ()):
                        writer.add(twin)
                else:
                    suspects.extend(crashed)
                pool.restart()
        writer.flush()
    finally:
        try:
            writer.flush()
        finally:
            pool.close()
    summary.seconds = time.perf_counter() - started
    return summary
