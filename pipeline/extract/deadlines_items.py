"""The lines of a task item: its list marker and how deep it sits (`5.`, `4.4.`, `b)`, `(2)`), a
task's property line (`b) Thời gian hoàn thành: ...`), and the dash lines (`- ...`) below a deadline's
line. Read by who-acts (`deadlines_actors`) and the roles of an item (`deadlines_roles`).
"""
from __future__ import annotations

import re

# A list item's marker (`3.`, `b)`, `(2)`, `II.`) at a line's start
_ITEM_START = re.compile(r"^\s*(?:\(\d+\)|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[IVX]+\.)\s")
_DASH_ITEM = re.compile(r"[ \t]*[-+•*–]")
_MARKERS = re.compile(r"[ \t]*(?:(?P<number>\d+\.)(?!\d)|(?P<paren>\d+\))|(?P<letter>[a-zđ]\))|(?P<bracketed>\(\d+\)))[ \t]")
# a task's property line (`b) Thời gian hoàn thành: ...`) belongs to the item above it, not beside it
_PROPERTY = re.compile(r"[ \t]*\S+[ \t]+(?:Thời[ \t]+gian|Thời[ \t]+hạn|Tiến[ \t]+độ|Hoàn[ \t]+thành)[^:\n]{0,40}:", re.IGNORECASE)


# `5.`, `3)`, `4.4.`, `2.1` (a section's number may drop its last dot); not a count opening a wrapped line (`01 cán bộ`)
_NUMBERED = re.compile(r"[ \t]*(?:\d{1,2}(?:\.\d{1,2})+[.)]?|\d{1,2}[.)])[ \t]")


def _depth(s: str, line_start: int) -> int:
    """How deep the numbered item opening the line at `line_start` sits (`5.` 1, `4.4.` 2), or 0."""
    marker = _NUMBERED.match(s, line_start)
    return marker.group(0).strip().rstrip(".)").count(".") + 1 if marker else 0


def _marker_kind(s: str, line_start: int) -> str | None:
    """The kind of list marker opening the line at `line_start` (`5.`, `3)`, `b)`, `(2)`), or None;
    None too for a property line of a task."""
    marker = _MARKERS.match(s, line_start)
    if not marker or _PROPERTY.match(s, line_start):
        return None
    return marker.lastgroup


ITEM_REACH = 600   # how far a task item's line, and each dash line below it, is read


def _dash_lines_below(s: str, at: int, reach: int = 2_000):
    """(start, end) of the dash lines (`- ...`) right below the line holding `at`: at most six, each
    read within ITEM_REACH, so that one long line is never read to its end for every deadline."""
    line_end = s.find("\n", at, at + reach)
    for _ in range(6):
        if line_end < 0:
            return
        next_end = s.find("\n", line_end + 1, line_end + ITEM_REACH)
        end = next_end if next_end >= 0 else min(len(s), line_end + ITEM_REACH)
        if not _DASH_ITEM.match(s, line_end + 1, end):
            return
        yield line_end + 1, end
        line_end = next_end
