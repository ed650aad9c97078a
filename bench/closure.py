"""The closure half of `make bench` (issue 19): task status precision and recall on the synthetic
archive with answers, and the latency of `congvan tasks --unit X`.

- status: a synthetic archive with the lead departments' reports (`congvan synth` with answers:
  some on time, some late, some never; TXT, cached in bench/cache/), ingested by `congvan ingest`
  (read and extracted like any archive), then `closure.tasks` on a pinned day against the truth
  (`TASKS.jsonl`): for each status, precision and recall over the lead tasks of the truth's requests
  (a task is the request, the unit and the due day; a truth task missing from the answer is a miss);
- latency: `congvan tasks --unit X --format json` as a fresh process on the largest store at hand
  (the million-document store of `scale.py` when it is built, else the synthetic store here),
  median and max over a few units.

`python bench/closure.py [COUNT]` runs it alone and prints JSON.
"""
from __future__ import annotations

import datetime as dt
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
UNITS = ("Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "UBND huyện", "Sở Giao thông vận tải")

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
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
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


def latency(database: Path, today: dt.date = TODAY) -> dict:
    """`congvan tasks --unit X --format json` in a fresh process, per unit: seconds and tasks."""
    runs = {}
    for unit in UNITS:
        started = time.perf_counter()
        result = subprocess.run([str(CONGVAN), "tasks", "--db", str(database), "--unit", unit, "--today",
                                 today.isoformat(), "--format", "json"], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        tasks = len(json.loads(result.stdout)) if result.returncode == 0 else None
        runs[unit] = {"seconds": round(seconds, 2), "tasks": tasks, "exit_code": result.returncode}
    times = [r["seconds"] for r in runs.values()]
    return {"store": database.name, "documents": _documents(database), "median_s": round(statistics.median(times), 2),
            "max_s": max(times), "units": runs}


def _documents(database: Path) -> int:
    from pipeline import store

    conn = store.connect(database, create=False)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def largest_store(fallback: Path) -> Path:
    candidates = [p for p in CACHE.glob("synth-*.db") if Path(str(p).replace(".db", ".done")).exists()]
    return max(candidates, key=lambda p: p.stat().st_size) if candidates else fallback


def bench_closure(count: int = 3000) -> dict:
    archive = archive_with_answers(count)
    database = ingested(archive)
    return {"status": score(database, archive / "TASKS.jsonl"), "latency": latency(largest_store(database))}


def report(results: dict) -> None:
    status, lat = results["status"], results["latency"]
    print(f"closure (issue 19), synthetic archive with answers, {status['tasks_in_truth']} lead tasks on "
          f"{status['today']}: status precision {status['precision']}, recall {status['recall']}")
    for name, figures in status["by_status"].items():
        print(f"  {name}: truth {figures['truth']}, predicted {figures['predicted']}, P {figures['precision']}, "
              f"R {figures['recall']}")
    print(f"  congvan tasks --unit X on {lat['store']} ({lat['documents']:,} documents): median {lat['median_s']} s, "
          f"max {lat['max_s']} s (fresh process each)")


if __name__ == "__main__":
    figures = bench_closure(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    report(figures)
