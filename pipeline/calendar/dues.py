"""Deadlines as calendar entries: `dues_from_records` flattens extraction records (FORMAT.md) into
`Due`s; `occurrences`, `expand` and `iter_days` give the days a due falls on, a recurring one
(an RRULE, read with dateutil) stepped from near the window asked for, not from its first day.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .limits import EARLIEST, LATEST, MAX_ENTRIES, CalendarError, check_range, check_span


@dataclass(frozen=True)
class Due:
    """One deadline of one document, ready for a calendar: a date or an RRULE, and who must act."""

    source: str
    kind: str
    text: str
    date: dt.date | None = None
    time: str | None = None
    recurrence: str | None = None
    actor: str | None = None
    action: str | None = None
    document: str | None = None      # the document's code, or its file name
    subject: str | None = None
    anchor: dt.date | None = None    # where a recurrence starts: the document's date
    support: tuple[str, ...] = ()    # the bodies that co-operate (phối hợp)
    owner: str | None = None         # a task's unit: one deadline owed by several units is several events
    months: tuple[int, ...] = ()     # the months a quarterly rule falls in (`tháng cuối quý`: 3, 6, 9, 12)

    @property
    def uid(self) -> str:
        key = "|".join(str(x) for x in (self.source, self.date, self.time, self.recurrence, self.text))
        if self.owner:
            key += f"|{self.owner}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + "@congvan"

    @property
    def title(self) -> str:
        what = self.action or self.text
        return f"{what[:1].upper()}{what[1:]}" if what else "Hạn xử lý"


def record_date(value) -> dt.date | None:
    """A record's date, when it is one the calendar covers; else None (as if not given)."""
    if not value or not isinstance(value, str):
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


_TIME = re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?")
_TEXT_FIELDS = ("kind", "text", "time", "recurrence", "actor", "action")


def dues_from_records(records: Iterable[dict]) -> list[Due]:
    """Flatten extraction records (`congvan parse --format jsonl`) into `Due`s.

    Deadlines with neither a date nor a recurrence (relative ones never resolved) are left out;
    a record that is not the shape of FORMAT.md raises `CalendarError` naming it and the field."""
    dues = []
    for number, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise CalendarError(f"record {number}: not a JSON object")
        source = str(record.get("source") or record.get("name") or "")
        where = f"record {number} ({source or 'no source'})"
        document, deadlines = record.get("document") or {}, record.get("deadlines") or []
        if not isinstance(document, dict) or not isinstance(deadlines, list):
            raise CalendarError(f"{where}: \"document\" must be an object and \"deadlines\" a list")
        label = document.get("code") or Path(source).name
        anchor = record_date(document.get("date"))
        for deadline in deadlines:
            fields = _deadline_fields(deadline, where)
            relative = deadline.get("relative")
            date = record_date(deadline.get("date") or (relative.get("date") if isinstance(relative, dict) else None))
            if date is None and not fields["recurrence"]:
                continue
            dues.append(Due(
                source=source, kind=fields["kind"] or "due", text=fields["text"] or "", date=date,
                time=fields["time"], recurrence=fields["recurrence"], actor=fields["actor"],
                action=fields["action"], document=str(label), subject=_text_or_none(document.get("subject")),
                anchor=anchor, support=_support(deadline, where), months=_months(deadline, where)))
    return dues


def record_months(deadline: dict) -> tuple[int, ...] | None:
    """A deadline record's `months` (the months of the year a quarterly rule falls in), sorted, once
    each; () when it has none, None when the value is no list of months."""
    months = deadline.get("months")
    if months is None:
        return ()
    if not isinstance(months, list) or not all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12
                                               for m in months):
        return None
    return tuple(sorted(set(months)))


def _months(deadline: dict, where: str) -> tuple[int, ...]:
    months = record_months(deadline)
    if months is None:
        raise CalendarError(f"{where}: a deadline's \"months\" must be a list of months (1 to 12)")
    return months


def _in_months(day: dt.date, months: tuple[int, ...]) -> dt.date:
    """The first day on or after `day` in one of `months` (the first of that month, or `day` itself):
    where a quarterly rule (`FREQ=MONTHLY;INTERVAL=3`) starts counting its every third month."""
    if not months or day.month in months:
        return day
    later = [m for m in months if m > day.month]
    return dt.date(day.year, later[0], 1) if later else dt.date(day.year + 1, months[0], 1)


def _deadline_fields(deadline, where: str) -> dict:
    """A deadline's text fields, checked: strings, a time as HH:MM, a recurrence dateutil reads."""
    if not isinstance(deadline, dict):
        raise CalendarError(f"{where}: a deadline is not a JSON object")
    fields = {name: deadline.get(name) for name in _TEXT_FIELDS}
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise CalendarError(f"{where}: a deadline's {name!r} is not text")
    if fields["time"] and not _TIME.fullmatch(fields["time"]):
        raise CalendarError(f"{where}: a deadline's time {fields['time'][:40]!r} is not HH:MM")
    if fields["recurrence"]:
        try:
            _parse_rule(fields["recurrence"])
        except CalendarError as error:
            raise CalendarError(f"{where}: {error}") from error
    return fields


def _support(deadline: dict, where: str) -> tuple[str, ...]:
    """A deadline's `support` (FORMAT.md: a list of bodies); `CalendarError` when it is not one."""
    support = deadline.get("support") or []
    if not isinstance(support, list) or not all(isinstance(s, str) for s in support):
        raise CalendarError(f"{where}: a deadline's 'support' is not a list of names")
    return tuple(support)


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


def occurrences(due: Due, start: dt.date, end: dt.date, limit: int = MAX_ENTRIES) -> list[dt.date]:
    """The days in [start, end] on which `due` falls, at most `limit`; recurring ones expanded with
    dateutil's rrule. A window over `MAX_RANGE_YEARS` raises `CalendarError`."""
    if start > end:
        return []
    check_span(start, end)
    return list(itertools.islice(_days(due, start, end), limit))


def expand(dues: Sequence[Due], start: dt.date, end: dt.date,
           limit: int = MAX_ENTRIES) -> tuple[list[tuple[dt.date, int]], bool]:
    """The earliest `limit` (day, index in `dues`) in [start, end], by day, and whether more were cut.

    Each deadline's days are drawn lazily and merged, so the work stops at the cap however
    many days the window holds."""
    check_range(start, end)
    streams = [zip(_days(due, start, end), itertools.repeat(index)) for index, due in enumerate(dues)]
    found = list(itertools.islice(heapq.merge(*streams), limit + 1))
    return found[:limit], len(found) > limit


def falls_within(due: Due, start: dt.date, end: dt.date) -> bool:
    """Whether `due` falls at least once in [start, end] (stops at the first day)."""
    return start <= end and next(_days(due, start, end), None) is not None


def iter_days(due: Due, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The days in [start, end] on which `due` falls, lazily, with no cap on the window: the caller
    stops drawing (`closure.due_days` stops at the first day on or after today)."""
    return _days(due, start, end)


def _days(due: Due, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    if not due.recurrence:
        if due.date and start <= due.date <= end:
            yield due.date
        return
    rule = _parse_rule(due.recurrence)
    if (due.date or due.anchor or start) > end:   # it starts after the window
        return
    # The rule and its window moved by whole 400-year cycles towards year 9999 (see `_cycles`),
    # stepped there, and the days moved back.
    shift = _cycles(rule.frequency, rule.interval, end)
    first = _in_months(due.date or due.anchor or start, due.months)
    first, start, end = (_years_later(day, shift) for day in (first, start, end))
    until = dt.datetime.combine(end, dt.time.max)
    if rule.until and rule.until.year + shift <= dt.MAXYEAR:
        until = min(until, rule.until.replace(year=rule.until.year + shift))
    if rule.count:   # counted from the first day: stepped from there, the first `count` kept
        moments = rule.template.replace(dtstart=_midnight(first), count=None, until=until)
        moments = itertools.islice(moments, rule.count)
    else:            # the same days as from `first`, stepped from a start on its lattice near the window
        begin = _midnight(_near(first, start, rule.frequency, rule.interval))
        moments = rule.template.replace(dtstart=begin, until=until).xafter(_midnight(start), inc=True)
    previous = None
    for moment in moments:
        day = moment.date()
        if day > end:
            return
        if day >= start and day != previous:
            yield _years_later(day, -shift)
            previous = day


GREGORIAN_CYCLE = 400   # years after which weekdays, leap years and month lengths repeat exactly
_STEPS_PER_CYCLE = {0: 400, 1: 4800, 2: 20_871, 3: 146_097}   # years, months, weeks, days in a cycle


def _cycles(frequency: int, interval: int, end: dt.date) -> int:
    """Years (whole Gregorian cycles, and whole steps of the rule) to move a rule and its window
    by, as close to year 9999 as they fit.

    dateutil steps a rule until it finds a day or passes year 9999, whatever UNTIL says: a rule
    that never falls (30 February) would step 8,000 years of days, seconds of work. Near 9999 it
    gives up within a cycle or two; and moving by whole cycles changes no day, weekday or step."""
    steps = _STEPS_PER_CYCLE[frequency]
    cycles_per_move = interval // math.gcd(interval, steps)   # whole steps of the rule
    room = (dt.MAXYEAR - 1 - end.year) // GREGORIAN_CYCLE
    return room // cycles_per_move * cycles_per_move * GREGORIAN_CYCLE


def _years_later(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years) if years else day   # whole cycles: 29 February stays


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


@dataclass(frozen=True)
class _ParsedRule:
    template: Any             # dateutil's rrule (untyped), to `replace` with a start
    frequency: int            # dateutil.rrule.YEARLY (0) ... DAILY (3)
    interval: int
    count: int | None
    until: dt.datetime | None


_TEMPLATE_START = dt.datetime(2000, 1, 1)


@lru_cache(maxsize=4096)
def _parse_rule(text: str) -> _ParsedRule:
    """An RRULE (`FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5`), parsed once; `CalendarError` for one that
    is not a single rule of days (an hourly rule would give a day as many times as it has hours)."""
    from dateutil.rrule import DAILY, rrule, rrulestr

    body = text.strip().removeprefix("RRULE:")
    if not body or "\n" in body or ":" in body:
        raise CalendarError(f"recurrence {text[:80]!r} is not one RRULE (FREQ=...;BY...=...)")
    try:
        template = rrulestr(body, dtstart=_TEMPLATE_START)
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        raise CalendarError(f"recurrence {text[:80]!r}: {error}") from error
    if not isinstance(template, rrule) or template._freq > DAILY:
        raise CalendarError(f"recurrence {text[:80]!r}: only yearly, monthly, weekly or daily rules")
    if template._interval > 10_000 or (template._count or 0) > 1_000_000:
        raise CalendarError(f"recurrence {text[:80]!r}: INTERVAL or COUNT out of range")
    until = template._until.replace(tzinfo=None) if template._until else None   # UNTIL=...Z: the same day
    return _ParsedRule(template, template._freq, template._interval, template._count, until)


def _near(first: dt.date, start: dt.date, frequency: int, interval: int) -> dt.date:
    """The latest day on or before `start` that is `first` moved by whole periods of the rule
    (`interval` days, weeks, months or years): stepping a rule from there gives the same days in
    the window as stepping it from `first`, without walking the years in between."""
    from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY

    if start <= first:
        return first
    if frequency in (DAILY, WEEKLY):
        step = interval * (7 if frequency == WEEKLY else 1)
        return first + dt.timedelta(days=(start - first).days // step * step)
    months_apart = (start.year - first.year) * 12 + start.month - first.month
    unit = 12 if frequency == YEARLY else 1 if frequency == MONTHLY else 0
    periods = months_apart // (unit * interval) if unit else 0
    while periods > 0:   # a few steps back at most: a day the month lacks, or past `start`
        months = first.month - 1 + periods * unit * interval
        try:
            moved = first.replace(year=first.year + months // 12, month=months % 12 + 1)
        except ValueError:
            moved = None
        if moved is not None and moved <= start:
            return moved
        periods -= 1
    return first


def first_day_after(due: Due, after: dt.date, within: int = 800) -> dt.date | None:
    """The first day `due` falls on from `after`, looking `within` days ahead; None when none."""
    return next(_days(due, after, after + dt.timedelta(days=within)), None)
