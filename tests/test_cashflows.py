"""basaltcalc/core/cashflows.py: dated flows, NPV, discounted payback, IRR."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from basaltcalc.core import cashflows as cf

Y = cf.YEAR


def test_npv_of_three_dated_cash_flows():
    # -1000 now, +500 in 1 year, +700 in 3 years at 5 %:
    # -1000 + 500/1.05 + 700/1.157625 = -1000 + 476.190476 + 604.686319 = 80.876795
    value = cf.npv([-1000.0, 500.0, 700.0], [0.0, Y, 3 * Y], 0.05)
    assert value == pytest.approx(80.876795, abs=1e-6)


def test_npv_broadcasts_over_rates_and_equals_the_sum_at_zero():
    flows = np.array([[-3.0, 1.0, 4.0], [2.0, 2.0, 2.0]])
    rates = np.array([[0.0], [0.1]])          # (2, 1) leading axes against (2,) points
    out = cf.npv(flows, [0.0, Y, 2 * Y], rates)
    assert out.shape == (2, 2)
    assert out[0].tolist() == [2.0, 6.0]      # exact sums at rate 0
    # 2 + 2/1.1 + 2/1.21 = 2 + 1.818182 + 1.652893
    assert out[1, 1] == pytest.approx(5.471074, abs=1e-6)


def test_spread_conserves_the_amount_and_splits_by_overlap():
    # 12 over [1.5, 4.5): 2 in year 1 (half a year), 4 in years 2 and 3, 2 in year 4
    assert cf.spread(12.0, 1.5 * Y, 3.0 * Y, 6).tolist() == [0.0, 2.0, 4.0, 4.0, 2.0, 0.0]
    rng = np.random.default_rng(3)
    a, s, d = rng.uniform(1, 10, 50), rng.uniform(0, 5, 50), rng.uniform(0, 5, 50)
    assert np.allclose(cf.spread(a, s * Y, d * Y, 12).sum(axis=-1), a)


def test_spread_keeps_what_falls_beyond_the_axis_in_the_last_year():
    # 10 over [0, 10) on a 4-year axis: 1, 1, 1 and the remaining 7 in the last year
    assert cf.spread(10.0, 0.0, 10.0 * Y, 4).tolist() == [1.0, 1.0, 1.0, 7.0]


def test_discounted_payback_hand_case():
    # savings -10, +6, +6: cumulative -10, -4, +2 -> crosses at 2 + 4/6 = 2.6667 years
    assert cf.discounted_payback([-10.0, 6.0, 6.0], 0.0) == pytest.approx((2 + 4 / 6) * Y)
    assert cf.discounted_payback([1.0, 1.0], 0.1) == 0.0
    assert cf.discounted_payback([-1.0, 0.5], 0.0) == np.inf


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.1, 100), min_size=1, max_size=4),
       st.lists(st.floats(0.1, 100), min_size=1, max_size=8),
       st.floats(0.001, 0.5))
def test_discounted_payback_is_not_shorter_for_positive_rates(costs, gains, rate):
    # invest first, save later: one change of sign
    s = np.array([-c for c in costs] + gains)
    assert cf.discounted_payback(s, rate) >= cf.discounted_payback(s, 0.0) - 1e-12


def test_irr_hand_case_and_special_values():
    # -100 at year 0, +121 at year 2: (1+r)^2 = 1.21 -> r = 10 %
    assert cf.irr([-100.0, 0.0, 121.0]) == pytest.approx(0.1, abs=1e-9)
    assert cf.irr([1.0, 2.0]) == np.inf            # never costs more
    assert np.isnan(cf.irr([-1.0, -2.0]))          # never earns back


def test_irr_is_the_zero_of_the_npv_for_every_point_at_once():
    rng = np.random.default_rng(5)
    invest = rng.uniform(50, 150, (7, 3))
    gains = rng.uniform(10, 60, (7, 3))
    s = np.stack([-invest, gains, gains, gains, gains], axis=-1)
    r = cf.irr(s)
    assert r.shape == (7, 3)
    times = np.arange(5.0) * Y
    assert np.allclose(cf.npv(s, times, r), 0.0, atol=1e-6)
    # the loop over points gives the same roots
    loop = np.array([[cf.irr(s[i, j]) for j in range(3)] for i in range(7)])
    assert np.array_equal(r, loop)


def test_the_cash_flow_table_shows_no_float_residue():
    """Issue 30: a period whose flows cancel showed 4.768e-13 MUSD; sums are taken to the cent."""
    import re

    import basaltcalc as bc
    from basaltcalc.model.tables import cash_flow_rows

    _, _, rows = cash_flow_rows(bc.evaluate(bc.default_scenario()))
    cells = [c for r in rows for c in r[1:]]
    assert not [c for c in cells if re.search(r"e-\d", c)], cells
    assert "0" in cells  # the al-2219 design's deliveries end in the second period: a zero after it
