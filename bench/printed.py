"""The digital gold printed and scanned: every PDF, DOCX and DOC of a gold file is rendered to page
images the way an office scanner makes them (200 dpi, gray, a page set a little askew, sensor noise,
a soft focus, JPEG), put back into an image-only PDF, read by congvan's OCR and scored against the
same gold. The real scans are few (37 with gold, all read already); this gives the OCR path four
times as many documents of the genre to be measured on, each with gold two annotators made from
the digital original. What it cannot give: handwriting, seals and stamps, paper folds.

    python bench/printed.py                      # digital-tune, documents of up to 8 pages
    python bench/printed.py --gold digital-check --max-pages 8 --errors

Scanned PDFs and the Text each OCR gives are kept under bench/cache/printed/, so a second run after
an extractor's change costs only the extraction; --fresh reads again.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import pickle
import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT / "corpora" / "gold"
CACHE = ROOT / "bench" / "cache" / "printed"
DPI = 200
sys.path.insert(0, str(ROOT))


def _digital_pdf(source: Path, folder: Path) -> Path | None:
    """The document as a PDF: itself, or LibreOffice's printing of a DOCX or DOC."""
    suffix = source.suffix.lower()
    if suffix == ".pdf":
        return source
    if suffix not in (".docx", ".doc"):
        return None    # web pages (md, txt) have no printed form to scan
    from pipeline.read.limits import Limits
    from pipeline.read.tools import run_bounded  # the readers' runner: time, memory, the group killed

    limits = Limits()
    copy = folder / f"input{suffix}"   # a plain name: LibreOffice trips on some file names
    copy.symlink_to(source.resolve())
    done = run_bounded(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                        "--convert-to", "pdf", "--outdir", str(folder), str(copy)],
                       timeout=limits.convert_timeout, memory=limits.convert_memory, env=dict(os.environ, HOME=str(folder)))
    printed = folder / "input.pdf"
    return printed if done.returncode == 0 and printed.is_file() else None


def _pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(pdf)))


def _scanned(pdf: Path, target: Path, seed: str) -> None:
    """Each page rendered at 200 dpi in gray and bent as a scanner bends it, into an image-only PDF."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    grain = np.random.default_rng(int(seed, 16))   # the same noise on every machine and run
    with tempfile.TemporaryDirectory() as folder:
        from pipeline.read.tools import run_bounded

        done = run_bounded(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), f"{folder}/p"], timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"pdftoppm failed: {done.stderr.decode('utf-8', 'replace').strip()[-200:]}")
        pages = []
        for png in sorted(Path(folder).glob("p*.png"), key=lambda p: int(p.stem.split("-")[-1])):
            page = Image.open(png).convert("L")
            page = page.rotate(rng.uniform(-0.7, 0.7), resample=Image.BICUBIC, expand=False, fillcolor=255)
            page = page.filter(ImageFilter.GaussianBlur(0.5))
            noisy = np.asarray(page, dtype=np.float32) + grain.normal(0, 10, (page.height, page.width))
            page = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), mode="L")
            buffer = io.BytesIO()
            page.save(buffer, "JPEG", quality=60)
            pages.append(Image.open(io.BytesIO(buffer.getvalue())))
        pages[0].save(target, "PDF", save_all=True, append_images=pages[1:], resolution=DPI)


def _read_one(source: str, max_pages: int, fresh: bool) -> tuple[str, dict | None, str]:
    from pipeline.read import Limits, read
    from pipeline.record import to_record

    key = hashlib.md5(source.encode()).hexdigest()[:16]
    scan, text_cache = CACHE / f"{key}.pdf", CACHE / f"{key}.text.pickle"
    try:
        if text_cache.is_file() and not fresh:
            text = pickle.loads(text_cache.read_bytes())
        else:
            if not scan.is_file():
                with tempfile.TemporaryDirectory() as folder:
                    digital = _digital_pdf(REAL / source, Path(folder))
                    if digital is None:
                        return source, None, "no printed form"
                    if _pages(digital) > max_pages:
                        return source, None, f"over {max_pages} pages"
                    _scanned(digital, scan, key)
            text = read(scan, Limits(ocr_jobs=1))
            text_cache.write_bytes(pickle.dumps(text))
        record = to_record(text)
    except Exception as error:  # a bench: report the file and go on
        return source, None, f"{type(error).__name__}: {error}"
    record["source"], record["name"] = source, Path(source).name
    return source, record, f"{len(text.ocr_pages)} pages OCR'd"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default="digital-tune", help="a gold file of corpora/gold (no .jsonl)")
    parser.add_argument("--max-pages", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--fresh", action="store_true", help="OCR again (after a change to the reader)")
    parser.add_argument("--errors", action="store_true", help="print score.py's error list")
    parser.add_argument("--out", type=Path, help="write the records here (JSONL)")
    args = parser.parse_args()
    if not REAL.is_dir() or not SCORER.is_file() or not shutil.which("tesseract"):
        print("needs ../shared/corpora/real, ../shared/eval/score.py and tesseract")
        return 1
    CACHE.mkdir(parents=True, exist_ok=True)
    gold = [json.loads(line) for line in (GOLD / f"{args.gold}.jsonl").open(encoding="utf-8")]
    records, skipped = [], []
    with ProcessPoolExecutor(args.workers) as pool:
        jobs = [pool.submit(_read_one, entry["source"], args.max_pages, args.fresh) for entry in gold]
        for job in jobs:
            source, record, note = job.result()
            print(f"  {note:>20}  {source}", file=sys.stderr, flush=True)
            (records.append(record) if record else skipped.append(source))
    scanned = [entry for entry in gold if entry["source"] not in skipped]
    with tempfile.TemporaryDirectory() as folder:
        gold_file, pred_file = Path(folder) / "gold.jsonl", args.out or Path(folder) / "pred.jsonl"
        gold_file.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in scanned), encoding="utf-8")
        pred_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        command = [sys.executable, str(SCORER), "--gold", str(gold_file), "--pred", str(pred_file)]
        print(f"{args.gold}, printed and scanned: {len(records)} documents ({len(skipped)} without a printed "
              f"form or over {args.max_pages} pages)")
        subprocess.run(command + (["--errors"] if args.errors else []), check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
