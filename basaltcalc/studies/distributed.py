"""Sweeps and Monte Carlo on dask: threads, processes or a ``dask.distributed`` cluster.

The optional extra ``basaltcalc[dask]``; nothing else in basaltcalc imports dask, and without it the
default ``scheduler="local"`` runs today's in-process chunked path.

How a study is split:

* the client converts units once (:func:`~basaltcalc.model.boundary.apply_overrides`): the
  workers get SI floats, the block's index range and the scenario's structure (the pickled
  :class:`~basaltcalc.scenario.Scenario`, ~20 kB: element groups, comparators), and evaluate with
  :func:`~basaltcalc.model.boundary.evaluate_si`, the local path's own function; no quantities
  cross;
* a Monte Carlo block draws its own samples with :class:`~basaltcalc.studies.sampling.Sampler`
  (streams keyed by the seed and the block index, so the samples do not depend on the block size
  or on who draws them), runs the core (:func:`run_core`) and returns only its partial statistics
  (:func:`~basaltcalc.studies.streaming.partial_stats`), a few kB;
* the client merges the partials in block order with the same fixed-block merge as the local path:
  the statistics are bit-identical to ``scheduler="local"`` for any block size and worker count;
* blocks are generated lazily and submitted in a bounded window (:func:`run_blocks`), what they
  share scattered once, so the client's memory does not grow with the number of blocks;
* a grid block evaluates a slab of rows of the first axis; the dataset is assembled on the client,
  or kept lazily dask-backed (``lazy=True``) and written to netCDF block by block.

Errors raised on a worker (a :class:`~basaltcalc.errors.ScenarioError` with its location) pickle
and reach the caller unchanged; a scheduler that cannot be reached raises
:class:`~basaltcalc.errors.SchedulerUnreachableError` within :data:`CONNECT_TIMEOUT`.  A worker that dies is replaced by dask and its blocks
re-run; as blocks are pure functions of their index, the result is the same.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np

from ..errors import Problem, ScenarioError, SchedulerError, SchedulerUnreachableError

__all__ = ["SCHEDULERS", "BLOCK_SAMPLES", "check_scheduler", "core_template", "run_core",
           "uncertainty_state", "sweep_blocks", "map_columns", "run_blocks"]

#: Named schedulers; anything else must be a dask.distributed address (``tcp://host:8786``).
SCHEDULERS = ("local", "threads", "processes")
#: Messages kept in the developer log of a client basaltcalc opens itself. [-]
CLIENT_LOG = 64
#: Longest wait for a scheduler's address to answer (a cluster on the same network answers in
#: milliseconds; a distant one can be given as a ``distributed.Client`` made with its own
#: ``timeout``). [s]
CONNECT_TIMEOUT = 5.0
#: Samples per Monte Carlo block on dask (a multiple of the random stream block). [-]
BLOCK_SAMPLES = 1 << 18


def check_scheduler(scheduler):
    """``None`` for the local path, else ``'threads'``, ``'processes'``, an address or a Client.

    Raises :class:`ScenarioError` for a name that is none of these, and :class:`SchedulerError`
    when dask is not installed.
    """
    if scheduler is None or scheduler == "local":
        return None
    if not isinstance(scheduler, str):
        if type(scheduler).__name__ == "Client":
            return scheduler
        raise ScenarioError(Problem(f"a scheduler is one of {', '.join(SCHEDULERS)} or an address "
                                    f"such as 'tcp://host:8786', got {scheduler!r}", "scheduler"))
    if scheduler not in SCHEDULERS and "://" not in scheduler and ":" not in scheduler:
        import difflib

        close = difflib.get_close_matches(scheduler, SCHEDULERS, n=1, cutoff=0.5)
        raise ScenarioError(Problem(f"unknown scheduler {scheduler!r}"
                                    + (f"; did you mean '{close[0]}'?" if close else "")
                                    + f" (one of {', '.join(SCHEDULERS)}, or the address of a "
                                    "dask.distributed scheduler, e.g. 'tcp://host:8786')", "scheduler"))
    try:
        import dask.array  # noqa: F401
        if scheduler not in SCHEDULERS:
            import distributed  # noqa: F401
    except ImportError as exc:
        raise SchedulerError(f"scheduler {scheduler!r} needs dask ({exc}); install it with "
                             "pip install 'basaltcalc[dask]'") from None
    if scheduler not in SCHEDULERS:
        _check_reachable(scheduler)
    return scheduler


def _check_reachable(address: str) -> None:
    """:class:`SchedulerUnreachableError` at once where a ``tcp://`` address (or a bare
    ``host:port``) refuses a connection, names no host, or does not answer within
    :func:`connect_timeout`; before any work is done (other protocols are left to the client)."""
    import socket

    from distributed.comm import parse_address, parse_host_port

    try:
        protocol, location = parse_address(address)
        if protocol != "tcp":
            return
        host, port = parse_host_port(location)
    except (ValueError, TypeError) as exc:
        raise SchedulerUnreachableError(f"cannot read the dask scheduler address {address!r}: {exc}; "
                                        "expected e.g. 'tcp://host:8786'") from None
    try:
        socket.create_connection((host, port), timeout=connect_timeout()).close()
    except OSError as exc:
        reason = "no answer" if isinstance(exc, TimeoutError) else exc.strerror or str(exc)
        raise SchedulerUnreachableError(
            f"cannot reach the dask scheduler at {address!r}: {reason} (waited at most "
            f"{connect_timeout():g} s). Start one (`dask scheduler`, then `dask worker ADDRESS` on "
            "each machine), or use --scheduler local, threads or processes") from None
    _check_handshake(address)


def _check_handshake(address: str) -> None:
    """:class:`SchedulerUnreachableError` where ``address`` accepts a connection but does not
    answer dask's handshake (a web server, the scheduler's dashboard port): dask's client would
    read its reply as frames of exabytes."""
    import asyncio

    from distributed.comm import connect

    async def probe():
        comm = await connect(address, timeout=connect_timeout())
        await comm.close()

    try:
        asyncio.run(probe())
    except Exception as exc:  # any failure of the handshake: a MemoryError, a closed stream, ...
        raise SchedulerUnreachableError(
            f"the address {address!r} answers, but not as a dask scheduler ({type(exc).__name__}: "
            f"{str(exc)[:120]}); give the scheduler's address (port 8786 by default; 8787 is its "
            "dashboard)") from None


# -- the core on plain floats -------------------------------------------------------------------

def core_template(scenario, base: dict, paths) -> tuple:
    """What a block needs to evaluate points: the scenario (its structure: element groups,
    comparators, core input paths; it pickles in ~20 kB) and the SI values of every input not in
    ``paths``."""
    skip = set(paths)
    return scenario, {k: v for k, v in base.items() if k not in skip}


def _tune_worker() -> None:
    """On a dask.distributed worker process (a process dedicated to the work, as the CLI's own
    is), keep numpy's freed buffers for reuse (:func:`~basaltcalc.memory.tune_allocator`): dask's
    nanny sets glibc's trim threshold to 64 kB, so every block's temporaries would otherwise be
    page-faulted in afresh.  Elsewhere (threads in the caller's process) nothing changes."""
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return
    from ..memory import tune_allocator

    tune_allocator()


def run_core(scenario, base: dict, values: dict) -> dict:
    """Evaluate the points of ``values`` (path -> SI array) on top of ``base`` with
    :func:`~basaltcalc.model.boundary.evaluate_si`, the function the local path calls:
    metric name -> SI float or array."""
    from ..model.boundary import evaluate_si

    _tune_worker()
    return evaluate_si(scenario, {**base, **values})


@dataclass
class _Elements:
    """What :func:`~basaltcalc.metrics.count_invalid` reads of a scenario (strings only)."""

    elements: list
    comparators: list


def _elements(scenario) -> _Elements:
    return _Elements([{"kind": e["kind"], "name": e["name"]} for e in scenario.elements],
                     [{"label": c["label"]} for c in (getattr(scenario, "comparators", None) or [])])


# -- Monte Carlo ---------------------------------------------------------------------------------

def _mc_block(sampler, plan, params, groups, elements, rows, start, stop):
    """Draw samples [start, stop) with ``sampler(plan)``, evaluate them and return their
    partial statistics."""
    from ..metrics import count_invalid
    from .streaming import partial_stats

    m = stop - start
    x = sampler(plan).draw(start, stop)
    res = run_core(params, groups, {d.path: x[i] for i, d in enumerate(plan.dists)})
    stack = np.empty((len(rows), m))
    for i, name in enumerate(rows):
        stack[i] = res[name]
    s = np.broadcast_to(res["savings"], (m,))
    invalid = {}
    count_invalid(elements, res, invalid, m)
    return (partial_stats(stack), int(np.count_nonzero(s > 0)), int(np.count_nonzero(~np.isnan(s))),
            invalid)


def _block_size(block_size, unit) -> int:
    if isinstance(block_size, bool) or not isinstance(block_size, (int, np.integer)) or block_size < 1:
        raise ValueError(f"block_size must be a positive whole number, got {block_size!r}")
    return int(-(-block_size // unit) * unit)


def uncertainty_state(scenario, plan, names, overrides, scheduler, sampler,
                      block_size=BLOCK_SAMPLES, progress=None):
    """Run a Monte Carlo plan on dask; the streaming state the local path builds, bit for bit.

    ``sampler``: :class:`~basaltcalc.studies.sampling.Sampler` (passed in, so that this module
    does not import the one that calls it).  Blocks are ``block_size`` samples rounded up to a
    multiple of the statistics block (4096); a block that is not a multiple of the sampler's
    stream block (65536) still draws the same samples, at the cost of drawing the stream blocks
    it shares with its neighbours twice.

    Returns ``(state, cheaper, invalid)``: ``state`` with ``stats`` (a merged
    :class:`~basaltcalc.studies.streaming.StreamingStats`), ``varying`` and ``const``;
    ``cheaper`` = [samples with savings > 0, samples with a savings value]; ``invalid`` counts.
    """
    from .. import model
    from .streaming import BLOCK, StreamingStats

    block = _block_size(block_size, BLOCK)
    base = model.apply_overrides(scenario, overrides)
    params, groups = core_template(scenario, base, [d.path for d in plan.dists])
    probe = run_core(params, groups, {d.path: v for d, v in zip(plan.dists, sampler(plan).draw(0, min(2, plan.n)))})
    varying = [nm for nm in names if np.ndim(probe[nm]) > 0]
    const = {nm: float(probe[nm]) for nm in names if nm not in varying}
    shared = (sampler, plan, params, groups, _elements(scenario), varying)
    blocks = ((min(block, plan.n - s), (s, min(s + block, plan.n))) for s in range(0, plan.n, block))
    stats = StreamingStats(varying)
    cheaper, invalid = [0, 0], {}
    for part, ch, valid, bad in run_blocks(_mc_block, shared, blocks, scheduler, plan.n, progress,
                                           "uncertainty", "sample"):
        stats.merge(part)
        cheaper[0] += ch
        cheaper[1] += valid
        for k, v in bad.items():
            invalid[k] = invalid.get(k, 0) + v
    return {"stats": stats, "varying": varying, "const": const}, cheaper, invalid


# -- grids ---------------------------------------------------------------------------------------

def _grid_block(params, groups, elements, names, deps, values, shape, first):
    """Evaluate one slab of grid rows: metric -> array over the axes it depends on, and invalid
    counts.  Metrics that do not vary along the first axis come only from the ``first`` block."""
    from ..metrics import count_invalid

    res = run_core(params, groups, values)
    ndim = len(shape)
    out = {}
    for name in names:
        dep = deps[name]
        if not dep[0] and not first:
            continue
        arr = np.asarray(res[name], dtype=np.float64)
        arr = arr.reshape((1,) * (ndim - arr.ndim) + arr.shape)
        sub = arr[tuple(slice(None) if d else slice(0, 1) for d in dep)]
        sub = sub.reshape([s for s, d in zip(sub.shape, dep) if d])
        out[name] = np.broadcast_to(sub, [s for s, d in zip(shape, dep) if d]).copy()
    invalid = {}
    count_invalid(elements, res, invalid, math.prod(shape))
    return out, invalid


def _slabs(axes, rows):
    """The grid's slabs of ``rows`` rows of the first axis: (slice, shape, input path -> SI values
    shaped to broadcast over the slab)."""
    sizes = [a.size for a in axes]
    ndim = len(axes)
    for start in range(0, sizes[0], rows):
        sl = slice(start, min(start + rows, sizes[0]))
        values = {}
        for k, axis in enumerate(axes):
            for ai in axis.inputs:
                v = ai.si[sl] if k == 0 else ai.si
                values[ai.path] = v.reshape([len(v) if j == k else 1 for j in range(ndim)])
        yield sl, [sl.stop - sl.start, *sizes[1:]], values


def sweep_blocks(scenario, axes, names, deps, base, scheduler, rows, *, lazy=False, progress=None):
    """Evaluate a grid on dask in slabs of ``rows`` rows of the first axis.

    Returns ``(out, invalid)``: metric -> numpy array (or a lazy dask array with ``lazy=True``,
    whose invalid points are then not counted), as :func:`~basaltcalc.studies.grid.sweep` builds.
    """
    sizes = [a.size for a in axes]
    paths = [ai.path for a in axes for ai in a.inputs]
    params, groups = core_template(scenario, base, paths)
    shared = (params, groups, _elements(scenario), names, deps)
    if lazy:
        return _lazy_grid(shared, list(_slabs(axes, rows)), names, deps, sizes, scheduler), {}
    out = {name: np.empty([s for s, d in zip(sizes, deps[name]) if d]) for name in names}
    invalid = {}
    slabs = list(_slabs(axes, rows))  # the grid's inputs, already held by the caller
    blocks = ((math.prod(shape), (values, shape, sl.start == 0)) for sl, shape, values in slabs)
    done = run_blocks(_grid_block, shared, blocks, scheduler, math.prod(sizes), progress, None, "point")
    for (sl, _, _), (part, bad) in zip(slabs, done):
        for name, arr in part.items():
            if deps[name][0]:
                out[name][sl] = arr
            else:
                out[name][...] = arr
        for k, v in bad.items():
            invalid[k] = invalid.get(k, 0) + v
    return out, invalid


def _lazy_grid(shared, slabs, names, deps, sizes, scheduler):
    """The grid as lazy dask arrays, one ``dask.delayed`` block per slab."""
    import dask
    import dask.array as da

    if scheduler not in SCHEDULERS:
        _client(scheduler, default=True)  # lazy results compute on the cluster later
    blocks = [dask.delayed(_grid_block, pure=True)(*shared, values, shape, sl.start == 0)
              for sl, shape, values in slabs]
    out = {}
    for name in names:
        dep = deps[name]
        if dep[0]:
            parts = [da.from_delayed(b[0][name], [s for s, d in zip(shape, dep) if d], dtype=np.float64)
                     for b, (_, shape, _) in zip(blocks, slabs)]
            out[name] = da.concatenate(parts, axis=0)
        else:
            out[name] = da.from_delayed(blocks[0][0][name], [s for s, d in zip(sizes, dep) if d],
                                        dtype=np.float64)
    return out


# -- columns of given points (Sobol' matrices) ----------------------------------------------------

def _columns_block(params, groups, paths, names, transform, cap, x):
    """The ``names`` metrics (transformed) at the columns of ``x`` (d, m)."""
    res = run_core(params, groups, {p: x[i] for i, p in enumerate(paths)})
    m = x.shape[1]
    out = np.empty((len(names), m))
    for j, name in enumerate(names):
        out[j] = transform(name, np.broadcast_to(res[name], (m,)), cap)
    return out


def map_columns(params, groups, paths, x, names, transform, cap, scheduler, block):
    """Evaluate the points in the columns of ``x`` (input ``paths`` x points, SI) on dask in
    blocks of ``block`` columns: (len(names), m) of ``transform(name, values, cap)``.  The core is
    elementwise, so the numbers are those of one call on all columns."""
    m = x.shape[1]
    out = np.empty((len(names), m))
    shared = (params, groups, list(paths), list(names), transform, cap)
    starts = range(0, m, block)
    blocks = ((min(block, m - a), (x[:, a:a + block],)) for a in starts)
    for a, part in zip(starts, run_blocks(_columns_block, shared, blocks, scheduler, m, False)):
        out[:, a:a + part.shape[1]] = part
    return out


# -- running blocks ------------------------------------------------------------------------------

def _client(address, default=False):
    """A client of the scheduler at ``address`` (or ``address`` itself if it is a Client), and
    whether we own it.  An unreachable scheduler raises :class:`SchedulerError`."""
    if not isinstance(address, str):
        return address, False
    import dask
    from distributed import Client

    try:
        # the client's developer log keeps its last messages (1000 by default, one ~1 kB
        # message per submitted block); a short log keeps the client's memory flat sooner
        with dask.config.set({"distributed.admin.low-level-log-length": CLIENT_LOG}):
            return Client(address, set_as_default=default, timeout=connect_timeout()), not default
    except (OSError, TimeoutError, ValueError) as exc:  # refused, no such host, a malformed address
        raise SchedulerUnreachableError(
            f"cannot reach the dask scheduler at {address!r} within {connect_timeout():g} s: {exc}. "
            "Start one (`dask scheduler`, then `dask worker ADDRESS` on each machine), or use "
            "--scheduler local, threads or processes") from None


def connect_timeout() -> float:
    """Seconds a client waits for the scheduler's address to answer: dask's
    ``distributed.comm.timeouts.connect`` where it is shorter, else :data:`CONNECT_TIMEOUT` (an
    address that does not answer is an error in seconds, not dask's 30 s). [s]"""
    import dask
    from dask.utils import parse_timedelta

    configured = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect", CONNECT_TIMEOUT), "s")
    return float(min(configured, CONNECT_TIMEOUT))


def run_blocks(fn, shared, blocks, scheduler, total, progress=None, desc=None, unit="it"):
    """Yield ``fn(*shared, *args)`` for each ``(size, args)`` of ``blocks``, in order, computed on
    ``scheduler``.

    ``shared``: the arguments every block takes (scenario structure, plan, ...); ``blocks``: an
    iterable, consumed lazily, of each block's work (for the progress bar, ``total`` in all) and
    its own small arguments (an index range, a slab of inputs).  Only a bounded window of blocks
    is ever in flight or held on the client, so the client's memory does not grow with the
    number of blocks: on ``threads``/``processes`` the blocks run as ``dask.delayed`` calls in
    windows of twice the CPU count; on a cluster, ``shared`` is scattered to every worker once and
    the blocks are submitted as futures, at most four per worker thread at a time.
    """
    from .progress import progress_bar

    with progress_bar(total, progress, unit=unit, desc=desc) as bar:
        if scheduler in SCHEDULERS:
            yield from _in_windows(fn, shared, blocks, scheduler, bar)
        else:
            yield from _on_cluster(fn, shared, blocks, scheduler, bar)


def _in_windows(fn, shared, blocks, scheduler, bar):
    import itertools

    import dask

    window = 2 * (os.cpu_count() or 1)
    call = dask.delayed(fn, pure=True)
    it = iter(blocks)
    while chunk := list(itertools.islice(it, window)):
        outs = dask.compute(*[call(*shared, *args) for _, args in chunk], scheduler=scheduler)
        for out, (size, _) in zip(outs, chunk):
            bar.update(size)
            yield out


def _on_cluster(fn, shared, blocks, scheduler, bar):
    """Submit ``blocks`` to the cluster in a bounded window; yield results in order.  A worker's
    error re-raises here, unpickled; a dead worker's blocks are re-run by the scheduler."""
    from collections import deque

    client, owned = _client(scheduler)
    pending = deque()
    try:
        window = 4 * max(1, sum(client.nthreads().values()))
        common = client.scatter(list(shared), broadcast=True, hash=False) if shared else []
        it = iter(blocks)
        while True:
            while len(pending) < window and (nxt := next(it, None)) is not None:
                size, args = nxt
                pending.append((client.submit(fn, *common, *args, pure=False), size))
            if not pending:
                return
            fut, size = pending.popleft()
            out = fut.result()
            fut.release()
            bar.update(size)
            yield out
    finally:
        if pending:
            client.cancel([f for f, _ in pending])
        if owned:
            client.close()
