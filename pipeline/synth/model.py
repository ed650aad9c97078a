"""What the synthetic archive is made of: the vocabulary tables, issuing bodies (`Unit`), the
documents later ones cite (`Cited`), a planned document (`Plan`) and the keys the store gives
them. Shared by the generator (`generate.py`) and the writer of texts (`render.py`).
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
RELATION_RANK = {"based_on": 2, "implements": 1, "mentions": 0}
FORMATS = ("txt", "docx", "pdf")
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PARTY_MOTTO = ("ĐẢNG CỘNG SẢN VIỆT NAM",)


# ----------------------------------------------------------------------------------------------
# Tables


@lru_cache(maxsize=1)
def tables() -> dict:
    synth = json.loads((DATA / "synth.json").read_text(encoding="utf-8"))
    provinces = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))["provinces"]
    bodies = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    return {
        **synth,
        "provinces": [(p["name"], p["kind"]) for p in provinces],
        "ministries": {b["code"]: b["name"] for b in bodies["ministries"] if "since" not in b},  # dates end 2025
        "departments": {b["code"]: b["name"] for b in bodies["departments"]},
        "central_weights": [c["weight"] for c in synth["central"]],
        "province_names": {fold(p["name"]) for p in provinces},
    }


def fold(text: str) -> str:
    """Lower case, no diacritics, `đ` -> `d`: for file names and name comparisons."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


@lru_cache(maxsize=16384)
def slug(text: str) -> str:
    """`Bà Rịa - Vũng Tàu` -> `ba-ria-vung-tau`: folder and file names."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def code_slug(code: str) -> str:
    """`1234/KH-UBND` -> `1234-kh-ubnd`, `30/2020/NĐ-CP` -> `30-2020-nd-cp`."""
    plain = code.lower().replace("đ", "d")
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") if plain.isascii() else slug(code)


@lru_cache(maxsize=256)
def title_key(kind: str, name: str) -> str:
    """The key the citation extractor gives an un-numbered document (`title:luat ...`)."""
    return "title:" + " ".join(re.sub(r"[^\w]+", " ", fold(f"{kind} {name}")).split())


def long_date(day: dt.date) -> str:
    """`ngày 05 tháng 8 năm 2021` as a date line writes it (months 1 and 2 with a zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date, rng: random.Random) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if rng.random() < 0.4 else f"{day.day}/{day.month}/{day.year}"


def cited_date(day: dt.date, rng: random.Random) -> str:
    return long_date(day) if rng.random() < 0.5 else "ngày " + short_date(day, rng)


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----------------------------------------------------------------------------------------------
# Issuers and the documents they cite


@dataclass(frozen=True)
class Unit:
    """An issuing body: how its header prints it, its full name, how others cite it."""

    level: str                 # central, ministry, province, department, district, commune
    issuer: str                # the full name, as the record gives it
    names: tuple[str, ...]     # how a citation names it (`UBND tỉnh Điện Biên`, ...)
    header: tuple[str, ...]    # the issuer block as printed
    parent_issuer: str | None
    place: str                 # of the place and date line
    suffix: str                # of the document code: UBND, BTTTT, TU, HU, STTTT
    party: bool
    province: str | None
    folder: str
    area: str                  # `tỉnh Điện Biên`, `huyện Tân Phú`
    short: str                 # how the document names its own body: `UBND tỉnh`, `Sở`


@dataclass(frozen=True)
class Cited:
    """A generated document as later documents cite it."""

    type: str
    code: str
    date: dt.date
    issuer: str
    names: tuple[str, ...]
    about: str
    key: str
    level: str


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """As the store keys codes and issuers: no diacritics, `đ` -> `D`, letters and digits only,
    upper case (`extract.references._code_key`)."""
    return re.sub(r"[^0-9A-Z]", "", fold(text).upper())


def identity(code: str, issuer: str, year: int, central: bool) -> str:
    """The key `extract.references.document_key` gives a document, without parsing its code
    again (the generator knows which codes are central: they stand alone; local ones add the
    issuer and the year). The tests check the two agree."""
    plain = code.upper().replace("Đ", "D")
    squashed = re.sub(r"[^0-9A-Z]", "", plain) if plain.isascii() else squash(code)   # codes are unique: no cache
    key = re.sub(r"^0+(?=\d)", "", squashed)
    return key if central else f"{key}@{squash(issuer)}@{year}"


def make_cited(unit: Unit, kind: str, code: str, date: dt.date, about: str) -> Cited:
    key = identity(code, unit.issuer, date.year, unit.level in ("central", "ministry"))
    return Cited(kind, code, date, unit.issuer, unit.names, about, key, unit.level)


@dataclass
class Plan:
    """A document to write: who, what, when, and what it carries out."""

    unit: Unit
    type: str
    code: str
    date: dt.date
    topic: dict
    parent: Cited | None = None         # the document it carries out
    also: tuple[Cited, ...] = ()        # further documents it carries out (central directive, ministry plan)
    central: Cited | None = None        # the chain's head, named in the tasks
    earlier: Cited | None = None        # an earlier document of the same province, mentioned
    central_spec: dict | None = None

    def carried_out(self) -> Cited:
        """`parent`, for a document below the centre (each carries one out)."""
        if self.parent is None:
            raise ValueError(f"{self.code}: a central document carries out no other")
        return self.parent

    def head(self) -> Cited:
        """`central`, the chain's head, for a document below the centre."""
        if self.central is None:
            raise ValueError(f"{self.code}: a central document heads its own chain")
        return self.central


# ----------------------------------------------------------------------------------------------
# Randomness


class FastRandom(random.Random):
    """`random.Random` with `choice`, `sample` and `randint` built on `random()`: three times
    faster than the stdlib's (bit-exact rejection sampling), which matters at a million
    documents; just as deterministic."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def sample(self, population, k: int, **_):
        pool = list(population)
        n = len(pool)
        if not 0 <= k <= n:
            raise ValueError("sample larger than population")
        for i in range(k):
            j = i + int(self.random() * (n - i))
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]
