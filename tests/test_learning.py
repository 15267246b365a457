"""basaltcalc/core/learning.py: Wright's law."""
from __future__ import annotations

import numpy as np
import pytest

from basaltcalc.core import learning


def test_wright_unit_costs_at_85_percent():
    # b = log2(0.85) = -0.234465; unit 1: 1; unit 2: 2^b = 0.85; unit 4: 4^b = 0.85^2 = 0.7225
    assert learning.unit_factor([1, 2, 4], 0.85).tolist() == pytest.approx([1.0, 0.85, 0.7225],
                                                                          abs=1e-12)


def test_cumulative_is_the_sum_of_units_and_exactly_n_without_learning():
    n = np.arange(1, 200)
    rate = np.array([0.7, 0.85, 0.95])[:, None]
    exact = np.cumsum(learning.unit_factor(n, rate), axis=-1)
    assert np.allclose(learning.cumulative_factor(n, rate), exact, rtol=1e-6)
    assert learning.cumulative_factor(np.arange(1, 50), 1.0).tolist() == list(range(1, 50))


def test_average_falls_with_quantity():
    avg = learning.average_factor(np.array([1, 2, 4, 8, 64, 1000]), 0.9)
    assert avg[0] == 1.0 and np.all(np.diff(avg) < 0)


def test_cumulative_equals_the_direct_sum_with_a_pro_rata_last_unit():
    # N = 20.25, 57.5, 1000.75 at p = 0.5, 0.8, 0.95: sum_{k<=floor N} k^b + frac * (floor N + 1)^b,
    # summed term by term here; the head-plus-integral form agrees to 1e-9 (Euler-Maclaurin)
    import math

    for n in (20.25, 57.5, 1000.75):
        for p in (0.5, 0.8, 0.95):
            b = math.log2(p)
            w = math.floor(n)
            direct = sum(k ** b for k in range(1, w + 1)) + (n - w) * (w + 1) ** b
            assert float(learning.cumulative_factor(n, p)) == pytest.approx(direct, rel=1e-9)


def _direct_sum(n, p):
    """sum_{k<=floor N} k^b + frac * (floor N + 1)^b term by term in 80-bit long double."""
    import math

    b = np.log2(np.longdouble(p))
    w = math.floor(n)
    k = np.arange(1, w + 2, dtype=np.longdouble)
    t = np.exp(b * np.log(k))
    return float(np.sum(t[:w]) + (np.longdouble(n) - w) * t[w])


@pytest.mark.parametrize("p", [0.5, 0.7, 0.85, 0.95, 0.999])
def test_cumulative_is_exact_to_rounding_up_to_16_units_and_to_the_series_bound_above(p):
    # up to 16 whole units (plus a fraction of the 17th) the factor is the sum itself: to a few
    # ulp, from 6 exponentials and products; above, the Euler-Maclaurin remainder (< 2e-10 of the
    # first unit, documented) bounds the error
    small = np.concatenate([np.arange(0.0, 17.0), np.arange(0.0, 16.0) + 0.375])
    got = learning.cumulative_factor(small, p)
    ref = np.array([_direct_sum(n, p) for n in small])
    assert np.allclose(got, ref, rtol=4e-15, atol=0.0)
    large = np.array([17.0, 17.5, 31.0, 64.25, 300.0, 2999.5])
    got = learning.cumulative_factor(large, p)
    assert np.allclose(got, [_direct_sum(n, p) for n in large], rtol=0.0, atol=2e-10)


def test_cumulative_broadcast_equals_the_loop_bit_for_bit():
    # the head's term count, the fraction and the tail are chosen from the whole array; every
    # point still gets the same arithmetic as alone (the extra terms add an exact +0)
    rng = np.random.default_rng(7)
    n = np.concatenate([[0.0, 1.0, 16.0, 17.0, 2.5], rng.uniform(0, 60, 40)])
    p = rng.uniform(0.5, 1.0, n.size)
    p[:3] = 1.0
    together = learning.cumulative_factor(n[:, None], p[None, :])
    alone = np.array([[learning.cumulative_factor(a, q) for q in p] for a in n])
    assert np.array_equal(together, alone)
    assert together.shape == (n.size, p.size)
    assert np.array_equal(learning.cumulative_factor(n, 1.0), n)  # p = 1: exactly N
    assert learning.cumulative_factor(np.zeros(3), p[:3]).tolist() == [0.0, 0.0, 0.0]
    assert np.ndim(learning.cumulative_factor(3.0, 0.9)) == 0


def test_infinitely_many_units_cost_infinitely_much_unless_the_series_converges():
    # sum n^b diverges for b >= -1 (p >= 0.5) and converges for b < -1: zeta(-b) at p = 0.25
    # (b = -2): pi^2/6 to the Euler-Maclaurin bound; p = 1: exactly inf
    import math

    assert float(learning.cumulative_factor(np.inf, 0.85)) == np.inf
    assert float(learning.cumulative_factor(np.inf, 0.5)) == np.inf
    assert float(learning.cumulative_factor(np.inf, 1.0)) == np.inf
    assert float(learning.cumulative_factor(np.inf, 0.25)) == pytest.approx(math.pi ** 2 / 6, abs=2e-10)
