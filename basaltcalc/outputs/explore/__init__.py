"""A calculator to play with: :func:`explore` a scenario with live sliders in Jupyter, or drive the
same state from a script (:class:`~.state.Explorer`), and save the explored case as a scenario
file that ``basaltcalc run`` reproduces exactly.

=====================  ==========================================================================
:mod:`.state`          the explored case as plain data: choices, inputs set, results, headline,
                       the moved inputs with their sources, the file written back
:mod:`.controls`       the sliders and dropdowns: which inputs, their ranges and units, the
                       scenario a choice makes, values as shown, as written and in SI
:mod:`.view`           the cost breakdown and the landed-cost curve on one Figure, moved in place
:mod:`.widgets`        the sliders, dropdowns and buttons (ipywidgets, the ``explore`` extra)
=====================  ==========================================================================
"""
from __future__ import annotations

from .controls import CHOICES, Choice, Control
from .state import SAMPLES, TOP, Explorer, Headline

__all__ = ["explore", "Explorer", "Control", "Choice", "Headline", "CHOICES", "SAMPLES", "TOP"]


def explore(scenario, inputs=None, *, top: int = TOP, samples: int = SAMPLES, seed=None,
            num: int = 120) -> Explorer:
    """A calculator to play with: sliders on the inputs that decide the answer, dropdowns for the
    scenario's choices, a live headline and figures, and the explored case saved as a scenario file.

    Parameters
    ----------
    scenario : Scenario
        Any scenario (a file's keeps its own inputs: they are where the sliders start).
    inputs : list of str, or mapping of str to [low, high], optional
        The inputs to put on sliders, in this order (each over its sourced range, or the range
        given).  Default: the ``top`` inputs of the scenario's uncertainty set that move the cost
        ratio most at the ends of their ranges (the tornado's rank,
        :func:`basaltcalc.tornado`): cheap (one broadcast of 2k + 1 points, ~35 ms) and never
        empty, where the EVPPI ranks nothing when no input alone can change the decision (the
        default scenario's against the same stone: in situ cheaper in every sample).
    top : int
        Sliders by default. [-]
    samples : int
        Monte Carlo samples of the live probability that in-situ is cheaper (0: none). [-]
    seed : int, optional
        Its seed (default: the file's ``uncertainty: seed``, else 0, as ``basaltcalc run``).
    num : int
        Points of the landed-cost curve. [-]

    Returns
    -------
    Explorer
        Shown in Jupyter as its widgets; :meth:`~.state.Explorer.set`,
        :attr:`~.state.Explorer.headline`, :attr:`~.state.Explorer.figure` and
        :meth:`~.state.Explorer.to_yaml` anywhere.

    Examples
    --------
    >>> import basaltcalc as bc
    >>> ex = bc.explore(bc.default_scenario(), samples=0)
    >>> before = ex.headline.cost_ratio["cast-basalt"]
    >>> ex.set("transport.landed_cost", "0.5 MUSD/kg").headline.cost_ratio["cast-basalt"] > before
    True
    >>> ex.results["cost_ratio"].m == ex.headline.cost_ratio["cast-basalt"]
    True
    """
    return Explorer(scenario, inputs, top=top, samples=samples, seed=seed, num=num)
