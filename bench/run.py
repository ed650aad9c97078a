"""`make bench`: congvan's throughput, printed and written to bench/results.json.

Measures, on one core, over the seeds and (when present) ../shared/corpora/real:
- `congvan parse --format jsonl` over the text documents as a user runs it: a new process, start-up
  and imports included, pinned to one core; beside `dateparser.search_dates` alone on the same
  texts, and beside the previous run's figure (or, with `--before REV`, the code of git revision
  REV measured in the same run, alternately with this tree);
- reading + record building of the text documents in process (docs/s, MB/s);
- the PDF text layer: pages/s through congvan's reader, and pdfplumber's extract_text on the
  same pages in the same run (the ratio);
- Scans: OCR seconds per page beside tesseract alone, and the scan gold's figures (bench/scans.py).
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
SEEDS = ROOT / "corpora" / "seeds"
RESULTS = ROOT / "bench" / "results.json"
REFERENCES = ROOT / "bench" / "references.json"   # the previous run's references, for drift
PDF_SAMPLE = 25       # digital PDFs timed with both readers

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from pipeline import read, to_record  # noqa: E402
from pipeline.read.limits import Limits  # noqa: E402
from pipeline.read.pdf import usable  # noqa: E402


def text_documents() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt"))
    if REAL.is_dir():
        files += sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".txt", ".md"))
    return files


def bench_parse() -> dict:
    files = text_documents()
    for path in files[:3]:  # warm caches and lazy imports
        to_record(read(path))
    size = sum(p.stat().st_size for p in files)
    start = time.perf_counter()
    for path in files:
        to_record(read(path))
    seconds = time.perf_counter() - start
    return {"documents": len(files), "megabytes": round(size / 1e6, 3), "seconds": round(seconds, 3),
            "docs_per_s": round(len(files) / seconds, 1), "mb_per_s": round(size / 1e6 / seconds, 2)}


def bench_extract() -> dict:
    """Extraction after reading (issue 4 asks >= 5 MB/s on one core): all extractors, and citations alone."""
    from pipeline.extract.references import extract_references
    from pipeline.record import extract

    texts = [read(path) for path in text_documents()]
    size = sum(len(t.text.encode("utf-8")) for t in texts)
    extract(texts[0])
    figures = {"megabytes": round(size / 1e6, 3)}
    for name, run in (("all_extractors", extract), ("references", extract_references)):
        best = float("inf")
        for _ in range(3):  # best of three: the machine is shared
            start = time.perf_counter()
            for text in texts:
                run(text)
            best = min(best, time.perf_counter() - start)
        figures[f"{name}_mb_per_s"] = round(size / 1e6 / best, 2)
    return figures


def bench_dateparser(budget_s: float = 60.0) -> dict:
    """congvan's whole parse against `dateparser.search_dates` alone, on the same texts, one core:
    the documents dateparser gets through in `budget_s` (it is slow), timed both ways."""
    from dateparser.search import search_dates

    files = text_documents()
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in files]
    search_dates(texts[0][:2000], languages=["vi"])  # load its language data before timing
    done, theirs = 0, 0.0
    for text in texts:
        start = time.perf_counter()
        search_dates(text, languages=["vi"])
        theirs += time.perf_counter() - start
        done += 1
        if theirs > budget_s:
            break
    sample = files[:done]
    size = sum(len(t.encode("utf-8")) for t in texts[:done])
    start = time.perf_counter()
    for path in sample:
        to_record(read(path))
    ours = time.perf_counter() - start
    return {"documents": done, "megabytes": round(size / 1e6, 3),
            "congvan_parse_mb_per_s": round(size / 1e6 / ours, 2),
            "dateparser_search_dates_mb_per_s": round(size / 1e6 / theirs, 3),
            "ratio": round(theirs / ours, 1)}


def whole_process_parse(tree: Path, files: list[Path]) -> dict:
    """`congvan parse --format jsonl FILES` with `tree`'s code, in a new process pinned to one core:
    wall and CPU seconds, MB/s, the process's peak RSS."""
    core = min(os.sched_getaffinity(0))
    # the tree's bytecode, as `make setup` writes it for this checkout: both trees start alike
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "pipeline")], check=True,
                   stdout=subprocess.DEVNULL)
    command = [sys.executable, "-m", "pipeline", "parse", "--format", "jsonl", *map(str, files)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    size = sum(p.stat().st_size for p in files)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               preexec_fn=lambda: os.sched_setaffinity(0, {core}))
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return {"documents": len(files), "megabytes": round(size / 1e6, 3), "exit": process.returncode,
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "mb_per_s": round(size / 1e6 / wall, 2),
            "mb_per_cpu_s": round(size / 1e6 / cpu, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024)}


def revision_tree(revision: str, into: Path) -> Path:
    """The files of git revision `revision` of this repository, written under `into`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True).stdout
    tree = into / revision.replace("/", "_")
    tree.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    return tree


def bench_whole_process(dateparser: dict, before: str | None = None, runs: int = 3) -> dict:
    """The whole-process parse of the text documents, best of `runs` (the machine is shared), beside
    `dateparser.search_dates` alone (`bench_dateparser`'s MB/s) and, with `before`, beside the same
    parse with git revision `before`'s code, the two trees run alternately."""
    files = text_documents()
    trees = {"after": ROOT}
    with tempfile.TemporaryDirectory() as scratch:
        if before:
            trees = {"before": revision_tree(before, Path(scratch)), "after": ROOT}
        best: dict[str, dict] = {}
        for _ in range(runs):
            for name, tree in trees.items():
                figures = whole_process_parse(tree, files)
                if name not in best or figures["wall_s"] < best[name]["wall_s"]:
                    best[name] = figures
    theirs = dateparser["dateparser_search_dates_mb_per_s"]
    for figures in best.values():
        figures["times_dateparser"] = round(figures["mb_per_s"] / theirs, 1)
    if before:
        best["before"]["revision"] = before
    return best


def bench_references_drift() -> dict:
    """References found on a frozen sample (the seeds and the real text documents), against the
    previous run's (bench/references.json, committed): how many gained and lost, with examples."""
    from pipeline.record import extract

    found = {}
    for path in text_documents():
        refs = extract(read(path)).references
        found[path.name] = sorted({r.key for r in refs})
    previous = json.loads(REFERENCES.read_text()) if REFERENCES.exists() else None
    REFERENCES.write_text(json.dumps(found, indent=0, ensure_ascii=False, sort_keys=True) + "\n")
    if previous is None:
        return {"documents": len(found), "references": sum(map(len, found.values())), "previous": None}
    gained, lost = [], []
    for name in sorted(set(found) | set(previous)):
        now, before = set(found.get(name, ())), set(previous.get(name, ()))
        gained += [f"{name}: {key}" for key in sorted(now - before)]
        lost += [f"{name}: {key}" for key in sorted(before - now)]
    return {"documents": len(found), "references": sum(map(len, found.values())),
            "previous": sum(map(len, previous.values())), "gained": len(gained), "lost": len(lost),
            "gained_examples": gained[:10], "lost_examples": lost[:10]}


def bench_store() -> dict:
    """Ingest the real corpus (OCR off, cached in bench/cache/real.db: re-ingesting unchanged bytes
    is a no-op) and time lineage and coverage on it (issue 6 asks < 100 ms)."""
    from contextlib import closing

    from pipeline import graph as graphs
    from pipeline import store
    from pipeline.ingest import ingest

    if not REAL.is_dir():
        return {"skipped": "../shared/corpora/real is absent"}
    database = ROOT / "bench" / "cache" / "real.db"
    database.parent.mkdir(parents=True, exist_ok=True)
    with closing(store.connect(database)) as conn:
        start = time.perf_counter()
        summary = ingest(conn, [REAL], Limits(ocr=False))
        ingest_seconds = time.perf_counter() - start
        start = time.perf_counter()
        graph = graphs.build(conn)
        build_seconds = time.perf_counter() - start
        counts = store.stats(conn)
    placeholders = sum(1 for _, a in graph.nodes(data=True) if a.get("placeholder"))
    cited = sorted(graph.nodes, key=lambda k: graph.in_degree(k), reverse=True)[:20]
    timings = {"lineage_down": [], "lineage_up": [], "coverage": []}
    for key in cited:
        for name, run in (("lineage_down", lambda k: graphs.lineage(graph, k, "down")),
                          ("lineage_up", lambda k: graphs.lineage(graph, k, "up")),
                          ("coverage", lambda k: graphs.coverage(graph, k))):
            start = time.perf_counter()
            run(key)
            timings[name].append((time.perf_counter() - start) * 1000)
    return {
        "files": summary.added + summary.unchanged + len(summary.failed), "added": summary.added,
        "unchanged": summary.unchanged, "failed": len(summary.failed), "ingest_seconds": round(ingest_seconds, 1),
        "documents": counts["documents"], "graph_nodes": graph.number_of_nodes(), "graph_edges": graph.number_of_edges(),
        "placeholders": placeholders, "graph_build_ms": round(build_seconds * 1000, 1),
        **{f"{name}_ms_max": round(max(values), 2) for name, values in timings.items()},
        **{f"{name}_ms_median": round(sorted(values)[len(values) // 2], 2) for name, values in timings.items()},
    }


def digital_pdfs() -> list[Path]:
    import pypdfium2 as pdfium

    digital = []
    pdfs = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
    for path in pdfs:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            continue
        try:
            first = document[0].get_textpage().get_text_range()
            if usable(first):
                digital.append(path)
        finally:
            document.close()
    return digital[:PDF_SAMPLE]


def bench_pdf(digital: list[Path]) -> dict:
    import pdfplumber

    limits = Limits(ocr=False)
    pages = 0
    start = time.perf_counter()
    for path in digital:
        pages += len(read(path, limits).pages)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for path in digital:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
    theirs = time.perf_counter() - start
    return {"files": len(digital), "pages": pages,
            "congvan_pages_per_s": round(pages / ours, 1), "pdfplumber_pages_per_s": round(pages / theirs, 1),
            "speedup_vs_pdfplumber": round(theirs / ours, 1)}


def main() -> None:
    import closure
    import scale
    import scans

    quick = "--quick" in sys.argv   # leave out the 20,000-document ingest and the 1,000,000-document store
    only_parse = "--parse" in sys.argv   # the parse figures alone (whole process, in process, extraction)
    before = sys.argv[sys.argv.index("--before") + 1] if "--before" in sys.argv else None
    kept = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    previous = kept.get("parse_whole_process", {}).get("after")
    dateparser = bench_dateparser()
    results = {"parse_whole_process": bench_whole_process(dateparser, before), "parse_text_documents": bench_parse(),
               "extract": bench_extract(), "parse_vs_dateparser": dateparser}
    report_whole_process(results["parse_whole_process"], dateparser, previous)
    if only_parse:
        report_parse(results)
        return
    results["references_drift"] = bench_references_drift()
    digital = digital_pdfs()
    if digital:
        results["pdf_text_layer"] = bench_pdf(digital)
    results["scans"] = scans.bench_scans()
    results["store"] = bench_store()
    results["closure"] = closure.bench_closure()
    if not quick:
        results["ingest_synthetic"] = scale.bench_ingest()
        results["million"] = scale.bench_million()
    report_parse(results)
    drift = results["references_drift"]
    if drift.get("previous") is None:
        print(f"references on the frozen sample: {drift['references']} (no previous run to compare)")
    else:
        print(f"references on the frozen sample: {drift['references']} (previous run {drift['previous']}): "
              f"{drift['gained']} gained, {drift['lost']} lost")
        for line in drift["gained_examples"][:5]:
            print(f"  + {line}")
        for line in drift["lost_examples"][:5]:
            print(f"  - {line}")
    if "pdf_text_layer" in results:
        pdf = results["pdf_text_layer"]
        print(f"PDF text layer: {pdf['congvan_pages_per_s']} pages/s (congvan) vs "
              f"{pdf['pdfplumber_pages_per_s']} pages/s (pdfplumber extract_text): {pdf['speedup_vs_pdfplumber']}x "
              f"over {pdf['pages']} pages")
    scans.report(results["scans"])
    st = results["store"]
    if "documents" in st:
        print(f"store: the real corpus (OCR off) {st['documents']} documents, {st['failed']} failed, ingest {st['ingest_seconds']} s "
              f"({st['added']} added, {st['unchanged']} unchanged); graph {st['graph_nodes']} nodes "
              f"({st['placeholders']} placeholders), {st['graph_edges']} edges, built in {st['graph_build_ms']} ms")
        print(f"  over the 20 most cited: lineage down max {st['lineage_down_ms_max']} ms, up max "
              f"{st['lineage_up_ms_max']} ms, coverage max {st['coverage_ms_max']} ms")
    if "ingest_synthetic" in results:
        ing = results["ingest_synthetic"]
        print(f"ingest, synthetic archive of {ing['documents']} documents {ing['formats']}, {ing['workers']} workers: "
              f"{ing['docs_per_s']} docs/s ({ing['added']} added, {ing['failed']} failed in {ing['seconds']} s), "
              f"peak RSS of the process tree {ing['peak_rss_mb']} MB")
        mil = results["million"]
        if "error" in mil:
            print(f"1,000,000-document store: failed: {mil['error']}")
        else:
            print(f"store of {mil['documents']:,} synthetic documents ({mil['store_gb']} GB), as the CLI answers, "
                  f"query process peak RSS {mil['query_process_peak_rss_mb']} MB:")
            for name in ("lineage_up_from_commune", "lineage_down_from_province_plan",
                         "lineage_down_depth1_from_central", "coverage_of_central"):
                q = mil[name]
                print(f"  {name}: median {q['ms_median']} ms, max {q['ms_max']} ms over {q['queries']} "
                      f"(nodes median {q['nodes_median']}, max {q['nodes_max']})")
    closure.report(results["closure"])
    print(f"written to {RESULTS.relative_to(ROOT)}")


def report_whole_process(best: dict, dateparser: dict, previous: dict | None) -> None:
    """One line per tree: the whole-process parse, and how many times dateparser's speed it is."""
    after = best["after"]
    print(f"congvan parse --format jsonl, whole process (start-up included), 1 core, best of 3: "
          f"{after['documents']} text documents, {after['megabytes']} MB")
    print(f"  dateparser.search_dates alone, same texts ({dateparser['documents']} documents in its budget): "
          f"{dateparser['dateparser_search_dates_mb_per_s']} MB/s")
    rows = [("before " + best["before"]["revision"], best["before"])] if "before" in best else []
    rows += [("previous run", previous)] if previous and "before" not in best else []
    rows += [("this tree", after)]
    for label, figures in rows:
        print(f"  {label:<22} {figures['mb_per_s']:>6} MB/s ({figures['wall_s']} s wall, {figures['cpu_s']} s CPU), "
              f"peak RSS {figures['peak_rss_mb']} MB, {figures.get('times_dateparser', '?')}x dateparser")


def report_parse(results: dict) -> None:
    """Write the results (keeping what other benches wrote) and print the in-process parse figures."""
    RESULTS.parent.mkdir(exist_ok=True)
    kept = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    kept.update(results)   # figures other benches write there (make bench-web's "web") are kept
    RESULTS.write_text(json.dumps(kept, indent=2, ensure_ascii=False) + "\n")
    parse = results["parse_text_documents"]
    print(f"parse (read + record) in process, 1 core: {parse['documents']} text documents, "
          f"{parse['docs_per_s']} docs/s, {parse['mb_per_s']} MB/s")
    vs = results["parse_vs_dateparser"]
    print(f"same {vs['documents']} texts ({vs['megabytes']} MB), 1 core: congvan parse in process {vs['congvan_parse_mb_per_s']} MB/s, "
          f"dateparser.search_dates alone {vs['dateparser_search_dates_mb_per_s']} MB/s: {vs['ratio']}x")
    ext = results["extract"]
    print(f"extraction after reading, 1 core, {ext['megabytes']} MB: all extractors {ext['all_extractors_mb_per_s']} MB/s, "
          f"citations alone {ext['references_mb_per_s']} MB/s")


if __name__ == "__main__":
    main()
