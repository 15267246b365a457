"""Results of sweeps, samples and sensitivity studies as xarray Datasets.

Every metric is a variable in SI with ``units`` (``"1"`` for dimensionless, as CF writes it) and
``description`` attributes; swept inputs are coordinates with ``units``; the dataset's attributes
hold the provenance: basaltcalc version, scenario name, file and sha256, seed, the spec.

Their files (netCDF, CSV, JSON) are written by :mod:`basaltcalc.outputs.files`.
"""
from __future__ import annotations

import json

import numpy as np

__all__ = ["provenance", "build_grid_dataset", "units_attr"]


def units_attr(unit: str) -> str:
    return unit if unit else "1"


def provenance(scenario, kind: str, **extra) -> dict:
    """Dataset attributes recording what made the results."""
    import scipy

    from .. import __version__

    from ..text import printable

    attrs = {  # the file's name as shown safely (basaltcalc.text): attributes reach reprs and files
        "title": printable(f"basaltcalc {kind}: {getattr(scenario, 'name', '')}"),
        "kind": kind,
        "basaltcalc_version": __version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "scenario_name": printable(getattr(scenario, "name", "") or ""),
        "scenario_file": getattr(scenario, "file", None) or "",
        "scenario_sha256": getattr(scenario, "sha256", "") or "",
        # the Earth design an unqualified comparison metric (cost_ratio) compares with, and every one
        "earth_design": printable(getattr(scenario, "earth_material", "") or ""),
        "earth_designs": json.dumps([printable(c["label"]) for c in getattr(scenario, "comparators", None) or []]
                                    or [printable(getattr(scenario, "earth_material", "") or "")]),
    }
    for k, v in extra.items():
        if v is None:
            continue
        if isinstance(v, (dict, list, tuple)):
            v = json.dumps(v, default=str, sort_keys=True)
        elif isinstance(v, bool):
            v = int(v)
        attrs[k] = v
    return attrs


def build_grid_dataset(scenario, axes, out, deps, *, spec_source="python", overrides=None):
    """Dataset of a sweep: one dimension per axis, metrics with only the dimensions they vary on."""
    import xarray as xr

    from ..metrics import metric_info

    dims = [a.name for a in axes]
    coords = {}
    for axis in axes:
        for ai in axis.inputs:
            attrs = {"units": units_attr(ai.unit), "si_units": units_attr(ai.si_unit),
                     "long_name": ai.path, "description": _input_description(scenario, ai.path)}
            coords[ai.path] = ((axis.name,), ai.coord, attrs)
    data_vars = {}
    for name, arr in out.items():
        if name in coords:  # e.g. transport.landed_cost, swept directly: the metric is the input
            continue
        unit, desc = metric_info(name)
        vdims = tuple(d for d, keep in zip(dims, deps[name]) if keep)
        data_vars[name] = (vdims, arr, {"units": units_attr(unit), "description": desc})
    spec = {ai.path: (ai.spec if isinstance(ai.spec, (dict, list, str, int, float)) else repr(ai.spec))
            for a in axes for ai in a.inputs}
    attrs = provenance(scenario, "sweep", spec=spec, spec_source=spec_source,
                       overrides={k: str(v) for k, v in (overrides or {}).items()},
                       points=int(np.prod([a.size for a in axes])))
    return xr.Dataset(data_vars, coords=coords, attrs=attrs)


def _input_description(scenario, path) -> str:
    inp = scenario.inputs.get(path)
    if inp is None:
        return ""
    d = inp.default
    src = f"; default from source '{d.source}'" if d is not None and getattr(d, "source", "") else ""
    return f"input {path} ({inp.origin}{src})"


# -----------------------------------------------------------------------------------------------


def check_dataset(value, call: str, argument: str = "ds", *, dims=(), variables=(), made_by=None):
    """``value`` where it is an :class:`xarray.Dataset` with ``dims`` and ``variables``, else a
    located error naming ``call`` and ``argument`` (and the call that makes such a dataset)."""
    import xarray as xr

    from ..arguments import refuse

    made = f" (from {made_by})" if made_by else ""
    if not isinstance(value, xr.Dataset):
        shown = "None" if value is None else type(value).__name__
        raise refuse(call, argument, f"expected an xarray Dataset of basaltcalc results{made}, got {shown}",
                     wrong_type=True)
    missing = [d for d in dims if d not in value.dims] + [v for v in variables if v not in value.data_vars]
    if missing:
        raise refuse(call, argument, f"expected a dataset with {', '.join(map(repr, missing))}{made}; "
                                     f"this one has dims {tuple(value.dims)}")
    return value
