r"""Which uncertainty to resolve first: the value of information of a scenario's decisions.

>>> import basaltcalc as bc
>>> v = bc.value_of_information(bc.default_scenario(), n=4096, groups=False)
>>> list(v["decision"].values)
['in-situ vs Earth (cast-basalt)', 'in-situ vs Earth (al-2219)', 'in-situ vs every Earth design']
>>> bool((v["evppi"] <= v["evpi"] + 4 * v["evpi_se"]).all())
True

The decisions: make the elements in situ or launch them, against each Earth design the scenario
compares with (``earth.comparators``), and among all of them; with ``routes=True`` also among
every in-situ route and Earth design (the routes ``basaltcalc compare`` offers).  Each option's
net benefit is minus its cost (``basis``: ``total_cost``, or ``npv`` the discounted one), in
the scenario's cost-year USD.  Over the scenario's uncertainty set
(:mod:`~basaltcalc.studies.uncertainty_set`) one seeded plain Monte Carlo sample gives, by the
single-loop estimators of :mod:`~basaltcalc.studies.voi`:

* ``evpi``: what perfect knowledge of every uncertain input is worth to each decision;
* ``evppi``: what perfect knowledge of one input, or of a group of inputs, is worth;
* ``evsi``: what a named measurement is worth (a stated data model: ``n`` readings of an input
  with normal errors of standard deviation ``sd``, or with errors normal in ln of standard
  deviation ``sigma``);

each with its standard error, in USD.  Groups: the ``uncertainty:`` block's ``groups:`` (or the
``groups`` argument), e.g. ``{plant: [routes.melt-cast.plant_specific_mass,
economics.hardware_cost]}``: what one study that pins all of them down is worth.  A group of more
than three inputs is regressed on an additive basis with pairwise interactions, which can miss
some of the model's structure: ``fit_r2`` gives each regression's R^2, and a group whose EVPPI
comes out above the EVPI (by more than two standard errors) is named in the ``notes``.

The metrics the study reads from the model are :data:`~basaltcalc.studies.decision.STUDY_METRICS`
``value:<basis>``.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

__all__ = ["value_of_information", "read_groups", "read_measurements", "read_specs", "VALUE_SAMPLES",
           "MAX_SAMPLES", "MIN_SAMPLES", "BASES", "Measurement"]

#: Default samples of a value-of-information study. [-]
VALUE_SAMPLES = 1 << 15
#: Most samples (every sample and input is kept in memory for the regressions). [-]
MAX_SAMPLES = 1 << 18
#: Fewest samples: the regressions fit 8 to 25 functions, and far fewer samples than 32 a
#: function give them more noise than signal. [-]
MIN_SAMPLES = 256
#: Largest ``sigma`` of a measurement: a reading off by a factor e^100 carries no information
#: (and larger ones would overflow the simulated readings). [-]
MAX_SIGMA = 100.0
#: Net benefit bases: the total cost, or its net present value.
BASES = ("total_cost", "npv")


class Measurement:
    """A named measurement of one input: ``n`` readings with normal errors of standard deviation
    ``sd`` [SI], or errors normal in ln with standard deviation ``sigma`` [-]."""

    def __init__(self, name, path, n, sd=None, sigma=None, shown=""):
        self.name, self.path, self.n, self.sd, self.sigma, self.shown = name, path, n, sd, sigma, shown

    def statistic(self, theta, rng):
        r"""The readings' sufficient statistic for each sampled true value ``theta``:
        :math:`\bar y = \theta + (sd/\sqrt n) z`, or :math:`\overline{\ln y} = \ln\theta + (\sigma/\sqrt n) z`."""
        z = rng.standard_normal(theta.shape)
        if self.sd is not None:
            return theta + self.sd / math.sqrt(self.n) * z
        return np.log(theta) + self.sigma / math.sqrt(self.n) * z

    def model(self) -> str:
        """The data model in words."""
        if self.sd is not None:
            return (f"{self.n} readings of {self.path}, each the true value + e, e ~ N(0, sd^2), "
                    f"sd = {self.shown}")
        return (f"{self.n} readings of {self.path}, ln(reading) = ln(true value) + e, "
                f"e ~ N(0, sigma^2), sigma = {self.sigma:g}")


def _not_uncertain(scenario, path, overrides) -> str:
    """Why an input of the scenario is not in its uncertainty set."""
    from .uncertainty_set import _override_paths

    inp = scenario.inputs[path]
    if path in _override_paths(scenario, overrides):
        return "the overrides (--set) fix it"
    if inp.origin != "default":
        return "the file gives its value"
    if inp.default is None or not inp.default.range_si[0] < inp.default.range_si[1]:
        return "it has no sourced range"
    return "the set leaves it out"


def read_groups(reader, raw, uset, scenario, overrides=None) -> dict:
    """``{name: [path, ...]}`` from a ``groups:`` mapping of names to lists of input paths
    (problems recorded on ``reader``: unknown inputs with a near-miss, inputs not uncertain)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        reader.add("groups", f"groups is a mapping of a name to a list of input paths, got {raw!r}")
        return {}
    out = {}
    for name, paths in raw.items():
        key = f"groups.{name}"
        if isinstance(paths, str):
            paths = [p.strip() for p in paths.split(",") if p.strip()]
        if not isinstance(paths, (list, tuple)) or not paths:
            reader.add(key, f"a group is a non-empty list of input paths, got {paths!r}")
            continue
        members = []
        for i, raw_path in enumerate(paths):
            path, inp = reader.input(raw_path, f"{key}[{i}]")
            if path is None:
                continue
            if path not in uset:
                reader.add(f"{key}[{i}]", f"'{path}' is not uncertain in this set "
                                          f"({_not_uncertain(scenario, path, overrides)}); give it a "
                                          "distribution in the uncertainty: block to value it")
                continue
            if path in members:
                reader.add(f"{key}[{i}]", f"'{path}' is named twice")
                continue
            members.append(path)
        if len(members) == len(paths):
            out[str(name)] = members
    return out


def read_measurements(reader, raw, uset, scenario, overrides=None) -> list:
    """:class:`Measurement` s from a ``measurements:`` mapping of names to
    ``{input, n, sd}`` or ``{input, n, sigma}`` (problems recorded on ``reader``)."""
    from .specs import positive_int

    if raw is None:
        return []
    if not isinstance(raw, dict):
        reader.add("measurements", "measurements is a mapping of a name to {input, n, sd} or "
                                   f"{{input, n, sigma}}, got {raw!r}")
        return []
    out = []
    for name, item in raw.items():
        key = f"measurements.{name}"
        if not isinstance(item, dict):
            reader.add(key, f"a measurement is {{input: PATH, n: N, sd: Q}} or {{input: PATH, n: N, "
                            f"sigma: S}}, got {item!r}")
            continue
        extra = [k for k in item if k not in ("input", "n", "sd", "sigma")]
        for k in extra:
            from .distributions import _near

            reader.add(f"{key}.{k}", f"unknown key '{k}'{_near(k, ('input', 'n', 'sd', 'sigma'))} "
                                     "(a measurement takes input, n, and sd or sigma)")
        path, inp = reader.input(item.get("input"), f"{key}.input") if "input" in item else (None, None)
        if "input" not in item:
            reader.add(key, "a measurement needs the input it measures (input: PATH)")
        elif path is not None and path not in uset:
            reader.add(f"{key}.input", f"'{path}' is not uncertain in this set "
                                       f"({_not_uncertain(scenario, path, overrides)}); there is "
                                       "nothing to learn about it")
            path = None
        n = positive_int(reader, item.get("n"), f"{key}.n", "n (the number of readings)")
        if ("sd" in item) == ("sigma" in item):
            reader.add(key, "give the measurement error as exactly one of sd (a quantity: "
                            "readings = value + N(0, sd^2)) or sigma (a number: ln readings = "
                            "ln value + N(0, sigma^2))")
            continue
        if path is None or n is None or extra:
            continue
        if "sd" in item:
            sd, _ = reader.quantity(item["sd"], inp, f"{key}.sd", delta=True)
            if sd is None:
                continue
            if not sd > 0:
                reader.add(f"{key}.sd", f"the standard deviation must be positive, got {item['sd']!r}")
                continue
            out.append(Measurement(str(name), path, n, sd=sd, shown=str(item["sd"])))
            continue
        sigma = item["sigma"]
        if isinstance(sigma, bool) or not isinstance(sigma, (int, float)) or not 0 < sigma <= MAX_SIGMA:
            reader.add(f"{key}.sigma", f"sigma is the (dimensionless) standard deviation of ln of a "
                                       f"reading, above 0 and at most {MAX_SIGMA:g}, got {sigma!r}")
            continue
        lo = _lowest(uset[path])
        if not lo > 0:
            reader.add(f"{key}.sigma", f"errors normal in ln need a positive input, but '{path}' can "
                                       f"be {lo:g}; give sd instead")
            continue
        out.append(Measurement(str(name), path, n, sigma=float(sigma)))
    return out


def _lowest(d) -> float:
    """The lowest value a distribution can draw (its lower bound; -inf for a normal)."""
    if d.kind == "normal":
        return d.bounds[0] if d.bounds else -math.inf
    if d.kind == "lognormal":
        return math.nextafter(0.0, 1.0)  # above 0, never 0
    return float(d.params[0])


def _route_plan(scenario, plan, overrides):
    """The plan extended by the sourced ranges of every other route's inputs, and the route
    scenarios (the file's first)."""
    from .routes import route_scenario
    from .uncertainty_set import _override_paths, catalogue_dists

    scenarios = [scenario] + [route_scenario(scenario, r) for r in scenario.route_materials
                              if r != scenario.route]
    family = plan.all_defaults
    seen = {d.path for d in plan.dists}
    for sc in scenarios[1:]:
        if family:
            new = catalogue_dists(sc, family, skip=seen | _override_paths(sc, overrides))
            plan.dists += new
            plan.counts["catalogue"] = plan.counts.get("catalogue", 0) + len(new)
            seen |= {d.path for d in new}
    plan.name += " over every route"
    return scenarios


def _evaluate(scenarios, plan, overrides, names):
    """Draw the plan's samples and evaluate the net benefits' metrics: (x (k, n), {name: (n,)}),
    the in-situ cost of route r under ``insitu.<cost>[route r]``."""
    from .. import model
    from ..metrics import count_invalid, validity_names, warn_invalid
    from .decision import MAX_CHUNK
    from .sampling import Sampler

    x = Sampler(plan).draw(0, plan.n)
    index = {d.path: i for i, d in enumerate(plan.dists)}
    bases = [model.apply_overrides(sc, {k: v for k, v in (overrides or {}).items()
                                        if model.resolve_path(sc, str(k)) in sc.inputs})
             for sc in scenarios]
    out = {}
    invalid = {}
    for start in range(0, plan.n, MAX_CHUNK):
        stop = min(start + MAX_CHUNK, plan.n)
        for r, (sc, base) in enumerate(zip(scenarios, bases)):
            values = dict(base)
            values.update({p: x[index[p], start:stop] for p in sc.inputs if p in index})
            wanted = names if r == 0 else [n for n in names if n.startswith("insitu.")]
            res = model.evaluate_si(sc, values, chunk_size=stop - start,
                                    metrics=[*wanted, *(validity_names(sc) if r == 0 else ())])
            if r == 0:
                count_invalid(sc, res, invalid, stop - start)
            for name in wanted:
                key = name if r == 0 else f"{name}[{sc.route}]"
                out.setdefault(key, np.empty(plan.n))[start:stop] = np.broadcast_to(
                    np.asarray(res[name], dtype=np.float64), (stop - start,))
    warn_invalid(invalid, plan.n)
    return x, out


def _options(scenario, scenarios, basis, out):
    """(option names, costs (J, n), decisions as option index lists and their names)."""
    from ..metrics import comparator_metric
    from .decision import earth_designs

    insitu = f"in-situ ({scenario.insitu_material}, {scenario.route})"
    names, costs = [insitu], [out[f"insitu.{basis}"]]
    designs = []
    for label in earth_designs(scenario):
        design = label or scenario.earth_material
        designs.append(design)
        names.append(f"Earth ({design})")
        costs.append(out[f"earth.{basis}" if label is None else comparator_metric(f"earth.{basis}", label)])
    decisions = [(f"in-situ vs Earth ({d})", [0, j + 1]) for j, d in enumerate(designs)]
    if len(designs) > 1:
        decisions.append(("in-situ vs every Earth design", list(range(len(designs) + 1))))
    if len(scenarios) > 1:
        for sc in scenarios[1:]:
            names.append(f"in-situ ({sc.insitu_material}, {sc.route})")
            costs.append(out[f"insitu.{basis}[{sc.route}]"])
        decisions.append(("every route and Earth design", list(range(len(names)))))
    return names, np.array(costs), decisions


def read_specs(scenario, groups=None, measurements=None, overrides=None):
    """The ``uncertainty:`` block's groups and measurements (or those given) checked against the
    scenario's uncertainty set: ``(UncertaintySet, groups, measurements)`` or a located error."""
    from .sampling import read_uncertainty

    plan = read_uncertainty(scenario, None, n=1, seed=0, method="random", overrides=overrides)
    return _read(scenario, plan, groups, measurements, overrides, True)


def _read(scenario, plan, groups, measurements, overrides, from_file):
    """Groups and measurements (the block's, or the arguments), checked against the set; the
    block's located at their line in the file."""
    from ..errors import ScenarioError
    from .specs import SpecReader

    block = (getattr(scenario, "blocks", None) or {}).get("uncertainty") or {}
    uset = plan.uncertainty_set(scenario)
    by_groups = SpecReader(scenario, "uncertainty", from_file and groups is None)
    by_measures = SpecReader(scenario, "uncertainty", from_file and measurements is None)
    g = read_groups(by_groups, block.get("groups") if groups is None else (groups or None), uset, scenario,
                    overrides)
    m = read_measurements(by_measures, block.get("measurements") if measurements is None else measurements,
                          uset, scenario, overrides)
    if by_groups.problems or by_measures.problems:
        raise ScenarioError(by_groups.problems + by_measures.problems)
    return uset, g, m


def value_of_information(scenario, overrides=None, *, n=VALUE_SAMPLES, seed=None, groups=None,
                         measurements=None, basis="total_cost", routes=False, all_defaults=None,
                         spec=None):
    """EVPI, the EVPPI of every uncertain input and group, and the EVSI of named measurements.

    Parameters
    ----------
    scenario : Scenario
    overrides : mapping, optional
        Inputs fixed first (known: not in the uncertainty set unless its block names them).
    n : int
        Plain Monte Carlo samples, from :data:`MIN_SAMPLES` to :data:`MAX_SAMPLES`. [-]
    seed : int, optional
        Default: the file's ``uncertainty: seed``, else 0.
    groups : mapping of str to list of str, or False, optional
        Named groups of inputs (default: the ``uncertainty:`` block's ``groups:``; False: none).
    measurements : mapping, optional
        Named measurements, ``{name: {input: PATH, n: N, sd: Q}}`` or ``{..., sigma: S}``
        (default: the block's ``measurements:``).
    basis : str
        ``"total_cost"`` or ``"npv"``: the cost the decision minimises.
    routes : bool
        Also the decision among every in-situ route and Earth design (total cost only).
    all_defaults, spec : optional
        The uncertainty set's family and block, as for :func:`basaltcalc.sample`.

    Returns
    -------
    xarray.Dataset
        ``evpi``, ``evpi_se`` (decision); ``evppi``, ``evppi_se`` (decision, parameter: every
        uncertain input, then the groups; coordinates ``kind``, ``members``, ``distribution``),
        ``fit_r2`` (decision, parameter: the regression's lowest R^2 over the decision's
        incremental net benefits);
        ``evsi``, ``evsi_se`` (decision, measurement; coordinate ``data_model``); ``p_best``
        (decision, option: how often each option is the cheapest, NaN where it is not one of
        the decision's); ``expected_cost`` (option), all in USD of the cost year; the set,
        samples, seed, estimator and cost basis in the attributes.
    """
    from ..errors import Problem, ScenarioError
    from .decision import RUN_SEED, needed_metrics
    from .sampling import read_uncertainty

    from ..model.boundary import with_choices

    scenario, overrides = with_choices(scenario, overrides)  # the cost model and discounting are choices, not inputs
    from_file = spec is None
    if basis not in BASES:
        from .distributions import _near

        raise ScenarioError(Problem(f"unknown basis {basis!r}{_near(basis, BASES)}; one of "
                                    f"{', '.join(BASES)}", "basis"))
    if routes and basis != "total_cost":
        raise ScenarioError(Problem("the route comparison has total costs only: use basis "
                                    "total_cost with routes", "basis"))
    block = (getattr(scenario, "blocks", None) or {}).get("uncertainty") or {}
    if seed is None:
        seed = block.get("seed", RUN_SEED) if isinstance(block, dict) else RUN_SEED
    plan = read_uncertainty(scenario, spec, n=n, seed=seed, method="random", all_defaults=all_defaults,
                            overrides=overrides)
    if plan.n > MAX_SAMPLES:
        raise ScenarioError(Problem(f"{plan.n:,} samples is more than a value-of-information study "
                                    f"keeps in memory (at most {MAX_SAMPLES:,}); use fewer", "samples"))
    if plan.n < MIN_SAMPLES:
        raise ScenarioError(Problem(f"{plan.n} samples is too few for the regressions (at least "
                                    f"{MIN_SAMPLES}; {VALUE_SAMPLES:,} by default)", "samples"))
    scenarios = _route_plan(scenario, plan, overrides) if routes else [scenario]
    uset, group_map, meas = _read(scenario, plan, groups, measurements, overrides, from_file)
    names = needed_metrics(f"value:{basis}", scenario)
    x, out = _evaluate(scenarios, plan, overrides, names)
    options, costs, decisions = _options(scenario, scenarios, basis, out)
    ok = np.all(np.isfinite(costs), axis=0)
    if not ok.all():
        warnings.warn(f"{int((~ok).sum())} of {plan.n} samples gave an invalid cost and were left "
                      "out of the value of information", RuntimeWarning, stacklevel=2)
    return _dataset(scenario, plan, uset, x[:, ok], costs[:, ok], options, decisions, group_map, meas,
                    basis, int(ok.sum()), routes)


def _dataset(scenario, plan, uset, x, costs, options, decisions, group_map, meas, basis, valid, routes):
    import xarray as xr

    from ..model.tables import cost_basis
    from .datasets import provenance
    from .specs import stream_key
    from .voi import evpi, evppi

    nb = -costs
    inb = nb[1:] - nb[0]
    decs = [d for _, d in decisions]
    ev, ev_se = evpi(inb, decs)
    index = {p: i for i, p in enumerate(uset.paths)}
    params = [(p, [p]) for p in uset.paths] + list(group_map.items())
    evppi_v = np.empty((len(decs), len(params)))
    evppi_se = np.empty_like(evppi_v)
    r2 = np.empty_like(evppi_v)
    for j, (_, members) in enumerate(params):
        evppi_v[:, j], evppi_se[:, j], fit = evppi(inb, x[[index[p] for p in members]], decs)
        r2[:, j] = [min((fit["r2"][c - 1] for c in opts if c), default=np.nan) for opts in decs]
    notes = list(plan.notes)
    for k, (dname, _) in enumerate(decisions):
        for j, (pname, _) in enumerate(params):
            if evppi_v[k, j] > ev[k] + 2 * np.hypot(evppi_se[k, j], ev_se[k]):
                notes.append(f"{dname}: the EVPPI of {pname} exceeds the EVPI (regression R^2 "
                             f"{r2[k, j]:.3f}): the basis misses part of the model for this group")
    evsi_v = np.empty((len(decs), len(meas)))
    evsi_se = np.empty_like(evsi_v)
    for j, m in enumerate(meas):
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
            plan.seed, spawn_key=(stream_key(f"measurement:{m.name}"),))))
        t = m.statistic(x[index[m.path]], rng)
        evsi_v[:, j], evsi_se[:, j], _ = evppi(inb, t, decs)
    p_best = np.full((len(decs), len(options)), np.nan)
    for k, opts in enumerate(decs):
        pick = np.asarray(opts)[np.argmax(nb[opts], axis=0)]
        for o in opts:
            p_best[k, o] = np.mean(pick == o)
    usd = {"units": "USD"}
    dists = {d.path: d for d in uset.dists}
    data = {
        "evpi": (("decision",), ev, {**usd, "description": "expected value of perfect information on every uncertain input"}),
        "evpi_se": (("decision",), ev_se, {**usd, "description": "Monte Carlo standard error of evpi"}),
        "evppi": (("decision", "parameter"), evppi_v, {**usd, "description": "expected value of partial perfect information: of one input, or of a group"}),
        "evppi_se": (("decision", "parameter"), evppi_se, {**usd, "description": "standard error of evppi (regression and Monte Carlo)"}),
        "fit_r2": (("decision", "parameter"), r2, {"units": "1", "description": "R^2 of the EVPPI regression (lowest over the decision's incremental net benefits)"}),
        "evsi": (("decision", "measurement"), evsi_v, {**usd, "description": "expected value of the measurement's sample information"}),
        "evsi_se": (("decision", "measurement"), evsi_se, {**usd, "description": "standard error of evsi"}),
        "p_best": (("decision", "option"), p_best, {"units": "1", "description": "fraction of samples in which the option is the cheapest of the decision's (NaN: not one of them)"}),
        "expected_cost": (("option",), costs.mean(axis=1), {**usd, "description": f"mean {basis} of each option over the sample"}),
    }
    coords = {
        "decision": np.array([name for name, _ in decisions], dtype=object),
        "option": np.array(options, dtype=object),
        "parameter": np.array([name for name, _ in params], dtype=object),
        "kind": (("parameter",), np.array(["input"] * len(uset.paths) + ["group"] * len(group_map), dtype=object)),
        "members": (("parameter",), np.array([", ".join(m) for _, m in params], dtype=object)),
        "distribution": (("parameter",), np.array([(dists[p].shown or dists[p].describe()) if k == "input" else
                                                   f"{len(m)} inputs" for (p, m), k in
                                                   zip(params, ["input"] * len(uset.paths) + ["group"] * len(group_map))],
                                                  dtype=object)),
        "measurement": np.array([m.name for m in meas], dtype=object),
        "data_model": (("measurement",), np.array([m.model() for m in meas], dtype=object)),
    }
    basis_text = cost_basis(scenario)
    attrs = provenance(scenario, "value_of_information", **plan.set_attrs(), samples=plan.n,
                       valid_samples=valid, seed=plan.seed, seed_given=plan.seed_given, method="random",
                       basis=basis, cost_year=basis_text["cost_year"], costs=basis_text["text"],
                       routes=int(bool(routes)),
                       decisions={name: [options[o] for o in opts] for name, opts in decisions},
                       estimator="EVPI: mean opportunity loss; EVPPI and EVSI: regression on B-splines of "
                                 "mid-ranks (Strong, Oakley & Brennan 2014; Strong et al. 2015), single loop; "
                                 "standard errors: delta method on the regression plus the outer Monte Carlo error",
                       notes=notes)
    return xr.Dataset(data, coords=coords, attrs=attrs)
