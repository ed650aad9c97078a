"""`make bench`: congvan's throughput, printed and written to bench/results.json.

Measures, on one core, over the seeds and (when present) ../shared/corpora/real:
- reading + record building of the text documents (docs/s, MB/s);
- the PDF text layer: pages/s through congvan's reader, and pdfplumber's extract_text on the
  same pages in the same run (the ratio);
- OCR: seconds per page on scanned pages.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
SEEDS = ROOT / "corpora" / "seeds"
RESULTS = ROOT / "bench" / "results.json"
PDF_SAMPLE = 25       # digital PDFs timed with both readers
OCR_PAGES = 4         # scanned pages timed with tesseract

sys.path.insert(0, str(ROOT))
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


def bench_store() -> dict:
    """Ingest the real corpus (OCR off, cached in bench/cache/real.db: re-ingesting unchanged bytes
    is a no-op) and time lineage and coverage on it (issue 6 asks < 100 ms)."""
    from contextlib import closing

    from pipeline import graph as graphs
    from pipeline import store

    if not REAL.is_dir():
        return {"skipped": "../shared/corpora/real is absent"}
    database = ROOT / "bench" / "cache" / "real.db"
    database.parent.mkdir(parents=True, exist_ok=True)
    with closing(store.connect(database)) as conn:
        start = time.perf_counter()
        summary = store.ingest(conn, [REAL], Limits(ocr=False))
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


def digital_and_scanned_pdfs() -> tuple[list[Path], list[tuple[Path, int]]]:
    import pypdfium2 as pdfium

    digital, scanned = [], []
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
            elif len(scanned) < OCR_PAGES:
                scanned.append((path, 1))
        finally:
            document.close()
    return digital[:PDF_SAMPLE], scanned


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


def bench_ocr(scanned: list[tuple[Path, int]]) -> dict:
    from pipeline.read.ocr import ocr_available, ocr_pdf_pages

    if not scanned or not ocr_available():
        return {"skipped": "no scanned PDFs or no tesseract"}
    limits = Limits(ocr_jobs=1)
    start = time.perf_counter()
    for path, page in scanned:
        ocr_pdf_pages(path, [page], limits)
    seconds = time.perf_counter() - start
    return {"pages": len(scanned), "seconds_per_page": round(seconds / len(scanned), 2), "dpi": limits.ocr_dpi}


def main() -> None:
    results = {"parse_text_documents": bench_parse(), "extract": bench_extract()}
    digital, scanned = digital_and_scanned_pdfs()
    if digital:
        results["pdf_text_layer"] = bench_pdf(digital)
    results["ocr"] = bench_ocr(scanned)
    results["store"] = bench_store()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    parse = results["parse_text_documents"]
    print(f"parse (read + record), 1 core: {parse['documents']} text documents, "
          f"{parse['docs_per_s']} docs/s, {parse['mb_per_s']} MB/s")
    ext = results["extract"]
    print(f"extraction after reading, 1 core, {ext['megabytes']} MB: all extractors {ext['all_extractors_mb_per_s']} MB/s, "
          f"citations alone {ext['references_mb_per_s']} MB/s")
    if "pdf_text_layer" in results:
        pdf = results["pdf_text_layer"]
        print(f"PDF text layer: {pdf['congvan_pages_per_s']} pages/s (congvan) vs "
              f"{pdf['pdfplumber_pages_per_s']} pages/s (pdfplumber extract_text): {pdf['speedup_vs_pdfplumber']}x "
              f"over {pdf['pages']} pages")
    ocr = results["ocr"]
    if "seconds_per_page" in ocr:
        print(f"OCR (tesseract vie, {ocr['dpi']} dpi, 1 thread): {ocr['seconds_per_page']} s/page over {ocr['pages']} pages")
    st = results["store"]
    if "documents" in st:
        print(f"store: the real corpus (OCR off) {st['documents']} documents, {st['failed']} failed, ingest {st['ingest_seconds']} s "
              f"({st['added']} added, {st['unchanged']} unchanged); graph {st['graph_nodes']} nodes "
              f"({st['placeholders']} placeholders), {st['graph_edges']} edges, built in {st['graph_build_ms']} ms")
        print(f"  over the 20 most cited: lineage down max {st['lineage_down_ms_max']} ms, up max "
              f"{st['lineage_up_ms_max']} ms, coverage max {st['coverage_ms_max']} ms")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
