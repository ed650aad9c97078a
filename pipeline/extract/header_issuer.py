"""Who issues the document: the names of bodies, and the issuer and its superior read from the header.

Names: abbreviations written out (`UBND TỈNH` -> `ỦY BAN NHÂN DÂN TỈNH`), an upper-case name in the
case Vietnamese writes it (`proper_case`), a body's head, scope and place (`_body`). The issuer: the
upper-case lines at the top of the left column, split into bodies, the last one the issuer and the
one above it its superior, composed into one name (`_compose`: a dependent body takes its superior's
whole name, a local one its superior's place); when the header names no body, the body that speaks
in the first paragraphs (`_infer_issuer`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.header_facts import Fact, _fact
from pipeline.extract.header_patterns import (
    _canonical_re,
    _head_scope,
    _is_upper_text,
    _needs_place,
    _patterns,
    _table,
    province_kinds,
)
from pipeline.read.letters import UPPER

# ---------------------------------------------------------------------------------------------
# Names


def _expand(upper: str) -> str:
    """Abbreviations in an upper-case header written out: `UBND TỈNH` -> `ỦY BAN NHÂN DÂN TỈNH`."""
    table = {a["short"].upper(): a["full"].upper() for a in _table("bodies.json")["abbreviations"]}
    upper = _OCR_PLACE_KINDS.sub(lambda m: "TỈNH" if m.group(0)[0] == "T" else "HUYỆN", upper)
    return _patterns()["abbreviation"].sub(lambda m: table[m.group(0)], upper)


# OCR bends the accents of the place kinds in an upper-case header (`TĨNH ĐIỆN BIÊN`); after a
# place kind the word is a name (`XÃ TỊNH THUẬN`, `HUYỆN SƠN TỊNH` is not a kind at all).
_OCR_PLACE_KINDS = re.compile(r"(?<![\w])(?<!XÃ )(?<!PHƯỜNG )(?<!TRẤN )(?<!HUYỆN )(?<!QUẬN )(?<!PHỐ )(?<!KHU )"
                              rf"(?:T[ĨÍÌIỊ]NH|HUY[ÊỄẾỀE]N)(?=\s+[{UPPER}])")


_ROMAN = re.compile(r"^[IVXLC]+$")


def proper_case(name: str) -> str:
    """An upper-case body name in the case Vietnamese writes it.

    >>> proper_case("ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN")
    'Ủy ban nhân dân tỉnh Điện Biên'
    >>> proper_case("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    'Bộ Lao động - Thương binh và Xã hội'
    """
    name = " ".join(name.split())
    if not name:
        return name
    if any(c.islower() for c in name):
        return name[0].upper() + name[1:]
    lower = name.lower()
    out = lower[0].upper() + lower[1:]
    pattern, canonical = _canonical_re()
    out = pattern.sub(lambda m: canonical.get(m.group(0).lower(), m.group(0)), out)
    out = out[0].upper() + out[1:]
    # places: every word after a place kind, or after a Party committee, is a proper name
    kinds = "|".join(re.escape(k) for k in sorted(_table("bodies.json")["place_kinds"], key=len, reverse=True))
    out = re.sub(
        rf"(?<![\w])(?<!và )({kinds}|Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy)((?:\s+[\w.'-]+)+)$",
        lambda m: m.group(1) + re.sub(r"(?<![\w])(\w)", lambda w: w.group(1).upper(), m.group(2)),
        out,
    )
    # a head with a free name after it (`Sở nội vụ`, `Ủy ban văn hóa`): capitalise that name,
    # unless a longer known name starts there (`Ủy ban nhân dân`)
    known = pattern.match(out)
    head = re.match(r"^(Sở|Bộ|Tổng cục|Cục|Chi cục|Vụ|Ủy ban|Ban|Tiểu ban|Trung tâm|Phòng|Hiệp hội)\s+(\w)", out)
    if head and (known is None or known.end() <= len(head.group(1))):
        out = f"{head.group(1)} {head.group(2).upper()}{out[head.end():]}"
    return " ".join(w.upper() if _ROMAN.match(w.upper()) and len(w) <= 5 and w.lower() in
                    ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
                     "xiv", "xv", "xvi", "xvii") and idx > 0 and name.split()[idx - 1] in ("KHÓA", "KHOÁ")
                    else w for idx, w in enumerate(out.split()))


@dataclass(frozen=True)
class _Body:
    text: str  # upper-case, abbreviations written out
    start: int
    end: int
    head: str | None  # upper-case head
    scope: str | None
    place_kind: str | None = None  # `TỈNH`
    place_name: str | None = None  # `ĐIỆN BIÊN`

    @property
    def name(self) -> str:
        return proper_case(self.text)

    @property
    def place(self) -> str | None:
        if self.place_kind and self.place_name:
            name = " ".join(w[:1].upper() + w[1:].lower() for w in self.place_name.split())
            return f"{self.place_kind.lower()} {name}"
        return None


def _body(text: str, start: int, end: int) -> _Body:
    p = _patterns()
    expanded = _expand(" ".join(text.split()))
    m = p["head"].match(expanded)
    head = " ".join(m.group(0).split()) if m else None
    scope = _head_scope().get(head) if head else None
    kind = name = None
    if scope in ("government", "front", "party", "local", "party_dependent", "dependent") or scope is None:
        pm = p["place_phrase"].search(expanded)
        if pm and (m is None or pm.start() >= m.end() or scope is None):
            kind, name = " ".join(pm.group("kind").split()), pm.group("name")
    return _Body(expanded, start, end, head, scope, kind, name)


# ---------------------------------------------------------------------------------------------
# The issuer


# The line of the number, read or not: `Số: O{_ /TTr-UBND`, or its symbol alone (`/CT-UBND`).
_NUMBER_LINE_START = re.compile(r"(?m)^[ \t|*]*(?:(?:Số|SỐ)[ \t]*[:.]|[0-9OlI.…_ ]{0,6}/[ ]?[A-ZĐ][A-Za-zĐđ]{0,5}(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*[ \t]*$)")


# a body's name has a word of two letters or more; a signing time (`: 2025-06-04T15:55:36+07:00`) has none
_WORD = re.compile(r"[^\W\d_]{2}")


# A province's people's committee or council heads its own letters: no body stands above it in the
# header, and an upper-case line over it is a signature stamp's (`TRUNG TÂM CÔNG BÁO` / `VÀ TIN HỌC`,
# which a gazette stamps on every scan it publishes), not its superior
_PROVINCE_COUNCIL = re.compile(r"(?:ỦY BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN) (?:TỈNH|THÀNH PHỐ) ")


def _issuer(s, doc_start, code_m, date_m, motto, type_fact, subject, stamp, place):
    """The body lines at the top of the left column, split into superior and issuer."""
    p = _patterns()
    ends = [m.start() for m in (code_m, date_m) if m and m.start() >= doc_start]
    number_line = _NUMBER_LINE_START.search(s, doc_start, min(len(s), doc_start + 1200))
    if number_line:   # a number OCR could not read still closes the issuer's lines
        ends.append(number_line.start())
    if type_fact is not None and type_fact.start >= doc_start and type_fact.text:
        ends.append(type_fact.start)
    if subject is not None and subject.start >= doc_start:
        ends.append(subject.start)
    end = min(ends) if ends else min(len(s), doc_start + 400)
    end = min(end, doc_start + 1200)
    pieces: list[tuple[int, int]] = []
    for lm in re.finditer(r"[^\n]+", s[doc_start:end]):
        a, b = doc_start + lm.start(), doc_start + lm.end()
        line = s[a:b]
        if stamp and stamp[0] <= a < stamp[1]:
            continue
        # blank out the motto, marks, decorations; keep the spans of what is left
        chars = list(line)
        for pat in (p["motto"], p["mark"], p["decor"]):
            for mm in pat.finditer(line):
                chars[mm.start():mm.end()] = " " * (mm.end() - mm.start())
        masked = "".join(chars)
        for run in re.finditer(r"[^ ].*[^ ]|[^ ]", masked):
            text = run.group(0).strip(" /*.")
            if not text or not _is_upper_text(text) or re.match(r"^(?:SỐ|SO)\b", text) or not _WORD.search(text):
                continue
            ra = a + run.start() + run.group(0).find(text)
            pieces.append((ra, ra + len(text)))
    if not pieces:
        return None, None
    bodies = _split_bodies(s, pieces)
    if not bodies:
        return None, None
    issuer_body = bodies[-1]
    parent_body = bodies[-2] if len(bodies) >= 2 and not _PROVINCE_COUNCIL.match(issuer_body.text) else None
    name = _compose(issuer_body, parent_body, place)
    issuer = _fact(s, (parent_body or issuer_body).start if parent_body and _depends(issuer_body, parent_body)
                   else issuer_body.start, issuer_body.end, name)
    parent = _fact(s, parent_body.start, parent_body.end, parent_body.name) if parent_body else None
    return issuer, parent


def _split_bodies(s: str, pieces: list[tuple[int, int]]) -> list[_Body]:
    """Header pieces (lines, or runs of one line) to bodies: a line that opens with a body name
    starts a new body; inside one line, only the unambiguous heads (`SỞ`, `VĂN PHÒNG`,
    `BAN THƯỜNG TRỰC`...) split it."""
    p = _patterns()
    groups: list[list] = []  # [start, end, [piece texts]]
    for a, b in pieces:
        text = s[a:b]
        cuts = [a]
        for m in p["inline_head"].finditer(text):
            before = s[cuts[-1]:a + m.start()].strip()
            if not before or before.endswith((",", "VÀ", "-")) or p["head"].fullmatch(_expand(before)):
                continue  # `ĐẢNG ỦY SỞ NỘI VỤ` is one body
            cuts.append(a + m.start())
        cuts.append(b)
        for i, (x, y) in enumerate(zip(cuts, cuts[1:], strict=False)):
            chunk = s[x:y].strip()
            if not chunk:
                continue
            opens = bool(p["head"].match(_expand(chunk)))
            if groups and not opens and i == 0:
                groups[-1][1] = y
                groups[-1][2].append(chunk)
            else:
                groups.append([x + len(s[x:y]) - len(s[x:y].lstrip()), y, [chunk]])
    groups = _whole_names(groups)
    bodies = []
    for x, y, chunks in groups:
        y2 = x + len(s[x:y].rstrip())
        bodies.append(_body(" ".join(chunks), x, y2))
    # a Công báo section title repeats the issuer above its header
    deduped: list[_Body] = []
    for body in bodies:
        if deduped and deduped[-1].text == body.text:
            continue
        deduped.append(body)
    return deduped


def _whole_names(groups: list[list]) -> list[list]:
    """Lines that are one body's name broken over two (`ỦY BAN THƯỜNG VỤ` / `QUỐC HỘI`, `BAN CHẤP HÀNH` /
    `TRUNG ƯƠNG`) joined again: the second opens a head of its own (`QUỐC HỘI`), but a longer head
    runs across both lines. `ỦY BAN NHÂN DÂN TỈNH` / `SỞ NỘI VỤ` stays two bodies: no head crosses."""
    head = _patterns()["head"]
    joined: list[list] = []
    for group in groups:
        if joined:
            first = _expand(" ".join(joined[-1][2]))
            across = head.match(f"{first} {_expand(' '.join(group[2]))}")
            if across and across.end() > len(first) + 1:
                joined[-1] = [joined[-1][0], group[1], joined[-1][2] + group[2]]
                continue
        joined.append(group)
    return joined


def _depends(child: _Body, parent: _Body) -> bool:
    """A child named by its superior: `VĂN PHÒNG` of the UBND, `BAN THƯỜNG TRỰC` of the MTTQ,
    a party committee's `BAN TUYÊN GIÁO`."""
    bare = child.head is not None and " ".join(child.text.split()) == child.head
    if child.scope == "dependent" and bare:
        return True
    if child.scope == "party_dependent" and parent.scope == "party":
        return True
    return False


def _compose(child: _Body, parent: _Body | None, place: Fact | None) -> str:
    name = child.name
    if parent is not None:
        if _depends(child, parent):
            return f"{name} {parent.name}"
        if child.place is None and parent.place and child.scope in ("local", "dependent", "party_dependent", None) \
                and parent.scope in ("government", "front", "party", "local"):
            return f"{name} {parent.place}"
        return name
    if child.place is None and child.head in _needs_place() and place is not None:
        kind = province_kinds().get(place.value.lower())
        if kind:
            return f"{name} {kind} {place.value}"
    return name


_INFER_HEADS = r"(?:Sở|Ủy\s+ban\s+nhân\s+dân|UBND|Hội\s+đồng|Ban|Khối\s+thi\s+đua|Cụm\s+thi\s+đua|Văn\s+phòng|Bộ|Cục|Chi\s+cục|Phòng|Trung\s+tâm|Thường\s+trực|Tỉnh\s+ủy|Thành\s+ủy|Huyện\s+ủy|Đảng\s+ủy)"
_INFER_RE = re.compile(
    rf"""(?:^|(?<=[,;.]\s)|(?<=”,\s)|(?<=",\s))
         (?P<body>{_INFER_HEADS}(?:\s(?!về\s|của\s|ngày\s|số\s|tại\s|theo\s)[^\s.;:,“”"]+){{0,14}}?)
         \s(?:xây\s+dựng|ban\s+hành|phát\s+động|hướng\s+dẫn|thông\s+báo|báo\s+cáo|kính\s+trình|trân\s+trọng|đề\s+nghị|yêu\s+cầu|có\s+ý\s+kiến)""",
    re.VERBOSE | re.MULTILINE,
)


def _infer_issuer(s: str, body_start: int, place: Fact | None) -> Fact | None:
    """No body in the header: the body that speaks in the first paragraphs, with the place."""
    m = _INFER_RE.search(s, body_start, min(len(s), body_start + 4000))
    if not m:
        return None
    expanded = _written_out(" ".join(m.group("body").split()))
    kinds = _table("bodies.json")["place_kinds"]
    place_name = place.value if place else None
    if place_name and any(expanded.lower().endswith(" " + k) for k in kinds):
        expanded = f"{expanded} {place_name}"
    elif place_name and not re.search(rf"(?<![\w])(?:{'|'.join(kinds)})\s+[{UPPER}]", expanded) \
            and place_name not in expanded:
        kind = province_kinds().get(place_name.lower())
        if kind:
            expanded = f"{expanded} {kind} {place_name}"
    return _fact(s, m.start("body"), m.end("body"), expanded)


def _written_out(name: str) -> str:
    """A body's name with its abbreviations written out, in its own case (`UBND Thành phố Hải Phòng`
    -> `Ủy ban nhân dân Thành phố Hải Phòng`)."""
    for a in _table("bodies.json")["abbreviations"]:
        name = re.sub(rf"(?<![\w]){re.escape(a['short'])}(?![\w])", a["full"], name)
    return name


PRESENTER_REACH = 300   # how far below a conference paper's title its presenter's line is looked for
_LINE = re.compile(r"^[ \t|*#]*(?P<line>[^\n|]{3,100}?)[ \t|*]*$", re.MULTILINE)


def presenter(s: str, after: int) -> Fact | None:
    """The body a conference paper (tham luận) names on a line of its own under its title (`THAM
    LUẬN` / the title / `UBND Thành phố Hải Phòng`), written out; None when no line there is one."""
    for m in _LINE.finditer(s, after, min(len(s), after + PRESENTER_REACH)):
        line = " ".join(m.group("line").split())
        if line.startswith(("Kính", "Thưa")):
            break   # the speech has begun
        if _body(line.upper(), 0, len(line)).head is None:
            continue
        return _fact(s, m.start("line"), m.end("line"), _written_out(line))
    return None


AUTHORITY_REACH = 400   # how far below the summary a decision's authority line is looked for
_CAPS_LINE = re.compile(r"^[ \t|*#]*(?P<line>[^\n|]*?)[ \t|*]*$", re.MULTILINE)


def completed_by_authority(s: str, issuer: Fact, after: int) -> Fact:
    """The header's issuer cut short by its cell (`ỦY BAN THƯỜNG VỤ`, a web copy's lost second
    line) is completed by the authority line a decision or resolution prints under its summary
    (`ỦY BAN THƯỜNG VỤ QUỐC HỘI`): that line in capitals starts with every word of the issuer and
    goes on. `after` is where the summary ends."""
    words = issuer.text.split()
    if not words or not issuer.text.isupper():
        return issuer
    for m in _CAPS_LINE.finditer(s, after, min(len(s), after + AUTHORITY_REACH)):
        line = m.group("line")
        if not line.strip():
            continue
        if not line.isupper():
            break   # the body has begun (`Căn cứ ...`)
        found = line.split()
        if len(found) > len(words) and found[:len(words)] == words and len(found) <= len(words) + 4:
            return _fact(s, m.start("line"), m.end("line"), proper_case(" ".join(found)))
    return issuer
