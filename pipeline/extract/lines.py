"""Line ends that a PDF's text layer puts inside sentences: whether a text wraps its lines so, and
the text with those line ends read as spaces. Shared by the extractors that read a sentence or a
name across lines (who acts on a deadline, the cue that governs a citation).

>>> s = "Giao Trung tâm Xúc tiến đầu tư và du\\nlịch tỉnh tổ chức.\\nCỘNG HÒA XÃ HỘI\\nĐộc lập"
>>> flowing(s).split("\\n")
['Giao Trung tâm Xúc tiến đầu tư và du lịch tỉnh tổ chức.', 'CỘNG HÒA XÃ HỘI', 'Độc lập']
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..read.letters import LOWER, UPPER

# a line end between a letter that ends no sentence and a lower-case one; it opens with the `\n` so
# that the engine jumps from line end to line end (a leading class was tried at every character)
_WRAPPED = re.compile(rf"\n(?<=[^.;:!?\s)]\n)(?=[{LOWER}])")

# A line end inside a sentence: after a letter or comma that ends no sentence, before no list item
# (a section numbered with no final dot too: `2.1 Bộ Công Thương`, not `1.500 hộ`), blank line,
# table row or line that a sentence's cue opens (`Căn cứ` after a title with no stop).
# Read as a space, a name wrapped over two lines is one name (`Giao Trung tâm Xúc tiến đầu tư,
# thương mại và du` / `lịch tỉnh khẩn trương ...`).
# OCR leaves a blank line between blocks it cut inside a sentence (`bảo đảm trật` / `` / `tự, an toàn`,
# `tại Tờ trình số 6389/TTr-STNMT ngày 30/12/2024 và` / `` / `Báo cáo số 13/BC-STNMT`): one is read as a
# wrap too where the next line goes on in lower case, or the line above ends in a word no sentence ends on.
_WRAP = re.compile(r"(?<=[^.;:!?\s|])[ \t]*\n(?:[ \t]*\n(?=[ \t]*[" + LOWER + r"])|(?<=\svà\n)[ \t]*\n|(?<=\scủa\n)[ \t]*\n|(?<=\stại\n)[ \t]*\n)?"
                   r"(?![ \t]*(?:\n|\||[-+•*–]|\d+(?:\.\d+)*[.)]\s|\d{1,2}(?:\.\d{1,2})+[ \t]+"
                   rf"[{UPPER}]|[a-zđ]\)\s|[IVX]+\.\s|Điều\s+\d|"
                   r"Căn\s+cứ\s|Thực\s+hiện\s|Xét\s|Theo\s+đề\s+nghị|Kính\s+gửi|Nơi\s+nhận|Chương\s|Mục\s+\d))")


# The deadlines, the references and the targets each ask about the same document's text: it is
# read once (a str keeps its hash, so finding it again costs nothing).
@lru_cache(maxsize=2)
def soft_newlines(s: str) -> bool:
    """Whether line ends in `s` are mostly wraps inside sentences (a PDF text layer) rather than paragraphs."""
    # a blank line is no line a sentence could run over: OCR leaves many between blocks of wrapped lines
    lines = (s.count("\n") - s.count("\n\n")) or 1
    return len(_WRAPPED.findall(s)) / lines > 0.15


@lru_cache(maxsize=2)
def flowing(s: str) -> str:
    """`s` with the line ends a PDF put inside sentences read as spaces (same length, same offsets);
    lines in capitals (the header's, a heading's) stay lines."""
    def join(m: re.Match) -> str:
        above = s[s.rfind("\n", 0, m.start()) + 1:m.start()]
        end = s.find("\n", m.end())
        below = s[m.end():end if end >= 0 else len(s)]
        if not any(c.islower() for c in above) or not any(c.islower() for c in below):
            return m.group()
        return " " * len(m.group())
    return _WRAP.sub(join, s)
