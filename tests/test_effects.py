"""Effects: what a document does to the documents it cites (amends, replaces, repeals, suspends),
its scope and its date; and the document's own entry into force. The table of examples and traps
lives in pipeline/data/effects.json; every entry runs here."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.effects import (
    _folded,
    _force_matches,
    _heads,
    _patterns,
    _verbs,
    entry_into_force,
    extract_effects,
)
from pipeline.extract.references import extract_references
from pipeline.read.text import Text
from pipeline.record import to_record

DATA = json.loads((Path(__file__).resolve().parents[1] / "pipeline" / "data" / "effects.json").read_text(encoding="utf-8"))


def text_of(s: str, source: str = "x.txt") -> Text:
    return Text(source, "text", s, s, list(range(len(s) + 1)))


def effects_by_code(s: str, document: dict | None = None) -> dict[str, tuple]:
    text = text_of(s)
    references = extract_references(text, document)
    found = extract_effects(text, references, document)
    return {r.code: (found[r.key].effect, found[r.key].scope, found[r.key].effective) if r.key in found else (None, None, None)
            for r in references}


@pytest.mark.parametrize("example", DATA["examples"], ids=lambda e: e["text"][:50])
def test_examples(example):
    got = effects_by_code(example["text"])
    for code, effect in example["effects"].items():
        # null: no effect, or no entry at all (a document named inside the object's title)
        assert got.get(code, (None, None, None))[0] == effect, (code, got)
    for code, scope in example.get("scope", {}).items():
        assert got[code][1] == scope
    for code, date in example.get("effective", {}).items():
        assert got[code][2] == date


@pytest.mark.parametrize("trap", DATA["not"], ids=lambda e: e["why"])
def test_traps_have_no_effect(trap):
    assert all(effect is None for effect, _, _ in effects_by_code(trap["text"]).values())


def test_the_clause_is_the_evidence_and_its_offsets_hold():
    s = "Điều 5. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 607/QĐ-UBND ngày 04/4/2024 của UBND tỉnh."
    text = text_of(s)
    found = list(extract_effects(text, extract_references(text)).values())
    assert [e.effect for e in found] == ["replaces"]
    assert s[found[0].start:found[0].end] == found[0].text
    assert "thay thế Quyết định số 607/QĐ-UBND" in found[0].text


@pytest.mark.parametrize(("sentence", "signed", "date"), [
    ("Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 02 năm 2024.", None, "2024-02-15"),
    ("Quyết định này có hiệu lực kể từ ngày ký.", "2024-08-13", "2024-08-13"),
    ("Quyết định này có hiệu lực thi hành sau 10 ngày, kể từ ngày ký.", "2012-06-25", "2012-07-05"),
    ("Quyết định này có hiệu lực thi hành sau 15 ngày, kể từ ngày đăng Công báo.", "2008-10-27", None),
])
def test_entry_into_force(sentence, signed, date):
    found = entry_into_force(sentence, {"date": signed})
    assert found is not None and found.date == date
    assert sentence[found.start:found.end] == found.text


def test_quoted_text_is_the_amended_documents_words():
    s = "1. Sửa đổi, bổ sung khoản 1 Điều 252 như sau: “1. Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2024.”."
    assert entry_into_force(s, {}) is None


def test_a_kind_that_tells_acts_on_nothing():
    s = "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 93/2019/NĐ-CP ngày 25/11/2019 của Chính phủ."
    assert effects_by_code(s, {"type": "Quyết định"})["93/2019/NĐ-CP"][0] == "amends"
    assert effects_by_code(s, {"type": "Tờ trình"})["93/2019/NĐ-CP"][0] is None
    assert effects_by_code("Luật này thay thế Luật Hải quan số 29/2001/QH10.", {"type": "Công văn"})["29/2001/QH10"][0] is None


def test_the_summary_says_what_it_amends():
    s = "THÔNG TƯ\nSửa đổi, bổ sung một số điều của Thông tư số 08/2017/TT-BLĐTBXH\nCăn cứ Nghị định số 14/2017/NĐ-CP;"
    document = {"type": "Thông tư", "subject": "Sửa đổi, bổ sung một số điều của Thông tư số 08/2017/TT-BLĐTBXH"}
    got = effects_by_code(s, document)
    assert got["08/2017/TT-BLĐTBXH"][0] == "amends" and got["14/2017/NĐ-CP"][0] is None


def test_records_without_effect_language_only_gain_null_fields():
    s = ("ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN\nSố: 2458/UBND-NC\nĐiện Biên, ngày 05 tháng 8 năm 2021\n"
         "Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ về thi đua.")
    record = to_record(text_of(s))
    assert record["document"]["effective"] is None
    for reference in record["references"]:
        assert (reference["effect"], reference["scope"], reference["effective"]) == (None, None, None)
        assert "effect_evidence" not in reference


# `_force_matches` is `finditer` of the `force` pattern, found from its literal tail
FORCE_TEXTS = [
    "Quyết định này có hiệu lực kể từ ngày ký.",
    "Thông tư liên tịch này có hiệu lực thi hành kể từ ngày 01/7/2024; Thông tư này có hiệu lực từ nay.",
    "Thông\ntư   liên \n tịch\n này\n có hiệu lực",                     # whitespace inside the kind
    "Nghị quyết liên tịch này có hiệu lực, Luật này có hiệu lực Quyết định này có hiệu lực.",   # swallowed
    "xQuyết định này có hiệu lực",                                       # no word boundary before the kind
    "Văn bản này chính thức có hiệu lực chung kể từ ngày 15 tháng 02 năm 2024",
    "này có hiệu lực" * 3 + " này có hiệu lực",
    "QUYẾT ĐỊNH NÀY CÓ HIỆU LỰC",
    " " * 5000 + "này có hiệu lực Luật này có hiệu lực",
]
_FORCE_ALPHABET = st.sampled_from(["Quyết định", "Thông tư", "liên tịch", "Luật", "Bộ", "này", "có hiệu lực",
                                   "chính thức", " ", "\n", ".", "x", "NÀY", "ngày 01/01/2024"])


def _finditer(s: str) -> list:
    return [(m.span(), m.group("when")) for m in _patterns()["force"].finditer(s)]


@pytest.mark.parametrize("s", FORCE_TEXTS)
def test_force_matches_are_finditers(s):
    assert [(m.span(), m.group("when")) for m in _force_matches(s)] == _finditer(s)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FORCE_ALPHABET, max_size=40).map("".join))
def test_force_matches_are_finditers_on_any_mix(s):
    assert [(m.span(), m.group("when")) for m in _force_matches(s)] == _finditer(s)


# `_verbs` is `finditer` of the `cue` and `passive` patterns, found from their first words by
# `str.find` over the text as re.IGNORECASE folds it
VERB_TEXTS = [
    "Điều 2. Bãi bỏ Quyết định số 1/QĐ-UBND; SỬA ĐỔI, BỔ SUNG khoản 1; bổ  sung, sửa\nđổi Điều 3.",
    "Thông tư số 23/2020/TT-BLĐTBXH hết hiệu lực; các văn bản bị bãi bỏ, được bãi bỏ, tạm ngưng hiệu lực.",
    "ſửa đổi Điều 1 và hủy bỏ, huỷ bỏ, HỦY BỎ; đình chỉ việc thi hành; tạm đình chỉ việc thi hành",   # ſ: an s to re
    "İ sửa đổi: a letter that lowercases to two, and the search falls back to finditer; bãi bỏ",
    "xsửa đổi bổ sungx thay thếthay thế thay thế điều chỉnhđiều chỉnh",   # no word boundary: no verb
    "bổ bổ bổ sung sửa sửa đổi ngưng ngưng hiệu lực hết hết hiệu lực bị bị bãi bỏ",
]
_VERB_ALPHABET = st.sampled_from(["sửa", "đổi", "bổ", "sung", ",", " ", "\n", "BÃI", "bỏ", "hủy", "thay", "thế",
                                  "hết", "hiệu", "lực", "bị", "được", "tạm", "ngưng", "x", "ſ", "ı", "İ"])


def _verb_spans(s: str) -> dict:
    folded = _folded(s)
    return {table: [m.span() for m in _verbs(s, table, folded)] for table in ("cues", "passive")}


def _verb_finditer(s: str) -> dict:
    return {table: [m.span() for m in _patterns()[name].finditer(s)]
            for table, name in (("cues", "cue"), ("passive", "passive"))}


@pytest.mark.parametrize("s", VERB_TEXTS)
def test_verbs_are_finditers(s):
    assert _verb_spans(s) == _verb_finditer(s)
    assert any(_verb_spans(s).values()) or s.startswith("x")


@settings(max_examples=300, deadline=None)
@given(st.lists(_VERB_ALPHABET, max_size=40).map("".join))
def test_verbs_are_finditers_on_any_mix(s):
    assert _verb_spans(s) == _verb_finditer(s)


def test_folding_is_what_ignorecase_compares():
    """For every character and every letter of a head (the verbs' first words, the entry into
    force's `này`): re.IGNORECASE matches them exactly when the folded character is that letter."""
    letters = sorted(set("".join([*_heads()["cues"], *_heads()["passive"], "này"])))
    any_letter = re.compile("[" + re.escape("".join(letters)) + "]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        x = chr(code)
        folded = _folded(x)
        if folded is None:
            continue   # such a text is searched by finditer
        if any_letter.fullmatch(x):
            assert folded in letters and re.fullmatch(re.escape(folded), x, re.IGNORECASE), hex(code)
        else:
            assert folded not in letters, hex(code)
