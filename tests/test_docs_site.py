"""The documentation site's sources hold together (CI builds it with warnings as errors:
``sphinx-build -W -b html docs docs/_build/html``), and the syntax its user guide teaches is the
syntax the program reads."""
import re
from pathlib import Path

import pytest
import yaml

import basaltcalc as bc
from basaltcalc.scenario import scenario_from_dict

DOCS = Path(__file__).parent.parent / "docs"
GUIDE = (DOCS / "sweeps-and-distributions.md").read_text(encoding="utf-8")
BASE = {"name": "docs example", "transport": {"preset": "medium-lander-2026"}, "insitu": {"route": "melt-cast"},
        "elements": [{"name": "floor panel", "kind": "sheet", "count": 120, "length": "2 m", "width": "1 m",
                      "load": {"pressure": "5 kPa"}}]}


def test_every_page_is_in_the_index():
    """A page left out of every toctree is a warning, so an error in CI: say it here first."""
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    listed = set(re.findall(r"^   ([\w/-]+)$", index, re.M))
    pages = {p.stem for p in DOCS.glob("*.md")} | {p.stem for p in DOCS.glob("*.rst")} - {"index"}
    assert pages <= listed | {"index"}, pages - listed
    assert "gallery/index" in listed and (DOCS / "conf.py").is_file()


@pytest.mark.parametrize("block", re.findall(r"```yaml\n(.*?)```", GUIDE, re.S)[:2], ids=["sweep", "uncertainty"])
def test_the_guides_examples_are_read_as_it_says(block):
    sc = scenario_from_dict({**BASE, **yaml.safe_load(block)})
    if "sweep" in sc.blocks:
        ds = bc.sweep(sc, progress=False)
        assert dict(ds.sizes) == {"transport.landed_cost": 5, "insitu.campaign": 4, "build-out": 3}  # 5 x 4 x 3
    else:
        shown = repr(bc.uncertainty_set(sc))
        for family in ("uniform", "loguniform", "triangular", "pert", "logpert", "normal", "lognormal"):
            assert f" {family}(" in shown, family  # every family of the table, read
