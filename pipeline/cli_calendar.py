"""`congvan deadlines` and `congvan remind`: deadlines as a calendar feed and as a digest by e-mail.

Both read the store (`--db`, default `$CONGVAN_DB` or `./congvan.db`), or extraction records
(`congvan parse --format jsonl`: `--records FILE`, `-` for stdin), or parse FILES directly.
Registered on the main group by `pipeline.cli` calling `register(main)`.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys

import click

from .calendar import (
    DEFAULT_ALARMS,
    Due,
    HolidayCalendar,
    digest,
    due_within,
    dues_from_records,
    occurrences,
    send_digest,
    to_ical,
)

EXIT_USAGE, EXIT_SOME_FAILED = 2, 3


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from error


def _span(value: str) -> int:
    """`7d`, `2w`, `1m` (30 days) or a bare number of days."""
    match = re.fullmatch(r"\s*(\d+)\s*([dwm]?)\s*", value or "", re.IGNORECASE)
    if not match:
        raise click.BadParameter(f"{value!r}: write a span as 7d, 2w or 1m")
    amount, unit = int(match.group(1)), (match.group(2) or "d").lower()
    return amount * {"d": 1, "w": 7, "m": 30}[unit]


def _record_from_file(path: str) -> dict | None:
    """Parse one file into a record with deadlines (the header from `to_record` when it has one)."""
    from . import read
    from .errors import ReadError, ToolMissing
    from .extract.deadlines import extract_deadlines
    from .extract.targets import extract_targets
    from .record import to_record

    try:
        text = read(path)
    except (ReadError, ToolMissing) as error:
        click.echo(f"congvan: {path}: {getattr(error, 'reason', error)}", err=True)
        return None
    record = to_record(text)
    document = record.get("document") or {}
    received = (document.get("received") or {}).get("date") if isinstance(document.get("received"), dict) else None
    record["deadlines"] = [d.to_json() for d in extract_deadlines(text, received=received)]
    if not record.get("targets"):
        record["targets"] = [t.to_json() for t in extract_targets(text)]
    if not document.get("date"):
        from .extract.deadlines import document_date

        _year, day = document_date(text.text)
        record["document"] = {**document, "date": day.isoformat() if day else None}
    return record


def _load(records: str | None, files: tuple[str, ...], db: str | None) -> tuple[list[dict], int]:
    if db or not (records or files):
        from contextlib import closing

        from . import store

        path = store.db_path(db)
        if not path.exists():
            raise click.UsageError(f"no store at {path}: run `congvan ingest PATH` first, "
                                   "or pass --records FILE.jsonl (from `congvan parse --format jsonl`) or FILES")
        with closing(store.connect(path, create=False)) as conn:
            return list(store.records(conn)), 0
    loaded: list[dict] = []
    failed = 0
    if records:
        handle = sys.stdin if records == "-" else open(records, encoding="utf-8")  # noqa: SIM115
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    loaded.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise click.UsageError(f"{records}:{number}: not a JSON record ({error})") from error
    if files:
        from .cli import iter_files

        for path in iter_files(files):
            record = _record_from_file(str(path))
            if record is None:
                failed += 1
            else:
                loaded.append(record)
    if not records and not files:
        raise click.UsageError("give --records FILE.jsonl (- for stdin) or FILES to parse")
    return loaded, failed


def _holiday_calendar(paths: tuple[str, ...]) -> HolidayCalendar:
    return HolidayCalendar.from_files(paths) if paths else HolidayCalendar.default()


def _due_json(due: Due, days: list[dt.date]) -> dict:
    return {"source": due.source, "document": due.document, "kind": due.kind, "date": due.date and due.date.isoformat(),
            "time": due.time, "recurrence": due.recurrence, "actor": due.actor, "action": due.action,
            "text": due.text, "occurrences": [d.isoformat() for d in days]}


_common = [
    click.argument("files", nargs=-1, type=click.Path()),
    click.option("--records", type=click.Path(allow_dash=True), help="Records of `congvan parse --format jsonl` ('-': stdin)."),
    click.option("--db", type=click.Path(), help="The document store (default: $CONGVAN_DB or ./congvan.db) when neither --records nor FILES is given."),
    click.option("--today", help="The day to count from, YYYY-MM-DD (default: today's date)."),
    click.option("--holidays", "holiday_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra holiday/day-swap file (the shape of pipeline/data/holidays.json); repeatable."),
]


def _with_common(command):
    for option in reversed(_common):
        command = option(command)
    return command


@click.command("deadlines")
@_with_common
@click.option("--from", "start", help="First day of the window, YYYY-MM-DD (default: --today).")
@click.option("--to", "end", help="Last day of the window, YYYY-MM-DD (default: a year after --from).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True)
@click.option("--alarm", "alarms", multiple=True, type=click.IntRange(min=0),
              help=f"Reminder N days before (VALARM); repeatable. Default: {', '.join(map(str, DEFAULT_ALARMS))}.")
@click.option("--all", "everything", is_flag=True, help="ics: every deadline, whatever the window.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
def deadlines_command(files, records, db, today, holiday_files, start, end, fmt, alarms, everything, output):
    """The deadlines of dispatches: a list, JSON, or an iCalendar feed (RFC 5545) for Outlook/Google Calendar.

    \b
    congvan deadlines --records parsed.jsonl --format ics -o hạn.ics
    congvan deadlines docs/ --from 2025-01-01 --to 2025-03-31
    """
    loaded, failed = _load(records, files, db)
    today_day = _date(today) or dt.date.today()
    first = _date(start) or today_day
    last = _date(end) or first + dt.timedelta(days=366)
    calendar = _holiday_calendar(holiday_files)
    dues = dues_from_records(loaded)
    chosen = [(due, occurrences(due, first, last)) for due in dues]
    if fmt != "ics" or not everything:
        chosen = [(due, days) for due, days in chosen if days]
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt == "ics":
            now = dt.datetime.combine(today_day, dt.time(), tzinfo=dt.timezone.utc)
            feed = to_ical([due for due, _ in chosen], alarms=alarms or DEFAULT_ALARMS, now=now, start=first)
            out.write(feed.decode("utf-8"))
        elif fmt == "json":
            out.write(json.dumps([_due_json(due, days) for due, days in chosen], ensure_ascii=False, indent=1) + "\n")
        else:
            rows = sorted(((day, due) for due, days in chosen for day in days[:1]), key=lambda x: (x[0], x[1].text))
            for day, due in rows:
                off = calendar.day_off(day)
                again = f" ({due.recurrence})" if due.recurrence else ""
                at = f" {due.time}" if due.time else ""
                out.write(f"{day:%Y-%m-%d}{at} {due.kind:<5} {due.actor or '-'}: {due.title}{again}"
                          f"{f' [{off}]' if off else ''}  <{due.document}>\n")
            if not rows:
                out.write(f"no deadline from {first} to {last}\n")
    finally:
        if output:
            out.close()
    sys.exit(EXIT_SOME_FAILED if failed else 0)


@click.command("remind")
@_with_common
@click.option("--within", default="7d", show_default=True, help="How far ahead: 7d, 2w, 1m.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--smtp", help="Send the digest through this SMTP server, HOST:PORT.")
@click.option("--to", "recipients", multiple=True, help="Who gets the e-mail; repeatable (needs --smtp).")
@click.option("--sender", default="congvan@localhost", show_default=True, help="The e-mail's From address.")
def remind_command(files, records, db, today, holiday_files, within, fmt, smtp, recipients, sender):
    """A digest of what falls due soon, grouped by date and actor; --smtp HOST:PORT --to ADDR mails it.

    \b
    congvan remind --records parsed.jsonl --within 7d
    congvan remind --records parsed.jsonl --smtp localhost:25 --to vanthu@example.gov.vn
    """
    if smtp and not recipients:
        raise click.UsageError("--smtp needs at least one --to ADDR")
    if recipients and not smtp:
        raise click.UsageError("--to needs --smtp HOST:PORT")
    loaded, failed = _load(records, files, db)
    today_day = _date(today) or dt.date.today()
    days = _span(within)
    calendar = _holiday_calendar(holiday_files)
    reminders = due_within(dues_from_records(loaded), today_day, days)
    if fmt == "json":
        body = json.dumps([{"day": r.day.isoformat(), **_due_json(r.due, [r.day])} for r in reminders],
                          ensure_ascii=False, indent=1) + "\n"
    else:
        body = digest(reminders, today_day, days, calendar)
    if smtp:
        host, _, port = smtp.rpartition(":")
        if not host or not port.isdigit():
            raise click.BadParameter(f"{smtp!r}: write it as HOST:PORT", param_hint="--smtp")
        subject = f"congvan: {len(reminders)} hạn xử lý trong {days} ngày tới (từ {today_day:%d/%m/%Y})"
        send_digest(body, host=host, port=int(port), to=list(recipients), sender=sender, subject=subject)
        click.echo(f"sent {len(reminders)} reminders to {', '.join(recipients)}", err=True)
    else:
        sys.stdout.write(body)
    sys.exit(EXIT_SOME_FAILED if failed else 0)


def register(main: click.Group) -> None:
    """Add `deadlines` and `remind` to the `congvan` group."""
    main.add_command(deadlines_command)
    main.add_command(remind_command)
