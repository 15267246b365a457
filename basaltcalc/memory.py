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

__all__ = ["tune_allocator"]

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
