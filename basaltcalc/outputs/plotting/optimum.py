"""The best plan's objective against a swept input (figure (k)): the optimum as the lower envelope
of the plans it chooses, each held fixed over the sweep, the points where the plan changes marked,
and the best Earth design it must beat, with their breakeven."""
from __future__ import annotations

import textwrap

import numpy as np

from .curves import crossing
from .style import (OKABE_ITO, OPTION_COLOURS, axes_of, display_scale, escape_texts, input_label,
                    plain_ticks, readable_unit)

__all__ = ["optimum_curve", "EARTH_OF"]

#: The best Earth design's metric comparable with an objective.
EARTH_OF = {"insitu.total_cost": "earth[best].total_cost", "insitu.npv": "earth[best].npv"}
#: The y axis of an objective drawn beside the best Earth design's: the quantity of both.
_WORDS = {"insitu.total_cost": "total cost", "insitu.npv": "net present value of the costs"}
#: Letters of the plans along the sweep.
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _one_axis(ds):
    dims = [d for d in ds[ds.attrs["objective"]].dims]
    if len(dims) != 1:
        raise ValueError(f"the optimum curve shows one swept input; this optimisation varies over {dims}: "
                         f"select one first, e.g. ds.isel({dims[-1]}=0)")
    return dims[0]


def optimum_curve(ds, ax=None, *, fixed: bool = True):
    """The best plan's objective against the swept input, from :func:`basaltcalc.optimize_sweep`.

    Parameters
    ----------
    ds : xarray.Dataset
        From :func:`~basaltcalc.optimize_sweep` over one input.
    ax : matplotlib Axes, optional
    fixed : bool
        Draw each plan chosen somewhere held fixed over the sweep (thin lines), and the file's plan.

    Returns
    -------
    matplotlib.figure.Figure
        Lines with ``gid`` ``optimum``, ``fixed[<k>]``, ``file-plan``, ``earth-best``; the plan
        changes as vertical lines ``change[<k>]`` lettered A, B, ... in the order the plans come;
        the breakeven of the best plan against the best Earth design as a point ``breakeven``.
    """
    from ...studies.datasets import check_dataset

    ds = check_dataset(ds, "optimum_curve", made_by="basaltcalc.optimize_sweep")
    name = ds.attrs.get("objective")
    if not name or name not in ds:
        raise ValueError("optimum_curve takes the Dataset of basaltcalc.optimize_sweep")
    dim = _one_axis(ds)
    fig, ax = axes_of(ax, (7.2, 5.6))
    x = np.asarray(ds[dim].values, dtype=float)
    si_unit = ds[name].attrs.get("units", "1")
    si_unit = "" if si_unit == "1" else si_unit
    earth = EARTH_OF.get(name)
    series = [np.asarray(ds[name].values, dtype=float)]
    if earth in ds:
        series.append(np.asarray(ds[earth].values, dtype=float))
    if fixed:
        series.append(np.asarray(ds[f"fixed.{name}"].values, dtype=float).ravel())
    factor, unit = display_scale(np.concatenate([s.ravel() for s in series]), si_unit)
    plans = [str(p) for p in ds["plan"].values]
    order = list(dict.fromkeys(plans))
    if fixed:
        labels = [str(v) for v in ds["fixed_plan"].values]
        for k, (label, y) in enumerate(zip(labels, ds[f"fixed.{name}"].values)):
            own = label == "the file's plan"
            ax.plot(x, np.asarray(y, dtype=float) * factor, lw=1.2 if own else 0.8,
                    ls=":" if own else "--", color=OKABE_ITO["black"] if own else OKABE_ITO["grey"],
                    gid="file-plan" if own else f"fixed[{k}]", zorder=2,
                    label="the file's plan, fixed" if own else ("each best plan held fixed" if k == 0 else None))
    ax.plot(x, np.asarray(ds[name].values, dtype=float) * factor, lw=2.4, color=OPTION_COLOURS["insitu"],
            gid="optimum", zorder=4, label="best plan at each point")
    if earth in ds:
        ye = np.asarray(ds[earth].values, dtype=float)
        ax.plot(x, ye * factor, lw=2, color=OPTION_COLOURS["earth"], gid="earth-best", zorder=3,
                label="best Earth design")
        at = crossing(x, ye - np.asarray(ds[name].values, dtype=float), _log(x))
        if at is not None:
            y_at = float(np.interp(np.log(at) if _log(x) else at, np.log(x) if _log(x) else x, ye)) * factor
            ax.plot([at], [y_at], "o", color="0.1", ms=6, gid="breakeven", zorder=5)
            ax.annotate(f"breakeven {at:,.4g} {readable_unit(ds[dim].attrs.get('units', ''))}".rstrip(),
                        (at, y_at), xytext=(6, -14), textcoords="offset points", fontsize="small",
                        gid="breakeven-label")
    changes = np.flatnonzero(np.asarray(ds["plan_change"].values))
    _mark_changes(ax, x, changes, plans, order)
    if _log(x):
        ax.set_xscale("log")
    y_all = np.concatenate([s.ravel() for s in series])
    y_all = y_all[np.isfinite(y_all) & (y_all > 0)]
    if y_all.size and y_all.max() / y_all.min() > 20:
        ax.set_yscale("log")
    plain_ticks(ax.xaxis)  # 1,000 not 10^3, as every figure (basaltcalc.display)
    plain_ticks(ax.yaxis)
    ax.set_xlabel(input_label(dim, ds[dim].attrs.get("units", "")))
    ax.set_ylabel(f"{_WORDS[name]} [{unit}]" if name in _WORDS and earth in ds else input_label(name, unit))
    ax.set_title(f"Best plan at each point: {name}" + (" (maximised)" if ds.attrs.get("maximize") else ""))
    ax.grid(True, which="major", alpha=0.3)
    legend = ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(0.0, -0.13), ncol=2)
    key = "\n".join(textwrap.fill(f"{_LETTERS[i % 26]}: {p}", 100, subsequent_indent="    ")
                    for i, p in enumerate(order))
    ax.annotate(key, (0.0, -0.13), xycoords="axes fraction", xytext=(0, -30), textcoords="offset points",
                va="top", ha="left", fontsize="x-small", gid="plan-key", annotation_clip=False)
    legend.set_gid("legend")
    return escape_texts(fig)


def _log(x) -> bool:
    x = np.asarray(x, dtype=float)
    return bool(np.all(x > 0) and x.max() / x.min() > 20)


def _mark_changes(ax, x, changes, plans, order) -> None:
    """A vertical line between the two points where the plan changes, lettered by the new plan;
    the first plan's letter at the left edge."""
    log = _log(x)
    box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}
    ax.annotate(_LETTERS[order.index(plans[0]) % 26], (0.01, 0.98), xycoords="axes fraction", va="top",
                fontsize="small", fontweight="bold", gid="plan[0]", bbox=box)
    for k, i in enumerate(changes):
        at = float(np.sqrt(x[i - 1] * x[i]) if log else 0.5 * (x[i - 1] + x[i]))
        ax.axvline(at, color="0.35", lw=0.8, ls="-", gid=f"change[{k}]", zorder=1)
        ax.annotate(_LETTERS[order.index(plans[i]) % 26], (at, 0.98 - 0.07 * (k % 3)),
                    xycoords=("data", "axes fraction"), xytext=(3, 0), textcoords="offset points",
                    va="top", fontsize="small", fontweight="bold", gid=f"plan[{k + 1}]", bbox=box, zorder=6)
