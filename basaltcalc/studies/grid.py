"""Sweeps: any numeric input over a grid of values, every metric at every point, as an xarray.Dataset.

>>> import basaltcalc as bc
>>> sc = bc.default_scenario()
>>> ds = bc.sweep(sc, {"transport.landed_cost": {"log": ["10 kUSD/kg", "2 MUSD/kg"], "num": 5},
...                    "insitu.campaign": ["1 year", "2 year", "5 year"]})
>>> dict(ds.sizes)
{'transport.landed_cost': 5, 'insitu.campaign': 3}
>>> ds["cost_ratio"].attrs["units"], ds["transport.landed_cost"].attrs["units"]
('1', 'kUSD/kg')

A spec maps an input's dotted path to its values:

``{lin: [a, b], num: n}``
    ``n`` values evenly spaced from ``a`` to ``b`` (``a < b``).
``{log: [a, b], num: n}``
    ``n`` values evenly spaced in logarithm (``0 < a < b``).
``[v1, v2, ...]`` or ``{values: [...]}`` or a Quantity array
    explicit values, in any order.

Values carry units (``"10 kUSD/kg"``), or give ``unit:`` once for bare numbers.  Each input is one
axis of a full grid; inputs given the same ``axis: NAME`` vary together along one axis (a zipped
axis; equal lengths).  The grid is evaluated by broadcasting open-mesh arrays, one axis each, with
no loop over points; large grids run in chunks along the first axis into preallocated outputs.
A metric that does not depend on a swept input has no dimension for it (xarray broadcasts it
when combined with others): a 10^6-point grid does not store constant metrics 10^6 times.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .budget import check_grid, measured_rate
from .specs import SpecReader, positive_int
from ..metrics import count_invalid, metric_names, validity_names, warn_invalid

__all__ = ["sweep", "cash_flows", "breakeven_surface", "read_sweep", "Axis", "AxisInput", "GRID_CHUNK"]

#: Most grid points evaluated in one core call (bounds the core's temporaries to 8 MiB each); a
#: grid no larger is evaluated in one call and its results are used without a copy.
GRID_CHUNK = 1 << 20

_SPEC_KEYS = ("lin", "log", "values", "num", "unit", "axis")


@dataclass
class AxisInput:
    """One input varied along an axis: SI values, and the coordinate in the unit it was given."""

    path: str
    si: np.ndarray
    coord: np.ndarray
    unit: str  # display unit of the coordinate ('' for dimensionless)
    si_unit: str
    spec: object = None


@dataclass
class Axis:
    """One grid dimension: one input, or several varying together (a zipped axis)."""

    name: str
    inputs: list[AxisInput] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.inputs[0].si)


def read_sweep(scenario, spec=None, *, block: str = "sweep", from_file: bool | None = None) -> list[Axis]:
    """Validate a sweep spec (or the scenario's ``sweep:`` block) into grid axes.

    ``block`` and ``from_file``: a spec read from another block of the file (the ``over:`` of
    ``optimize:``, ``block="optimize.over"``, ``from_file=True``), its problems at its lines.

    Raises
    ------
    ScenarioError
        Every problem at once, located (file:line:col for the file's block).
    """
    from_file = spec is None if from_file is None else from_file
    if spec is None:
        spec = (getattr(scenario, "blocks", None) or {}).get("sweep")
        if spec is None:
            from ..errors import Problem, ScenarioError

            raise ScenarioError(Problem("the scenario has no 'sweep:' block; give a sweep spec, "
                                        "e.g. {'transport.landed_cost': {'log': ['10 kUSD/kg', "
                                        "'2 MUSD/kg'], 'num': 40}}", "sweep",
                                        getattr(scenario, "file", None)))
    reader = SpecReader(scenario, block, from_file)
    if not isinstance(spec, dict) or not spec:
        reader.add("", "a sweep is a mapping of input paths to values, e.g. "
                       "{transport.landed_cost: {log: [10 kUSD/kg, 2 MUSD/kg], num: 40}}")
        reader.raise_if_any()
    axes: dict[str, Axis] = {}
    seen = {}
    for raw_path, item in spec.items():
        key = str(raw_path)
        path, inp = reader.input(raw_path, key)
        if path is None:
            continue
        if path in seen:
            reader.add(key, f"'{path}' is swept twice (also as '{seen[path]}')")
            continue
        seen[path] = key
        axis_name = path
        if isinstance(item, dict) and "axis" in item:
            axis_name = item["axis"]
            if not isinstance(axis_name, str) or not axis_name:
                reader.add(f"{key}.axis", f"an axis name must be a non-empty string, got {axis_name!r}")
                continue
        ai = _read_values(reader, path, inp, key, item)
        if ai is None:
            continue
        axis = axes.setdefault(axis_name, Axis(axis_name))
        if axis.inputs and axis.size != len(ai.si):
            reader.add(key, f"inputs on axis '{axis_name}' vary together and need the same number "
                            f"of values: {len(ai.si)} here, {axis.size} for '{axis.inputs[0].path}'")
            continue
        axis.inputs.append(ai)
    reader.raise_if_any()
    clash = {a.name for a in axes.values() if len(a.inputs) > 1} & set(scenario.inputs)
    for name in clash:  # a zipped axis named like an input that is not on it would confuse readers
        if name not in {i.path for i in axes[name].inputs}:
            reader.add(seen.get(axes[name].inputs[0].path, ""), f"axis name '{name}' is an input path")
    reader.raise_if_any()
    return list(axes.values())


def _read_values(reader: SpecReader, path, inp, key, item) -> AxisInput | None:
    from ..units import pint

    unit = None
    if isinstance(item, dict):
        unknown = [k for k in item if k not in _SPEC_KEYS]
        for k in unknown:
            import difflib

            close = difflib.get_close_matches(str(k), _SPEC_KEYS, n=1, cutoff=0.5)
            reader.add(f"{key}.{k}", f"unknown key '{k}' in a sweep spec"
                       + (f"; did you mean '{close[0]}'?" if close else "")
                       + " (keys: lin, log, values, num, unit, axis)")
        if unknown:
            return None
        unit = item.get("unit")
        if unit is not None:
            from ..units import ureg

            try:
                ureg.Unit(str(unit))
            except Exception:
                reader.add(f"{key}.unit", f"unknown unit {unit!r}")
                return None
            unit = str(unit)
        kinds = [k for k in ("lin", "log", "values") if k in item]
        if len(kinds) != 1:
            reader.add(key, "give exactly one of lin: [start, stop], log: [start, stop] or values: "
                            f"[...], got {kinds or 'none'}")
            return None
        kind = kinds[0]
        if kind == "values":
            return _explicit(reader, path, inp, f"{key}.values", item["values"], unit, item)
        ends = item[kind]
        if not isinstance(ends, (list, tuple)) or len(ends) != 2:
            reader.add(f"{key}.{kind}", f"{kind} takes [start, stop], got {ends!r}")
            return None
        if "num" not in item:
            reader.add(key, f"{kind} needs num: the number of values")
            return None
        num = positive_int(reader, _float_text(item["num"]), f"{key}.num", "num (the number of values)")
        if num is not None and not check_grid(reader, f"{key}.num", num, 1,
                                              lambda: measured_rate(reader.scenario, path)):
            return None
        got = [reader.quantity(e, inp, f"{key}.{kind}[{i}]", unit) for i, e in enumerate(ends)]
        if num is None or any(g[0] is None for g in got):
            return None
        (a, ua), (b, _) = got
        if num > 1 and not a < b:
            reader.add(f"{key}.{kind}", f"start {ends[0]!r} is not below stop {ends[1]!r}"
                       + ("; list the values for a descending sweep" if a > b else ""))
            return None
        if kind == "log" and a <= 0:
            reader.add(f"{key}.{kind}", f"a logarithmic sweep needs a positive start, got {ends[0]!r}")
            return None
        si = np.linspace(a, b, num) if kind == "lin" else np.geomspace(a, b, num)
        if num == 1:
            si = np.array([a])
        display = ua
    elif isinstance(item, (list, tuple)):
        return _explicit(reader, path, inp, key, item, None, item)
    elif isinstance(item, pint.Quantity):
        return _explicit(reader, path, inp, key, [v for v in np.atleast_1d(item.magnitude)],
                         f"{item.units:~P}" if not item.dimensionless else "", item)
    elif isinstance(item, np.ndarray):
        return _explicit(reader, path, inp, key, list(item.ravel()), None, item)
    elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
        return _explicit(reader, path, inp, key, [item], None, item)
    else:
        reader.add(key, f"expected lin/log/values spec or a list of values, got {type(item).__name__}")
        return None
    return _finish(reader, path, inp, key, si, display, item)


def _float_text(raw):
    """YAML 1.1 reads ``1e12`` (no dot) as a string: take such a number as the float it spells,
    so that ``num: 1e12`` meets the size check rather than a type error."""
    if isinstance(raw, str) and re.fullmatch(r"[+-]?\d+(\.\d*)?[eE][+-]?\d{1,3}", raw.strip()):
        return float(raw)
    return raw


def _explicit(reader, path, inp, key, values, unit, spec):
    if isinstance(values, np.ndarray):
        values = list(values.ravel())
    if not isinstance(values, (list, tuple)) or not values:
        reader.add(key, "an explicit sweep needs at least one value" if isinstance(values, (list, tuple))
                   else f"values takes a list, got {values!r}")
        return None
    got = [reader.quantity(v, inp, f"{key}[{i}]", unit) for i, v in enumerate(values)]
    if any(g[0] is None for g in got):
        return None
    si = np.array([g[0] for g in got], dtype=np.float64)
    display = unit if unit is not None else got[0][1]
    return _finish(reader, path, inp, key, si, display, spec)


def _finish(reader, path, inp, key, si, display, spec):
    from ..units import ureg

    if not reader.check_domain(path, inp, key, si):
        return None
    si_unit = f"{inp.unit:~P}" if not inp.unit.dimensionless else ""
    coord = si if display == si_unit else ureg.Quantity(si, inp.unit).m_as(display or "")
    return AxisInput(path, si, np.asarray(coord, dtype=np.float64), display or "", si_unit, spec)


def sweep(scenario, spec=None, *, overrides=None, metrics=None, chunk_points: int = GRID_CHUNK,
          progress=None, scheduler="local", lazy=False, cash_flows=False):
    """Evaluate every metric over a grid of inputs.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its inputs not swept keep their values.
    spec : mapping, optional
        Input path -> values (see the module docs).  Default: the scenario's ``sweep:`` block.
    overrides : mapping, optional
        Fixed overrides applied first (as for :func:`~basaltcalc.evaluate`).
    metrics : sequence of str, optional
        Metrics to keep (default all, plus per-element thickness and mass).
    chunk_points : int
        Most points per core call; the grid is split along its first axis. [-]
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal and the work takes > 2 s).
    scheduler : str, optional
        ``"local"`` (this process), ``"threads"``, ``"processes"`` or the address of a
        dask.distributed scheduler (``basaltcalc[dask]``): the same numbers, computed in blocks of
        rows on dask (:mod:`basaltcalc.studies.distributed`).
    lazy : bool
        With a dask scheduler: return the metrics as lazy dask arrays (computed, or written to
        netCDF, block by block; invalid points are then not counted).
    cash_flows : bool
        Add the dated cash flows of every point, ``cash_flow.paid`` and ``cash_flow.discounted``
        on the sweep's dims plus ``option`` and ``year`` (:func:`cash_flows`; they can also be
        asked for later from the dataset, which keeps the sweep itself small). [-]

    Returns
    -------
    xarray.Dataset
        One dimension per axis (coordinates in the unit the spec used, ``units`` attribute); every
        metric a variable in SI with ``units`` and ``description``; provenance in ``attrs``.
    """
    from .. import model
    from ..arguments import flag, whole_number
    from ..scenario import check_scenario
    from .datasets import build_grid_dataset
    from .progress import progress_bar

    check_scenario(scenario, "sweep")
    chunk_points = whole_number(chunk_points, "sweep", "chunk_points")
    for name, value in (("progress", progress), ("lazy", lazy), ("cash_flows", cash_flows)):
        flag(value, "sweep", name, none=name == "progress")
    axes = read_sweep(scenario, spec)
    names = metric_names(metrics, scenario)
    base = model.apply_overrides(scenario, overrides)
    sizes = [a.size for a in axes]
    ndim = len(axes)
    reader = SpecReader(scenario, "sweep", spec is None)
    if not check_grid(reader, "", math.prod(sizes), len(names),
                      lambda: measured_rate(scenario, axes[0].inputs[0].path, base, names)):
        reader.raise_if_any()

    def grid_values(row_slice=None, probe=False):
        values = dict(base)
        for k, axis in enumerate(axes):
            shape = [1] * ndim
            for ai in axis.inputs:
                v = ai.si
                if probe:
                    v = v[: min(2, len(v))]
                elif k == 0 and row_slice is not None:
                    v = v[row_slice]
                shape[k] = len(v)
                values[ai.path] = v.reshape(shape)
        return values

    # which axes each metric depends on: structural, from a 2-per-axis probe
    asked = [*names, *validity_names(scenario)]  # what the sweep computes: nothing else
    probe = model.evaluate_si(scenario, grid_values(probe=True), metrics=asked)
    deps = {}
    for name in names:
        shp = (1,) * (ndim - np.ndim(probe[name])) + np.shape(probe[name])
        deps[name] = tuple(sizes[k] == 1 or shp[k] > 1 for k in range(ndim))
    inner = math.prod(sizes[1:])
    rows = max(1, chunk_points // max(inner, 1))
    if scheduler is not None and scheduler != "local":
        from .distributed import check_scheduler, sweep_blocks

        out, invalid = sweep_blocks(scenario, axes, names, deps, base, check_scheduler(scheduler),
                                    rows, lazy=lazy, progress=progress)
        warn_invalid(invalid, math.prod(sizes))
        return build_grid_dataset(scenario, axes, out, deps,
                                  spec_source="file" if spec is None else "python", overrides=overrides)
    out = {name: np.empty([s for s, d in zip(sizes, deps[name]) if d], dtype=np.float64)
           for name in names}
    invalid = {}
    with progress_bar(math.prod(sizes), progress, unit="point") as bar:
        for start in range(0, sizes[0], rows):
            sl = slice(start, min(start + rows, sizes[0]))
            res = model.evaluate_si(scenario, grid_values(sl), chunk_size=max(chunk_points, 1 << 17),
                                    metrics=asked)
            shape = [sl.stop - sl.start, *sizes[1:]]
            for name in names:
                dep = deps[name]
                if not dep[0] and start > 0:
                    continue
                arr = np.asarray(res[name], dtype=np.float64)
                arr = arr.reshape((1,) * (ndim - arr.ndim) + arr.shape)
                sub = arr[tuple(slice(None) if d else slice(0, 1) for d in dep)]
                target = [s for s, d in zip(shape, dep) if d]
                sub = sub.reshape([s for s, d in zip(sub.shape, dep) if d])
                if rows >= sizes[0] and sub.shape == tuple(target) and sub.flags.c_contiguous:
                    out[name] = sub  # one call covers the grid: keep its array, no copy
                elif dep[0]:
                    out[name][sl] = np.broadcast_to(sub, target)
                else:
                    out[name][...] = np.broadcast_to(sub, target)
            count_invalid(scenario, res, invalid, math.prod(shape))
            bar.update(math.prod(shape))
    warn_invalid(invalid, math.prod(sizes))
    ds = build_grid_dataset(scenario, axes, out, deps, spec_source="file" if spec is None else "python",
                            overrides=overrides)
    if cash_flows:
        flows = _cash_flows(scenario, ds)  # the function below (the keyword hides its name here)
        ds = ds.assign({f"cash_flow.{k}": v for k, v in flows.data_vars.items()}).assign_coords(flows.coords)
    return ds


def _money_names(scenario) -> list[str]:
    """The metrics the cash flows are computed from (:func:`basaltcalc.core.compare.money_blocks`)."""
    from ..metrics import comparator_labels

    earths = ["earth"] + [f"earth[{label}]" for label in comparator_labels(scenario)[1:]]
    return (["insitu.ddte_cost", "insitu.development_time", "insitu.first_landing_cost",
             "insitu.first_landing_time", "insitu.first_product_time", "insitu.campaign_time",
             "insitu.total_cost", "economics.discount_rate"]
            + [f"{e}.{m}" for e in earths for m in ("total_cost", "campaign_time")])


def cash_flows(scenario, ds, years=None):
    r"""The dated cash flows by year of every point of a sweep's dataset.

    Parameters
    ----------
    scenario : Scenario
        The scenario swept (its comparators name the options).
    ds : xarray.Dataset
        From :func:`sweep`, with the metrics of the money blocks (the default ``metrics``).
    years : int, optional
        Yearly bins; default the last payment's year over all points (at most
        :data:`basaltcalc.model.tables.MAX_YEARS`). [-]

    Returns
    -------
    xarray.Dataset
        ``paid`` and ``discounted`` [USD] on the sweep's dims plus ``option`` (``insitu``, then
        each Earth comparator) and ``year`` (:func:`basaltcalc.model.tables.cash_flow_dataset`,
        the same table ``basaltcalc run`` prints for one point), with the sweep's coordinates.
        Memory: points x options x years x 16 bytes (10^4 points, 3 options, 40 years: 19 MB).
    """
    from ..model.tables import cash_flow_dataset
    from ..units import ureg

    names = _money_names(scenario)
    missing = [n for n in names if n not in ds.variables]
    if missing:
        raise ValueError(f"the cash flows need the metrics {', '.join(missing)}, which the dataset "
                         f"lacks: sweep with metrics=None (all), or add them to metrics=")
    dims = [d for d in ds.sizes if d not in ("option", "year")]  # the sweep's axes
    m = {}
    for name in names:
        v = ds[name]
        v = v.expand_dims([d for d in dims if d not in v.dims]).transpose(*dims)
        values = np.asarray(v.values, dtype=np.float64)
        if name in ds.coords and v.attrs.get("si_units") is not None:  # swept input: the spec's unit
            values = ureg.Quantity(values, v.attrs.get("units") or "").m_as(v.attrs["si_units"] or "")
        m[name] = values
    flows = cash_flow_dataset(m, scenario, dims, [ds.sizes[d] for d in dims], years)
    return flows.assign_coords({k: c for k, c in ds.coords.items() if k not in ("option", "year")})


_cash_flows = cash_flows


def breakeven_surface(scenario, spec=None, **kwargs):
    """``breakeven_scale`` and ``breakeven_landed_cost`` over a grid of any inputs (see :func:`sweep`).

    Both are computed for every point in the core's broadcast: ``breakeven_landed_cost`` in closed
    form, ``breakeven_scale`` in closed form for a plant scale exponent of 1 and by a vectorised
    safeguarded Newton iteration otherwise.  ``inf`` marks points where in-situ never becomes cheaper.
    """
    kwargs.setdefault("metrics", ("breakeven_scale", "breakeven_landed_cost", "cost_ratio", "savings"))
    return sweep(scenario, spec, **kwargs)
