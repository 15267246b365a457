"""The text table: both options, every default it used (with source and range), units shown."""
import pytest

import basaltcalc as bc
from basaltcalc.model.tables import assumptions, format_quantity, results_table


@pytest.fixture(scope="module")
def res():
    return bc.evaluate(bc.load_scenario(__import__("pathlib").Path(__file__).parent.parent
                                        / "scenarios" / "ilrs-south-pole-outpost.yaml"))


def test_table_lists_every_default_with_its_source(res):
    text = results_table(res)
    defaults = [a for a in assumptions(res) if a["origin"] == "default" and a["source"]]
    assert len(defaults) > 30
    lines = text.split("\nAssumptions: ", 1)[1].splitlines()
    for a in defaults:
        line = next(ln for ln in lines if f" {a['path']} " in ln)
        assert a["source"] in line and (line.lstrip().startswith("*") == a["weak"])
    assert f"Assumptions: {len(defaults)} defaults" in text


def test_table_header_carries_the_scenario_hash(res):
    assert res.scenario.sha256[:16] in results_table(res)


@pytest.mark.parametrize("value, unit, text", [
    (1.2e9, "USD", "1,200 MUSD"),            # USD shown in MUSD with thousands separators
    (41375.1, "USD/kg", "41.38 kUSD/kg"),
    (2 * 365.25 * 86400, "s", "2 year"),
    (3.0 * 86400, "s", "3 day"),              # under 60 days: days
    (float("inf"), "", "never (inf)"),
])
def test_format_quantity(value, unit, text):
    assert format_quantity(value, unit) == text
