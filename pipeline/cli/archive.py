"""`congvan ingest`, `stats`, `failures`, `search`, `lineage`, `coverage`, `status`, `export graph`: the store
and the citation graph from the command line.

Every command takes `--db` (else `$CONGVAN_DB`, else `./congvan.db`). Exit codes as `parse`:
0 all well, 3 some files failed (each named on stderr with its reason), 2 usage error (an
unknown or ambiguous REF, a missing store). Added to the main group by `register(main)`.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import time
from typing import NoReturn

import click

from .. import graph as graphs
from .. import store
from ..ingest import count, ingest
from .options import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, db_option, limit_options, make_limits

format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


def _fail(message: str) -> NoReturn:
    click.echo(f"congvan: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _open(db: str, create: bool = False):
    try:
        return store.connect(db, create=create)
    except store.StoreError as error:
        _fail(str(error))


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


# ----------------------------------------------------------------------------------------------
# ingest


class _Progress:
    """A rich progress bar (files/s, ETA, failures so far) when stderr is a terminal, else a line
    every 10 s; each failure named on its own line as it happens."""

    def __init__(self, total: int | None):
        self.total, self.done, self.failed, self.bar = total, 0, 0, None
        self.started = self.said = time.perf_counter()
        if sys.stderr.isatty() and (total or 0) > 1:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                                TextColumn("{task.fields[rate]} files/s"), TextColumn("ETA"), TimeRemainingColumn(),
                                TextColumn("{task.fields[failed]} failed"),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("", total=total, rate="-", failed=0)
            self.bar.start()

    def __call__(self, path, outcome: str, reason: str | None) -> None:
        self.done += 1
        if outcome == "failed":
            self.failed += 1
            self._say(f"congvan: {path}: {reason}")
        elif outcome == "failed before":
            self.failed += 1
            self._say(f"congvan: {path}: {reason} (failed before; --retry-failed reads it again)")
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        if self.bar is not None:
            self.bar.update(self.task, advance=1, rate=f"{self.done / elapsed:.1f}", failed=self.failed)
        elif time.perf_counter() - self.said >= 10:
            self.said = time.perf_counter()
            left = ""
            if self.total:
                eta = (self.total - self.done) / (self.done / elapsed)
                left = f", about {eta:.0f} s left"
            click.echo(f"congvan: {self.done}/{self.total or '?'} files, {self.done / elapsed:.1f} files/s, "
                       f"{self.failed} failed{left}", err=True)

    def _say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="all cores",
              help="Processes reading files in parallel (one writer).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Read on a Dask cluster instead (congvan[cluster]; the files on shared storage).")
@click.option("--retry-failed", is_flag=True, help="Read again files whose bytes failed before.")
@click.option("--file-timeout", type=click.FloatRange(min=0, min_open=True), default=600, show_default=True,
              help="Seconds one file may take (read, OCR, extract); past it the file is failed and the batch goes on.")
@limit_options
def ingest_command(paths, db, workers, scheduler, retry_failed, file_timeout, **limit_args):
    """Read PATHS (files, or folders recursively) into the store.

    A file is keyed by its bytes: ingesting it again changes nothing; a killed run resumes
    where it stopped. Each path gets a status (`congvan files`): ok, partial, failed or
    skipped (the same bytes under another name). Data files in folders (*.jsonl, *.json,
    *.tsv, *.csv, MANIFEST*) are left out."""
    limits = make_limits(**limit_args)
    conn = _open(db, create=True)
    progress = _Progress(count(paths))
    try:
        summary = ingest(conn, paths, limits, workers=workers, scheduler=scheduler,
                               retry_failed=retry_failed, file_timeout=file_timeout, on_file=progress)
    except store.StoreError as error:
        _fail(str(error))
    finally:
        progress.close()
    where = f"on {scheduler}" if scheduler else f"{summary.workers} worker{'s' * (summary.workers > 1)}"
    click.echo(f"congvan: {summary.line()} ({where}) -> {db}", err=True)
    if summary.interrupted:
        sys.exit(128 + getattr(signal, summary.interrupted))
    sys.exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


# ----------------------------------------------------------------------------------------------
# stats, failures, search


@click.command()
@db_option
@format_option
def stats(db, fmt):
    """Counts: documents, references, deadlines, targets, failed files."""
    figures = store.stats(_open(db))
    if fmt == "json":
        _echo_json(figures)
    else:
        for name, value in figures.items():
            click.echo(f"{name:<18} {value}")


@click.command()
@db_option
@format_option
def failures(db, fmt):
    """Files that could not be read, with the reason."""
    rows = store.failures(_open(db))
    if fmt == "json":
        _echo_json(rows)
    else:
        for row in rows:
            click.echo(f"{row['path']}\t{row['reason']}")


@click.command()
@db_option
@click.option("--status", "statuses", multiple=True, type=click.Choice(["ok", "partial", "failed", "skipped"]),
              help="Only paths with this status (repeatable); all by default.")
@format_option
def files(db, statuses, fmt):
    """Every path ingested, with its status (ok, partial, failed, skipped) and the reason."""
    rows = store.path_statuses(_open(db), statuses or ("ok", "partial", "failed", "skipped"))
    if fmt == "json":
        _echo_json(list(rows))
        return
    for row in rows:
        click.echo("\t".join([row["path"], row["status"], row["reason"] or ""]))


@click.command()
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--match", type=click.Choice(["near", "phrase", "all"]), default="near", show_default=True,
              help="near: the words within a few of each other; phrase: in order; all: anywhere.")
@format_option
def search(query, db, limit, match, fmt):
    """Full-text search, with or without diacritics: `chi thi 19` finds `Chỉ thị số 19/CT-TTg`."""
    conn = _open(db)
    try:
        hits = store.search(conn, " ".join(query), limit=limit, match=match)
    except store.StoreError as error:
        _fail(str(error))
    if fmt == "json":
        _echo_json(hits)
        return
    for hit in hits:
        what = " ".join(x for x in (hit["type"], hit["code"]) if x) or "(no number)"
        click.echo(f"#{hit['id']} {what} · {hit['date'] or '?'} · {hit['issuer'] or '?'}  [{hit['source']}]")
        click.echo(f"    {hit['snippet']}")
    if not hits:
        click.echo("no match", err=True)


# ----------------------------------------------------------------------------------------------
# lineage, coverage, export


def _node(conn, ref: str, issuer: str | None) -> str:
    try:
        return graphs.locate(conn, ref, issuer=issuer)
    except graphs.NotFound as error:
        lines = [str(error), *[f"  {graphs.describe(error.graph, c)}   ({c})" for c in error.candidates]]
        _fail("\n".join(lines))


@click.command()
@click.argument("ref")
@click.option("--up", "direction", flag_value="up", help="What it cites, up to the central directive.")
@click.option("--down", "direction", flag_value="down", help="Who cites it, down to the commune.")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="How many citations to follow (all by default).")
@click.option("--issuer", help="Which issuer's document, when a local number (41/KH-UBND) is ambiguous.")
@db_option
@format_option
def lineage(ref, direction, depth, issuer, db, fmt):
    """The citation tree of REF: a number (19/CT-TTg), a file path or a document id.

    Without --up or --down both trees are shown."""
    conn = _open(db)
    root = _node(conn, ref, issuer)
    directions = [direction] if direction else ["up", "down"]
    graph = graphs.around(conn, [root], up=depth if "up" in directions else 0, down=depth if "down" in directions else 0)
    trees = {d: graphs.lineage(graph, root, d, depth) for d in directions}
    if fmt == "json":
        data = {d: graphs.lineage_json(graph, tree, d) for d, tree in trees.items()}
        _echo_json(data[direction] if direction else data)
        return
    if direction:
        click.echo(graphs.lineage_text(graph, trees[direction]))
        return
    click.echo(graphs.describe(graph, root))
    click.echo("▲ cites")
    click.echo(graphs.lineage_text(graph, trees["up"], root=False))
    click.echo("▼ cited by")
    click.echo(graphs.lineage_text(graph, trees["down"], root=False))


@click.command()
@click.argument("ref")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True,
              help="1: documents citing REF; 2: also those citing them (a district plan under a province's plan)...")
@click.option("--relation", "relations", multiple=True, type=click.Choice(list(graphs.RELATION_RANK)),
              help="Count only these relations (repeatable); all by default.")
@click.option("--issuer", help="Which issuer's document, when a local number is ambiguous.")
@click.option("--as-issued", is_flag=True,
              help="Group by the province as issued (63 before 1 July 2025), not by the 34 provinces of now.")
@db_option
@format_option
def coverage(ref, depth, relations, issuer, as_issued, db, fmt):
    """Who cites REF, by province and level, how soon; and which provinces in the archive did not.

    Provinces are today's (Nghị quyết 202/2025/QH15): a 2024 plan of Bình Thuận counts for Lâm Đồng.
    When REF has been replaced, its successor's coverage is named too."""
    conn = _open(db)
    root = _node(conn, ref, issuer)
    graph = graphs.around(conn, [root], up=0, down=depth)
    report = graphs.coverage(graph, root, depth=depth, relations=tuple(relations) or None, as_issued=as_issued)
    state = graphs.status(graph, root)
    if fmt == "json":
        _echo_json({**report, "status": state})
        return
    click.echo(graphs.coverage_text(graph, report))
    for successor in state["document"]["successors"]:
        click.echo(f"{state['status']} by {successor}: its coverage is `congvan coverage {successor}`")


@click.command()
@click.argument("ref")
@click.option("--issuer", help="Which issuer's document, when a local number is ambiguous.")
@db_option
@format_option
def status(ref, issuer, db, fmt):
    """Whether REF still stands: in force, amended, replaced, repealed or suspended, by which
    documents of the archive, from when, with the sentence that says so."""
    conn = _open(db)
    root = _node(conn, ref, issuer)
    graph = graphs.around(conn, [root], up=0, down=1)
    report = graphs.status(graph, root)
    if fmt == "json":
        _echo_json(report)
    else:
        click.echo(graphs.status_text(graph, report))


@click.command("graph")
@db_option
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]), default="graphml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-", show_default=True,
              help="File to write; - for stdout.")
def export_graph(db, fmt, output):
    """The citation graph for Gephi (gexf), yEd/Cytoscape (graphml) or scripts (node-link json)."""
    graph = graphs.build(_open(db))
    if output == "-":
        graphs.export(graph, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        graphs.export(graph, fmt, output)
        click.echo(f"congvan: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges -> {output}", err=True)


@click.group()
def export():
    """Export what congvan knows to other tools."""


def register(main: click.Group) -> None:
    """Add the store's commands to the `congvan` group (idempotent). `export` joins an existing
    `export` group when another module made one first."""
    if "ingest" not in main.commands:
        main.add_command(ingest_command)
    for command in (stats, failures, files, search, lineage, coverage, status):
        if command.name not in main.commands:
            main.add_command(command)
    group = main.commands.get("export")
    if group is None:
        export.add_command(export_graph)
        main.add_command(export)
    elif isinstance(group, click.Group) and "graph" not in group.commands:
        group.add_command(export_graph)
