"""DOCX: paragraphs and tables in document order, text boxes, the first page's header and footnotes.

The header of a dispatch is usually a borderless two-column table (issuer | national motto;
number | place and date) and the signature block another (nơi nhận | signer). Such layout tables
are read column by column, so each column stays a readable run of lines; data tables are read
row by row with ` | ` between cells.

The text is what python-docx gives (`Paragraph.text`, `_Row.cells`), read straight from the XML:
the body is streamed (`iterparse`), each top-level paragraph or table read and then freed, so a
document of millions of empty paragraphs costs seconds and little memory; vertically merged
cells are resolved row by row (python-docx looks each one up from the table's start: quadratic).

Safety first: the zip's declared sizes are summed before anything is inflated (zip bombs); the
prolog of every XML part is read by defusedxml, which refuses a DOCTYPE or an entity declaration
(OOXML never has one; it is how XXE and billion-laughs attacks start), and the parts are parsed
with entities, DTDs and the network off. Nesting is bounded by libxml2's own limit for large
documents (`MAX_XML_DEPTH`).
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorruptFile, EncryptedFile, TooLarge, UnsafeFile, UnsupportedFormat
from .base import Extracted, Reader
from .limits import Limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
# A layout table (the header: issuer | motto, number | place and date; the signature: nơi nhận |
# signer) has two columns and a few rows, or a third, empty column between them in a row or two
# (`ỦY BAN NHÂN DÂN |  | CỘNG HÒA ...`). Three columns over three rows or more are data: a fee table
# (`STT | Nội dung thu | Mức thu`), a training schedule (`Ngày 03/01/2012 (thứ 3) | Phòng Viễn thông |
# Phòng Công nghệ thông tin`), each row one line.
LAYOUT_MAX_COLUMNS = 3
LAYOUT_MAX_ROWS = 8
LAYOUT_MAX_ROWS_OF_THREE = 2
# libxml2 refuses XML nested deeper than 256 levels unless told the document is huge, then 2048.
# 256 is too few for real Word files (HTML pasted into Word keeps its nested tables and divs; each
# nested table costs three levels); 2048 still stops a nesting bomb before it costs memory.
MAX_XML_DEPTH = 2048
# Word writes at most 63 columns (MS-DOC 2.4.3); a bigger gridSpan is hostile and only counts cells.
MAX_GRID_SPAN = 64
PROLOG_CHUNK = 16384

_P, _R, _T, _TBL, _TR, _TC = (W + name for name in ("p", "r", "t", "tbl", "tr", "tc"))
_BR, _HYPERLINK, _TXBX, _SECT_PR, _BODY = (W + name for name in ("br", "hyperlink", "txbxContent", "sectPr", "body"))
# Run children that python-docx's Run.text turns into characters (w:t and w:br are read apart).
_RUN_CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _xml_options() -> dict:
    """lxml parser options for every part: the same text as python-docx's parser, nothing resolved."""
    return dict(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


# --- the zip and its XML parts -------------------------------------------------------------------

class _RootReached(Exception):
    """The prolog is over: no DOCTYPE can follow."""


def _refuse_dtd(path: Path, name: str, part) -> None:
    """Raise `UnsafeFile` when an XML part declares a DOCTYPE or entities, wherever in its prolog.

    A DOCTYPE may only stand before the root element, so the prolog is all there is to read;
    defusedxml's expat parser raises on the declaration, and parsing stops at the root's tag."""
    from xml.sax import SAXException
    from xml.sax.handler import ContentHandler

    from defusedxml import DefusedXmlException
    from defusedxml.expatreader import DefusedExpatParser

    class StopAtRoot(ContentHandler):
        def startElement(self, name, attrs):  # noqa: N802 - the SAX interface
            raise _RootReached

    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(StopAtRoot())
    try:
        while chunk := part.read(PROLOG_CHUNK):
            parser.feed(chunk)
    except _RootReached:
        return
    except DefusedXmlException as error:
        raise UnsafeFile(path, f"unsafe DOCX: {name} declares a DOCTYPE/ENTITY (XXE): {type(error).__name__}; "
                               "refused unread") from None
    except SAXException:
        return  # not well-formed: the parse proper says so


@contextmanager
def _zip_errors(path: Path) -> Iterator[None]:
    """What zipfile raises for a broken or odd container, as the `ReadError` that names it."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as error:
        raise CorruptFile(path, f"corrupt or truncated DOCX ({error})") from None
    except NotImplementedError as error:   # deflate64, or an unknown method
        raise UnsupportedFormat(path, f"unsupported DOCX: {error}") from None
    except RuntimeError as error:
        if "password" not in str(error):
            raise
        raise EncryptedFile(path, "encrypted: the DOCX's parts need a password") from None


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse zip bombs and DOCTYPEs before anything is inflated or parsed."""
    with _zip_errors(path), zipfile.ZipFile(path) as archive:
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
                    _refuse_dtd(path, info.filename, part)


@dataclass
class _Package:
    """The parts of an open DOCX zip and their relationships (what python-docx's package reader does)."""

    path: Path
    archive: zipfile.ZipFile

    def has(self, part: str) -> bool:
        try:
            self.archive.getinfo(part)
        except KeyError:
            return False
        return True

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of each internal relationship of `part` ('' for the package)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if not self.has(rels):
            return []
        out = []
        for rel in self.parse(rels).iter(RELS + "Relationship"):
            if rel.get("TargetMode") == "External" or not rel.get("Target"):
                continue
            target = posixpath.normpath(posixpath.join("/" + folder, rel.get("Target"))).lstrip("/")
            out.append((rel.get("Id"), rel.get("Type"), target))
        return out

    def open_xml(self, part: str):
        """A stream of an XML part, its prolog checked first: a relationship may name any part,
        not only the `.xml` and `.rels` ones `check_zip` looked at."""
        with self.archive.open(part) as stream:
            _refuse_dtd(self.path, part, stream)
        return self.archive.open(part)

    def parse(self, part: str):
        """The root element of a (small) XML part."""
        from lxml import etree

        with self.open_xml(part) as stream:
            return etree.parse(stream, etree.XMLParser(**_xml_options())).getroot()

    def main_part(self) -> str:
        for _id, kind, target in self.relationships(""):
            if kind == OFFICE_DOCUMENT and self.has(target):
                return target
        if self.has("word/document.xml"):
            return "word/document.xml"
        raise CorruptFile(self.path, "corrupt DOCX: it has no main document part")


# --- paragraphs ----------------------------------------------------------------------------------

def _run_text(run) -> str:
    """python-docx's `Run.text`: text, tabs, line breaks and non-breaking hyphens, in order."""
    parts = []
    for child in run:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _BR:
            if child.get(W + "type", "textWrapping") == "textWrapping":  # page and column breaks: nothing
                parts.append("\n")
        elif tag in _RUN_CHARS:
            parts.append(_RUN_CHARS[tag])
    return "".join(parts)


def _paragraph_text(p) -> str:
    """python-docx's `Paragraph.text`: the runs of the paragraph and of its hyperlinks."""
    parts = []
    for child in p:
        if child.tag == _R:
            parts.append(_run_text(child))
        elif child.tag == _HYPERLINK:
            parts.extend(_run_text(run) for run in child if run.tag == _R)
    return "".join(parts)


def _paragraph_lines(p) -> list[str]:
    if not len(p):
        return [""]
    lines = [_paragraph_text(p)]
    # Text boxes hold headers in some templates; Paragraph.text skips them. Read the modern
    # (mc:Choice) copy only: the VML fallback repeats the same text.
    for box in p.iter(_TXBX):
        if any(ancestor.tag == f"{MC}Fallback" for ancestor in box.iterancestors()):
            continue
        for inner in box.iter(_P):
            lines.append("".join(t.text or "" for t in inner.iter(_T)))
    return lines


# --- tables --------------------------------------------------------------------------------------

def _int_property(parent, path: str, default: int) -> int:
    element = parent.find(path) if parent is not None else None
    if element is None:
        return default
    try:
        return int(element.get(W + "val", default))
    except ValueError:
        return default


def _grid_span(tc) -> int:
    return max(1, min(_int_property(tc.find(W + "tcPr"), W + "gridSpan", 1), MAX_GRID_SPAN))


def _continues_above(tc) -> bool:
    """A cell that continues a vertical merge (w:vMerge without val, or val="continue")."""
    properties = tc.find(W + "tcPr")
    merge = properties.find(W + "vMerge") if properties is not None else None
    return merge is not None and merge.get(W + "val", "continue") == "continue"


def _table_rows(tbl) -> list[list]:
    """Each row's distinct cells, as python-docx's `row.cells` gives them (a merged cell once).

    A cell continuing a vertical merge stands for the cell it continues, found at the same grid
    offset in the row above; keeping each row's offset -> cell map makes that one lookup."""
    rows: list[list] = []
    above: dict[int, object] = {}
    for tr in tbl.iterchildren(_TR):
        offset = _int_property(tr.find(W + "trPr"), W + "gridBefore", 0)
        here: dict[int, object] = {}
        cells: dict[object, None] = {}
        for tc in tr.iterchildren(_TC):
            cell = above.get(offset, tc) if _continues_above(tc) else tc
            here[offset] = cell
            cells.setdefault(cell, None)
            offset += _grid_span(tc)
        rows.append(list(cells))
        above = here
    return rows


def _cell_lines(tc, seen: dict) -> list[str]:
    if tc not in seen:  # a vertically merged cell comes back in every row it spans
        lines: list[str] = []
        for child in tc:
            if child.tag == _P:
                lines.extend(_paragraph_lines(child))
            elif child.tag == _TBL:
                lines.extend(_table_lines(child))
        seen[tc] = lines
    return seen[tc]


def _table_lines(tbl) -> list[str]:
    rows = _table_rows(tbl)
    seen: dict = {}
    columns = max((len(r) for r in rows), default=0)
    if columns <= LAYOUT_MAX_COLUMNS and len(rows) <= (LAYOUT_MAX_ROWS if columns < 3 else LAYOUT_MAX_ROWS_OF_THREE):
        lines: list[str] = []
        for column in range(columns):
            for row in rows:
                if column < len(row):
                    lines.extend(_cell_lines(row[column], seen))
            lines.append("")
        return lines
    # a row is one line (the task-table reader finds a row's header by its cells): a line break
    # inside a cell (`Thời gian<w:br/>hoàn thành`) is a space there
    return [" | ".join(" ".join(_cell_lines(tc, seen)).replace("\n", " ").strip() for tc in row) for row in rows] + [""]


def _block_lines(element) -> list[str]:
    return _table_lines(element) if element.tag == _TBL else _paragraph_lines(element)


# --- the body, streamed --------------------------------------------------------------------------

@dataclass
class _Body:
    lines: list[str] = field(default_factory=list)
    section_seen: bool = False     # the first section's properties choose the header
    header_id: str | None = None   # its header's relationship id, when it has a header of its own


def _header_id(section) -> str | None:
    """The relationship id of the header python-docx gives for this section's first page.

    The first-page header when the section has one (w:titlePg), else the default one; None
    when the section has no such header (python-docx: linked to the previous section)."""
    title_page = section.find(W + "titlePg")
    first = title_page is not None and title_page.get(W + "val", "true") in ("1", "true", "on")
    kind = "first" if first else "default"
    for reference in section.iterchildren(W + "headerReference"):
        if reference.get(W + "type") == kind:
            return reference.get(R + "id")
    return None


def _section_of(element):
    """Section properties held by a body-level paragraph (w:pPr/w:sectPr), or the body's own."""
    if element.tag == _SECT_PR:
        return element
    properties = element.find(W + "pPr") if element.tag == _P else None
    return properties.find(_SECT_PR) if properties is not None else None


def _stream_body(stream) -> _Body:
    """Lines of the body's paragraphs and tables in order, each element freed once read."""
    from lxml import etree

    body = _Body()
    events = etree.iterparse(stream, events=("end",), tag=(_P, _TBL, _SECT_PR), **_xml_options())
    for read, (_event, element) in enumerate(events, 1):
        parent = element.getparent()
        if parent is None or parent.tag != _BODY:
            continue  # inside a table or a text box: read with its block
        if len(element) or element.tag == _SECT_PR:
            section = None if body.section_seen else _section_of(element)
            if section is not None:
                body.header_id, body.section_seen = _header_id(section), True
            if element.tag != _SECT_PR:
                body.lines.extend(_block_lines(element))
        elif element.tag == _P:
            body.lines.append("")   # an empty paragraph, the cheap way: documents hold millions
        if read % 1024 == 0:  # free what is read (and what python-docx skips), in batches; not what
            while element.getprevious() is not None:  # follows: the parser may have built it already
                del parent[0]
    return body


def _first_page_header(package: _Package, document: str, header_id: str | None) -> list[str]:
    """A header part that carries document text (some templates put the issuer there)."""
    targets = {rel_id: target for rel_id, _kind, target in package.relationships(document)}
    target = targets.get(header_id) if header_id is not None else None
    if target is None or not package.has(target):
        return []
    header = package.parse(target)
    lines = [line for p in header.iterchildren(_P) for line in _paragraph_lines(p)]
    for table in header.iterchildren(_TBL):
        lines.extend(_table_lines(table))
    # A lone page number or a short running title is furniture, not document text.
    return lines if sum(len(line.strip()) for line in lines) > 60 else []


def _footnotes(package: _Package, document: str) -> list[str]:
    for _id, kind, target in package.relationships(document):
        if kind == FOOTNOTES and package.has(target):
            notes = []
            for note in package.parse(target).iter(f"{W}footnote"):
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join("".join(t.text or "" for t in p.iter(_T)) for p in note.iter(_P)).strip()
                if text:
                    notes.append(text)
            return notes
    return []


def _parts_lines(package: _Package) -> Iterator[str]:
    document = package.main_part()
    with package.open_xml(document) as stream:
        body = _stream_body(stream)
    yield from _first_page_header(package, document, body.header_id)
    yield from body.lines
    notes = _footnotes(package, document)
    if notes:
        yield ""
        yield from (f"[{number}] {note}" for number, note in enumerate(notes, 1))


def docx_lines(path: Path) -> list[str]:
    from lxml import etree

    with _zip_errors(path):
        try:
            with zipfile.ZipFile(path) as archive:
                return list(_parts_lines(_Package(path, archive)))
        except etree.XMLSyntaxError as error:
            if "depth" in str(error).lower():
                raise UnsafeFile(path, f"unsafe DOCX: XML nested deeper than {MAX_XML_DEPTH} levels "
                                       "(a nesting bomb?)") from None
            raise CorruptFile(path, f"corrupt DOCX: XML not well-formed ({error})") from None


class DOCXReader(Reader):
    formats = ("docx",)

    def read(self, path: Path, limits: Limits) -> Extracted:
        check_zip(path, limits)
        lines = docx_lines(path)
        return Extracted(raw="\n".join(lines))
