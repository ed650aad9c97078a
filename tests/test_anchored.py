"""`anchored.finditer` gives exactly `pattern.finditer` for the deadline patterns it speeds up; the
clause start read backwards is the one read forwards."""
from __future__ import annotations

import random

import pytest

from pipeline.extract import anchored
from pipeline.extract import deadlines as d
from pipeline.extract.deadlines_recurrence import _DAILY, _daily_matches

WORDS = ("trước chậm nhất vào trong ngày hàng hằng mỗi tháng của các liền kề cuối đầu quý sau tiếp theo kế "
         "thứ Hai Sáu chủ nhật tuần 5 20 05 14 giờ h 30 phút ’ , ; . / thời hạn không quá kể từ khi nhận được "
         "văn bản làm việc TRƯỚC NGÀY HẰNG THÁNG Tuần (năm) 123 1234 tuầngày İ ı lúc công").split()
SEPARATORS = (" ", "  ", "\n", ", ", "", " \t ")


def _texts(n: int = 1500) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 30))) for _ in range(n)]


def _spans(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


PAIRS = {
    "weekly": (lambda s: d._weekly(s, 0, len(s)), d._weekly_matches),
    "monthly": (d._MONTHLY.finditer,
                lambda s: anchored.finditer(d._MONTHLY, s, d._MONTHLY_ANCHOR, anchored.WORDS_AND_SPACES)),
    "monthly leading": (d._MONTHLY_LEADING.finditer,
                        lambda s: anchored.finditer(d._MONTHLY_LEADING, s, d._MONTHLY_LEADING_ANCHOR,
                                                    d._LEADING_BEFORE)),
    "relative": (lambda s: d.cues().relative.finditer(s), lambda s: d._relative_matches(d.cues(), s)),
    "daily": (lambda s: _DAILY.finditer(s), _daily_matches),
}


@pytest.mark.parametrize("name", PAIRS)
def test_the_anchored_search_finds_what_the_whole_search_finds(name):
    whole, near = PAIRS[name]
    for s in _texts():
        assert _spans(near(s)) == _spans(whole(s)), s


def test_the_relative_pattern_is_cut_at_its_count():
    assert d._relative_anchor(d.cues().relative.pattern, d.cues().relative.flags) is not None
    assert d._relative_anchor(r"(?:ghi:)\s*(?P<n>\d)", 0) is None     # a colon is no word
    assert d._relative_anchor(r"(?P<a>trong)\s*(?P<n>\d)", 0) is None  # a group of its own


def test_the_last_clause_end_read_backwards_is_the_last_one_read_forwards():
    rng = random.Random(5)
    for _ in range(3000):
        s = "".join(rng.choice("a1.;\n Đ.A . 2 ") for _ in range(rng.randint(0, 40)))
        for lo in range(0, len(s) + 1, 3):
            for start in range(lo, len(s) + 1, 2):
                forward = lo
                for match in d._CLAUSE_END.finditer(s, lo, start):
                    forward = match.end()
                assert d._last_hard_end(s, lo, start) == forward, (s, lo, start)
