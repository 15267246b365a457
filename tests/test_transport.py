"""basaltcalc.core.transport: gear ratio from the rocket equation, landed cost per kg, delivery time."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from basaltcalc.core import transport as tr


def test_standard_gravity_is_the_defined_value():
    assert tr.STANDARD_GRAVITY == 9.80665  # CGPM 1901, exact


# The Moon Society's published mass ratios (3.86 / 4.05 / 10.92) and the ASI rule of thumb are
# cases of the reproduction suite (basaltcalc reproduce: moon-society-gear,
# moon-society-rule-of-thumb), which tests/test_reproduction.py runs.


@settings(max_examples=60, deadline=None)
@given(dv=st.floats(100.0, 1e4), isp=st.floats(200.0, 1000.0), eps=st.floats(0.0, 0.3))
def test_gear_ratio_matches_the_staged_mass_budget(dv, isp, eps):
    """Build the stage from the rocket equation and check G = m0 / payload directly."""
    r = math.exp(dv / (isp * tr.STANDARD_GRAVITY))
    g = float(tr.gear_ratio(dv, isp, eps))
    if eps * r >= 1:
        assert g == math.inf
        return
    # payload 1 kg; stage of propellant mp and inert eps/(1-eps)*mp; m0/mf = R
    mp = (r - 1) / (1 - eps * r) * (1 - eps)
    m_inert = eps / (1 - eps) * mp
    m0, mf = 1 + m_inert + mp, 1 + m_inert
    assert m0 / mf == pytest.approx(r, rel=1e-9)
    assert g == pytest.approx(m0, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(dv=st.floats(1000.0, 8000.0), isp=st.floats(250.0, 470.0), eps=st.floats(0.0, 0.15),
       d=st.floats(1.0, 500.0))
def test_gear_ratio_rises_with_delta_v_and_inert_fraction_and_falls_with_isp(dv, isp, eps, d):
    g = float(tr.gear_ratio(dv, isp, eps))
    assert float(tr.gear_ratio(dv + d, isp, eps)) >= g
    assert float(tr.gear_ratio(dv, isp + d / 10, eps)) <= g
    assert float(tr.gear_ratio(dv, isp, eps + 0.01)) >= g


def test_landed_cost_picks_direct_or_built_per_point():
    out = tr.landed_cost(np.array([np.nan, 2e5]), 1500.0, np.array([[4.0], [6.0]]))
    # row 0: [1500*4, 2e5]; row 1: [1500*6, 2e5]
    np.testing.assert_allclose(out, [[6000.0, 2e5], [9000.0, 2e5]], rtol=1e-12)


def test_delivery_time_counts_whole_flights():
    year = 365.25 * 86400
    m = np.array([1.0, 999.0, 1000.0, 1001.0, 2500.0])
    # flights: 1, 1, 1, 2, 3 at 2 per year -> 0.5, 0.5, 0.5, 1.0, 1.5 year
    np.testing.assert_allclose(tr.delivery_time(m, 1000.0, 2.0 / year) / year, [0.5, 0.5, 0.5, 1.0, 1.5],
                               rtol=1e-12)
