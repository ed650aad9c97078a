"""Join page texts and mark running headers, footers and page numbers for removal.

A line is page furniture when it stands among the first or last lines of a page and either is a
bare page number (`2`, `- 2 -`, `Trang 2`, `2/5`) or repeats, digits aside, on at least half the
pages (`CÔNG BÁO/Số 123 + 124/Ngày 15-02-2022`). The national motto is never furniture: a PDF
that binds several documents starts many pages with it. Nor are an item of a list (`- Lưu: VT,
Cục BTTP.`), a person's name (`Mai Lương Khôi`) and a signer's post (`CHỦ TỊCH`, `TM. ỦY BAN
NHÂN DÂN`): two letters bound in one PDF and signed by one hand end alike (a tờ trình and the
draft resolution it carries both close with `CHỦ TỊCH`), and two pages are half of four. Nor is
an issuer's line in capitals (`ỦY BAN NHÂN DÂN` / `TỈNH NINH THUẬN`): a decision and its annex both
open with it.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .base import Extracted
from .letters import SIGNING_PREFIXES

DATA = Path(__file__).resolve().parents[1] / "data"
EDGE_LINES = 3
# One `\s*` per gap, each optional part carrying its own: two `\s*` side by side around an absent
# part would backtrack cubically on a line of spaces that is not a page number.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–(]\s*)?(?:(?:trang|page)\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–)])?\s*$", re.IGNORECASE
)
_PROTECTED = re.compile(r"cộng hòa|cộng hoà|độc lập|đảng cộng sản|^\s*[-+•]\s*[^\W\d_]", re.IGNORECASE)


_NAME = re.compile(r"(?:[^\W\d_][^\W\d_A-ZĐ]*[ ]){1,4}[^\W\d_][^\W\d_A-ZĐ]*")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(json.loads((DATA / "people.json").read_text(encoding="utf-8"))["surnames"])


def _is_name(line: str) -> bool:
    """A signer's name: two to five capitalised syllables, the first a Vietnamese family name."""
    words = " ".join(line.split())
    return bool(_NAME.fullmatch(words)) and words.split()[0] in _surnames() and words.istitle()


@lru_cache(maxsize=1)
def _posts() -> frozenset[str]:
    posts = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))["posts"]
    return frozenset(post.casefold() for post in posts)


_SIGNING_PREFIX = re.compile(rf"^\s*(?:{SIGNING_PREFIXES})\s*[.;]")


def _is_post(line: str) -> bool:
    """A line of the signature block: a signing prefix (`TM. ỦY BAN NHÂN DÂN`) or a post in capitals
    (`CHỦ TỊCH`, `PHÓ GIÁM ĐỐC`)."""
    words = " ".join(line.split())
    return bool(_SIGNING_PREFIX.match(words)) or (words.isupper() and words.casefold() in _posts())


@lru_cache(maxsize=1)
def _issuer_heads() -> re.Pattern:
    """The words that open a body's name in a header (`bodies.json`: heads, place kinds, abbreviations)."""
    bodies = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    words = [h["name"] for h in bodies["heads"]] + bodies["place_kinds"] + [a["short"] for a in bodies["abbreviations"]]
    words = sorted({" ".join(w.casefold().split()) for w in words}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(re.escape(w) for w in words)})(?![^\W\d_])")


def _is_issuer(line: str) -> bool:
    """A line of an issuer's name in a header, in capitals (`ỦY BAN NHÂN DÂN`, `TỈNH NINH THUẬN`): a
    decision and the annex bound after it both open with it, on two pages of three, and it is the
    decision's issuer, never furniture."""
    words = " ".join(line.split())
    return words.isupper() and _issuer_heads().match(words.casefold()) is not None


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def join_pages(texts: list[str], ocr_pages: list[int] | None = None, **kwargs) -> Extracted:
    """One `Extracted` from page texts, pages separated by a form feed, furniture marked in `drop`."""
    raw_parts, pages, edges = [], [], []
    offset = 0
    for text in texts:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
        pages.append((offset, offset + len(text)))
        nonblank = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
        edge = nonblank[:EDGE_LINES] + nonblank[-EDGE_LINES:] if len(nonblank) > 2 * EDGE_LINES else nonblank
        edges.append([(offset + s, offset + e, text[s:e]) for s, e in dict.fromkeys(edge)])
        raw_parts.append(text)
        offset += len(text) + 2
    raw = "\n\f".join(raw_parts)

    repeats = Counter(key for page in edges for key in {_key(line) for _, _, line in page})
    threshold = max(2, (len(texts) + 1) // 2)
    drop = []
    for page in edges:
        for start, end, line in page:
            if _PROTECTED.search(line) or _is_name(line) or _is_post(line) or _is_issuer(line):
                continue
            if _PAGE_NUMBER.match(line) or (len(texts) >= 2 and repeats[_key(line)] >= threshold):
                drop.append((start, end))
    return Extracted(raw=raw, pages=pages, drop=sorted(drop), ocr_pages=ocr_pages or [], **kwargs)
