"""Cost years (issue 9): ``cost_year:`` for the file, ``'... @YYYY'`` for one value, the shipped
index, located errors outside its range, and the year stated in every output."""
from __future__ import annotations

import json

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.catalogue import data_text
from basaltcalc.model.tables import assumptions, results_csv, results_json, results_table
from basaltcalc.scenario import scenario_from_text
from basaltcalc.scenario.quantities import escalation_factor, price_index, quantity_si

BASE = data_text("default.yaml")


def _with(head: str = "", economics: str = "") -> str:
    text = head + BASE
    if economics:
        text = text.replace("insitu:\n", f"economics: {{{economics}}}\ninsitu:\n", 1)
    return text


def test_round_trip_by_hand():
    # BEA GDP deflator (annual means of the quarters): 2000 -> 72.718, 2020 -> 105.362.
    # 1000 USD of 2000 = 1000 * 105.362 / 72.718 = 1448.912 USD of 2020; and back:
    # 1448.912 * 72.718 / 105.362 = 1000
    up = quantity_si("1000 USD @2000", "USD", cost_year=2020)
    assert up == pytest.approx(1448.9122, abs=1e-3)
    back = quantity_si(f"{up!r} USD @2020", "USD", cost_year=2000)
    assert back == pytest.approx(1000.0, rel=1e-14)


def test_index_range_ends_are_accepted():
    ix = price_index()
    # 1947 -> 11.425 (mean of 11.141, 11.299, 11.489, 11.772), 2025 -> 128.976 (mean of
    # 127.577, 128.248, 129.430, 130.651): factor 128.976 / 11.425 = 11.288928
    assert (ix["first"], ix["last"], ix["default"]) == (1947, 2025, 2025)
    assert escalation_factor(ix["first"], ix["last"]) == pytest.approx(128.976 / 11.425, rel=1e-12)
    for year in (ix["first"], ix["last"]):
        sc = scenario_from_text(_with(f"cost_year: {year}\n"))
        assert sc.cost_year == year and np.isfinite(bc.evaluate(sc)["insitu.total_cost"].m)


def test_defaults_follow_the_file_cost_year():
    # the packaged defaults are in 2025 dollars (inflation.yaml default_cost_year); in a file of
    # cost_year 2009 they scale by 88.555 / 128.976 = 0.686601, and so does every cost total
    sc0, sc1 = scenario_from_text(BASE), scenario_from_text(_with("cost_year: 2009\n"))
    assert sc0.cost_year == 2025 and not sc0.cost_year_given and sc1.cost_year_given
    f = 88.555 / 128.976
    for path in ("economics.hardware_cost", "economics.ddte", "transport.landed_cost",
                 "materials.cast-basalt.fabrication_cost"):
        assert sc1.inputs[path].si == pytest.approx(sc0.inputs[path].si * f, rel=1e-14)
    assert sc1.inputs["transport.payload_per_flight"].si == sc0.inputs["transport.payload_per_flight"].si
    r0, r1 = bc.evaluate(sc0), bc.evaluate(sc1)
    for name in ("insitu.total_cost", "earth.total_cost", "savings"):
        assert r1[name].m == pytest.approx(r0[name].m * f, rel=1e-12)
    assert r1["cost_ratio"].m == pytest.approx(r0["cost_ratio"].m, rel=1e-12)


def test_a_value_with_its_year():
    # 40 kUSD/kg of 2009 in the 2025 default year: 40e3 * 128.976 / 88.555 = 58,258.03 USD/kg
    sc = scenario_from_text(_with(economics="hardware_cost: 40 kUSD/kg @2009"))
    assert sc.inputs["economics.hardware_cost"].si == pytest.approx(58_258.0317, rel=1e-9)
    # in a 2009 file the same value is 40e3 exactly; the other inputs are 2009 ones as well
    sc = scenario_from_text(_with("cost_year: 2009\n", "hardware_cost: 40 kUSD/kg @2009"))
    assert sc.inputs["economics.hardware_cost"].si == pytest.approx(40e3, rel=1e-14)
    # the same form in an override
    res = bc.evaluate(scenario_from_text(BASE), {"economics.hardware_cost": "40 kUSD/kg @2009"})
    ref = bc.evaluate(scenario_from_text(BASE), {"economics.hardware_cost": f"{40 * 128.976 / 88.555!r} kUSD/kg"})
    assert res["insitu.total_cost"].m == pytest.approx(ref["insitu.total_cost"].m, rel=1e-12)


@pytest.mark.parametrize("head, economics, where, text", [
    ("cost_year: 2026\n", "", "x.yaml:1:", "from 1947 to 2025"),
    ("cost_year: 1946\n", "", "x.yaml:1:", "from 1947 to 2025"),
    ("cost_year: 2010.5\n", "", "x.yaml:1:", "a whole number"),
    ("cost_year: true\n", "", "x.yaml:1:", "a whole number"),
    ("", "hardware_cost: 40 kUSD/kg @2050", "economics.hardware_cost", "from 1947 to 2025"),
    ("", "hardware_cost: 40 kUSD/kg @", "economics.hardware_cost", "a whole number"),
    ("", "plant_life: 10 year @2010", "economics.plant_life", "currency values only"),
])
def test_bad_cost_years_are_located(head, economics, where, text):
    with pytest.raises(bc.ScenarioError) as exc:
        scenario_from_text(_with(head, economics), "x.yaml")
    msg = str(exc.value)
    assert where in msg and text in msg and "x.yaml:" in msg


def test_bad_override_year_is_located():
    with pytest.raises(bc.ScenarioError, match=r"economics.hardware_cost.*from 1947 to 2025"):
        bc.evaluate(scenario_from_text(BASE), {"economics.hardware_cost": "40 kUSD/kg @2099"})
    with pytest.raises(bc.ScenarioError, match="currency values only"):
        bc.evaluate(scenario_from_text(BASE), {"economics.plant_life": "10 year @2010"})


def test_outputs_state_the_cost_year():
    res = bc.evaluate(scenario_from_text(_with("cost_year: 2015\n")))
    assert "costs in 2015 USD" in results_table(res)
    doc = json.loads(json.dumps(results_json(res)))
    assert doc["scenario"]["cost_year"] == 2015 and doc["scenario"]["cost_model"] == "estimate"
    assert "# cost_year: 2015" in results_csv(res)
    rows = {a["path"]: a for a in assumptions(res)}
    assert rows["cost_year"]["value"] == 2015 and rows["cost_year"]["origin"] == "file"
    assert rows["economics.cost_model"]["value"] == "estimate"


def test_cost_year_survives_the_write_back():
    sc = scenario_from_text(_with("cost_year: 2012\n", "hardware_cost: 40 kUSD/kg @2009"))
    again = scenario_from_text(sc.to_yaml())
    assert again.cost_year == 2012
    assert again.inputs["economics.hardware_cost"].si == pytest.approx(sc.inputs["economics.hardware_cost"].si,
                                                                       rel=1e-14)


def test_sweep_and_uncertainty_values_may_state_their_year():
    # a sweep of 40 kUSD/kg of 2009 in the 2025 default year: 40e3 * 128.976 / 88.555
    # = 58,258.03 USD/kg, the same as the plain value in 2025 dollars
    sc = scenario_from_text(BASE)
    k = 128.976 / 88.555
    a = bc.sweep(sc, {"economics.hardware_cost": ["40 kUSD/kg @2009", "80 kUSD/kg @2009"]})
    b = bc.sweep(sc, {"economics.hardware_cost": [f"{40 * k!r} kUSD/kg", f"{80 * k!r} kUSD/kg"]})
    assert np.allclose(a["insitu.total_cost"].values, b["insitu.total_cost"].values, rtol=1e-12)
    ds = bc.sample(sc, {"economics.hardware_cost": {"uniform": ["40 kUSD/kg @2009", "41 kUSD/kg @2009"]}},
                   n=16, seed=1)
    v = ds["economics.hardware_cost"].values
    assert np.all((v >= 40e3 * k * (1 - 1e-12)) & (v <= 41e3 * k * (1 + 1e-12)))
    with pytest.raises(bc.ScenarioError, match="from 1947 to 2025"):
        bc.sweep(sc, {"economics.hardware_cost": ["40 kUSD/kg @2050"]})
    with pytest.raises(bc.ScenarioError, match="currency values only"):
        bc.sweep(sc, {"economics.plant_life": ["10 year @2010"]})
