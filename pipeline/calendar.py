"""Stage 6: deadlines to dates: Vietnamese working days, RRULEs, an iCalendar feed, a reminder digest.

Working days skip weekends and the public holidays of `data/holidays.json`: fixed ones (1/1, 30/4,
1/5, 2/9 and its neighbour), lunar ones (Tết Nguyên đán, Giỗ Tổ Hùng Vương, from `pipeline.lunar`),
a substitute day after a holiday that falls on a weekend, and the government's yearly swaps, which
users extend with their own file (`CONGVAN_HOLIDAYS`, see the data file's `how_to_extend`).

>>> add_working_days(dt.date(2024, 2, 7), 1)   # Tết Giáp Thìn: 8-14/2/2024 off
datetime.date(2024, 2, 15)

Deadlines come from extraction records (FORMAT.md): `dues_from_records` flattens them into `Due`s,
`occurrences` expands recurring ones with dateutil's rrule, `to_ical` writes RFC 5545 with VALARMs,
`digest` groups what falls due by date and actor, `send_digest` mails it.

Everything is bounded, since records and requests are untrusted: days lie in the years
`EARLIEST`-`LATEST` (`check_day`), a window spans at most `MAX_RANGE_YEARS` (`check_range`), an
expansion stops at `MAX_ENTRIES` (`expand`), and a recurrence is stepped from near the window,
not from its first day. What the calendar cannot use raises `CalendarError`, whose message says
what and why.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import itertools
import json
import math
import os
import re
import smtplib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path

from .lunar import lunar_to_solar

DATA = Path(__file__).with_name("data") / "holidays.json"
TIMEZONE = "Asia/Ho_Chi_Minh"
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
DEFAULT_ALARMS = (3, 1)
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)   # the years the lunar calendar is computed for
MAX_RANGE_YEARS = 5       # the longest window a feed or a list may ask for
MAX_ENTRIES = 10_000      # the most entries one expansion gives


class CalendarError(ValueError):
    """A day, a window, a holiday file or a record that the calendar cannot use; the message says why."""


def check_day(day: dt.date, name: str = "the day") -> dt.date:
    """`day` when it lies in the years the calendar covers; else `CalendarError`."""
    if not EARLIEST <= day <= LATEST:
        raise CalendarError(f"{name} {day.isoformat()} is outside the years {EARLIEST.year}-{LATEST.year} "
                            "that the calendar covers")
    return day


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for a 29 February that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_range(start: dt.date, end: dt.date) -> None:
    """Refuse a window that is reversed, longer than `MAX_RANGE_YEARS`, or outside the calendar's years."""
    check_day(start, "from")
    check_day(end, "to")
    _check_span(start, end)


def _check_span(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise CalendarError(f"from {start.isoformat()} is after to {end.isoformat()}")
    if start.year + MAX_RANGE_YEARS <= dt.date.max.year and end > years_after(start, MAX_RANGE_YEARS):
        raise CalendarError(f"from {start.isoformat()} to {end.isoformat()} is over {MAX_RANGE_YEARS} years; "
                            f"ask for at most {MAX_RANGE_YEARS} years at a time")


# --- holidays and working days -------------------------------------------------------------------

def _read_json(path: str | os.PathLike) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise CalendarError(f"holiday file {path}: {error.strerror or error}") from error
    except ValueError as error:   # not UTF-8, or not JSON
        raise CalendarError(f"holiday file {path}: not a JSON file ({error})") from error
    if not isinstance(data, dict):
        raise CalendarError(f"holiday file {path}: not a JSON object (see pipeline/data/holidays.json)")
    return data


def load_holiday_data(extra: Sequence[str | os.PathLike] = ()) -> dict:
    """The packaged holiday table with users' files merged on top (their `years` entries are added).

    Files come from `extra` and from the `CONGVAN_HOLIDAYS` environment variable (paths joined
    with `os.pathsep`). A file that is not the shape of `data/holidays.json` raises
    `CalendarError` naming the file and the year."""
    data = _read_json(DATA)
    paths = list(extra) + [p for p in os.environ.get("CONGVAN_HOLIDAYS", "").split(os.pathsep) if p]
    data["years"] = {y: dict(v) for y, v in data.get("years", {}).items()}
    for path in paths:
        added = _read_json(path).get("years", {})
        if not isinstance(added, dict):
            raise CalendarError(f'holiday file {path}: "years" must be an object, {{"2025": {{...}}}}')
        for year, entry in added.items():
            _merge_year(path, data, str(year), entry)
    return data


def _merge_year(path: str | os.PathLike, data: dict, year: str, entry) -> None:
    """Add one year of a user's file, then compute that year's days off to check it is usable."""
    if not (year.isascii() and year.isdigit() and EARLIEST.year <= int(year) <= LATEST.year):
        raise CalendarError(f"holiday file {path}: {year!r} is not a year from {EARLIEST.year} to {LATEST.year}")
    if not isinstance(entry, dict):
        raise CalendarError(f"holiday file {path}: year {year} must be an object (off, work, not_off, tet_from...)")
    merged = data["years"].setdefault(year, {})
    for key, value in entry.items():
        if isinstance(value, list):
            merged[key] = list(merged.get(key, [])) + list(value)
        else:
            merged[key] = value
    probe = HolidayCalendar({**data, "years": {year: merged}})
    try:
        probe.holidays(int(year))
        probe.work_days(int(year))
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise CalendarError(f"holiday file {path}: year {year}: {type(error).__name__}: {error}") from error


@dataclass(frozen=True)
class HolidayCalendar:
    """Days off and working weekend days, computed per year from a holiday table.

    >>> cal = HolidayCalendar.default()
    >>> cal.holidays(2026)[dt.date(2026, 4, 27)]   # Giỗ Tổ fell on Sunday 26/4/2026
    'Nghỉ bù Giỗ Tổ Hùng Vương'
    """

    data: dict = field(hash=False, compare=False)

    @staticmethod
    def default() -> HolidayCalendar:
        return _default_calendar()

    @staticmethod
    def from_files(extra: Sequence[str | os.PathLike] = ()) -> HolidayCalendar:
        return HolidayCalendar(load_holiday_data(extra))

    @property
    def weekend(self) -> frozenset[int]:
        return frozenset(self.data.get("weekend", (5, 6)))

    def _year(self, year: int) -> dict:
        return self.data.get("years", {}).get(str(year), {})

    def holidays(self, year: int) -> dict[dt.date, str]:
        """Every day off in `year` that is not a plain weekend day, with its name."""
        return dict(self._holidays(year))

    def _holidays(self, year: int) -> dict[dt.date, str]:
        cached = self.__dict__.setdefault("_cache", {})
        if year in cached:
            return cached[year]
        weekend = self.weekend
        overrides = self._year(year)
        days: dict[dt.date, str] = {}
        for rule in self.data.get("fixed", []):
            day = dt.date(year, rule["month"], rule["day"])
            days[day] = rule["name"]
            if rule.get("adjacent"):
                days[self._adjacent(day)] = f"{rule['name']} (ngày liền kề)"
        for rule in self.data.get("lunar", []):
            first = lunar_to_solar(year, rule["month"], rule["day"])
            start = overrides.get("tet_from", rule.get("from", 0)) if rule["month"] == 1 else rule.get("from", 0)
            end = overrides.get("tet_to", rule.get("to", 0)) if rule["month"] == 1 else rule.get("to", 0)
            for offset in range(start, end + 1):
                days[first + dt.timedelta(days=offset)] = rule["name"]
        # nghỉ bù: a holiday on a weekend gives the next day that is neither weekend nor holiday
        for day in sorted(days):
            if day.weekday() in weekend and not days[day].startswith("Nghỉ bù"):
                substitute = day + dt.timedelta(days=1)
                while substitute.weekday() in weekend or substitute in days:
                    substitute += dt.timedelta(days=1)
                days[substitute] = f"Nghỉ bù {days[day]}"
        for entry in overrides.get("not_off", []):
            days.pop(dt.date.fromisoformat(entry["date"] if isinstance(entry, dict) else entry), None)
        for entry in overrides.get("off", []):
            date, name = (entry["date"], entry.get("name", "Nghỉ")) if isinstance(entry, dict) else (entry, "Nghỉ")
            days[dt.date.fromisoformat(date)] = name
        # Tết falls between 21/1 and 20/2, so every day computed for `year` lies in `year`
        result = {d: n for d, n in sorted(days.items()) if d.year == year}
        cached[year] = result
        return result

    def _adjacent(self, national_day: dt.date) -> dt.date:
        before, after = national_day - dt.timedelta(days=1), national_day + dt.timedelta(days=1)
        weekend = self.weekend

        def joins_weekend(day: dt.date) -> bool:
            return day.weekday() not in weekend and any(
                (day + dt.timedelta(days=step)).weekday() in weekend for step in (-1, 1))

        for candidate in (before, after):
            if joins_weekend(candidate):
                return candidate
        return before if before.weekday() not in weekend else after

    def work_days(self, year: int) -> set[dt.date]:
        """Weekend days that are working days (làm bù) by the government's swaps."""
        return {dt.date.fromisoformat(e["date"] if isinstance(e, dict) else e)
                for e in self._year(year).get("work", [])}

    def day_off(self, day: dt.date) -> str | None:
        """Why `day` is not a working day (a holiday's name, `Cuối tuần`), or None when it is one."""
        if day in self.work_days(day.year):
            return None
        name = self._holidays(day.year).get(day)
        if name:
            return name
        return "Cuối tuần" if day.weekday() in self.weekend else None

    def is_working_day(self, day: dt.date) -> bool:
        return self.day_off(day) is None

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The day `days` working days after `start` (before it when negative); `start` itself not counted."""
        step = 1 if days >= 0 else -1
        day, left = start, abs(days)
        while left:
            day += dt.timedelta(days=step)
            if self.is_working_day(day):
                left -= 1
        return day


@lru_cache(maxsize=1)
def _default_calendar() -> HolidayCalendar:
    return HolidayCalendar(load_holiday_data())


def holidays(year: int) -> dict[dt.date, str]:
    """Vietnamese public holidays and substitute days of `year` (packaged data plus CONGVAN_HOLIDAYS)."""
    return HolidayCalendar.default().holidays(year)


def is_working_day(day: dt.date, calendar: HolidayCalendar | None = None) -> bool:
    """False on weekends, public holidays and substitute days; True on a swapped working Saturday."""
    return (calendar or HolidayCalendar.default()).is_working_day(day)


def add_working_days(start: dt.date, days: int, calendar: HolidayCalendar | None = None) -> dt.date:
    """`start` plus `days` working days (`trong thời hạn 05 ngày làm việc kể từ ...`)."""
    return (calendar or HolidayCalendar.default()).add_working_days(start, days)


# --- deadlines as calendar entries ---------------------------------------------------------------

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
                anchor=anchor, support=_support(deadline, where)))
    return dues


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
    _check_span(start, end)
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
    first, start, end = (_years_later(day, shift) for day in (due.date or due.anchor or start, start, end))
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
    template: object          # dateutil's rrule, to `replace` with a start
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


def _description(due: Due) -> str:
    lines = []
    if due.actor:
        lines.append(f"Đơn vị thực hiện: {due.actor}")
    if due.support:
        lines.append(f"Đơn vị phối hợp: {', '.join(due.support)}")
    if due.action:
        lines.append(f"Nội dung: {due.action}")
    lines.append(f"Trích: “{due.text}”")
    source = due.document or Path(due.source).name
    lines.append(f"Văn bản: {source}" + (f" - {due.subject}" if due.subject else ""))
    if due.source and Path(due.source).name != source:
        lines.append(f"Tệp: {due.source}")
    return "\n".join(lines)


def _rule_class():
    from icalendar import vRecur

    class Rule(vRecur):
        """A vRecur that writes the rule as the extractor gave it (icalendar would reorder the parts)."""

        def __init__(self, text: str):
            super().__init__(vRecur.from_ical(text))
            self.text = text

        def to_ical(self) -> bytes:
            return self.text.encode("ascii")

    return Rule


def _Rule(text: str):  # noqa: N802 - a class made lazily, so icalendar loads only when a feed is written
    return _rule_class()(text)


def to_ical(dues: Iterable[Due], *, alarms: Sequence[int] = DEFAULT_ALARMS, now: dt.datetime | None = None,
            start: dt.date | None = None, name: str = "congvan - hạn xử lý", limit: int = MAX_ENTRIES) -> bytes:
    """An RFC 5545 feed: one VEVENT per deadline, an RRULE for recurring ones, a VALARM per entry of
    `alarms` (days before), the source document and actor in DESCRIPTION; at most `limit` events,
    and when more were cut a line `X-CONGVAN-TRUNCATED:TRUE` (the count in `X-CONGVAN-NOTE`).

    `start` anchors recurring deadlines that have no document date; `now` stamps DTSTAMP (pin it in
    tests to get the same bytes twice)."""
    from icalendar import Calendar

    now = now or dt.datetime.now(dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//congvan//deadlines//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TIMEZONE)
    events = 0
    for due in dues:
        day = due.date
        if due.recurrence:
            day = first_day_after(due, due.date or due.anchor or start or now.date())
        if day is None:
            continue
        if events == limit:
            cal.add("x-congvan-truncated", "TRUE")
            cal.add("x-congvan-note", f"only the first {limit} deadlines; ask for a shorter window")
            break
        cal.add_component(_event(due, day, alarms, now))
        events += 1
    cal.add_missing_timezones()
    return cal.to_ical()


def _event(due: Due, day: dt.date, alarms: Sequence[int], now: dt.datetime):
    from zoneinfo import ZoneInfo

    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", due.uid)
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("summary", due.title[:200])
    if due.time:
        hour, minute = (int(x) for x in due.time.split(":")[:2])
        begin = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(TIMEZONE))
        event.add("dtstart", begin)
        event.add("dtend", begin + dt.timedelta(hours=1))
    else:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if due.recurrence:
        event.add("rrule", _Rule(due.recurrence.removeprefix("RRULE:")))
    event.add("description", _description(due))
    event.add("categories", [due.kind])
    for days in alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Còn {days} ngày: {due.title[:150]}")
        alarm.add("trigger", dt.timedelta(days=-days))
        event.add_component(alarm)
    return event


# --- the digest ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reminder:
    day: dt.date
    due: Due


def due_within(dues: Iterable[Due], today: dt.date, days: int) -> list[Reminder]:
    """What falls due from `today` to `today + days`, sorted by day then actor (at most `MAX_ENTRIES`)."""
    return reminders_within(dues, today, days)[0]


def reminders_within(dues: Iterable[Due], today: dt.date, days: int,
                     limit: int = MAX_ENTRIES) -> tuple[list[Reminder], bool]:
    """`due_within`, and whether entries past `limit` were cut; `CalendarError` for a window the
    calendar refuses (`check_range`)."""
    if days < 0:
        raise CalendarError(f"a span of {days} days: count forward, from 0")
    if days > (LATEST - today).days:
        raise CalendarError(f"{days} days after {today.isoformat()} is past {LATEST.isoformat()}, "
                            "the last day the calendar covers")
    dues = list(dues)
    found, truncated = expand(dues, today, today + dt.timedelta(days=days), limit)
    reminders = [Reminder(day, dues[index]) for day, index in found]
    return sorted(reminders, key=lambda r: (r.day, r.due.actor or "", r.due.text)), truncated


def digest(reminders: Sequence[Reminder], today: dt.date, days: int,
           calendar: HolidayCalendar | None = None) -> str:
    """A plain-text digest grouped by date, then by actor.

    >>> print(digest([], dt.date(2024, 12, 27), 7).splitlines()[0])
    Hạn xử lý từ 27/12/2024 đến 03/01/2025: không có.
    """
    calendar = calendar or HolidayCalendar.default()
    end = today + dt.timedelta(days=days)
    head = f"Hạn xử lý từ {today:%d/%m/%Y} đến {end:%d/%m/%Y}"
    if not reminders:
        return head + ": không có.\n"
    lines = [f"{head}: {len(reminders)} việc.", ""]
    by_day: dict[dt.date, dict[str, list[Reminder]]] = defaultdict(lambda: defaultdict(list))
    for reminder in reminders:
        by_day[reminder.day][reminder.due.actor or "(không nêu đơn vị)"].append(reminder)
    for day in sorted(by_day):
        left = (day - today).days
        when = "hôm nay" if left == 0 else f"còn {left} ngày"
        off = calendar.day_off(day)
        note = f", {off.lower()}" if off else ""
        lines.append(f"{WEEKDAYS_VI[day.weekday()]} {day:%d/%m/%Y} ({when}{note})")
        for actor in sorted(by_day[day]):
            lines.append(f"  {actor}")
            for reminder in by_day[day][actor]:
                due = reminder.due
                at = f" lúc {due.time}" if due.time else ""
                lines.append(f"    - {due.title}{at} [{due.document or Path(due.source).name}]")
                lines.append(f"      “{due.text}”")
        lines.append("")
    return "\n".join(lines)


def send_digest(text: str, *, host: str, port: int, to: Sequence[str], sender: str = "congvan@localhost",
                subject: str = "congvan: hạn xử lý sắp đến", timeout: float = 30) -> EmailMessage:
    """Mail the digest (UTF-8 plain text) through the SMTP server at host:port; returns the message sent."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(text)
    with smtplib.SMTP(host, port, timeout=timeout) as smtp:
        smtp.send_message(message)
    return message
