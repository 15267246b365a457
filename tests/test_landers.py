"""Landers with capacity (issue 8 items 2-3): whole flights, delivery and first-product times,
indivisible pieces, generic defaults without a preset, the rocket equation's inert fraction."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.errors import ScenarioError
from basaltcalc.model.tables import assumptions
from basaltcalc.scenario import scenario_from_text

YEAR = 365.25 * 86400.0
MONTH = YEAR / 12

# the design's own example (DESIGN 4): a landed cost and nothing else about transport
DESIGN_EXAMPLE = """\
name: ILRS south-pole outpost, first shelter ring
transport:
  landed_cost: 1.0 MUSD/kg
insitu: {material: cast-basalt, route: melt-cast, campaign: 2 year, power: solar-with-storage}
earth: {material: same}
elements:
  - {name: floor panel, kind: sheet, count: 120, length: 2 m, width: 1 m, load: {pressure: 5 kPa}}
  - {name: pressure tube, kind: tube, count: 40, outer_diameter: 0.5 m, length: 3 m,
     load: {internal_pressure: 101.3 kPa}}
"""


@pytest.fixture(scope="module")
def res():
    return bc.evaluate(bc.default_scenario())


def test_flights_and_times_of_the_default_by_hand(res):
    # medium-lander-2026: 500 kg a flight, 2 a year.  Earth: 33,065.8 kg / 500 = 66.1 -> 67
    # flights = 33.5 years; in situ: 1,359.7 kg -> 3 flights.  First product: plant 557.64 kg +
    # power 430.94 kg = 988.6 kg -> 2 flights = 1 year, + 3 months commissioning = 1.25 year;
    # last product a 2-year campaign later = 3.25 year
    assert res.magnitude("earth.flights") == 67
    assert res.magnitude("earth.campaign_time") == pytest.approx(33.5 * YEAR, rel=1e-12)
    assert res.magnitude("insitu.flights") == 3
    assert res.magnitude("insitu.first_product_time") == pytest.approx(YEAR + 3 * MONTH, rel=1e-12)
    assert res.magnitude("insitu.last_product_time") == pytest.approx(3 * YEAR + 3 * MONTH, rel=1e-12)
    assert res.magnitude("earth[al-2219].flights") == math.ceil(res.magnitude("earth[al-2219].launched_mass") / 500)


def test_the_design_example_with_a_landed_cost_alone_runs_on_sourced_defaults():
    sc = scenario_from_text(DESIGN_EXAMPLE)
    res = bc.evaluate(sc)
    rows = {a["path"]: a for a in assumptions(res)}
    # generic lander (ESA Argonaut class): 1500 kg, 2 a year, listed with their sources
    assert rows["transport.payload_per_flight"]["value"] == 1500 and rows["transport.payload_per_flight"]["source"] == "esa-argonaut"
    assert rows["transport.flights_per_year"]["source"] == "estimate-cadence"
    # 33,065.8 kg / 1500 = 22.04 -> 23 flights = 11.5 years
    assert res.magnitude("earth.flights") == 23
    assert res.magnitude("earth.campaign_time") == pytest.approx(11.5 * YEAR, rel=1e-12)


def test_rocket_equation_without_a_preset_uses_the_sourced_inert_fraction():
    text = DESIGN_EXAMPLE.replace("landed_cost: 1.0 MUSD/kg", "{leo_cost: 1500 USD/kg, delta_v: 6.1 km/s, isp: 450 s}"
                                  ).replace("transport:\n  {", "transport: {")
    sc = scenario_from_text(text)
    inp = sc.inputs["transport.inert_fraction"]
    assert inp.si == 0.1 and inp.origin == "default" and inp.default.source == "estimate-structure-fraction"
    # G = R (1 - eps)/(1 - eps R), R = 3.983983: 3.983983*0.9/(1 - 0.3983983) = 5.960063
    res = bc.evaluate(sc)
    assert res.magnitude("transport.gear_ratio") == pytest.approx(5.960063167175302, rel=1e-12)
    assert res.magnitude("transport.landed_cost") == pytest.approx(1500 * 5.960063167175302, rel=1e-12)


def test_an_impossible_inert_fraction_is_a_located_error():
    text = DESIGN_EXAMPLE.replace("  landed_cost: 1.0 MUSD/kg",
                                  "  leo_cost: 1500 USD/kg\n  delta_v: 6.1 km/s\n  isp: 450 s\n  inert_fraction: 0.3")
    with pytest.raises(ScenarioError) as info:
        scenario_from_text(text, "r.yaml")
    p = info.value.problems[0]
    # 0.3 * 3.983983 = 1.195 >= 1; the largest feasible fraction is 0.3/1.195 = 0.251
    assert p.path == "transport.inert_fraction" and p.line == 6, str(p)
    assert "1.2 >= 1" in p.message and "0.251" in p.message


def test_a_price_per_flight_gives_the_landed_cost():
    text = DESIGN_EXAMPLE.replace("landed_cost: 1.0 MUSD/kg", "{price_per_flight: 600 MUSD, payload_per_flight: 1500 kg}"
                                  ).replace("transport:\n  {", "transport: {")
    res = bc.evaluate(scenario_from_text(text))
    assert res.magnitude("transport.landed_cost") == pytest.approx(600e6 / 1500, rel=1e-15)  # 400 kUSD/kg


def test_a_piece_heavier_than_a_payload_is_reported_at_its_element():
    sc = scenario_from_text(DESIGN_EXAMPLE.replace("landed_cost: 1.0 MUSD/kg",
                                                   "{landed_cost: 1.0 MUSD/kg, payload_per_flight: 200 kg}")
                            .replace("transport:\n  {", "transport: {"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bc.evaluate(sc)
    text = [str(w.message) for w in caught]
    # the tube: 266.9 kg (x 1.15 packaging = 306.9 kg) > 200 kg; the panel 150.6 x 1.15 = 173.2 kg fits;
    # the one-piece plant (557.6 kg) does not
    assert any(t.startswith("elements[1]:") and "266.9 kg" in t for t in text), text
    assert not any(t.startswith("elements[0]:") for t in text), text
    assert any(t.startswith("transport.payload_per_flight:") and "557.6 kg" in t for t in text), text


def test_a_modular_plant_fits_by_its_module():
    base = DESIGN_EXAMPLE.replace("landed_cost: 1.0 MUSD/kg", "{landed_cost: 1.0 MUSD/kg, payload_per_flight: 400 kg}"
                                  ).replace("transport:\n  {", "transport: {")
    one_piece = bc.evaluate(scenario_from_text(base), strict=False)
    assert not one_piece.raw["insitu.plant_fits"]  # 557.6 kg > 400 kg
    modular = scenario_from_text(base.replace("power: solar-with-storage}", "power: solar-with-storage, plant_module_mass: 300 kg}"))
    out = bc.evaluate(modular)
    assert out.raw["insitu.plant_fits"]
    assert bc.scenario_from_dict(modular.to_dict()).inputs["insitu.plant_module_mass"].si == 300


def test_flights_broadcast_equals_loop():
    sc = bc.default_scenario()
    payload = np.array([500.0, 1000.0, 3000.0])
    cadence = np.array([[1.0], [4.0]]) / YEAR
    res = bc.evaluate(sc, {"transport.payload_per_flight": bc.Q_(payload, "kg"),
                           "transport.flights_per_year": bc.Q_(cadence, "1/s")})
    for i in range(2):
        for j in range(3):
            one = bc.evaluate(sc, {"transport.payload_per_flight": bc.Q_(payload[j], "kg"),
                                   "transport.flights_per_year": bc.Q_(cadence[i, 0], "1/s")})
            for n in ("earth.flights", "insitu.flights", "insitu.first_product_time", "earth.campaign_time"):
                assert np.broadcast_to(res.magnitude(n), (2, 3))[i, j] == one.magnitude(n), n
    # more payload, fewer flights: monotone
    assert np.all(np.diff(np.broadcast_to(res.magnitude("earth.flights"), (2, 3)), axis=1) <= 0)
