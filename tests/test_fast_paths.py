"""The fast paths of issue 13 give the results of the paths they replaced.

The old paths are kept verbatim in benchmarks/old_paths.py (the benchmarks time against them in
the same run); here each new path is checked against its old one: the bootstrap to rounding (a
matrix product sums in another order), ``_governing`` bit for bit, the breakeven root within
1e-12 relative, and threaded or chunked evaluation bit for bit against serial and unchunked.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
import old_paths  # noqa: E402

from basaltcalc.studies.sensitivity import _bootstrap  # noqa: E402


@pytest.mark.parametrize("d, s, n", [(1, 1, 8), (3, 2, 256), (7, 3, 4096)])
def test_bootstrap_as_a_matrix_product_equals_the_direct_estimator(d, s, n):
    # outputs with a large common offset (1e3) and input-dependent parts: the shift by the overall
    # mean must keep the variance free of cancellation
    r = np.random.default_rng(d * 100 + n)
    f_A = 1e3 + r.normal(0.0, 2.0, (s, n))
    f_B = 1e3 + r.normal(0.0, 2.0, (s, n))
    f_AB = f_A[None] + r.normal(0.0, 0.5, (d, s, n)) * np.arange(1, d + 1)[:, None, None]
    old = old_paths._bootstrap(f_A, f_B, f_AB, 50, np.random.default_rng(5))
    new = _bootstrap(f_A, f_B, f_AB, 50, np.random.default_rng(5))
    for a, b in zip(old, new):
        assert a.shape == b.shape == (50, s, d)
        np.testing.assert_allclose(b, a, rtol=0, atol=1e-12)


def test_bootstrap_of_a_constant_output_gives_zero_indices_as_before():
    # zero variance: both estimators give 0 (not NaN) for every index
    f = np.full((1, 64), 3.0)
    old = old_paths._bootstrap(f, f, np.stack([f, f]), 10, np.random.default_rng(1))
    new = _bootstrap(f, f, np.stack([f, f]), 10, np.random.default_rng(1))
    for a, b in zip(old, new):
        assert np.array_equal(a, b) and not np.any(b)


def test_governing_running_maximum_is_bit_identical_to_stacked_argmax():
    from basaltcalc.core.elements import _governing

    r = np.random.default_rng(2)
    n = 2000
    # few distinct values so that ties are common; NaNs in every candidate; -0.0 against 0.0;
    # broadcasting of a scalar and a column against a row
    pool = np.array([0.0, -0.0, 1e-3, 2e-3, np.nan, np.inf])
    cands = [r.choice(pool, n) for _ in range(5)]
    given = np.where(r.random(n) < 0.2, 5e-3, np.nan)
    for args in ((cands, given), (cands[:3], given), ((2e-3, cands[1], cands[2]), np.nan),
                 ((cands[0][:40, None], 1e-3, cands[2][None, :50]), given[:50])):
        t_old, g_old = old_paths._governing(*args)
        t_new, g_new = _governing(*args)
        assert t_new.shape == t_old.shape and g_new.shape == g_old.shape
        assert g_new.dtype == g_old.dtype
        assert np.array_equal(g_new, g_old)
        assert np.array_equal(t_new.view(np.uint64), t_old.view(np.uint64))  # bits, signed zeros


def test_packaged_data_parse_the_same_with_libyaml_as_with_the_python_loader():
    import importlib.resources as resources

    import yaml

    from basaltcalc.catalogue import data_file, data_text

    names = sorted(p.name for p in resources.files("basaltcalc").joinpath("data").iterdir()
                   if p.name.endswith(".yaml"))
    assert "references.yaml" in names and "default.yaml" in names
    for name in names:
        assert data_file(name) == yaml.safe_load(data_text(name)), name
        assert data_file(name) is data_file(name)  # parsed once


def _root_inputs(n, seed):
    r = np.random.default_rng(seed)
    fixed = 10 ** r.uniform(6, 11, n)
    plant = 10 ** r.uniform(5, 10, n)
    margin = 10 ** r.uniform(5, 10, n)
    alpha = r.uniform(0.3, 1.7, n)
    alpha[::7] = r.choice([0.5, 0.6, 0.7, 1.2], alpha[::7].size)  # the catalogue's round values
    return fixed, plant, margin, alpha


def _refined_ln_root(fixed, plant, margin, alpha, x):
    """Six Newton steps in 80-bit floats on h(x) = M - P e^{(a-1)x} - F e^{-x} from ``x``."""
    f, p, m, a1 = (np.asarray(v, dtype=np.longdouble) for v in (fixed, plant, margin, alpha - 1.0))
    x = np.asarray(x, dtype=np.longdouble)
    for _ in range(6):
        big, small = p * np.exp(a1 * x), f * np.exp(-x)
        x = x - (m - big - small) / (small - a1 * big)
    return x


def test_breakeven_root_equals_the_old_root_within_1e_12():
    from basaltcalc.core.economics import _breakeven_scale_root

    args = _root_inputs(200_000, 4)
    old = old_paths._breakeven_scale_root(*args)
    new = _breakeven_scale_root(*args)
    assert np.array_equal(np.isinf(old), np.isinf(new))
    finite = np.isfinite(old)
    assert finite.mean() > 0.5  # most points have a root: the comparison means something
    # both stop within rtol = 1e-15 * max(|ln s|, 1) in ln s, so the scale itself agrees to
    # ~1e-15 * ln s: under 1e-12 relative wherever s < 1e100 (ln s < 230), and to ~2e-15
    # relative in ln s beyond (roots out to s ~ 1e290 occur in these random draws)
    usual = finite & (old < 1e100)
    assert usual.sum() > 0.9 * finite.sum()
    np.testing.assert_allclose(new[usual], old[usual], rtol=1e-12, atol=0)
    ln_new, ln_old = np.log(new[finite]), np.log(old[finite])
    assert np.all(np.abs(ln_new - ln_old) <= 5e-14 * np.maximum(np.abs(ln_old), 1.0))
    # both carry ~1e-14 of rounding in ln s where the terms nearly cancel; the new root is as
    # close to the root refined in 80-bit floats as the old one (measured: 5.8e-15 vs 1.1e-14
    # at worst in ln s over this draw)
    ref = _refined_ln_root(*(v[finite] for v in args), ln_new)
    scale = np.maximum(np.abs(ref), 1.0)
    err_new = np.abs(ln_new - ref) / scale
    assert err_new.max() <= 3e-14
    assert err_new.max() <= 2.0 * (np.abs(ln_old - ref) / scale).max()
    # and it is a root: g(s) = m*s - P*s**a - F vanishes to rounding relative to its terms
    f, p, m, a = (v[usual] for v in args)
    s = new[usual]
    g = m * s - p * s ** a - f
    assert np.all(np.abs(g) <= 1e-9 * (m * s + p * s ** a + f))


def test_breakeven_root_of_a_point_does_not_depend_on_its_batch():
    from basaltcalc.core.economics import _breakeven_scale_root

    args = _root_inputs(5000, 9)
    whole = _breakeven_scale_root(*args)
    for sl in (slice(0, 1), slice(17, 18), slice(100, 1100), slice(4000, None)):
        part = _breakeven_scale_root(*(v[sl] for v in args))
        assert np.array_equal(part, whole[sl])


def _bits_equal(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind == "f":
        return a.shape == b.shape and np.array_equal(a.view(np.uint64), b.view(np.uint64))
    return a.shape == b.shape and np.array_equal(a, b)


def _all_inputs_varied(sc, n, seed):
    from basaltcalc import model

    r = np.random.default_rng(seed)
    values = model.apply_overrides(sc, {})
    for path, inp in sc.inputs.items():
        d = inp.default
        if inp.origin == "default" and d is not None and not path.endswith(".count"):
            lo, hi = d.range_si
            if lo < hi:
                values[path] = r.uniform(lo, hi, n)
    return values


def test_chunked_and_threaded_evaluate_si_are_bitwise_one_call():
    import basaltcalc as bc
    from basaltcalc import model

    sc = bc.default_scenario()
    n = 4096 + 123  # rows of two designs in blocks of 1,406-1,407 rows (4,096 points), 1,054-1,055 on two threads
    values = _all_inputs_varied(sc, n, 1)
    one = model.evaluate_si(sc, values, chunk_size=1 << 30)
    assert sum(np.ndim(v) > 0 for v in one.values()) > 50  # most outputs vary
    for chunk, threads in ((4096, 1), (4096, 2), (1000, 3), (n - 1, 2)):
        got = model.evaluate_si(sc, values, chunk_size=chunk, threads=threads)
        assert got.keys() == one.keys()
        got.compute(list(got))  # every output in one pass over the blocks (read one by one, each is a pass)
        for k in one:
            assert _bits_equal(np.broadcast_to(got[k], np.shape(one[k]) or np.shape(got[k])),
                               np.broadcast_to(one[k], np.shape(got[k]))), k


def test_checks_on_folded_masks_report_what_the_whole_masks_report():
    """evaluate's checks keep each mask folded along the blocked axis (a few bytes): the invalid
    points, the pieces too heavy and the warnings they report are those of the whole masks."""
    import basaltcalc as bc
    from basaltcalc import model
    from basaltcalc.metrics import invalid_points
    from basaltcalc.model.boundary import Results, check_outputs, oversize_pieces

    sc = bc.default_scenario()
    n = 3000
    values = _all_inputs_varied(sc, n, 5)
    values["elements[0].length"] = np.linspace(0.001, 6.0, n)  # sheets thicker than long at the start
    values["elements[1].length"] = np.linspace(1.0, 30.0, n)  # tubes heavier than any lander at the end
    values["elements[1].outer_diameter"] = np.linspace(1.0, 5.0, n)
    one = model.evaluate_si(sc, values, chunk_size=1 << 30)
    one.compute(check_outputs(sc))
    got = model.evaluate_si(sc, values, chunk_size=256, threads=2)
    got.compute(check_outputs(sc))
    assert got.evaluation.kept["elements[0].earth.valid:all"].shape == (2,)  # folded, not a point each
    assert "elements[0].earth.valid" not in got.evaluation.kept
    bad = invalid_points(sc, one)
    assert bad and any(path == "elements[0]" for path, _, _ in bad)  # the check has work to do
    assert invalid_points(sc, got) == bad
    assert oversize_pieces(sc, got) == oversize_pieces(sc, one) != []
    assert Results(sc, got, (n,)).warnings() == Results(sc, one, (n,)).warnings()


def test_chunked_open_mesh_grid_is_bitwise_one_call():
    import basaltcalc as bc
    from basaltcalc import model

    sc = bc.default_scenario()
    values = model.apply_overrides(sc, {})
    values["transport.landed_cost"] = np.geomspace(1e4, 2e6, 37)[:, None]
    values["elements[0].length"] = np.linspace(1.0, 6.0, 211)[None, :]
    one = model.evaluate_si(sc, values, chunk_size=1 << 30)
    got = model.evaluate_si(sc, values, chunk_size=500, threads=2)  # two rows per block
    for k in one:
        assert _bits_equal(np.broadcast_to(got[k], (37, 211)), np.broadcast_to(one[k], (37, 211))), k


def _yaml_texts():
    root = Path(__file__).parent.parent
    files = sorted([*root.glob("scenarios/**/*.yaml"), *root.glob("basaltcalc/data/*.yaml"),
                    *root.glob("tests/**/*.yaml")])
    texts = []
    for f in files:
        try:
            texts.append((str(f), f.read_text(encoding="utf-8")))
        except UnicodeDecodeError:  # a deliberately broken test file: refused before YAML
            continue
    texts.append(("<traps and text>", "name: Ünïcode ° été\nyes: no\nt: 1:30\nv: 1e5\nw: 0755\n"
                                      "a: &x {p: 1}\nb:\n  <<: *x\n  q: [1, 'é', {r: 2}]\n"))
    return texts


def test_libyaml_composer_gives_the_python_loaders_data_positions_traps_and_errors(monkeypatch):
    from basaltcalc.errors import ScenarioError
    from basaltcalc.scenario import reader

    assert reader._C_LOADER is not None  # libyaml is there, so the fast path is what ships
    texts = _yaml_texts()
    assert len(texts) > 10
    for name, text in texts:
        with monkeypatch.context() as m:  # the pure-Python loader alone
            m.setattr(reader, "_C_LOADER", None)
            try:
                expected = reader.load_yaml(text, name, py_traps := {})
            except ScenarioError as exc:
                expected = str(exc)
        try:
            got = reader.load_yaml(text, name, c_traps := {})
        except ScenarioError as exc:
            assert str(exc) == expected, name
            continue
        assert got == expected and c_traps == py_traps, name


_BAD_UNIT = """\
name: located
transport: {landed_cost: 300 kUSD/kg, payload_per_flight: 1 t, flights_per_year: 2 / year}
insitu: {campaign: 18 month}
elements:
  - {kind: sheet, count: 10, length: 2 m, width: 1 m,
     load: {pressure: 5 kg}}
"""


def _scenario_view(sc):
    return ({p: (i.si, str(i.unit), i.origin, i.line) for p, i in sc.inputs.items()},
            sc.positions, sc.to_dict())


def test_scenarios_and_located_errors_are_the_same_with_libyaml_and_the_python_loader(monkeypatch):
    """Every gallery scenario (and the default) validates to the same inputs, origins, lines and
    positions with libyaml's composer as with PyYAML's; a bad value is reported at the same
    file:line:col either way (line 6, column 13: the key of ``pressure: 5 kg``)."""
    from basaltcalc.errors import ScenarioError
    from basaltcalc.scenario import default_scenario, load_scenario, reader, scenario_from_text

    root = Path(__file__).parent.parent
    loads = [lambda: default_scenario()] + [lambda f=f: load_scenario(f)
                                            for f in sorted(root.glob("scenarios/*.yaml"))]
    assert len(loads) > 5
    errors = {}
    for loader in ("c", "python"):
        with monkeypatch.context() as m:
            if loader == "python":
                m.setattr(reader, "_C_LOADER", None)
            views = [_scenario_view(load()) for load in loads]
            with pytest.raises(ScenarioError) as exc:
                scenario_from_text(_BAD_UNIT, "bad.yaml")
            errors[loader] = (views, str(exc.value), [(p.line, p.column) for p in exc.value.problems])
    assert errors["c"][0] == errors["python"][0]
    assert errors["c"][1:] == errors["python"][1:]
    assert errors["c"][2] == [(6, 13)] and "bad.yaml:6:13" in errors["c"][1]
    assert "pressure" in errors["c"][1]
