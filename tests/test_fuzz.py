"""The fuzz that never stops (issue 27): hypothesis properties at every door, overrides (Python
and ``--set``), scenario files and study arguments, each asserting the one invariant:

    a finite answer, ``inf`` where the metric's definition says never
    (:data:`basaltcalc.metrics.INFINITE_BY_DEFINITION`), or a located error (a
    :class:`~basaltcalc.errors.BasaltcalcError` that is also a ValueError or TypeError, with its
    place; exit 2 on the command line); never a traceback, a hang, a silent NaN (one without a
    warning counting it), raw control characters on the terminal or a half-written file.

Budget: each property runs :data:`EXAMPLES` examples, about 25 s of CPU for the module (halved from
47 s to keep the suite short; hypothesis draws anew on every run, so the search goes on from
run to run).  For a release, ``BASALTCALC_FUZZ=long pytest tests/test_fuzz.py`` runs
:data:`LONG_FACTOR` times as many (about 20 minutes).  A failure prints its example (``print_blob``); add it as an ``@example`` below,
where every one found so far is kept.
"""
from __future__ import annotations

import contextlib
import functools
import io
import json
import math
import os
import re
import signal
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import basaltcalc as bc
from basaltcalc.errors import BasaltcalcError
from basaltcalc.metrics import INFINITE_BY_DEFINITION, METRICS
from basaltcalc.scenario import domain_of

ROOT = Path(__file__).resolve().parents[1]
GALLERY = sorted((ROOT / "scenarios").glob("*.yaml"))
#: Examples per property on CI, and the factor of a release's long run (BASALTCALC_FUZZ=long).
EXAMPLES = {"overrides": 1000, "set": 200, "files": 200, "studies": 200}
LONG_FACTOR = 40
LONG = os.environ.get("BASALTCALC_FUZZ", "") == "long"
#: Seconds after which one example counts as a hang.
HANG = 120
#: Raw characters that must never reach a terminal (see basaltcalc.text).
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def fuzz(kind):
    """The settings of one property: its budget, no per-example deadline (a loaded machine), the
    failing example printed for an ``@example``."""
    return settings(max_examples=EXAMPLES[kind] * (LONG_FACTOR if LONG else 1), deadline=None,
                    print_blob=True, suppress_health_check=list(HealthCheck))


@functools.cache
def scenario(i):
    return bc.default_scenario() if i < 0 else bc.load_scenario(GALLERY[i])


# -- the invariant ---------------------------------------------------------------------------------

class Hang(Exception):
    pass


@contextlib.contextmanager
def watchdog(seconds=HANG):
    def ring(signum, frame):
        raise Hang(f"no answer in {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def assert_located(exc: BasaltcalcError) -> None:
    """A located error: a ValueError or TypeError (an OSError for an output), saying where."""
    assert isinstance(exc, (ValueError, TypeError, OSError, RuntimeError)), type(exc)
    text = str(exc)
    assert text.strip() and RAW.search(text) is None, repr(text)
    for p in getattr(exc, "problems", []):
        assert p.message and (p.path or p.file or p.origin), str(p)


def outcome(call):
    """``("located", exc)`` or ``("ok", (result, warnings))``; anything else fails the test."""
    with warnings.catch_warnings(record=True) as caught, watchdog():
        warnings.simplefilter("always")
        try:
            out = call()
        except BasaltcalcError as exc:
            assert_located(exc)
            return "located", exc
    return "ok", (out, [w for w in caught if issubclass(w.category, RuntimeWarning)])


def undefined(name, values) -> np.ndarray:
    """Where ``values`` of metric ``name`` are NaN, or an inf its definition does not give."""
    v = np.asarray(values, dtype=np.float64)
    base = re.sub(r"(\[[^\]]*\])?(_swing|_base)?$", "", name)  # a comparator's, a tornado's swing
    return np.isnan(v) | (np.isinf(v) & (base not in INFINITE_BY_DEFINITION))


def assert_results(res, warned) -> None:
    """Every metric finite (or inf by definition); in arrays, others only with a warning."""
    for name in METRICS:
        bad = undefined(name, res[name].magnitude)
        if bad.any():
            assert res.shape != () and warned, f"{name} = {res[name].magnitude!r} with no warning"


# -- overrides ---------------------------------------------------------------------------------------

def _edges(path):
    lo, hi, low_ok = domain_of(path)
    out = [hi, lo if low_ok else np.nextafter(lo, np.inf), np.nextafter(hi, np.inf), lo - abs(lo) - 1.0,
           0.0, 1.0, 1e-300, 1e300, math.nan, math.inf, -math.inf]
    if lo > 0:
        out.append(np.nextafter(lo, -np.inf))
    return out


@st.composite
def override_value(draw, sc, path):
    """A value for ``path`` as any door takes it: a float, a Quantity, a string, an array, and
    the wrong kinds (a boolean, None, a list of strings, an empty array, a complex number)."""
    inp = sc.inputs[path]
    lo, hi, _ = domain_of(path)
    si = draw(st.one_of(st.sampled_from(_edges(path)),
                        st.floats(lo, hi) if lo <= 0 else
                        st.floats(math.log(lo), math.log(hi)).map(math.exp),
                        st.floats(allow_nan=True, allow_infinity=True)))
    unit = inp.unit
    form = draw(st.sampled_from(["quantity", "string", "array", "bare", "wrong", "int"]))
    if form == "quantity":
        return bc.Q_(si, unit)
    if form == "string":
        return f"{si!r} {unit:~C}".strip() if not unit.dimensionless else repr(si)
    if form == "array":
        other = draw(st.sampled_from(_edges(path)))
        return bc.Q_(np.array([inp.si, si, other]), unit)
    if form == "bare":
        return si
    if form == "int":
        return draw(st.sampled_from([0, 1, 10 ** 12, 10 ** 12 + 1, 10 ** 30, -5, 2 ** 63]))
    return draw(st.sampled_from([True, None, "x", "1 furlong", "10**10**10 m", [], ["1 m", 2],
                                 np.array([]), 1 + 2j, {"a": 1}, b"1 m", "1e999 m", "nan m"]))


@st.composite
def overrides(draw):
    i = draw(st.integers(-1, len(GALLERY) - 1))
    sc = scenario(i)
    paths = draw(st.lists(st.sampled_from(sorted(sc.inputs)), min_size=1, max_size=6, unique=True))
    return i, {p: draw(override_value(sc, p)) for p in paths}


@fuzz("overrides")
@given(overrides())
@example((-1, {"routes.melt-cast.yield": 1e-300}))  # issue 27: NaN NPVs, an internal error on the CLI
@example((-1, {"elements[0].count": 1e300}))  # issue 27: cost_ratio NaN, the file's cap not held
@example((-1, {"elements[0].count": 10 ** 30}))
@example((-1, {"transport.landed_cost": [bc.Q_(1, "MUSD/kg"), bc.Q_(2, "MUSD/kg")]}))
@example((-1, {"transport.landed_cost": bc.Q_(np.array([]), "MUSD/kg")}))
@example((-1, {"economics.discount_rate": -0.999999999, "insitu.campaign": "1000 year"}))  # inf/inf
@example((-1, {"economics.development_time": "1e15 s"}))  # both NPVs underflowed: 0/0
@example((3, {"transport.delta_v": "1e15 m/s", "transport.inert_fraction": 0.0}))  # R = inf
@example((2, {"routes.melt-cast.plant_scale_exponent": 0.001}))  # sizing throughput (3e3)^1000 = inf
def test_overrides_give_an_answer_or_a_located_error(case):
    i, ov = case
    kind, out = outcome(lambda: bc.evaluate(scenario(i), ov))
    if kind == "ok":
        assert_results(*out)


@st.composite
def set_option(draw):
    sc = scenario(-1)
    path = draw(st.sampled_from(sorted(sc.inputs)))
    value = draw(override_value(sc, path))
    text = value if isinstance(value, str) else (f"{value:~C}" if isinstance(value, bc.ureg.Quantity)
                                                 and np.ndim(value.magnitude) == 0 else repr(value))
    return f"{path}={text}"


def run_cli(argv):
    """(exit code, stdout, stderr) of the command in this process, with strict UTF-8 streams."""
    from basaltcalc.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    streams = [io.TextIOWrapper(b, encoding="utf-8", errors="strict", write_through=True) for b in (out, err)]
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = streams
    try:
        with watchdog(), warnings.catch_warnings():
            warnings.simplefilter("default")
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse
                code = exc.code
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


@fuzz("set")
@given(set_option())
@example("routes.melt-cast.yield=1e-300")  # issue 27: exit 1, OverflowError
@example("elements[0].count=1e300")
@example("economics.availability=1e-300")
def test_set_exits_0_or_2_and_never_half_writes(tmp_path_factory, option):
    out = tmp_path_factory.mktemp("set") / "run.json"
    code, stdout, stderr = run_cli(["run", "--set", option, "--format", "json", "-o", str(out)])
    assert code in (0, 2), stderr
    assert RAW.search(stdout + stderr) is None and "Traceback" not in stderr
    assert [p.name for p in out.parent.iterdir() if p.name != "run.json"] == []  # no temporary left
    if code == 2:
        assert not out.exists() and stderr.startswith("basaltcalc: error")
        return
    metrics = json.loads(out.read_text())["metrics"]
    for name, m in metrics.items():
        assert not undefined(name, np.asarray(m["value"], dtype=object).astype(float)).any(), name


# -- scenario files ----------------------------------------------------------------------------------

#: Where a file writes an input: (section, entry or None, key, unit of a number)
FILE_PLACES = [("routes", "melt-cast", "yield", ""), ("routes", "melt-cast", "furnace_efficiency", ""),
               ("routes", "melt-cast", "process_temperature", "K"), ("sites", "south-pole-ridge", "longest_night", "h"),
               ("power", "solar-with-storage", "round_trip_efficiency", ""), ("economics", None, "discount_rate", ""),
               ("economics", None, "development_time", "year"), ("economics", None, "ddte", "USD"),
               ("materials", "cast-basalt", "density", "kg/m^3"), ("insitu", None, "campaign", "year"),
               ("elements", 0, "count", ""), ("elements", 1, "length", "m"), ("transport", None, "landed_cost", "USD/kg")]
NAMES = ["a\x1b]0;pwn\x07\x1b[2Jb", "\ud800", "x\u202ey", "\x9b2J", "two\nlines", "é" * 300, "ok"]


@st.composite
def scenario_file(draw):
    """The default scenario with 1 to 4 values (or names) replaced by any YAML value."""
    data = yaml.safe_load((ROOT / "basaltcalc" / "data" / "default.yaml").read_text())
    number = st.one_of(st.sampled_from([0, -1, 1e-300, 1e300, 10 ** 30, 1e12, 0.5, 2, 1e-6, 1e15]),
                       st.floats(allow_nan=True, allow_infinity=True), st.integers())
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            where = draw(st.sampled_from(["name", "description", "element"]))
            name = draw(st.one_of(st.sampled_from(NAMES), st.text(max_size=30)))
            (data["elements"][0].__setitem__("name", name) if where == "element" else data.__setitem__(where, name))
            continue
        section, entry, key, unit = draw(st.sampled_from(FILE_PLACES))
        v = draw(st.one_of(number.map(lambda x, u=unit: f"{x!r} {u}".strip() if u else x),
                           st.sampled_from([None, True, "no", [], {}, "1 furlong", "10**10**10 m", "nan"])))
        if section == "elements":
            data["elements"][entry][key] = v
        elif entry is None:
            data.setdefault(section, {})[key] = v if section != "transport" else v
        else:
            data.setdefault(section, {}).setdefault(entry, {})[key] = v
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@fuzz("files")
@given(scenario_file())
def test_files_load_and_run_or_fail_located(text):
    from basaltcalc.model.tables import results_csv, results_json, results_table

    kind, out = outcome(lambda: bc.evaluate(bc.scenario_from_text(text, "fuzz.yaml")))
    if kind == "located":
        return
    res, warned = out
    assert_results(res, warned)
    shown = results_table(res) + results_csv(res) + json.dumps(results_json(res), ensure_ascii=False)
    assert RAW.search(results_table(res) + results_csv(res)) is None
    assert shown


# -- study arguments ---------------------------------------------------------------------------------

SPEC_PATHS = ["transport.landed_cost", "routes.melt-cast.yield", "economics.discount_rate", "insitu.campaign",
              "elements[0].count", "economics.availability", "materials.cast-basalt.density"]
ANY = st.one_of(st.integers(-3, 70), st.sampled_from([0, 1, 2, 3, 1.5, True, None, "x", -1, 2 ** 70, math.nan]))


@st.composite
def a_range(draw, path):
    sc = scenario(-1)
    a, b = (draw(override_value(sc, path)) for _ in range(2))
    return [a, b]


@st.composite
def study(draw):
    """One study call with arguments from anywhere in (and outside) their domains."""
    sc = scenario(-1)
    kind = draw(st.sampled_from(["sweep", "uncertainty", "sobol", "tornado", "solve", "sample"]))
    path = draw(st.sampled_from(SPEC_PATHS))
    ends = draw(a_range(path))
    if kind == "sweep":
        spec = {path: draw(st.sampled_from([ends, {"lin": ends, "num": draw(ANY)}, {"log": ends, "num": 3}]))}
        kw = {"chunk_points": draw(st.sampled_from([1, 7, 4096, 0, -1, 1.5, True])),
              "metrics": draw(st.sampled_from([None, ["cost_ratio"], "savings", 5, [], ["nope"]]))}
        return kind, lambda: bc.sweep(sc, spec, progress=False, **kw)
    dist = draw(st.sampled_from(["uniform", "loguniform", "normal", "lognormal", "triangular", "pert"]))
    params = ends if dist not in ("triangular", "pert") else [ends[0], ends[0], ends[1]]
    if dist in ("normal", "lognormal"):
        params = [ends[0], draw(st.sampled_from([0.1, 2.0, 50.0, 0, -1, "1 kg", ends[1]]))]
    spec = {path: {dist: params}}
    n = draw(ANY)
    if kind == "uncertainty":
        kw = {"seed": draw(ANY), "method": draw(st.sampled_from(["random", "sobol", "lhs", "nope"])),
              "quantiles": draw(st.sampled_from([(0.05, 0.5), (2,), (), (math.nan,)])),
              "chunk_size": draw(st.sampled_from([4096, 1, 0, True]))}
        return kind, lambda: bc.uncertainty(sc, spec, n=n, progress=False, **kw)
    if kind == "sample":
        return kind, lambda: bc.sample(sc, spec, n=n, seed=1, progress=False)
    if kind == "sobol":
        spec2 = {**spec, "economics.ddte": {"uniform": ["0.2 BUSD", "1 BUSD"]}}
        kw = {"n": draw(st.sampled_from([0, 1, 3, 8, 16, 1.5])),
              "confidence": draw(st.sampled_from([0.95, 0, 1, 2, math.nan, "x"])),
              "n_resamples": draw(st.sampled_from([0, 10, 3, -1, 1.5])),
              "breakeven_cap": draw(st.sampled_from([1e6, 0, 1, math.inf, math.nan]))}
        return kind, lambda: bc.sobol(sc, spec2, seed=1, metrics=["cost_ratio", "breakeven_scale"],
                                      progress=False, **kw)
    if kind == "tornado":
        return kind, lambda: bc.tornado(sc, {path: ends}, metrics=["cost_ratio", "payback_time"])
    target = draw(st.sampled_from([1.0, 0.5, 0, -1, 1e300, math.nan, "1 kg", None, "abc"]))
    metric = draw(st.sampled_from(["cost_ratio", "discounted_cost_ratio", "savings", "nope", 5]))
    return kind, lambda: bc.solve(sc, path, metric, target)


def assert_dataset(ds, warned) -> None:
    """A study's dataset: its float variables defined, or undefined only where counted or warned."""
    import xarray as xr

    if not isinstance(ds, xr.Dataset):  # solve: a Solution, its no-values each with a reason
        assert all(r for r in np.ravel(ds.reason)[~np.isfinite(np.ravel(ds.value.magnitude))])
        return
    few = ds["count"].values < 2 if "count" in ds else None  # a spread of fewer than 2: undefined
    for name, var in ds.data_vars.items():
        if var.dtype.kind != "f":
            continue
        bad = undefined(str(name), var.values)
        if few is not None and var.dims[:1] == ("metric",):
            bad &= np.reshape(few, few.shape + (1,) * (bad.ndim - few.ndim))
        assert not bad.any() or warned or name in ("p_insitu_cheaper", "p_insitu_cheaper_se"), (
            f"{name}: {var.values!r}")


@fuzz("studies")
@given(study())
@example(("tornado", lambda: bc.tornado(scenario(-1), {"transport.landed_cost": ["1 USD/kg", "2 USD/kg"]},
                                        metrics=["payback_time"])))  # never at both ends: a NaN swing
@example(("uncertainty", lambda: bc.uncertainty(scenario(-1), {"routes.melt-cast.yield": {"lognormal": [0.5, 2.0]}},
                                                n=64, seed=1, progress=False)))  # draws above 1
@example(("sobol", lambda: bc.sobol(scenario(-1), {"transport.landed_cost": {"uniform": ["0.1 MUSD/kg", "1 MUSD/kg"]},
                                                   "economics.ddte": {"uniform": ["0.2 BUSD", "1 BUSD"]}},
                                    n=16, seed=1, n_resamples=0, progress=False)))  # intervals of NaN
@example(("sobol", lambda: bc.sobol(scenario(-1), {"economics.ddte": {"uniform": ["0.2 BUSD", "1 BUSD"]}},
                                    n=1, seed=1, progress=False)))  # 1 = 2^0 passed; sobol_analysis raised
def test_study_arguments_give_an_answer_or_a_located_error(call):
    kind, out = outcome(call[1])
    if kind == "ok":
        assert_dataset(*out)


def test_the_budget_is_documented():
    readme = (ROOT / "README.md").read_text()
    assert "BASALTCALC_FUZZ=long" in readme and "tests/test_fuzz.py" in readme
