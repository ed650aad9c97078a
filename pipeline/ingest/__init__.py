"""Stage 4, at archive scale: walk an archive, read and extract its files in a pool of workers,
write the results from one writer, and keep a status for every path.

    walk(paths)                    files in a stable order, streamed (never the whole list in memory)
    ingest(conn, paths, workers=N) read in N processes (or on a Dask cluster: scheduler="tcp://..."),
                                   write in batched transactions from this process

Its modules, in the order a file goes through them:

    walk     the one folder walk and its skip rules (`walk`, `Skipped`, `NOT_DISPATCHES`)
    worker   `process_file`: read + record one file into a picklable dict (what a worker runs)
    pools    where files are read: in process, worker processes, a Dask cluster; crashes and
             time limits fail one file alone
    writer   one writer commits results in batches; `IngestSummary` counts the outcomes
    run      `ingest`: walk -> pool -> writer, resumable, stopped cleanly by SIGTERM or Ctrl-C

Callers use this package's names; its modules import each other, never this package.
"""
from __future__ import annotations

from .pools import DaskPool, LocalPool, SerialPool, open_pool
from .run import ingest
from .walk import NOT_DISPATCHES, Skipped, classify, count, walk
from .worker import process_file
from .writer import OUTCOMES, IngestSummary

__all__ = ["NOT_DISPATCHES", "OUTCOMES", "DaskPool", "IngestSummary", "LocalPool", "SerialPool", "Skipped",
           "classify", "count", "ingest", "open_pool", "process_file", "walk"]
