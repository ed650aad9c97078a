"""`make train`: the ORG/PER/LOC recogniser of `models/congvan_vi`, trained from weak labels.

Two steps, each a subcommand:

1. `weak`: read the corpora, label them by rule (`weak_labels.py`: the header's issuers, place and
   signer, the bodies table with its heads, surnames, place kinds) and cut them into labelled pieces
   (a line or a sentence), as JSON Lines. The corpora: `../shared/corpora/real` when it is there
   (the documents of any `gold-*.jsonl` left out, so that the dev gold stays unseen), the synthetic
   archive (`pipeline.synth`, `SYNTH` documents of seed 0: invented places and bodies), any folder
   given with `--extra`, never the seeds (the test set quotes them). Reading the
   real corpus takes a couple of minutes (LibreOffice for the DOC files; no OCR), so the pieces are
   kept in `build/ner/weak.jsonl` and only remade when this code changes.
2. `model`: spaCy's own training with `models/congvan_vi.cfg` (tok2vec and ner, CPU, seeded),
   on the weak pieces plus the hand-annotated `corpora/ner/train.jsonl` (repeated, so that they
   weigh), then the rule components added and the whole pipeline saved to `models/congvan_vi`.

The test set `corpora/ner/test.jsonl` is never read here. Sampling is seeded and single-threaded,
so the same corpora give the same model.

    python -m pipeline.nlp.train weak [--real ../shared/corpora/real] [--extra DIR] [--out build/ner/weak.jsonl]
    python -m pipeline.nlp.train model [--weak build/ner/weak.jsonl] [--out models/congvan_vi] [--max-steps N]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from pathlib import Path

from .corpus import ROOT, TRAIN, load

REAL = ROOT.parent / "shared" / "corpora" / "real"
BUILD = ROOT / "build" / "ner"
CONFIG = ROOT / "models" / "congvan_vi.cfg"
MODEL = ROOT / "models" / "congvan_vi"
SEED = 0
PER_DOCUMENT = 60        # labelled pieces kept from one document, at most
SYNTH = 200              # synthetic documents (seed 0); they are templated, so fewer pieces each
SYNTH_PER_DOCUMENT = 15
EMPTY_PER_DOCUMENT = 12  # pieces with no name, kept so that the model learns to say nothing
HAND_REPEAT = 4          # the hand-annotated sentences, this many times over
MAX_PIECE = 500          # characters; longer lines are cut at sentence ends
SKIP_SUFFIXES = {".jsonl", ".tsv", ".json", ".csv"}


# --- 1. weak labels ----------------------------------------------------------------------------------

def gold_sources(folder: Path) -> set[str]:
    """The documents any `gold-*.jsonl` of the folder annotates: kept out of training."""
    names = set()
    for gold in folder.glob("gold*.jsonl"):
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                names.add(Path(json.loads(line)["source"]).name)
    return names


def pieces(text: str, entities) -> list[tuple[int, int]]:
    """(start, end) of the lines of `text`, joined where a name runs over a line end, and cut at
    sentence ends when longer than `MAX_PIECE`; a piece never cuts a name."""
    inside = [False] * (len(text) + 1)
    for e in entities:
        for i in range(e.start + 1, e.end):
            inside[i] = True
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        if not inside[m.start()]:
            out.append((start, m.start()))
            start = m.end()
    out.append((start, len(text)))
    cut = []
    for start, end in out:
        while end - start > MAX_PIECE:
            stops = [m.end() for m in re.finditer(r"[.;]\s+", text[start:start + MAX_PIECE])
                     if not inside[start + m.end()]]
            if not stops:
                break
            cut.append((start, start + stops[-1]))
            start += stops[-1]
        cut.append((start, end))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e - (len(text[s:e]) - len(text[s:e].rstrip())))
            for s, e in cut if text[s:e].strip()]


def document_examples(name: str, text, rng: random.Random, keep: int = PER_DOCUMENT) -> list[dict]:
    """The labelled pieces of one read document: those with names (at most `PER_DOCUMENT`) and a
    few without."""
    from .weak_labels import document_entities

    s = text.text
    entities = document_entities(text)
    named, empty = [], []
    for start, end in pieces(s, entities):
        inside = [[e.start - start, e.end - start, e.label] for e in entities if start <= e.start and e.end <= end]
        record = {"source": name, "text": s[start:end], "entities": inside}
        if inside:
            named.append(record)
        elif end - start >= 30 and re.search(r"[^\W\d]{2}", s[start:end]):
            empty.append(record)
    rng.shuffle(named)
    rng.shuffle(empty)
    return named[:keep] + empty[:EMPTY_PER_DOCUMENT * keep // PER_DOCUMENT]


def synth_examples(count: int = SYNTH, seed: int = SEED) -> list[dict]:
    """Weak-labelled pieces of the synthetic archive's texts (no files written)."""
    try:
        from ..synth import documents
    except ImportError:
        return []
    from ..read.layout import find_blocks
    from ..read.text import Text

    records = []
    for document in documents(count, seed=seed):
        if getattr(document, "fault", None):
            continue
        s = document.text
        text = Text(source=document.name, format="txt", text=s, raw=s, raw_offsets=range(len(s) + 1),
                    blocks=find_blocks(s))
        name = f"synth:{document.name}"
        records.extend(document_examples(name, text, random.Random(f"{SEED}:{name}"), keep=SYNTH_PER_DOCUMENT))
    return records


def build_weak(folders: list[Path], out: Path, synth: int = SYNTH, log=print) -> int:
    """Weak-label every readable file of `folders`, and `synth` synthetic documents, into `out`
    (JSON Lines); returns the piece count."""
    from .. import read
    from ..errors import ReadError
    from ..read import Limits

    limits = Limits(ocr=False)
    records = []
    started = time.perf_counter()
    for folder in folders:
        if not folder.is_dir():
            log(f"weak: {folder} absent, skipped")
            continue
        held_out = gold_sources(folder)
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() not in SKIP_SUFFIXES
                       and p.name not in held_out and not p.name.startswith("."))
        log(f"weak: {folder}: {len(files)} files ({len(held_out)} gold documents left out)")
        for path in files:
            try:
                text = read(path, limits)
            except ReadError:
                continue
            rng = random.Random(f"{SEED}:{path.name}")
            records.extend(document_examples(path.name, text, rng))
    if synth:
        pieces_before = len(records)
        records.extend(synth_examples(synth))
        log(f"weak: synthetic archive: {synth} documents, {len(records) - pieces_before} pieces")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    log(f"weak: {len(records)} pieces, {sum(len(r['entities']) for r in records)} names, "
        f"{time.perf_counter() - started:.0f} s -> {out}")
    return len(records)


# --- 2. the model -------------------------------------------------------------------------------------

def to_docbin(nlp, records: list[dict], path: Path) -> tuple[int, int]:
    """Records to a spaCy DocBin; names that do not fall on token boundaries are dropped."""
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    db = DocBin(store_user_data=False)
    kept = dropped = 0
    for record in records:
        doc = nlp.make_doc(record["text"])
        spans = []
        for start, end, label in record["entities"]:
            span = doc.char_span(start, end, label=label)
            if span is None:
                dropped += 1
            else:
                spans.append(span)
        doc.ents = filter_spans(spans)
        kept += len(doc.ents)
        db.add(doc)
    db.to_disk(path)
    return kept, dropped


def split(records: list[dict], dev_every: int = 10) -> tuple[list[dict], list[dict]]:
    """Whole documents to dev (one in `dev_every`, by sorted name), the rest to train."""
    names = sorted({r["source"] for r in records})
    dev_names = set(names[::dev_every])
    return ([r for r in records if r["source"] not in dev_names],
            [r for r in records if r["source"] in dev_names])


def train_model(weak: Path, out: Path = MODEL, config: Path = CONFIG, max_steps: int | None = None,
                work: Path = BUILD, log=print) -> Path:
    import spacy
    from spacy.cli.train import train as spacy_train

    from . import add_components, blank

    nlp = blank()
    records = [json.loads(line) for line in weak.read_text(encoding="utf-8").splitlines() if line.strip()] \
        if weak.is_file() else []
    train, dev = split(records)
    hand = load(TRAIN)
    if not dev:  # no corpus beside the project: hold out a fifth of the hand sentences for spaCy's dev
        dev, hand = hand[::5], [r for i, r in enumerate(hand) if i % 5]
    train += [dict(r) for r in hand for _ in range(HAND_REPEAT)]
    random.Random(SEED).shuffle(train)
    work.mkdir(parents=True, exist_ok=True)
    kept, dropped = to_docbin(nlp, train, work / "train.spacy")
    dev_kept, _ = to_docbin(nlp, dev, work / "dev.spacy")
    log(f"train: {len(train)} pieces ({len(hand)} hand sentences x{HAND_REPEAT}), {kept} names "
        f"({dropped} off token boundaries dropped); dev: {len(dev)} pieces, {dev_kept} names")
    overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
                 "system.seed": SEED}
    if max_steps:
        overrides["training.max_steps"] = max_steps
    output = work / "output"
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    spacy_train(config, output, overrides=overrides)
    log(f"train: {time.perf_counter() - started:.0f} s of training")
    trained = spacy.load(output / "model-best")
    add_components(trained)
    trained.meta.update({
        "name": "congvan_vi", "version": "0.1.0",
        "description": "congvan: Vietnamese official dispatches. Tokenizer keeping document numbers whole, "
                       "NER (ORG, PER, LOC) trained on weak labels and hand-annotated sentences, rule "
                       "components writing doc.spans (references, dates, deadlines, targets, organizations).",
        "sources": [{"name": "weak labels", "pieces": len(records)},
                    {"name": "corpora/ner/train.jsonl", "sentences": len(hand)}],
    })
    shutil.rmtree(out, ignore_errors=True)
    trained.to_disk(out)
    saved = spacy.util.load_config(out / "config.cfg", interpolate=False)
    saved["paths"]["train"] = saved["paths"]["dev"] = None  # no paths of this machine in the model
    saved.to_disk(out / "config.cfg")
    strip_strings(out)
    log(f"train: saved {out} ({sum(f.stat().st_size for f in out.rglob('*') if f.is_file()) / 1e6:.1f} MB)")
    return out


def strip_strings(model: Path) -> None:
    """Keep only the labels in the saved string store: the hash tables need no strings (tokens are
    hashed as they come), and the strings seen in training would carry words of the corpus, some of
    it unpublished, into a committed file. Predictions are the same with or without them."""
    from .corpus import LABELS

    path = model / "vocab" / "strings.json"
    strings = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps([s for s in strings if s in LABELS]), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    weak = sub.add_parser("weak", help="weak-label the corpora")
    weak.add_argument("--real", default=str(REAL))
    weak.add_argument("--extra", action="append", default=[], help="another folder of documents")
    weak.add_argument("--synth", type=int, default=SYNTH, help="synthetic documents to add (0: none)")
    weak.add_argument("--out", default=str(BUILD / "weak.jsonl"))
    model = sub.add_parser("model", help="train and save the pipeline")
    model.add_argument("--weak", default=str(BUILD / "weak.jsonl"))
    model.add_argument("--out", default=str(MODEL))
    model.add_argument("--config", default=str(CONFIG))
    model.add_argument("--max-steps", type=int, default=None)
    args = parser.parse_args(argv)
    if args.step == "weak":
        build_weak([Path(args.real), *map(Path, args.extra)], Path(args.out), synth=args.synth)
    else:
        train_model(Path(args.weak), Path(args.out), Path(args.config), args.max_steps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
