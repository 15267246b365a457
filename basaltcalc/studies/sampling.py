r"""Uncertainty: distributions over inputs, random and quasi-random designs, chunked Monte Carlo.

>>> import basaltcalc as bc
>>> sc = bc.default_scenario()
>>> spec = {"routes.melt-cast.plant_specific_mass":
...             {"triangular": ["50 kg/(kg/h)", "150 kg/(kg/h)", "400 kg/(kg/h)"]},
...         "transport.landed_cost": {"loguniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]}}
>>> ds = bc.sample(sc, spec, n=1024, seed=7)
>>> ds.sizes["sample"]
1024
>>> st = bc.uncertainty(sc, spec, n=4096, seed=7)
>>> 0.0 <= float(st["p_insitu_cheaper"]) <= 1.0
True

Distributions (values with units, or bare numbers with ``unit:``; SI inside):

============== ========================= ===============================================
spec           parameters                 notes
============== ========================= ===============================================
``uniform``    ``[low, high]``            low < high
``loguniform`` ``[low, high]``            0 < low < high; uniform in ln x
``normal``     ``[mean, sd]``             sd > 0 (a difference: ``20 K`` for a temperature);
                                          truncated to the input's domain (a cost or a
                                          length stays positive, a fraction in [0, 1])
``lognormal``  ``[median, sigma]``        median > 0; sigma (dimensionless) is the standard
                                          deviation of ln x; truncated to the input's domain
                                          (a fraction stays at most 1)
``triangular`` ``[low, mode, high]``      low <= mode <= high, low < high
``pert``       ``[low, mode, high]``      Beta-PERT, shape ``lambda`` (default 4):
                                          ``a = 1 + lambda (mode-low)/(high-low)``
``logpert``    ``[low, mode, high]``      PERT on ln x (0 < low): for ranges spanning
                                          decades, the mode at ``mode``
============== ========================= ===============================================

The inputs drawn are the scenario's **uncertainty set** (:mod:`basaltcalc.studies.uncertainty_set`):
every input taken from a catalogue default with a sourced low/high range, drawn from that range
(``all_defaults: sourced``, the default: PERT with its mode at the default, log-PERT where the
range spans a decade or more, uniform where the data entry says its source gives only bounds;
or one family for every range, ``uniform``, ``loguniform``, ``triangular``, ``pert``; or
``false``: none), overridden or extended by the spec's (the ``uncertainty:`` block's)
distributions.  Inputs the file or the overrides set keep their value unless the spec gives them
a distribution.

Designs (``method``): ``random`` (plain Monte Carlo; each input draws from its own PCG64 stream
keyed by the seed, its path and the block of :data:`RANDOM_BLOCK` samples, so adding an input
does not change the others' draws), ``sobol``
(scrambled Sobol' points, scipy.stats.qmc; the sample count must be a power of two) and ``lhs``
(Latin hypercube, in independent blocks of :data:`LHS_BLOCK` points so that memory stays
bounded).  Every design gives the same samples whatever the chunk size, and whatever the
processes or machines that draw its blocks (:class:`Sampler`).
"""
from __future__ import annotations

import math
import os
import warnings
import numpy as np

from ..arguments import flag
from .distributions import DISTRIBUTIONS, Dist  # noqa: F401 - re-exported
from .specs import SpecReader, stream_key
from .uncertainty_set import METHODS, Plan, read_uncertainty  # noqa: F401 - re-exported

__all__ = ["sample", "uncertainty", "summarize", "read_uncertainty", "Dist", "Plan",
           "DISTRIBUTIONS", "METHODS", "CHUNK_SIZE", "HEADLINE_METRICS", "DEFAULT_QUANTILES",
           "LHS_BLOCK", "RANDOM_BLOCK", "Sampler"]

#: Samples per chunk (a multiple of the statistics block).
CHUNK_SIZE = 1 << 16
#: Points per independent Latin hypercube block.
LHS_BLOCK = 1 << 14
#: Samples per independent random stream of each input (plain Monte Carlo); a multiple of
#: :data:`LHS_BLOCK`, so a range aligned to it starts whole blocks of every design.
RANDOM_BLOCK = 1 << 16
#: The block size each part of a chunk is evaluated with: larger than any part, its trailing
#: comparator axis included, so that a part is one block (no probe, no second pass). [-]
ONE_BLOCK = 1 << 62
#: Most samples :func:`sample` keeps in memory (use :func:`uncertainty` to stream more).
MAX_KEPT = 1 << 24
HEADLINE_METRICS = ("cost_ratio", "savings", "earth.total_cost", "insitu.total_cost",
                    "earth.launched_mass", "insitu.launched_mass", "mass_leverage",
                    "breakeven_scale", "breakeven_landed_cost", "insitu.energy")
DEFAULT_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


# ---------------------------------------------------------------------------------------------
# designs

_POOL = []


def _draw_pool():
    """Threads that draw the inputs' streams side by side (each input has its own stream, and
    numpy's samplers release the GIL, so the draws are the same and up to ``cpu_count`` times
    faster: PERT's ``rng.beta`` is most of a PERT Monte Carlo's time).  Only on the main thread
    with more than one CPU: a dask worker's task thread already has its core."""
    import threading

    if (os.cpu_count() or 1) < 2 or threading.current_thread() is not threading.main_thread():
        return None
    if not _POOL:
        from concurrent.futures import ThreadPoolExecutor

        _POOL.append(ThreadPoolExecutor(max_workers=_draw_threads(), thread_name_prefix="basaltcalc-draw"))
    return _POOL[0]


def _draw_threads() -> int:
    """Threads of :func:`_draw_pool`. [-]"""
    return min(os.cpu_count() or 1, 8)


class Sampler:
    """Draws any range [start, stop) of a plan's samples as a (d, m) SI array.

    Every design is split by sample index into fixed blocks drawn independently of one another,
    so a range is the same whichever chunks, processes or machines draw it:

    * ``random``: block ``b`` (:data:`RANDOM_BLOCK` samples) of input ``p`` draws from
      ``SeedSequence(seed, spawn_key=(stream_key(p), b))``, i.e. the ``b``-th child
      (``SeedSequence.spawn``) of the input's stream (a correlated input draws normal scores
      from it, for the copula);
    * ``sobol``: one scrambled engine seeded by ``seed``, fast-forwarded to ``start``;
    * ``lhs``: independent Latin hypercubes of :data:`LHS_BLOCK` points, block ``b`` seeded by
      ``SeedSequence(seed, spawn_key=(b,))``.

    The last block drawn is cached, so sequential chunks smaller than a block cost no extra draws.
    """

    def __init__(self, plan: Plan):
        self.plan = plan
        self._cache = {}
        self._engine = None

    def draw(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        """Samples [start, stop) as a (d, m) array, made in ``out`` when given (reused from chunk to
        chunk: no fresh pages to fault in). [SI]"""
        m = stop - start
        dists = self.plan.dists
        out = np.empty((len(dists), m)) if out is None else out
        corr = self.plan.correlation
        if self.plan.method == "random":
            def row(i):
                if start % RANDOM_BLOCK == 0 and m == min(RANDOM_BLOCK, self.plan.n - start):
                    self._random_block(i, start // RANDOM_BLOCK, m, out[i])  # a whole block: in place
                else:
                    out[i] = self._blocks(start, stop, RANDOM_BLOCK, i, self._random_block)

            pool = _draw_pool() if m >= RANDOM_BLOCK and len(dists) > 1 else None
            if pool is None:
                for i in range(len(dists)):
                    row(i)
            else:  # one task per thread, every k-th row (a task per row costs GIL hand-offs)
                k = _draw_threads()
                list(pool.map(lambda j: [row(i) for i in range(j, len(dists), k)], range(k)))
            if corr is not None:
                self._copula(out, out[corr.index])
            return out
        if self.plan.method == "sobol":
            u = self._sobol(start, stop)
        else:
            u = self._blocks(start, stop, LHS_BLOCK, "lhs", self._lhs_block)
        for i, dd in enumerate(dists):
            out[i] = dd.ppf(u[:, i])
        if corr is not None:
            from scipy import special

            self._copula(out, special.ndtri(np.clip(u[:, corr.index].T, 2**-60, 1.0 - 2**-53)))
        return out

    def _copula(self, out, z):
        """Correlated inputs in ``out`` from their independent normal scores ``z`` (k, m)."""
        from scipy import special

        corr = self.plan.correlation
        u = special.ndtr(corr.scores(z))
        for row, i in enumerate(corr.index):
            out[i] = self.plan.dists[i].ppf(u[row])

    def _blocks(self, start, stop, size, key, make):
        """Samples [start, stop) of the series ``key`` made of fixed blocks ``make(b, n_b)``."""
        parts = []
        pos = start
        while pos < stop:
            b = pos // size
            cached = self._cache.get(key)
            if cached is None or cached[0] != b:
                cached = (b, make(key, b, min(size, self.plan.n - b * size)))
                self._cache[key] = cached
            end = min(stop, (b + 1) * size)
            parts.append(cached[1][pos - b * size: end - b * size])
            pos = end
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _random_block(self, i, b, n_b, out=None):
        """Block ``b`` (``n_b`` samples) of input ``i``'s stream, made in ``out`` when given."""
        dd = self.plan.dists[i]
        ss = np.random.SeedSequence(self.plan.seed, spawn_key=(stream_key(dd.path), b))
        rng = np.random.Generator(np.random.PCG64(ss))
        corr = self.plan.correlation
        if corr is not None and i in corr.index:
            return rng.standard_normal(n_b, out=out)
        return dd.draw(rng, n_b, out)

    def _lhs_block(self, _key, b, n_b):
        from scipy.stats import qmc

        gen = np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.plan.seed, spawn_key=(b,))))
        return qmc.LatinHypercube(len(self.plan.dists), rng=gen).random(n_b)

    def _sobol(self, start, stop):
        from scipy.stats import qmc

        if self._engine is None or self._engine.num_generated != start:
            self._engine = qmc.Sobol(len(self.plan.dists), scramble=True, bits=64,
                                     rng=np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.plan.seed))))
            if start:
                _sobol_fast_forward(self._engine, start)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return self._engine.random(stop - start)


def _sobol_fast_forward(engine, n: int) -> None:
    """Skip a fresh scrambled Sobol' engine to point ``n`` in O(bits), as ``engine.fast_forward``
    does; scipy's fails for ``bits=64`` in some versions, then set the point directly: point
    ``i`` is the scrambling shift XOR the direction numbers at the set bits of the Gray code of
    ``i`` (the engine keeps the last point it gave, ``i = n - 1``)."""
    try:
        engine.fast_forward(n)
        return
    except ValueError:
        pass
    g = (n - 1) ^ ((n - 1) >> 1)
    q = engine._shift.copy()
    for k in range(g.bit_length()):
        if g >> k & 1:
            q ^= engine._sv[:, k]
    engine._quasi = q
    engine.num_generated = n


# ---------------------------------------------------------------------------------------------
# running

def _chunk(chunk_size, call: str) -> int:
    from ..arguments import whole_number
    from .streaming import BLOCK

    chunk_size = whole_number(chunk_size, call, "chunk_size")
    return int(-(-chunk_size // BLOCK) * BLOCK)


def _run(scenario, plan: Plan, overrides, chunk_size, progress, consume, desc, metrics):
    """Draw and evaluate the plan chunk by chunk; ``consume(start, stop, x, res)`` per part of a
    chunk, in order (the parts: whole :data:`~basaltcalc.studies.streaming.BLOCK` s, one per
    thread of :func:`basaltcalc.model.parallel.threads`, evaluated side by side).  Each part
    computes the ``metrics`` ``consume`` reads and the validity flags, nothing else."""
    from .. import model
    from ..model.parallel import map_tasks, threads
    from .progress import progress_bar
    from .streaming import BLOCK

    base = model.apply_overrides(scenario, overrides)
    sampler = Sampler(plan)
    chunk = _chunk(chunk_size, desc)
    invalid = {}
    from ..metrics import count_invalid, validity_names, warn_invalid

    asked = [*dict.fromkeys(metrics), *validity_names(scenario)]

    def evaluate(x, lo, hi):  # samples [lo, hi) of the chunk drawn as x
        values = dict(base)
        for i, dd in enumerate(plan.dists):
            values[dd.path] = x[i, lo:hi]
        # one block (no copies), the metrics asked in one pass
        return model.evaluate_si(scenario, values, chunk_size=ONE_BLOCK, metrics=asked)

    def consume_all(start, x, parts, results):
        for (lo, hi), res in zip(parts, results):
            consume(start + lo, start + hi, x[:, lo:hi], res)

    # the statistics of chunk i run on a second thread while chunk i+1 is drawn and evaluated
    # (numpy releases the GIL in its loops); at most two chunks are alive, and parts are
    # consumed strictly in order, so results do not depend on the overlap or the split.
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="basaltcalc-stats")
    pending = None
    try:
        with progress_bar(plan.n, progress, unit="sample", desc=desc) as bar:
            for start, stop, x in _drawn(sampler, chunk):
                step = max(-(-(stop - start) // (threads() * BLOCK)), MIN_PART_BLOCKS) * BLOCK
                parts = [(lo, min(lo + step, stop - start)) for lo in range(0, stop - start, step)]
                results = map_tasks(lambda part: evaluate(x, *part), parts)
                for res, (lo, hi) in zip(results, parts):
                    count_invalid(scenario, res, invalid, hi - lo)
                if pending is not None:
                    pending.result()
                    bar.update(last)
                pending = pool.submit(consume_all, start, x, parts, results)
                last = stop - start
            if pending is not None:
                pending.result()
                bar.update(last)
    finally:
        if pending is not None:
            pending.cancel()
        pool.shutdown(wait=True)
    warn_invalid(invalid, plan.n)


def _drawn(sampler: Sampler, chunk: int):
    """Each chunk of ``chunk`` samples of the plan as ``(start, stop, x)``, x its (d, m) draws,
    made in two buffers in turn (no fresh pages to fault in each chunk: 43 MB for 82 inputs).

    Chunk i's buffer is written again when the caller takes chunk i + 2; the caller must be done
    with chunk i by then (:func:`_run` is: it takes the statistics of one chunk while it evaluates
    the next, and waits for them before it takes another).
    """
    n = sampler.plan.n
    starts = range(0, n, chunk)
    bufs = [np.empty((len(sampler.plan.dists), min(chunk, n))) for _ in range(min(2, len(starts)))]
    for k, start in enumerate(starts):
        stop = min(start + chunk, n)
        yield start, stop, sampler.draw(start, stop, bufs[k % 2][:, :stop - start])


#: Blocks (:data:`~basaltcalc.studies.streaming.BLOCK` samples) in the smallest part of a chunk
#: that :func:`_run` evaluates on a thread of its own: a choice (splitting 16,384-sample chunks
#: into parts of 2 blocks was slower in a quick check: 0.36 against 0.45 M samples/s, medians of
#: 5, on a machine whose runs vary by about 20 %).
MIN_PART_BLOCKS = 4


def _metric_list(metrics, default=None, scenario=None):
    """The metrics asked for, checked against the scenario's (each Earth design's qualified
    names, ``savings[al-2219]``, included)."""
    from ..metrics import METRICS
    from ..metrics import metric_names

    if metrics is None:
        return list(default) if default is not None else list(METRICS)
    if metrics == "all":
        return list(METRICS)
    return metric_names(metrics, scenario)


def _plan_attrs(plan: Plan, chunk) -> dict:
    return {**plan.set_attrs(), "seed": plan.seed, "seed_given": plan.seed_given, "method": plan.method,
            "samples": plan.n, "chunk_size": chunk, "all_defaults": plan.all_defaults or "off",
            "distributions": {d.path: d.as_dict() for d in plan.dists},
            "notes": plan.notes,
            **({"correlation": plan.correlation.as_dict()} if plan.correlation is not None else {})}


def sample(scenario, spec=None, *, n=None, seed=None, method=None, all_defaults=None,
           overrides=None, metrics=None, chunk_size=CHUNK_SIZE, progress=None):
    """Draw samples of the uncertain inputs and evaluate every metric at each, kept in memory.

    Parameters
    ----------
    scenario : Scenario
    spec : mapping, optional
        Input path -> distribution, and optionally ``samples``, ``seed``, ``method``,
        ``all_defaults``: it overrides or extends the sourced ranges of the scenario's
        uncertainty set (:mod:`basaltcalc.studies.uncertainty_set`).  Default: the scenario's
        ``uncertainty:`` block.
    n, seed, method, all_defaults : optional
        Override the spec's values (see the module docs; ``all_defaults=False``: the spec's
        inputs only).
    overrides : mapping, optional
        Fixed overrides applied first (known inputs: not drawn unless the spec names them).
    metrics : sequence of str, optional
        Metrics to keep (default all).
    chunk_size : int
        Samples per core call (rounded up to a multiple of 4096). [-]
    progress : bool, optional
        Progress bar (default: on a terminal, for work over 2 s).

    Returns
    -------
    xarray.Dataset
        Dimension ``sample``; each drawn input a variable in SI (``units``, ``distribution``);
        every metric a variable (SI ``units``, ``description``); provenance and the seed in attrs.
    """
    _check_call(scenario, "sample", progress)
    plan = read_uncertainty(scenario, spec, n=n, seed=seed, method=method, all_defaults=all_defaults,
                            overrides=overrides)
    if plan.n > MAX_KEPT:
        from ..errors import Problem, ScenarioError

        raise ScenarioError(Problem(f"{plan.n} samples is too many to keep in memory (at most "
                                    f"{MAX_KEPT}); use basaltcalc.uncertainty() to stream the "
                                    "statistics", "uncertainty.samples"))
    names = _metric_list(metrics, scenario=scenario)
    chunk = _chunk(chunk_size, "sample")
    xs = np.empty((len(plan.dists), plan.n))
    out = {}
    const = {}

    def consume(start, stop, x, res):
        xs[:, start:stop] = x
        for name in names:
            v = res[name]
            if start == 0 and np.ndim(v) == 0:  # does not vary with the drawn inputs
                const[name] = float(v)
            elif name in const:
                continue
            else:
                if name not in out:
                    out[name] = np.empty(plan.n)
                out[name][start:stop] = v

    _run(scenario, plan, overrides, chunk, progress, consume, "sampling", names)
    import xarray as xr

    from .datasets import provenance, units_attr
    from ..metrics import metric_info

    data = {}
    for i, d in enumerate(plan.dists):
        data[d.path] = (("sample",), xs[i], {"units": units_attr(d.unit), "distribution": d.describe(),
                                              "origin": d.origin, "long_name": d.path})
    for name in names:
        if name in data:
            continue
        unit, desc = metric_info(name)
        if name in out:
            data[name] = (("sample",), out[name], {"units": units_attr(unit), "description": desc})
        else:
            data[name] = ((), const[name], {"units": units_attr(unit), "description": desc})
    attrs = provenance(scenario, "sample", **_plan_attrs(plan, chunk))
    return xr.Dataset(data, coords={"sample": np.arange(plan.n)}, attrs=attrs)


def _check_large(scenario, plan: Plan, from_file: bool, allow_large: bool) -> None:
    """Refuse (or, allowed, warn of) a Monte Carlo beyond the large-study threshold."""
    from .budget import check_samples, measured_rate

    path = plan.dists[0].path if plan.dists else next(iter(scenario.inputs))
    text = check_samples(SpecReader(scenario, "uncertainty", from_file), plan.n, allow_large,
                         lambda: measured_rate(scenario, path))
    if text:
        warnings.warn(f"a large Monte Carlo: {text}", RuntimeWarning, stacklevel=3)


def uncertainty(scenario, spec=None, *, n=None, seed=None, method=None, all_defaults=None,
                overrides=None, metrics=None, quantiles=DEFAULT_QUANTILES, chunk_size=CHUNK_SIZE,
                progress=None, allow_large=False, scheduler="local"):
    """Propagate input uncertainty to the metrics in chunks, with streaming statistics.

    Memory does not grow with the sample count: each chunk is drawn, evaluated and folded into
    running statistics (:mod:`basaltcalc.streaming`), then dropped.  The same seed gives
    bit-identical statistics whatever ``chunk_size``.  Parameters as for :func:`sample`;
    ``metrics`` defaults to :data:`HEADLINE_METRICS` (``"all"`` for every metric).  More than
    :data:`~basaltcalc.studies.budget.LARGE_SAMPLES` samples are refused with the estimated run
    time unless ``allow_large=True`` (then the estimate is given as a warning).
    ``scheduler``: ``"local"`` (this process), or ``"threads"``, ``"processes"`` or the address
    of a dask.distributed scheduler (needs ``basaltcalc[dask]``; blocks of ``chunk_size`` samples,
    or 262144 when it is left at its default, see :mod:`basaltcalc.studies.distributed`): the
    same statistics, bit for bit.

    Returns
    -------
    xarray.Dataset
        Dimensions ``metric`` and ``quantile``: ``mean``, ``std`` (of the finite values), ``min``,
        ``max``, ``count`` (finite), ``n_nan``, ``n_inf``, ``quantiles``; scalars
        ``p_insitu_cheaper`` (fraction of samples with savings > 0) and its binomial standard error
        ``p_insitu_cheaper_se``; ``units`` and ``description`` along ``metric``; provenance,
        seed and the quantile error bound in attrs.
    """
    from .streaming import BLOCK, QUANTILE_RELATIVE_ERROR, StreamingStats

    _check_call(scenario, "uncertainty", progress)
    flag(allow_large, "uncertainty", "allow_large", none=False)
    plan = read_uncertainty(scenario, spec, n=n, seed=seed, method=method, all_defaults=all_defaults,
                            overrides=overrides)
    if plan.n < 2:  # a standard deviation of one sample is undefined: never a NaN spread
        reader = SpecReader(scenario, "uncertainty", spec is None and n is None)
        reader.add("samples", f"the statistics need at least 2 samples (the spread of one is "
                              f"undefined), got {plan.n}")
        reader.raise_if_any()
    _check_large(scenario, plan, spec is None and n is None, allow_large)
    names = _metric_list(metrics, HEADLINE_METRICS, scenario)
    qs = _check_quantiles(quantiles, "uncertainty")
    chunk = _chunk(chunk_size, "uncertainty")
    state = {}
    cheaper = [0, 0]

    def consume(start, stop, x, res):
        m = stop - start
        if start == 0:  # metrics that do not depend on the drawn inputs come out as scalars
            state["varying"] = [nm for nm in names if np.ndim(res[nm]) > 0]
            state["const"] = {nm: float(res[nm]) for nm in names if np.ndim(res[nm]) == 0}
            state["stats"] = StreamingStats(state["varying"])
        varying = state["varying"]
        stack = np.empty((len(varying), m))
        for i, name in enumerate(varying):
            stack[i] = res[name]
        state["stats"].update(stack)
        s = np.broadcast_to(res["savings"], (m,))
        cheaper[0] += int(np.count_nonzero(s > 0))
        cheaper[1] += int(np.count_nonzero(~np.isnan(s)))

    if scheduler is None or scheduler == "local":
        _run(scenario, plan, overrides, chunk, progress, consume, "uncertainty", [*names, "savings"])
    else:
        state, cheaper = _run_dask(scenario, plan, names, overrides, scheduler, chunk, progress)
    p = cheaper[0] / cheaper[1] if cheaper[1] else math.nan
    stats, const, varying = state["stats"], state["const"], state["varying"]
    cols = {"mean": stats.means(), "std": stats.std(), "min": stats.min, "max": stats.max,
            "count": stats.n, "n_nan": stats.n_nan, "n_inf": stats.n_posinf + stats.n_neginf}
    quant = stats.quantiles(qs)
    table = {k: [] for k in cols}
    qrows = []
    for name in names:
        if name in const:
            v = const[name]
            fin = math.isfinite(v)
            row = {"mean": v if fin else math.nan, "std": (0.0 if plan.n > 1 else math.nan) if fin else math.nan,
                   "min": v, "max": v, "count": plan.n if fin else 0,
                   "n_nan": plan.n if math.isnan(v) else 0, "n_inf": plan.n if math.isinf(v) else 0}
            qrows.append(np.full(len(qs), v))
        else:
            i = varying.index(name)
            row = {k: c[i] for k, c in cols.items()}
            qrows.append(quant[i])
        for k in table:
            table[k].append(row[k])
    return _stats_dataset(scenario, plan, names, qs, table["mean"], table["std"], table["min"],
                          table["max"], table["count"], table["n_nan"], table["n_inf"],
                          np.array(qrows).reshape(len(names), len(qs)), p, cheaper[1],
                          extra={**_plan_attrs(plan, chunk), "statistics": "streaming",
                                 "statistics_block": BLOCK,
                                 "quantile_relative_error": QUANTILE_RELATIVE_ERROR})


def _run_dask(scenario, plan, names, overrides, scheduler, chunk, progress):
    from ..metrics import warn_invalid
    from .distributed import BLOCK_SAMPLES, check_scheduler, uncertainty_state

    state, cheaper, invalid = uncertainty_state(scenario, plan, names, overrides,
                                                check_scheduler(scheduler), Sampler,
                                                BLOCK_SAMPLES if chunk == CHUNK_SIZE else chunk, progress)
    warn_invalid(invalid, plan.n)
    return state, cheaper


def _check_call(scenario, call: str, progress) -> None:
    """The arguments every sampling call shares: a Scenario, a progress flag."""
    from ..scenario import check_scenario

    check_scenario(scenario, call)
    flag(progress, call, "progress")


def _check_quantiles(quantiles, call: str):
    """``quantiles`` as a 1-d float array of probabilities in [0, 1] (at least one)."""
    from ..arguments import probability, refuse

    try:
        qs = np.asarray(quantiles, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise refuse(call, "quantiles", f"expected probabilities in [0, 1], got {quantiles!r}",
                     wrong_type=True) from None
    if qs.size == 0:
        raise refuse(call, "quantiles", "expected at least one probability in [0, 1], got none")
    for q in qs:
        probability(float(q), call, "quantiles")
    return qs


def summarize(ds, metrics=None, quantiles=DEFAULT_QUANTILES):
    """Statistics of a :func:`sample` dataset computed in memory (exact quantiles).

    The same layout as :func:`uncertainty`'s result; the reference the streaming statistics are
    tested against.
    """
    from .datasets import check_dataset
    from .streaming import exact_stats

    check_dataset(ds, "summarize", "ds", dims=("sample",), variables=("savings",),
                  made_by="basaltcalc.sample(...)")
    qs = _check_quantiles(quantiles, "summarize")
    names = [m for m in (metrics or HEADLINE_METRICS) if m in ds.data_vars]
    n = ds.sizes["sample"]
    rows = [exact_stats(np.broadcast_to(ds[m].values, (n,)), qs) for m in names]
    s = np.broadcast_to(ds["savings"].values, (n,))
    valid = int(np.count_nonzero(~np.isnan(s)))
    p = np.count_nonzero(s > 0) / valid if valid else math.nan
    plan_like = None
    col = lambda key: np.array([r[key] for r in rows])  # noqa: E731
    return _stats_dataset(None, plan_like, names, qs, col("mean"), col("std"), col("min"), col("max"),
                          col("count"), col("n_nan"), col("n_posinf"),
                          np.array([r["quantiles"] for r in rows]).reshape(len(names), len(qs)), p, valid,
                          extra={"statistics": "in-memory", "source_attrs": dict(ds.attrs)})


def _stats_dataset(scenario, plan, names, qs, mean, std, mn, mx, count, n_nan, n_inf, quant, p, valid,
                   extra):
    import xarray as xr

    from .datasets import provenance, units_attr
    from ..metrics import metric_info

    units = [units_attr(metric_info(m)[0]) for m in names]
    desc = [metric_info(m)[1] for m in names]
    se = math.sqrt(p * (1 - p) / valid) if valid else math.nan
    data = {
        "mean": (("metric",), np.asarray(mean, dtype=float), {"description": "mean of the finite values"}),
        "std": (("metric",), np.asarray(std, dtype=float), {"description": "standard deviation (ddof=1) of the finite values"}),
        "min": (("metric",), np.asarray(mn, dtype=float), {"description": "smallest value"}),
        "max": (("metric",), np.asarray(mx, dtype=float), {"description": "largest value"}),
        "count": (("metric",), np.asarray(count, dtype=np.int64), {"description": "finite values"}),
        "n_nan": (("metric",), np.asarray(n_nan, dtype=np.int64), {"description": "NaN values (invalid points)"}),
        "n_inf": (("metric",), np.asarray(n_inf, dtype=np.int64), {"description": "infinite values (e.g. breakeven never reached)"}),
        "quantiles": (("metric", "quantile"), np.asarray(quant, dtype=float),
                      {"description": "quantiles of the non-NaN values (inf ranked last)"}),
        "p_insitu_cheaper": ((), float(p), {"units": "1", "description": "fraction of samples where savings > 0"}),
        "p_insitu_cheaper_se": ((), float(se), {"units": "1", "description": "binomial standard error of p_insitu_cheaper (an upper bound for quasi-random designs)"}),
    }
    coords = {"metric": np.array(names, dtype=object), "quantile": qs,
              "units": (("metric",), np.array(units, dtype=object)),
              "description": (("metric",), np.array(desc, dtype=object))}
    attrs = provenance(scenario, "uncertainty", **extra) if scenario is not None else {
        k: (v if not isinstance(v, (dict, list)) else __import__("json").dumps(v, default=str)) for k, v in extra.items()}
    return xr.Dataset(data, coords=coords, attrs=attrs)
