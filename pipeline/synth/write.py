"""Files of the synthetic archive: TXT (UTF-8), DOCX (python-docx) and PDF (reportlab, a real
text layer in DejaVu Serif), in a nested folder like a real archive, with a MANIFEST.tsv.

Byte-deterministic per seed: the DOCX package is python-docx's default template (fixed core
properties), zipped with fixed timestamps; the PDF is written in reportlab's `invariant` mode (no
creation date, a fixed file id).

Speed (20,000 files should take well under two minutes): python-docx's own `save` re-serialises
and re-deflates the template's 800 KB of styles for every file and sets text character by
character (~10 ms a file). Here python-docx builds the package and a skeleton body once (header
table, a paragraph, signature table); each document fills the skeleton with paragraphs in the
XML python-docx writes, and only `word/document.xml` is deflated (~0.4 ms a file). A PDF takes
~5 ms: one font subset per file (headings are drawn bold by fill and stroke, not a second font).
"""
from __future__ import annotations

import io
import json
import os
import random
import re
import struct
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .generate import SynthDocument, documents

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts/dejavu")
FONT_PACKAGE = "fonts-dejavu-core"
MANIFEST = "MANIFEST.tsv"
TASKS = "TASKS.jsonl"     # with answers: the truth of each lead task, one JSON object a line
STATE_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
TYPE_HEADINGS = ("KẾ HOẠCH", "CHỈ THỊ", "NGHỊ QUYẾT", "NGHỊ ĐỊNH")


# ----------------------------------------------------------------------------------------------
# The layout of a dispatch, read back from its text (the generator writes it in a fixed order)


def layout(text: str) -> dict:
    """Split a synthetic dispatch into the parts a page sets apart: the header's left column
    (issuer, number, V/v), its right column (motto, place and date), the body, the nơi nhận list
    and the signature block (with which comes first)."""
    lines = text.split("\n")
    motto = next(i for i, line in enumerate(lines) if line in (STATE_MOTTO, PARTY_MOTTO))
    date = next(i for i in range(motto, len(lines)) if ", ngày " in lines[i])
    left = [line for line in lines[:motto] if line]
    right = [line for line in lines[motto:date + 1] if line]
    recipients = max(i for i, line in enumerate(lines) if line == "Nơi nhận:")
    end = recipients + 1
    while end < len(lines) and lines[end].startswith("- "):
        end += 1
    noi_nhan = lines[recipients:end]
    if any(lines[end:]):                        # the signature after the list: posts, a blank line, the name
        signature = [line for line in lines[end:] if line]
        body_end, sign_first = recipients, False
    else:                                       # before it: posts, blank, name, blank, `Nơi nhận:`
        name = recipients - 2
        start = name - 2
        while start > 0 and lines[start - 1]:
            start -= 1
        signature = [*lines[start:name - 1], lines[name]]
        body_end, sign_first = start, True
    body = lines[date + 1:body_end]
    while body and not body[-1]:
        body.pop()
    while body and not body[0]:
        body.pop(0)
    return {"left": left, "right": right, "body": body, "noi_nhan": noi_nhan, "signature": signature,
            "sign_first": sign_first}


def _heading(line: str) -> bool:
    """A line set in bold: a type name, a section heading in capitals."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# ----------------------------------------------------------------------------------------------
# TXT


def txt_bytes(doc: SynthDocument) -> bytes:
    return (doc.text + "\n").encode("utf-8")


# ----------------------------------------------------------------------------------------------
# DOCX


@lru_cache(maxsize=1)
def _docx_template() -> tuple[list[str], list[tuple[str, tuple[bytes, int, int] | None]]]:
    """python-docx's default package with a skeleton body made by python-docx (the header table,
    a paragraph, the signature table), cut at its placeholder paragraphs; the static parts are
    deflated once."""
    import zipfile

    import docx
    from docx.opc.oxml import serialize_part_xml

    document = docx.Document()
    properties = document.core_properties
    properties.author = "congvan synth"
    properties.comments = "synthetic dispatch, for scale tests only"
    document._body.clear_content()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text, header.cell(0, 1).text = "@@0@@", "@@1@@"
    document.add_paragraph("@@2@@")
    tail = document.add_table(rows=1, cols=2)
    tail.cell(0, 0).text, tail.cell(0, 1).text = "@@3@@", "@@4@@"
    xml = serialize_part_xml(document.element).decode("utf-8")
    skeleton = re.split(r"<w:p>(?:(?!</w:p>).)*?@@\d@@(?:(?!</w:p>).)*?</w:p>", xml, flags=re.DOTALL)
    buffer = io.BytesIO()
    document.save(buffer)
    parts = []
    with zipfile.ZipFile(buffer) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            parts.append((info.filename, None if info.filename == "word/document.xml" else _deflated(data)))
    return skeleton, parts


def _p(line: str, bold: bool = False, centre: bool = False, size: int | None = None) -> str:
    """A paragraph as python-docx writes `add_paragraph().add_run(line)` with alignment, bold and size."""
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if centre else ""
    rpr = ""
    if bold or size:
        rpr = "<w:rPr>" + ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size * 2}"/>' if size else "") + "</w:rPr>"
    space = ' xml:space="preserve"' if line != line.strip() else ""
    return f"<w:p>{ppr}<w:r>{rpr}<w:t{space}>{escape(line)}</w:t></w:r></w:p>"


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def _zip(entries: list[tuple[str, tuple[bytes, int, int]]]) -> bytes:
    """A zip of pre-deflated entries, timestamps fixed at 1980-01-01: byte-deterministic."""
    out, central, offset = io.BytesIO(), [], 0
    dos_time, dos_date = 0, (0 << 9) | (1 << 5) | 1
    for name, (data, crc, size) in entries:
        encoded = name.encode("utf-8")
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, dos_time, dos_date, crc, len(data), size,
                             len(encoded), 0)
        out.write(header + encoded + data)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, dos_time, dos_date, crc,
                                   len(data), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
        offset += len(header) + len(encoded) + len(data)
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0))
    return out.getvalue()


def docx_bytes(doc: SynthDocument) -> bytes:
    """The dispatch as a DOCX: a borderless two-column header table (issuer | motto; number |
    place and date), the body's paragraphs, a table with the nơi nhận list and the signature."""
    skeleton, parts = _docx_template()
    parts_of = layout(doc.text)

    def cell(lines: list[str], centre: bool, size: int | None = None) -> str:
        return "".join(_p(line, _heading(line) or line.startswith("Độc lập"), centre, size) for line in lines)

    body = "".join(_p(line, _heading(line), line in TYPE_HEADINGS) for line in parts_of["body"] if line)
    signature, noi_nhan = cell(parts_of["signature"], True), cell(parts_of["noi_nhan"], False, 9)
    first, second = (signature, noi_nhan) if parts_of["sign_first"] else (noi_nhan, signature)
    fills = (cell(parts_of["left"], True), cell(parts_of["right"], True), body, first, second)
    xml = "".join(piece + (fills[i] if i < len(fills) else "") for i, piece in enumerate(skeleton))
    document = _deflated(xml.encode("utf-8"))
    return _zip([(name, document if data is None else data) for name, data in parts])


# ----------------------------------------------------------------------------------------------
# PDF


@lru_cache(maxsize=1)
def _font() -> str:
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    rl_config.useA85 = 0   # binary streams: ASCII85 makes files larger and slower to write
    for folder in FONT_DIRS:
        regular = Path(folder, "DejaVuSerif.ttf")
        if regular.is_file():
            pdfmetrics.registerFont(TTFont("SynthSerif", str(regular)))
            return "SynthSerif"
    raise RuntimeError(f"DejaVu Serif not found in {', '.join(FONT_DIRS)}: install the Debian package "
                       f"{FONT_PACKAGE} (apt-get install {FONT_PACKAGE})")


def pdf_bytes(doc: SynthDocument) -> bytes:
    """The dispatch as a digital PDF (A4, DejaVu Serif 11 pt, headings drawn bold by fill and
    stroke, so one font subset per file): the header in two columns, the body wrapped at the
    margins, the nơi nhận list on the left and the signature on the right."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    font = _font()
    parts_of = layout(doc.text)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(doc.record["document"]["code"] if doc.record else doc.name)
    pdf.setAuthor("congvan synth")
    width, height = A4
    margin, size, leading = 62, 11, 14
    top = height - 56
    state: dict[str, float | None] = {"page_font": None}

    def draw(x: float, y: float, text: str, font_size: float, bold: bool, centre: bool = False) -> None:
        if state["page_font"] != font_size:
            pdf.setFont(font, font_size)
            pdf.setLineWidth(0.35)
            state["page_font"] = font_size
        (pdf.drawCentredString if centre else pdf.drawString)(x, y, text, mode=2 if bold else None)

    def new_page() -> float:
        pdf.showPage()
        state["page_font"] = None
        return top

    def column(lines: list[str], centre: float, y: float, span: float, font_size: float = size) -> float:
        for line in lines:
            bold = _heading(line) or line.startswith("Độc lập")
            for piece in simpleSplit(line, font, font_size, span) or [""]:
                draw(centre, y, piece, font_size, bold, centre=True)
                y -= font_size + 3
        return y

    left_y = column(parts_of["left"], margin + 110, top, 236)
    right_y = column(parts_of["right"], width - margin - 125, top, 290)
    y = min(left_y, right_y) - leading
    span = width - 2 * margin
    for line in parts_of["body"]:
        if not line:
            y -= leading / 2
            continue
        bold = _heading(line)
        for piece in simpleSplit(line, font, size, span) or [""]:
            if y < 60:
                y = new_page()
            if line in TYPE_HEADINGS:
                draw(width / 2, y, piece, size, bold, centre=True)
            else:
                draw(margin, y, piece, size, bold)
            y -= leading
    needed = (max(len(parts_of["noi_nhan"]), len(parts_of["signature"]) + 2) + 1) * 13
    if y - needed < 50:
        y = new_page()
    y -= leading / 2
    first, second = (parts_of["signature"], parts_of["noi_nhan"]) if parts_of["sign_first"] else \
        (parts_of["noi_nhan"], parts_of["signature"])
    for lines in (first, second):        # drawn in the text's order; the signature always on the right
        if lines is parts_of["noi_nhan"]:
            line_y = y
            for line in lines:
                for piece in simpleSplit(line, font, 9, 230):
                    draw(margin, line_y, piece, 9, line == "Nơi nhận:")
                    line_y -= 11
        else:
            centre = width - margin - 120
            *posts, name = lines
            line_y = column(posts, centre, y, 230)
            column([name], centre, line_y - 40, 230)
    pdf.save()
    return buffer.getvalue()


# ----------------------------------------------------------------------------------------------
# Faulty files


def fault_bytes(doc: SynthDocument, seed: int) -> bytes:
    """Bytes of a faulty file: empty, a PDF cut short, random bytes named .docx."""
    if doc.fault == "empty":
        return b""
    if doc.fault == "truncated_pdf":
        whole = pdf_bytes(doc)
        return whole[: len(whole) * 2 // 5]
    return random.Random(f"{seed}:{doc.name}").randbytes(4096 + len(doc.text) % 4096)


WRITERS: dict[str, Callable[[SynthDocument], bytes]] = {"txt": txt_bytes, "docx": docx_bytes, "pdf": pdf_bytes}


def file_bytes(doc: SynthDocument, seed: int = 0) -> bytes:
    return fault_bytes(doc, seed) if doc.fault else WRITERS[doc.format](doc)


# ----------------------------------------------------------------------------------------------
# The archive


def write_archive(out_dir: str | os.PathLike, count: int, seed: int = 0, formats: dict | None = None,
                  faults: float = 0.0, *, progress: Callable[[int, int], None] | None = None,
                  answers: bool = False) -> dict:
    """Write `count` synthetic dispatches under `out_dir/<province or trung-uong>/<year>/` (districts
    and communes one folder deeper), plus `MANIFEST.tsv` (name, format, path, code, key, level,
    fault), which a store's folder walk leaves out. With `answers`, the lead departments' reports
    too, and `TASKS.jsonl`: the truth of each lead task (`answers.TaskTruth`). Returns the counts.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as out:
    ...     counts = write_archive(out, 3, seed=1, formats={"txt": 1})
    >>> counts["documents"], counts["txt"]
    (3, 3)
    """
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Any] = {"documents": 0, "txt": 0, "docx": 0, "pdf": 0, "faulty": 0, "bytes": 0}
    made: set[Path] = set()
    docs = documents(count, seed, formats=formats, faults=faults, answers=answers)
    if answers:
        docs = _keeping_truth(docs, out / TASKS)
    with open(out / MANIFEST, "w", encoding="utf-8", newline="\n") as manifest:
        manifest.write("name\tformat\tpath\tcode\tkey\tlevel\tfault\n")
        for doc in docs:
            path = out / doc.path
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            data = file_bytes(doc, seed)
            path.write_bytes(data)
            code = doc.record["document"]["code"] if doc.record else ""
            manifest.write(f"{doc.name}\t{doc.format}\t{doc.path}\t{code}\t{doc.key or ''}\t{doc.level}\t{doc.fault or ''}\n")
            counts["documents"] += 1
            counts[doc.format] += 1
            counts["faulty"] += bool(doc.fault)
            counts["bytes"] += len(data)
            if progress:
                progress(counts["documents"], count)
    counts["seconds"] = round(time.perf_counter() - started, 3)
    return counts


def _keeping_truth(docs: Iterable[SynthDocument], path: Path) -> Iterator[SynthDocument]:
    """The documents, passed through; the truth of their lead tasks written to `path` at the end."""
    from .answers import collect_truth

    seen: list[SynthDocument] = []
    for doc in docs:
        if doc.task or doc.answers:   # only these make the truth: memory stays flat
            seen.append(doc)
        yield doc
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for truth in collect_truth(seen):
            handle.write(json.dumps(truth.to_json(), ensure_ascii=False) + "\n")
