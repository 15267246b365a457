"""Benchmark of ``basaltcalc.solve``: points per second over 10^5 points, and ratios in the same run.

Run:  python benchmarks/bench_solve.py [--points 100000] [--repeat 3]

Solves, at every point of a 10^5-point landed-cost sweep of the packaged default scenario, for
the value of an input at which ``cost_ratio`` = 1:
* the plant specific mass and the campaign (bracketing scan + Chandrupatla, every point at once);
* the landed cost itself over a campaign sweep, by the closed form and by bracketing;
and prints points per second, peak traced memory, and each time as a multiple of one broadcast
evaluation of all metrics over the same points (the reference, measured here).
"""
from __future__ import annotations

import argparse

import numpy as np

import basaltcalc as bc
from basaltcalc import model
from bench_evaluate import best_time, peak_memory  # the shared timers


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=10**5)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    n = args.points
    sc = bc.default_scenario()
    landed = {"transport.landed_cost": bc.Q_(np.geomspace(1e4, 2e6, n), "USD/kg")}
    campaign = {"insitu.campaign": bc.Q_(np.linspace(0.5, 6.0, n), "year")}
    values = model.apply_overrides(sc, landed)
    reference = best_time(lambda: model.evaluate_si(sc, values), args.repeat)
    print(f"reference: one evaluate_si of all metrics over {n:,} points: {reference * 1e3:.1f} ms "
          f"({n / reference:,.0f} points/s)")
    cases = {
        "plant_specific_mass (bracketing)": lambda: bc.solve(sc, "routes.melt-cast.plant_specific_mass",
                                                             overrides=landed),
        "campaign (bracketing)": lambda: bc.solve(sc, "insitu.campaign", overrides=landed),
        "landed_cost (closed form)": lambda: bc.solve(sc, "transport.landed_cost", overrides=campaign),
        "landed_cost (bracketing)": lambda: bc.solve(sc, "transport.landed_cost", overrides=campaign,
                                                     fast=False),
    }
    print(f"{'solve for':<36} {'points/s':>12} {'x evaluate':>11} {'peak MiB':>9}  solved")
    for name, fn in cases.items():
        t = best_time(fn, args.repeat)
        sol = fn()
        solved = np.count_nonzero(sol.code == 0)
        print(f"{name:<36} {n / t:>12,.0f} {t / reference:>11.1f} {peak_memory(fn) / 2**20:>9.1f}  "
              f"{solved:,}/{n:,}")


if __name__ == "__main__":
    main()
