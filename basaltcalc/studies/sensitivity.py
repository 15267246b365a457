r"""Sensitivity: which inputs drive ``cost_ratio``, ``savings`` and ``breakeven_scale``.

Two analyses, sampling and analysis kept apart (as in SALib and scipy.stats):

* :func:`tornado`: one input at a time at the low and the high end of its distribution in the
  scenario's uncertainty set (:mod:`~basaltcalc.studies.uncertainty_set`: the catalogue's
  sourced low/high, or the ``uncertainty:`` block's), every other input at its value; one
  broadcast evaluation of 2k+1 points.  Local, cheap, and easy to read, but blind to interactions.
* :func:`sobol`: Sobol' first-order and total indices with bootstrap confidence intervals, from
  :func:`scipy.stats.sobol_indices` (Saltelli 2010 estimators, scrambled Sobol' base samples):
  ``n (d + 2)`` evaluations for ``d`` inputs and ``n`` base samples, run in chunks.

``breakeven_scale`` is ``inf`` where in-situ never becomes cheaper, and variance-based indices
need finite outputs, so it is analysed as ``log10(clip(breakeven_scale, 1/cap, cap))`` (cap 1000
by default: "never" counts as a 1000-fold scale-up); the result's attributes say so.

Saltelli et al. (2010), "Variance based sensitivity analysis of model output. Design and estimator
for the total sensitivity index", Comput. Phys. Commun. 181(2), 259-270,
doi:10.1016/j.cpc.2009.09.018.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

__all__ = ["tornado", "sobol", "sensitivity", "sobol_analysis", "DEFAULT_METRICS",
           "transform_metric", "tornado_reach", "tornado_order"]

DEFAULT_METRICS = ("cost_ratio", "savings", "breakeven_scale")
BREAKEVEN_CAP = 1e3


def transform_metric(name, values, cap=BREAKEVEN_CAP):
    """The finite quantity analysed for a metric: ``breakeven_scale`` -> log10 of it clipped to
    [1/cap, cap]; others unchanged."""
    values = np.asarray(values, dtype=np.float64)
    if name == "breakeven_scale":
        return np.log10(np.clip(values, 1.0 / cap, cap))
    return values


def _transform_note(names, cap):
    if "breakeven_scale" in names:
        return (f"breakeven_scale analysed as log10(clip(breakeven_scale, {1 / cap:g}, {cap:g})): "
                f"inf (never cheaper) counts as {cap:g}, i.e. {math.log10(cap):g} on that scale")
    return ""


# -----------------------------------------------------------------------------------------------
# tornado

def _ranged_inputs(scenario, inputs, spec=None, all_defaults=None, overrides=None):
    """``([(path, low_si, high_si, source)], set attributes)``: the ends of every input of the
    scenario's uncertainty set (:func:`~basaltcalc.studies.uncertainty_set.dist_ends`), or of the
    given inputs (their sourced range, or the range given)."""
    from .specs import SpecReader

    if inputs is None:
        from .sampling import read_uncertainty
        from .uncertainty_set import dist_ends

        plan = read_uncertainty(scenario, spec, n=1, seed=0, method="random",
                                all_defaults=all_defaults, overrides=overrides)
        return [(d.path, *dist_ends(d), d.source or "uncertainty block") for d in plan.dists], plan.set_attrs()
    from ..arguments import names

    reader = SpecReader(scenario, "sensitivity", False)
    out = []
    items = inputs.items() if isinstance(inputs, dict) else ((p, None) for p in names(inputs, "tornado", "inputs"))
    for raw, rng in items:
        path, inp = reader.input(raw)
        if path is None:
            continue
        if rng is None:
            d = inp.default
            if d is None or not d.range_si[0] < d.range_si[1]:
                reader.add(raw, "has no sourced low/high range; give one, e.g. {path: [low, high]}")
                continue
            out.append((path, *d.range_si, d.source))
            continue
        if not isinstance(rng, (list, tuple)) or len(rng) != 2:
            reader.add(raw, f"a range is [low, high], got {rng!r}")
            continue
        lo, _ = reader.quantity(rng[0], inp, f"{raw}[0]")
        hi, _ = reader.quantity(rng[1], inp, f"{raw}[1]")
        if lo is None or hi is None:
            continue
        if not lo < hi:
            reader.add(raw, f"low {rng[0]!r} is not below high {rng[1]!r}")
            continue
        if not reader.check_domain(path, inp, raw, [lo, hi], "the range's ends"):
            continue
        out.append((path, lo, hi, "given"))
    reader.raise_if_any()
    return out, {"uncertainty_set": "the given inputs", "uncertain_inputs": len(out)}


def tornado_reach(ds, metric: str) -> np.ndarray:
    """How far each input moves ``metric`` from its base value: ``max(|low - base|, |high -
    base|)`` per input (``inf`` where an end is infinite, ``-1`` where both are NaN).  The
    tornado's rank, the same in its dataset, its text (``basaltcalc sensitivity``) and its chart."""
    ends = np.asarray(ds[metric].values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        dev = np.abs(ends - float(ds[f"{metric}_base"]))
    dev = np.where(np.isnan(dev), -1.0, dev)
    return dev.max(axis=1) if dev.size else np.zeros(0)


def tornado_order(ds, metric: str) -> np.ndarray:
    """Indices of the inputs by decreasing :func:`tornado_reach` of ``metric`` (stable)."""
    return np.argsort(-tornado_reach(ds, metric), kind="stable")


def tornado(scenario, inputs=None, *, metrics=DEFAULT_METRICS, overrides=None, spec=None,
            all_defaults=None):
    """One-at-a-time sensitivity over the ends of the uncertain inputs (a tornado chart's numbers).

    Parameters
    ----------
    scenario : Scenario
    inputs : sequence of str or mapping of str to [low, high], optional
        Inputs to vary (default: every input of the scenario's uncertainty set,
        :mod:`~basaltcalc.studies.uncertainty_set`, each at the ends of its distribution: its
        bounds, or its 5th and 95th percentiles where it has none).
    metrics : sequence of str
        Metrics to report.
    overrides : mapping, optional
        Fixed overrides applied first (the base point; known, so not varied).
    spec, all_defaults : optional
        The uncertainty set's block and family, as for :func:`basaltcalc.sample`.

    Returns
    -------
    xarray.Dataset
        Dimensions ``input`` (ranked by :func:`tornado_reach` of the first metric, ``inf`` first)
        and ``end`` (``low``, ``high``): each metric's value at each end, its ``<metric>_swing``
        (high - low) and ``<metric>_base``; ``low``/``high`` input values in SI, and
        ``low_shown``/``high_shown`` in ``shown_units`` (the input's display unit,
        :func:`basaltcalc.display.input_unit`);
        ``uncertainty_set`` and ``uncertain_inputs`` in the attributes.
    """
    import xarray as xr

    from .. import model
    from ..metrics import count_invalid, metric_info, metric_names, validity_names, warn_invalid
    from ..scenario import check_scenario
    from .datasets import provenance, units_attr

    check_scenario(scenario, "tornado")
    names = metric_names(metrics, scenario)
    ranged, set_attrs = _ranged_inputs(scenario, inputs, spec, all_defaults, overrides)
    base = model.apply_overrides(scenario, overrides)
    k = len(ranged)
    values = dict(base)
    for i, (path, lo, hi, _) in enumerate(ranged):
        arr = np.full(2 * k + 1, float(np.asarray(base[path])))
        arr[2 * i + 1], arr[2 * i + 2] = lo, hi
        values[path] = arr
    res = model.evaluate_si(scenario, values, metrics=[*names, *validity_names(scenario)])
    invalid = {}
    count_invalid(scenario, res, invalid, 2 * k + 1)
    warn_invalid(invalid, 2 * k + 1)  # an end that cannot be sized or computed: NaN there, said
    data = {}
    for name in names:
        v = np.broadcast_to(np.asarray(res[name], dtype=np.float64), (2 * k + 1,))
        ends = v[1:].reshape(k, 2)
        b = float(v[0])
        unit, desc = metric_info(name)
        data[name] = (("input", "end"), ends, {"units": units_attr(unit), "description": desc})
        with np.errstate(invalid="ignore"):  # the same inf at both ends ("never"): no swing
            swing = np.where(ends[:, 1] == ends[:, 0], 0.0, ends[:, 1] - ends[:, 0])
            data[f"{name}_swing"] = (("input",), swing,
                                     {"units": units_attr(unit), "description": f"{name} at high minus at low"})
        data[f"{name}_base"] = ((), b, {"units": units_attr(unit), "description": f"{name} at the base point"})
    shown = [_shown(scenario, path, lo, hi) for path, lo, hi, _ in ranged]
    coords = {
        "input": np.array([r[0] for r in ranged], dtype=object),
        "end": np.array(["low", "high"], dtype=object),
        "low": (("input",), np.array([r[1] for r in ranged]), {"description": "input at the low end [SI]"}),
        "high": (("input",), np.array([r[2] for r in ranged]), {"description": "input at the high end [SI]"}),
        "input_units": (("input",), np.array([units_attr(_si_unit(scenario, r[0])) for r in ranged], dtype=object)),
        "low_shown": (("input",), np.array([s[0] for s in shown]), {"description": "input at the low end, in shown_units"}),
        "high_shown": (("input",), np.array([s[1] for s in shown]), {"description": "input at the high end, in shown_units"}),
        "shown_units": (("input",), np.array([s[2] for s in shown], dtype=object)),
        "source": (("input",), np.array([r[3] for r in ranged], dtype=object)),
    }
    ds = xr.Dataset(data, coords=coords, attrs=provenance(
        scenario, "tornado", metrics=list(names), ranked_by=names[0], **set_attrs,
        overrides={p: str(v) for p, v in (overrides or {}).items()}))
    return ds.isel(input=tornado_order(ds, names[0])) if k else ds


def _shown(scenario, path, lo, hi) -> tuple[float, float, str]:
    """(low, high, unit): an input's ends in its display unit (:func:`basaltcalc.display.input_unit`)."""
    from .. import display

    inp = scenario.inputs[path]
    unit = display.input_unit(path, inp.unit)
    lo_s, hi_s = (float(display.to_display(x, inp.unit, unit)[0]) for x in (lo, hi))
    return lo_s, hi_s, unit


def _si_unit(scenario, path):
    unit = scenario.inputs[path].unit
    return "" if unit.dimensionless else f"{unit:~P}"


# -----------------------------------------------------------------------------------------------
# Sobol'

def sobol_analysis(func, dists, n, *, seed=None, output_names=None, input_names=None,
                   confidence=0.95, n_resamples=200):
    """Sobol' first-order and total indices of ``func`` with bootstrap confidence intervals.

    The generic plumbing under :func:`sobol`, usable with any vectorised model (the tests run
    the Ishigami function and a linear model through it).  The base matrices A and B are the two
    halves of one scrambled Sobol' design in 2d dimensions (as :func:`scipy.stats.sobol_indices`
    draws them); ``func`` is called on A, on B, and on each A_B^(i) (A with column i from B); the
    indices are computed by :func:`scipy.stats.sobol_indices` from those evaluations (Saltelli
    2010 estimators).  Confidence intervals are percentile bootstrap intervals over the n base
    rows, vectorised over resamples (scipy's own BCa bootstrap needs a jackknife of n replicates
    and takes minutes at n = 2**14).

    Parameters
    ----------
    func : callable
        ``func(x)`` with ``x`` of shape (d, m) returns outputs of shape (s, m), finite.
    dists : sequence
        ``d`` objects with a vectorised ``ppf`` (e.g. :class:`basaltcalc.sampling.Dist`,
        frozen scipy.stats distributions).
    n : int
        Base samples, a power of two; ``func`` sees ``n (d + 2)`` points. [-]
    seed : int, optional
        Seed of the scrambled Sobol' base samples and of the bootstrap.
    confidence : float
        Confidence level of the intervals. [-]
    n_resamples : int
        Bootstrap resamples (0: no intervals). [-]

    Returns
    -------
    xarray.Dataset
        ``first_order``, ``total_order`` and their ``*_low``/``*_high`` bounds, dims
        (``output``, ``input``).
    """
    import xarray as xr
    from scipy.stats import qmc, sobol_indices

    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2 or n & (n - 1):
        raise ValueError(f"n must be a power of two (>= 2), got {n!r}")
    rng = np.random.default_rng(seed)
    d = len(dists)
    u = qmc.Sobol(d=2 * d, scramble=True, bits=64, rng=rng).random(n).T
    A = np.empty((d, n))
    B = np.empty((d, n))
    for i, dist in enumerate(dists):
        A[i] = dist.ppf(u[i])
        B[i] = dist.ppf(u[d + i])
    f_A = np.atleast_2d(np.asarray(func(A), dtype=np.float64))
    f_B = np.atleast_2d(np.asarray(func(B), dtype=np.float64))
    s = f_A.shape[0]
    f_AB = np.empty((d, s, n))
    for i in range(d):  # a loop over inputs, each call vectorised over n points
        x = A.copy()
        x[i] = B[i]
        f_AB[i] = np.atleast_2d(func(x))
    res = sobol_indices(func={"f_A": f_A, "f_B": f_B, "f_AB": f_AB}, n=n)
    first = np.asarray(res.first_order, dtype=np.float64).reshape(s, d)
    total = np.asarray(res.total_order, dtype=np.float64).reshape(s, d)
    lo_q, hi_q = (1 - confidence) / 2, (1 + confidence) / 2
    output_names = list(output_names or [f"y{i}" for i in range(s)])
    input_names = list(input_names or [f"x{i}" for i in range(d)])
    dims = ("output", "input")
    data = {
        "first_order": (dims, first, {"units": "1", "description": "Sobol' first-order index S_i"}),
        "total_order": (dims, total, {"units": "1", "description": "Sobol' total index S_Ti"}),
    }
    if n_resamples:  # 0: no intervals, and no interval variables (never intervals of NaN)
        boot_s, boot_t = _bootstrap(f_A, f_B, f_AB, n_resamples, rng)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            ci = {k: np.nanquantile(b, [lo_q, hi_q], axis=0) for k, b in
                  (("first_order", boot_s), ("total_order", boot_t))}
        desc = f"{confidence:.0%} percentile bootstrap bound"
        for k in ("first_order", "total_order"):
            data[f"{k}_low"] = (dims, ci[k][0], {"units": "1", "description": desc})
            data[f"{k}_high"] = (dims, ci[k][1], {"units": "1", "description": desc})
    return xr.Dataset(data, coords={"output": np.array(output_names, dtype=object),
                                    "input": np.array(input_names, dtype=object)},
                      attrs={"base_samples": int(n), "evaluations": int(n * (d + 2)),
                             "confidence_level": confidence, "bootstrap_resamples": int(n_resamples),
                             "bootstrap": "percentile", "estimator": "saltelli_2010",
                             "seed": -1 if seed is None else seed})


def _row_terms(f_A, f_B, f_AB):
    r"""Per-row terms whose resampled means give the Saltelli (2010) indices, shape (k, n).

    With the outputs shifted by their overall mean (the estimators centre on each resample's
    mean, so a common shift changes nothing) and :math:`D_i = f_{AB,i} - f_A`, a resample with
    mean :math:`m = (\bar f_A + \bar f_B)/2` has

    .. math::

        V = \tfrac12(\overline{f_A^2} + \overline{f_B^2}) - m^2, \quad
        S_i = (\overline{f_B D_i} - m\,\overline{D_i}) / V, \quad
        S_{Ti} = \tfrac12\overline{D_i^2} / V

    so every resample needs only the means of the rows stacked here: f_A, f_B, f_A^2, f_B^2
    (s rows each), then f_B D, D, D^2 ((d, s) rows each).
    """
    d, s, n = f_AB.shape
    shift = 0.5 * (f_A.mean(axis=-1) + f_B.mean(axis=-1))[:, None]
    a = f_A - shift
    b = f_B - shift
    diff = (f_AB - f_A[None]).reshape(d * s, n)
    b_rep = np.broadcast_to(b[None], (d, s, n)).reshape(d * s, n)
    return np.concatenate([a, b, a * a, b * b, b_rep * diff, diff, diff * diff])


def _indices_from_means(means, d, s):
    """First-order and total indices (b, s, d) from resampled means of :func:`_row_terms`."""
    m_a, m_b, m_a2, m_b2 = (means[:, k * s:(k + 1) * s] for k in range(4))
    rest = means[:, 4 * s:].reshape(len(means), 3, d, s)
    mean = 0.5 * (m_a + m_b)
    var = 0.5 * (m_a2 + m_b2) - mean * mean
    with np.errstate(divide="ignore", invalid="ignore"):
        first = (rest[:, 0] - mean[:, None] * rest[:, 1]) / var[:, None]
        total = 0.5 * rest[:, 2] / var[:, None]
    first = np.where(np.isfinite(first), first, 0.0).transpose(0, 2, 1)
    total = np.where(np.isfinite(total), total, 0.0).transpose(0, 2, 1)
    return first, total


def _bootstrap(f_A, f_B, f_AB, n_resamples, rng, budget=1 << 23):
    """Bootstrap distributions (n_resamples, s, d) of the indices, resampling base rows.

    Each resample is a row of counts (how often it drew each base row), so the resampled means
    of all the per-row terms of :func:`_row_terms` are one matrix product of the count matrix
    with them.  The draws are the same as those of the direct estimator (``rng.integers`` in
    the same batches), so the intervals agree with it to rounding.
    """
    d, s, n = f_AB.shape
    batch = max(1, budget // (d * s * n))  # the draws' batches: keeps the random stream as it was
    block = batch * max(1, budget // (n * batch))  # count rows per matrix product
    terms = _row_terms(f_A, f_B, f_AB).T   # (n, k)
    out_s = np.empty((n_resamples, s, d))
    out_t = np.empty((n_resamples, s, d))
    for lo in range(0, n_resamples, block):
        hi = min(lo + block, n_resamples)
        idx = np.concatenate([rng.integers(0, n, size=(min(start + batch, hi) - start, n))
                              for start in range(lo, hi, batch)])
        offsets = np.arange(hi - lo)[:, None] * n
        counts = np.bincount((idx + offsets).ravel(), minlength=(hi - lo) * n).reshape(hi - lo, n)
        means = (counts.astype(np.float64) @ terms) / n
        out_s[lo:hi], out_t[lo:hi] = _indices_from_means(means, d, s)
    return out_s, out_t


#: Bootstrap resamples of the Sobol' intervals: at least 10 (fewer give no percentile to speak
#: of), at most 100,000 (the command line's --resamples has the same range); 0 in Python: none. [-]
RESAMPLES = (10, 100_000)


def sobol(scenario, spec=None, *, n=1024, seed=None, all_defaults=None, metrics=DEFAULT_METRICS,
          overrides=None, confidence=0.95, n_resamples=200, breakeven_cap=BREAKEVEN_CAP,
          chunk_size=1 << 16, progress=None, scheduler="local"):
    """Sobol' indices of the scenario's metrics over the uncertain inputs.

    Parameters
    ----------
    scenario : Scenario
    spec : mapping, optional
        Distributions as for :func:`basaltcalc.sample` (default: the scenario's ``uncertainty:``
        block), over the scenario's uncertainty set (:mod:`~basaltcalc.studies.uncertainty_set`:
        every sourced range, the block's distributions overriding or adding).
    all_defaults : str or bool, optional
        The set's family for the sourced ranges (default ``"sourced"``; False: the block only).
    n : int
        Base samples, a power of two (``n (d + 2)`` evaluations). [-]
    seed : int, optional
    metrics : sequence of str
        Metrics to analyse (``breakeven_scale`` transformed, see the module docs).
    confidence, n_resamples : float, int
        Bootstrap confidence intervals: a level in (0, 1) and 10 to 100,000 resamples
        (:data:`RESAMPLES`), or 0 for no intervals (no ``*_low``/``*_high`` variables).
    breakeven_cap : float
        Cap on ``breakeven_scale`` before its log is analysed. [-]
    scheduler : str, optional
        ``"local"``, ``"threads"``, ``"processes"`` or a dask.distributed address: the model
        runs on dask in blocks of ``chunk_size`` points (:mod:`basaltcalc.studies.distributed`);
        the same indices, bit for bit.

    Returns
    -------
    xarray.Dataset
        Dims ``metric`` and ``input`` (inputs ranked by the total index of the first metric):
        ``first_order``, ``total_order``, and ``*_low``/``*_high`` bounds; provenance in attrs.
    """
    from .. import model
    from ..arguments import flag, positive_number, probability, whole_number
    from ..errors import Problem, ScenarioError
    from ..metrics import metric_names
    from ..scenario import check_scenario
    from .datasets import provenance
    from .progress import progress_bar
    from .sampling import read_uncertainty

    check_scenario(scenario, "sobol")
    confidence = probability(confidence, "sobol", "confidence", closed=False)
    if n_resamples != 0 or isinstance(n_resamples, bool):
        n_resamples = whole_number(n_resamples, "sobol", "n_resamples", *RESAMPLES)
    breakeven_cap = positive_number(breakeven_cap, "sobol", "breakeven_cap")
    if breakeven_cap <= 1.0:
        raise ScenarioError(Problem(f"expected a cap above 1 (a factor on the element counts), got "
                                    f"{breakeven_cap:g}", "breakeven_cap", origin="sobol()"))
    chunk_size = whole_number(chunk_size, "sobol", "chunk_size")
    flag(progress, "sobol", "progress")
    names = metric_names(metrics, scenario)
    plan = read_uncertainty(scenario, spec, n=n, seed=seed, method="random", all_defaults=all_defaults,
                            overrides=overrides)
    if plan.correlation is not None:
        warnings.warn("Sobol' indices assume independent inputs: the correlation: block is not "
                      "used for them", UserWarning, stacklevel=2)
    if plan.n & (plan.n - 1) or plan.n < 2:  # 1 = 2^0: no pairs of rows to estimate from
        lo = max(1 << (plan.n.bit_length() - 1), 2)
        raise ScenarioError(Problem(f"Sobol' indices need a power of two base samples, at least 2; "
                                    f"got {plan.n}, use {lo} or {lo * 2}", "samples"))
    base = model.apply_overrides(scenario, overrides)
    d = len(plan.dists)
    nan_count = [0]
    total = plan.n * (d + 2)
    _check_size(scenario, plan, total, len(names))

    sch = None
    if scheduler is not None and scheduler != "local":
        from .distributed import check_scheduler, core_template, map_columns

        sch = check_scheduler(scheduler)
        paths = [dd.path for dd in plan.dists]
        params, groups = core_template(scenario, base, paths)

    with progress_bar(total, progress, unit="point", desc="sobol") as bar:
        def func(x):
            m = x.shape[1]
            out = np.empty((len(names), m))
            if sch is not None:
                out[...] = map_columns(params, groups, paths, x, names, transform_metric,
                                       breakeven_cap, sch, chunk_size)
                bar.update(m)
            for start in range(0, m if sch is None else 0, chunk_size):
                stop = min(start + chunk_size, m)
                values = dict(base)
                for i, dd in enumerate(plan.dists):
                    values[dd.path] = x[i, start:stop]
                res = model.evaluate_si(scenario, values, chunk_size=max(chunk_size, 1 << 17), metrics=names)
                for j, name in enumerate(names):
                    out[j, start:stop] = transform_metric(name, np.broadcast_to(res[name], (stop - start,)),
                                                          breakeven_cap)
                bar.update(stop - start)
            bad = ~np.isfinite(out)
            if bad.any():  # invalid points: impute the output's mean (counted and reported)
                nan_count[0] += int(bad.sum())
                means = np.nanmean(np.where(bad, np.nan, out), axis=1)
                out = np.where(bad, means[:, None], out)
            return out

        ds = sobol_analysis(func, plan.dists, plan.n, seed=plan.seed, output_names=names,
                            input_names=[dd.path for dd in plan.dists], confidence=confidence,
                            n_resamples=n_resamples)
    if nan_count[0]:
        warnings.warn(f"{nan_count[0]} of {total * len(names)} outputs were invalid (NaN) and were "
                      "replaced by their mean before the analysis", RuntimeWarning, stacklevel=2)
    ds = ds.rename({"output": "metric"})
    order = np.argsort(-ds["total_order"].values[0], kind="stable")
    ds = ds.isel(input=order)
    ds = ds.assign_coords(distribution=("input", np.array([plan.dists[i].describe() for i in order], dtype=object)))
    ds.attrs = provenance(scenario, "sobol", **ds.attrs, **plan.set_attrs(), seed_given=plan.seed_given,
                          transform=_transform_note(names, breakeven_cap), invalid_outputs=nan_count[0],
                          ranked_by=f"total_order of {names[0]}")
    ds.attrs["seed"] = plan.seed
    return ds


def _check_size(scenario, plan, total: int, metrics: int) -> None:
    """Refuse a Sobol' study whose ``total`` points (inputs and ``metrics`` outputs, kept in
    memory for the analysis) exceed the memory budget, with the estimate."""
    from .budget import check_grid, measured_rate
    from .specs import SpecReader

    reader = SpecReader(scenario, "uncertainty", False)
    path = plan.dists[0].path if plan.dists else next(iter(scenario.inputs))
    if not check_grid(reader, "samples", total, len(plan.dists) + metrics,
                      lambda: measured_rate(scenario, path), "use fewer base samples"):
        reader.raise_if_any()


def sensitivity(scenario, method="sobol", **kwargs):
    """Run :func:`sobol` (``method="sobol"``) or :func:`tornado` (``method="tornado"``)."""
    if method == "sobol":
        return sobol(scenario, **kwargs)
    if method == "tornado":
        return tornado(scenario, **kwargs)
    from ..arguments import one_of

    one_of(method, "sensitivity", "method", ("sobol", "tornado"))
