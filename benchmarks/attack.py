"""An attack of bad inputs at every door (issue 27): scenario files, ``--set``, command-line
options and the Python API.  Each case must end in a finite answer, ``inf`` where the metric's
definition says never, or a located error (exit 2 on the command line, a ``BasaltcalcError``
in Python); anything else is a finding: an internal error (exit 1 or a raw exception), a hang
(over ``TIMEOUT`` seconds), a silent NaN (a NaN or an undefined ``inf`` without a warning), raw
control characters on the terminal, or a half-written output file.

Run ``python benchmarks/attack.py`` (about two minutes on 2 cores; ``--quick`` runs every tenth
case).  It prints the number of cases per class and outcome, then every finding.
"""
from __future__ import annotations

import contextlib
import io
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

import basaltcalc as bc
from basaltcalc.errors import BasaltcalcError

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60
#: Metrics whose definition gives +-inf ("inf: never"); any other inf is an overflow.
MAY_BE_INF = {"breakeven_scale", "breakeven_landed_cost", "payback_time", "discounted_payback_time",
              "insitu_irr"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang


@contextlib.contextmanager
def deadline(seconds=TIMEOUT):
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _nonfinite(name, v) -> bool:
    base = name.split("[", 1)[0]
    a = np.asarray(v, dtype=np.float64)
    return bool(np.any(np.isnan(a)) or (np.any(np.isinf(a)) and base not in MAY_BE_INF))


def check_results(res) -> str | None:
    """A NaN or an undefined inf among the metrics of one evaluation, or None."""
    for name in bc.METRICS:
        if _nonfinite(name, res[name].magnitude):
            return f"{name} = {res[name].magnitude!r}"
    return None


# -- outcomes ------------------------------------------------------------------------------------

def api_case(fn, check=None) -> tuple[str, str]:
    """Run ``fn()``: ('ok' | 'located' | finding kind, detail)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        try:
            with deadline():
                out = fn()
        except Hang:
            return "hang", f"over {TIMEOUT} s"
        except BasaltcalcError as exc:
            if not isinstance(exc, (ValueError, TypeError, OSError, RuntimeError)):
                return "unlocated", f"{type(exc).__name__}: {exc}"
            if CONTROL.search(str(exc)):
                return "raw control characters", repr(str(exc)[:200])
            return "located", str(exc).splitlines()[0][:160]
        except Exception as exc:
            return "internal error", f"{type(exc).__name__}: {str(exc)[:200]}"
        if time.perf_counter() - t0 > TIMEOUT:
            return "hang", f"{time.perf_counter() - t0:.0f} s"
    bad = check(out) if check else None
    if bad and not caught:
        return "silent NaN", bad
    return "ok", bad or ""


def run_cli(argv, cwd=None) -> tuple[int, str, str]:
    """The command in this process: (exit code, stdout, stderr); the streams are strict UTF-8,
    as a terminal's are."""
    from basaltcalc.cli import main

    out_b, err_b = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_b, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_b, encoding="utf-8", errors="strict", write_through=True)
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    here = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        with deadline(), warnings.catch_warnings():
            warnings.simplefilter("default")
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
    except Hang:
        code = -1
    except Exception as exc:  # escaped main(): an internal error outside its handlers
        err.write(f"ESCAPED {type(exc).__name__}: {exc}")
        code = 1
    finally:
        os.chdir(here)
        sys.stdout, sys.stderr = old
        out.flush()
        err.flush()
    return code, out_b.getvalue().decode("utf-8", "replace"), err_b.getvalue().decode("utf-8", "replace")


def cli_case(argv, cwd=None, expect_written=None) -> tuple[str, str]:
    code, out, err = run_cli(argv, cwd)
    if code == -1:
        return "hang", " ".join(argv)
    if code not in (0, 2) or "internal error" in err or "ESCAPED" in err:
        return "internal error", f"exit {code}: {err.strip()[-200:]}"
    if CONTROL.search(out) or CONTROL.search(err):
        return "raw control characters", repr((out + err)[:160])
    if code == 0 and re.search(r"(?<![\w.])nan(?![\w])", out, re.I) and "nan" not in err.lower() and \
            "NaN" not in out.replace("nan", ""):
        return "silent NaN", out[:160]
    if code == 0 and expect_written is not None and not expect_written():
        return "silent no output", " ".join(argv)
    return ("ok" if code == 0 else "located"), (err.strip().splitlines() or [""])[-1][:160]


# -- the cases -----------------------------------------------------------------------------------

DEFAULT_TEXT = (ROOT / "basaltcalc" / "data" / "default.yaml").read_text()
DEFAULT = yaml.safe_load(DEFAULT_TEXT)
#: Input paths attacked (their place in a file: section, entry, key)
PATHS = {
    "routes.melt-cast.yield": ("routes", "melt-cast", "yield"),
    "routes.melt-cast.beneficiation_yield": ("routes", "melt-cast", "beneficiation_yield"),
    "routes.melt-cast.furnace_efficiency": ("routes", "melt-cast", "furnace_efficiency"),
    "routes.melt-cast.plant_scale_exponent": ("routes", "melt-cast", "plant_scale_exponent"),
    "routes.melt-cast.process_temperature": ("routes", "melt-cast", "process_temperature"),
    "sites.south-pole-ridge.illumination_fraction": ("sites", "south-pole-ridge", "illumination_fraction"),
    "sites.south-pole-ridge.longest_night": ("sites", "south-pole-ridge", "longest_night"),
    "power.solar-with-storage.round_trip_efficiency": ("power", "solar-with-storage", "round_trip_efficiency"),
    "power.solar-with-storage.life": ("power", "solar-with-storage", "life"),
    "economics.availability": ("economics", None, "availability"),
    "economics.discount_rate": ("economics", None, "discount_rate"),
    "economics.development_time": ("economics", None, "development_time"),
    "economics.fabrication_learning": ("economics", None, "fabrication_learning"),
    "economics.hardware_cost": ("economics", None, "hardware_cost"),
    "materials.cast-basalt.density": ("materials", "cast-basalt", "density"),
    "materials.cast-basalt.tensile_strength": ("materials", "cast-basalt", "tensile_strength"),
    "elements[0].count": ("elements", 0, "count"),
    "elements[0].length": ("elements", 0, "length"),
    "elements[1].outer_diameter": ("elements", 1, "outer_diameter"),
    "insitu.campaign": ("insitu", None, "campaign"),
}
UNITS = {"process_temperature": "K", "longest_night": "s", "life": "year", "development_time": "year",
         "hardware_cost": "USD/kg", "density": "kg/m^3", "tensile_strength": "Pa", "length": "m",
         "outer_diameter": "m", "campaign": "year"}
NUMBERS = [0, -1, 1e-300, 1e-12, 1e-6, 1e300, 10**30, 1e12 + 1, 0.5, 2]
WORDS = ["nan", "inf", "-inf", "yes", "1 m * 10**10**10", "1e999", "", "1 kg"]


def _value(key, v):
    unit = UNITS.get(key)
    if isinstance(v, str) or unit is None:
        return v
    return f"{v:g} {unit}" if isinstance(v, float) else f"{v} {unit}"


def file_with(section, entry, key, value) -> str:
    data = yaml.safe_load(DEFAULT_TEXT)
    if section == "elements":
        data["elements"][entry][key] = value
    elif section in ("insitu",):
        data[section][key] = value
    elif entry is None:
        data.setdefault(section, {})[key] = value
    else:
        data.setdefault(section, {}).setdefault(entry, {})[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def evaluate_text(text):
    sc = bc.scenario_from_text(text, "attack.yaml")
    res = bc.evaluate(sc)
    from basaltcalc.model.tables import results_csv, results_json, results_table

    results_table(res), results_json(res), results_csv(res)
    return res


NAMES = ["a\x1b]0;pwn\x07\x1b[2Jb", "\ud800", "x\u202ey", "\x9b2J", "tab\tname", "nul\x00",
         "line\nbreak", "\u2028sep", "é" * 500, "ok name"]


def file_cases():
    for path, (section, entry, key) in PATHS.items():
        for v in [*NUMBERS, *WORDS]:
            yield f"file {path}={v!r}", (lambda t=file_with(section, entry, key, _value(key, v)):
                                         api_case(lambda: evaluate_text(t), check_results))
    for name in NAMES:
        for where in ("name", "description", "element"):
            data = yaml.safe_load(DEFAULT_TEXT)
            if where == "element":
                data["elements"][0]["name"] = name
            else:
                data[where] = name
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            yield f"file {where}={name[:20]!r}", (lambda t=text: _cli_file(t, ["run"]))
            yield f"file report {where}={name[:20]!r}", (lambda t=text: _cli_file(t, ["report"], "r.md"))
            yield f"file explain {where}={name[:20]!r}", (lambda t=text: _cli_file(t, ["explain"]))


def _cli_file(text, cmd, output=None):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "attack.yaml"
        f.write_text(text, encoding="utf-8", errors="surrogatepass")
        argv = [*cmd, str(f)] + (["-o", str(Path(tmp) / output)] if output else [])
        return cli_case(argv, expect_written=(lambda: (Path(tmp) / output).exists()) if output else None)


def set_cases():
    for path in PATHS:
        key = path.rsplit(".", 1)[-1]
        for v in [*NUMBERS, *WORDS]:
            text = _value(key, v)
            yield f"--set {path}={text!r}", (lambda a=f"{path}={text}": cli_case(["run", "--set", a]))
    for a in ["nope=1", "=1", "transport.landed_cost", "transport.landed_cost=", "elements[9].count=1",
              "elements['x'].count=1", "elements[0].count=1.5", "elements[0].count=1e12",
              "economics.cost_model=nope", "economics.cost_model=1", "transport.landed_cost=1 m",
              "transport.landed_cost=300 kUSD/kg @1800", "transport.landed_cost=$300/kg",
              "name=x", "elements[0].name=x", "transport.inert_fraction=0.99",
              "transport.delta_v=1e15 m/s"]:
        yield f"--set {a!r}", (lambda a=a: cli_case(["run", "--set", a]))


GALLERY = str(ROOT / "scenarios" / "ilrs-south-pole-outpost.yaml")


def option_cases(tmp):
    out = str(Path(tmp) / "o")
    cmds = [
        ["sweep", GALLERY, "-o", ""], ["sweep", GALLERY, "-o", tmp], ["sweep", GALLERY, "-o", "/nonexistent/x.nc"],
        ["sweep", GALLERY, "--format", "netcdf"], ["sweep", GALLERY, "--scheduler", "nope"],
        ["sweep", GALLERY, "--scheduler", "tcp://127.0.0.1:9"],
        ["uncertainty", GALLERY, "-n", "1"], ["uncertainty", GALLERY, "-n", "0"], ["uncertainty", GALLERY, "-n", "-1"],
        ["uncertainty", GALLERY, "-n", "abc"], ["uncertainty", GALLERY, "-n", "2"], ["uncertainty", GALLERY, "-n", "3"],
        ["uncertainty", GALLERY, "-n", "1e9"], ["uncertainty", GALLERY, "-n", "16", "--seed", "-1"],
        ["uncertainty", GALLERY, "-n", "16", "--seed", "abc"], ["uncertainty", GALLERY, "-n", "16", "--seed", str(2**80)],
        ["uncertainty", GALLERY, "-n", "16", "--chunk-size", "0"], ["uncertainty", GALLERY, "-n", "16", "--metrics", "nope"],
        ["uncertainty", GALLERY, "-n", "16", "--metrics"], ["uncertainty", GALLERY, "-n", "16", "--method", "random"],
        ["uncertainty", GALLERY, "-n", "16", "-o", ""], ["uncertainty", GALLERY, "-n", "16", "--set", "routes.cut-stone.yield=0.5"],
        ["uncertainty", GALLERY, "-n", "16", "--scheduler", "tcp://127.0.0.1:9"],
        ["sensitivity", GALLERY, "-n", "0"], ["sensitivity", GALLERY, "-n", "3"], ["sensitivity", GALLERY, "--top", "0"],
        ["sensitivity", GALLERY, "--top", "-1"], ["sensitivity", GALLERY, "--resamples", "0"],
        ["sensitivity", GALLERY, "--resamples", "-5"], ["sensitivity", GALLERY, "--method", "tornado", "--metrics", "nope"],
        ["sensitivity", GALLERY, "--method", "tornado", "-o", ""],
        ["plot", GALLERY, "-o", out + ".png", "--dpi", "0"], ["plot", GALLERY, "-o", out + ".png", "--dpi", "1e9"],
        ["plot", GALLERY, "-o", out + ".xyz"], ["plot", GALLERY, "-o", ""], ["plot", GALLERY, "-o", out + ".png", "--kind", "sweep", "--metric", "nope"],
        ["plot", GALLERY, "-o", out + ".png", "--kind", "distribution", "--samples", "0"],
        ["plot", GALLERY, "-o", out + ".png", "--kind", "distribution", "--samples", "1"],
        ["solve", GALLERY, "transport.landed_cost", "--target", "abc"], ["solve", GALLERY, "transport.landed_cost", "--target", "nan"],
        ["solve", GALLERY, "transport.landed_cost", "--target", "inf"], ["solve", GALLERY, "transport.landed_cost", "--target", "1 kg"],
        ["solve", GALLERY, "transport.landed_cost", "--metric", "nope"], ["solve", GALLERY, "nope"],
        ["solve", GALLERY, "elements[0].count"], ["solve", GALLERY, "transport.landed_cost", "--target", "1e300"],
        ["solve", GALLERY, "transport.landed_cost", "--target", "-1"], ["solve", GALLERY, "transport.landed_cost", "-o", ""],
        ["compare", GALLERY, "--route", "nope"], ["compare", GALLERY, "--route", ""], ["compare", GALLERY, "-o", ""],
        ["report", GALLERY, "-o", ""], ["report", GALLERY, "-o", out + ".xyz"], ["report", GALLERY, "--samples", "0", "-o", out + ".md"],
        ["report", GALLERY, "--samples", "1", "-o", out + ".md"],
        ["run", "-o", ""], ["run", "-o", tmp], ["run", "--format", "nope"], ["run", "/dev/zero"], ["run", tmp],
        ["run", "nope.yaml"], ["validate"], ["explain", "--format", "csv"], ["materials", "--table", "nope"],
        ["schema", "-o", ""], ["run", "\x1b[2J.yaml"], ["run", "\ud800.yaml"],
    ]
    for argv in cmds:
        yield "cli " + " ".join(map(repr, argv)), (lambda a=argv: _timed_cli(a))


def _timed_cli(argv):
    t0 = time.perf_counter()
    kind, detail = cli_case(argv)
    if "--scheduler" in argv and time.perf_counter() - t0 > 15:
        return "slow scheduler error", f"{time.perf_counter() - t0:.0f} s"
    return kind, detail


def api_cases():
    sc = bc.default_scenario()
    gal = bc.load_scenario(GALLERY)
    Q = bc.Q_
    small = {"transport.landed_cost": {"uniform": ["100 kUSD/kg", "1 MUSD/kg"]}}
    cases = {
        "Q_ tower": lambda: Q("1 m * 10**10**10"), "Q_ True": lambda: Q(True, "MUSD/kg"),
        "Q_ long": lambda: Q("1" * 10000 + " m"), "as_si bool": lambda: bc.as_si(True, "m", "x"),
        "as_si None": lambda: bc.as_si(None, "m", "x"), "as_si tower": lambda: bc.as_si("10**10**10 m", "m", "x"),
        "evaluate None": lambda: bc.evaluate(None), "evaluate str": lambda: bc.evaluate("file.yaml"),
        "evaluate dict": lambda: bc.evaluate({}), "evaluate 5": lambda: bc.evaluate(5),
        "overrides list": lambda: bc.evaluate(sc, [1, 2]), "overrides str": lambda: bc.evaluate(sc, "x=1"),
        "list of Q": lambda: bc.evaluate(sc, {"transport.landed_cost": [Q(1, "MUSD/kg"), Q(2, "MUSD/kg")]}),
        "empty array": lambda: bc.evaluate(sc, {"transport.landed_cost": Q(np.array([]), "MUSD/kg")}),
        "empty list": lambda: bc.evaluate(sc, {"economics.availability": []}),
        "count 1e30 int": lambda: bc.evaluate(sc, {"elements[0].count": 10**30}),
        "count 1e300": lambda: bc.evaluate(sc, {"elements[0].count": 1e300}),
        "count 1e13": lambda: bc.evaluate(sc, {"elements[0].count": 10**13}),
        "count array 1e30": lambda: bc.evaluate(sc, {"elements[0].count": np.array([1.0, 1e30])}),
        "count 2.5": lambda: bc.evaluate(sc, {"elements[0].count": 2.5}),
        "count True": lambda: bc.evaluate(sc, {"elements[0].count": True}),
        "yield 1e-300": lambda: bc.evaluate(sc, {"routes.melt-cast.yield": 1e-300}),
        "yield array 1e-300": lambda: bc.evaluate(sc, {"routes.melt-cast.yield": np.array([0.5, 1e-300])}),
        "availability 1e-300": lambda: bc.evaluate(sc, {"economics.availability": 1e-300}),
        "illum 1e-300": lambda: bc.evaluate(sc, {"sites.south-pole-ridge.illumination_fraction": 1e-300}),
        "furnace 1e-300": lambda: bc.evaluate(sc, {"routes.melt-cast.furnace_efficiency": 1e-300}),
        "benef 1e-300": lambda: bc.evaluate(sc, {"routes.melt-cast.beneficiation_yield": 1e-300}),
        "override bytes": lambda: bc.evaluate(sc, {"transport.landed_cost": b"1 MUSD/kg"}),
        "override dict": lambda: bc.evaluate(sc, {"transport.landed_cost": {"a": 1}}),
        "override None": lambda: bc.evaluate(sc, {"transport.landed_cost": None}),
        "override complex": lambda: bc.evaluate(sc, {"economics.availability": 0.5 + 1j}),
        "override nan": lambda: bc.evaluate(sc, {"economics.availability": float("nan")}),
        "override key int": lambda: bc.evaluate(sc, {1: 2}),
        "override 2d ragged": lambda: bc.evaluate(sc, {"economics.availability": [[0.5], [0.5, 0.6]]}),
        "override object arr": lambda: bc.evaluate(sc, {"economics.availability": np.array([None, 1])}),
        "override Q of str": lambda: bc.evaluate(sc, {"transport.landed_cost": Q(np.array(["1"]), "USD/kg")}),
        "override Decimal": lambda: bc.evaluate(sc, {"economics.availability": __import__("decimal").Decimal("0.5")}),
        "override Fraction": lambda: bc.evaluate(sc, {"economics.availability": __import__("fractions").Fraction(1, 2)}),
        "strict str": lambda: bc.evaluate(sc, strict="yes"),
        "load 123": lambda: bc.load_scenario(123), "load None": lambda: bc.load_scenario(None),
        "load bytes path": lambda: bc.load_scenario(b"/nonexistent"), "load dir": lambda: bc.load_scenario("/tmp"),
        "load ''": lambda: bc.load_scenario(""), "load nul": lambda: bc.load_scenario("a\x00b"),
        "from_text bytes": lambda: bc.scenario_from_text(b"x: 1"), "from_text None": lambda: bc.scenario_from_text(None),
        "from_text 5": lambda: bc.scenario_from_text(5), "from_text ''": lambda: bc.scenario_from_text(""),
        "from_text surrogate": lambda: bc.scenario_from_text("name: \ud800\n"),
        "from_dict list": lambda: bc.scenario_from_dict([1]), "from_dict None": lambda: bc.scenario_from_dict(None),
        "from_dict bad keys": lambda: bc.scenario_from_dict({1: 2, None: 3}),
        "to_csv 5": lambda: bc.to_csv(5), "to_csv None": lambda: bc.to_csv(None),
        "to_netcdf 5": lambda: bc.to_netcdf(5, "/tmp/x.nc"), "open_dataset 5": lambda: bc.open_dataset(5),
        "open_dataset missing": lambda: bc.open_dataset("/nonexistent.nc"),
        "summarize None": lambda: bc.summarize(None), "summarize 5": lambda: bc.summarize(5),
        "sweep None": lambda: bc.sweep(None), "sweep chunk 0": lambda: bc.sweep(gal, chunk_points=0),
        "sweep chunk -1": lambda: bc.sweep(gal, chunk_points=-1), "sweep chunk 1.5": lambda: bc.sweep(gal, chunk_points=1.5),
        "sweep chunk True": lambda: bc.sweep(gal, chunk_points=True), "sweep spec list": lambda: bc.sweep(gal, [1, 2]),
        "sweep spec empty": lambda: bc.sweep(gal, {}), "sweep count 1e30": lambda: bc.sweep(gal, {"elements[0].count": [1, 10**30]}),
        "sweep yield 1e-300": lambda: bc.sweep(gal, {"routes.cut-stone.yield": [0.5, 1e-300]}),
        "sweep metrics 5": lambda: bc.sweep(gal, metrics=5), "sweep metrics nope": lambda: bc.sweep(gal, metrics=["nope"]),
        "sweep scheduler 5": lambda: bc.sweep(gal, scheduler=5), "sweep progress str": lambda: bc.sweep(gal, progress="x"),
        "sweep lazy local": lambda: bc.sweep(gal, lazy=True),
        "unc n 0": lambda: bc.uncertainty(gal, n=0), "unc n -1": lambda: bc.uncertainty(gal, n=-1),
        "unc n 1": lambda: bc.uncertainty(gal, n=1), "unc n 1.5": lambda: bc.uncertainty(gal, n=1.5),
        "unc n True": lambda: bc.uncertainty(gal, n=True), "unc n str": lambda: bc.uncertainty(gal, n="16"),
        "unc seed str": lambda: bc.uncertainty(gal, n=16, seed="x"), "unc seed -1": lambda: bc.uncertainty(gal, n=16, seed=-1),
        "unc seed float": lambda: bc.uncertainty(gal, n=16, seed=1.5),
        "unc method nope": lambda: bc.uncertainty(gal, n=16, method="nope"),
        "unc quantiles 2": lambda: bc.uncertainty(gal, n=16, quantiles=[2]),
        "unc quantiles nan": lambda: bc.uncertainty(gal, n=16, quantiles=[float("nan")]),
        "unc quantiles empty": lambda: bc.uncertainty(gal, n=16, quantiles=[]),
        "unc chunk 0": lambda: bc.uncertainty(gal, n=16, chunk_size=0),
        "unc all_defaults nope": lambda: bc.uncertainty(gal, n=16, all_defaults="nope"),
        "unc spec count": lambda: bc.uncertainty(sc, {"elements[0].count": {"uniform": [1, 10]}}, n=16),
        "unc spec yield to 0": lambda: bc.uncertainty(sc, {"routes.melt-cast.yield": {"uniform": [0, 1]}}, n=16),
        "unc spec yield 1e-300": lambda: bc.uncertainty(sc, {"routes.melt-cast.yield": {"uniform": [1e-300, 1]}}, n=16),
        "unc spec normal huge": lambda: bc.uncertainty(sc, {"transport.landed_cost": {"normal": ["1 MUSD/kg", "1e300 USD/kg"]}}, n=16),
        "unc spec reversed": lambda: bc.uncertainty(sc, {"transport.landed_cost": {"uniform": ["1 MUSD/kg", "1 kUSD/kg"]}}, n=16),
        "unc spec str": lambda: bc.uncertainty(sc, "transport.landed_cost", n=16),
        "unc metrics 5": lambda: bc.uncertainty(gal, n=16, metrics=5),
        "sample n 0": lambda: bc.sample(gal, n=0), "sample n 1": lambda: bc.sample(gal, n=1),
        "sobol n_resamples 0": lambda: bc.sobol(sc, small, n=64, n_resamples=0),
        "sobol n_resamples -1": lambda: bc.sobol(sc, small, n=64, n_resamples=-1),
        "sobol confidence 2": lambda: bc.sobol(sc, small, n=64, confidence=2),
        "sobol confidence 0": lambda: bc.sobol(sc, small, n=64, confidence=0),
        "sobol confidence nan": lambda: bc.sobol(sc, small, n=64, confidence=float("nan")),
        "sobol confidence str": lambda: bc.sobol(sc, small, n=64, confidence="x"),
        "sobol n 0": lambda: bc.sobol(sc, small, n=0), "sobol n 3": lambda: bc.sobol(sc, small, n=3),
        "sobol n 1.5": lambda: bc.sobol(sc, small, n=1.5), "sobol cap 0": lambda: bc.sobol(sc, small, n=64, breakeven_cap=0),
        "sobol cap nan": lambda: bc.sobol(sc, small, n=64, breakeven_cap=float("nan")),
        "sobol chunk 0": lambda: bc.sobol(sc, small, n=64, chunk_size=0),
        "sobol metrics nope": lambda: bc.sobol(sc, small, n=64, metrics=["nope"]),
        "tornado inputs 5": lambda: bc.tornado(sc, 5), "tornado inputs nope": lambda: bc.tornado(sc, ["nope"]),
        "tornado metrics 5": lambda: bc.tornado(sc, metrics=5), "tornado None": lambda: bc.tornado(None),
        "sensitivity method": lambda: bc.sensitivity(sc, method="nope"),
        "solve path 5": lambda: bc.solve(sc, 5), "solve path nope": lambda: bc.solve(sc, "nope"),
        "solve metric nope": lambda: bc.solve(sc, "transport.landed_cost", "nope"),
        "solve target nan": lambda: bc.solve(sc, "transport.landed_cost", target=float("nan")),
        "solve target str": lambda: bc.solve(sc, "transport.landed_cost", target="abc"),
        "solve target 1e300": lambda: bc.solve(sc, "transport.landed_cost", target=1e300),
        "solve target None": lambda: bc.solve(sc, "transport.landed_cost", target=None),
        "solve count": lambda: bc.solve(sc, "elements[0].count"),
        "solve yield": lambda: bc.solve(sc, "routes.melt-cast.yield"),
        "solve availability": lambda: bc.solve(sc, "economics.availability", "discounted_cost_ratio"),
        "solve fast str": lambda: bc.solve(sc, "transport.landed_cost", fast="no"),
        "routes nope": lambda: bc.compare_routes(sc, routes=["nope"]), "routes 5": lambda: bc.compare_routes(sc, routes=5),
        "routes empty": lambda: bc.compare_routes(sc, routes=[]), "routes None sc": lambda: bc.compare_routes(None),
        "routes count 1e30": lambda: bc.compare_routes(sc, {"elements[0].count": 10**30}),
        "surface None": lambda: bc.breakeven_surface(None),
    }
    checks = {"evaluate": check_results}
    for name, fn in cases.items():
        check = check_results if name.startswith(("count", "yield", "availability", "illum", "furnace", "benef")) else _dataset_nan
        yield f"api {name}", (lambda f=fn, c=check: api_case(f, c))
    del checks


def _dataset_nan(out):
    """A NaN in a study's result (a located warning must come with it)."""
    import xarray as xr

    if isinstance(out, xr.Dataset):
        for name, v in out.data_vars.items():
            if v.dtype.kind == "f" and not isinstance(v.data, np.ndarray):
                continue
            if v.dtype.kind == "f" and np.isnan(np.asarray(v)).any():
                return f"{name} has NaN"
    if isinstance(out, bc.Results):
        return check_results(out)
    return None


def signal_cases(tmp):
    """A command interrupted (SIGINT, SIGTERM) at random times: exit 130/143 with a message, the
    output whole or absent; a SIGKILL's temporary removed by the next command in the folder."""
    cmds = [["run", "-o", "{}/out.json", "--format", "json"], ["sweep", GALLERY, "-o", "{}/out.nc", "--quiet"]]
    for i in range(30):  # from interpreter start-up to past the end of either command
        for sig in (signal.SIGINT, signal.SIGTERM):
            cmd = cmds[i % 2]
            yield f"signal {sig.name} {cmd[0]} at {0.05 + 0.1 * i:.2f} s", (
                lambda c=cmd, s=sig, d=0.05 + 0.1 * i: _signal_case(tmp, c, s, d))
    yield "signal SIGKILL temporary removed", (lambda: _kill_case(tmp))


def _signal_case(tmp, cmd, sig, delay):
    with tempfile.TemporaryDirectory(dir=tmp) as d:
        argv = [sys.executable, "-m", "basaltcalc", *[a.format(d) for a in cmd]]
        p = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        p.send_signal(sig)
        out, err = p.communicate(timeout=120)
        want = 130 if sig == signal.SIGINT else 143
        left = [n for n in os.listdir(d) if n.endswith(".tmp")]
        if left:
            return "temporary left", str(left)
        if p.returncode == 0:
            return "ok", "finished before the signal"
        if p.returncode != want or not err.strip():
            return "raw signal status", f"exit {p.returncode}, stderr {err.strip()[-120:]!r}"
        return "located", err.strip().splitlines()[-1]


def _kill_case(tmp):
    with tempfile.TemporaryDirectory(dir=tmp) as d:
        stale = Path(d) / ".other.json.basaltcalc-999999999.abcd.tmp"
        stale.write_text("x")
        code, out, err = run_cli(["run", "-o", f"{d}/out.json", "--format", "json"])
        if stale.exists():
            return "temporary left", "a dead process's temporary beside another target stayed"
        return "ok", ""


def main(argv=None):
    quick = "--quick" in (argv or sys.argv[1:])
    tallies: dict[str, Counter] = {}
    findings = []
    with tempfile.TemporaryDirectory() as tmp:
        groups = [("file", file_cases()), ("--set", set_cases()), ("options", option_cases(tmp)),
                  ("api", api_cases()), ("signals", signal_cases(tmp))]
        n = 0
        t0 = time.perf_counter()
        for cls, cases in groups:
            tally = tallies.setdefault(cls, Counter())
            for label, case in cases:
                n += 1
                if quick and n % 10:
                    continue
                kind, detail = case()
                tally[kind] += 1
                if kind not in ("ok", "located"):
                    findings.append((cls, kind, label, detail))
    total = sum(sum(t.values()) for t in tallies.values())
    print(f"{total} cases in {time.perf_counter() - t0:.0f} s")
    for cls, tally in tallies.items():
        print(f"  {cls:8s} {sum(tally.values()):4d}: " + ", ".join(f"{k} {v}" for k, v in tally.most_common()))
    print(f"{len(findings)} findings")
    for cls, kind, label, detail in findings:
        print(f"  [{cls}] {kind}: {label}: {detail}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
