"""Keeping the core's temporary arrays in the C heap between calls (glibc only, opt-in).

Every array operation of the numpy core allocates its result.  With glibc's default malloc
settings, a freed block of more than a few hundred kB at the top of the heap is returned to the
operating system (trimmed) and the next call maps and page-faults it again: on the virtual
machines here that costs more than the arithmetic itself (measured: 6.5 M points/s for the core on
chunks of 65,536 points with the defaults, 42 M points/s with the settings below).
:func:`tune_allocator` raises glibc's mmap and trim thresholds so freed buffers are reused.

It changes a process-wide setting, so the library never calls it on import: the ``basaltcalc``
command and the benchmarks do, and a notebook running large sweeps may.  Memory freed by numpy is
then kept by the process (up to ``trim_threshold`` at the top of the heap) instead of returned at
once.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import sys

__all__ = ["tune_allocator", "block_points", "memory_budget", "size_text", "duration_text", "BUDGET_CAP"]

#: The most memory a study's or an evaluation's results may take, whatever the machine has:
#: half the available memory, at most this. [B]
BUDGET_CAP = 16 << 30

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_applied: tuple | None = None


def tune_allocator(mmap_threshold: int = 64 << 20, trim_threshold: int = 512 << 20) -> bool:
    """Raise glibc's malloc mmap and trim thresholds (bytes) for this process.

    Returns True where applied (Linux with glibc), False elsewhere (a no-op).  Calling it again
    with the same values does nothing more.

    >>> tune_allocator() in (True, False)
    True
    """
    global _applied
    if _applied == (mmap_threshold, trim_threshold):
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    ok = bool(mallopt(_M_MMAP_THRESHOLD, int(mmap_threshold))) and bool(
        mallopt(_M_TRIM_THRESHOLD, int(trim_threshold)))
    if ok:
        _applied = (mmap_threshold, trim_threshold)
    return ok


def block_points(points: int) -> int:
    """Most points of one block of a large evaluation (:mod:`basaltcalc.model.lazy`; the blocks
    are then split evenly among the threads, :func:`~basaltcalc.model.lazy.blocks_of`): ``points``
    with glibc's allocator as it is (a block's temporaries then stay near the core's cache, where
    freed ones are faulted in again cheaply), twice that once :func:`tune_allocator` keeps freed
    buffers, where larger blocks halve the per-block Python work that holds the GIL (measured,
    2 threads, tuned: 131,072 against 65,536 points a block took a 10^6-point length sweep from
    5.3 to 7.5 M points/s, the every-input core 1.30 to 1.62 M/s; with glibc's defaults the
    length sweep fell from 4.4 to 2.4 M/s on one thread). [-]

    Not larger (measured, CPU time of one thread, min of 5-10 alternate runs): at 262,144 points
    a block, tuned, the length sweep's CPU falls by 7-10 % (157 -> 141-146 ns a point) but the
    every-metric landed-cost sweep's (548-583 -> 545-581) and the every-input core's
    (973-988 -> 899-979) stay as they were, and with two threads a block's temporaries outgrow
    one heap of a thread's glibc arena (64 MB, unmapped when freed whatever the trim threshold):
    the every-input core's blocks peak at 308 B a point (tracemalloc, 65,536-point blocks; the
    length sweep's 222, the every-metric sweep's 393), 80 MB at 262,144 points, and five
    evaluations of it on two threads faulted 236,000 pages (84,000 on one thread; at 131,072
    points, 40 MB, 84,000 on two), its CPU 31-48 % above one thread's (the every-metric sweep's
    30 %).  With glibc's defaults, 131,072 points doubled the every-metric sweep's CPU
    (737 -> 1,539 ns a point: 51 MB blocks, trimmed and faulted again each block).

    >>> block_points(1 << 16) in (1 << 16, 1 << 17)
    True
    """
    return 2 * points if _applied else points


def _available_memory() -> int:
    """Bytes of memory available to a new allocation (MemAvailable on Linux, else physical)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import os

        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 8 << 30


def memory_budget() -> int:
    """The most bytes a study's results may take: half the available memory, at most
    :data:`BUDGET_CAP`. [B]

    >>> 0 < memory_budget() <= BUDGET_CAP
    True
    """
    return int(min(_available_memory() // 2, BUDGET_CAP))


def size_text(nbytes: float) -> str:
    """A byte count for a message: ``~8 TB`` (decimal units, two significant figures).

    >>> size_text(8e12), size_text(512), size_text(3.2e10)
    ('~8 TB', '~510 B', '~32 GB')
    """
    for unit, scale in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if nbytes >= scale:
            return f"~{float(f'{nbytes / scale:.2g}'):g} {unit}"
    return f"~{float(f'{nbytes:.2g}'):g} B"


def duration_text(seconds: float) -> str:
    """A duration for a message: ``~14 h``, ``~3 min``, ``~32 years``.

    >>> duration_text(5e4), duration_text(200), duration_text(1e9)
    ('~14 h', '~3.3 min', '~32 years')
    """
    for unit, scale in (("years", 365.25 * 86400), ("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= scale:
            return f"~{float(f'{seconds / scale:.2g}'):g} {unit}"
    return f"~{float(f'{seconds:.2g}'):g} s"
