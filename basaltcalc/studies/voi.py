r"""Value of information from one probabilistic sample: EVPI, EVPPI (regression) and EVSI.

The estimators on plain arrays; :func:`basaltcalc.value_of_information` runs them on a scenario.

A decision chooses the option :math:`d` with the largest expected net benefit
:math:`NB_d(\theta)` (here the negative of its cost, in cost-year USD).  With the inputs
:math:`\theta` uncertain,

.. math::

    EVPI = E_\theta[\max_d NB_d(\theta)] - \max_d E_\theta[NB_d(\theta)], \qquad
    EVPPI(\varphi) = E_\varphi[\max_d g_d(\varphi)] - \max_d E[NB_d],
    \quad g_d(\varphi) = E[NB_d \mid \varphi]

for a part :math:`\varphi` of the inputs (one input or a group), and for data :math:`X` that a
measurement would give, :math:`EVSI = E_X[\max_d E[NB_d \mid X]] - \max_d E[NB_d]`.
:math:`0 \le EVSI \le EVPPI \le EVPI`.

**Estimator** (single loop: the Monte Carlo sample only, no inner loop).  EVPI is the mean
opportunity loss :math:`L_i = \max_d NB_{id} - NB_{id^*}` of the sample (:math:`d^*` the option
best on average), its standard error :math:`sd(L)/\sqrt n`.  EVPPI by the regression method of
Strong, Oakley & Brennan (2014): the incremental net benefits :math:`NB_{id} - NB_{i0}` are
regressed on a flexible basis in :math:`\varphi_i`, and the fitted values :math:`\hat g_{id}`
stand for the conditional expectations,

.. math:: \widehat{EVPPI} = \frac1n \sum_i \max_d \hat g_{id} - \max_d \frac1n \sum_i \hat g_{id}.

The basis is cubic regression splines of each input with knots at equally spaced quantiles of
its sample (dense where the data are, whatever the distribution, as the regression splines of
mgcv that Strong et al. use place them; every cubic is reproduced exactly): :data:`DF_SINGLE`
functions for one input, their tensor product (:data:`DF_TENSOR` per input) for groups of up to
:data:`MAX_TENSOR` inputs, and for larger groups additive splines of each input plus the
pairwise products of the centred mid-ranks of the :data:`MAX_PAIRS` inputs most correlated with
the net benefit (an additive model with interactions, the GAM Strong et al. fit with tensor
smooths, truncated to stay linear in the sample size).  EVSI by the same regression on a summary statistic of simulated data (Strong,
Oakley, Brennan & Breeze 2015): for a measurement of input :math:`\theta_j` repeated ``n`` times
with normal errors the sample mean is sufficient,
:math:`T_i = \theta_{ij} + (s/\sqrt n) z_i` (or :math:`\ln T_i = \ln\theta_{ij} + (\sigma/\sqrt n) z_i`
for errors normal in :math:`\ln`), and :math:`E[NB \mid X] = E[NB \mid T]`.

**Standard error** of a regression estimate: the first-order (delta-method) propagation of the
regression coefficients' sampling covariance :math:`\hat\Sigma_{cc'} (X^TX)^{-1}` through the
estimate (the linearised form of Strong et al.'s draws of the fitted values from the
coefficients' distribution), added in quadrature to the Monte Carlo error of the outer mean,
:math:`sd(\hat L)/\sqrt n` with :math:`\hat L_i = \max_d \hat g_{id} - \hat g_{id^*}`.  A flexible
regression of noise has a small upward bias (of the order of the standard error): an input
that cannot change the decision shows an EVPPI of a few standard errors at most, and exactly 0
where no fitted value crosses the decision's threshold.

Strong M, Oakley JE, Brennan A (2014), "Estimating multiparameter partial expected value of
perfect information from a probabilistic sensitivity analysis sample: a nonparametric regression
approach", Med Decis Making 34(3):311-326, doi:10.1177/0272989X13505910.
Strong M, Oakley JE, Brennan A, Breeze P (2015), "Estimating the expected value of sample
information using the probabilistic sensitivity analysis sample: a fast, nonparametric
regression-based method", Med Decis Making 35(5):570-583, doi:10.1177/0272989X15575286.
"""
from __future__ import annotations

import numpy as np

__all__ = ["evpi", "evppi", "mid_ranks", "design", "DF_SINGLE", "DF_TENSOR", "MAX_TENSOR",
           "MAX_PAIRS", "BLOCK_ROWS"]

#: B-spline functions of one input's regression (cubic: 4 interior knots). [-]
DF_SINGLE = 8
#: B-spline functions per input of a group's regression (tensor product or additive). [-]
DF_TENSOR = 5
#: Largest group regressed on the full tensor product (5^2 = 25 functions). [-]
MAX_TENSOR = 2
#: Inputs of a larger group whose pairwise interactions enter its regression. [-]
MAX_PAIRS = 8
#: Rows of the design matrix built at once (the regression streams over the sample). [-]
BLOCK_ROWS = 1 << 14
#: Numbers of a design matrix kept whole (64 MB); larger ones are rebuilt block by block. [-]
KEEP_ELEMENTS = 1 << 23


def _decisions(m: int, decisions):
    """Option index lists (0 the baseline of the m incremental net benefits, 1..m the others)."""
    return [list(range(m + 1))] if decisions is None else [list(d) for d in decisions]


def _with_baseline(inb):
    """(n, m + 1): the incremental net benefits with the baseline's 0 in front."""
    inb = np.atleast_2d(np.asarray(inb, dtype=np.float64))
    return np.concatenate([np.zeros((inb.shape[1], 1)), inb.T], axis=1)


def evpi(inb, decisions=None):
    """EVPI and its standard error for each decision [the net benefit's unit].

    Parameters
    ----------
    inb : array_like, shape (m, n) or (n,)
        Incremental net benefit of options 1..m over option 0 in each of n samples.
    decisions : sequence of sequences of int, optional
        The options of each decision (0 the baseline); default one decision among all.

    Returns
    -------
    (ndarray, ndarray)
        EVPI and standard error per decision.

    Examples
    --------
    A decision linear in one normal input: :math:`INB \\sim N(\\mu, \\sigma^2)` has
    :math:`EVPI = \\sigma\\,\\phi(\\mu/\\sigma) - |\\mu|\\,\\Phi(-|\\mu|/\\sigma)`; at
    :math:`\\mu = 0`, :math:`\\sigma/\\sqrt{2\\pi} = 0.3989\\sigma`.

    >>> x = np.random.default_rng(0).standard_normal(1 << 16)
    >>> v, se = evpi(x)
    >>> abs(float(v[0]) - 0.3989) < 3 * float(se[0])
    True
    """
    g = _with_baseline(inb)
    n = g.shape[0]
    values, ses = [], []
    for opts in _decisions(g.shape[1] - 1, decisions):
        sub = g[:, opts]
        best = int(np.argmax(sub.mean(axis=0)))
        loss = sub.max(axis=1) - sub[:, best]
        values.append(loss.mean())
        ses.append(loss.std(ddof=1) / np.sqrt(n) if n > 1 else np.nan)
    return np.array(values), np.array(ses)


def mid_ranks(x) -> np.ndarray:
    """Ranks of ``x`` scaled to (0, 1), ties sharing their mean rank: ``(r - 1/2) / n``.

    >>> mid_ranks([3.0, 1.0, 2.0, 1.0]).tolist()
    [0.875, 0.25, 0.625, 0.25]
    """
    x = np.asarray(x, dtype=np.float64)
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    first = np.cumsum(counts) - counts  # 0-based rank of each distinct value's first copy
    mean_rank = first + (counts + 1) / 2.0  # 1-based mean rank of the tied copies
    return (mean_rank[inverse] - 0.5) / x.size


def knots(x, df: int) -> np.ndarray:
    """Clamped cubic knots for a regression spline of ``x`` with ``df`` functions: the ends of
    ``x`` four times each and ``df - 4`` interior knots at equally spaced quantiles of ``x`` (as
    mgcv's regression splines place them: dense where the data are), repeated ones dropped."""
    x = np.asarray(x, dtype=np.float64)
    lo, hi = float(x.min()), float(x.max())
    inner = np.unique(np.quantile(x, np.linspace(0.0, 1.0, df - 2)[1:-1]))
    inner = inner[(inner > lo) & (inner < hi)]
    return np.concatenate([[lo] * 4, inner, [hi] * 4])


def _bspline(x, t) -> np.ndarray:
    r"""Cubic B-spline basis of the clamped knots ``t`` at ``x``: (len(x), len(t) - 4).

    The Cox-de Boor recursion (Piegl & Tiller, *The NURBS Book*, 2nd ed. 1997, algorithm A2.2)
    over every point at once: on the knot span :math:`t_j \le x < t_{j+1}` the four functions
    :math:`j-3 \ldots j` that are not zero there.  The functions sum to 1 on [t_0, t_end] and
    reproduce every cubic exactly.  A constant ``x`` (no span) gives the one column of ones.

    >>> t = np.array([0.0] * 4 + [0.5] + [1.0] * 4)
    >>> b = _bspline(np.array([0.0, 0.25, 1.0]), t)
    >>> b.shape, np.allclose(b.sum(axis=1), 1.0)
    ((3, 5), True)
    """
    x = np.asarray(x, dtype=np.float64)
    m = len(t) - 4
    if not t[-1] > t[0]:
        return np.ones((x.size, 1))
    j = np.clip(np.searchsorted(t, x, side="right") - 1, 3, m - 1)
    values = np.zeros((4, x.size))
    values[0] = 1.0
    left = np.empty((4, x.size))
    right = np.empty((4, x.size))
    for d in range(1, 4):
        left[d] = x - t[j + 1 - d]
        right[d] = t[j + d] - x
        saved = np.zeros(x.size)
        for r in range(d):
            temp = values[r] / (right[r + 1] + left[d - r])
            values[r] = saved + right[r + 1] * temp
            saved = left[d - r] * temp
        values[d] = saved
    out = np.zeros((x.size, m))
    rows = np.arange(x.size)
    for r in range(4):
        out[rows, j - 3 + r] = values[r]
    return out


class design:
    """The regression basis of a group of inputs (rows built block by block).

    Parameters
    ----------
    x : ndarray, shape (k, n)
        The group's inputs in each sample.
    y : ndarray, shape (n, m), optional
        The net benefits, to pick the interacting inputs of a large group.
    """

    def __init__(self, x, y=None):
        self.x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        k = self.x.shape[0]
        df = DF_SINGLE if k == 1 else DF_TENSOR
        self.knots = [knots(row, df) for row in self.x]
        sizes = [len(t) - 4 if t[-1] > t[0] else 1 for t in self.knots]
        if k == 1:
            self.kind, self.p = "spline", sizes[0]
        elif k <= MAX_TENSOR:
            self.kind, self.p = "tensor", int(np.prod(sizes))
        else:
            self.kind = "additive"
            self.u = np.vstack([mid_ranks(row) for row in self.x])
            self.pairs = self._pairs(y)
            self.p = 1 + sum(s - 1 for s in sizes) + len(self.pairs)

    def _pairs(self, y):
        """Pairs of the :data:`MAX_PAIRS` inputs most rank-correlated with the net benefits."""
        k = self.x.shape[0]
        if y is None or k <= MAX_PAIRS:
            top = list(range(k))
        else:
            yc = y - y.mean(axis=0)
            uc = self.u - 0.5
            strength = np.abs(uc @ yc).sum(axis=1)
            top = sorted(np.argsort(-strength, kind="stable")[:MAX_PAIRS].tolist())
        return [(a, b) for i, a in enumerate(top) for b in top[i + 1:]]

    def rows(self, sl: slice) -> np.ndarray:
        """The design matrix's rows ``sl``: (rows, p); the whole matrix is built once and kept
        where it holds at most :data:`KEEP_ELEMENTS` numbers (the fit reads it three times)."""
        n = self.x.shape[1]
        if n * self.p <= KEEP_ELEMENTS:
            if getattr(self, "_all", None) is None:
                self._all = self._rows(slice(0, n))
            return self._all[sl]
        return self._rows(sl)

    def _rows(self, sl: slice) -> np.ndarray:
        x = self.x[:, sl]
        bases = [_bspline(row, t) for row, t in zip(x, self.knots)]
        if self.kind == "spline":
            return bases[0]
        if self.kind == "tensor":
            out = np.ones((x.shape[1], 1))
            for b in bases:  # row-wise Kronecker product of each input's basis
                out = (out[:, :, None] * b[:, None, :]).reshape(x.shape[1], -1)
            return out
        u = self.u[:, sl]
        parts = [np.ones((x.shape[1], 1))]  # intercept, then each basis without its first function
        parts += [b[:, 1:] for b in bases]
        parts += [((u[a] - 0.5) * (u[b] - 0.5))[:, None] for a, b in self.pairs]
        return np.concatenate(parts, axis=1)

    def blocks(self, n):
        return [slice(lo, min(lo + BLOCK_ROWS, n)) for lo in range(0, n, BLOCK_ROWS)]


def _normal_equations(basis: design, y):
    """One pass over the sample: (X^T X, X^T y, column means of X)."""
    n, m = y.shape
    xtx = np.zeros((basis.p, basis.p))
    xty = np.zeros((basis.p, m))
    xsum = np.zeros(basis.p)
    for sl in basis.blocks(n):
        x = basis.rows(sl)
        xtx += x.T @ x
        xty += x.T @ y[sl]
        xsum += x.sum(axis=0)
    return xtx, xty, xsum / n


def _pinv(xtx):
    """Pseudo-inverse of X^T X, dropping directions the basis does not span (ties, constant
    inputs); and the rank."""
    w, v = np.linalg.eigh(xtx)
    keep = w > w.max() * 1e-12
    return (v[:, keep] / w[keep]) @ v[:, keep].T, int(keep.sum())


def evppi(inb, x, decisions=None):
    r"""EVPPI of a group of inputs and its standard error for each decision, by regression.

    Parameters
    ----------
    inb : array_like, shape (m, n) or (n,)
        Incremental net benefit of options 1..m over option 0. [money]
    x : array_like, shape (k, n) or (n,)
        The group's inputs (or a measurement's summary statistic) in each sample.
    decisions : sequence of sequences of int, optional
        The options of each decision (0 the baseline); default one decision among all.

    Returns
    -------
    (ndarray, ndarray, dict)
        EVPPI and standard error per decision [money], and the regression: ``r2`` (per
        incremental net benefit), ``basis`` (spline, tensor or additive), ``functions``.

    Notes
    -----
    Standard error: :math:`\sqrt{\sum_{c,c'} G_c^T (X^TX)^{-1} G_{c'} \hat\Sigma_{cc'} +
    \mathrm{var}(\hat L)/n}` with :math:`G_c = \frac1n \sum_i X_i (1[a_i = c] - 1[d^* = c])`,
    :math:`a_i` the option best at sample i's fitted values, :math:`d^*` the one best on average.
    Two passes over the sample: the normal equations, then the fitted values, the losses and
    the gradients block by block.
    """
    y = np.atleast_2d(np.asarray(inb, dtype=np.float64)).T  # (n, m)
    n, m = y.shape
    basis = design(x, y)
    xtx, xty, xbar = _normal_equations(basis, y)
    inv, rank = _pinv(xtx)
    coef = inv @ xty
    means = np.concatenate([[0.0], xbar @ coef])  # mean fitted value of each option (0: baseline)
    decs = _decisions(m, decisions)
    best = [opts[int(np.argmax(means[opts]))] for opts in decs]
    loss_sum = np.zeros(len(decs))
    loss_sq = np.zeros(len(decs))
    grads = [np.zeros((basis.p, m)) for _ in decs]
    rss = np.zeros((m, m))
    for sl in basis.blocks(n):
        xb = basis.rows(sl)
        fit = xb @ coef
        resid = y[sl] - fit
        rss += resid.T @ resid
        g = np.concatenate([np.zeros((fit.shape[0], 1)), fit], axis=1)
        for k, opts in enumerate(decs):
            sub = g[:, opts]
            loss = sub.max(axis=1) - g[:, best[k]]
            loss_sum[k] += loss.sum()
            loss_sq[k] += (loss * loss).sum()
            pick = np.asarray(opts)[np.argmax(sub, axis=1)]
            w = (pick[:, None] == np.arange(1, m + 1)[None, :]).astype(np.float64)
            w -= (np.arange(1, m + 1) == best[k]).astype(np.float64)[None, :]
            grads[k] += xb.T @ w
    cov = rss / max(n - rank, 1)
    values = loss_sum / n
    var_mc = (loss_sq - n * values ** 2) / max(n - 1, 1)
    ses = []
    for k, opts in enumerate(decs):
        cols = [c - 1 for c in opts if c != 0]
        gk = grads[k][:, cols] / n
        var_fit = float(np.sum((gk.T @ inv @ gk) * cov[np.ix_(cols, cols)])) if cols else 0.0
        ses.append(np.sqrt(max(var_fit, 0.0) + max(var_mc[k], 0.0) / n))
    ss = ((y - y.mean(axis=0)) ** 2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = np.where(ss > 0, 1.0 - np.diag(rss) / ss, 0.0)
    return values, np.array(ses), {"r2": r2, "basis": basis.kind, "functions": basis.p}
