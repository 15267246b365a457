"""Uncertainty (basaltcalc/sampling.py, streaming.py, cli/uncertainty.py): reproducible draws,
streaming statistics equal to in-memory ones, distributions with units, located errors."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import basaltcalc as bc
from basaltcalc.errors import ScenarioError
from basaltcalc.studies.sampling import LHS_BLOCK, Dist, read_uncertainty
from basaltcalc.studies.streaming import BLOCK, QUANTILE_RELATIVE_ERROR, StreamingStats, exact_stats

SPEC = {
    "routes.melt-cast.plant_specific_mass": {"triangular": ["50 kg/(kg/h)", "150 kg/(kg/h)", "400 kg/(kg/h)"]},
    "transport.landed_cost": {"loguniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]},
    "economics.ddte": {"pert": ["0.2 BUSD", "1 BUSD", "5 BUSD"]},
    "economics.hardware_cost": {"lognormal": ["50 kUSD/kg", 0.5]},
    "sites.south-pole-ridge.ambient_temperature": {"normal": ["-73 degC", "20 K"]},
    "routes.melt-cast.yield": {"uniform": [0.7, 0.95]},
}


@pytest.fixture(scope="module")
def sc():
    return bc.default_scenario()


@pytest.mark.parametrize("method", ["random", "sobol", "lhs"])
def test_same_seed_is_bit_identical_across_runs_and_chunk_sizes(sc, method):
    n = LHS_BLOCK + BLOCK + 123  # 20603: two Latin hypercube blocks, several chunks, a short one
    if method == "sobol":
        n = 1 << 13
    a = bc.uncertainty(sc, SPEC, n=n, seed=11, method=method, chunk_size=BLOCK)
    b = bc.uncertainty(sc, SPEC, n=n, seed=11, method=method, chunk_size=1 << 16)
    c = bc.uncertainty(sc, SPEC, n=n, seed=11, method=method, chunk_size=3 * BLOCK)
    for name in a.data_vars:
        np.testing.assert_array_equal(a[name].values, b[name].values)
        np.testing.assert_array_equal(a[name].values, c[name].values)
    s1 = bc.sample(sc, SPEC, n=n, seed=11, method=method, chunk_size=BLOCK, metrics=["cost_ratio"])
    s2 = bc.sample(sc, SPEC, n=n, seed=11, method=method, chunk_size=1 << 16, metrics=["cost_ratio"])
    for name in s1.data_vars:
        np.testing.assert_array_equal(s1[name].values, s2[name].values)
    other = bc.uncertainty(sc, SPEC, n=n, seed=12, method=method)
    assert not np.array_equal(other["mean"].values, a["mean"].values)
    assert a.attrs["seed"] == 11


def test_streaming_statistics_equal_in_memory_ones(sc):
    ds = bc.sample(sc, SPEC, n=40_000, seed=3)
    ref = bc.summarize(ds)
    st_ = bc.uncertainty(sc, SPEC, n=40_000, seed=3, chunk_size=8192)
    np.testing.assert_allclose(st_["mean"].values, ref["mean"].values, rtol=1e-12)
    np.testing.assert_allclose(st_["std"].values, ref["std"].values, rtol=1e-9,
                               atol=1e-12 * np.max(np.abs(ref["mean"].values)))  # round-off-only spreads
    np.testing.assert_array_equal(st_["min"].values, ref["min"].values)
    np.testing.assert_array_equal(st_["max"].values, ref["max"].values)
    np.testing.assert_array_equal(st_["count"].values, ref["count"].values)
    q, qr = st_["quantiles"].values, ref["quantiles"].values
    assert np.all(np.abs(q - qr) <= QUANTILE_RELATIVE_ERROR * np.abs(qr) * 1.0000001)
    assert float(st_["p_insitu_cheaper"]) == float(ref["p_insitu_cheaper"])


values = st.floats(allow_nan=True, allow_infinity=True, width=64) | st.floats(-1e3, 1e3) | st.just(0.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(values, min_size=1, max_size=3 * BLOCK + 5), st.sampled_from([1, 2, 3]))
def test_streaming_stats_match_numpy_on_any_data(xs, blocks_per_chunk):
    x = np.array(xs, dtype=np.float64)
    x = x[np.isnan(x) | (np.abs(x) < 1e290)]  # keep sums finite
    if x.size == 0:
        return
    qs = np.array([0.0, 0.1, 0.5, 0.9, 1.0])
    s = StreamingStats(["x"])
    step = blocks_per_chunk * BLOCK
    for start in range(0, x.size, step):
        s.update(x[None, start:start + step])
    ref = exact_stats(x, qs)
    assert int(s.n[0]) == ref["count"] and int(s.n_nan[0]) == ref["n_nan"]
    assert int(s.n_posinf[0]) == ref["n_posinf"]
    if ref["count"]:
        np.testing.assert_allclose(s.means()[0], ref["mean"], rtol=1e-9, atol=1e-9 * np.max(np.abs(x[np.isfinite(x)])))
    got = s.quantiles(qs)[0]
    xs_sorted = np.sort(x[~np.isnan(x)])
    if xs_sorted.size == 0:
        assert np.all(np.isnan(got))
        return
    for q, g in zip(qs, got):
        # between the bracketing order statistics, within the bin error of the larger of them
        r = q * (xs_sorted.size - 1)
        lo, hi = xs_sorted[int(np.floor(r))], xs_sorted[int(np.ceil(r))]
        if not (np.isfinite(lo) and np.isfinite(hi)):
            assert g == lo or g == hi or (lo <= g <= hi)
            continue
        if max(abs(lo), abs(hi)) >= 2.0**100 or any(0 < abs(v) <= 2.0**-100 for v in (lo, hi)):
            continue  # outside the histogram's resolved range: only min/max are exact
        tol = QUANTILE_RELATIVE_ERROR * max(abs(lo), abs(hi)) * 1.000001
        assert min(lo, hi) - tol <= g <= max(lo, hi) + tol


def test_streaming_stats_chunking_is_bit_identical():
    rng = np.random.default_rng(0)
    x = rng.lognormal(size=(3, 10 * BLOCK + 17))
    x[1, ::97] = np.inf
    x[2, ::101] = np.nan
    results = []
    for step in (BLOCK, 2 * BLOCK, 5 * BLOCK, 16 * BLOCK):
        s = StreamingStats(["a", "b", "c"])
        for start in range(0, x.shape[1], step):
            s.update(x[:, start:start + step])
        results.append((s.means(), s.std(), s.quantiles([0.05, 0.5, 0.95]), s.hist.copy()))
    for r in results[1:]:
        for u, v in zip(results[0], r):
            np.testing.assert_array_equal(u, v)


def test_partial_block_must_be_last():
    s = StreamingStats(["a"])
    s.update(np.ones((1, 100)))
    with pytest.raises(ValueError, match="last"):
        s.update(np.ones((1, BLOCK)))


@pytest.mark.parametrize("dist, mean, sd", [
    (Dist("x", "uniform", (2.0, 6.0)), 4.0, 4 / np.sqrt(12)),
    (Dist("x", "normal", (5.0, 2.0)), 5.0, 2.0),
    (Dist("x", "triangular", (1.0, 2.0, 6.0)), 3.0, np.sqrt((1 + 4 + 36 - 2 - 6 - 12) / 18)),
    (Dist("x", "pert", (1.0, 2.0, 7.0, 4.0)), (1 + 8 + 7) / 6, None),
    (Dist("x", "lognormal", (3.0, 0.25)), 3.0 * np.exp(0.25**2 / 2), None),
    (Dist("x", "loguniform", (1.0, np.e)), np.e - 1.0, None),
])
def test_distributions_have_the_right_moments_by_draw_and_ppf(dist, mean, sd):
    rng = np.random.default_rng(1)
    drawn = dist.draw(rng, 200_000)
    u = (np.arange(200_000) + 0.5) / 200_000
    by_ppf = dist.ppf(u)
    for x in (drawn, by_ppf):
        assert abs(x.mean() - mean) < 0.01 * abs(mean)
        if sd is not None:
            assert abs(x.std() - sd) < 0.02 * sd


def test_units_and_offset_temperatures(sc):
    a = bc.sample(sc, {"transport.landed_cost": {"uniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]},
                       "sites.south-pole-ridge.ambient_temperature": {"normal": ["-73.15 degC", "20 delta_degC"]}},
                  n=4096, seed=5)
    b = bc.sample(sc, {"transport.landed_cost": {"uniform": [300, 1200], "unit": "kUSD/kg"},
                       "sites.south-pole-ridge.ambient_temperature": {"normal": ["200 K", "20 K"]}},
                  n=4096, seed=5)
    for name in ("transport.landed_cost", "sites.south-pole-ridge.ambient_temperature", "cost_ratio"):
        np.testing.assert_allclose(a[name].values, b[name].values, rtol=1e-12)
    t = a["sites.south-pole-ridge.ambient_temperature"].values
    assert abs(t.mean() - 200.0) < 2.0 and abs(t.std() - 20.0) < 1.0
    assert a["transport.landed_cost"].attrs["units"] == "USD/kg"


def test_adding_an_input_leaves_the_other_draws_unchanged(sc):
    one = {"transport.landed_cost": SPEC["transport.landed_cost"]}
    a = bc.sample(sc, one, n=5000, seed=9, metrics=["cost_ratio"])
    b = bc.sample(sc, SPEC, n=5000, seed=9, metrics=["cost_ratio"])
    np.testing.assert_array_equal(a["transport.landed_cost"].values, b["transport.landed_cost"].values)


def test_all_defaults_draws_every_sourced_range(sc):
    plan = read_uncertainty(sc, {"transport.landed_cost": {"uniform": ["0.5 MUSD/kg", "1 MUSD/kg"]}},
                            n=64, seed=1, all_defaults="uniform")
    paths = [d.path for d in plan.dists]
    ranged = [p for p, i in sc.inputs.items() if i.origin == "default" and i.default is not None
              and i.default.range_si[0] < i.default.range_si[1]]
    assert set(paths) == set(ranged) | {"transport.landed_cost"}
    assert paths.count("transport.landed_cost") == 1 and plan.dists[0].origin == "spec"
    # the default scenario leaves the campaign to its sourced default (0.5-5 years): drawn (issue 25)
    assert "insitu.campaign" in paths
    tri = read_uncertainty(sc, {}, n=64, seed=1, all_defaults="triangular")
    d = next(x for x in tri.dists if x.path == "economics.ddte")
    assert d.params[1] == sc.inputs["economics.ddte"].si


@pytest.mark.parametrize("spec, path, words", [
    ({"transport.landed_cost": {"uniform": ["2 MUSD/kg", "1 MUSD/kg"]}}, "transport.landed_cost.uniform", "not below"),
    ({"transport.landed_cst": {"uniform": ["1 MUSD/kg", "2 MUSD/kg"]}}, "transport.landed_cst",
     "did you mean 'transport.landed_cost'"),
    ({"transport.landed_cost": {"uniform": ["1 kg", "2 kg"]}}, "transport.landed_cost.uniform[0]", "[currency] / [mass]"),
    ({"transport.landed_cost": {"unifrom": ["1 MUSD/kg", "2 MUSD/kg"]}}, "transport.landed_cost.unifrom",
     "did you mean 'uniform'"),
    ({"samples": 0, "transport.landed_cost": {"uniform": ["1 MUSD/kg", "2 MUSD/kg"]}}, "samples", "at least 1"),
    ({"samples": 1000, "method": "sobol", "transport.landed_cost": {"uniform": ["1 MUSD/kg", "2 MUSD/kg"]}},
     "samples", "power of two"),
    ({"transport.landed_cost": {"triangular": ["1 MUSD/kg", "3 MUSD/kg", "2 MUSD/kg"]}},
     "transport.landed_cost.triangular", "mode"),
    ({"transport.landed_cost": {"normal": ["1 MUSD/kg", "-1 MUSD/kg"]}}, "transport.landed_cost.normal[1]", "positive"),
    ({"transport.landed_cost": {"pert": ["3 MUSD/kg", "3 MUSD/kg", "2 MUSD/kg"]}},
     "transport.landed_cost.pert", "is not below high '2 MUSD/kg'"),
    ({"economics.ddte": {"loguniform": ["0 BUSD", "2 BUSD"]}}, "economics.ddte.loguniform",
     "log-uniform needs a positive low, got '0 BUSD'"),
    ({"economics.ddte": {"logpert": ["0 BUSD", "1 BUSD", "2 BUSD"]}}, "economics.ddte.logpert",
     "log-PERT needs a positive low"),
    ({"routes.melt-cast.yield": {"pert": [0.5, 0.9, 1.2]}}, "routes.melt-cast.yield.pert", "from 1e-06 to 1"),
    ({"routes.melt-cast.yield": {"uniform": [0.5, 1.2]}}, "routes.melt-cast.yield.uniform", "from 1e-06 to 1"),
    ({"elements[0].count": {"uniform": [10, 20]}}, "elements[0].count.uniform", "count"),
    ({"method": "sobal", "transport.landed_cost": {"uniform": ["1 MUSD/kg", "2 MUSD/kg"]}}, "method", "sobol"),
    ({"all_defaults": "uniformly"}, "all_defaults", "did you mean 'uniform'"),
    ({"all_defaults": False}, "uncertainty", "nothing to sample"),
])
def test_bad_distribution_specs_give_errors_naming_the_path(sc, spec, path, words):
    with pytest.raises(ScenarioError) as err:
        bc.uncertainty(sc, spec)
    assert any(p.path == path and words in p.message for p in err.value.problems), str(err.value)


def test_bad_uncertainty_block_is_located(tmp_path):
    from tests.test_sweep import SCENARIO

    p = tmp_path / "u.yaml"
    p.write_text(SCENARIO + "uncertainty:\n  samples: 1000\n  method: sobol\n"
                            "  transport.landed_cost: {uniform: [2 MUSD/kg, 1 MUSD/kg]}\n")
    with pytest.raises(ScenarioError) as err:
        bc.uncertainty(bc.load_scenario(p))
    probs = {q.path: q for q in err.value.problems}
    assert probs["uncertainty.samples"].line == 22
    assert probs["uncertainty.transport.landed_cost.uniform"].line == 24
    assert f"{p}:22:3" in str(err.value)


def test_breakeven_inf_is_counted_not_averaged(sc):
    # no containers bought: with them the Earth option costs more than in situ at any landed cost
    st_ = bc.uncertainty(sc, {"transport.landed_cost": {"loguniform": ["1 kUSD/kg", "2 MUSD/kg"]}},
                         n=8192, seed=2, quantiles=(0.5, 1.0),
                         overrides={"economics.container_cost": "0 USD/kg"})
    i = list(st_["metric"].values).index("breakeven_scale")
    assert 0 < int(st_["n_inf"].values[i]) < 8192
    assert np.isfinite(st_["mean"].values[i])
    assert np.isinf(st_["quantiles"].values[i, -1]) and np.isfinite(st_["quantiles"].values[i, 0])
    assert np.isinf(st_["max"].values[i])
    assert 0 < float(st_["p_insitu_cheaper"]) < 1


def test_sample_dataset_layout_and_netcdf(sc, tmp_path):
    ds = bc.sample(sc, SPEC, n=2048, seed=4, all_defaults=False)  # the spec's inputs only
    assert ds.sizes["sample"] == 2048
    assert ds["cost_ratio"].dims == ("sample",) and ds["earth.product_mass"].dims == ()
    assert ds.attrs["uncertainty_set"] == "the given distributions" and ds.attrs["uncertain_inputs"] == len(SPEC)
    assert ds["economics.ddte"].attrs["distribution"].startswith("pert(")
    assert ds.attrs["method"] == "random" and ds.attrs["seed"] == 4
    bc.to_netcdf(ds, tmp_path / "s.nc")
    back = bc.open_dataset(tmp_path / "s.nc")
    np.testing.assert_array_equal(back["cost_ratio"].values, ds["cost_ratio"].values)
    st_ = bc.uncertainty(sc, SPEC, n=2048, seed=4)
    bc.to_netcdf(st_, tmp_path / "u.nc")
    back = bc.open_dataset(tmp_path / "u.nc")
    assert list(back["metric"].values) == list(st_["metric"].values)


def test_progress_is_off_when_not_a_terminal(capsys):
    from basaltcalc.studies.progress import _Silent, progress_bar

    with progress_bar(10, None) as bar:  # pytest captures stderr: not a TTY
        assert isinstance(bar, _Silent)
    with progress_bar(10, False) as bar:
        assert isinstance(bar, _Silent)


def test_cli_uncertainty(tmp_path, capsys):
    from basaltcalc.cli import main
    from tests.test_sweep import SCENARIO

    p = tmp_path / "u.yaml"
    p.write_text(SCENARIO + "uncertainty:\n  samples: 4096\n  seed: 7\n"
                            "  routes.melt-cast.plant_specific_mass: {triangular: [50 kg/(kg/h), 150 kg/(kg/h), 400 kg/(kg/h)]}\n")
    assert main(["uncertainty", str(p), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "P(in-situ cheaper than Earth (" in out and "4,096 samples" in out and "seed 7" in out
    assert main(["uncertainty", str(p), "--format", "json", "-n", "8192"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["attrs"]["samples"] == 8192 and "p_insitu_cheaper" in data["data_vars"]
    assert main(["uncertainty", str(p), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("metric,quantile")


@pytest.mark.slow
def test_large_run_has_bounded_memory(sc):
    import tracemalloc

    tracemalloc.start()
    bc.uncertainty(sc, SPEC, n=1 << 22, seed=1, progress=False, all_defaults=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 200e6


def test_ctrl_c_mid_run_stops_cleanly_and_writes_nothing(tmp_path, monkeypatch, capsys):
    import os
    import threading

    from basaltcalc import model
    from basaltcalc.cli import main
    from tests.test_sweep import SCENARIO

    p = tmp_path / "u.yaml"
    p.write_text(SCENARIO + "uncertainty:\n  samples: 65536\n  seed: 1\n"
                            "  transport.landed_cost: {uniform: [0.3 MUSD/kg, 1.2 MUSD/kg]}\n")
    real, calls = model.evaluate_si, []

    def interrupt(*a, **k):
        calls.append(1)
        if len(calls) > 3:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(model, "evaluate_si", interrupt)
    out = tmp_path / "u.nc"
    assert main(["uncertainty", str(p), "--chunk-size", "4096", "-o", str(out), "--quiet"]) == 130
    assert sorted(os.listdir(tmp_path)) == ["u.yaml"]
    assert not [t for t in threading.enumerate() if t.name.startswith("basaltcalc-stats")]


@pytest.mark.parametrize("kind", ["pert", "uniform"])
def test_threaded_draws_equal_sequential_ones(sc, kind, monkeypatch):
    """Drawing the inputs' streams on threads (chunks of a whole random block or more) gives the
    same numbers as drawing them one after the other: each input has its own stream."""
    from basaltcalc.studies import sampling

    plan = sampling.read_uncertainty(sc, {}, n=3 * sampling.RANDOM_BLOCK, seed=5, method="random",
                                     all_defaults=kind)
    if sampling._draw_pool() is None:
        pytest.skip("one CPU: no draw threads")
    threaded = sampling.Sampler(plan).draw(0, plan.n)
    monkeypatch.setattr(sampling, "_draw_pool", lambda: None)
    sequential = sampling.Sampler(plan).draw(0, plan.n)
    assert len(plan.dists) > 1 and np.array_equal(threaded, sequential)


@pytest.mark.parametrize("kind", ["pert", "uniform", "loguniform"])
def test_whole_blocks_drawn_in_place_equal_pieces_and_numpys_samplers(sc, kind):
    """A chunk of exactly one random block is drawn straight into its row of the output (no
    cache, no copy); it equals the same samples drawn in uneven pieces through the cache, and a
    uniform draw made in place, low + (high - low) U, is numpy's ``rng.uniform`` bit for bit."""
    from basaltcalc.studies import sampling

    size = sampling.RANDOM_BLOCK
    plan = sampling.read_uncertainty(sc, {}, n=2 * size + 777, seed=9, method="random", all_defaults=kind)
    s = sampling.Sampler(plan)
    whole = np.concatenate([s.draw(0, size), s.draw(size, 2 * size), s.draw(2 * size, plan.n)], axis=1)
    s = sampling.Sampler(plan)
    cuts = [0, 1000, size - 1, size + 5, 2 * size + 1, plan.n]
    pieces = np.concatenate([s.draw(a, b) for a, b in zip(cuts, cuts[1:])], axis=1)
    assert np.array_equal(whole, pieces)
    d = Dist("x", "uniform", (-3.1, 1.7e5))
    out = np.empty(1000)
    got = d.draw(np.random.default_rng(2), 1000, out)
    assert got is out and np.array_equal(out, np.random.default_rng(2).uniform(-3.1, 1.7e5, 1000))


@pytest.mark.parametrize("kind,chunk", [("uniform", 1 << 16), ("pert", 2 * BLOCK)])
def test_chunks_drawn_into_reused_buffers_equal_fresh_draws(sc, kind, chunk):
    """The Monte Carlo draws its chunks into two buffers in turn: every chunk equals a fresh draw
    of its range, whole random blocks drawn in place or pieces through the cache, and is still
    intact when the next chunk is drawn (its statistics are taken while the next is evaluated)."""
    from basaltcalc.studies import sampling

    plan = sampling.read_uncertainty(sc, {}, n=3 * chunk + 17, seed=9, method="random", all_defaults=kind)
    fresh = sampling.Sampler(plan)
    seen, last = [], None
    for start, stop, x in sampling._drawn(sampling.Sampler(plan), chunk):
        assert np.array_equal(x, fresh.draw(start, stop))
        if last is not None:
            assert np.array_equal(last[2], fresh.draw(last[0], last[1]))
        seen.append((start, stop))
        last = (start, stop, x)
    assert seen == [(a, min(a + chunk, plan.n)) for a in range(0, plan.n, chunk)]


def test_chunks_split_over_threads_give_the_same_bits(sc):
    # a chunk is evaluated as one part per thread (whole blocks) and consumed part by part: one
    # thread or two, and a chunk split or not, give the same statistics and samples
    from basaltcalc.model import parallel

    def run(threads, chunk):
        old = parallel.set_threads(threads)
        try:
            return (bc.uncertainty(sc, SPEC, n=9 * BLOCK + 17, seed=4, chunk_size=chunk),
                    bc.sample(sc, SPEC, n=9 * BLOCK + 17, seed=4, chunk_size=chunk, metrics=["cost_ratio"]))
        finally:
            parallel.set_threads(old)

    ref = run(1, BLOCK)
    for got in (run(2, 1 << 16), run(1, 1 << 16), run(3, 5 * BLOCK)):
        for a, b in zip(got, ref):
            for name in a.data_vars:
                np.testing.assert_array_equal(a[name].values, b[name].values)
