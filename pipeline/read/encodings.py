"""Bytes of a plain-text Vietnamese document to a str, detecting the encoding from the bytes.

Official documents still arrive in the encodings of the 1990s font era besides UTF-8/UTF-16:
Windows-1258, TCVN3 (ABC, .VnTime fonts), VNI-Windows and now and then VISCII. The 8-bit ones
cannot be told apart by byte statistics alone (all use 0xA0-0xFF heavily), so each candidate is
decoded and the one whose result reads most like Vietnamese wins: frequent syllables, words that
are well-formed Vietnamese syllables, and few junk characters.

The legacy tables live in `pipeline/data/legacy_encodings.json` (byte or byte sequence -> char).
Text is returned as decoded; NFC and tone placement happen later in `normalize`.

>>> decode("Công văn số 12".encode("utf-8"))
('Công văn số 12', 'utf-8')
>>> decode(encode_legacy("Ủy ban nhân dân tỉnh", "vni"))
('Ủy ban nhân dân tỉnh', 'vni')
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be",
             "windows-1258", "tcvn3", "vni", "viscii", "windows-1252")
LEGACY = ("tcvn3", "vni", "viscii")
_DATA = Path(__file__).resolve().parent.parent / "data" / "legacy_encodings.json"

_SAMPLE = 48 * 1024          # bytes scored per candidate; the winner then decodes everything
_MAX_CONTROL = 0.02          # more control characters than this and it is not a text file
_MAX_JUNK = 0.15             # share of junk characters in the best decoding that means "not text"


class UndecodableText(ValueError):
    """The bytes do not look like text in any encoding we know."""


# --- legacy tables -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Legacy:
    """Decoding and encoding tables for one 8-bit encoding, built from the JSON file."""

    name: str
    table: dict[int, str]            # byte -> char (all 256: mapped bytes over the fallback codec)
    multi: dict[str, str]            # translated multi-byte sequence -> char (VNI)
    pattern: re.Pattern[str] | None  # matches the keys of `multi`
    inverse: dict[str, bytes]        # char -> bytes, for encode_legacy


def _fallback_char(byte: int, codec: str) -> str:
    try:
        return bytes([byte]).decode(codec)
    except UnicodeDecodeError:       # the 5 holes of Windows-1252: keep as C1 controls (junk)
        return chr(byte)


def _build(name: str, spec: dict) -> _Legacy:
    table = {b: _fallback_char(b, spec["fallback"]) for b in range(256)}
    raw_multi: dict[bytes, str] = {}
    inverse: dict[str, bytes] = {}
    mapped = {**spec.get("decode_only", {}), **spec["map"]}
    for key, char in mapped.items():
        seq = bytes.fromhex(key)
        if len(seq) == 1:
            table[seq[0]] = char
        else:
            raw_multi[seq] = char
        if key in spec["map"]:
            inverse.setdefault(char, seq)
    for byte, char in table.items():             # bytes left to the fallback codec
        if f"{byte:02X}" not in mapped:
            inverse.setdefault(char, bytes([byte]))
    multi = {"".join(table[b] for b in seq): char for seq, char in raw_multi.items()}
    if multi and len(set(table.values())) != 256:  # translate-then-match below relies on this
        raise ValueError(f"{name}: byte table is not one-to-one")
    # VNI writers mix cases (upper-case letter with a lower-case mark): accept both, keep the letter's case
    for translated, char in list(multi.items()):
        multi.setdefault(translated[:-1] + translated[-1].swapcase(), char)
    return _Legacy(name, table, multi, _alternation(multi), inverse)


def _alternation(keys: dict[str, str]) -> re.Pattern[str] | None:
    """`ab|ac|ad` as `a[bcd]`: one character class per prefix keeps the regex fast."""
    if not keys:
        return None
    by_prefix: dict[str, set[str]] = {}
    for key in keys:
        by_prefix.setdefault(key[:-1], set()).add(key[-1])
    parts = [re.escape(p) + "[" + "".join(re.escape(c) for c in sorted(last)) + "]"
             for p, last in sorted(by_prefix.items(), key=lambda kv: -len(kv[0]))]
    return re.compile("|".join(parts))


@lru_cache(maxsize=1)
def _tables() -> dict[str, _Legacy]:
    spec = json.loads(_DATA.read_text(encoding="utf-8"))
    return {name: _build(name, spec[name]) for name in LEGACY}


def _decode_legacy(data: bytes, name: str) -> str:
    """Whole-buffer decode: one str.translate, then (VNI) one regex pass over letter+mark pairs.

    The byte table is one-to-one, so matching translated sequences equals matching raw bytes.
    """
    legacy = _tables()[name]
    text = data.decode("latin-1").translate(legacy.table)
    if legacy.pattern is not None:
        multi = legacy.multi
        text = legacy.pattern.sub(lambda m: multi[m.group()], text)
    return text


# --- encoding (for tests and fixtures) -----------------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode NFC `text` as 'tcvn3' | 'vni' | 'viscii' | 'windows-1258' (the inverse of `decode`).

    Approximations: TCVN3 has no upper-case letters with tone marks, so they get the lower-case
    code (as the .VnTimeH capital fonts do); characters an encoding cannot hold become `?`.
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "windows-1258":
        return b"".join(_encode_cp1258(char) for char in text)
    if encoding not in LEGACY:
        raise ValueError(f"not a legacy encoding: {encoding!r}")
    inverse = _tables()[encoding].inverse
    out = []
    for char in text:
        seq = inverse.get(char)
        if seq is None:
            seq = inverse.get(char.lower(), b"?") if encoding == "tcvn3" else b"?"
        out.append(seq)
    return b"".join(out)


def _encode_cp1258(char: str) -> bytes:
    """Windows-1258 holds some toned letters whole; the rest are base letter + combining tone."""
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        pass
    parts = unicodedata.normalize("NFD", char)
    tones = "".join(c for c in parts if c in _TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
    return (base + tones).encode("cp1258", errors="replace")


# --- detection -----------------------------------------------------------------------------------

# Frequent syllables of administrative Vietnamese; all carry diacritics, so they differ per encoding.
_FREQUENT = frozenset("""
của và các có được là để trong những với người này theo không cho một đã về năm ngày tháng
thực hiện tỉnh huyện xã việt đồng chí văn bản quyết định số điều khoản phủ chính nhà nước
cơ quan đơn vị cấp ban hành quản lý công tác báo cáo kế hoạch thời gian trên đến từ nhân dân
tế xây dựng phát triển tổ chức sở thông tin học đề nghị nội dung hội đoàn thể lực lượng phòng
chống dịch bệnh trường hợp sau trước thủ tướng bộ trưởng uỷ ủy phó chủ tịch kính gửi nơi nhận
""".split())

# Vietnamese syllable = onset + vowel cluster + coda, checked with the tone mark stripped
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_RIME = r"""(?:
    iêu|yêu|oai|oay|oao|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|uêu|
    ai|ao|au|ay|âu|ây|eo|êu|ia|iu|iê|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uy|uơ|ưa|ưi|ưu|ươ|ya|yê|
    [aăâeêioôơuưy])"""
_SYLLABLE = re.compile(_ONSET + _RIME + r"(?:ch|ng|nh|[cmnpt])?", re.VERBOSE)
_TOKEN = re.compile(r"[^\W\d_]+")
_PUNCT_OK = frozenset("\u00a0“”‘’–—…•°€«»№")
_CONTROLS = frozenset(chr(c) for c in [*range(32), 127]) - frozenset("\t\n\r\f\v\x1a")
_TEXT_BYTES = bytes(c for c in range(256) if chr(c) not in _CONTROLS)


def untoned(word: str) -> str:
    """Lower case, tone marks off, vowel marks kept: `Tướ` -> `tươ`."""
    parts = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))


@lru_cache(maxsize=65536)
def _is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable: onset, vowel cluster, coda, at most one tone."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = sum(parts.count(t) for t in _TONE_MARKS)
    return tones <= 1 and _SYLLABLE.fullmatch(untoned(word)) is not None


is_syllable = _is_syllable   # public: the scan reader tells a garbled text layer by it


def _is_junk(char: str) -> bool:
    """Control characters, unpaired combining marks and symbols a wrong table leaves behind."""
    if char.isascii():
        return char in _CONTROLS
    return not char.isalpha() and char not in _PUNCT_OK


@dataclass(frozen=True)
class _Score:
    frequent: int  # occurrences of frequent syllables
    good: int      # non-ASCII words that are Vietnamese syllables
    bad: int       # non-ASCII words that are not
    junk: int      # characters for which `_is_junk`
    length: int

    @property
    def value(self) -> int:
        return 2 * self.frequent + self.good - 2 * self.bad - self.junk


def _score(text: str) -> _Score:
    """How Vietnamese a candidate decoding reads. ASCII words are the same in every candidate: skipped."""
    text = unicodedata.normalize("NFC", text)
    frequent = good = bad = 0
    for word, count in Counter(_TOKEN.findall(text)).items():
        if word.isascii():
            continue
        if _is_syllable(word):
            good += count
            frequent += count * (word.lower() in _FREQUENT)
        else:
            bad += count
    junk = sum(count for char, count in Counter(text).items() if _is_junk(char))
    return _Score(frequent, good, bad, junk, len(text))


# `_CONTROLS` and C1 as one class: the regex engine skips the (rare) non-matches in C, where
# counting every character in Python cost ~1 ms per 100 kB read
_CONTROL_RE = re.compile("[" + "".join(sorted(_CONTROLS)) + "\x80-\x9f]")


def _control_share(text: str) -> float:
    """Share of C0/C1 control characters (tab, line ends and DOS end-of-file excepted)."""
    controls = len(_CONTROL_RE.findall(text))
    return controls / max(len(text), 1)


def _control_byte_share(data: bytes) -> float:
    """Like `_control_share` on raw bytes, but 0x80-0x9F are letters or quotes in 8-bit encodings."""
    return len(data.translate(None, _TEXT_BYTES)) / max(len(data), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text is mostly ASCII, so every other byte is NUL; which half says LE or BE."""
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd > 0.25 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.25 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _nearly_utf8(data: bytes) -> str | None:
    """UTF-8 with a stray bad byte or a character cut at the end; 8-bit text is never this close."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return text if wide >= 20 and bad <= wide // 100 + 1 else None


def _decode_8bit(data: bytes, name: str) -> str:
    if name in ("windows-1258", "windows-1252"):
        return data.decode(name, errors="replace")
    text = _decode_legacy(data, name)
    return restore_capitals(text) if name == "tcvn3" else text


_CASED_WORD = re.compile(r"[^\W\d_]+")


def _has_tone(char: str) -> bool:
    return any(m in unicodedata.normalize("NFD", char) for m in _TONE_MARKS)


def restore_capitals(text: str) -> str:
    """TCVN3 has no codes for capitals with a tone mark: the all-caps fonts (.VnTimeH) draw the
    lower-case code as a capital, so `ỦY BAN` decodes as `ủY BAN`, `VĂN BẢN ĐẾN` as `VĂN BảN ĐếN`.
    A word whose other letters are capitals, or that stands among capitals on its line, is a
    capital word: its toned lower-case letters are raised.

    >>> restore_capitals("ủY BAN NHÂN DÂN TỉNH ĐIệN BIÊN\\nVĂN BảN ĐếN\\nCủa tỉnh")
    'ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN\\nVĂN BẢN ĐẾN\\nCủa tỉnh'
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        words = _CASED_WORD.findall(line)
        capitals = sum(1 for w in words if w.isupper() or _capital_but_tones(w))
        all_caps_line = len(words) >= 2 and capitals >= 0.8 * len(words)

        def raised(m: re.Match[str], caps: bool = all_caps_line) -> str:
            return _raise(m.group(0), caps)

        lines[number] = _CASED_WORD.sub(raised, line)
    return "\n".join(lines)


def _capital_but_tones(word: str) -> bool:
    """`ủY`, `BảN`: capitals except toned lower-case letters, at least one capital."""
    return any(c.isupper() for c in word) and all(c.isupper() or _has_tone(c) for c in word if c.isalpha())


def _raise(word: str, all_caps_line: bool) -> str:
    if _capital_but_tones(word) or (all_caps_line and all(c.isupper() or _has_tone(c) for c in word)):
        return word.upper()
    return word


def _sample(data: bytes) -> bytes:
    """Head and middle of a big file: enough words to decide, a bounded cost to score."""
    if len(data) <= _SAMPLE:
        return data
    middle = len(data) // 2
    return data[: _SAMPLE // 2] + b"\n" + data[middle: middle + _SAMPLE // 2]


def _checked(text: str, encoding: str) -> tuple[str, str]:
    share = _control_share(text)
    if share > _MAX_CONTROL:
        raise UndecodableText(f"not text: {share:.0%} control characters as {encoding}")
    return text, encoding


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding) where encoding is one of `ENCODINGS`.

    Order: BOMs; strict UTF-8 (NUL-free); UTF-16 by its NUL pattern; UTF-8 with a stray bad byte;
    otherwise every 8-bit candidate decodes a sample and the one that reads most like Vietnamese
    wins. Raises `UndecodableText` for bytes that are not text (many control bytes, or junk
    whatever the encoding).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    for bom, name in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return _checked(data[2:].decode(name, errors="replace"), name)
    has_nul = b"\x00" in data
    if not has_nul:
        try:
            return _checked(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
    utf16 = _utf16_without_bom(data) if has_nul else None
    if utf16 is not None:
        try:
            return _checked(data.decode(utf16), utf16)
        except (UnicodeDecodeError, UndecodableText):
            pass
    share = _control_byte_share(data)
    if share > _MAX_CONTROL:
        raise UndecodableText(f"not text: {share:.0%} control bytes and no UTF-16 pattern")
    text = _nearly_utf8(data)
    if text is not None:
        return text, "utf-8"

    sample = _sample(data)
    candidates = ("windows-1258", "vni", "tcvn3", "viscii", "windows-1252")
    scores = {name: _score(_decode_8bit(sample, name)) for name in candidates}
    best = max(candidates, key=lambda n: (scores[n].value, -candidates.index(n)))  # ties: earlier
    if scores[best].frequent == 0 and scores["windows-1252"].value >= scores[best].value:
        best = "windows-1252"  # no Vietnamese evidence: Western text
    top = scores[best]
    if top.junk > _MAX_JUNK * max(top.length, 1):
        raise UndecodableText(f"not text: {top.junk} junk characters in {top.length} as {best}")
    return _decode_8bit(data, best), best
