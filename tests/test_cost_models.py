"""economics.cost_model (estimate | amcm | transcost) and the learning curves, wired into the
core's cost stage (issue 9 part B): hand computations, broadcast == loop, bad input, edges."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.catalogue import data_text
from basaltcalc.scenario import scenario_from_text
from basaltcalc.studies.sensitivity import tornado

BASE = data_text("default.yaml")


def _text(economics: str = "", head: str = "") -> str:
    text = head + BASE
    return text.replace("insitu:\n", f"economics: {{{economics}}}\ninsitu:\n", 1) if economics else text


def _sc(economics: str = "", head: str = ""):
    return scenario_from_text(_text(economics, head), "x.yaml")


def _run(economics: str = "", overrides=None, head: str = ""):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return bc.evaluate(_sc(economics, head), overrides)


@pytest.fixture(scope="module")
def estimate():
    return _run()


def test_estimate_is_the_default_and_unchanged(estimate):
    # estimate: hardware 50 kUSD/kg x (694.023 + 104.103 + 638.889 = 1437.015 kg) = 71.851 MUSD
    # (plant: a furnace for the tube's melt + one excavator; power in whole units, issue 8);
    # DDT&E 1 BUSD x share 1
    raw = estimate.raw
    assert estimate.scenario.cost_model == "estimate"
    mass = sum(float(raw[k]) for k in ("insitu.plant_mass", "insitu.spares_mass", "insitu.power_system_mass"))
    assert mass == pytest.approx(1437.01, abs=0.01)
    assert float(raw["insitu.hardware_cost"]) == pytest.approx(50e3 * mass, rel=1e-12)
    assert float(raw["insitu.ddte_cost"]) == 1e9
    assert _run("cost_model: estimate").raw["insitu.total_cost"] == raw["insitu.total_cost"]


def test_amcm_on_the_default_by_hand(estimate):
    # plant 694.023 kg = 1530.06 lb, power system 638.889 kg = 1408.51 lb; spares 104.103 kg
    # NASA's set (Jones 2015) at Jones 2021's inputs for lunar ISRU plants, S 2.39, IOC 2040,
    # B 1, D 0: k = alpha delta^S eps^(1/(IOC-1900)) = 5.65e-4 * 80.599^2.39 * (3.8085e-55)^(1/140)
    #   = 5.65e-4 * 35985.53 * 0.4085932 = 8.307444 M$ (FY1999)
    # C(1) = k W^0.6604: plant 8.307444 * 1530.06^0.6604, power 8.307444 * 1408.51^0.6604
    # FY1999 -> 2025 (BEA GDP deflator, calendar years): 128.976 / 71.107 = 1.813830; first
    # units (sum) x 1.813830; further plant units: Q = 1 + 104.103/694.023 = 1.15,
    # C_plant (1.15^0.5941 - 1) * 1.813830
    raw = _run("cost_model: amcm").raw
    assert float(estimate.raw["insitu.power_system_mass"]) == pytest.approx(638.8889, abs=1e-4)
    lb = 1 / 0.45359237
    first = 8.307444 * ((694.0228514 * lb) ** 0.6604 + (638.8888889 * lb) ** 0.6604) * 1.813830
    assert float(raw["insitu.ddte_cost"]) == pytest.approx(first * 1e6, rel=1e-6)
    further = 8.307444 * (694.0228514 * lb) ** 0.6604 * (1.15 ** 0.5941 - 1) * 1.813830
    assert float(raw["insitu.hardware_cost"]) == pytest.approx(further * 1e6, rel=1e-5)
    # the rest of the in-situ cost is unchanged: total = estimate total - 1e9 - 39.16 M + the two
    other = float(estimate.raw["insitu.total_cost"]) - 1e9 - float(estimate.raw["insitu.hardware_cost"])
    assert float(raw["insitu.total_cost"]) == pytest.approx(other + (first + further) * 1e6, rel=1e-5)
    assert raw["earth.total_cost"] == estimate.raw["earth.total_cost"]


def test_transcost_on_the_default_by_hand():
    # development H = 1113 (694.023^0.383 + 638.889^0.383) = 1113 (12.25310 + 11.87067)
    #   = 26849.6 WYr x 300 kUSD (2025) = 8054.87 MUSD; production F = 0.16 (694.023^0.98 * sum n^log2 0.85 over
    #   1.15 units + 638.889^0.98) WYr: 1.15 units = 1 + 0.15 * 0.85 = 1.1275
    raw = _run("cost_model: transcost").raw
    assert float(raw["insitu.ddte_cost"]) == pytest.approx(1113 * (694.0228514 ** 0.383 + 638.8888889 ** 0.383) * 300e3, rel=1e-6)
    wyr = 0.16 * (694.0228514 ** 0.98 * 1.1275 + 638.8888889 ** 0.98)
    assert float(raw["insitu.hardware_cost"]) == pytest.approx(wyr * 300e3, rel=1e-6)


def test_cost_models_follow_the_cost_year():
    # AMCM is in FY1999 dollars: in a 2009 file 88.555 / 71.107 instead of 128.976 / 71.107, so
    # every cost falls by 88.555 / 128.976 like the defaults: the ratio stays
    a, b = _run("cost_model: amcm"), _run("cost_model: amcm", head="cost_year: 2009\n")
    assert float(b.raw["insitu.ddte_cost"]) == pytest.approx(float(a.raw["insitu.ddte_cost"]) * 88.555 / 128.976,
                                                            rel=1e-12)
    assert float(b.raw["cost_ratio"]) == pytest.approx(float(a.raw["cost_ratio"]), rel=1e-12)


def test_outputs_name_the_cost_model():
    res = _run("cost_model: transcost")
    from basaltcalc.model.tables import results_json, results_table

    assert "cost model: transcost" in results_table(res)
    assert results_json(res)["scenario"]["cost_model"] == "transcost"
    again = scenario_from_text(res.scenario.to_yaml())
    assert again.cost_model == "transcost"


def test_cer_outside_its_mass_range_warns_in_the_output():
    # the default plant (694 kg) and power system (639 kg) lie below TRANSCOST's 1-100 t range
    res = _run("cost_model: transcost")
    notes = [n for n in res.warnings() if "transcost CER" in n]
    assert len(notes) == 2 and "694 kg" in notes[0] and "1000-100000 kg" in notes[0]
    from basaltcalc.model.tables import results_json, results_table

    assert notes[0] in results_table(res) and notes[0] in results_json(res)["warnings"]
    assert not [n for n in _run("cost_model: amcm").warnings() if "CER" in n]  # within 45-45000 kg
    assert not [n for n in _run().warnings() if "CER" in n]  # estimate: no CER


@pytest.mark.parametrize("model", ["amcm", "transcost"])
def test_tiny_and_huge_plants_are_finite(model):
    # counts from 1 element to 1e6 x the default: plants of grams to hundreds of tonnes
    scale = np.array([1 / 120, 1.0, 1e4])
    res = _run(f"cost_model: {model}", {"elements[0].count": np.round(120 * scale),
                                        "elements[1].count": np.round(40 * scale) + 1})
    for name in ("insitu.total_cost", "insitu.ddte_cost", "insitu.hardware_cost", "cost_ratio",
                 "breakeven_landed_cost"):
        assert np.all(np.isfinite(res[name].m) | np.isinf(res[name].m)), name
        assert not np.any(np.isnan(res[name].m)), name
    # one element and the default take the same smallest plant (the furnace for the tube's melt)
    # and one array; never less hardware for more elements, and 1e4 x needs far more
    hw = res["insitu.hardware_cost"].m
    assert hw[1] >= hw[0] * (1 - 1e-12) and hw[2] > hw[1]
    assert any("CER" in n for n in res.warnings())


def _loop_equals_broadcast(economics, path, values):
    sc = _sc(economics)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        grid = bc.evaluate(sc, {path: values if hasattr(values, "units") else np.asarray(values)})
        loop = [bc.evaluate(sc, {path: values[i]}) for i in range(len(values))]
    for name in ("insitu.total_cost", "earth.total_cost", "cost_ratio", "breakeven_landed_cost",
                 "breakeven_scale", "payback_time"):
        assert np.array_equal(grid[name].m, np.array([r[name].m for r in loop])), (path, name)


@pytest.mark.parametrize("economics, path, values", [
    ("cost_model: amcm", "economics.amcm_difficulty", [-2.0, 0.0, 1.0, 2.0]),
    ("cost_model: amcm", "economics.amcm_ioc_year", [2028.0, 2030.0, 2040.0]),
    ("cost_model: amcm", "economics.amcm_specification", [2.13, 2.46]),
    ("cost_model: transcost", "economics.transcost_learning", [0.75, 0.85, 1.0]),
    ("cost_model: transcost", "economics.work_year_cost", bc.Q_([250.0, 400.0], "kUSD")),
    ("cost_model: transcost", "economics.transcost_development_x", [0.293, 0.473]),
    ("", "economics.fabrication_learning", [0.75, 0.85, 1.0]),
    ("", "economics.flight_learning", [0.8, 0.9, 1.0]),
])
def test_broadcast_equals_loop(economics, path, values):
    _loop_equals_broadcast(economics, path, values)


def test_fabrication_learning_by_hand():
    # b = log2 0.85 = -0.234465; a group of N: sum n^b = 1 (N=1), 1.85 (N=2),
    # 1 + 0.85 + 3^b + 0.7225 = 1 + 0.85 + 0.772915 + 0.7225 = 3.345415 (N=4)
    one = {"elements[0].count": np.array([1.0, 2.0, 4.0]), "elements[1].count": 1.0}
    base = _run("", one)
    learned = _run("fabrication_learning: 0.85", one)
    tube = float(base.raw["elements[1].earth.mass"]) * 5.0  # one tube at 5 USD/kg, no learning
    ratio = ((learned.raw["earth.fabrication_cost"] - tube) / (base.raw["earth.fabrication_cost"] - tube))
    assert ratio == pytest.approx(np.array([1.0, 1.85 / 2, 3.345415 / 4]), rel=1e-6)
    # learning on Earth fabrication moves nothing in situ
    assert np.array_equal(learned.raw["insitu.total_cost"], base.raw["insitu.total_cost"])


def test_flight_learning_by_hand(estimate):
    # payload = half the Earth launched mass: 2 flights at 0.9: (1 + 0.9) / 2 = 0.95 of the price;
    # a payload of twice the mass: half a flight, at the first flight's price (factor 1)
    m = float(estimate.raw["earth.launched_mass"])
    payload = bc.Q_(np.array([m / 2, 2 * m]), "kg")
    res = _run("flight_learning: 0.9", {"transport.payload_per_flight": payload})
    ref = _run("", {"transport.payload_per_flight": payload})
    ratio = res.raw["earth.transport_cost"] / ref.raw["earth.transport_cost"]
    assert ratio == pytest.approx([0.95, 1.0], rel=1e-12)


def test_rate_one_is_no_learning_exactly(estimate):
    res = _run("fabrication_learning: 1, flight_learning: 1")
    for name in ("earth.total_cost", "insitu.total_cost", "breakeven_landed_cost", "breakeven_scale"):
        assert res.raw[name] == estimate.raw[name]


@pytest.mark.parametrize("economics, key, text", [
    ("fabrication_learning: 0", "economics.fabrication_learning", "a learning rate from 1e-06 to 1"),
    ("flight_learning: 1.2", "economics.flight_learning", "a learning rate from 1e-06 to 1"),
    ("transcost_learning: -0.1", "economics.transcost_learning", "learning rate"),
    ("amcm_difficulty: 3", "economics.amcm_difficulty", "from -2 to 2"),
    ("cost_model: amcn", "economics.cost_model", "amcm"),
])
def test_bad_cost_inputs_are_located(economics, key, text):
    with pytest.raises(bc.ScenarioError) as exc:
        _sc(economics)
    msg = str(exc.value)
    assert "x.yaml:" in msg and key in msg and text in msg, msg


def test_bad_learning_override_is_located():
    with pytest.raises(bc.ScenarioError, match=r"economics.flight_learning.*learning rate from 1e-06 to 1"):
        bc.evaluate(_sc(), {"economics.flight_learning": np.array([0.9, 0.0])})


def test_new_inputs_are_listed_ranked_and_sampled():
    sc = _sc("cost_model: amcm")
    paths = {"economics.amcm_difficulty", "economics.flight_learning", "economics.fabrication_learning"}
    assert paths <= set(sc.inputs)
    # flight learning has no sourced range (list prices, issue 25): a study gives it one
    ds = tornado(sc, {"economics.amcm_difficulty": None, "economics.fabrication_learning": None,
                      "economics.flight_learning": [0.8, 1.0]}, metrics=("cost_ratio",))
    swing = dict(zip(ds["input"].values, np.abs(ds["cost_ratio_swing"].values)))
    assert swing["economics.amcm_difficulty"] > 0 and swing["economics.flight_learning"] > 0


def test_new_inputs_are_sampled_and_swept():
    # a triangular learning rate and a uniform AMCM difficulty: sampled values stay in their
    # domains, and the cost follows (higher difficulty, dearer in situ)
    sc = _sc("cost_model: amcm")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ds = bc.sample(sc, {"economics.flight_learning": {"triangular": [0.8, 0.9, 1.0]},
                            "economics.amcm_difficulty": {"uniform": [-1, 2]}}, n=64, seed=3)
        grid = bc.sweep(sc, {"economics.amcm_difficulty": [-2, 0, 2]})
    rates = ds["economics.flight_learning"].values
    assert np.all((rates > 0.8) & (rates <= 1.0))
    assert np.all(np.isfinite(ds["insitu.total_cost"].values))
    assert np.all(np.diff(grid["insitu.total_cost"].values.ravel()) > 0)


def test_explain_lists_the_new_inputs_and_what_the_model_uses():
    from basaltcalc.cli.explain import explain_rows

    rows = {r["path"]: r for r in explain_rows(_sc("cost_model: amcm"))}
    assert rows["economics.cost_model"]["value"] == "amcm" and rows["economics.cost_model"]["origin"] == "file"
    assert rows["economics.amcm_difficulty"]["used"] and not rows["economics.work_year_cost"]["used"]
    assert not rows["economics.hardware_cost"]["used"] and rows["economics.flight_learning"]["used"]
    # 1 with no range: the presets' prices are list prices (issue 25)
    assert rows["economics.flight_learning"]["source"] == "astrobotic-price-2024"


def test_breakeven_landed_cost_with_flight_learning_prices_both_options_equal():
    # at the breakeven landed cost both totals are the same, with each option's flight factor
    res = _run("flight_learning: 0.85")
    be = float(res.raw["breakeven_landed_cost"])
    again = _run("flight_learning: 0.85", {"transport.landed_cost": bc.Q_(be, "USD/kg")})
    assert float(again.raw["insitu.total_cost"]) == pytest.approx(float(again.raw["earth.total_cost"]),
                                                                  rel=1e-9)
    assert float(res.raw["breakeven_landed_cost_direction"]) == 1.0  # in situ lands less: above


def test_cost_model_as_an_override_and_on_the_command_line(capsys):
    from basaltcalc.cli import main
    from basaltcalc.model.tables import assumptions

    sc = _sc()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = bc.evaluate(sc, {"economics.cost_model": "amcm"})
    assert res.scenario.cost_model == "amcm" and sc.cost_model == "estimate"  # the caller's is kept
    assert res.raw["insitu.total_cost"] == _run("cost_model: amcm").raw["insitu.total_cost"]
    rows = {a["path"]: a for a in assumptions(res)}
    assert rows["economics.cost_model"]["value"] == "amcm" and rows["economics.cost_model"]["origin"] == "override"
    with pytest.raises(bc.ScenarioError, match=r"economics.cost_model.*did you mean 'transcost'"):
        bc.evaluate(sc, {"economics.cost_model": "transcots"})
    assert main(["run", "--set", "economics.cost_model=transcost"]) == 0
    assert "cost model: transcost" in capsys.readouterr().out


def test_amcm_payback_counts_the_first_units_once(estimate):
    # AMCM's C(1) is DDT&E plus the first plant and power system, so their hardware is not paid
    # again up front nor in the first landing.  First units 694.023 + 638.889 = 1332.912 kg:
    # estimate first landing 1928.657 M = transport 1839.418 M + their crates 0.15 x 1332.912 kg x
    # 113 kUSD/kg (22.593 M) + 50 kUSD/kg x 1332.912 kg (66.646 M); amcm first landing = the
    # transport and crates alone, 1862.011 M.
    # payback U T / (S + U): U = 1862.011 M + C(1) 3720.208 M = 5582.219 M; S = 40166.516 M -
    # 6394.781 M = 33771.735 M; T = 2 yr: 5582.219 x 2 / 39353.954 = 0.283693 yr after the first
    # product, a date of 0.283693 + 5 (development) + 2.25 (first plant's flights, commissioning)
    raw = _run("cost_model: amcm").raw
    first_mass = float(raw["insitu.plant_mass"]) + float(raw["insitu.power_system_mass"])
    assert first_mass == pytest.approx(1332.9117, abs=1e-4)
    transport_first = float(estimate.raw["insitu.first_landing_cost"]) - 50e3 * first_mass
    assert transport_first == pytest.approx(1839.418e6 + 0.15 * first_mass * 113e3, rel=1e-6)
    assert float(raw["insitu.first_landing_cost"]) == pytest.approx(transport_first, rel=1e-12)
    upfront = transport_first + float(raw["insitu.ddte_cost"])
    savings = float(raw["earth.total_cost"]) - float(raw["insitu.total_cost"])
    assert upfront == pytest.approx(5582.219e6, rel=1e-6) and savings == pytest.approx(33771.735e6, rel=1e-6)
    year = 365.25 * 86400.0
    start = float(raw["insitu.first_product_time"])
    assert start / year == pytest.approx(5 + 2.25, rel=1e-12)
    assert (float(raw["payback_time"]) - start) / year == pytest.approx(0.283693, rel=1e-5)
    assert float(raw["payback_time"]) - start == pytest.approx(upfront * 2 * year / (savings + upfront), rel=1e-9)
    # the other models keep the hardware of the first units up front (transcost: production F)
    tc = _run("cost_model: transcost").raw
    hw_first = float(tc["insitu.hardware_cost"]) * first_mass / (first_mass + float(tc["insitu.spares_mass"]))
    assert float(tc["insitu.first_landing_cost"]) == pytest.approx(transport_first + hw_first, rel=1e-9)
