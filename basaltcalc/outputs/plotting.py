"""Figures of cost comparisons (matplotlib, no pyplot: every function takes ``ax=``).

>>> import basaltcalc as bc
>>> from basaltcalc import plotting
>>> ax = plotting.cost_breakdown(bc.evaluate(bc.default_scenario()))
>>> [t.get_text() for t in ax.get_xticklabels()]
['Earth\\n(cast-basalt)', 'In-situ\\n(cast-basalt, melt-cast)']
"""
from __future__ import annotations

import numpy as np

__all__ = ["new_figure", "figure_bytes", "cost_breakdown", "mass_breakdown", "cost_curve", "tornado", "sweep_map", "COST_TERMS",
           "MASS_TERMS"]

#: Stacked terms of each option's cost: (metric, label).
COST_TERMS = {
    "earth": [("earth.fabrication_cost", "fabrication on Earth"),
              ("earth.transport_cost", "transport to the surface")],
    "insitu": [("insitu.transport_cost", "transport to the surface"),
               ("insitu.hardware_cost", "plant and power hardware"),
               ("insitu.consumables_cost", "imported consumables"),
               ("insitu.ddte_cost", "development (DDT&E)"),
               ("insitu.operations_cost", "operations")],
}
#: Stacked terms of each option's Earth-launched mass.
MASS_TERMS = {
    "earth": [("earth.launched_mass", "finished elements and packaging")],
    "insitu": [("insitu.plant_mass", "production plant"), ("insitu.spares_mass", "spares"),
               ("insitu.power_system_mass", "power system"),
               ("insitu.consumables_mass", "consumables")],
}
_COLOURS = {"fabrication on Earth": "#8c6d31", "transport to the surface": "#3b75af",
            "plant and power hardware": "#e6842a", "imported consumables": "#9c9ede",
            "development (DDT&E)": "#b5cf6b", "operations": "#d6616b",
            "finished elements and packaging": "#3b75af", "production plant": "#e6842a",
            "spares": "#fdae6b", "power system": "#e7ba52", "consumables": "#9c9ede"}


def new_figure(figsize=(6.4, 4.8)):
    """A matplotlib Figure with constrained layout, attached to no pyplot state."""
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained")


def figure_bytes(fig, fmt: str, dpi: float = 150) -> bytes:
    """``fig`` rendered as ``fmt`` (png, pdf or svg) at ``dpi``."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi)
    return buf.getvalue()


def _axes(ax):
    if ax is None:
        ax = new_figure().add_subplot()
    return ax


def _number(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"


def _labels(res):
    sc = res.scenario
    return [f"Earth\n({sc.earth_material})", f"In-situ\n({sc.insitu_material}, {sc.route})"]


def _single(res):
    if res.shape != ():
        raise ValueError("a breakdown plots one point; evaluate without array overrides")
    return res


def _stacked(res, terms, unit, ylabel, title, ax):
    ax = _axes(ax)
    seen = set()
    for x, option in enumerate(("earth", "insitu")):
        bottom = 0.0
        for metric, label in terms[option]:
            height = res[metric].m_as(unit)
            ax.bar(x, height, bottom=bottom, width=0.6, color=_COLOURS[label],
                   label=None if label in seen else label, gid=metric)
            seen.add(label)
            bottom += height
        ax.annotate(f"{_number(bottom)} {unit}", (x, bottom), ha="center", va="bottom",
                    xytext=(0, 3), textcoords="offset points")
    ax.set_xticks([0, 1], _labels(res))
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize="small")
    ax.margins(y=0.12)
    return ax


def cost_breakdown(res, ax=None, unit: str = "MUSD"):
    """Stacked bars of the two options' total cost, term by term.

    Parameters
    ----------
    res : Results
        A single-point evaluation.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's axes if omitted.
    unit : str
        Currency unit of the axis.

    Returns
    -------
    matplotlib.axes.Axes
        One bar segment per term (its ``gid`` is the metric name), totals annotated.
    """
    _single(res)
    return _stacked(res, COST_TERMS, unit, f"total cost [{unit}]",
                    f"Cost (in-situ / Earth = {res['cost_ratio'].m:.3g})", ax)


def mass_breakdown(res, ax=None, unit: str = "kg"):
    """Stacked bars of the mass each option launches from Earth (see :func:`cost_breakdown`)."""
    _single(res)
    return _stacked(res, MASS_TERMS, unit, f"mass launched from Earth [{unit}]",
                    f"Launched mass (mass leverage {res['mass_leverage'].m:.3g})", ax)


def cost_curve(scenario, path: str, values, ax=None, unit: str = "MUSD", log: bool = True,
               overrides=None):
    """Total cost of both options against one input, with the breakeven marked.

    Parameters
    ----------
    scenario : Scenario
        The scenario to vary.
    path : str
        Dotted path of the input on the x axis (``"transport.landed_cost"``,
        ``'elements["floor panel"].count'``, ...).
    values : Quantity or array_like
        Values of that input (one broadcast evaluation).
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    unit : str
        Currency unit of the y axis.
    log : bool
        Logarithmic axes.
    overrides : mapping, optional
        Other inputs to set (scalars).

    Returns
    -------
    matplotlib.axes.Axes
        Two lines (gid ``earth.total_cost`` and ``insitu.total_cost``) and, where the curves
        cross inside the range, a vertical line with gid ``breakeven`` at the crossing.
    """
    from ..model import evaluate

    ax = _axes(ax)
    res = evaluate(scenario, {**(overrides or {}), path: values})
    x = np.asarray(getattr(values, "magnitude", values), dtype=float)
    x_unit = f"{values.units:~P}" if hasattr(values, "units") else ""
    earth = res["earth.total_cost"].m_as(unit)
    insitu = res["insitu.total_cost"].m_as(unit)
    ax.plot(x, earth, color="#3b75af", label=f"Earth ({scenario.earth_material})", gid="earth.total_cost")
    ax.plot(x, insitu, color="#e6842a", label=f"in-situ ({scenario.insitu_material}, {scenario.route})",
            gid="insitu.total_cost")
    diff = earth - insitu
    crossings = np.flatnonzero(np.signbit(diff[:-1]) != np.signbit(diff[1:]))
    for i in crossings[:1]:  # the first crossing, interpolated linearly in the plotted scale
        xa, xb = (np.log(x[i]), np.log(x[i + 1])) if log else (x[i], x[i + 1])
        xc = xa + (xb - xa) * diff[i] / (diff[i] - diff[i + 1])
        xc = float(np.exp(xc) if log else xc)
        ax.axvline(xc, color="0.3", ls="--", lw=1, gid="breakeven")
        ax.annotate(f"breakeven\n{_number(xc)} {x_unit}", (xc, 0.95), xycoords=("data", "axes fraction"),
                    ha="left", va="top", xytext=(4, 0), textcoords="offset points", fontsize="small")
    if log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel(f"{path} [{x_unit}]" if x_unit else path)
    ax.set_ylabel(f"total cost [{unit}]")
    ax.set_title(f"Total cost against {path}")
    ax.legend(frameon=False)
    ax.grid(True, which="major", alpha=0.3)
    return ax


def tornado(ds, metric: str = "cost_ratio", top: int = 12, ax=None):
    """Tornado chart of a one-at-a-time sensitivity study (:func:`basaltcalc.tornado`).

    Parameters
    ----------
    ds : xarray.Dataset
        The tornado dataset: ``<metric>`` over (input, end), ``<metric>_base``, ``low``/``high``.
    metric : str
        The metric to chart.
    top : int
        Inputs shown, by decreasing swing of the metric.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        Per input two bars from the base value to the metric at the input's low end (gid
        ``<input>:low``) and high end (gid ``<input>:high``), widest first at the top; a vertical
        line at the base value (gid ``base``).
    """
    ax = _axes(ax)
    values = np.asarray(ds[metric].values, dtype=float)
    base = float(ds[f"{metric}_base"])
    swing = np.abs(values[:, 1] - values[:, 0])
    order = np.argsort(-np.nan_to_num(swing, nan=-1.0), kind="stable")[:top]
    inputs = [str(v) for v in ds["input"].values]
    for row, i in enumerate(order[::-1]):
        for end, colour in ((0, "#3b75af"), (1, "#e6842a")):
            v = values[i, end]
            ax.barh(row, v - base, left=base, height=0.7, color=colour, gid=f"{inputs[i]}:{('low', 'high')[end]}",
                    label=None if row else ("input at its low end", "input at its high end")[end])
    ax.axvline(base, color="0.2", lw=1, gid="base")
    ax.set_yticks(range(len(order)), [inputs[i] for i in order[::-1]], fontsize="small")
    unit = ds[metric].attrs.get("units", "")
    ax.set_xlabel(f"{metric}" + (f" [{unit}]" if unit not in ("", "1") else ""))
    ax.set_title(f"{metric}: one input at a time over its sourced range (base {base:.4g})")
    ax.legend(frameon=False, fontsize="small", loc="lower right")
    return ax


def sweep_map(ds, metric: str = "cost_ratio", level: float = 1.0, ax=None, log=None):
    """Map of a metric over a two-input sweep (:func:`basaltcalc.sweep`), with a contour at ``level``.

    Parameters
    ----------
    ds : xarray.Dataset
        A sweep over exactly two axes.
    metric : str
        The metric mapped (colours; ``cost_ratio`` on a log scale).
    level : float
        Value of the contour drawn (for ``cost_ratio``, 1: both options cost the same).
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    log : bool, optional
        Logarithmic axes; by default where an axis spans more than a factor of 20.

    Returns
    -------
    matplotlib.axes.Axes
        The filled map and, where the metric crosses ``level``, the contour (gid ``breakeven``).
    """
    from matplotlib.colors import LogNorm

    axes = [d for d in ds[metric].dims]
    if len(axes) != 2:
        raise ValueError(f"a map needs {metric} over two swept inputs, it has {axes}")
    ax = _axes(ax)
    y_name, x_name = axes
    x, y = np.asarray(ds[x_name].values, float), np.asarray(ds[y_name].values, float)
    z = np.asarray(ds[metric].values, float)
    positive = np.all(z[np.isfinite(z)] > 0)
    norm = LogNorm() if metric == "cost_ratio" and positive else None
    mesh = ax.pcolormesh(x, y, z, shading="nearest", cmap="RdYlBu_r" if norm else "viridis", norm=norm)
    ax.figure.colorbar(mesh, ax=ax, label=metric)
    if np.nanmin(z) < level < np.nanmax(z):
        cs = ax.contour(x, y, z, levels=[level], colors="k", linewidths=1.5)
        cs.set_gid("breakeven")
    for name, values, setter in ((x_name, x, ax.set_xscale), (y_name, y, ax.set_yscale)):
        if (log if log is not None else (values.min() > 0 and values.max() / values.min() > 20)):
            setter("log")
    ax.set_xlabel(f"{x_name} [{ds[x_name].attrs.get('units', '')}]")
    ax.set_ylabel(f"{y_name} [{ds[y_name].attrs.get('units', '')}]")
    ax.set_title(f"{metric} (black line: {metric} = {level:g})")
    return ax
