"""A random round over every reader and the normaliser, each case run under time and memory limits.

    .venv/bin/python tests/fuzz/fuzz_readers.py [--examples 200] [--targets text,html,docx,pdf,normalize]
                                                [--time-limit 10] [--memory-mb 3072] [--slow 2] [--out build/fuzz]

Inputs come from hypothesis: texts and HTML from hostile alphabets and long repetitions, DOCX made
by python-docx with hypothesis-chosen XML spliced into the body (merges, spans, nesting, DTDs),
PDFs made by reportlab with bytes flipped, cut or /Count changed. Each case is read in a forked
child with RLIMIT_AS and a wall-clock limit; a `ReadError` is a good answer. Anything else is a
finding, written to OUT/<target>-<n>/ (the input and `finding.json`: what happened, how long it
took): an exception that is not a ReadError, a child killed for time or memory, or a case slower
than --slow seconds. The exit status is 1 when there are findings. `make fuzz` runs this.
"""
from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# --------------------------------------------------------------------------------------------------
# Running one case: a forked child, limited


@dataclass
class Round:
    out: Path
    time_limit: float
    memory: int
    slow: float
    findings: list[dict] = field(default_factory=list)
    cases: int = 0


def _child(target: str, path: str, memory: int, report: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    outcome = {"outcome": "ok"}
    try:
        if target == "normalize":
            from pipeline.read.normalize import normalize

            raw = Path(path).read_text(encoding="utf-8", errors="surrogatepass")
            for markdown in (False, True):
                text, offsets = normalize(raw, markdown=markdown)
                if len(offsets) != len(text) + 1:
                    raise AssertionError(f"{len(offsets)} offsets for {len(text)} characters")
        else:
            from pipeline.errors import ReadError
            from pipeline.read import Limits, read

            try:
                text = read(path, Limits(ocr=False))
                if len(text.raw_offsets) != len(text.text) + 1:
                    raise AssertionError("offsets do not match the text")
            except ReadError as error:
                outcome = {"outcome": "refused", "reason": error.reason}
    except BaseException as error:  # noqa: BLE001 - every escape is a finding
        outcome = {"outcome": "exception", "error": f"{type(error).__name__}: {error}"[:2000],
                   "traceback": traceback.format_exc()[-4000:]}
    Path(report).write_text(json.dumps(outcome))


def run_case(round_: Round, target: str, suffix: str, data: bytes) -> None:
    round_.cases += 1
    with tempfile.TemporaryDirectory(prefix="congvan-fuzz-") as folder:
        path, report = Path(folder) / f"case{suffix}", Path(folder) / "report.json"
        path.write_bytes(data)
        child = multiprocessing.get_context("fork").Process(
            target=_child, args=(target, str(path), round_.memory, str(report)))
        start = time.perf_counter()
        child.start()
        child.join(round_.time_limit)
        seconds = time.perf_counter() - start
        if child.is_alive():
            child.kill()
            child.join()
            outcome = {"outcome": "timeout", "limit": round_.time_limit}
        elif report.exists():
            outcome = json.loads(report.read_text())
        else:
            outcome = {"outcome": "killed", "exitcode": child.exitcode}   # memory, or a native crash
        if outcome["outcome"] in ("ok", "refused") and seconds <= round_.slow:
            return
        if outcome["outcome"] in ("ok", "refused"):
            outcome = {**outcome, "outcome": "slow"}
        _record(round_, target, suffix, data, {**outcome, "seconds": round(seconds, 2), "bytes": len(data)})


def _record(round_: Round, target: str, suffix: str, data: bytes, finding: dict) -> None:
    folder = round_.out / f"{target}-{len(round_.findings) + 1:03d}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"input{suffix}").write_bytes(data)
    (folder / "finding.json").write_text(json.dumps({"target": target, **finding}, ensure_ascii=False, indent=1))
    round_.findings.append({"target": target, "folder": str(folder), **finding})
    print(f"finding: {target} {finding['outcome']} {finding.get('error', '')[:120]} -> {folder}", flush=True)


# --------------------------------------------------------------------------------------------------
# Inputs

HOSTILE_TOKENS = ["[", "](", "[a](", "*", "**", "_", "#", "|", "---", " ", "\n", "\t", "<", "-\n", "oà", "uỷ",
                  "\u0300", "\u0958", "\u212b", "\x1c", "\u00a0", "Nơi nhận", "TM.", "Số:", "%PDF-", "a" * 7]
HTML_TOKENS = ["<a b=\"", "<!--", "-->", "</a", "<?", "<![", "<p>", "</p>", "<br>", "<br/>", "<td>", "<div>",
               "<script>", "</script>", "&#", "&nbsp;", "&amp", "Công văn", ">", "\"", "<table><tr><td>"]
XML_FRAGMENTS = [
    "<w:p><w:r><w:t>Số: 12/UBND</w:t></w:r></w:p>", "<w:p/>", "<w:p><w:r><w:tab/><w:br/><w:cr/></w:r></w:p>",
    "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p/></w:tc></w:tr>"
    "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>",
    "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>",
    "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"99999999\"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val=\"-5\"/>"
    "</w:tcPr><w:p/></w:tc></w:tr></w:tbl>",
    "<w:sdt><w:sdtContent><w:p><w:r><w:t>x</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    "<w:p><w:hyperlink><w:r><w:t>liên kết</w:t></w:r></w:hyperlink></w:p>", "<w:sectPr/>", "&amp;", "&xxe;", "<",
]


def _repeated(tokens: list[str]):
    return st.builds(lambda token, count: token * count, st.sampled_from(tokens), st.integers(1, 200_000))


def _texts(tokens: list[str]):
    piece = st.one_of(st.sampled_from(tokens), st.text(max_size=50), _repeated(tokens))
    return st.lists(piece, max_size=20).map("".join)


def _base_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(2, 0))
    table.cell(1, 1).text = "Số: 2458/UBND-NC"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_with(base: bytes, fragments: list[str], repeat: int, prolog: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                declaration_end = head.index(b"?>") + 2
                head = head[:declaration_end] + prolog.encode() + head[declaration_end:]
                data = head + b"<w:body>" + ("".join(fragments) * repeat).encode() + tail
            target.writestr(info.filename, data)
    return out.getvalue()


def _base_pdf(pages: int) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pageCompression=0)
    for number in range(pages):
        drawing.drawString(72, 760, f"Cong van so {number + 1}/UBND-VP ngay 05 thang 8 nam 2021")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _mutated(data: bytes, seed: int, flips: int, cut: float, count: int | None) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(flips):
        out[rng.randrange(len(out))] = rng.randrange(256)
    out = out[: max(16, int(len(out) * cut))]
    if count is not None:
        out = bytearray(bytes(out).replace(b"/Count 3", b"/Count %d" % count, 1))
    return bytes(out)


# --------------------------------------------------------------------------------------------------
# Targets


def _strategies(target: str):
    """(strategy of a case's arguments, how to make the case's suffix and bytes from them)."""
    if target == "normalize":
        return st.tuples(_texts(HOSTILE_TOKENS)), lambda raw: (".txt", raw.encode("utf-8", "surrogatepass"))
    if target == "text":
        data = st.one_of(_texts(HOSTILE_TOKENS).map(lambda t: t.encode("utf-8", "surrogatepass")),
                         st.binary(max_size=20_000))
        return st.tuples(data, st.sampled_from([".txt", ".md"])), lambda data, suffix: (suffix, data)
    if target == "html":
        return st.tuples(_texts(HTML_TOKENS)), lambda page: (".html", ("<html><body>" + page).encode(
            "utf-8", "surrogatepass"))
    if target == "docx":
        base = _base_docx()
        prologs = st.sampled_from(["", "<!--" + "x" * 5000 + "-->", "<!DOCTYPE w:document>",
                                   "<!--c--><!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"])
        return (st.tuples(st.lists(st.sampled_from(XML_FRAGMENTS), max_size=12), st.integers(1, 50_000), prologs),
                lambda fragments, repeat, prolog: (".docx", _docx_with(base, fragments, repeat, prolog)))
    if target == "pdf":
        base = _base_pdf(3)
        return (st.tuples(st.integers(0, 2**32), st.integers(0, 40), st.floats(0.05, 1.0),
                          st.one_of(st.none(), st.integers(0, 10**9))),
                lambda seed, flips, cut, count: (".pdf", _mutated(base, seed, flips, cut, count)))
    raise SystemExit(f"unknown target {target!r}")


def fuzz(round_: Round, target: str, examples: int) -> None:
    arguments, make = _strategies(target)

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(arguments)
    def one(args):
        suffix, data = make(*args)
        run_case(round_, target, suffix, data)

    one()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="cases per target")
    parser.add_argument("--targets", default="normalize,text,html,docx,pdf")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds a case may take")
    parser.add_argument("--memory-mb", type=int, default=3072, help="address space a case may use")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds past which a case is reported slow")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "fuzz" / time.strftime("%Y%m%d-%H%M%S"))
    args = parser.parse_args(argv)
    os.environ.setdefault("CONGVAN_NER", "0")
    import pipeline.read  # noqa: F401 - imported once here, so that each forked case starts warm

    round_ = Round(args.out, args.time_limit, args.memory_mb * 2**20, args.slow)
    for target in args.targets.split(","):
        start = time.perf_counter()
        fuzz(round_, target, args.examples)
        print(f"{target}: {args.examples} cases in {time.perf_counter() - start:.0f} s", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    summary = {"cases": round_.cases, "findings": round_.findings}
    (args.out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(f"{round_.cases} cases, {len(round_.findings)} findings -> {args.out}")
    return 1 if round_.findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
