"""Where files are read during a batch: in this process, in worker processes, or on a Dask cluster.

The three pools answer the same calls: `submit(path, limits, digest)` gives a handle, `wait(handles,
timeout)` the handles that are done, `close(kill=False)`. A handle's `result()` is always an item
(`worker.process_file`'s dict): a file that kills its reader, or that takes longer than the file time
limit, comes back as a failed item naming the cause, never as an exception that would end the batch.

Worker processes (`LocalPool`) are given files over a pipe, each at most two (the one it reads and
the next, so that it never waits while the parent commits a batch), in order, so the parent always
knows which file each one is reading and since when (at the latest):
- a file past the time limit is stopped in the worker (SIGALRM raises `FileTimedOut`, which unwinds
  through the reader and kills its tool's process group); one that does not stop within
  `KILL_GRACE` seconds (stuck in native code) has its worker killed, and a new one takes its place;
- a worker that dies (a native library crashing on a hostile PDF) fails only the file it was reading;
- workers lead their own session (Ctrl-C in a terminal reaches the parent alone, which stops them
  in order), so that killing a worker's session kills the tools it started in groups of their own
  (LibreOffice, tesseract) too; they end themselves, with their tools, within a second when the
  parent is gone, however it died (kill -9 included): a watchdog thread checks that it still exists.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from multiprocessing.connection import wait as wait_ready
from typing import Any

from ..errors import StoreError
from ..read.tools import kill_session

# Modules a worker needs, imported once in the fork server so each worker starts warm.
PRELOAD = ["pipeline.store", "pipeline.read", "pipeline.record", "pipeline.extract.references"]
KILL_GRACE = 5.0        # seconds past the time limit before a worker that did not stop is killed
DEPTH = 2               # files a worker holds: the one it reads and the next
DIED = "the reader process died reading this file"


class FileTimedOut(BaseException):
    """Raised in a reader by the file time limit. A BaseException, so that the readers' own
    `except Exception` (which turns a bug into a failed file) does not swallow it."""


def took_too_long(seconds: float) -> str:
    return f"took longer than {seconds:g} s (raise --file-timeout)"


@contextmanager
def time_limit(seconds: float | None):
    """Raise FileTimedOut in this thread after `seconds` (main thread only: signals are delivered
    there; elsewhere, and for None, no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(_signum, _frame):
        raise FileTimedOut

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def failed_item(path: str, reason: str | None, digest: tuple[str, int] | None = None, mtime_ns: int | None = None) -> dict:
    return {"path": path, "hash": digest[0] if digest else None, "size": digest[1] if digest else None,
            "mtime_ns": mtime_ns, "status": "failed", "reason": reason, "format": None, "key": None,
            "record": None, "text": None, "warnings": []}


def run_task(task: Callable, path: str, limits, digest, seconds: float | None) -> dict:
    """`task(path, limits, digest)` within the file time limit; past it, a failed item."""
    try:
        with time_limit(seconds):
            return task(path, limits, digest)
    except FileTimedOut:
        assert seconds is not None   # only a time limit raises it
        return failed_item(path, took_too_long(seconds), digest)


class Handle:
    """A file submitted to a pool; `result()` is its item once `done`."""

    __slots__ = ("path", "limits", "digest", "item")

    def __init__(self, path: str, limits, digest, item: dict | None = None):
        self.path, self.limits, self.digest, self.item = path, limits, digest, item

    @property
    def done(self) -> bool:
        return self.item is not None

    def result(self) -> dict:
        if self.item is None:
            raise RuntimeError(f"{self.path}: not done yet")   # pools hand out only done handles
        return self.item


# ----------------------------------------------------------------------------------------------


class SerialPool:
    """Reads in this process: no start-up cost, for one worker."""

    workers = 1
    in_process = True

    def __init__(self, task: Callable, file_timeout: float | None = None):
        self.task, self.file_timeout = task, file_timeout

    def submit(self, path: str, limits, digest) -> Handle:
        return Handle(path, limits, digest, run_task(self.task, path, limits, digest, self.file_timeout))

    def wait(self, pending: Iterable[Handle], timeout: float | None = None) -> set:
        return set(pending)

    def close(self, kill: bool = False) -> None:
        pass


# ----------------------------------------------------------------------------------------------
# Worker processes


def _watch_parent(parent: int) -> None:
    """End this worker's whole session (it and every tool it runs) once the parent is gone."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(parent, 0)
        except (ProcessLookupError, PermissionError):   # PermissionError: the pid went to another user's process
            kill_session(os.getpid())


def _worker(conn, parent: int, task: Callable, file_timeout: float | None) -> None:
    os.setsid()   # its own session: the tools it starts in groups of their own stay in it, and die with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when to stop
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    while True:
        try:
            path, limits, digest = conn.recv()
        except (EOFError, OSError):
            return
        item = run_task(task, path, limits, digest, file_timeout)
        try:
            conn.send(item)
        except (EOFError, OSError):
            return
        except Exception as error:   # an item that would not pickle: a bug, not a reason to lose the batch
            conn.send(failed_item(path, f"internal error ({type(error).__name__}: {error}); please report it", digest))


class _Slot:
    """One worker process and the files it was given: the one it is reading (the first) and, so
    that it never waits for the parent between files (the parent may be committing a batch), the
    next one (`DEPTH`)."""

    def __init__(self, context, task, file_timeout):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_worker, args=(child, os.getpid(), task, file_timeout),
                                       daemon=True, name="congvan-reader")
        self.process.start()
        child.close()
        self.handles: deque[Handle] = deque()
        self.started = 0.0   # when the file it is reading began (at the latest: the parent learns late)

    @property
    def handle(self) -> Handle | None:
        """The file it is reading, None when idle."""
        return self.handles[0] if self.handles else None

    def has_room(self) -> bool:
        return len(self.handles) < DEPTH

    def give(self, handle: Handle) -> None:
        if not self.handles:
            self.started = time.monotonic()
        self.handles.append(handle)
        self.conn.send((handle.path, handle.limits, handle.digest))

    def finish(self, item: dict) -> Handle:
        assert self.handles, "a slot finishes only a file it was given"
        handle = self.handles.popleft()
        handle.item = item
        self.started = time.monotonic()   # it went on to the next file, if any, at the latest now
        return handle

    def unread(self) -> list[Handle]:
        """The files given after the one it is reading, which it never began: for another worker."""
        return list(self.handles)[1:]

    def kill(self) -> None:
        kill_session(self.process.pid)
        self.process.join(timeout=5)
        self.conn.close()


class LocalPool:
    """Worker processes on this machine, forked from a server that imported congvan once."""

    in_process = False

    def __init__(self, workers: int, task: Callable, file_timeout: float | None = None):
        self.workers, self.task, self.file_timeout = workers, task, file_timeout
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self.slots: list[_Slot | None] = [None] * workers
        self.queue: deque[Handle] = deque()

    def submit(self, path: str, limits, digest) -> Handle:
        handle = Handle(path, limits, digest)
        self.queue.append(handle)
        return handle

    def wait(self, pending: Iterable[Handle], timeout: float | None = None) -> set:
        """The pending handles that are done, waiting at most `timeout` seconds for one."""
        pending = set(pending)
        done = {h for h in pending if h.done}
        self._dispatch()
        busy = [s for s in self.slots if s is not None and s.handle is not None]
        if not done and busy:
            ready = set(wait_ready([s.conn for s in busy] + [s.process.sentinel for s in busy],
                                   self._wait_time(busy, timeout)))
            for slot in busy:
                if slot.conn in ready or slot.process.sentinel in ready:
                    self._collect(slot)
            self._stop_overdue(busy)
            done = {h for h in pending if h.done}
        return done

    def _wait_time(self, busy: list[_Slot], timeout: float | None) -> float | None:
        if not self.file_timeout:
            return timeout
        now = time.monotonic()
        overdue = min(s.started + self.file_timeout + KILL_GRACE - now for s in busy)
        return max(0.0, overdue if timeout is None else min(timeout, overdue))

    def _dispatch(self) -> None:
        for index, slot in enumerate(self.slots):
            if not self.queue:
                return
            if slot is not None and slot.handle is not None and not slot.process.is_alive():
                # died since the last wait: its file is failed here, not dropped with the slot
                # (a dropped handle is never done, and the batch waits for it for ever)
                self._collect(slot)
                slot = self.slots[index]
            if slot is None or not slot.process.is_alive():
                slot = self.slots[index] = _Slot(self.context, self.task, self.file_timeout)
            while slot.has_room() and self.queue:
                slot.give(self.queue.popleft())

    def _collect(self, slot: _Slot) -> None:
        try:
            if slot.conn.poll():
                while slot.handles and slot.conn.poll():
                    slot.finish(slot.conn.recv())
                return
        except (EOFError, OSError):
            pass
        handle = slot.handle
        assert handle is not None, "only a busy slot is watched"
        self._retire(slot, failed_item(handle.path, DIED, handle.digest))

    def _retire(self, slot: _Slot, item: dict) -> None:
        """Kill a worker, failing the file it was reading with `item`; the file it held next goes
        back to the front of the queue, for another worker."""
        self.queue.extendleft(reversed(slot.unread()))
        slot.kill()
        slot.finish(item)
        slot.handles.clear()
        self.slots[self.slots.index(slot)] = None

    def _stop_overdue(self, busy: list[_Slot]) -> None:
        now = time.monotonic()
        for slot in busy:
            if slot.handle is not None and self.file_timeout and now - slot.started > self.file_timeout + KILL_GRACE:
                handle = slot.handle
                self._retire(slot, failed_item(handle.path, took_too_long(self.file_timeout), handle.digest))

    def close(self, kill: bool = False) -> None:
        """Stop the workers: idle ones end on their closed pipe; with `kill`, busy ones too."""
        self.queue.clear()
        for index, slot in enumerate(self.slots):
            if slot is None:
                continue
            if kill or slot.handle is not None:
                slot.kill()
            else:
                slot.conn.close()
                slot.process.join(timeout=5)
                if slot.process.is_alive():
                    slot.kill()
            self.slots[index] = None


# ----------------------------------------------------------------------------------------------
# A Dask cluster


class DaskPool:
    """The workers of a Dask distributed cluster (`dask scheduler`, `dask worker` from a venv
    with congvan installed). Workers open the files themselves: paths must name the same files
    on every worker (shared storage). Dask runs tasks in threads, where no signal can stop a
    reader: the file time limit does not apply there."""

    in_process = False

    def __init__(self, address: str, task: Callable):
        try:
            from distributed import Client
        except ImportError as error:   # pragma: no cover - depends on the install
            raise StoreError("--scheduler needs Dask: pip install 'congvan[cluster]'") from error
        try:
            self.client = Client(address, timeout="20s", set_as_default=False)
        except OSError as error:
            raise StoreError(f"cannot reach the Dask scheduler at {address}: {error}") from error
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.task = task
        self.futures: dict[Handle, Any] = {}   # distributed's Future

    def submit(self, path: str, limits, digest) -> Handle:
        handle = Handle(path, limits, digest)
        self.futures[handle] = self.client.submit(self.task, path, limits, digest, pure=False)
        return handle

    def wait(self, pending: Iterable[Handle], timeout: float | None = None) -> set:
        from distributed import wait
        from distributed.utils import TimeoutError as DaskTimeout

        pending = [h for h in pending if h in self.futures]
        with self.client.as_current():
            try:
                finished = wait([self.futures[h] for h in pending], timeout=timeout, return_when="FIRST_COMPLETED").done
            except (TimeoutError, DaskTimeout):
                finished = set()
        done = set()
        for handle in pending:
            future = self.futures[handle]
            if future in finished:
                try:
                    handle.item = future.result()
                except Exception as error:   # a worker lost for good, a result that would not pickle
                    handle.item = failed_item(handle.path, f"worker failed ({type(error).__name__}: {error})",
                                              handle.digest)
                del self.futures[handle]
                done.add(handle)
        return done

    def close(self, kill: bool = False) -> None:
        if kill:
            for future in self.futures.values():
                future.cancel()
        self.client.close()


def open_pool(task: Callable, workers: int, scheduler: str | None = None, file_timeout: float | None = None):
    """The pool that reads with `task(path, limits, digest)`: in this process for one worker, worker
    processes for more, the workers of a Dask cluster at `scheduler`."""
    if scheduler:
        return DaskPool(scheduler, task)
    if workers <= 1:
        return SerialPool(task, file_timeout)
    return LocalPool(workers, task, file_timeout)
