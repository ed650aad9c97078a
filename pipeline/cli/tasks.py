"""`congvan tasks`: what each unit owes, what it has answered, what is overdue (issue 19).

Tasks come from the store only: answers are found through the citations stored there
(`pipeline.closure`). Registered on the main group by `pipeline.cli` calling `register(main)`;
`congvan remind --tasks` (in `cli.deadlines`) digests the open and overdue ones with
`task_digest` and `send_by_unit` from here.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from contextlib import closing

import click

from ..calendar import DEFAULT_ALARMS, to_ical
from ..closure import STATUSES, Task, by_unit, counts, tasks
from .options import OneLineCommand as _Command
from .options import Refused, mail
from .options import holiday_calendar as _holiday_calendar
from .options import open_output as _open_output
from .options import parse_day as _date

STATUS_VI = {"overdue": "quá hạn", "open": "đang mở", "late": "trả lời muộn", "met": "đúng hạn"}


def load_tasks(db: str | None, today: dt.date, unit: str | None, statuses, holiday_files=()) -> list[Task]:
    """The store's tasks as `closure.tasks` gives them; `Refused` (one line, exit 2) for a missing
    store or a file that is not one."""
    from .. import store

    path = store.db_path(db)
    if not path.exists():
        raise Refused(f"no store at {path}: run `congvan ingest PATH` first, or name one with --db")
    calendar = _holiday_calendar(holiday_files)
    try:
        with closing(store.connect(path, create=False)) as conn:
            return tasks(conn, today, unit=unit, statuses=statuses, calendar=calendar)
    except (store.StoreError, sqlite3.DatabaseError) as error:
        raise Refused(f"{path}: not a congvan store ({error})") from error


def task_line(task: Task) -> str:
    """One task on one line: due day, status, what, the request, and the answer when there is one."""
    answer = f"  <- {task.answered_by} ({task.answered_on})" if task.answered_by else ""
    flag = " [hạn tính từ ngày nhập kho]" if task.due_from == "ingest" else ""
    what = task.action or task.text
    support = f" (phối hợp: {', '.join(task.support)})" if task.support else ""
    return f"{task.due}  {task.status:<7}  {what[:100]}{support}  [{task.request}]{flag}{answer}"


def tasks_text(found: list[Task]) -> str:
    """Tasks grouped by unit, each unit with its counts; overdue first within a unit."""
    if not found:
        return "no task\n"
    lines = []
    for unit, owned in by_unit(found).items():
        tally = counts(owned)
        summary = ", ".join(f"{n} {status}" for status, n in tally.items() if n)
        lines.append(f"{unit}: {summary}")
        lines += [f"  {task_line(task)}" for task in owned]
        lines.append("")
    return "\n".join(lines)


def task_digest(found: list[Task], today: dt.date, unit: str | None = None) -> str:
    """The reminder: open and overdue tasks only, grouped by unit (`found` may hold others)."""
    pending = [t for t in found if t.status in ("overdue", "open")]
    head = f"Việc chưa trả lời tính đến {today:%d/%m/%Y}" + (f" ({unit})" if unit else "")
    if not pending:
        return head + ": không có.\n"
    tally = counts(pending)
    lines = [f"{head}: {tally['overdue']} quá hạn, {tally['open']} đang mở.", ""]
    for name, owned in by_unit(pending).items():
        lines.append(name)
        for task in owned:
            left = (task.due - today).days
            when = f"quá hạn {-left} ngày" if left < 0 else "hôm nay" if left == 0 else f"còn {left} ngày"
            lines.append(f"  - {task.due:%d/%m/%Y} ({when}): {task.action or task.text} [{task.request}]")
        lines.append("")
    return "\n".join(lines)


def unit_addresses(pairs: tuple[str, ...]) -> dict[str, str]:
    """`--unit-to "Sở Tài chính=stc@example.gov.vn"` pairs as {unit: address}."""
    found = {}
    for pair in pairs:
        name, _, address = pair.rpartition("=")
        if not name.strip() or "@" not in address:
            raise Refused(f"--unit-to {pair[:80]!r}: write it as \"UNIT=ADDRESS\"")
        found[name.strip()] = address.strip()
    return found


def send_by_unit(found: list[Task], today: dt.date, addresses: dict[str, str], *, host: str, port: int,
                 sender: str, timeout: float) -> list[str]:
    """Mail each unit of `addresses` the digest of its own open and overdue tasks; the lines to report."""
    from ..closure import body_key, unit_matches

    sent = []
    for name, address in addresses.items():
        own = [t for t in found if unit_matches(name, body_key(t.actor))]
        body = task_digest(own, today, name)
        pending = sum(t.status in ("overdue", "open") for t in own)
        subject = f"congvan: {pending} việc chưa trả lời của {name} (đến {today:%d/%m/%Y})"
        mail(body, (host, port), [address], sender, subject, timeout)
        sent.append(f"sent {pending} tasks of {name} to {address}")
    return sent


def remind_tasks(db, today: dt.date, unit, holiday_files, fmt: str, address: tuple[str, int] | None,
                 recipients: tuple[str, ...], unit_to: tuple[str, ...], sender: str, timeout: float) -> None:
    """`congvan remind --tasks`: the open and overdue tasks by unit, printed, mailed whole to
    `recipients`, and each unit of `unit_to` mailed its own."""
    addresses = unit_addresses(unit_to)
    found = load_tasks(db, today, unit, ("overdue", "open"), holiday_files)
    if fmt == "json":
        body = json.dumps({"today": today.isoformat(), "unit": unit,
                           "units": {name: [t.to_json() for t in owned] for name, owned in by_unit(found).items()}},
                          ensure_ascii=False, indent=1) + "\n"
    else:
        body = task_digest(found, today, unit)
    if address is None:
        sys.stdout.write(body)
        return
    if recipients:
        subject = f"congvan: {len(found)} việc chưa trả lời (đến {today:%d/%m/%Y})"
        mail(body, address, recipients, sender, subject, timeout)
        click.echo(f"sent {len(found)} tasks to {', '.join(recipients)}", err=True)
    for line in send_by_unit(found, today, addresses, host=address[0], port=address[1], sender=sender,
                             timeout=timeout):
        click.echo(line, err=True)


@click.command("tasks", cls=_Command)
@click.option("--unit", help="Only this unit's tasks (`Sở Tài chính`, `UBND huyện Đức Trọng`; diacritics optional).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only tasks with this status; repeatable.")
@click.option("--today", help="The day to count from, YYYY-MM-DD (default: today's date).")
@click.option("--db", type=click.Path(), help="The document store (default: $CONGVAN_DB or ./congvan.db).")
@click.option("--holidays", "holiday_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra holiday/day-swap file (the shape of pipeline/data/holidays.json); repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
def tasks_command(unit, statuses, today, db, holiday_files, fmt, output):
    """Who owes what: each deadline's actor as tasks, the answers found in the archive, and their
    status on --today: met, late, open or overdue.

    JSON is a list of objects: request, actor, unit, action, due, status, answered_by,
    answered_on, evidence (the citing sentence), support, group, due_from.

    \b
    congvan tasks --unit "Sở Tài chính" --today 2025-04-01
    congvan tasks --status overdue --format json
    congvan tasks --unit "UBND huyện Đức Trọng" --format ics -o viec.ics
    """
    today_day = _date(today, "--today") or dt.date.today()
    found = load_tasks(db, today_day, unit, statuses, holiday_files)
    out = _open_output(output)
    try:
        if fmt == "json":
            out.write(json.dumps([t.to_json() for t in found], ensure_ascii=False, indent=1) + "\n")
        elif fmt == "ics":
            now = dt.datetime.combine(today_day, dt.time(), tzinfo=dt.UTC)
            name = "congvan - việc" + (f" - {unit}" if unit else "")
            out.write(to_ical([t.as_due() for t in found], alarms=DEFAULT_ALARMS, now=now, name=name).decode("utf-8"))
        else:
            out.write(tasks_text(found))
    finally:
        if output:
            out.close()
    sys.exit(0)


def register(main: click.Group) -> None:
    """Add `tasks` to the `congvan` group."""
    main.add_command(tasks_command)
