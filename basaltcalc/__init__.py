"""basaltcalc: cost and Earth-launched mass of lunar habitat elements made from in-situ basalt
against launching them from Earth.

>>> import basaltcalc as bc
>>> sc = bc.default_scenario()
>>> res = bc.evaluate(sc, {"transport.landed_cost": bc.Q_([0.1, 1.0], "MUSD/kg")})
>>> res["cost_ratio"].shape
(2,)
"""
from __future__ import annotations

from .errors import BasaltcalcError, ScenarioError, UnitsError
from .units import Q_, as_si, ureg

__version__ = "0.1.0"

__all__ = [
    "__version__", "ureg", "Q_", "as_si", "BasaltcalcError", "ScenarioError", "UnitsError",
    "load_scenario", "default_scenario", "evaluate", "Results", "Scenario", "METRICS",
    "sweep", "breakeven_surface", "sample", "uncertainty", "summarize", "sensitivity", "tornado",
    "sobol", "to_netcdf", "to_csv", "open_dataset", "tune_allocator",
]

_LAZY = {
    "load_scenario": "scenario", "default_scenario": "scenario", "Scenario": "scenario",
    "scenario_from_text": "scenario", "scenario_from_dict": "scenario",
    "evaluate": "model", "Results": "model", "METRICS": "model",
    "load_catalogue": "catalogue",
    "tune_allocator": "memory",
    "sweep": "grid", "breakeven_surface": "grid",
    "sample": "sampling", "uncertainty": "sampling", "summarize": "sampling",
    "sensitivity": "sensitivity_analysis", "tornado": "sensitivity_analysis", "sobol": "sensitivity_analysis",
    "to_netcdf": "datasets", "to_csv": "datasets", "open_dataset": "datasets",
}


def __getattr__(name):  # lazy: keeps `import basaltcalc` fast (pydantic, yaml load on first use)
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'basaltcalc' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])
