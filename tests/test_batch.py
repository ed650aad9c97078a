"""Batch ingestion: a local process pool and a real Dask cluster on loopback give the same store
as reading in one process; a reader that dies is named and the batch goes on."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_store import SEED_FILES, SEEDS, dump

from pipeline import store
from pipeline.ingest import LocalPool, count, ingest, process_file, walk

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
DASK = Path(sys.executable).with_name("dask")


def _mixed_folder(tmp_path: Path) -> Path:
    """The seeds, one of them twice under another name, and two bad files, in nested folders."""
    folder = tmp_path / "archive"
    (folder / "a").mkdir(parents=True)
    (folder / "b" / "c").mkdir(parents=True)
    for seed in SEED_FILES:
        shutil.copy(seed, folder / "a" / seed.name)
    shutil.copy(SEED_FILES[2], folder / "b" / "c" / "copy.txt")
    (folder / "b" / "empty.docx").write_bytes(b"")
    (folder / "b" / "noise.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    (folder / "b" / "MANIFEST.tsv").write_text("not a dispatch\n")
    return folder


def _statuses(db: Path) -> list[tuple]:
    return [(Path(r["path"]).name, r["status"]) for r in store.path_statuses(store.connect(db))]


def test_walk_streams_in_a_stable_order_and_leaves_out_data_files(tmp_path):
    folder = _mixed_folder(tmp_path)
    names = [p.relative_to(folder).as_posix() for p in walk([folder])]
    assert names == [f"a/{s.name}" for s in SEED_FILES] + ["b/c/copy.txt", "b/empty.docx", "b/noise.pdf"]
    assert count([folder]) == 8


def test_a_process_pool_gives_the_store_one_process_gives(tmp_path):
    folder = _mixed_folder(tmp_path)
    serial, pooled = tmp_path / "serial.db", tmp_path / "pooled.db"
    one = ingest(store.connect(serial), [folder], workers=1)
    seen = []
    two = ingest(store.connect(pooled), [folder], workers=2,
                       on_file=lambda path, outcome, reason: seen.append((path.name, outcome)))
    for summary in (one, two):
        assert (summary.added, summary.skipped, len(summary.failed)) == (5, 1, 2)
    assert two.workers == 2
    assert sorted(seen) == sorted([(s.name, "added") for s in SEED_FILES]
                                  + [("copy.txt", "skipped"), ("empty.docx", "failed"), ("noise.pdf", "failed")])
    assert dump(serial) == dump(pooled)
    assert _statuses(serial) == _statuses(pooled)
    again = ingest(store.connect(pooled), [folder], workers=2)
    assert (again.added, again.unchanged, again.skipped, len(again.failed)) == (0, 5, 1, 2)


def die_on_crash_files(path, limits, digest):
    """A reader that kills its process on files named *crash*, as a crashing native library does."""
    if "crash" in Path(path).name:
        os._exit(70)
    return process_file(path, limits, digest)


def test_a_reader_that_kills_its_process_is_named_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n, seed in enumerate(SEED_FILES):
        shutil.copy(seed, folder / f"{n}_{seed.name}")
    (folder / "2_crash.txt").write_text("Công văn số 1/UBND\n")
    conn = store.connect(tmp_path / "c.db")
    summary = ingest(conn, [folder], pool=LocalPool(2, task=die_on_crash_files))
    assert summary.added == 5
    assert [(Path(p).name, r) for p, r in summary.failed] == [("2_crash.txt", "the reader process died reading this file")]
    assert store.stats(conn)["documents"] == 5


def test_the_file_a_dead_worker_held_next_is_read_by_another(tmp_path):
    """A worker holds the file it reads and the next: when it dies on the first, the second was never
    begun, so it goes back to the queue and is read (not failed with the crash)."""
    from pipeline.read import Limits

    crash = tmp_path / "crash.txt"
    crash.write_text("Công văn số 1/UBND\n")
    pool = LocalPool(1, task=die_on_crash_files)
    try:
        first = pool.submit(str(crash), Limits(), ("a", 1))
        second = pool.submit(str(SEED_FILES[0]), Limits(), ("b", 1))
        pool._dispatch()
        assert [h.path for h in pool.slots[0].handles] == [str(crash), str(SEED_FILES[0])]
        done: set = set()
        deadline = time.monotonic() + 120
        while len(done) < 2 and time.monotonic() < deadline:   # as the batch does: done files leave the wait
            done |= pool.wait({first, second} - done, timeout=5)
        assert done == {first, second}
        assert first.result()["reason"] == "the reader process died reading this file"
        assert second.result()["status"] != "failed"
    finally:
        pool.close(kill=True)


def test_a_worker_that_died_between_two_waits_fails_its_file_and_is_not_forgotten(tmp_path):
    """The worker dies after one wait and before the next, while files are still queued: the next
    dispatch replaces it, and its file must come back failed (it was dropped with the dead worker,
    and the batch spun for ever waiting for it)."""
    from pipeline.read import Limits

    crash = tmp_path / "crash.txt"
    crash.write_text("Công văn số 1/UBND\n")
    pool = LocalPool(1, task=die_on_crash_files)
    try:
        first = pool.submit(str(crash), Limits(), ("a", 1))
        pool._dispatch()
        pool.slots[0].process.join(timeout=60)   # the worker is dead now, no wait saw it die
        second = pool.submit(str(SEED_FILES[0]), Limits(), ("b", 1))
        done: set = set()
        deadline = time.monotonic() + 120
        while len(done) < 2 and time.monotonic() < deadline:
            done |= pool.wait([first, second], timeout=5)
        assert done == {first, second}
        assert first.result()["status"] == "failed" and second.result()["status"] != "failed"
    finally:
        pool.close(kill=True)


# ----------------------------------------------------------------------------------------------
# A real Dask cluster on loopback: `dask scheduler` and two `dask worker` processes from the venv


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def dask_cluster():
    if not DASK.exists():
        pytest.skip("dask is not installed in this venv (the `cluster` extra)")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    scheduler = subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([DASK, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                               "--memory-limit", "0"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from distributed import Client

        client = Client(address, timeout="30s")
        client.wait_for_workers(2, timeout=60)
        client.close()
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_dask_cluster_gives_the_store_a_local_run_gives(dask_cluster, tmp_path):
    folder = _mixed_folder(tmp_path)
    local, cluster = tmp_path / "local.db", tmp_path / "cluster.db"
    ingest(store.connect(local), [folder], workers=2)
    summary = ingest(store.connect(cluster), [folder], scheduler=dask_cluster)
    assert summary.workers == 2
    assert (summary.added, summary.skipped, len(summary.failed)) == (5, 1, 2)
    assert dump(local) == dump(cluster)
    assert _statuses(local) == _statuses(cluster)


def test_the_cli_names_an_unreachable_scheduler(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    started = time.monotonic()
    result = CliRunner().invoke(main, ["ingest", str(SEEDS), "--db", str(tmp_path / "c.db"),
                                       "--scheduler", f"tcp://127.0.0.1:{_free_port()}"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.output
    assert time.monotonic() - started < 60


@pytest.mark.real
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpora/real is absent")
def test_dask_and_local_ingest_of_the_seeds_and_real_texts_agree(dask_cluster, tmp_path):
    texts = [SEEDS] + sorted(p for p in REAL.iterdir() if p.suffix in (".txt", ".md"))
    local, cluster = tmp_path / "local.db", tmp_path / "cluster.db"
    here = ingest(store.connect(local), texts, workers=2)
    there = ingest(store.connect(cluster), texts, scheduler=dask_cluster)
    counts = lambda s: (s.added, s.partial, s.unchanged, s.skipped, len(s.failed))  # noqa: E731
    assert counts(here) == counts(there)
    assert here.added > 70
    assert store.stats(store.connect(local)) == store.stats(store.connect(cluster))
    assert dump(local) == dump(cluster)
