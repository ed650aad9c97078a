"""Who owes a deadline, keyed for comparison (issue 19; `pipeline.closure` builds tasks on these):
a body's name folded to one key whatever its wording, and the rows that index deadlines and
documents by those keys.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from .folding import fold
from .places import DATA, province_name


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[re.Pattern, str], ...]:
    table = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))["abbreviations"]
    pairs = sorted(((a["short"], a["full"]) for a in table if a["short"] not in ("TP.", "TP", "Tp.")),
                   key=lambda pair: -len(pair[0]))
    return tuple((re.compile(rf"(?<![\w&]){re.escape(short)}(?![\w&])"), full) for short, full in pairs)


def written_out(name: str) -> str:
    """A body's name with its abbreviations written out (`UBND` -> `Ủy ban nhân dân`), `TP.` kept."""
    for pattern, full in _abbreviations():
        name = pattern.sub(full, name)
    return name


# A post before a body names the body (`Giám đốc Sở Tài chính`, `Chủ tịch UBND huyện`).
_POSTS = re.compile(r"^(?:(?:pho\s+)?(?:giam doc|chu tich|thu truong|truong ban|chanh van phong)\s+)+")
_PROVINCE_TAIL = re.compile(r"\s(?:tinh|thanh pho|tp)(?:\s(?P<name>[\w\s-]+))?$")


@lru_cache(maxsize=65536)
def body_key(name: str | None) -> str:
    """A body's name folded for comparison: abbreviations written out, no diacritics, no
    punctuation, no post before it, and no province after it (`Sở Tài chính tỉnh Lâm Đồng` and
    `Sở Tài chính` are one key; the province is compared apart, `closure.same_province`).

    >>> body_key("UBND huyện Đức Trọng, tỉnh Lâm Đồng"), body_key("Giám đốc Sở Tài chính tỉnh Lâm Đồng")
    ('uy ban nhan dan huyen duc trong', 'so tai chinh')
    >>> body_key("Sở Y tế tỉnh Bà Rịa - Vũng Tàu")
    'so y te'
    """
    if not name:
        return ""
    key = " ".join(re.sub(r"[^\w\s-]|(?<!\w)-|-(?!\w)", " ", fold(written_out(name))).split())
    key = _POSTS.sub("", key)
    tail = _PROVINCE_TAIL.search(key)
    # a trailing name that is no province stays (`UBND huyện Đức Trọng`, `thành phố Đà Lạt`)
    group = re.search(r"(?:^|\s)cac\s", key)   # `các huyện, thành phố`: the kinds of a group, not a place
    if tail and not group and (tail.group("name") is None or province_name(tail.group("name"))):
        key = key[:tail.start()]
    return key.strip()


def deadline_owner(deadline: dict) -> str | None:
    """The body a deadline's task belongs to: the body that leads it (`Giao Sở Nội vụ chủ trì, phối
    hợp với ...`: the extractor's `lead`) when the record gives one, else its `actor` (which may then
    name the supporting bodies too)."""
    for name in ("lead", "actor"):
        if isinstance(deadline.get(name), str) and deadline[name].strip():
            return deadline[name]
    return None


def owner_columns(deadline: dict) -> tuple[str | None, str | None]:
    """The `owner` and `owner_key` columns of a deadline's row."""
    owner = deadline_owner(deadline)
    return owner, body_key(owner) or None


def named_bodies(document_id: int, document: dict) -> list[tuple[int, str, str]]:
    """The `bodies` rows of a document: its issuer and each of its `Kính gửi` entries, by key."""
    recipients = document.get("recipients")
    names = [("issuer", document.get("issuer"))] + [
        ("recipient", name) for name in (recipients if isinstance(recipients, list) else ())]
    found = {(role, body_key(name)) for role, name in names if isinstance(name, str)}
    return [(document_id, role, key) for role, key in sorted(found) if key]
