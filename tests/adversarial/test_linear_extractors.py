"""Every pattern this round added over document text stays linear on hostile text: a 100,000-letter
word, a megabyte line of one repeated character, long runs of the characters the new patterns key
on (OCR repairs, the header's number and date lines, the legal-basis headings, task tables,
invitation lists, names before law numbers)."""
from __future__ import annotations

import time

import pytest

from pipeline.extract.deadlines import extract_deadlines
from pipeline.extract.header import extract_header
from pipeline.extract.references import extract_references, legal_basis_sections
from pipeline.extract.tasks import row_roles
from pipeline.read.ocr_fix import repair
from pipeline.read.ocr_layout import page_text, words_from_tsv
from pipeline.read.text import Text

HOSTILE = {
    "long word": "a" * 100_000,
    "long marked word": "ầ" * 100_000,
    "spaces": " " * 1_000_000,
    "digits and dots": "1." * 200_000,
    "pipes": " | " * 200_000,
    "number lines": "Số: " * 100_000,
    "dates without times": "1.1.2000 " * 50_000,
    "V/v cues": "V/" * 300_000,
    "law names": "Luật Thống kê " * 30_000,
    "headings": "1. Cơ sở pháp lý\n" * 30_000,
    "invitations": "Thành phần mời:\n- " * 30_000,
    "hyphen gaps": "15/2020/TT- " * 50_000,
}


def _text(s: str) -> Text:
    return Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1)))


@pytest.mark.parametrize("name", HOSTILE)
def test_the_new_patterns_are_linear(name):
    s = HOSTILE[name]
    started = time.perf_counter()
    repair(s)
    extract_header(s)
    legal_basis_sections(s)
    extract_references(_text(s), {"type": "Tờ trình"})
    extract_deadlines(s)
    row_roles(s, len(s) // 2)
    assert time.perf_counter() - started < 20, name


def test_the_ocr_layout_is_linear_in_words():
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [f"5\t1\t1\t1\t{n // 10}\t{n}\t{(n % 10) * 150}\t{(n // 10) * 3}\t100\t30\t90\tchữ" for n in range(50_000)]
    started = time.perf_counter()
    page_text(words_from_tsv("\n".join([head, *rows])), width=1654, height=200_000)
    assert time.perf_counter() - started < 10
