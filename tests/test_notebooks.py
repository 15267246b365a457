"""The notebooks run top to bottom in a real Jupyter kernel against the installed package."""
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_the_notebooks_are_there():
    assert [p.name[:3] for p in NOTEBOOKS] == ["01-", "02-", "03-", "04-", "05-"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_in_a_kernel(path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    stored = [c for c in nb.cells if c.cell_type == "code"]
    assert stored and all(c.get("outputs") is not None for c in stored)
    assert path.stat().st_size < 400_000, "outputs are kept small"
    nbclient.NotebookClient(nb, timeout=240, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    # every figure cell shows a picture, and the stored notebook has one there too
    for fresh, old in zip([c for c in nb.cells if c.cell_type == "code"], stored):
        if "plotting." in fresh.source and fresh.source.strip().splitlines()[-1].startswith(("plotting.", "fig")):
            assert any("image/png" in o.get("data", {}) for o in fresh.outputs), fresh.source
    json.dumps(nb)  # serialisable as stored
    if path.name.startswith("05-"):  # the explorer: its widgets' model, the figure and the headline as text
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
        assert any("image/png" in o.get("data", {}) for o in outputs)
        assert any(o.output_type == "stream" and "In-situ costs" in o.text for o in outputs)
