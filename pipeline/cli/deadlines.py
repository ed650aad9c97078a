"""`congvan deadlines` and `congvan remind`: deadlines as a calendar feed and as a digest by e-mail.

Both read the store (`--db`, default `$CONGVAN_DB` or `./congvan.db`), or extraction records
(`congvan parse --format jsonl`: `--records FILE`, `-` for stdin), or parse FILES directly.
Registered on the main group by `pipeline.cli` calling `register(main)`.

Whatever is wrong with what they are given (a date, a window over five years, a holiday file, a
record, an SMTP server that does not answer) ends the command with one line on stderr naming the
problem, `congvan: ...`, and exit code 2: never a traceback.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import sys

import click

from ..calendar import (
    DEFAULT_ALARMS,
    LATEST,
    MAX_ENTRIES,
    MAX_RANGE_YEARS,
    Due,
    HolidayCalendar,
    check_range,
    digest,
    dues_from_records,
    expand,
    reminders_within,
    to_ical,
)
from .options import (
    EXIT_SOME_FAILED,
    OneLineCommand,
    Refused,
    holiday_calendar,
    mail,
    open_output,
    parse_day,
)

TRUNCATED = f"truncated: only the first {MAX_ENTRIES:,} entries; ask for a shorter window"


def _span(value: str) -> int:
    """`7d`, `2w`, `1m` (30 days) or a bare number of days, at most `MAX_RANGE_YEARS` years."""
    match = re.fullmatch(r"\s*(\d+)\s*([dwm]?)\s*", value or "", re.IGNORECASE)
    if not match:
        raise Refused(f"--within {value[:40]!r}: write a span as 7d, 2w or 1m")
    digits, unit = match.group(1).lstrip("0") or "0", (match.group(2) or "d").lower()
    days = int(digits) * {"d": 1, "w": 7, "m": 30}[unit] if len(digits) <= 7 else None   # no 10,000-digit int()
    if days is None or days > 366 * MAX_RANGE_YEARS:
        raise Refused(f"--within {value.strip()[:40]} is over {MAX_RANGE_YEARS} years; ask for less")
    return days


def _record_from_file(path: str) -> dict | None:
    """Parse one file into a record with deadlines (the header from `to_record` when it has one)."""
    from .. import read
    from ..errors import ReadError, ToolMissing
    from ..record import to_record

    try:
        text = read(path)
    except (ReadError, ToolMissing) as error:
        click.echo(f"congvan: {path}: {getattr(error, 'reason', error)}", err=True)
        return None
    except Exception as error:  # a reader's bug must not lose the other files
        click.echo(f"congvan: {path}: internal error ({type(error).__name__}: {error}); please report it", err=True)
        return None
    record = to_record(text)   # its deadlines resolved against the `received` stamp, as `parse` gives them
    document = record.get("document") or {}
    if not document.get("date"):
        from ..extract.deadlines import document_date

        _year, day = document_date(text.text)
        record["document"] = {**document, "date": day.isoformat() if day else None}
    return record


def _load(records: str | None, files: tuple[str, ...], db: str | None) -> tuple[list[dict], int]:
    if db or not (records or files):
        from contextlib import closing

        from .. import store

        path = store.db_path(db)
        if not path.exists():
            raise Refused(f"no store at {path}: run `congvan ingest PATH` first, "
                          "or pass --records FILE.jsonl (from `congvan parse --format jsonl`) or FILES")
        try:
            with closing(store.connect(path, create=False)) as conn:
                return list(store.records(conn)), 0
        except (store.StoreError, sqlite3.DatabaseError) as error:
            raise Refused(f"{path}: not a congvan store ({error})") from error
    loaded: list[dict] = []
    failed = 0
    if records:
        loaded = _read_records(records)
    if files:
        from ..ingest import walk

        for entry in walk(files):
            record = _record_from_file(str(entry))
            if record is None:
                failed += 1
            else:
                loaded.append(record)
    return loaded, failed


def _read_records(records: str) -> list[dict]:
    """The JSON lines of `--records` (`-`: stdin), each an object; `Refused` naming the line otherwise."""
    loaded = []
    try:
        handle = sys.stdin if records == "-" else open(records, encoding="utf-8")  # noqa: SIM115
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise Refused(f"--records {records}:{number}: not a JSON record ({error})") from error
                if not isinstance(record, dict):
                    raise Refused(f"--records {records}:{number}: not a JSON object (a record of "
                                  "`congvan parse --format jsonl`)")
                loaded.append(record)
    except OSError as error:
        raise Refused(f"--records {records}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise Refused(f"--records {records}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    return loaded


def _due_json(due: Due, days: list[dt.date]) -> dict:
    return {"source": due.source, "document": due.document, "kind": due.kind, "date": due.date and due.date.isoformat(),
            "time": due.time, "recurrence": due.recurrence, "actor": due.actor, "support": list(due.support),
            "action": due.action, "text": due.text, "occurrences": [d.isoformat() for d in days]}


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


def _window(today: dt.date, start: str | None, end: str | None) -> tuple[dt.date, dt.date]:
    first = parse_day(start, "--from") or today
    last = parse_day(end, "--to") or min(first + dt.timedelta(days=366), LATEST)
    check_range(first, last)
    return first, last


@click.command("deadlines", cls=OneLineCommand)
@_with_common
@click.option("--from", "start", help="First day of the window, YYYY-MM-DD (default: --today).")
@click.option("--to", "end", help=f"Last day of the window, YYYY-MM-DD (default: a year after --from; at most "
                                  f"{MAX_RANGE_YEARS} years after it).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True)
@click.option("--alarm", "alarms", multiple=True, type=click.IntRange(0, 366),
              help=f"Reminder N days before (VALARM); repeatable. Default: {', '.join(map(str, DEFAULT_ALARMS))}.")
@click.option("--all", "everything", is_flag=True, help="ics: every deadline, whatever the window.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
def deadlines_command(files, records, db, today, holiday_files, start, end, fmt, alarms, everything, output):
    """The deadlines of dispatches: a list, JSON, or an iCalendar feed (RFC 5545) for Outlook/Google Calendar.

    At most 10,000 entries: past that, a last line `truncated: ...` (text), `"truncated": true`
    (json: {"from", "to", "truncated", "deadlines"}) or `X-CONGVAN-TRUNCATED:TRUE` (ics).

    \b
    congvan deadlines --records parsed.jsonl --format ics -o hạn.ics
    congvan deadlines docs/ --from 2025-01-01 --to 2025-03-31
    """
    today_day = parse_day(today, "--today") or dt.date.today()
    first, last = _window(today_day, start, end)
    calendar = holiday_calendar(holiday_files)
    loaded, failed = _load(records, files, db)
    dues = dues_from_records(loaded)
    found, truncated = expand(dues, first, last)
    days_of: dict[int, list[dt.date]] = {}
    for day, index in found:
        days_of.setdefault(index, []).append(day)
    if fmt == "ics" and everything:
        chosen = [(due, days_of.get(index, [])) for index, due in enumerate(dues)]
    else:
        chosen = [(dues[index], days) for index, days in sorted(days_of.items())]
    out = open_output(output)
    try:
        if fmt == "ics":
            now = dt.datetime.combine(today_day, dt.time(), tzinfo=dt.UTC)
            feed = to_ical([due for due, _ in chosen], alarms=alarms or DEFAULT_ALARMS, now=now, start=first)
            out.write(feed.decode("utf-8"))
        elif fmt == "json":
            out.write(json.dumps({"from": first.isoformat(), "to": last.isoformat(), "truncated": truncated,
                                  "deadlines": [_due_json(due, days) for due, days in chosen]},
                                 ensure_ascii=False, indent=1) + "\n")
        else:
            _write_text(out, chosen, calendar, first, last, truncated)
    finally:
        if output:
            out.close()
    sys.exit(EXIT_SOME_FAILED if failed else 0)


def _write_text(out, chosen: list[tuple[Due, list[dt.date]]], calendar: HolidayCalendar, first: dt.date,
                last: dt.date, truncated: bool) -> None:
    rows = sorted(((days[0], due) for due, days in chosen), key=lambda x: (x[0], x[1].text))
    for day, due in rows:
        off = calendar.day_off(day)
        again = f" ({due.recurrence})" if due.recurrence else ""
        at = f" {due.time}" if due.time else ""
        support = f" (phối hợp: {', '.join(due.support)})" if due.support else ""
        out.write(f"{day:%Y-%m-%d}{at} {due.kind:<5} {due.actor or '-'}{support}: {due.title}{again}"
                  f"{f' [{off}]' if off else ''}  <{due.document}>\n")
    if not rows:
        out.write(f"no deadline from {first} to {last}\n")
    if truncated:
        out.write(TRUNCATED + f" (--from {first} --to {last})\n")


def _smtp_address(smtp: str) -> tuple[str, int]:
    host, _, port = smtp.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise Refused(f"--smtp {smtp[:80]!r}: write it as HOST:PORT (a port from 1 to 65535)")
    return host, int(port)


@click.command("remind", cls=OneLineCommand)
@_with_common
@click.option("--within", default="7d", show_default=True, help=f"How far ahead: 7d, 2w, 1m (at most {MAX_RANGE_YEARS} years).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--smtp", help="Send the digest through this SMTP server, HOST:PORT.")
@click.option("--to", "recipients", multiple=True, help="Who gets the e-mail; repeatable (needs --smtp).")
@click.option("--sender", default="congvan@localhost", show_default=True, help="The e-mail's From address.")
@click.option("--smtp-timeout", type=click.FloatRange(0.1, 600), default=30, show_default=True,
              help="Seconds to wait for the SMTP server.")
@click.option("--tasks", "by_task", is_flag=True,
              help="Digest the open and overdue tasks of the store by unit (`congvan tasks`) instead of the dates.")
@click.option("--unit", help="With --tasks: only this unit's tasks.")
@click.option("--unit-to", "unit_to", multiple=True,
              help='With --tasks and --smtp: mail a unit its own digest, "UNIT=ADDRESS"; repeatable.')
def remind_command(files, records, db, today, holiday_files, within, fmt, smtp, recipients, sender, smtp_timeout,
                   by_task, unit, unit_to):
    """A digest of what falls due soon, grouped by date and actor; --smtp HOST:PORT --to ADDR mails it.
    With --tasks: what is still owed (open and overdue tasks), grouped by unit.

    \b
    congvan remind --records parsed.jsonl --within 7d
    congvan remind --records parsed.jsonl --smtp localhost:25 --to vanthu@example.gov.vn
    congvan remind --tasks --today 2025-04-01 --smtp localhost:25 --unit-to "Sở Tài chính=stc@example.gov.vn"
    """
    if (unit or unit_to) and not by_task:
        raise Refused("--unit and --unit-to need --tasks")
    if smtp and not (recipients or unit_to):
        raise Refused("--smtp needs at least one --to ADDR" + (" or --unit-to UNIT=ADDR" if by_task else ""))
    if (recipients or unit_to) and not smtp:
        raise Refused(f"{'--to' if recipients else '--unit-to'} needs --smtp HOST:PORT")
    address = _smtp_address(smtp) if smtp else None
    today_day = parse_day(today, "--today") or dt.date.today()
    if by_task:
        if records or files:
            raise Refused("--tasks reads the store (--db): answers are found through its citations")
        from .tasks import remind_tasks

        remind_tasks(db, today_day, unit, holiday_files, fmt, address, recipients, unit_to, sender, smtp_timeout)
        return
    days = _span(within)
    calendar = holiday_calendar(holiday_files)
    loaded, failed = _load(records, files, db)
    reminders, truncated = reminders_within(dues_from_records(loaded), today_day, days)
    if fmt == "json":
        body = json.dumps({"today": today_day.isoformat(), "to": (today_day + dt.timedelta(days=days)).isoformat(),
                           "truncated": truncated,
                           "reminders": [{"day": r.day.isoformat(), **_due_json(r.due, [r.day])} for r in reminders]},
                          ensure_ascii=False, indent=1) + "\n"
    else:
        body = digest(reminders, today_day, days, calendar) + (TRUNCATED + "\n" if truncated else "")
    if address:
        subject = f"congvan: {len(reminders)} hạn xử lý trong {days} ngày tới (từ {today_day:%d/%m/%Y})"
        mail(body, address, recipients, sender, subject, smtp_timeout)
        click.echo(f"sent {len(reminders)} reminders to {', '.join(recipients)}", err=True)
    else:
        sys.stdout.write(body)
    sys.exit(EXIT_SOME_FAILED if failed else 0)


def register(main: click.Group) -> None:
    """Add `deadlines` and `remind` to the `congvan` group."""
    main.add_command(deadlines_command)
    main.add_command(remind_command)

