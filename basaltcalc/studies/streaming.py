"""Streaming statistics over chunks: mean, variance, min/max, quantiles and counts, in fixed memory.

The same numbers come out whatever the chunk size, bit for bit:

* values are taken in fixed blocks of :data:`BLOCK` samples at fixed positions in the stream
  (chunks are whole numbers of blocks; only the last chunk may end with a partial block);
* each block's count, mean and sum of squared deviations are computed in two passes, and blocks
  are merged one after another in stream order with Chan et al.'s update, so the sequence of
  floating-point operations does not depend on how blocks were grouped into chunks;
* quantiles come from a fixed-bin histogram with integer counts (addition of integers does not
  depend on order): 128 bins per octave of ``|x|`` (its float bits), both signs, exact zero, ``±inf``.  A quantile
  is reported at the bin midpoint, interpolated as :func:`numpy.quantile` does, and clamped to the
  exact min/max: its relative error is at most :data:`QUANTILE_RELATIVE_ERROR` (0.39 %) of the
  order statistics that bracket it (|x| within 2**±100; beyond, only min and max are exact, and
  values below 2**-100 in magnitude share the bin of zero).

Mean and variance are of the finite values; ``inf`` (a breakeven that never happens) and NaN
(an invalid point) are counted separately.  Quantiles rank ``±inf`` with the other values, so
the 90th percentile of ``breakeven_scale`` is ``inf`` when over 10 % of samples never break even.

Chan, Golub and LeVeque (1983), "Algorithms for computing the sample variance: analysis and
recommendations", The American Statistician 37(3), 242-247, doi:10.1080/00031305.1983.10483115.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["StreamingStats", "Partial", "partial_stats", "BLOCK", "QUANTILE_RELATIVE_ERROR",
           "exact_stats"]

#: Samples per statistics block; chunks must be whole multiples of it (except the last).
BLOCK = 4096
#: Histogram bins per octave of |x|.
BINS_PER_OCTAVE = 128
#: Exponent range (base 2) of |x| resolved by the histogram.
EMIN, EMAX = -100, 100
#: Largest relative error of a reported quantile against its bracketing order statistics.
QUANTILE_RELATIVE_ERROR = 1.0 / (2 * BINS_PER_OCTAVE)

_NM = (EMAX - EMIN) * BINS_PER_OCTAVE  # magnitude bins per sign
_ZERO = 1 + _NM                          # bin of exact zero; 0 is -inf
_NBINS = 2 * _NM + 3                     # -inf, negatives, zero, positives, +inf
_NAN_BIN = _NBINS                        # dump bin for NaN (never read)
_STRIDE = _NBINS + 1


_SHIFT = 52 - 7  # keep the exponent and the top 7 mantissa bits: 128 bins per octave
_K0 = (EMIN + 1023) << 7  # key of 2**EMIN


def _bin_index(x: np.ndarray) -> np.ndarray:
    """Histogram bin of each value, in value order (NaN to the dump bin).

    The bin of ``|x|`` is its IEEE-754 bit pattern shifted right by 45 bits (exponent and top
    7 mantissa bits): monotone in ``|x|``, 128 bins per octave, and cheap to compute.  Values
    with ``|x| < 2**EMIN`` share the bin of zero.
    """
    bits = x.view(np.int64)
    key = np.bitwise_and(bits, 0x7FFFFFFFFFFFFFFF)
    np.right_shift(key, _SHIFT, out=key)
    nonfinite = key.max(initial=0) >= (0x7FF << 7)
    key -= _K0 - 1
    np.clip(key, 0, _NM, out=key)
    np.negative(key, out=key, where=bits < 0)
    key += _ZERO
    if nonfinite:
        bad = ~np.isfinite(x)
        xb = x[bad]
        key[bad] = np.where(np.isnan(xb), _NAN_BIN, np.where(xb > 0, _NBINS - 1, 0))
    return key


def _bin_value(b: int) -> float:
    """Midpoint of histogram bin ``b``."""
    if b <= 0:
        return -np.inf
    if b >= _NBINS - 1:
        return np.inf
    if b == _ZERO:
        return 0.0
    sign = 1.0 if b > _ZERO else -1.0
    key = (b - _ZERO if b > _ZERO else _ZERO - b) - 1 + _K0
    e, sub = divmod(key, 128)
    return sign * float(np.ldexp(1.0 + (sub + 0.5) / 128.0, e - 1023))


class StreamingStats:
    """Mergeable statistics of several named series, updated chunk by chunk.

    Parameters
    ----------
    names : sequence of str
        The series (metrics), in order.
    """

    def __init__(self, names):
        self.names = list(names)
        k = len(self.names)
        self.n = np.zeros(k, dtype=np.int64)
        self.mean = np.zeros(k)
        self.m2 = np.zeros(k)
        self.min = np.full(k, np.inf)
        self.max = np.full(k, -np.inf)
        self.n_nan = np.zeros(k, dtype=np.int64)
        self.n_posinf = np.zeros(k, dtype=np.int64)
        self.n_neginf = np.zeros(k, dtype=np.int64)
        self.hist = np.zeros((k, _NBINS), dtype=np.int64)
        self.seen = 0
        self._closed = False  # a partial block was taken: no more updates

    def update(self, x: np.ndarray) -> None:
        """Add a chunk: ``x`` of shape (len(names), m); m a multiple of :data:`BLOCK` except last."""
        self.merge(partial_stats(x))

    def merge(self, part: "Partial") -> None:
        """Add the statistics of the next chunk of the stream, computed by :func:`partial_stats`
        (anywhere: they pickle).  Merging the chunks' partials in stream order gives the same
        bits as :meth:`update` on the chunks, whatever the chunks."""
        if self._closed:
            raise ValueError("a chunk that was not a whole number of blocks must be the last one")
        if part.m % BLOCK:
            self._closed = True
        self.seen += part.m
        self.hist[part.hist_rows, part.hist_bins] += part.hist_counts  # (row, bin) pairs are unique
        self.n_nan += part.n_nan
        self.n_posinf += part.n_posinf
        self.n_neginf += part.n_neginf
        self.min = np.fmin(self.min, part.min)
        self.max = np.fmax(self.max, part.max)
        for j in range(part.count.shape[1]):
            self._merge(part.count[:, j], part.mean[:, j], part.m2[:, j])

    def _merge(self, nb, mb, m2b):
        n = self.n + nb
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            delta = mb - self.mean
            w = np.where(n > 0, nb / np.maximum(n, 1), 0.0)
            self.mean = np.where(nb > 0, self.mean + delta * w, self.mean)
            self.m2 = np.where(nb > 0, self.m2 + m2b + delta * delta * self.n * w, self.m2)
        self.n = n

    # -- results --------------------------------------------------------------------------------
    def std(self, ddof: int = 1) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.n > ddof, np.sqrt(self.m2 / np.maximum(self.n - ddof, 1)), np.nan)

    def means(self) -> np.ndarray:
        return np.where(self.n > 0, self.mean, np.nan)

    def quantiles(self, qs) -> np.ndarray:
        """(len(names), len(qs)) quantiles from the histogram (see the module notes on error)."""
        qs = np.asarray(qs, dtype=np.float64)
        out = np.full((len(self.names), len(qs)), np.nan)
        for i in range(len(self.names)):
            cum = np.cumsum(self.hist[i])
            total = int(cum[-1])
            if total == 0:
                continue
            r = qs * (total - 1)
            lo = np.floor(r).astype(np.int64)
            hi = np.ceil(r).astype(np.int64)
            frac = r - lo
            vlo = np.array([self._order_value(i, cum, j) for j in lo])
            vhi = np.array([self._order_value(i, cum, j) for j in hi])
            with np.errstate(invalid="ignore"):
                interp = vlo + frac * (vhi - vlo)
            out[i] = np.where(vlo == vhi, vlo, np.where(np.isfinite(interp), interp,
                                                         np.where(frac > 0, vhi, vlo)))
        return out

    def _order_value(self, i, cum, j) -> float:
        b = int(np.searchsorted(cum, j, side="right"))
        v = _bin_value(b)
        return float(min(max(v, self.min[i]), self.max[i]))


@dataclass
class Partial:
    """Statistics of one chunk of ``m`` samples, before merging: per-block count, mean and sum of
    squared deviations (shape (k, blocks)), the non-zero histogram bins, min/max and counts."""

    m: int
    count: np.ndarray
    mean: np.ndarray
    m2: np.ndarray
    hist_rows: np.ndarray
    hist_bins: np.ndarray
    hist_counts: np.ndarray
    n_nan: np.ndarray
    n_posinf: np.ndarray
    n_neginf: np.ndarray
    min: np.ndarray
    max: np.ndarray


def partial_stats(x: np.ndarray) -> Partial:
    """The :class:`Partial` statistics of a chunk ``x`` of shape (k, m) (blocks of :data:`BLOCK`)."""
    x = np.asarray(x, dtype=np.float64)
    k, m = x.shape
    idx = _bin_index(x)
    idx += (np.arange(k, dtype=np.int64) * _STRIDE)[:, None]
    counts = np.bincount(idx.ravel(), minlength=k * _STRIDE).reshape(k, _STRIDE)
    rows, bins = np.nonzero(counts[:, :_NBINS])
    finite_rows = (counts[:, _NAN_BIN] + counts[:, _NBINS - 1] + counts[:, 0]) == 0
    full = m - m % BLOCK
    moments = [np.zeros((k, full // BLOCK + (1 if m % BLOCK else 0))) for _ in range(3)]
    for sel, fn in ((finite_rows, _block_moments_finite), (~finite_rows, _block_moments)):
        if not sel.any():
            continue
        xr = x if sel.all() else x[sel]
        parts = []
        if full:
            parts.append(fn(xr[:, :full].reshape(len(xr), full // BLOCK, BLOCK)))
        if m % BLOCK:
            parts.append(fn(xr[:, full:].reshape(len(xr), 1, m - full)))
        for store, part in zip(moments, zip(*parts)):
            store[sel] = part[0] if len(part) == 1 else np.concatenate(part, axis=1)
    return Partial(m, moments[0].astype(np.int64), moments[1], moments[2], rows, bins,
                   counts[rows, bins], counts[:, _NAN_BIN], counts[:, _NBINS - 1], counts[:, 0],
                   np.fmin.reduce(x, axis=1), np.fmax.reduce(x, axis=1))


def _block_moments_finite(xb):
    """As :func:`_block_moments` for blocks known to hold finite values only (same results)."""
    cnt = np.full(xb.shape[:-1], xb.shape[-1])
    with np.errstate(over="ignore", invalid="ignore"):
        mean = xb.sum(axis=-1) / xb.shape[-1]
        dev = xb - mean[..., None]
        return cnt, mean, np.einsum("...i,...i->...", dev, dev)


def _block_moments(xb):
    """Count, mean and sum of squared deviations of the finite values of each block (last axis)."""
    fin = np.isfinite(xb)
    cnt = fin.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        mean = np.where(fin, xb, 0.0).sum(axis=-1) / np.maximum(cnt, 1)
        dev = np.where(fin, xb - mean[..., None], 0.0)
        return cnt, mean, np.einsum("...i,...i->...", dev, dev)


def exact_stats(x: np.ndarray, qs, ddof: int = 1) -> dict:
    """In-memory reference statistics of one series (what :class:`StreamingStats` approximates)."""
    x = np.asarray(x, dtype=np.float64).ravel()
    fin = x[np.isfinite(x)]
    nonan = x[~np.isnan(x)]
    with np.errstate(over="ignore", invalid="ignore"):
        return _exact(x, fin, nonan, qs, ddof)


def _exact(x, fin, nonan, qs, ddof):
    return {
        "mean": float(fin.mean()) if fin.size else np.nan,
        "std": float(fin.std(ddof=ddof)) if fin.size > ddof else np.nan,
        "min": float(nonan.min()) if nonan.size else np.nan,
        "max": float(nonan.max()) if nonan.size else np.nan,
        "count": int(fin.size),
        "n_nan": int(np.isnan(x).sum()),
        "n_posinf": int((x == np.inf).sum()),
        "quantiles": np.quantile(nonan, qs) if nonan.size else np.full(len(qs), np.nan),
    }
