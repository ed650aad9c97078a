"""Split a dispatch into its blocks: header, body, signature, nơi nhận (recipients).

Nghị định 30/2020 fixes the order: the header (issuer, motto, number, place and date, type and
summary, `Kính gửi`) precedes the body; the signature block and the `Nơi nhận:` list close it.
The cues are cheap line patterns; the extractors refine within the blocks.
"""
from __future__ import annotations

import re

from .text import Block

HEADER_MAX_CHARS = 2500
_BODY_START = re.compile(
    r"""^(?:
        Kính\s+gửi                                   # the addressees close the header
      | Căn\s+cứ | Thực\s+hiện | Triển\s+khai | Thi\s+hành | Theo\s | Phúc\s+đáp | Hưởng\s+ứng | Để\s | Nhằm\s
      | (?:I|1)\s*[.)-]\s                             # first numbered section
    )""",
    re.VERBOSE | re.MULTILINE | re.IGNORECASE,
)
# Leading white space is bounded (`\s{0,8}`, not `\s*`): `\s` spans line ends, so from every line
# start of a long run of blank-ish lines (`\x1c`, which normalisation keeps) `\s*` would rescan the
# rest of the run (quadratic). Normalised text has at most one blank line, so nothing real is lost.
_RECIPIENTS = re.compile(r"^\s{0,8}Nơi\s+nhận\s*:?", re.MULTILINE | re.IGNORECASE)
_SIGNATURE = re.compile(r"^\s{0,8}(?:TM|KT|TL|TUQ|Q)\s*\.\s*\S", re.MULTILINE)
_SIGN_POST = re.compile(
    r"^\s{0,8}(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|BÍ\s+THƯ|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+BAN|"
    r"TRƯỞNG\s+PHÒNG|CHÁNH\s+ÁN|VIỆN\s+TRƯỞNG|TỔNG\s+CỤC\s+TRƯỞNG|CỤC\s+TRƯỞNG|HIỆU\s+TRƯỞNG|TRƯỞNG\s+KHỐI|THƯỜNG\s+TRỰC)\b",
    re.MULTILINE,
)


def find_blocks(text: str) -> tuple[Block, ...]:
    """Blocks covering the text in order; a block a document lacks is left out."""
    if not text:
        return ()
    header_end = 0
    body_start = _BODY_START.search(text, 0, min(len(text), HEADER_MAX_CHARS))
    if body_start:
        header_end = body_start.start()
    tail_from = max(header_end, len(text) * 2 // 3)
    signature = None
    for pattern in (_SIGNATURE, _SIGN_POST):
        matches = [m for m in pattern.finditer(text, tail_from)]
        if matches:
            signature = matches[0].start() if signature is None else min(signature, matches[0].start())
    recipients = None
    found = [m for m in _RECIPIENTS.finditer(text, tail_from)]
    if found:
        recipients = found[-1].start()

    cuts = sorted({c for c in (signature, recipients) if c is not None})
    blocks = []
    if header_end > 0:
        blocks.append(Block("header", 0, header_end))
    body_end = cuts[0] if cuts else len(text)
    if body_end > header_end:
        blocks.append(Block("body", header_end, body_end))
    for index, cut in enumerate(cuts):
        end = cuts[index + 1] if index + 1 < len(cuts) else len(text)
        blocks.append(Block("recipients" if cut == recipients else "signature", cut, end))
    return tuple(blocks)
