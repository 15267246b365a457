"""The route comparison's cost / Earth-launched mass plane (figure (i)): every Earth design, every
in-situ route and the cheapest mix as labelled points, the Pareto front drawn through them."""
from __future__ import annotations

import numpy as np

from .layout import declutter
from .style import (OKABE_ITO, OPTION_COLOURS, axes_of, design_colour, escape_texts, plain_ticks, scaled,
                    width_inches, wrap)

__all__ = ["routes_pareto", "route_points", "front_order", "LOG_SPREAD"]

#: Largest max/min ratio of an axis drawn linear; above it the axis is logarithmic.
LOG_SPREAD = 20.0


def route_points(ds) -> list[dict]:
    """The options of a :func:`~basaltcalc.compare_routes` result at one point: ``{"label", "kind"
    ("earth", "route", "mix"), "cost" [USD], "mass" [kg]}``; an option that cannot make some
    group has a NaN cost."""
    dims = [d for d in ds["insitu.total_cost"].dims if d != "route"]
    if dims:
        raise ValueError(f"the route plot shows one point; the comparison varies over {dims}: "
                         "select one first (ds.isel(dim_0=0)) or compare without array overrides")
    points = []
    designs = ds.attrs.get("earth_designs") or [None]
    for label in designs:
        qual = "earth" if len(designs) == 1 else f"earth[{label}]"
        points.append({"label": f"Earth ({label})" if label else "Earth", "kind": "earth", "design": label,
                       "cost": float(ds[f"{qual}.total_cost"]), "mass": float(ds[f"{qual}.launched_mass"])})
    for k, route in enumerate(ds["route"].values):
        points.append({"label": str(route), "kind": "route", "cost": float(ds["insitu.total_cost"].values[k]),
                       "mass": float(ds["insitu.launched_mass"].values[k])})
    if "mix.insitu.total_cost" in ds:
        chosen = list(dict.fromkeys(str(r) for r in np.ravel(ds["mix.route"].values)))
        if len(chosen) > 1:  # a single route's mix is that route's point
            points.append({"label": "cheapest mix (" + " + ".join(chosen) + ")", "kind": "mix",
                           "cost": float(ds["mix.insitu.total_cost"]),
                           "mass": float(ds["mix.insitu.launched_mass"])})
    return points


def _drawable(p) -> bool:
    return bool(np.isfinite(p["cost"]) and np.isfinite(p["mass"]) and p["cost"] > 0 and p["mass"] > 0)


def front_order(costs, masses) -> np.ndarray:
    """Indices of the undominated options (no other at least as cheap and as light, and better in
    one), by increasing cost: the Pareto front of cost against launched mass."""
    from ...studies.routes import _pareto

    c, m = np.asarray(costs, dtype=float), np.asarray(masses, dtype=float)
    on = np.flatnonzero(_pareto(c, m))
    return on[np.lexsort((m[on], c[on]))]


def _log(values) -> bool:
    v = np.asarray(values, dtype=float)
    v = v[v > 0]
    return v.size > 1 and v.max() / v.min() > LOG_SPREAD


def routes_pareto(ds, ax=None):
    """Total cost against Earth-launched mass of every option of a route comparison.

    Each Earth design, each in-situ route and the cheapest mix (where it uses more than one route)
    is a labelled point; the Pareto front (the options no other is both cheaper and lighter than,
    :func:`front_order`) is drawn as a staircase through them: to its right and above it, every
    option is beaten in both.  An axis whose values span more than :data:`LOG_SPREAD` x is
    logarithmic.

    Parameters
    ----------
    ds : xarray.Dataset
        :func:`~basaltcalc.compare_routes` at one point (no array overrides).
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
    """
    every = route_points(ds)
    points = [p for p in every if _drawable(p)]
    left_out = [p["label"] for p in every if not _drawable(p)]
    if not points:
        raise ValueError("no option of the comparison has a finite cost and launched mass")
    fig, ax = axes_of(ax, (7.2, 5.4))
    cost_si = np.array([p["cost"] for p in points])
    mass_si = np.array([p["mass"] for p in points])
    cost, cost_unit = scaled(cost_si, "USD")
    mass, mass_unit = scaled(mass_si, "kg")
    logx, logy = _log(mass), _log(cost)
    colours = {"earth": OPTION_COLOURS["earth"], "route": OPTION_COLOURS["insitu"], "mix": OKABE_ITO["green"]}
    markers = {"earth": "s", "route": "o", "mix": "D"}
    for k, p in enumerate(points):  # each Earth design in its material's colour
        colour = design_colour(p.get("design") or "") if p["kind"] == "earth" else colours[p["kind"]]
        ax.scatter([mass[k]], [cost[k]], s=46, marker=markers[p["kind"]], color=colour, zorder=3,
                   edgecolor="white", linewidth=0.6, gid=f"point:{p['label']}")
    front = front_order(cost_si, mass_si)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    _limits(ax, mass, cost, logx, logy)
    _front(ax, mass[front], cost[front])
    _labels(ax, points, mass, cost, logx, logy, set(front.tolist()))
    for axis in (ax.xaxis, ax.yaxis):
        plain_ticks(axis)
    if left_out:  # said in the legend, below the axes
        ax.plot([], [], " ", gid="left-out",
                label="not shown, cannot make every group: " + ", ".join(left_out))
    ax.set_xlabel(f"mass launched from Earth [{mass_unit}]")
    ax.set_ylabel(f"total cost [{cost_unit}]")
    ax.set_title(wrap(f"Routes against launching: cost and Earth-launched mass\n{ds.attrs.get('scenario_name', '')}",
                      int(width_inches(fig) * 72 / 7.5)), fontsize="medium")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(frameon=False, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.13))
    escape_texts(fig)  # measured as drawn
    declutter(ax, [t for t in ax.texts if str(t.get_gid()).startswith("label:")])  # measured, not guessed
    return escape_texts(fig)


def _front(ax, fx, fy):
    """The front as a staircase through its points (lightest first), from the top of the axes to
    its right edge, and the region every front point beats shaded: any option there is both
    dearer and heavier than one on the front."""
    order = np.argsort(fx)
    fx, fy = fx[order], fy[order]
    (_, x1), (_, y1) = ax.get_xlim(), ax.get_ylim()
    xs = np.concatenate([[fx[0]], np.repeat(fx, 2)[1:], [x1]])
    ys = np.concatenate([[y1], np.repeat(fy, 2)])
    ax.plot(xs, ys, color="0.35", lw=1.2, ls="--", zorder=2, gid="pareto-front",
            label="Pareto front: no option is both cheaper and lighter")
    ax.fill_between(xs, ys, y1, color="0.5", alpha=0.08, lw=0, zorder=1, gid="dominated",
                    label="dominated: dearer and heavier than a front option")
    ax.set_xlim(right=x1)
    ax.set_ylim(top=y1)


def _limits(ax, x, y, logx, logy):
    """Room around the points: a tenth of their span below, and on the right 60 % more for the
    labels (of the decades on a log axis)."""
    for values, log, setter, right in ((x, logx, ax.set_xlim, 0.6), (y, logy, ax.set_ylim, 0.1)):
        lo, hi = float(np.min(values)), float(np.max(values))
        if log:
            a, b = np.log10(lo), np.log10(hi)
            span = max(b - a, 0.3)
            setter(10 ** (a - 0.1 * span), 10 ** (b + right * span))
        else:
            span = (hi - lo) or abs(hi) or 1.0
            setter(lo - 0.1 * span if lo - 0.1 * span < 0 <= lo else max(0.0, lo - 0.1 * span), hi + right * span)


def _labels(ax, points, x, y, logx, logy, on_front):
    """Each point's name above right of it (bold on the front, on a white ground over the front's
    line), joined to its point by a thin line; :func:`~.layout.declutter` then moves the names
    that would overlap, measured with the renderer."""
    for k, p in enumerate(points):
        ax.annotate(p["label"], (x[k], y[k]), xytext=(7, 5), textcoords="offset points",
                    ha="left", va="bottom", fontsize="small",
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85),
                    fontweight="bold" if k in on_front else "normal", gid=f"label:{p['label']}",
                    arrowprops=dict(arrowstyle="-", color="0.6", lw=0.6, shrinkA=0, shrinkB=3))
