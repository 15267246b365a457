"""Monte Carlo distribution of the savings or the cost ratio, with P(in-situ cheaper) (figure (f))."""
from __future__ import annotations

import math

import numpy as np

from .maps import breakeven_level
from ...display import number
from .style import (OPTION_COLOURS, axes_of, design_colour, display_scale, escape_texts,
                    metric_label, plain_ticks, width_inches, wrap)

__all__ = ["distribution", "p_insitu_cheaper"]


def p_insitu_cheaper(savings) -> tuple[float, float]:
    r"""``(p, se)``: fraction of valid samples with savings > 0 and its binomial standard error.

    .. math:: \hat p = k/n, \quad se = \sqrt{\hat p (1 - \hat p) / n}

    >>> p_insitu_cheaper([1.0, -1.0, 2.0, 3.0])
    (0.75, 0.21650635094610965)
    """
    s = np.asarray(savings, dtype=float)
    s = s[~np.isnan(s)]
    if s.size == 0:
        return math.nan, math.nan
    p = float(np.count_nonzero(s > 0) / s.size)
    return p, math.sqrt(p * (1 - p) / s.size)


def distribution(ds, metric: str = "savings", bins: int = 60, ax=None):
    """Histogram of a metric over the samples of :func:`basaltcalc.sample`, breakeven marked.

    Parameters
    ----------
    ds : xarray.Dataset
        A sample dataset (dimension ``sample``) holding ``metric`` and ``savings``.
    metric : str
        ``savings`` (money on a linear axis) or ``cost_ratio`` (log axis and log bins).
    bins : int
        Number of bins.

    Returns
    -------
    matplotlib.figure.Figure
        The histogram (bars coloured by which option is cheaper: in-situ's colour, or the Earth
        design's), the breakeven line (gid ``breakeven``) where it falls in the range, the text
        ``P(in-situ cheaper) = p ± se`` (gid ``p-cheaper``), and the uncertainty set in the
        title, whose key names only the marks drawn.
    """
    if "sample" not in ds.dims:
        raise ValueError("a distribution needs the samples (basaltcalc.sample), not only their "
                         "statistics (basaltcalc.uncertainty)")
    fig, ax = axes_of(ax, (6.4, 4.2))
    si_unit = ds[metric].attrs.get("units", "")
    si_unit = "" if si_unit == "1" else si_unit
    raw = np.broadcast_to(np.asarray(ds[metric].values, dtype=float), (ds.sizes["sample"],))
    factor, unit = display_scale(raw, si_unit) if si_unit else (1.0, "")
    v = raw[np.isfinite(raw)] * factor
    level = breakeven_level(metric)
    log = metric == "cost_ratio" and v.size and v.min() > 0
    if v.size == 0:
        raise ValueError(f"no finite values of {metric} in the samples")
    lo, hi = float(v.min()), float(v.max())
    if hi == lo:
        lo, hi = (lo * 0.9, lo * 1.1) if lo else (-1.0, 1.0)
    edges = np.geomspace(lo, hi, bins + 1) if log else np.linspace(lo, hi, bins + 1)
    counts, _ = np.histogram(v, edges)
    centre = np.sqrt(edges[:-1] * edges[1:]) if log else 0.5 * (edges[:-1] + edges[1:])
    earth = ds.attrs.get("earth_design") or None
    earth_colour = design_colour(earth) if earth else OPTION_COLOURS["earth"]
    cheaper = (centre < 1.0) if metric == "cost_ratio" else (centre > 0.0)
    colours = np.where(cheaper, OPTION_COLOURS["insitu"], earth_colour)
    ax.bar(edges[:-1], counts / v.size, width=np.diff(edges), align="edge", color=colours,
           edgecolor="white", linewidth=0.3, gid="histogram")
    if log:
        ax.set_xscale("log")
    marked = level is not None and lo <= level * factor <= hi
    if marked:
        ax.axvline(level * factor, color="0.15", ls="--", lw=1.2, gid="breakeven")
    p, se = p_insitu_cheaper(np.broadcast_to(ds["savings"].values, (ds.sizes["sample"],)))
    ax.set_ylim(0, float(counts.max()) / v.size * 1.3)
    ax.text(0.98, 0.97, f"P(in-situ cheaper) = {p:.3f} ± {se:.3f}\n{ds.sizes['sample']:,} samples",  # noqa: RUF001
            transform=ax.transAxes, ha="right", va="top", fontsize="small", gid="p-cheaper",
            bbox={"facecolor": "white", "edgecolor": "0.7", "alpha": 0.9})
    ax.set_xlabel(wrap(metric_label(metric, unit, earth), int(width_inches(fig) * 72 / 7.0)))
    ax.set_ylabel("fraction of samples")
    plain_ticks(ax.xaxis)
    from .sensitivity import set_text

    drawn = counts > 0
    key = [f"{name}: {who} cheaper" for name, who, any_ in
           (("vermillion", "in-situ", np.any(drawn & cheaper)),
            (_colour_name(earth_colour), f"Earth ({earth})" if earth else "Earth", np.any(drawn & ~cheaper))) if any_]
    key += ["dashed: breakeven"] if marked else []
    ax.set_title(wrap(f"Monte Carlo distribution {set_text(ds)}", int(width_inches(fig) * 72 / 6.0))
                 + f"\n({'; '.join(key)})", fontsize="small")
    ax.spines[["top", "right"]].set_visible(False)
    return escape_texts(fig)


def _colour_name(colour: str) -> str:
    """The name of a palette colour, for a figure's key (``#0072B2`` -> ``blue``)."""
    from .style import EXTRA_COLOURS, OKABE_ITO

    names = {v.lower(): k for k, v in OKABE_ITO.items()}
    names["#332288"] = "indigo"
    return names.get(colour.lower(), "coloured" if colour in EXTRA_COLOURS else colour)
