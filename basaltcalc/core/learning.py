r"""Learning curves: Wright's law on repeated units (numpy core).

Wright's law (T. P. Wright, "Factors affecting the cost of airplanes", J. Aeronaut. Sci. 3(4),
1936): each doubling of the cumulative number of units multiplies the cost of a unit by the
learning rate ``p``,

.. math:: c_n = c_1\,n^{b}, \qquad b = \log_2 p,

so ``p = 1`` means no learning.  TRANSCOST writes the same law as its cost reduction factor
:math:`f_4 = n^{\ln p / \ln 2}` (Koelle, TRANSCOST 8.2, as implemented in lvreuse).
"""
from __future__ import annotations

import numpy as np

__all__ = ["unit_factor", "cumulative_factor", "average_factor"]

#: Units summed term by term before the remainder is integrated (midpoint rule).
_EXACT_TERMS = 16


def unit_factor(n, rate):
    r"""Cost of the ``n``-th unit relative to the first, :math:`n^{\log_2 p}`.

    Parameters
    ----------
    n : array_like
        Unit number, >= 1. [-]
    rate : array_like
        Learning rate ``p`` in (0, 1]. [-]

    Returns
    -------
    ndarray
        The factor on the first unit's cost. [-]

    Examples
    --------
    >>> # p = 0.85: unit 1 -> 1, unit 2 -> 0.85, unit 4 -> 0.85^2 = 0.7225
    >>> [round(float(unit_factor(n, 0.85)), 12) for n in (1, 2, 4)]
    [1.0, 0.85, 0.7225]
    """
    return np.power(np.asarray(n, dtype=np.float64), np.log2(np.asarray(rate, dtype=np.float64)))


def cumulative_factor(n_units, rate):
    r"""Cost of the first ``n_units`` units relative to the first, :math:`\sum_{n=1}^{N} n^{b}`.

    Parameters
    ----------
    n_units : array_like
        Number of units ``N``, >= 0. [-]
    rate : array_like
        Learning rate ``p`` in (0, 1]. [-]

    Returns
    -------
    ndarray
        The sum, in units of the first unit's cost. [-]

    Notes
    -----
    Exact for whole ``N`` up to 16 (the sum itself); above, the first 16 terms exactly plus the
    midpoint-rule integral :math:`\int_{16.5}^{N+1/2} x^b\,dx` with its first two
    Euler-Maclaurin corrections, :math:`-\frac{1}{24}[f']` and :math:`+\frac{7}{5760}[f''']`
    (the next term is below 2e-10 of the first unit for p >= 0.5).  A fractional ``N`` counts
    its last unit pro rata, at every ``N``.  ``p = 1`` gives exactly ``N``.

    The terms :math:`k^b` are computed on the shape of ``rate`` only, for ``k`` up to the largest
    whole ``N`` given (none for ``N < 1``), as :math:`e^{b \ln q}` for the primes ``q`` and
    products of those for the rest (6 exponentials for all 16); the integral's powers of
    :math:`N + 1/2` share one exponential.

    Examples
    --------
    >>> # p = 0.85, four units: 1 + 0.85 + 3^log2(0.85) + 0.7225 = 1 + 0.85 + 0.772915 + 0.7225
    >>> round(float(cumulative_factor(4, 0.85)), 6)
    3.345415
    >>> float(cumulative_factor(7.0, 1.0))
    7.0
    """
    n_units = np.asarray(n_units, dtype=np.float64)
    b = np.log2(np.asarray(rate, dtype=np.float64))
    whole = np.floor(n_units)
    top = float(np.fmax.reduce(whole, axis=None, initial=0.0))  # NaN counts are ignored here
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        total = _head(whole, b, int(min(top, _EXACT_TERMS)))
        if not np.all((n_units == whole) & (whole >= 0)):  # the fraction of the next unit, pro rata
            total = total + (n_units - whole) * np.exp(b * np.log(whole + 1.0))
        if top > _EXACT_TERMS:
            total = total + np.where(whole > _EXACT_TERMS, _tail(whole, b), 0.0)
    # no learning: exactly N (the midpoint rule is exact too, this only removes rounding)
    total = np.where(b == 0.0, n_units, total)
    return total[()] if total.ndim == 0 else total


#: k -> (i, j) with k = i * j, for the composite k <= 16 (the primes are exponentials).
_PRODUCTS = {4: (2, 2), 6: (2, 3), 8: (4, 2), 9: (3, 3), 10: (2, 5), 12: (4, 3), 14: (2, 7),
             15: (3, 5), 16: (8, 2)}


def _head(whole, b, kmax):
    r""":math:`\sum_{k=1}^{\min(W, k_{max})} k^b` for whole counts ``W`` (0 where ``W < 1``). [-]"""
    power = {1: b * 0.0 + 1.0}  # 1^b = exp(0 b): 1, NaN for a NaN or infinite b
    for k in range(2, kmax + 1):
        i, j = _PRODUCTS.get(k, (k, None))
        power[k] = power[i] * power[j] if j else np.exp(b * np.log(k))
    head = np.zeros(np.broadcast_shapes(whole.shape, b.shape))
    least = np.min(whole, initial=np.inf)  # NaN if a count is: the masks then
    for k in range(1, kmax + 1):  # a product with the mask (faster than where=), if some W < k
        head += power[k] if k <= least else power[k] * (whole >= k)
    return head


def _tail(whole, b):
    r"""The midpoint-rule integral :math:`\int_{16.5}^{W+1/2} x^b\,dx` with its Euler-Maclaurin
    corrections :math:`-\frac{b}{24}[x^{b-1}] + \frac{7 b (b-1)(b-2)}{5760}[x^{b-3}]` (see
    :func:`cumulative_factor`), for ``W > 16``. [-]"""
    lo = _EXACT_TERMS + 0.5
    hi = np.maximum(whole + 0.5, lo)
    ln_hi, ln_lo, e = np.log(hi), np.log(lo), b + 1.0
    hi_e, lo_e = np.exp(e * ln_hi), np.exp(e * ln_lo)
    if np.all(b <= 0.0):  # hi^e <= hi: the lower powers by division, without overflow
        hi_1 = hi_e / hi / hi
        hi_3 = hi_1 / hi / hi
        if np.isinf(hi).any():  # N infinite: both powers are 0 there (b - 1 < 0), not inf/inf
            hi_1, hi_3 = (np.where(np.isinf(hi), 0.0, v) for v in (hi_1, hi_3))
    else:
        hi_1, hi_3 = np.exp((b - 1.0) * ln_hi), np.exp((b - 3.0) * ln_hi)
    tail = np.where(np.abs(e) > 1e-12, (hi_e - lo_e) / np.where(e == 0, 1.0, e), ln_hi - ln_lo)
    tail = tail - b / 24.0 * (hi_1 - lo_e / lo ** 2)
    return tail + 7.0 / 5760.0 * b * (b - 1.0) * (b - 2.0) * (hi_3 - lo_e / lo ** 4)


def average_factor(n_units, rate):
    r"""Mean cost of the first ``n_units`` units relative to the first, :math:`\frac{1}{N}\sum n^b`.

    Parameters
    ----------
    n_units : array_like
        Number of units ``N``, >= 0. [-]
    rate : array_like
        Learning rate ``p`` in (0, 1]. [-]

    Returns
    -------
    ndarray
        The mean factor; 1 where ``N`` is 0 (nothing to average). [-]

    Examples
    --------
    >>> round(float(average_factor(4, 0.85)), 6)  # 3.345415 / 4
    0.836354
    """
    n_units = np.asarray(n_units, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(n_units > 0, cumulative_factor(n_units, rate) / n_units, 1.0)
    return out[()] if out.ndim == 0 else out
