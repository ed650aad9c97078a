"""Build real test input files from seed dispatch 004 (Công văn 2458/UBND-NC, UBND tỉnh Điện Biên).

Every builder takes an output directory and returns the path of the file it wrote. The files are made
by the tools that make such files in the wild: python-docx for DOCX, LibreOffice for DOC and PDF,
poppler + Pillow for scans, qpdf for encryption, zipfile for the zip bomb. Builders are pure (same
input, same file); the pure-Python ones (DOCX, scans, bomb, XXE) are byte-for-byte reproducible, the
LibreOffice and qpdf outputs differ only in their IDs and timestamps. LibreOffice takes seconds, so
callers cache the results (see the session fixture ``seed_files`` in ``tests/conftest.py``).

    >>> docx = make_docx(tmp)                      # tmp/seed004.docx
    >>> pdf = make_pdf(docx, tmp)                  # tmp/seed004.pdf
    >>> word_similarity(seed_text(), seed_text())
    1.0
"""

from __future__ import annotations

import atexit
import difflib
import io
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "corpora" / "seeds" / "004_1f0ab3f4da2a20c2.txt"
STEM = "seed004"
SOFFICE_TIMEOUT_S = 120

# The dispatch's own date: used for document metadata, so rebuilt files do not change.
_DOC_DATE = datetime(2021, 8, 5, 8, 0, 0, tzinfo=UTC)
# Zip entries get one fixed timestamp (the earliest a zip can store) for byte-identical rebuilds.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# A4, margins of Nghị định 30/2020/NĐ-CP Phụ lục I (top/bottom 2 cm, left 3 cm, right 2 cm).
_TEXT_WIDTH_CM = 21.0 - 3.0 - 2.0


# --------------------------------------------------------------------------------------------------
# The seed and its structure


def seed_text() -> str:
    """The seed as plain text: the file as stored with its markdown ``**`` removed (nothing else)."""
    return _seed_raw().replace("**", "")


@lru_cache(maxsize=1)
def _seed_raw() -> str:
    return SEED.read_text(encoding="utf-8")


@dataclass(frozen=True)
class _Layout:
    """The seed cut into the parts of a công văn, each a tuple of lines in the seed's order."""

    stamp: tuple[str, ...]  # incoming-document stamp: VĂN BẢN ĐẾN ĐIỆN TỬ / Số 6473 Ngày ...
    issuer: tuple[str, ...]  # ỦY BAN NHÂN DÂN / TỈNH ĐIỆN BIÊN
    number: str  # Số: 2458/UBND-NC
    subject: str  # V/v ...
    motto: tuple[str, ...]  # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc
    place_date: str  # Điện Biên, ngày 05 tháng 8 năm 2021
    body: tuple[str, ...]  # one entry per paragraph (list blocks split into one line each)
    recipients: tuple[str, ...]  # Nơi nhận: / - Như trên; ... / (B/c)
    signer: tuple[str, ...]  # TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / Lê Thành Đô


def _lines(block: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in block.replace("**", "").splitlines() if line.strip())


def _index(blocks: list[str], pred, what: str, start: int = 0) -> int:
    for i in range(start, len(blocks)):
        if pred(blocks[i]):
            return i
    raise ValueError(f"seed {SEED.name}: no {what} block after block {start}")


@lru_cache(maxsize=1)
def _layout() -> _Layout:
    blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", _seed_raw()) if b.strip()]
    i_issuer = _index(blocks, lambda b: b.startswith("**"), "bold issuer")
    i_number = _index(blocks, lambda b: b.startswith("Số:"), "'Số:'", i_issuer)
    i_subject = _index(blocks, lambda b: b.startswith("V/v"), "'V/v'", i_issuer)
    i_motto = _index(blocks, lambda b: "CỘNG HÒA XÃ HỘI" in b, "national motto", i_issuer)
    i_date = _index(blocks, lambda b: re.search(r", ngày \d+ tháng \d+ năm \d{4}$", b), "place-date", i_motto)
    i_recipients = _index(blocks, lambda b: b.startswith("Nơi nhận"), "'Nơi nhận'", i_date)
    i_signer = _index(blocks, lambda b: b.startswith("**"), "bold signer", i_recipients)
    return _Layout(
        stamp=tuple(line for b in blocks[:i_issuer] for line in _lines(b)),
        issuer=_lines(blocks[i_issuer]),
        number=blocks[i_number],
        subject=blocks[i_subject],
        motto=_lines(blocks[i_motto]),
        place_date=blocks[i_date],
        body=tuple(line for b in blocks[i_date + 1 : i_recipients] for line in _lines(b)),
        recipients=tuple(line for b in blocks[i_recipients:i_signer] for line in _lines(b)),
        signer=tuple(line for b in blocks[i_signer:] for line in _lines(b)),
    )


def running_line() -> str:
    """The running page-header line of the DOCX: ``UBND tỉnh Điện Biên - 2458/UBND-NC``."""
    lay = _layout()
    province = lay.issuer[-1].title().replace("Tỉnh", "tỉnh")
    return f"UBND {province} - {lay.number.removeprefix('Số:').strip()}"


# --------------------------------------------------------------------------------------------------
# DOCX (python-docx)


def make_docx(out_dir: Path) -> Path:
    """``seed004.docx``: the seed laid out as a công văn in Times New Roman.

    Incoming stamp as paragraphs; a borderless 2×2 header table (issuer | motto, number + V/v |
    place-date); the body paragraphs; a borderless 2-column signature table (Nơi nhận | signer);
    a page header with a running line and a footer with a PAGE field.
    """
    return _build_docx(
        Path(out_dir) / f"{STEM}.docx", head_font="Times New Roman", body_font="Times New Roman"
    )


def _build_docx(path: Path, *, head_font: str, body_font: str) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    lay = _layout()
    doc = Document()

    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    _set_font(normal.element.get_or_add_rPr(), body_font)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(2.0)
    sec.header_distance, sec.footer_distance = Cm(1.0), Cm(1.0)

    center, left, just = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY

    # Page header: running line; footer: "Trang <PAGE>".
    hp = sec.header.paragraphs[0]
    hp.alignment = center
    _run(hp, running_line(), font=head_font, size=10, italic=True)
    fp = sec.footer.paragraphs[0]
    fp.alignment = center
    _run(fp, "Trang ", font=head_font, size=10)
    _field(fp, "PAGE", "1", font=head_font, size=10)

    # Incoming-document stamp, as e-office systems print it above the header.
    first = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    for i, line in enumerate(lay.stamp):
        p = first if i == 0 else doc.add_paragraph()
        p.alignment = left
        _run(p, line, font=head_font, size=10, bold=(i == 0), color=RGBColor(0xC0, 0x00, 0x00))
    doc.add_paragraph()

    # Header table: issuer | motto; number + V/v | place-date. The motto line is 11.5 pt so that it
    # stays on one line in DejaVu Serif, LibreOffice's stand-in when Times New Roman is not installed.
    head = _borderless_table(doc, 2, (5.6, _TEXT_WIDTH_CM - 5.6))
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    c = head.cell(0, 0)
    _cell_lines(
        c, [(line, {"size": 13, "bold": i > 0}) for i, line in enumerate(lay.issuer)], center, head_font
    )
    c = head.cell(0, 1)
    _cell_lines(
        c,
        [(line, {"size": 11.5 if i == 0 else 13, "bold": True}) for i, line in enumerate(lay.motto)],
        center,
        head_font,
    )
    c = head.cell(1, 0)
    _cell_lines(c, [(lay.number, {"size": 13}), (lay.subject, {"size": 12})], center, head_font)
    c = head.cell(1, 1)
    _cell_lines(c, [(lay.place_date, {"size": 14, "italic": True})], center, head_font)
    doc.add_paragraph()

    # Body: "Kính gửi:" and its list, then the paragraphs, justified with a first-line indent.
    in_address = True
    for line in lay.body:
        p = doc.add_paragraph()
        pf = p.paragraph_format
        pf.space_after = Pt(6)
        if in_address and line.startswith("Kính gửi"):
            p.alignment = center
            _run(p, line, font=body_font, size=14)
        elif in_address and line.startswith("- "):
            pf.left_indent = Cm(3.0)
            _run(p, line, font=body_font, size=14)
        else:
            in_address = False
            p.alignment = just
            pf.first_line_indent = Cm(1.27)
            pf.line_spacing = 1.15
            _run(p, line, font=body_font, size=14)
    doc.add_paragraph()

    # Signature table: Nơi nhận | TM. ... / CHỦ TỊCH / (space to sign) / name.
    sig = _borderless_table(doc, 1, (_TEXT_WIDTH_CM / 2, _TEXT_WIDTH_CM / 2))
    left_lines = []
    for i, line in enumerate(lay.recipients):
        fmt = {"size": 12, "bold": True, "italic": True} if i == 0 else {"size": 11}
        left_lines.append((line, fmt))
    _cell_lines(sig.cell(0, 0), left_lines, left, head_font)
    right_lines = [(line, {"size": 14, "bold": True}) for line in lay.signer[:-1]]
    right_lines += [("", {})] * 3 + [(lay.signer[-1], {"size": 14, "bold": True})]
    _cell_lines(sig.cell(0, 1), right_lines, center, head_font)

    cp = doc.core_properties
    cp.title = lay.subject
    cp.subject = lay.number
    cp.author = running_line().split(" - ")[0]
    cp.last_modified_by = cp.author
    cp.comments = ""
    cp.keywords = ""
    cp.revision = 1
    cp.created = cp.modified = cp.last_printed = _DOC_DATE.replace(tzinfo=None)

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    _freeze_zip(path)
    return path


def _set_font(rpr, font: str) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _run(p, text: str, *, font: str, size: float = 14, bold: bool = False, italic: bool = False, color=None):
    from docx.shared import Pt

    r = p.add_run(text)
    r.font.size = Pt(size)
    r.bold = bold or None
    r.italic = italic or None
    if color is not None:
        r.font.color.rgb = color
    _set_font(r._r.get_or_add_rPr(), font)
    return r


def _field(p, instr: str, cached: str, *, font: str, size: float) -> None:
    """A complex field (begin / instrText / separate / cached result / end), as Word writes PAGE."""
    from docx.oxml.ns import qn

    def fld_char(kind: str) -> None:
        r = _run(p, "", font=font, size=size)
        el = r._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        r._r.append(el)

    fld_char("begin")
    r = _run(p, "", font=font, size=size)
    it = r._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
    it.text = f" {instr} \\* MERGEFORMAT "
    r._r.append(it)
    fld_char("separate")
    _run(p, cached, font=font, size=size)
    fld_char("end")


def _borderless_table(doc, rows: int, widths_cm: tuple[float, float]):
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=rows, cols=len(widths_cm))
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tbl_pr.append(layout)
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    tbl_pr.append(borders)
    for col, w in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(w)
    return table


def _cell_lines(cell, lines: list[tuple[str, dict]], align, font: str) -> None:
    for i, (text, fmt) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = align
        if text:
            _run(p, text, font=font, **fmt)


def _freeze_zip(path: Path) -> None:
    """Rewrite a zip with fixed timestamps and attributes, so the same content gives the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    path.write_bytes(buf.getvalue())


# --------------------------------------------------------------------------------------------------
# LibreOffice conversions

_LO_LOCK = threading.Lock()
_LO_PROFILE: Path | None = None


def _lo_profile() -> Path:
    """One private LibreOffice profile per Python process, reused by every conversion in it.

    The first conversion creates the profile (a few seconds); later ones reuse it. A private one keeps
    parallel test runs from attaching to each other's running soffice.
    """
    global _LO_PROFILE
    if _LO_PROFILE is None:
        _LO_PROFILE = Path(tempfile.mkdtemp(prefix="congvan-lo-profile-"))
        atexit.register(shutil.rmtree, _LO_PROFILE, True)
    return _LO_PROFILE


def _soffice(src: Path, out_dir: Path, fmt: str, timeout: float = SOFFICE_TIMEOUT_S) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError(
            "soffice not found: install LibreOffice writer (apt-get install libreoffice-writer)"
        )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{Path(src).stem}.{fmt.split(':')[0]}"
    target.unlink(missing_ok=True)
    cmd = [
        exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        f"-env:UserInstallation={_lo_profile().as_uri()}",
        "--convert-to", fmt, "--outdir", str(out_dir), str(src),
    ]  # fmt: skip
    with _LO_LOCK:
        # Own process group, so a timeout kills soffice.bin too, not only the wrapper script.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RuntimeError(f"soffice --convert-to {fmt} {src} took over {timeout} s") from None
    if proc.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        raise RuntimeError(
            f"soffice --convert-to {fmt} {src} failed (rc {proc.returncode}): "
            f"{out.decode(errors='replace')} {err.decode(errors='replace')}".strip()
        )
    return target


def make_doc(docx_path: Path, out_dir: Path) -> Path:
    """Word 97 ``.doc`` (OLE2) converted from the DOCX by LibreOffice."""
    return _soffice(Path(docx_path), Path(out_dir), "doc:MS Word 97")


def make_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Digital PDF (with a text layer) converted from the DOCX by LibreOffice (writer_pdf_Export)."""
    return _soffice(Path(docx_path), Path(out_dir), "pdf:writer_pdf_Export")


def make_pdf_two_fonts(out_dir: Path) -> Path:
    """``seed004_two_fonts.pdf``: header, stamp and signature in DejaVu Sans, body in DejaVu Serif.

    Built from a DOCX variant (``seed004_two_fonts.docx``, kept next to it) converted by LibreOffice.
    Both families ship with fonts-dejavu, so LibreOffice embeds them as named (Times New Roman is
    usually not installed and falls back to DejaVu Serif, which is why the plain PDF is one font).
    """
    out_dir = Path(out_dir)
    docx = _build_docx(out_dir / f"{STEM}_two_fonts.docx", head_font="DejaVu Sans", body_font="DejaVu Serif")
    return make_pdf(docx, out_dir)


# --------------------------------------------------------------------------------------------------
# Scans (poppler + Pillow)


def _render(pdf_path: Path, work: Path, dpi: int, first_page_only: bool = False) -> list[Path]:
    cmd = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
    if first_page_only:
        cmd += ["-f", "1", "-l", "1"]
    subprocess.run([*cmd, str(pdf_path), str(work / "page")], check=True, capture_output=True, timeout=300)
    pages = sorted(work.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if not pages:
        raise RuntimeError(f"pdftoppm rendered no pages from {pdf_path}")
    return pages


def make_scanned_pdf(pdf_path: Path, out_dir: Path, dpi: int = 200) -> Path:
    """``<stem>_scanned.pdf``: every page rendered to grayscale at ``dpi`` and stored as a JPEG image.

    Image-only, like a copier's scan: no text layer, one page per page of ``pdf_path``.
    """
    from PIL import Image

    pdf_path, out_dir = Path(pdf_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{pdf_path.stem}_scanned.pdf"
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        # pdftoppm -gray -png writes 8-bit RGB PNGs (poppler 22.12), hence the convert("L").
        images = []
        for page in _render(pdf_path, Path(tmp), dpi):
            with Image.open(page) as im:
                images.append(im.convert("L"))
        try:
            stamp = time.struct_time(_DOC_DATE.timetuple())
            images[0].save(
                target, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi),
                title=target.stem, creationDate=stamp, modDate=stamp,
            )  # fmt: skip
        finally:
            for im in images:
                im.close()
    return target


def make_png_scan(pdf_path: Path, out_dir: Path, dpi: int = 200) -> Path:
    """``<stem>_page1.png``: page 1 of ``pdf_path`` as a grayscale PNG at ``dpi``."""
    pdf_path, out_dir = Path(pdf_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{pdf_path.stem}_page1.png"
    from PIL import Image

    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        (page,) = _render(pdf_path, Path(tmp), dpi, first_page_only=True)
        with Image.open(page) as im:
            im.convert("L").save(target, "PNG", dpi=(dpi, dpi), optimize=True)
    return target


# --------------------------------------------------------------------------------------------------
# Bad (and wrongly named) files


def make_zip_bomb(out_dir: Path, size: int = 1 << 30) -> Path:
    """``bomb.docx``: a real zip (about 1 MB) whose ``word/document.xml`` inflates to ``size`` bytes.

    The XML is well formed: one paragraph whose text is ``size`` bytes of spaces. Takes about 5 s.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "bomb.docx"
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:body><w:p><w:r><w:t xml:space="preserve">'
    )
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    chunk = b" " * (1 << 20)
    pad = size - len(head) - len(tail)

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3
        return info

    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(entry("[Content_Types].xml"), _CONTENT_TYPES)
        z.writestr(entry("_rels/.rels"), _RELS)
        with z.open(entry("word/document.xml"), "w", force_zip64=True) as f:
            f.write(head)
            for _ in range(pad // len(chunk)):
                f.write(chunk)
            f.write(chunk[: pad % len(chunk)])
            f.write(tail)
    return target


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)

XXE_TARGET = "/etc/passwd"


def make_xxe_docx(docx_path: Path, out_dir: Path) -> Path:
    """``xxe.docx``: the good DOCX whose ``word/document.xml`` declares an external entity.

    A DOCTYPE declares ``xxe`` (SYSTEM file:///etc/passwd) and ``big`` (an internal 64 KiB string),
    and a new first paragraph holds ``&xxe;``. A reader must never expand either: it either refuses
    the DTD or reads the dispatch without the entity text.
    """
    docx_path, out_dir = Path(docx_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "xxe.docx"
    doctype = (
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{XXE_TARGET}"> '
        f'<!ENTITY big "{"HA" * (1 << 15)}">]>'
    )
    with zipfile.ZipFile(docx_path) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                decl_end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
                xml = xml[:decl_end] + "\n" + doctype + xml[decl_end:]
                body = xml.index("<w:body>") + len("<w:body>")
                xml = xml[:body] + "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>" + xml[body:]
                data = xml.encode("utf-8")
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def make_encrypted_pdf(pdf_path: Path, out_dir: Path) -> Path:
    """``encrypted.pdf``: AES-256 encrypted by qpdf with user password ``user``, owner ``owner``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "encrypted.pdf"
    proc = subprocess.run(
        ["qpdf", "--encrypt", "user", "owner", "256", "--", str(pdf_path), str(target)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    if proc.returncode not in (0, 3):  # 3: succeeded with warnings
        raise RuntimeError(f"qpdf --encrypt failed (rc {proc.returncode}): {proc.stderr}")
    return target


def make_bad_files(out_dir: Path, docx_path: Path, pdf_path: Path) -> dict[str, Path]:
    """Awkward inputs. Bad: empty, truncated, encrypted, random, zip_bomb, xxe.

    Good but awkward: ``docx_named_pdf`` (a DOCX called ``.pdf``: sniff the bytes) and ``png_scan``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf_bytes = Path(pdf_path).read_bytes()
    files = {
        "empty": out_dir / "empty.pdf",
        "truncated": out_dir / "truncated.pdf",
        "random": out_dir / "random.docx",
        "docx_named_pdf": out_dir / "really_a_docx.pdf",
    }
    files["empty"].write_bytes(b"")
    files["truncated"].write_bytes(pdf_bytes[: len(pdf_bytes) * 40 // 100])
    files["random"].write_bytes(random.Random(0).randbytes(4096))
    shutil.copyfile(docx_path, files["docx_named_pdf"])
    files["encrypted"] = make_encrypted_pdf(pdf_path, out_dir)
    files["zip_bomb"] = make_zip_bomb(out_dir)
    files["xxe"] = make_xxe_docx(docx_path, out_dir)
    files["png_scan"] = make_png_scan(pdf_path, out_dir)
    return files


def make_txt(out_dir: Path) -> Path:
    """``seed004.txt``: :func:`seed_text` as UTF-8, the plain-text form of the same dispatch."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{STEM}.txt"
    target.write_text(seed_text(), encoding="utf-8")
    return target


# --------------------------------------------------------------------------------------------------
# Comparing texts


def words(text: str) -> list[str]:
    """NFC, casefolded, whitespace-split words; tokens with no letter or digit (``-``, ``–``, ``/.``) dropped."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return [w for w in text.split() if any(ch.isalnum() for ch in w)]


def word_similarity(a: str, b: str) -> float:
    """Similarity of the word sequences of ``a`` and ``b`` in [0, 1] (difflib ratio, no autojunk).

    >>> word_similarity("Số: 2458/UBND-NC", "số 2458/ubnd-nc –")
    0.5
    """
    wa, wb = words(a), words(b)
    if not wa and not wb:
        return 1.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()
