"""Who the document goes to: the `Kính gửi:` entries under the header and the nơi nhận list at its end.

Each is read on its cue's line (`- A; - B`, a table cell, one name running into the body of a
one-line copy) or as a `- ...;` list over the lines that follow.
"""
from __future__ import annotations

import re

from pipeline.extract.header_facts import Fact, _fact
from pipeline.extract.header_patterns import _is_upper_text, _line_end, _patterns


def _recipients(s: str, kg: re.Match, body_start: int) -> list[Fact]:
    """`Kính gửi:` entries: one on the same line, or a `- ...;` list."""
    p = _patterns()
    out: list[Fact] = []
    i = kg.end()
    line_end = _line_end(s, i)
    same = s[i:line_end]
    cell_end = same.find("|")
    if cell_end >= 0 and same[:cell_end].strip():
        same = same[:cell_end]
    elif cell_end >= 0:
        i = i + cell_end + 1
        same = s[i:line_end]
        cell_end = same.find("|")
        if cell_end >= 0:
            same = same[:cell_end]
    if same.strip():
        # one line, maybe `- A; - B` or a single name running into the body (one-line copies)
        cue = re.search(r"\s(?:Phúc đáp|Thực hiện|Căn cứ|Theo|Trả lời|Ngày \d|Để|Vừa qua|Sau khi|Nhằm|Hiện nay|Qua|Xét)\b",
                        same)
        if cue:
            same = same[:cue.start()]
        for part in re.finditer(r"[^;]+", same):
            value = part.group(0).strip(" -+•.;")
            if value:
                a = i + part.start() + part.group(0).find(value)
                out.append(_fact(s, a, a + len(value), value))
        if out and (len(out) > 1 or s[line_end + 1:line_end + 3].lstrip(" ")[:1] not in "-+•"):
            return out
        if out and not s[line_end:line_end + 3].strip().startswith("-"):
            return out
        i = line_end + 1
    # a list on the following lines
    entry: list[int] | None = None
    lines_seen = 0
    pos = line_end + 1 if not out else i
    out_list: list[Fact] = list(out)
    while pos < len(s) and lines_seen < 40:
        le = _line_end(s, pos)
        line = s[pos:le]
        stripped = line.strip()
        lines_seen += 1
        if not stripped:
            if entry is None and not out_list:
                pos = le + 1
                continue
            break
        if stripped[0] in "-+•":
            if entry:
                out_list.append(_entry(s, *entry))
            entry = [pos + line.find(stripped[0]) + 1, le]
        elif entry and not s[entry[0]:entry[1]].rstrip().endswith((";", ".")) and not p["body_cue"].match(stripped):
            entry[1] = le
        elif entry is None and not out_list and not p["body_cue"].match(stripped):
            entry = [pos + line.find(stripped[0]), le]
        else:
            break
        pos = le + 1
    if entry:
        out_list.append(_entry(s, *entry))
    return [f for f in out_list if f.value]


def _entry(s: str, a: int, b: int) -> Fact:
    text = s[a:b]
    value = " ".join(text.split()).strip(" ;.,")
    value = re.sub(r"[./]+$", "", value).strip()
    return _fact(s, a, b, value)


def _noi_nhan(s: str, m: re.Match) -> list[Fact]:
    """The nơi nhận list: `- Như trên; - Lưu: VT.`, on lines or run together in a table cell."""
    out = []
    end = min(len(s), m.end() + 2500)
    pos = m.end()
    # one table cell: up to the next pipe
    line_end = _line_end(s, pos)
    cell = s[pos:line_end]
    if "|" in cell or cell.count("- ") >= 2:
        cell = cell.split("|")[0]
        for part in re.finditer(r"(?:^|(?<=;)|(?<=\.))\s*-\s*([^;]+?)(?=;|$|\s-\s)", cell):
            a = pos + part.start(1)
            out.append(_fact(s, a, a + len(part.group(1)), " ".join(part.group(1).split()).strip(" .;")))
        return [f for f in out if f.value]
    entry = None
    if not cell.strip().startswith(("-", "+", "•")):
        pos = line_end + 1  # `Nơi nhận: TL. CHỦ TỊCH`: the list starts on the next line
    while pos < end:
        le = _line_end(s, pos)
        line = s[pos:le]
        stripped = line.strip()
        if not stripped:
            if out or entry:
                nxt = s[le + 1:_line_end(s, le + 1)].strip()
                if not nxt.startswith("-"):
                    break
            pos = le + 1
            continue
        if stripped[0] in "-+•":
            if entry:
                out.append(_entry(s, *entry))
            entry = [pos + line.find(stripped[0]) + 1, le]
            if re.match(r"[-+•]\s*Lưu\b", stripped):
                out.append(_entry(s, *entry))
                entry = None
                break
        elif entry and not _is_upper_text(stripped) and not _patterns()["name"].fullmatch(stripped) \
                and not _patterns()["post"].search(stripped):   # OCR's `2zr== GIÁM ĐỐC`: the signature
            entry[1] = le
        else:
            break
        pos = le + 1
    if entry:
        out.append(_entry(s, *entry))
    return [f for f in out if f.value]
