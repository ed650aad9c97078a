"""An RFC 5545 feed of deadlines (`to_ical`), each with its VALARMs; icalendar is imported only when
a feed is written.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from .dues import Due, first_day_after
from .limits import MAX_ENTRIES

TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_ALARMS = (3, 1)


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
