"""The explorer's state: the explored case as plain data, driven by :meth:`Explorer.set` without a
browser (the sliders of :mod:`.widgets` are a thin layer over it).

>>> import basaltcalc as bc
>>> ex = bc.explore(bc.default_scenario(), samples=0)
>>> len(ex.controls), ex.error
(6, None)
>>> ex.set("economics.ddte", "2 BUSD").changed
{'economics.ddte': <Quantity(2000.0, 'MUSD')>}
>>> ex.set("insitu.route", "meltcast")
Traceback (most recent call last):
...
basaltcalc.errors.ScenarioError: set() insitu.route: expected one of cut-stone, melt-cast, sinter, fibre-composite, got 'meltcast'; did you mean 'melt-cast'?

The state is the scenario's four choices (route, power preset, transport preset, Earth design:
:data:`~.controls.CHOICES`) and the inputs set away from the scenario's own values, each in the unit it is
shown in.  Every change re-evaluates the point, the probability that in-situ is cheaper (a small
seeded sample, :data:`SAMPLES`) and the landed-cost curve; a change that leaves the case
infeasible (a piece no lander carries, a wall thicker than its tube) keeps its value and the last
valid results and says why in :attr:`Explorer.error`; a bad argument raises a located error and
changes nothing.  The explored case is written as a scenario file only when asked
(:meth:`Explorer.to_yaml`), and only where ``basaltcalc run`` reproduces it exactly.
"""
from __future__ import annotations

import dataclasses
import math
import os
import warnings
from dataclasses import dataclass

import numpy as np

from ...arguments import names as check_names
from ...arguments import one_of, refuse, whole_number
from ...errors import Problem, ScenarioError
from .controls import (CHOICES, Control, choices_of, control_for, display_text, display_unit,
                       file_text, own_value, pint_unit, ranked, si_value, value_in_unit, with_choices)

__all__ = ["Explorer", "Headline", "SAMPLES", "TOP", "CURVE_POINTS", "CURVE_SPAN"]

#: Samples of the live probability that in-situ is cheaper: a redraw stays under 100 ms with it
#: (benchmarks/bench_explore.py); its standard error is at most 0.5/sqrt(512) = 0.022. [-]
SAMPLES = 512
#: Sliders by default: the inputs of the uncertainty set that move the cost ratio most. [-]
TOP = 6
#: Points of the landed-cost curve. [-]
CURVE_POINTS = 120
#: The landed-cost curve's span [USD/kg], as :func:`basaltcalc.plotting.landed_cost_curve`'s.
CURVE_SPAN = ("1 kUSD/kg", "2 MUSD/kg")
_CALL = "explore"


@dataclass
class Headline:
    """The answer of the explored case, against each Earth design (keys: the designs' materials)."""

    cost_ratio: dict
    breakeven_landed_cost: dict  # Quantity [kUSD/kg]; in situ cheaper above it (below: see cheaper_above)
    cheaper_above: dict  # True where in situ is cheaper above the breakeven landed cost
    p_insitu_cheaper: dict | None  # None where the probability is not computed (samples=0)
    probability: object | None  # the CheaperProbability behind it
    text: str

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


class Explorer:
    """A scenario to play with: set inputs and choices, read the answer, save the case.

    Made by :func:`basaltcalc.explore`; see the module docstring.  In Jupyter it shows its sliders
    (:mod:`.widgets`); anywhere, :meth:`set`, :attr:`values`, :attr:`results`, :attr:`headline`,
    :attr:`figure` and :meth:`to_yaml` drive it.
    """

    def __init__(self, scenario, inputs=None, *, top: int = TOP, samples: int = SAMPLES, seed=None,
                 num: int = CURVE_POINTS):
        from ...scenario import check_scenario

        self.scenario = check_scenario(scenario, _CALL)
        self.top = whole_number(top, _CALL, "top", low=0, high=100)
        self.samples = whole_number(samples, _CALL, "samples", low=0, high=1 << 20)
        self.seed = None if seed is None else whole_number(seed, _CALL, "seed", low=0)
        self.num = whole_number(num, _CALL, "num", low=2, high=100_000)
        if inputs is not None and not isinstance(inputs, dict):
            inputs = check_names(inputs, _CALL, "inputs")
        self._inputs = inputs
        self.choices = choices_of(self.scenario)
        self._chosen = {p: c.start for p, c in self.choices.items()}
        self._numbers: dict[str, float] = {}  # path -> value in its unit (changed inputs only)
        self._units: dict[str, str] = {}  # path -> the unit it is shown in
        self._built: dict = {}  # choices -> Scenario or the ScenarioError of building it
        self._ranked: dict = {}  # choices -> [Control]
        self.error: str | None = None
        self.results = None
        self.headline: Headline | None = None
        self.curve = None  # what the landed-cost curve draws (plotting.curves.landed_cost_data)
        self.timings: dict[str, float] = {}  # seconds of the last refresh: evaluate, probability
        self._view, self._stale, self._png = None, False, None
        self._listeners: list = []  # called after every change (the widgets showing this explorer)
        self.controls  # ranks the inputs now: a bad inputs= is reported by explore()
        self._refresh()
        if self.error is not None:  # the scenario as given cannot be evaluated
            raise ScenarioError(Problem(self.error, "scenario", origin=f"{_CALL}()"))

    # -- the state ----------------------------------------------------------------------------
    @property
    def current(self):
        """The scenario with the explorer's choices (a :class:`ScenarioError` where they do not
        make one)."""
        built = self._build(self._chosen)
        if isinstance(built, ScenarioError):
            raise built
        return built

    def _build(self, chosen):
        """The scenario with the choices ``chosen``, or the ScenarioError of making it (cached)."""
        key = tuple(chosen.values())
        if key not in self._built:
            try:
                self._built[key] = with_choices(self.scenario, chosen)
            except ScenarioError as exc:
                self._built[key] = exc
        return self._built[key]

    @property
    def notes(self) -> list[str]:
        """What the current choices left out of the file's blocks (entries of another route's
        inputs in its ``uncertainty:`` or ``sweep:`` block)."""
        built = self._build(self._chosen)
        return [] if isinstance(built, ScenarioError) else list(getattr(built, "explore_notes", []))

    @property
    def controls(self) -> list[Control]:
        """The sliders: the inputs given to :func:`~basaltcalc.explore`, else the :attr:`top`
        inputs of the uncertainty set by how far they move the cost ratio (the tornado's rank), then
        any other input set; for the current choices."""
        try:
            sc = self.current
        except ScenarioError:
            sc = self._last_valid_scenario()
        key = tuple(self._chosen.values())
        if key not in self._ranked:
            try:
                self._ranked[key] = ranked(sc, self._inputs, self.top)
            except ScenarioError:
                if self.results is None:  # explore(): a bad inputs= is the caller's
                    raise
                self._ranked[key] = []  # the choices' own problem, shown by error
        out = list(self._ranked[key])
        have = {c.path for c in out}
        for path in self._numbers:
            if path not in have and path in sc.inputs:
                out.append(control_for(sc, path, self._unit(sc, path)))
        return out

    @property
    def values(self) -> dict:
        """Every choice (its name) and every slider's and set input's value (a Quantity in its
        unit), by path."""
        from ...units import ureg

        out = dict(self._chosen)
        for c in self.controls:
            out[c.path] = ureg.Quantity(self._numbers.get(c.path, c.start), c.unit)
        for path, v in self._numbers.items():
            out.setdefault(path, ureg.Quantity(v, self._units[path]))
        return out

    @property
    def changed(self) -> dict:
        """The choices and inputs set away from the scenario's own, by path (inputs as Quantities
        in their unit; an input the current choices do not use is kept, and left out of
        :meth:`overrides` and the file)."""
        from ...units import ureg

        out = {p: v for p, v in self._chosen.items() if v != self.choices[p].start}
        out.update({p: ureg.Quantity(v, self._units[p]) for p, v in self._numbers.items()})
        return out

    def overrides(self, scenario=None) -> dict:
        """The changed inputs the scenario uses, as overrides of :func:`basaltcalc.evaluate` (SI
        Quantities, exactly the values a file written by :meth:`to_yaml` gives)."""
        from ...units import ureg

        sc = self.current if scenario is None else scenario
        return {p: ureg.Quantity(self._si(sc, p), sc.inputs[p].unit)
                for p in self._numbers if p in sc.inputs}

    def set(self, path, value):
        """Set one input (a Quantity, a text such as ``'300 kUSD/kg'``, or a number in the unit
        shown) or choice (a name) and re-evaluate; returns the explorer.  A bad path or value
        raises a located error and changes nothing; a value that leaves the case infeasible is
        kept and :attr:`error` says why."""
        return self.update({path: value})

    def update(self, changes):
        """Set several inputs and choices at once (a mapping, as for :meth:`set`), one re-evaluation."""
        if not hasattr(changes, "items"):
            raise refuse("set", "changes", f"expected a mapping of input paths to values, got "
                                           f"{type(changes).__name__}", wrong_type=True)
        chosen, numbers, units = dict(self._chosen), dict(self._numbers), dict(self._units)
        for path, value in changes.items():
            if not isinstance(path, str):
                raise refuse("set", "path", f"expected an input path such as 'transport.landed_cost', "
                                            f"got {type(path).__name__} {path!r}", wrong_type=True)
            if path in CHOICES:
                options = self.choices[path].options
                if value is None and None in options:
                    chosen[path] = None
                else:
                    chosen[path] = one_of(value, "set", path, [o for o in options if o is not None])
        for path, value in changes.items():
            if path not in CHOICES:
                canonical, shown, unit = self._check_number(path, value, chosen)
                inp = self._scenario_for(chosen).inputs[canonical]
                units[canonical] = unit
                if si_value(shown, unit, inp.unit) == inp.si:  # the scenario's own value
                    numbers.pop(canonical, None)
                else:
                    numbers[canonical] = shown
        self._chosen, self._numbers, self._units = chosen, numbers, units
        self._refresh()
        self._notify()
        return self

    def reset(self):
        """Back to the scenario's own choices and values."""
        self._chosen = {p: c.start for p, c in self.choices.items()}
        self._numbers.clear()
        self._refresh()
        self._notify()
        return self

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    # -- evaluation ---------------------------------------------------------------------------
    def _refresh(self) -> None:
        """Evaluate the explored case: the point, the landed-cost curve's data and the
        probability; on an infeasible case, :attr:`error` and the last valid results kept."""
        import time

        from ...model import evaluate

        t0 = time.perf_counter()
        try:
            sc = self.current
            overrides = self.overrides(sc)
            res = evaluate(sc, overrides, metrics=_headline_metrics(sc))
            t_point = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a curve's end past a piece's lander
                curve = _curve(sc, overrides, res, self.num)
        except ScenarioError as exc:
            chosen = "; ".join(f"{p} = {v}" for p, v in self.changed.items() if p in CHOICES)
            self.error = str(exc) if not chosen or chosen in str(exc) else f"with {chosen} chosen:\n{exc}"
            self.timings = {"evaluate": time.perf_counter() - t0, "probability": 0.0}
            return
        t1 = time.perf_counter()
        try:
            probability = self._probability(sc, overrides)
        except ScenarioError as exc:  # the file's uncertainty block does not fit the choices
            self.error = str(exc)
            return
        self.timings = {"evaluate": t1 - t0, "point": t_point - t0, "curve": t1 - t_point,
                        "probability": time.perf_counter() - t1}
        self.error, self.results, self.curve = None, res, curve
        self.headline = _headline(res, probability, self.notes)
        self._stale, self._png = True, None

    def _probability(self, sc, overrides):
        if not self.samples:
            return None
        from ...studies.decision import probability_cheaper

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            pr = probability_cheaper(sc, overrides, n=self.samples, seed=self.seed)
        pr.notes = [str(w.message) for w in caught]
        return pr

    # -- inputs ---------------------------------------------------------------------------------
    def _scenario_for(self, chosen):
        """The scenario of ``chosen``, else (where they make none) the last valid one."""
        built = self._build(chosen)
        return self._last_valid_scenario() if isinstance(built, ScenarioError) else built

    def _last_valid_scenario(self):
        return self.results.scenario if self.results is not None else self.scenario

    def _unit(self, sc, path) -> str:
        return self._units.get(path) or next(
            (c.unit for c in self._ranked.get(tuple(self._chosen.values()), ()) if c.path == path), None) \
            or display_unit(sc, path)

    def _check_number(self, path, value, chosen):
        """``(canonical path, value in its unit, unit)`` of a numeric input set, or a located error."""
        from ...model.boundary import resolve_path
        from ...scenario import domain_problem

        sc = self._scenario_for(chosen)
        try:
            canonical = resolve_path(sc, path)
        except ScenarioError as exc:
            raise ScenarioError([Problem(p.message, path, origin="set()") for p in exc.problems]) from None
        if canonical not in sc.inputs:
            from ...scenario.inputs import _suggest

            choices = _suggest(path, [*sc.inputs, *CHOICES])
            raise refuse("set", path, f"not an input or choice of this scenario{choices}")
        unit = self._unit(sc, canonical)
        shown = value_in_unit(value, unit, sc.inputs[canonical].unit, path)
        try:
            si = si_value(shown, unit, sc.inputs[canonical].unit)
        except ValueError:  # finite as shown, past float64 in SI (1e300 BUSD = 1e309 USD)
            raise refuse("set", path, f"expected a value finite in SI units, got {file_text(shown, unit)!r}, "
                                      "past the largest float") from None
        problem = domain_problem(canonical, si)
        if problem:
            raise refuse("set", path, f"{problem} ({file_text(shown, unit)})" if unit else problem)
        return canonical, shown, unit

    def _si(self, sc, path) -> float:
        return si_value(self._numbers[path], self._units[path], sc.inputs[path].unit)

    # -- the case as a file ---------------------------------------------------------------------
    def explored_scenario(self):
        """The explored case as a :class:`~basaltcalc.Scenario` whose file gives the changed
        inputs (each as the text :meth:`to_yaml` writes): what the file would load as."""
        sc = self.current
        inputs, custom = dict(sc.inputs), {k: dict(r) for k, r in sc.custom.items()}
        for path in self._numbers:
            if path not in sc.inputs:
                continue
            text = file_text(self._numbers[path], self._units[path])
            inputs[path] = dataclasses.replace(sc.inputs[path], si=self._si(sc, path), origin="file",
                                               given=text, line=None, column=None)
            record = sc.custom_entry(path)
            if record is not None:  # a new entry the file defines: written whole, from its raw
                key = (record["table"], record["name"])
                custom[key]["raw"] = {**custom[key]["raw"], path.rsplit(".", 1)[1]: text}
        return dataclasses.replace(sc, inputs=inputs, custom=custom)

    def to_dict(self) -> dict:
        """The explored case as scenario file data: the scenario's own (a file's inputs kept), the
        choices made, and the changed inputs in the unit shown."""
        return self.explored_scenario().to_dict()

    def yaml_text(self) -> str:
        """The text :meth:`to_yaml` writes: :meth:`Scenario.to_yaml` of the explored case, with a
        comment naming what the explorer changed."""
        from ...text import printable

        text = self.explored_scenario().to_yaml()
        changed = [f"{p} = {file_text(v.m, self._units[p]) if hasattr(v, 'm') else v}"
                   for p, v in self.changed.items() if p in CHOICES or p in self.current.inputs]
        note = "\n".join(["# explored with basaltcalc.explore: " + ("; ".join(changed) or "nothing changed"),
                          *(f"# {n}" for n in self.notes)])
        lines = text.split("\n")
        at = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        return "\n".join([*lines[:at], printable(note), *lines[at:]])

    def to_yaml(self, path):
        """Write the explored case as a scenario file at ``path`` (atomically), only the changed
        inputs with the file's own, in the unit shown; first checked to give exactly the
        explorer's results on loading (what ``basaltcalc run`` does): returns the path."""
        from pathlib import Path

        from ..atomic import write_atomic

        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, (str, os.PathLike)) or str(path) in ("", "-"):
            raise refuse("to_yaml", "path", f"expected the path of a file to write (a str or "
                                            f"pathlib.Path), got {type(path).__name__} {path!r}",
                         wrong_type=not isinstance(path, (str, os.PathLike)))
        if self.error is not None:
            raise refuse("to_yaml", "path", "the explored case is infeasible, so basaltcalc run would "
                                            f"refuse the file; move back to a feasible case first: {self.error}")
        text = self.yaml_text()
        self._check_round_trip(text, str(path))
        write_atomic(path, text)
        return Path(path)

    def _check_round_trip(self, text: str, name: str) -> None:
        """Load ``text`` as a file and evaluate it: every metric equal to the explorer's, bit for
        bit, or a :class:`~basaltcalc.BasaltcalcError` naming the first that is not."""
        from ...errors import BasaltcalcError
        from ...metrics import comparator_names
        from ...model import evaluate
        from ...scenario import scenario_from_text

        sc = self.current
        names = comparator_names(sc)
        mine = evaluate(sc, self.overrides(sc), metrics=names)
        again = evaluate(scenario_from_text(text, name), metrics=names)
        for metric in names:
            a, b = (np.asarray(r.raw[metric], dtype=np.float64) for r in (mine, again))
            if not np.array_equal(a, b, equal_nan=True):
                raise BasaltcalcError(f"{name}: not written: loaded again, the file gives {metric} = "
                                      f"{float(b):.17g}, the explorer {float(a):.17g}; please report this")

    # -- what the explorer shows ------------------------------------------------------------
    def moved(self) -> list[dict]:
        """The choices and inputs set away from the scenario's own, each with the value it had,
        where that came from (its source, or the file), its sourced range and whether the current
        choices use it: the rows of the list the explorer shows."""
        from ...catalogue import load_catalogue
        from ...units import ureg

        try:
            sc = self.current
        except ScenarioError:
            sc = self._last_valid_scenario()
        cat, rows = load_catalogue(), []
        for path, value in self.changed.items():
            if path in CHOICES:
                rows.append({"path": path, "value": str(value), "was": str(self.choices[path].start),
                             "range": "", "source": "a choice of the scenario", "used": True})
                continue
            unit = self._units[path]
            inp = sc.inputs.get(path) or self.scenario.inputs.get(path)
            was = own_value(sc if path in sc.inputs else self.scenario, path, unit) if inp else math.nan
            d = inp.default if inp else None
            span = "" if d is None or not d.range_si[0] < d.range_si[1] else "-".join(
                f"{ureg.Quantity(b, inp.unit).m_as(pint_unit(unit)):.4g}" for b in d.range_si) + f" {unit}".rstrip()
            source = (f"the file, line {inp.line}" if inp is not None and inp.origin == "file" and inp.line
                      else "the file" if inp is not None and inp.origin == "file"
                      else cat.reference(d.source) if d is not None else "")
            rows.append({"path": path, "value": display_text(value.m, unit), "was": display_text(was, unit),
                         "range": span, "source": source, "used": path in sc.inputs})
        return rows

    @property
    def figure(self):
        """The cost breakdown and the landed-cost curve of the explored case, one Figure, moved
        in place at every change (:mod:`.view`)."""
        return self.view.figure

    @property
    def view(self):
        """The live figure (:class:`.view.LiveView`), made on first use and brought up to date."""
        from .view import LiveView

        if self._view is None:
            self._view = LiveView(self)
            self._stale = False
        elif self._stale:
            self._view.update(self)
            self._stale = False
        return self._view

    def png(self) -> bytes:
        """The figure as PNG bytes, drawn as little as the change needs (:meth:`.view.LiveView.png`),
        once per change: every widget showing this explorer gets the same bytes."""
        if self._png is None or self._stale:
            self._png = self.view.png()
        return self._png

    def widget(self, continuous: bool = False):
        """The sliders, dropdowns, headline, figure and save button (ipywidgets, the ``explore``
        extra): :func:`.widgets.explorer_widget`."""
        from .widgets import explorer_widget

        return explorer_widget(self, continuous=continuous)

    def _ipython_display_(self):  # pragma: no cover - a notebook's display
        from IPython.display import display

        try:
            display(self.widget())
        except ImportError:
            print(self.headline)
            display(self.figure)

    def __repr__(self) -> str:
        from ...text import printable

        state = f"infeasible: {self.error}" if self.error else str(self.headline)
        changed = ", ".join(f"{p}={v}" for p, v in self.changed.items()) or "nothing"
        return printable(f"<Explorer of {self.scenario.name!r}; changed: {changed}>\n{state}", keep_newlines=True)


def _headline_metrics(sc) -> list[str]:
    """What the headline and the breakdown read: each design's cost ratio, breakeven landed cost
    and its direction, and every term of each option's cost."""
    from ...metrics import comparator_metric
    from ...studies.decision import earth_designs
    from ..plotting.breakdown import COST_TERMS

    names = ["insitu.total_cost", "transport.landed_cost", "transport.gear_ratio",
             *(m for m, _ in COST_TERMS["insitu"])]
    for label in earth_designs(sc):
        for m in ["cost_ratio", "breakeven_landed_cost", "breakeven_landed_cost_direction",
                  "earth.total_cost", *(m for m, _ in COST_TERMS["earth"])]:
            names.append(m if label is None else comparator_metric(m, label))
    return names


def _curve(sc, overrides, res, num):
    """The landed-cost curve's data (None where the scenario has no landed cost to vary)."""
    from ..plotting.curves import landed_cost_data

    try:
        return landed_cost_data(sc, *CURVE_SPAN, num, overrides, base=res)
    except ValueError as exc:
        if isinstance(exc, ScenarioError):
            raise
        return None


def _headline(res, probability, notes=()) -> Headline:
    """The numbers and the text of the answer (:func:`basaltcalc.model.tables.headline`, then the
    probability's lines as ``basaltcalc run`` prints them)."""
    from ...metrics import comparator_metric
    from ...model.tables import headline
    from ...studies.decision import earth_designs
    from ...units import ureg

    designs = earth_designs(res.scenario)
    ratio, breakeven, above = {}, {}, {}
    for label in designs:
        name = label or res.scenario.earth_material

        def q(m):
            return m if label is None else comparator_metric(m, label)
        ratio[name] = float(res.raw[q("cost_ratio")])
        breakeven[name] = ureg.Quantity(float(res.raw[q("breakeven_landed_cost")]) / 1e3, "kUSD/kg")
        above[name] = float(res.raw[q("breakeven_landed_cost_direction")]) > 0
    text = headline(res)
    p = None
    if probability is not None:
        p = dict(probability.p)
        text += "\n" + "\n".join(probability.lines()).replace(
            "basaltcalc run --samples N --seed S; --no-uncertainty to skip",
            f"basaltcalc run --samples {probability.samples} --seed {probability.seed} gives it for the saved file")
        text += "".join(f"\n  note: {n}" for n in getattr(probability, "notes", []))
    text += "".join(f"\nnote: {n}" for n in notes)
    return Headline(ratio, breakeven, above, p, probability, text)
