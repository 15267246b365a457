"""docs/architecture.md stays true: every metric is listed with the function that computes it,
every function it names exists, and its layer table names every subpackage of the tree."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from basaltcalc.metrics import METRICS

DOC = (Path(__file__).parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
METRIC_TABLE = DOC[DOC.index("## Where each metric is computed"):]
ROWS = {m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([^`]+)` \|[^|]*\| (.+) \|$", METRIC_TABLE, re.M)}
NAMED = sorted(set(re.findall(r"`(basaltcalc(?:\.\w+)+)`", DOC)))


@pytest.mark.parametrize("metric", sorted(METRICS))
def test_every_metric_has_a_row_naming_its_function(metric):
    assert metric in ROWS, f"add a row for {metric} to docs/architecture.md"
    assert "`basaltcalc." in ROWS[metric], ROWS[metric]


@pytest.mark.parametrize("dotted", NAMED)
def test_every_named_function_exists(dotted):
    module, _, attr = dotted.rpartition(".")
    try:
        obj = importlib.import_module(dotted)
    except ImportError:
        obj = getattr(importlib.import_module(module), attr)
    assert obj is not None


def test_no_row_for_a_metric_that_does_not_exist():
    assert set(ROWS) <= set(METRICS), set(ROWS) - set(METRICS)


def test_every_subpackage_is_in_the_layer_table():
    package = Path(__file__).parent.parent / "basaltcalc"
    subpackages = {p.parent.name for p in package.glob("*/__init__.py")}
    for name in subpackages:
        assert f"`{name}/`" in DOC, f"docs/architecture.md: no row for {name}/"


def test_the_dependency_tables_are_those_of_the_code():
    """The "What each metric depends on" section is generated: regenerate it with
    ``python -c "from basaltcalc.model.dependencies import write_docs; write_docs()"``."""
    import basaltcalc as bc
    from basaltcalc.model.dependencies import dependency_markdown

    begin, end = "<!-- dependencies: begin -->\n", "<!-- dependencies: end -->"
    shown = DOC[DOC.index(begin) + len(begin):DOC.index(end)]
    assert shown == dependency_markdown(bc.default_scenario()), "regenerate: see this test's docstring"
