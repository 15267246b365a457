"""Files of study Datasets: netCDF, CSV and JSON.

Files are written whole or not at all: to a temporary file in the target's folder, then renamed
over the target (:func:`basaltcalc.outputs.atomic.write_atomic_with`), so Ctrl-C or an error
never leaves a partial file.
"""
from __future__ import annotations

import json
import re

import numpy as np

from ..studies.datasets import check_dataset
from ..text import printable
from .atomic import write_atomic_with

__all__ = ["to_netcdf", "to_csv", "open_dataset", "dataset_json"]

_NC_BAD = re.compile(r"[^A-Za-z0-9_.@+\-]")


# files

def _nc_name(name: str) -> str:
    safe = _NC_BAD.sub("_", name)
    return safe if re.match(r"[A-Za-z_]", safe) else "_" + safe


def _for_netcdf(ds):
    """A copy of ``ds`` with netCDF-3-safe names and types; original names kept in attributes."""
    rename = {}
    for name in [*ds.variables]:
        safe = _nc_name(str(name))
        if safe != name:
            rename[name] = safe
    out = ds.copy()
    for name in out.variables:
        var = out.variables[name]
        var.attrs = {k: _attr(v) for k, v in var.attrs.items()}
        if str(name) in rename:
            var.attrs["basaltcalc_name"] = str(name)
        if var.dtype == np.int64 or var.dtype == np.uint64:
            out[name] = var.astype(np.int32) if name not in out.dims else var
        elif var.dtype == bool:
            out[name] = var.astype(np.int8)
    out.attrs = {k: _attr(v) for k, v in out.attrs.items()}
    if rename:
        out = out.rename(rename)
    return out


def _attr(v):
    """An attribute netCDF-3 can hold: None as "", bools as 0/1, containers as JSON, and whole
    numbers beyond 32 bits (a seed such as 2**200) as their decimal string, exactly."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, np.integer)) and not -2 ** 31 <= int(v) < 2 ** 31:
        return str(int(v))
    if isinstance(v, (dict, list, tuple)):
        return json.dumps(v, default=str)
    if isinstance(v, str):  # a file's text: no control character, no lone surrogate
        return printable(v, keep_newlines=True)
    return v


def to_netcdf(ds, path) -> None:
    """Write ``ds`` to a netCDF-3 file (scipy backend; no netCDF4 library needed), atomically.

    Names netCDF does not allow (``elements[0].count``) are written as ``elements_0_.count`` with
    the original in the ``basaltcalc_name`` attribute; :func:`open_dataset` restores them.
    """
    check_dataset(ds, "to_netcdf")
    _check_path(path, "to_netcdf")
    safe = _for_netcdf(ds)
    fmt = "NETCDF3_64BIT"
    write_atomic_with(path, lambda tmp: safe.to_netcdf(tmp, engine="scipy", format=fmt))


def open_dataset(path):
    """Read a dataset written by :func:`to_netcdf`, with the original variable names."""
    import xarray as xr

    from ..errors import Problem, ScenarioError

    _check_path(path, "open_dataset")
    try:
        ds = xr.load_dataset(path, engine="scipy")
    except OSError as exc:
        raise ScenarioError(Problem(f"cannot read the file: {exc.strerror or exc}", "", str(path))) from None
    except (ValueError, TypeError) as exc:  # not a netCDF-3 file (scipy reads those only)
        raise ScenarioError(Problem(f"cannot read the file as netCDF-3 (written by basaltcalc.to_netcdf): "
                                    f"{exc}", "", str(path))) from None
    rename = {n: v.attrs["basaltcalc_name"] for n, v in ds.variables.items() if "basaltcalc_name" in v.attrs}
    for n in rename:
        ds[n].attrs.pop("basaltcalc_name", None)
    return ds.rename(rename) if rename else ds


def _check_path(path, call: str) -> None:
    """A path of a file: a str or os.PathLike, not empty."""
    import os

    from ..arguments import refuse

    if not isinstance(path, (str, os.PathLike)) or str(path) == "":
        raise refuse(call, "path", f"expected the path of a file (a str or pathlib.Path), got {path!r}",
                     wrong_type=not isinstance(path, (str, os.PathLike)))


def _columns(ds):
    """Column names ('name [unit]') and the variables, coordinates first."""
    names = [*ds.coords, *ds.data_vars]
    cols = []
    for n in names:
        unit = ds[n].attrs.get("units", "")
        cols.append(printable(f"{n} [{unit}]" if unit and unit != "1" else str(n)))
    return names, cols


def _csv_rows(ds, rows_per_block=1 << 16):
    """Yield CSV text blocks: one row per point of the dataset's full grid, in C order."""
    import csv
    import io

    names, cols = _columns(ds)
    dims = list(ds.dims)
    sizes = [ds.sizes[d] for d in dims]
    total = int(np.prod(sizes)) if dims else 1
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    yield buf.getvalue()
    for start in range(0, total, rows_per_block):
        stop = min(start + rows_per_block, total)
        idx = np.unravel_index(np.arange(start, stop), sizes) if dims else ()
        columns = []
        for n in names:
            var = ds[n]
            data = np.asarray(var.values)
            if dims:
                take = tuple(idx[dims.index(d)] for d in var.dims)
                data = data[take] if var.dims else np.broadcast_to(data, (stop - start,))
            columns.append(data.ravel() if dims else np.atleast_1d(data))
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        for row in zip(*columns):
            w.writerow([repr(float(x)) if isinstance(x, (float, np.floating)) else
                        (int(x) if isinstance(x, (np.integer,)) else printable(x)) for x in row])
        yield buf.getvalue()


def to_csv(ds, path=None) -> str | None:
    """CSV of a dataset: one row per point (coordinates first), ``name [unit]`` headers.

    With ``path``, written atomically block by block (bounded memory) and None returned; without,
    the text is returned.
    """
    check_dataset(ds, "to_csv")
    if path is None:
        return "".join(_csv_rows(ds))
    _check_path(path, "to_csv")

    def writer(tmp):
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            for block in _csv_rows(ds):
                fh.write(block)

    write_atomic_with(path, writer)
    return None


def dataset_json(ds, max_values: int = 1_000_000) -> dict:
    """A JSON-ready dict: attrs, dims, and every variable with its dims, units and values."""
    def values(v):
        a = np.asarray(v.values)
        if a.size > max_values:
            raise ValueError(f"{v.name}: {a.size} values is too many for JSON; write netCDF or CSV")
        if a.dtype.kind in "fc":
            return _nested(a)
        return a.tolist()

    return {
        "attrs": {k: (json.loads(v) if isinstance(v, str) and v[:1] in "[{" else _plain(v))
                  for k, v in ds.attrs.items()},
        "dims": {str(k): int(v) for k, v in ds.sizes.items()},
        "coords": {str(n): {"dims": list(c.dims), "attrs": dict(c.attrs), "values": values(c)}
                   for n, c in ds.coords.items()},
        "data_vars": {str(n): {"dims": list(v.dims), "attrs": dict(v.attrs), "values": values(v)}
                      for n, v in ds.data_vars.items()},
    }


def _plain(v):
    if isinstance(v, np.generic):
        return v.item()
    return v


def _nested(a):
    """Nested lists with inf/nan as the strings 'inf', '-inf', 'nan' (JSON has no such numbers)."""
    if a.ndim == 0:
        x = float(a)
        return x if np.isfinite(x) else ("nan" if np.isnan(x) else ("inf" if x > 0 else "-inf"))
    return [_nested(x) for x in a]
