"""congvan: document intelligence over Vietnamese official dispatches.

The stages, each a function of the previous one's output:

    read(path) -> Text          pipeline/read/      any format to normalised text with offsets
    extract(text) -> Extraction pipeline/record.py  the extractors' own facts, with offsets
    to_record(text) -> dict     pipeline/record.py  the extraction record of eval/FORMAT.md
    ingest(paths, conn)         pipeline/ingest/    files into the SQLite store (`pipeline.ingest.ingest`:
                                                    the verb keeps its package's name, so it is not re-exported)
    build_graph(conn) -> graph  pipeline/graph/     the citation graph from the store (loaded lazily)
    nlp() -> spacy.Language     pipeline/nlp/       the same findings as spaCy spans (loaded lazily)
"""
from __future__ import annotations

from .errors import CongvanError, ReadError
from .read import Limits, Text, read
from .record import extract, to_record

__all__ = ["CongvanError", "Limits", "ReadError", "Text", "build_graph", "extract", "nlp", "read", "to_record"]


def __getattr__(name: str):
    import importlib

    if name == "nlp":  # spaCy loads only when asked for; the submodule is callable: pipeline.nlp()
        return importlib.import_module(".nlp", __name__)
    if name == "build_graph":  # networkx loads only when asked for
        return importlib.import_module(".graph", __name__).build
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
