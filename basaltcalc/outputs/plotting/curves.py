"""Total cost of both options against one input (figure (a)): landed cost, element count, any path."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ...display import number
from .layout import declutter
from .style import (OPTION_COLOURS, axes_of, comparators, display_scale, escape_texts, input_label,
                    option_label, plain_ticks, qualified, readable_unit, width_inches, wrap)

__all__ = ["cost_curve", "landed_cost_curve", "landed_cost_data", "update_landed_cost_curve", "CurveData",
           "scale_curve", "crossing"]


def crossing(x, diff, log: bool):
    """First ``x`` where ``diff`` changes sign, interpolated linearly (in log ``x`` if ``log``)."""
    x = np.asarray(x, dtype=float)
    diff = np.asarray(diff, dtype=float)
    idx = np.flatnonzero(np.signbit(diff[:-1]) != np.signbit(diff[1:]))
    if idx.size == 0:
        return None
    i = idx[0]
    xa, xb = (np.log(x[i]), np.log(x[i + 1])) if log else (x[i], x[i + 1])
    xc = xa + (xb - xa) * diff[i] / (diff[i] - diff[i + 1])
    return float(np.exp(xc) if log else xc)


def _draw(ax, res, x, xlabel, breakevens, log, title, x_unit, mark=None, here=None):
    """Lines of every option's total cost over ``x``; the breakeven (vertical line, labelled);
    ``here``: the file's own value of x, marked and labelled (gid ``this-file``); ``mark``, an
    ``x`` to mark as "this case" (a dotted line, gid ``this-case``, in the legend; the explorer
    moves it)."""
    fig = ax.figure
    series = [(qualified("earth.total_cost", key), lab, col) for key, lab, col in comparators(res)]
    series.append(("insitu.total_cost", option_label(res.scenario, "insitu"), OPTION_COLOURS["insitu"]))
    factor, unit = display_scale(np.concatenate([np.ravel(res.raw[m]) for m, _, _ in series]), "USD")
    for (metric, label, colour), ls in zip(series, ["-", "--", ":", "-."] * 2):
        y = np.broadcast_to(np.asarray(res.raw[metric], dtype=float), x.shape) * factor
        ax.plot(x, y, color=colour, lw=2, ls=ls if metric != "insitu.total_cost" else "-",
                label=label, gid=metric)
    if not isinstance(breakevens, list):
        breakevens = [(None, breakevens)]
    names = [lab for _, lab, _ in comparators(res)]
    labels = [_mark(ax, x, breakeven, x_unit, key, k, names[k] if len(breakevens) > 1 else None)
              for k, (key, breakeven) in enumerate(breakevens)]
    if mark is not None:
        ax.axvline(mark, color="0.45", ls=":", lw=1.5, gid="this-case", label="this case")
    if here is not None and x.min() <= here <= x.max():
        ax.axvline(here, color="0.6", ls=":", lw=1, gid="this-file")
        labels.append(ax.annotate(f"this file\n{number(here)} {x_unit}".rstrip(), (here, 1.0),
                                  xycoords=("data", "axes fraction"), ha="right", va="top", xytext=(-3, -3),
                                  textcoords="offset points", fontsize="small", color="0.35", gid="this-file-label"))
    if log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"total cost [{unit}]")
    plain_ticks(ax.xaxis)
    plain_ticks(ax.yaxis)
    ax.set_title(wrap(title, int(width_inches(ax.figure) * 72 / 7.5)))
    ax.legend(frameon=False, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.14))
    ax.grid(True, which="major", alpha=0.3)
    escape_texts(fig)  # measured as drawn
    declutter(ax, labels)  # the breakeven and this-file labels never overlap, whatever the curves
    return escape_texts(fig)


def _mark(ax, x, breakeven, x_unit, key, k, name):
    """The breakeven line of comparator ``key`` (gid ``breakeven`` or ``breakeven[key]``), labelled;
    a note where it falls outside the range."""
    gid = "breakeven" if key is None else f"breakeven[{key}]"
    who = f" vs {name}" if name else ""
    text = None if breakeven is None else f"{number(breakeven)} {x_unit}".rstrip()
    if breakeven is not None and np.isfinite(breakeven) and x.min() <= breakeven <= x.max():
        ax.axvline(breakeven, color="0.25", ls=("--", ":", "-.")[k % 3], lw=1, gid=gid)
        return ax.annotate(f"breakeven{who}\n{text}", (breakeven, 1.0), xycoords=("data", "axes fraction"),
                           ha="left", va="top", xytext=(4, -3), textcoords="offset points", fontsize="small",
                           gid=f"{gid}-label")
    note = ("no breakeven inside the range shown" if breakeven is None
            else "no breakeven: in-situ never becomes cheaper" if not np.isfinite(breakeven)
            else "in-situ cheaper at any value" if breakeven == 0
            else f"breakeven at {text}, outside the range shown")
    return ax.annotate(note + who, (1.0, 0.0), xycoords="axes fraction", ha="right", va="bottom",
                       xytext=(-3, 3), textcoords="offset points", fontsize="small", gid=f"{gid}-label")


def cost_curve(scenario, path: str, values, ax=None, log: bool = True, overrides=None):
    """Total cost of both options against one input, with the breakeven marked.

    Parameters
    ----------
    scenario : Scenario
        The scenario to vary.
    path : str
        Dotted path of the input on the x axis (``"insitu.campaign"``, ...).
    values : Quantity
        Values of that input (one broadcast evaluation); the axis is in their unit.
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    log : bool
        Logarithmic axes.
    overrides : mapping, optional
        Other inputs to set (scalars).

    Returns
    -------
    matplotlib.figure.Figure
        One line per option (gid the metric, e.g. ``insitu.total_cost``) and, where the curves
        cross inside the range, a vertical line (gid ``breakeven``) at the first crossing,
        interpolated between the points (linearly in the plotted scale).
    """
    from ...model import evaluate

    fig, ax = axes_of(ax)
    res = evaluate(scenario, {**(overrides or {}), path: values})
    x = np.asarray(getattr(values, "magnitude", values), dtype=float)
    x_unit = f"{values.units:~P}" if hasattr(values, "units") else ""
    be = [(key, crossing(x, np.broadcast_to(np.asarray(res.raw[qualified("earth.total_cost", key)])
                                          - np.asarray(res.raw["insitu.total_cost"]), x.shape), log))
          for key, _, _ in comparators(res)]
    label = input_label(path, x_unit)
    return _draw(ax, res, x, label, be, log, f"Total cost against {label.split(' [')[0]}",
                 readable_unit(x_unit))


def _landed_input(scenario) -> str:
    """The input that sets the landed cost: given directly, or the LEO price times a gear ratio."""
    for path in ("transport.landed_cost", "transport.leo_cost"):
        if path in scenario.inputs:
            return path
    raise ValueError("this scenario's landed cost is neither given nor built from a LEO price; "
                     "there is no input to vary")


def landed_cost_curve(scenario, low="1 kUSD/kg", high="2 MUSD/kg", num: int = 300, ax=None,
                      overrides=None, data=None, mark: bool = False):
    """Total cost of both options against the landed cost per kg, breakeven at the closed form.

    Works whether the file gives the landed cost (``transport.landed_cost``) or builds it from a
    LEO price and the rocket-equation gear ratio (``landed = leo_cost x gear``): then the LEO
    price is varied so that the landed cost spans ``low`` to ``high``.  The breakeven line sits at
    the ``breakeven_landed_cost`` metric of the base point (both totals are linear in it).

    ``data``: what :func:`landed_cost_data` gives, where the caller has it (then the other
    arguments but ``ax`` and ``mark`` are not read); ``mark``: mark the scenario's own landed cost
    (with the overrides) as "this case".

    Returns
    -------
    matplotlib.figure.Figure
        Lines with gid ``earth.total_cost`` and ``insitu.total_cost``; ``breakeven`` where it
        falls inside the range; ``this-file`` at the file's landed cost, or ``this-case`` (in the
        legend, for :func:`update_landed_cost_curve` to move) with ``mark``.
    """
    fig, ax = axes_of(ax)
    d = landed_cost_data(scenario, low, high, num, overrides) if data is None else data
    return _draw(ax, d.results, d.x, d.xlabel, d.breakevens, True, "Total cost against the landed cost per kg",
                 "kUSD/kg", mark=d.case if mark else None, here=None if mark else d.case)


class CurveData(NamedTuple):
    """What :func:`landed_cost_curve` draws."""

    results: object  # Results over the landed costs
    x: np.ndarray  # the landed costs [kUSD/kg]
    breakevens: list  # [(comparator label or None, breakeven landed cost [kUSD/kg])]
    xlabel: str
    case: float  # the landed cost of the point itself [kUSD/kg]


def landed_cost_data(scenario, low="1 kUSD/kg", high="2 MUSD/kg", num: int = 300, overrides=None,
                     base=None) -> CurveData:
    """What :func:`landed_cost_curve` draws (:class:`CurveData`); ``base``, the results of the
    point itself where the caller has them (else evaluated here)."""
    from ...model import evaluate
    from ...units import as_si, ureg

    overrides = dict(overrides or {})
    base = evaluate(scenario, overrides) if base is None else base
    path = _landed_input(scenario)
    landed = np.geomspace(as_si(low, "USD/kg", "low"), as_si(high, "USD/kg", "high"), num)
    gear = float(base.raw["transport.gear_ratio"]) if path == "transport.leo_cost" else 1.0
    totals = [qualified("earth.total_cost", key) for key, _, _ in comparators(base)] + ["insitu.total_cost"]
    res = evaluate(scenario, {**overrides, path: ureg.Quantity(landed / gear, "USD/kg")}, metrics=totals)
    x = np.broadcast_to(np.asarray(res.raw["transport.landed_cost"], dtype=float) / 1e3, landed.shape)
    be = [(key, float(base.raw[qualified("breakeven_landed_cost", key)]) / 1e3) for key, _, _ in comparators(base)]
    how = "" if gear == 1.0 else f" (LEO price x gear ratio {number(gear, 3)})"
    return CurveData(res, x, be, f"landed cost{how} [kUSD/kg]", float(base.raw["transport.landed_cost"]) / 1e3)


def update_landed_cost_curve(ax, data):
    """Move a curve drawn by :func:`landed_cost_curve` on ``ax`` to ``data``, what
    :func:`landed_cost_data` gives for another case with the same options: the lines' data and the
    breakeven marks change in place and the axes keep their limits while the lines fit
    (:func:`~.style.fit_limits`).

    Returns
    -------
    (list of Artist, set of str) or None
        The artists moved or drawn, and what of the axes changed: ``"limits"``, ``"labels"`` (empty:
        only the artists moved need drawing again); None where the options differ from the lines
        drawn: draw it anew.
    """
    from .style import artists_by_gid, fit_limits

    res, x, be, xlabel, case = data
    metrics = [qualified("earth.total_cost", key) for key, _, _ in comparators(res)] + ["insitu.total_cost"]
    found = artists_by_gid(ax)
    if any(m not in found for m in metrics):
        return None
    ys = [np.broadcast_to(np.asarray(res.raw[m], dtype=float), x.shape) for m in metrics]
    factor, unit = display_scale(np.concatenate(ys), "USD")
    moved = []
    for m, y in zip(metrics, ys):
        found[m].set_data(x, y * factor)
        moved.append(found[m])
    for gid, artist in found.items():
        if gid.startswith("breakeven"):
            artist.remove()
    before = set(ax.get_children())
    names = [lab for _, lab, _ in comparators(res)]
    for k, (key, breakeven) in enumerate(be):
        _mark(ax, x, breakeven, "kUSD/kg", key, k, names[k] if len(be) > 1 else None)
    moved += escape_texts([a for a in ax.get_children() if a not in before])
    if "this-case" in found:
        found["this-case"].set_xdata([case, case])
        moved.append(found["this-case"])
    changed = set()
    for text, setter, getter in ((xlabel, ax.set_xlabel, ax.get_xlabel),
                                 (f"total cost [{unit}]", ax.set_ylabel, ax.get_ylabel)):
        if getter() != text:
            setter(text)
            changed.add("labels")
    values = np.concatenate(ys) * factor
    values = values[np.isfinite(values) & (values > 0)]
    if values.size and fit_limits(ax, float(values.min()), float(values.max()), log=True):
        changed.add("limits")
    return moved, changed


def scale_curve(scenario, low=None, high=None, num: int = 60, ax=None, overrides=None):
    """Total cost of both options against the number of elements (every group scaled together).

    Every group's count is ``round(count x s)`` (at least 1) for scale factors ``s`` from ``low``
    to ``high`` (by default a decade either side of 1 and of the breakeven scale).  The breakeven
    line sits at ``breakeven_scale x total count`` of the base point (closed form).

    Returns
    -------
    matplotlib.figure.Figure
        Lines over the total element count (gid the metric); ``breakeven`` where it falls inside.
    """
    from ...model import evaluate

    fig, ax = axes_of(ax)
    overrides = dict(overrides or {})
    base = evaluate(scenario, overrides)
    counts = np.array([e["count"] for e in scenario.elements], dtype=float)
    bes = [(key, float(base.raw[qualified("breakeven_scale", key)])) for key, _, _ in comparators(base)]
    span = [1.0] + [b for _, b in bes if np.isfinite(b) and b > 0]
    s = np.geomspace(low or max(min(span) / 10, 0.5 / counts.max()), high or max(span) * 10, num)
    n = np.maximum(np.rint(counts[:, None] * s[None, :]), 1).astype(np.int64)
    n = np.unique(n, axis=1)
    import warnings

    with warnings.catch_warnings(record=True) as caught:  # said on the figure, of its own points
        warnings.simplefilter("always", RuntimeWarning)
        res = evaluate(scenario, {**overrides, **{f"elements[{i}].count": n[i] for i in range(len(counts))}})
    x = n.sum(axis=0).astype(float)
    total = float(counts.sum())
    fig = _draw(ax, res, x, "elements in the campaign (every group scaled together)",
                [(key, b * total) for key, b in bes], True,
                "Total cost against the number of elements", "elements", here=total)
    notes = list(dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)))
    if notes:
        from .style import footnote

        footnote(fig, ax, "On this curve's own points: " + "; ".join(notes))
    return escape_texts(fig)
