"""Encoding detection for plain-text Vietnamese: Unicode forms, Windows-1258, TCVN3, VNI, VISCII."""
from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from pipeline.read.encodings import UndecodableText, decode, encode_legacy

SEED = Path(__file__).resolve().parent.parent / "corpora" / "seeds" / "004_1f0ab3f4da2a20c2.txt"
TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LOWER = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES] + list("ăâêôơưđ")
UPPER = [c.upper() for c in LOWER]
assert len(set(LOWER + UPPER)) == 134
# a letter alone is not enough to detect an encoding: put it at the end of an ordinary sentence
CARRIER = "công văn của ủy ban nhân dân tỉnh về việc thực hiện các nhiệm vụ trong năm: "


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(("encoding", "letters", "fold"), [
    ("windows-1258", LOWER + UPPER, False),
    ("vni", LOWER + UPPER, False),
    ("viscii", LOWER + UPPER, False),
    ("tcvn3", LOWER + list("ĂÂÊÔƠƯĐ"), False),
    ("tcvn3", UPPER, True),  # no capitals with tone marks: written with the lower-case code
])
def test_every_letter_round_trips(encoding: str, letters: list[str], fold: bool) -> None:
    wrong = []
    for letter in letters:
        text, found = decode(encode_legacy(CARRIER + letter, encoding))
        fix = str.casefold if fold else str
        if (fix(nfc(text)), found) != (fix(CARRIER + letter), encoding):
            wrong.append((letter, nfc(text)[-1:], found))
    assert not wrong


VARIANTS = {  # name: (encode, expected encoding, compare case-folded)
    "utf-8": (lambda t: t.encode("utf-8"), "utf-8", False),
    "utf-8 BOM": (lambda t: t.encode("utf-8-sig"), "utf-8-sig", False),
    "utf-16 BOM": (lambda t: t.encode("utf-16"), "utf-16-le", False),
    "utf-16-be BOM": (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16-be", False),
    "utf-16-le no BOM": (lambda t: t.encode("utf-16-le"), "utf-16-le", False),
    "utf-16-be no BOM": (lambda t: t.encode("utf-16-be"), "utf-16-be", False),
    "NFD utf-8": (lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "utf-8", False),
    "windows-1258": (lambda t: encode_legacy(t, "windows-1258"), "windows-1258", False),
    "tcvn3": (lambda t: encode_legacy(t, "tcvn3"), "tcvn3", True),
    "vni": (lambda t: encode_legacy(t, "vni"), "vni", False),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_seed_document(seed: str, variant: str) -> None:
    encode, expected, fold = VARIANTS[variant]
    text, found = decode(encode(seed))
    assert found == expected
    if fold:
        assert nfc(text).casefold() == seed.casefold()
    else:
        assert nfc(text) == seed


def test_seed_document_viscii(seed: str) -> None:
    # VISCII has no curly quotes: they come back as '?'
    text, found = decode(encode_legacy(seed, "viscii"))
    assert found == "viscii"
    assert nfc(text) == seed.replace("“", "?").replace("”", "?").replace("–", "?")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("start", [0, 3000, 7000, 11000])
def test_short_paragraph(seed: str, variant: str, start: int) -> None:
    snippet = seed[start:start + 200]
    encode, expected, fold = VARIANTS[variant]
    text, found = decode(encode(snippet))
    assert found == expected
    if fold:
        assert nfc(text).casefold() == snippet.casefold()
    else:
        assert nfc(text) == snippet


def test_random_bytes_are_not_text() -> None:
    with pytest.raises(UndecodableText, match="control"):
        decode(random.Random(0).randbytes(4096))


@pytest.mark.parametrize(("data", "expected"), [
    (b"", ("", "utf-8")),
    (b"Please find attached the report for 2021.\n", ("Please find attached the report for 2021.\n", "utf-8")),
    ("Café, naïve “quotes”".encode("cp1252"), ("Café, naïve “quotes”", "windows-1252")),
])
def test_small_inputs(data: bytes, expected: tuple[str, str]) -> None:
    assert decode(data) == expected


def test_tcvn3_capitals_use_lower_case_codes() -> None:
    assert encode_legacy("ĐIỆN BIÊN", "tcvn3") == encode_legacy("ĐIệN BIÊN", "tcvn3") == b"\xa7I\xd6N BI\xa3N"


def test_vni_accepts_mixed_case_marks() -> None:
    # an upper-case letter followed by a lower-case mark keeps the letter's case
    head = encode_legacy("Thực hiện nhiệm vụ của tỉnh ", "vni")
    assert decode(head + b"VE\xe4")[0].endswith("VỆ")
    assert decode(head + b"Ve\xc4")[0].endswith("Vệ")


def test_utf8_with_a_stray_byte_stays_utf8(seed: str) -> None:
    data = seed.encode("utf-8")
    text, found = decode(data[:5000] + b"\x93" + data[5000:] + "ệ".encode()[:2])  # stray byte, cut letter
    assert found == "utf-8"
    assert text.count("\ufffd") == 2
