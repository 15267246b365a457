"""Benchmark of sweeps, chunked Monte Carlo and Sobol' analysis, with ratios measured in the same run.

Run:  python benchmarks/bench_sweep.py [--grid-side 1000] [--mc 1e7 1e8] [--sobol-n 16384] [--loop 300]

Prints:
* a 10^6-point grid (1000 landed costs x 1000 plant specific masses, through the whole production
  chain) by ``bc.sweep`` (labelled xarray result), against the raw core
  (``model.evaluate_si`` on the same open-mesh arrays, no dataset) and against single
  ``bc.evaluate`` calls looped over a small subset (extrapolated);
* Monte Carlo runs of ``bc.uncertainty`` (6 uncertain inputs: triangular, log-uniform, PERT,
  lognormal, normal in degC, uniform; 10 metrics with streaming mean/std/quantiles/probability),
  each in a fresh process so that its peak resident memory (VmHWM) is its own, against
  sampling + ``bc.evaluate`` per sample looped over a small subset;
* a Sobol' analysis over 20 inputs with 2^14 base samples (n (d + 2) = 360,448 evaluations and a
  200-resample bootstrap), against looped single evaluations of the same count (extrapolated).
Absolute times vary with the machine (these are shared and noisy); the ratios are measured in the
same run.
"""
from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import basaltcalc as bc
from basaltcalc import model

SPEC = {
    "routes.melt-cast.plant_specific_mass": {"triangular": ["50 kg/(kg/h)", "150 kg/(kg/h)", "400 kg/(kg/h)"]},
    "transport.landed_cost": {"loguniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]},
    "economics.ddte": {"pert": ["0.2 BUSD", "1 BUSD", "5 BUSD"]},
    "economics.hardware_cost": {"lognormal": ["50 kUSD/kg", 0.5]},
    "sites.south-pole-ridge.ambient_temperature": {"normal": ["-73 degC", "20 K"]},
    "routes.melt-cast.yield": {"uniform": [0.7, 0.95]},
}


#: The DESIGN 4 example block: one triangular input.
DESIGN_SPEC = {"routes.melt-cast.plant_specific_mass":
               {"triangular": ["50 kg/(kg/h)", "150 kg/(kg/h)", "400 kg/(kg/h)"]}}


def best(fn, repeat=3):
    t_best = math.inf
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        t_best = min(t_best, time.perf_counter() - t)
    return t_best, out


def loop_rate(sc, make_overrides, k):
    """Points/s of single ``bc.evaluate`` calls (pint at the boundary), over k points."""
    ovs = [make_overrides(i) for i in range(k)]
    t = time.perf_counter()
    for ov in ovs:
        bc.evaluate(sc, ov)
    return k / (time.perf_counter() - t)


def bench_grid(sc, side, k):
    spec = {"transport.landed_cost": {"log": ["10 kUSD/kg", "2 MUSD/kg"], "num": side},
            "routes.melt-cast.plant_specific_mass": {"log": ["50 kg/(kg/h)", "1000 kg/(kg/h)"], "num": side}}
    n = side * side
    ds = bc.sweep(sc, spec, progress=False)  # warm: imports, and a heap grown to the grid's size
    base = model.apply_overrides(sc, {})
    values = dict(base)
    values["transport.landed_cost"] = ds["transport.landed_cost"].values[:, None] * 1e3
    values["routes.melt-cast.plant_specific_mass"] = (
        bc.Q_(ds["routes.melt-cast.plant_specific_mass"].values[None, :], "kg/(kg/h)").m_as("s"))
    model.evaluate_si(sc, values)
    del ds
    # both timed in the same warm state, alternately, best of 5 each
    t_sweep = t_raw = math.inf
    for _ in range(5):
        t_sweep = min(t_sweep, best(lambda: bc.sweep(sc, spec, progress=False), 1)[0])
        t_raw = min(t_raw, best(lambda: model.evaluate_si(sc, values), 1)[0])
    lc = np.geomspace(1e4, 2e6, k)
    psm = np.geomspace(50, 1000, k)
    r_loop = loop_rate(sc, lambda i: {"transport.landed_cost": bc.Q_(lc[i], "USD/kg"),
                                      "routes.melt-cast.plant_specific_mass": bc.Q_(psm[i], "kg/(kg/h)")}, k)
    print(f"grid of {n:,} points (transport.landed_cost x routes.melt-cast.plant_specific_mass)")
    print(f"  bc.sweep -> xarray       {n / t_sweep:>14,.0f} points/s  ({t_sweep:.3f} s)")
    print(f"  raw core (evaluate_si)   {n / t_raw:>14,.0f} points/s  ({t_raw:.3f} s)")
    print(f"  sweep time / raw core    {t_sweep / t_raw:>14.2f}x   (goal <= 1.5x)")
    print(f"  looped bc.evaluate       {r_loop:>14,.0f} points/s  ({k} points; 10^6 would take "
          f"{n / r_loop:,.0f} s)")
    print(f"  sweep vs loop            {n / t_sweep / r_loop:>14,.0f}x faster")
    print()


def peak_rss_mb():
    """Peak resident memory of this process (VmHWM: reset by exec, unlike ru_maxrss, which a
    child inherits from its parent on Linux)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mc_child(n, chunk, which="six"):
    """Run one Monte Carlo in this (fresh) process; print JSON with time and peak RSS."""
    spec = SPEC if which == "six" else DESIGN_SPEC
    sc = bc.default_scenario()
    bc.uncertainty(sc, spec, n=1 << 12, seed=0, progress=False)  # warm imports
    rss0 = peak_rss_mb()
    t = time.perf_counter()
    st = bc.uncertainty(sc, spec, n=n, seed=1, chunk_size=chunk, progress=False)
    dt = time.perf_counter() - t
    rss = peak_rss_mb()
    print(json.dumps({"n": n, "seconds": dt, "peak_rss_mb": rss, "rss_before_mb": rss0,
                      "p": float(st["p_insitu_cheaper"]),
                      "cost_ratio_mean": float(st["mean"].sel(metric="cost_ratio"))}))


def bench_mc(sc, sizes, chunk, k, which="six"):
    from basaltcalc.studies.sampling import Sampler, read_uncertainty

    plan = read_uncertainty(sc, SPEC if which == "six" else DESIGN_SPEC, n=k, seed=1)
    x = Sampler(plan).draw(0, k)
    units = {d.path: sc.inputs[d.path].unit for d in plan.dists}
    t = time.perf_counter()
    x = Sampler(plan).draw(0, k)  # sampling is part of the reference's work too
    for i in range(k):
        bc.evaluate(sc, {d.path: bc.Q_(x[j, i], units[d.path]) for j, d in enumerate(plan.dists)})
    r_loop = k / (time.perf_counter() - t)
    label = "6 inputs (SPEC)" if which == "six" else "1 triangular input (DESIGN 4 block)"
    print(f"Monte Carlo, {label}, 10 metrics streamed, chunks of {chunk:,}")
    print(f"  looped sample + bc.evaluate: {r_loop:,.0f} samples/s ({k} samples)")
    print(f"  {'samples':>13} {'samples/s':>12} {'seconds':>9} {'peak RSS MB':>12} {'vs loop':>9}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--mc-child", str(n), "--chunk", str(chunk),
                              "--which", which],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rate = n / r["seconds"]
        print(f"  {n:>13,} {rate:>12,.0f} {r['seconds']:>9.1f} {r['peak_rss_mb']:>12.1f} "
              f"{rate / r_loop:>8,.0f}x   (RSS before the run {r['rss_before_mb']:.0f} MB; "
              f"P(cheaper) {r['p']:.4f})")
    print()


def bench_sobol(sc, n, k):
    ranged = [p for p, i in sc.inputs.items() if i.origin == "default" and i.default is not None
              and i.default.range_si[0] < i.default.range_si[1]]
    chosen = ranged[:20]
    spec = {}
    for p in chosen:
        lo, hi = sc.inputs[p].default.range_si
        spec[p] = {"uniform": [lo, hi], "unit": str(sc.inputs[p].unit)}
    t = time.perf_counter()
    ds = bc.sobol(sc, spec, n=n, seed=1, progress=False)
    dt = time.perf_counter() - t
    evals = ds.attrs["evaluations"]
    rng = np.random.default_rng(0)
    r_loop = loop_rate(sc, lambda i: {p: bc.Q_(rng.uniform(*sc.inputs[p].default.range_si),
                                               sc.inputs[p].unit) for p in chosen}, k)
    top = ", ".join(f"{ds['input'].values[i]} ({ds['total_order'].values[0, i]:.2f})" for i in range(3))
    print(f"Sobol' analysis: {len(chosen)} inputs, {n:,} base samples, {evals:,} evaluations, "
          f"{ds.attrs['bootstrap_resamples']} bootstrap resamples")
    print(f"  bc.sobol                 {dt:>8.1f} s   (goal < 60 s)")
    print(f"  looped bc.evaluate       {evals / r_loop:>8.0f} s   (extrapolated from {k} points)")
    print(f"  ratio                    {evals / r_loop / dt:>8,.0f}x faster")
    print(f"  top inputs of cost_ratio by total index: {top}")
    print()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid-side", type=int, default=1000)
    ap.add_argument("--mc", type=float, nargs="*", default=[1e7, 1e8])
    ap.add_argument("--chunk", type=int, default=1 << 16)
    ap.add_argument("--sobol-n", type=int, default=1 << 14)
    ap.add_argument("--loop", type=int, default=300, help="points of the looped reference")
    ap.add_argument("--mc-child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--which", default="six", help=argparse.SUPPRESS)
    ap.add_argument("--mc-design", type=float, nargs="*", default=[1e7],
                    help="sample counts for the one-input DESIGN 4 block")
    ap.add_argument("--goals", action="store_true",
                    help="print issue 13's Monte Carlo and Sobol' goals against the old paths, and stop")
    ap.add_argument("--goal-samples", type=int, default=1 << 19)
    args = ap.parse_args(argv)
    if args.goals:  # with glibc's default allocator: the speed should not hinge on it
        sys.path.insert(0, str(Path(__file__).parent))
        import goals

        goals.goals_sampling(bc.default_scenario(), args.goal_samples)
        return
    bc.tune_allocator()  # as the basaltcalc command does (see basaltcalc/memory.py)
    if args.mc_child:
        mc_child(args.mc_child, args.chunk, args.which)
        return
    sc = bc.default_scenario()
    bc.evaluate(sc)
    bench_mc(sc, [int(x) for x in args.mc], args.chunk, args.loop)
    if args.mc_design:
        bench_mc(sc, [int(x) for x in args.mc_design], args.chunk, args.loop, which="design")
    bench_grid(sc, args.grid_side, args.loop)
    bench_sobol(sc, args.sobol_n, args.loop)


if __name__ == "__main__":
    main()
