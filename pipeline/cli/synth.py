"""`congvan synth`: write a synthetic archive, for scale tests and benchmarks (issue 7).

    congvan synth --count 20000 --out build/synth --seed 1 --formats txt=0.5,docx=0.3,pdf=0.2

Chains of central directives carried out by ministry, provincial, district and commune plans,
as TXT, DOCX and PDF files under `OUT/<province or trung-uong>/<year>/`, with `OUT/MANIFEST.tsv`
(name, format, path, code, key, level, fault). The same seed writes the same bytes. Quality is
measured on real documents, never on these. Added to the main group by `register(main)`.
"""
from __future__ import annotations

import sys
import time

import click

from ..synth.generate import FORMATS
from .options import EXIT_USAGE

DEFAULT_FORMATS = "txt=0.5,docx=0.3,pdf=0.2"


def parse_formats(text: str) -> dict[str, float]:
    """`txt=0.5,docx=0.3,pdf=0.2` -> weights; a format left out is not written.

    >>> parse_formats("txt=1,pdf=0.5")
    {'txt': 1.0, 'pdf': 0.5}
    """
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        name = name.strip().lower()
        if name not in FORMATS:
            raise ValueError(f"unknown format {name!r}: choose among {', '.join(FORMATS)}")
        try:
            weights[name] = float(value) if value.strip() else 1.0
        except ValueError:
            raise ValueError(f"weight of {name} is not a number: {value!r}") from None
        if weights[name] < 0:
            raise ValueError(f"weight of {name} is negative")
    if not weights or sum(weights.values()) <= 0:
        raise ValueError("give at least one format with a positive weight, e.g. txt=1")
    return weights


def _formats_option(_ctx, _param, value: str) -> dict[str, float]:
    try:
        return parse_formats(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


class _Progress:
    """A line on stderr every 10 s (and at the end) for counts of 1,000 and more."""

    def __init__(self, total: int):
        self.total, self.started, self.said = total, time.perf_counter(), time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.total >= 1000 and (now - self.said >= 10 or done == total):
            self.said = now
            rate = done / max(now - self.started, 1e-9)
            click.echo(f"congvan: synth {done}/{total} files, {rate:.0f} files/s, "
                       f"about {(total - done) / max(rate, 1e-9):.0f} s left", err=True)


@click.command("synth")
@click.option("--count", type=click.IntRange(min=0), required=True, help="How many documents to write.")
@click.option("--out", "out", type=click.Path(file_okay=False), required=True, help="The archive folder (made if missing).")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed writes the same files.")
@click.option("--formats", default=DEFAULT_FORMATS, show_default=True, callback=_formats_option,
              help="Weights of the file formats, FORMAT=WEIGHT,... (txt, docx, pdf).")
@click.option("--faults", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Share of faulty files (empty, truncated PDF, random bytes named .docx), for failure paths.")
@click.option("--answers", is_flag=True,
              help="Also the lead departments' answers to provincial requests (some on time, some late, some "
                   "missing) and TASKS.jsonl, the truth of each task's status, for `congvan tasks`.")
def synth(count, out, seed, formats, faults, answers):
    """Write a synthetic archive of COUNT dispatches into OUT: chains of central directives,
    ministry and provincial plans, district and commune plans, as TXT, DOCX and PDF, plus
    MANIFEST.tsv. For scale tests and benchmarks only."""
    from ..synth import write_archive

    try:
        counts = write_archive(out, count, seed=seed, formats=formats, faults=faults, progress=_Progress(count),
                               answers=answers)
    except RuntimeError as error:          # a missing font names its Debian package
        click.echo(f"congvan: {error}", err=True)
        sys.exit(EXIT_USAGE)
    rate = counts["documents"] / counts["seconds"] if counts["seconds"] else 0.0
    click.echo(f"congvan: synth wrote {counts['documents']} files (txt {counts['txt']}, docx {counts['docx']}, "
               f"pdf {counts['pdf']}, faulty {counts['faulty']}; {counts['bytes'] / 2**20:,.1f} MB) in "
               f"{counts['seconds']:.1f} s ({rate:.0f} files/s), seed {seed} -> {out}", err=True)


def register(main: click.Group) -> None:
    """Add `synth` to the `congvan` group (idempotent)."""
    if "synth" not in main.commands:
        main.add_command(synth)
