"""congvan: document intelligence over Vietnamese official dispatches.

The stages, each a function of the previous one's output:

    read(path) -> Text          pipeline/read/      any format to normalised text with offsets
    to_record(text) -> dict     pipeline/record.py  the extraction record of eval/FORMAT.md
    nlp() -> spacy.Language     pipeline/nlp/       the same findings as spaCy spans (loaded lazily)
"""
from __future__ import annotations

from .errors import CongvanError, ReadError
from .read import Limits, Text, read
from .record import to_record

__all__ = ["CongvanError", "Limits", "ReadError", "Text", "nlp", "read", "to_record"]


def __getattr__(name: str):
    if name == "nlp":  # spaCy loads only when asked for; the submodule is callable: pipeline.nlp()
        import importlib

        return importlib.import_module(".nlp", __name__)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
