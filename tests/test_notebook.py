"""notebooks/lineage.ipynb runs top to bottom (nbclient, as CI runs it) and is committed without outputs."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "lineage.ipynb"

nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[dev]' brings nbclient and ipykernel")
nbclient = pytest.importorskip("nbclient")


def test_the_notebook_is_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_the_notebook_executes(monkeypatch):
    monkeypatch.delenv("CONGVAN_CORPUS", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    text = "\n".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                     for output in cell.outputs)
    assert "5 added" in text
    assert "[implements] Công văn 2458/UBND-NC" in text
    assert "provinces in the archive that did not cite it" in text
    images = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
              if "image/png" in o.get("data", {})]
    assert images, "the graph is drawn"
