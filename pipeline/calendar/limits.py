"""What the calendar accepts. Records and requests are untrusted, so everything is bounded: days
lie in the years `EARLIEST`-`LATEST` (`check_day`), a window spans at most `MAX_RANGE_YEARS`
(`check_range`), an expansion stops at `MAX_ENTRIES`. What the calendar cannot use raises
`CalendarError`, whose message says what and why.
"""
from __future__ import annotations

import datetime as dt

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
    check_span(start, end)


def check_span(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise CalendarError(f"from {start.isoformat()} is after to {end.isoformat()}")
    if start.year + MAX_RANGE_YEARS <= dt.date.max.year and end > years_after(start, MAX_RANGE_YEARS):
        raise CalendarError(f"from {start.isoformat()} to {end.isoformat()} is over {MAX_RANGE_YEARS} years; "
                            f"ask for at most {MAX_RANGE_YEARS} years at a time")
