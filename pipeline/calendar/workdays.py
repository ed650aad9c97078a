"""Vietnamese working days. They skip weekends and the public holidays of `data/holidays.json`:
fixed ones (1/1, 30/4, 1/5, 2/9 and its neighbour), lunar ones (Tết Nguyên đán, Giỗ Tổ Hùng
Vương, from `lunar`), a substitute day after a holiday that falls on a weekend, and the
government's yearly swaps, which users extend with their own file (`CONGVAN_HOLIDAYS`, see the
data file's `how_to_extend`).

>>> add_working_days(dt.date(2024, 2, 7), 1)   # Tết Giáp Thìn: 8-14/2/2024 off
datetime.date(2024, 2, 15)
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .limits import EARLIEST, LATEST, CalendarError
from .lunar import lunar_to_solar

DATA = Path(__file__).parents[1] / "data" / "holidays.json"


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
