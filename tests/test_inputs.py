"""Sanity checks of the input builders in inputs.py; no reader from the project is involved."""

from __future__ import annotations

import time
import unicodedata
import zipfile

import inputs
import pytest

SIMILARITY = [
    # (a, b, expected)
    ("Số: 2458/UBND-NC", "Số: 2458/UBND-NC", 1.0),
    ("ỦY BAN NHÂN DÂN", "ủy ban nhân dân", 1.0),  # casefold
    (unicodedata.normalize("NFD", "Điện Biên"), "Điện Biên", 1.0),  # NFC
    ("Phát hiện - bồi dưỡng – tổng kết", "Phát hiện bồi dưỡng tổng kết", 1.0),  # punctuation-only tokens
    ("a b c d", "a b x y", 0.5),
    ("", "", 1.0),
    ("một hai", "", 0.0),
]


@pytest.mark.parametrize(("a", "b", "expected"), SIMILARITY)
def test_word_similarity_table(a, b, expected):
    assert inputs.word_similarity(a, b) == pytest.approx(expected)


def test_word_similarity_is_fast_on_a_whole_dispatch():
    words = inputs.words(inputs.seed_text())
    assert len(words) > 2500
    t0 = time.perf_counter()
    assert inputs.word_similarity(" ".join(words), " ".join(reversed(words))) < 0.5
    assert inputs.word_similarity(inputs.seed_text(), " ".join(words[:-100])) > 0.95
    assert time.perf_counter() - t0 < 2.0


def test_seed_text_has_no_markdown_and_keeps_the_header():
    text = inputs.seed_text()
    assert "**" not in text
    for needle in ("Số: 2458/UBND-NC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Lê Thành Đô"):
        assert needle in text


def test_docx_has_header_and_signature_tables(tmp_path):
    import docx

    path = inputs.make_docx(tmp_path)
    doc = docx.Document(str(path))
    assert len(doc.tables) >= 2
    head, sig = doc.tables[0], doc.tables[-1]
    assert head.cell(0, 0).text == "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN"
    assert head.cell(0, 1).text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n")
    assert head.cell(1, 0).text.startswith("Số: 2458/UBND-NC\nV/v ")
    assert head.cell(1, 1).text == "Điện Biên, ngày 05 tháng 8 năm 2021"
    assert sig.cell(0, 0).text.startswith("Nơi nhận:")
    assert "TM. ỦY BAN NHÂN DÂN" in sig.cell(0, 1).text and "Lê Thành Đô" in sig.cell(0, 1).text
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == "UBND tỉnh Điện Biên - 2458/UBND-NC"
    assert b"PAGE" in zipfile.ZipFile(path).read("word/footer1.xml")
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Kính gửi:" in body and "để tổng hợp./." in body


def test_docx_is_byte_reproducible(tmp_path):
    a = inputs.make_docx(tmp_path / "a").read_bytes()
    b = inputs.make_docx(tmp_path / "b").read_bytes()
    assert a == b


def test_zip_bomb_declares_a_gibibyte(tmp_path):
    bomb = inputs.make_zip_bomb(tmp_path)
    assert bomb.stat().st_size < 8 << 20
    with zipfile.ZipFile(bomb) as z:
        assert "[Content_Types].xml" in z.namelist()
        assert sum(i.file_size for i in z.infolist()) >= 1 << 30
        assert z.getinfo("word/document.xml").file_size >= 1 << 30


def test_xxe_docx_declares_the_entity_and_uses_it(tmp_path):
    good = inputs.make_docx(tmp_path)
    xml = zipfile.ZipFile(inputs.make_xxe_docx(good, tmp_path)).read("word/document.xml").decode()
    assert '<!ENTITY xxe SYSTEM "file:///etc/passwd">' in xml
    assert "<w:t>&xxe;</w:t>" in xml


@pytest.mark.slow
def test_pdf_has_a_text_layer_with_the_number(seed_files):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(seed_files["pdf"])
    try:
        assert len(pdf) >= 1
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert "2458/UBND-NC" in text
    assert inputs.word_similarity(inputs.seed_text(), text) > 0.95


@pytest.mark.slow
def test_doc_is_word97(seed_files):
    assert seed_files["doc"].read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")


@pytest.mark.slow
def test_two_fonts_pdf_uses_two_families(seed_files):
    import pdfplumber

    with pdfplumber.open(seed_files["pdf_two_fonts"]) as pdf:
        fonts = {c["fontname"].split("+")[-1].split("-")[0] for page in pdf.pages for c in page.chars}
    assert {"DejaVuSans", "DejaVuSerif"} <= fonts


@pytest.mark.slow
def test_scanned_pdf_is_image_only_with_the_same_pages(seed_files):
    import pypdfium2 as pdfium

    digital = pdfium.PdfDocument(seed_files["pdf"])
    scanned = pdfium.PdfDocument(seed_files["scanned_pdf"])
    try:
        assert len(scanned) == len(digital)
        assert all(page.get_textpage().get_text_range().strip() == "" for page in scanned)
    finally:
        digital.close()
        scanned.close()


@pytest.mark.slow
def test_png_scan_is_page_one(seed_files):
    from PIL import Image

    with Image.open(seed_files["png_scan"]) as im:
        assert im.format == "PNG" and im.mode == "L"
        assert im.size[1] > im.size[0] > 1500  # A4 portrait at 200 dpi


@pytest.mark.slow
def test_encrypted_pdf_needs_the_password(seed_files):
    import pypdfium2 as pdfium

    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(seed_files["encrypted"])
    pdf = pdfium.PdfDocument(seed_files["encrypted"], password="user")
    try:
        assert len(pdf) >= 1
    finally:
        pdf.close()


@pytest.mark.slow
def test_small_bad_files(seed_files):
    assert seed_files["empty"].stat().st_size == 0
    pdf_size = seed_files["pdf"].stat().st_size
    assert seed_files["truncated"].read_bytes() == seed_files["pdf"].read_bytes()[: pdf_size * 40 // 100]
    assert seed_files["random"].stat().st_size == 4096
    assert seed_files["docx_named_pdf"].name == "really_a_docx.pdf"
    assert seed_files["docx_named_pdf"].read_bytes() == seed_files["docx"].read_bytes()
    assert seed_files["txt"].read_text(encoding="utf-8") == inputs.seed_text()
