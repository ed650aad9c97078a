"""Reminders: what falls due within a few days (`reminders_within`), a digest grouped by date and
actor (`digest`), and mailing it (`send_digest`).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .dues import Due, expand
from .limits import LATEST, MAX_ENTRIES, CalendarError
from .workdays import HolidayCalendar

if TYPE_CHECKING:
    from email.message import EmailMessage

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


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
    import smtplib  # (here, not at the top: every parse imports the calendar, few runs mail)
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(text)
    with smtplib.SMTP(host, port, timeout=timeout) as smtp:
        smtp.send_message(message)
    return message
