"""Recognise a file's format from its bytes, never from its name (a DOCX named `.pdf` is a DOCX)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import EmptyFile, EncryptedFile, UnsupportedFormat

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
    b"BM": "bmp",
}
# Binary formats people mistake for documents: name them in the error.
OTHER_MAGIC = {
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"MZ": "a Windows program",
    b"\x7fELF": "a program",
}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(path: Path, head: bytes) -> str:
    """Return one of pdf, docx, odt, doc, rtf, image, html, text; raise for what congvan cannot read.

    `head` is the start of the file (a few KB); zip and OLE containers are looked into."""
    if not head:
        raise EmptyFile(path, "empty file (0 bytes)")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    for magic, _name in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return "image"
    for magic, name in OTHER_MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedFormat(path, f"unsupported format: the bytes are {name}, not a document")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()[:512]
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start or b"<body" in start:
        return "html"
    return "text"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.text" in mimetype:
                    return "odt"
    except zipfile.BadZipFile as error:
        from ..errors import CorruptFile

        raise CorruptFile(path, f"corrupt or truncated zip container ({error})") from None
    kind = "a spreadsheet" if "xl/workbook.xml" in names else "a presentation" if "ppt/presentation.xml" in names else "a zip archive"
    raise UnsupportedFormat(path, f"unsupported format: the bytes are {kind}, not a Word document")


def _sniff_ole(path: Path) -> str:
    # An OLE compound file: Word 97-2003, or an OOXML file encrypted with a password, or Excel...
    # The directory names its streams in UTF-16; reading the first MB is enough for real files.
    with open(path, "rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise EncryptedFile(path, "encrypted: the Word file is protected by a password; open it and save without one")
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        raise UnsupportedFormat(path, "unsupported format: the bytes are an Excel workbook, not a document")
    if _utf16("PowerPoint Document") in data:
        raise UnsupportedFormat(path, "unsupported format: the bytes are a PowerPoint file, not a document")
    return "doc"
