"""Names from the project's tables alone: bodies (`data/bodies.json`) and places (`data/provinces.json`).

This is the baseline the trained NER is measured against: a body is an ORG when the tables name it
(`Thủ tướng Chính phủ`, `Bộ Nội vụ`, `Sở Tư pháp`, `Ủy ban nhân dân`/`UBND`, `Tỉnh ủy`), with the
place that follows it (`UBND tỉnh Điện Biên`, `Sở Nội vụ tỉnh`); a province or city is a LOC
(`tỉnh Lạng Sơn` gives `Lạng Sơn`). It knows no people and no body the tables do not list.
A class of bodies (`UBND các huyện`, `UBND cấp xã`) names no one body and is left out.

>>> [(e.text, e.label) for e in find_entities("Giao Sở Nội vụ tỉnh Điện Biên báo cáo Thủ tướng Chính phủ.")]
[('Sở Nội vụ tỉnh Điện Biên', 'ORG'), ('Thủ tướng Chính phủ', 'ORG')]
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..extract.patterns import word_alternation

DATA = Path(__file__).resolve().parents[1] / "data"
PLACE_KINDS = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu")
# Party committees and other heads that are a whole body's name with the place after them.
COMMITTEES = ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Đảng bộ")
# A class of bodies, not one: `UBND các huyện`, `Sở Nội vụ các tỉnh`, `UBND cấp xã`.
GENERIC_AFTER = re.compile(r"\s+(?:các|những|cấp|mỗi|từng)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Entity:
    """One name in a text: `text == source[start:end]`; `label` is ORG, PER or LOC."""

    start: int
    end: int
    label: str
    text: str


class Taken:
    """Disjoint spans kept in order, so that whether a new span overlaps one is a bisection, not a
    scan: a text with tens of thousands of names stays linear (the overlap test over a plain list
    was quadratic: 53 s for `Trường Sa, Trường ` repeated 30,000 times)."""

    def __init__(self, spans=()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) meets a kept span. The spans are disjoint and sorted, so only the last
        one that starts before `end` can reach past `start`."""
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> bool:
        """Keep [start, end) unless it overlaps a kept span; whether it was kept."""
        if self.overlaps(start, end):
            return False
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return True


@cache
def table(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def name_pattern(name: str) -> str:
    """A name as a pattern: a space matches any run of spaces or a line break, and a dash between
    words however it is spaced (`Lao động - Thương binh`, `Lao động -Thương binh`, `Lao động-Thương binh`)."""
    return re.escape(name).replace(r"\ \-\ ", r"\s*[-–]\s*").replace(r"\ ", r"\s+")


def name_forms(names) -> list[str]:
    """The names each once, longest first: the order an alternation tries them."""
    return sorted(set(names), key=len, reverse=True)


def alternation(names) -> str:
    """The names as one alternation of `name_pattern`s, longest first."""
    return "|".join(map(name_pattern, name_forms(names)))


def whole_name(names) -> str:
    r"""`(?<![\w/-])(?i:{alternation(names)})`, the same matches, quick to scan for (`word_alternation`)."""
    return word_alternation(name_forms(names), name_pattern, before=r"[\w/-]", ignorecase=True)


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    t = table("provinces.json")
    names = set()
    for p in t["provinces"] + t["provinces_2025"]:
        names.add(p["name"])
        names.update(p.get("aliases", ()))
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def body_names() -> tuple[str, ...]:
    """Every body the tables name in full, and the abbreviations that stand for one (`UBND`)."""
    t = table("bodies.json")
    heads = [h["name"] for h in t["heads"]
             if (h.get("needs_place") or h["scope"] == "central") and " " in h["name"]]  # not a bare `Sở`
    names = heads + [c["name"] for c in t["central"]] + [m["name"] for m in t["ministries"]]
    names += [d["name"] for d in t["departments"]] + list(COMMITTEES)
    full = set(names)
    names += [a["short"] for a in t["abbreviations"] if a["full"] in full and a["short"].isupper()]
    return tuple(sorted(set(names), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    kinds = alternation(PLACE_KINDS + ("TP.", "TP"))
    places = alternation(province_names())
    org = re.compile(
        rf"(?:{whole_name(body_names())})"
        rf"(?:\s+(?:{kinds})(?:\s+(?:{places}))?(?![\w]))?(?![\w/-])", re.IGNORECASE)
    loc = re.compile(rf"(?<![\w/-])(?:(?P<kind>{kinds})\s+)?(?P<name>{places})(?![\w/-])", re.IGNORECASE)
    return org, loc


def _proper(text: str) -> bool:
    """Written as a name: a capital first letter (`Sở`, not the `sở` of `sở, ban, ngành`)."""
    return text[:1].isupper()


def find_entities(text: str) -> list[Entity]:
    """ORG and LOC names the tables know, in text order, none overlapping (a body's own place is
    inside the ORG)."""
    org, loc = _patterns()
    found: list[Entity] = []
    taken = Taken()
    for m in org.finditer(text):
        if not _proper(m.group()) or GENERIC_AFTER.match(text, m.end()):
            continue
        found.append(Entity(m.start(), m.end(), "ORG", m.group()))
        taken.add(m.start(), m.end())
    for m in loc.finditer(text):
        start, end = m.span("name")
        if not _proper(m.group("name")) or taken.overlaps(start, end):
            continue
        found.append(Entity(start, end, "LOC", m.group("name")))
    return sorted(found, key=lambda e: e.start)
