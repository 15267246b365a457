"""Studies too large for memory or time: refused with an estimate before any work is done.

A sweep keeps every metric at every grid point, so its results take about
``points * metrics * 8`` bytes; a grid whose results exceed :func:`basaltcalc.memory.memory_budget`
is refused, located at its ``sweep:`` block (or the axis whose ``num`` alone is too large)::

    big.yaml:5:3 sweep.transport.landed_cost.num: 10^12 points: ~8 TB of results, more than the
    memory budget (~12 GB), and ~4.6 days at the measured rate of 2.5e+06 points/s; sweep fewer
    points or fewer metrics

A Monte Carlo streams its samples (bounded memory), so only time limits it: beyond
:data:`LARGE_SAMPLES` samples it needs ``allow_large=True`` (``--yes`` on the command line), and
the refusal gives the estimated run time.  The rate is measured on the scenario itself, by one
evaluation of :data:`RATE_PROBE` points, only when a study is large enough to need an estimate.
"""
from __future__ import annotations

import math
import time

import numpy as np

from ..errors import Problem, ScenarioError
from ..memory import duration_text, memory_budget, size_text

__all__ = ["LARGE_SAMPLES", "RATE_PROBE", "measured_rate", "estimate", "check_grid", "check_samples"]

#: Samples beyond which a Monte Carlo needs ``allow_large=True`` / ``--yes`` (minutes or more).
LARGE_SAMPLES = 10 ** 8
#: Points of the one evaluation that measures the rate.
RATE_PROBE = 1 << 16


def measured_rate(scenario, path: str, values=None, metrics=("cost_ratio", "savings")) -> float:
    """Points per second of the core on this scenario: ``values`` (SI, default the scenario's)
    with input ``path`` made an array of :data:`RATE_PROBE` copies, evaluated once for the
    ``metrics`` the study asks. [1/s]"""
    from .. import model

    probe = dict(model.apply_overrides(scenario, None) if values is None else values)
    probe[path] = np.full(RATE_PROBE, float(np.ravel(probe[path])[0]))
    t0 = time.perf_counter()
    model.evaluate_si(scenario, probe, metrics=list(metrics))
    return RATE_PROBE / max(time.perf_counter() - t0, 1e-9)


def _points(n: int) -> str:
    """``10^12 points`` for powers of ten, ``123,456 points`` otherwise."""
    exp = math.log10(n) if n > 0 else 0
    return f"10^{round(exp)} points" if n >= 1e6 and abs(exp - round(exp)) < 1e-9 else f"{n:,} points"


def estimate(points: int, nbytes: float | None, rate: float | None, what="points") -> str:
    """``10^12 points, ~8 TB, ~14 h at the measured rate of 2e+07 points/s``."""
    parts = [_points(points).replace("points", what)]
    if nbytes is not None:
        parts.append(size_text(nbytes))
    if rate:
        parts.append(f"{duration_text(points / rate)} at the measured rate of {rate:.2g} {what}/s")
    return ", ".join(parts)


def check_grid(reader, keypath: str, points: int, metrics: int, rate_of=None,
               advice="sweep fewer points or fewer metrics") -> bool:
    """Record a problem on ``reader`` (a :class:`~basaltcalc.studies.specs.SpecReader`) at
    ``keypath`` when ``points`` grid points of ``metrics`` float64 results exceed the memory
    budget; ``rate_of()`` gives the rate for the estimate.  Returns True when within budget."""
    nbytes = float(points) * metrics * 8.0
    budget = memory_budget()
    if nbytes <= budget:
        return True
    rate = rate_of() if rate_of is not None else None
    per = f" x {metrics} values a point" if metrics > 1 else ""
    when = f", and {duration_text(points / rate)} at the measured rate of {rate:.2g} points/s" if rate else ""
    reader.add(keypath, f"{_points(points)}{per}: {size_text(nbytes)} of results, more than the "
                        f"memory budget ({size_text(budget)}){when}; {advice}")
    return False


def check_samples(reader, n: int, allow_large: bool, rate_of) -> str | None:
    """Refuse a streamed Monte Carlo of more than :data:`LARGE_SAMPLES` samples unless
    ``allow_large``: the problem, at ``samples`` of ``reader``'s block, gives the estimated run
    time.  Returns the estimate when the study is large and allowed (for the caller to show)."""
    if n <= LARGE_SAMPLES:
        return None
    text = estimate(n, None, rate_of(), "samples")
    if allow_large:
        return text
    reader.add("samples", f"{text}: more than {LARGE_SAMPLES:,} samples needs allow_large=True "
                          "(--yes on the command line)")
    reader.raise_if_any()
