"""Cumulative cash flow of both options over the programme (figure (h)), discounted payback marked."""
from __future__ import annotations

import numpy as np

from .style import (OPTION_COLOURS, axes_of, comparators, display_scale, escape_texts,
                    option_label, qualified)

__all__ = ["cumulative_cash_flow"]

#: Points of each curve over the programme. [-]
CURVE_POINTS = 400


def _curves(res, discounted: bool, horizon):
    """Time grid [s] and the cumulative cost [USD] of every option on it: in-situ, then each
    comparator's Earth option, ``(metric gid, legend, colour, values)``."""
    from ...core import compare, money

    rate = float(res.raw["economics.discount_rate"]) if discounted else 0.0
    convention = res.raw.get("economics.discounting", 0.0)
    comps = comparators(res)
    blocks = [compare.money_blocks(res.raw, key) for key, _, _ in comps]
    ends = [float(np.max(np.add(s, d))) for b in blocks for opt in b.values() for _, s, d in opt]
    t_end = horizon if horizon is not None else 1.05 * max(ends + [money.YEAR])
    t = np.linspace(0.0, t_end, CURVE_POINTS)
    wide = [money._expand(b) for b in blocks]
    series = [("insitu.cumulative_cost", option_label(res.scenario, "insitu"), OPTION_COLOURS["insitu"],
               money.cumulative(wide[0]["insitu"], rate, t, convention))]
    for (key, label, colour), w in zip(comps, wide):
        series.append((qualified("earth.cumulative_cost", key), label, colour,
                       money.cumulative(w["earth"], rate, t, convention)))
    return t, rate, series


def cumulative_cash_flow(res, ax=None, discounted: bool = True, horizon=None):
    """Cumulative cost of both options against time from the start of development.

    Parameters
    ----------
    res : Results
        One point (:func:`basaltcalc.evaluate` of a scenario without array overrides).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new Figure otherwise.
    discounted : bool
        Discount at the result's ``economics.discount_rate`` (the NPV of what has been paid so
        far); False: undiscounted dollars.
    horizon : Quantity, optional
        End of the time axis (default: 5 % past the last payment).

    Returns
    -------
    matplotlib.figure.Figure
        One line per option (gid ``insitu.cumulative_cost``, ``earth.cumulative_cost`` and
        ``earth[<label>].cumulative_cost`` for further comparators); where in-situ catches up
        with an Earth option, the crossing at its ``discounted_payback_time`` is marked by a
        vertical line (gid ``payback`` or ``payback[<label>]``) and a point on the curves
        (gid ``payback-point...``), labelled with the time; otherwise a note says it never does.
    """
    if res.shape != ():
        raise ValueError("cumulative_cash_flow draws one point; evaluate without array overrides")
    fig, ax = axes_of(ax)
    year = 365.25 * 86400.0
    h = None if horizon is None else float(horizon.m_as("s") if hasattr(horizon, "m_as") else horizon)
    t, rate, series = _curves(res, discounted, h)
    factor, unit = display_scale(np.concatenate([s[3] for s in series]), "USD")
    for (gid, label, colour, y), ls in zip(series, ["-", "-", "--", ":", "-."]):
        ax.plot(t / year, y * factor, color=colour, lw=2, ls=ls, label=label, gid=gid)
    insitu = series[0][3]
    for k, ((key, name, _), (_, _, colour, earth)) in enumerate(zip(comparators(res), series[1:])):
        _mark(ax, res, key, name, k, t, insitu, earth, factor, discounted, year)
    how = f"discounted at {rate:.1%} a year, {res.scenario.discounting}" if discounted else "undiscounted"
    ax.set_xlabel("time from the start of development [year]")
    ax.set_ylabel(f"cumulative cost, {how} [{unit}]")
    ax.set_title("Cumulative cash flow of both options")
    ax.legend(frameon=False, fontsize="small", loc="center right")
    ax.grid(True, alpha=0.3)
    ax.set_xlim(0.0, t[-1] / year)
    return escape_texts(fig)


def _mark(ax, res, key, name, k, t, insitu, earth, factor, discounted, year):
    """The crossing of the in-situ and one Earth curve: the discounted payback time."""
    gid = "payback" if key is None else f"payback[{key}]"
    metric = qualified("discounted_payback_time", key)
    if discounted:
        when = float(res.raw[metric])
    else:  # the same closed form at a rate of 0
        from ...core import compare, money

        when = float(money.discounted_payback(compare.money_blocks(res.raw, key), 0.0))
    who = f" vs {name}" if len(comparators(res)) > 1 else ""
    what = "discounted payback" if discounted else "payback"
    if np.isfinite(when) and when <= t[-1]:
        y = float(np.interp(when, t, insitu)) * factor
        ax.axvline(when / year, color="0.25", ls=("--", ":", "-.")[k % 3], lw=1, gid=gid)
        ax.plot([when / year], [y], "o", color="0.1", ms=5, gid=f"payback-point{'' if key is None else f'[{key}]'}")
        ax.annotate(f"{what}{who}\n{when / year:.2f} year", (when / year, 0.97 - 0.14 * k),
                    xycoords=("data", "axes fraction"), ha="left", va="top", xytext=(4, 0),
                    textcoords="offset points", fontsize="small", gid=f"{gid}-label")
        return
    note = (f"in-situ never catches up{who}" if not np.isfinite(when)
            else f"{what}{who} at {when / year:.3g} year, past the axis")
    ax.text(0.98, 0.03 + 0.07 * k, note, transform=ax.transAxes, ha="right", va="bottom",
            fontsize="small", gid=f"{gid}-label")
