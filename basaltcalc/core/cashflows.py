r"""Dated cash flows on a yearly time axis, discounting, discounted payback and IRR (numpy core).

A cash-flow array has the broadcast shape of the points followed by one trailing time axis of
``n_years`` yearly bins; bin ``k`` holds what is paid in ``[k, k+1)`` years from the start of
the programme (time 0 is the start of development).  Times are in seconds like every core
time, the bins one (Julian) year :data:`YEAR` wide.  Every function broadcasts over the
leading axes and never loops over points.

Discounting at a real rate ``r`` per year (issue 9): a flow paid ``t`` seconds from the start
counts :math:`(1+r)^{-t/Y}`; a yearly bin is discounted at its middle, ``t = (k + 1/2) Y``, so
flows spread evenly over a year are discounted to second order in ``r``.  At ``r = 0`` every
factor is exactly 1, so the NPV is the plain sum of the flows: the undiscounted total.
"""
from __future__ import annotations

import numpy as np

__all__ = ["spread", "bin_times", "discount_factors", "npv", "cumulative_crossing",
           "discounted_payback", "irr", "YEAR"]

#: One year (Julian, as pint's ``year``). [s]
YEAR = 365.25 * 86400.0


def bin_times(n_years):
    """Middle of each yearly bin of the time axis.

    Parameters
    ----------
    n_years : int
        Number of yearly bins. [-]

    Returns
    -------
    ndarray
        ``(k + 1/2) * YEAR`` for ``k = 0 .. n_years-1``. [s]

    Examples
    --------
    >>> (bin_times(3) / YEAR).tolist()
    [0.5, 1.5, 2.5]
    """
    return (np.arange(int(n_years), dtype=np.float64) + 0.5) * YEAR


def spread(amount, start, duration, n_years):
    r"""Spread ``amount`` evenly over ``[start, start + duration)`` into yearly bins.

    Parameters
    ----------
    amount : array_like
        What is paid in all. [USD]
    start : array_like
        When the payments start, from the start of the programme. [s]
    duration : array_like
        Over how long they are paid; 0 pays everything at ``start``. [s]
    n_years : int
        Number of yearly bins of the time axis. [-]

    Returns
    -------
    ndarray
        Shape ``broadcast(amount, start, duration) + (n_years,)``; bin ``k`` holds the share
        paid in ``[k, k+1)`` years; the last bin also holds what is paid after the axis ends
        (and the first what falls before 0), so the bins always sum to ``amount``. [USD]

    Notes
    -----
    .. math:: f_k = A\,\frac{\max(0, \min(e, k+1) - \max(s, k))}{e - s}, \quad e = s + d

    in years; a zero duration puts ``A`` in bin ``floor(s)``.

    Examples
    --------
    >>> # 30 over [0.5, 2.0) years: 10 in [0.5, 1), 20 in [1, 2)
    >>> spread(30.0, 0.5 * YEAR, 1.5 * YEAR, 3).tolist()
    [10.0, 20.0, 0.0]
    >>> spread(7.0, 1.0 * YEAR, 0.0, 3).tolist()
    [0.0, 7.0, 0.0]
    """
    amount = np.asarray(amount, dtype=np.float64)[..., None]
    start = np.asarray(start, dtype=np.float64)[..., None] / YEAR
    duration = np.asarray(duration, dtype=np.float64)[..., None] / YEAR
    n = int(n_years)
    k = np.arange(n, dtype=np.float64)
    lower = np.where(k == 0, -np.inf, k)
    upper = np.where(k == n - 1, np.inf, k + 1.0)
    end = start + duration
    with np.errstate(divide="ignore", invalid="ignore"):
        overlap = np.clip(np.minimum(end, upper) - np.maximum(start, lower), 0.0, None)
        at = np.clip(np.floor(start), 0, n - 1)
        share = np.where(duration > 0, overlap / duration, (at == k).astype(np.float64))
    return amount * share


def discount_factors(rate, n_years):
    r"""Discount factor of each yearly bin, :math:`(1+r)^{-(k+1/2)}`.

    Parameters
    ----------
    rate : array_like
        Real discount rate per year, > -1. [-]
    n_years : int
        Number of yearly bins. [-]

    Returns
    -------
    ndarray
        Shape ``rate.shape + (n_years,)``; exactly 1.0 everywhere at ``r = 0``. [-]

    Examples
    --------
    >>> [round(v, 6) for v in discount_factors(0.1, 2).tolist()]
    [0.953463, 0.866784]
    """
    rate = np.asarray(rate, dtype=np.float64)[..., None]
    return np.power(1.0 + rate, -(bin_times(n_years) / YEAR))


def npv(flows, times, rate):
    r"""Net present value of dated cash flows, :math:`\sum_k F_k\,(1+r)^{-t_k/Y}`.

    Parameters
    ----------
    flows : array_like
        Amounts, with the time axis last. [USD]
    times : array_like
        When each is paid, broadcasting against ``flows``. [s]
    rate : array_like
        Real discount rate per year, > -1; broadcasts over the leading axes. [-]

    Returns
    -------
    ndarray
        The NPV, in the shape of the leading axes. [USD]

    Examples
    --------
    >>> # -100 now, +60 in 1 year, +60 in 2 years at 10 %: -100 + 54.5454 + 49.5868 = 4.1322
    >>> round(float(npv([-100.0, 60.0, 60.0], [0.0, YEAR, 2 * YEAR], 0.1)), 4)
    4.1322
    """
    rate = np.asarray(rate, dtype=np.float64)[..., None]
    years = np.asarray(times, dtype=np.float64) / YEAR
    return np.sum(np.asarray(flows, dtype=np.float64) * np.power(1.0 + rate, -years), axis=-1)


def cumulative_crossing(net):
    r"""First time at which the cumulative sum of yearly ``net`` flows reaches zero from below.

    Parameters
    ----------
    net : array_like
        Yearly net gains (savings), time axis last. [USD]

    Returns
    -------
    ndarray
        Time from the start of the programme, interpolated linearly inside the year in which
        the cumulative sum turns non-negative (exact where that year's flows are spread evenly);
        0 where it is never negative; ``inf`` where it is still negative at the end. [s]

    Examples
    --------
    >>> # cumulative -10, -4, +2: crosses 4/6 of the way through year 2
    >>> round(float(cumulative_crossing([-10.0, 6.0, 6.0]) / YEAR), 6)
    2.666667
    """
    net = np.asarray(net, dtype=np.float64)
    n = net.shape[-1]
    cum = np.cumsum(net, axis=-1)
    negative = cum < 0
    any_negative = negative.any(axis=-1)
    k = np.where(any_negative, n - np.argmax(negative[..., ::-1], axis=-1), 0)  # year after the last negative
    kc = np.minimum(k, n - 1)[..., None]
    before = np.take_along_axis(cum - net, kc, axis=-1)[..., 0]
    step = np.take_along_axis(net, kc, axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(step > 0, np.clip(-before / step, 0.0, 1.0), 0.0)
    years = np.where(k >= n, np.inf, k + frac)
    out = np.where(any_negative, years, 0.0) * YEAR
    return out[()] if out.ndim == 0 else out


def discounted_payback(savings, rate):
    r"""Discounted payback time of the yearly ``savings`` (Earth minus in-situ flows).

    Parameters
    ----------
    savings : array_like
        Yearly Earth-minus-in-situ flows, time axis last. [USD]
    rate : array_like
        Real discount rate per year, > -1. [-]

    Returns
    -------
    ndarray
        When the cumulative discounted savings :math:`\sum_k S_k (1+r)^{-(k+1/2)}` turn
        non-negative (:func:`cumulative_crossing`).  At ``r = 0`` the undiscounted payback; for
        a stream negative first and positive later it is not shorter at any positive rate. [s]

    Examples
    --------
    >>> round(float(discounted_payback([-10.0, 6.0, 6.0], 0.0) / YEAR), 6)
    2.666667
    >>> bool(discounted_payback([-10.0, 6.0, 6.0], 0.1) / YEAR > 2.666667)
    True
    """
    savings = np.asarray(savings, dtype=np.float64)
    return cumulative_crossing(savings * discount_factors(rate, savings.shape[-1]))


def irr(savings, iterations=80, low=-0.99, high=100.0):
    r"""Internal rate of return of the yearly ``savings`` stream (in-situ chosen over Earth).

    Parameters
    ----------
    savings : array_like
        Yearly Earth-minus-in-situ flows, time axis last. [USD]
    iterations : int
        Halvings of the bracket. [-]
    low, high : float
        Bracket of the rate searched. [-]

    Returns
    -------
    ndarray
        The rate per year at which :math:`\sum_k S_k (1+r)^{-(k+1/2)} = 0`; ``inf`` where no
        year has negative savings (in-situ never costs more); ``nan`` where no year has
        positive savings (nothing is ever earned back) or the root lies outside the bracket.
        With one change of sign (invest, then save) the root is unique. [-]

    Notes
    -----
    Bisection on :math:`x = \ln(1+r)` for all points at once: each of the ``iterations`` steps
    is one numpy operation on every point; there is no loop over points.

    Examples
    --------
    >>> # -100 in year 0, +121 in year 2: (1+r)^2 = 1.21, r = 0.1
    >>> round(float(irr([-100.0, 0.0, 121.0])), 9)
    0.1
    """
    s = np.asarray(savings, dtype=np.float64)
    t = np.arange(s.shape[-1], dtype=np.float64)  # the common factor (1+r)^-1/2 does not move the root

    def value(x):
        # NPV times exp(x * ref), ref = last year for x < 0: the same sign, every exponent <= 0
        ref = np.where(x < 0, t[-1], 0.0)[..., None]
        return np.sum(s * np.exp(-x[..., None] * (t - ref)), axis=-1)

    lead = s.shape[:-1]
    lo = np.full(lead, np.log1p(low))
    hi = np.full(lead, np.log1p(high))
    v_lo, v_hi = value(lo), value(hi)
    bracketed = np.sign(v_lo) * np.sign(v_hi) <= 0
    rising = v_hi > v_lo
    for _ in range(int(iterations)):
        mid = 0.5 * (lo + hi)
        up = (value(mid) < 0) == rising  # the root lies above mid
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    root = np.expm1(0.5 * (lo + hi))
    has_pos = (s > 0).any(axis=-1)
    has_neg = (s < 0).any(axis=-1)
    out = np.where(bracketed, root, np.nan)
    out = np.where(has_pos & ~has_neg, np.inf, out)
    out = np.where(~has_pos, np.nan, out)
    return out[()] if out.ndim == 0 else out
