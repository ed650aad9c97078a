"""DOCX through python-docx: paragraphs and tables in document order, text boxes and footnotes.

The header of a dispatch is usually a borderless two-column table (issuer | national motto;
number | place and date) and the signature block another (nơi nhận | signer). Such layout tables
are read column by column, so each column stays a readable run of lines; data tables are read
row by row with ` | ` between cells.

Safety first: the zip's declared sizes are summed before anything is inflated (zip bombs), and
an XML part with a DOCTYPE is refused (OOXML never has one; it is how XXE attacks start).
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import CorruptFile, TooLarge, UnsafeFile
from .base import Extracted, Reader
from .limits import Limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
LAYOUT_MAX_COLUMNS = 3
LAYOUT_MAX_ROWS = 8


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse zip bombs and DOCTYPEs before python-docx inflates or parses anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if total > limits.max_unzipped:
                raise TooLarge(
                    path,
                    f"too large uncompressed: the DOCX declares {total / 2**20:,.0f} MB inflated "
                    f"(limit {limits.max_unzipped / 2**20:,.0f} MB; a zip bomb? raise --max-unzipped)",
                )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise UnsafeFile(path, f"unsafe DOCX: {info.filename} declares a DOCTYPE/ENTITY (XXE); refused unread")
    except zipfile.BadZipFile as error:
        raise CorruptFile(path, f"corrupt or truncated DOCX ({error})") from None


def _paragraph_lines(paragraph) -> list[str]:
    lines = [paragraph.text]
    # Text boxes hold headers in some templates; python-docx's .text skips them. Read the
    # modern (mc:Choice) copy only: the VML fallback repeats the same text.
    for box in paragraph._p.iter(f"{W}txbxContent"):
        if any(ancestor.tag == f"{MC}Fallback" for ancestor in box.iterancestors()):
            continue
        for p in box.iter(f"{W}p"):
            lines.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return lines


def _unique_cells(row) -> list:
    seen, cells = set(), []
    for cell in row.cells:  # a merged cell repeats: keep it once
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _cell_lines(cell) -> list[str]:
    lines: list[str] = []
    for item in cell.iter_inner_content():
        lines.extend(_table_lines(item) if hasattr(item, "rows") else _paragraph_lines(item))
    return lines


def _table_lines(table) -> list[str]:
    rows = [_unique_cells(row) for row in table.rows]
    columns = max((len(r) for r in rows), default=0)
    if columns <= LAYOUT_MAX_COLUMNS and len(rows) <= LAYOUT_MAX_ROWS:
        lines: list[str] = []
        for column in range(columns):
            for row in rows:
                if column < len(row):
                    lines.extend(_cell_lines(row[column]))
            lines.append("")
        return lines
    return [" | ".join(" ".join(_cell_lines(cell)).strip() for cell in row) for row in rows] + [""]


def _footnotes(document) -> list[str]:
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == FOOTNOTES and not rel.is_external:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            root = etree.fromstring(rel.target_part.blob, parser)
            notes = []
            for note in root.iter(f"{W}footnote"):
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in note.iter(f"{W}p")).strip()
                if text:
                    notes.append(text)
            return notes
    return []


def _first_page_header(document) -> list[str]:
    """A header part that carries document text (some templates put the issuer there)."""
    section = document.sections[0] if document.sections else None
    if section is None:
        return []
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    if header.is_linked_to_previous:
        return []
    lines = [line for p in header.paragraphs for line in _paragraph_lines(p)]
    for table in header.tables:
        lines.extend(_table_lines(table))
    # A lone page number or a short running title is furniture, not document text.
    return lines if sum(len(line.strip()) for line in lines) > 60 else []


def docx_lines(path: Path) -> list[str]:
    import docx

    try:
        document = docx.Document(str(path))
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise CorruptFile(path, f"corrupt DOCX ({error})") from None
    lines = _first_page_header(document)
    for item in document.iter_inner_content():
        lines.extend(_table_lines(item) if hasattr(item, "rows") else _paragraph_lines(item))
    notes = _footnotes(document)
    if notes:
        lines.append("")
        lines.extend(f"[{number}] {note}" for number, note in enumerate(notes, 1))
    return lines


class DOCXReader(Reader):
    formats = ("docx",)

    def read(self, path: Path, limits: Limits) -> Extracted:
        check_zip(path, limits)
        lines = docx_lines(path)
        return Extracted(raw="\n".join(lines))
