"""The scale half of `make bench` (issue 7):

- ingest: a synthetic archive of 20,000 documents (TXT, DOCX, PDF; written once, cached in
  bench/cache/) ingested by `congvan ingest` with all cores: docs/s, and the peak resident memory
  of the whole process tree (the writer and its workers), sampled every 0.2 s;
- a store of 1,000,000 synthetic documents, built once from the generator's truth records (no
  files, no extractors; cached), and the latency of `lineage` and `coverage` on it, measured in a
  fresh process as the command line runs them (find the node, read the graph around it, walk it),
  with that process's peak memory.

`python bench/scale.py query DB` is the measuring child; `run.py` calls the rest.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / "cache"
CONGVAN = Path(sys.executable).with_name("congvan")
SEED = 7
FIXED_CLOCK = "2026-01-01T00:00:00+00:00"   # the store's only clock reading, pinned

sys.path.insert(0, str(ROOT))


def _tree_rss(process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except Exception:   # a worker that just ended
            pass
    return total


def _run_sampling(command: list[str]) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run a command; (result, seconds, peak RSS of its process tree in bytes)."""
    import psutil

    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        process = psutil.Process(child.pid)
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(process))
            except psutil.NoSuchProcess:
                return
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = child.communicate()
    done.set()
    sampler.join()
    return subprocess.CompletedProcess(command, child.returncode, out, err), time.perf_counter() - started, peak


def bench_ingest(count: int = 20_000) -> dict:
    from pipeline.synth import write_archive

    archive = CACHE / f"synth-{count}"
    if not (archive / "MANIFEST.tsv").exists():
        shutil.rmtree(archive, ignore_errors=True)
        started = time.perf_counter()
        write_archive(archive, count, seed=SEED)
        print(f"  (wrote the {count}-document synthetic archive in {time.perf_counter() - started:.0f} s, cached)",
              flush=True)
    database = CACHE / "synth-ingest.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    workers = os.cpu_count() or 1
    result, seconds, peak = _run_sampling([str(CONGVAN), "ingest", str(archive), "--db", str(database),
                                           "--workers", str(workers)])
    summary = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    added = int(re.search(r"(\d+) added", summary).group(1)) if "added" in summary else 0
    failed = int(re.search(r"(\d+) failed", summary).group(1)) if "failed" in summary else 0
    formats = {}
    for line in (archive / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        fmt = line.split("\t")[1] if "\t" in line else "?"
        formats[fmt] = formats.get(fmt, 0) + 1
    return {"documents": count, "formats": formats, "workers": workers, "added": added, "failed": failed,
            "seconds": round(seconds, 1), "docs_per_s": round(added / seconds, 1),
            "peak_rss_mb": round(peak / 2**20), "exit_code": result.returncode, "summary": summary}


def build_million(count: int) -> Path:
    """The store of `count` synthetic documents, written once from the truth records."""
    from pipeline import store
    from pipeline.synth import records_for_store

    database = CACHE / f"synth-{count}.db"
    done = CACHE / f"synth-{count}.done"
    if database.exists() and done.exists():
        return database
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    conn = store.connect(database)
    started, batch, written = time.perf_counter(), [], 0
    for item in records_for_store(count, seed=SEED):
        batch.append(item)
        if len(batch) == 2000:
            store.write_batch(conn, batch, FIXED_CLOCK)
            written += len(batch)
            batch = []
            if written % 100_000 == 0:
                rate = written / (time.perf_counter() - started)
                print(f"  (building the {count:,}-document store: {written:,} written, {rate:.0f}/s)", flush=True)
    if batch:
        store.write_batch(conn, batch, FIXED_CLOCK)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    done.write_text(f"{count} documents in {time.perf_counter() - started:.0f} s\n")
    return database


def bench_million(count: int = 1_000_000) -> dict:
    started = time.perf_counter()
    database = build_million(count)
    built = time.perf_counter() - started
    result = subprocess.run([sys.executable, __file__, "query", str(database)], capture_output=True, text=True)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:]}
    figures = json.loads(result.stdout)
    return {"documents": count, "store_gb": round(database.stat().st_size / 1e9, 2),
            "build_seconds_this_run": round(built, 1), **figures}


def _queries(database: str, samples: int = 20) -> dict:
    """In a fresh process: lineage and coverage as `congvan lineage/coverage` run them."""
    import resource

    from pipeline import graph as graphs
    from pipeline import store

    conn = store.connect(database, create=False)
    most_cited = [row[0] for row in conn.execute(
        "SELECT c.code FROM citations c JOIN documents d ON d.key = c.key AND d.level = 'central'"
        " GROUP BY c.key ORDER BY count(*) DESC LIMIT ?", (samples,))]
    communes = [row[0] for row in conn.execute(
        "SELECT id FROM documents WHERE level = 'commune' ORDER BY id LIMIT ?", (samples,))]
    provincial = [row[0] for row in conn.execute(
        "SELECT id FROM documents WHERE level = 'province' ORDER BY id LIMIT ?", (samples,))]

    def timed(run, refs) -> tuple[list[float], list[int]]:
        times, sizes = [], []
        for ref in refs:
            start = time.perf_counter()
            sizes.append(run(str(ref)))
            times.append((time.perf_counter() - start) * 1000)
        return times, sizes

    def lineage(ref: str, direction: str, depth: int | None) -> int:
        root = graphs.locate(conn, ref)
        graph = graphs.around(conn, [root], up=depth if direction == "up" else 0, down=depth if direction == "down" else 0)
        tree = graphs.lineage_json(graph, graphs.lineage(graph, root, direction, depth), direction)
        return len(tree["nodes"])

    def coverage(ref: str) -> int:
        root = graphs.locate(conn, ref)
        graph = graphs.around(conn, [root], up=0, down=1)
        return len(graphs.coverage(graph, root)["citing"])

    out = {}
    for name, run, refs in (
            ("lineage_up_from_commune", lambda r: lineage(r, "up", None), communes),
            ("lineage_down_from_province_plan", lambda r: lineage(r, "down", None), provincial),
            ("lineage_down_depth1_from_central", lambda r: lineage(r, "down", 1), most_cited),
            ("coverage_of_central", coverage, most_cited)):
        times, sizes = timed(run, refs)
        out[name] = {"queries": len(times), "ms_median": round(statistics.median(times), 1),
                     "ms_max": round(max(times), 1), "nodes_median": statistics.median(sizes), "nodes_max": max(sizes)}
    out["query_process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "query":
        print(json.dumps(_queries(sys.argv[2])))
    else:
        print(json.dumps({"ingest": bench_ingest(), "million": bench_million()}, indent=1))
