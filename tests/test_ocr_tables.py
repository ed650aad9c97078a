"""Ruled tables on scanned pages: found from their printed rules, read row by row with their cells
joined as the DOCX and PDF readers join them, so a task table's rows give deadlines with their units."""
from __future__ import annotations

import numpy
import pytest
from scan_inputs import digital_task_table, scanned_task_table

from pipeline.read.ocr_layout import Word, page_text
from pipeline.read.ocr_tables import Table, ruled_tables, with_tables


def _page(width: int = 1600, height: int = 2200):
    return numpy.full((height, width), 250, dtype=numpy.uint8)


def _grid(page, columns, rows, gap: tuple[int, int] | None = None):
    for y in rows:
        page[y:y + 2, columns[0]:columns[-1] + 2] = 80
    for x in columns:
        page[rows[0]:rows[-1] + 2, x:x + 2] = 80
        if gap:
            page[gap[0]:gap[1], x:x + 2] = 250


def test_a_ruled_table_is_found_with_its_columns_and_rows():
    page = _page()
    _grid(page, (200, 300, 800, 1400), (400, 500, 600, 700))
    [table] = ruled_tables(page)
    assert [abs(a - b) <= 4 for a, b in zip(table.columns, (200, 300, 800, 1400), strict=True)] == [True] * 4
    assert [abs(a - b) <= 4 for a, b in zip(table.rows, (400, 500, 600, 700), strict=True)] == [True] * 4


def test_a_table_whose_vertical_rules_the_scan_broke_is_one_table():
    page = _page()
    rows = tuple(range(400, 1700, 100))
    _grid(page, (200, 300, 800, 1400), rows, gap=(820, 1080))   # over a tenth of the page: two runs of rules
    [table] = ruled_tables(page)
    assert len(table.rows) == len(rows) and len(table.columns) == 4


@pytest.mark.parametrize("drawn", ["edges", "underlines", "text"])
def test_no_table_without_a_grid(drawn):
    """A scan's dark border, a heading's and a signature's underlines, and lines of letters make no
    table: only rules across and down that cross in columns do."""
    page = _page()
    if drawn == "edges":
        page[:, :6] = 30
        page[-6:, :] = 30
        page[400:402, 200:1400] = 80
    elif drawn == "underlines":
        for y in (300, 900, 1500):
            page[y:y + 2, 300:900] = 60
    else:
        for top in range(300, 1500, 60):   # rows of letters: short strokes apart
            for left in range(200, 1400, 24):
                page[top:top + 30, left:left + 3] = 20
                page[top + 28:top + 30, left:left + 14] = 20
    assert ruled_tables(page) == []


def _word(text, left, top, block=1, line=1, confidence=95.0):
    return Word(text, left, top, left + 20 * len(text), top + 30, block, 1, line, confidence)


def test_a_tables_words_become_its_rows_where_tesseract_began_reading_it():
    table = Table(columns=(100, 300, 900), rows=(500, 600, 700))
    words = [_word("Kế", 100, 300, block=1), _word("hoạch", 200, 300, block=1),
             _word("Ban", 320, 640, block=2), _word("đề", 400, 640, block=2), _word("thi", 460, 640, block=2),
             _word("Stt", 120, 540, block=3), _word("Đơn", 320, 540, block=4), _word("vị", 400, 540, block=4),
             _word("1", 120, 640, block=3), _word("Hết.", 100, 900, block=5)]
    text = page_text(with_tables(words, [table]), width=1600, height=2200, columns=False)
    assert text.splitlines() == ["Kế hoạch", "", "Stt | Đơn vị", "1 | Ban đề thi", "", "Hết."]


def test_a_tables_reading_without_its_rules_is_taken_when_surer():
    table = Table(columns=(100, 300, 900), rows=(500, 600))
    page = [_word("Ban", 320, 540, confidence=40), _word("đẻ", 400, 540, confidence=30)]
    again = [_word("Ban", 320, 541, block=7, confidence=93), _word("đề", 400, 541, block=7, confidence=91)]
    assert [w.text for w in with_tables(page, [table], {0: again})] == [" | Ban đề"]
    assert [w.text for w in with_tables(page, [table], {0: [_word("B", 320, 541, confidence=10)]})] == [" | Ban đẻ"]


@pytest.mark.slow
@pytest.mark.parametrize("broken", [False, True], ids=["whole rules", "broken rules"])
def test_a_scanned_task_tables_rows_are_deadlines_of_their_units(tmp_path, broken):
    """A task table scanned (PIL draws it, tesseract reads it): each row is read with its header
    row, so each day is due from the unit on its row."""
    from pipeline.read import read
    from pipeline.record import extract

    text = read(scanned_task_table(tmp_path, broken=broken))
    assert "Đơn vị thực hiện | Thời gian (hạn cuối)" in text.text
    rows = [(d.date, d.actor) for d in extract(text).deadlines]
    assert rows == [("2015-06-15", "Ban đề thi"), ("2015-06-20", "Phòng Đào tạo"), ("2015-07-17", "Hội đồng thi")]


def test_a_table_turned_a_quarter_on_the_page_is_left_as_tesseract_read_it():
    """A landscape appendix scanned upright (s10_06, tune): tesseract reads its turned lines word by
    word, each word standing taller than wide; cut into the grid's cells they would come out in
    pieces, so the table's words stay as they were read."""
    table = Table(columns=(100, 300, 900), rows=(500, 900, 1300))
    turned = [Word(text, 320, top, 350, top + 30 * len(text), 1, 1, 1, 95.0)
              for top, text in ((520, "Mã"), (600, "số"), (680, "thủ"), (760, "tục"))]
    assert with_tables(turned, [table]) == turned


def test_a_digital_task_table_drawn_cell_by_cell_is_read_row_by_row(tmp_path):
    """A digital plan's task table: PDFium gives its cells one under the other; the page's rules
    put each character back in its cell, and each row's day is due from the unit on its row."""
    from pipeline.read import read
    from pipeline.record import extract

    rows = [("STT", "Nội dung", "Đơn vị thực hiện", "Thời gian hoàn thành"),
            ("1", "Rà soát, công bố danh mục văn bản hết hiệu lực", "Sở Tư pháp", "Trước ngày 31/01/2026"),
            ("2", "Báo cáo kết quả thực hiện kế hoạch", "Văn phòng UBND tỉnh", "15/12/2026")]
    text = read(digital_task_table(tmp_path, rows))
    assert "STT | Nội dung | Đơn vị thực hiện | Thời gian hoàn thành" in text.text
    assert "2 | Báo cáo kết quả thực hiện kế hoạch | Văn phòng UBND tỉnh | 15/12/2026" in text.text
    found = [(d.date, d.actor, d.action) for d in extract(text).deadlines]
    assert found == [("2026-01-31", "Sở Tư pháp", "Rà soát, công bố danh mục văn bản hết hiệu lực"),
                     ("2026-12-15", "Văn phòng UBND tỉnh", "Báo cáo kết quả thực hiện kế hoạch")]


def test_a_heading_across_the_table_is_one_cell_and_a_lost_stretch_of_the_scan_is_no_merge():
    """A plan's task table with a group's heading across all its columns (`I. Cải cách thể chế`, no
    column rule beside it) reads it as one cell; a row where the scan lost every rule, the outer
    ones too, keeps its columns."""
    page = _page()
    columns, rows = (200, 300, 800, 1400), (400, 500, 600, 700, 800)
    _grid(page, columns, rows)
    page[505:597, 298:304] = 250      # row 2: the heading's row, no inner rule beside it
    page[505:597, 798:804] = 250
    page[605:697, :] = 250            # row 3: a faint stretch of the scan, every rule lost
    [table] = ruled_tables(page)
    words = [_word("I.", 220, 540), _word("Cải", 330, 540), _word("cách", 420, 540), _word("chế", 900, 540),
             _word("1", 220, 640), _word("Rà", 330, 640), _word("Sở", 900, 640),
             _word("2", 220, 740), _word("Lập", 330, 740), _word("Sở", 900, 740)]
    text = page_text(with_tables(words, [table]), width=1600, height=2200, columns=False)
    assert [line.rstrip() for line in text.splitlines()] == ["I. Cải cách chế |  |", "1 | Rà | Sở", "2 | Lập | Sở"]
