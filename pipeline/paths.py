"""File names as text that can be stored, printed and turned back into the file's name.

On Linux a file name is bytes. Archives unpacked from Windows carry names in CP1258 or TCVN3
bytes that are not UTF-8 (`C\\xf4ng v\\xe3n 12.txt`); Python gives them to us as `str` with lone
surrogates (PEP 383), which SQLite, JSON on stdout and HTML all refuse. `printable` writes each
byte that is not UTF-8 as `\\xNN` (one unambiguous escape per byte), and `on_disk` undoes it, so
the store keeps every name losslessly and a person still reads the rest of it.

>>> name = b"C\\xf4ng v\\xe3n 12.txt".decode("utf-8", "surrogateescape")
>>> printable(name)
'C\\\\xf4ng v\\\\xe3n 12.txt'
>>> on_disk(printable(name)) == name
True
>>> printable("Công văn 12.txt")
'Công văn 12.txt'
"""
from __future__ import annotations

import os
import re

_ESCAPED_BYTE = re.compile(r"\\x([0-9a-f]{2})")


def printable(path: str | os.PathLike) -> str:
    """`path` as valid Unicode text: unchanged when it is, else its undecodable bytes as `\\xNN`."""
    name = os.fspath(path)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def is_printable(path: str | os.PathLike) -> bool:
    """True when the name needs no escape."""
    return printable(path) == os.fspath(path)


def on_disk(text: str) -> str:
    """The file name that `printable` turned into `text` (`text` itself when it holds no escape,
    or when a file has that very name)."""
    if "\\x" not in text or os.path.lexists(text):
        return text
    return _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), text)
