"""Benchmark of Monte Carlo on dask against the local path, measured in the same run.

Run:  python benchmarks/bench_dask.py [--n 1e8] [--block 262144] [--workers 2]

Prints, for ``bc.uncertainty`` over 3 uncertain inputs (10 headline metrics, streaming
statistics):
* samples per second on the local path (``scheduler="local"``, this process) and on a local cluster
  of ``--workers`` worker processes (one thread each), and their ratio; that both statistics are
  bit-identical.  The cluster is distributed's ``SubprocessCluster``: a LocalCluster whose
  scheduler runs in its own process, as on a real cluster, so that the client's memory below is
  the client's alone (a LocalCluster hosts the scheduler, and its task records, in the client's
  process);
* the per-block overhead of the cluster path: the same samples in 4096-sample blocks against a few
  large blocks, (difference x workers) / (difference in blocks), in worker-seconds per block;
* the peak Python-heap memory of the client (tracemalloc, numpy buffers included) on the cluster
  path for n/10 and n samples: it must not grow with the sample count.
The machine these run on is shared and noisy: the absolute rates vary, the ratios hold better.
"""
from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

import basaltcalc as bc

SPEC = {"routes.melt-cast.plant_specific_mass":
        {"triangular": ["50 kg/(kg/h)", "150 kg/(kg/h)", "400 kg/(kg/h)"]},
        "transport.landed_cost": {"loguniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]},
        "insitu.campaign": {"normal": ["2 year", "0.2 year"]}}


def run(sc, n, scheduler, block, peak=False):
    if peak:
        tracemalloc.start()
    t = time.perf_counter()
    ds = bc.uncertainty(sc, SPEC, n=n, seed=1, progress=False, scheduler=scheduler, chunk_size=block,
                        allow_large=True)
    dt = time.perf_counter() - t
    top = tracemalloc.get_traced_memory()[1] if peak else 0
    if peak:
        tracemalloc.stop()
    return ds, dt, top


def same(a, b):
    return all(np.array_equal(a[v].values, b[v].values, equal_nan=True) for v in a.data_vars)


def main():
    from distributed.deploy.subprocess import SubprocessCluster

    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=float, default=1e8, help="samples (default 1e8)")
    ap.add_argument("--block", type=int, default=1 << 18, help="samples per block")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    n = int(args.n)
    bc.tune_allocator()  # as the CLI does for its process (the cluster's workers do it themselves)
    sc = bc.default_scenario()
    with SubprocessCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None,
                           silence_logs=40) as cluster:
        addr = cluster.scheduler_address
        run(sc, 1 << 16, addr, 1 << 14)  # warm the workers (imports)
        ref, t_local, _ = run(sc, n, "local", 1 << 16)
        got, t_cl, peak_n = run(sc, n, addr, args.block, peak=True)
        print(f"samples: {n:,}; block {args.block:,}; {args.workers} workers")
        print(f"local:   {n / t_local:12,.0f} samples/s ({t_local:.1f} s)")
        print(f"cluster: {n / t_cl:12,.0f} samples/s ({t_cl:.1f} s); ratio cluster/local "
              f"{t_local / t_cl:.2f}; statistics bit-identical: {same(ref, got)}")
        small = 64 * 4096
        _, t_small, _ = run(sc, small, addr, 4096)
        _, t_big, _ = run(sc, small, addr, small // 4)
        per_block = (t_small - t_big) * args.workers / (64 - 4)
        t_block = args.block / (n / t_cl) * args.workers
        print(f"per-block overhead: {per_block * 1e3:.1f} ms worker time per block "
              f"({per_block / t_block:.1%} of a {args.block:,}-sample block's {t_block:.2f} s)")
        _, _, peak_small = run(sc, max(n // 10, args.block), addr, args.block, peak=True)
        print(f"client peak heap: {peak_small / 2**20:.2f} MiB at n/10, {peak_n / 2**20:.2f} MiB at n "
              f"(ratio {peak_n / max(peak_small, 1):.3f})")
        few = run(sc, 64 * 4096, addr, 4096, peak=True)[2]
        many = run(sc, 1024 * 4096, addr, 4096, peak=True)[2]
        print(f"client peak heap by block count: {few / 2**20:.2f} MiB for 64 blocks, "
              f"{many / 2**20:.2f} MiB for 1,024 blocks (ratio {many / max(few, 1):.3f})")


if __name__ == "__main__":
    main()
