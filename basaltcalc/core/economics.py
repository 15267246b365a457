r"""Economics of both options (numpy core, SI floats): cost terms, breakevens and payback.

Cost of each option (DESIGN 1, 2.3):

.. math::

    C_{earth} &= M_e\,c_{fab} + M_e\,(1 + k_{pack})\,c_L + k_{pack} M_e\,c_{box} \\
    C_{insitu} &= m_{launch}\,c_L + m_{hw}\,c_{hw} + m_{cons}\,c_{cons} + k_{dev}\,C_{DDT\&E}
                  + C_{ops}\,T + k_{pack}(m_{hw} + m_{cons})\,c_{box}

with :math:`m_{launch} = (1 + k_{pack})(m_{hw} + m_{cons})`: the in-situ cargo carries the same
packaging fraction as the Earth cargo, and both options buy their containers and packaging at
:math:`c_{box}` per kg of it (``economics.container_cost``).

Breakeven scale :math:`s^*` (factor on every element count): with the campaign length fixed,
Earth cost is :math:`s\,C_e`; in-situ cost is
:math:`F + V s + \max(P s^{\alpha}, P_f) + \sum_k c_k \lceil a_k s \rceil` where ``F`` holds
DDT&E and operations, ``V`` what scales with product (consumables), ``P`` the processing plant and
its spares (plant mass goes as throughput**α, at least the minimum plant or the furnace for the
largest piece, :math:`P_f`), and the steps the whole units (power generation and storage units,
excavators; :func:`breakeven_scale`).  Without steps or floor, for α = 1,

.. math:: s^* = \frac{F}{C_e - V - P}

(``inf`` where the denominator is not positive); otherwise the smallest positive root of
:math:`(C_e - V)s - P s^\alpha - F` by Newton's method in :math:`\ln s` from the left; with the
steps, by one monotone Newton iteration on concave lower bounds of the stepped cost that
re-takes the unit counts at every step.

Breakeven landed cost: both costs are affine in the landed cost :math:`c_L`,
:math:`C = A + m\,c_L`, so :math:`c_L^* = (A_i - A_e)/(m_e - m_i)`.
"""
from __future__ import annotations

import math

import numpy as np

from .production import UNIT_SLACK

__all__ = ["earth_costs", "insitu_costs", "scale_breakeven", "payback", "breakeven_scale", "smooth_breakeven_scale",
           "breakeven_landed_cost", "breakeven_landed_cost_direction", "payback_time"]


def breakeven_scale(fixed, variable, plant, earth, scale_exponent, floor=0.0, steps=()):
    r"""Factor on all element counts at which both options cost the same, with whole units.

    Parameters
    ----------
    fixed, variable, plant, earth, scale_exponent : array_like
        As :func:`smooth_breakeven_scale`. [USD, -]
    floor : array_like
        :math:`P_f`: the plant costs at least this whatever the scale (the minimum plant, or the
        furnace for the largest piece). [USD]
    steps : sequence of (array_like, array_like)
        Whole units ``(cost, per_scale)``: each term costs :math:`c_k \lceil a_k s \rceil`
        (generation, storage, excavator units; :func:`basaltcalc.core.production.unit_count`).
        [USD, -]

    Returns
    -------
    ndarray
        The smallest scale at which in-situ costs no more than Earth: the least root of

        .. math:: s\,C_e = F + V s + \max(P s^\alpha, P_f) + \sum_k c_k \lceil a_k s \rceil

        ``inf`` where none.  Above it the costs may cross back for a while where one more unit
        is bought (the stepped cost jumps up at each :math:`s = j/a_k`). [-]

    Notes
    -----
    Exact, by one vectorised monotone iteration (:func:`_stepped_root`): with the counts at the
    iterate :math:`s_j`, :math:`n_k = \lceil a_k s_j \rceil`, each term is at least
    :math:`c_k\max(n_k, a_k s)` for :math:`s \ge s_j`, so the cost is at least each smooth cost
    that takes either bound for each term; every such piece is concave in :math:`\ln s`, and a
    Newton step on it (its exact root where it is linear) stays at or below the least root.  The
    iterate takes the largest of three such steps and re-takes the counts; it stops where the
    step vanishes, so the counts hold at the root and it is a root of the stepped cost itself,
    and the least.  Where the margin left with the units at full rate is not positive it never
    is (``inf``, decided first).  About four steps per point in a study over every range
    (measured: 3.9 point-steps of array work per point on the 56 % of the default study's points
    that have a root; the passes of whole root solves it replaced took about seven solves of
    five Newton steps each); the points
    outside its domain (α > 1, no fixed cost, non-finite inputs) keep those passes
    (:func:`_breakeven_scale_by_passes`).

    Examples
    --------
    >>> # F 1e9, V 1e8, P 2e8, Earth 8e8, plus units of 1e8 each needed at 0.5 per scale:
    >>> # n = 1: s = 1.1e9/5e8 = 2.2 -> ceil(1.1) = 2 units; n = 2: s = 1.2e9/5e8 = 2.4 ->
    >>> # ceil(1.2) = 2: converged, s* = 2.4
    >>> round(float(breakeven_scale(1e9, 1e8, 2e8, 8e8, 1.0, steps=[(1e8, 0.5)])), 12)
    2.4
    >>> # a plant of at least 6e8 (P*3: at scales below 3 it is a fixed cost):
    >>> # (1e9 + 6e8)/(8e8 - 1e8) = 2.2857 < 3: the root lies under the floor
    >>> round(float(breakeven_scale(1e9, 1e8, 2e8, 8e8, 1.0, floor=6e8)), 6)
    2.285714
    """
    arrays = [np.asarray(a, dtype=np.float64) for a in (fixed, variable, plant, earth, scale_exponent, floor)]
    steps = [(np.asarray(c, dtype=np.float64), np.asarray(a, dtype=np.float64)) for c, a in steps]
    if not steps:
        return _floored_root(*arrays)
    F, V, P, E, A, S = arrays
    C, K = [c for c, _ in steps], [a for _, a in steps]
    shape = np.broadcast_shapes(*(v.shape for v in arrays + C + K))
    with np.errstate(invalid="ignore", over="ignore"):
        # the one-loop root's domain (every point of a study); the rest keep the passes (a sum
        # that overflows sends finite points there too: they handle those as well)
        regular = np.isfinite(sum(arrays + C + K)) & (F > 0) & (E > V) & (A <= 1) & (P >= 0) & (S >= 0)
        for v in C + K:
            regular = regular & (v >= 0)
        # the margin left with the units at full rate (less P for α = 1) not positive: never
        margin = E - V - np.where(A == 1.0, P, 0.0) - sum(c * a for c, a in zip(C, K))
        roots = np.broadcast_to(regular & (margin > 0), shape).reshape(-1)
        rest = np.broadcast_to(~regular, shape).reshape(-1)
    out = np.full(roots.shape, np.inf)
    for where, solve in ((np.flatnonzero(roots), _stepped_root),
                         (np.flatnonzero(rest), _breakeven_scale_by_passes)):
        if where.size:
            pick = [*map(gatherer(shape, where), arrays + C + K)]
            out[where] = solve(*pick[:6], list(zip(pick[6:6 + len(C)], pick[6 + len(C):])))
    return out[0] if shape == () else out.reshape(shape)


def _breakeven_scale_by_passes(fixed, variable, plant, earth, scale_exponent, floor, steps):
    r""":func:`breakeven_scale` by whole root solves, one per pass over the unit counts: for the
    points outside :func:`_stepped_root`'s domain (α > 1, no fixed cost, non-finite inputs), and
    the reference that root is tested and timed against. [-]

    With :math:`n_k = \lceil a_k s_j \rceil`, the least root lies above the largest of the
    least roots of the :math:`2^K` smooth costs that take :math:`c_k n_k` or :math:`c_k a_k s`
    for each term (closed-form or bracketed, :func:`_floored_root`): that is :math:`s_{j+1}`.
    It stops on each point where :math:`\lceil a_k s_{j+1} \rceil = n_k` for every :math:`k`.
    It starts from the root with :math:`\lceil x \rceil` replaced by ``x``; the first passes run
    in the broadcast shape, then the points still buying units are gathered and iterate together.
    """
    arrays = [np.asarray(a, dtype=np.float64) for a in (fixed, variable, plant, earth, scale_exponent, floor)]
    steps = [(np.asarray(c, dtype=np.float64), np.asarray(a, dtype=np.float64)) for c, a in steps]
    C = [c for c, _ in steps]
    K = [a for _, a in steps]
    F, V = arrays[0], arrays[1]
    rest = arrays[2:]  # plant, earth, alpha, floor
    # a lower bound, in the broadcast shape: ceil(x) >= x
    s = _floored_root(F, V + sum(c * a for c, a in zip(C, K)), *rest)
    Ks = [np.multiply(a, 1.0 - UNIT_SLACK) for a in K]  # the units held at s: ceil(Ks * s)
    # the first passes in the broadcast shape (no copies of the inputs): the counts at s held
    for _ in range(BROADCAST_PASSES):
        counts = [np.ceil(a * s) for a in Ks]
        new = np.fmax(_floored_root(F + sum(c * n for c, n in zip(C, counts)), V, *rest, start=s), s)
        # the counts at new are those at s (new >= s) where a*new <= n: ceil(a*new) == n
        done = np.isinf(new) | np.logical_and.reduce([a * new <= n for a, n in zip(Ks, counts)])
        if 4 * np.count_nonzero(~done) < np.size(done):  # few left: gather them
            break
        s = new
    out = np.atleast_1d(np.array(new, dtype=np.float64))
    if np.all(done):
        return out[0] if np.ndim(new) == 0 else out
    # the points still buying units (few): gathered from the broadcast views, iterated on
    shape = out.shape
    where = np.nonzero(~np.broadcast_to(done, shape))
    pick = lambda x: np.broadcast_to(x, shape)[where]  # noqa: E731
    F, V, P, E, A, S = (pick(x) for x in arrays)
    C, K = [pick(c) for c in C], [pick(a) for a in K]
    out[where] = _iterate_counts(pick(out), F, V, P, E, A, S, C, K, [pick(a) for a in Ks])
    return out[0] if np.ndim(new) == 0 else out


def _iterate_counts(s, F, V, P, E, A, S, C, K, Ks):
    """The passes of :func:`_breakeven_scale_by_passes` on flat arrays of the points not yet
    converged, from the lower bound ``s``: each pass bounds every unit term from below both ways for
    :math:`s \\ge s_j` (its count at :math:`s_j`, or :math:`a s`; the all-counts piece first)
    after :data:`FIXED_POINT_PASSES` passes that hold the counts only; ``Ks`` is ``K`` times
    ``1 - UNIT_SLACK``, so the units held at ``s`` are ``ceil(Ks*s)`` (as
    :func:`basaltcalc.core.production.unit_count`). [-]"""
    out = np.array(s)
    active = np.flatnonzero(np.isfinite(out))
    # each piece: which terms hold their count (True) or take a*s; all held first
    every = [tuple(not b for b in idx) for idx in np.ndindex(*(2,) * len(C))]
    for j in range(MAX_STEP_ITERATIONS):  # each pass buys at least one more unit on every point
        if not active.size:
            break
        pieces = every[:1] if j < FIXED_POINT_PASSES else every
        sa = out[active]
        counts = [np.ceil(a[active] * sa) for a in Ks]
        held = [c[active] * n for c, n in zip(C, counts)]
        slope = [c[active] * a[active] for c, a in zip(C, K)]
        Fs = np.stack([F[active] + sum(h for h, fix in zip(held, piece) if fix) for piece in pieces])
        Vs = np.stack([V[active] + sum(d for d, fix in zip(slope, piece) if not fix) for piece in pieces])
        roots = _floored_root(Fs, Vs, P[active], E[active], A[active], S[active], start=sa)
        new = np.fmax(np.max(roots, axis=0), sa)  # the least root is above every piece's
        stable = np.isinf(new)
        same = np.logical_and.reduce([a[active] * new <= n for a, n in zip(Ks, counts)])
        # counts unchanged up to the bound: the root with the counts held is the least root
        out[active] = np.where(same & ~stable, np.fmax(roots[0], sa), new)
        active = active[~(stable | same)]
    return out


def gather(v, shape, where):
    """``np.broadcast_to(v, shape).reshape(-1)[where]``, without writing out the broadcast where
    ``v`` varies along one run of axes only (leading: the in-situ side of each comparator;
    trailing: the comparators); a scalar stays a scalar (:func:`gatherer`)."""
    return gatherer(shape, where)(v)


def gatherer(shape, where):
    """:func:`gather` at ``shape`` and the flat indices ``where`` as a function of ``v`` alone,
    which computes the index into each run of axes once for all the arrays it gathers (integer
    division is the slow part of a gather)."""
    memo = {}

    def pick(v):
        v = np.asarray(v)
        if v.size == 1:
            return v.reshape(())  # broadcasts as it is
        full = (1,) * (len(shape) - v.ndim) + v.shape
        i, j = 0, len(shape)
        while full[j - 1] == 1:
            j -= 1
        while full[i] == 1:
            i += 1
        if full[i:j] != shape[i:j]:
            return np.broadcast_to(v, shape).reshape(-1)[where]
        if (i, j) not in memo:
            flat = where // math.prod(shape[j:]) if j < len(shape) else where
            memo[i, j] = flat % math.prod(shape[i:j]) if i else flat
        return v.reshape(-1)[memo[i, j]]

    return pick


def _stepped_root(F, V, P, E, A, S, steps, rtol=1e-15):
    r"""Least root of the stepped cost of :func:`breakeven_scale` in one monotone iteration,
    on flat arrays (or scalars) with :math:`F > 0`, :math:`C_e > V`, :math:`\alpha \le 1`, the
    rest finite and non-negative, and a root: the margin left with the units at full rate,
    :math:`M - \sum c_k a_k` (less ``P`` for α = 1), positive (elsewhere the stepped cost never
    falls to the Earth cost).  ``steps``: ``(cost, per_scale)`` as :func:`breakeven_scale`. [-]

    With :math:`M = C_e - V` and the counts :math:`n_k = \lceil a_k s_j \rceil` at the iterate
    :math:`s_j`, for :math:`s \ge s_j` the cost divided by ``s`` is at least that of a piece

    .. math:: h_p(s) = M_p - F_p/s - P s^{\alpha-1} \quad (\text{or } M_p - (F_p + P_f)/s
              \text{ where the plant is at its floor})

    with each unit term taken as its count (:math:`F_p \mathrel{+}= c_k n_k`) or as
    :math:`c_k a_k s` (:math:`M_p \mathrel{-}= c_k a_k`).  Every piece is concave in
    :math:`\ln s` and above the stepped cost there, so a Newton step in :math:`\ln s` on any of
    them (its exact root where it is linear in ``s``: α = 1 or at the floor) lands at or below
    the least root; the iterate takes the largest of three: all counts held, all terms as
    :math:`c_k a_k s`, and each term held unless the first piece's target buys one more of it.
    The counts are re-taken at every step.  It starts from the roots of two linear lower
    pieces (the units at full rate, the plant at its floor or, for α = 1, on its line).  A point
    stops when the step is at most ``rtol * max(|ln s|, 1)`` (a linear piece: when it no longer
    moves, or at once for α = 1 where the held piece's root keeps its counts and its plant
    branch): its counts then hold at the root.  Each point's result is its own (batch-
    independent); no transcendental function is taken where every point is linear.
    """
    C, K = [c for c, _ in steps], [a for _, a in steps]
    CK = [c * a for c, a in zip(C, K)]
    Ks = [a * (1.0 - UNIT_SLACK) for a in K]  # the units held at s: ceil(Ks * s), as unit_count
    M = E - V
    am1 = A - 1.0
    one = am1 == 0.0
    on_plant_margin = np.where(one, M - P, M)  # α = 1: the plant's P s is linear
    full_rate = sum(CK)
    n = max(np.size(v) for v in (F, V, P, E, A, S, *C, *K))
    out = np.empty(n)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # the roots of lower pieces: the units at full rate with the plant at its floor, or (α = 1)
        # on its line
        s0 = np.fmax((F + S) / (M - full_rate), np.where(one, F / (on_plant_margin - full_rate), 0.0))
        if not np.all(one):
            s0 = np.where(one, s0, np.fmax(s0, np.exp(np.log(P / M) / -am1)))
        s0 = np.broadcast_to(s0, (n,)).copy()
        active = np.arange(n)
        cols = [s0, F, F + S, M, on_plant_margin, P, S, am1, one, full_rate, *C, *Ks, *CK]
        done = np.zeros(active.size, dtype=bool)
        for _ in range(MAX_STEP_ITERATIONS):
            if not active.size:
                break
            value, settled = _stepped_step(cols, len(C), rtol)
            cols[0] = np.where(done, cols[0], value)
            done |= settled
            n_done = np.count_nonzero(done)
            if n_done == done.size:
                break
            if done.size > 64 and 2 * n_done >= done.size:  # compacting costs more than a step
                out[active[done]] = cols[0][done]
                keep = np.flatnonzero(~done)  # one index for every column
                active, done = active[keep], done[keep]
                cols = [v[keep] if v.ndim else v for v in cols]  # scalars stay scalars
        out[active] = cols[0]  # the last points (and any still iterating after the cap: none seen)
    return out


def _stepped_step(cols, k, rtol):
    """One step of :func:`_stepped_root` on its active columns: ``(next, settled)``.  A point
    with α = 1 whose held piece's root keeps its counts and its plant branch is settled at that
    root at once (it is exact there: the next step would only repeat it)."""
    s, F, FS, M, Mon, P, S, am1, one, full_rate = cols[:10]
    C, Ks, CK = (cols[10 + i * k:10 + (i + 1) * k] for i in range(3))
    newton = not np.all(one)
    if newton:
        ln_s = np.log(s)
        a = P * np.exp(am1 * ln_s)  # plant / s
    else:
        a = P
    on_plant = a * s > S
    Fb = np.where(on_plant, F, FS)
    Mb = np.where(on_plant, Mon, M)
    counts = [np.ceil(q * s) for q in Ks]
    held = [c * n for c, n in zip(C, counts)]
    Fh = Fb + sum(held)
    pieces = [(Fh, Mb), (Fb, Mb - full_rate)]
    root = Fh / Mb  # the held piece's root where it is linear
    if newton:
        lin = one | ~on_plant
        aa = np.where(lin, 0.0, am1 * a)
        steps = [(a + f / s - m) / (f / s - aa) for f, m in pieces]
        target = np.where(lin, root, s * (1.0 + steps[0]))
    else:
        target = root
    grow = [q * target > n for q, n in zip(Ks, counts)]  # ceil(q * target) > n: one more unit
    Fm = Fb + sum(np.where(g, 0.0, n) for g, n in zip(grow, held))
    Mm = Mb - sum(np.where(g, ck, 0.0) for g, ck in zip(grow, CK))
    pieces.append((Fm, Mm))
    new = _largest([root] + [f / m for f, m in pieces[1:]])
    settled = ~(new > s)
    if newton:
        steps.append((a + Fm / s - Mm) / (Fm / s - aa))
        step = _largest(steps)
        new = np.where(lin, new, s * np.exp(step))
        settled = np.where(lin, settled, ~(step > rtol * np.maximum(np.abs(ln_s), 1.0)))
    exact = one & ~np.logical_or.reduce(grow) & ((a * root > S) == on_plant)
    return np.where(exact, root, np.where(settled, s, new)), settled | exact


def _largest(arrays):
    """Elementwise maximum of a few arrays (NaN where any is NaN)."""
    out = arrays[0]
    for a in arrays[1:]:
        out = np.maximum(out, a)
    return out


#: Cap on the steps of :func:`_stepped_root` and the passes of
#: :func:`_breakeven_scale_by_passes` (never reached in tests: each buys at least one more unit
#: on every point still iterating or converges its Newton step, and the root lies below that of
#: the cost with every count rounded up by one).
MAX_STEP_ITERATIONS = 100_000
#: Passes of :func:`_breakeven_scale_by_passes` in the broadcast shape, while a quarter of the
#: points or more still buy units after a pass.
BROADCAST_PASSES = 2
#: Passes of :func:`_breakeven_scale_by_passes` that hold the counts only before it bounds each
#: term both ways (most points converge in these).
FIXED_POINT_PASSES = 2


def _floored_root(fixed, variable, plant, earth, alpha, floor=0.0, start=None):
    r"""Least root of :math:`s\,C_e = F + V s + \max(P s^\alpha, P_f)` (``inf`` where none).

    While the plant is at its floor :math:`P_f` (a fixed cost) the root is linear,
    :math:`r = (F + P_f)/(C_e - V)`, valid where :math:`P r^\alpha \le P_f`; otherwise the root is
    that of :func:`smooth_breakeven_scale`, valid where the plant there is above its floor (for
    :math:`\alpha \le 1` one of the two always is; for :math:`\alpha > 1` neither may be: no
    root).  Compared in cost, so no :math:`1/\alpha` power overflows.  ``start``: as
    :func:`smooth_breakeven_scale`.
    """
    fixed, variable, plant, earth, alpha, floor = (np.asarray(a, dtype=np.float64) for a in
                                                   (fixed, variable, plant, earth, alpha, floor))
    smooth = smooth_breakeven_scale(fixed, variable, plant, earth, alpha, start)
    if not np.any(floor > 0):
        return smooth
    margin = earth - variable
    linear_plant = np.ndim(alpha) == 0 and alpha == 1.0  # the common case: no powers
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        linear = (fixed + floor) / margin
        # x**alpha as exp(alpha ln x): numpy's exp and log are vectorised, its power is not
        at_floor = (margin > 0) & (plant * (linear if linear_plant else np.exp(alpha * np.log(linear)))
                                   <= floor)
        above = plant * (smooth if linear_plant else np.exp(alpha * np.log(smooth))) >= floor
        out = np.where(at_floor, linear, np.where(above, smooth, np.inf))
    return out[()] if out.ndim == 0 else out


def smooth_breakeven_scale(fixed, variable, plant, earth, scale_exponent, start=None):
    r"""Factor on all element counts at which both options cost the same (no unit steps).

    Parameters
    ----------
    fixed : array_like
        In-situ cost that does not scale with the counts (DDT&E share, operations). [USD]
    variable : array_like
        In-situ cost proportional to the counts at scale 1 (power system, consumables). [USD]
    plant : array_like
        In-situ cost of plant and spares at scale 1, which goes as scale**α. [USD]
    earth : array_like
        Earth option cost at scale 1 (proportional to the counts). [USD]
    scale_exponent : array_like
        α, the plant mass scale exponent. [-]
    start : array_like, optional
        A scale at or below the root where known (a previous pass's root); it only speeds the
        iteration (where it is not below the root it is ignored). [-]

    Returns
    -------
    ndarray
        Breakeven scale; ``inf`` where in-situ never becomes cheaper, 0 where it always is. [-]

    Notes
    -----
    .. math:: s\,C_e = F + V s + P s^\alpha

    Examples
    --------
    >>> # F 1e9, V 1e8, P 2e8 at scale 1, Earth 8e8: s* = 1e9/(8e8 - 3e8) = 2
    >>> float(smooth_breakeven_scale(1e9, 1e8, 2e8, 8e8, 1.0))
    2.0
    >>> float(smooth_breakeven_scale(1e9, 1e8, 2e8, 2e8, 1.0))  # marginal in-situ >= Earth: never
    inf
    >>> # no fixed cost, alpha 0.5: 8e8*s = 2e8*s**0.5 at s* = (2e8/8e8)**2 = 0.0625
    >>> float(smooth_breakeven_scale(0.0, 0.0, 2e8, 8e8, 0.5))
    0.0625
    """
    fixed, variable, plant, earth, alpha = (np.asarray(a, dtype=np.float64) for a in
                                            (fixed, variable, plant, earth, scale_exponent))
    margin = earth - variable
    denominator = margin - plant
    with np.errstate(divide="ignore", invalid="ignore"):
        # fixed >= 0 (development and operations), so the ratio is >= 0 where it is taken
        result = np.where(denominator > 0, fixed / denominator, np.inf)
    if np.any(alpha != 1.0):
        shape = np.broadcast_shapes(*(a.shape for a in (fixed, plant, margin, alpha)))
        fixed, plant, margin, alpha = (np.broadcast_to(a, shape) for a in (fixed, plant, margin, alpha))
        result = np.array(np.broadcast_to(result, shape))
        # no plant cost: the cost is affine whatever alpha, and the closed form holds
        nonlinear = (alpha != 1.0) & (margin > 0) & (plant > 0) & (fixed > 0) & np.isfinite(fixed)
        if start is not None:
            start = np.broadcast_to(start, shape)
        if np.all(nonlinear):  # every point (a study varying alpha): no gather
            result[...] = _breakeven_scale_root(fixed, plant, margin, alpha, start)
        elif np.any(nonlinear):
            result[nonlinear] = _breakeven_scale_root(fixed[nonlinear], plant[nonlinear],
                                                      margin[nonlinear], alpha[nonlinear],
                                                      None if start is None else start[nonlinear])
        # no fixed cost: m*s = P*s**alpha has the closed-form root s* = (P/m)**(1/(1-alpha))
        free = (alpha != 1.0) & (margin > 0) & (plant > 0) & (fixed == 0)
        if np.any(free):
            result[free] = (plant[free] / margin[free]) ** (1.0 / (1.0 - alpha[free]))
    return result[()] if result.ndim == 0 else result


def _breakeven_scale_root(fixed, plant, margin, alpha, start=None, iterations=100, rtol=1e-15):
    r"""Smallest positive root of g(s) = margin*s - plant*s**alpha - fixed, else inf.

    Works in x = ln s on :math:`h(x) = g(s)/s = M - P e^{(\alpha-1)x} - F e^{-x}`, which has
    the same roots and neither overflows nor needs s itself to be representable.  ``h`` is
    concave (:math:`h'' = -(\alpha-1)^2 P e^{(\alpha-1)x} - F e^{-x} < 0`), so Newton's method
    started left of the least root, where :math:`h < 0` and :math:`h' > 0`, rises monotonically to
    it (the tangent lies above ``h``: no step overshoots).  Starts, each with :math:`h < 0`:
    :math:`x_0 = \ln(F/M)` (there :math:`F e^{-x} = M`), for α < 1 the larger of it and
    :math:`\ln(P/M)/(1-\alpha)` (there :math:`P e^{(\alpha-1)x} = M`), and ``ln(start)`` where
    given and :math:`h < 0,\ h' > 0` there (every x below then has :math:`h < 0` too).  For
    α > 1, h rises to one maximum at :math:`x_h = \ln(F/((\alpha-1)P))/\alpha`: a root exists
    only if :math:`x_0 \le x_h` and :math:`h(x_h) \ge 0`.

    Near a double root (α > 1 with :math:`h(x_h) = 0`) Newton converges only linearly and
    rounding stops it about 1e-8 short; within :data:`DOUBLE_ROOT_BAND` of :math:`x_h` the root is
    taken as :math:`x_h` (the root is that ill-conditioned there anyway).
    A point stops when its Newton step is at most ``rtol * max(|x|, 1)`` (a step of 0 or below
    is rounding: exact steps are positive until the root) and then stays put, so its result does
    not depend on the batch it came in; the points iterate together in numpy.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        am1 = alpha - 1.0
        x = np.log(fixed / margin)
        x = np.where(am1 < 0.0, np.fmax(x, np.log(plant / margin) / -am1), x)
        if start is not None:
            xs = np.broadcast_to(np.log(start), x.shape)
            a, b = plant * np.exp(am1 * xs), fixed * np.exp(-xs)
            x = np.where((margin - a - b < 0.0) & (b - am1 * a > 0.0), np.fmax(x, xs), x)
        x_peak = np.log(fixed / (am1 * plant)) / alpha
        has_root = (am1 <= 0.0) | ((x <= x_peak) & (margin - plant * np.exp(am1 * x_peak)
                                                    - fixed * np.exp(-x_peak) >= 0.0))
        x = np.where(has_root, x, np.inf)
        out = _newton_from_left(x, fixed, plant, margin, am1, iterations, rtol)
        # a double root (h(x_h) = 0 to rounding) is found only to ~sqrt(eps): there take x_h
        out = np.where((am1 > 0.0) & (x_peak - out < DOUBLE_ROOT_BAND * np.fmax(np.abs(x_peak), 1.0)),
                       x_peak, out)
        root = np.exp(out)
    return np.where(has_root & np.isfinite(root), root, np.inf)


#: Relative distance in ln s below which :func:`_breakeven_scale_root` takes a root next to the
#: maximum of h for a double root (Newton stalls ~2e-8 short of one from rounding).
DOUBLE_ROOT_BAND = 1e-7


def _newton_from_left(x, fixed, plant, margin, am1, iterations, rtol):
    """Newton's method on h(x) = margin - plant*exp(am1*x) - fixed*exp(-x) from ``x`` (left of
    the root) for :func:`_breakeven_scale_root`; non-finite starts are returned as they are.
    Converged points are dropped from the arrays once they are half of them (compacting costs
    more than a step)."""
    out = np.array(x, dtype=np.float64)
    flat = out.reshape(-1)
    active = np.flatnonzero(np.isfinite(flat))
    xa, P, F, M, A = (np.broadcast_to(v, out.shape).reshape(-1) for v in (out, plant, fixed, margin, am1))
    if active.size < flat.size:
        xa, P, F, M, A = (v[active] for v in (xa, P, F, M, A))
    done = np.zeros(active.size, dtype=bool)
    for _ in range(iterations):
        a = P * np.exp(A * xa)
        b = F * np.exp(-xa)
        step = (a + b - M) / (b - A * a)  # -h/h'
        done |= ~(step > rtol * np.maximum(np.abs(xa), 1.0))
        xa = np.where(done, xa, xa + step)
        if 2 * np.count_nonzero(done) >= done.size:
            flat[active[done]] = xa[done]
            keep = np.flatnonzero(~done)  # one index for every array
            active, xa, P, F, M, A = (v[keep] for v in (active, xa, P, F, M, A))
            done = done[keep]
            if active.size == 0:
                break
    flat[active] = xa  # any point still iterating after the last step (none seen in tests)
    return out


def breakeven_landed_cost(earth_other, earth_launched, insitu_other, insitu_launched):
    r"""Landed cost per kg at which both options cost the same.

    Parameters
    ----------
    earth_other, insitu_other : array_like
        Cost of each option not proportional to the landed cost. [USD]
    earth_launched, insitu_launched : array_like
        Mass each option lands. [kg]

    Returns
    -------
    ndarray
        Breakeven landed cost; 0 where in-situ is cheaper at any landed cost, ``inf`` where no
        non-negative landed cost makes the two equal. [USD/kg]

    Notes
    -----
    .. math:: c_L^* = \frac{A_i - A_e}{m_e - m_i}

    Examples
    --------
    >>> # in-situ: 2e9 fixed, 1e4 kg landed; Earth: 1e8 fabrication, 1e5 kg landed: 1.9e9/9e4
    >>> round(float(breakeven_landed_cost(1e8, 1e5, 2e9, 1e4)), 1)
    21111.1
    """
    denominator = np.subtract(earth_launched, insitu_launched)
    numerator = np.subtract(insitu_other, earth_other)
    with np.errstate(divide="ignore", invalid="ignore"):
        root = numerator / denominator
        result = np.where(root >= 0, root, np.inf)
    # in-situ cheaper at every landed cost: it costs less without transport and lands less
    return np.where((numerator <= 0) & (denominator >= 0), 0.0, result)


def breakeven_landed_cost_direction(earth_other, earth_launched, insitu_other, insitu_launched):
    r"""On which side of :func:`breakeven_landed_cost` the in-situ option is the cheaper.

    Parameters
    ----------
    earth_other, insitu_other : array_like
        Cost of each option not proportional to the landed cost. [USD]
    earth_launched, insitu_launched : array_like
        Mass each option lands. [kg]

    Returns
    -------
    ndarray
        +1 where in-situ is cheaper *above* the breakeven landed cost (it lands less mass than
        the Earth option: the usual case, and the reading of 0 "always" and ``inf`` "never"),
        -1 where it is cheaper *below* it (it lands more mass but costs less without transport),
        NaN where an input is NaN. [-]

    Notes
    -----
    With :math:`\Delta C(c_L) = C_e - C_i = (A_e - A_i) + (m_e - m_i)\,c_L`, in-situ is cheaper
    where :math:`\Delta C > 0`: above :math:`c_L^*` when :math:`m_e > m_i`, below it when
    :math:`m_e < m_i` and :math:`A_i \le A_e` (otherwise never: ``inf``, read as +1).

    Examples
    --------
    >>> # in-situ lands 1e5 kg against 1e4 kg but costs 1e9 less otherwise: cheaper below 11.1 kUSD/kg
    >>> float(breakeven_landed_cost_direction(2e9, 1e4, 1e9, 1e5))
    -1.0
    >>> float(breakeven_landed_cost_direction(1e8, 1e5, 2e9, 1e4))  # lands less: cheaper above
    1.0
    """
    denominator = np.subtract(earth_launched, insitu_launched)
    numerator = np.subtract(insitu_other, earth_other)
    direction = np.where((denominator < 0) & (numerator <= 0), -1.0, 1.0)
    return np.where(np.isnan(numerator) | np.isnan(denominator), np.nan, direction)


def payback_time(upfront, savings, campaign_time):
    r"""Time from the start of production at which the in-situ option has cost no more than
    launching the elements made so far.

    Parameters
    ----------
    upfront : array_like
        In-situ cost paid before the first element is made (development, first plant and
        power system landed). [USD]
    savings : array_like
        Earth total cost minus in-situ total cost over the campaign. [USD]
    campaign_time : array_like
        Length of the campaign. [s]

    Returns
    -------
    ndarray
        Payback time; ``inf`` where the in-situ running cost is not below the Earth rate. It is
        within the campaign exactly where the in-situ option is cheaper overall. [s]

    Notes
    -----
    What exceeds ``upfront`` of the in-situ cost accrues evenly over the campaign, as does the
    Earth cost of the elements made so far; the cumulative costs meet at

    .. math:: t^* = \frac{U}{(C_e - (C_i - U))/T} = \frac{U\,T}{S + U}

    Examples
    --------
    >>> # 1 BUSD up front, 1.5 BUSD in all, Earth 3 BUSD over 2 years: 1e9*2/(1.5e9 + 1e9) = 0.8
    >>> float(payback_time(1e9, 1.5e9, 2.0))
    0.8
    """
    net = np.add(savings, upfront)  # (Earth rate - in-situ running rate) * T
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(net > 0, np.multiply(upfront, campaign_time) / net, np.inf)


def earth_costs(product_mass, landed, packaging_fraction, fabrication_cost, container_cost=0.0):
    r"""Cost terms of the Earth option.

    Parameters
    ----------
    product_mass : array_like
        Mass of all elements in the Earth material, :math:`M_e`. [kg]
    landed : array_like
        Landed cost on the surface, :math:`c_L`. [USD/kg]
    packaging_fraction : array_like
        Packaging and integration mass per kg of cargo, :math:`k_{pack}`. [-]
    fabrication_cost : array_like
        Earth fabrication cost, :math:`c_{fab}`. [USD/kg]
    container_cost : array_like
        Purchase of the containers and packaging per kg of their mass, :math:`c_{box}`. [USD/kg]

    Returns
    -------
    dict of str to ndarray
        ``launched`` :math:`M_e(1 + k_{pack})` [kg], ``fabrication`` :math:`M_e c_{fab}` [USD],
        ``containers`` :math:`k_{pack} M_e c_{box}` [USD], ``other`` (fabrication + containers:
        all but transport) [USD], ``transport`` :math:`M_e(1 + k_{pack})c_L` [USD] and ``total``
        their sum [USD].

    Examples
    --------
    >>> # 1000 kg, 10 % packaging, 1e6 USD/kg landed, 1e3 USD/kg fabrication: 1e6 + 1.1e9
    >>> float(earth_costs(1000.0, 1e6, 0.1, 1e3)["total"])
    1101000000.0
    >>> # and 100 kg of packaging bought at 1e5 USD/kg: + 1e7
    >>> float(earth_costs(1000.0, 1e6, 0.1, 1e3, 1e5)["total"])
    1111000000.0
    """
    packaging = product_mass * np.asarray(packaging_fraction)
    launched = product_mass + packaging
    fabrication = product_mass * fabrication_cost
    containers = packaging * np.asarray(container_cost)
    other = fabrication + containers
    transport = launched * landed
    return {"launched": launched, "fabrication": fabrication, "containers": containers,
            "other": other, "transport": transport, "total": other + transport}


def insitu_costs(launched, hardware_mass, consumables, landed, hardware_cost, consumables_cost,
                 ddte, ddte_share, operations_per_year, campaign, packaging=0.0, container_cost=0.0):
    r"""Cost terms of the in-situ option.

    Parameters
    ----------
    launched : array_like
        Mass the option lands (plant, spares, power system, consumables), :math:`m_{launch}`. [kg]
    hardware_mass : array_like
        Plant, spares and power system landed, :math:`m_{hw}`. [kg]
    consumables : array_like
        Consumables landed, :math:`m_{cons}`. [kg]
    landed : array_like
        Landed cost, :math:`c_L`. [USD/kg]
    hardware_cost, consumables_cost : array_like
        Cost of flight hardware and of consumables, :math:`c_{hw}`, :math:`c_{cons}`. [USD/kg]
    ddte, ddte_share : array_like
        Development cost [USD] and the share charged to this campaign, :math:`k_{dev}` [-].
    operations_per_year, campaign : array_like
        Operations cost [USD/s] and campaign length :math:`T` [s].
    packaging, container_cost : array_like
        Packaging of the cargo, :math:`k_{pack}(m_{hw} + m_{cons})` [kg], and its purchase per
        kg, :math:`c_{box}` [USD/kg].

    Returns
    -------
    dict of str to ndarray
        ``transport``, ``hardware``, ``consumables``, ``containers`` (the packaging bought),
        ``ddte``, ``operations``, ``fixed`` (DDT&E + operations), ``other`` (all but transport)
        and ``total``. [USD]

    Examples
    --------
    >>> # 100 kg landed (80 hardware, 20 consumables) at 1e6 USD/kg; hardware 1e5, consumables
    >>> # 1e3 USD/kg; 1e9 DDT&E at 50 %; no operations: 1e8 + 8e6 + 2e4 + 5e8
    >>> float(insitu_costs(100.0, 80.0, 20.0, 1e6, 1e5, 1e3, 1e9, 0.5, 0.0, 1.0)["total"])
    608020000.0
    >>> # the same with 10 kg of its packaging bought at 1e5 USD/kg: + 1e6
    >>> float(insitu_costs(100.0, 80.0, 20.0, 1e6, 1e5, 1e3, 1e9, 0.5, 0.0, 1.0, 10.0, 1e5)["total"])
    609020000.0
    """
    transport = launched * landed
    hardware = hardware_mass * hardware_cost
    consumables_total = consumables * np.asarray(consumables_cost)
    containers = np.multiply(packaging, container_cost)
    ddte_total = np.multiply(ddte, ddte_share)
    operations = np.multiply(operations_per_year, campaign)
    fixed = ddte_total + operations
    # sums of the terms that do not depend on the landed cost first: a landed-cost sweep then
    # costs one array operation per total, not one per term
    other = hardware + consumables_total + containers + fixed
    return {"transport": transport, "hardware": hardware, "consumables": consumables_total,
            "containers": containers, "ddte": ddte_total, "operations": operations,
            "fixed": fixed, "other": other, "total": other + transport}


def scale_breakeven(earth, insitu, chain, landed, hardware_cost, consumables_cost, scale_exponent,
                    container_cost=0.0):
    r"""Breakeven scale of the in-situ option (:func:`breakeven_scale`) from its cost terms.

    Parameters
    ----------
    earth, insitu : mapping of str to ndarray
        Cost terms from :func:`earth_costs` and :func:`insitu_costs`. [USD, kg]
    chain : mapping of str to ndarray
        The production chain of :func:`basaltcalc.core.compare.production_chain`: masses [kg],
        unit masses and units per unit of scale [kg, -].
    landed, hardware_cost, consumables_cost : array_like
        Landed cost and the costs of hardware and consumables. [USD/kg]
    scale_exponent : array_like
        α, the plant mass scale exponent. [-]
    container_cost : array_like
        Purchase of the packaging per kg of it, :math:`c_{box}`. [USD/kg]

    Returns
    -------
    ndarray
        :func:`breakeven_scale`. [-]

    Notes
    -----
    Every landed kg carries the packaging fraction :math:`k_{pack}` as on the Earth side, landed
    and bought: a kg of cargo costs :math:`(1 + k_{pack})c_L + k_{pack}c_{box}` besides its own
    price (:func:`_carried`; the Earth total, containers included, stays proportional to the
    scale).  Variable cost :math:`V` = consumables (landed and bought); plant cost :math:`P` = the
    processing plant at the scale-1 throughput, its replacements and spares (landed and bought),
    at least its floor (the minimum plant, or the furnace for the largest piece);
    whole units (generation and storage over their replacements, excavators with the plant's)
    are the steps of :func:`breakeven_scale`.
    """
    carried = _carried(chain, landed, container_cost)
    per_kg = carried + hardware_cost  # one kg of hardware landed and bought [USD/kg]
    variable = chain["consumables"] * (carried + np.asarray(consumables_cost))
    plant_life = chain["plant_life"]  # plants launched plus spares, per kg of one plant [-]
    plant_cost = chain["plant_unfloored"] * plant_life * per_kg
    floor = chain["plant_floor"] * plant_life * per_kg
    steps = [(chain[f"{k}_unit_mass"] * life * per_kg, chain[f"{k}_per_scale"])
             for k, life in (("generation", chain["n_power"]), ("storage", chain["n_power"]),
                             ("excavator", plant_life))]
    return breakeven_scale(insitu["fixed"], variable, plant_cost, earth["total"], scale_exponent,
                           floor, steps)


def _carried(chain, landed, container_cost):
    """A kg of in-situ cargo landed with its packaging, the packaging bought. [USD/kg]"""
    pack = chain["packaging"]
    return pack * landed + (pack - 1.0) * np.asarray(container_cost)


def payback(earth, insitu, chain, landed, hardware_cost, campaign, container_cost=0.0):
    r"""Payback time of the in-situ option (:func:`payback_time`) from its cost terms.

    Parameters
    ----------
    earth, insitu : mapping of str to ndarray
        Cost terms from :func:`earth_costs` and :func:`insitu_costs`. [USD, kg]
    chain : mapping of str to ndarray
        The production chain of :func:`basaltcalc.core.compare.production_chain`. [SI]
    landed, hardware_cost : array_like
        Landed cost the in-situ cargo pays, and the cost of hardware. [USD/kg]
    campaign : array_like
        Campaign length. [s]
    container_cost : array_like
        Purchase of the packaging per kg of it, :math:`c_{box}`. [USD/kg]

    Returns
    -------
    ndarray
        :func:`payback_time`. [s]

    Notes
    -----
    Development and the first plant and power system are paid up front, their hardware
    ``insitu["first_hardware"]`` where given (0 under AMCM, whose development term :math:`C(1)`
    is DDT&E plus the first unit), else :math:`(m_{plant} + m_{power})\,c_{hw}`, and their
    landing with packaging (:func:`_carried`); the rest (operations, spares, replacements,
    consumables) accrues evenly over the campaign, as do the Earth-made elements it replaces.
    """
    first_units = chain["plant"] + chain["power_mass"]
    first_hardware = insitu.get("first_hardware", first_units * hardware_cost)
    upfront = first_units * _carried(chain, landed, container_cost) + (insitu["ddte"] + first_hardware)
    return payback_time(upfront, earth["total"] - insitu["total"], campaign)
