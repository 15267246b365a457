r"""A bounded search on a lattice that is exact on a stepped surface, for many problems at once.

The cost of a plan is a stepped function of its continuous decisions: whole flights, whole plant,
power and storage units and the lander chosen jump as the campaign or the module mass moves, and
between two jumps the cost is smooth.  A gradient method stalls on the steps, and the lowest cost
of a smooth piece often lies on its edge, right after a step (one storage unit fewer).  The
search here works on the lattice of each decision's resolution, :math:`x_j = a_j + k_j (b_j -
a_j)/N_j`, and finds the lowest point of that lattice:

1. **Coarse lattice.**  Every :math:`2^R`-th lattice point of every decision, all at once
   (:math:`R` the fewest refinement rounds that keep this under ``coarse_points`` per problem;
   with one decision at the default resolution that is the whole lattice, a brute force);
2. **Pieces.**  Each point carries the *state* of its piece: the whole numbers the cost steps with
   (flights, units, the lander's payload, the route of each group).  Among the points evaluated, the
   best point of each state is kept, and the ``keep`` best states go on;
3. **Refinement.**  Around each point kept, the lattice at half the spacing, two steps each way in
   every decision (:math:`5^d - 1` points), so that every lattice point within one old spacing of
   it is reached at the new one; after :math:`R` rounds the spacing is the lattice's own.

Keeping the best point *of each piece*, rather than the best few points, is what handles the
steps: a piece whose lowest point lies on its edge is refined towards that edge even where
another piece's points crowd the top of the ranking, and a narrow piece found between two coarse
points becomes a candidate of its own.  Constraints are met by ranking points on (violation,
objective): every point meeting them before any that does not, the least violating first.  Each
round is one vectorised evaluation of every problem's points (``evaluate``); the only Python loop
is over the :math:`R` rounds.

``tests/test_optimize.py`` checks the result against the brute force over the whole lattice.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

__all__ = ["lattice_search", "SearchResult", "rounds_for", "COARSE_POINTS", "KEEP"]

#: Most points of the coarse lattice of one problem.
COARSE_POINTS = 1024
#: Pieces (states) refined per problem and round.
KEEP = 8
#: Pieces remembered per problem between rounds.
REMEMBERED = 64


@dataclass
class SearchResult:
    """The points kept of every problem: the best point of each piece (state) found, as rows."""

    inst: np.ndarray  # problem of each row
    idx: np.ndarray  # (rows, d) lattice indices
    viol: np.ndarray  # constraint violation (0: met; inf: invalid)
    f: np.ndarray  # objective (minimised)
    extra: dict  # more columns evaluate returned, per row
    steps: tuple  # lattice intervals of each decision
    rounds: int
    relax: np.ndarray  # (problems, constraints): lowest objective evaluated breaking only that one
    evaluated: int  # points evaluated in all
    state: np.ndarray = None  # (rows, k): the whole numbers of each row's piece

    def best(self, n_inst: int) -> np.ndarray:
        """Row of the best point of each problem (lowest violation, then objective)."""
        order = np.lexsort((_finite(self.f), self.viol, self.inst))
        first = np.searchsorted(self.inst[order], np.arange(n_inst))
        return order[np.minimum(first, len(order) - 1)]


def _finite(f):
    return np.where(np.isnan(f), np.inf, f)


def rounds_for(steps, coarse_points: int = COARSE_POINTS) -> int:
    """The fewest halvings R whose coarse lattice (every 2^R-th point) has at most
    ``coarse_points`` points.

    >>> rounds_for((256,)), rounds_for((256, 256)), rounds_for((256, 256, 256))
    (0, 4, 5)
    """
    top = max([0, *(math.ceil(math.log2(max(n, 1))) for n in steps)])
    for r in range(top + 1):
        if math.prod(math.ceil(n / 2 ** r) + 1 for n in steps) <= coarse_points:
            return r
    return top


def lattice_search(evaluate, steps, n_inst: int, n_constraints: int = 0, *, keep: int = KEEP,
                   coarse_points: int = COARSE_POINTS) -> SearchResult:
    """The lowest lattice point of ``n_inst`` problems at once.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(inst, idx) -> dict`` with per row ``viol`` (0 where every constraint is met,
        inf where the point is invalid), ``f`` (the objective, minimised), ``state`` (rows, k):
        the whole numbers of the point's piece, ``parts`` (rows, n_constraints): the violation of
        each constraint alone; any further columns are kept with the rows.
    steps : sequence of int
        Intervals of each decision's lattice (0: a fixed value).  The coarse lattice is every
        :math:`2^R`-th point (:func:`rounds_for`) and the last; no point lies past the bounds.
    n_inst : int
        Problems, each a plan at a point of a sweep.
    """
    rounds = rounds_for(steps, coarse_points)
    stride = 2 ** rounds
    steps = tuple(int(n) for n in steps)
    d = len(steps)
    axes = [sorted({min(k, n) for k in range(0, math.ceil(n / stride) * stride + 1, stride)}) for n in steps]
    coarse = np.array(list(itertools.product(*axes)), dtype=np.int64).reshape(-1, d)
    inst = np.repeat(np.arange(n_inst), len(coarse))
    idx = np.tile(coarse, (n_inst, 1))
    relax = np.full((n_inst, n_constraints), np.inf)
    archive, evaluated = None, 0
    for r in range(rounds + 1):
        if r:
            spacing = stride >> r
            inst, idx = _around(archive, keep, spacing, steps)
        rows = evaluate(inst, idx)
        evaluated += len(inst)
        rows = {"inst": inst, "idx": idx, **rows}
        _relax(relax, rows)
        archive = _remember(rows if archive is None else _concat(archive, rows))
    extra = {k: v for k, v in archive.items() if k not in ("inst", "idx", "viol", "f", "state", "parts")}
    return SearchResult(archive["inst"], archive["idx"], archive["viol"], archive["f"], extra, steps, rounds,
                        relax, evaluated, archive["state"])


def _concat(a, b):
    return {k: np.concatenate([a[k], b[k]]) for k in a}


def _take(rows, which):
    return {k: v[which] for k, v in rows.items()}


def _ranked(rows):
    """Rows in order of problem, then violation, then objective."""
    return np.lexsort((_finite(rows["f"]), rows["viol"], rows["inst"]))


def _remember(rows):
    """The best row of each (problem, state), at most :data:`REMEMBERED` states per problem."""
    state = np.nan_to_num(rows["state"], nan=-1.0, posinf=1e300, neginf=-1e300)
    order = np.lexsort((_finite(rows["f"]), rows["viol"], *state.T[::-1], rows["inst"]))
    s_inst, s_state = rows["inst"][order], state[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (s_inst[1:] != s_inst[:-1]) | np.any(s_state[1:] != s_state[:-1], axis=1)
    best = _take(rows, order[first])
    ranked = _ranked(best)
    inst = best["inst"][ranked]
    rank = np.arange(len(inst)) - np.searchsorted(inst, inst, side="left")
    return _take(best, ranked[rank < REMEMBERED])


def _around(archive, keep, spacing, steps):
    """The lattice points at ``spacing`` within two steps of the ``keep`` best states' points
    of each problem (the points themselves left out: evaluated already)."""
    ranked = _ranked(archive)
    inst = archive["inst"][ranked]
    rank = np.arange(len(inst)) - np.searchsorted(inst, inst, side="left")
    chosen = ranked[rank < keep]
    d = len(steps)
    offsets = np.array([o for o in itertools.product(range(-2, 3), repeat=d) if any(o)], dtype=np.int64).reshape(-1, d)
    offsets = offsets[:, :] * spacing
    fixed = np.array(steps) == 0
    offsets = offsets[~np.any(offsets[:, fixed] != 0, axis=1)] if fixed.any() else offsets
    idx = (archive["idx"][chosen][:, None, :] + offsets[None]).reshape(-1, d)
    idx = np.clip(idx, 0, np.array(steps))
    inst = np.repeat(archive["inst"][chosen], len(offsets))
    return _unique_points(inst, idx, steps)


def _unique_points(inst, idx, steps):
    """The distinct (problem, lattice point) pairs, in order (one int64 key each where they fit,
    which sorts some 20 times faster than rows)."""
    dims = tuple(n + 1 for n in steps)
    span = math.prod(dims)
    if (int(inst.max(initial=0)) + 1) * span < 2 ** 62:
        key = inst * span + (np.ravel_multi_index(idx.T, dims) if dims else 0)
        key = np.unique(key)
        inst, flat = np.divmod(key, span)
        return inst, np.column_stack(np.unravel_index(flat, dims)).astype(np.int64).reshape(len(key), len(dims))
    both = np.unique(np.column_stack([inst, idx]), axis=0)
    return both[:, 0], both[:, 1:]


def _relax(relax, rows) -> None:
    """Lowest objective of each problem among rows that break one constraint only (and are
    otherwise valid): what relaxing that constraint alone would gain."""
    parts = rows.get("parts")
    if parts is None or relax.shape[1] == 0:
        return
    broken = parts > 0
    alone = (broken.sum(axis=1) == 1) & np.isfinite(rows["viol"]) & np.isfinite(rows["f"])
    for c in range(relax.shape[1]):
        sel = alone & broken[:, c]
        if np.any(sel):
            np.minimum.at(relax[:, c], rows["inst"][sel], rows["f"][sel])
