r"""The uncertainty set: which inputs of a scenario are uncertain, and how each is distributed.

One set, defined here and read by every study that draws inputs (:func:`basaltcalc.uncertainty`,
:func:`basaltcalc.sample`, :func:`basaltcalc.sobol`, :func:`basaltcalc.tornado`, the probability
that ``basaltcalc run`` prints, :func:`basaltcalc.value_of_information`), so that they all speak
of the same uncertainty and say which one (``uncertainty_set`` and ``uncertain_inputs`` in their
attributes, the set's label in their tables and figures).

>>> import basaltcalc as bc
>>> s = bc.uncertainty_set(bc.default_scenario())
>>> s.name, len(s) > 50
('sourced ranges', True)
>>> s["economics.ddte"].shown
'logpert(0.2, 1, 5) BUSD'

**The rule.**

1. An input the scenario file gives, or the caller overrides (``--set``, ``overrides=``), is
   known: it is not drawn, unless the file's ``uncertainty:`` block gives it a distribution.
2. An input taken from a catalogue default with a sourced range (``low < high`` in
   ``basaltcalc/data``) is drawn from that range (element counts excepted: they are the file's):

   * the distribution the data entry states (``distribution:``), where it states one:
     ``uniform`` where the source gives only bounds (the latent heat of basaltic melts, four
     calorimetric values whose mid-range is the default);
   * otherwise **log-PERT** when the range spans a decade or more (``low > 0`` and
     ``high / low >= 10``): a PERT on :math:`\ln x` with its mode at the default;
   * otherwise **PERT** with its mode at the default.
3. The ``uncertainty:`` block (or the ``spec`` given in Python) overrides a range's distribution
   or adds inputs: an input it names is drawn from its distribution there.

**Why these families.**  Every catalogue default is a sourced best estimate and its range the
spread of the sources, so the default is the mode: a Beta-PERT(low, mode, high) with shape
:math:`\lambda = 4` (Malcolm et al. 1959; Vose 2008, *Risk Analysis*, 3rd ed., ch. 10), whose
mean :math:`(a + 4m + b)/6` stays near the default and whose tails are thinner than a
triangular's, so an end of a range counts as plausible, not as likely as the middle.  Where
sources disagree by an order of magnitude or more (plant mass per throughput 50-1000 h, DDT&E
0.2-5 BUSD) they disagree by factors: a linear PERT over 0.2-5 BUSD with its mode at 1 BUSD puts
its mean at 1.5 BUSD and only a third of the probability below the default; on :math:`\ln x` the
same range is symmetric about the default, which is then its median.  Where a source gives only
bounds, no value inside is more likely than another: uniform.

``all_defaults`` chooses another family for every range (``uniform``, ``loguniform``,
``triangular``, ``pert``, the mode at the default) or none (``false``: the block's inputs only);
the set's name says which.
"""
from __future__ import annotations

import functools

from dataclasses import dataclass, field

import numpy as np

from .distributions import Dist, _near, _read_dist, _unit
from .specs import SpecReader, positive_int

__all__ = ["uncertainty_set", "UncertaintySet", "FAMILIES", "LOG_SPAN", "PERT_LAMBDA",
           "range_distribution", "catalogue_dists", "set_name", "Plan", "read_uncertainty", "METHODS"]

METHODS = ("random", "sobol", "lhs")
#: Keys of the ``uncertainty:`` block that are not input paths (``groups`` and ``measurements``
#: are read by :func:`basaltcalc.value_of_information`).
_RESERVED = ("samples", "seed", "method", "all_defaults", "correlation", "groups", "measurements")

#: ``all_defaults`` values: the sourced rule (the default), or one family for every range.
FAMILIES = ("sourced", "uniform", "loguniform", "triangular", "pert")
#: A range spanning at least this factor (high / low, low > 0) is drawn on a log scale. [-]
LOG_SPAN = 10.0
#: Shape of the PERT distributions of the sourced ranges (the classical value). [-]
PERT_LAMBDA = 4.0


def range_distribution(lo: float, value: float, hi: float, family: str = "sourced",
                       stated: str | None = None) -> tuple[str, tuple, str]:
    """``(kind, params, why)`` of a sourced range [lo, hi] with its default ``value`` [SI].

    ``family`` ``"sourced"`` applies the module's rule (``stated``: the data entry's own
    ``distribution:``, if any); another family is used for every range (a log-uniform range
    that starts at or below 0 is drawn uniform instead, and ``why`` says so).

    >>> range_distribution(0.2e9, 1e9, 5e9)
    ('logpert', (200000000.0, 1000000000.0, 5000000000.0, 4.0), 'range spans a decade or more')
    >>> range_distribution(0.7, 0.85, 0.95)[0], range_distribution(506.0, 590.0, 676.0, stated="uniform")[0]
    ('pert', 'uniform')
    """
    mode = min(max(value, lo), hi)
    wide = lo > 0 and hi / lo >= LOG_SPAN
    if family == "sourced":
        if stated:
            kind, why = stated, "as its data entry states"
        elif wide:
            kind, why = "logpert", "range spans a decade or more"
        else:
            kind, why = "pert", "mode at the default"
    else:
        kind, why = family, f"all_defaults: {family}"
        if kind == "loguniform" and lo <= 0:
            kind, why = "uniform", f"range starts at {lo:g}: uniform instead of log-uniform"
    params = {"uniform": (lo, hi), "loguniform": (lo, hi), "triangular": (lo, mode, hi),
              "pert": (lo, mode, hi, PERT_LAMBDA), "logpert": (lo, mode, hi, PERT_LAMBDA)}[kind]
    return kind, params, why


def catalogue_dists(scenario, family: str, skip=()) -> list:
    """The set's distributions of every input taken from a catalogue default with a sourced
    range (element counts, and the paths in ``skip``, left out)."""
    out = []
    for path, inp in scenario.inputs.items():
        d = inp.default
        if path in skip or inp.origin != "default" or d is None or path.endswith(".count"):
            continue
        lo, hi = d.range_si
        if not lo < hi:
            continue
        kind, params, why = range_distribution(lo, inp.si, hi, family, d.distribution)
        out.append(Dist(path, kind, params, _unit(inp), "catalogue range", d.source, why=why,
                        shown=_as_given(kind, params, d)))
    return out


def _as_given(kind, params, value) -> str:
    """A range's distribution in the unit its data file gives it: ``'logpert(0.2, 1, 5) BUSD'``."""
    ends = params[:2] if kind in ("uniform", "loguniform") else params[:3]
    return _shown_text(kind, tuple(ends), value.path, value.unit, value.quantity.units)


@functools.lru_cache(maxsize=4096)
def _shown_text(kind, ends, path, si_unit, unit) -> str:
    """:func:`_as_given`, once per range: its unit conversions are most of the set's reading time
    (12 of 15 ms for the default scenario), and the explorer reads the set at every move."""
    from ..units import input_unit_text, ureg

    shown = [ureg.Quantity(p, si_unit).m_as(unit) for p in ends]
    return f"{kind}({', '.join(f'{x:.4g}' for x in shown)}) {input_unit_text(path, unit)}".rstrip()


def set_name(family: str | None, n_catalogue: int, n_block: int, from_file: bool) -> str:
    """The set's name from what it holds: ``"sourced ranges + the file's uncertainty block"``."""
    parts = []
    if family:
        parts.append("sourced ranges" if family == "sourced" else f"sourced ranges drawn {family}")
    if n_block or not family:
        parts.append("the file's uncertainty block" if from_file else "the given distributions")
    return " + ".join(parts)


@dataclass
class UncertaintySet:
    """The uncertain inputs of a scenario with their distributions (SI), and the set's name.

    ``len(s)`` inputs; ``s[path]`` one input's :class:`~basaltcalc.studies.sampling.Dist`;
    ``s.label`` the line every study prints (name and counts).
    """

    name: str
    dists: list
    counts: dict = field(default_factory=dict)   # "catalogue": n, "block": n
    notes: list = field(default_factory=list)
    correlation: object = None
    scenario_name: str = ""

    def __len__(self) -> int:
        return len(self.dists)

    def __getitem__(self, path: str):
        for d in self.dists:
            if d.path == path:
                return d
        raise KeyError(path)

    def __contains__(self, path) -> bool:
        return any(d.path == path for d in self.dists)

    @property
    def paths(self) -> list[str]:
        return [d.path for d in self.dists]

    @property
    def label(self) -> str:
        return set_label(self.name, len(self.dists), self.counts)

    def __repr__(self) -> str:
        lines = [f"UncertaintySet of '{self.scenario_name}': {self.label}"]
        width = max((len(d.path) for d in self.dists), default=10) + 2
        for d in self.dists:
            lines.append(f"  {d.path:<{width}}{d.shown or d.describe():<44} {d.origin}"
                         + (f" ({d.why})" if d.why else ""))
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def set_label(name: str, k: int, counts: dict) -> str:
    """The set's name and size, as every study prints it.

    >>> set_label("sourced ranges + the file's uncertainty block", 72, {"catalogue": 67, "block": 5})
    "sourced ranges + the file's uncertainty block (72 uncertain inputs: 67 sourced ranges, 5 from the block)"
    """
    cat, block = counts.get("catalogue", 0), counts.get("block", 0)
    detail = f": {cat} sourced ranges, {block} from the block" if cat and block else ""
    return f"{name} ({k} uncertain input{'s' if k != 1 else ''}{detail})"


def uncertainty_set(scenario, spec=None, *, overrides=None, all_defaults=None) -> UncertaintySet:
    """The uncertainty set of a scenario (see the module docs for the rule).

    Parameters
    ----------
    scenario : Scenario
    spec : mapping, optional
        Distributions by input path, as the file's ``uncertainty:`` block (default: that block).
    overrides : mapping, optional
        Inputs the caller fixes (``--set``): known, not drawn, unless the block gives them a
        distribution.
    all_defaults : str or bool, optional
        ``"sourced"`` (default), a family for every range (``uniform``, ``loguniform``,
        ``triangular``, ``pert``), or False for the block's inputs only.

    Returns
    -------
    UncertaintySet
    """
    plan = read_uncertainty(scenario, spec, n=1, seed=0, method="random", all_defaults=all_defaults,
                            overrides=overrides)
    return plan.uncertainty_set(scenario)


def dist_ends(d) -> tuple[float, float]:
    """``(low, high)`` of one input for one-at-a-time studies [SI]: the bounds of a bounded
    distribution, the 5th and 95th percentiles of a normal or lognormal one."""
    if d.kind in ("normal", "lognormal"):
        lo, hi = d.ppf(np.array([0.05, 0.95]))
        return float(lo), float(hi)
    return float(d.params[0]), float(d.params[-2] if d.kind in ("pert", "logpert") else d.params[-1])


@dataclass
class Plan:
    """A validated uncertainty study: distributions, design, sample count, seed."""

    dists: list[Dist]
    n: int
    method: str
    seed: int
    seed_given: bool
    all_defaults: str | None = None
    notes: list = field(default_factory=list)
    correlation: object = None  # a studies.correlation.Correlation, or None (independent)
    name: str = ""  # the uncertainty set's name (uncertainty_set.set_name)
    counts: dict = field(default_factory=dict)  # inputs from the "catalogue" and the "block"

    @property
    def label(self) -> str:
        """The set's name and size, as every study prints it."""
        return set_label(self.name, len(self.dists), self.counts)

    def uncertainty_set(self, scenario=None):
        """The plan's inputs as an :class:`~basaltcalc.studies.uncertainty_set.UncertaintySet`."""
        return UncertaintySet(self.name, list(self.dists), dict(self.counts), list(self.notes),
                              self.correlation, getattr(scenario, "name", "") or "")

    def set_attrs(self) -> dict:
        """``uncertainty_set`` (name) and ``uncertain_inputs`` (count): every study's attributes."""
        return {"uncertainty_set": self.name, "uncertain_inputs": len(self.dists)}


def read_uncertainty(scenario, spec=None, *, n=None, seed=None, method=None, all_defaults=None,
                     exclude=(), overrides=None) -> Plan:
    """Validate an uncertainty spec (or the scenario's ``uncertainty:`` block) into a :class:`Plan`
    over the scenario's uncertainty set (:mod:`~basaltcalc.studies.uncertainty_set`).

    Keyword arguments override the spec's ``samples``, ``seed``, ``method`` and ``all_defaults``.
    ``exclude``: input paths not to draw (e.g. swept ones); ``overrides``: inputs the caller
    fixes, known unless the spec gives them a distribution.
    """
    from_file = spec is None
    if from_file:
        spec = (getattr(scenario, "blocks", None) or {}).get("uncertainty") or {}
    reader = SpecReader(scenario, "uncertainty", from_file)
    if not isinstance(spec, dict):
        reader.add("", "an uncertainty block is a mapping: samples, seed, method, all_defaults "
                       "and input paths with distributions")
        reader.raise_if_any()
    # a setting given as an argument is reported as such, not at the file's line it overrides
    given = SpecReader(scenario, "uncertainty", False)
    given.problems = reader.problems
    at = {k: given if v is not None else reader for k, v in
          (("samples", n), ("seed", seed), ("method", method), ("all_defaults", all_defaults))}
    samples = n if n is not None else spec.get("samples", 4096)
    n_ok = positive_int(at["samples"], samples, "samples", "samples (the number of samples)")
    seed_raw = seed if seed is not None else spec.get("seed")
    seed_given = seed_raw is not None
    if seed_given:
        if isinstance(seed_raw, bool) or not isinstance(seed_raw, (int, np.integer)) or seed_raw < 0:
            at["seed"].add("seed", f"a seed is a non-negative whole number, got {seed_raw!r}")
            seed_val = 0
        else:
            seed_val = int(seed_raw)
    else:
        seed_val = int(np.random.SeedSequence().entropy) % (1 << 63)  # fits netCDF attributes
    meth = method if method is not None else spec.get("method", "random")
    if meth not in METHODS:
        at["method"].add("method", f"unknown method {meth!r}{_near(meth, METHODS)}; one of "
                                   f"{', '.join(METHODS)}")
    elif meth == "sobol" and n_ok is not None and n_ok & (n_ok - 1):
        lo = 1 << (n_ok.bit_length() - 1)
        at["samples"].add("samples", f"Sobol' points need a power of two samples for their balance "
                                     f"properties; got {n_ok}, use {lo} or {lo * 2}")
    alld = all_defaults if all_defaults is not None else spec.get("all_defaults", "sourced")
    if alld is True:
        alld = "sourced"
    if alld not in (False, None, "none", "off", *FAMILIES):
        at["all_defaults"].add("all_defaults", f"all_defaults takes one of {', '.join(FAMILIES)} or false, "
                                               f"got {alld!r}{_near(alld, FAMILIES)}")
        alld = None
    alld = None if alld in (False, None, "none", "off") else alld

    dists: list[Dist] = []
    seen = set()
    for key, item in spec.items():
        if key in _RESERVED:
            continue
        path, inp = reader.input(key, str(key), extra_keys=_RESERVED)
        if path is None:
            continue
        if path in seen:
            reader.add(str(key), f"'{path}' has two distributions")
            continue
        seen.add(path)
        d = _read_dist(reader, path, inp, str(key), item)
        if d is not None:
            dists.append(d)
    notes = []
    fixed = _override_paths(scenario, overrides)
    for path in sorted(fixed & seen):
        notes.append(f"{path}: the value given by the overrides is replaced by the distribution "
                     "of the uncertainty: block (remove it there to keep the value)")
    n_block = len(dists)
    if alld:
        dists += catalogue_dists(scenario, alld, skip=seen | set(exclude) | fixed)
        notes += [f"{d.path}: {d.why}" for d in dists[n_block:] if d.why.startswith("range starts")]
    if not dists and not reader.problems:
        reader.add("", "nothing to sample: give input distributions, or all_defaults: sourced to "
                       "draw every default from its sourced range")
    correlation = None
    if "correlation" in spec and not reader.problems:
        from .correlation import read_correlation

        correlation = read_correlation(reader, spec["correlation"], dists)
    reader.raise_if_any()
    counts = {"catalogue": len(dists) - n_block, "block": n_block}
    return Plan(dists, n_ok, meth, seed_val, seed_given, alld, notes, correlation,
                set_name(alld, counts["catalogue"], n_block, from_file), counts)


def _override_paths(scenario, overrides) -> set:
    """Canonical input paths of the overrides (unknown ones are left to the evaluation to refuse)."""
    from ..model import resolve_path

    out = set()
    for key in overrides or {}:
        try:
            out.add(resolve_path(scenario, str(key)))
        except Exception:  # an unknown element name: the evaluation reports it, located
            continue
    return out
