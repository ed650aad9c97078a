"""Normalisation: one table of (raw, normalised) cases, and the offset invariant on hostile input."""
from __future__ import annotations

import pickle
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.read.encodings import decode, encode_legacy
from pipeline.read.normalize import OffsetMap, normalize

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
    ("Quyết định số 12\u20442021/QĐ-TTg", False, "Quyết định số 12/2021/QĐ-TTg"),   # OCR's fraction slash
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


# congbot_43 (a legal-database site's copy of a Hồ Chí Minh City decision, tune half): the site broke
# words with spaces, the header's among them, so its date line and its issuer were not read
BROKEN_HEADER = ("| ỦY B AN NHÂN D Â N T HÀNH P HỐ HỒ C H Í M I NH ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
                 "| Số: 3210/QĐ - U B ND | T hành phố Hồ Chí M inh, ngày 28 tháng 6 năm 2014 |\n\nQUYẾT ĐỊNH\n"
                 "Nơi nhận:\n- T h ườ ng t r ự c T h à nh ủ y ;\n- T hủ tướ ng C h í nh ph ủ ;\n")


def test_words_a_source_broke_with_spaces_are_joined_back():
    text, offsets = normalize(BROKEN_HEADER)
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH" in text          # not `CHÍM I NH`
    assert "Thành phố Hồ Chí Minh, ngày 28 tháng 6 năm 2014" in text
    # not `Thà nhủ y`; two syllables (`ủ y`) stay as they are: nothing says they are one
    assert "Thường trực Thành ủ y" in text and "Thủ tướng Chính phủ" in text
    assert "3210/QĐ - UBND" in text    # a body's initials spaced out, in a text that shows the damage
    joined = text.index("THÀNH PHỐ")
    assert BROKEN_HEADER[offsets[joined]:offsets[joined] + 6] == "T HÀNH"     # a highlight lands on the source


def test_a_clean_text_keeps_its_lone_letters():
    """Points of a law (`l và n khoản 3`), a name's initial (`Công ty cổ phần C ra vào cảng`, a
    precedent), a mark before `hoặc`: no join, however many there are; a damaged text shows its
    damage `SPACED_MIN` times before any word is joined (`t iện` alone stays)."""
    clean = "điểm a, b, c, d, l và n khoản 3; điểm h và i khoản 1; Công ty cổ phần C ra vào cảng; điểm C hoặc D."
    assert normalize(clean * 3)[0] == (clean * 3).rstrip()
    assert normalize("thuận t iện cho người dân")[0] == "thuận t iện cho người dân"


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


# ---------------------------------------------------------------------------------------------
# The offsets as a run-length map (OffsetMap) give what one integer per character gave: the
# reference below is the per-character implementation they replaced, run through the same steps.

normalize_module = sys.modules["pipeline.read.normalize"]   # `pipeline.read.normalize` the name is the function


def _per_character_rewrite_spans(text, offsets, edits):
    out, new_offsets, last = [], array("q"), 0
    for start, end, new in edits:
        if new == text[start:end]:
            continue
        out.append(text[last:start])
        new_offsets.extend(offsets[last:start])
        out.append(new)
        new_offsets.extend(offsets[start:end] if len(new) == end - start else [offsets[start]] * len(new))
        last = end
    if not out:
        return text, offsets
    out.append(text[last:])
    new_offsets.extend(offsets[last:])
    return "".join(out), new_offsets


def _per_character_drop_spans(text, offsets, spans):
    parts, kept, last = [], array("q"), 0
    for start, end in spans:
        if start < last:
            continue
        parts.append(text[last:start])
        kept.extend(offsets[last:start])
        last = end
    parts.append(text[last:])
    kept.extend(offsets[last:])
    return "".join(parts), kept


class _PerCharacter:
    @staticmethod
    def identity(length):
        return array("q", range(length))


def per_character_normalize(raw, markdown=False, drop=(), monkeypatch=None):
    with monkeypatch.context() as patch:
        patch.setattr(normalize_module, "rewrite_spans", _per_character_rewrite_spans)
        patch.setattr(normalize_module, "drop_spans", _per_character_drop_spans)
        patch.setattr(normalize_module, "OffsetMap", _PerCharacter)
        patch.setattr(normalize_module, "_strip_end", lambda text, offsets: (text.rstrip(), offsets[: len(text.rstrip()) + 1]))
        return normalize(raw, markdown=markdown, drop=list(drop))


NFD = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Hòa Bình\r\nQuyết định số 12/QĐ-UBND ngày 05/8/2021")
OFFSET_CASES = [
    ("nfd", NFD, False, ()),
    ("old tone placement", "Uỷ ban  hoà giải\tthuỷ lợi, KHOẺ, tuỳ theo, Hoà\r\nxoá bỏ; quý, hoàn thành", False, ()),
    ("windows-1258", decode(encode_legacy("Ủy ban nhân dân tỉnh Hòa Bình, thủy lợi", "windows-1258"))[0], False, ()),
    ("vni", decode(encode_legacy("Ủy ban nhân dân tỉnh Hòa Bình, khỏe mạnh", "vni"))[0], False, ()),
    ("tcvn3", decode(encode_legacy("ủy ban nhân dân tỉnh hòa bình, tùy theo", "tcvn3"))[0], False, ()),
    ("markdown", "# **ỦY BAN**  \n\n\n\n> [Nghị định 30](https://x.vn/30)\n|---|:--:|\n phát tri-\nển\u200b", True, ()),
    ("dropped furniture", "Trang 1\nCông văn số 12\r\nTrang 2\nHoà bình  ", False, ((0, 8), (23, 31))),
    ("grows under NFC", "Số 12 \u0958\u0959\u095a ngày Å  5", False, ()),
    ("empty", "", False, ()),
]


@pytest.mark.parametrize(("name", "raw", "markdown", "drop"), OFFSET_CASES, ids=[c[0] for c in OFFSET_CASES])
def test_the_offset_map_reads_as_the_per_character_offsets(name, raw, markdown, drop, monkeypatch):
    text, offsets = normalize(raw, markdown=markdown, drop=list(drop))
    expected_text, expected = per_character_normalize(raw, markdown, drop, monkeypatch)
    assert text == expected_text
    assert isinstance(offsets, OffsetMap)
    assert list(offsets) == list(expected) and len(offsets) == len(expected) == len(text) + 1
    assert [offsets[i] for i in range(-len(offsets), len(offsets))] == list(expected) * 2
    assert offsets[1:] == list(expected[1:]) and offsets[2:-1] == list(expected[2:-1]) and offsets[::2] == list(expected[::2])
    for value in range(len(raw) + 2):   # what read() does for the pages
        assert bisect_left(offsets, value, 0, len(text)) == bisect_left(expected, value, 0, len(text))
    assert pickle.loads(pickle.dumps(offsets)) == offsets == list(expected)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("aoàòuỷyĐÐ\u0300\u0301\u00a0 \t\r\n-*#[]()|:>!\\_\u200b\ufeffxQ1")), max_size=80),
       st.booleans())
def test_the_offset_map_reads_as_the_per_character_offsets_on_any_text(raw, markdown):
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected_text, expected = per_character_normalize(raw, markdown, (), monkeypatch)
    text, offsets = normalize(raw, markdown=markdown)
    assert text == expected_text and list(offsets) == list(expected)


def test_offset_maps_from_any_sequence():
    values = [0, 1, 2, 2, 2, 5, 6, 9]
    assert list(OffsetMap.of(values)) == values == OffsetMap.of(values)
    assert list(OffsetMap.identity(5)) == [0, 1, 2, 3, 4]
    assert normalize_module.rewrite_spans("abcdefgh", values + [10], [(2, 4, "X")])[1] == [0, 1, 2, 2, 5, 6, 9, 10]
    with pytest.raises(IndexError):
        OffsetMap.identity(3)[3]


# ---------------------------------------------------------------------------------------------
# The patterns written for speed find what their plain forms found

PLAIN_MARKDOWN = re.compile(
    r"""
    (?P<link>!?\[)
    | \*\*|__
    | (?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])
    | ^\#{1,6}[ ]
    | ^[ ]{0,3}>[ ]?
    | ^\|?[ ]*:?-{3,}:?[ ]*(?:\|[ ]*:?-{3,}:?[ ]*)*(?:\|[ ]*)?$
    | \\(?=[\\`*_{}\[\]()\#+\-.!|])
    """,
    re.VERBOSE | re.MULTILINE,
)
PLAIN_SPACE = re.compile(
    rf"""
    (?<=[{normalize_module.LOWER}])-\n(?=[{normalize_module.LOWER}])
    | ^[ ]+ | [ ]+$
    | [ ]{{2,}}
    | \n{{3,}}
    | \A\n+
    """,
    re.VERBOSE | re.MULTILINE,
)
_PATTERN_ALPHABET = st.sampled_from(list("aàoòuỷ xĐ\n\t-*_#>|:[]()!\\`.{}+") + ["---", "  ", "\n\n\n", "oà", "uỳ", "hoà", "Uỷ"])


def _markdown_matches(pattern, s):
    found, position = [], 0   # as _markdown_edits searches: from each match's end, or one past a `[`
    while (match := pattern.search(s, position)) is not None:
        link = match.group(0).endswith("[")
        found.append((match.span(), link))
        position = match.start() + 1 if link else match.end()
    return found


def _same_matches(s):
    assert _markdown_matches(normalize_module._MARKDOWN_RE, s) == _markdown_matches(PLAIN_MARKDOWN, s)
    assert [m.lastgroup is not None for m in normalize_module._MARKDOWN_RE.finditer(s)] == \
        [m.group("link") is not None for m in PLAIN_MARKDOWN.finditer(s)]
    assert [m.span() for m in normalize_module._SPACE_RE.finditer(s)] == [m.span() for m in PLAIN_SPACE.finditer(s)]
    assert [m.span() for m in normalize_module._old_tone_words(s)] == \
        [m.span() for m in normalize_module._OLD_TONE_RE.finditer(s)]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(_PATTERN_ALPHABET, max_size=60).map("".join))
def test_the_fast_patterns_match_as_the_plain_ones(s):
    _same_matches(s)


PATTERN_EDGES = [
    "> a\n >b\n  > c\n   > d\n    > e\n>", "# a\n###### b\n####### c\n #d\n#", "--\n---\n :--- \n| --- | :-: |\n|--|\n---x",
    "  |---\n:---:|---:| \n-----\n- - -", "*a* a*b* * a *a**b** __c__ \\* \\x ![i](u) [l](u) ![x", "\n\n\nx\n\n\n\ny",
    "\nx", "  a  b  \n  \n c", "tri-\nển a -\nb Đ-\nx", "hoà Hoà hoàa ahoà xoàxoà khoẻ aaaaoà oàaaaa thuỷ UỶ ổuỷ",
]


@pytest.mark.parametrize("s", PATTERN_EDGES)
def test_the_fast_patterns_match_as_the_plain_ones_on_edges(s):
    _same_matches(s)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_the_fast_patterns_match_as_the_plain_ones_on_the_seeds(path):
    raw = path.read_text(encoding="utf-8")
    _same_matches(raw)
    _same_matches(normalize(raw)[0])


# ---------------------------------------------------------------------------------------------
# The old tone placement's table, read without importing underthesea, gives underthesea's answers

def test_the_tone_table_is_underthesea_s_own():
    from underthesea.pipeline.text_normalize import text_normalizer, token_normalize

    ours = normalize_module._token_normalize()
    assert isinstance(ours, normalize_module._TokenTable)   # the fast path is the one taken here
    assert ours.characters == text_normalizer.character_map and ours.tokens == text_normalizer.token_map
    words = set(text_normalizer.token_map) | set(text_normalizer.token_map.values())
    words |= {w.upper() for w in words} | {w.capitalize() for w in words} | {unicodedata.normalize("NFD", w) for w in words}
    words |= {"hoà", "Uỷ", "thuỷ", "khoẻ", "quý", "toàn", "hoàn", "oà", "uỳ", "xoá", "loạiii", "hoàtoàn"}
    for path in sorted(SEEDS.glob("*.txt")):
        words |= {m.group(0) for m in normalize_module._OLD_TONE_RE.finditer(path.read_text(encoding="utf-8"))}
    assert [ours(w) for w in sorted(words)] == [token_normalize(w) for w in sorted(words)]


@pytest.mark.parametrize("hostile", ["T h à nh " * 50_000, "B " * 200_000 + "AN", "l và n khoản " * 50_000,
                                     "C ra " * 100_000, "T hủ U B ND " * 50_000])
def test_joining_broken_words_is_linear(hostile):
    """A text of nothing but lone letters or broken words: each run is parted once (a few pieces),
    so the time grows with the text (each under a few seconds on a loaded CI core)."""
    import time

    started = time.perf_counter()
    text, offsets = normalize(hostile)
    assert len(offsets) == len(text) + 1
    assert time.perf_counter() - started < 20


def test_the_written_out_syllables_are_the_word_lists():
    """`pipeline/data/syllables.txt` is `ocr_fix.syllables()` written out (`python -m pipeline.read.ocr_fix`
    writes it anew when the word list or the tables change)."""
    from pipeline.read.ocr_fix import syllables
    from pipeline.read.spaced import listed_syllables

    assert listed_syllables() == syllables()


def _plain_fold(s: str) -> str:
    decomposed = unicodedata.normalize("NFD", s.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("aăâeêioôơuưyđĐAĂÂ dẫnỦyBAN\u0301\u0300\u0309\u0303\u0323\u1dc0\u20d0\u0345\u034f"
                                          "ǅﬁ１²İ"), max_size=30))
def test_folding_drops_every_mark_as_unicodedata_says(s):
    """`fold` drops the marks of the first block by table, any other by `unicodedata.combining`: the
    same answer as the plain definition, on Vietnamese letters and on marks outside that block."""
    from pipeline.read.letters import fold

    assert fold(s) == _plain_fold(s)


def test_folding_keeps_the_grapheme_joiner_that_is_no_combining_mark():
    from pipeline.read.letters import fold

    assert fold("Đồng\u034fý") == "dong\u034fy" == _plain_fold("Đồng\u034fý")
