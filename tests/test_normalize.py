"""Normalisation: one table of (raw, normalised) cases, and the offset invariant on hostile input."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.read.normalize import normalize

SEEDS = Path(__file__).resolve().parents[1] / "corpora" / "seeds"


@pytest.fixture
def seed_text_raw() -> str:
    return (SEEDS / "004_1f0ab3f4da2a20c2.txt").read_text(encoding="utf-8")

CASES = [
    # (raw, markdown?, expected)
    ("Hoà bình", False, "Hòa bình"),
    ("Uỷ ban nhân dân", False, "Ủy ban nhân dân"),
    ("UỶ BAN NHÂN DÂN", False, "ỦY BAN NHÂN DÂN"),
    ("thuỷ lợi, khoẻ mạnh, tuỳ theo", False, "thủy lợi, khỏe mạnh, tùy theo"),
    ("quý, hoàn thành, khuyến khích", False, "quý, hoàn thành, khuyến khích"),   # not old placements
    ("\u00d0iện Biên", False, "Điện Biên"),                                         # stray U+00D0
    (unicodedata.normalize("NFD", "Thủ tướng Chính phủ"), False, "Thủ tướng Chính phủ"),
    ("05/CT \u2013 TW", False, "05/CT - TW"),
    ("a\u00a0\u00a0b\tc", False, "a b c"),
    ("Số:\u200b 19/CT-TTg", False, "Số: 19/CT-TTg"),
    ("dòng 1\r\ndòng 2\rdòng 3", False, "dòng 1\ndòng 2\ndòng 3"),
    ("a\n\n\n\n\nb", False, "a\n\nb"),
    ("  lề trái  \n", False, "lề trái"),
    ("phát tri-\nển", False, "phát triển"),                 # hyphenation at a line break
    ("kinh tế - xã hội", False, "kinh tế - xã hội"),        # a real dash stays
    ("**ỦY BAN NHÂN DÂN**", True, "ỦY BAN NHÂN DÂN"),
    ("## Điều 1. Phạm vi", True, "Điều 1. Phạm vi"),
    ("Xem [Nghị định 30](https://x.vn/30)", True, "Xem Nghị định 30"),
    ("**ỦY BAN**", False, "**ỦY BAN**"),                    # markdown marks only for markdown
    ("a*\u0300", True, "à"),                                # a mark between a letter and its accent
]


@pytest.mark.parametrize("raw, markdown, expected", CASES)
def test_normalize_table(raw, markdown, expected):
    text, offsets = normalize(raw, markdown=markdown)
    assert text == expected
    assert len(offsets) == len(text) + 1


def test_offsets_point_at_the_source_characters():
    raw = "**ỦY BAN**  Hoà   bình\r\nÐiện"
    text, offsets = normalize(raw, markdown=True)
    assert text == "ỦY BAN Hòa bình\nĐiện"
    # every unchanged character maps onto itself in the raw text
    for index, char in enumerate(text):
        if char in "ỦYBANbìnhiện":
            assert raw[offsets[index]] == char
    assert raw[offsets[text.index("Đ")]] == "\u00d0"


def test_offsets_are_monotonic_on_a_real_seed(seed_text_raw):
    text, offsets = normalize(seed_text_raw, markdown=True)
    assert all(a <= b for a, b in zip(offsets, offsets[1:], strict=False))
    assert offsets[-1] <= len(seed_text_raw)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("aoàòuỷyĐÐ\u0300\u0301\u00a0 \t\r\n-*#[]()\u200b\ufeffxQ1")), max_size=80),
       st.booleans())
def test_normalize_never_breaks_offsets(raw, markdown):
    text, offsets = normalize(raw, markdown=markdown)
    assert len(offsets) == len(text) + 1
    assert all(0 <= o <= len(raw) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:], strict=False))
    assert unicodedata.is_normalized("NFC", text)
    assert normalize(text, markdown=False)[0] == normalize(text, markdown=False)[0]
