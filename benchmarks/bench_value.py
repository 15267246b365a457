"""Benchmark of issue 31's goals: the EVPPI of every uncertain input from 2^16 samples (< 10 s),
and what the probability that in-situ is cheaper adds to ``basaltcalc run`` (< 0.3 s).

Run:  python benchmarks/bench_value.py [--samples 65536] [--repeat 5] [--scenario FILE]

Prints (a) the value-of-information study of the scenario (default: the heavy-lander case, a close
call) split into its parts: drawing and evaluating the sample, the EVPPI regressions of every
input (the goal), and the whole ``value_of_information`` call; (b) ``basaltcalc run`` and
``basaltcalc run --no-uncertainty`` as whole processes, run alternately, their medians and the
difference (the goal), with the reference of the same process's import and evaluation; (c) the
probability alone in process; (d) whether run's imports reach scipy.stats or xarray.  These
machines are shared: read the differences and ratios measured in the same run, not absolutes.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import basaltcalc as bc
from basaltcalc.studies import value as V
from basaltcalc.studies.decision import needed_metrics, probability_cheaper
from basaltcalc.studies.sampling import read_uncertainty
from basaltcalc.studies.voi import evppi

ROOT = Path(__file__).resolve().parents[1]
GOAL_EVPPI = 10.0  # s, every input from 2^16 samples
GOAL_RUN = 0.3  # s added to basaltcalc run


def line(name, value, unit, goal, met, note=""):
    print(f"GOAL {name:<52} {value:>9.3f} {unit:<4} goal {goal:<8} {'MET' if met else 'NOT MET':<8}"
          f"{'  ' + note if note else ''}", flush=True)


def bench_value(path, n):
    sc = bc.load_scenario(path)
    t0 = time.perf_counter()
    plan = read_uncertainty(sc, None, n=n, seed=0, method="random")
    x, out = V._evaluate([sc], plan, None, needed_metrics("value:total_cost", sc))
    options, costs, decisions = V._options(sc, [sc], "total_cost", out)
    t1 = time.perf_counter()
    nb = -costs
    inb = nb[1:] - nb[0]
    decs = [d for _, d in decisions]
    for i in range(x.shape[0]):
        evppi(inb, x[i], decs)
    t2 = time.perf_counter()
    k = x.shape[0]
    print(f"value of information of {path.name}: {k} uncertain inputs, {n:,} samples, {len(decs)} decisions")
    print(f"  draw + evaluate the sample   {t1 - t0:8.3f} s  ({n / (t1 - t0) / 1e3:,.0f} k samples/s)")
    print(f"  EVPPI of every input         {t2 - t1:8.3f} s  ({(t2 - t1) / k * 1e3:.1f} ms an input, "
          f"{len(decs)} decisions each)")
    line(f"EVPPI of every input ({k}) from {n:,} samples", t2 - t0, "s", f"< {GOAL_EVPPI:g}", t2 - t0 < GOAL_EVPPI,
         "sample, evaluation and regressions")
    t3 = time.perf_counter()
    bc.value_of_information(sc, n=n, groups=False)
    print(f"  bc.value_of_information (whole call, no groups) {time.perf_counter() - t3:.3f} s")


def _run(args):
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "basaltcalc", "run", *args], capture_output=True, check=True, cwd=ROOT)
    return time.perf_counter() - t


def bench_run(repeat):
    with_p, without = [], []
    _run([])  # warm the file cache
    for _ in range(repeat):  # alternately, so that the machine's load moves both alike
        without.append(_run(["--no-uncertainty"]))
        with_p.append(_run([]))
    a, b = statistics.median(with_p), statistics.median(without)
    print(f"basaltcalc run (whole process), medians of {repeat}: {a:.3f} s with the probability, {b:.3f} s without "
          f"(best {min(with_p):.3f} / {min(without):.3f})")
    line("P(in-situ cheaper) added to basaltcalc run", a - b, "s", f"< {GOAL_RUN:g}", a - b < GOAL_RUN,
         f"best-of difference {min(with_p) - min(without):.3f} s")
    sc = bc.default_scenario()
    probability_cheaper(sc)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        probability_cheaper(sc)
        times.append(time.perf_counter() - t)
    print(f"  probability_cheaper in process (4,096 samples, {len(bc.uncertainty_set(sc))} inputs): "
          f"median {statistics.median(times) * 1e3:.0f} ms")


def bench_imports():
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "basaltcalc", "run"], capture_output=True,
                         text=True, check=True, cwd=ROOT).stderr
    heavy = [m for m in ("scipy.stats", "xarray", "pandas", "matplotlib")
             if any(row.rsplit("|", 1)[-1].strip() == m for row in out.splitlines())]
    print(f"run imports scipy.stats / xarray / pandas / matplotlib: {', '.join(heavy) or 'none of them'}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=1 << 16)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "heavy-lander-transport.yaml")
    args = ap.parse_args(argv)
    bc.tune_allocator()
    np.seterr(all="ignore")
    bench_value(args.scenario, args.samples)
    bench_run(args.repeat)
    bench_imports()


if __name__ == "__main__":
    main()
