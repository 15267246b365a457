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


# --- issue 25 item 4: whole pieces on whole flights -------------------------------------------

def _ffd_item_by_item(masses, counts, payload, divisible=0.0):
    """First fit decreasing, one piece at a time (the reference the vectorised packing must equal)."""
    items = sorted((m for m, n in zip(masses, counts) for _ in range(int(n)) if m > 0), reverse=True)
    rooms = []
    for item in items:
        for i, room in enumerate(rooms):
            if item <= room * (1 + tr.FIT_SLACK):
                rooms[i] = room - item
                break
        else:
            rooms.append(payload - item)
    left = sum(max(r, 0.0) for r in rooms)
    return len(rooms) + math.ceil(max(divisible - left, 0.0) / payload * (1 - tr.FIT_SLACK))


def test_packing_the_default_earth_option_by_hand():
    # 40 tubes of 306.95 kg and 120 panels of 173.21 kg (packed) on 500 kg landers: each tube alone
    # (two: 613.9 kg), a panel beside it (480.2 kg, 19.8 left), the other 80 panels two a flight
    # (346.4 kg; three: 519.6 kg): 40 + 40 = 80 flights; mass alone ceil(33,065.8/500) = 67
    p = tr.pack_flights([306.95, 173.21], [40.0, 120.0], 500.0)
    assert float(p["flights"]) == 80 and float(p["lower_bound"]) == 67
    # rooms: 40 x (500 - 480.16) + 40 x (500 - 346.42) = 793.6 + 6143.2 = 6936.8 kg; divisible cargo
    # fills it first: 6,936 kg fits, 6,938 kg needs one more flight
    assert float(p["room"]) == pytest.approx(40 * (500 - 306.95 - 173.21) + 40 * (500 - 2 * 173.21), rel=1e-12)
    assert float(tr.pack_flights([306.95, 173.21], [40.0, 120.0], 500.0, 6936.0)["flights"]) == 80
    assert float(tr.pack_flights([306.95, 173.21], [40.0, 120.0], 500.0, 6938.0)["flights"]) == 81


def test_one_piece_type_packs_exactly():
    # n pieces of m on C: ceil(n / floor(C/m)); with divisible cargo the flights are full but the
    # last, so the lower bound is met: 7 pieces of 200 kg on 500 kg: 2 a flight, 4 flights (100 kg
    # left in three, 300 in the last: 600 kg of room); 600 kg of spares fit, 700 kg need a 5th
    assert float(tr.pack_flights([200.0], [7.0], 500.0)["flights"]) == 4
    assert float(tr.pack_flights([200.0], [7.0], 500.0, 600.0)["flights"]) == 4
    p = tr.pack_flights([200.0], [7.0], 500.0, 700.0)
    assert float(p["flights"]) == 5 == float(p["lower_bound"])  # ceil(2100/500)


def test_packing_equals_first_fit_decreasing_item_by_item_and_keeps_its_bound():
    # 3000 random instances (1-5 types, up to 11 pieces each, some of round masses that fill a flight
    # exactly, divisible cargo): the same flights as packing one piece at a time, at least the lower
    # bound and at most 11/9 of it + 6/9 + 1 (FFD's bound is on the optimum, which is >= the bound)
    rng = np.random.default_rng(1)
    for _ in range(3000):
        t = int(rng.integers(1, 6))
        c = float(rng.choice([100.0, 500.0, 1500.0]))
        masses = list(rng.uniform(0.05, 1.0, t) * c)
        if rng.random() < 0.3:
            masses = [max(round(m / (c / 10)), 1) * (c / 10) for m in masses]
        counts = list(rng.integers(0, 12, t).astype(float))
        d = float(rng.choice([0.0, rng.uniform(0, 3 * c)]))
        p = tr.pack_flights(masses, counts, c, d)
        assert float(p["flights"]) == _ffd_item_by_item(masses, counts, c, d), (masses, counts, c, d)
        assert float(p["lower_bound"]) <= float(p["flights"])


def test_packing_broadcast_equals_loop():
    rng = np.random.default_rng(2)
    n = 400
    masses = [rng.uniform(10, 500, n) for _ in range(4)]
    counts = [rng.integers(0, 30, n).astype(float) for _ in range(4)]
    payload, spare = rng.choice([500.0, 1500.0], n), rng.uniform(0, 2000, n)
    got = tr.pack_flights(masses, counts, payload, spare)["flights"]
    want = [_ffd_item_by_item([m[i] for m in masses], [c[i] for c in counts], payload[i], spare[i]) for i in range(n)]
    np.testing.assert_array_equal(got, want)
    # 2-d: payloads down, counts across
    grid = tr.pack_flights([306.95, 173.21], [np.array([10.0, 40.0, 80.0]), 120.0], np.array([[500.0], [1500.0]]))
    for i, c in enumerate((500.0, 1500.0)):
        for j, k in enumerate((10.0, 40.0, 80.0)):
            assert grid["flights"][i, j] == _ffd_item_by_item([306.95, 173.21], [k, 120.0], c)
