"""Word 97 (DOC), RTF and ODT: LibreOffice headless converts them to DOCX, read as DOCX.

Each conversion gets a private profile folder (parallel conversions would fight over a shared
one) and a time limit, and the temporary files go away whatever happens.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from ..errors import CorruptFile, TimedOut
from .base import Extracted, Reader
from .docx import check_zip, docx_lines
from .limits import Limits
from .ocr import require
from .tools import run_bounded


def convert_to_docx(path: Path, folder: Path, limits: Limits) -> Path:
    soffice = require("soffice", "libreoffice-writer-nogui")
    profile = folder / "profile"
    source = folder / ("input" + (path.suffix.lower() if path.suffix.lower() in (".doc", ".rtf", ".odt") else ".doc"))
    source.symlink_to(path.resolve())  # a plain name: LibreOffice trips on some file names
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)]
    try:
        done = run_bounded(command, timeout=limits.convert_timeout, memory=limits.convert_memory,
                           env=dict(os.environ, HOME=str(folder)))
    except subprocess.TimeoutExpired:
        raise TimedOut(path, f"LibreOffice took longer than {limits.convert_timeout:.0f} s to convert it (raise --convert-timeout)") from None
    target = folder / "input.docx"
    if not target.exists() or target.stat().st_size == 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        hint = f": {detail[-1]}" if detail else ""
        raise CorruptFile(path, f"LibreOffice could not convert it (corrupt, encrypted or not a Word file){hint}")
    return target


class OfficeReader(Reader):
    formats = ("doc", "rtf", "odt")

    def read(self, path: Path, limits: Limits) -> Extracted:
        with tempfile.TemporaryDirectory(prefix="congvan-soffice-") as tmp:
            converted = convert_to_docx(path, Path(tmp), limits)
            check_zip(converted, limits)
            lines = docx_lines(converted)
        return Extracted(raw="\n".join(lines))
