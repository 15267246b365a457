"""Issue 9 part A: money over time (core/money.py, the money stage, the NPV metrics)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.core import money as mn
from basaltcalc.errors import ScenarioError
from basaltcalc.scenario import scenario_from_text

Y = mn.YEAR
SC = bc.default_scenario()


def test_npv_of_three_dated_cash_flows():
    # -100 now, +60 at year 1, +60 at year 2, at 10 %:
    # -100 + 60/1.1 + 60/1.21 = -100 + 54.545454 + 49.586777 = 4.132231
    blocks = [(-100.0, 0.0, 0.0), (60.0, Y, 0.0), (60.0, 2 * Y, 0.0)]
    assert mn.npv(blocks, 0.1) == pytest.approx(4.1322314, rel=1e-7)
    # spread evenly: 100 over years [1, 3) at 10 %: 100 (1/1.1 - 1/1.331) / (2 ln 1.1)
    # = 100 (0.9090909 - 0.7513148) / 0.1906204 = 82.76981
    assert float(mn.block_pv(100.0, Y, 2 * Y, 0.1)) == pytest.approx(82.769809, rel=1e-7)


def test_zero_rate_npv_is_the_undiscounted_total_exactly():
    res = bc.evaluate(SC, {"economics.discount_rate": 0.0})
    assert res["earth.npv"].m == res["earth.total_cost"].m
    assert res["insitu.npv"].m == res["insitu.total_cost"].m
    assert res["discounted_savings"].m == res["savings"].m
    # a tiny rate: within 1e-15 relative of the totals... plus the discounting itself (~1e-12)
    tiny = bc.evaluate(SC, {"economics.discount_rate": 1e-12})
    assert tiny["insitu.npv"].m == pytest.approx(res["insitu.npv"].m, rel=1e-10)
    assert tiny["insitu.npv"].m < res["insitu.npv"].m


def test_npv_falls_with_the_rate_and_matches_the_default_rate():
    rates = np.array([0.0, 0.01, 0.02, 0.05, 0.1])
    res = bc.evaluate(SC, {"economics.discount_rate": rates})
    for name in ("earth.npv", "insitu.npv"):
        assert np.all(np.diff(res[name].m) < 0)
    base = bc.evaluate(SC)
    assert base["economics.discount_rate"].m == 0.02
    assert base["earth.npv"].m == res["earth.npv"].m[2]


def test_sweep_equals_loop():
    rates = np.array([-0.5, 0.0, 0.03, 0.2])
    campaigns = bc.Q_(np.array([1.0, 2.0, 7.0]), "year")[:, None]
    res = bc.evaluate(SC, {"economics.discount_rate": rates, "insitu.campaign": campaigns})
    for i, c in enumerate([1.0, 2.0, 7.0]):
        for j, r in enumerate(rates):
            one = bc.evaluate(SC, {"economics.discount_rate": float(r), "insitu.campaign": f"{c} year"})
            for name in ("earth.npv", "insitu.npv", "discounted_savings", "discounted_payback_time",
                         "insitu_irr"):
                assert res[name].m[i, j] == pytest.approx(one[name].m, rel=1e-12), (name, c, r)


def test_discounted_payback_not_shorter_than_undiscounted():
    rates = np.array([0.0, 0.001, 0.02, 0.07, 0.2, 0.35])
    res = bc.evaluate(SC, {"economics.discount_rate": rates})
    t = res["discounted_payback_time"].m
    assert np.all(np.diff(t) >= 0) and t[0] > 0
    # past the IRR in-situ never pays back
    above = bc.evaluate(SC, {"economics.discount_rate": float(res["insitu_irr"].m[0]) * 1.01})
    assert above["discounted_payback_time"].m == math.inf


def test_payback_hand_computed():
    # in-situ pays 100 at 0; Earth 300 over years [0, 3): undiscounted S(t) = 100 t - 100: t = 1
    b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(300.0, 0.0, 3 * Y)]}
    assert float(mn.discounted_payback(b, 0.0)) == pytest.approx(Y, rel=1e-15)
    # at 10 %: 100 (1 - 1.1^-t) / ln 1.1 = 100 -> t = -ln(1 - ln 1.1) / ln 1.1 = 1.050917
    assert float(mn.discounted_payback(b, 0.1)) / Y == pytest.approx(1.0509175, rel=1e-7)
    # in-situ dearer: never
    b2 = {"insitu": [(400.0, 0.0, 0.0)], "earth": [(300.0, 0.0, 3 * Y)]}
    assert float(mn.discounted_payback(b2, 0.0)) == math.inf
    # in-situ never behind: 0
    b3 = {"insitu": [(10.0, Y, 0.0)], "earth": [(300.0, 0.0, 3 * Y)]}
    assert float(mn.discounted_payback(b3, 0.05)) == 0.0


def test_irr_plugged_back_gives_zero_savings():
    irr = bc.evaluate(SC)["insitu_irr"].m
    assert 0.02 < irr < 10
    at = bc.evaluate(SC, {"economics.discount_rate": irr})
    assert abs(at["discounted_savings"].m) <= 1e-9 * at["earth.npv"].m
    # hand: -100 at 0, +121 at year 2: (1 + r)^2 = 1.21, r = 0.1
    b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(121.0, 2 * Y, 0.0)]}
    assert float(mn.irr(b)) == pytest.approx(0.1, rel=1e-12)


def test_irr_conventions():
    # in-situ cheaper at every time: inf; dearer at every time: -inf
    cheaper = {"insitu": [(10.0, Y, Y)], "earth": [(100.0, 0.0, Y)]}
    dearer = {"insitu": [(100.0, Y, Y)], "earth": [(10.0, 0.0, Y)]}
    assert float(mn.irr(cheaper)) == math.inf
    assert float(mn.irr(dearer)) == -math.inf
    # a loss that late savings recover only at negative rates: -100 at 0, +90 at year 1: r = -0.1
    neg = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(90.0, Y, 0.0)]}
    assert float(mn.irr(neg)) == pytest.approx(-0.1, rel=1e-10)


@pytest.mark.parametrize("rate", [0.0, -0.99, 1e-12, 10.0, 100.0])
@pytest.mark.parametrize("campaign", ["1 s", "2 year", "1000 year"])
def test_edge_inputs_never_give_a_silent_nan(rate, campaign):
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                res = bc.evaluate(SC, {"economics.discount_rate": rate, "insitu.campaign": campaign})
            except bc.ScenarioError as exc:  # at -99 % a year the present values pass 1.8e308 USD
                assert rate == -0.99 and "beyond float64" in str(exc), str(exc)
                return
    for name in ("earth.npv", "insitu.npv", "discounted_savings", "discounted_cost_ratio"):
        v = res[name].m
        assert not math.isnan(v), name
    assert res["earth.npv"].m > 0 and res["insitu.npv"].m > 0
    t = res["discounted_payback_time"].m
    assert t >= 0 and not math.isnan(t)
    assert (t == math.inf) == (res["discounted_savings"].m < 0)
    irr = res["insitu_irr"].m
    assert not math.isnan(irr)
    if irr == -math.inf:  # documented: undiscounted savings negative, and still at r = -99 %
        assert res["savings"].m < 0


def test_yearly_bins_sum_to_the_npv():
    b = bc.core.compare.money_blocks(bc.evaluate(SC).raw)
    for rate in (0.0, 0.02, 0.3):
        paid, disc = mn.yearly(b, rate, 40)
        for option in ("earth", "insitu"):
            assert disc[option].sum() == pytest.approx(float(mn.npv(b[option], rate)), rel=1e-12)
            assert paid[option].sum() == pytest.approx(float(mn.npv(b[option], 0.0)), rel=1e-12)
            assert np.all(disc[option] >= 0)
    # hand: 30 over years [0.5, 2): 10 in year 0, 20 in year 1
    paid, _ = mn.yearly({"x": [(30.0, 0.5 * Y, 1.5 * Y)]}, 0.0, 3)
    assert paid["x"].tolist() == [10.0, 20.0, 0.0]


def test_schedule_uses_the_cost_stage_terms():
    res = bc.evaluate(SC)
    # first plant + power share of hardware and transport; all of development up front
    first = res["insitu.first_landing_cost"].m
    assert 0 < first < res["insitu.hardware_cost"].m + res["insitu.transport_cost"].m
    assert res["insitu.development_time"].to("year").m == pytest.approx(5.0)
    # the in-situ NPV is below its total, the development discounted least
    assert res["insitu.npv"].m < res["insitu.total_cost"].m


BASE = """transport: {landed_cost: 300 kUSD/kg, payload_per_flight: 1 t, flights_per_year: 2 / year}
insitu: {campaign: 18 month}
economics: {discount_rate: RATE}
elements:
  - {kind: sheet, count: 10, length: 2 m, width: 1 m, load: {pressure: 5 kPa}}
"""


@pytest.mark.parametrize("rate", ["-1", "-1.5", "101"])
def test_discount_rate_out_of_domain_is_a_located_error(rate):
    with pytest.raises(ScenarioError) as info:
        scenario_from_text(BASE.replace("RATE", rate), "bad.yaml")
    p = next(p for p in info.value.problems if p.path == "economics.discount_rate")
    assert (p.file, p.line) == ("bad.yaml", 3) and "above -1" in p.message


def test_discount_rate_override_out_of_domain_refused():
    with pytest.raises(ScenarioError, match="above -1"):
        bc.evaluate(SC, {"economics.discount_rate": -1.0})
    ok = scenario_from_text(BASE.replace("RATE", "-0.5"), "ok.yaml")
    assert bc.evaluate(ok)["economics.discount_rate"].m == -0.5


def test_discount_rate_sweeps_and_ranks():
    ds = bc.sweep(SC, {"economics.discount_rate": [0.0, 0.02, 0.07]},
                  metrics=["insitu.npv", "discounted_savings", "discounted_payback_time", "insitu_irr"])
    assert np.all(np.diff(ds["insitu.npv"].values) < 0)
    assert ds["discounted_savings"].values[0] == pytest.approx(bc.evaluate(SC)["savings"].m, rel=1e-15)
    t = bc.tornado(SC, ["economics.discount_rate", "economics.development_time"],
                   metrics=["discounted_savings"])
    assert "economics.discount_rate" in str(t)


def test_irr_broadcast_equals_loop_while_points_finish_at_different_steps():
    # a mix that converges at different steps (so the working set is compacted mid-search):
    # returns from -60 % to +900 %, exact roots (r = 0.1: 100 at 0, 121 at year 2), unbracketed
    # points (inf, -inf) and a zero-savings point; the broadcast equals the per-point results
    # bit for bit, and the hand case stays 0.1
    late = np.array([121.0, 90.0, 50.0, 100.0, 1e-3, 500.0, 40.0, 121.0])
    when = np.array([2.0, 1.0, 1.0, 3.0, 0.5, 0.1, 1.0, 2.0]) * Y
    cost = np.array([100.0, 100.0, 1.0, 100.0, 100.0, 100.0, 100.0, 100.0])
    start = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0]) * Y
    b = {"insitu": [(cost, start, 0.0)], "earth": [(late, when, 0.0)]}
    out = mn.irr(b)
    loop = [float(mn.irr({"insitu": [(c, s, 0.0)], "earth": [(a, w, 0.0)]}))
            for c, s, a, w in zip(cost, start, late, when)]
    assert out.tolist() == loop
    assert out[0] == pytest.approx(0.1, rel=1e-12) and out[3] == 0.0  # 100 at 0 = 100 at year 3
    assert out[1] == pytest.approx(-0.1, rel=1e-10)
    assert out[2] == pytest.approx(49.0, rel=1e-10)  # 1 at 0 -> 50 at year 1: 4900 %
    assert out[4] == -math.inf  # 1e-3 back for 100: a loss even at -99 % (0.01 < 100)
    assert out[5] == math.inf  # 500 (1+r)^-0.1 = 100 at 1+r = 5^10: beyond 10 000 %
    assert out[6] == pytest.approx(-0.6, rel=1e-10)  # 40 at year 1 for 100 at 0
    assert out[7] == math.inf  # 121 v^2 - 100 v^3 = v^2 (121 - 100 v) > 0 at every rate


def test_irr_by_newton_equals_the_bracketed_false_position_on_random_cash_flows(monkeypatch):
    # the continuous IRR is found by Newton's method on ln(saved/spent) (money._newton); the
    # year conventions keep Illinois false position (money._illinois), which on continuous
    # flows gives the same root to 1e-12 a year; the signs and the never/always cases are
    # decided before either runs, so inf, -inf and 0 are the same bit for bit.
    # Hand case: 100 now against 121 at year 2 is (1+r)^2 = 1.21, r = 0.1 (both ways).
    rng = np.random.default_rng(26)
    n = 2000
    b = {"insitu": [(rng.uniform(0, 5e9, n), 0.0, rng.uniform(0, 10, n) * Y),
                    (rng.uniform(0, 3e9, n), rng.uniform(0, 10, n) * Y, rng.choice([0.0, 1.0], n) * Y),
                    (rng.uniform(-1e8, 2e9, n), rng.uniform(5, 20, n) * Y, rng.uniform(1, 40, n) * Y)],
         "earth": [(rng.uniform(1e8, 4e10, n), rng.uniform(0, 10, n) * Y, rng.uniform(0, 40, n) * Y)]}
    new = mn.irr(b)
    monkeypatch.setattr(mn, "_newton", mn._illinois)
    old = mn.irr(b)
    finite = np.isfinite(old)
    assert np.array_equal(np.isfinite(new), finite) and np.array_equal(new[~finite], old[~finite])
    assert 0.3 < finite.mean() < 1.0  # most points have a root, some have none
    with np.errstate(invalid="ignore"):
        same = np.abs(np.log1p(new) - np.log1p(old)) < 1e-13  # ln(1+r) a year: 1e-12 in r to 900 %
    # the others (6 of 2000 here) are flows that change sign more than once, where each method
    # finds one of several roots (documented): both zero the savings
    other = np.flatnonzero(finite & ~same)
    assert other.size <= 10
    for i in other:
        one = {k: [tuple(np.broadcast_to(v, (n,))[i] for v in blk) for blk in bl] for k, bl in b.items()}
        for r in (new[i], old[i]):
            assert abs(float(mn.npv(one["earth"], r) - mn.npv(one["insitu"], r))) < 1e-14 * 4e10
    hand = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(121.0, 2 * Y, 0.0)]}
    assert float(mn.irr(hand)) == pytest.approx(0.1, rel=1e-14)


def _random_blocks(rng, n):
    """Random schedules of ``n`` points whose boundaries come in every order, with zero flows,
    NaN amounts (points 0-4) and NaN times (points 5-9), and rates from -5 % to 10 %."""
    b = {"insitu": [(rng.uniform(0, 5e9, n), 0.0, rng.uniform(0, 10, n) * Y),
                    (rng.choice([0.0, 1e9], n), rng.uniform(0, 10, n) * Y, rng.uniform(0, 2, n) * Y),
                    (rng.uniform(0, 2e9, n), rng.uniform(0, 20, n) * Y, rng.uniform(1, 40, n) * Y)],
         "earth": [(rng.uniform(1e8, 4e10, n), rng.uniform(0, 10, n) * Y, rng.uniform(0, 40, n) * Y)]}
    b["insitu"][0][0][:5] = np.nan
    b["earth"][0][1][5:10] = np.nan
    rate = rng.uniform(-0.05, 0.1, n)
    return b, rate


def test_discounted_payback_searches_sorted_boundaries_as_the_definition():
    # discounted_payback sorts the block boundaries once (at the shape of the times) and takes
    # the last one with negative cumulative savings, b*, and the next, b'; the definition:
    # b* = max{b : S(b) < 0}, b' = min{b : b > b*} (inf where none); checked on random blocks
    # whose boundaries come in every order, with zero flows, NaN amounts and NaN times.
    # Hand case: 100 at 0 against 300 over years [0, 3) at 0 %: S(t) = 100 t - 100, b* = 0,
    # b' = 3 years, crossing at 1 year.
    rng = np.random.default_rng(9)
    n = 3000
    b, rate = _random_blocks(rng, n)
    out = mn.discounted_payback(b, rate)
    wide = mn._expand(b)
    bounds = mn._boundaries(b).T  # (points, boundaries): on a trailing axis here
    s_at = (mn.cumulative(wide["earth"], rate[:, None], bounds)
            - mn.cumulative(wide["insitu"], rate[:, None], bounds))
    neg = s_at < 0
    last = np.max(np.where(neg, bounds, -np.inf), axis=-1)
    with np.errstate(invalid="ignore"):
        nxt = np.min(np.where(bounds > last[:, None], bounds, np.inf), axis=-1)
    savings = mn.npv(b["earth"], rate) - mn.npv(b["insitu"], rate)
    crossing = np.isfinite(nxt) & neg.any(-1) & ~(savings < 0)
    assert 0.2 < crossing.mean() < 1.0
    for i in np.flatnonzero(crossing)[:300]:  # the crossing lies in (b*, b'], where S rises to 0
        assert last[i] < out[i] <= nxt[i]
        one = [tuple(np.atleast_1d(np.broadcast_to(v, (n,))[i]) for v in blk) for blk in b["earth"]]
        two = [tuple(np.atleast_1d(np.broadcast_to(v, (n,))[i]) for v in blk) for blk in b["insitu"]]
        at = mn.cumulative(one, rate[i], out[i]) - mn.cumulative(two, rate[i], out[i])
        assert abs(float(at[0])) <= 1e-6 * 5e10
    assert np.array_equal(out[~crossing & (savings < 0)], np.full(np.sum(~crossing & (savings < 0)), np.inf))
    assert np.all(out[~neg.any(-1) & ~(savings < 0)] == 0.0)
    assert np.array_equal(out[np.isinf(nxt) & neg.any(-1) & ~(savings < 0)],
                          last[np.isinf(nxt) & neg.any(-1) & ~(savings < 0)])
    hand = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(300.0, 0.0, 3 * Y)]}
    assert float(mn.discounted_payback(hand, 0.0)) == Y


def test_discounted_payback_broadcast_equals_loop_with_times_of_fewer_axes():
    # The boundaries run on a leading axis, padded to the axes of every input: amounts on
    # (2 comparators, n points), times on (n,) or (2, 1), rates on (2, 1); each point's payback
    # is that of its own scalar blocks, and a boundary equal to the next at every point (the
    # in-situ first landing and the Earth deliveries both start at D) changes nothing.
    rng = np.random.default_rng(3)
    n = 400
    earth_total = rng.uniform(1e9, 4e10, (2, n))
    b = mn.schedule(rng.uniform(0, 3e9, n), 3 * Y, rng.uniform(1e8, 1e9, n), np.array([[0.5 * Y], [Y]]),
                    rng.uniform(0.5, 2, n) * Y, 10 * Y, rng.uniform(3e9, 2e10, n), earth_total,
                    np.array([[4 * Y], [12 * Y]]))
    rate = np.array([[0.05], [-0.02]])
    for convention in (0, 1):
        out = mn.discounted_payback(b, rate, convention=convention)
        assert out.shape == (2, n)
        assert 0.2 < np.mean(np.isfinite(out) & (out > 3 * Y)) < 1.0
        for i, j in [(0, 0), (1, 7), (0, 123), (1, 399)]:
            one = {o: [tuple(np.broadcast_to(v, (2, n))[i, j] for v in blk) for blk in bl] for o, bl in b.items()}
            assert mn.discounted_payback(one, rate[i, 0], convention=convention) == out[i, j]


def test_distinct_boundaries_and_flat_index():
    # _distinct drops a boundary equal to the next at every point only; _flat_index picks
    # a[k[i], i] from a C-contiguous (n,) + rest array: a = arange(12).reshape(3, 4),
    # k = [2, 0, 1, 2] -> [8, 1, 6, 11]
    b = np.array([[0.0, 1.0], [0.0, 1.0], [0.0, 2.0], [3.0, 3.0], [3.0, 3.0]])
    assert mn._distinct(b).tolist() == [[0.0, 1.0], [0.0, 2.0], [3.0, 3.0]]
    nan = np.array([[np.nan], [np.nan]])
    assert mn._distinct(nan).shape == (2, 1)  # NaN equals nothing: kept
    a = np.arange(12.0).reshape(3, 4)
    assert np.take(a, mn._flat_index(np.array([2, 0, 1, 2], dtype=np.int8), (4,))).tolist() == [8.0, 1.0, 6.0, 11.0]


def test_gatherer_reuses_each_runs_index_and_equals_the_broadcast():
    # economics.gatherer(shape, where) picks v broadcast to shape at the flat indices where for
    # several v of different runs of axes, each run's index computed once: the same as
    # np.broadcast_to(v, shape).reshape(-1)[where] for every v, in any order of the calls.
    from basaltcalc.core.economics import gatherer
    rng = np.random.default_rng(5)
    shape = (2, 3, 5)
    where = np.sort(rng.choice(30, 17, replace=False))
    pick = gatherer(shape, where)
    for vshape in [(2, 1, 1), (3, 5), (1, 3, 1), (2, 3, 5), (5,), (3, 1), (2, 1, 5), (1,), (3, 5), (2, 1, 1)]:
        v = rng.uniform(size=vshape)
        want = np.broadcast_to(v, shape).reshape(-1)[where]
        assert np.array_equal(np.broadcast_to(pick(v), where.shape), want), vshape


def test_discounted_payback_same_bits_every_boundary_at_once_or_one_at_a_time(monkeypatch):
    # Few points take the savings at every boundary at once, many one boundary at a time
    # (money.IN_CACHE); both are the same sums per point, so the paybacks are equal bit for bit,
    # with zero flows, NaN amounts and times, and both conventions.
    rng = np.random.default_rng(11)
    n = 500
    b, rate = _random_blocks(rng, n)
    for convention in (0, 2):
        monkeypatch.setattr(mn, "IN_CACHE", 10 ** 9)
        at_once = mn.discounted_payback(b, rate, convention=convention)
        monkeypatch.setattr(mn, "IN_CACHE", 0)
        one_by_one = mn.discounted_payback(b, rate, convention=convention)
        assert 0.2 < np.mean(np.isfinite(at_once) & (at_once > 0)) < 1.0
        assert np.array_equal(at_once, one_by_one, equal_nan=True)


def test_discounted_payback_of_a_sweep_of_the_amounts_equals_loop():
    # A sweep of the amounts only (a landed-cost sweep): the times are one number, or one per
    # comparator, so at the first boundaries a block that has not begun at any point is left
    # out of the sums (money._accrued_value: it counts 0, even with an infinite or NaN amount);
    # each point's payback is that of its own scalar blocks (every boundary at once, where no
    # block is left out), bit for bit, in both conventions.  Blocks: development [0, 5) years,
    # first landing [5, 7), campaign [7.25, 9.25), Earth deliveries [5, 45) or [5, 8).
    rng = np.random.default_rng(21)
    n = 3000  # 2 x 3000 points x 7 boundaries: one boundary at a time (money.IN_CACHE)
    insitu_total, earth_total = rng.uniform(3e9, 2e10, n), rng.uniform(1e9, 4e10, (2, n))
    insitu_total[:3] = [np.inf, np.nan, 0.0]
    earth_total[0, 3] = np.nan
    b = mn.schedule(rng.uniform(0, 3e9, n), 5 * Y, rng.uniform(1e8, 1e9, n), 2 * Y, 2.25 * Y, 2 * Y,
                    insitu_total, earth_total, np.array([[40 * Y], [3 * Y]]))
    bounds = np.sort(mn._boundaries(b), axis=0)
    shares = [share for share, _ in mn._accruals(b["insitu"], 0.02, bounds)]
    assert not np.any(shares[2][:3])  # the campaign: not begun at the first three boundaries
    for convention in (0, 1):
        out = mn.discounted_payback(b, 0.02, convention=convention)
        assert 0.2 < np.mean(np.isfinite(out) & (out > 5 * Y)) < 1.0
        for i, j in [(0, 0), (1, 0), (0, 1), (0, 2), (0, 3), (1, 3), (0, 4), (1, 100), (0, 2999)]:
            one = {o: [tuple(np.broadcast_to(v, (2, n))[i, j] for v in blk) for blk in bl] for o, bl in b.items()}
            assert np.array_equal(mn.discounted_payback(one, 0.02, convention=convention), out[i, j],
                                  equal_nan=True), (i, j)


def test_irr_with_a_duration_whose_discounting_underflows():
    # A block over a duration so short that |x| d underflows to 0 (5e-324 years = 1.6e-316 s
    # times |x| = 1.3e-8 per second) is paid at its start: phi at its limit 1 (it was 0/0, and
    # the root 18 % off: a case hypothesis found).  10 at 0 against 4 over years [0, 4):
    # 10 = (1 - e^{-4x})/x at x = ln(1 + r) = -0.40469, e^{1.61876} = 5.0467, r = -33.28 %;
    # the same bits as with no duration.
    at_once = {"insitu": [(10.0, 0.0, 0.0)], "earth": [(4.0, 0.0, 4 * Y)]}
    r = float(mn.irr(at_once))
    assert r == pytest.approx(-0.33282108544, rel=1e-10)
    for d in (5e-324, 1e-310, 1e-300):
        b = {"insitu": [(10.0, 0.0, d * Y)], "earth": [(4.0, d * Y, 4 * Y)]}
        assert float(mn.irr(b)) == r, d
