"""File model of ``optimize:``: the plan's decisions, the objective, the constraints, the Earth
designs to choose from and a sweep to optimise over.

The structure (which keys, of which kind) is checked here when the file loads; the contents (input
paths, metric names, quantities in the right dimension, bounds in the input's domain, names of
routes, presets and materials) are read by :func:`basaltcalc.studies.optimize_spec.read_optimize`,
exactly as :func:`basaltcalc.optimize` reads them, each problem at its line
(``basaltcalc validate`` runs it).
"""
from __future__ import annotations

import functools

from .quantities import strict_base

#: The discrete decisions by name, in the order a plan is listed; every other key of
#: ``decisions:`` is an input path, a continuous decision.
DISCRETE = ("route", "power", "lander", "modular")


@functools.cache
def optimize_model():
    """The ``optimize:`` model (cached)."""
    from typing import Any, Optional, Union

    from pydantic import Field

    class Optimize(strict_base()):
        """The best plan: the decisions to choose, what to minimise or maximise, the constraints
        a plan must meet (``basaltcalc optimize``, ``bc.optimize``; docs/scenario-format.md)."""

        objective: Optional[Union[str, dict[str, str]]] = Field(
            None, description="the metric to minimise (default insitu.npv), or {minimize: METRIC} / "
            "{maximize: METRIC}; a metric against the best Earth design is qualified [best], "
            "e.g. {maximize: 'savings[best]'}",
            json_schema_extra={"examples": ["insitu.npv", {"maximize": "savings[best]"}]})
        decisions: dict[str, Any] = Field(
            description="what the plan chooses: an input path with its bounds, [low, high] or "
            "{between: [low, high], resolution: STEP} (continuous: insitu.campaign, "
            "economics.development_time, insitu.plant_module_mass, any input), or a discrete "
            "decision with its choices: route (per element group), power, lander (transport "
            "presets), modular ([true, false]); 'all' for every catalogue choice",
            json_schema_extra={"examples": [{"insitu.campaign": ["0.5 year", "8 year"],
                                             "power": ["solar-with-storage", "fission-surface-power"],
                                             "modular": [True, False]}]})
        constraints: Optional[dict[str, dict[str, Any]]] = Field(
            None, description="metric: {at_most: VALUE} or {at_least: VALUE}, e.g. "
            "insitu.last_product_time: {at_most: 10 year}, insitu.operating_power: {at_most: 40 kW}",
            json_schema_extra={"examples": [{"insitu.last_product_time": {"at_most": "10 year"}}]})
        earth: Optional[Union[str, list[str]]] = Field(
            None, description="the Earth designs to choose from, per element group, the cheapest "
            "that meets every rule: 'best' (every material of the catalogue and the file) or a "
            "list of materials (default: the file's Earth designs)",
            json_schema_extra={"examples": ["best", ["al-2219", "cfrp"]]})
        over: Optional[dict[str, Any]] = Field(
            None, description="a sweep (as the sweep: block) to find the best plan at every point "
            "of (basaltcalc optimize; bc.optimize_sweep)")
        within: Optional[Any] = Field(
            None, description="runner-up plans listed: those within this fraction of the best "
            "(default 5 %)", json_schema_extra={"examples": ["5 %", 0.1]})

    return Optimize
