r"""Rank correlations between sampled inputs: a Gaussian copula on the inputs' marginals.

An ``uncertainty:`` block may give Spearman rank correlations between inputs it samples, as pairs

.. code-block:: yaml

    correlation:
      - [routes.melt-cast.plant_specific_mass, power.solar-with-storage.specific_mass, 0.7]
      - [transport.landed_cost, transport.payload_per_flight, -0.4]

or as a matrix over named inputs

.. code-block:: yaml

    correlation:
      inputs: [routes.melt-cast.plant_specific_mass, power.solar-with-storage.specific_mass]
      matrix: [[1, 0.7], [0.7, 1]]

Each sample's independent standard normal scores :math:`z` (from each input's own stream for
plain Monte Carlo, :math:`\Phi^{-1}(u)` of the design's point for Sobol' and Latin hypercube)
become :math:`z' = L z` with :math:`L L^T = R`, and the input is its marginal's inverse CDF at
:math:`\Phi(z')`: the marginals are unchanged and the ranks carry the correlation.  For a
Gaussian copula the rank correlation :math:`\rho_S` and the normal correlation :math:`r` are
related by (Kruskal 1958; Iman & Conover 1982, eq. 3)

.. math:: r = 2 \sin\left(\frac{\pi \rho_S}{6}\right)

so :math:`R` is built from the requested :math:`\rho_S` by this map.  The transformation acts
on each sample alone, so a seed gives the same samples whatever the chunk size.  (Iman–Conover
reordering would need the whole sample at once, which a chunked stream does not have.)

The requested matrix must be a correlation matrix: symmetric, unit diagonal, entries in
[-1, 1], and positive semidefinite (eigenvalues >= 0); a matrix that is not gets a located error
naming its smallest eigenvalue.  :math:`L` comes from the eigendecomposition, so semidefinite
matrices (a perfectly correlated pair) work too.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Correlation", "read_correlation", "normal_from_rank", "EIGEN_TOL"]

#: Smallest eigenvalue accepted as zero (rounding in a semidefinite matrix).
EIGEN_TOL = 1e-10


def normal_from_rank(rho_s):
    r"""Normal (Pearson) correlation of a Gaussian copula with Spearman rank correlation ``rho_s``.

    .. math:: r = 2 \sin(\pi \rho_S / 6)

    >>> round(float(normal_from_rank(1.0)), 12), round(float(normal_from_rank(0.5)), 6)
    (1.0, 0.517638)
    """
    return 2.0 * np.sin(np.pi * np.asarray(rho_s, dtype=np.float64) / 6.0)


@dataclass
class Correlation:
    """Correlated inputs (indices into the plan's distributions) and the copula factor ``L``."""

    index: list[int]  # positions in Plan.dists, in matrix order
    paths: list[str]
    rank: np.ndarray  # the requested Spearman matrix
    factor: np.ndarray  # L with L @ L.T = normal_from_rank(rank)

    def scores(self, z):
        """Correlated normal scores ``L @ z`` for independent scores ``z`` of shape (k, m)."""
        return self.factor @ z

    def as_dict(self) -> dict:
        return {"inputs": list(self.paths), "rank_correlation": self.rank.tolist(),
                "method": "gaussian copula"}


def read_correlation(reader, item, dists) -> Correlation | None:
    """Validate a ``correlation:`` entry against the plan's distributions (problems to ``reader``)."""
    order = {d.path: i for i, d in enumerate(dists)}
    if isinstance(item, dict):
        pairs = _matrix_pairs(reader, item)
    elif isinstance(item, (list, tuple)):
        pairs = _pairs(reader, item)
    else:
        reader.add("correlation", "correlation takes a list of [input, input, rank correlation] "
                                  "pairs or {inputs: [...], matrix: [[...]]}, got "
                                  f"{type(item).__name__}")
        return None
    if pairs is None:
        return None
    paths, resolved = [], []
    for key, a, b, rho in pairs:
        ends = []
        for raw in (a, b):
            path, _inp = reader.input(raw, key)
            if path is None:
                return None
            if path not in order:
                reader.add(key, f"'{raw}' is not in the uncertainty set (no distribution in the block, "
                                "no sourced range, or a value the file gives); only sampled inputs can be "
                                "correlated")
                return None
            if path not in paths:
                paths.append(path)
            ends.append(path)
        resolved.append((key, *ends, rho))
    rank = np.eye(len(paths))
    given = {}
    for key, a, b, rho in resolved:
        i, j = paths.index(a), paths.index(b)
        if i == j:
            if rho != 1.0:
                reader.add(key, f"an input's correlation with itself is 1, got {rho:g}")
                return None
            continue
        if (min(i, j), max(i, j)) in given and given[(min(i, j), max(i, j))] != rho:
            reader.add(key, f"'{paths[i]}' and '{paths[j]}' are given two correlations")
            return None
        given[(min(i, j), max(i, j))] = rho
        rank[i, j] = rank[j, i] = rho
    factor = _factor(reader, rank, paths)
    if factor is None:
        return None
    return Correlation([order[p] for p in paths], paths, rank, factor)


def _coefficient(reader, key, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        reader.add(key, f"a rank correlation is a number in [-1, 1], got {value!r}")
        return None
    if not -1.0 <= value <= 1.0:
        reader.add(key, f"a rank correlation lies in [-1, 1], got {value:g}")
        return None
    return float(value)


def _pairs(reader, items):
    """[(keypath, path a, path b, rho)] from a list of [a, b, rho]."""
    out = []
    for n, pair in enumerate(items):
        key = f"correlation[{n}]"
        if not isinstance(pair, (list, tuple)) or len(pair) != 3:
            reader.add(key, f"a pair is [input, input, rank correlation], got {pair!r}")
            return None
        rho = _coefficient(reader, f"{key}[2]", pair[2])
        if rho is None:
            return None
        out.append((key, pair[0], pair[1], rho))
    if not out:
        reader.add("correlation", "correlation has no pairs")
        return None
    return out


def _matrix_pairs(reader, item):
    """Pairs from {inputs: [...], matrix: [[...]]}: checks shape, symmetry, unit diagonal."""
    unknown = [k for k in item if k not in ("inputs", "matrix")]
    if unknown or "inputs" not in item or "matrix" not in item:
        reader.add("correlation", "a correlation matrix is {inputs: [path, ...], matrix: [[...], ...]}"
                                  + (f"; unknown key '{unknown[0]}'" if unknown else ""))
        return None
    names, rows = item["inputs"], item["matrix"]
    k = len(names) if isinstance(names, (list, tuple)) else -1
    if k < 2 or not isinstance(rows, (list, tuple)) or len(rows) != k or any(
            not isinstance(r, (list, tuple)) or len(r) != k for r in rows):
        reader.add("correlation.matrix", f"the matrix must be {max(k, 2)} x {max(k, 2)}, one row "
                                         "and column per input (at least two inputs)")
        return None
    out = []
    for i in range(k):
        for j in range(k):
            key = f"correlation.matrix[{i}][{j}]"
            rho = _coefficient(reader, key, rows[i][j])
            if rho is None:
                return None
            if i == j and rho != 1.0:
                reader.add(key, f"the diagonal of a correlation matrix is 1, got {rho:g}")
                return None
            if j > i and rows[j][i] != rows[i][j]:
                reader.add(key, f"the matrix is not symmetric: {rows[i][j]!r} here, "
                                f"{rows[j][i]!r} at [{j}][{i}]")
                return None
            if j > i:
                out.append((key, names[i], names[j], rho))
    return out


def _factor(reader, rank, paths):
    """L with L L^T = R (normal correlations); a located error if R is not a correlation matrix."""
    normal = normal_from_rank(rank)
    for matrix, what in ((rank, "rank correlation matrix"),
                         (normal, "normal correlation matrix of the copula")):
        w, v = np.linalg.eigh(matrix)
        if w[0] < -EIGEN_TOL:
            names = ", ".join(p for p, c in zip(paths, v[:, 0]) if abs(c) > 0.1)
            reader.add("correlation", f"the {what} is not positive semidefinite (smallest "
                                      f"eigenvalue {w[0]:.3g}): these correlations cannot hold "
                                      f"together; check those between {names}")
            return None
    w, v = np.linalg.eigh(normal)
    return v * np.sqrt(np.clip(w, 0.0, None))
