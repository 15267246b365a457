"""Notebook reprs: a Scenario shows as HTML tables (choices, element groups, inputs by origin)."""
import html.parser
from pathlib import Path

import basaltcalc as bc

ILRS = Path(__file__).parent.parent / "scenarios" / "ilrs-south-pole-outpost.yaml"


def test_scenario_html_lists_every_input():
    from basaltcalc.scenario.html import scenario_html

    sc = bc.load_scenario(ILRS)
    text = scenario_html(sc)
    html.parser.HTMLParser().feed(text)
    assert "<pre>" not in text and text.count("<table>") == 4
    for path in sc.inputs:
        assert f"<code>{html.escape(path)}</code>" in text, path
    for g in sc.elements:
        assert html.escape(g["name"]) in text
    n_defaults = sum(i.origin == "default" for i in sc.inputs.values())
    assert f"{n_defaults} inputs from catalogue defaults" in text
    if hasattr(type(sc), "_repr_html_"):
        assert sc._repr_html_() == text
