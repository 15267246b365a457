"""Benchmark of ``basaltcalc.compare_routes``: every route x 10^5 sweep points in one call, against
one evaluation per route, measured in the same run.

Run:  python benchmarks/bench_routes.py [--points 100000] [--repeat 3]

Prints the time and route-points per second of (a) ``compare_routes(mix=False)`` (the route as a
broadcast axis, one core call), (b) the same four routes evaluated by four separate
``evaluate_si`` calls on prebuilt per-route scenarios (the reference), and (c) ``compare_routes``
with the cheapest mix (every route x every subset of element groups, one more core call), (d)
the same with one shared power system (``share_power=True``), and the ratios to (b).
"""
from __future__ import annotations

import argparse

import numpy as np

import basaltcalc as bc
from basaltcalc import model
from bench_evaluate import best_time  # the shared timers
from basaltcalc.studies.routes import route_scenario


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=10**5)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    n = args.points
    sc = bc.default_scenario()
    ov = {"transport.landed_cost": bc.Q_(np.geomspace(1e4, 2e6, n), "USD/kg"),
          "insitu.campaign": bc.Q_(np.linspace(1.0, 5.0, n), "year")}
    routes = list(bc.compare_routes(sc)["route"].values)
    scenarios = [route_scenario(sc, r) for r in routes]

    def separate():
        return [model.evaluate_si(s, model.apply_overrides(s, ov)) for s in scenarios]

    t_ref = best_time(separate, args.repeat)
    t_one = best_time(lambda: bc.compare_routes(sc, ov, mix=False), args.repeat)
    t_mix = best_time(lambda: bc.compare_routes(sc, ov), args.repeat)
    t_share = best_time(lambda: bc.compare_routes(sc, ov, share_power=True), args.repeat)
    rp = len(routes) * n
    print(f"{len(routes)} routes x {n:,} points ({rp:,} route-points)")
    print(f"  separate evaluate_si per route (reference): {t_ref:.3f} s  {rp / t_ref:,.0f} route-points/s")
    print(f"  compare_routes, one broadcast, no mix:     {t_one:.3f} s  {rp / t_one:,.0f} route-points/s"
          f"  ({t_one / t_ref:.2f} x reference)")
    print(f"  compare_routes with the cheapest mix:      {t_mix:.3f} s  ({t_mix / t_ref:.2f} x reference)")
    print(f"  the mix with a shared power system:        {t_share:.3f} s  ({t_share / t_ref:.2f} x reference)")


if __name__ == "__main__":
    main()
