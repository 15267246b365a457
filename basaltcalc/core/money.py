r"""Money over time (issue 9): the dated cash flows of both options, in closed form (numpy core).

Each option pays a few *blocks*: an amount :math:`A` spread evenly over :math:`[s, s+d)`
(``d = 0``: all of it at ``s``).  Time 0 is the start of the in-situ plant's development, the
programme's first launch comes a development time :math:`D` later:

* in-situ: development :math:`C_{dev}` over :math:`[0, D)`; the first plant and power system,
  bought and landed, :math:`C_{land}` over :math:`[D, D + L)` (their flights at the cadence);
  everything else (operations, spares, replacements, consumables and their landing),
  :math:`C_i - C_{dev} - C_{land}`, over the campaign :math:`[D + t_1, D + t_1 + T)` from the
  first product :math:`t_1` on;
* Earth: the whole cost :math:`C_e` over its deliveries at the flight cadence,
  :math:`[D, D + T_e)` (paid flight by flight, from the same first launch).

Discounting is continuous at a real rate :math:`r` per year, :math:`\lambda = \ln(1+r)`: a block
is worth

.. math:: PV = A\,\frac{v^s - v^{s+d}}{d\,\lambda} = A\,e^{-\lambda s}\,\varphi(\lambda d),
          \qquad \varphi(x) = \frac{1 - e^{-x}}{x},\ \varphi(0) = 1

(:math:`v = 1/(1+r)`), computed with ``expm1`` so that small rates lose no digits; at ``r = 0``
the NPV is the undiscounted total exactly (it is taken as that total).  The NPV is one formula
per block; no time axis is built.

That is the ``continuous`` convention (``economics.discounting``, :data:`CONVENTIONS`), the
exact present value of flows spread evenly over time.  Papers and spreadsheets discount by the
year instead: what a block spends in year :math:`k` of the programme, :math:`[k, k+1)`, is paid
at :math:`k + \delta` with :math:`\delta` = 1 (``end-of-year``), 1/2 (``mid-year``) or 0
(``start-of-year``) (:data:`PAYMENT_POINTS`).  A block then is worth

.. math:: PV = \frac{A}{d}\,v^{\delta}\int_s^{s+d} v^{\lfloor\tau\rfloor}\,d\tau
          = \frac{A}{d}\,v^{\delta}\Big[(n_s + 1 - s)\,v^{n_s}
            + \sum_{k=n_s+1}^{n_e-1} v^k + (e - n_e)\,v^{n_e}\Big]

(:math:`e = s + d`, :math:`n = \lfloor\cdot\rfloor`; the sum is a geometric series in closed
form, :func:`_year_weights`), still one formula per block.  A payment at one instant
(``d = 0``) is discounted at that instant, :math:`v^s`, in every convention: it needs none.  At
``r = 0`` every convention gives the undiscounted total; at ``r > 0`` a year's spend is worth
most paid at its start and least at its end (start >= mid >= end, continuous between start and
end).  Cumulative values :math:`S(t)` are the same integral up to
``t``; the yearly table (:func:`yearly`) holds in each bin the exact integral over that bin, so
its bins sum to the closed form.

Payback (:func:`discounted_payback`): between two consecutive block boundaries the cumulative
discounted savings are :math:`S(t) = S(a) + \rho\,v^a g(t - a)`, :math:`g(\tau) = \tau\,
\varphi(\lambda\tau)`, monotone, so the last crossing from below is found in closed form from
:math:`S` at the boundaries: no iteration; with a year convention :math:`S` is linear in each
year between boundaries (the spreadsheet's interpolation within a year) and the crossing comes
from the inverse of the discounted time :math:`W(t) = \int_0^t v^{\lfloor\tau\rfloor}d\tau`, in
closed form too.  The IRR (:func:`irr`) is a bracketed root of the savings' NPV over
:math:`x = \ln(1+r)`: continuous, Newton's method on the log ratio of what in-situ saves to
what it spends (about four evaluations a point); a year convention, Illinois false position.
"""
from __future__ import annotations

import math

import numpy as np

from .cashflows import YEAR
from .economics import gatherer

__all__ = ["schedule", "discount_factor", "block_pv", "option_npvs", "npv", "cumulative", "discounted_payback", "irr", "yearly",
           "payment_point", "IRR_DOMAIN", "YEAR", "CONVENTIONS", "PAYMENT_POINTS"]

#: Rates searched by :func:`irr`: -99 % to +10 000 % a year. [-]
IRR_DOMAIN = (-0.99, 100.0)
#: Discounting conventions (``economics.discounting``); the core takes the index of one. [-]
CONVENTIONS = ("continuous", "end-of-year", "mid-year", "start-of-year")
#: Where in its programme year :math:`[k, k+1)` each convention pays that year's spend, as the
#: fraction of the year :math:`\delta` (NaN: continuous, every instant at its own time). [-]
PAYMENT_POINTS = (np.nan, 1.0, 0.5, 0.0)
#: Durations below which :func:`irr`'s Newton steps check :math:`|x| d` for an underflow to 0
#: (where :math:`\varphi` is then its limit 1, not 0/0): below it a root :math:`|x|` of
#: 5e-124 per second may underflow, above it none can. [s]
SHORT = 1e-200
#: Bisection steps of :func:`irr` before false position takes over (the bracket in ln(1+r) then
#: spans ~1e-3, where the savings are close to linear). [-]
BISECTIONS = 12


def _phi(x):
    """(1 - exp(-x)) / x, exactly 1 at x = 0 (``expm1``: no cancellation for small x)."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if x.ndim == 0:
            return np.where(x == 0.0, 1.0, -np.expm1(-x) / x)
        out = np.expm1(np.negative(x))  # in place from here: the hot path of irr and payback
        np.divide(out, x, out=out)
        np.negative(out, out=out)
        out[x == 0.0] = 1.0
        return out


def _psi(y):
    """-log(1 - y) / y, exactly 1 at y = 0: the inverse of :func:`_phi`'s integral."""
    y = np.asarray(y, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 0.0, 1.0, -np.log1p(-y) / y)


def _lam(rate):
    """Continuous rate per second, ln(1 + r) / year. [1/s]"""
    return np.log1p(np.asarray(rate, dtype=np.float64)) / YEAR


def payment_point(convention):
    r"""The fraction of its year :math:`\delta` at which ``convention`` pays a year's spend. [-]

    Parameters
    ----------
    convention : array_like
        Index into :data:`CONVENTIONS` (0 continuous, 1 end-of-year, 2 mid-year, 3
        start-of-year). [-]

    Returns
    -------
    ndarray
        :data:`PAYMENT_POINTS` at the index: 1, 0.5 or 0; NaN for continuous. [-]

    Examples
    --------
    >>> payment_point([0, 1, 2, 3]).tolist()
    [nan, 1.0, 0.5, 0.0]
    """
    return np.take(np.array(PAYMENT_POINTS), np.asarray(convention).astype(np.int64))


def _geometric(x, first, m, anchor):
    r""":math:`\sum_{k=n}^{n+m-1} e^{x(T-k)}` for ``m >= 0`` whole years from year ``n`` =
    ``first`` (``T`` = ``anchor``), in closed form with ``expm1``; every exponent is <= 0 for
    ``x >= 0`` with ``T <= n`` and for ``x < 0`` with ``T >= n + m - 1`` (no overflow). [year]"""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        up = np.exp(x * (anchor - first)) * np.expm1(-x * m) / np.expm1(-x)
        down = np.exp(x * (anchor - first - m + 1.0)) * np.expm1(x * m) / np.expm1(x)
    return np.where(x > 0, up, np.where(x < 0, down, m))


def _year_weights(a, d, x, delta, anchor=0.0):
    r"""Discounted time of ``[a, a + d)`` [year] with each year's part paid at :math:`k + \delta`,

    .. math:: \int_a^{a+d} e^{x(T - \lfloor\tau\rfloor - \delta)}\,d\tau

    (``x = ln(1 + r)`` [1/year], ``T`` = ``anchor``; ``T = 0`` gives the discount factors
    themselves, a ``T`` at or past the last payment keeps every exponent <= 0 for ``x < 0``):
    the first part-year, the whole years (:func:`_geometric`) and the last part-year; within
    one year ``d`` itself (so that a duration below the spacing of floats at ``a`` still
    counts). [year]"""
    a = np.asarray(a, dtype=np.float64)
    b = a + d
    na, nb = np.floor(a), np.floor(b)
    same = na == nb
    m = np.maximum(nb - na - 1.0, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        first = np.where(same, d, na + 1.0 - a) * np.exp(x * (anchor - na - delta))
        last = np.where(b > nb, (b - nb) * np.exp(x * (anchor - nb - delta)), 0.0)  # no 0 x inf
        rest = _geometric(x, na + 1.0, m, anchor - delta) + last
    return first + np.where(same, 0.0, rest)


def _stepped_factor(start, duration, x, delta, anchor=0.0):
    r"""Present value of 1 USD spread over ``[start, start + duration)`` [year] in a year
    convention (``delta``), times :math:`e^{xT}`; a payment at one instant (``duration`` 0) at
    that instant.  Exactly 1 where ``x`` is 0. [-]"""
    start = np.asarray(start, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        year = np.floor(start)
        # within one year the factor is that year's, whatever the duration (no d/d: a duration
        # of a few ulps would underflow)
        within = np.floor(start + duration) == year
        spread = np.where(within, np.exp(x * (anchor - year - delta)),
                          _year_weights(start, duration, x, delta, anchor) / duration)
        at_once = np.exp(x * (anchor - start))
    out = np.where(np.greater(duration, 0.0), spread, at_once)
    return np.where(np.equal(x, 0.0), 1.0, out)


def _continuous(convention) -> bool:
    """True where every point of ``convention`` is continuous (the common case: one path)."""
    return not np.any(np.asarray(convention) != 0)


def schedule(ddte, development_time, first_cost, first_time, first_product_time, campaign,
             insitu_total, earth_total, earth_time):
    r"""The blocks ``(amount, start, duration)`` of both options. [USD, s, s]

    Parameters
    ----------
    ddte : array_like
        Development charged to the campaign, :math:`C_{dev}`. [USD]
    development_time : array_like
        Start of development to the first launch, :math:`D`. [s]
    first_cost, first_time : array_like
        First plant and power system bought and landed [USD], and their flights at the
        cadence, :math:`L` [s].
    first_product_time, campaign : array_like
        First launch to first product, :math:`t_1`, and the campaign, :math:`T`. [s]
    insitu_total, earth_total : array_like
        Undiscounted totals of each option. [USD]
    earth_time : array_like
        Earth deliveries at the cadence, :math:`T_e`. [s]

    Returns
    -------
    dict
        Option -> its blocks: ``insitu`` development, first landing, campaign; ``earth`` its
        deliveries; each block a tuple ``(amount, start, duration)``. [SI]

    Examples
    --------
    >>> b = schedule(1.0, 2.0, 3.0, 1.0, 1.5, 4.0, 10.0, 12.0, 6.0)
    >>> [float(v) for v in b["insitu"][2]], [float(v) for v in b["earth"][0]]
    ([6.0, 3.5, 4.0], [12.0, 2.0, 6.0])
    """
    start = np.asarray(development_time, dtype=np.float64)
    running = np.subtract(insitu_total, np.add(ddte, first_cost))
    return {"insitu": [(ddte, 0.0, start), (first_cost, start, first_time),
                       (running, start + first_product_time, campaign)],
            "earth": [(earth_total, start, earth_time)]}


def discount_factor(start, duration, rate, convention=0):
    r"""Present value of 1 USD spread evenly over ``[start, start + duration)``.

    Parameters
    ----------
    start, duration : array_like
        From the start of the programme; ``duration`` 0 pays all at ``start``. [s]
    rate : array_like
        Real discount rate per year, > -1. [-]
    convention : array_like
        Index into :data:`CONVENTIONS`: 0 continuous (default), 1 end-of-year, 2 mid-year,
        3 start-of-year. [-]

    Returns
    -------
    ndarray
        Continuous: :math:`e^{-\lambda s}\varphi(\lambda d)`; a year convention: each year's
        share paid at :math:`k + \delta` (module docstring); exactly 1 at ``rate`` 0. [-]

    Examples
    --------
    >>> # 1 at year 1 at 25 %: 1/1.25
    >>> round(float(discount_factor(YEAR, 0.0, 0.25)), 15)
    0.8
    >>> # 1 spread over years [0, 2) at 25 %, end of year: (1/1.25 + 1/1.25^2)/2 = 0.72
    >>> round(float(discount_factor(0.0, 2 * YEAR, 0.25, convention=1)), 15)
    0.72
    """
    start = np.asarray(start, dtype=np.float64)
    duration = np.asarray(duration, dtype=np.float64)
    if not _continuous(convention):
        x = np.log1p(np.asarray(rate, dtype=np.float64))
        stepped = _stepped_factor(start / YEAR, duration / YEAR, x, payment_point(convention))
        if np.all(np.asarray(convention) != 0):
            return stepped
    lam = _lam(rate)
    with np.errstate(over="ignore", invalid="ignore"):
        smooth = np.exp(-lam * start) * _phi(lam * duration)
    return smooth if _continuous(convention) else np.where(np.equal(convention, 0), smooth, stepped)


def block_pv(amount, start, duration, rate, convention=0):
    r"""Present value of ``amount`` spread evenly over ``[start, start + duration)``.

    .. math:: PV = A\,(1+r)^{-s/Y}\,\varphi(\lambda d), \quad \lambda = \ln(1+r)/Y

    (continuous; the year conventions: :func:`discount_factor`).

    Parameters
    ----------
    amount : array_like
        [USD]
    start, duration : array_like
        From the start of the programme; ``duration`` 0 pays all at ``start``. [s]
    rate : array_like
        Real discount rate per year, > -1. [-]
    convention : array_like
        Index into :data:`CONVENTIONS` (0: continuous). [-]

    Returns
    -------
    ndarray
        The present value, 0 where ``amount`` is 0 (even where the factor overflows). [USD]

    Examples
    --------
    >>> # 100 over years [1, 3) at 10 %: 100 (1.1^-1 - 1.1^-3) / (2 ln 1.1) = 82.7698
    >>> round(float(block_pv(100.0, YEAR, 2 * YEAR, 0.1)), 4)
    82.7698
    >>> float(block_pv(100.0, YEAR, 0.0, 0.1)) == 100 / 1.1
    True
    >>> # mid-year: 50 at 1.5 and 50 at 2.5 years: 50 (1.1^-1.5 + 1.1^-2.5) = 82.7385
    >>> round(float(block_pv(100.0, YEAR, 2 * YEAR, 0.1, convention=2)), 4)
    82.7385
    """
    with np.errstate(over="ignore", invalid="ignore"):
        value = np.multiply(amount, discount_factor(start, duration, rate, convention))
    return np.where(np.equal(amount, 0.0), 0.0, value)


def npv(blocks, rate, total=None, convention=0):
    r"""NPV of one option's blocks, :math:`\sum_j A_j e^{-\lambda s_j}\varphi(\lambda d_j)`
    (continuous; the year conventions: :func:`discount_factor`).

    Parameters
    ----------
    blocks : sequence of tuple
        ``(amount [USD], start [s], duration [s])`` each. [SI]
    rate : array_like
        Real discount rate per year, > -1. [-]
    total : array_like, optional
        The undiscounted total, returned exactly where ``rate`` is 0. [USD]
    convention : array_like
        Index into :data:`CONVENTIONS` (0: continuous). [-]

    Returns
    -------
    ndarray
        The NPV. [USD]

    Examples
    --------
    >>> blocks = [(100.0, 0.0, 0.0), (50.0, YEAR, 0.0)]
    >>> float(npv(blocks, 0.0)), round(float(npv(blocks, 0.25)), 6)
    (150.0, 140.0)
    """
    value = 0.0
    for amount, start, duration in blocks:
        value = value + block_pv(amount, start, duration, rate, convention)
    if total is not None:
        value = np.where(np.equal(rate, 0.0), total, value)
    return value


def option_npvs(ddte, development_time, first_cost, first_time, first_product_time, campaign,
                insitu_total, earth_total, earth_time, rate, convention=0):
    r"""NPVs of both options of :func:`schedule`'s blocks.

    Parameters
    ----------
    ddte, first_cost, insitu_total, earth_total : array_like
        As for :func:`schedule`. [USD]
    development_time, first_time, first_product_time, campaign, earth_time : array_like
        As for :func:`schedule`. [s]
    rate : array_like
        Real discount rate per year, > -1. [-]
    convention : array_like
        Index into :data:`CONVENTIONS` (0: continuous). [-]

    Returns
    -------
    tuple of ndarray
        ``(earth, insitu)`` NPVs. [USD]

    Notes
    -----
    The hot path of the money stage: one discount factor per block, from the times only (often
    far fewer points than the amounts), then

    .. math:: NPV_i = C_i f_{run} + C_{dev}(f_{dev} - f_{run}) + C_{land}(f_{land} - f_{run}),
              \qquad NPV_e = C_e f_e

    (the running amount :math:`C_i - C_{dev} - C_{land}` is never formed).  At ``r = 0`` every
    factor is exactly 1, so the NPVs are the totals bit for bit.  Where a factor overflows (a
    negative rate over a long programme) the blocks are summed one by one (:func:`npv`).

    Examples
    --------
    >>> [float(v) for v in option_npvs(1.0, 2.0, 3.0, 1.0, 1.5, 4.0, 10.0, 12.0, 6.0, 0.0)]
    [12.0, 10.0]
    """
    start = np.asarray(development_time, dtype=np.float64)
    f_dev = discount_factor(0.0, start, rate, convention)
    f_land = discount_factor(start, first_time, rate, convention)
    f_run = discount_factor(start + first_product_time, campaign, rate, convention)
    f_e = discount_factor(start, earth_time, rate, convention)
    if not all(np.all(np.isfinite(f)) for f in (f_dev, f_land, f_run, f_e)):
        b = schedule(ddte, development_time, first_cost, first_time, first_product_time, campaign,
                     insitu_total, earth_total, earth_time)
        return (npv(b["earth"], rate, earth_total, convention),
                npv(b["insitu"], rate, insitu_total, convention))
    insitu = insitu_total * f_run + ddte * (f_dev - f_run) + first_cost * (f_land - f_run)
    return earth_total * f_e, insitu


def cumulative(blocks, rate, t, convention=0):
    r"""Discounted value of what one option has paid by time ``t`` (right-continuous).

    Parameters
    ----------
    blocks : sequence of tuple
        ``(amount [USD], start [s], duration [s])`` each, broadcasting against ``t``. [SI]
    rate : array_like
        Real discount rate per year, > -1. [-]
    t : array_like
        Time from the start of the programme. [s]
    convention : array_like
        Index into :data:`CONVENTIONS` (0: continuous). [-]

    Returns
    -------
    ndarray
        What has been paid by ``t``, discounted. [USD]

    Notes
    -----
    .. math:: S(t) = \sum_j A_j\,e^{-\lambda s_j}\,\frac{\tau_j}{d_j}\,\varphi(\lambda\tau_j),
              \quad \tau_j = \min(\max(t - s_j, 0), d_j)

    (a zero-duration block counts in full from ``t = s_j`` on).  In a year convention the
    share :math:`\tau_j/d_j` accrued by ``t`` is discounted as :func:`discount_factor` of
    :math:`[s_j, s_j + \tau_j)`: linear in ``t`` within each year of the programme.

    Examples
    --------
    >>> # 30 over years [0, 3): a third by year 1 undiscounted
    >>> float(cumulative([(30.0, 0.0, 3 * YEAR)], 0.0, YEAR))
    10.0
    >>> # end of year at 25 %: 10/1.25 by year 1, half of year 2's 10/1.25^2 by year 1.5
    >>> round(float(cumulative([(30.0, 0.0, 3 * YEAR)], 0.25, 1.5 * YEAR, convention=1)), 12)
    11.2
    """
    return _accrued_value([block[0] for block in blocks], _accruals(blocks, rate, t, convention))


def _accruals(blocks, rate, t, convention=0):
    r"""``(share, factor)`` of each block ``(amount, start [s], duration [s])`` by time ``t`` [s]
    (:func:`cumulative`): the share paid by ``t``, :math:`\tau/d` (a zero-duration block 1 from
    its start on), and its discounted value per USD of the block,
    :math:`e^{-\lambda s}\,(\tau/d)\,\varphi(\lambda\tau)` (a year convention: the share times
    :func:`discount_factor` of :math:`[s, s + \tau)`); at the shape of the times and the rate,
    no amount. [-]"""
    t = np.asarray(t, dtype=np.float64)
    smooth = _continuous(convention)
    lam = _lam(rate) if smooth else None
    out = []
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _, start, duration in blocks:
            tau = np.clip(t - start, 0.0, duration)
            share = np.where(np.greater(duration, 0.0), tau / duration, t >= start)
            if smooth:
                out.append((share, np.exp(-lam * start) * share * _phi(lam * tau)))
            else:
                out.append((share, share * discount_factor(start, tau, rate, convention)))
    return out


def _accrued_value(amounts, accrued, clean=None, begun=False):
    r""":math:`\sum_j A_j f_j` over the blocks' amounts [USD] and their :func:`_accruals`
    ``(share, factor)``: nothing paid (or nothing yet) counts 0 even where the factor overflows.
    ``clean``: per block, True where its factor and amount are known finite (checked here
    where not given).  ``begun``: a block whose share is 0 at every point, where the shares are
    few (the times of a sweep of the amounts: one per comparator), is left out, no pass over
    the amounts' shape (it adds 0; the sum is then the number 0 where no block has begun). [USD]"""
    value = 0.0
    with np.errstate(invalid="ignore", over="ignore"):
        for i, (amount, (share, factor)) in enumerate(zip(amounts, accrued)):
            if begun and np.size(share) <= 64 and not np.any(share):  # x + 0 is x: the same sum
                continue
            part = np.multiply(amount, factor)
            # where both are finite the product is that 0 already (no pass over the points' shape)
            if not (clean[i] if clean is not None else _finite(amount, factor)):
                part = np.where(np.equal(amount, 0.0) | (share == 0), 0.0, part)
            value = value + part
    return value


def _finite(amount, factor):
    """True where every value of ``amount`` and ``factor`` is finite."""
    return bool(np.all(np.isfinite(factor)) and np.all(np.isfinite(amount)))


def _expand(blocks):
    """The blocks with a trailing axis of one on every array (to meet a trailing time axis)."""
    return {option: [tuple(np.asarray(v, dtype=np.float64)[..., None] for v in block) for block in bl]
            for option, bl in blocks.items()}


def _boundaries(blocks):
    """Every block start and end of both options, stacked on a leading axis (axis 0: an
    elementwise pass over them then runs along the points in numpy's inner loop). [s]"""
    times = []
    for option in ("insitu", "earth"):
        for _, start, duration in blocks[option]:
            times += [np.asarray(start, dtype=np.float64), np.add(start, duration)]
    return np.stack(np.broadcast_arrays(*times))


def discounted_payback(blocks, rate, savings=None, convention=0):
    r"""Time from the start of the programme after which the cumulative discounted savings
    :math:`S(t) = S_e(t) - S_i(t)` (:func:`cumulative`) are never negative again. [s]

    Parameters
    ----------
    blocks : dict
        From :func:`schedule`. [SI]
    rate : array_like
        Real discount rate per year, > -1. [-]
    savings : array_like, optional
        The final discounted savings (Earth NPV - in-situ NPV); computed if not given. [USD]
    convention : array_like
        Index into :data:`CONVENTIONS` (0: continuous). [-]

    Returns
    -------
    ndarray
        0 where the savings are never negative, ``inf`` where they end negative (in-situ never
        pays back). [s]

    Notes
    -----
    Let :math:`b^*` be the last block boundary with :math:`S(b^*) < 0` and :math:`b'` the next.
    On :math:`(b^*, b')` the savings are :math:`S(b^*) + \rho\,v^{b^*} g(t - b^*)`, so the crossing
    is at :math:`g(t - b^*) = q = g(b' - b^*)\,(-S(b^*))/(S(b') - S(b^*))`, i.e.
    :math:`t = b^* + q\,\psi(\lambda q)`, :math:`\psi(y) = -\ln(1-y)/y`.  Closed form: no
    iteration: the savings at the (six distinct) boundaries, one boundary at a time over the
    points, each point keeping the savings at its last negative boundary so far and at the
    next as they are summed (none is summed twice).  In a year convention
    :math:`S(t) = S(b^*) + \rho'\,(W(t) - W(b^*))` with the discounted time
    :math:`W(t) = \int_0^t v^{\lfloor\tau\rfloor}d\tau`, so the crossing is
    :math:`W^{-1}` of the same share of :math:`W(b') - W(b^*)` (:func:`_stepped_crossing`).

    Examples
    --------
    >>> # in-situ: 100 at 0; Earth: 300 over years [0, 3): cumulative savings 100 t - 100
    >>> b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(300.0, 0.0, 3 * YEAR)]}
    >>> float(discounted_payback(b, 0.0) / YEAR)
    1.0
    >>> # at 10 %: 100 (1 - 1.1^-t) / ln 1.1 = 100 at t = -ln(1 - ln 1.1) / ln 1.1 = 1.0509
    >>> round(float(discounted_payback(b, 0.1) / YEAR), 4)
    1.0509
    >>> # end of year at 10 %: 100/1.1 = 90.9 in year 1, then 100/1.21 = 82.6 a year:
    >>> # S(t) = -100 + 90.909 t up to t = 1, then + 82.645 (t - 1): t = 1 + 9.091/82.645 = 1.11
    >>> round(float(discounted_payback(b, 0.1, convention=1) / YEAR), 4)
    1.11
    """
    lam = _lam(rate)
    points = np.broadcast_shapes(np.shape(rate), np.shape(convention),
                                 *(np.shape(v) for bl in blocks.values() for b in bl for v in b))
    ndim = len(points)
    bounds = np.sort(_boundaries(blocks), axis=0)  # at the shape of the times; NaN last
    few = len(bounds) * math.prod(points) <= IN_CACHE  # every boundary at once, else one at a time
    bounds = bounds if few else _distinct(bounds)
    n = bounds.shape[0]
    bounds = bounds.reshape((n,) + (1,) * (ndim + 1 - bounds.ndim) + bounds.shape[1:])
    # each block's accrual by each boundary, at the shape of the times and the rate (boundaries
    # leading)
    amounts = {o: [block[0] for block in bl] for o, bl in blocks.items()}
    accrued = {o: _accruals(bl, rate, bounds, convention) for o, bl in blocks.items()}
    clean = {o: [_finite(a, f) for a, (_, f) in zip(amounts[o], accrued[o])] for o in blocks}
    if savings is None:
        savings = npv(blocks["earth"], rate, None, convention) - npv(blocks["insitu"], rate, None, convention)

    def savings_at(pick):  # S at the boundary each point picks: the same sums as cumulative's
        return (_accrued_value(amounts["earth"], [(pick(a), pick(f)) for a, f in accrued["earth"]], clean["earth"], True)
                - _accrued_value(amounts["insitu"], [(pick(a), pick(f)) for a, f in accrued["insitu"]], clean["insitu"],
                                 True))

    # the last boundary with negative savings, k (equal boundaries have equal savings), the
    # next (strictly later; none after it, or only NaN: inf), and the savings at both
    if few:
        s_at = savings_at(lambda v: v)
        negative = s_at < 0
        some, k = np.any(negative, axis=0), n - 1 - np.argmax(negative[::-1], axis=0)
        after = np.minimum(k + 1, n - 1)
        bounds = _contiguous(bounds, s_at.shape)
        at_k, at_after = (_flat_index(i, s_at.shape[1:]) for i in (k, after))
        s_last, s_next = np.take(s_at, at_k), np.take(s_at, at_after)
        last, nxt = np.take(bounds, at_k), np.take(bounds, at_after)
    else:  # one boundary at a time (in cache): k = j where negative, -1 where none ((j + 1)
        # negative - 1 rises with j: a max, not a select); the savings and the boundary kept
        # at the last negative one so far and at the one after it (j where k was j - 1), as
        # they are summed: none summed again
        k = np.int8(-1) if n < 127 else np.intp(-1)
        for j in range(n):
            s_j = savings_at(lambda v: v[j])
            negative = s_j < 0
            if j:
                after = k == j - 1
                s_next, nxt = np.where(after, s_j, s_next), np.where(after, bounds[j], nxt)
                s_last, last = np.where(negative, s_j, s_last), np.where(negative, bounds[j], last)
            else:  # boundary 0 where none is negative
                s_last, last, s_next, nxt = s_j, bounds[0], s_j, bounds[0]
            k = np.maximum(k, np.multiply(negative, k.dtype.type(j + 1), dtype=k.dtype) - k.dtype.type(1))
        some = k >= 0
        k = np.maximum(k, 0)
    nxt = np.where(k + 1 < n, nxt, np.inf)
    nxt = np.where(np.isnan(nxt), np.inf, nxt)
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = nxt - last
        q = gap * _phi(lam * gap) * (-s_last) / (s_next - s_last)
        q = np.where(np.isfinite(q), q, 0.0)
        crossing = last + q * _psi(lam * q)
        if not _continuous(convention):
            stepped = _stepped_crossing(last, nxt, s_last, s_next, rate)
            crossing = np.where(np.equal(convention, 0), crossing, stepped)
    out = np.where(np.isfinite(nxt), crossing, last)  # no boundary after: the last one
    out = np.where(some, out, 0.0)
    out = np.where(np.asarray(savings) < 0, np.inf, out)
    return out[()] if np.ndim(out) == 0 else out


#: Boundaries times points up to which :func:`discounted_payback` takes the savings at every
#: boundary at once (fewer numpy calls); above it one boundary at a time (arrays in cache). [-]
IN_CACHE = 4096


def _distinct(bounds):
    """``bounds`` [s] sorted on axis 0 without a boundary equal to the next at every point (the
    savings there are equal: :func:`discounted_payback` finds the same last negative one). [s]"""
    same = np.all((bounds[:-1] == bounds[1:]).reshape(len(bounds) - 1, -1), axis=1)
    return bounds[np.append(~same, True)] if np.any(same) else bounds


def _contiguous(v, shape):
    """``v`` broadcast to ``shape`` as a C-contiguous array (written out only where it is not
    that already)."""
    return np.ascontiguousarray(np.broadcast_to(v, shape))


def _flat_index(k, rest):
    """Flat index into a C-contiguous array of shape ``(n,) + rest`` of the element ``[k, i]`` at
    each point ``i`` of ``k`` [-] (``rest`` broadcasting against ``k``'s shape). [-]"""
    size = math.prod(rest)
    return np.asarray(k, dtype=np.intp) * size + np.arange(size).reshape(rest)


def _stepped_crossing(last, nxt, s_last, s_next, rate):
    r"""Where the savings rise through 0 between the boundaries ``last`` and ``nxt`` [s] in a
    year convention: :math:`W(t) = W(b^*) + (W(b') - W(b^*))\,(-S(b^*))/(S(b') - S(b^*))`,
    solved by :func:`_inverse_weights`. [s]"""
    x = np.log1p(np.asarray(rate, dtype=np.float64))
    a, b = last / YEAR, nxt / YEAR
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        w_a = _year_weights(0.0, np.where(np.isfinite(a), a, 0.0), x, 0.0)
        w_b = _year_weights(0.0, np.where(np.isfinite(b), b, 0.0), x, 0.0)
        w = w_a + (w_b - w_a) * (-s_last) / (s_next - s_last)
        t = np.clip(_inverse_weights(w, x), a, b)
    return t * YEAR


def _inverse_weights(w, x):
    r"""The time ``t`` [year] at which :math:`W(t) = \int_0^t e^{-x\lfloor\tau\rfloor}d\tau`
    reaches ``w`` [year]: the whole years :math:`n` with :math:`W(n) = (1 - e^{-xn})/(1 - e^{-x})
    \le w` (one step either way for rounding), then :math:`t = n + (w - W(n))\,e^{xn}`."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        n = np.where(x == 0.0, np.floor(w), np.floor(-np.log1p(w * np.expm1(-x)) / x))
        n = np.maximum(np.where(np.isfinite(n), n, 0.0), 0.0)
        n = np.where(_year_weights(0.0, n, x, 0.0) > w, np.maximum(n - 1.0, 0.0), n)
        n = np.where(_year_weights(0.0, n + 1.0, x, 0.0) <= w, n + 1.0, n)
        return n + (w - _year_weights(0.0, n, x, 0.0)) * np.exp(x * n)


def _signed_terms(blocks, t_ref, convention=0):
    """The blocks as ``(signed amount, anchor, duration)`` arrays, for ``x >= 0``
    and for ``x < 0`` (two lists sharing the amounts): the anchor :math:`s` for ``x >= 0`` and
    :math:`s + d - t_{ref}` for ``x < 0``, so that :func:`_savings_terms` has every exponent <= 0
    [USD, s, s]; in a year convention each also carries ``(start [year], payment point,
    T [year])``, ``T`` 0 for ``x >= 0`` and past the last payment, ``t_ref`` + 1 year, for
    ``x < 0`` (:func:`_stepped_factor`)."""
    ahead, behind = [], []
    stepped = not _continuous(convention)
    if stepped:
        delta = payment_point(convention)
    for sign, option in ((1.0, "earth"), (-1.0, "insitu")):
        for amount, start, duration in blocks[option]:
            amount = np.asarray(amount, dtype=np.float64)
            common = (sign * amount, np.asarray(duration, dtype=np.float64))
            for terms, anchor, top in ((ahead, start, 0.0),
                                       (behind, np.add(start, duration) - t_ref, t_ref / YEAR + 1.0)):
                term = (common[0], np.asarray(anchor, dtype=np.float64)) + common[1:]
                terms.append(term + (np.divide(start, YEAR), delta, top) if stepped else term)
    return ahead, behind


def _savings_terms(terms, x):
    r""":math:`\sum_j \pm A_j e^{-x a_j} \varphi(|x| d_j)` of :func:`_signed_terms` (a year
    convention: :math:`\pm A_j` times :func:`_stepped_factor`, scaled alike). [USD]"""
    value = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for term in terms:
            factor = _factor(term, x)
            part = term[0] * factor
            if not np.all(np.isfinite(factor)):  # nothing paid counts 0 where the factor overflows
                part = np.where(term[0] == 0.0, 0.0, part)
            value = value + part
    return value


def _factor(term, x):
    r"""The scaled discount factor of one term of :func:`_signed_terms` at ``x`` [1/s]:
    :math:`e^{-x a}\varphi(|x| d)`, or :func:`_stepped_factor` in a year convention. [-]"""
    amount, anchor, duration, *year = term
    with np.errstate(over="ignore", invalid="ignore"):
        if year and not np.any(np.isnan(year[1])):  # a year convention at every point
            return _stepped_factor(year[0], duration / YEAR, x * YEAR, *year[1:])
        factor = np.exp(-x * anchor) * _phi(np.abs(x) * duration)
        if year:  # some points continuous, some not
            factor = np.where(np.isnan(year[1]), factor,
                              _stepped_factor(year[0], duration / YEAR, x * YEAR, *year[1:]))
    return factor


def _gather(pick, v, where):
    """``v`` broadcast to the shape of the points at the flat indices ``where``, by ``pick`` (a
    :func:`.economics.gatherer` at ``where``), at ``where``'s shape. [-]"""
    return np.broadcast_to(pick(v), where.shape)


def _gather_terms(ahead, behind, saves, pick, where):
    """The terms of :func:`_signed_terms` for x >= 0 (``ahead``) and x < 0 (``behind``) at the
    flat indices ``where`` (``pick``: a :func:`.economics.gatherer` at them), each point's by the
    sign of its root (``saves``: x >= 0); only the anchor and ``T`` depend on that sign. [SI]"""
    if np.all(saves) or not np.any(saves):  # every root on one side: that side's terms only
        return [tuple(_gather(pick, v, where) for v in t) for t in (ahead if np.all(saves) else behind)]
    return [tuple(np.where(saves, _gather(pick, u, where), _gather(pick, d, where)) if i in (1, 5)
                  else _gather(pick, u, where) for i, (u, d) in enumerate(zip(up, down)))
            for up, down in zip(ahead, behind)]


def irr(blocks, iterations=100, domain=IRR_DOMAIN, convention=0):
    r"""Internal rate of return of choosing in-situ: the rate at which both NPVs are equal. [-]

    Parameters
    ----------
    blocks : dict
        From :func:`schedule`. [SI]
    iterations : int
        Most steps of the bracketed root finder (continuous: :func:`_newton`; a year
        convention: :data:`BISECTIONS` bisections, then Illinois false position,
        :func:`_illinois`); every point stops once its step is below 1e-14 relative. [-]
    domain : (float, float)
        Rates searched, :data:`IRR_DOMAIN` (-99 % to 10 000 % a year). [-]
    convention : array_like
        Index into :data:`CONVENTIONS` (0: continuous): the NPVs whose equality defines the
        rate. [-]

    Returns
    -------
    ndarray
        Where the undiscounted savings are positive, the rate in ``(0, domain[1])`` at which the
        discounted savings fall to 0 (in-situ's outlay earns that rate), ``inf`` where they are
        still non-negative at ``domain[1]`` (in-situ saves at any rate: no outlay to earn back);
        where they are negative, the rate in ``(domain[0], 0)`` at which they rise to 0 (a
        negative return), ``-inf`` where they are still negative at ``domain[0]`` (in-situ
        never earns its outlay back, not even at -99 % a year); 0 where they are 0.  With one change of sign of the savings over
        time (invest, then save) the root is the only one.  With several (a campaign so long that
        its late running costs outweigh the Earth deliveries) several rates balance the NPVs: the
        result is one of those in the bracket, or ``inf``/``-inf`` as above where the bracket's
        ends have the same sign (the multiple-IRR case of any cash flow that changes sign more
        than once).  NaN only where an input is NaN. [-]

    Notes
    -----
    The search is on :math:`x = \ln(1+r)` for every point at once, each step one numpy
    evaluation of the closed-form NPVs; no loop over points, no time axis.  The sign of
    :math:`x` is fixed per point by the undiscounted savings, so the anchors of the scaled NPV
    are computed once, and the NPVs at 0 and at the domain's edge (which decide inf, -inf and
    0) at the shape of the times; only the bracketed points iterate, and points whose root has
    converged leave the working arrays (compacted once a quarter of them is done).  Continuous
    points take Newton's method (:func:`_newton`: about four evaluations each, quadratic
    convergence); points in a year convention Illinois false position (:func:`_illinois`:
    about thirty).  The two agree to 1e-13 in :math:`\ln(1+r)` where the root is unique.

    Examples
    --------
    >>> # in-situ pays 100 at 0; Earth 121 at year 2: (1+r)^2 = 1.21, r = 0.1
    >>> b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(121.0, 2 * YEAR, 0.0)]}
    >>> round(float(irr(b)), 12)
    0.1
    >>> # 100 now against 60 a year over years [0, 2), end of year: 60/(1+r) + 60/(1+r)^2 = 100
    >>> b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(120.0, 0.0, 2 * YEAR)]}
    >>> round(float(irr(b, convention=1)), 9)  # (1+r) = (0.6 + sqrt(0.36 + 2.4)) / 2 = 1.13066
    0.130662386
    """
    t_ref = np.max(_boundaries(blocks), axis=0)
    shape = np.broadcast_shapes(*(np.shape(v) for bl in blocks.values() for block in bl for v in block),
                                np.shape(convention))
    # the terms for x >= 0 and for x < 0, at the shape of the times (a scalar x keeps the
    # factors there: only the amounts are at the points' shape)
    ahead, behind = _signed_terms(blocks, t_ref, convention)
    f_zero = np.broadcast_to(_savings_terms(ahead, 0.0), shape)  # every factor 1
    saves = f_zero > 0  # undiscounted savings: the root lies at a positive rate, else a negative one
    up, down = np.log1p(domain[1]) / YEAR, np.log1p(domain[0]) / YEAR
    # the savings at the domain's edge on the side of each point's root (x has the sign of its
    # edge all along): each side summed only where some point takes it, then selected
    if np.all(saves) or not np.any(saves):
        f_edge = _savings_terms(ahead, up) if np.all(saves) else _savings_terms(behind, down)
    else:
        f_edge = np.where(saves, _savings_terms(ahead, up), _savings_terms(behind, down))
    f_edge = np.broadcast_to(f_edge, shape)
    bracketed = np.sign(f_zero) * np.sign(f_edge) < 0  # the savings change sign between 0 and the edge
    # the bracketed points, flat: continuous ones by Newton's method, year conventions by
    # Illinois false position
    where = np.flatnonzero(bracketed)
    pick = gatherer(shape, where)
    sv, f0, fe = (_gather(pick, a, where) for a in (saves, f_zero, f_edge))
    edge = np.where(sv, up, down)
    ends = [np.where(sv, 0.0, edge), np.where(sv, edge, 0.0), np.where(sv, f0, fe), np.where(sv, fe, f0)]
    terms = _gather_terms(ahead, behind, sv, pick, where)
    smooth = _gather(pick, np.equal(convention, 0), where)
    x_flat = np.empty(bracketed.size)
    for chosen, solve in ((smooth, _newton), (~smooth, _illinois)):
        if not np.any(chosen):
            continue
        if np.all(chosen):
            x_flat[where] = solve(terms, *ends, iterations)
        else:
            x_flat[where[chosen]] = solve([tuple(a[chosen] for a in t) for t in terms],
                                          *(a[chosen] for a in ends), iterations)
    out = np.full(shape, np.nan)
    out.reshape(-1)[where] = np.expm1(x_flat[where] * YEAR)
    out = np.where(saves & (f_edge >= 0), np.inf, out)
    out = np.where(~saves & (f_edge <= 0), -np.inf, out)
    out = np.where(f_zero == 0, 0.0, out)
    return out[()] if np.ndim(out) == 0 else out


def _converged(step, x, size=None, magnitude=None):
    """A step below 1e-14 relative (3e-15 a year absolute): the point stops there; ``size`` and
    ``magnitude``, ``|step - x|`` and ``|step|``, where known. [-]"""
    size = np.abs(step - x) if size is None else size
    return size <= 1e-14 * (np.abs(step) if magnitude is None else magnitude) + 1e-22


def _newton(terms, lo, hi, f_lo, f_hi, iterations):
    r"""Roots of the scaled savings of :func:`irr` (continuous convention) on flat arrays of
    bracketed points, :math:`x = \ln(1+r)` [1/s]: Newton's method on the log ratio of what
    in-situ saves to what it spends, :math:`h(x) = \ln(G(x)/L(x))` (:func:`_log_ratio`: the
    same root and sign as the savings :math:`G - L`, and nearly linear in ``x`` where the
    savings are sums of decaying exponentials), from the root of its tangent at :math:`x = 0`,

    .. math:: h(0) = \ln\frac{G_0}{L_0}, \quad h'(0) = \frac{\sum_L A_j m_j}{L_0}
              - \frac{\sum_G A_j m_j}{G_0}, \quad m_j = a_j + \mathrm{sign}(x)\,d_j/2

    (the amounts' mean payment times), kept inside the bracket (a step that leaves it bisects
    it; the bracket shrinks to each iterate by the sign of ``h``).  A point stops once its step
    is below 1e-14 relative (:func:`_converged`) or ``h`` is exactly 0, and then stays put: its
    root does not depend on the other points. [1/s]"""
    sign = np.where(hi > 0.0, 1.0, -1.0)  # the sign of x in the bracket (one end is 0)
    above = f_hi > 0.0  # the sign of h at the upper end, kept as that end moves
    parts = _gains_and_losses(terms)
    with np.errstate(invalid="ignore", divide="ignore"):
        (g, gm), (l, lm) = [(sum(t[0] for t in p), sum(t[0] * (_or0(t[1]) + 0.5 * sign * _or0(t[3])) for t in p))
                            for p in parts]
        x = -np.log(g / l) / (lm / l - gm / g)
    x = np.where((x > lo) & (x < hi), x, 0.5 * (lo + hi))
    x_out = np.empty(x.shape)
    where = np.arange(x.size)
    done = np.zeros(x.shape, dtype=bool)
    last = None  # the previous Newton step's size (0: a bisection; None: no step yet)
    for _ in range(int(iterations)):
        h, slope = _log_ratio(parts, x)
        upper = (h > 0.0) == above  # the root lies below x
        hi, lo = np.where(upper, x, hi), np.where(upper, lo, x)
        with np.errstate(invalid="ignore", divide="ignore"):
            step = x - h / slope
            size = np.abs(step - x)
            # converged on the Newton step itself (next to the root it may round onto an end),
            # or the next step predicted below 1e-15 relative from the last two (quadratic:
            # e_{k+1} = C e_k^2, so d_{k+1} ~ d_k^3 / d_{k-1}^2; none before a second step)
            magnitude = np.abs(step)
            root = h == 0
            stop = root | _converged(step, x, size, magnitude)
            if last is not None:
                stop |= size * size * size <= 1e-15 * magnitude * last * last
        newton = ((step > lo) & (step < hi)) | stop
        step = np.where(newton, step, 0.5 * (lo + hi))
        last = np.where(newton, size, 0.0)
        x = np.where(done | root, x, step)
        done |= stop
        if np.all(done):
            break
        if 4 * np.count_nonzero(done) >= done.size:  # compact: drop the finished points
            x_out[where[done]] = x[done]
            live = ~done
            where, lo, hi, above, x, last = (v[live] for v in (where, lo, hi, above, x, last))
            parts = [[tuple(v[live] if isinstance(v, np.ndarray) else v for v in t) for t in p] for p in parts]
            done = np.zeros(x.shape, dtype=bool)
    x_out[where] = x
    return x_out


def _or0(v):
    return 0.0 if v is None else v


def _gains_and_losses(terms):
    """The terms of :func:`_signed_terms` (flat, bracketed: finite) as two lists of
    ``(amount >= 0, anchor, -anchor, duration, some duration 0 or short)``, what in-situ saves
    and what it spends; an anchor or a duration that is 0 at every point is None (no exponential
    taken for it), one that is the same at every point (a broadcast view: the times of a sweep of
    the amounts) a number (:func:`_uniform`); a term of either sign at different points is in
    both lists, 0 where it is of the other sign.  Short: below :data:`SHORT`, where :math:`|x| d`
    may underflow to 0. [USD, s, s, s, -]"""
    gains, losses = [], []
    for amount, anchor, duration, *_ in terms:
        anchor, duration = (None if not np.any(v) else _uniform(v) for v in (anchor, duration))
        rest = (anchor, None if anchor is None else np.negative(anchor), duration,
                duration is not None and not np.all(duration > SHORT))
        if np.any(amount > 0.0):
            gains.append((np.maximum(amount, 0.0),) + rest)
        if np.any(amount < 0.0):
            losses.append((np.maximum(-amount, 0.0),) + rest)
    return gains, losses


def _uniform(v):
    """``v`` as one number where it is a broadcast view of one (every stride 0), else as it is."""
    v = np.asarray(v)
    if v.ndim and v.size and not any(v.strides):
        return v.reshape(-1)[0]
    return v


def _log_ratio(parts, x):
    r"""``(h, h')``: :math:`h = \ln(G/L)` of what in-situ saves, :math:`G = \sum A_j e^{-x a_j}
    \varphi(|x| d_j)` over :func:`_gains_and_losses`'s first list, and what it spends, ``L``
    over the second [-], and :math:`h' = G'/G - L'/L` [s], with (each term as
    :func:`_savings_terms`, continuous)

    .. math:: \frac{d}{dx}\,A\,e^{-x a}\varphi(|x| d) = \frac{A\,e^{-x(a + d)} - A\,e^{-x a}
              \varphi(|x| d)}{x} - a\,A\,e^{-x a}\varphi(|x| d)

    (the flow at the block's end less its mean, over ``x``: no digits lost unless :math:`x`
    times the times is ~1e-15; ``x`` is never 0 here).  An anchor that is one number for every
    point takes its exponential once for the terms of both lists that share it (the Earth
    deliveries and the first landing both start at the first launch); the sums are made in
    place, in the order of the terms. [-, s]"""
    nax = -np.abs(x)
    sums = []
    shared = {}  # e^{-x a} by anchor a, where a is one number
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for part in parts:
            total = ends = timed = None
            for amount, anchor, minus_anchor, duration, some_zero in part:
                if anchor is None:
                    w = amount
                elif np.ndim(minus_anchor) == 0:
                    key = float(minus_anchor)  # (one key object: a NaN finds what it stored)
                    e_anchor = shared.get(key)
                    if e_anchor is None:
                        e_anchor = shared[key] = np.exp(x * minus_anchor)
                    w = amount * e_anchor
                else:
                    w = amount * np.exp(x * minus_anchor)
                if duration is None:
                    term, end = w, w
                else:
                    y = np.multiply(nax, duration)  # -|x| d: the negations of _phi are exact
                    e = np.expm1(y)
                    zero = (y == 0.0) if some_zero else None  # d 0, or |x| d below the least float
                    phi = np.divide(e, y, out=y)  # as _phi: (1 - e^{-|x| d}) / (|x| d)
                    if some_zero:
                        phi[zero] = 1.0  # its limit (0/0 otherwise)
                    term = np.multiply(w, phi, out=phi)
                    e += 1.0
                    end = np.multiply(w, e, out=e)
                if total is None:
                    total, ends = 0.0 + term, 0.0 + end
                else:
                    total += term
                    ends += end
                if anchor is not None:
                    timed = 0.0 + anchor * term if timed is None else np.add(timed, anchor * term, out=timed)
            slope = np.subtract(ends, total, out=ends)
            slope /= x
            if timed is not None:
                slope -= timed
            sums.append((total, slope))
        (g, dg), (l, dl) = sums
        return np.log(g / l), dg / g - dl / l


def _illinois(terms, lo, hi, f_lo, f_hi, iterations):
    r"""Roots of the scaled savings of :func:`irr` on flat arrays of bracketed points (a year
    convention), :math:`x = \ln(1+r)` [1/s]: :data:`BISECTIONS` bisections, then Illinois false
    position; a point stops once its step is below 1e-14 relative (:func:`_converged`) and then
    stays put.  Finished points leave the working arrays once a quarter of them is done. [1/s]"""
    x = 0.5 * (lo + hi)
    x_out = np.empty(x.shape)
    where = np.arange(x.size)
    side = np.zeros(x.shape)
    done = np.zeros(x.shape, dtype=bool)
    for k in range(int(iterations)):
        with np.errstate(invalid="ignore", divide="ignore"):
            step = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        # bisection first: over the whole domain the savings are far from linear in x
        inside = np.isfinite(step) & (step > lo) & (step < hi) & (k >= BISECTIONS)
        step = np.where(inside, step, 0.5 * (lo + hi))
        done |= _converged(step, x) & (k > 0)
        x = np.where(done, x, step)
        if np.all(done):
            break
        if 4 * np.count_nonzero(done) >= done.size:  # compact: drop the finished points
            x_out[where[done]] = x[done]
            live = ~done
            where, lo, hi, f_lo, f_hi, x, side = (a[live] for a in (where, lo, hi, f_lo, f_hi, x, side))
            terms = [tuple(a[live] for a in t) for t in terms]
            done = np.zeros(x.shape, dtype=bool)
        f = _savings_terms(terms, x)
        done |= f == 0
        upper = np.sign(f) == np.sign(f_hi)  # the root lies below x
        # Illinois: an end kept twice in a row has its value halved
        f_lo = np.where(upper & (side == 1), 0.5 * f_lo, f_lo)
        f_hi = np.where(~upper & (side == -1), 0.5 * f_hi, f_hi)
        hi, f_hi = np.where(upper, x, hi), np.where(upper, f, f_hi)
        lo, f_lo = np.where(upper, lo, x), np.where(upper, f_lo, f)
        side = np.where(upper, 1, -1) if k >= BISECTIONS else side  # no halving while bisecting
    x_out[where] = x
    return x_out


def yearly(blocks, rate, n_years, convention=0):
    r"""What each block pays in each year ``[k, k+1)``, undiscounted and discounted.

    Parameters
    ----------
    blocks : dict
        Option -> blocks, as from :func:`schedule`. [SI]
    rate : array_like
        Real discount rate per year, > -1. [-]
    n_years : int
        Yearly bins; the last holds everything after year ``n_years - 1``. [-]
    convention : array_like
        Index into :data:`CONVENTIONS` (0: continuous). [-]

    Returns
    -------
    tuple of dict
        ``(paid, discounted)``, option -> array of shape ``broadcast + (n_years,)``; each
        discounted bin is the exact integral of the discounted flow over the bin (in a year
        convention: the year's spend at its payment point), so the bins sum to :func:`npv`.
        [USD]

    Examples
    --------
    >>> b = {"insitu": [(30.0, 0.5 * YEAR, 1.5 * YEAR)], "earth": [(12.0, 0.0, 0.0)]}
    >>> paid, disc = yearly(b, 0.0, 3)
    >>> paid["insitu"].tolist(), paid["earth"].tolist()
    ([10.0, 20.0, 0.0], [12.0, 0.0, 0.0])
    """
    edges = np.arange(1, int(n_years), dtype=np.float64) * YEAR
    r = np.asarray(rate, dtype=np.float64)[..., None]
    conv = np.asarray(convention)
    wide_conv = conv[..., None] if conv.ndim else conv
    paid, disc = {}, {}
    wide = _expand(blocks)
    for option, bl in blocks.items():
        cum0 = cumulative(wide[option], 0.0 * r, edges)
        cumr = cumulative(wide[option], r, edges, wide_conv)
        total0 = np.asarray(npv(bl, 0.0))[..., None]
        totalr = np.asarray(npv(bl, r[..., 0], None, convention))[..., None]
        for cum, total, store in ((cum0, total0, paid), (cumr, totalr, disc)):
            cum, total = np.broadcast_arrays(cum, total)
            full = np.concatenate([np.zeros(cum.shape[:-1] + (1,)), cum, total[..., :1]], axis=-1)
            store[option] = np.diff(full, axis=-1)
    return paid, disc
