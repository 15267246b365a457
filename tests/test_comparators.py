"""Earth comparators (issue 8 item 1): the in-situ option against several Earth designs at once,
as a broadcast axis, under one naming scheme (``earth[<label>].X``, ``X[<label>]``)."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.errors import ScenarioError
from basaltcalc.metrics import COMPARATOR_METRICS, comparator_metric, metric_names, split_comparator
from basaltcalc.model.tables import results_csv, results_json, results_table
from basaltcalc.scenario import scenario_from_text

SMALL = """\
name: two comparators
transport: {landed_cost: 1.0 MUSD/kg, payload_per_flight: 1000 kg, flights_per_year: 2 / year}
insitu: {route: melt-cast, campaign: 2 year}
earth: {material: same%s}
elements:
  - {name: tube, kind: tube, count: 10, outer_diameter: 0.5 m, length: 3 m,
     load: {internal_pressure: 101.3 kPa}}
"""


@pytest.fixture(scope="module")
def res(default):
    return bc.evaluate(default)


def test_default_comparators_are_the_same_material_and_al_2219(default):
    assert [c["label"] for c in default.comparators] == ["cast-basalt", "al-2219"]
    # the functional design's properties are inputs like any other (and in the assumption list)
    assert "materials.al-2219.density" in default.inputs


def test_unqualified_names_are_the_primary_comparator(res):
    for name in COMPARATOR_METRICS:
        assert res.raw[name] == res.raw[comparator_metric(name, "cast-basalt")], name


def test_the_functional_tube_is_lighter_and_hand_computed(res):
    # al-2219 pressure tube: hoop wall p D SF / (2 sigma) = 101.3e3 * 0.5 * 1.4 / (2 * 476e6)
    # = 7.45e-5 m < 1 mm minimum gauge, so t = 1 mm and m = pi t (D - t) L rho
    # = pi * 0.001 * 0.499 * 3 * 2840 = 13.356 kg; cast basalt at its 20 mm gauge: 266.9 kg
    al = res.magnitude("elements[1].earth[al-2219].mass")
    assert al == pytest.approx(math.pi * 0.001 * 0.499 * 3 * 2840, rel=1e-12)
    assert al < res.magnitude("elements[1].earth[cast-basalt].mass")
    assert res.magnitude("elements[1].earth[al-2219].thickness") == pytest.approx(0.001)


def test_functional_comparator_costs_by_hand(res):
    # C_e = M (c_fab + (1 + k_pack) c_L + k_pack c_box): M from the elements, 300 USD/kg
    # fabrication, 15 % packaging, 1.2 MUSD/kg landed (clps-2024), the packaging bought at
    # 113 kUSD/kg (economics.container_cost)
    m = sum(e["count"] * res.magnitude(f"elements[{i}].earth[al-2219].mass")
            for i, e in enumerate(res.scenario.elements))
    assert res.magnitude("earth[al-2219].total_cost") == pytest.approx(
        m * (300 + 1.15 * 1.2e6 + 0.15 * 113e3), rel=1e-12)
    assert res.magnitude("cost_ratio[al-2219]") == pytest.approx(
        res.magnitude("insitu.total_cost") / res.magnitude("earth[al-2219].total_cost"), rel=1e-15)


def test_each_breakeven_landed_cost_equalises_the_costs_of_its_comparator(default, res):
    for label in ("cast-basalt", "al-2219"):
        c = res["breakeven_landed_cost[" + label + "]"]
        again = bc.evaluate(default, {"transport.landed_cost": c})
        assert again.magnitude(f"earth[{label}].total_cost") == pytest.approx(
            again.magnitude("insitu.total_cost"), rel=1e-9)


def test_broadcast_over_a_comparator_input_equals_a_loop(default):
    dens = np.array([2600.0, 2840.0, 3100.0])
    landed = np.array([[2e5], [1.2e6]])
    names = ["earth[al-2219].total_cost", "cost_ratio[al-2219]", "cost_ratio", "insitu.total_cost",
             "breakeven_scale[al-2219]", "elements[0].earth[al-2219].mass"]
    res = bc.evaluate(default, {"materials.al-2219.density": bc.Q_(dens, "kg/m^3"),
                                "transport.landed_cost": bc.Q_(landed, "USD/kg")})
    assert res.magnitude("cost_ratio[al-2219]").shape == (2, 3)
    for i in range(2):
        for j in range(3):
            one = bc.evaluate(default, {"materials.al-2219.density": bc.Q_(dens[j], "kg/m^3"),
                                        "transport.landed_cost": bc.Q_(landed[i, 0], "USD/kg")})
            for n in names:
                assert np.broadcast_to(res.magnitude(n), (2, 3))[i, j] == one.magnitude(n), n


def test_shapes_do_not_grow_by_the_comparator_axis(default):
    res = bc.evaluate(default, {"economics.ddte": bc.Q_(np.array([1e9, 2e9]), "USD")})
    assert np.shape(res.raw["earth[al-2219].total_cost"]) == ()  # Earth does not depend on DDT&E
    assert np.shape(res.raw["cost_ratio[al-2219]"]) == (2,)


def test_an_empty_list_keeps_only_the_primary_comparator():
    sc = scenario_from_text(SMALL % ", comparators: []")
    assert len(sc.comparators) == 1
    res = bc.evaluate(sc)
    assert "cost_ratio[al-2219]" not in res.raw and "cost_ratio" in res.raw
    # the one design is named where compared ("vs Earth (cast-basalt)"), no other appears
    assert "al-2219" not in results_table(res).split("Assumptions")[0]
    assert "vs Earth (cast-basalt)" in results_table(res)


def test_a_named_comparator_list_and_round_trip():
    sc = scenario_from_text(SMALL % ", comparators: [ti-6al-4v]")
    assert [c["label"] for c in sc.comparators] == ["cast-basalt", "ti-6al-4v"]
    again = bc.scenario_from_dict(sc.to_dict())
    assert again.comparators == sc.comparators


def test_an_unknown_comparator_is_a_located_error_with_a_suggestion():
    with pytest.raises(ScenarioError) as info:
        scenario_from_text(SMALL % ", comparators: [al-2291]", "c.yaml")
    p = info.value.problems[0]
    assert p.path == "earth.comparators[0]" and p.line == 4, str(p)
    assert "al-2219" in p.message


def test_naming_scheme_round_trips():
    for name in ("earth.total_cost", "cost_ratio", "breakeven_landed_cost", "elements[3].earth.mass"):
        q = comparator_metric(name, "al-2219")
        assert split_comparator(q) == (name, "al-2219")
    assert split_comparator("cost_ratio") == ("cost_ratio", None)
    assert split_comparator("elements[0].insitu.mass") == ("elements[0].insitu.mass", None)


def test_table_json_and_csv_show_both_side_by_side(res, default):
    text = results_table(res)
    head = text.splitlines()[3]
    assert head.startswith("In-situ costs") and "cast-basalt" in head and "al-2219" in head
    assert "Earth (cast-basalt)" in text and "Earth (al-2219)" in text and "vs Earth (al-2219)" in text
    doc = results_json(res)
    json.dumps(doc)
    assert doc["metrics"]["cost_ratio[al-2219]"]["value"] == res.magnitude("cost_ratio[al-2219]")
    assert [c["label"] for c in doc["comparators"]] == ["cast-basalt", "al-2219"]
    assert set(doc["elements"][0]["comparators"]) == {"cast-basalt", "al-2219"}
    assert doc["headline"] == head
    csv = results_csv(res)
    assert "\nearth[al-2219].total_cost," in csv and "\ncost_ratio[al-2219]," in csv
    # the same names are accepted wherever metrics are asked for by name
    assert metric_names(["cost_ratio[al-2219]"], default) == ["cost_ratio[al-2219]"]
    with pytest.raises(ScenarioError, match="did you mean 'cost_ratio\\[al-2219\\]'"):
        metric_names(["cost_ratio[al-2291]"], default)


def test_sweep_and_sample_carry_the_qualified_metrics(default):
    ds = bc.sweep(default, {"transport.landed_cost": bc.Q_([2e5, 1.2e6], "USD/kg")},
                  metrics=["cost_ratio", "cost_ratio[al-2219]"])
    assert ds["cost_ratio[al-2219]"].shape == (2,)
    assert float(ds["cost_ratio[al-2219]"][1]) == pytest.approx(bc.evaluate(default).magnitude("cost_ratio[al-2219]"))
