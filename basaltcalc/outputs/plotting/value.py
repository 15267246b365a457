"""Which uncertainty to resolve first: EVPPI of inputs and groups, EVSI of measurements (figure (j))."""
from __future__ import annotations

import numpy as np

from ...display import number
from .style import (TOL_LIGHT, axes_of, escape_texts, input_label, money_unit, width_inches, wrap)

__all__ = ["value_of_information", "pick_decision"]

#: Bars of inputs, groups and measurements: Paul Tol's "light" colours, apart from every option's.
_COLOURS = {"input": TOL_LIGHT["light blue"], "group": TOL_LIGHT["mint"], "measurement": TOL_LIGHT["orange"]}


def pick_decision(ds) -> int:
    """Index of the decision with the largest EVPI (the first where all are 0)."""
    ev = np.asarray(ds["evpi"].values, dtype=float)
    return int(np.argmax(np.nan_to_num(ev, nan=-1.0))) if ev.size else 0


def value_of_information(ds, decision: str | None = None, top: int = 12, ax=None):
    """Ranked bars of the value of information of one decision (:func:`basaltcalc.value_of_information`).

    Parameters
    ----------
    ds : xarray.Dataset
        The value-of-information dataset.
    decision : str, optional
        The decision charted (default: the one with the largest EVPI).
    top : int
        Inputs shown at most, by decreasing EVPPI, those above 0 only (the count of the others
        is noted); every group and measurement is shown as well.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        A bar per input (gid ``input:<path>``), group (``group:<name>``) and measurement
        (``measurement:<name>``), largest first at the top, each with a one-standard-error
        whisker; a dashed line at the decision's EVPI (gid ``evpi``); the decision, the
        uncertainty set and the sample in the title.  Where the EVPI is 0 the axes say that no
        information changes the decision (gid ``no-value``).
    """
    names = [str(d) for d in ds["decision"].values]
    k = names.index(decision) if decision is not None else pick_decision(ds)
    ev, ev_se = float(ds["evpi"].values[k]), float(ds["evpi_se"].values[k])
    kinds = [str(x) for x in ds["kind"].values]
    v = np.asarray(ds["evppi"].values[k], dtype=float)
    se = np.asarray(ds["evppi_se"].values[k], dtype=float)
    order = np.argsort(-v, kind="stable")
    inputs = [i for i in order if kinds[i] == "input"]
    rows = [("input", i) for i in inputs if v[i] > 0][:top] + [("group", i) for i in order if kinds[i] == "group"]
    zero = sum(1 for i in inputs if not v[i] > 0)
    labels = [input_label(str(ds["parameter"].values[i])) if kind == "input" else
              f"{ds['parameter'].values[i]} (group of {ds['members'].values[i].count(',') + 1})" for kind, i in rows]
    values, errors = [v[i] for _, i in rows], [se[i] for _, i in rows]
    kinds_shown = [kind for kind, _ in rows]
    for j, m in enumerate(ds["measurement"].values):
        labels.append(f"{m} (measurement)")
        values.append(float(ds["evsi"].values[k, j]))
        errors.append(float(ds["evsi_se"].values[k, j]))
        kinds_shown.append("measurement")
    fig, ax = axes_of(ax, (8.0, 2.2 + 0.36 * max(len(labels), 3)))
    unit = money_unit([ev, *values])
    scale = {"USD": 1.0, "kUSD": 1e3, "MUSD": 1e6, "BUSD": 1e9}[unit]
    y = np.arange(len(labels))[::-1]
    gids = [f"input:{ds['parameter'].values[i]}" if kind == "input" else f"group:{ds['parameter'].values[i]}"
            for kind, i in rows] + [f"measurement:{m}" for m in ds["measurement"].values]
    for row, (kind, val, err, gid) in enumerate(zip(kinds_shown, values, errors, gids)):
        ax.barh(y[row], val / scale, xerr=err / scale, color=_COLOURS[kind], height=0.7,
                error_kw={"ecolor": "0.25", "elinewidth": 1, "capsize": 2}, gid=gid)
    if ev > 0:
        ax.axvline(ev / scale, color="0.15", ls="--", lw=1.2, gid="evpi")
        ax.text(ev / scale, 0.99, f"EVPI {number(ev / scale, 3)} ± {number(ev_se / scale, 2)} {unit} ",  # noqa: RUF001
                transform=ax.get_xaxis_transform(),
                ha="right", va="top", fontsize="small", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        if not labels:
            ax.text(0.45, 0.5, "no single input changes the decision when known:\nthe EVPI comes from "
                               "several inputs together\n(name groups: uncertainty: groups:, --group)",
                    transform=ax.transAxes, ha="center", va="center", fontsize="small", gid="no-single-value")
    else:
        ax.text(0.5, 0.5, "EVPI 0: the same option is cheaper in every sample;\nno information changes this decision",
                transform=ax.transAxes, ha="center", va="center", fontsize="small", gid="no-value",
                bbox={"facecolor": "white", "edgecolor": "0.7"})
    ax.set_yticks(y, labels, fontsize="small")
    ax.set_xlim(left=0, right=max(ev, *(np.add(values, errors)), 1.0) / scale * 1.08)
    note = (f"\n{zero} of {len(inputs)} inputs have an EVPPI of 0 (not shown): knowing any one of them "
            "alone would not change the decision" if zero and ev > 0 else "")
    chars = int(width_inches(fig) * 72 / 9.0)  # the axes' width, about: long tick labels take the rest
    ax.set_xlabel(wrap(f"expected value of information [{unit}, {ds.attrs.get('cost_year', '')} USD]{note}", chars))
    chars = int(width_inches(fig) * 72 / 7.5)
    a = ds.attrs
    ax.set_title(wrap(f"Which uncertainty to resolve first: {names[k]}\n"
                      f"over {a.get('uncertainty_set')} ({int(a.get('uncertain_inputs', 0))} inputs), "
                      f"{int(a.get('samples', 0)):,} samples; whiskers: ±1 standard error", chars),  # noqa: RUF001
                 fontsize="medium")
    for kind, colour in _COLOURS.items():
        if kind in kinds_shown:
            ax.barh([np.nan], [np.nan], color=colour, label={"input": "EVPPI of an input",
                                                           "group": "EVPPI of a group",
                                                           "measurement": "EVSI of a measurement"}[kind])
    if kinds_shown:
        ax.legend(frameon=False, fontsize="small", loc="center right")
    ax.spines[["top", "right"]].set_visible(False)
    return escape_texts(fig)
