"""The hand-annotated NER sentences of `corpora/ner/`: JSON Lines with character offsets.

One record a line: `{"id", "source", "text", "entities": [[start, end, label], ...]}`, with
`text[start:end]` the name. `source` says where the sentence comes from (`seed:004_...txt` for a
sentence of a seed dispatch, `written` for one written in the genre's style). They are written as
markup (`[[Sở Nội vụ|ORG]] chủ trì`), which `from_markup` turns into a record and `to_markup` back.

>>> from_markup("Giao [[Sở Nội vụ|ORG]] chủ trì.")
('Giao Sở Nội vụ chủ trì.', [(5, 14, 'ORG')])
>>> to_markup("Giao Sở Nội vụ chủ trì.", [(5, 14, "ORG")])
'Giao [[Sở Nội vụ|ORG]] chủ trì.'
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NER = ROOT / "corpora" / "ner"
TEST = NER / "test.jsonl"
TRAIN = NER / "train.jsonl"
LABELS = ("ORG", "PER", "LOC")
_MARK = re.compile(r"\[\[(?P<name>[^|\]]+)\|(?P<label>ORG|PER|LOC)\]\]")


def from_markup(markup: str) -> tuple[str, list[tuple[int, int, str]]]:
    """`[[name|LABEL]]` marks to (text, [(start, end, label)])."""
    text, entities, at = [], [], 0
    length = 0
    for m in _MARK.finditer(markup):
        before = markup[at:m.start()]
        text.append(before)
        length += len(before)
        name = m.group("name")
        entities.append((length, length + len(name), m.group("label")))
        text.append(name)
        length += len(name)
        at = m.end()
    text.append(markup[at:])
    out = "".join(text)
    if "[[" in out or "]]" in out:
        raise ValueError(f"unbalanced mark in {markup!r}")
    return out, entities


def to_markup(text: str, entities) -> str:
    out, at = [], 0
    for start, end, label in sorted(entities):
        out.append(text[at:start])
        out.append(f"[[{text[start:end]}|{label}]]")
        at = end
    out.append(text[at:])
    return "".join(out)


def load(path: Path | str = TEST) -> list[dict]:
    """The records of one annotation file, each checked: offsets inside the text, no overlaps."""
    records: list[dict] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        spans = sorted(tuple(e) for e in record["entities"])
        for (s1, e1, label), nxt in zip(spans, spans[1:] + [None], strict=False):
            if not (0 <= s1 < e1 <= len(record["text"])) or label not in LABELS:
                raise ValueError(f"{path}:{number}: bad entity {(s1, e1, label)}")
            if nxt and nxt[0] < e1:
                raise ValueError(f"{path}:{number}: overlapping entities")
        record["entities"] = [list(s) for s in spans]
        records.append(record)
    return records


def save(records: list[dict], path: Path | str) -> None:
    lines = [json.dumps({"id": r["id"], "source": r["source"], "text": r["text"], "entities": r["entities"]},
                        ensure_ascii=False) for r in records]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def compile_markup(markup_path: Path | str, out: Path | str, seeds: Path | None = None) -> list[dict]:
    """Turn a markup file (`source<TAB>markup` a line, `#` comments) into JSONL records.

    A sentence taken from a seed must be found verbatim in that seed's normalised text."""
    from .. import read

    seeds = seeds or ROOT / "corpora" / "seeds"
    texts: dict[str, str] = {}
    records: list[dict] = []
    stem = Path(out).stem
    for line in Path(markup_path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, markup = line.split("\t", 1)
        text, entities = from_markup(markup)
        if source.startswith("seed:"):
            name = source.removeprefix("seed:")
            if name not in texts:
                texts[name] = read(seeds / name).text
            if text not in texts[name]:
                raise ValueError(f"not in {name}: {text!r}")
        records.append({"id": f"{stem}-{len(records) + 1:04d}", "source": source, "text": text,
                        "entities": [list(e) for e in entities]})
    save(records, out)
    return records


def main(argv=None) -> int:
    """`python -m pipeline.nlp.corpus corpora/ner/test.txt corpora/ner/test.jsonl`"""
    import sys

    markup, out = (argv or sys.argv[1:])[:2]
    records = compile_markup(markup, out)
    print(f"{out}: {len(records)} sentences, {sum(len(r['entities']) for r in records)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
