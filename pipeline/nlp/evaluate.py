"""`make eval`: the NER against the hand-annotated test set, beside the gazetteer and underthesea.

Every system tags the same sentences of `corpora/ner/test.jsonl` (never trained on); a prediction
counts when its span and label are exactly the gold ones (`exact`), and in a second, lenient count
when it overlaps a gold name of the same label (`overlap`, each gold and prediction used once).
Systems:

- `trained`: `models/congvan_vi`, its `ner` component;
- `gazetteer`: the tables alone (`gazetteer.py`);
- `rules`: the weak labeller the model was trained from (`weak_labels.py`), for reference;
- `underthesea`: `underthesea.ner`, its B-/I-ORG, PER, LOC tags mapped back to the sentence.

With the real corpus beside the project (`../shared/corpora/real/gold-dev.jsonl`) it also measures
the deadlines' actor on the dev gold, with and without the model's fallback
(`pipeline/extract/deadlines.py`). Figures are printed as a table and written to `bench/ner.json`.

    python -m pipeline.nlp.evaluate [--model models/congvan_vi] [--out bench/ner.json] [--no-dev]
"""
from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .corpus import LABELS, ROOT, TEST, load

Span = tuple[int, int, str]
DEV_GOLD = ROOT.parent / "shared" / "corpora" / "real" / "gold-dev.jsonl"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


# --- scoring ---------------------------------------------------------------------------------------

def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score(golds: list[list[Span]], preds: list[list[Span]], overlap: bool = False) -> dict:
    """Precision, recall, F1 per label and micro-averaged over all three.

    >>> score([[(0, 5, "ORG")]], [[(0, 5, "ORG"), (6, 9, "LOC")]])["ORG"]["f1"]
    1.0
    """
    counts = {label: [0, 0, 0] for label in LABELS}
    for gold, pred in zip(golds, preds, strict=True):
        gold = [(g[0], g[1], g[2]) for g in gold]   # JSON gives lists
        pred = [(p[0], p[1], p[2]) for p in pred if p[2] in LABELS]
        if overlap:
            used: set[int] = set()
            matched = set()
            for gi, (gs, ge, gl) in enumerate(gold):
                for pi, (ps, pe, pl) in enumerate(pred):
                    if pi not in used and pl == gl and ps < ge and gs < pe:
                        used.add(pi)
                        matched.add(gi)
                        break
            for gi, g in enumerate(gold):
                counts[g[2]][0 if gi in matched else 2] += 1
            for pi, p in enumerate(pred):
                if pi not in used:
                    counts[p[2]][1] += 1
        else:
            gset, pset = set(gold), set(pred)
            for g in gset:
                counts[g[2]][0 if g in pset else 2] += 1
            for p in pset - gset:
                counts[p[2]][1] += 1
    out = {label: _prf(*counts[label]) for label in LABELS}
    out["all"] = _prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return out


# --- systems ---------------------------------------------------------------------------------------

def gazetteer_system(texts: list[str]) -> list[list[Span]]:
    from .gazetteer import find_entities

    return [[(e.start, e.end, e.label) for e in find_entities(t)] for t in texts]


def rules_system(texts: list[str]) -> list[list[Span]]:
    from .weak_labels import find_entities

    return [[(e.start, e.end, e.label) for e in find_entities(t)] for t in texts]


def trained_system(texts: list[str], model: Path | str | None = None) -> list[list[Span]]:
    from . import ner_model

    nlp = ner_model(model)
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]


def underthesea_spans(text: str, tagged: Iterable[tuple]) -> list[Span]:
    """underthesea's (word, pos, chunk, tag) tuples back to character spans of `text`.

    Its words join syllables with spaces (`Thông tin`); each is looked up from where the last ended.

    >>> underthesea_spans("Sở Nội vụ mời", [("Sở", "N", "B-NP", "B-ORG"), ("Nội vụ", "N", "I-NP", "I-ORG"),
    ...                                     ("mời", "V", "B-VP", "O")])
    [(0, 9, 'ORG')]
    """
    spans: list[Span] = []
    at = 0
    current: list | None = None
    for item in tagged:
        word, tag = item[0], item[-1]
        found = text.find(word, at)
        if found < 0 or found - at > 20:
            current = None
            continue
        start, end = found, found + len(word)
        at = end
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        if kind not in LABELS:
            current = None
            continue
        if tag.startswith("I-") and current and current[2] == kind:
            current[1] = end
            spans[-1] = tuple(current)
        else:
            current = [start, end, kind]
            spans.append(tuple(current))
    return spans


def underthesea_system(texts: list[str]) -> list[list[Span]]:
    from underthesea import ner

    return [underthesea_spans(t, ner(t)) for t in texts]


SYSTEMS: dict[str, Callable[[list[str]], list[list[Span]]]] = {
    "trained": trained_system,
    "gazetteer": gazetteer_system,
    "rules": rules_system,
    "underthesea": underthesea_system,
}


def evaluate_ner(path: Path | str = TEST, model: Path | str | None = None, systems=None) -> dict:
    """{system: {"exact": figures, "overlap": figures, "seconds": s}} on the test sentences."""
    records = load(path)
    texts = [r["text"] for r in records]
    golds = [[tuple(e) for e in r["entities"]] for r in records]
    out = {"sentences": len(records),
           "mentions": {label: sum(1 for g in golds for e in g if e[2] == label) for label in LABELS}}
    for name in systems or SYSTEMS:
        started = time.perf_counter()
        if name == "trained":
            preds = trained_system(texts, model)
        else:
            preds = SYSTEMS[name](texts)
        out[name] = {"exact": score(golds, preds), "overlap": score(golds, preds, overlap=True),
                     "seconds": round(time.perf_counter() - started, 2)}
    return out


# --- deadlines' actor on the dev gold ----------------------------------------------------------------

def _scorer():
    import importlib.util

    spec = importlib.util.spec_from_file_location("congvan_score", SCORER)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no scorer at {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def actor_accuracy(golds: dict[str, dict], preds: dict[str, dict]) -> dict:
    """How often a deadline's actor is right, over the deadlines paired as `score.py` pairs them
    (by date or rule) whose gold names an actor: `strict` is score.py's name match (similarity 0.88
    after folding), `overlap` a word-overlap F1 of at least 0.5; `missing` counts no actor at all."""
    s = _scorer()

    def key(d):
        return d.get("date") or s.rrule_key(d.get("recurrence"))

    n = strict = loose = missing = 0
    for name, gold in golds.items():
        pred = preds.get(name) or {}
        gs = [d for d in gold.get("deadlines") or [] if key(d)]
        ps = [d for d in pred.get("deadlines") or [] if key(d)]
        pairs, _, _ = s.pair(gs, ps, lambda g, p: 1.0 if key(g) == key(p) else None)
        for g, p in pairs:
            if not g.get("actor"):
                continue
            n += 1
            got = p.get("actor")
            missing += not got
            strict += s.similar(g["actor"], got) >= 0.88
            gw, pw = set(s.fold_name(g["actor"]).split()), set(s.fold_name(got).split())
            loose += bool(gw and pw) and 2 * len(gw & pw) / (len(gw) + len(pw)) >= 0.5
    return {"deadlines": n, "strict": strict, "overlap": loose, "missing": missing,
            "strict_accuracy": round(strict / n, 4) if n else None,
            "overlap_accuracy": round(loose / n, 4) if n else None}


def evaluate_actors(gold_path: Path = DEV_GOLD) -> dict | None:
    """Actor accuracy on the dev gold with the NER fallback off and on, and the extraction time."""
    if not gold_path.is_file() or not SCORER.is_file():
        return None
    from .. import read
    from ..record import extract, to_record

    golds = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            golds[record["source"]] = record
    texts = {name: read(gold_path.parent / name) for name in golds}
    out = {}
    previous = os.environ.get("CONGVAN_NER")
    try:
        for label, flag in (("rules", "0"), ("rules+ner", "1")):
            os.environ["CONGVAN_NER"] = flag
            started = time.perf_counter()
            preds = {name: to_record(extract(text)) for name, text in texts.items()}
            out[label] = actor_accuracy(golds, preds)
            out[label]["extract_seconds"] = round(time.perf_counter() - started, 2)
    finally:
        if previous is None:
            os.environ.pop("CONGVAN_NER", None)
        else:
            os.environ["CONGVAN_NER"] = previous
    return out


# --- report ----------------------------------------------------------------------------------------

def table(result: dict) -> str:
    lines = [f"NER on {result['sentences']} held-out sentences, mentions "
             + ", ".join(f"{k} {v}" for k, v in result["mentions"].items()),
             f"{'system':<12} {'label':<4}  {'P':>6} {'R':>6} {'F1':>6}   (overlap F1)"]
    for name in SYSTEMS:
        if name not in result:
            continue
        for label in (*LABELS, "all"):
            e, o = result[name]["exact"][label], result[name]["overlap"][label]
            lines.append(f"{name:<12} {label:<4}  {e['precision']:6.3f} {e['recall']:6.3f} {e['f1']:6.3f}   ({o['f1']:.3f})")
    actors = result.get("actors")
    if actors:
        lines.append("deadline actor on the dev gold (paired deadlines with a gold actor):")
        for name, a in actors.items():
            lines.append(f"  {name:<10} strict {a['strict']}/{a['deadlines']} ({a['strict_accuracy']:.3f}), "
                         f"word overlap {a['overlap']}/{a['deadlines']} ({a['overlap_accuracy']:.3f}), "
                         f"no actor {a['missing']}, extraction {a['extract_seconds']} s")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="a trained pipeline (default models/congvan_vi)")
    parser.add_argument("--test", default=str(TEST))
    parser.add_argument("--out", default=str(ROOT / "bench" / "ner.json"))
    parser.add_argument("--no-dev", action="store_true", help="skip the deadlines' actor on the dev gold")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    args = parser.parse_args(argv)
    result = evaluate_ner(args.test, args.model, [s for s in args.systems.split(",") if s])
    if not args.no_dev:
        actors = evaluate_actors()
        if actors:
            result["actors"] = actors
    print(table(result))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
