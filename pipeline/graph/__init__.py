"""Stage 5: the citation graph. A networkx `MultiDiGraph` built from the store.

A node per document, keyed by its identity (`19CTTTG`; a local one `41KHUBND@UYBANNHANDAN...@2024`;
one without a number `doc:<hash>`), and an explicit placeholder node per cited document that is
not in the archive. Edges go citing -> cited, with the relation (`based_on`, `implements`,
`mentions`), the citing document's date and the sentence that cites.

Its modules, lowest first:

    nodes      what a node says: its fields, one line for people (`describe`), JSON (`node_json`)
    rows       the store's rows the graph is made of, read in chunks of keys
    status     whether a document still stands (replaced, repealed, suspended, amended)
    build      the graph of the whole store (`build`), or of the part around some documents (`around`)
    find       a node from what a person types (`find`, `locate`; `NotFound`)
    lineage    up: what stands behind a document; down: who carried it out
    coverage   which provinces answered, at what level, how fast, and which did not
    export     GraphML, GEXF, node-link JSON

Callers use this package's names (`graph.build`, `graph.lineage`); its modules import each other,
never this package.

>>> from pipeline import store
>>> build(store.connect(":memory:")).number_of_nodes()
0
"""
from __future__ import annotations

from ..extract.references import RELATION_RANK
from .build import around, build, provinces_in_archive
from .coverage import coverage, coverage_text
from .export import export, for_export, neighbourhood
from .find import NotFound, find, locate
from .lineage import chain_up, lineage, lineage_json, lineage_text
from .nodes import LEVELS, describe, node_json, node_label
from .status import STATUS_ORDER, annotate_status, status, status_of, status_text

__all__ = [
    "LEVELS", "RELATION_RANK", "STATUS_ORDER", "NotFound", "annotate_status", "around", "build", "chain_up",
    "coverage", "coverage_text", "describe", "export", "find", "for_export", "lineage", "lineage_json",
    "lineage_text", "locate", "neighbourhood", "node_json", "node_label", "provinces_in_archive", "status",
    "status_of", "status_text",
]
