"""Issue 13's performance goals, each as one line: the measured value, the goal, and the ratio to
the old path (benchmarks/old_paths.py, or the /work/main-style checkout given by ``--old-tree``
for whole processes) timed alternately in the same run.

Used by ``bench_evaluate.py --goals`` and ``bench_sweep.py --goals``.  The machine these run on is
shared; absolute numbers move with its load, the ratios measured alternately much less.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import old_paths  # noqa: E402

import basaltcalc as bc  # noqa: E402
from basaltcalc import model  # noqa: E402


def line(name, value, unit, goal, met, ratio=None, note=""):
    r = f"  {ratio:6.2f}x vs old path (same run)" if ratio is not None else ""
    print(f"GOAL {name:<44} {value:>12,.3f} {unit:<10} goal {goal:<12} {'MET' if met else 'NOT MET':<8}{r}"
          f"{'  ' + note if note else ''}", flush=True)


def alternate(new, old, repeat=3):
    """Best times of ``new`` and ``old`` run alternately (old first), each ``repeat`` times."""
    t_new = t_old = math.inf
    for _ in range(repeat):
        with old_paths.installed():
            t = time.perf_counter()
            old()
            t_old = min(t_old, time.perf_counter() - t)
        t = time.perf_counter()
        new()
        t_new = min(t_new, time.perf_counter() - t)
    return t_new, t_old


def ranged_inputs(sc):
    return [(p, i) for p, i in sc.inputs.items() if i.origin == "default" and i.default is not None
            and not p.endswith(".count") and i.default.range_si[0] < i.default.range_si[1]]


def _si_overrides(sc, n, seed=0):
    r = np.random.default_rng(seed)
    values = model.apply_overrides(sc, {})
    for p, i in ranged_inputs(sc):
        values[p] = r.uniform(*i.default.range_si, n)
    return values


def goals_evaluate(sc, n=1 << 20, old_tree=None):
    """All-inputs evaluate, geometry vs landed-cost sweep, single evaluation, ceiling."""
    k = len(ranged_inputs(sc))
    values = _si_overrides(sc, n)
    t_new, t_old = alternate(lambda: model.evaluate_si(sc, values), lambda: model.evaluate_si(sc, values))
    line(f"evaluate, all {k} sourced inputs varied ({n:,} pts)", n / t_new / 1e6, "M pts/s", ">= 3", n / t_new >= 3e6,
         t_old / t_new)
    # the same through bc.evaluate (pint at the boundary, validity checks)
    ov = {p: bc.Q_(values[p], _si_unit(sc, p)) for p, _ in ranged_inputs(sc)}
    t_new, t_old = alternate(lambda: bc.evaluate(sc, ov), lambda: bc.evaluate(sc, ov), 2)
    line(f"bc.evaluate, all {k} inputs (quantities in/out)", n / t_new / 1e6, "M pts/s", ">= 3", n / t_new >= 3e6,
         t_old / t_new)
    # a numpy lower bound: one pass writing every array output from an input (no arithmetic)
    res = model.evaluate_si(sc, values)
    outs = [v for v in res.values() if np.ndim(v)]
    src = values[ranged_inputs(sc)[0][0]]
    bufs = [np.empty_like(src) for _ in outs]

    def floor():
        for b in bufs:
            np.multiply(src, 1.0, out=b)
    floor()
    t_floor = min(_time(floor) for _ in range(3))
    t_core = min(_time(lambda: model.evaluate_si(sc, values)) for _ in range(2))
    line("core / numpy lower bound (one pass per output)", t_core / t_floor, "x", "(report)", True, None,
         f"{len(outs)} array outputs; lower bound {n / t_floor / 1e6:.1f} M pts/s")
    del bufs, res

    # geometry sweep against the landed-cost sweep, both through bc.evaluate
    lc = {"transport.landed_cost": bc.Q_(np.geomspace(1e4, 2e6, n), "USD/kg")}
    geo = {"elements[0].length": bc.Q_(np.linspace(1.0, 6.0, n), "m")}
    t_lc, t_lc_old = alternate(lambda: bc.evaluate(sc, lc), lambda: bc.evaluate(sc, lc))
    t_geo, t_geo_old = alternate(lambda: bc.evaluate(sc, geo), lambda: bc.evaluate(sc, geo))
    line("geometry sweep time / landed-cost sweep time", t_geo / t_lc, "x", "<= 1.5", t_geo / t_lc <= 1.5,
         (t_geo_old / t_lc_old) / (t_geo / t_lc),
         f"geometry {n / t_geo / 1e6:.1f} M/s, landed cost {n / t_lc / 1e6:.1f} M/s; old ratio {t_geo_old / t_lc_old:.2f}x")
    bc.evaluate(sc)
    t_new, t_old = alternate(lambda: [bc.evaluate(sc) for _ in range(50)],
                             lambda: [bc.evaluate(sc) for _ in range(50)])
    line("single evaluation", t_new / 50 * 1e3, "ms", "< 1", t_new / 50 < 1e-3, t_old / t_new)


def _si_unit(sc, p):
    u = sc.inputs[p].unit
    return "" if u.dimensionless else str((1 * u).to_base_units().units)


def _time(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def goals_processes(old_tree=None, repeat=5):
    """``import basaltcalc`` and ``basaltcalc run`` as whole processes, alternately with the old tree."""
    env_old = dict(os.environ, PYTHONPATH=old_tree) if old_tree else None
    # each child runs in its own tree: ``-c`` and ``-m`` put the working directory first on
    # sys.path, so run from a checkout, an "old" child would otherwise import the new code
    here = str(Path(bc.__file__).resolve().parents[1])

    def cwd(env):
        return old_tree if env is not None else here

    def imp(env):
        out = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); import basaltcalc; "
                              "print(time.perf_counter() - t)"], capture_output=True, text=True, check=True, env=env,
                             cwd=cwd(env))
        return float(out.stdout)

    def run(env):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "basaltcalc", "run"], capture_output=True, check=True, env=env,
                       cwd=cwd(env))
        return time.perf_counter() - t

    for name, fn, goal in (("import basaltcalc (fresh process)", imp, 0.3), ("basaltcalc run (whole process)", run, 0.5)):
        new = old = math.inf
        for _ in range(repeat):
            if env_old:
                old = min(old, fn(env_old))
            new = min(new, fn(None))
        line(name, new, "s", f"< {goal}", new < goal, old / new if env_old else None,
             "" if env_old else "(no --old-tree: no ratio)")


def memory_child(n, which, old):
    """In a fresh process: rate at 10^6 and at n, and peak traced memory beyond the outputs."""
    sc = bc.default_scenario()
    path, make = {"landed cost": ("transport.landed_cost", lambda m: bc.Q_(np.geomspace(1e4, 2e6, m), "USD/kg")),
                  "element length": ("elements[0].length", lambda m: bc.Q_(np.linspace(1.0, 6.0, m), "m"))}[which]
    ctx = old_paths.installed() if old else _null()
    with ctx:
        bc.evaluate(sc, {path: make(1000)})
        x6 = make(10 ** 6)
        t6 = min(_time(lambda: bc.evaluate(sc, {path: x6})) for _ in range(2))
        x = make(n)
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        t = time.perf_counter()
        res = bc.evaluate(sc, {path: x})
        tn = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        bufs = {}
        for v in res.raw.values():  # each output buffer once (views and broadcasts share one)
            a = np.asarray(v)
            while a.base is not None and isinstance(a.base, np.ndarray):
                a = a.base
            if a.ndim:
                bufs[a.__array_interface__["data"][0]] = a.nbytes
        kept = sum(bufs.values())
    print(json.dumps({"rate6": 1e6 / t6, "rate": n / tn, "beyond_mb": (peak - kept) / 1e6, "outputs_mb": kept / 1e6}))


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def goals_memory(n=10 ** 7):
    here = Path(__file__).parent / "bench_evaluate.py"
    for which in ("landed cost", "element length"):
        r = {}
        for old in (True, False):
            out = subprocess.run([sys.executable, str(here), "--memory-child", str(n), "--which", which]
                                 + (["--old"] if old else []), capture_output=True, text=True, check=True)
            r[old] = json.loads(out.stdout.strip().splitlines()[-1])
        new, old = r[False], r[True]
        line(f"{n:.0e}-pt evaluate ({which}) rate / 10^6 rate, cold", new["rate"] / new["rate6"], "x", ">= ~1",
             new["rate"] / new["rate6"] >= 0.9, new["rate"] / old["rate"],
             f"{new['rate'] / 1e6:.1f} vs {new['rate6'] / 1e6:.1f} M/s (old {old['rate'] / 1e6:.1f} vs {old['rate6'] / 1e6:.1f})")
        line(f"{n:.0e}-pt evaluate ({which}) peak beyond outputs", new["beyond_mb"], "MB", "< 200",
             new["beyond_mb"] < 200, old["beyond_mb"] / max(new["beyond_mb"], 1e-9),
             f"outputs {new['outputs_mb']:.0f} MB; old path {old['beyond_mb']:.0f} MB beyond")


def goals_sampling(sc, n=1 << 19):
    """Monte Carlo over every sourced range (uniform, triangular, PERT) incl. sampling; Sobol'."""
    for kind in ("uniform", "triangular", "pert"):
        def run():
            bc.uncertainty(sc, {}, n=n, seed=1, all_defaults=kind, progress=False)
        run()
        t_new, t_old = alternate(run, run, 2)
        line(f"Monte Carlo, every sourced range, {kind}", n / t_new / 1e6, "M samp/s", ">= 3", n / t_new >= 3e6,
             t_old / t_new, f"{n:,} samples incl. sampling and streaming statistics")
    chosen = [p for p, _ in ranged_inputs(sc)][:20]
    spec = {p: {"uniform": [f"{lo!r} {u}".strip() if u else lo for lo in sc.inputs[p].default.range_si]}
            for p, u in ((p, _si_unit(sc, p)) for p in chosen)}

    def sob():
        bc.sobol(sc, spec, n=1 << 14, seed=1, progress=False)
    t_new, t_old = alternate(sob, sob, 1)
    line("Sobol', 20 inputs, 2^14 base samples", t_new, "s", "< 1", t_new < 1, t_old / t_new,
         "360,448 evaluations + 200-resample bootstrap")
