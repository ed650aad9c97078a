"""The Vietnamese date grammar: phrase -> (kind, ISO value), offsets always true."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.dates import find_dates, parse_date

CASES = [
    ("ngày 16 tháng 7 năm 2021", "date", "2021-07-16"),
    ("Điện Biên, ngày 05 tháng 8 năm 2021", "date", "2021-08-05"),
    ("hoàn thành trước ngày 30\ntháng 6 năm 2026", "date", "2026-06-30"),
    ("trước ngày 30/12/2024.", "date", "2024-12-30"),
    ("ngày 21-02-2018", "date", "2018-02-21"),
    ("Ban coi thi (theo QĐ) | 22-27/06/2015", "date", "2015-06-27"),   # a span of days in one month
    ("14g ngày 22.01.2026", "date", "2026-01-22"),
    ("ngày 16/7", "date", "--07-16"),
    ("trước ngày 05 tháng 12 hàng năm", "date", "--12-05"),
    ("ngày tháng 11 năm 2024", "date", "2024-11"),
    ("ngày  tháng  năm 2024", "date", "2024"),
    ("Trong tháng 8/2025", "month", "2025-08"),
    ("(tháng 10 năm 2025)", "month", "2025-10"),
    ("trong Quý I/2026", "quarter", "2026-Q1"),
    ("hoàn thành trong quý II năm 2020", "quarter", "2020-Q2"),
    ("Luật Thi đua, khen thưởng năm 2022", "year", "2022"),
    ("vào lúc 14 giờ 00, ngày", "time", "14:00"),
    ("trước 14h30 ngày", "time", "14:30"),
    ("trước 11h00’ ngày thứ 5", "time", "11:00"),
    ("08 giờ 30 phút", "time", "08:30"),
]

NOT_DATES = [
    "Nghị định số 30/2020/NĐ-CP",      # a code, not a day
    "Quyết định 12/2024/QĐ-TTg",
    "trong vòng 16 tháng",              # a duration
    "đạt 44/115 điều",
    "Công văn số 123-27/06/2015",       # a number, not the first day of a span
    "ngày 32/13/2024",                  # no such day
    "trong vòng 24 giờ",                # a duration, not a clock time
    "báo cáo trước ngày 20.\n3. Các xã", # a day, then the next list item's number
]


@pytest.mark.parametrize("phrase, kind, value", CASES)
def test_phrase(phrase, kind, value):
    found = [m for m in find_dates(phrase) if m.kind == kind]
    assert found, phrase
    assert found[0].value == value
    assert phrase[found[0].start:found[0].end] == found[0].text


@pytest.mark.parametrize("phrase", NOT_DATES)
def test_not_a_date(phrase):
    assert [m for m in find_dates(phrase) if m.kind in ("date", "month", "time")] == []


def test_periods_end_on_their_last_day():
    assert parse_date("tháng 2/2024").last_day() == dt.date(2024, 2, 29)
    assert parse_date("Quý IV/2024").last_day() == dt.date(2024, 12, 31)
    assert parse_date("Quý I/2026").first_day() == dt.date(2026, 1, 1)
    assert parse_date("ngày 16/7").with_year(2021).value == "2021-07-16"


def test_no_digit_no_work():
    assert find_dates("Không có ngày tháng nào ở đây") == []


@given(st.text(alphabet="ngày tháng năm quý giờ h0123456789/.-IV ,\n", max_size=80))
def test_offsets_are_truth(text):
    for mention in find_dates(text):
        assert text[mention.start:mention.end] == mention.text
        assert mention.value is not None


def test_a_speck_read_as_a_colon_after_the_year_word_keeps_the_date():
    """qn_H14.1999 (scans s9): OCR read a speck after `năm` as a colon (`ngày 22 tháng 2 năm: 1999`);
    `năm: 2020, 2021` of a table's heading is no date, as a bare `năm 2020` is a year only."""
    assert [(m.kind, m.value) for m in find_dates("Cao Bằng, ngày 22 tháng 2 năm: 1999,")] == [("date", "1999-02-22")]
    assert [m.kind for m in find_dates("Số vụ việc nuôi con nuôi năm: 2020, 2021")] == []
