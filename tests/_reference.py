"""The table of hand-computed reference values (tests/reference_values.yaml) and the checks every
core function gets from it: the value itself, and scalar / 0-d / 1-d / broadcast 2-d inputs
against the loop over their points.

Used by tests/test_reference_values.py; adding a row to the table adds
all of these tests for it.
"""
from __future__ import annotations

import copy
import importlib
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

HERE = Path(__file__).parent


def _numbers(x):
    """YAML 1.1 reads ``45.0e6`` (no exponent sign) as a string: read such strings as floats."""
    if isinstance(x, dict):
        return {k: _numbers(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_numbers(v) for v in x]
    if isinstance(x, str):
        try:
            return float(x)
        except ValueError:
            return x
    return x


CASES = [{**c, "kwargs": _numbers(c["kwargs"]), "expected": _numbers(c["expected"]),
          "rtol": float(c["rtol"])}
         for c in yaml.safe_load((HERE / "reference_values.yaml").read_text(encoding="utf-8"))]

#: Outputs that are flags or indices, not float64 quantities.
NON_FLOAT_OUTPUTS = {"governing", "valid", "thin", "fits", "plant_fits", "generation_unit_fits",
                     "storage_unit_fits", "excavator_fits"}
#: Tolerance of broadcast-vs-loop: the same arithmetic, point by point.
LOOP_RTOL = 1e-12


def _flag(key) -> bool:
    return key is not None and key.rsplit(".", 1)[-1] in NON_FLOAT_OUTPUTS


def cases_for(module: str) -> list:
    return [pytest.param(c, id=c["id"]) for c in CASES if c["function"].split(".")[0] == module]


def function(case):
    module, name = case["function"].split(".")
    return getattr(importlib.import_module(f"basaltcalc.core.{module}"), name)


def call(case, kwargs=None):
    return function(case)(**(case["kwargs"] if kwargs is None else kwargs))


def public_functions(module: str) -> list[str]:
    mod = importlib.import_module(f"basaltcalc.core.{module}")
    return [n for n in mod.__all__ if callable(getattr(mod, n)) and not isinstance(getattr(mod, n), type)]


def assert_close(actual, expected, rtol, what=""):
    if isinstance(expected, bool):
        assert bool(np.asarray(actual)) is expected, f"{what}: {actual!r} != {expected!r}"
        return
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), expected, rtol=rtol, atol=0.0,
                               err_msg=what)


def outputs(result) -> dict:
    """A result as a mapping (single-valued functions under the key None)."""
    return result if isinstance(result, dict) else {None: result}


def check_expected(case, result):
    expected = case["expected"]
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert key in result, f"{case['id']}: no output {key!r}"
            assert_close(result[key], value, case["rtol"], f"{case['id']}[{key}]")
    else:
        assert_close(result, expected, case["rtol"], case["id"])


# --- numeric leaves of the keyword arguments: top-level numbers and entries of mapping args ---

def leaves(kwargs) -> list[tuple]:
    paths = []
    for k, v in kwargs.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            paths.append((k,))
        elif isinstance(v, dict):
            paths += [(k, kk) for kk, vv in v.items() if isinstance(vv, (int, float))]
    return paths


def get(kwargs, path):
    return kwargs[path[0]] if len(path) == 1 else kwargs[path[0]][path[1]]


def replaced(kwargs, changes: dict) -> dict:
    out = copy.deepcopy(kwargs)
    for path, value in changes.items():
        if len(path) == 1:
            out[path[0]] = value
        else:
            out[path[0]][path[1]] = value
    return out


def spread(x, n):
    """``n`` values around x (x itself among them), for a 1-d or 2-d sweep of one argument."""
    factors = [0.5, 1.0, 2.0] if n == 3 else [0.25, 0.5, 1.0, 2.0]
    if isinstance(x, float) and not math.isfinite(x):
        return np.full(n, x)
    if x == 0:
        return np.array([0.0, *(f / 2.0 for f in factors[1:])])
    return np.array([f * x for f in factors])


def check_against_loop(case, changes: dict):
    """Call with array arguments ``changes`` (path -> array) and compare with the point-by-point loop."""
    kwargs = case["kwargs"]
    result = outputs(call(case, replaced(kwargs, changes)))
    shape = np.broadcast_shapes(*(np.shape(v) for v in changes.values()))
    for key, value in result.items():
        assert np.broadcast_shapes(np.shape(value), shape) == shape, (key, np.shape(value), shape)
        if not _flag(key):
            assert np.asarray(value).dtype == np.float64, (key, np.asarray(value).dtype)
    for idx in np.ndindex(shape):
        point = {p: float(np.broadcast_to(v, shape)[idx]) for p, v in changes.items()}
        single = outputs(call(case, replaced(kwargs, point)))
        for key, value in result.items():
            got = np.broadcast_to(np.asarray(value), shape)[idx]
            want = single[key]
            if _flag(key):
                assert got == want, (case["id"], key, idx)
            else:
                np.testing.assert_allclose(got, want, rtol=LOOP_RTOL, atol=0.0,
                                           err_msg=f"{case['id']} {key} at {idx}")


def check_scalar(case):
    """Python-float arguments give a 0-d result (float or 0-d array) equal to the reference."""
    result = call(case)
    for key, value in outputs(result).items():
        assert np.ndim(value) == 0, (key, np.shape(value))
    check_expected(case, result)


def check_zero_d(case):
    """0-d array arguments give the same 0-d results as Python floats."""
    kwargs = case["kwargs"]
    zero_d = replaced(kwargs, {p: np.asarray(get(kwargs, p), dtype=np.float64) for p in leaves(kwargs)})
    result = outputs(call(case, zero_d))
    scalar = outputs(call(case))
    for key, value in result.items():
        assert np.ndim(value) == 0, (key, np.shape(value))
        np.testing.assert_array_equal(np.asarray(value), np.asarray(scalar[key]), err_msg=str(key))
    check_expected(case, call(case, zero_d))


def check_one_d(case):
    """Each argument in turn as a 1-d array of 3 values: equals the loop over the points."""
    kwargs = case["kwargs"]
    for path in leaves(kwargs):
        check_against_loop(case, {path: spread(get(kwargs, path), 3)})


def check_two_d(case):
    """Adjacent pairs of arguments as (3, 1) and (1, 4) arrays broadcast to (3, 4): equals the loop."""
    kwargs = case["kwargs"]
    paths = leaves(kwargs)
    for a, b in zip(paths, paths[1:]):
        check_against_loop(case, {a: spread(get(kwargs, a), 3)[:, None],
                                  b: spread(get(kwargs, b), 4)[None, :]})


def check_every_function_has_a_case(module: str):
    covered = {c["function"].split(".")[1] for c in CASES if c["function"].split(".")[0] == module}
    missing = set(public_functions(module)) - covered
    assert not missing, f"public functions of basaltcalc.{module} without a reference case: {sorted(missing)}"
