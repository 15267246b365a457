"""Figures of cost comparisons: matplotlib Figures, no pyplot state, every function takes ``ax=``.

One module per figure kind; everything is reachable here (``bc.plotting.cost_breakdown(res)``):

==============================  =====================================================================
:func:`cost_breakdown`          (b) each option's cost, term by term (own panels when one is >8x);
                                :func:`update_cost_breakdown` moves a drawn one in place
:func:`mass_breakdown`          (c) launched mass of each option, with the mass leverage
:func:`landed_cost_curve`       (a) both totals against the landed cost per kg, breakeven marked
:func:`scale_curve`             (a) both totals against the number of elements, breakeven marked
:func:`cost_curve`              (a) both totals against any input
:func:`sweep_map`               (d) a metric over a two-input sweep, centred on the breakeven
:func:`tornado`                 (e) one input at a time over its sourced range
:func:`distribution`            (f) Monte Carlo distribution with P(in-situ cheaper) ± its error
:func:`sobol_indices`           (g) Sobol' first-order and total indices with intervals
:func:`cumulative_cash_flow`    (h) cumulative (discounted) cost of both options, payback marked
:func:`routes_pareto`           (i) cost against Earth-launched mass of every route, the Pareto front
:func:`value_of_information`    (j) which uncertainty to resolve first: EVPPI and EVSI, ranked
:func:`optimum_curve`           (k) the best plan's objective over a sweep, plan changes marked
:func:`text_problems`           every pair of overlapping texts, every text past the figure's edge
==============================  =====================================================================

Every function returns the :class:`~matplotlib.figure.Figure` it drew on.

>>> import basaltcalc as bc
>>> from basaltcalc import plotting
>>> fig = plotting.cost_breakdown(bc.evaluate(bc.default_scenario()))
>>> [t.get_text().split("\\n")[0] for ax in fig.axes for t in ax.get_xticklabels()]
['Earth', 'Earth', 'in-situ']
"""
from __future__ import annotations

from .cashflow import cumulative_cash_flow
from .breakdown import (COST_TERMS, EXTREME_RATIO, MASS_TERMS, cost_breakdown, mass_breakdown,
                        update_cost_breakdown)
from .curves import cost_curve, landed_cost_curve, scale_curve
from .layout import text_problems
from .maps import breakeven_level, cell_edges, sweep_map
from .optimum import optimum_curve
from .routes import routes_pareto
from .sensitivity import sobol_indices, tornado
from .style import (MATERIAL_COLOURS, OKABE_ITO, OPTION_COLOURS, TERM_COLOURS, design_colour, figure_bytes,
                    input_label, new_figure, readable_unit)
from .uncertainty import distribution, p_insitu_cheaper
from .value import pick_decision, value_of_information

__all__ = ["new_figure", "figure_bytes", "cost_breakdown", "update_cost_breakdown", "mass_breakdown", "cost_curve",
           "landed_cost_curve", "scale_curve", "sweep_map", "tornado", "distribution",
           "sobol_indices", "cumulative_cash_flow", "routes_pareto", "value_of_information", "optimum_curve",
           "pick_decision", "p_insitu_cheaper", "cell_edges", "text_problems",
           "breakeven_level", "input_label",
           "readable_unit", "COST_TERMS", "MASS_TERMS", "EXTREME_RATIO", "OKABE_ITO",
           "OPTION_COLOURS", "MATERIAL_COLOURS", "TERM_COLOURS", "design_colour"]
