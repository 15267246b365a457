"""Issue 26's goals, each measured against the e21bda3 tree and against the memory bound, in one run.

Run:  python benchmarks/bench_goals.py [--points 1000000] [--old-tree DIR] [--repeat 3] [--allocator tuned]

Every figure is measured in a child process (a fresh interpreter, the tree's own code first on
``sys.path``), the new tree and the old one alternately, best of ``--repeat``; each line prints

* the figure and its goal;
* its ratio to the same figure of the **e21bda3** tree (the last tree that swept at memory speed;
  extracted with ``git archive`` into a temporary folder unless ``--old-tree`` names a checkout),
  where that tree can compute it;
* its ratio to the **memory bound**: the time numpy takes to write the same bytes (one copy of
  the swept input per output asked, ``np.copyto``), measured in the same child;
* the load average of this machine when it was measured (shared machines are noisy; the ratios
  measured alternately hold better than the absolute rates).

Goals (issue 26): landed-cost sweep of ``cost_ratio`` and ``savings`` >= 30 M points/s; the same
with every metric >= 5 M/s; an element-length sweep of ``cost_ratio`` >= 5 M/s; every-range Monte
Carlo >= 1 M samples/s; 10^7-point sweeps hold < 200 MB beyond the outputs asked; two threads
>= 1.7x one on the all-input core; ``basaltcalc run`` < 0.5 s; a single evaluation < 0.5 ms.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEW_TREE = HERE.parent
OLD_COMMIT = "e21bda3"

#: The child's code: ``kind`` and ``n`` from argv; prints one JSON line.
CHILD = r'''
import json, sys, time, math, tracemalloc
import numpy as np
import basaltcalc as bc
kind, n, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
new = "metrics" in bc.evaluate.__code__.co_varnames
if sys.argv[4] == "tuned" and hasattr(bc, "tune_allocator"):
    bc.tune_allocator()  # as the basaltcalc command does (basaltcalc.memory)

def best(fn):
    t = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); t = min(t, time.perf_counter() - t0)
    return t

def bound(x, k):
    """numpy writing k outputs the size of x: one copy each."""
    bufs = [np.empty_like(x) for _ in range(k)]
    def f():
        for b in bufs:
            np.copyto(b, x)
    f()
    return best(f)

sc = bc.default_scenario()
out = {}
if kind in ("landed", "landed-all", "length"):
    if kind == "length":
        path, x = "elements[0].length", np.linspace(1.0, 6.0, n)
        q = bc.Q_(x, "m")
    else:
        path, x = "transport.landed_cost", np.geomspace(1e4, 2e6, n)
        q = bc.Q_(x, "USD/kg")
    names = ["cost_ratio", "savings"] if kind == "landed" else ["cost_ratio"]
    if kind == "landed-all":
        names = list(bc.model.METRICS)
    kw = {"metrics": names} if new else {}
    bc.evaluate(sc, {path: q[:1000]}, **kw)
    def f():
        r = bc.evaluate(sc, {path: q}, **kw)
        for m in names:
            r[m]
    out["seconds"] = best(f)
    out["bound"] = bound(x, len(names))
    out["rate"] = n / out["seconds"]
elif kind == "single":
    bc.evaluate(sc)["cost_ratio"]
    k = 200
    def f():
        for _ in range(k):
            bc.evaluate(sc)["cost_ratio"]
    out["seconds"] = best(f) / k
    def g():
        for _ in range(k):
            r = bc.evaluate(sc)
            for m in bc.model.METRICS:
                r[m]
    out["all_metrics_seconds"] = best(g) / k
    # a slider: one input changed on every call (the same point again reuses every node kept by
    # the memo of small evaluations; these show what a changed input costs)
    for key, path, unit, x in (("landed_seconds", "transport.landed_cost", "USD/kg", np.geomspace(1e5, 1e6, k)),
                               ("length_seconds", "elements[0].length", "m", np.linspace(1.0, 4.0, k))):
        qs = [bc.Q_(float(v), unit) for v in x]
        def h():
            for q in qs:
                bc.evaluate(sc, {path: q})["cost_ratio"]
        out[key] = best(h) / k
elif kind.startswith("memory"):
    which = kind.split("-", 1)[1]
    path, q = (("transport.landed_cost", bc.Q_(np.geomspace(1e4, 2e6, n), "USD/kg")) if which == "landed"
               else ("elements[0].length", bc.Q_(np.linspace(1.0, 6.0, n), "m")))
    kw = {"metrics": ["cost_ratio", "savings"]} if new else {}
    bc.evaluate(sc, {path: q[:1000]}, **kw)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    r = bc.evaluate(sc, {path: q}, **kw)
    # the outputs asked: each metric for every Earth design compared with (the comparator axis),
    # as the evaluation keeps them (``r.raw[m]`` is the primary design's slice, a view)
    ev = getattr(r.raw, "evaluation", None)
    kept = 0
    for m in ("cost_ratio", "savings"):
        kept += np.asarray(ev.kept[m] if ev is not None else r.raw[m]).nbytes
    out["seconds"] = time.perf_counter() - t0
    out["beyond_mb"] = (tracemalloc.get_traced_memory()[1] - base - kept) / 1e6
    out["outputs_mb"] = kept / 1e6
    out["rate"] = n / out["seconds"]
elif kind in ("mc", "threads"):
    from basaltcalc.model import parallel
    ranged = [(p, i) for p, i in sc.inputs.items() if i.origin == "default" and i.default is not None
              and not p.endswith(".count") and i.default.range_si[0] < i.default.range_si[1]]
    if kind == "mc":
        kw = {"metrics": ["cost_ratio", "savings"]} if new else {}
        def f():
            bc.uncertainty(sc, {}, n=n, seed=1, all_defaults="uniform", progress=False, **kw)
        f()
        out["seconds"] = best(f)
        out["rate"] = n / out["seconds"]
        out["inputs"] = len(ranged)
    else:
        rng = np.random.default_rng(0)
        values = bc.model.apply_overrides(sc, {})
        for p, i in ranged:
            values[p] = rng.uniform(*i.default.range_si, n)
        names = ["cost_ratio", "savings", "insitu.total_cost", "earth.total_cost"]
        kw = {"metrics": names} if new else {}
        for t in (1, 2):
            parallel.set_threads(t)
            out[f"t{t}"] = best(lambda: bc.model.evaluate_si(sc, values, **kw))
        out["rate"] = n / out["t2"]
        out["inputs"] = len(ranged)
print(json.dumps(out))
'''


#: The allocator the children run with: glibc's defaults (a notebook's), or ``tuned``
#: (:func:`basaltcalc.tune_allocator`, what the ``basaltcalc`` command sets).
ALLOCATOR = ["default"]


def child(tree: Path, kind: str, n: int, repeat: int) -> dict | None:
    env = dict(os.environ, PYTHONPATH=str(tree))
    r = subprocess.run([sys.executable, "-c", CHILD, kind, str(n), str(repeat), ALLOCATOR[0]], capture_output=True,
                       text=True, env=env, cwd=tree)
    if r.returncode:
        return None
    return json.loads(r.stdout.strip().splitlines()[-1])


def whole_run(tree: Path, repeat: int) -> float:
    """Best wall time of ``python -m basaltcalc run`` on ``tree``, byte-compiled as an installed
    package is (its bytecode cached under a temporary prefix by a first, unmeasured run; this
    environment may set PYTHONDONTWRITEBYTECODE, which would compile every module each run). [s]"""
    best = math.inf
    with tempfile.TemporaryDirectory(prefix="basaltcalc-pycache-") as cache:
        env = dict(os.environ, PYTHONPATH=str(tree), PYTHONPYCACHEPREFIX=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for k in range(repeat + 1):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "basaltcalc", "run"], capture_output=True, check=True,
                           env=env, cwd=tree)
            if k:  # the first run compiles
                best = min(best, time.perf_counter() - t)
    return best


def old_tree(given: str | None) -> Path:
    if given:
        return Path(given)
    folder = Path(tempfile.mkdtemp(prefix="basaltcalc-e21bda3-"))
    archive = subprocess.run(["git", "-C", str(NEW_TREE), "archive", OLD_COMMIT], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def line(name, value, unit, goal, met, old=None, bound=None):
    load = os.getloadavg()[0]
    parts = [f"GOAL {name:<50} {value:>10.3f} {unit:<9} goal {goal:<9} {'MET' if met else 'NOT MET':<8}"]
    parts.append(f"vs e21bda3 {old:6.2f}x" if old is not None else "vs e21bda3    n/a")
    parts.append(f"vs memory bound {bound:6.2f}x" if bound is not None else "")
    parts.append(f"load {load:.2f}")
    print("  ".join(p for p in parts if p), flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=10 ** 6)
    ap.add_argument("--mc", type=int, default=1 << 18, help="Monte Carlo samples")
    ap.add_argument("--big", type=int, default=10 ** 7, help="points of the memory goal")
    ap.add_argument("--old-tree", help=f"a checkout of {OLD_COMMIT} (default: git archive into a temp folder)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--allocator", choices=("default", "tuned"), default="default",
                    help="glibc's malloc defaults (a notebook's), or tuned as the basaltcalc command runs "
                         "(basaltcalc.tune_allocator)")
    args = ap.parse_args(argv)
    ALLOCATOR[0] = args.allocator
    old = old_tree(args.old_tree)
    n, rep = args.points, args.repeat
    print(f"new tree {NEW_TREE}; old tree {old} ({OLD_COMMIT}); {os.cpu_count()} cores; "
          f"allocator {args.allocator}; load {os.getloadavg()}", flush=True)

    def pair(kind, npts):  # the old tree first, then the new, alternately
        o = child(old, kind, npts, rep)
        w = child(NEW_TREE, kind, npts, rep)
        return w, o

    for kind, name, goal in (("landed", "landed-cost sweep, cost_ratio + savings", 30.0),
                             ("landed-all", "landed-cost sweep, every metric", 5.0),
                             ("length", "element-length sweep, cost_ratio", 5.0)):
        w, o = pair(kind, n)
        line(f"{name} ({n:.0e} pts)", w["rate"] / 1e6, "M pts/s", f">= {goal:g}", w["rate"] >= goal * 1e6,
             w["rate"] / o["rate"] if o else None, w["seconds"] / w["bound"])
    w = child(NEW_TREE, "mc", args.mc, rep)
    line(f"Monte Carlo, every sourced range ({w['inputs']} inputs, {args.mc:,} samples)", w["rate"] / 1e6,
         "M samp/s", ">= 1", w["rate"] >= 1e6)
    w = child(NEW_TREE, "threads", 1 << 18, rep)
    line(f"all {w['inputs']} inputs varied: 2 threads / 1 thread (2^18 pts)", w["t1"] / w["t2"], "x", ">= 1.7",
         w["t1"] / w["t2"] >= 1.7)
    for which in ("landed", "length"):
        w, o = pair(f"memory-{which}", args.big)
        line(f"{args.big:.0e}-pt {which} sweep: beyond the outputs asked", w["beyond_mb"], "MB", "< 200",
             w["beyond_mb"] < 200, (o["beyond_mb"] / w["beyond_mb"]) if o and w["beyond_mb"] > 0 else None)
    t_old, t_new = whole_run(old, rep), whole_run(NEW_TREE, rep)
    line("basaltcalc run (whole process)", t_new, "s", "< 0.5", t_new < 0.5, t_old / t_new)
    w, o = pair("single", 0)
    line("single evaluate + cost_ratio", w["seconds"] * 1e3, "ms", "< 0.5", w["seconds"] < 5e-4,
         o["seconds"] / w["seconds"] if o else None)
    line("single evaluate + every metric", w["all_metrics_seconds"] * 1e3, "ms", "(report)", True,
         o["all_metrics_seconds"] / w["all_metrics_seconds"] if o else None)
    for key, what in (("landed_seconds", "landed cost"), ("length_seconds", "element length")):
        line(f"single evaluate + cost_ratio, {what} changed each call", w[key] * 1e3, "ms", "(report)", True,
             o[key] / w[key] if o else None)


if __name__ == "__main__":
    main()
