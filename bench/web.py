"""`make bench-web`: the web app under load, printed and merged into bench/results.json ("web").

Starts `congvan serve` on a free loopback port over a store (`--db`, else the real corpus of
../shared/corpora/real ingested with --no-ocr, cached in bench/cache/; else corpora/seeds), then
measures requests/s and p50/p99 latency of `/api/search` (varied realistic queries) and
`/api/lineage` (the most cited documents) at 1, 50 and 200 concurrent clients; then searches at 50
clients while `congvan ingest` writes a synthetic archive into a copy of the store (errors, and any
"database is locked" in the server's log, counted).

The clients are a few lines of asyncio over keep-alive HTTP/1.1 connections rather than httpx:
they share the machine's cores with the server, and the lightest client leaves the most of them
to what is measured. Each run is bounded by a request count and a time limit.

    .venv/bin/python bench/web.py [--db STORE] [--workers N] [--clients 1,50,200] [--seconds 20] [--no-ingest]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
SEEDS = ROOT / "corpora" / "seeds"
CACHE = ROOT / "bench" / "cache"
RESULTS = ROOT / "bench" / "results.json"
CONGVAN = [sys.executable, "-m", "pipeline"]
TODAY = "2024-12-01"   # the server's pinned day: the figures do not depend on the clock

# What analysts type: words with and without diacritics, phrases, document numbers.
QUERIES = [
    "chi thi 19", "Chỉ thị 19", "ủy ban nhân dân", "ke hoach", "kế hoạch thực hiện", "báo cáo kết quả",
    "19/CT-TTg", "34-CT/TW", "thi dua khen thuong", "chuyển đổi số", "an toàn giao thông", "phong chong dich",
    "nghị định", "cải cách hành chính", "quoc phong", "giáo dục", "tiết kiệm", "phòng cháy chữa cháy",
    "dien bien", "Bộ Nội vụ", "ngân sách nhà nước", "bao cao truoc ngay", "tuyên truyền", "môi trường",
]


# ----------------------------------------------------------------------------------------------
# The store and the server


def build_store() -> Path:
    """The real corpus (or the seeds) ingested into bench/cache/; a second run only checks it (resumable)."""
    corpus, db = (REAL, CACHE / "web-real.db") if REAL.is_dir() else (SEEDS, CACHE / "web-seeds.db")
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"store: {corpus} -> {db.relative_to(ROOT)} (ingest --no-ocr, resumable)", flush=True)
    ingest = subprocess.run([*CONGVAN, "ingest", str(corpus), "--db", str(db), "--no-ocr"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if ingest.returncode not in (0, 3):   # 3: some files failed to read, the rest is stored
        sys.exit(f"ingest failed ({ingest.returncode}):\n{ingest.stderr[-2000:]}")
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`congvan serve` on a free loopback port, its stderr kept in a file."""

    def __init__(self, db: Path, workers: int):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        command = [*CONGVAN, "serve", "--db", str(db), "--port", str(self.port), "--today", TODAY,
                   "--log-level", "warning", *(["--workers", str(workers)] if workers > 1 else [])]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/facets", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        sys.exit(f"congvan serve did not start:\n{self.logged()[-2000:]}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server's processes have used so far: what a request costs,
        whatever else the machine is running."""
        return sum(_cpu_seconds(pid) for pid in _process_tree(self.process.pid))

    def logged(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn's worker processes), from /proc."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:   # ended meanwhile
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime, stime


def lineage_refs(db: Path, count: int = 12) -> list[str]:
    """The most cited keys and a few stored document numbers: lineages worth drawing."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        cited = [row[0] for row in conn.execute("SELECT key FROM citations GROUP BY key"
                                                " ORDER BY count(DISTINCT document_id) DESC LIMIT ?", (count,))]
        codes = [row[0] for row in conn.execute("SELECT code FROM documents WHERE code IS NOT NULL"
                                                " ORDER BY id LIMIT ?", (count // 2,))]
    finally:
        conn.close()
    return cited + codes or ["19/CT-TTg"]


# ----------------------------------------------------------------------------------------------
# The clients


class Connection:
    """One keep-alive HTTP/1.1 connection: GET a path, read the status and the whole body."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode("ascii"))
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed by the server")
        headers = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while size := int((await self.reader.readline()).strip(), 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        if headers.get("connection") == "close":
            self.close()
        return int(status_line.split()[1])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def load(port: int, paths: list[str], clients: int, requests: int, seconds: float) -> dict:
    """`clients` connections asking `paths` in turn until `requests` are answered or `seconds` pass."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    issued = 0
    stop_at = time.perf_counter() + seconds

    async def client(number: int) -> None:
        nonlocal issued
        connection = Connection(port)
        try:
            while issued < requests and time.perf_counter() < stop_at:
                path = paths[(issued + number) % len(paths)]
                issued += 1
                began = time.perf_counter()
                try:
                    status = await connection.get(path)
                except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                    errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                    connection.close()
                    continue
                latencies.append(time.perf_counter() - began)
                if status != 200:
                    errors[str(status)] = errors.get(str(status), 0) + 1
        finally:
            connection.close()

    began = time.perf_counter()
    tasks = [asyncio.ensure_future(client(n)) for n in range(clients)]
    _done, late = await asyncio.wait(tasks, timeout=seconds + 60)   # an answer that never comes ends the run
    for task in late:
        task.cancel()
    if late:
        errors["unanswered"] = len(late)
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"clients": clients, "requests": len(latencies), "seconds": round(elapsed, 2),
            "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1)
            if latencies else None,
            "errors": errors}


# ----------------------------------------------------------------------------------------------


def endpoints(db: Path) -> dict[str, list[str]]:
    return {"search": ["/api/search?" + urlencode({"q": q}) for q in QUERIES],
            "lineage": ["/api/lineage?" + urlencode({"ref": ref}) for ref in lineage_refs(db)]}


def measure(server: Server, paths: dict[str, list[str]], levels: list[int], seconds: float) -> dict:
    figures: dict[str, dict] = {}
    for name, urls in paths.items():
        asyncio.run(load(server.port, urls, 1, len(urls), seconds))   # warm: imports, caches, the page cache
        figures[name] = {}
        for clients in levels:
            requests = max(200, 10 * clients)
            figures[name][str(clients)] = run = timed_load(server, urls, clients, requests, seconds)
            show(name, run)
    return figures


def timed_load(server: Server, paths: list[str], clients: int, requests: int, seconds: float) -> dict:
    """`load`, with the server's CPU time per request: on a machine shared with other work the
    requests/s fall, the CPU a request costs does not; `capacity_per_s` is what the machine's
    cores would serve with nothing else running."""
    used = server.cpu_seconds()
    run = asyncio.run(load(server.port, paths, clients, requests, seconds))
    cpu_ms = (server.cpu_seconds() - used) * 1000 / max(run["requests"], 1)
    run.update({"server_cpu_ms": round(cpu_ms, 2),
                "capacity_per_s": round((os.cpu_count() or 1) * 1000 / cpu_ms, 1) if cpu_ms else None})
    return run


def show(name: str, run: dict) -> None:
    print(f"{name:<14} {run['clients']:>4} clients  {run['requests']:>5} requests  {run['requests_per_s']:>7} req/s"
          f"  p50 {run['p50_ms']:>7} ms  p99 {run['p99_ms']:>7} ms  server CPU {run.get('server_cpu_ms', '?')} ms/req"
          f"  errors {run['errors'] or 0}", flush=True)


def during_ingest(db: Path, workers: int, seconds: float, clients: int = 50) -> dict:
    """Searches while `congvan ingest` writes a synthetic archive into a copy of the store."""
    archive = CACHE / "web-synth"
    if not archive.is_dir():
        subprocess.run([*CONGVAN, "synth", "--count", "400", "--out", str(archive), "--formats", "txt=1"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "store.db"
        source = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        source.backup(target)   # a consistent copy, WAL included
        source.close()
        target.close()
        server = Server(copy, workers)
        try:
            before = documents_in(copy)
            ingest = subprocess.Popen([*CONGVAN, "ingest", str(archive), "--db", str(copy), "--workers", "1"],
                                      cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            paths = endpoints(copy)["search"]
            run = timed_load(server, paths, clients, 10**9, seconds)
            ingest_log = ingest.communicate(timeout=600)[1]
            run.update({"ingest_exit": ingest.returncode, "documents_added": documents_in(copy) - before,
                        "database_locked": "locked" in server.logged() + ingest_log})
        finally:
            server.stop()
    show("search+ingest", run)
    print(f"{'':14} ingest exit {run['ingest_exit']}, {run['documents_added']} documents added, "
          f"'database is locked' seen: {run['database_locked']}")
    return run


def documents_in(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def save(figures: dict) -> None:
    """Merge under "web", keeping what other benchmarks wrote."""
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    results["web"] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a store to serve (default: build one in bench/cache/)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes (default: cores)")
    parser.add_argument("--clients", default="1,50,200", help="concurrency levels, comma-separated")
    parser.add_argument("--seconds", type=float, default=20, help="time limit of each run")
    parser.add_argument("--no-ingest", action="store_true", help="leave out the searches during an ingest")
    parser.add_argument("--no-save", action="store_true", help="print only; leave bench/results.json alone")
    args = parser.parse_args()
    db = (args.db or build_store()).resolve()
    levels = [int(n) for n in args.clients.split(",")]
    load_before = os.getloadavg()[0]
    print(f"{documents_in(db)} documents, {args.workers} server processes, {os.cpu_count()} cores, "
          f"load average {load_before:.1f} before the run", flush=True)
    server = Server(db, args.workers)
    try:
        figures = measure(server, endpoints(db), levels, args.seconds)
    finally:
        server.stop()
    if not args.no_ingest:
        figures["search_during_ingest"] = during_ingest(db, args.workers, args.seconds)
    if not args.no_save:
        save({"store": str(db.relative_to(ROOT)) if db.is_relative_to(ROOT) else db.name,
              "documents": documents_in(db), "server_workers": args.workers, "cores": os.cpu_count(),
              "client": "asyncio, keep-alive HTTP/1.1, on the same machine",
              "load_average_before": round(load_before, 1), **figures})
        print(f"written to {RESULTS.relative_to(ROOT)} (\"web\")")


if __name__ == "__main__":
    main()
