r"""Many scenarios in one broadcast: their core arguments stacked on a leading axis.

A study that compares discrete choices (a route per element group, a power preset, a lander, a
modular plant) evaluates one scenario per choice.  Rather than one core call each, the choices'
core arguments (:func:`basaltcalc.model.boundary.core_arguments`) are stacked on a leading
axis, one *row* per choice, and the core runs once over rows x points: an argument that is the
same for every row (most of them) stays as it is, one that differs gets the leading axis.  A row
may leave element groups out (``mask``: a 0/1 factor per group on the counts), so that the cost
of a route making only some of the groups is one more row (:mod:`basaltcalc.studies.routes`).

A few of the core's arguments are constants of one evaluation, not arrays
(:data:`SCALAR_KEYS`: whether the file names the lander and the cadence); rows that differ in
them are evaluated in separate broadcasts, one per distinct set, and put back in row order.

>>> import basaltcalc as bc
>>> from basaltcalc import model
>>> sc = bc.default_scenario()
>>> v = model.apply_overrides(sc, {})
>>> out, n, shape = evaluate_rows([(sc, v, None), (sc, v, (1.0, 0.0))], ["insitu.product_mass"])
>>> n, shape, bool(out["insitu.product_mass"][1] < out["insitu.product_mass"][0])
(2, (), True)
"""
from __future__ import annotations

import numpy as np

__all__ = ["evaluate_rows", "evaluate_stacked", "plan_values", "stack", "masked", "leading",
           "SCALAR_KEYS"]

#: Core arguments that one evaluation reads as constants (:func:`basaltcalc.core.compare.lander_stage`):
#: rows that differ in them run in separate broadcasts.
SCALAR_KEYS = ("transport.lander_named", "transport.cadence_named")


def stack(per_row: list, shape) -> object:
    """One leading row axis over per-row values (scalars stay small: shape (R, 1, ...)); a value
    the same in every row is returned as it is (no row axis)."""
    first = per_row[0]
    if all(v is first or (np.shape(v) == np.shape(first) and np.array_equal(v, first, equal_nan=True))
           for v in per_row):
        return first
    if all(np.ndim(v) == 0 for v in per_row):
        return np.asarray(per_row, dtype=np.float64).reshape((len(per_row),) + (1,) * len(shape))
    full = [np.broadcast_to(np.asarray(v, dtype=np.float64), shape) for v in per_row]
    return np.stack(full)


def masked(group, key, keep):
    """A group's core argument with the group kept (``keep`` 1) or left out (0): a group left out
    has no elements, and a wall given as a quarter of its diameter (width), so that a group the
    route cannot make (NaN) does not spoil the groups it makes."""
    if keep:
        return group[key]
    if key == "count":
        return group[key] * 0.0
    if key == "thickness":
        return 0.25 * np.asarray(group["outer_diameter" if group["kind"] == "tube" else "width"], dtype=np.float64)
    return group[key]


def leading(v, n, shape):
    """A core output as a float array of shape (rows, *points)."""
    return np.broadcast_to(np.asarray(v, dtype=np.float64), (n, *shape))


def plan_values(scenarios, overrides, what: str = "scenario of the comparison"):
    """SI input values per scenario of a stack (:func:`basaltcalc.model.apply_overrides`); an
    override of another route's, material's, power preset's or site's input applies only where
    that input exists, and one that is an input of none of them is a located error."""
    from .. import model
    from ..errors import Problem, ScenarioError

    tables = ("routes.", "materials.", "power.", "sites.")
    out = []
    for sc in scenarios:
        mine = {}
        for path, value in (overrides or {}).items():
            canonical = model.resolve_path(sc, str(path))
            if canonical in sc.inputs or not canonical.startswith(tables):
                mine[path] = value
        out.append(model.apply_overrides(sc, mine))
    known = set().union(*(sc.inputs for sc in scenarios))
    unknown = [p for p in (overrides or {}) if model.resolve_path(scenarios[0], str(p)) not in known]
    if unknown:
        raise ScenarioError([Problem(f"not an input of any {what}", str(p))
                             for p in unknown])
    return out


def _stacked(rows):
    """The core once over the ``rows`` (all with the same :data:`SCALAR_KEYS`): (Metrics, rows,
    points shape)."""
    from ..model import boundary

    args = [(*boundary.core_arguments(sc, v), mask) for sc, v, mask in rows]
    leaves = [np.shape(x) for p, g, _ in args
              for x in (*p.values(), *(v for gg in g for k, v in gg.items() if k != "kind"))]
    full = np.broadcast_shapes(*leaves)  # points (and a trailing comparator axis, if any)
    shape = np.broadcast_shapes(*(np.shape(x) for _, v, _ in rows for x in v.values()))
    params = {k: stack([a[0][k] for a in args], full) for k in args[0][0]}
    groups = []
    for i, g0 in enumerate(args[0][1]):
        group = {"kind": g0["kind"]}
        for k in g0:
            if k != "kind":
                group[k] = stack([masked(a[1][i], k, 1.0 if a[2] is None else a[2][i]) for a in args], full)
        groups.append(group)
    return boundary.evaluate_arguments(rows[0][0], params, groups), len(rows), shape


def evaluate_rows(rows, metrics=None):
    """The core once over stacked rows: ``(outputs, number of rows, points shape)``.

    Parameters
    ----------
    rows : sequence of (Scenario, dict, tuple or None)
        Per row its scenario, its SI input values (scalars, or arrays of the points, the same
        shape in every row) and a 0/1 factor per element group on the counts (None: all kept).
    metrics : sequence of str, optional
        The outputs to compute now.  Needed where the rows differ in :data:`SCALAR_KEYS`.

    Returns
    -------
    (mapping, int, tuple)
        The outputs by name, each of a shape that broadcasts to (rows, *points) (a
        :class:`~basaltcalc.model.boundary.Metrics`, or where several broadcasts were needed a
        dict of ``metrics`` as arrays of that shape, rows in the order given). [SI]
    """
    from ..model import boundary

    keys = [tuple(boundary.lander_constants(sc, v)[k] for k in SCALAR_KEYS) for sc, v, _ in rows]
    parts = list(dict.fromkeys(keys))
    if len(parts) == 1:
        out, n, shape = _stacked(rows)
        if metrics is not None:
            out.compute(list(metrics))
        return out, n, shape
    if metrics is None:
        raise ValueError("rows that differ in how the lander is named need the metrics asked")
    shape = np.broadcast_shapes(*(np.shape(x) for _, v, _ in rows for x in v.values()))
    result = {m: np.empty((len(rows), *shape)) for m in metrics}
    for part in parts:
        index = [i for i, k in enumerate(keys) if k == part]
        out, n, _ = _stacked([rows[i] for i in index])
        got = out.compute(list(metrics))
        for m in metrics:
            result[m][index] = leading(got[m], n, shape)
    return result, len(rows), shape


def evaluate_stacked(scenarios, values, count_masks=None, metrics=None):
    """The core once over (scenario [x mask], *points): :func:`evaluate_rows` of every
    scenario with each of ``count_masks`` (None: all groups kept); row k is scenario/values
    ``k // len(count_masks)``."""
    masks = count_masks or [None]
    return evaluate_rows([(sc, v, m) for sc, v in zip(scenarios, values) for m in masks], metrics)
