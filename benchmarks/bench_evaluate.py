"""Benchmark of ``basaltcalc.evaluate``: throughput, peak memory, and ratios in the same run.

Run:  python benchmarks/bench_evaluate.py [--max-exp 7] [--loop-points 300]

Prints, for broadcasts of 10^3 .. 10^max-exp points of the packaged default scenario:
* points per second of one broadcast ``evaluate`` (all metrics, quantities out), sweeping
  (a) the landed cost, which touches the cost arithmetic only, and (b) the furnace efficiency,
  which runs through the whole production chain (energy, power, plant, breakevens);
* peak traced memory (numpy allocations are traced) of each call;
* the same model evaluated point by point with pint scalars (one ``evaluate`` per point), and
  the ratio of the broadcast throughput to it, both measured here;
* the latency of a single-point ``evaluate`` and the time of ``import basaltcalc``;
* every broadcast first with glibc's default malloc settings, then with
  :func:`basaltcalc.tune_allocator` (what the ``basaltcalc`` command uses).
Absolute times vary with the machine; the ratios are the figures to compare.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np

import basaltcalc as bc

SWEEPS = {
    "landed cost": ("transport.landed_cost", lambda n: bc.Q_(np.geomspace(1e4, 2e6, n), "USD/kg")),
    "furnace efficiency": ("routes.melt-cast.furnace_efficiency", lambda n: np.linspace(0.3, 0.9, n)),
}


def best_time(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def peak_memory(fn):
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def point_by_point(sc, path, values):
    """The reference: one pint-scalar evaluate per point (what a loop over a spreadsheet does)."""
    for v in values:
        bc.evaluate(sc, {path: v})


def import_time(repeat=5):
    times = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); "
                              "import basaltcalc; print(time.perf_counter() - t)"],
                             capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return min(times), statistics.median(times)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-exp", type=int, default=7)
    ap.add_argument("--loop-points", type=int, default=300)
    ap.add_argument("--goals", action="store_true",
                    help="print issue 13's goals, each against the old path in the same run, and stop")
    ap.add_argument("--goal-points", type=int, default=1 << 20)
    ap.add_argument("--old-tree", help="a checkout of the old code, for the whole-process ratios")
    ap.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--which", default="landed cost", help=argparse.SUPPRESS)
    ap.add_argument("--old", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child or args.goals:
        import goals

        if args.memory_child:
            goals.memory_child(args.memory_child, args.which, args.old)
            return
        sc = bc.default_scenario()
        goals.goals_processes(args.old_tree)
        goals.goals_evaluate(sc, args.goal_points)
        goals.goals_memory(10 ** args.max_exp)
        return
    sc = bc.default_scenario()
    bc.evaluate(sc)  # warm caches (catalogue, pydantic, pint)

    single = [best_time(lambda: bc.evaluate(sc), 1) for _ in range(300)]
    print(f"single-point evaluate: median {statistics.median(single) * 1e3:.3f} ms, "
          f"min {min(single) * 1e3:.3f} ms")
    lo, med = import_time()
    print(f"import basaltcalc (fresh interpreter): min {lo:.3f} s, median {med:.3f} s")
    print()
    loop_rates = {}
    for label, (path, make) in SWEEPS.items():
        loop_vals = make(args.loop_points)
        loop_vals = [loop_vals[i] for i in range(args.loop_points)]
        t_loop = best_time(lambda: point_by_point(sc, path, loop_vals), 1)
        loop_rates[label] = args.loop_points / t_loop
        print(f"point by point with pint scalars, sweep of {path}: {loop_rates[label]:,.0f} points/s "
              f"({args.loop_points} points)")
    for tuned in (False, True):
        if tuned:  # process-wide and irreversible: every default-allocator row comes first
            bc.tune_allocator()
        print()
        print("allocator: " + ("tuned (basaltcalc.tune_allocator, as the basaltcalc command)" if tuned
                               else "glibc default"))
        for label, (path, make) in SWEEPS.items():
            print(f"  sweep of {path} ({label})")
            print(f"  {'points':>10} {'points/s':>14} {'vs loop':>10} {'peak traced MB':>15}")
            for exp in range(3, args.max_exp + 1):
                n = 10 ** exp
                x = make(n)
                bc.evaluate(sc, {path: x})
                t = best_time(lambda: bc.evaluate(sc, {path: x}), 3 if n <= 10**6 else 1)
                mem = peak_memory(lambda: bc.evaluate(sc, {path: x}))
                print(f"  {n:>10,} {n / t:>14,.0f} {n / t / loop_rates[label]:>9,.0f}x {mem / 1e6:>15.1f}")


if __name__ == "__main__":
    main()
