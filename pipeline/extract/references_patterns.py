"""The references' knowledge tables and the regexes compiled from them, shared by every stage.

`pipeline/data/citations.json`, `document_types.json` and `bodies.json` are read once (`_tables()`:
the type words, type and issuer codes, departments, abbreviations of bodies, known body names), and
`_patterns()` compiles the regexes by name once from them: the type before a number, the date,
issuer and title after it, the relation cues, where sentences start, laws by name, the
Constitution, Party resolutions and international instruments. Small helpers over the text, used by
several stages, sit here too: the type word right before a number (`type_before`), the codes that
are no citation (`_blocked`: the nơi nhận list, editors' bracketed notes, a drafting guide's
examples).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ..read.letters import LOWER
from ..read.text import Text
from .patterns import alternation

DATA = Path(__file__).resolve().parents[1] / "data"
PLACE_LEVELS = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu")
UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"


# ----------------------------------------------------------------------------------------------
# Knowledge tables, compiled once


@lru_cache(maxsize=1)
def laws() -> dict:
    """`pipeline/data/laws.json`, read once: known law names and their abbreviations."""
    return json.loads((DATA / "laws.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _tables() -> dict:
    citations = json.loads((DATA / "citations.json").read_text(encoding="utf-8"))
    types = json.loads((DATA / "document_types.json").read_text(encoding="utf-8"))["types"]
    bodies = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    type_words: dict[str, str] = {}
    for entry in types:
        type_words[entry["name"].casefold()] = entry["name"]
    for entry in citations["type_words"]:
        for word in entry["words"]:
            type_words[word.casefold()] = entry["name"]
    # a code several types share is the first's (`BC`: Báo cáo, not Báo cáo thẩm tra), among the types
    # of the number's kind: `TT` is a Thông tri in `05-TT/TW`, a Thông tư in `254/TT-LB`
    code_types: dict[str, str] = {}
    party_code_types: dict[str, str] = {}
    for entry in types:
        if entry.get("code"):
            if "party" in entry["kinds"]:
                party_code_types.setdefault(entry["code"], entry["name"])
            if entry["kinds"] != ["party"]:
                code_types.setdefault(entry["code"], entry["name"])
    for type_code, name in party_code_types.items():   # a type only the Party lists: `325/KL-STP` is a Kết luận still
        code_types.setdefault(type_code, name)
    for type_code, name in code_types.items():
        party_code_types.setdefault(type_code, name)
    issuer_codes = {b["code"]: b["name"] for group in ("central", "ministries") for b in bodies[group] if b.get("code")}
    issuer_codes.update(citations["numbered_issuers"])
    departments = {b["code"]: b["name"] for b in bodies["departments"] if b.get("code")}
    department_names = sorted({b["name"] for b in bodies["departments"]}, key=len, reverse=True)
    abbreviations = sorted(bodies["abbreviations"], key=lambda a: -len(a["short"]))
    known_names = sorted({b["name"] for group in ("central", "ministries") for b in bodies[group]} | {
        "Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương Đảng"}, key=len, reverse=True)
    return {
        "citations": citations, "type_words": type_words, "code_types": code_types,
        "party_code_types": party_code_types,
        "issuer_codes": issuer_codes, "departments": departments, "abbreviations": abbreviations,
        "party_codes": set(bodies["party_codes"]), "known_names": known_names, "department_names": department_names,
    }


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    tables = _tables()
    type_words = alternation(tables["type_words"])
    date = r"(?:\d{1,2}\s*(?:/|-|\.)\s*\d{1,2}\s*(?:/|-|\.)\s*\d{2,5}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
    stops = alternation(["về việc", "Về việc", "về", "V/v", "ban hành", "quy định", "hướng dẫn", "phê duyệt", "thực hiện",
                          "triển khai", "sửa đổi", "đã", "được", "trong", "tại", "gửi", "đến", "theo", "với",
                          "cho", "thì", "có", "như", "nhằm", "để", "là",
                          # a title with no `về việc`: `Quyết định số 1441/QĐ-UBND của Chủ tịch UBND tỉnh công bố ...`
                          "công bố", "thành lập", "kiện toàn", "bãi bỏ", "phân công", "phân bổ", "cải thiện", "nâng cao",
                          "tăng cường", "đẩy mạnh", "và xét",
                          # a cassation's ruling on the judgments it cites: `... của Tòa án nhân dân tỉnh X và hủy Bản án`
                          "và hủy", "hủy", "và giữ nguyên"])
    cues = tables["citations"]["relations"]
    return {
        # the type named right before the number: `Chỉ thị số`, `Văn bản số:`, `Nghị định`
        # matched on the reversed 60 characters before a code: anchored, so no scan
        "type_before_reversed": re.compile(
            rf"\s*:?\s*(?:ốs|ốS|\.?oN)?\s*(?P<type>{alternation(w[::-1] for w in tables['type_words'])})(?![\w])",
            re.IGNORECASE,
        ),
        "date_after": re.compile(rf"\s*,?\s*(?:ban hành\s+|ký\s+)?(?:ngày|ngay)\s*(?P<date>{date})|\s*\((?P<pdate>{date})\)"),
        "issuer_after": re.compile(
            # (a table's cell ends it: `của Chủ tịch Ủy ban nhân dân tỉnh | Văn phòng ...`)
            # (`TP.`, `Tp.` shorten `thành phố` inside a name: `của BHXH Tp. HCM`)
            # (no issuer opens with the summary's cue: `của Về` / `việc cho phép ...`, a word left out)
            rf"\s*,?\s*(?:của|do)\s+(?!(?i:về|v/v)\s)(?P<issuer>(?:[^,;.\n()“”\"|]|(?<=[Tt][Pp])\.|\n(?!\n)){{2,110}}?)"
            # (`và` before a few words in lower case and another `của` joins a second possessor, not a
            # second body: `của Bộ trưởng Bộ Tài chính và chỉ đạo của Ủy ban nhân dân tỉnh`)
            rf"(?=\s+(?:{stops})\b|\s+và(?:\s+[{LOWER}][^\W\d]*){{1,4}}\s+của\s|\s+(?i:{type_words})\s(?!và\s+Đầu\s+tư|sư\b)|\s*(?:[,;\n()“”\"|]|(?<![\s(][Tt][Pp])\.)|\s*$)"
        ),
        # a body whose name holds commas or `và`: `của Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Thuận`
        "known_after": re.compile(
            rf"\s*,?\s*(?:của|do)\s+(?P<issuer>(?:{alternation(tables['known_names'] + tables['department_names'])})"
            # the place's words are capitalised, whatever the case of the rest (`tỉnh Lâm Đồng về việc cử`)
            rf"(?:\s+(?:{'|'.join(PLACE_LEVELS)})(?:\s+(?-i:[{UPPER}])[\w]*)+)?)(?![\w])",
            re.IGNORECASE,
        ),
        "title_after": re.compile(r"\s*,?\s*(?:về việc|về|V/v|v/v)\s+(?P<title>[^;\n]{3,300}?)(?=[;\n]|\.\s|\.$|$)"),
        # Speed: a case-insensitive pattern gets no scan for its first characters, so every position
        # was tried with each cue's two lookbehinds; the lookahead of the cues' first letters fails
        # most positions in one test, and the lookbehinds, the same for every cue, are tried once
        # (same matches and groups; relation_at over the bench documents 43 -> 17 ms).
        "cue": re.compile(
            rf"(?=[{re.escape(''.join(sorted({c['cue'][0] for c in cues})))}])(?<![\w])(?<!làm )(?:"
            + "|".join(rf"(?P<c{i}>{c.get('pattern') or re.escape(c['cue'])}(?![\w]))" for i, c in enumerate(cues)) + ")",
            re.IGNORECASE,
        ),
        # `\n|[.!?][ ]+(?=...)`, its first character a class: re scans for a pattern's first characters
        # in C only when they are a class or every alternative opens with a literal (48 -> 31 ms)
        # (a full stop right after `Căn cứ` is a speck OCR read, no sentence's end: `Căn cứ. Quyết định số`)
        "sentence_start": re.compile(r"[\n.!?](?:(?<=\n)|(?<![Cc]ăn cứ.)[ ]+(?=[" + UPPER + r"0-9-]))"),
        "law": re.compile(
            # a name goes on past a line end only where the next line opens in lower case (`Luật Khoa
            # học, công\nnghệ và đổi mới sáng tạo`, a PDF's wrap); a capital there starts a new line
            # and so past one right after the type word (`Luật\nsửa đổi, bổ sung một số điều của ...`);
            # a PDF may wrap inside the type word itself (`của Bộ\nluật Tố tụng hình sự`)
            r"(?<![\w])(?P<type>Bộ(?:[ ]|[ ]*\n[ ]*)[lL]uật|Luật|Pháp lệnh)(?:[ ]+|[ ]*\n(?=[" + LOWER + r"]))(?=(?P<name>[\w][\w]*"
            rf"(?:(?:[ ]+|,[ ]+|,?[ ]*\n(?=[{LOWER}]))[\w][\w-]*){{0,14}}))"
        ),
        "constitution": re.compile(r"(?<![\w])Hiến pháp(?P<full>\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?"
                                   r"(?:\s+năm\s+(?P<year>\d{4}))?"),
        "party_resolution": re.compile(
            r"""(?<![\w])(?P<kind>Nghị\s+quyết|Văn\s+kiện)\s+(?:
                  (?P<congress>Đại\s+hội\s+(?:(?:đại\s+biểu\s+)?(?:(?:Đảng\s+)?toàn\s+quốc|Đảng\s+bộ\s+[\w\s]{0,40}?)\s+lần\s+(?:thứ\s+)?(?P<n1>[XVILC]+|\d+)|(?:Đảng\s+)?(?:lần\s+(?:thứ\s+)?)?(?P<n2>[XVILC]+))(?!["""
            + LOWER + r"""]))   # a numeral, not a word's capital (`Đại hội Chi bộ 1`)
                | (?P<plenum>(?:Hội\s+nghị\s+)?(?:lần\s+thứ\s+\w+\s+)?(?:Ban\s+Chấp\s+hành\s+)?Trung\s+ương(?:\s+Đảng)?\s+(?:lần\s+thứ\s+)?\w+\s*,?\s*(?:khóa|khoá)\s+[XVILC]+)
            )(?P<of_party>\s+của\s+Đảng(?:\s+Cộng\s+sản\s+Việt\s+Nam)?)?""",
            re.VERBOSE,
        ),
        # the international instruments a tờ trình for a law sets out as its grounds
        "instrument": re.compile(
            r"(?<![\w])(?P<kind>Công\s+ước|Tuyên\s+ngôn|Hiến\s+chương)\s+(?P<name>Liên\s+hợp\s+quốc|LHQ|"
            r"(?:quốc\s+tế|toàn\s+thế\s+giới|của\s+Liên\s+hợp\s+quốc)\s+về\s+[^\W\d](?:[^,;.()\[\]\n\d“”\"]|,(?=[ ][^\W\d_])(?![ ][" + UPPER + r"])){2,90}?)"
            r"(?=\s*(?:,(?![ ][^\W\d_])|,(?=[ ][" + UPPER + r"])|[;.()\[\]\n“”\"]|\d|năm\s|và\s+(?:Công|Tuyên|Hiến)|$))"),
    }


def type_before(s: str, position: int) -> tuple[str, int] | None:
    """The type word (`Chỉ thị số`, `Văn bản số:`) that ends right before `position`, and where it starts."""
    window = s[max(0, position - 60):position][::-1]
    match = _patterns()["type_before_reversed"].match(window)
    if not match:
        return None
    word = match.group("type")[::-1]
    if word == "luật" and _LAW_IN_GENERAL.match(window, match.end()):
        return None   # `... quy phạm pháp luật số 80/2015/QH13`: the name's last word, no type of its own
    return word, position - match.end()


# `pháp luật` (law in general) ending a law's name, read backwards: its `luật` is no type word
_LAW_IN_GENERAL = re.compile(r"\s+páhp(?![\w])", re.IGNORECASE)


def _blocked(text: Text, start: int) -> bool:
    """Codes in the nơi nhận list and editors' bracketed notes are not citations."""
    for block in text.blocks:
        if block.kind == "recipients" and block.start <= start < block.end:
            return True
    before = text.text[max(0, start - 2):start]
    return "[" in before or _illustration(text.text, start)


# A guide to drafting shows numbers as examples (`Ví dụ 1: Báo cáo của đại hội\nSố 16-BC/ĐH`): the
# line of the number or the one above it opens with `Ví dụ`; they cite nothing.
_EXAMPLE = re.compile(r"[ \t\-+•]*Ví\s+dụ\b", re.IGNORECASE)


def _illustration(s: str, start: int) -> bool:
    line = s.rfind("\n", 0, start) + 1
    above = s.rfind("\n", 0, max(0, line - 1)) + 1 if line else line
    return bool(_EXAMPLE.match(s, line) or (line and _EXAMPLE.match(s, above, line)))
