r"""The value of any numeric input at which a metric reaches a target (breakeven of any input).

>>> import basaltcalc as bc
>>> sc = bc.default_scenario()
>>> sol = bc.solve(sc, "routes.melt-cast.plant_specific_mass")   # cost_ratio = 1
>>> res = bc.evaluate(sc, {"routes.melt-cast.plant_specific_mass": sol.value})
>>> abs(float(res["cost_ratio"]) - 1.0) < 1e-9
True

For every point of the overrides' broadcast (a sweep or a sample), :func:`solve` finds the value
:math:`v^*` of one input with :math:`m(v^*) = y` for a metric :math:`m` and a target :math:`y`:

1. **Bracket**, within the input's domain (:func:`~basaltcalc.scenario.domain_of`): from the
   scenario's value :math:`v_0` outward in both directions, in steps of half a decade of
   :math:`v` for inputs in :math:`(0, \infty)` (to :math:`10^{\pm 12}\,v_0`), of 1/20 for
   fractions in [0, 1]; the first sign change of :math:`m - y` on either side is the bracket, so
   the root returned is the one nearest the scenario's value.  Every point of the broadcast
   steps together (one core call per step, over the points still without a bracket).
2. **Root**: Chandrupatla's bracketing method, :func:`scipy.optimize.elementwise.find_root`, on
   :math:`x = \ln v` (or :math:`x = v` for fractions), every point at once, each stopping on
   its own tolerance.
3. **Check**: the model is evaluated at the root; a point whose metric misses the target by more
   than :data:`RTOL` relative (a step in the model, such as one more plant over its life) is
   reported as such, never returned as a root.

Closed forms are fast paths: the landed cost at ``cost_ratio = 1`` or ``savings = 0`` is the
core's :func:`~basaltcalc.core.compare.breakeven_landed_cost`, and for a scenario of one element
group its count is the core's ``breakeven_scale`` times the count.

Where no value in the domain reaches the target, the value is ``inf`` if the metric approaches
the target as the input grows without bound (as the breakeven metrics do), ``nan`` otherwise;
:attr:`Solution.reason` says which, point by point.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["solve", "Solution", "RTOL"]

#: Largest relative miss of the target, at a returned root, of the metric evaluated there.
RTOL = 1e-9

_DECADES = 12  # scan positive inputs to v0 * 10**(+-_DECADES)
_STEPS_PER_DECADE = 2
_FRACTION_STEP = 0.05

#: reason codes -> text (``""``: solved)
REASONS = {
    0: "",
    1: "the metric stays above the target over the domain",
    2: "the metric stays below the target over the domain",
    3: "the metric approaches the target only as the input grows without bound",
    4: "the metric steps across the target (a jump in the model, e.g. one more plant or power "
       "unit over its life): no value reaches it exactly",
    5: "the metric is undefined (NaN) at the scenario's value",
}


@dataclass
class Solution:
    """Solved values of one input, point by point, with the reason where there is none."""

    path: str
    metric: str
    target: object  # Quantity
    value: object  # Quantity, in the input's display unit (basaltcalc.display), in the broadcast shape
    code: np.ndarray  # int8 reason codes (0: solved), same shape
    method: str  # "closed form" or "bracketing"
    unit: str = ""  # the display unit as printed (pint spells kg/(kg/h) as h)
    earth: str | None = None  # the scenario's primary Earth design, named where the metric compares

    @property
    def reason(self) -> np.ndarray:
        """Per point, why there is no value (``""`` where solved)."""
        texts = np.array([REASONS[k] for k in sorted(REASONS)], dtype=object)
        return texts[self.code]

    def reasons(self) -> dict[str, int]:
        """Number of points per reason (``"solved"`` for those with a value)."""
        codes, counts = np.unique(self.code, return_counts=True)
        return {REASONS[int(c)] or "solved": int(n) for c, n in zip(codes, counts)}

    def __repr__(self) -> str:
        from .. import display

        v = self.value
        target = display.format_metric(self.metric, self.target.m_as(_metric_unit(self.metric) or "dimensionless"))
        head = f"{self.path} at which {display.named(self.metric, self.earth)} = {target} ({self.method})"
        if np.ndim(v.magnitude) == 0:
            # no value: its reason, not the nan or inf that stands for it in the arrays
            tail = (f"{display.number(v.magnitude)} {self.unit}".rstrip() if self.code == 0
                    else f"no value ({REASONS[int(self.code)]})")
            return f"{head}: {tail}"
        return head + ": " + ", ".join(f"{n} points {r}" for r, n in self.reasons().items())


def solve(scenario, path: str, metric: str = "cost_ratio", target=1.0, overrides=None, *,
          fast: bool = True) -> Solution:
    r"""Value of the input at ``path`` at which ``metric`` equals ``target``, at every point.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its other inputs keep their values.
    path : str
        Dotted path of a numeric input (``"transport.landed_cost"``,
        ``"routes.melt-cast.plant_specific_mass"``, ``'elements["floor panel"].count'``).
        Counts are solved as real numbers.
    metric : str
        A metric of :data:`~basaltcalc.METRICS`, a per-element figure
        (``elements[0].insitu.thickness``), or either for one Earth comparator by its qualified
        name (``cost_ratio[al-2219]``, ``earth[al-2219].total_cost``, as in the results).
    target : Quantity, str or float
        The target value of the metric, in its unit (a number for dimensionless metrics). [metric]
    overrides : mapping, optional
        Other inputs, as for :func:`~basaltcalc.evaluate`; arrays broadcast, and the input is
        solved at every point of the broadcast.
    fast : bool
        Use a closed form where one exists (landed cost, single-group count).

    Returns
    -------
    Solution
        ``value`` (a Quantity in the input's SI unit, in the broadcast shape; ``inf``/``nan``
        where no value reaches the target), ``reason`` per point, ``method``.

    Raises
    ------
    ScenarioError
        An unknown path or metric, a path that is also overridden, or a bad target.
    """
    from .. import model
    from ..units import ureg

    path, inp, goal = _check(scenario, path, metric, target, overrides)
    base = model.apply_overrides(scenario, overrides)
    shape = np.broadcast_shapes(*(np.shape(v) for v in base.values()))
    problem = _Problem(scenario, base, path, metric, goal, shape)
    closed = _closed_form(problem) if fast else None
    if closed is not None:
        value, method = closed, "closed form"
    else:
        value, method = problem.bracket_and_solve(), "bracketing"
    code = problem.check(value)
    value = np.where(code == 0, value, np.where(code == 3, np.inf, np.nan))
    value = value.reshape(shape)
    code = code.reshape(shape)
    if shape == ():
        value, code = value[()], code[()]
    from .. import display

    shown = display.input_unit(path, inp.unit)
    return Solution(path, metric, ureg.Quantity(goal, _metric_unit(metric)),
                    ureg.Quantity(display.to_display(value, inp.unit, shown)[0], display.pint_unit(shown)),
                    code, method, shown, getattr(scenario, "earth_material", None))


def _metric_unit(metric):
    from ..metrics import metric_info

    return metric_info(metric)[0]


def _check(scenario, path, metric, target, overrides):
    """Canonical path, its Input and the target in SI; a located error on bad arguments."""
    from .. import model
    from ..errors import Problem, ScenarioError
    from ..errors import UnitsError
    from ..arguments import refuse
    from ..metrics import metric_info, metric_names
    from ..scenario import _suggest, check_scenario
    from ..units import as_si

    check_scenario(scenario, "solve")
    if not isinstance(path, str):
        raise refuse("solve", "path", f"expected the dotted path of an input, e.g. "
                                      f"'transport.landed_cost', got {type(path).__name__} {path!r}", wrong_type=True)
    if not isinstance(metric, str):
        raise refuse("solve", "metric", f"expected a metric name, e.g. 'cost_ratio', got "
                                        f"{type(metric).__name__} {metric!r}", wrong_type=True)
    problems = []
    try:
        canonical = model.resolve_path(scenario, path)
    except ScenarioError as exc:
        raise ScenarioError([Problem(p.message, path, origin="solve") for p in exc.problems]) from None
    inp = scenario.inputs.get(canonical)
    if inp is None:
        problems.append(Problem(f"not an input of this scenario{_suggest(canonical, scenario.inputs)}",
                                path, origin="solve"))
    resolved = {model.resolve_path(scenario, str(p)) for p in (overrides or {})}
    if canonical in resolved:
        problems.append(Problem("is solved for, so it cannot also be overridden", path, origin="solve"))
    goal = None
    try:  # a metric, a per-element figure, or either qualified by a comparator: cost_ratio[al-2219]
        metric_names(metric, scenario)
    except ScenarioError as exc:
        problems += [Problem(p.message.replace("no metric", "unknown metric"), "metric", origin="solve")
                     for p in exc.problems]
    else:
        try:
            goal = float(as_si(target, metric_info(metric)[0], "target"))
        except UnitsError as exc:
            problems.append(Problem(str(exc).split(": ", 1)[-1], "target", origin="solve"))
        else:
            if not math.isfinite(goal):
                problems.append(Problem(f"expected a finite target, got {target!r}", "target",
                                        origin="solve"))
    if problems:
        raise ScenarioError(problems)
    return canonical, inp, goal


class _Problem:
    """f(v) = metric(v) - target over the flattened points of a broadcast."""

    def __init__(self, scenario, base, path, metric, goal, shape):
        from ..scenario import domain_of

        self.scenario, self.path, self.metric, self.goal = scenario, path, metric, goal
        self.n = math.prod(shape)
        self.base = {k: (np.broadcast_to(v, shape).reshape(-1) if np.ndim(v) else v)
                     for k, v in base.items()}
        self.v0 = float(base[path])
        lo, hi, _ = domain_of(path)
        self.fraction = hi == 1.0
        self.domain = (lo, hi)
        self.m0 = None

    def metric_at(self, v, idx):
        """The metric at input values ``v`` for the points ``idx`` (SI floats)."""
        from .. import model

        values = {k: (a[idx] if np.ndim(a) else a) for k, a in self.base.items()}
        values[self.path] = v
        out = model.evaluate_si(self.scenario, values)
        return np.broadcast_to(np.asarray(out[self.metric], dtype=np.float64), np.shape(v))

    def f(self, x, idx):
        return self.metric_at(self.to_value(x), idx.astype(np.intp)) - self.goal

    def base_metric(self):
        """The metric at the scenario's value of the input, every point (evaluated once)."""
        if getattr(self, "m0", None) is None:
            self.m0 = self.metric_at(np.full(self.n, self.v0), np.arange(self.n))
        return self.m0

    def to_value(self, x):
        return x if self.fraction else np.exp(x)

    def scan(self):
        """Grid values of x from the scenario's value outward: (up, down) sequences."""
        if self.fraction:
            grid = np.arange(0.0, 1.0 + 1e-12, _FRACTION_STEP)
            x0 = self.v0
            return grid[grid > x0], grid[grid < x0][::-1]
        scale = self.v0 if self.v0 > 0 else 1.0
        x0 = math.log(scale)
        steps = np.arange(1, _DECADES * _STEPS_PER_DECADE + 1) * (math.log(10.0) / _STEPS_PER_DECADE)
        return x0 + steps, x0 - steps

    def bracket_and_solve(self):
        """Bracket each point's root nearest the scenario value, then find it (Chandrupatla)."""
        from scipy.optimize.elementwise import find_root

        idx = np.arange(self.n)
        x0 = self.v0 if self.fraction else math.log(self.v0 if self.v0 > 0 else 1.0)
        f0 = self.f(np.full(self.n, x0), idx.astype(np.float64))
        self.f0 = f0
        lo = np.full(self.n, np.nan)
        hi = np.full(self.n, np.nan)
        flo = np.where(f0 == 0, 0.0, np.nan)
        exact = f0 == 0
        lo[exact] = hi[exact] = x0
        up, down = self.scan()
        prev = {"up": (np.full(self.n, x0), f0.copy()), "down": (np.full(self.n, x0), f0.copy())}
        self.last = {}
        for k in range(max(len(up), len(down))):
            pending = np.flatnonzero(np.isnan(lo) & np.isfinite(f0))
            if pending.size == 0:
                break
            for side, seq in (("up", up), ("down", down)):
                if k >= len(seq) or pending.size == 0:
                    continue
                px, pf = prev[side]
                fx = self.f(np.full(pending.size, seq[k]), pending.astype(np.float64))
                crossed = np.sign(fx) * np.sign(pf[pending]) <= 0
                hit = pending[crossed]
                lo[hit] = np.minimum(px[hit], seq[k])
                hi[hit] = np.maximum(px[hit], seq[k])
                px[pending] = seq[k]
                pf[pending] = fx
                pending = pending[~crossed]
        self.prev = prev
        x = np.full(self.n, np.nan)
        x[exact] = x0
        todo = np.flatnonzero(np.isfinite(lo) & ~exact)
        if todo.size:
            res = find_root(self.f, (lo[todo], hi[todo]), args=(todo.astype(np.float64),))
            x[todo] = res.x
        return self.to_value(x)

    def check(self, value):
        """Reason codes: 0 where the metric at ``value`` is the target to RTOL, else why not."""
        idx = np.arange(self.n)
        value = np.broadcast_to(np.asarray(value, dtype=np.float64), (self.n,)).reshape(-1)
        ok_value = np.isfinite(value)
        got = np.full(self.n, np.nan)
        if ok_value.any():
            got[ok_value] = self.metric_at(value[ok_value], idx[ok_value])
        # relative to the target, or for a zero target to the metric at the scenario's value
        scale = np.maximum(abs(self.goal), np.abs(self.base_metric()))
        hit = ok_value & (np.abs(got - self.goal) <= RTOL * scale)
        code = np.zeros(self.n, dtype=np.int8)
        code[ok_value & ~hit] = 4
        missing = ~ok_value
        if missing.any():
            code[missing] = self._why_not(np.flatnonzero(missing))
        return code

    def _why_not(self, idx):
        """Reason codes for points without a root: above, below, approaches at infinity, NaN."""
        f0 = getattr(self, "f0", None)
        if f0 is None:  # closed form: evaluate what the scan would have seen
            self.bracket_and_solve_points(idx)
        f0 = self.f0[idx]
        code = np.where(f0 > 0, 1, 2).astype(np.int8)
        if not self.fraction:
            top = self.prev["up"][1][idx]  # the metric at the top of the scan
            below_top = self._f_near_top(idx)
            approaching = np.abs(top) < np.abs(below_top)
            code = np.where(approaching, 3, code)
        return np.where(np.isnan(f0), 5, code)

    def _f_near_top(self, idx):
        up, _ = self.scan()
        return self.f(np.full(idx.size, up[-2]), idx.astype(np.float64))

    def bracket_and_solve_points(self, idx):
        """Run the scan (and root find) for the points ``idx`` only, keeping its state."""
        sub = _Problem.__new__(_Problem)
        sub.__dict__.update(self.__dict__)
        sub.n, sub.m0 = idx.size, None
        sub.base = {k: (a[idx] if np.ndim(a) else a) for k, a in self.base.items()}
        sub.bracket_and_solve()
        self.f0 = np.full(self.n, np.nan)
        self.f0[idx] = sub.f0
        self.prev = {s: tuple(_scatter(self.n, idx, a) for a in sub.prev[s]) for s in sub.prev}


def _scatter(n, idx, a):
    out = np.full(n, np.nan)
    out[idx] = a
    return out


def _closed_form(problem: _Problem):
    """The root from the core's closed forms, where one applies (else None)."""
    from .. import model

    from ..metrics import comparator_metric, split_comparator

    balance = {("cost_ratio", 1.0), ("savings", 0.0)}
    metric, label = split_comparator(problem.metric)  # cost_ratio[al-2219]: that comparator's forms
    if (metric, problem.goal) not in balance:
        return None
    if problem.path == "transport.landed_cost":
        name, factor = "breakeven_landed_cost", 1.0
    elif problem.path == "elements[0].count" and len(problem.scenario.elements) == 1:
        name, factor = "breakeven_scale", problem.v0
    else:
        return None
    if label is not None:
        name = comparator_metric(name, label)
    out = model.evaluate_si(problem.scenario, problem.base)
    value = np.broadcast_to(np.asarray(out[name], dtype=np.float64) * factor, (problem.n,)).copy()
    value[(value == 0) | np.isinf(value)] = np.nan  # 0: cheaper at any value; inf: never
    return value
