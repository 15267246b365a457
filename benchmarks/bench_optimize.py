"""Benchmark of ``bc.optimize`` and ``bc.optimize_sweep`` (issue 28's goals), with the machine's load.

Run:  python benchmarks/bench_optimize.py [--sweep-points 100] [--repeat 3] [--loop 10]

(a) one scenario with 3 continuous and 3 discrete decisions (``scenarios/best-plan-shelter-ring.yaml``:
campaign, development time, module mass; power preset, lander, modular plant: 8 plans; two
constraints; the best Earth design of 7 materials): goal under 2 s;
(b) the best plan at each of ``--sweep-points`` landed costs in one call: goal under 20 s for 100.

Beside each, measured in the same run: the points the search evaluated against its lattice
(the brute force it replaces), and the time of one plain ``evaluate_si`` of as many points as
the search evaluated for one plan's decisions (the model alone, the reference), so the ratio is
the search's overhead; with ``--loop N``, (b) against ``bc.optimize`` called at N of the sweep's
points one by one, scaled to the whole sweep.
"""
from __future__ import annotations

import argparse
import math
import os
import time
import warnings
from pathlib import Path

import numpy as np

import basaltcalc as bc
from basaltcalc import model

ROOT = Path(__file__).resolve().parents[1]


def best_time(fn, repeat):
    best, out = math.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def load() -> str:
    return "load average " + " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"


def reference(sc, n):
    """One evaluate_si of ``n`` points varying the three continuous decisions (the model alone)."""
    values = model.apply_overrides(sc, {})
    rng = np.random.default_rng(0)
    year = 365.25 * 86400
    values["insitu.campaign"] = rng.uniform(0.5, 8, n) * year
    values["economics.development_time"] = rng.uniform(3, 10, n) * year
    values["insitu.plant_module_mass"] = rng.uniform(100, 430, n)
    metrics = ["insitu.npv", "insitu.last_product_time", "insitu.operating_power", "insitu.flights",
               "insitu.storage_units", "insitu.generation_units"]
    return lambda: model.evaluate_si(sc, values, metrics=metrics)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweep-points", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--loop", type=int, default=0, help="also time bc.optimize at N sweep points one by one")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore", RuntimeWarning)
    sc = bc.load_scenario(ROOT / "scenarios" / "best-plan-shelter-ring.yaml")
    spec = sc.blocks["optimize"]
    decisions = spec["decisions"]
    print(f"{os.cpu_count()} cores; {load()}")
    print(f"decisions: {', '.join(decisions)}")

    t_one, best = best_time(lambda: bc.optimize(sc), args.repeat)
    lattice = math.prod(n + 1 for *_, n in best.lattice.values())
    n_plans = math.prod(len(v) for k, v in decisions.items() if "." not in k)
    t_ref, _ = best_time(reference(sc, best.evaluated), args.repeat)
    print(f"(a) one optimisation, {n_plans} plans x {lattice:,} lattice points "
          f"({n_plans * lattice:,} for the brute force): {t_one:.3f} s  goal < 2 s  "
          f"{'MET' if t_one < 2 else 'NOT MET'}")
    print(f"    {best.evaluated:,} points evaluated ({best.evaluated / (n_plans * lattice):.2e} of the lattice); "
          f"one evaluate_si of {best.evaluated:,} points: {t_ref:.3f} s ({t_one / t_ref:.2f} x)")
    print(f"    best: {best.value / 1e6:,.1f} MUSD {best.objective} against {best.file_value / 1e6:,.1f} MUSD "
          f"for the file's plan; {load()}")

    over = {"transport.landed_cost": {"log": ["20 kUSD/kg", "2 MUSD/kg"], "num": args.sweep_points}}
    t_sweep, ds = best_time(lambda: bc.optimize_sweep(sc, over=over), max(1, args.repeat - 1))
    evaluated = int(ds.attrs["evaluated"])
    t_ref2, _ = best_time(reference(sc, evaluated), 1)
    goal = 20.0 * args.sweep_points / 100
    print(f"(b) the best plan at {args.sweep_points} landed costs in one call: {t_sweep:.3f} s  goal < {goal:g} s  "
          f"{'MET' if t_sweep < goal else 'NOT MET'}")
    print(f"    {evaluated:,} points evaluated; one evaluate_si of as many: {t_ref2:.3f} s ({t_sweep / t_ref2:.2f} x); "
          f"{int(ds['plan_change'].sum())} plan changes; {load()}")
    if args.loop:
        x = ds["transport.landed_cost"].values[:: max(1, args.sweep_points // args.loop)][: args.loop]
        t = time.perf_counter()
        for v in x:  # the reference: one optimisation per point
            bc.optimize(sc, overrides={"transport.landed_cost": bc.Q_(float(v), "kUSD/kg")})
        t_loop = (time.perf_counter() - t) / len(x) * args.sweep_points
        print(f"    bc.optimize point by point, {len(x)} points scaled to {args.sweep_points}: {t_loop:.3f} s "
              f"({t_loop / t_sweep:.2f} x the one call)")


if __name__ == "__main__":
    main()
