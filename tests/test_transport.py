"""basaltcalc.core.transport: gear ratio from the rocket equation, landed cost per kg, delivery time."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from basaltcalc.core import transport as tr


#: Moon Society worked example: delta-v 20,000 ft/s LEO -> lunar surface; published mass ratios.
#: Source: Artemis Society / Moon Society, "How to Calculate Mass Ratio for Flight from LEO to
#: Lunar Surface", adb.moonsociety.org/06/07/03/01/leo-luna-example.html
#: (shared/reference/transport_costs.md section 3).
MOON_SOCIETY = [(460.0, 3.86), (444.4, 4.05), (260.0, 10.92)]
FT = 0.3048  # m, exact (international foot)


def test_standard_gravity_is_the_defined_value():
    assert tr.STANDARD_GRAVITY == 9.80665  # CGPM 1901, exact


@pytest.mark.parametrize("isp, published", MOON_SOCIETY)
def test_moon_society_mass_ratios_from_feet_per_second(isp, published):
    # the published figures are quoted to 3 significant figures: agree to half a unit in the last
    dv = 20_000 * FT  # 6096 m/s
    assert float(tr.gear_ratio(dv, isp)) == pytest.approx(published, abs=0.005 + 1e-12)


def test_moon_society_all_three_in_one_broadcast():
    isp = np.array([i for i, _ in MOON_SOCIETY])
    np.testing.assert_allclose(tr.gear_ratio(20_000 * FT, isp), [g for _, g in MOON_SOCIETY], atol=0.005)


def test_asi_rule_of_thumb_mass_ratio_four():
    # ASI SSTO team: "use Mo/Mf = 4 for most conceptual design" at Isp 444.4 s, 19,754 ft/s:
    # exp(19754*0.3048/(444.4*9.80665)) = exp(1.38160) = 3.981 ~ 4
    assert float(tr.gear_ratio(19_754 * FT, 444.4)) == pytest.approx(4.0, rel=0.01)


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
