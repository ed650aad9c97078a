"""The synthetic archive (issue 7): deterministic, offsets right, files the real pipeline reads
back as the truth says, a store whose graph links a commune plan up to its central directive.

The agreement of the real extractors with the generator's truth is printed (`-s` shows it) and
held to a high bar; where they disagree on purpose-built text, see the notes in the report of
issue 7 (subject lines opening with `Thực hiện`, `Tịnh` read as `Tỉnh`, issuers cut by a PDF line
break, a local citation keyed from an undated first mention).
"""
from __future__ import annotations

import hashlib
import json
import time
import tracemalloc
from collections import Counter
from itertools import islice
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline
from pipeline import graph as graphs
from pipeline import store
from pipeline.errors import ReadError
from pipeline.extract.references import document_key
from pipeline.ingest import ingest
from pipeline.record import to_record
from pipeline.synth import documents, records_for_store, write_archive
from pipeline.synth.generate import Generator
from pipeline.synth.write import MANIFEST, layout

SEEDS = Path(__file__).resolve().parents[1] / "corpora" / "seeds"
MIXED = {"txt": 1, "docx": 1, "pdf": 1}


def _facts(doc) -> list[dict]:
    record = doc.record
    refs = record["references"]
    return [*refs, *(m for r in refs for m in r["mentions"]), *record["deadlines"], *record["targets"]]


# ----------------------------------------------------------------------------------------------
# The generator


def test_same_seed_same_documents_and_a_prefix_does_not_depend_on_the_count():
    first = [(d.name, d.format, d.text, d.record) for d in documents(120, seed=5)]
    again = [(d.name, d.format, d.text, d.record) for d in documents(120, seed=5)]
    assert first == again
    assert first[:40] == [(d.name, d.format, d.text, d.record) for d in documents(40, seed=5)]
    other = [d.text for d in documents(120, seed=6)]
    assert sum(a[2] == b for a, b in zip(first, other, strict=True)) < 5


def test_offsets_point_at_the_text_and_keys_are_the_stores():
    levels = Counter()
    for doc in documents(600, seed=8):
        levels[doc.level] += 1
        for fact in _facts(doc):
            assert doc.text[fact["start"]:fact["end"]] == fact["text"], (doc.name, fact)
        assert doc.key == document_key(doc.record["document"])
        for ref in doc.record["references"]:
            if ref["code"]:
                cited = {"code": ref["code"], "issuer": ref["issuer"], "date": f"{ref['year']}-01-01"}
                assert ref["key"] == document_key(cited), ref
        layout(doc.text)   # every text has the parts a page sets apart
    assert set(levels) == {"central", "ministry", "province", "department", "district", "commune"}


def test_record_has_the_keys_the_extractor_writes():
    real = to_record(pipeline.read(next(SEEDS.glob("004_*.txt"))))
    doc = next(d for d in documents(30, seed=2) if d.record["references"] and d.record["deadlines"])
    assert set(real["document"]) <= set(doc.record["document"])
    assert set(real["references"][0]) <= set(doc.record["references"][0]) | {"evidence"}
    assert set(real["deadlines"][0]) <= set(doc.record["deadlines"][0])
    assert {"value", "unit", "comparator", "text", "start", "end"} <= set(doc.record["targets"][0])


def test_documents_stream_and_memory_stays_flat():
    started = time.perf_counter()
    head = list(islice(documents(100_000, seed=3), 5))
    assert len(head) == 5 and time.perf_counter() - started < 2
    generator = Generator(4)
    chains = generator.chains()
    tracemalloc.start()
    try:
        for _ in range(1500):
            next(chains)
        early, _ = tracemalloc.get_traced_memory()
        for _ in range(4500):
            next(chains)
        late, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert late - early < 3 * 2**20, (early, late)      # geography and counters only
    assert all(len(recent) <= 3 for recent in generator.recent.values())


def test_records_for_store_are_what_store_write_takes():
    items = list(records_for_store(40, seed=9))
    assert all(set(item) == {"path", "hash", "size", "status", "reason", "format", "key", "record", "text"}
               for item in items)
    item = items[0]
    assert item["path"].startswith("synth://") and item["status"] == "ok"
    assert item["hash"] == hashlib.sha256(item["text"].encode("utf-8")).hexdigest()
    assert item["size"] == len(item["text"].encode("utf-8"))
    conn = store.connect(":memory:")
    assert {store.write(conn, i, ingested_at="2024-01-01T00:00:00+00:00") for i in items} == {"added"}
    assert store.stats(conn)["documents"] == 40


# ----------------------------------------------------------------------------------------------
# Files


def test_files_are_byte_deterministic(tmp_path):
    write_archive(tmp_path / "a", 18, seed=12, formats=MIXED)
    write_archive(tmp_path / "b", 18, seed=12, formats=MIXED)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert {p.suffix for p in files} == {".txt", ".docx", ".pdf", ".tsv"}
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_the_real_pipeline_agrees_with_the_truth(tmp_path):
    count = 60
    counts = write_archive(tmp_path, count, seed=11, formats=MIXED)
    assert counts["documents"] == count and min(counts["txt"], counts["docx"], counts["pdf"]) >= 10
    agree, total = Counter(), Counter()
    for doc in documents(count, seed=11, formats=MIXED):
        text = pipeline.read(tmp_path / doc.path)
        if doc.format == "txt":
            assert text.text == doc.text
        got = to_record(text)
        for field in ("code", "type", "issuer", "date"):
            total[field] += 1
            agree[field] += got["document"][field] == doc.record["document"][field]
        want = {r["code"] or r["key"]: r["relation"] for r in doc.record["references"]}
        found = {r["code"] or r["key"]: r["relation"] for r in got["references"]}
        total["references"] += len(want)
        agree["references"] += sum(found.get(code) == relation for code, relation in want.items())
        total["documents with exactly their references"] += 1
        agree["documents with exactly their references"] += want == found
        for kind in ("deadlines", "targets"):
            wanted = Counter((d.get("date"), d.get("recurrence")) if kind == "deadlines" else (d["value"], d["comparator"])
                             for d in doc.record[kind])
            seen = Counter((d.get("date"), d.get("recurrence")) if kind == "deadlines" else (d["value"], d["comparator"])
                           for d in got[kind])
            total[kind] += sum(wanted.values())
            agree[kind] += sum((wanted & seen).values())
    rates = {k: agree[k] / total[k] for k in total}
    print("\nextractor vs synthetic truth:", {k: f"{agree[k]}/{total[k]}" for k in total})
    for field in ("code", "type", "date", "references", "documents with exactly their references"):
        assert rates[field] >= 0.97, (field, rates)
    assert rates["issuer"] >= 0.9, rates          # `Tịnh` read as `Tỉnh`, Politburo documents (see the report)
    assert rates["deadlines"] >= 0.9 and rates["targets"] >= 0.9, rates


def test_faulty_files_fail_to_read(tmp_path):
    write_archive(tmp_path, 60, seed=13, formats=MIXED, faults=0.25)
    faulty = [d for d in documents(60, seed=13, formats=MIXED, faults=0.25) if d.fault]
    assert {d.fault for d in faulty} == {"empty", "truncated_pdf", "random_docx"}
    for doc in faulty:
        assert doc.record is None and doc.key is None
        with pytest.raises(ReadError):
            pipeline.read(tmp_path / doc.path)
    manifest = (tmp_path / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(manifest) == 61 and sum(line.endswith(("empty", "truncated_pdf", "random_docx")) for line in manifest) == len(faulty)


def test_an_ingested_archive_links_a_commune_plan_to_its_central_directive(tmp_path):
    count = 120
    write_archive(tmp_path / "archive", count, seed=14, formats={"txt": 1})
    conn = store.connect(tmp_path / "synth.db")
    summary = ingest(conn, [tmp_path / "archive"])
    assert summary.added == count and not summary.failed          # MANIFEST.tsv is left out
    assert store.stats(conn)["documents"] == count
    assert ingest(conn, [tmp_path / "archive"]).unchanged == count
    graph = graphs.build(conn)
    docs = list(documents(count, seed=14, formats={"txt": 1}))
    heads = {d.key for d in docs if d.level == "central"}
    commune = next(d for d in reversed(docs) if d.level == "commune")

    def reached(tree: dict) -> set[str]:
        return {tree["key"]} | {k for child in tree["children"] for k in reached(child)}

    ancestors = reached(graphs.lineage(graph, commune.key, "up"))
    assert ancestors & heads, (commune.name, ancestors)
    # the same documents straight from the truth records, without files or extractors
    direct = store.connect(":memory:")
    for item in records_for_store(count, seed=14, formats={"txt": 1}):
        store.write(direct, item, ingested_at="2024-01-01T00:00:00+00:00")
    assert reached(graphs.lineage(graphs.build(direct), commune.key, "up")) & heads


def test_cli_writes_an_archive(tmp_path):
    from pipeline.cli import main

    result = CliRunner().invoke(main, ["synth", "--count", "12", "--out", str(tmp_path), "--seed", "2",
                                       "--formats", "txt=1,docx=1"])
    assert result.exit_code == 0, result.output
    assert "synth wrote 12 files" in result.output
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 13
    bad = CliRunner().invoke(main, ["synth", "--count", "3", "--out", str(tmp_path), "--formats", "odt=1"])
    assert bad.exit_code == 2 and "unknown format" in bad.output


def test_cli_writes_answers_and_their_truth(tmp_path):
    """`congvan synth --answers`: the lead departments' answers and TASKS.jsonl (issue 19)."""
    from pipeline.cli import main

    result = CliRunner().invoke(main, ["synth", "--count", "60", "--out", str(tmp_path), "--seed", "3",
                                       "--formats", "txt=1", "--answers"])
    assert result.exit_code == 0, result.output
    truth = [json.loads(line) for line in (tmp_path / "TASKS.jsonl").read_text(encoding="utf-8").splitlines()]
    assert truth and all(t["request"] and t["actor"] and t["due"] for t in truth)
