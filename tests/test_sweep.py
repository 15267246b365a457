"""Sweeps (basaltcalc/grid.py, datasets.py, cli/sweep.py): grids equal the loop over evaluate,
units do not matter, bad specs give located errors, files are whole or absent."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.errors import ScenarioError

SCENARIO = """\
name: sweep test
insitu:
  route: melt-cast
  material: cast-basalt
  campaign: 2 year
transport:
  preset: clps-2024
elements:
  - name: floor panel
    kind: sheet
    count: 120
    length: 2 m
    width: 1 m
    load: {pressure: 5 kPa}
  - name: pressure tube
    kind: tube
    count: 40
    outer_diameter: 0.5 m
    length: 3 m
    load: {internal_pressure: 101.3 kPa}
"""


@pytest.fixture(scope="module")
def sc():
    return bc.default_scenario()


def _write(tmp_path, block):
    p = tmp_path / "s.yaml"
    p.write_text(SCENARIO + block)
    return p


def _full(ds, name):
    """A metric broadcast to the full grid, dims in the dataset's order."""
    ref = xr_full_like(ds)
    return ds[name].broadcast_like(ref).transpose(*ref.dims).values


def xr_full_like(ds):
    import xarray as xr

    return xr.DataArray(np.zeros([ds.sizes[d] for d in ds.dims]), dims=list(ds.dims))


def test_grid_equals_loop_over_evaluate(sc):
    spec = {"transport.landed_cost": {"log": ["10 kUSD/kg", "2 MUSD/kg"], "num": 4},
            "insitu.campaign": ["1 year", "2 year", "5 year"],
            "economics.hardware_cost": {"lin": [10, 100], "num": 2, "unit": "kUSD/kg", "axis": "hw"},
            "economics.ddte": {"values": [0.5, 2], "unit": "BUSD", "axis": "hw"}}
    ds = bc.sweep(sc, spec)
    assert dict(ds.sizes) == {"transport.landed_cost": 4, "insitu.campaign": 3, "hw": 2}
    lc = bc.Q_(ds["transport.landed_cost"].values, "kUSD/kg").m_as("USD/kg")
    camp = bc.Q_(ds["insitu.campaign"].values, "year").m_as("s")
    hw = bc.Q_(ds["economics.hardware_cost"].values, "kUSD/kg").m_as("USD/kg")
    ddte = bc.Q_(ds["economics.ddte"].values, "BUSD").m_as("USD")
    names = ["cost_ratio", "savings", "breakeven_scale", "breakeven_landed_cost", "insitu.plant_mass",
             "elements[1].insitu.thickness"]
    full = {n: _full(ds, n) for n in names}
    for i in range(4):
        for j in range(3):
            for k in range(2):
                res = bc.evaluate(sc, {"transport.landed_cost": bc.Q_(lc[i], "USD/kg"),
                                       "insitu.campaign": bc.Q_(camp[j], "s"),
                                       "economics.hardware_cost": bc.Q_(hw[k], "USD/kg"),
                                       "economics.ddte": bc.Q_(ddte[k], "USD")})
                for n in names:
                    np.testing.assert_allclose(full[n][i, j, k], res[n].magnitude, rtol=1e-12)


def test_metrics_keep_only_the_dimensions_they_vary_on(sc):
    ds = bc.sweep(sc, {"transport.landed_cost": {"lin": ["0.1 MUSD/kg", "1 MUSD/kg"], "num": 5},
                       "insitu.campaign": ["1 year", "3 year"]})
    assert ds["earth.launched_mass"].dims == ()
    assert ds["earth.total_cost"].dims == ("transport.landed_cost",)
    assert set(ds["cost_ratio"].dims) == {"transport.landed_cost", "insitu.campaign"}
    assert ds["cost_ratio"].attrs["units"] == "1" and ds["savings"].attrs["units"] == "USD"
    assert "description" in ds["savings"].attrs
    assert ds["insitu.campaign"].attrs["units"] == "a"
    assert ds.attrs["basaltcalc_version"] == bc.__version__
    assert ds.attrs["scenario_sha256"] == sc.sha256


def test_chunked_grid_equals_one_call(sc):
    spec = {"transport.landed_cost": {"log": ["10 kUSD/kg", "2 MUSD/kg"], "num": 7},
            "economics.ddte": {"lin": ["0.2 BUSD", "5 BUSD"], "num": 5}}
    a = bc.sweep(sc, spec)
    b = bc.sweep(sc, spec, chunk_points=5)  # one row of the first axis per core call
    for name in a.data_vars:
        np.testing.assert_array_equal(a[name].values, b[name].values)


def test_other_units_give_the_same_results(sc):
    a = bc.sweep(sc, {"transport.landed_cost": {"lin": ["100 kUSD/kg", "1 MUSD/kg"], "num": 4},
                      "insitu.campaign": {"values": [12, 24], "unit": "month"}})
    b = bc.sweep(sc, {"transport.landed_cost": {"lin": [1e5, 1e6], "num": 4, "unit": "USD/kg"},
                      "insitu.campaign": ["1 year", "2 year"]})
    for name in ("cost_ratio", "savings", "breakeven_scale", "insitu.energy"):
        np.testing.assert_allclose(a[name].values, b[name].values, rtol=1e-12)
    np.testing.assert_allclose(a["transport.landed_cost"].values * 1e3, b["transport.landed_cost"].values)


def test_breakeven_surface_equals_the_broadcast_evaluate(sc):
    # no containers bought: with them the Earth option costs more than in situ at any landed cost
    free = {"economics.container_cost": "0 USD/kg"}
    ds = bc.breakeven_surface(sc, {"transport.landed_cost": {"log": ["1 kUSD/kg", "2 MUSD/kg"], "num": 30},
                                   "routes.melt-cast.plant_scale_exponent": [0.7, 1.0]}, overrides=free)
    assert set(ds.data_vars) == {"breakeven_scale", "breakeven_landed_cost", "cost_ratio", "savings"}
    s = _full(ds, "breakeven_scale")
    assert np.isinf(s).any() and np.isfinite(s).any()  # cheap launches: in-situ never pays
    res = bc.evaluate(sc, {"transport.landed_cost": bc.Q_(ds["transport.landed_cost"].values[:, None], "kUSD/kg"),
                           "routes.melt-cast.plant_scale_exponent": np.array([[0.7, 1.0]]), **free})
    np.testing.assert_allclose(s, res["breakeven_scale"].magnitude, rtol=1e-9)
    np.testing.assert_allclose(_full(ds, "breakeven_landed_cost"), res["breakeven_landed_cost"].magnitude,
                               rtol=1e-12)


@pytest.mark.parametrize("spec, path, words", [
    ({"transport.landed_cost": {"lin": ["2 MUSD/kg", "1 MUSD/kg"], "num": 3}}, "transport.landed_cost.lin",
     "not below"),
    ({"transport.landed_cot": {"lin": ["1 MUSD/kg", "2 MUSD/kg"], "num": 3}}, "transport.landed_cot",
     "did you mean 'transport.landed_cost'"),
    ({"transport.landed_cost": {"lin": ["1 kg", "2 kg"], "num": 3}}, "transport.landed_cost.lin[0]",
     "[currency] / [mass]"),
    ({"transport.landed_cost": {"lin": ["1 MUSD/kg", "2 MUSD/kg"], "num": 0}}, "transport.landed_cost.num",
     "at least 1"),
    ({"transport.landed_cost": {"lin": ["1 MUSD/kg", "2 MUSD/kg"], "nums": 3}}, "transport.landed_cost.nums",
     "did you mean 'num'"),
    ({"transport.landed_cost": {"log": ["0 MUSD/kg", "2 MUSD/kg"], "num": 3}}, "transport.landed_cost.log",
     "positive"),
    ({"transport.landed_cost": [1e5, 2e5]}, "transport.landed_cost[0]", "needs a unit"),
    ({"routes.melt-cast.yield": {"lin": [0.5, 1.5], "num": 3}}, "routes.melt-cast.yield", "from 1e-06 to 1"),
    ({"elements[0].count": [10, 20.5]}, "elements[0].count", "whole number"),
    ({"transport.landed_cost": {"lin": ["1 MUSD/kg", "2 MUSD/kg"], "num": 3, "axis": "z"},
      "insitu.campaign": {"values": ["1 year"], "axis": "z"}}, "insitu.campaign", "same number"),
])
def test_bad_specs_give_errors_naming_the_path(sc, spec, path, words):
    with pytest.raises(ScenarioError) as err:
        bc.sweep(sc, spec)
    assert any(p.path == path and words in p.message for p in err.value.problems), str(err.value)


def test_bad_sweep_block_is_located_in_the_file(tmp_path):
    p = _write(tmp_path, "sweep:\n  transport.landed_cost: {lin: [2 MUSD/kg, 1 MUSD/kg], num: 3}\n"
                         "  insitu.campain: [1 year]\n")
    sc = bc.load_scenario(p)
    with pytest.raises(ScenarioError) as err:
        bc.sweep(sc)
    probs = {q.path: q for q in err.value.problems}
    first = probs["sweep.transport.landed_cost.lin"]
    assert (first.file, first.line) == (str(p), 22)
    second = probs["sweep.insitu.campain"]
    assert second.line == 23 and "did you mean 'insitu.campaign'" in second.message
    assert f"{p}:23:3" in str(err.value)


def test_file_block_and_netcdf_round_trip(tmp_path):
    p = _write(tmp_path, "sweep:\n  transport.landed_cost: {log: [10 kUSD/kg, 2 MUSD/kg], num: 6}\n"
                         "  elements[\"floor panel\"].count: [60, 120]\n")
    sc = bc.load_scenario(p)
    ds = bc.sweep(sc)
    assert "elements[0].count" in ds.dims
    out = tmp_path / "out.nc"
    bc.to_netcdf(ds, out)
    back = bc.open_dataset(out)
    for name in ds.variables:
        np.testing.assert_array_equal(np.asarray(back[name].values), np.asarray(ds[name].values))
        assert back[name].attrs.get("units") == ds[name].attrs.get("units")
    assert back.attrs["scenario_sha256"] == sc.sha256
    assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp")] == []


def test_csv_has_one_row_per_point_with_units(sc, tmp_path):
    ds = bc.sweep(sc, {"transport.landed_cost": {"lin": ["0.1 MUSD/kg", "1 MUSD/kg"], "num": 3},
                       "insitu.campaign": ["1 year", "2 year"]}, metrics=["cost_ratio", "savings"])
    text = bc.to_csv(ds)
    lines = text.strip().splitlines()
    assert lines[0] == "transport.landed_cost [MUSD/kg],insitu.campaign [a],cost_ratio,savings [USD]"
    assert len(lines) == 1 + 6
    bc.to_csv(ds, tmp_path / "g.csv")
    assert (tmp_path / "g.csv").read_text() == text


def test_interrupted_write_leaves_no_file(sc, tmp_path, monkeypatch):
    import xarray as xr

    ds = bc.sweep(sc, {"transport.landed_cost": ["1 MUSD/kg", "2 MUSD/kg"]})

    def boom(self, *a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(xr.Dataset, "to_netcdf", boom)
    with pytest.raises(KeyboardInterrupt):
        bc.to_netcdf(ds, tmp_path / "x.nc")
    assert os.listdir(tmp_path) == []


def test_cli_sweep_writes_netcdf_and_summary(tmp_path, capsys):
    from basaltcalc.cli import main

    p = _write(tmp_path, "sweep:\n  transport.landed_cost: {log: [10 kUSD/kg, 2 MUSD/kg], num: 8}\n")
    out = tmp_path / "out.nc"
    assert main(["sweep", str(p), "-o", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "8 points" in text and "in-situ cheaper than Earth (" in text and out.exists()
    assert main(["sweep", str(p), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dims"] == {"transport.landed_cost": 8}
    assert data["data_vars"]["cost_ratio"]["attrs"]["units"] == "1"
    assert main(["sweep", str(p), "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 9


def test_cli_ctrl_c_writes_nothing(tmp_path, monkeypatch, capsys):
    from basaltcalc import model
    from basaltcalc.cli import main

    p = _write(tmp_path, "sweep:\n  transport.landed_cost: {log: [10 kUSD/kg, 2 MUSD/kg], num: 8}\n")
    calls = []
    real = model.evaluate_si

    def interrupt(*a, **k):
        calls.append(1)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(model, "evaluate_si", interrupt)
    out = tmp_path / "out.nc"
    assert main(["sweep", str(p), "-o", str(out), "--quiet"]) == 130
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == ["s.yaml"]


def test_sweep_cash_flows_equal_the_point_ones_and_sum_to_the_npvs():
    # the dated cash flows of every sweep point (studies.grid.cash_flows) are those of the point
    # evaluated alone (model.tables.cash_flows) to 1e-12; the years of "paid" sum to each option's
    # undiscounted total and those of "discounted" to its NPV; at 0 % both are equal.  The rate
    # is swept in % (the coordinate holds 0, 2, 7, -99, 1000; SI 0, 0.02, 0.07, -0.99, 10)
    from basaltcalc.model.tables import cash_flows as point_flows
    from basaltcalc.studies.grid import cash_flows

    sc = bc.default_scenario()
    spec = {"transport.landed_cost": {"lin": ["0.2 MUSD/kg", "2 MUSD/kg"], "num": 3},
            "economics.discount_rate": {"values": [0, 2, 7, -99, 1000], "unit": "%"}}
    ds = bc.sweep(sc, spec, cash_flows=True)
    assert ds["cash_flow.paid"].dims == ("transport.landed_cost", "economics.discount_rate", "option", "year")
    assert list(ds["option"].values) == ["insitu", "earth[cast-basalt]", "earth[al-2219]"]
    cf = cash_flows(sc, ds)
    assert np.array_equal(cf["paid"].values, ds["cash_flow.paid"].values)
    assert np.all(np.isfinite(cf["discounted"].values))
    for i, landed in enumerate(ds["transport.landed_cost"].values):
        for j, rate in enumerate([0.0, 0.02, 0.07, -0.99, 10.0]):
            res = bc.evaluate(sc, {"transport.landed_cost": bc.Q_(float(landed), "MUSD/kg"),
                                   "economics.discount_rate": rate})
            one = point_flows(res, years=cf.sizes["year"])
            assert np.allclose(one["paid"].values, cf["paid"].values[i, j], rtol=1e-12, atol=0)
            # (a discounted bin is a difference of cumulative values: to 1e-12 of the largest)
            scale = np.max(np.abs(one["discounted"].values))
            assert np.allclose(one["discounted"].values, cf["discounted"].values[i, j], rtol=0, atol=1e-12 * scale)
            paid, disc = cf["paid"].values[i, j], cf["discounted"].values[i, j]
            assert paid[0].sum() == pytest.approx(res["insitu.total_cost"].m, rel=1e-12)
            assert disc[0].sum() == pytest.approx(res["insitu.npv"].m, rel=1e-9)
            assert disc[1].sum() == pytest.approx(res["earth.npv"].m, rel=1e-9)
            if rate == 0.0:
                assert np.allclose(paid, disc, rtol=1e-12, atol=1e-3)


def test_sweep_cash_flows_need_the_money_metrics():
    from basaltcalc.studies.grid import cash_flows

    sc = bc.default_scenario()
    ds = bc.sweep(sc, {"economics.ddte": {"values": [0.5, 1.0], "unit": "BUSD"}}, metrics=["cost_ratio"])
    with pytest.raises(ValueError, match="insitu.ddte_cost"):
        cash_flows(sc, ds)
