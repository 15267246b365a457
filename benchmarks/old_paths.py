"""The paths as they were before issue 13, kept verbatim as references.

The benchmarks time each new path against its old one in the same process (the machine is
shared, so only ratios measured alternately in one run mean anything), and the tests check the
new paths against these: the root within 1e-12 relative, ``_governing`` bit for bit, the
bootstrap to rounding.
"""
from __future__ import annotations

import numpy as np


def _saltelli(f_A, f_B, f_AB):
    """Saltelli (2010) first-order and total indices along the last axis (as scipy computes)."""
    mean = 0.5 * (f_A.mean(axis=-1) + f_B.mean(axis=-1))
    f_A = f_A - mean[..., None]
    f_B = f_B - mean[..., None]
    f_AB = f_AB - mean[..., None]
    var = 0.5 * ((f_A ** 2).mean(axis=-1) + (f_B ** 2).mean(axis=-1)) - \
        (0.5 * (f_A.mean(axis=-1) + f_B.mean(axis=-1))) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.mean(f_B * (f_AB - f_A), axis=-1) / var
        total = 0.5 * np.mean((f_A - f_AB) ** 2, axis=-1) / var
    return np.where(np.isfinite(first), first, 0.0), np.where(np.isfinite(total), total, 0.0)


def _governing(candidates, given):
    """Largest candidate thickness and its index (offset by one, 0 meaning 'given')."""
    stack = np.stack(np.broadcast_arrays(*candidates))
    idx = np.argmax(stack, axis=0)
    sized = np.take_along_axis(stack, idx[None], axis=0)[0]
    has_given = ~np.isnan(given)
    thickness = np.where(has_given, given, sized)
    governing = np.where(has_given, 0, idx + 1)
    return thickness, governing


def _breakeven_scale_root(fixed, plant, margin, alpha, start=None, iterations=100, rtol=1e-15):
    """The old root (:func:`_flat_breakeven_scale_root`) called as the new path calls it: its
    N-d arguments flattened (the old path took flat arrays) and its warm start ``start`` ignored
    (the old path had none)."""
    shape = np.broadcast_shapes(*(np.shape(a) for a in (fixed, plant, margin, alpha)))
    flat = [np.broadcast_to(a, shape).reshape(-1) for a in (fixed, plant, margin, alpha)]
    return _flat_breakeven_scale_root(*flat, iterations, rtol).reshape(shape)


def _flat_breakeven_scale_root(fixed, plant, margin, alpha, iterations=100, rtol=1e-15):
    """Smallest positive root of g(s) = margin*s - plant*s**alpha - fixed, else inf.

    Works in x = ln s on h(x) = g(s)/s = margin - plant*exp((alpha-1)*x) - fixed*exp(-x), which
    has the same roots and neither overflows nor needs s itself to be representable while
    bracketing.  Below x_low = ln(fixed/margin) - 1, h < 0.  For alpha < 1, h rises
    monotonically to margin > 0: one root, below x_rise, where both subtracted terms are under
    margin/2.  For alpha > 1, h rises to one maximum at x_h = ln(fixed/((alpha-1)*plant))/alpha
    and falls again: a root exists only if h(x_h) >= 0, and the smallest lies below x_h.

    On the bracket h is increasing, so a safeguarded Newton iteration (a Newton step where it
    stays inside the shrinking bracket, bisection otherwise) converges on every point; the points
    iterate together in numpy, each dropping out when its step or bracket is below ``rtol``.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        am1 = alpha - 1.0
        concave = alpha > 1.0
        x_peak = np.log(fixed / (am1 * plant)) / alpha
        x_rise = np.maximum(np.log(2.0 * plant / margin) / -am1, np.log(2.0 * fixed / margin)) + 1.0
        high = np.where(concave, x_peak, x_rise)
        low = np.minimum(np.log(fixed / margin) - 1.0, high - 1.0)

        def h(x):
            return margin - plant * np.exp(am1 * x) - fixed * np.exp(-x)

        has_root = np.where(concave, h(high) >= 0, True)
        x = 0.5 * (low + high)
        # iterate on the points not yet converged only (each point stops on its own, so a
        # point's result does not depend on the batch it came in)
        active = np.flatnonzero(np.isfinite(x))
        xa, lo, hi, P, F, M, A = (v[active] for v in (x, low, high, plant, fixed, margin, am1))
        for _ in range(iterations):
            a = P * np.exp(A * xa)
            b = F * np.exp(-xa)
            hx = M - a - b
            below = hx < 0
            lo = np.where(below, xa, lo)
            hi = np.where(below, hi, xa)
            newton = xa - hx / (b - A * a)  # h'(x) = -(alpha-1)*a + b > 0 on the bracket
            step = np.where((newton > lo) & (newton < hi), newton, 0.5 * (lo + hi))
            tol = rtol * np.maximum(np.abs(xa), 1.0)
            converged = (hx == 0) | (np.abs(step - xa) <= tol) | (hi - lo <= tol)
            xa = np.where(converged, xa, step)
            if converged.any():
                x[active[converged]] = xa[converged]
                keep = ~converged
                active, xa, lo, hi, P, F, M, A = (v[keep] for v in (active, xa, lo, hi, P, F, M, A))
                if active.size == 0:
                    break
        x[active] = xa  # any point still iterating after the last step (none seen in tests)
        root = np.exp(x)
    return np.where(has_root & np.isfinite(root), root, np.inf)


def _bootstrap(f_A, f_B, f_AB, n_resamples, rng, budget=1 << 23):
    """Bootstrap distributions (n_resamples, s, d) of the indices, resampling base rows."""
    d, s, n = f_AB.shape
    batch = max(1, budget // (d * s * n))
    out_s = np.empty((n_resamples, s, d))
    out_t = np.empty((n_resamples, s, d))
    for start in range(0, n_resamples, batch):
        stop = min(start + batch, n_resamples)
        idx = rng.integers(0, n, size=(stop - start, n))
        a = f_A[:, idx]                      # (s, b, n)
        b = f_B[:, idx]
        ab = f_AB[:, :, idx]                 # (d, s, b, n)
        first, total = _saltelli(a[None], b[None], ab)  # (d, s, b)
        out_s[start:stop] = np.moveaxis(first, -1, 0).transpose(0, 2, 1)
        out_t[start:stop] = np.moveaxis(total, -1, 0).transpose(0, 2, 1)
    return out_s, out_t


def evaluate_si(scenario, values, chunk_size=1 << 19, threads=None):
    """The old ``model.evaluate_si``: one core call up to 4 * 2^19 points, else flat chunks."""
    import math

    from basaltcalc.model.boundary import _finish, _run_core, core_arguments

    params, groups = core_arguments(scenario, values)
    leaves = [*params.values(), *(v for g in groups for k, v in g.items() if k != "kind")]
    shape = np.broadcast_shapes(*(np.shape(v) for v in leaves))
    n = math.prod(shape)
    if n <= 4 * chunk_size:
        return _finish(scenario, _run_core(params, groups))

    def flat(v):
        return np.broadcast_to(v, shape).reshape(-1) if np.ndim(v) else v

    params = {k: flat(v) for k, v in params.items()}
    groups = [{k: (v if k == "kind" else flat(v)) for k, v in g.items()} for g in groups]
    out = None
    for start in range(0, n, chunk_size):
        sl = slice(start, start + chunk_size)
        part = _run_core({k: v[sl] if np.ndim(v) else v for k, v in params.items()},
                         [{k: v[sl] if np.ndim(v) else v for k, v in g.items()} for g in groups])
        if out is None:
            out = {k: np.empty(n, dtype=np.asarray(v).dtype) if np.ndim(v) else v for k, v in part.items()}
        for k, v in part.items():
            if np.ndim(v):
                out[k][sl] = v
    return _finish(scenario, {k: v.reshape(shape) if np.ndim(v) else v for k, v in out.items()})


class installed:
    """``with installed(): ...`` runs the old paths in place of the new ones (for timing)."""

    def __enter__(self):
        from basaltcalc import model
        from basaltcalc.core import economics, elements
        from basaltcalc.model import boundary
        from basaltcalc.studies import sensitivity

        # the Monte Carlo draws have no old path any more: every design now draws fixed blocks
        # from per-block streams (for dask), so old and new draw the same way
        self.saved = [(elements, "_governing", _governing),
                      (economics, "_breakeven_scale_root", _breakeven_scale_root),
                      # the stepped root as passes of whole (old) root solves, as before issue 13
                      (economics, "breakeven_scale", economics._breakeven_scale_by_passes),
                      (sensitivity, "_bootstrap", _bootstrap),
                      (boundary, "evaluate_si", evaluate_si),
                      (model, "evaluate_si", evaluate_si)]
        self.saved = [(obj, name, getattr(obj, name), old) for obj, name, old in self.saved]
        for obj, name, _, old in self.saved:
            setattr(obj, name, old)
        return self

    def __exit__(self, *exc):
        for obj, name, new, _ in self.saved:
            setattr(obj, name, new)
        return False
