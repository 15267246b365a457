"""Benchmark of issue 29's goal: a redraw after one slider move of ``bc.explore`` under 100 ms.

Run:  python benchmarks/bench_explore.py [--steps 12] [--samples 512] [--scenario FILE]

Drags every slider of the explorer as a hand would: from its value down to the low end of its
range, up to the high end and back, in ``--steps`` moves each way (log-spaced on a log slider),
and times each move from ``set`` to the PNG the widget shows, split into

* evaluate: the point (every metric the headline and the breakdown read) and the landed-cost
  curve's sweep (``--num`` points);
* probability: P(in-situ cheaper) from ``--samples`` seeded samples;
* drawing: moving the figure's artists, painting them (over the picture kept from the last draw,
  or the panel whose axis moved, or everything with the layout) and encoding the PNG.

Prints the median, 90th percentile and worst move, how many moves needed each kind of drawing,
and a choice changed (the route, then back), with the load average before and after: these
machines are shared, read the split and the ratios, not only the absolutes.  Each move's CPU time
(``time.process_time``: what the move costs on an idle core) is printed beside its wall time,
which grows with other processes' load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import numpy as np

import basaltcalc as bc

GOAL = 0.100  # s, one slider move to its picture


def _moves(c, steps):
    """A drag over a control: start -> low -> high -> start, ``steps`` moves each leg."""
    space = np.geomspace if c.log and c.low > 0 else np.linspace
    legs = [space(c.start, c.low, steps + 1)[1:], space(c.low, c.high, 2 * steps + 1)[1:],
            space(c.high, c.start, steps + 1)[1:]]
    return [float(f"{v:.4g}") for v in np.concatenate(legs)]


def _move(ex, path, value):
    c0, t0 = time.process_time(), time.perf_counter()
    ex.set(path, value)
    t1 = time.perf_counter()
    ex.png()
    t2 = time.perf_counter()
    view = ex.view.timings
    return {"total": t2 - t0, "cpu": time.process_time() - c0, "evaluate": ex.timings["evaluate"], "probability": ex.timings["probability"],
            "drawing": view["update"] + view["draw"] + view["encode"], "kind": view["kind"],
            "error": ex.error is not None, "set": t1 - t0}


def _summary(rows, key):
    v = sorted(r[key] for r in rows)
    return statistics.median(v), v[int(0.9 * (len(v) - 1))], v[-1]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=12)
    p.add_argument("--samples", type=int, default=512)
    p.add_argument("--num", type=int, default=120)
    p.add_argument("--scenario", type=Path, default=None)
    a = p.parse_args(argv)
    sc = bc.load_scenario(a.scenario) if a.scenario else bc.default_scenario()
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    ex = bc.explore(sc, samples=a.samples, num=a.num)
    t1 = time.perf_counter()
    ex.png()
    t2 = time.perf_counter()
    print(f"explorer of {sc.name!r}: {len(ex.controls)} sliders, {a.samples} samples, a {a.num}-point curve")
    print(f"  bc.explore (ranking by the tornado, first evaluation) {t1 - t0:.3f} s; first picture {t2 - t1:.3f} s")
    rows = []
    for c in ex.controls:
        mine = [_move(ex, c.path, v) for v in _moves(c, a.steps)]
        med = statistics.median(r["total"] for r in mine)
        kinds = {k: sum(r["kind"] == k for r in mine) for k in ("blit", "panels", "full")}
        print(f"  {c.path:<46} {len(mine):>3} moves, median {1e3 * med:6.1f} ms; drawn: {kinds}"
              + (f"; {sum(r['error'] for r in mine)} infeasible" if any(r["error"] for r in mine) else ""))
        rows += mine
        ex.reset()
        ex.png()
    ok = [r for r in rows if not r["error"]]
    print(f"\n{len(ok)} moves (infeasible ones left out: {len(rows) - len(ok)}), times in ms: median / 90th percentile / worst")
    for key in ("total", "cpu", "evaluate", "probability", "drawing"):
        m, p90, worst = _summary(ok, key)
        print(f"  {key:<12} {1e3 * m:7.1f} {1e3 * p90:7.1f} {1e3 * worst:7.1f}")
    for kind in ("blit", "panels", "full"):
        some = [r for r in ok if r["kind"] == kind]
        if some:
            m, p90, worst = _summary(some, "total")
            print(f"  moves drawn by {kind:<7} {len(some):>4} ({len(some) / len(ok):5.1%}): total median {1e3 * m:6.1f} ms, "
                  f"90th {1e3 * p90:6.1f} ms; drawing median {1e3 * _summary(some, 'drawing')[0]:6.1f} ms")
    under = sum(r["total"] < GOAL for r in ok) / len(ok)
    route = next(o for o in ex.choices["insitu.route"].options if o != ex.choices["insitu.route"].start)
    t3 = time.perf_counter()
    ex.set("insitu.route", route)
    ex.png()
    t4 = time.perf_counter()
    ex.set("insitu.route", ex.choices["insitu.route"].start)
    ex.png()
    t5 = time.perf_counter()
    print(f"  a choice: route -> {route} {1e3 * (t4 - t3):.0f} ms (a new scenario, its ranking, its panels drawn anew), "
          f"and back {1e3 * (t5 - t4):.0f} ms (cached)")
    m, cpu = _summary(ok, "total")[0], _summary(ok, "cpu")[0]
    print(f"GOAL redraw after one slider move (median of {len(ok)})          {1e3 * m:7.1f} ms  goal < {1e3 * GOAL:.0f} ms  "
          f"{'MET' if m < GOAL else 'NOT MET'}  ({under:.0%} of moves under it)")
    print(f"     its CPU time (the wall time on an idle core; this process's)  {1e3 * cpu:7.1f} ms  "
          f"{'MET' if cpu < GOAL else 'NOT MET'}  ({sum(r['cpu'] < GOAL for r in ok) / len(ok):.0%} of moves under it)")
    print(f"load average before {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}, after "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" ({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
