"""Hostile inputs for the readers (issue 21), each built for real at a size that runs in seconds.

Every input here once cost minutes, gigabytes, a lost page or a traceback: a word of 100,000
letters and a 1 MB line (quadratic tone-mark regex), a 200×20 vertically merged Word table
(python-docx's merged-cell lookup), a DOCX of a million empty paragraphs, a DOCTYPE placed after
the first 4 KB of an XML part, legitimate nesting deeper than 256 levels and a nesting bomb, a
text that mentions `%PDF-`, a PDF declaring /Count 999, a thousand blank pages, and the signed
`congbao_*` PDFs whose first page was lost. The DOCX are made with python-docx, the PDFs with
reportlab; each test checks the outcome and a time bound.
"""
from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import inputs
import pytest

from pipeline.errors import CorruptFile, EmptyFile, OCRFailed, TooLarge, UnsafeFile
from pipeline.read import Limits, read
from pipeline.read.layout import find_blocks
from pipeline.read.normalize import normalize
from pipeline.read.pages import join_pages

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "real"
NO_OCR = Limits(ocr=False)


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


# --------------------------------------------------------------------------------------------------
# Regexes over untrusted text: linear


def test_a_100000_letter_word_and_a_1mb_line_normalise_fast(tmp_path):
    word = tmp_path / "word.txt"
    word.write_text("Công văn số 12 về việc " + "a" * 100_000 + " hoà bình", encoding="utf-8")
    text, seconds = timed(read, word, NO_OCR)
    assert text.text.endswith("hòa bình")   # the tone fix still applies around the long word
    assert seconds < 2, f"{seconds:.2f} s"

    line = ("Uỷ ban nhân dân tỉnh Hoà Bình [Nghị định 30](https://x.vn/30) ** khoẻ ** " * 20_000)[:1_000_000]
    for markdown in (False, True):
        (out, offsets), seconds = timed(normalize, line, markdown=markdown)
        assert "\n" not in out and "Ủy ban" in out and len(offsets) == len(out) + 1
        assert seconds < 2, f"markdown={markdown}: {seconds:.2f} s"


@pytest.mark.parametrize("raw", [
    "[" * 1_000_000,                    # every `[` used to rescan the rest of the line for `]`
    "[a](" * 250_000,                   # ... and every `](` the rest for `)`
    "---" + " " * 1_000_000 + "x",      # two `[ ]*` side by side in the table-rule pattern
    "oà" * 500_000,                     # a word made of old tone placements
    "a" + "\u0301" * 1_000_000,         # one letter under a million combining marks (NFD text)
    "\u0301" * 1_000_000,               # marks on no letter
    "\n\u0301" * 500_000,               # marks after line ends, which compose with nothing
    "a\u0301\u0302 " * 300_000,         # NFD words: every run is composed
])
def test_pathological_markdown_normalises_fast(raw):
    (out, offsets), seconds = timed(normalize, raw, markdown=True)
    assert len(offsets) == len(out) + 1
    assert seconds < 2, f"{seconds:.2f} s"


def test_page_furniture_and_blocks_are_linear():
    # A line of spaces and a digit defeated `^\s*[-–(]?\s*(?:trang|page)?\s*\d...`: cubic.
    pages = ["Trang 1\n" + " " * 20_000 + "1 x\nnội dung", "Trang 2\n" + "- " + " " * 20_000 + "x\nnội dung"]
    extracted, seconds = timed(join_pages, pages)
    assert len(extracted.pages) == 2 and seconds < 2, f"{seconds:.2f} s"
    # a name's test on every edge line: pages of one 100,000-letter line, of names
    extracted, seconds = timed(join_pages, ["Nguyễn " * 20_000 + "a" * 100_000] * 4 + ["Mai Lương Khôi\n" * 5_000] * 4)
    assert len(extracted.pages) == 8 and seconds < 2, f"{seconds:.2f} s"
    # `^\s*Nơi nhận` rescanned a run of blank-looking lines (\x1c survives normalisation) from each.
    text, _ = normalize("Công văn\n" * 3 + "\x1c\n" * 500_000 + "Nơi nhận:\n- Như trên")
    blocks, seconds = timed(find_blocks, text)
    assert blocks[-1].kind == "recipients" and seconds < 2, f"{seconds:.2f} s"


def test_nfc_that_grows_the_text_keeps_one_offset_per_character():
    # U+0958 is excluded from composition: NFC makes two characters of it (an IndexError before).
    text, offsets = normalize("Số 12 \u0958\u0959\u095a ngày Å  5")
    assert unicodedata.is_normalized("NFC", text)
    assert len(offsets) == len(text) + 1


@pytest.mark.parametrize("hostile", ['<a b="' * 100_000, "<!--" * 100_000, "</a" * 100_000, "<?" * 200_000])
def test_broken_html_reads_in_one_pass(tmp_path, hostile):
    # html.parser rescans the rest of the page from each unterminated construct: 29.6 s on 120 KB
    page = tmp_path / "trang.html"
    page.write_text("<html><body><p>Công văn số 12/UBND-VP</p>" + hostile, encoding="utf-8")
    text, seconds = timed(read, page, NO_OCR)
    assert text.format == "html" and "12/UBND-VP" in text.text
    assert seconds < 2, f"{seconds:.2f} s"


def test_html_nested_past_the_parser_limit_says_what_it_left_out(tmp_path):
    page = tmp_path / "sau.html"
    page.write_text("<html><body>" + "".join(f"<div>mục {i}" for i in range(3000)), encoding="utf-8")
    text = read(page, NO_OCR)
    assert "mục 2000" in text.text and "mục 2999" not in text.text
    assert any("nested deeper than 2048" in warning for warning in text.warnings)


# --------------------------------------------------------------------------------------------------
# DOCX


def _merged_table_docx(path: Path, rows: int, columns: int, merged: range) -> Path:
    """A data table whose `merged` columns are each one cell spanning every row (w:vMerge)."""
    from docx import Document

    document = Document()
    document.add_paragraph("Kế hoạch phân công nhiệm vụ")
    table = document.add_table(rows=rows, cols=columns)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if c in merged:
                cell._tc.vMerge = "restart" if r == 0 else "continue"
                if r == 0:
                    cell.text = f"Nhóm {c}"
            else:
                cell.text = f"ô {r}.{c}"
    document.save(str(path))
    return path


def test_a_200_by_20_vertically_merged_table_reads_fast(tmp_path):
    path = _merged_table_docx(tmp_path / "merged.docx", 200, 20, range(10))
    text, seconds = timed(read, path, NO_OCR)
    assert seconds < 2, f"{seconds:.2f} s (38.5 s before)"
    lines = [line for line in text.text.splitlines() if line.startswith("Nhóm 0")]
    assert len(lines) == 200                      # the merged cell stands in every row, as python-docx gives it
    assert lines[-1].endswith("ô 199.19")


def _python_docx_lines(path: Path) -> list[str]:
    """The table text the reader gave before, through python-docx's own `row.cells`."""
    from docx import Document

    def cells(row):
        seen, out = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                out.append(cell)
        return out

    def cell_lines(cell):
        lines = []
        for item in cell.iter_inner_content():
            lines.extend(table_lines(item) if hasattr(item, "rows") else [item.text])
        return lines

    def table_lines(table):
        rows = [cells(row) for row in table.rows]
        columns = max((len(r) for r in rows), default=0)
        if columns <= 3 and len(rows) <= (8 if columns < 3 else 2):   # three columns over more rows: data
            out = []
            for column in range(columns):
                for row in rows:
                    if column < len(row):
                        out.extend(cell_lines(row[column]))
                out.append("")
            return out
        return [" | ".join(" ".join(cell_lines(c)).strip() for c in row) for row in rows] + [""]

    document = Document(str(path))
    return [line for item in document.iter_inner_content()
            for line in (table_lines(item) if hasattr(item, "rows") else [item.text])]


@pytest.mark.parametrize("rows, columns", [(5, 3), (6, 4), (12, 5)])
def test_merged_tables_read_as_python_docx_reads_them(tmp_path, rows, columns):
    from docx import Document

    from pipeline.read.docx import docx_lines

    document = Document()
    table = document.add_table(rows=rows, cols=columns)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}:{c}"
    table.cell(0, 0).merge(table.cell(rows - 1, 0))         # a column merged down
    table.cell(1, 1).merge(table.cell(2, columns - 1))      # a block merged across and down
    inner = table.cell(rows - 1, columns - 1).add_table(rows=2, cols=2)   # a nested table
    inner.cell(0, 0).merge(inner.cell(1, 0))
    inner.cell(0, 1).text = "lồng"
    document.add_paragraph("Nơi nhận:")
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert docx_lines(path) == _python_docx_lines(path)


def test_a_cell_continuing_a_merge_from_nowhere_is_read_not_a_crash(tmp_path):
    from docx import Document

    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "trên"
    table.cell(0, 0)._tc.vMerge = "continue"    # python-docx: ValueError (no row above)
    document.save(str(tmp_path / "odd.docx"))
    assert "trên" in read(tmp_path / "odd.docx", NO_OCR).text


def _stored_docx(path: Path, body: bytes) -> Path:
    """python-docx's blank document with `body` as the body's content, stored uncompressed."""
    from docx import Document

    blank = io.BytesIO()
    Document().save(blank)
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                data = head + b"<w:body>" + body + tail
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_STORED)
    return path


def test_a_docx_of_a_million_empty_paragraphs_is_fast_and_lean(tmp_path):
    path = _stored_docx(tmp_path / "empty.docx", b"<w:p/>" * 1_000_000)   # 6 MB (57 s and 1 GB at 25 MB)
    probe = (
        "import sys, time\n"
        "from pipeline.read import read, Limits\n"
        "start = time.perf_counter()\n"
        "try:\n    read(sys.argv[1], Limits(ocr=False))\nexcept Exception as error:\n    print(type(error).__name__)\n"
        # the peak of this process alone: ru_maxrss survives exec (it would be pytest's peak), VmHWM does not
        "peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "print(time.perf_counter() - start, peak // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=120)
    outcome, figures = done.stdout.strip().splitlines()
    seconds, megabytes = float(figures.split()[0]), int(figures.split()[1])
    assert outcome == "EmptyFile"
    assert seconds < 10, f"{seconds:.1f} s"
    assert megabytes < 250, f"{megabytes} MB"


def _with_prolog(docx: Path, target: Path, prolog: str) -> Path:
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                start = xml.index("?>") + 2
                data = (xml[:start] + prolog + xml[start:]).encode("utf-8")
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_a_doctype_after_the_first_4kb_is_refused(tmp_path):
    docx = inputs.make_docx(tmp_path)
    padding = "<!--" + "đệm " * 2000 + "-->"     # 8 KB of comment before the declaration
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{inputs.XXE_TARGET}">]>'
    late = _with_prolog(docx, tmp_path / "late_xxe.docx", padding + doctype)
    assert zipfile.ZipFile(late).read("word/document.xml").find(b"<!DOCTYPE") > 4096
    with pytest.raises(UnsafeFile, match="DOCTYPE"):
        read(late, NO_OCR)
    # the same padding without a DOCTYPE is a good document
    assert "2458/UBND-NC" in read(_with_prolog(docx, tmp_path / "padded.docx", padding), NO_OCR).text


def _nested_tables(depth: int) -> bytes:
    inner = b"<w:p><w:r><w:t>trong c\xc3\xb9ng</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = b"<w:tbl><w:tr><w:tc>" + inner + b"<w:p/></w:tc></w:tr></w:tbl>"
    return b"<w:p><w:r><w:t>Ngo\xc3\xa0i</w:t></w:r></w:p>" + inner


def test_nesting_deeper_than_256_reads_and_a_nesting_bomb_is_refused(tmp_path):
    # 120 nested tables: 360 levels of XML, past libxml2's default 256, within what Word writes
    deep = _stored_docx(tmp_path / "deep.docx", _nested_tables(120))
    text, seconds = timed(read, deep, NO_OCR)
    assert "trong cùng" in text.text and seconds < 5
    bomb = _stored_docx(tmp_path / "bomb.docx", b"<w:sdt>" * 100_000 + b"</w:sdt>" * 100_000)
    with pytest.raises(UnsafeFile, match="nested deeper than 2048"):
        read(bomb, NO_OCR)


def test_a_malformed_docx_part_is_named_not_an_internal_error(tmp_path):
    docx = inputs.make_docx(tmp_path)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(broken, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    with pytest.raises(CorruptFile, match="not well-formed"):
        read(broken, NO_OCR)


# --------------------------------------------------------------------------------------------------
# Text that looks like a PDF; PDFs that lie


def test_a_text_mentioning_pdf_magic_is_read_as_text(tmp_path):
    note = tmp_path / "ghi_chu.txt"
    note.write_text("Ghi chú\nTệp %PDF-1.7 phải được ký số.\nCông văn số 12/UBND-VP ngày 05 tháng 8 năm 2021.\n",
                    encoding="utf-8")
    text = read(note, NO_OCR)
    assert text.format == "text" and "12/UBND-VP" in text.text
    truncated = tmp_path / "truncated.pdf"     # a broken real PDF is still a broken PDF
    truncated.write_bytes(_reportlab_pdf(tmp_path / "whole.pdf", pages=3).read_bytes()[:1500])
    with pytest.raises(CorruptFile, match="PDF"):
        read(truncated, NO_OCR)


def _reportlab_pdf(path: Path, pages: int, blank: bool = False) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    drawing = canvas.Canvas(str(path), pageCompression=0)
    for number in range(1, pages + 1):
        if not blank:
            drawing.setFont("DejaVuSans", 12)
            drawing.drawString(72, 760, "ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN - Số: 2458/UBND-NC")
            drawing.drawString(72, 740, f"Trang {number}: Cộng hòa xã hội chủ nghĩa Việt Nam, độc lập, tự do.")
        drawing.showPage()
    drawing.save()
    return path


@pytest.fixture
def tools_log(tmp_path, monkeypatch) -> Path:
    """tesseract and pdftoppm stand-ins first on PATH that log each call: OCR that runs is seen."""
    log = tmp_path / "tools.log"
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("tesseract", "pdftoppm"):
        script = folder / tool
        script.write_text(f"#!/bin/sh\necho {tool} >> {log}\nexit 1\n")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def test_a_pdf_declaring_999_pages_warns_once(tmp_path, tools_log):
    path = _reportlab_pdf(tmp_path / "count.pdf", pages=3)
    data, replaced = re.subn(rb"/Count 3\b", b"/Count 999", path.read_bytes())
    assert replaced == 1
    path.write_bytes(data)
    text, seconds = timed(read, path, Limits(ocr=True))
    assert "Trang 3" in text.text and seconds < 5
    page_warnings = [w for w in text.warnings if "page" in w]
    assert len(page_warnings) == 1 and "4-999" in page_warnings[0]
    assert not tools_log.exists()             # the missing pages are not rendered nor OCR'd


def test_blank_pages_cost_no_rendering_and_no_ocr(tmp_path, tools_log):
    blank = _reportlab_pdf(tmp_path / "blank.pdf", pages=1000, blank=True)
    start = time.perf_counter()
    with pytest.raises(EmptyFile):
        read(blank, Limits(ocr=True))     # 418 s of OCR before
    assert time.perf_counter() - start < 5
    assert not tools_log.exists()

    mixed = _reportlab_pdf(tmp_path / "mixed.pdf", pages=2)   # a letter, then blank pages: noted
    subprocess.run(["qpdf", "--empty", "--pages", str(mixed), str(blank), "1-20", "--", str(tmp_path / "m.pdf")],
                   check=True, capture_output=True, timeout=60)
    text, seconds = timed(read, tmp_path / "m.pdf", Limits(ocr=True))
    assert "Trang 2" in text.text and seconds < 5
    assert any("3-22" in note and "blank" in note for note in text.notes)
    assert not tools_log.exists() and not text.warnings


def test_ocr_failing_on_a_page_costs_that_page_only(tmp_path, tools_log):
    from PIL import Image, ImageDraw
    from reportlab.pdfgen import canvas

    scan = Image.new("L", (850, 1100), 255)
    ImageDraw.Draw(scan).rectangle((100, 100, 700, 140), fill=0)
    scan.save(tmp_path / "scan.png")
    letter = _reportlab_pdf(tmp_path / "letter.pdf", pages=1)
    drawing = canvas.Canvas(str(tmp_path / "image.pdf"))
    drawing.drawImage(str(tmp_path / "scan.png"), 0, 0, 595, 842)
    drawing.showPage()
    drawing.save()
    mixed = tmp_path / "mixed.pdf"
    subprocess.run(["qpdf", "--empty", "--pages", str(letter), str(tmp_path / "image.pdf"), "--", str(mixed)],
                   check=True, capture_output=True, timeout=60)
    text = read(mixed, Limits(ocr=True))        # the stand-in pdftoppm fails: a RuntimeError escaped before
    assert "Trang 1" in text.text
    assert any(w.startswith("page(s) 2: OCR failed") for w in text.warnings)
    with pytest.raises(OCRFailed):
        read(tmp_path / "scan.png", Limits(ocr=True))


def test_an_image_declaring_ten_billion_pixels_is_refused_unopened(tmp_path, tools_log):
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 100))
                     + chunk(b"IEND", b""))
    with pytest.raises(TooLarge, match="too large an image"):
        read(bomb, Limits(ocr=True))
    assert not tools_log.exists()


# --------------------------------------------------------------------------------------------------
# Real documents


@pytest.mark.real
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpora/real is absent")
def test_a_signed_congbao_pdf_keeps_its_first_page():
    text = read(REAL / "congbao_luat-so-51-2024-qh15-43559.pdf", NO_OCR)
    start, end = text.pages[0]
    first = text.text[start:end]
    assert "QUỐC HỘI" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Người ký" in first                          # the signature stamp, flattened into the page
    assert not [w for w in text.warnings if "unreadable" in w]
