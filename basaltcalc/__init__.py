"""basaltcalc: cost and Earth-launched mass of lunar habitat elements made from in-situ basalt
against launching them from Earth.

>>> import basaltcalc as bc
>>> sc = bc.default_scenario()
>>> res = bc.evaluate(sc, {"transport.landed_cost": bc.Q_([0.1, 1.0], "MUSD/kg")})
>>> res["cost_ratio"].shape
(2,)
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__", "ureg", "Q_", "as_si", "BasaltcalcError", "ScenarioError", "UnitsError",
    "load_scenario", "default_scenario", "evaluate", "Results", "Scenario", "METRICS",
    "sweep", "breakeven_surface", "sample", "uncertainty", "summarize", "sensitivity", "tornado",
    "sobol", "solve", "compare_routes", "to_netcdf", "to_csv", "open_dataset", "tune_allocator",
    "uncertainty_set", "probability_cheaper", "value_of_information", "optimize", "optimize_sweep",
    "explore",
]

#: public name -> module that defines it (imported on first use)
_LAZY = {
    # the pint registry too: the command line's signal handlers are in place ~30 ms after start,
    # not after the registry's ~0.5 s
    "ureg": "units", "Q_": "units", "as_si": "units",
    "BasaltcalcError": "errors", "ScenarioError": "errors", "UnitsError": "errors",
    "load_scenario": "scenario", "default_scenario": "scenario", "Scenario": "scenario",
    "scenario_from_text": "scenario", "scenario_from_dict": "scenario",
    "evaluate": "model", "Results": "model", "METRICS": "model",
    "load_catalogue": "catalogue",
    "tune_allocator": "memory",
    "sweep": "studies.grid", "breakeven_surface": "studies.grid",
    "sample": "studies.sampling", "uncertainty": "studies.sampling",
    "summarize": "studies.sampling",
    "uncertainty_set": "studies.uncertainty_set", "probability_cheaper": "studies.decision",
    "value_of_information": "studies.value",
    "sensitivity": "studies.sensitivity", "tornado": "studies.sensitivity",
    "sobol": "studies.sensitivity",
    "solve": "studies.solve", "compare_routes": "studies.routes",
    "optimize": "studies.optimize", "optimize_sweep": "studies.optimize",
    "to_netcdf": "outputs.files", "to_csv": "outputs.files", "open_dataset": "outputs.files",
    "explore": "outputs.explore",
}
#: submodules reachable as attributes of the package in a fresh interpreter (``bc.model.METRICS``,
#: ``bc.plotting.cost_breakdown``)
_SUBMODULES = {
    "core": "core", "scenario": "scenario", "model": "model", "studies": "studies",
    "outputs": "outputs", "cli": "cli", "catalogue": "catalogue", "metrics": "metrics",
    "units": "units", "errors": "errors", "memory": "memory", "plotting": "outputs.plotting",
}


def __getattr__(name):  # lazy: keeps `import basaltcalc` fast (pydantic, yaml load on first use)
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{_SUBMODULES[name]}", __name__)
    else:
        raise AttributeError(f"module 'basaltcalc' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *_LAZY, *_SUBMODULES])
