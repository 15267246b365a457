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
per block; no time axis is built.  Cumulative values :math:`S(t)` are the same integral up to
``t``; the yearly table (:func:`yearly`) holds in each bin the exact integral over that bin, so
its bins sum to the closed form.

Payback (:func:`discounted_payback`): between two consecutive block boundaries the cumulative
discounted savings are :math:`S(t) = S(a) + \rho\,v^a g(t - a)`, :math:`g(\tau) = \tau\,
\varphi(\lambda\tau)`, monotone, so the last crossing from below is found in closed form from
:math:`S` at the boundaries: no iteration.  The IRR (:func:`irr`) is a bracketed root (Illinois
false position, fixed iteration count) of the savings' NPV over the rate.
"""
from __future__ import annotations

import numpy as np

from .cashflows import YEAR

__all__ = ["schedule", "discount_factor", "block_pv", "option_npvs", "npv", "cumulative", "discounted_payback", "irr", "yearly",
           "IRR_DOMAIN", "YEAR"]

#: Rates searched by :func:`irr`: -99 % to +10 000 % a year. [-]
IRR_DOMAIN = (-0.99, 100.0)
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


def discount_factor(start, duration, rate):
    r"""Present value of 1 USD spread evenly over ``[start, start + duration)``.

    Parameters
    ----------
    start, duration : array_like
        From the start of the programme; ``duration`` 0 pays all at ``start``. [s]
    rate : array_like
        Real discount rate per year, > -1. [-]

    Returns
    -------
    ndarray
        :math:`e^{-\lambda s}\varphi(\lambda d)`, exactly 1 at ``rate`` 0. [-]

    Examples
    --------
    >>> # 1 at year 1 at 25 %: 1/1.25
    >>> round(float(discount_factor(YEAR, 0.0, 0.25)), 15)
    0.8
    """
    lam = _lam(rate)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(-lam * np.asarray(start, dtype=np.float64)) * _phi(lam * np.asarray(duration, dtype=np.float64))


def block_pv(amount, start, duration, rate):
    r"""Present value of ``amount`` spread evenly over ``[start, start + duration)``.

    .. math:: PV = A\,(1+r)^{-s/Y}\,\varphi(\lambda d), \quad \lambda = \ln(1+r)/Y

    Parameters
    ----------
    amount : array_like
        [USD]
    start, duration : array_like
        From the start of the programme; ``duration`` 0 pays all at ``start``. [s]
    rate : array_like
        Real discount rate per year, > -1. [-]

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
    """
    with np.errstate(over="ignore", invalid="ignore"):
        value = np.multiply(amount, discount_factor(start, duration, rate))
    return np.where(np.equal(amount, 0.0), 0.0, value)


def npv(blocks, rate, total=None):
    r"""NPV of one option's blocks, :math:`\sum_j A_j e^{-\lambda s_j}\varphi(\lambda d_j)`.

    Parameters
    ----------
    blocks : sequence of tuple
        ``(amount [USD], start [s], duration [s])`` each. [SI]
    rate : array_like
        Real discount rate per year, > -1. [-]
    total : array_like, optional
        The undiscounted total, returned exactly where ``rate`` is 0. [USD]

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
        value = value + block_pv(amount, start, duration, rate)
    if total is not None:
        value = np.where(np.equal(rate, 0.0), total, value)
    return value


def option_npvs(ddte, development_time, first_cost, first_time, first_product_time, campaign,
                insitu_total, earth_total, earth_time, rate):
    r"""NPVs of both options of :func:`schedule`'s blocks.

    Parameters
    ----------
    ddte, first_cost, insitu_total, earth_total : array_like
        As for :func:`schedule`. [USD]
    development_time, first_time, first_product_time, campaign, earth_time : array_like
        As for :func:`schedule`. [s]
    rate : array_like
        Real discount rate per year, > -1. [-]

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
    f_dev = discount_factor(0.0, start, rate)
    f_land = discount_factor(start, first_time, rate)
    f_run = discount_factor(start + first_product_time, campaign, rate)
    f_e = discount_factor(start, earth_time, rate)
    if not all(np.all(np.isfinite(f)) for f in (f_dev, f_land, f_run, f_e)):
        b = schedule(ddte, development_time, first_cost, first_time, first_product_time, campaign,
                     insitu_total, earth_total, earth_time)
        return npv(b["earth"], rate, earth_total), npv(b["insitu"], rate, insitu_total)
    insitu = insitu_total * f_run + ddte * (f_dev - f_run) + first_cost * (f_land - f_run)
    return earth_total * f_e, insitu


def cumulative(blocks, rate, t):
    r"""Discounted value of what one option has paid by time ``t`` (right-continuous).

    Parameters
    ----------
    blocks : sequence of tuple
        ``(amount [USD], start [s], duration [s])`` each, broadcasting against ``t``. [SI]
    rate : array_like
        Real discount rate per year, > -1. [-]
    t : array_like
        Time from the start of the programme. [s]

    Returns
    -------
    ndarray
        What has been paid by ``t``, discounted. [USD]

    Notes
    -----
    .. math:: S(t) = \sum_j A_j\,e^{-\lambda s_j}\,\frac{\tau_j}{d_j}\,\varphi(\lambda\tau_j),
              \quad \tau_j = \min(\max(t - s_j, 0), d_j)

    (a zero-duration block counts in full from ``t = s_j`` on).

    Examples
    --------
    >>> # 30 over years [0, 3): a third by year 1 undiscounted
    >>> float(cumulative([(30.0, 0.0, 3 * YEAR)], 0.0, YEAR))
    10.0
    """
    lam = _lam(rate)
    t = np.asarray(t, dtype=np.float64)
    value = 0.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for amount, start, duration in blocks:
            tau = np.clip(t - start, 0.0, duration)
            share = np.where(np.greater(duration, 0.0), tau / duration, t >= start)
            part = np.multiply(amount, np.exp(-lam * start) * share * _phi(lam * tau))
            value = value + np.where(np.equal(amount, 0.0) | (share == 0), 0.0, part)
    return value


def _expand(blocks):
    """The blocks with a trailing axis of one on every array (to meet a trailing time axis)."""
    return {option: [tuple(np.asarray(v, dtype=np.float64)[..., None] for v in block) for block in bl]
            for option, bl in blocks.items()}


def _boundaries(blocks):
    """Every block start and end of both options, stacked on a trailing axis. [s]"""
    times = []
    for option in ("insitu", "earth"):
        for _, start, duration in blocks[option]:
            times += [np.asarray(start, dtype=np.float64), np.add(start, duration)]
    times = np.broadcast_arrays(*times)
    return np.stack(times, axis=-1)


def discounted_payback(blocks, rate, savings=None):
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
    iteration, a trailing axis of the (six) boundaries only.

    Examples
    --------
    >>> # in-situ: 100 at 0; Earth: 300 over years [0, 3): cumulative savings 100 t - 100
    >>> b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(300.0, 0.0, 3 * YEAR)]}
    >>> float(discounted_payback(b, 0.0) / YEAR)
    1.0
    >>> # at 10 %: 100 (1 - 1.1^-t) / ln 1.1 = 100 at t = -ln(1 - ln 1.1) / ln 1.1 = 1.0509
    >>> round(float(discounted_payback(b, 0.1) / YEAR), 4)
    1.0509
    """
    lam = _lam(rate)
    bounds = _boundaries(blocks)
    wide, r = _expand(blocks), np.asarray(rate, dtype=np.float64)[..., None]
    s_at = cumulative(wide["earth"], r, bounds) - cumulative(wide["insitu"], r, bounds)
    if savings is None:
        savings = npv(blocks["earth"], rate) - npv(blocks["insitu"], rate)
    negative = s_at < 0
    with np.errstate(invalid="ignore", divide="ignore"):
        last = np.max(np.where(negative, bounds, -np.inf), axis=-1)
        later = bounds > last[..., None]
        nxt = np.min(np.where(later, bounds, np.inf), axis=-1)
        s_last = np.max(np.where(negative & (bounds == last[..., None]), s_at, -np.inf), axis=-1)
        s_next = np.min(np.where(later & (bounds == nxt[..., None]), s_at, np.inf), axis=-1)
        gap = nxt - last
        q = gap * _phi(lam * gap) * (-s_last) / (s_next - s_last)
        q = np.where(np.isfinite(q), q, 0.0)
        crossing = last + q * _psi(lam * q)
    out = np.where(np.isfinite(nxt), crossing, last)  # no boundary after: the last one
    out = np.where(np.any(negative, axis=-1), out, 0.0)
    out = np.where(np.asarray(savings) < 0, np.inf, out)
    return out[()] if np.ndim(out) == 0 else out


def _scaled_savings(blocks, x, t_ref):
    """Savings NPV at ln(1+r) = ``x`` [1/s], times exp(x t_ref) for x < 0 (same sign, every
    exponent <= 0: no overflow over long programmes at negative rates)."""
    return _savings_terms(_signed_terms(blocks, x < 0, t_ref), x)


def _signed_terms(blocks, negative, t_ref):
    """The blocks as ``(signed amount, anchor, duration, amount == 0)`` arrays,
    the anchor :math:`s` for ``x >= 0`` and :math:`s + d - t_{ref}` for ``x < 0`` (where
    ``negative``), so that :func:`_savings_terms` has every exponent <= 0. [USD, s, s]"""
    terms = []
    for sign, option in ((1.0, "earth"), (-1.0, "insitu")):
        for amount, start, duration in blocks[option]:
            anchor = np.where(negative, np.add(start, duration) - t_ref, start)
            amount = np.asarray(amount, dtype=np.float64)
            terms.append((sign * amount, anchor, np.asarray(duration, dtype=np.float64),
                          amount == 0.0))
    return terms


def _savings_terms(terms, x):
    r""":math:`\sum_j \pm A_j e^{-x a_j} \varphi(|x| d_j)` of :func:`_signed_terms`. [USD]"""
    value = 0.0
    ax = np.abs(x)
    with np.errstate(over="ignore", invalid="ignore"):
        for amount, anchor, duration, nothing in terms:
            term = amount * (np.exp(-x * anchor) * _phi(ax * duration))
            value = value + np.where(nothing, 0.0, term)
    return value


def _take(arrays, keep):
    """Each array (broadcast to ``keep``'s shape) at the points where ``keep``. [-]"""
    return [np.broadcast_to(a, keep.shape)[keep] for a in arrays]


def irr(blocks, iterations=100, domain=IRR_DOMAIN):
    r"""Internal rate of return of choosing in-situ: the rate at which both NPVs are equal. [-]

    Parameters
    ----------
    blocks : dict
        From :func:`schedule`. [SI]
    iterations : int
        Most steps of the bracketed root finder (:data:`BISECTIONS` bisections, then Illinois
        false position); every point stops once its step is below 1e-14 relative. [-]
    domain : (float, float)
        Rates searched, :data:`IRR_DOMAIN` (-99 % to 10 000 % a year). [-]

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
    The search is on :math:`x = \ln(1+r)` for every point at once, a fixed number of steps, each
    one numpy evaluation of the closed-form NPVs; no loop over points, no time axis.  The sign
    of :math:`x` is fixed per point by the bracket, so the anchors of the scaled NPV are computed
    once; points whose root has converged leave the working arrays (they are compacted once a
    quarter of them is done), so the last steps cost only the few points still moving.

    Examples
    --------
    >>> # in-situ pays 100 at 0; Earth 121 at year 2: (1+r)^2 = 1.21, r = 0.1
    >>> b = {"insitu": [(100.0, 0.0, 0.0)], "earth": [(121.0, 2 * YEAR, 0.0)]}
    >>> round(float(irr(b)), 12)
    0.1
    """
    bounds = _boundaries(blocks)
    t_ref = np.max(bounds, axis=-1)
    shape = np.broadcast_shapes(*(np.shape(v) for bl in blocks.values() for block in bl for v in block))
    zero = np.zeros(shape)
    f_zero = np.broadcast_to(_scaled_savings(blocks, zero, t_ref), shape)
    saves = f_zero > 0  # undiscounted savings: the root lies at a positive rate, else a negative one
    edge = np.where(saves, np.log1p(domain[1]), np.log1p(domain[0])) / YEAR
    terms = _signed_terms(blocks, ~saves, t_ref)  # x has the sign of edge all along
    f_edge = np.broadcast_to(_savings_terms(terms, edge), shape)
    lo, hi = np.where(saves, zero, edge), np.where(saves, edge, zero)
    f_lo, f_hi = np.where(saves, f_zero, f_edge), np.where(saves, f_edge, f_zero)
    bracketed = np.sign(f_lo) * np.sign(f_hi) < 0
    x_flat = np.ravel(0.5 * (lo + hi)).copy()
    # the working set: the bracketed points, flat; a finished point's x goes to x_flat
    where = np.flatnonzero(bracketed)
    keep = np.ravel(bracketed)
    lo, hi, f_lo, f_hi = (np.ravel(a)[keep] for a in (lo, hi, f_lo, f_hi))
    x = x_flat[keep]
    terms = [tuple(_take(t, bracketed)) for t in terms]
    side = np.zeros(x.shape)
    done = np.zeros(x.shape, dtype=bool)
    for k in range(int(iterations)):
        with np.errstate(invalid="ignore", divide="ignore"):
            step = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        # bisection first: over the whole domain the savings are far from linear in x
        inside = np.isfinite(step) & (step > lo) & (step < hi) & (k >= BISECTIONS)
        step = np.where(inside, step, 0.5 * (lo + hi))
        # a point stops once its step is below 1e-14 relative (3e-15 a year absolute) and then
        # stays put: its root does not depend on the other points
        done |= (np.abs(step - x) <= 1e-14 * np.abs(step) + 1e-22) & (k > 0)
        x = np.where(done, x, step)
        if np.all(done):
            break
        if 4 * np.count_nonzero(done) >= done.size:  # compact: drop the finished points
            x_flat[where[done]] = x[done]
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
    x_flat[where] = x
    out = np.where(bracketed, np.expm1(x_flat.reshape(shape) * YEAR), np.nan)
    out = np.where(saves & (f_edge >= 0), np.inf, out)
    out = np.where(~saves & (f_edge <= 0), -np.inf, out)
    out = np.where(f_zero == 0, 0.0, out)
    return out[()] if np.ndim(out) == 0 else out


def yearly(blocks, rate, n_years):
    r"""What each block pays in each year ``[k, k+1)``, undiscounted and discounted.

    Parameters
    ----------
    blocks : dict
        Option -> blocks, as from :func:`schedule`. [SI]
    rate : array_like
        Real discount rate per year, > -1. [-]
    n_years : int
        Yearly bins; the last holds everything after year ``n_years - 1``. [-]

    Returns
    -------
    tuple of dict
        ``(paid, discounted)``, option -> array of shape ``broadcast + (n_years,)``; each
        discounted bin is the exact integral of the discounted flow over the bin, so the bins
        sum to :func:`npv`. [USD]

    Examples
    --------
    >>> b = {"insitu": [(30.0, 0.5 * YEAR, 1.5 * YEAR)], "earth": [(12.0, 0.0, 0.0)]}
    >>> paid, disc = yearly(b, 0.0, 3)
    >>> paid["insitu"].tolist(), paid["earth"].tolist()
    ([10.0, 20.0, 0.0], [12.0, 0.0, 0.0])
    """
    edges = np.arange(1, int(n_years), dtype=np.float64) * YEAR
    r = np.asarray(rate, dtype=np.float64)[..., None]
    paid, disc = {}, {}
    wide = _expand(blocks)
    for option, bl in blocks.items():
        cum0 = cumulative(wide[option], 0.0 * r, edges)
        cumr = cumulative(wide[option], r, edges)
        total0 = np.asarray(npv(bl, 0.0))[..., None]
        totalr = np.asarray(npv(bl, r[..., 0]))[..., None]
        for cum, total, store in ((cum0, total0, paid), (cumr, totalr, disc)):
            cum, total = np.broadcast_arrays(cum, total)
            full = np.concatenate([np.zeros(cum.shape[:-1] + (1,)), cum, total[..., :1]], axis=-1)
            store[option] = np.diff(full, axis=-1)
    return paid, disc
