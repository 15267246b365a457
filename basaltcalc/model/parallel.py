"""A small process-wide thread pool for the chunked core and the samplers.

numpy releases the GIL inside its array loops and its random samplers, so independent chunks
of a broadcast, or the draws of independent inputs (each with its own stream), run on both
cores of a small machine.  Each task writes only its own slice of a preallocated output and does
the same arithmetic on the same values as the serial loop, so results are bitwise identical
whatever the thread count (tests/test_fast_paths.py checks it).

The thread count is :func:`threads` (default ``min(2, os.cpu_count())``, or the environment
variable ``BASALTCALC_THREADS``); :func:`set_threads` changes it.  A task that itself maps runs
its inner tasks serially, so the pool never waits on itself.
"""
from __future__ import annotations

import os
import threading

__all__ = ["threads", "set_threads", "resolve_threads", "map_tasks"]

_state = {"threads": None, "pool": None, "size": 0}
_lock = threading.Lock()
_inside = threading.local()


def _default_threads() -> int:
    env = os.environ.get("BASALTCALC_THREADS", "")
    if env.strip().isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(2, os.cpu_count() or 1))


def threads() -> int:
    """Threads the chunked core and the samplers use. [-]"""
    if _state["threads"] is None:
        _state["threads"] = _default_threads()
    return _state["threads"]


def set_threads(n: int) -> int:
    """Set the thread count (1: everything serial); returns the previous count.

    >>> old = set_threads(1); set_threads(old) == 1
    True
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"threads must be a positive whole number, got {n!r}")
    old = threads()
    _state["threads"] = n
    return old


def _pool(size):
    from concurrent.futures import ThreadPoolExecutor

    with _lock:
        if _state["size"] < size:
            old = _state["pool"]
            _state["pool"] = ThreadPoolExecutor(max_workers=size, thread_name_prefix="basaltcalc")
            _state["size"] = size
            if old is not None:
                old.shutdown(wait=False)
        return _state["pool"]


def _run(fn, item):
    _inside.active = True
    try:
        return fn(item)
    finally:
        _inside.active = False


def resolve_threads(n_threads=None) -> int:
    """The threads :func:`map_tasks` would use: ``n_threads`` (default :func:`threads`), 1 from
    inside a task. [-]"""
    if getattr(_inside, "active", False):
        return 1
    return threads() if n_threads is None else n_threads


def map_tasks(fn, items, n_threads=None) -> list:
    """``[fn(x) for x in items]``, on up to ``n_threads`` threads (default :func:`threads`).

    Serial for one thread, one item, or when called from inside a task.
    """
    items = list(items)
    n = resolve_threads(n_threads)
    if n <= 1 or len(items) <= 1:
        return [fn(x) for x in items]
    pool = _pool(n)
    return list(pool.map(lambda x: _run(fn, x), items))
