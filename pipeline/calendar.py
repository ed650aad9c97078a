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
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import smtplib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path

from .lunar import lunar_to_solar

DATA = Path(__file__).with_name("data") / "holidays.json"
TIMEZONE = "Asia/Ho_Chi_Minh"
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
DEFAULT_ALARMS = (3, 1)


# --- holidays and working days -------------------------------------------------------------------

def _read_json(path: str | os.PathLike) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def load_holiday_data(extra: Sequence[str | os.PathLike] = ()) -> dict:
    """The packaged holiday table with users' files merged on top (their `years` entries are added).

    Files come from `extra` and from the `CONGVAN_HOLIDAYS` environment variable (paths joined
    with `os.pathsep`)."""
    data = _read_json(DATA)
    paths = list(extra) + [p for p in os.environ.get("CONGVAN_HOLIDAYS", "").split(os.pathsep) if p]
    years = {y: dict(v) for y, v in data.get("years", {}).items()}
    for path in paths:
        for year, entry in _read_json(path).get("years", {}).items():
            merged = years.setdefault(str(year), {})
            for key, value in entry.items():
                if isinstance(value, list):
                    merged[key] = list(merged.get(key, [])) + list(value)
                else:
                    merged[key] = value
    data["years"] = years
    return data


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

    @property
    def uid(self) -> str:
        key = "|".join(str(x) for x in (self.source, self.date, self.time, self.recurrence, self.text))
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + "@congvan"

    @property
    def title(self) -> str:
        what = self.action or self.text
        return f"{what[:1].upper()}{what[1:]}" if what else "Hạn xử lý"


def _iso_date(value) -> dt.date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def dues_from_records(records: Iterable[dict]) -> list[Due]:
    """Flatten extraction records (`congvan parse --format jsonl`) into `Due`s.

    Deadlines with neither a date nor a recurrence (relative ones never resolved) are left out."""
    dues = []
    for record in records:
        document = record.get("document") or {}
        source = str(record.get("source") or record.get("name") or "")
        label = document.get("code") or Path(source).name
        anchor = _iso_date(document.get("date"))
        for deadline in record.get("deadlines") or []:
            date = _iso_date(deadline.get("date") or (deadline.get("relative") or {}).get("date"))
            if date is None and not deadline.get("recurrence"):
                continue
            dues.append(Due(
                source=source, kind=deadline.get("kind") or "due", text=deadline.get("text") or "",
                date=date, time=deadline.get("time"), recurrence=deadline.get("recurrence"),
                actor=deadline.get("actor"), action=deadline.get("action"), document=label,
                subject=document.get("subject"), anchor=anchor))
    return dues


def occurrences(due: Due, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days in [start, end] on which `due` falls; recurring ones expanded with dateutil's rrule."""
    if not due.recurrence:
        return [due.date] if due.date and start <= due.date <= end else []
    from dateutil.rrule import rrulestr

    first = due.date or due.anchor or start
    rule = rrulestr(due.recurrence, dtstart=dt.datetime.combine(first, dt.time()))
    found = rule.between(dt.datetime.combine(max(start, first), dt.time()),
                         dt.datetime.combine(end, dt.time()), inc=True)
    return [d.date() for d in found]


def _first_occurrence(due: Due, after: dt.date) -> dt.date | None:
    found = occurrences(due, after, after + dt.timedelta(days=800))
    return found[0] if found else None


def _description(due: Due) -> str:
    lines = []
    if due.actor:
        lines.append(f"Đơn vị thực hiện: {due.actor}")
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
            start: dt.date | None = None, name: str = "congvan - hạn xử lý") -> bytes:
    """An RFC 5545 feed: one VEVENT per deadline, an RRULE for recurring ones, a VALARM per entry of
    `alarms` (days before), the source document and actor in DESCRIPTION.

    `start` anchors recurring deadlines that have no document date; `now` stamps DTSTAMP (pin it in
    tests to get the same bytes twice)."""
    from zoneinfo import ZoneInfo

    from icalendar import Alarm, Calendar, Event

    zone = ZoneInfo(TIMEZONE)
    now = now or dt.datetime.now(dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", "-//congvan//deadlines//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TIMEZONE)
    for due in dues:
        day = due.date
        if due.recurrence:
            day = _first_occurrence(due, due.date or due.anchor or start or now.date())
        if day is None:
            continue
        event = Event()
        event.add("uid", due.uid)
        event.add("dtstamp", now.astimezone(dt.timezone.utc))
        event.add("summary", due.title[:200])
        if due.time:
            hour, minute = (int(x) for x in due.time.split(":")[:2])
            begin = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
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
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


# --- the digest ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reminder:
    day: dt.date
    due: Due


def due_within(dues: Iterable[Due], today: dt.date, days: int) -> list[Reminder]:
    """What falls due from `today` to `today + days`, sorted by day then actor."""
    end = today + dt.timedelta(days=days)
    found = [Reminder(day, due) for due in dues for day in occurrences(due, today, end)]
    return sorted(found, key=lambda r: (r.day, r.due.actor or "", r.due.text))


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
