"""economics.discounting (issue 24 item 4): continuous, end-of-year, mid-year and start-of-year
NPVs, IRR and discounted payback in closed form (core/money.py), wired into scenarios, --set and
the outputs; hand-computed cases, invariants and bad input."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import basaltcalc as bc
from basaltcalc.catalogue import data_text
from basaltcalc.cli import main
from basaltcalc.core import money as mn
from basaltcalc.scenario import scenario_from_text

Y = mn.YEAR
CONTINUOUS, END, MID, START = range(4)
BASE = data_text("default.yaml")


def _text(discounting: str) -> str:
    return BASE.replace("insitu:\n", f"economics: {{discounting: {discounting}}}\ninsitu:\n", 1)


# --- hand-computed -----------------------------------------------------------------------------

@pytest.mark.parametrize("convention, hand", [
    # 100 spread over years [1, 3) at 10 %: 50 in year 1 and 50 in year 2
    (CONTINUOUS, 100 * (1.1 ** -1 - 1.1 ** -3) / (2 * math.log(1.1))),  # 82.7698
    (END, 50 / 1.1 ** 2 + 50 / 1.1 ** 3),      # 41.3223 + 37.5657 = 78.8880
    (MID, 50 / 1.1 ** 1.5 + 50 / 1.1 ** 2.5),  # 43.3392 + 39.3993 = 82.7385
    (START, 50 / 1.1 + 50 / 1.1 ** 2),         # 45.4545 + 41.3223 = 86.7769
])
def test_a_block_of_whole_years_by_hand(convention, hand):
    assert float(mn.block_pv(100.0, Y, 2 * Y, 0.1, convention)) == pytest.approx(hand, rel=1e-12)


@pytest.mark.parametrize("convention, hand", [
    # 30 over years [0.5, 2) at 25 %: 10 falls in year 0, 20 in year 1
    (END, 10 / 1.25 + 20 / 1.25 ** 2),        # 8 + 12.8 = 20.8
    (MID, 10 / 1.25 ** 0.5 + 20 / 1.25 ** 1.5),  # 8.94427 + 14.31084 = 23.25511
    (START, 10 + 20 / 1.25),                  # 10 + 16 = 26
])
def test_a_block_across_part_years_by_hand(convention, hand):
    assert float(mn.block_pv(30.0, 0.5 * Y, 1.5 * Y, 0.25, convention)) == pytest.approx(hand, rel=1e-12)
    # the yearly table puts each year's part at its payment point
    _, disc = mn.yearly({"x": [(30.0, 0.5 * Y, 1.5 * Y)]}, 0.25, 3, convention)
    first = {END: 10 / 1.25, MID: 10 / 1.25 ** 0.5, START: 10.0}[convention]
    assert disc["x"][0] == pytest.approx(first, rel=1e-12) and disc["x"][2] == 0.0
    assert disc["x"].sum() == pytest.approx(hand, rel=1e-12)


@pytest.mark.parametrize("convention", range(4))
def test_a_payment_at_one_instant_is_discounted_at_that_instant(convention):
    # 100 at 1.5 years at 10 %: 100 / 1.1^1.5 = 86.6784 in every convention
    assert float(mn.block_pv(100.0, 1.5 * Y, 0.0, 0.1, convention)) == pytest.approx(100 / 1.1 ** 1.5, rel=1e-14)


def test_npv_and_irr_of_an_investment_and_yearly_returns_by_hand():
    # 100 now against 60 a year over 2 years, end of year (Excel's NPV and IRR):
    # NPV at 10 % = -100 + 60/1.1 + 60/1.21 = -100 + 54.5455 + 49.5868 = 4.1322;
    # IRR: 100 (1+r)^2 - 60 (1+r) - 60 = 0 -> 1+r = (60 + sqrt(3600 + 24000))/200 = 1.130662
    b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(120.0, 0.0, 2 * Y)]}
    savings = mn.npv(b["earth"], 0.1, None, END) - mn.npv(b["insitu"], 0.1, None, END)
    assert float(savings) == pytest.approx(-100 + 60 / 1.1 + 60 / 1.21, rel=1e-12)
    assert float(mn.irr(b, convention=END)) == pytest.approx((60 + math.sqrt(27600)) / 200 - 1, rel=1e-12)
    # start of year: 100 = 60 + 60/(1+r): r = 0.5; mid-year: 100 = 60 (1+r)^-0.5 (1 + (1+r)^-1)
    assert float(mn.irr(b, convention=START)) == pytest.approx(0.5, rel=1e-12)
    r = float(mn.irr(b, convention=MID))
    assert 60 * (1 + r) ** -0.5 * (1 + 1 / (1 + r)) == pytest.approx(100, rel=1e-12)


@pytest.mark.parametrize("convention, hand", [
    # in-situ 100 at 0; Earth 100 a year over [0, 3) at 10 %:
    (END, 1 + (100 - 100 / 1.1) / (100 / 1.1 ** 2)),    # 90.91 in year 0: 1 + 9.09/82.64 = 1.11
    (MID, 1 + (100 - 100 / 1.1 ** 0.5) / (100 / 1.1 ** 1.5)),  # 1 + 4.653/86.678 = 1.05369
    (START, 1.0),                                       # year 0's 100 at 0: even at year 1
    (CONTINUOUS, -math.log(1 - math.log(1.1)) / math.log(1.1)),  # 1.05092
])
def test_discounted_payback_by_hand(convention, hand):
    b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(300.0, 0.0, 3 * Y)]}
    assert float(mn.discounted_payback(b, 0.1, convention=convention)) / Y == pytest.approx(hand, rel=1e-12)


# --- invariants ------------------------------------------------------------------------------

blocks_st = st.lists(st.tuples(st.floats(1.0, 1e9), st.floats(0.0, 30.0), st.floats(0.0, 20.0)),
                     min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(blocks=blocks_st, rate=st.floats(1e-4, 2.0))
def test_conventions_agree_at_rate_zero_and_order_at_positive_rates(blocks, rate):
    bl = [(a, s * Y, d * Y) for a, s, d in blocks]
    total = sum(a for a, _, _ in blocks)
    at_zero = [float(mn.npv(bl, 0.0, None, c)) for c in range(4)]
    assert at_zero == pytest.approx([total] * 4, rel=1e-12)
    pv = {c: float(mn.npv(bl, rate, None, c)) for c in range(4)}
    # a cost is worth more paid earlier: start >= mid >= end, continuous between start and end
    tol = 1e-12 * total
    assert pv[START] >= pv[MID] - tol and pv[MID] >= pv[END] - tol
    assert pv[START] >= pv[CONTINUOUS] - tol and pv[CONTINUOUS] >= pv[END] - tol
    # at a negative rate the order turns round
    neg = {c: float(mn.npv(bl, -rate / (1 + rate), None, c)) for c in (START, END)}
    assert neg[START] <= neg[END] * (1 + 1e-12)


@settings(max_examples=40, deadline=None)
@given(blocks=blocks_st, rate=st.floats(-0.5, 1.0), convention=st.integers(0, 3))
def test_yearly_bins_sum_to_the_npv_in_every_convention(blocks, rate, convention):
    bl = {"x": [(a, s * Y, d * Y) for a, s, d in blocks]}
    _, disc = mn.yearly(bl, rate, 60, convention)
    assert disc["x"].sum() == pytest.approx(float(mn.npv(bl["x"], rate, None, convention)), rel=1e-10)


@settings(max_examples=40, deadline=None)
@given(invest=st.floats(10.0, 1e4), gain=st.floats(1.0, 1e3), years=st.floats(0.5, 30.0),
       delay=st.floats(0.0, 5.0), convention=st.integers(0, 3))
def test_irr_and_payback_put_back_give_zero_savings(invest, gain, years, delay, convention):
    b = {"insitu": [(invest, 0.0, delay * Y)], "earth": [(gain * years, delay * Y, years * Y)]}
    r = float(mn.irr(b, convention=convention))
    if math.isfinite(r):
        s = mn.npv(b["earth"], r, None, convention) - mn.npv(b["insitu"], r, None, convention)
        assert abs(float(s)) <= 1e-8 * (invest + gain * years)
    t = float(mn.discounted_payback(b, 0.05, convention=convention))
    if 0 < t < math.inf:
        wide = {k: [tuple(np.asarray(v) for v in blk) for blk in bl] for k, bl in b.items()}
        at = mn.cumulative(wide["earth"], 0.05, t, convention) - mn.cumulative(wide["insitu"], 0.05, t, convention)
        assert abs(float(at)) <= 1e-9 * (invest + gain * years)


def test_a_convention_array_broadcasts_like_the_loop():
    start, duration = np.array([0.0, 0.3, 5.0])[:, None] * Y, np.array([2.0, 0.5, 33.5])[:, None] * Y
    conv = np.arange(4)
    grid = mn.discount_factor(start, duration, 0.07, conv)
    for j in range(4):
        np.testing.assert_array_equal(grid[:, j], mn.discount_factor(start[:, 0], duration[:, 0], 0.07, j))
    b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(np.array([120.0, 200.0])[:, None], 0.0, 2 * Y)]}
    irr = mn.irr(b, convention=conv)
    assert irr.shape == (2, 4)
    for i, gain in enumerate((120.0, 200.0)):
        for j in range(4):
            one = mn.irr({"insitu": [(100.0, 0.0, 0.0)], "earth": [(gain, 0.0, 2 * Y)]}, convention=j)
            assert irr[i, j] == pytest.approx(float(one), rel=1e-12)


def test_long_programmes_at_minus_99_percent_stay_finite():
    # a 200-year programme at -99 % a year: v = 100, v^200 overflows unless scaled
    b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(1.0, 0.0, 200 * Y)]}
    for c in range(4):
        r = float(mn.irr(b, convention=c))
        assert not math.isnan(r) and -0.99 < r < 0


# --- the scenario and the command line ------------------------------------------------------

@pytest.fixture(scope="module")
def by_convention():
    sc = bc.default_scenario()
    return {name: bc.evaluate(sc, {"economics.discounting": name}) for name in mn.CONVENTIONS}


def test_continuous_is_the_default_and_unchanged(by_convention):
    default = bc.evaluate(bc.default_scenario())
    assert default.scenario.discounting == "continuous"
    for name in ("earth.npv", "insitu.npv", "discounted_payback_time", "insitu_irr"):
        assert default.raw[name] == by_convention["continuous"].raw[name]


def test_the_default_scenario_in_every_convention(by_convention):
    npv = {k: r["earth.npv"].m for k, r in by_convention.items()}
    assert npv["start-of-year"] > npv["continuous"] > npv["mid-year"] > npv["end-of-year"]
    # every block of the default spreads over time: a year convention scales each year's flows by
    # v^delta alike, so the IRR and the payback do not depend on which one
    irr = [by_convention[k]["insitu_irr"].m for k in ("end-of-year", "mid-year", "start-of-year")]
    assert irr == pytest.approx([irr[0]] * 3, rel=1e-12)
    # the cash flows discount by the convention and sum to its NPVs
    ds = by_convention["end-of-year"].cash_flows()
    assert ds.attrs["discounting"] == "end-of-year"
    assert float(ds["discounted"].sel(option="insitu").sum()) == pytest.approx(
        by_convention["end-of-year"]["insitu.npv"].m, rel=1e-12)


def test_a_file_chooses_the_convention_and_writes_it_back():
    sc = scenario_from_text(_text("end-of-year"), "e.yaml")
    assert sc.discounting == "end-of-year"
    assert scenario_from_text(sc.to_yaml()).discounting == "end-of-year"
    from basaltcalc.model.tables import assumptions

    rows = {a["path"]: a for a in assumptions(sc)}
    assert rows["economics.discounting"]["value"] == "end-of-year" and rows["economics.discounting"]["origin"] == "file"
    default = {a["path"]: a for a in assumptions(bc.default_scenario())}["economics.discounting"]
    assert default["value"] == "continuous" and default["source"] == "discounting-convention"


def test_an_unknown_convention_in_a_file_is_located_with_a_suggestion():
    with pytest.raises(bc.ScenarioError) as info:
        scenario_from_text(_text("midyear"), "m.yaml")
    p = info.value.problems[0]
    assert p.path == "economics.discounting" and p.line is not None
    assert "did you mean 'mid-year'" in str(info.value) and "m.yaml:" in str(info.value)


@pytest.mark.parametrize("value, text", [("end-of-yaer", "did you mean 'end-of-year'"),
                                         ("2", "expected one of continuous, end-of-year")])
def test_an_unknown_convention_from_set_is_located(value, text, capsys):
    assert main(["run", "--set", f"economics.discounting={value}"]) == 2
    err = capsys.readouterr().err
    assert "--set economics.discounting" in err and text in err, err


def test_run_names_the_convention_in_the_cash_flow_table_and_the_json(capsys):
    assert main(["run", "--set", "economics.discounting=mid-year"]) == 0
    out = capsys.readouterr().out
    assert "2 % a year, mid-year; cumulative savings discounted" in out
    import json

    assert main(["run", "--format", "json", "--set", "economics.discounting=start-of-year"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["scenario"]["discounting"] == doc["cash_flows"]["discounting"] == "start-of-year"


@pytest.mark.parametrize("convention", ["end-of-year", "mid-year", "start-of-year"])
@pytest.mark.parametrize("rate", [0.0, -0.99, 1e-12, 10.0, 100.0])
@pytest.mark.parametrize("campaign", ["1 s", "2 year", "1000 year"])
def test_edge_inputs_never_give_a_silent_nan_in_a_year_convention(convention, rate, campaign):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            res = bc.evaluate(bc.default_scenario(), {"economics.discount_rate": rate, "insitu.campaign": campaign,
                                                      "economics.discounting": convention})
        except bc.ScenarioError as exc:  # a present value past float64 (issue 27): a located error
            assert rate == -0.99 and "beyond float64" in str(exc), str(exc)
            return
    for name in ("earth.npv", "insitu.npv", "discounted_savings", "discounted_cost_ratio"):
        assert not math.isnan(res[name].m), name
    assert res["earth.npv"].m > 0 and res["insitu.npv"].m > 0
    t = res["discounted_payback_time"].m
    assert t >= 0 and not math.isnan(t)
    assert (t == math.inf) == (res["discounted_savings"].m < 0)
    assert not math.isnan(res["insitu_irr"].m)
