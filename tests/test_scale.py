"""Archive scale, end to end: a synthetic archive (TXT, DOCX, PDF) ingested by `congvan ingest
--workers 2`, killed with SIGKILL midway (the writer and its workers), resumed, and holding
exactly its documents. `make bench` does the same at 20,000 documents."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import store
from pipeline.synth import write_archive

CONGVAN = Path(sys.executable).with_name("congvan")
COUNT = 160


def _documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:   # not created yet
        return 0


def _manifest(archive: Path) -> list[dict]:
    lines = (archive / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


@pytest.mark.slow
def test_a_synthetic_archive_resumes_after_sigkill_and_holds_exactly_its_documents(tmp_path):
    archive = tmp_path / "archive"
    write_archive(archive, COUNT, seed=11)
    manifest = _manifest(archive)
    assert len(manifest) == COUNT
    assert {row["format"] for row in manifest} == {"txt", "docx", "pdf"}
    db = tmp_path / "archive.db"
    command = [str(CONGVAN), "ingest", str(archive), "--db", str(db), "--workers", "2"]
    # its own session, so the kill takes the writer and its workers at once, as a crash would
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 240
    while _documents(db) < COUNT // 4 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    kept = _documents(db)
    assert COUNT // 4 <= kept < COUNT, "the kill should land midway"
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    summary = resumed.stderr.strip().splitlines()[-1]
    assert f"{COUNT - kept} added, {kept} unchanged, 0 failed" in summary, summary
    conn = store.connect(db)
    counts = store.stats(conn)
    assert counts["documents"] == counts["files"] == counts["paths"] == COUNT
    assert {r["status"] for r in store.path_statuses(conn)} == {"ok"}
    stored = {Path(row["path"]).name for row in store.path_statuses(conn)}
    assert stored == {Path(row["path"]).name for row in manifest}
    # the documents are the archive's: the numbers read back are the numbers written
    codes = {row[0] for row in conn.execute("SELECT code FROM documents")}
    agree = sum(row["code"] in codes for row in manifest)
    assert agree >= 0.95 * COUNT, f"{agree}/{COUNT} document numbers read back"
