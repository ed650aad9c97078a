"""`congvan parse`: read files (or folders, recursively) and print what congvan finds in each, as
text, FORMAT.md records, a summary for people, or HTML with every extraction marked. Added to the
main group by `register(main)`.

Exit codes: 0 every file read, 3 some files failed (each named on stderr with its reason),
2 usage error.
"""
from __future__ import annotations

import json
import sys

import click

from ..errors import ReadError, ToolMissing
from ..ingest import Skipped, walk
from ..paths import printable
from ..read import read
from ..record import extract, to_record
from .options import EXIT_OK, EXIT_SOME_FAILED, limit_options, make_limits


def summary(record: dict) -> str:
    """A few readable lines about one record: what it is, who issued it, what it cites and asks."""
    facts = record["text"]
    how = facts["format"] + (f", {facts['pages']} pages" if facts["pages"] else "")
    if facts["ocr_pages"]:
        how += f", OCR on {len(facts['ocr_pages'])}"
    lines = [f"{record['name']}  ({how}, {facts['chars']:,} chars)"]
    document = record.get("document") or {}
    if document:
        lines.append(f"  {document.get('type') or '?'} {document.get('code') or '(no number)'}"
                     f" of {document.get('issuer') or '?'}, {document.get('date') or 'undated'}")
        if document.get("subject"):
            lines.append(f"  {document['subject'][:110]}")
    for reference in record.get("references", []):
        lines.append(f"  cites [{reference.get('relation')}] {reference.get('code') or reference.get('title')}")
    for deadline in record.get("deadlines", []):
        lines.append(f"  due {deadline.get('date') or deadline.get('recurrence')}: {deadline.get('text', '')[:90]}")
    return "\n".join(lines)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl", "summary", "html"]), default="jsonl", show_default=True,
              help="text: the normalised text; jsonl: one extraction record per file (eval/FORMAT.md); "
                   "summary: a few lines per file for people; html: the text with every extraction marked.")
@limit_options
def parse(files, fmt, **limit_args):
    """Read FILES (or folders, recursively) and print what congvan finds in each."""
    limits = make_limits(**limit_args)
    failed = 0
    out = sys.stdout
    for path in walk(files):
        if isinstance(path, Skipped):
            click.echo(f"congvan: {printable(path.path)}: skipped: {path.reason}", err=True)
            continue
        try:
            text = read(path, limits)
        except ReadError as error:
            failed += 1
            click.echo(f"congvan: {printable(error.path)}: {error.reason}", err=True)
            continue
        except ToolMissing as error:
            failed += 1
            click.echo(f"congvan: {printable(path)}: {error}", err=True)
            continue
        except Exception as error:  # a bug must not lose the rest of the batch
            failed += 1
            click.echo(f"congvan: {printable(path)}: internal error ({type(error).__name__}: {error}); please report it", err=True)
            continue
        for warning in text.warnings:
            click.echo(f"congvan: {printable(path)}: warning: {warning}", err=True)
        if fmt == "text":
            if len(files) > 1:
                out.write(f"==> {printable(path)} <==\n")
            out.write(text.text + "\n")
        elif fmt == "summary":
            out.write(summary(to_record(text)) + "\n")
        elif fmt == "html":
            from ..annotate import annotate_html  # only for html: `parse` imports no more than it uses

            out.write(annotate_html(extract(text)))
        else:
            out.write(json.dumps(to_record(text), ensure_ascii=False) + "\n")
        out.flush()
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def register(main: click.Group) -> None:
    """Add `parse` to the `congvan` group (idempotent)."""
    if "parse" not in main.commands:
        main.add_command(parse)
