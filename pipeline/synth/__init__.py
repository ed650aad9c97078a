"""A synthetic archive of dispatches, for scale tests and benchmarks only (issue 7).

Chains of central directives (Chỉ thị .../CT-TTg, Nghị quyết .../NQ-CP, Nghị định .../NĐ-CP,
Chỉ thị and Nghị quyết of Bộ Chính trị and Ban Bí thư) carried out by ministry plans, provincial
plans (UBND tỉnh, Tỉnh ủy, the provincial departments), district plans and commune plans, each in
the genre's real structure. Every document comes with its truth record in the FORMAT.md shape,
offsets included, so a store can be filled without files or extractors (`records_for_store`).
Quality is measured on real documents, never on these.

Three verbs:

    documents(count, seed=0)              SynthDocument objects, streamed, deterministic per seed
    write_archive(out_dir, count, seed=0) TXT, DOCX and PDF files in a nested folder, MANIFEST.tsv
    records_for_store(count, seed=0)      dicts that `pipeline.store.write` takes, no files at all

>>> from itertools import islice
>>> first = next(documents(1, seed=7))
>>> first.record["document"]["code"] == first.text.split("Số")[1].split("\\n")[0].strip(": ")
True
"""
from __future__ import annotations

from .generate import SynthDocument, documents, records_for_store
from .write import write_archive

__all__ = ["SynthDocument", "documents", "records_for_store", "write_archive"]
