"""Oversized studies refused with an estimate (basaltcalc.studies.budget), invalid points counted
in the sweep summary, and normals truncated to the input's domain (issue 12, sections 1-2)."""
from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.errors import ScenarioError
from basaltcalc.memory import duration_text, memory_budget, size_text
from basaltcalc.studies import budget

ROOT = Path(__file__).resolve().parents[1]
OUTPOST = ROOT / "scenarios" / "ilrs-south-pole-outpost.yaml"


@pytest.fixture(scope="module")
def sc():
    return bc.load_scenario(OUTPOST)


LC = "transport.landed_cost"
CAMP = "insitu.campaign"

# (spec, function, keyword arguments, fragments of the refusal)
REFUSED = [
    ({LC: {"log": ["10 kUSD/kg", "2 MUSD/kg"], "num": 1e12}}, "sweep", {},
     ["transport.landed_cost.num: 10^12 points: ~8 TB of results", "measured rate"]),
    ({LC: {"lin": ["10 kUSD/kg", "2 MUSD/kg"], "num": 10 ** 15}}, "sweep", {},
     ["transport.landed_cost.num: 10^15 points: ~8 PB of results"]),
    ({LC: {"log": ["10 kUSD/kg", "2 MUSD/kg"], "num": 10 ** 6},
      CAMP: {"lin": ["1 year", "8 year"], "num": 10 ** 6}}, "sweep", {},
     ["sweep: 10^12 points x ", "values a point", "more than the memory budget", "sweep fewer points"]),
    ({LC: {"log": ["10 kUSD/kg", "2 MUSD/kg"], "num": 10 ** 6},
      CAMP: {"lin": ["1 year", "8 year"], "num": 10 ** 6}}, "sweep", {"metrics": ["cost_ratio"]},
     ["sweep: 10^12 points: ~8 TB of results"]),
    ({LC: {"uniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]}, "samples": 10 ** 15}, "uncertainty", {},
     ["samples: 10^15 samples, ~", "allow_large=True"]),
    ({LC: {"uniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]}}, "uncertainty", {"n": 10 ** 12},
     ["samples: 10^12 samples, ~", "at the measured rate of"]),
    ({LC: {"uniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]}}, "sobol", {"n": 2 ** 40, "all_defaults": False},
     ["samples: ", "points x 4 values a point", "use fewer base samples"]),  # 1 input, 3 metrics
]


@pytest.mark.parametrize("spec, func, kwargs, fragments", REFUSED)
def test_oversized_studies_are_refused_with_an_estimate(sc, spec, func, kwargs, fragments):
    with pytest.raises(ScenarioError) as info:
        getattr(bc, func)(sc, spec, **kwargs)
    text = str(info.value)
    for fragment in fragments:
        assert fragment in text, text


def test_estimate_arithmetic():
    # 10^12 points x 8 B = 8e12 B = 8 TB; at 2e7 points/s: 1e12 / 2e7 = 5e4 s = 13.9 h
    assert budget.estimate(10 ** 12, 8e12, 2e7) == ("10^12 points, ~8 TB, ~14 h at the measured "
                                                    "rate of 2e+07 points/s")
    # 10^15 samples at 1e6/s: 1e9 s / 3.15576e7 s/year = 31.7 years
    assert budget.estimate(10 ** 15, None, 1e6, "samples") == ("10^15 samples, ~32 years at the "
                                                               "measured rate of 1e+06 samples/s")
    assert budget.estimate(123_456, None, None) == "123,456 points"
    assert size_text(4.3e14) == "~430 TB" and duration_text(90) == "~1.5 min"


def test_grid_within_budget_is_not_refused(sc, monkeypatch):
    # 40 x 4 points is far below the budget; with a budget of 1 kB the same grid is refused
    assert bc.sweep(sc, progress=False).sizes == {LC: 40, CAMP: 4}
    monkeypatch.setattr(budget, "memory_budget", lambda: 1000)
    with pytest.raises(ScenarioError, match=r"sweep: 160 points x \d+ values a point: ~\d+ kB of "
                                            r"results, more than the memory budget \(~1 kB\)"):
        bc.sweep(sc, progress=False)


def test_budget_is_bounded():
    assert 0 < memory_budget() <= 16 << 30


def test_allow_large_runs_and_warns(sc, monkeypatch):
    monkeypatch.setattr(budget, "LARGE_SAMPLES", 4096)
    spec = {LC: {"uniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]}, "samples": 8192, "seed": 1}
    with pytest.raises(ScenarioError, match="8,192 samples"):
        bc.uncertainty(sc, spec)
    with pytest.warns(RuntimeWarning, match="a large Monte Carlo: 8,192 samples"):
        st = bc.uncertainty(sc, spec, allow_large=True, progress=False)
    assert int(st.attrs["samples"]) == 8192


# ---- invalid points are counted in the sweep summary, never dropped ----------------------
def test_sweep_summary_counts_invalid_points(sc):
    from basaltcalc.cli.sweep import summary

    ds = bc.sweep(sc, progress=False)
    clean = summary(ds)
    cheaper = float((ds["savings"] > 0).mean())
    assert f"in-situ cheaper than Earth (natural-basalt) at {cheaper:.1%} of the 160 swept points" in clean  # the design named
    assert "invalid" not in clean
    ds["savings"][:10, :] = np.nan  # 10 rows x 4 columns = 40 invalid points of 160
    ds["cost_ratio"][...] = np.nan
    text = summary(ds)
    cheaper_left = float((ds["savings"] > 0).sum()) / 160
    assert f"in-situ cheaper than Earth (natural-basalt) at {cheaper_left:.1%} of the 160 swept points" in text
    assert "40 of the 160 points (25.0%) are invalid (NaN savings)" in text
    assert "(40 of 160 points invalid: NaN)" in text
    row = next(r for r in text.splitlines() if r.strip().startswith("cost_ratio"))
    assert "(160 of 160 points invalid: NaN)" in row  # all invalid: still listed, not dropped


def test_sweep_summary_all_invalid_is_not_reported_as_zero_percent(sc):
    from basaltcalc.cli.sweep import summary

    ds = bc.sweep(sc, progress=False)
    ds["savings"][...] = np.nan
    text = summary(ds)
    assert "160 of the 160 points (100.0%) are invalid" in text


# ---- a normal on a positive input is truncated to the domain -------------------------------
TRUNC = [
    (LC, ["0.5 MUSD/kg", "1 MUSD/kg"], 0.0, math.inf),
    ("routes.cut-stone.yield", [0.9, 0.3], 0.0, 1.0),
    ("economics.ddte", ["0.1 BUSD", "1 BUSD"], 0.0, math.inf),
]


@pytest.mark.parametrize("path, params, lo, hi", TRUNC)
@pytest.mark.parametrize("method", ["random", "sobol", "lhs"])
def test_normal_is_truncated_to_the_domain_deterministically(sc, path, params, lo, hi, method):
    spec = {path: {"normal": params}, "samples": 1 << 13, "seed": 11, "all_defaults": False}
    a = bc.sample(sc, spec, method=method, chunk_size=4096, metrics=["cost_ratio"])
    b = bc.sample(sc, spec, method=method, chunk_size=1 << 13, metrics=["cost_ratio"])
    x = a[path].values
    assert np.array_equal(x, b[path].values)  # same draws whatever the chunk size
    assert np.all((x > lo) & (x <= hi))
    assert not np.isnan(a["cost_ratio"].values).any()
    from basaltcalc.scenario import domain_of

    assert f"truncated to [{domain_of(path)[0]:g}, " in a[path].attrs["distribution"]


def test_truncated_normal_mean_matches_the_formula(sc):
    # N(mu=0.5, sd=1) MUSD/kg truncated to (0, inf): mean = mu + sd phi(a)/(1 - Phi(a)), a = -0.5
    # phi(-0.5) = exp(-0.125)/sqrt(2 pi) = 0.352065; 1 - Phi(-0.5) = 0.691462
    # mean = 0.5 + 0.352065/0.691462 = 1.009160 MUSD/kg
    spec = {LC: {"normal": ["0.5 MUSD/kg", "1 MUSD/kg"]}, "samples": 1 << 16, "seed": 5, "all_defaults": False}
    x = bc.sample(sc, spec, method="sobol", metrics=["cost_ratio"])[LC].values
    assert x.mean() == pytest.approx(1.009160e6, rel=2e-3)
    # P(x < 0.5 MUSD/kg) = (Phi(0) - Phi(-0.5)) / (1 - Phi(-0.5)) = (0.5 - 0.308538)/0.691462 = 0.276893
    assert np.mean(x < 0.5e6) == pytest.approx(0.276893, abs=3e-3)


def test_truncated_normal_streamed_statistics_do_not_depend_on_chunks(sc):
    spec = {LC: {"normal": ["0.5 MUSD/kg", "1 MUSD/kg"]}, "samples": 1 << 14, "seed": 9, "method": "random",
            "all_defaults": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        a = bc.uncertainty(sc, spec, chunk_size=4096, progress=False)
        b = bc.uncertainty(sc, spec, chunk_size=1 << 14, progress=False)
    assert np.array_equal(a["mean"].values, b["mean"].values)
    assert int(a["n_nan"].values.max()) == 0
