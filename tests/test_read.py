"""Seed 004 in every format and encoding reads to the same words; bad files are refused clearly.

The inputs are made by real tools (python-docx, LibreOffice, poppler, qpdf) in `inputs.py`.
"""
from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from inputs import running_line, seed_text, word_similarity

from pipeline import read
from pipeline.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    ReadError,
    TooLarge,
    UnsafeFile,
    UnsupportedFormat,
)
from pipeline.read.encodings import encode_legacy

CONGVAN = Path(sys.executable).with_name("congvan")

# (fixture key, format congvan must sniff, least word-sequence similarity to the .txt)
FORMATS = [
    ("docx", "docx", 0.98),
    ("docx_named_pdf", "docx", 0.98),
    ("doc", "doc", 0.98),
    ("pdf", "pdf", 0.98),
    ("pdf_two_fonts", "pdf", 0.98),
    ("scanned_pdf", "pdf", 0.93),
]

# (fixture key, exception class, words the reason must contain)
BAD_FILES = [
    ("empty", EmptyFile, "empty"),
    ("truncated", CorruptFile, "PDF"),
    ("encrypted", EncryptedFile, "password"),
    ("random", UnsupportedFormat, "unsupported"),
    ("zip_bomb", TooLarge, "zip bomb"),
    ("xxe", UnsafeFile, "DOCTYPE"),
]


@pytest.fixture(scope="module")
def txt_text(seed_files):
    return read(seed_files["txt"]).text


@pytest.mark.slow
@pytest.mark.parametrize("key, fmt, least", FORMATS)
def test_every_format_reads_to_the_same_words(seed_files, txt_text, key, fmt, least):
    text = read(seed_files[key])
    assert text.format == fmt
    similarity = word_similarity(text.text, txt_text)
    print(f"{key}: word-sequence similarity {similarity:.4f}")
    assert similarity >= least
    assert "2458/UBND-NC" in text.text.replace(" ", "") or key == "scanned_pdf"
    if key == "scanned_pdf":
        assert text.ocr_pages == tuple(range(1, len(text.pages) + 1))
    else:
        assert not text.ocr_pages


@pytest.mark.slow
@pytest.mark.parametrize("key", ["pdf", "pdf_two_fonts", "docx", "doc"])
def test_running_headers_and_page_numbers_are_gone(seed_files, key):
    text = read(seed_files[key])
    assert running_line() not in text.text
    lines = [line.strip() for line in text.text.splitlines()]
    assert not [line for line in lines if line.isdigit() and len(line) <= 2]


@pytest.mark.slow
def test_pdf_pages_and_blocks(seed_files):
    text = read(seed_files["pdf"])
    assert len(text.pages) >= 2
    assert [b.kind for b in text.blocks][:2] == ["header", "body"]
    header = text.block("header")
    assert "2458/UBND-NC" in text.text[header.start:header.end]
    signature = text.block("signature")
    assert signature and "CHỦ TỊCH" in text.text[signature.start:signature.end]
    for start, end in text.pages:
        assert 0 <= start <= end <= len(text.text)


def test_png_scan_is_ocrd(seed_files):
    text = read(seed_files["png_scan"])
    assert text.format == "image" and text.ocr_pages == (1,)
    assert "ĐIỆN BIÊN" in text.text.upper()


ENCODINGS = ["utf-8-sig", "utf-16", "utf-16-le", "windows-1258", "tcvn3", "vni", "nfd"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_encoding_reads_to_the_same_text(tmp_path, encoding):
    text = seed_text()
    if encoding == "nfd":
        data = unicodedata.normalize("NFD", text).encode("utf-8")
    elif encoding in ("tcvn3", "vni", "windows-1258"):
        data = encode_legacy(text, encoding)
    else:
        data = text.encode(encoding)
    path = tmp_path / f"seed004.{encoding}.txt"
    path.write_bytes(data)
    expected = read_text_of(tmp_path, text)
    got = read(path).text
    if encoding == "tcvn3":  # TCVN3 has no upper-case letters with tone marks: .VnTimeH fonts draw them
        got, expected = got.casefold(), expected.casefold()
    assert got == expected


def read_text_of(folder: Path, text: str) -> str:
    path = folder / "reference.txt"
    path.write_text(text, encoding="utf-8")
    return read(path).text


@pytest.mark.slow
@pytest.mark.parametrize("key, error, words", BAD_FILES)
def test_bad_files_raise_typed_errors(seed_files, key, error, words):
    with pytest.raises(error) as caught:
        read(seed_files[key])
    assert words.lower() in caught.value.reason.lower()
    assert caught.value.path == str(seed_files[key])


@pytest.mark.slow
def test_bad_folder_through_the_cli(seed_files, tmp_path):
    """Exit code 3, one line per bad file naming it, records for the good ones, memory bounded."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for key in [k for k, *_ in BAD_FILES] + ["docx_named_pdf", "png_scan", "txt"]:
        shutil.copy(seed_files[key], folder / seed_files[key].name)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([str(CONGVAN), "parse", "--format", "jsonl", str(folder)],
                          capture_output=True, text=True, timeout=600)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 3, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    bad_names = sorted(seed_files[k].name for k, *_ in BAD_FILES)
    assert len(errors) == len(bad_names), done.stderr
    for name in bad_names:
        assert sum(name in line for line in errors) == 1, (name, done.stderr)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(Path(r["source"]).name for r in records) == sorted(
        seed_files[k].name for k in ("docx_named_pdf", "png_scan", "txt"))
    assert "root:x:0:0" not in done.stdout + done.stderr          # no entity was expanded
    assert max(peak_kb, before) < 1.5 * 1024 * 1024, f"peak RSS {peak_kb} KB"


def test_usage_errors_exit_2():
    done = subprocess.run([str(CONGVAN), "parse"], capture_output=True, text=True)
    assert done.returncode == 2
    done = subprocess.run([str(CONGVAN), "parse", "--format", "nope", "x"], capture_output=True, text=True)
    assert done.returncode == 2


def test_missing_file_is_reported_not_raised(tmp_path):
    done = subprocess.run([str(CONGVAN), "parse", str(tmp_path / "absent.pdf")], capture_output=True, text=True)
    assert done.returncode == 3
    assert "absent.pdf: no such file" in done.stderr


@pytest.mark.parametrize("content, error", [
    (b"Rar!\x1a\x07\x00" + b"\x00" * 100, UnsupportedFormat),
    (b"   \n\t  ", EmptyFile),
    (b"PK\x03\x04" + b"\x00" * 50, CorruptFile),
])
def test_small_bad_inputs(tmp_path, content, error):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(error):
        read(path)


def test_read_errors_are_read_errors():
    for cls in (EmptyFile, CorruptFile, EncryptedFile, TooLarge, UnsafeFile, UnsupportedFormat):
        assert issubclass(cls, ReadError)


def test_two_letters_bound_in_one_pdf_keep_their_closing_lines():
    """Two letters of one ministry bound in a 4-page PDF end alike (`- Lưu: VT, Cục BTTP.`, the
    deputy minister's name): lines on two pages of four, but a list's item and a person's name,
    not a running footer. A footer on every page still goes."""
    from pipeline.read.pages import join_pages

    body = "Nội dung công văn.\n" * 8
    close = "Nơi nhận:\n- Như trên;\n- Lưu: VT, Cục BTTP.\nMai Lương Khôi\n"
    pages = [f"BỘ TƯ PHÁP\n{body}", f"{body}{close}"] * 2
    pages = [f"{page}Cổng thông tin điện tử Bộ Tư pháp\nTrang {n}" for n, page in enumerate(pages, 1)]
    joined = join_pages(pages)
    dropped = [joined.raw[start:end] for start, end in joined.drop]
    assert "- Lưu: VT, Cục BTTP." not in dropped and "Mai Lương Khôi" not in dropped
    assert dropped.count("Cổng thông tin điện tử Bộ Tư pháp") == 4


def test_a_signers_post_closing_two_documents_bound_together_is_no_footer():
    """qn_22_TTR (batch s7): a tờ trình and the draft resolution it carries both close with `CHỦ TỊCH`;
    among the last lines of two pages of three, it was dropped as a running footer and the signer
    lost his post. A post in capitals and a line opened by a signing prefix are the signature block."""
    from pipeline.read.pages import join_pages

    body = "Nội dung tờ trình.\n" * 8
    pages = [f"{body}Nơi nhận:\n- Như trên;\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Hoàng Giang",
             f"DỰ THẢO\n{body}Nơi nhận:\n- Như trên;\nCHỦ TỊCH", f"Phụ lục\n{body}"]
    joined = join_pages(pages)
    dropped = [joined.raw[start:end] for start, end in joined.drop]
    assert "CHỦ TỊCH" not in dropped
    assert "Nội dung tờ trình." in dropped   # a repeated line that is no post still goes



def test_an_issuer_opening_a_decision_and_its_annex_is_no_running_header():
    """A Ninh Thuận decision (batch d2, digitally signed, three pages): page 1 and the annex on page 3
    both open with `ỦY BAN NHÂN DÂN` / `TỈNH NINH THUẬN`; on two pages of three they were dropped as a
    running header and the decision lost its issuer. An issuer's line in capitals is the header's."""
    from pipeline.read.pages import join_pages

    body = "Nội dung quyết định.\n" * 8
    head = "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nSố: 179 /QĐ-UBND\n"
    pages = [f"{head}{body}", f"{body}Nguyễn Long Biên", f"ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nPHỤ LỤC\n{body}"]
    joined = join_pages(pages)
    dropped = [joined.raw[start:end] for start, end in joined.drop]
    assert "ỦY BAN NHÂN DÂN" not in dropped and "TỈNH NINH THUẬN" not in dropped
    assert "Nội dung quyết định." in dropped   # a repeated line that names no issuer still goes

REAL_BOUND = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "real" / "lamdong_891f7b42_congvan3917ngay017202_của_BTP.pdf"


@pytest.mark.skipif(not REAL_BOUND.is_file(), reason="../shared/corpora/real is not here")
def test_a_real_bound_pair_of_letters_keeps_its_signers_name():
    from pipeline.record import to_record

    assert to_record(read(REAL_BOUND))["document"]["signer"]["name"] == "Mai Lương Khôi"


def test_a_three_column_table_of_rows_is_data_and_a_spaced_header_is_layout(tmp_path):
    """A training plan's schedule in a DOC (shape of batch d3's Phú Thọ plan): three columns over six
    rows, each row a day and the units trained that morning and afternoon, is read a row a line; the
    header table with an empty middle column (`ỦY BAN NHÂN DÂN |  | CỘNG HÒA ...`, Lâm Đồng's
    letters) is still read column by column, so the issuer's lines stay together."""
    from docx import Document

    doc = Document()
    header = doc.add_table(rows=1, cols=3)
    header.rows[0].cells[0].text = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 45/KH-STTTT"
    header.rows[0].cells[2].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPhú Thọ, ngày 12 tháng 12 năm 2011"
    doc.add_paragraph("c) Đào tạo cho các phòng ban liên quan")
    schedule = doc.add_table(rows=6, cols=3)
    rows = [("Thời gian", "Phòng ban đào tạo", "Phòng ban đào tạo"), ("Thời gian", "Sáng", "Chiều"),
            ("Ngày 03/01/2012 (thứ 3)", "Phòng Viễn thông", "Phòng Công nghệ thông tin"),
            ("Ngày 04/01/2012 (thứ 4)", "Phòng Thanh tra", "Phòng Quản lý Báo chí - Xuất bản"),
            ("Ngày 05/01/2012 (thứ 5)", "Phòng Tài chính - Kế hoạch", "Trung tâm CNTT Tây Bắc"),
            ("Ngày 06/01/2012 (thứ 6)", "Văn phòng", "Phòng Bưu chính")]
    for row, values in zip(schedule.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "plan.docx"
    doc.save(str(path))
    lines = read(path).text.splitlines()
    assert "Ngày 03/01/2012 (thứ 3) | Phòng Viễn thông | Phòng Công nghệ thông tin" in lines
    at = lines.index("SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    assert lines[at + 1] == "Số: 45/KH-STTTT"
