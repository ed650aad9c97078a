"""Walking an archive: the one folder walk, with its skip rules (the CLI's `parse` and `deadlines`
walk with it too).

Files as given; folders walked recursively in a stable order, streamed. Hidden entries and the
data files that sit beside dispatches in a corpus folder (`NOT_DISPATCHES`) are left out; every
other entry that is not a regular file (link loops, broken links, links to folders, FIFOs,
devices, folders that cannot be listed) comes as `Skipped` with its reason, never opened.
"""
from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..paths import printable

# Data files that sit beside dispatches in a corpus folder (gold records, manifests): a folder
# walk leaves them out; a file named on the command line is always read.
NOT_DISPATCHES = ("*.jsonl", "*.json", "*.tsv", "*.csv", "MANIFEST*", "*.db", "*.db-wal", "*.db-shm")


def _is_data_file(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in NOT_DISPATCHES)


@dataclass(frozen=True)
class Skipped:
    """A walked entry that is not read, and why: a link that loops or leads nowhere, a link to
    a folder (not followed, so a walk stays inside the archive), a FIFO, a device, a folder that
    cannot be listed. It gets a `skipped` row in the store, so nothing is left out silently."""

    path: str
    reason: str


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def file_kind(mode: int) -> str:
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
        return None if stat.S_ISREG(target.st_mode) else f"symbolic link to {file_kind(target.st_mode)}"
    if stat.S_ISREG(link.st_mode) or stat.S_ISDIR(link.st_mode):
        return None
    return f"not a regular file ({file_kind(link.st_mode)})"


def walk(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Skipped]:
    """Files as given; folders walked recursively in a stable order (by name, folders where
    they sort), hidden files and folders and data files (`NOT_DISPATCHES`: gold records,
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
