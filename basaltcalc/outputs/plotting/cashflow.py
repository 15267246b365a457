"""Cumulative cash flow of both options over the programme (figure (h)), discounted payback marked."""
from __future__ import annotations

import numpy as np

from ...display import TIME_ORIGIN, number
from .layout import declutter
from .style import (OPTION_COLOURS, axes_of, comparators, display_scale, escape_texts, footnote,
                    option_label, plain_ticks, qualified)

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
    t_end = horizon if horizon is not None else _horizon(res, blocks, comps)
    t = np.linspace(0.0, t_end, CURVE_POINTS)
    wide = [money._expand(b) for b in blocks]
    series = [("insitu.cumulative_cost", option_label(res.scenario, "insitu"), OPTION_COLOURS["insitu"],
               money.cumulative(wide[0]["insitu"], rate, t, convention))]
    for (key, label, colour), w in zip(comps, wide):
        series.append((qualified("earth.cumulative_cost", key), label, colour,
                       money.cumulative(w["earth"], rate, t, convention)))
    return t, rate, series


def _horizon(res, blocks, comps) -> float:
    """End of the time axis [s]: the whole programme (5 % past its last payment) where that is at
    most three times the span that matters (the in-situ option's last payment and every finite
    discounted payback), else twice that span; an Earth option still paying past it is said
    under the figure."""
    from ...core import money

    insitu_end = max(float(np.max(np.add(s, d))) for _, s, d in blocks[0]["insitu"])
    earth_ends = [max(float(np.max(np.add(s, d))) for _, s, d in b["earth"]) for b in blocks]
    paybacks = [float(res.raw[qualified("discounted_payback_time", key)]) for key, _, _ in comps]
    key_times = [insitu_end, *(t for t in paybacks if np.isfinite(t)), money.YEAR]
    end = 1.05 * max(key_times)
    everything = 1.05 * max(key_times + earth_ends)
    return everything if everything <= 3.0 * end else 2.0 * end


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
        End of the time axis (default: 5 % past the in-situ option's last payment and every
        discounted payback; the whole programme where that is at most three times as long, else
        the Earth deliveries that go on past the axis are said under the figure).

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
    labels = [_mark(ax, res, key, name, k, t, insitu, earth, factor, discounted, year)
              for k, ((key, name, _), (_, _, colour, earth)) in enumerate(zip(comparators(res), series[1:]))]
    how = f"discounted at {number(100 * rate, 3)} % a year, {res.scenario.discounting}" if discounted else "undiscounted"
    ax.set_xlabel(f"time from {TIME_ORIGIN} [year]")
    ax.set_ylabel(f"cumulative cost [{unit}]")
    ax.set_title(f"Cumulative cash flow of both options\n({how})", fontsize="medium")
    ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(0.0, -0.12))
    ax.grid(True, alpha=0.3)
    ax.set_xlim(0.0, t[-1] / year)
    plain_ticks(ax.yaxis)
    escape_texts(fig)  # measured as drawn
    declutter(ax, labels)
    from ...core import compare

    later = []
    for (key, name, _) in comparators(res):
        end = max(float(np.max(np.add(s, d))) for _, s, d in compare.money_blocks(res.raw, key)["earth"])
        if end > t[-1] * 1.0001:
            later.append(f"{name} pays for deliveries until year {number(end / year)}")
    if later:
        footnote(fig, ax, "Off the axis: " + "; ".join(later) + ".")
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
        right = when / t[-1] > 0.6  # near the right edge: the label on the left of its line
        return ax.annotate(f"{what}{who}\nyear {number(when / year)}", (when / year, 1.0),
                           xycoords=("data", "axes fraction"), ha="right" if right else "left", va="top",
                           xytext=(-4 if right else 4, -3), textcoords="offset points", fontsize="small",
                           gid=f"{gid}-label", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    note = (f"in-situ never catches up{who}" if not np.isfinite(when)
            else f"{what}{who} at year {number(when / year)}, past the axis")
    return ax.annotate(note, (1.0, 0.0), xycoords="axes fraction", ha="right", va="bottom", xytext=(-3, 3),
                       textcoords="offset points", fontsize="small", gid=f"{gid}-label")
