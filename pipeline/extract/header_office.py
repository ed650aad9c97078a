"""Who signs for the Government when a seal hides the name: the Prime Minister or the deputy in
office on the document's day.

On a scanned công điện the round seal lies over the signer's name and often over the head of the
post: OCR reads `THỦ TƯỚNG` and nothing below it, or `TƯỚNG` / `Minh Chính`, or `Ngấyên Hòa Bình`
under a `KT. THỦ TƯỚNG` it could not read. Who held those posts on a given day is public record
(people.json `office_holders`), so what is left leaves one person:

- the last two syllables of a holder's name (marks aside, which OCR guesses under a seal), read
  alone on a line of the closing block, give that holder and the post they held;
- failing that, the head's post read whole, with no `KT.`, gives the head in office that day.

Only for documents of the bodies the table knows, dated within the days it was checked for; a
name read whole, or a signer the block already gives in full, is left as it is.
"""
from __future__ import annotations

import re
from functools import cache

from pipeline.extract.codes import Code
from pipeline.extract.header_facts import Fact, Signer
from pipeline.extract.header_patterns import _table, name_tail
from pipeline.read.letters import fold

REACH = 2_500   # how far past the nơi nhận (or the start of the last page or so) the closing block may run

# a line that is a name and nothing else: capitalised words, maybe after a stroke read as a letter or two
_NAME_ONLY_LINE = re.compile(r"(?m)^[ \t|*]*(?:\S{1,2}[ \t]+)?(?P<name>[^\W\d_]+(?:[ \t]+[^\W\d_]+){1,3})[ \t|*.]*$")


@cache
def _office() -> dict:
    return _table("people.json")["office_holders"]


def _ours(issuer: Fact | None, code: Code | None) -> bool:
    table = _office()
    if issuer is not None:
        return issuer.value in table["bodies"]
    return code is not None and any(c in table["issuer_codes"] for c in code.issuer_codes)


def _in_office(day: str) -> list[dict]:
    return [h for h in _office()["holders"] if h["from"] <= day and (h["to"] is None or day < h["to"])]


def _named_in_block(s: str, start: int, holders: list[dict]) -> tuple[dict, re.Match] | None:
    """The one holder whose name's last two syllables a line of the block reads alone."""
    found: dict[str, tuple[dict, re.Match]] = {}
    for m in _NAME_ONLY_LINE.finditer(s, start, min(len(s), start + REACH)):
        read = fold(m.group("name")).split()
        if not m.group("name")[0].isupper():
            continue
        for holder in holders:
            if " ".join(read[-2:]) == name_tail(holder["name"]) and len(read) <= len(holder["name"].split()):
                found.setdefault(holder["name"], (holder, m))
    return next(iter(found.values())) if len(found) == 1 else None


def office_signer(s: str, signer: Signer | None, issuer: Fact | None, code: Code | None, date: Fact | None,
                  start: int) -> Signer | None:
    """The signer, with the name (and post) a seal hid filled in from the office holders' table;
    `start` is where the closing block may begin (the nơi nhận, else the end of the body)."""
    if date is None or not isinstance(date.value, str) or not _ours(issuer, code):
        return signer
    day, table = date.value[:10], _office()
    if len(day) < 10 or not table["known_from"] <= day <= table["known_until"]:
        return signer
    surnames = set(_table("people.json")["surnames"])
    if signer is not None and signer.name is not None and signer.name.value.split()[0] in surnames:
        return signer   # a name read whole
    signer = signer or Signer(authority=None, title=None, name=None, prefixes=())
    holders = _in_office(day)
    named = _named_in_block(s, start, holders)
    if named is not None:
        holder, m = named
        at, end = m.start("name"), m.end("name")
        title = signer.title if signer.title is not None and signer.title.value == holder["post"] else \
            Fact(holder["post"], at, end, s[at:end])
        authority = signer.authority
        if holder["post"] == table["deputy"] and authority is None:
            authority = Fact("KT.", at, at, "")
        return Signer(authority=authority, title=title, name=Fact(holder["name"], at, end, s[at:end]),
                      prefixes=signer.prefixes)
    head_read = signer.title
    if head_read is None or head_read.value != table["head"] or signer.authority is not None:
        return signer
    heads = [h for h in holders if h["post"] == table["head"]]
    if len(heads) != 1:
        return signer
    return Signer(authority=None, title=head_read, name=Fact(heads[0]["name"], head_read.start, head_read.end, head_read.text),
                  prefixes=signer.prefixes)
