"""Where a document comes from: its province and level, from its issuer (data/levels.json), and
the province that is part of now on the 2025 map.

The 2025 map: 34 provinces from 1 July 2025 (Nghị quyết 202/2025/QH15). The conversion of a
former province to the one it is now part of is `vietnamadminunits`' (PyPI, pinned in
pyproject.toml; its data, `converter_2025.json`, follows the Resolution's list of merged units),
not a table of ours; the 34 names and codes are `vietnam-provinces`'.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ..errors import ToolMissing
from .folding import fold

DATA = Path(__file__).parents[1] / "data"


@lru_cache(maxsize=1)
def _places() -> dict:
    levels = json.loads((DATA / "levels.json").read_text(encoding="utf-8"))
    provinces = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))
    bodies = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for entry in provinces["provinces"] + provinces.get("provinces_2025", []):
        for name in [entry["name"], *entry.get("aliases", [])]:
            names.setdefault(_squeeze(fold(name)), entry["name"])
    # a name as printed: any spacing around its dash (`Bà Rịa-Vũng Tàu`, `Bà Rịa - Vũng Tàu`)
    alternation = "|".join(re.escape(n).replace("\\-", r"\s*-\s*").replace("\\ ", r"\s+")
                           for n in sorted(names, key=len, reverse=True))
    words = {fold(w): level for w, level in levels["place_words"].items()}
    words.update({fold(w): level for w, level in levels["party_committees"].items()})
    word_re = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return {
        "names": names, "words": words, "committees": {fold(w) for w in levels["party_committees"]},
        # on folded text, which keeps the original's length: the original says whether a word is a name
        "place_re": re.compile(rf"(?<![\w])(?P<word>{word_re})\s+(?=\w)"),
        "province_re": re.compile(rf"(?:{alternation})(?![\w])"),
        "central": [fold(n) for n in levels["central"]] + [fold(b["name"]) for b in bodies["central"]],
        "ministry": [fold(n) for n in levels["ministry"]] + [fold(b["name"]) for b in bodies["ministries"]],
        "order": levels["levels"],
    }


def _squeeze(s: str) -> str:
    return re.sub(r"\s*-\s*", "-", " ".join(s.split()))


def province_name(name: str | None) -> str | None:
    """The province (as provinces.json names it) that `name` is, or None.

    >>> province_name("TP. Hồ Chí Minh"), province_name("Bà Rịa-Vũng Tàu"), province_name("Ý Yên")
    ('Hồ Chí Minh', 'Bà Rịa - Vũng Tàu', None)
    """
    if not name:
        return None
    key = _squeeze(fold(name))
    return _places()["names"].get(key) or _dashless_provinces().get(key)


@lru_cache(maxsize=1)
def _dashless_provinces() -> dict[str, str]:
    """The province names with their dash dropped (`ba ria vung tau`): a folded body name loses it."""
    return {key.replace("-", " "): name for key, name in _places()["names"].items() if "-" in key}


def place_of(issuer: str | None, parent_issuer: str | None = None, place: str | None = None) -> tuple[str | None, str | None]:
    """(province, level) of a document from its issuer, its superior and its place line
    (data/levels.json). The lowest unit named sets the level; a province named anywhere, or a
    place line that is a province, sets the province.

    >>> place_of("Ủy ban nhân dân huyện Mường Chà, tỉnh Điện Biên")
    ('Điện Biên', 'district')
    >>> place_of("Thủ tướng Chính phủ")
    (None, 'central')
    """
    if not issuer and not parent_issuer:
        return None, None
    tables = _places()
    text = " , ".join(n for n in (issuer, parent_issuer) if n)
    folded = fold(text)
    levels, province = [], None
    for match in tables["place_re"].finditer(folded):
        word = match.group("word")
        is_committee = word in tables["committees"]
        if not text[match.end()].isupper() or (not is_committee and not text[match.start()].islower()):
            continue  # `Bộ Lao động - Thương binh và Xã hội`, `các xã`
        level = tables["words"][word]
        named = tables["province_re"].match(folded, match.end())
        if named and re.match(r"[ ]+\w", text[named.end():]) and text[named.end():].lstrip()[:1].isupper():
            named = None  # the name goes on: `thành phố Điện Biên Phủ`
        if named and level == "province":
            province = province or tables["names"][_squeeze(named.group(0))]
        elif level == "province":
            level = "district"   # `thành phố Điện Biên Phủ`, `Thành ủy Điện Biên Phủ`
        levels.append(level)
    if province is None:
        province = province_name(place)
    if levels:
        return province, max(levels, key=tables["order"].index)
    head = fold(issuer or parent_issuer or "")
    if head.startswith("bo chinh tri"):
        return None, "central"
    if any(head.startswith(name) for name in tables["ministry"]):
        return None, "ministry"
    if any(head.startswith(name) or f" {name}" in head for name in tables["central"]):
        return None, "central"
    return (province, "province") if province else (None, None)


@lru_cache(maxsize=128)
def current_province(province: str | None) -> str | None:
    """The province `province` (as `place_of` names it, before or after 2025) is part of now.

    >>> current_province("Bình Thuận"), current_province("Lâm Đồng"), current_province("Thừa Thiên Huế")
    ('Lâm Đồng', 'Lâm Đồng', 'Huế')
    """
    if not province:
        return None
    merged = _merged_2025().get(province)
    if merged is not None:   # provinces.json says it (and agrees with the package: tests/test_store.py)
        return merged
    unit = _convert_2025(province)
    return unit.short_province if unit is not None and unit.short_province else province


@lru_cache(maxsize=1)
def _merged_2025() -> dict[str, str]:
    """Each province of provinces.json, before or after 2025, to the province it is part of now:
    read from the table, which costs nothing, where vietnamadminunits takes 3 ms a name."""
    provinces = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))
    merged = {entry["name"]: entry["since_2025_07_01"] for entry in provinces["provinces"]}
    merged.update({entry["name"]: entry["name"] for entry in provinces.get("provinces_2025", [])})
    return merged


@lru_cache(maxsize=128)
def province_location(province: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of a current province's seat, to place coverage on a map."""
    unit = _convert_2025(province) if province else None
    return (unit.latitude, unit.longitude) if unit is not None and unit.latitude is not None else None


def _convert_2025(province: str):
    try:
        from vietnamadminunits import convert_address
    except ImportError as error:   # a dependency of congvan: a broken install, not bad input
        raise ToolMissing("vietnamadminunits", "vietnamadminunits",
                          fix="pip install -e . (it converts pre-2025 provinces)") from error
    try:
        return convert_address(province)
    except Exception:   # a name the package does not know: the province stays as printed
        return None
