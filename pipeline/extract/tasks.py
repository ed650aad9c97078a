"""Tables of tasks (who leads a dated row, and who co-operates) and of indicators (the figure a row
sets).

Plans put their tasks in tables (`STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian
hoàn thành | Sản phẩm`), often in an appendix. The readers write a table row by row, its cells
joined by ` | `, so a deadline that sits in a row is read with its table's header row: the actor is
the cell under the column that `chủ trì` (leads), the support the cells under the one that `phối
hợp` (co-operates); a column that only `theo dõi, đôn đốc` (follows up) is neither.

>>> table = ("STT | Nhiệm vụ | Thời gian hoàn thành | Chủ trì thực hiện | Phối hợp thực hiện\\n"
...          "1 | Công bố danh mục văn bản | Trước ngày 31/01 | Sở Tư pháp | Sở Nội vụ; UBND các xã")
>>> row_roles(table, table.index("Trước"))
('Sở Tư pháp', ('Sở Nội vụ', 'UBND các xã'))
>>> table = ("TT | Nội dung công việc | Thời gian | Đơn vị chủ trì/phối hợp\\n"
...          "2 | Chọn mẫu khảo sát | Trước ngày 30/6/2026 | Trung tâm QLCL; các khoa")
>>> row_roles(table, table.index("Trước"))
('Trung tâm QLCL', ('các khoa',))
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..read.letters import fold  # the one folding of letters without marks

CELL = " | "
MAX_TITLE = 40             # characters of a column title (`Cơ quan, đơn vị chủ trì thực hiện`)
MAX_ROWS_UP = 400          # how far above a row its header row may be (a long appendix table)
MAX_ROW = 20_000           # characters of one table row, the longest a reader writes
# `Đơn vị/người thực hiện`, `Đơn vị/cá nhân thực hiện` (a school's plan gives tasks to people too)
_LEADS = re.compile(r"\bchu\s*tri\b|\btrach\s*nhiem\b"
                    r"|\b(?:don\s*vi|co\s*quan)(?:\s*/\s*(?:nguoi|ca\s*nhan))?\s*thuc\s*hien\b")
_WHEN = re.compile(r"^(?:thoi\s*gian|ngay|lich)\b")
_YEAR = re.compile(r"\bnam\s+((?:19|20)\d\d)\b")
_SUPPORTS = re.compile(r"\bphoi\s*hop\b")
# one column for both (`Đơn vị chủ trì/phối hợp`, `Chủ trì, phối hợp`; a scan's `chủ trì/phôi` cut short)
_LEAD_THEN_SUPPORT = re.compile(r"\bchu\s*tri\s*(?:[/,-]|va)\s*phoi\b")


def cells_of(line: str) -> list[str]:
    """The cells of a table row as the readers write it (`Sở A | Sở B`): an empty cell's two spaces the
    normaliser made one (`Sở A | | Sở B` is three cells, the middle one empty, not two).

    >>> cells_of("Báo cáo | | 15/3/2026 | Sở Y tế"), cells_of("a |  | b"), cells_of("| STT | Nội dung |")
    (['Báo cáo', '', '15/3/2026', 'Sở Y tế'], ['a', '', 'b'], ['| STT', 'Nội dung |'])
    """
    return [line[a:b] for a, b in cell_spans(line)]


def cell_spans(line: str) -> list[tuple[int, int]]:
    """Where each cell of `line` stands in it, as `cells_of` parts them (`Sở A | | Sở B`: three)."""
    spans, start = [], 0
    for bar in _BAR.finditer(line):
        spans.append((start, max(start, bar.start() - 1)))
        start = bar.end() + 1
    spans.append((start, len(line)))
    return spans


# a cell mark: ` | ` as the readers write it, its left space shared with the mark before an empty cell
_BAR = re.compile(r"(?<= )\|(?= )")


@lru_cache(maxsize=256)
def _header_columns(line: str) -> tuple[int, int | None, bool] | None:
    """(the leading column, the co-operating column or None, whether the leading column lists both)
    of a table's header row: each row of a table is read for every deadline below it, so the answer
    is kept per line. One column may name both (`Đơn vị chủ trì/phối hợp`): its cell lists the lead
    first, then who co-operates (`Trung tâm QLCL; các khoa`)."""
    cells = [_title_fold(c) for c in cells_of(line)]

    def title(cell: str, cue: re.Pattern) -> bool:   # a column's title: short, no figures (not a task's text)
        return bool(cue.search(cell)) and len(cell) <= MAX_TITLE and not any(ch.isdigit() for ch in cell)

    if len(cells) < 3:
        return None
    lead = next((i for i, c in enumerate(cells) if title(c, _LEADS) and not _SUPPORTS.search(c)
                 and not _LEAD_THEN_SUPPORT.search(c)), None)
    if lead is None:
        both = next((i for i, c in enumerate(cells) if title(c, _LEAD_THEN_SUPPORT)), None)
        return (both, None, True) if both is not None else None
    support = next((i for i, c in enumerate(cells) if title(c, _SUPPORTS) and i != lead), None)
    return lead, support, False


def _title_fold(cell: str, strip: str | None = None) -> str:
    """A cell folded for reading as a column's title; a cell far too long for one (a task's text) is
    not folded at all (an NFD letter is at most three code points)."""
    return fold(cell).strip(strip) if len(cell) <= 3 * MAX_TITLE + 8 else cell


def in_a_row(text: str, offset: int) -> bool:
    """Whether `offset` follows a cell mark on its line, a line no longer than a table row (`_lines_up`
    reads no longer one): looked at for every date of a text, so never further back than a row."""
    floor = max(0, offset - MAX_ROW)
    line_end = text.rfind("\n", floor, offset)
    if line_end < 0 and floor > 0:
        return False
    return text.find(CELL, line_end + 1, offset) >= 0


def _lines_up(text: str, offset: int):
    """The lines from the one holding `offset` upwards, while they are rows of the same table."""
    end = text.find("\n", offset, offset + MAX_ROW)
    if end < 0:
        if len(text) > offset + MAX_ROW:
            return   # a line this long is no table row: not read to its end for every date in it
        end = len(text)
    for _ in range(MAX_ROWS_UP):
        floor = max(0, end - MAX_ROW)
        start = text.rfind("\n", floor, end) + 1
        if start == 0 and floor > 0:
            return
        line = text[start:end]
        if CELL not in line:
            return
        # an empty first (last) cell leaves the line opening `| ` (ending ` |`) once its spaces are
        # trimmed: given back its space, the row's cells stay under their columns
        opens_empty = line.startswith("| ")
        yield start - opens_empty, " " * opens_empty + line + " " * line.endswith(" |")
        if start == 0:
            return
        end = start - 1


def _names(cell: str) -> tuple[str, ...]:
    return tuple(p.strip(" .") for p in re.split(r";|\n", cell) if p.strip(" .") and p.strip(" .") != "-")


def _row_under_header(text: str, offset: int) -> tuple[str, str, tuple[int, int | None, bool]] | None:
    """(the row holding `offset`, the header row above it that names a leading column, that
    header's (leading, co-operating) columns), or None outside such a table."""
    rows = _lines_up(text, offset)   # walked lazily: a header right above a row ends the walk there
    _, row = next(rows, (0, None))
    if row is None:
        return None
    for _, line in rows:
        columns = _header_columns(line)
        if columns is not None:
            return row, line, columns
    return None


def task_row(text: str, offset: int) -> tuple[str, tuple[str, ...], str | None] | None:
    """(actor, support, task) for a deadline at `offset` in a task-table row: the cells under the
    columns that lead and co-operate, and under the `Nhiệm vụ` (`Nội dung`, `Công việc`) column, if
    any; None when it is in no row of a table whose header names a leading column (or the row
    leaves that cell empty). The row and its header are found by one walk up the table.

    >>> table = "Stt | Nội dung | Đơn vị/người thực hiện | Thời gian (hạn cuối)\\n2 | Lên kế hoạch làm đề | Ban đề thi | 15/06/2015"
    >>> task_row(table, table.index("15/06"))
    ('Ban đề thi', (), 'Lên kế hoạch làm đề')
    """
    found = _row_under_header(text, offset)
    if found is None:
        return None
    row, header, (lead, support, both) = found
    cells = cells_of(row)
    if lead >= len(cells) or not cells[lead].strip():
        return None
    actor = cells[lead].strip()
    helpers = _names(cells[support]) if support is not None and support < len(cells) else ()
    if both and (listed := _names(actor)):   # the lead first, then who co-operates
        actor, helpers = listed[0], listed[1:]
    column = _task_column(header)
    task = (cells[column].strip() or None) if column is not None and column < len(cells) else None
    return actor, helpers, task


def row_roles(text: str, offset: int) -> tuple[str, tuple[str, ...]] | None:
    """(actor, support) for a deadline at `offset` in a task-table row (`task_row` without the task)."""
    found = task_row(text, offset)
    return found[:2] if found else None


_TASK = re.compile(r"^(?:ten\s*)?(?:nhiem\s*vu|noi\s*dung|cong\s*viec)\b")


@lru_cache(maxsize=256)
def _task_column(header: str) -> int | None:
    """The `Nhiệm vụ` (`Nội dung`, `Công việc`) column of a header row, kept per line as the others."""
    titles = [_title_fold(c) for c in cells_of(header)]
    return next((i for i, c in enumerate(titles) if _TASK.match(c) and len(c) <= MAX_TITLE), None)


def time_cell(text: str, offset: int) -> tuple[bool, int | None, bool]:
    """Whether `offset` is in the `Thời gian` column of a table row (a schedule: broadcasts,
    inspections, meetings; or a task table's `Thời gian hoàn thành`), the year its header gives
    (`Thời gian (Năm 2026)`), if any, and whether that header names a leading column (a task table,
    where each row with a day is a deadline).

    >>> table = "TT | Nội dung | Trách nhiệm thực hiện | Thời gian (Năm 2026)\\n1 | Đối thoại | Sở Y tế | 20 giờ ngày 08 tháng 5"
    >>> time_cell(table, table.index("ngày 08"))
    (True, 2026, True)
    """
    rows = _lines_up(text, offset)   # walked lazily, as in `row_roles`
    row_start, row = next(rows, (0, None))
    if row is None:
        return False, None, False
    column = len(cells_of(row[:offset - row_start])) - 1
    for _, line in rows:
        titles = _time_titles(line)
        title = titles[column] if column < len(titles) else None
        if title is not None:
            year = _YEAR.search(title)
            return True, int(year.group(1)) if year else None, _header_columns(line) is not None
    return False, None, False


@lru_cache(maxsize=256)
def _time_titles(line: str) -> tuple[str | None, ...]:
    """Each cell of a table row folded where it reads as a `Thời gian` column's title, else None: every
    row above a date is read for it, for each date of the table, so the answer is kept per line."""
    cells = (_title_fold(c, " ()") for c in cells_of(line))
    return tuple(c if _WHEN.match(c) and len(c) <= MAX_TITLE else None for c in cells)


_UNIT_TITLES = ("don vi", "don vi tinh", "dvt")
_AIM_TITLE = re.compile(r"\b(?:chi\s*tieu|muc\s*tieu|ke\s*hoach|phan\s*dau)\b")
_AIMED = re.compile(r"(?:(?P<cue>trên|dưới|tối\s+thiểu|ít\s+nhất|tối\s+đa|không\s+quá|từ)\s+)?"
                    r"(?P<value>\d{1,5}(?:[.,]\d{1,2})?)\s*(?P<percent>%)?(?:\s*(?P<above>trở\s+lên))?", re.IGNORECASE)


_UNIT_TITLE = re.compile(r"\|[ \t*]*(?:[ĐđDd]\w{1,2}[Nn][ \t]*[Vv]\w(?:[ \t]*[Tt]\w{2,3})?|[ĐđDd][Vv][Tt])[ \t*]*(?=\||$)",
                         re.MULTILINE)


@lru_cache(maxsize=256)
def _indicator_columns(line: str) -> tuple[int, int] | None:
    """(the unit's column, the aimed figure's column) of an indicator table's header row (`TT | Chỉ
    tiêu | Đơn vị | Chỉ tiêu năm 2024 | Đơn vị chủ trì`), or None."""
    cells = [_title_fold(c, " |*") for c in cells_of(line)]
    unit = next((i for i, c in enumerate(cells) if c in _UNIT_TITLES), None)
    if unit is None:
        return None
    aim = next((i for i, c in enumerate(cells) if i > unit and _AIM_TITLE.search(c) and len(c) <= MAX_TITLE), None)
    return None if aim is None else (unit, aim)


def indicator_rows(text: str):
    """The rows of indicator tables that set a figure: (start of the indicator's cell, end of the
    figure, the figure's match of `_AIMED` (its value, `%`, a cue), the unit cell). The table's header row names a unit column
    (`Đơn vị`, `ĐVT`) and, after it, the aimed figure's (`Chỉ tiêu năm 2024`, `Kế hoạch`, `Mục tiêu
    phấn đấu`); the indicator is the cell before the unit's.

    >>> table = ("TT | Chỉ tiêu | Đơn vị | Chỉ tiêu năm 2024 | Đơn vị chủ trì\\n"
    ...          "1 | Tỷ lệ hồ sơ trực tuyến tối thiểu | % | 50 | Văn phòng Bộ\\n"
    ...          "2 | Hồ chứa được công bố dòng chảy tối thiểu | Công trình | Trên 600 | Cục Quản lý tài nguyên nước")
    >>> [(table[a:b], m.group("value"), unit) for a, b, m, unit in indicator_rows(table)]
    [('Tỷ lệ hồ sơ trực tuyến tối thiểu | % | 50', '50', '%'), ('Hồ chứa được công bố dòng chảy tối thiểu | Công trình | Trên 600', '600', 'Công trình')]
    """
    if CELL not in text:
        return
    # the lines a unit column's title may stand in (`| Đơn vị |`, `| ĐVT |` in any marks or case: more
    # than fold to one; never the first column), found in one scan: a table with none sets no figure
    titled = {text.rfind("\n", 0, m.start()) + 1 for m in _UNIT_TITLE.finditer(text)}
    if not titled:
        return
    columns = None
    at = 0
    for line in text.split("\n"):
        start, at = at, at + len(line) + 1
        if CELL not in line:
            columns = None if line.strip() else columns   # a line of prose ends a table; a blank line does not
            continue
        header = _indicator_columns(line) if start in titled and len(line) <= 40 * MAX_TITLE else None
        if header is not None:
            columns = header
            continue
        if columns is None:
            continue
        unit, aim = columns
        spans = cell_spans(line)
        if aim >= len(spans) or unit < 1:
            continue
        cells = [line[a:b] for a, b in spans]
        unit_cell = cells[unit].strip()
        offsets = [start + a for a, _ in spans]
        figure = _AIMED.fullmatch(cells[aim].strip(" |*"))
        if figure is None or not unit_cell or len(unit_cell) > 20 or any(ch.isdigit() for ch in unit_cell):
            continue
        named = offsets[unit - 1] + len(cells[unit - 1]) - len(cells[unit - 1].lstrip(" |*"))
        value_at = offsets[aim] + len(cells[aim]) - len(cells[aim].lstrip(" |*"))
        yield named, value_at + len(figure.group()), figure, unit_cell
