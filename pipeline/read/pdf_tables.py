"""Ruled tables on a digital PDF page, read row by row.

PDFium gives a page's text in drawing order, and a table drawn cell by cell comes out as a stream
of cells: `Nhiệm vụ` / `Cơ quan chủ trì` / `Thời gian hoàn thành` / `Công bố danh mục ...` / `Sở Tư
pháp` / `Trước ngày 31/01`, one under the other, so a deadline in a row no longer sees its unit or
its column. The page's rules are drawn: rendered, they give the table's rows and columns as on a
scan (`ocr_tables`), and each character goes to the cell its box's centre lies in. The table's
characters are then written where the table began, a row per line, its cells joined by ` | `, as
the DOCX reader writes a table; what the page draws between the table's characters (a footnote)
follows it.

Rendering costs a page's pixels (about 30 ms), so only a page whose text holds a table's column
titles on lines of their own is looked at.
"""
from __future__ import annotations

import re

from .ocr_tables import CELL, cell_of, ruled_tables

RENDER_DPI = 150   # the rules of a table are thin: at 150 dpi a half-point rule is a pixel or more
# A table drawn cell by cell leaves its header row's titles on short lines: the number's column
# (`STT`, `TT`) opens one, and a time's, a unit's or a lead's title stands on one (`Thời gian hoàn
# thành`, `Đơn vị tính`, `Cơ quan chủ trì`). A page with both is rendered; a page of prose that
# merely says `thời gian` is not.
_NUMBER_TITLE = re.compile(r"^[ \t]*(?:STT|TT|Stt|Số[ \t]+TT)(?![^\W\d_])", re.MULTILINE)
_COLUMN_TITLE = re.compile(r"^[^\n]{0,40}(?:Thời[ \t]+gian|Thời[ \t]+hạn|Tiến[ \t]+độ|Đơn[ \t]+vị[ \t]+tính|ĐVT|Chỉ[ \t]+tiêu"
                           r"|[Cc]hủ[ \t]+trì|Trách[ \t]+nhiệm|thực[ \t]+hiện)[^\n]{0,30}$", re.MULTILINE | re.IGNORECASE)
NO_BOX = (0.0, 0.0, 0.0, 0.0)
MAX_PIXELS = 5_000_000   # pixels a page is rendered at, at most (an A3 page at 150 dpi is 4.4 million)


def might_hold_a_table(text: str) -> bool:
    """Whether a page's text holds the titles of a table's columns on short lines.

    >>> might_hold_a_table("STT\\r\\nNội dung\\r\\nCơ quan chủ trì\\r\\nThời gian hoàn thành\\r\\n1\\r\\n")
    True
    >>> might_hold_a_table("Thời gian thực hiện: trước ngày 31/12/2025, Sở Nội vụ chủ trì thực hiện.")
    False
    """
    return bool(_NUMBER_TITLE.search(text)) and bool(_COLUMN_TITLE.search(text))


def tabled(page, base: str, boxes: list) -> tuple[str, list] | None:
    """`base` (the page's text, one character per box of `boxes`, in PDF points) with each ruled
    table written row by row, and the boxes that go with it (none for a row's text); None when the
    page holds no ruled table."""
    import numpy

    width, height = page.get_size()
    # a page drawn at a hostile size (a MediaBox of 200 inches) is rendered no larger than an A3 at 150 dpi
    scale = min(RENDER_DPI / 72, (MAX_PIXELS / max(1.0, width * height)) ** 0.5)
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        gray = numpy.array(bitmap.to_numpy(), copy=True)
    finally:
        bitmap.close()
    if gray.ndim == 3:
        gray = gray[..., 0]
    tables = ruled_tables(gray)
    if not tables:
        return None
    labels = [-1] * len(base)
    places: list[tuple[int, int] | None] = [None] * len(base)
    for index, (char, box) in enumerate(zip(base, boxes, strict=True)):
        if char.isspace() or box == NO_BOX:
            continue
        x, y = (box[0] + box[2]) / 2 * scale, (height - (box[1] + box[3]) / 2) * scale
        for number, table in enumerate(tables):
            row, column = cell_of(table.rows, y), cell_of(table.columns, x)
            if row is not None and column is not None:
                labels[index], places[index] = number, (row, table.span_start(row, column))
                break
    if all(label < 0 for label in labels):
        return None
    _spaces_inside(base, labels, places)
    cells: list[dict[tuple[int, int], list[str]]] = [{} for _ in tables]
    for index, place in enumerate(places):
        if place is not None:
            cells[labels[index]].setdefault(place, []).append(base[index])
    rows = [_rows_text(table_cells, len(table.columns) - 1) for table, table_cells in zip(tables, cells, strict=True)]
    for number, table_rows in enumerate(rows):
        if not _HEADER_ROW.search(table_rows.split("\n", 1)[0]):
            # not a task or indicator table (a list of documents that lose force): read as drawn
            labels = [-1 if label == number else label for label in labels]
    if all(label < 0 for label in labels):
        return None
    text: list[str] = []
    kept: list = []
    done: set[int] = set()
    for index, char in enumerate(base):
        label = labels[index]
        if label < 0:
            text.append(char)
            kept.append(boxes[index])
        elif label not in done:
            done.add(label)
            block = ("" if not text or text[-1] == "\n" else "\n") + rows[label] + "\n"
            text.append(block)
            kept.extend([NO_BOX] * len(block))
    return "".join(text), kept


def _spaces_inside(base: str, labels: list[int], places: list) -> None:
    """A space or line break between two characters of one table belongs to that table, and to
    the cell of the character before it (a line break inside a cell is a space of its text)."""
    previous = -1
    pending: list[int] = []
    for index, char in enumerate(base):
        if labels[index] < 0 and char.isspace():
            pending.append(index)
            continue
        if labels[index] >= 0 and labels[index] == previous:
            for waiting in pending:
                labels[waiting], places[waiting] = previous, places[pending[0] - 1]
        pending = []
        previous = labels[index]


# the header row of a task or indicator table: a column of the unit that leads or carries out, or
# of an indicator (`| Cơ quan chủ trì |`, `| Đơn vị/người thực hiện |`, `| Chỉ tiêu |`, `| ĐVT |`); not a
# list of procedures (`| Thời hạn giải quyết | Địa điểm thực hiện | Căn cứ pháp lý |`)
_HEADER_ROW = re.compile(r"(?:^|\| )[^|]{0,30}(?:chủ trì|(?:cơ quan|đơn vị|bộ phận|người)[^|]{0,15}thực hiện|trách nhiệm"
                         r"|chỉ tiêu|đơn vị tính|ĐVT)[^|]{0,30}(?: \||$)", re.IGNORECASE)


def _cell(chars: list[str]) -> str:
    """A cell's text on one line: its lines joined by a space, or by nothing after a hyphen or a
    slash (a code wrapped in the cell, `06/2024/TT-` / `BLĐTBXH`)."""
    text = re.sub(r"(?<=[-/])[ \t]*\r?\n\s*", "", "".join(chars))
    return " ".join(text.split())


def _rows_text(cells: dict[tuple[int, int], list[str]], columns: int) -> str:
    """The table's rows that hold any text, each its cells' texts joined by ` | `."""
    lines = []
    for row in sorted({row for row, _ in cells}):
        texts = [_cell(cells.get((row, column), [])) for column in range(columns)]
        if any(texts):
            lines.append(CELL.join(texts))
    return "\n".join(lines)
