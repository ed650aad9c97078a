"""Shared fixtures: real input files built once per session from seed dispatch 004 (see inputs.py)."""

from __future__ import annotations

from pathlib import Path

import inputs
import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def seed_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Seed 004 in every format, plus bad files; built once (about 15 s, LibreOffice included).

    Keys: ``txt``, ``docx``, ``doc``, ``pdf``, ``pdf_two_fonts``, ``scanned_pdf``, ``png_scan`` (good);
    ``empty``, ``truncated``, ``encrypted``, ``random``, ``zip_bomb``, ``xxe`` (bad);
    ``docx_named_pdf`` (a good DOCX named ``really_a_docx.pdf``).
    """
    out = tmp_path_factory.mktemp("seed004")
    docx = inputs.make_docx(out)
    pdf = inputs.make_pdf(docx, out)
    files = {
        "txt": inputs.make_txt(out),
        "docx": docx,
        "doc": inputs.make_doc(docx, out),
        "pdf": pdf,
        "pdf_two_fonts": inputs.make_pdf_two_fonts(out),
        "scanned_pdf": inputs.make_scanned_pdf(pdf, out),
    }
    files.update(inputs.make_bad_files(out, docx, pdf))
    return files
