"""The store: a real SQLite file, idempotent ingest, a SIGKILLed ingest that resumes to the same
store, failures kept with reasons, FTS without diacritics, the CLI's exit codes and JSON."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pipeline import store
from pipeline.ingest import ingest
from pipeline.store import schema

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpora" / "seeds"
REAL = ROOT.parent / "shared" / "corpora" / "real"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

FOLDS = [  # (text, folded): one character for one character
    ("Chỉ thị số 19/CT-TTg", "chi thi so 19/ct-ttg"),
    ("ĐẢNG CỘNG SẢN VIỆT NAM", "dang cong san viet nam"),
    ("Ủy ban nhân dân tỉnh Điện Biên", "uy ban nhan dan tinh dien bien"),
    ("Thừa Thiên Huế", "thua thien hue"),
    ("ngày 16/7/2021", "ngay 16/7/2021"),
]


def dump(path: Path) -> dict[str, list[tuple]]:
    """The store's content without row ids or clock readings: what 'equal stores' means."""
    conn = sqlite3.connect(path)
    queries = {
        "files": "SELECT hash, path, size, format, status, reason FROM files ORDER BY hash",
        "documents": "SELECT file_hash, key, code, code_key, type, issuer, parent_issuer, place, date, year, subject,"
                     " province, level, source, name, record, text FROM documents ORDER BY file_hash",
        "citations": "SELECT d.file_hash, c.ordinal, c.key, c.code, c.code_key, c.title, c.type, c.date, c.issuer,"
                     " c.year, c.relation, c.text, c.span_start, c.span_end, c.evidence, c.province, c.level"
                     " FROM citations c JOIN documents d ON d.id = c.document_id ORDER BY 1, 2",
        "mentions": "SELECT d.file_hash, c.ordinal, m.span_start, m.span_end, m.text FROM mentions m"
                    " JOIN citations c ON c.id = m.citation_id JOIN documents d ON d.id = m.document_id ORDER BY 1, 2, 3",
        "deadlines": "SELECT d.file_hash, x.ordinal, x.data FROM deadlines x JOIN documents d ON d.id = x.document_id ORDER BY 1, 2",
        "targets": "SELECT d.file_hash, x.ordinal, x.data FROM targets x JOIN documents d ON d.id = x.document_id ORDER BY 1, 2",
        "fts": "SELECT d.file_hash, f.subject, f.body FROM documents_fts f JOIN documents d ON d.id = f.rowid ORDER BY 1",
    }
    out = {name: conn.execute(sql).fetchall() for name, sql in queries.items()}
    conn.close()
    return out


@pytest.fixture
def seed_db(tmp_path: Path) -> Path:
    path = tmp_path / "congvan.db"
    conn = store.connect(path)
    summary = ingest(conn, [SEEDS])
    assert summary.added == len(SEED_FILES) and not summary.failed
    conn.close()
    return path


def cli():
    """The `congvan` group with the store's commands (registered here until pipeline/cli/ does)."""
    from pipeline.cli import main
    from pipeline.cli.archive import register

    register(main)
    return main


# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, folded", FOLDS)
def test_fold_table(text, folded):
    assert store.fold(text) == folded


@given(st.text())
def test_fold_keeps_every_offset(text):
    assert len(store.fold(text)) == len(text)


def test_place_of_examples_in_data():
    table = json.loads((ROOT / "pipeline" / "data" / "levels.json").read_text(encoding="utf-8"))
    for example in table["examples"]:
        got = store.place_of(example["issuer"], example.get("parent_issuer"), example.get("place"))
        assert got == (example["province"], example["level"]), example


def test_a_real_sqlite_file_in_wal_mode_with_its_schema(seed_db):
    conn = sqlite3.connect(seed_db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"files", "documents", "citations", "mentions", "deadlines", "targets", "documents_fts"} <= tables


def test_a_newer_store_is_refused(tmp_path):
    path = tmp_path / "future.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    with pytest.raises(store.StoreError, match="newer"):
        store.connect(path)


def test_a_store_of_schema_4_gains_the_owners_of_its_deadlines_when_opened(tmp_path):
    """Migration 5 (issue 19): each deadline's owner (its lead, else its actor), its folded key and
    its document's province, indexed, and the bodies each document names (issuer, `Kính gửi`) by
    key, filled for the rows already there; new rows get them from the writer."""
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in schema._statements("".join(store.MIGRATIONS[:4])):
        conn.execute(statement)
    conn.execute("INSERT INTO files (hash, path, size, status, ingested_at) VALUES ('h', 'p', 1, 'ok', 'now')")
    record = {"document": {"issuer": "UBND tỉnh Lâm Đồng", "recipients": ["Sở Tài chính;", "UBND các huyện", 7]}}
    conn.execute("INSERT INTO documents (file_hash, key, issuer, province, source, name, record, text)"
                 " VALUES ('h', 'k', 'UBND tỉnh Lâm Đồng', 'Lâm Đồng', 'p', 'p', ?, '')", (json.dumps(record),))
    entries = [{"kind": "due", "actor": "Sở Tài chính, Kho bạc Nhà nước", "lead": "Giám đốc Sở Tài chính tỉnh Lâm Đồng"},
               {"kind": "due", "actor": "UBND các huyện, thành phố"},
               {"kind": "due", "actor": "Sở Nội vụ", "lead": ""},
               {"kind": "until", "text": "đến hết năm 2025"}]
    conn.executemany("INSERT INTO deadlines (document_id, ordinal, kind, actor, data) VALUES (1, ?, ?, ?, ?)",
                     [(i, e["kind"], e.get("actor"), json.dumps(e, ensure_ascii=False)) for i, e in enumerate(entries)])
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    upgraded = store.connect(db)
    assert store.stats(upgraded)["schema_version"] == store.SCHEMA_VERSION == 5
    owners = upgraded.execute("SELECT owner, owner_key, province FROM deadlines ORDER BY ordinal").fetchall()
    assert [tuple(row) for row in owners] == [
        ("Giám đốc Sở Tài chính tỉnh Lâm Đồng", "so tai chinh", "Lâm Đồng"),
        ("UBND các huyện, thành phố", "uy ban nhan dan cac huyen thanh pho", "Lâm Đồng"),
        ("Sở Nội vụ", "so noi vu", "Lâm Đồng"),                 # an empty lead: the actor owes it
        (None, None, "Lâm Đồng")]
    assert [tuple(row)[:2] for row in owners[:3]] == [(store.deadline_owner(e), store.body_key(store.deadline_owner(e)))
                                                      for e in entries[:3]]
    assert [tuple(row) for row in upgraded.execute("SELECT role, key FROM bodies ORDER BY role, key")] == [
        ("issuer", "uy ban nhan dan"), ("recipient", "so tai chinh"), ("recipient", "uy ban nhan dan cac huyen")]
    plan = " ".join(row[-1] for row in upgraded.execute(
        "EXPLAIN QUERY PLAN SELECT data FROM deadlines WHERE owner_key = ? AND owner = ?", ("so noi vu", "Sở Nội vụ")))
    assert "deadlines_owner" in plan
    item = {"path": "new.txt", "hash": "h2", "size": 1, "status": "ok", "reason": None, "format": "txt", "key": "k2",
            "text": "", "record": {"document": {"issuer": "Sở Y tế tỉnh Lâm Đồng", "recipients": ["Sở Tài chính"]},
                                   "deadlines": [{"kind": "due", "actor": "UBND huyện Đức Trọng"}]}}
    assert store.write(upgraded, item, "2025-01-01T00:00:00+00:00") == "added"
    assert tuple(upgraded.execute("SELECT owner_key, province FROM deadlines WHERE document_id = 2").fetchone()) == \
        ("uy ban nhan dan huyen duc trong", "Lâm Đồng")
    assert [tuple(row) for row in upgraded.execute("SELECT role, key FROM bodies WHERE document_id = 2")] == [
        ("issuer", "so y te"), ("recipient", "so tai chinh")]


def test_reading_commands_do_not_create_a_store(tmp_path):
    with pytest.raises(store.StoreError, match="congvan ingest"):
        store.connect(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_seeds_are_stored_with_offsets_that_hold(seed_db):
    conn = store.connect(seed_db)
    figures = store.stats(conn)
    assert figures["documents"] == 5 and figures["failed"] == 0
    assert figures["references"] > 20 and figures["mentions"] >= figures["references"]
    for row in conn.execute("SELECT d.text, m.span_start, m.span_end, m.text FROM mentions m"
                            " JOIN documents d ON d.id = m.document_id"):
        assert row[0][row[1]:row[2]] == row[3]
    for table in ("deadlines", "targets", "citations"):
        for row in conn.execute(f"SELECT d.text, x.span_start, x.span_end, x.text FROM {table} x"
                                " JOIN documents d ON d.id = x.document_id WHERE x.span_start IS NOT NULL"):
            assert row[0][row[1]:row[2]] == row[3], table
    dispatch = conn.execute("SELECT * FROM documents WHERE code = '2458/UBND-NC'").fetchone()
    assert dispatch["key"] == "2458UBNDNC@UYBANNHANDANTINHDIENBIEN@2021"
    assert (dispatch["province"], dispatch["level"]) == ("Điện Biên", "province")
    cited = conn.execute("SELECT * FROM citations WHERE document_id = ? AND key = '19CTTTG'", (dispatch["id"],)).fetchone()
    assert cited["relation"] == "implements" and "19/CT-TTg" in cited["evidence"]
    assert (cited["province"], cited["level"]) == (None, "central")


def test_records_come_back_as_ingested(seed_db):
    from pipeline import read
    from pipeline.record import to_record

    stored = {Path(r["source"]).name: r for r in store.records(store.connect(seed_db))}
    fresh = to_record(read(SEED_FILES[-1]))
    again = stored[SEED_FILES[-1].name]
    assert again["document"] == fresh["document"]
    assert [r["key"] for r in again["references"]] == [r["key"] for r in fresh["references"]]
    assert again["deadlines"] == fresh["deadlines"]


def test_ingesting_twice_changes_nothing(seed_db, tmp_path):
    before = dump(seed_db)
    stamps = sqlite3.connect(seed_db).execute("SELECT hash, ingested_at FROM files").fetchall()
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(SEED_FILES[0], copy / "same_bytes_other_name.txt")
    conn = store.connect(seed_db)
    summary = ingest(conn, [SEEDS, copy])
    assert (summary.added, summary.unchanged, summary.skipped, summary.failed) == (0, 5, 1, [])
    skipped = list(store.path_statuses(conn, ["skipped"]))
    assert [Path(r["path"]).name for r in skipped] == ["same_bytes_other_name.txt"]
    assert skipped[0]["reason"] == f"same bytes as {SEED_FILES[0]}"
    conn.close()
    assert dump(seed_db) == before
    assert sqlite3.connect(seed_db).execute("SELECT hash, ingested_at FROM files").fetchall() == stamps


def test_failed_files_are_kept_with_reasons_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_FILES[4], folder / "b_good.txt")
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "c_noise.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "gold.jsonl").write_text('{"source": "x"}\n')    # data beside dispatches: left out
    conn = store.connect(tmp_path / "congvan.db")
    seen = []
    summary = ingest(conn, [folder], on_file=lambda path, outcome, reason: seen.append((path.name, outcome)))
    assert summary.added == 1 and len(summary.failed) == 2
    assert seen == [("a_empty.txt", "failed"), ("b_good.txt", "added"), ("c_noise.bin", "failed")]
    rows = store.failures(conn)
    assert [Path(r["path"]).name for r in rows] == ["a_empty.txt", "c_noise.bin"]
    assert all(r["reason"] for r in rows)
    assert store.stats(conn)["failed"] == 2
    seen.clear()
    again = ingest(conn, [folder], on_file=lambda path, outcome, reason: seen.append(outcome))
    assert seen == ["failed before", "unchanged", "failed before"]   # known bad bytes are not read again...
    assert again.added == 0 and len(again.failed) == 2
    retried = ingest(conn, [folder], retry_failed=True)   # ...unless asked
    assert len(retried.failed) == 2 and store.stats(conn)["failed"] == 2


def test_search_finds_chi_thi_19_with_or_without_diacritics(seed_db):
    conn = store.connect(seed_db)
    plain = store.search(conn, "chi thi 19")
    marked = store.search(conn, "Chỉ thị 19")
    assert [h["id"] for h in plain] == [h["id"] for h in marked]
    assert {h["code"] for h in plain} >= {"2458/UBND-NC"}
    assert "Chỉ thị số 19/CT-TTg" in plain[0]["snippet"]
    assert store.search(conn, "dien bien", match="phrase")
    assert store.search(conn, "19/CT-TTg", match="phrase")
    assert not store.search(conn, "chi thi 19", match="phrase")   # `Chỉ thị số 19`: not in order
    with pytest.raises(store.StoreError):
        store.search(conn, "   ")


# ----------------------------------------------------------------------------------------------
# Killed midway


KILLABLE = """
import sys
from pipeline import store
from pipeline.ingest import ingest, writer
writer.BATCH_ITEMS = 1   # commit each file: the kill lands between commits
conn = store.connect(sys.argv[1])
def tell(path, outcome, reason):
    print(outcome, path, flush=True)
ingest(conn, [sys.argv[2]], on_file=tell)
"""


def _variants(folder: Path, copies: int) -> None:
    """The seeds `copies` times over, each copy with other bytes (so other files)."""
    folder.mkdir()
    for n in range(copies):
        for seed in SEED_FILES:
            text = seed.read_text(encoding="utf-8")
            (folder / f"{n:02d}_{seed.name}").write_text(text + f"\n(bản sao {n})\n", encoding="utf-8")


def test_an_ingest_killed_midway_resumes_to_the_same_store(tmp_path):
    folder = tmp_path / "in"
    _variants(folder, 4)
    total = len(list(folder.iterdir()))
    killed = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", KILLABLE, str(killed), str(folder)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, text=True)
    done = 0
    deadline = time.monotonic() + 60
    while done < 4 and time.monotonic() < deadline:   # a few files committed, most not
        line = process.stdout.readline()
        if not line:
            break
        done += line.startswith("added")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    conn = store.connect(killed)
    kept = store.stats(conn)["documents"]
    assert 4 <= kept < total, "the kill should land midway"
    resumed = ingest(conn, [folder])
    assert resumed.unchanged == kept and resumed.added == total - kept and not resumed.failed
    conn.close()
    whole = tmp_path / "whole.db"
    ingest(store.connect(whole), [folder])
    assert dump(killed) == dump(whole)


# ----------------------------------------------------------------------------------------------
# The command line


def test_cli_ingest_stats_failures_search(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    result = runner.invoke(cli(), ["ingest", str(SEEDS), "--db", db])
    assert result.exit_code == 0, result.output
    assert "5 added" in result.stderr
    result = runner.invoke(cli(), ["ingest", str(SEEDS), "--db", db])
    assert result.exit_code == 0 and "5 unchanged" in result.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = runner.invoke(cli(), ["ingest", str(bad), str(SEED_FILES[0]), "--db", db])
    assert result.exit_code == 3
    assert f"congvan: {bad}:" in result.stderr
    figures = json.loads(runner.invoke(cli(), ["stats", "--format", "json", "--db", db]).stdout)
    assert {"documents", "references", "deadlines", "targets", "failed"} <= set(figures)
    assert figures["documents"] == 5 and figures["failed"] == 1
    listed = runner.invoke(cli(), ["failures", "--db", db])
    assert listed.exit_code == 0 and listed.stdout.startswith(str(bad))
    found = runner.invoke(cli(), ["search", "chi", "thi", "19", "--db", db])
    assert found.exit_code == 0 and "2458/UBND-NC" in found.stdout
    hits = json.loads(runner.invoke(cli(), ["search", "chỉ thị 19", "--format", "json", "--db", db]).stdout)
    assert hits and hits[0]["code"] == "2458/UBND-NC"


def test_cli_db_from_the_environment_and_a_missing_store(tmp_path):
    runner = CliRunner()
    db = tmp_path / "env.db"
    result = runner.invoke(cli(), ["ingest", str(SEED_FILES[4])], env={"CONGVAN_DB": str(db)})
    assert result.exit_code == 0 and db.is_file()
    result = runner.invoke(cli(), ["stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "congvan ingest" in result.stderr


@pytest.mark.real
@pytest.mark.slow
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpora/real is absent")
def test_real_text_files_ingest_without_failures(tmp_path):
    files = sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".txt", ".md", ".docx"))[:40]
    conn = store.connect(tmp_path / "real.db")
    summary = ingest(conn, files)
    assert summary.added == len(files) and not summary.failed
    figures = store.stats(conn)
    assert figures["references"] > 100 and figures["cited_in_archive"] >= 1


def test_docstring_examples():
    import doctest

    from pipeline import graph

    for module in (store, graph):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0, module.__name__


def test_the_provinces_table_and_vietnamadminunits_agree_on_the_2025_merger():
    """`current_province` reads provinces.json first (the package takes 3 ms a name, in every
    ingest): for every province before and after 2025 both give the same province now."""
    from pipeline.store.places import _convert_2025, _merged_2025, current_province

    for province, now in _merged_2025().items():
        unit = _convert_2025(province)
        assert (unit.short_province if unit is not None and unit.short_province else province) == now
        assert current_province(province) == now
