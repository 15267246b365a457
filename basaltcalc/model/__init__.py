"""The unit boundary: a scenario and overrides in, quantities out, in one broadcast evaluation.

Layer 3, above the core and the scenario files: :mod:`.boundary` strips the inputs to SI floats
once, runs :func:`basaltcalc.core.compare.evaluate_core` and re-attaches units once;
:mod:`.tables` formats one :class:`Results` as a table, HTML, JSON or CSV.
"""
from ..metrics import METRICS
from .boundary import (Results, apply_overrides, core_arguments, core_inputs, evaluate,
                       evaluate_si, resolve_path)

__all__ = ["evaluate", "evaluate_si", "apply_overrides", "core_arguments", "Results", "METRICS",
           "resolve_path", "core_inputs"]
