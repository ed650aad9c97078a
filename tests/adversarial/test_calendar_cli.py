"""`congvan deadlines` and `remind` given what a careless script or an attacker gives: impossible
days, 8,000-year windows, reversed windows, huge spans, broken holiday files and records, an SMTP
server that is not there. Each must end within seconds with exit code 2 and one line on stderr
naming the problem, never a traceback; a window that holds too much answers its first 10,000
entries and says it was cut. And recurring deadlines cost the same however far the window lies
from their first day (pipeline/calendar/dues.py, which every caller goes through).
"""
from __future__ import annotations

import datetime as dt
import json
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.calendar import MAX_ENTRIES, Due, expand, occurrences, to_ical
from pipeline.cli import main

CONGVAN = Path(sys.executable).with_name("congvan")
RECORD = {"source": "15.txt", "document": {"code": "15/KH-UBND", "date": "2024-03-25"},
          "deadlines": [{"date": "2024-12-30", "kind": "due", "text": "trước ngày 30/12/2024", "actor": "Sở Nội vụ",
                         "action": "gửi báo cáo"},
                        {"date": None, "recurrence": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5", "kind": "due",
                         "text": "trước ngày 05 tháng 12 hằng năm"}]}


def write_records(folder: Path, *records: dict, name: str = "records.jsonl") -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def daily_record(number: int) -> dict:
    return {"source": f"daily{number}.txt", "document": {"code": f"{number}/TB", "date": "2020-01-01"},
            "deadlines": [{"date": None, "recurrence": "FREQ=DAILY", "kind": "due", "text": f"hằng ngày {number}"}]}


def run(*args: str, env: dict | None = None, within: float = 5.0):
    """`congvan ARGS` in-process; the result, checked to have taken less than `within` seconds."""
    began = time.monotonic()
    result = CliRunner(env=env).invoke(main, list(args))
    elapsed = time.monotonic() - began
    assert elapsed < within, f"{args} took {elapsed:.1f} s"
    return result


def assert_refused(result, *words: str) -> None:
    """Exit code 2, and exactly one line on stderr that names the problem."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("congvan: "), result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], (word, lines[0])


# ----------------------------------------------------------------------------------------------
# Days and windows


@pytest.mark.parametrize(("args", "words"), [
    (["deadlines", "--today", "9999-12-31"], ["--today 9999-12-31", "outside"]),
    (["deadlines", "--today", "0001-01-01"], ["outside"]),
    (["deadlines", "--today", "31/12/2024"], ["YYYY-MM-DD"]),
    (["deadlines", "--from", "0001-01-01", "--to", "9999-12-31"], ["--from 0001-01-01", "outside"]),
    (["deadlines", "--from", "2024-01-01", "--to", "2029-06-30"], ["over 5 years"]),
    (["deadlines", "--from", "2025-01-01", "--to", "2024-01-01"], ["2025-01-01 is after", "2024-01-01"]),
    (["deadlines", "--format", "ics", "--from", "1900-01-01", "--to", "2199-12-31"], ["over 5 years"]),
    (["remind", "--today", "9999-12-31"], ["outside"]),
    (["remind", "--within", "99999999999999999999d"], ["over 5 years"]),
    (["remind", "--within", "9999d"], ["over 5 years"]),
    (["remind", "--within", "1" + "0" * 5000], ["over 5 years"]),
    (["remind", "--within", "soon"], ["7d"]),
    (["remind", "--today", "2199-12-30", "--within", "7d"], ["past 2199-12-31"]),
    (["deadlines", "--alarm", "100000000"], ["--alarm"]),
])
def test_days_and_windows_out_of_bounds(tmp_path, args, words):
    records = write_records(tmp_path, RECORD)
    assert_refused(run(*args, "--records", str(records), within=2), *words)


def test_a_window_that_holds_too_much_is_cut_at_10000_with_a_flag(tmp_path):
    records = write_records(tmp_path, *(daily_record(n) for n in range(6)))   # 6 x 1,827 days > 10,000
    window = ["--records", str(records), "--from", "2025-01-01", "--to", "2029-12-31"]
    result = run("deadlines", *window, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["truncated"] is True
    days = sorted(day for due in data["deadlines"] for day in due["occurrences"])
    assert len(days) == MAX_ENTRIES and days[0] == "2025-01-01" and days[-1] < "2029-12-31"
    text = run("deadlines", *window).stdout.splitlines()
    assert text[-1].startswith("truncated: only the first 10,000 entries")
    reminders = json.loads(run("remind", "--records", str(records), "--today", "2025-01-01", "--within", "1800d",
                               "--format", "json").stdout)
    assert reminders["truncated"] is True and len(reminders["reminders"]) == MAX_ENTRIES
    narrow = json.loads(run("deadlines", "--records", str(records), "--from", "2025-01-01", "--to", "2025-01-31",
                            "--format", "json").stdout)
    assert narrow["truncated"] is False


def test_a_feed_is_cut_at_its_limit_with_a_line_saying_so():
    dues = [Due(source=f"{n}.txt", kind="due", text=f"hạn {n}", date=dt.date(2025, 1, 1 + n)) for n in range(3)]
    feed = to_ical(dues, now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), limit=2).decode()
    assert feed.count("BEGIN:VEVENT") == 2 and "X-CONGVAN-TRUNCATED:TRUE" in feed
    assert "X-CONGVAN-TRUNCATED" not in to_ical(dues, now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)).decode()


# ----------------------------------------------------------------------------------------------
# Holiday files and records


HOLIDAY_FILES = [  # (content, what the error says)
    (b"not json", "not a JSON file"),
    (b"\xff\xfe\x00garbage", "not a JSON file"),
    (b"[1, 2]", "not a JSON object"),
    (b'{"years": [2025]}', '"years" must be an object'),
    (b'{"years": {"99999": {}}}', "'99999' is not a year"),
    (b'{"years": {"2025": []}}', "year 2025 must be an object"),
    (b'{"years": {"2025": {"off": ["31/12/2025"]}}}', "year 2025"),
    (b'{"years": {"2025": {"off": [20251231]}}}', "year 2025"),
    (b'{"years": {"2025": {"work": [{"day": "2025-01-04"}]}}}', "year 2025"),
    (b'{"years": {"2025": {"tet_from": "ba"}}}', "year 2025"),
]


@pytest.mark.parametrize(("content", "says"), HOLIDAY_FILES)
def test_a_bad_holiday_file_is_named_in_one_line(tmp_path, content, says):
    holidays = tmp_path / "ngay-nghi.json"
    holidays.write_bytes(content)
    records = write_records(tmp_path, RECORD)
    for command in (["deadlines", "--format", "text"], ["remind", "--within", "7d"]):
        result = run(*command, "--records", str(records), "--today", "2024-12-01", "--holidays", str(holidays))
        assert_refused(result, "ngay-nghi.json", says)
    result = run("remind", "--records", str(records), "--today", "2024-12-01",
                 env={"CONGVAN_HOLIDAYS": str(holidays)})   # the same file named by the environment
    assert_refused(result, "ngay-nghi.json", says)


def test_a_missing_holiday_file_is_one_line(tmp_path):
    records = write_records(tmp_path, RECORD)
    assert_refused(run("deadlines", "--records", str(records), "--holidays", str(tmp_path / "none.json")),
                   "none.json")


BAD_RECORDS = [  # (bytes of the --records file, what the error says)
    (b"{not json\n", "records.jsonl:1: not a JSON record"),
    (b'{"source": "a"}\n[1, 2]\n', "records.jsonl:2: not a JSON object"),
    (b"\xff\xfe\xfd\n", "not UTF-8"),
    (b'{"source": "a", "deadlines": {"date": "2024-12-30"}}\n', '"deadlines" a list'),
    (b'{"source": "a", "deadlines": ["2024-12-30"]}\n', "a deadline is not a JSON object"),
    (b'{"source": "a", "deadlines": [{"date": "2024-12-30", "text": 5}]}\n', "'text' is not text"),
    (b'{"source": "a", "deadlines": [{"date": "2024-12-30", "time": "25:99"}]}\n', "time '25:99'"),
    (b'{"source": "a", "deadlines": [{"recurrence": "FREQ=HOURLY"}]}\n', "only yearly, monthly, weekly or daily"),
    (b'{"source": "a", "deadlines": [{"recurrence": "FREQ=SOMETIMES"}]}\n', "recurrence"),
    (b'{"source": "a", "deadlines": [{"recurrence": "DTSTART:20240101\\nRRULE:FREQ=DAILY"}]}\n', "not one RRULE"),
    (b'{"source": "a", "deadlines": [{"recurrence": "FREQ=DAILY;COUNT=999999999999"}]}\n', "out of range"),
]


@pytest.mark.parametrize(("content", "says"), BAD_RECORDS)
def test_bad_records_are_named_in_one_line(tmp_path, content, says):
    records = tmp_path / "records.jsonl"
    records.write_bytes(content)
    for command in (["deadlines"], ["remind"]):
        assert_refused(run(*command, "--records", str(records), "--today", "2024-12-01"), says)


@pytest.mark.parametrize("where", ["missing.jsonl", "."])
def test_records_that_cannot_be_opened(tmp_path, where):
    assert_refused(run("remind", "--records", str(tmp_path / where)), str(tmp_path / where))


def test_dates_outside_the_calendar_in_records_are_no_dates(tmp_path):
    """A record's own date in year 1 or 9999 is ignored (as if not given), not a crash."""
    record = {"source": "x.txt", "document": {"date": "0001-01-01"},
              "deadlines": [{"date": "9999-12-31", "text": "never"},
                            {"recurrence": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5", "text": "hằng năm"}]}
    records = write_records(tmp_path, record)
    result = run("deadlines", "--records", str(records), "--from", "2024-12-01", "--to", "2024-12-31")
    assert result.exit_code == 0, result.output
    assert "2024-12-05" in result.stdout and "never" not in result.stdout


# ----------------------------------------------------------------------------------------------
# SMTP


def closed_port() -> int:
    with socket.socket() as probe:   # bound then closed: nothing listens there now
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("address", [f"127.0.0.1:{closed_port()}", "127.0.0.1:99999", "no-port", ":25"])
def test_remind_to_an_smtp_server_that_is_not_there(tmp_path, address):
    records = write_records(tmp_path, RECORD)
    result = run("remind", "--records", str(records), "--today", "2024-12-27", "--smtp", address,
                 "--to", "vanthu@example.gov.vn", "--smtp-timeout", "2", within=10)
    assert_refused(result, "--smtp" if address.count(":") != 1 or not address.split(":")[0]
                   or int(address.split(":")[1]) > 65535 else "could not send")


def test_the_installed_command_prints_one_line_and_exits_2(tmp_path):
    """The same through the real `congvan` executable: what a shell script sees."""
    records = write_records(tmp_path, RECORD)
    for args in (["deadlines", "--today", "9999-12-31"], ["deadlines", "--from", "0001-01-01", "--to", "9999-12-31"],
                 ["remind", "--today", "2024-12-27", "--smtp", f"127.0.0.1:{closed_port()}", "--to", "a@b.vn"]):
        began = time.monotonic()
        done = subprocess.run([str(CONGVAN), *args, "--records", str(records)], capture_output=True, text=True,
                              timeout=60)
        assert time.monotonic() - began < 30
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("congvan: "), done.stderr


# ----------------------------------------------------------------------------------------------
# The expansion in pipeline/calendar/dues.py: bounded, and the same days as dateutil's


def test_a_daily_rule_far_from_its_first_day_costs_nothing():
    due = Due(source="x", kind="due", text="hằng ngày", recurrence="FREQ=DAILY", date=dt.date(1900, 1, 1))
    began = time.monotonic()
    days = occurrences(due, dt.date(2195, 1, 1), dt.date(2199, 12, 31))
    assert time.monotonic() - began < 0.5
    assert len(days) == 1826 and days[0] == dt.date(2195, 1, 1)
    began = time.monotonic()
    found, truncated = expand([due] * 1000, dt.date(2195, 1, 1), dt.date(2199, 12, 31))
    assert truncated and len(found) == MAX_ENTRIES and time.monotonic() - began < 5


def test_a_rule_that_never_falls_stops_at_the_window():
    due = Due(source="x", kind="due", text="30/2", recurrence="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
              date=dt.date(2024, 1, 1))
    began = time.monotonic()
    assert occurrences(due, dt.date(2024, 1, 1), dt.date(2028, 12, 31)) == []
    assert time.monotonic() - began < 0.5


RULES = ["FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5", "FREQ=MONTHLY;BYMONTHDAY=25", "FREQ=WEEKLY;BYDAY=FR", "FREQ=DAILY",
         "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "FREQ=MONTHLY;INTERVAL=5", "FREQ=YEARLY;INTERVAL=3",
         "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=YEARLY", "FREQ=MONTHLY;INTERVAL=7;BYSETPOS=1;BYDAY=MO,TU",
         "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "FREQ=MONTHLY;COUNT=40", "FREQ=WEEKLY;UNTIL=20300101",
         "FREQ=DAILY;INTERVAL=17;BYMONTH=2"]
FIRST_DAYS = [dt.date(2000, 2, 29), dt.date(2004, 2, 29), dt.date(1996, 1, 31), dt.date(2001, 3, 31), dt.date(2012, 10, 30)]


def test_the_stepped_expansion_gives_dateutils_days():
    """Stepping a rule from near the window must give exactly the days stepping it from its first
    day gives (the end of a month, 29 February, intervals, COUNT, UNTIL): 600 random cases."""
    from dateutil.rrule import rrulestr

    chance = random.Random(21)
    for _ in range(600):
        rule = chance.choice(RULES)
        first = chance.choice(FIRST_DAYS) if chance.random() < 0.3 else dt.date(1990, 1, 1) + dt.timedelta(
            days=chance.randrange(20_000))
        start = dt.date(1990, 1, 1) + dt.timedelta(days=chance.randrange(40_000))
        end = start + dt.timedelta(days=chance.randrange(1_800))
        due = Due(source="x", kind="due", text="t", recurrence=rule, date=first)
        expected = rrulestr(rule, dtstart=dt.datetime.combine(first, dt.time())).between(
            dt.datetime.combine(max(start, first), dt.time()), dt.datetime.combine(end, dt.time()), inc=True)
        assert occurrences(due, start, end) == [moment.date() for moment in expected], (rule, first, start, end)
