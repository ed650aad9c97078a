"""The shared pattern helpers (`pipeline.extract.patterns`): an alternation of names written to be
scanned for quickly finds exactly what the plain alternation after a look-behind finds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.extract.patterns import word_alternation
from pipeline.nlp.gazetteer import alternation, body_names, name_forms, name_pattern, whole_name

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"

# Bodies as a plan's duties name them: a name at a line's start, in capitals, after a word's last
# letter (no match), after a slash or a dash (no match), a class of bodies in lower case.
DUTIES = ("Sở Tài chính chủ trì, phối hợp với Sở Nội vụ, UBND các xã\n"
          "- SỞ NỘI VỤ: tổng hợp; xSở Y tế; /Sở Xây dựng; -Sở Công Thương; các sở, ban, ngành\n"
          "Ủy ban nhân dân tỉnh; Bộ Tài chính-Bộ Y tế; Ban Chỉ đạo; Văn phòng UBND tỉnh")


def _plain(names, before: str, flags: int = 0) -> re.Pattern:
    return re.compile(rf"(?<!{before})(?:{alternation(names)})", flags)


def test_a_word_alternation_matches_what_the_plain_alternation_matches_in_any_case():
    names = ["Sở Tài chính", "Sở Nội vụ", "Sở", "Ban Chỉ đạo", "Ban", "Bộ Tài chính", "Bộ Y tế", "Ủy ban nhân dân tỉnh"]
    plain = _plain(names, r"[\w/-]", re.IGNORECASE)
    quick = re.compile(word_alternation(name_forms(names), name_pattern, before=r"[\w/-]", ignorecase=True))
    found = [m.span() for m in quick.finditer(DUTIES)]
    assert found == [m.span() for m in plain.finditer(DUTIES)]
    words = [DUTIES[a:b] for a, b in found]
    assert words[:4] == ["Sở Tài chính", "Sở Nội vụ", "SỞ NỘI VỤ", "sở"]   # `xSở`, `/Sở`, `-Sở` are no match
    assert "Bộ Tài chính" in words and "Bộ Y tế" not in words              # `-Bộ Y tế` follows a dash


def test_a_case_sensitive_word_alternation_keeps_the_case():
    names = ["Sở Nội vụ", "Sở"]
    quick = re.compile(word_alternation(name_forms(names), name_pattern))
    assert [m.span() for m in quick.finditer(DUTIES)] == [m.span() for m in _plain(names, r"[\w]").finditer(DUTIES)]
    assert "SỞ" not in [m.group()[:2] for m in quick.finditer(DUTIES)]
    assert [m.group() for m in quick.finditer(DUTIES)][:2] == ["Sở", "Sở Nội vụ"]


def test_the_gazetteers_body_pattern_finds_what_the_plain_one_found():
    """The gazetteer's bodies (several hundred names) over the seeds and, where present, the real
    documents: the same matches as `(?<![\\w/-])(?:...)` with IGNORECASE."""
    plain = _plain(body_names(), r"[\w/-]", re.IGNORECASE)
    quick = re.compile(whole_name(body_names()))
    texts = [DUTIES] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "seeds").glob("*.txt"))]
    if REAL.is_dir():
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(REAL.glob("*.md"))[:20]]
    for text in texts:
        assert [m.span() for m in quick.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert sum(1 for text in texts for _ in quick.finditer(text)) > 50


@pytest.mark.parametrize("first", ["Ủ", "Đ", "S"])
def test_a_word_alternation_takes_a_name_at_the_texts_start(first):
    names = [first + "ở Nội vụ", first + "ở"]
    quick = re.compile(word_alternation(name_forms(names), name_pattern, before=r"[\w/-]", ignorecase=True))
    assert quick.match(first + "ở Nội vụ tỉnh").group() == first + "ở Nội vụ"
    assert quick.search("x" + first + "ở") is None
