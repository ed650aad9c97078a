"""Calendar: the lunar calendar, Vietnamese working days, the iCalendar feed, the e-mailed digest, and the
scorer's deadline/target figures on the seeds and the dev gold."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.calendar import (
    Due,
    HolidayCalendar,
    add_working_days,
    digest,
    due_within,
    dues_from_records,
    holidays,
    is_working_day,
    occurrences,
    to_ical,
)
from pipeline.calendar.lunar import lunar_to_solar, solar_to_lunar, tet

D = dt.date
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpora" / "seeds"
REAL = SHARED / "corpora" / "real"

# mùng 1 Tết, Vietnam (UTC+7); 1985 and 2007 differ from the Chinese New Year (UTC+8)
TET = [(1985, D(1985, 1, 21)), (2007, D(2007, 2, 17)), (2020, D(2020, 1, 25)), (2023, D(2023, 1, 22)),
       (2024, D(2024, 2, 10)), (2025, D(2025, 1, 29)), (2026, D(2026, 2, 17))]


@pytest.mark.parametrize("year, day", TET)
def test_tet(year, day):
    assert tet(year) == day
    assert solar_to_lunar(day) == (year, 1, 1, False)


def test_vietnam_is_not_china():
    assert lunar_to_solar(1985, 1, 1, tz=8) == D(1985, 2, 20)
    assert lunar_to_solar(2007, 1, 1, tz=8) == D(2007, 2, 18)


def test_lunar_round_trip():
    day = D(2019, 1, 1)
    while day < D(2031, 1, 1):
        lunar = solar_to_lunar(day)
        assert lunar_to_solar(lunar.year, lunar.month, lunar.day, lunar.leap) == day
        day += dt.timedelta(days=1)


WORKING_DAYS = [
    # start, n, expected: across Tết of three years
    (D(2023, 1, 19), 1, D(2023, 1, 27)),   # Tết Quý Mão: 20-26/1/2023 off
    (D(2024, 2, 7), 1, D(2024, 2, 15)),    # Tết Giáp Thìn: 8-14/2/2024 off
    (D(2024, 2, 6), 5, D(2024, 2, 20)),
    (D(2026, 2, 13), 1, D(2026, 2, 23)),   # Tết Bính Ngọ: 14-22/2/2026 off (20/2 a substitute day)
    (D(2026, 2, 23), -1, D(2026, 2, 13)),
    # substitute days: Giỗ Tổ on Sunday 26/4/2026 gives Monday 27/4 off
    (D(2026, 4, 24), 1, D(2026, 4, 28)),
    # Giỗ Tổ on Saturday 29/4/2023 and 30/4 on Sunday: 2/5 and 3/5 off
    (D(2023, 4, 28), 1, D(2023, 5, 4)),
    # 2/9/2024 on Monday: 3/9 is the adjacent day off
    (D(2024, 8, 30), 1, D(2024, 9, 4)),
]


@pytest.mark.parametrize("start, days, expected", WORKING_DAYS)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_holidays_of_a_year():
    days = holidays(2026)
    assert days[D(2026, 4, 26)] == "Giỗ Tổ Hùng Vương"
    assert days[D(2026, 4, 27)].startswith("Nghỉ bù")
    assert D(2026, 2, 20) in days and D(2026, 1, 1) in days
    assert not is_working_day(D(2023, 1, 2))        # Tết Dương lịch on Sunday 1/1/2023
    assert is_working_day(D(2024, 5, 4))            # Saturday worked for the swap of 29/4/2024
    assert not is_working_day(D(2024, 4, 29))


def test_users_extend_the_swaps(tmp_path, monkeypatch):
    extra = tmp_path / "swaps.json"
    extra.write_text(json.dumps({"years": {"2027": {
        "off": [{"date": "2027-02-12", "name": "Hoán đổi"}], "work": [{"date": "2027-02-20", "name": "Làm bù"}]}}}))
    calendar = HolidayCalendar.from_files([extra])
    assert not calendar.is_working_day(D(2027, 2, 12))
    assert calendar.is_working_day(D(2027, 2, 20))
    monkeypatch.setenv("CONGVAN_HOLIDAYS", str(extra))
    assert not HolidayCalendar.from_files().is_working_day(D(2027, 2, 12))


def test_rrule_expansion():
    due = Due(source="a", kind="due", text="t", recurrence="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5", anchor=D(2021, 8, 5))
    assert occurrences(due, D(2021, 1, 1), D(2023, 12, 31)) == [D(2021, 12, 5), D(2022, 12, 5), D(2023, 12, 5)]
    weekly = Due(source="a", kind="due", text="t", recurrence="FREQ=WEEKLY;BYDAY=FR", anchor=D(2026, 5, 20))
    assert occurrences(weekly, D(2026, 5, 20), D(2026, 6, 3)) == [D(2026, 5, 22), D(2026, 5, 29)]


def _seed_records() -> list[dict]:
    from pipeline import read
    from pipeline.extract.deadlines import document_date, extract_deadlines

    records = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = read(path)
        _, day = document_date(text.text)
        records.append({"source": path.name, "document": {"code": path.stem, "date": day and day.isoformat()},
                        "deadlines": [d.to_json() for d in extract_deadlines(text)]})
    return records


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared is absent")


@needs_seeds
def test_seed_feed_is_valid_icalendar():
    from icalendar import Calendar

    now = dt.datetime(2024, 12, 20, tzinfo=dt.UTC)
    feed = to_ical(dues_from_records(_seed_records()), now=now)
    assert b"RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5" in feed
    assert b"DTSTART;VALUE=DATE:20241230" in feed
    assert feed.count(b"BEGIN:VALARM") >= 4 and b"TRIGGER:-P3D" in feed and b"TRIGGER:-P1D" in feed
    calendar = Calendar.from_ical(feed)
    events = list(calendar.walk("VEVENT"))
    rules = [dict(e["RRULE"]) for e in events if "RRULE" in e]
    assert {"FREQ": ["YEARLY"], "BYMONTH": [12], "BYMONTHDAY": [5]} in rules
    assert any(e["DTSTART"].dt == D(2024, 12, 30) for e in events)
    assert all("Văn bản:" in str(e["DESCRIPTION"]) for e in events)
    assert to_ical(dues_from_records(_seed_records()), now=now) == feed   # pinned: same bytes twice


@needs_seeds
def test_cli_deadlines_ics_and_remind(tmp_path):
    from pipeline.cli import main
    from pipeline.cli.deadlines import register

    register(main)
    records = tmp_path / "seeds.jsonl"
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _seed_records()), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["deadlines", "--records", str(records), "--format", "ics", "--today", "2024-12-20",
                                  "--from", "2024-12-01", "--to", "2024-12-31"])
    assert result.exit_code == 0, result.output
    assert "RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5" in result.output and "20241230" in result.output
    result = runner.invoke(main, ["remind", "--records", str(records), "--within", "14d", "--today", "2024-12-20"])
    assert result.exit_code == 0, result.output
    assert "30/12/2024" in result.output
    result = runner.invoke(main, ["deadlines", "--db", str(tmp_path / "absent.sqlite")])
    assert result.exit_code == 2 and "congvan ingest" in result.output


def test_digest_groups_by_day_and_actor():
    dues = [Due(source="a.txt", kind="due", text="trước ngày 30/12/2024", date=D(2024, 12, 30), actor="Sở Nội vụ",
                action="gửi báo cáo", document="1/KH"),
            Due(source="b.txt", kind="due", text="trước ngày 30/12/2024", date=D(2024, 12, 30), actor="Sở Tài chính",
                action="gửi dự toán", document="2/KH"),
            Due(source="c.txt", kind="event", text="14 giờ 00, ngày 02/01/2025", date=D(2025, 1, 2), time="14:00",
                actor="Sở Nội vụ", action="dự họp", document="3/GM"),
            Due(source="d.txt", kind="due", text="later", date=D(2025, 3, 1), actor="Sở Nội vụ", document="4")]
    text = digest(due_within(dues, D(2024, 12, 27), 7), D(2024, 12, 27), 7)
    assert text.index("30/12/2024") < text.index("Sở Nội vụ") < text.index("Sở Tài chính") < text.index("02/01/2025")
    assert "lúc 14:00" in text and "later" not in text


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""
    aiosmtpd = pytest.importorskip("aiosmtpd.controller")
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    import socket

    with socket.socket() as probe:  # a free port on the loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = aiosmtpd.Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, received
    finally:
        controller.stop()


def test_remind_sends_the_digest_by_smtp(smtp_server, tmp_path):
    from pipeline.cli import main
    from pipeline.cli.deadlines import register

    controller, received = smtp_server
    port = controller.port
    register(main)
    record = {"source": "003.txt", "document": {"code": "15/KH-KTĐ", "date": "2024-03-25"},
              "deadlines": [{"date": "2024-12-30", "recurrence": None, "kind": "due", "text": "trước ngày 30/12/2024",
                             "actor": "Các đơn vị trong khối", "action": "gửi báo cáo tổng kết về Khối trưởng"}]}
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["remind", "--records", str(records), "--within", "7d", "--today", "2024-12-27",
                                       "--smtp", f"127.0.0.1:{port}", "--to", "vanthu@example.gov.vn"])
    assert result.exit_code == 0, result.output
    for _ in range(50):
        if received:
            break
        time.sleep(0.05)
    assert len(received) == 1
    message = received[0]
    assert message["To"] == "vanthu@example.gov.vn"
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    assert "Các đơn vị trong khối" in body and "30/12/2024" in body and "15/KH-KTĐ" in body


# --- the scorer's figures ------------------------------------------------------------------------

def _score(gold: Path, folder: Path, tmp_path: Path) -> dict:
    from pipeline import read
    from pipeline.extract.deadlines import extract_deadlines
    from pipeline.extract.targets import extract_targets

    pred = tmp_path / f"{folder.name}.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            source = json.loads(line)["source"]
            text = read(folder / source)
            out.write(json.dumps({"source": source, "deadlines": [d.to_json() for d in extract_deadlines(text)],
                                  "targets": [t.to_json() for t in extract_targets(text)]}, ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold), "--pred", str(pred),
                             "--json"], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@needs_seeds
def test_seed_scores(tmp_path):
    figures = _score(SEEDS / "gold.jsonl", SEEDS, tmp_path)
    assert figures["deadlines"]["f1"] >= 0.85, figures["deadlines"]
    assert figures["targets"]["f1"] >= 0.80, figures["targets"]


@pytest.mark.real
@pytest.mark.slow
@pytest.mark.skipif(not (REAL / "gold-dev.jsonl").is_file(), reason="../shared/corpora/real is absent")
def test_dev_scores(tmp_path):
    figures = _score(REAL / "gold-dev.jsonl", REAL, tmp_path)
    assert figures["deadlines"]["f1"] >= 0.85, figures["deadlines"]
    assert figures["targets"]["f1"] >= 0.80, figures["targets"]


def test_deadlines_from_the_store(tmp_path):
    """`congvan ingest` then `congvan deadlines --db`: the seeds' feed comes out of SQLite too."""
    import subprocess
    import sys
    from pathlib import Path

    congvan = Path(sys.executable).with_name("congvan")
    seeds = Path(__file__).resolve().parents[1] / "corpora" / "seeds"
    db = tmp_path / "store.db"
    subprocess.run([str(congvan), "ingest", str(seeds), "--db", str(db)], check=True, capture_output=True)
    done = subprocess.run([str(congvan), "deadlines", "--db", str(db), "--format", "ics", "--all",
                           "--today", "2024-11-22"], check=True, capture_output=True, text=True)
    from icalendar import Calendar

    calendar = Calendar.from_ical(done.stdout)
    rules = [str(event.get("RRULE").to_ical(), "ascii") for event in calendar.walk("VEVENT") if event.get("RRULE")]
    assert any("BYMONTH=12" in rule and "BYMONTHDAY=5" in rule for rule in rules)
    assert calendar.walk("VALARM")
    missing = subprocess.run([str(congvan), "deadlines", "--db", str(tmp_path / "none.db")], capture_output=True, text=True)
    assert missing.returncode == 2 and "congvan ingest" in missing.stderr


def test_a_quarterly_rule_falls_in_the_months_its_record_names():
    """`trước ngày 15 của tháng cuối quý` is `FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15` (ANNOTATION.md's
    quarterly) with `months` [3, 6, 9, 12]: counted from a document of 8 January, the days fall in the
    quarters' last months, not in January, April, July."""
    from pipeline.read.text import Text
    from pipeline.record import to_record

    s = ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 12/KH-UBND\nLâm Đồng, ngày 08 tháng 01 năm 2024\nKẾ HOẠCH\nThực hiện\n"
         "Các sở, ngành báo cáo kết quả thực hiện trước ngày 15 của tháng cuối quý.\n")
    record = to_record(Text(source="kh.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1))))
    [deadline] = record["deadlines"]
    assert (deadline["recurrence"], deadline["months"]) == ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", [3, 6, 9, 12])
    [due] = dues_from_records([record])
    assert occurrences(due, D(2024, 1, 1), D(2024, 12, 31)) == [D(2024, 3, 15), D(2024, 6, 15), D(2024, 9, 15),
                                                               D(2024, 12, 15)]
    with pytest.raises(Exception, match="months"):
        dues_from_records([{**record, "deadlines": [{**deadline, "months": [13]}]}])
