"""The document's own facts, read as a văn thư clerk reads them (Nghị định 30/2020/NĐ-CP Điều 8).

Header: Quốc hiệu and Tiêu ngữ (or `ĐẢNG CỘNG SẢN VIỆT NAM`), the issuing body under its
superior, số and ký hiệu, place and date, tên loại and trích yếu (or a `V/v` line), `Kính gửi`;
an incoming stamp (`VĂN BẢN ĐẾN ... Số 6473 Ngày 06/08/2021`); at the end the nơi nhận list and
the signature block (`TM.`, `KT.`, `TL.`, `TUQ.`, `Q.` prefixes, the post, the name).

The text comes as the readers give it: DOCX header tables column by column, PDF columns
interleaved on one line, OCR with broken lines, markdown copies from legal-database sites with
site text before the document and the header table on one line. So nothing here relies on line
layout alone: each field has its own cue (`Số:`, `, ngày ... tháng ... năm`, a type name, `V/v`,
a body name) and the regions between cues are read with the tables of `pipeline/data`.

Every fact keeps its span: `text[f.start:f.end] == f.text`.

Each stage is its own module, named for what it reads: `header_layout` (the received stamp, where
the document begins, the number, the place and date, where the body begins), `header_subject` (the
type and the summary), `header_issuer` (body names, the issuer and its superior),
`header_recipients` (`Kính gửi`, nơi nhận) and `header_signature` (the signature block), over
`header_patterns` (the data tables and the compiled regexes) and `header_facts` (`Fact`, `Signer`).
This module runs them in order and composes the `Header`; the names other modules import
(`extract_header`, `Header`, `Signer`, `Fact`, `proper_case`, `province_kinds`) are all here.

>>> h = extract_header("UBND TỈNH ĐIỆN BIÊN\\nSỞ NỘI VỤ\\nSố: /SNV-VP\\nV/v phát động thi đua\\n"
...                    "Điện Biên, ngày tháng năm 2024\\n\\nKính gửi: Các sở, ngành\\n\\nNội dung.")
>>> h.to_json()["issuer"], h.to_json()["date"], h.to_json()["type"]
('Sở Nội vụ tỉnh Điện Biên', '2024', 'Công văn')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.codes import Code
from pipeline.extract.dates import parse_date
from pipeline.extract.header_facts import Fact, Signer, _fact, _v
from pipeline.extract.header_issuer import _body as _body  # re-exported for tests/test_header.py
from pipeline.extract.header_issuer import _compose as _compose  # re-exported for tests/test_header.py
from pipeline.extract.header_issuer import _infer_issuer, _issuer, completed_by_authority, presenter
from pipeline.extract.header_issuer import proper_case as proper_case  # re-exported for pipeline.nlp
from pipeline.extract.header_layout import (
    _body_start,
    _code_from,
    _document_start,
    _iso,
    _portal_receipt,
    _received,
    _signing_day,
    _signing_month,
)
from pipeline.extract.header_office import office_signer
from pipeline.extract.header_patterns import _first, _fold_letters, _patterns, _type_by_code
from pipeline.extract.header_patterns import province_kinds as province_kinds  # for references_issuers
from pipeline.extract.header_precedent import PrecedentHead, precedent_head
from pipeline.extract.header_recipients import _noi_nhan, _recipients
from pipeline.extract.header_signature import LIST_REACH, _signer, _signer_from_list
from pipeline.extract.header_subject import (
    _clean_subject,
    _drop_authority,
    _type_and_subject,
    _unmarked_vv_subject,
    _vv_subject,
    invitation_subject,
)


@dataclass(frozen=True)
class Header:
    code: Fact | None = None
    code_parts: Code | None = None
    type: Fact | None = None
    issuer: Fact | None = None
    parent_issuer: Fact | None = None
    place: Fact | None = None
    date: Fact | None = None
    subject: Fact | None = None
    signer: Signer | None = None
    recipients: tuple[Fact, ...] = ()
    noi_nhan: tuple[Fact, ...] = ()
    received_number: Fact | None = None
    received_date: Fact | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        """The `document` object of FORMAT.md, plus `noi_nhan`."""
        received = None
        if self.received_number or self.received_date:
            received = {"number": _v(self.received_number), "date": _v(self.received_date)}
        return {
            "code": _v(self.code),
            "type": _v(self.type),
            "issuer": _v(self.issuer),
            "parent_issuer": _v(self.parent_issuer),
            "place": _v(self.place),
            "date": _v(self.date),
            "subject": _v(self.subject),
            "signer": (self.signer or Signer()).to_json(),
            "recipients": [f.value for f in self.recipients],
            "received": received,
            "noi_nhan": [f.value for f in self.noi_nhan],
        }

    def facts(self):
        """Every fact with a span, for highlighting and for the offsets invariant."""
        singles = (self.code, self.type, self.issuer, self.parent_issuer, self.place, self.date,
                   self.subject, self.received_number, self.received_date)
        signer = self.signer or Signer()
        yield from (f for f in singles if f is not None)
        yield from (f for f in (signer.authority, signer.title, signer.name) if f is not None)
        yield from signer.prefixes
        yield from self.recipients
        yield from self.noi_nhan


# ---------------------------------------------------------------------------------------------
# The extractor


def extract_header(text) -> Header:
    """Read the header and the signature block of a document.

    `text` is a reader's `Text` (its `.text` is used) or a plain normalised string.
    """
    s = text if isinstance(text, str) else text.text
    if (precedent := precedent_head(s)) is not None:   # no dispatch's header at all
        return _precedent_header(precedent)
    p = _patterns()
    notes: list[str] = []

    received_number, received_date, stamp = _received(s)
    if stamp is None and not isinstance(text, str) and 1 in text.ocr_pages:
        received_date = _portal_receipt(s)
    motto = p["motto"].search(s)
    doc_start = _document_start(s, motto, stamp)

    code_m = _first(p["code"], s, doc_start, min(len(s), doc_start + 4000), avoid=stamp)
    if code_m is None and doc_start > 0:
        code_m = _first(p["code"], s, 0, min(len(s), 4000), avoid=stamp)
    date_m = _first(p["place_date"], s, doc_start, len(s))

    code = code_parts = None
    if code_m:
        code_parts = _code_from(code_m)
        if code_parts:
            code = _fact(s, code_m.start("code"), code_m.end("code"), code_parts.text)

    place, date = _place_and_date(s, date_m, notes) if date_m else (None, None)
    place = place or _place_alone(s, doc_start)
    if date is None and (adopted := _adopted(s)) is not None:
        date = adopted
        notes.append("date of adoption from the closing formula (no place-and-date line)")

    # where the header ends and the body begins
    anchor = max([doc_start] + [m.end() for m in (code_m, date_m) if m and m.start() < doc_start + 4000]
                 + ([motto.end()] if motto and motto.start() < doc_start + 4000 else []))
    kg = p["kinh_gui"].search(s, doc_start, min(len(s), anchor + 3000))
    body_start = _body_start(s, anchor, kg)

    type_fact, subject = _type_and_subject(s, doc_start, anchor, body_start, date_m, code_m)
    if subject is None and type_fact is not None and type_fact.value == "Giấy mời":
        subject = invitation_subject(s, type_fact.end)
    if type_fact is None:
        vv = _vv_subject(s, doc_start, body_start, date_m, motto)
        if vv:
            subject = vv
            type_fact = Fact("Công văn", vv.start, vv.start, "")
        elif code_m and (unmarked := _unmarked_vv_subject(s, (code_m, date_m), body_start)):
            subject = unmarked
            type_fact = Fact("Công văn", unmarked.start, unmarked.start, "")
    if type_fact is None and code is not None and code_parts is not None:
        type_fact = _type_from_code(s, code, code_parts)

    issuer, parent = _issuer(s, doc_start, code_m, date_m, motto, type_fact, subject, stamp, place)
    if issuer is not None and subject is not None:
        issuer = completed_by_authority(s, issuer, subject.end)
        subject = _drop_authority(s, subject, issuer)
    if issuer is None and type_fact is not None and type_fact.value == "Tham luận" and subject is not None:
        issuer, subject = _presented(s, subject)
    if issuer is None:
        issuer = _infer_issuer(s, body_start, place)
        if issuer is not None:
            notes.append("issuer inferred from the body")

    recipients = _recipients(s, kg, body_start) if kg and kg.start() < body_start + 50 else ()
    noi_nhan_m = _first(p["noi_nhan"], s, max(anchor, body_start), len(s))
    noi_nhan = _noi_nhan(s, noi_nhan_m) if noi_nhan_m else ()
    signer = _signer(s, max(anchor, body_start), noi_nhan_m, noi_nhan)
    if signer is not None and noi_nhan_m and (signer.name or signer.title or signer.authority) is not None:
        signer = _signer_from_list(s, signer, noi_nhan_m.start())
    signer = office_signer(s, signer, issuer, code_parts, date,
                           noi_nhan_m.start() if noi_nhan_m else max(body_start, len(s) - LIST_REACH))
    if issuer is not None and type_fact is not None:
        issuer, subject = _party_central(s, issuer, type_fact, subject, max(anchor, body_start))

    return Header(code=code, code_parts=code_parts, type=type_fact, issuer=issuer, parent_issuer=parent,
                  place=place, date=date, subject=subject, signer=signer, recipients=tuple(recipients),
                  noi_nhan=tuple(noi_nhan), received_number=received_number, received_date=received_date,
                  notes=tuple(notes))


def _precedent_header(precedent: PrecedentHead) -> Header:
    return Header(code=precedent.code, code_parts=precedent.code_parts, type=precedent.type,
                  issuer=precedent.issuer, date=precedent.date, subject=precedent.subject,
                  notes=("a precedent's head: dated by its adoption",))


def _type_from_code(s: str, code: Fact, code_parts: Code) -> Fact | None:
    """The type a document's own number names (`QĐ`), or `Công văn` for an administrative number
    with no type (Phụ lục III: a công văn's symbol has none)."""
    if code_parts.type_code in _type_by_code():
        return _fact(s, code.start, code.end, _type_by_code()[code_parts.type_code])
    if code_parts.type_code is None and code_parts.form == "administrative":
        return _fact(s, code.start, code.end, "Công văn")
    return None


def _presented(s: str, subject: Fact) -> tuple[Fact | None, Fact | None]:
    """(issuer, subject) of a conference paper: the body named under its title, whose line ends the title."""
    issuer = presenter(s, subject.start)
    if issuer is None or not subject.start < issuer.start < subject.end:
        return issuer, subject
    title = _clean_subject(" ".join(s[subject.start:issuer.start].split()))   # the title ends above it
    return issuer, (_fact(s, subject.start, issuer.start, title) if title else None)


# A province's name before `, ngày` on a line of its own: the place, where OCR bent the rest of the
# line past reading as a date (`Bình Thuận, ngày thángó6 năm 2025`)
_PLACE_ALONE = re.compile(r"(?m)^[ \t|*]*(?P<place>[^\W\d_]+(?:[ ]+[^\W\d_]+){1,3})[ ]?,[ ]*[Nn]gày(?![\w])")
PLACE_REACH = 2_000   # how far into the document its place and date line may stand


def _place_alone(s: str, doc_start: int) -> Fact | None:
    for m in _PLACE_ALONE.finditer(s, doc_start, min(len(s), doc_start + PLACE_REACH)):
        if m.group("place").lower() in province_kinds():
            return _fact(s, m.start("place"), m.end("place"), m.group("place"))
    return None


def _place_and_date(s: str, date_m: re.Match, notes: list[str]) -> tuple[Fact | None, Fact]:
    """The place and the date of the line under the motto (`Lâm Đồng, ngày 06 tháng 11 năm 2025`)."""
    place = None
    if date_m.group("place"):
        place_start = date_m.start("place")
        last_line = date_m.group("place").rfind("\n") + 1
        if len(date_m.group("place")[last_line:].split()) >= 2:
            # the place is the date line's own (`Lâm Đồng, ngày ...`), not run on from the line
            # above (`... DDCI tỉnh Lâm Đồng`); one word alone may be a name wrapped (`Hồ Chí` / `Minh`)
            place_start += last_line
        place = _fact(s, place_start, date_m.end("place"), " ".join(s[place_start:date_m.end("place")].split()))
    date_start = date_m.end("place") if date_m.group("place") else date_m.start()
    date = _fact(s, date_start, date_m.end(), _iso(date_m))
    signed = _signing_day(s, date.value) if date.value and len(date.value) == 7 else None
    if signed:   # the day is handwritten and unread: the signature stamp's day of that month
        date = _fact(s, date_start, date_m.end(), signed)
        notes.append("day of the date taken from the signature stamp (the printed day is unreadable)")
    day = (date_m.group("d") or "").replace(" ", "")
    stamped = _signing_month(s, date.value, int(day)) if date.value and len(date.value) == 4 and day else None
    if stamped:   # the month is handwritten and unread: the first signature stamp's month
        date = _fact(s, date_start, date_m.end(), stamped)
        notes.append("month of the date taken from the signature stamp (the printed month is unreadable)")
    return place, date


# A law or a resolution of the National Assembly or its Standing Committee, as the gazette prints it,
# has no place-and-date line: its date is the day its closing formula says it was adopted (`Nghị quyết
# này được Ủy ban Thường vụ Quốc hội ... phiên họp thứ 9 thông qua ngày 23 tháng 3 năm 2022./.`)
_ADOPTED = re.compile(r"(?<![\w])thông\s+qua\s+(?P<date>ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
ADOPTION_REACH = 3000   # how far from the end the closing formula is looked for


def _adopted(s: str) -> Fact | None:
    """The adoption day of the closing formula, as a Fact, or None."""
    formulas = list(_ADOPTED.finditer(s, max(0, len(s) - ADOPTION_REACH)))
    if not formulas:
        return None
    found = formulas[-1]   # the last one: the formula closes the text
    day = parse_date(found.group("date"))
    if day is None or day.kind != "date" or day.day is None:
        return None
    return _fact(s, found.start("date"), found.end("date"), day.value)


# The Party's central header names only the Central Committee; the body that issues is printed under
# the type name (`CHỈ THỊ` / `CỦA BỘ CHÍNH TRỊ`) or in the signature (`T/M BỘ CHÍNH TRỊ`).
_PARTY_CENTRAL_BODIES = {"BỘ CHÍNH TRỊ": "Bộ Chính trị", "BAN BÍ THƯ": "Ban Bí thư",
                         "BAN CHẤP HÀNH TRUNG ƯƠNG": "Ban Chấp hành Trung ương Đảng"}
_PARTY_CENTRAL_UNDER_TYPE = re.compile(r"[ \t|*]*\n?[ \t|*]*CỦA\s+(BỘ\s+CHÍNH\s+TRỊ|BAN\s+BÍ\s+THƯ|BAN\s+CHẤP\s+HÀNH\s+TRUNG\s+ƯƠNG)"
                                       r"(?:\s+ĐẢNG)?(?![\w])")
_PARTY_CENTRAL_SIGNATURE = re.compile(r"(?<![\w])T\s*[/.]?\s*M\.?\s+(BỘ\s+CHÍNH\s+TRỊ|BAN\s+BÍ\s+THƯ)(?![\w])")


def _party_central(s: str, issuer: Fact, type_fact: Fact, subject: Fact | None, body_start: int):
    """(issuer, subject) for a document under the Central Committee's header: the Politburo or the
    Secretariat when the document says so, the line `CỦA BỘ CHÍNH TRỊ` left out of the summary."""
    if not _fold_letters(issuer.value.upper()).startswith("BAN CHAP HANH TRUNG UONG"):
        return issuer, subject
    under = _PARTY_CENTRAL_UNDER_TYPE.match(s, type_fact.end) if type_fact.end > type_fact.start else None
    found = under or _PARTY_CENTRAL_SIGNATURE.search(s, body_start)
    if not found:
        return issuer, subject
    name = _PARTY_CENTRAL_BODIES[" ".join(found.group(1).split())]
    issuer = _fact(s, found.start(1), found.end(1), name)
    if under and subject is not None and subject.start < under.end() <= subject.end:
        rest = _clean_subject(" ".join(s[under.end():subject.end].split()))
        subject = _fact(s, under.end(), subject.end, rest) if rest else None
    return issuer, subject
