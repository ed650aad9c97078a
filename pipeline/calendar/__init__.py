"""Stage 6: deadlines to dates: Vietnamese working days, RRULEs, an iCalendar feed, a reminder digest.

Its modules, lowest first:

    limits      what the calendar accepts: days in `EARLIEST`-`LATEST`, windows of at most
                `MAX_RANGE_YEARS`, expansions of at most `MAX_ENTRIES`; `CalendarError` says why not
    lunar       the Vietnamese lunar calendar (UTC+7), for Tết and Giỗ Tổ Hùng Vương
    workdays    weekends, public holidays and the government's swaps: `HolidayCalendar`,
                `add_working_days` (the record's relative deadlines count in these)
    dues        deadlines of extraction records as `Due`s, and the days each falls on
    ical        an RFC 5545 feed with VALARMs (`to_ical`)
    reminders   what falls due soon, as a digest by date and actor, and mailing it

The package is named for what it holds; it does not hide the standard library's `calendar`,
which every module imports absolutely (`extract/dates.py` does): only a script run from inside
`pipeline/` would put this folder on `sys.path`, and congvan runs as `congvan` or `python -m pipeline`.

>>> add_working_days(dt.date(2024, 2, 7), 1)   # Tết Giáp Thìn: 8-14/2/2024 off
datetime.date(2024, 2, 15)
"""
from __future__ import annotations

import datetime as dt  # noqa: F401 - the doctest's

from .dues import (
    Due,
    dues_from_records,
    expand,
    falls_within,
    first_day_after,
    iter_days,
    occurrences,
    record_date,
    record_months,
)
from .ical import DEFAULT_ALARMS, TIMEZONE, to_ical
from .limits import (
    EARLIEST,
    LATEST,
    MAX_ENTRIES,
    MAX_RANGE_YEARS,
    CalendarError,
    check_day,
    check_range,
    years_after,
)
from .lunar import LunarDate, lunar_to_solar, solar_to_lunar, tet
from .reminders import WEEKDAYS_VI, Reminder, digest, due_within, reminders_within, send_digest
from .workdays import HolidayCalendar, add_working_days, holidays, is_working_day, load_holiday_data

__all__ = [
    "DEFAULT_ALARMS", "EARLIEST", "LATEST", "MAX_ENTRIES", "MAX_RANGE_YEARS", "TIMEZONE", "WEEKDAYS_VI",
    "CalendarError", "Due", "HolidayCalendar", "LunarDate", "Reminder", "add_working_days", "check_day",
    "check_range", "digest", "due_within", "dues_from_records", "expand", "falls_within", "first_day_after",
    "holidays", "is_working_day", "iter_days", "load_holiday_data", "lunar_to_solar", "occurrences",
    "record_date", "record_months", "reminders_within", "send_digest", "solar_to_lunar", "tet", "to_ical", "years_after",
]
