"""congvan: document intelligence over Vietnamese official dispatches.

The stages, each a function of the previous one's output:

    read(path) -> Text          pipeline/read/      any format to normalised text with offsets
    to_record(text) -> dict     pipeline/record.py  the extraction record of eval/FORMAT.md
"""
from __future__ import annotations

from .errors import CongvanError, ReadError
from .read import Limits, Text, read
from .record import to_record

__all__ = ["CongvanError", "Limits", "ReadError", "Text", "read", "to_record"]
