"""Scans, side by side in one run, one core: congvan's OCR (whole read: page decision, render at
the scan's resolution, seal lightening, tesseract with word boxes, columns, repairs) against the
peer, tesseract alone as a user would run it (pdftoppm at 300 dpi, `tesseract -l vie`), on every
page of the project's scan gold; and what the records score against that gold (tune and check
halves) beside the digital dev gold.

    python bench/scans.py            # prints the table, returns the figures to bench/run.py
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT / "corpora" / "gold"
DEV_GOLD = REAL / "gold-dev.jsonl"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _gold(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / name).open(encoding="utf-8")]


def _score(gold: Path, records: list[dict]) -> dict:
    from gold import score  # bench/gold.py: the scorer run on records

    figures = score(gold, records)
    return {"header": figures["header_accuracy"], "numbered_f1": figures["references_numbered"]["f1"],
            "overall": figures.get("overall")}


def _peer_seconds(path: Path, pages: int) -> float:
    """tesseract alone: each page rendered at 300 dpi in gray, read with the Vietnamese model."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        for page in range(1, pages + 1):
            prefix = Path(folder) / f"p{page}"
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                            str(path), str(prefix)], check=True, capture_output=True)
            subprocess.run(["tesseract", str(prefix.with_suffix(".png")), "stdout", "-l", "vie"], check=True,
                           capture_output=True, env=env)
        return time.perf_counter() - start


def bench_scans() -> dict:
    from pipeline.read import Limits, read
    from pipeline.read.ocr import ocr_available
    from pipeline.record import to_record

    if not REAL.is_dir() or not ocr_available():
        return {"skipped": "no ../shared/corpora/real or no tesseract"}
    limits = Limits(ocr_jobs=1)
    halves = {"tune": _gold("scans-tune.jsonl"), "check": _gold("scans-check.jsonl")}
    records, pages, ours, theirs = [], 0, 0.0, 0.0
    for gold in halves.values():
        for entry in gold:
            path = REAL / entry["source"]
            start = time.perf_counter()
            text = read(path, limits)
            ours += time.perf_counter() - start
            records.append(to_record(text))
            pages += len(text.ocr_pages)
            theirs += _peer_seconds(path, len(text.pages))
    result = {"documents": len(records), "ocr_pages": pages,
              "congvan_seconds_per_page": round(ours / max(pages, 1), 2),
              "tesseract_alone_seconds_per_page": round(theirs / max(pages, 1), 2),
              **{half: _score(GOLD / f"scans-{half}.jsonl", records) for half in halves}}
    if DEV_GOLD.is_file():
        dev = [to_record(read(REAL / json.loads(line)["source"], Limits(ocr=False)))
               for line in DEV_GOLD.open(encoding="utf-8")]
        result["digital_dev_gold"] = _score(DEV_GOLD, dev)
    return result


def report(result: dict) -> None:
    if "skipped" in result:
        print(f"scans: skipped ({result['skipped']})")
        return
    print(f"OCR, one core: congvan {result['congvan_seconds_per_page']} s/page, tesseract alone (300 dpi) "
          f"{result['tesseract_alone_seconds_per_page']} s/page, over {result['ocr_pages']} scanned pages "
          f"of {result['documents']} documents")
    for name in ("tune", "check", "digital_dev_gold"):
        if name in result:
            figures = result[name]
            label = {"tune": "scan gold, tune half", "check": "scan gold, check half",
                     "digital_dev_gold": "digital dev gold"}[name]
            print(f"  {label:<22} header {figures['header']}  numbered citations F1 {figures['numbered_f1']}"
                  f"  overall {figures['overall']}")


if __name__ == "__main__":
    report(bench_scans())
