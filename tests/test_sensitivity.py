"""Sensitivity (basaltcalc/sensitivity_analysis.py, cli/sensitivity.py): the Sobol' plumbing on
models with known indices, the tornado against evaluate, inf breakevens, errors."""
from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

import basaltcalc as bc
from basaltcalc.errors import ScenarioError
from basaltcalc.studies.sampling import Dist
from basaltcalc.studies.sensitivity import sobol_analysis, transform_metric


@pytest.fixture(scope="module")
def sc():
    return bc.default_scenario()


def test_linear_model_gives_its_exact_indices():
    # Y = sum a_i X_i with independent X_i: S_i = ST_i = a_i^2 var_i / sum_j a_j^2 var_j
    a = np.array([1.0, 2.0, 3.0, 0.0])
    dists = [Dist("x0", "uniform", (0.0, 1.0)), Dist("x1", "uniform", (0.0, 1.0)),
             Dist("x2", "normal", (0.0, 1.0 / np.sqrt(12))), stats.uniform(0, 1)]
    exact = a**2 / np.sum(a**2)
    ds = sobol_analysis(lambda x: a @ x, dists, 2**12, seed=3, n_resamples=100)
    np.testing.assert_allclose(ds["first_order"].values[0], exact, atol=0.02)
    np.testing.assert_allclose(ds["total_order"].values[0], exact, atol=0.02)
    assert np.all(ds["total_order_low"].values[0] <= exact + 1e-3)
    assert np.all(exact - 1e-3 <= ds["total_order_high"].values[0])
    assert ds.attrs["evaluations"] == 2**12 * 6


def test_ishigami_indices():
    # Ishigami (a=7, b=0.1), X_i ~ U(-pi, pi): Saltelli et al. (2008) Global Sensitivity Analysis, 4.
    def ishigami(x):
        return np.sin(x[0]) + 7.0 * np.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * np.sin(x[0])

    first = [0.3139, 0.4424, 0.0]
    total = [0.5576, 0.4424, 0.2437]
    ds = sobol_analysis(ishigami, [Dist(f"x{i}", "uniform", (-np.pi, np.pi)) for i in range(3)], 2**13,
                        seed=5, input_names=["x1", "x2", "x3"], output_names=["y"])
    np.testing.assert_allclose(ds["first_order"].sel(output="y").values, first, atol=0.03)
    np.testing.assert_allclose(ds["total_order"].sel(output="y").values, total, atol=0.03)
    lo, hi = ds["first_order_low"].values[0], ds["first_order_high"].values[0]
    assert np.all(lo < hi) and np.all(hi - lo < 0.15)
    again = sobol_analysis(ishigami, [Dist(f"x{i}", "uniform", (-np.pi, np.pi)) for i in range(3)], 2**13,
                           seed=5, input_names=["x1", "x2", "x3"], output_names=["y"])
    np.testing.assert_array_equal(ds["total_order_high"].values, again["total_order_high"].values)


def test_n_must_be_a_power_of_two():
    with pytest.raises(ValueError, match="power of two"):
        sobol_analysis(lambda x: x.sum(axis=0), [Dist("x", "uniform", (0, 1))], 1000)


def test_sobol_on_a_scenario_ranks_the_drivers(sc):
    spec = {"economics.ddte": {"uniform": ["0.2 BUSD", "5 BUSD"]},
            "transport.landed_cost": {"loguniform": ["1 kUSD/kg", "2 MUSD/kg"]},
            "materials.cast-basalt.density": {"uniform": ["2900 kg/m^3", "3000 kg/m^3"]}}
    ds = bc.sobol(sc, spec, n=2**10, seed=1, n_resamples=50, all_defaults=False)  # these three only
    assert list(ds["metric"].values) == ["cost_ratio", "savings", "breakeven_scale"]
    assert ds["input"].values[-1] == "materials.cast-basalt.density"  # ranked last
    assert np.all(np.isfinite(ds["total_order"].values))
    assert "log10(clip(breakeven_scale" in ds.attrs["transform"]
    assert ds.attrs["seed"] == 1 and ds.attrs["scenario_sha256"] == sc.sha256


def test_sobol_defaults_to_every_sourced_range(sc):
    ds = bc.sobol(sc, n=2**6, seed=2, n_resamples=0, metrics=["cost_ratio"])
    ranged = [p for p, i in sc.inputs.items() if i.origin == "default" and i.default is not None
              and i.default.range_si[0] < i.default.range_si[1]]
    assert set(ds["input"].values) == set(ranged)


def test_sobol_needs_power_of_two_samples(sc):
    with pytest.raises(ScenarioError, match="power of two"):
        bc.sobol(sc, n=1000)


def test_breakeven_transform_is_finite_and_monotone():
    s = np.array([0.0, 1e-6, 0.5, 1.0, 7.0, 1e9, np.inf])
    t = transform_metric("breakeven_scale", s)
    assert np.all(np.isfinite(t)) and np.all(np.diff(t) >= 0)
    assert t[-1] == 3.0 and t[0] == -3.0
    np.testing.assert_array_equal(transform_metric("savings", s[:3]), s[:3])


def test_tornado_equals_evaluate_at_each_end(sc):
    ds = bc.tornado(sc, {"economics.ddte": ["0.2 BUSD", "5 BUSD"], "transport.landed_cost": None,
                         "materials.cast-basalt.density": ["2900 kg/m^3", "3000 kg/m^3"]})
    assert list(ds["input"].values)[0] == "economics.ddte"  # largest swing of cost_ratio first
    base = bc.evaluate(sc)
    assert float(ds["cost_ratio_base"]) == pytest.approx(base["cost_ratio"].magnitude, rel=1e-12)
    for path in ds["input"].values:
        row = ds.sel(input=path)
        for end in ("low", "high"):
            val = float(row[end])
            res = bc.evaluate(sc, {path: bc.Q_(val, sc.inputs[path].unit)})
            for m in ("cost_ratio", "savings", "breakeven_scale"):
                assert float(row[m].sel(end=end)) == pytest.approx(res[m].magnitude, rel=1e-12)
    lo, hi = sc.inputs["transport.landed_cost"].default.range_si
    assert float(ds["low"].sel(input="transport.landed_cost")) == lo
    assert float(ds["high"].sel(input="transport.landed_cost")) == hi


def test_tornado_default_covers_sourced_ranges_and_errors(sc):
    ds = bc.tornado(sc)
    assert ds.sizes["input"] > 20 and set(ds["end"].values) == {"low", "high"}
    with pytest.raises(ScenarioError) as err:
        bc.tornado(sc, {"economics.dte": None, "economics.ddte": ["5 BUSD", "1 BUSD"]})
    msgs = str(err.value)
    assert "did you mean 'economics.ddte'" in msgs and "not below" in msgs


def test_cli_sensitivity(tmp_path, capsys):
    from basaltcalc.cli import main
    from tests.test_sweep import SCENARIO

    p = tmp_path / "s.yaml"
    p.write_text(SCENARIO)
    assert main(["sensitivity", str(p), "-n", "64", "--seed", "1", "--resamples", "20", "--top", "3",
                 "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "tornado" in out and "Sobol' indices" in out and "S1 interval" in out
    assert main(["sensitivity", str(p), "--method", "tornado", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "cost_ratio" in data["tornado"]["data_vars"]
    assert main(["sensitivity", str(p), "-n", "100"]) == 2
    assert "power of two" in capsys.readouterr().err


@pytest.mark.slow
def test_sobol_with_twenty_inputs_and_large_n(sc):
    ranged = [p for p, i in sc.inputs.items() if i.origin == "default" and i.default is not None
              and i.default.range_si[0] < i.default.range_si[1] and "scale_exponent" not in p][:20]
    spec = {p: {"uniform": [f"{sc.inputs[p].default.range_si[0]} {sc.inputs[p].unit:~P}",
                            f"{sc.inputs[p].default.range_si[1]} {sc.inputs[p].unit:~P}"]} for p in ranged}
    ds = bc.sobol(sc, spec, n=2**14, seed=1, progress=False, all_defaults=False)
    assert ds.sizes["input"] == 20


# --- issue 25 item 6: the campaign's sourced range joins every study; flight learning does not ---

def test_the_campaign_joins_the_tornado_over_every_range_with_the_plant_resized():
    from basaltcalc.studies.sensitivity import tornado

    sc = bc.default_scenario()
    inp = sc.inputs["insitu.campaign"]
    assert inp.origin == "default" and inp.default.range_si == pytest.approx((0.5 * 31557600, 5 * 31557600))
    ds = tornado(sc, metrics=("cost_ratio", "insitu.plant_mass"))
    inputs = list(ds["input"].values)
    assert "insitu.campaign" in inputs and "economics.flight_learning" not in inputs
    i = inputs.index("insitu.campaign")
    # the plant is sized for each campaign: half a year needs four times the 2-year throughput, so
    # a heavier plant than five years (the furnace floor for the 266.9 kg tube's melt holds it at 628 kg
    # once the throughput is low); the cost ratio falls with a longer campaign at the default
    low, high = (float(ds["insitu.plant_mass"].sel(end=e).values[i]) for e in ("low", "high"))
    assert low > high >= 628.0
    for years in (0.5, 2.0, 5.0):
        r = bc.evaluate(sc, {"insitu.campaign": f"{years} year"})
        throughput = r.magnitude("insitu.throughput")
        assert throughput * years == pytest.approx(bc.evaluate(sc).magnitude("insitu.throughput") * 2.0, rel=1e-12)
