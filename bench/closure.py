"""The closure half of `make bench` (issue 19): task status precision and recall on the synthetic
archive with answers, and the latency of `congvan tasks --unit X`.

- status: a synthetic archive with the lead departments' reports (`congvan synth` with answers:
  some on time, some late, some never; TXT, cached in bench/cache/), ingested by `congvan ingest`
  (read and extracted like any archive), then `closure.tasks` on a pinned day against the truth
  (`TASKS.jsonl`): for each status, precision and recall over the lead tasks of the truth's requests
  (a task is the request, the unit and the due day; a truth task missing from the answer is a miss);
- latency: `congvan tasks --unit X --format json --today D --db F` as a fresh process, 5 runs each
  (min, median, max), on a store of synthetic documents with answers built straight from the
  generator's truth records (no files, no extractors; 1,000,000 documents unless
  `CONGVAN_BENCH_TASKS_DOCS` says otherwise; built once, cached in bench/cache/), for the unit
  (one body of one province) with the most tasks, one with few, and a name every province's
  department shares (`Sở Y tế`: some sixty units at once).

`python bench/closure.py [COUNT]` runs it alone and prints JSON.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / "cache"
CONGVAN = Path(sys.executable).with_name("congvan")
SEED = 7
TODAY = dt.date(2024, 3, 31)     # the day statuses are counted from: inside the archive's years
STORE_DOCS = 1_000_000           # the store `congvan tasks --unit` is timed on
RUNS = 5
FIXED_CLOCK = "2026-01-01T00:00:00+00:00"   # the store's only clock reading, pinned

sys.path.insert(0, str(ROOT))


def archive_with_answers(count: int) -> Path:
    from pipeline.synth import write_archive

    archive = CACHE / f"closure-{count}"
    if not (archive / "TASKS.jsonl").exists():
        shutil.rmtree(archive, ignore_errors=True)
        write_archive(archive, count, seed=SEED, formats={"txt": 1}, answers=True)
    return archive


def ingested(archive: Path) -> Path:
    database = archive.with_suffix(".db")
    done = archive.with_suffix(".done")
    if not done.exists():
        _remove(database)
        subprocess.run([str(CONGVAN), "ingest", str(archive), "--db", str(database),
                        "--workers", str(os.cpu_count() or 1)], check=True, capture_output=True)
        done.write_text("ingested\n")
    return database


def score(database: Path, truth_path: Path, today: dt.date = TODAY) -> dict:
    """Status precision and recall per status and over all, on the truth's lead tasks."""
    from pipeline import closure, store

    truth = [json.loads(line) for line in truth_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    conn = store.connect(database, create=False)
    ids = {row[0]: row[1] for row in conn.execute("SELECT key, id FROM documents")}
    expected: dict[tuple, str] = {}
    for task in truth:
        answered = dt.date.fromisoformat(task["answered_on"]) if task["answered_on"] else None
        due = dt.date.fromisoformat(task["due"])
        key = (ids.get(task["request_key"]), closure.body_key(task["actor"]), due)
        expected[key] = closure.status_of(due, answered if answered and answered <= today else None, today)
    requests = {key[0] for key in expected}
    started = time.perf_counter()
    found = closure.tasks(conn, today)
    seconds = time.perf_counter() - started
    predicted = {(t.request_id, t.unit_key, t.due): t.status for t in found
                 if t.request_id in requests and t.unit_key in {k[1] for k in expected if k[0] == t.request_id}}
    per_status = {}
    for status in closure.STATUSES:
        hits = sum(1 for k, s in predicted.items() if s == status and expected.get(k) == status)
        said = sum(1 for s in predicted.values() if s == status)
        true = sum(1 for s in expected.values() if s == status)
        per_status[status] = {"truth": true, "predicted": said, "precision": round(hits / said, 3) if said else None,
                              "recall": round(hits / true, 3) if true else None}
    correct = sum(1 for k, s in predicted.items() if expected.get(k) == s)
    return {"today": today.isoformat(), "tasks_in_truth": len(expected), "tasks_matched": len(predicted),
            "precision": round(correct / len(predicted), 3) if predicted else None,
            "recall": round(correct / len(expected), 3) if expected else None,
            "by_status": per_status, "all_tasks_seconds": round(seconds, 2), "all_tasks": len(found)}


def build_store(count: int) -> Path:
    """The store of `count` synthetic documents with answers, written once from the truth records."""
    from pipeline import store
    from pipeline.synth import records_for_store

    database = CACHE / f"closure-store-{count}.db"
    done = database.with_suffix(".done")
    if not done.exists():
        _remove(database)
        CACHE.mkdir(parents=True, exist_ok=True)
        conn, started = store.connect(database), time.perf_counter()
        items = records_for_store(count, seed=SEED, answers=True)
        while batch := list(itertools.islice(items, 2000)):   # one transaction each
            store.write_batch(conn, batch, FIXED_CLOCK)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        done.write_text(f"{count} documents in {time.perf_counter() - started:.0f} s\n")
    return database


def _remove(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def units_to_time(database: Path) -> dict[str, str]:
    """The units timed: the body of one province owing the most deadlines of its province's own
    requests, one owing a single one, and a department's name that every province shares."""
    from pipeline import store

    conn = store.connect(database, create=False)
    try:
        pairs = conn.execute(
            "SELECT x.owner, d.province, count(*) AS n FROM deadlines x JOIN documents d ON d.id = x.document_id"
            " WHERE x.kind = 'due' AND x.owner_key LIKE 'so %' AND d.province IS NOT NULL"
            " GROUP BY x.owner_key, d.province ORDER BY n DESC, x.owner_key, d.province").fetchall()
    finally:
        conn.close()
    # a name `body_key` folds back to its owner's key (`Bà Rịa - Vũng Tàu` loses its dash and stays in the key)
    units = [f"{owner} tỉnh {province}" for owner, province, _ in pairs]
    units = [unit for unit, (owner, _, _) in zip(units, pairs, strict=True) if store.body_key(unit) == store.body_key(owner)]
    return {"many": units[0], "few": units[-1], "every_province": "Sở Y tế"}


def tasks_command(database: Path, unit: str, today: dt.date = TODAY) -> list[str]:
    return [str(CONGVAN), "tasks", "--unit", unit, "--format", "json", "--today", today.isoformat(), "--db", str(database)]


def latency(database: Path, today: dt.date = TODAY, runs: int = RUNS) -> dict:
    """`congvan tasks --unit X --format json` in a fresh process, `runs` times per unit: seconds and tasks."""
    figures = {}
    for role, unit in units_to_time(database).items():
        times, tasks = [], None
        for _ in range(runs):
            started = time.perf_counter()
            result = subprocess.run(tasks_command(database, unit, today), capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            tasks = len(json.loads(result.stdout)) if result.returncode == 0 else None
        figures[role] = {"unit": unit, "tasks": tasks, "exit_code": result.returncode,
                         "min_s": round(min(times), 2), "median_s": round(statistics.median(times), 2),
                         "max_s": round(max(times), 2)}
    started = time.perf_counter()
    subprocess.run([str(CONGVAN), "--help"], capture_output=True, check=True)
    return {"store": database.name, "documents": _documents(database), "deadlines": _deadlines(database),
            "store_gb": round(database.stat().st_size / 1e9, 1), "runs": runs,
            "command": " ".join(tasks_command(database, "X", today)),
            "congvan_help_s": round(time.perf_counter() - started, 2), "units": figures}


def _documents(database: Path) -> int:
    return _count(database, "documents")


def _deadlines(database: Path) -> int:
    return _count(database, "deadlines")


def _count(database: Path, table: str) -> int:
    from pipeline import store

    conn = store.connect(database, create=False)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def bench_closure(count: int = 3000) -> dict:
    archive = archive_with_answers(count)
    database = ingested(archive)
    size = int(os.environ.get("CONGVAN_BENCH_TASKS_DOCS", STORE_DOCS))
    return {"status": score(database, archive / "TASKS.jsonl"), "latency": latency(build_store(size))}


def report(results: dict) -> None:
    status, lat = results["status"], results["latency"]
    print(f"closure (issue 19), synthetic archive with answers, {status['tasks_in_truth']} lead tasks on "
          f"{status['today']}: status precision {status['precision']}, recall {status['recall']}")
    for name, figures in status["by_status"].items():
        print(f"  {name}: truth {figures['truth']}, predicted {figures['predicted']}, P {figures['precision']}, "
              f"R {figures['recall']}")
    print(f"  {lat['command']}: fresh process, {lat['runs']} runs each, on {lat['documents']:,} documents "
          f"({lat['deadlines']:,} deadlines, {lat['store_gb']} GB; `congvan --help` alone {lat['congvan_help_s']} s)")
    for role, unit in lat["units"].items():
        print(f"    {role}: {unit['unit']} ({unit['tasks']} tasks): min {unit['min_s']} s, median {unit['median_s']} s, "
              f"max {unit['max_s']} s  [{lat['documents']:,}-document store]")


if __name__ == "__main__":
    figures = bench_closure(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    report(figures)
