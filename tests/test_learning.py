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
