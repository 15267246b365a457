"""basaltcalc.core.compare: both options, the metrics, and the breakevens."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from basaltcalc.core import compare as cp

from _reference import CASES as ALL_CASES, call, replaced

CORE_CASE = next(c for c in ALL_CASES if c["id"] == "evaluate-core-one-sheet")


# --- breakeven scale: the non-linear branch against a brute-force root per point -------------

def brute_force_breakeven(fixed, variable, plant, earth, alpha):
    """Smallest s > 0 with earth*s = fixed + variable*s + plant*s**alpha, by scipy brentq.

    Solves h(s) = (earth - variable) - plant*s**(alpha-1) - fixed/s = 0 (the cost difference
    divided by s > 0, so that nothing overflows), bracketing by doubling / the maximum of h.
    """
    margin = earth - variable
    if fixed <= 0:
        return 0.0 if margin - plant > 0 else math.inf
    if margin <= 0:
        return math.inf
    if alpha == 1:
        return fixed / (margin - plant) if margin - plant > 0 else math.inf

    def h(s):
        return margin - plant * s ** (alpha - 1.0) - fixed / s

    lo = 1e-3 * fixed / margin  # h(lo) <= margin - 1000*margin < 0
    if alpha < 1:  # h rises monotonically to margin > 0: bracket by doubling
        hi = 1.0
        while h(hi) <= 0:
            hi *= 2.0
            if hi > 1e300:
                return math.inf
        return brentq(h, lo, hi, xtol=1e-300, rtol=1e-15, maxiter=1000)
    # alpha > 1: h has one maximum, at s_h**alpha = fixed/((alpha-1)*plant)
    s_h = math.exp((math.log(fixed) - math.log((alpha - 1.0) * plant)) / alpha)
    if h(s_h) < 0:
        return math.inf
    return brentq(h, min(lo, s_h / 2), s_h, xtol=1e-300, rtol=1e-15, maxiter=1000)


breakeven_inputs = dict(
    fixed=st.floats(1e6, 1e10), variable=st.floats(0.0, 1e9), plant=st.floats(1e5, 1e10),
    earth=st.floats(1e6, 1e11),
    alpha=st.one_of(st.floats(0.4, 0.99), st.floats(1.01, 2.5), st.just(1.0)))


@settings(max_examples=200, deadline=None)
@given(**breakeven_inputs)
def test_breakeven_scale_agrees_with_brentq_per_point(fixed, variable, plant, earth, alpha):
    got = float(cp.breakeven_scale(fixed, variable, plant, earth, alpha))
    want = brute_force_breakeven(fixed, variable, plant, earth, alpha)
    if math.isinf(want):
        assert got == math.inf
    else:
        assert got == pytest.approx(want, rel=1e-8)
        # and it is a root: both options cost the same there
        s = got
        assert earth * s == pytest.approx(fixed + variable * s + plant * s ** alpha, rel=1e-7)


def test_breakeven_scale_vectorised_root_equals_brentq_loop():
    rng = np.random.default_rng(7)
    n = 400
    fixed = 10 ** rng.uniform(6, 10, n)
    variable = 10 ** rng.uniform(5, 9, n)
    plant = 10 ** rng.uniform(5, 10, n)
    earth = 10 ** rng.uniform(6, 11, n)
    alpha = rng.choice([0.5, 0.7, 0.9, 1.0, 1.2, 1.5, 2.0], n)
    got = cp.breakeven_scale(fixed, variable, plant, earth, alpha)
    assert got.shape == (n,) and got.dtype == np.float64
    want = np.array([brute_force_breakeven(*args) for args in zip(fixed, variable, plant, earth, alpha)])
    finite = np.isfinite(want)
    assert 50 < finite.sum() < n  # both branches are exercised
    np.testing.assert_array_equal(np.isinf(got), ~finite)
    np.testing.assert_allclose(got[finite], want[finite], rtol=1e-8)


def test_breakeven_scale_broadcast_2d_mixed_alpha():
    alpha = np.array([0.6, 1.0, 1.5])[:, None]
    earth = np.geomspace(1e8, 1e10, 5)[None, :]
    got = cp.breakeven_scale(1e9, 1e7, 5e8, earth, alpha)
    assert got.shape == (3, 5)
    for i in range(3):
        for j in range(5):
            want = brute_force_breakeven(1e9, 1e7, 5e8, float(earth[0, j]), float(alpha[i, 0]))
            if math.isinf(want):
                assert got[i, j] == math.inf
            else:
                assert got[i, j] == pytest.approx(want, rel=1e-8)


@settings(max_examples=60, deadline=None)
@given(fixed=st.floats(1e6, 1e10), variable=st.floats(0.0, 1e9), plant=st.floats(0.0, 1e9),
       earth=st.floats(1e6, 1e11))
def test_breakeven_scale_alpha_one_closed_form(fixed, variable, plant, earth):
    got = float(cp.breakeven_scale(fixed, variable, plant, earth, 1.0))
    denominator = earth - variable - plant
    if denominator > 0:
        assert got == pytest.approx(fixed / denominator, rel=1e-12)
    else:
        assert got == math.inf


def test_breakeven_scale_inf_where_never_pays():
    # marginal in-situ (V + P = 3e8) equal to and above the Earth cost: never
    out = cp.breakeven_scale(1e9, 1e8, 2e8, np.array([3e8, 2e8, 1e8]), 1.0)
    np.testing.assert_array_equal(out, [np.inf, np.inf, np.inf])


# --- breakeven landed cost -----------------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(ae=st.one_of(st.just(0.0), st.floats(1.0, 1e10)), me=st.floats(1.0, 1e6),
       ai=st.one_of(st.just(0.0), st.floats(1.0, 1e10)), mi=st.floats(1.0, 1e6))
def test_breakeven_landed_cost_equalises_the_costs(ae, me, ai, mi):
    c = float(cp.breakeven_landed_cost(ae, me, ai, mi))
    assert c >= 0
    if math.isfinite(c) and c > 0:
        assert ae + me * c == pytest.approx(ai + mi * c, rel=1e-9)
    elif c == 0:
        # equal at zero landed cost, or in-situ never dearer at any landed cost >= 0
        assert ai <= ae * (1 + 1e-12)
        if mi <= me:
            for cl in (0.0, 1e3, 1e6):
                assert ai + mi * cl <= (ae + me * cl) * (1 + 1e-12)
        else:
            assert ai == pytest.approx(ae, rel=1e-12, abs=1e-300)
    else:
        # never: in-situ dearer at every landed cost >= 0
        for cl in (0.0, 1e3, 1e6, 1e9):
            assert ai + mi * cl >= (ae + me * cl) * (1 - 1e-12)


def test_breakeven_landed_cost_edge_cases_vectorised():
    # columns: crossing up (21111), always (0), never (inf), equal masses either way (inf, 0)
    ae = np.array([1e8, 1e9, 1e8, 1e8, 2e9])
    me = np.array([1e5, 1e5, 1e4, 1e4, 1e4])
    ai = np.array([2e9, 5e8, 2e9, 2e9, 1e8])
    mi = np.array([1e4, 1e4, 1e5, 1e4, 1e4])
    out = cp.breakeven_landed_cost(ae, me, ai, mi)
    np.testing.assert_allclose(out, [1.9e9 / 9e4, 0.0, np.inf, np.inf, 0.0], rtol=1e-12)


@settings(max_examples=100, deadline=None)
@given(ae=st.one_of(st.just(0.0), st.floats(1.0, 1e10)), me=st.floats(1.0, 1e6),
       ai=st.one_of(st.just(0.0), st.floats(1.0, 1e10)), mi=st.floats(1.0, 1e6))
def test_breakeven_direction_says_where_in_situ_is_cheaper(ae, me, ai, mi):
    c = float(cp.breakeven_landed_cost(ae, me, ai, mi))
    d = float(cp.ec.breakeven_landed_cost_direction(ae, me, ai, mi))
    assert d in (-1.0, 1.0)
    if not (math.isfinite(c) and c > 0):
        assert d == 1.0 or c == 0.0  # 0 / inf read as "always" / "never" with +1; 0 with -1: never
        return
    # on the side the direction names, in-situ is cheaper; on the other side it is dearer
    for cheaper, cl in ((True, c * (1 + 1e-3 * d)), (False, c * (1 - 1e-3 * d))):
        gap = (ae + me * cl) - (ai + mi * cl)
        assert (gap > 0) == cheaper or abs(gap) <= 1e-9 * (ae + me * cl)


def test_breakeven_direction_cases():
    # lands less (1e4 vs 1e5 kg), dearer otherwise: cheaper above 1.9e9/9e4 = 21111 USD/kg -> +1
    # lands more (1e5 vs 1e4 kg), 1e9 cheaper otherwise: (1e9 - 2e9)/(1e4 - 1e5) = 11111, below -> -1
    # lands more and dearer otherwise: never (inf) -> +1; NaN in, NaN out
    ae = np.array([1e8, 2e9, 1e8, np.nan])
    me = np.array([1e5, 1e4, 1e4, 1e4])
    ai = np.array([2e9, 1e9, 2e9, 1e9])
    mi = np.array([1e4, 1e5, 1e5, 1e5])
    np.testing.assert_allclose(cp.breakeven_landed_cost(ae[:3], me[:3], ai[:3], mi[:3]),
                               [1.9e9 / 9e4, 1e9 / 9e4, np.inf], rtol=1e-12)
    np.testing.assert_array_equal(cp.ec.breakeven_landed_cost_direction(ae, me, ai, mi),
                                  [1.0, -1.0, 1.0, np.nan])


# --- evaluate_core -----------------------------------------------------------------------------

def test_evaluate_core_cost_identities():
    out = call(CORE_CASE)
    assert out["earth.total_cost"] == pytest.approx(out["earth.fabrication_cost"] + out["earth.transport_cost"])
    parts = ("transport", "hardware", "consumables", "ddte", "operations")
    assert out["insitu.total_cost"] == pytest.approx(sum(out[f"insitu.{p}_cost"] for p in parts), rel=1e-12)
    launched = sum(out[f"insitu.{p}"] for p in ("plant_mass", "spares_mass", "power_system_mass",
                                                "consumables_mass"))
    # the in-situ cargo carries the same packaging fraction (0.1) as the Earth cargo
    assert out["insitu.launched_mass"] == pytest.approx(1.1 * launched, rel=1e-12)
    assert out["insitu.packaging_mass"] == pytest.approx(0.1 * launched, rel=1e-12)
    assert out["insitu.average_power"] == pytest.approx(out["insitu.energy"] / 1.8e7)


def test_evaluate_core_breakeven_landed_cost_gives_equal_costs():
    out = call(CORE_CASE)
    c = float(out["breakeven_landed_cost"])
    again = call(CORE_CASE, replaced(CORE_CASE["kwargs"], {("p", "transport.landed_cost"): c}))
    assert again["insitu.total_cost"] == pytest.approx(again["earth.total_cost"], rel=1e-9)


@pytest.mark.parametrize("alpha", [0.7, 1.0, 1.3])
def test_evaluate_core_breakeven_scale_gives_equal_costs(alpha):
    kwargs = replaced(CORE_CASE["kwargs"], {("p", "route.plant_scale_exponent"): alpha})
    out = call(CORE_CASE, kwargs)
    s = float(out["breakeven_scale"])
    assert 0 < s < math.inf
    scaled = replaced(kwargs, {})
    scaled["groups"][0]["count"] *= s
    again = call(CORE_CASE, scaled)
    assert again["insitu.total_cost"] == pytest.approx(again["earth.total_cost"], rel=1e-8)


def test_evaluate_core_landed_cost_from_rocket_equation():
    # no direct landed cost: 1500 USD/kg to LEO, 6.1 km/s at 450 s with eps 0.1 -> G = 5.960063
    kwargs = replaced(CORE_CASE["kwargs"], {("p", "transport.landed_cost"): math.nan,
                                            ("p", "transport.leo_cost"): 1500.0,
                                            ("p", "transport.delta_v"): 6100.0,
                                            ("p", "transport.isp"): 450.0,
                                            ("p", "transport.inert_fraction"): 0.1})
    out = call(CORE_CASE, kwargs)
    assert float(out["transport.gear_ratio"]) == pytest.approx(5.960063167175302, rel=1e-12)
    assert float(out["transport.landed_cost"]) == pytest.approx(8940.094750762953, rel=1e-12)
    # Earth transport cost = 2200 kg * 8940.09 USD/kg
    assert float(out["earth.transport_cost"]) == pytest.approx(2200 * 8940.094750762953, rel=1e-12)


def test_evaluate_core_input_arrays_are_not_mutated():
    landed = np.array([1e4, 1e5, 1e6])
    kwargs = replaced(CORE_CASE["kwargs"], {("p", "transport.landed_cost"): landed})
    call(CORE_CASE, kwargs)
    np.testing.assert_array_equal(landed, [1e4, 1e5, 1e6])


@pytest.mark.parametrize("alpha", [1.001, 1.0117, 0.999])
def test_breakeven_scale_alpha_near_one_is_near_the_linear_answer(alpha):
    # regression: for alpha just above 1 the peak (margin/(alpha*plant))**(1/(alpha-1)) overflowed
    # to inf and the solver returned inf ("never") for 4s = 1 + s**alpha, whose root is ~1/3.
    # alpha = 1 gives s* = 1e9/(4e9 - 1e9) = 1/3; alpha within 0.1 % of 1 moves it by well under 1 %
    got = float(cp.breakeven_scale(1e9, 0.0, 1e9, 4e9, alpha))
    assert got == pytest.approx(1 / 3, rel=0.01)
    assert got == pytest.approx(brute_force_breakeven(1e9, 0.0, 1e9, 4e9, alpha), rel=1e-8)


def test_breakeven_scale_without_plant_cost_is_linear_for_any_alpha():
    # P = 0: s* = F/(C_e - V) = 1e9/(4e9 - 1e9) = 1/3, whatever alpha
    out = cp.breakeven_scale(1e9, 1e9, 0.0, 4e9, np.array([0.6, 1.0, 1.4]))
    np.testing.assert_allclose(out, [1 / 3] * 3, rtol=1e-12)


@pytest.mark.parametrize("alpha", [0.6, 0.9, 1.2, 1.5])
def test_breakeven_scale_without_fixed_cost_is_the_power_law_root(alpha):
    # F = 0: s*C_e = V*s + P*s**alpha  ->  s* = (P/(C_e - V))**(1/(1-alpha)); checked by brentq
    from scipy.optimize import brentq

    plant, margin = 3e8, 5e8
    s = float(cp.breakeven_scale(0.0, 1e8, plant, 6e8, alpha))
    expected = brentq(lambda x: margin * x - plant * x ** alpha, 1e-12 if alpha < 1 else 1e-3, 1e12)
    assert s == pytest.approx(expected, rel=1e-9)
    assert s == pytest.approx((plant / margin) ** (1.0 / (1.0 - alpha)), rel=1e-12)


# --- the stage pipeline: each stage's equations hold on every gallery file ---------------------

GALLERY = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", GALLERY, ids=lambda p: p.stem)
def test_stage_pipeline_equations_hold_on_the_gallery(path):
    import basaltcalc as bc
    from basaltcalc.core import economics as ec
    from basaltcalc.model.boundary import apply_overrides, core_arguments

    sc = bc.load_scenario(path)
    p, groups = core_arguments(sc, apply_overrides(sc, {}))  # Earth comparators on a last axis
    out = cp.evaluate_core(p, groups)
    close = lambda a, b, rel: np.testing.assert_allclose(a, b, rtol=rel, atol=0)  # noqa: E731
    # stage 1: product masses are count x element mass summed over the groups
    earth_mass = sum(g["count"] * out[f"elements[{i}].earth.mass"] for i, g in enumerate(groups))
    close(out["earth.product_mass"], earth_mass, 1e-12)
    # stage 4: the economics functions applied to the metric masses give the metric costs exactly
    box = p["economics.container_cost"]
    earth = ec.earth_costs(out["earth.product_mass"], out["transport.landed_cost"],
                           p["economics.packaging_fraction"], p["earth.fabrication_cost"], box)
    np.testing.assert_array_equal(earth["total"], out["earth.total_cost"])
    np.testing.assert_array_equal(earth["launched"], out["earth.launched_mass"])
    hw = out["insitu.plant_mass"] + out["insitu.spares_mass"] + out["insitu.power_system_mass"]
    insitu = ec.insitu_costs(out["insitu.launched_mass"], hw, out["insitu.consumables_mass"],
                             out["transport.landed_cost"], p["economics.hardware_cost"],
                             p["economics.consumables_cost"], p["economics.ddte"],
                             p["economics.ddte_share"], p["economics.operations_per_year"],
                             p["insitu.campaign"], out["insitu.packaging_mass"], box)
    close(insitu["total"], out["insitu.total_cost"], 1e-14)
    # C_e = M_e c_fab + M_e (1 + k_pack) c_L + k_pack M_e c_box (the economics module docstring)
    m_e, k = out["earth.product_mass"], p["economics.packaging_fraction"]
    close(out["earth.total_cost"], m_e * p["earth.fabrication_cost"]
          + m_e * (1 + k) * out["transport.landed_cost"] + k * m_e * box, 1e-12)
    # the breakeven landed cost equalises the two totals (A + m c_L on both sides)
    c = np.asarray(out["breakeven_landed_cost"])
    ok = (c > 0) & np.isfinite(c)
    if not ok.any():  # never breaks even against any comparator (the CLPS truss): nothing to equalise
        assert np.all(np.isinf(c) | (c == 0))
        return
    lhs = np.broadcast_to(earth["other"] + earth["launched"] * c, c.shape)
    rhs = np.broadcast_to(insitu["other"] + out["insitu.launched_mass"] * c, c.shape)
    close(lhs[ok], rhs[ok], 1e-9)
    # 0: in-situ cheaper at any landed cost, its other costs (containers of the Earth cargo
    # included on the Earth side) no higher and its landed mass no larger
    zero = c == 0
    assert (ok | zero).any() and not np.isnan(c).any()
    a_e, a_i = (np.broadcast_to(v, c.shape) for v in (earth["other"], insitu["other"]))
    m_e, m_i = (np.broadcast_to(v, c.shape) for v in (earth["launched"], out["insitu.launched_mass"]))
    assert np.all(a_i[zero] <= a_e[zero]) and np.all(m_i[zero] <= m_e[zero])


def test_breakeven_direction_in_results_and_table():
    import basaltcalc as bc
    from basaltcalc.model.tables import results_table

    res = bc.evaluate(bc.default_scenario())
    # the default in-situ option lands ~1.2 t against 3.2 t (al-2219) and 28.6 t (cast-basalt): above
    for name in ("breakeven_landed_cost_direction", "breakeven_landed_cost_direction[al-2219]",
                 "breakeven_landed_cost_direction[cast-basalt]"):
        assert float(res.raw[name]) == 1.0
    text = results_table(res)
    assert "breakeven_landed_cost_direction" in text and "above (+1)" in text
    assert "in situ is cheaper above" in text.splitlines()[3]


# --- sizing: an Earth design that is the in-situ product is taken from the in-situ sizing --------

def _default_core(**arrays):
    import basaltcalc as bc
    from basaltcalc.model.boundary import apply_overrides, core_arguments

    sc = bc.default_scenario()
    p, groups = core_arguments(sc, apply_overrides(sc, {}))  # cast-basalt (same product), al-2219
    p.update(arrays)
    groups[0]["length"] = np.linspace(1.0, 6.0, 36)[:, None]  # a length sweep, comparators last
    return p, groups


def _insitu(p, groups):
    """Every group sized in the in-situ material, and the sums (the graph's nodes, by hand)."""
    return cp.insitu_sizing(groups, [cp.insitu_element(p, g) for g in groups])


def _earth(p, groups, insitu_p=None):
    """Every group sized in the Earth material against the in-situ sizing (of ``insitu_p``, default
    ``p``), and the sums."""
    insitu = _insitu(p if insitu_p is None else insitu_p, groups)
    material = cp.earth_material(p)
    return cp.earth_sizing(p, groups, [cp.earth_element(p, g, one, material) for g, one in zip(groups, insitu["sized"])])


def _earth_sized_afresh(p, groups):
    """earth_sizing without the reuse: in-situ properties that differ from every Earth one."""
    props = {f"insitu.{k}": np.nextafter(np.asarray(v, dtype=float), np.inf)
             for k, v in cp._option_props(p, "insitu").items()}
    return _earth({**p, **props}, groups, p)


def _assert_same_bits(a, b):
    for ga, gb in zip(a["sized"], b["sized"]):
        for key in ga:
            x, y = np.asarray(ga[key]), np.asarray(gb[key])
            assert x.shape == y.shape and x.dtype == y.dtype, key
            assert np.array_equal(x, y, equal_nan=True), key


def test_same_product_sizing_is_taken_from_the_insitu_one_bit_for_bit():
    p, groups = _default_core()
    insitu = _insitu(p, groups)
    earth_props = cp._option_props(p, "earth")
    earth_props["min_thickness"] = np.maximum(earth_props["min_thickness"], p["route.min_thickness"])
    reuse = cp._same_sizing(earth_props, cp._insitu_props(p), np.asarray(p["earth.same_product"]), [(36, 1)])
    assert reuse.tolist() == [True, False]  # the cast-basalt column is the in-situ product
    assert not cp.earth_material(p)["checked"]  # the properties a point per design: each group checks
    earth = _earth(p, groups)
    _assert_same_bits(earth, _earth_sized_afresh(p, groups))
    for i in range(len(groups)):  # the same element on both sides
        np.testing.assert_array_equal(np.broadcast_to(earth["sized"][i]["mass"], (36, 2))[:, 0],
                                      np.broadcast_to(insitu["sized"][i]["mass"], (36, 1))[:, 0])


def test_same_product_sizing_falls_back_where_a_property_differs():
    # the Earth cast basalt denser on some points only (a property swept on the Earth side): those
    # points are sized afresh, the others taken from the in-situ sizing; every one equals sizing afresh
    density = np.array([[2950.0, 2840.0]] * 36)
    density[::3, 0] = 3000.0
    p, groups = _default_core(**{"earth.density": density})
    material = cp.earth_material(p)  # 72 points of properties: checked once for every group
    assert material["checked"] and material["same"][:, 0].tolist() == [i % 3 != 0 for i in range(36)]
    earth = _earth(p, groups)
    _assert_same_bits(earth, _earth_sized_afresh(p, groups))
    insitu = _insitu(p, groups)["sized"][0]["mass"][:, 0]
    differs = earth["sized"][0]["mass"][:, 0] != insitu
    assert differs.tolist() == [i % 3 == 0 for i in range(36)]


def test_an_insitu_sweep_leaves_the_earth_sizing_at_its_own_shape():
    # insitu.* swept alone: the Earth design does not take the in-situ shape (no reuse)
    p, groups = _default_core(**{"insitu.density": np.linspace(2800.0, 3000.0, 5)[:, None, None]})
    groups[0]["length"] = 2.0
    insitu = _insitu(p, groups)
    assert np.shape(insitu["mass"])[0] == 5
    earth = _earth(p, groups)
    assert np.shape(earth["mass"]) == (2,)
    _assert_same_bits(earth, _earth_sized_afresh(p, groups))


# --- each element group sized by a node of its own ---------------------------------------------

@pytest.mark.parametrize("swept", [0, 1])
def test_a_group_sweep_sizes_the_other_group_once_at_its_own_shape(swept):
    # the default scenario's two groups (sheets, tubes), one group's length swept over 3 blocks:
    # the other group's sizing nodes are whole (run once, not per block) and scalar-shaped, its
    # figures those of the single point; the swept group's run block by block
    import basaltcalc as bc
    from basaltcalc.model.boundary import apply_overrides, evaluate_si

    sc = bc.default_scenario()
    lengths = np.linspace(1.0, 6.0, 300)
    values = apply_overrides(sc, {f"elements[{swept}].length": bc.Q_(lengths, "m")})
    r = evaluate_si(sc, values, chunk_size=256, threads=1, metrics=["cost_ratio"])
    ev, other = r.evaluation, 1 - swept
    assert len(ev.blocks) == 3
    for option in ("insitu", "earth"):
        assert ev.whole[f"{option}_element[{other}]"] and not ev.whole[f"{option}_element[{swept}]"]
        assert np.size(ev.kept[f"{option}_element[{other}]"]["mass"]) <= 2  # a point per Earth design
        assert not ev.whole[f"{option}_sizing"]
    assert ev.whole["earth_material"]
    one = bc.evaluate(sc).raw
    for name in (f"elements[{other}].insitu.mass", f"elements[{other}].earth.mass"):
        assert np.shape(r[name]) == ()
        assert r[name].tobytes() == np.asarray(one[name]).tobytes()
    # and the sweep's numbers are those of each point alone
    for k in (0, 151, 299):
        point = bc.evaluate(sc, {f"elements[{swept}].length": bc.Q_(lengths[k], "m")}).raw
        assert r["cost_ratio"][k] == point["cost_ratio"]


def test_the_dependency_map_has_a_sizing_stage_per_group():
    # read off the code: group i's sizing reads group i's inputs only, its figures need it alone,
    # and the sums over the groups need every group's
    import basaltcalc as bc
    from basaltcalc.model.dependencies import dependency_map

    m = dependency_map(bc.default_scenario())
    for i in (0, 1):
        for option in ("insitu", "earth"):
            reads = m["reads"][f"{option}_element[{i}]"]
            assert f"groups[{i}].length" in reads and not any(k.startswith(f"groups[{1 - i}]") for k in reads)
        assert m["stages"][f"elements[{i}].insitu.mass"] == [f"insitu_element[{i}]"]
        assert m["stages"][f"elements[{i}].earth.mass"] == [f"insitu_element[{i}]", "earth_material",
                                                            f"earth_element[{i}]"]
    assert m["stages"]["insitu.product_mass"] == ["insitu_element[0]", "insitu_element[1]", "insitu_sizing"]
    assert m["reads"]["insitu_sizing"] == ["groups[0].count", "groups[1].count"]


def test_the_sums_over_groups_add_in_the_groups_order():
    # insitu_sizing and earth_sizing add count x mass group by group from 0.0 (as one node over
    # every group did): with masses whose sum depends on the order, the left-to-right one,
    # (1e16 + 1) + 1 = 1e16 (the ulp at 1e16 is 2), not 1e16 + (1 + 1) = 1e16 + 2
    groups = [{"count": 1.0}] * 3
    sized = [{"mass": 1e16, "cut_area": 1.0}, {"mass": 1.0, "cut_area": 1.0}, {"mass": 1.0, "cut_area": 1.0}]
    assert float(cp.insitu_sizing(groups, sized)["mass"]) == 1e16 != 1e16 + 2.0
    assert float(cp.earth_sizing({}, groups, sized)["mass"]) == 1e16
    assert float(cp.insitu_sizing(groups, sized[::-1])["mass"]) == 1e16 + 2.0
    assert float(cp.insitu_sizing(groups, sized)["largest"]) == 1e16
    assert float(cp.insitu_sizing(groups, sized)["cut_area"]) == 3.0


def test_stages_and_outputs_of_the_graph():
    # the groups' stages are stages (not outputs), named per group, before the sums in the order
    nodes = cp.graph(3)
    assert {f"{s}_element[{i}]" for s in ("insitu", "earth") for i in range(3)} <= set(nodes)
    assert all(cp.is_stage(n) for n in cp.stage_order(3)) and set(cp.stage_order(3)) <= set(nodes)
    assert not any(cp.is_stage(n) for n in cp.METRIC_FUNCTIONS)
    order = cp.stage_order(3)
    assert order.index("earth_element[2]") < order.index("earth_sizing") < order.index("chain")


def test_gather_picks_broadcast_points_without_writing_out_the_broadcast():
    # economics.gather(v, shape, where) == np.broadcast_to(v, shape).reshape(-1)[where] for
    # inputs varying along leading axes (the in-situ side), trailing axes (the comparators),
    # one middle run, every axis, or none; e.g. v = [10, 20] over shape (3, 2): flat point 5 is
    # row 2, comparator 1: 20
    from basaltcalc.core.economics import gather
    rng = np.random.default_rng(3)
    shape = (4, 3, 2)
    where = np.array([0, 5, 7, 11, 23, 12])
    for vshape in [(), (1,), (2,), (3, 1), (3, 2), (4, 1, 1), (4, 3, 1), (4, 1, 2), (4, 3, 2), (1, 3, 1)]:
        v = rng.normal(size=vshape)
        want = np.broadcast_to(v, shape).reshape(-1)[where]
        assert np.array_equal(np.broadcast_to(gather(v, shape, where), where.shape), want), vshape
    assert float(gather(np.array([10.0, 20.0]), (3, 2), np.array([5]))[0]) == 20.0
