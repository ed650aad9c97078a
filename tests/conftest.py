"""Shared fixtures: real input files built once per session from seed dispatch 004 (see inputs.py)."""

from __future__ import annotations

from pathlib import Path

import inputs
import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def seed_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Seed 004 in every format, plus bad files; built once (about 15 s, LibreOffice included).

    Keys: ``txt``, ``docx``, ``doc``, ``pdf``, ``pdf_two_fonts``, ``scanned_pdf``, ``png_scan`` (good);
    ``empty``, ``truncated``, ``encrypted``, ``random``, ``zip_bomb``, ``xxe`` (bad);
    ``docx_named_pdf`` (a good DOCX named ``really_a_docx.pdf``).
    """
    out = tmp_path_factory.mktemp("seed004")
    docx = inputs.make_docx(out)
    pdf = inputs.make_pdf(docx, out)
    files = {
        "txt": inputs.make_txt(out),
        "docx": docx,
        "doc": inputs.make_doc(docx, out),
        "pdf": pdf,
        "pdf_two_fonts": inputs.make_pdf_two_fonts(out),
        "scanned_pdf": inputs.make_scanned_pdf(pdf, out),
    }
    files.update(inputs.make_bad_files(out, docx, pdf))
    return files


SEEDS = Path(__file__).resolve().parents[1] / "corpora" / "seeds"
SEED_GOLD = SEEDS / "gold.jsonl"
DEV_GOLD = SHARED / "corpora" / "real" / "gold-dev.jsonl"
SCORER = SHARED / "eval" / "score.py"


def _gold_lines(path: Path) -> list[dict]:
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def gold_sets() -> dict[str, tuple[list[dict], dict]]:
    """{"seeds" | "dev": (gold records, {source name: Extraction})}, read and extracted once.

    The dev set needs ../shared; it is left out when that is absent."""
    from pipeline import read
    from pipeline.record import extract

    sets = {"seeds": (SEED_GOLD, SEEDS)}
    if DEV_GOLD.is_file():
        sets["dev"] = (DEV_GOLD, DEV_GOLD.parent)
    out = {}
    for name, (gold_path, folder) in sets.items():
        golds = _gold_lines(gold_path)
        out[name] = (golds, {g["source"]: extract(read(folder / g["source"])) for g in golds})
    return out


def score(golds: list[dict], records: list[dict]) -> dict:
    """The figures of ../shared/eval/score.py (its Scorer, run in-process) for these records."""
    import importlib.util
    import os

    spec = importlib.util.spec_from_file_location("congvan_score", SCORER)
    scorer_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer_module)
    scorer = scorer_module.Scorer()
    by_name = {os.path.basename(r["source"]): r for r in records}
    for gold in golds:
        scorer.score_document(gold["source"], gold, by_name.get(gold["source"]))
    return scorer.summary()
