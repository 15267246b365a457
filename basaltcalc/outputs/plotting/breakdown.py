"""Cost and launched-mass breakdowns of both options, term by term (figures (b) and (c))."""
from __future__ import annotations

import numpy as np

from ...display import number

from .style import (TERM_COLOURS, comparators, display_scale, escape_texts, new_figure,
                    option_label, plain_ticks, qualified, width_inches, wrap)

__all__ = ["COST_TERMS", "MASS_TERMS", "cost_breakdown", "mass_breakdown", "update_cost_breakdown",
           "EXTREME_RATIO"]

#: Stacked terms of each option's cost: (metric, label).  Further Earth comparators use the
#: ``earth`` terms with their own prefix.
COST_TERMS = {
    "earth": [("earth.fabrication_cost", "fabrication on Earth"),
              ("earth.transport_cost", "transport to the surface"),
              ("earth.container_cost", "containers and packaging")],
    "insitu": [("insitu.transport_cost", "transport to the surface"),
               ("insitu.hardware_cost", "plant and power hardware"),
               ("insitu.consumables_cost", "imported consumables"),
               ("insitu.container_cost", "containers and packaging"),
               ("insitu.ddte_cost", "development (DDT&E)"),
               ("insitu.operations_cost", "operations")],
}
#: Stacked terms of each option's Earth-launched mass.
MASS_TERMS = {
    "earth": [("earth.launched_mass", "finished elements and packaging")],
    "insitu": [("insitu.plant_mass", "production plant"), ("insitu.spares_mass", "spares"),
               ("insitu.power_system_mass", "power system"),
               ("insitu.consumables_mass", "consumables"), ("insitu.packaging_mass", "packaging")],
}
#: Above this ratio of the largest to the smallest stack, each option gets its own panel and
#: axis scale, so that both stacks stay legible.
EXTREME_RATIO = 8.0


def _single(res):
    if res.shape != ():
        raise ValueError("a breakdown plots one point; evaluate without array overrides")
    return res


def _options(res, terms):
    """``[(label, colour, [(metric, term label), ...], total metric), ...]``, Earth comparators first."""
    out = []
    for key, label, _ in comparators(res):
        out.append((label, [(qualified(m, key), t) for m, t in terms["earth"]]))
    out.append((option_label(res.scenario, "insitu"), terms["insitu"]))
    return out


#: Width of one bar's slot in a figure of its own, and the characters of a name on one line there. [in, -]
BAR_WIDTH, NAME_CHARS = 1.45, 15


def _panels(ax, n_panels, sharey, n_bars):
    if ax is None:
        width = max(6.4, 1.6 + BAR_WIDTH * n_bars + (1.2 if n_panels > 1 else 0.0))
        fig = new_figure((width, 4.9))
        axes = fig.subplots(1, n_panels, sharey=sharey, squeeze=False)[0]
        return fig, list(axes)
    if hasattr(ax, "subplots") and not hasattr(ax, "bar"):  # a Figure or SubFigure to fill
        return ax, list(ax.subplots(1, n_panels, sharey=sharey, squeeze=False)[0])
    axes = list(ax) if isinstance(ax, (list, tuple, np.ndarray)) else [ax]
    return axes[0].figure, axes


def _layout(res, terms, n_axes=None):
    """``(options, totals, groups)``: the stacks of :func:`_options`, their totals [SI] and the
    option indices of each panel (the Earth designs and the in-situ option apart when one total
    is over :data:`EXTREME_RATIO` times another, unless ``n_axes`` is 1)."""
    _single(res)
    options = _options(res, terms)
    totals = [sum(float(res.raw[m]) for m, _ in rows) for _, rows in options]
    positive = [t for t in totals if t > 0]
    extreme = len(positive) > 1 and max(positive) / min(positive) > EXTREME_RATIO
    groups = ([list(range(len(options) - 1)), [len(options) - 1]] if extreme and n_axes != 1
              else [list(range(len(options)))])
    return options, totals, groups


def _total_text(total: float, unit: str, n_bars: int) -> str:
    sep = "\n" if n_bars > 3 else " "  # past three bars a total takes two lines, not its neighbour's room
    return f"{number(total)}{sep}{unit}"


def _title_chars(fig) -> int:
    """Characters of a title across the figure, about."""
    return int(width_inches(fig) * 72 / 7.0)


def _stack(res, si_unit, what, terms, ax, title):
    options, totals, groups = _layout(res, terms)
    fig, axes = _panels(ax, len(groups), sharey=False, n_bars=len(options))
    if len(axes) == 1:
        groups = [list(range(len(options)))]
    seen = set()
    for axis, idx in zip(axes, groups):
        factor, unit = display_scale([totals[i] for i in idx], si_unit)
        for x, i in enumerate(idx):
            bottom = 0.0
            for metric, term in options[i][1]:
                h = float(res.raw[metric]) * factor
                axis.bar(x, h, bottom=bottom, width=0.6, color=TERM_COLOURS[term], edgecolor="white",
                         linewidth=0.5, label=None if term in seen else term, gid=metric)
                seen.add(term)
                bottom += h
            axis.annotate(_total_text(bottom, unit, len(idx)), (x, bottom), ha="center", va="bottom", xytext=(0, 3),
                          textcoords="offset points", fontsize="small", gid=f"total[{i}]")
        axis.set_xticks(range(len(idx)), [wrap(options[i][0].replace(" (", "\n(", 1), NAME_CHARS, hyphens=True)
                                          for i in idx], fontsize="small")
        plain_ticks(axis.yaxis)
        axis.set_xlim(-0.7, len(idx) - 0.3)
        axis.set_ylabel(f"{what} [{unit}]")
        axis.margins(y=0.15)
        axis.spines[["top", "right"]].set_visible(False)
    handles = [h for a in axes for h in a.get_legend_handles_labels()[0]]
    labels = [lab for a in axes for lab in a.get_legend_handles_labels()[1]]
    if len(axes) > 1:
        axes[0].set_title("Earth" if len(options) == 2 else "Earth designs", fontsize="medium")
        axes[1].set_title("in-situ (own scale)", fontsize="medium")
        fig.legend(handles, labels, loc="outside lower center", ncols=3, frameon=False, fontsize="small")
        fig.suptitle(wrap(title, _title_chars(fig)), fontsize="medium", gid="breakdown-title")
    else:
        axes[0].legend(handles, labels, frameon=False, fontsize="small", loc="upper left",
                       bbox_to_anchor=(1.0, 1.0))
        axes[0].set_title(wrap(title, _title_chars(fig)), fontsize="medium", gid="breakdown-title")
    return escape_texts(fig)


def _update_stack(fig, res, si_unit, what, terms, title):
    """Move the stacks :func:`_stack` drew on ``fig`` to the numbers of ``res``: ``(artists
    moved, what of the axes changed)``, or None where ``res`` needs other panels or bars."""
    from ...text import printable
    from .style import artists_by_gid, fit_limits

    axes = [a for a in fig.axes if a.patches]
    options, totals, groups = _layout(res, terms, len(axes))
    found = artists_by_gid(fig)
    if len(axes) != len(groups) or any(m not in found for _, rows in options for m, _ in rows):
        return None
    moved, changed = [], set()
    for axis, idx in zip(axes, groups):
        factor, unit = display_scale([totals[i] for i in idx], si_unit)
        for x, i in enumerate(idx):
            bottom = 0.0
            for metric, _ in options[i][1]:
                bar, h = found[metric], float(res.raw[metric]) * factor
                bar.set_y(bottom)
                bar.set_height(h)
                moved.append(bar)
                bottom += h
            label = found[f"total[{i}]"]
            label.set_text(_total_text(bottom, unit, len(idx)))
            label.xy = (x, bottom)
            moved.append(label)
        if axis.get_ylabel() != f"{what} [{unit}]":
            axis.set_ylabel(f"{what} [{unit}]")
            changed.add("labels")
        if fit_limits(axis, 0.0, max(totals[i] for i in idx) * factor, room=0.1):
            changed.add("limits")
    found["breakdown-title"].set_text(printable(wrap(title, _title_chars(fig)), keep_newlines=True))
    return [*moved, found["breakdown-title"]], changed


def cost_breakdown(res, ax=None):
    """Stacked bars of each option's total cost, term by term, on readable money units.

    When one option costs more than :data:`EXTREME_RATIO` times the other, each side gets its own
    panel and axis (both stacks legible at a ratio of 50 or 0.02).

    Parameters
    ----------
    res : Results
        A single-point evaluation.
    ax : Axes, pair of Axes, Figure or SubFigure, optional
        Where to draw: one axes (every option on one scale), two (Earth options, in-situ), or
        a (sub)figure to fill with one or two panels; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        One bar segment per term (its ``gid`` is the metric name), totals annotated.
    """
    return _stack(res, "USD", "total cost", COST_TERMS, ax, _cost_title(_single(res)))


def _cost_title(res) -> str:
    ratios = [(lab, float(res.raw[qualified("cost_ratio", key)])) for key, lab, _ in comparators(res)]
    text = "\n".join(f"in-situ / {lab} = {number(r, 3)}" for lab, r in ratios)
    return f"Total cost\n{text}"


def update_cost_breakdown(fig, res):
    """Move a breakdown drawn by :func:`cost_breakdown` on ``fig`` (its Figure or SubFigure) to the
    numbers of ``res``, a result of the same options: the bars, totals and title change in place
    and the axes keep their limits while the stacks fit (:func:`~.style.fit_limits`).

    Returns
    -------
    (list of Artist, set of str) or None
        The artists moved, and what of the axes changed: ``"limits"``, ``"labels"`` (a unit; empty:
        only the artists moved need drawing again); None where ``res`` needs other panels (the
        options' totals came within or went past :data:`EXTREME_RATIO` of each other) or other
        bars: draw it anew.
    """
    return _update_stack(fig, res, "USD", "total cost", COST_TERMS, _cost_title(_single(res)))


def mass_breakdown(res, ax=None):
    """Stacked bars of the mass each option launches from Earth, with the mass leverage.

    The mass leverage is ``insitu.product_mass / insitu.launched_mass``: kg of elements made on
    the Moon per kg launched for them.  Parameters and layout as for :func:`cost_breakdown`.
    """
    lev = float(_single(res).raw["mass_leverage"])
    return _stack(res, "kg", "mass launched from Earth", MASS_TERMS, ax,
                  f"Mass launched from Earth\n(mass leverage {number(lev, 3)}: kg made in situ per kg launched)")
