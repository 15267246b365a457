r"""Compute only what is asked, each node once, at the shape of what it depends on.

The core declares the model as a graph (:func:`basaltcalc.core.compare.graph`): each node is
a function whose parameter names are what it depends on, either other nodes or the two
sources ``p`` (the core's inputs by key, SI floats or arrays) and ``groups`` (the element
groups); every metric is a node named for the metric.  This module is the driver that decides
what to compute, in which order, at which shape, and what to keep: the equations stay plain numpy
in the core, one hop from the metric's name (the pattern of Hamilton, DAGWorks).

- **Only what is asked**: :meth:`Evaluation.compute` runs the nodes the asked metrics need,
  in dependency order (:func:`needed`), and keeps the metrics; a metric asked later reuses every
  node already kept.
- **Each node at its own shape**: numpy computes a node at the broadcast shape of its arguments,
  so a node that depends on no varied input runs on scalars.  A broadcast larger than one block
  runs in blocks along its first axis (bounded temporaries, one block per thread): first a
  *probe* runs the needed nodes on the first row, recording the inputs each reads
  (:class:`_Reads`); a node that reads no input varying along the first axis, and needs no node
  that does, is *whole*: computed once on the full inputs and kept, its value standing for every
  row.  Only the other nodes run block by block, and only the asked metrics among them are
  written out, each into an array of its own shape.
- **Kept**: in one block, every node computed; in many, whole nodes and asked metrics (a node
  of a block is dropped with the block).
- **Folded**: a mask asked as ``<node>:all`` is kept folded along the first axis
  by logical and (:func:`basaltcalc.metrics.folded`), block by block: the checks of a large evaluation (is every point valid? does
  every piece fit?) hold a few bytes, not one a point.  In one block it is the mask itself; either
  way ``np.all`` of it (or of one comparator's column, the last axis) is that of the mask.

The arithmetic of every point is that of one call over the whole broadcast, so the numbers are
bit for bit the same whatever the blocks, the threads and the order metrics are asked in
(tests/test_lazy.py).
"""
from __future__ import annotations

import functools
import math
import threading

import numpy as np

from ..core.graph import SOURCES, dependencies, needed, run
from ..metrics import fold_base
from .memo import MEMO_POINTS, memo_for, prints_of, read_only

__all__ = ["Evaluation", "Stacked", "blocks_of"]


class Stacked:
    """An input given once per Earth design, ``np.stack(parts, axis=-1)`` (the short last axis of
    the broadcast), stacked only for the rows of each block (:meth:`Evaluation._cut`), on the
    block's thread, into that thread's buffer (:meth:`rows_into`): the whole stack is never made
    where the rows run in blocks (a copy of every point before the blocks, serial).
    ``np.asarray`` of it is the stack.

    >>> s = Stacked([np.arange(3.0), np.ones(3)])
    >>> s.shape, np.asarray(s)[:, 1].tolist()
    ((3, 2), [1.0, 1.0, 1.0])
    """

    __slots__ = ("parts", "shape", "ndim", "lead")

    def __init__(self, parts, lead=False):
        shape = np.broadcast_shapes(*(np.shape(a) for a in parts))
        self.parts = [np.broadcast_to(a, shape) for a in parts]
        self.lead = lead  # the designs' axis first (the nodes' layout), else last
        self.shape = (len(parts), *shape) if lead else (*shape, len(parts))
        self.ndim = len(self.shape)

    def __array__(self, dtype=None, copy=None):
        stack = np.stack(self.parts)  # each design's values contiguous, viewed with their axis last
        return np.asarray(stack if self.lead else np.moveaxis(stack, 0, -1), dtype=dtype)

    def leading(self, ndim):
        """This input in the nodes' layout of a broadcast of ``ndim`` axes: the designs' axis
        first (:meth:`Evaluation._inside`)."""
        return Stacked([a.reshape((1,) * (ndim - 1 - a.ndim) + a.shape) for a in self.parts], lead=True)

    def __getitem__(self, index):
        """The stack of the rows ``index[1:]`` (``index[0]`` the designs' axis, whole), in the
        nodes' layout: a new array."""
        return np.stack([a[index[1:]] for a in self.parts])

    def rows_into(self, index, buffers, key):
        """``self[index]``, written into ``buffers[key]`` (a flat array, made or enlarged here):
        the same array, but one whose pages are already in memory when a thread stacks block
        after block (with glibc's defaults a fresh stack of 0.5 MB is faulted in again)."""
        parts = [a[index[1:]] for a in self.parts]
        shape = (len(parts), *parts[0].shape)
        size, dtype = math.prod(shape), np.result_type(*parts)
        buf = buffers.get(key)
        if buf is None or buf.size < size or buf.dtype != dtype:
            buf = buffers[key] = np.empty(size, dtype)
        return np.stack(parts, out=buf[:size].reshape(shape))


class _Reads(dict):
    """A mapping that records the keys read from it (``[]``, ``get``, ``in``; iterating reads
    every key), so that the probe learns which inputs each node depends on."""

    __slots__ = ("reads", "prefix")

    def __getitem__(self, key):
        self.reads.add(self.prefix + key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        self.reads.add(self.prefix + key)
        return dict.get(self, key, default)

    def __contains__(self, key):
        self.reads.add(self.prefix + key)
        return dict.__contains__(self, key)

    def _all(self):
        self.reads.update(self.prefix + k for k in dict.keys(self))

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def items(self):
        self._all()
        return dict.items(self)

    def values(self):
        self._all()
        return dict.values(self)

    def keys(self):
        self._all()
        return dict.keys(self)


def _recording(mapping, reads, prefix=""):
    r = _Reads(mapping)
    r.reads, r.prefix = reads, prefix
    return r


def _group_key(i, key):
    return f"groups[{i}].{key}"


class _Calls:
    """Calls of nodes on the inputs ``params``/``groups``, each recording the input keys it
    reads (one recording copy of the inputs for every call, its record renewed per call)."""

    __slots__ = ("p", "g")

    def __init__(self, params, groups):
        self.p = _recording(params, set())
        self.g = [_recording(grp, set(), f"groups[{i}].") for i, grp in enumerate(groups)]

    def __call__(self, fn, deps, values):
        """``(fn's value, the input keys it read)``, its node dependencies taken from ``values``."""
        reads = set()
        self.p.reads = reads
        for g in self.g:
            g.reads = reads
        p, g = self.p, self.g
        return fn(*[p if d == "p" else g if d == "groups" else values[d] for d in deps]), reads


class Evaluation:
    """The nodes of one broadcast, each computed when first needed (:mod:`basaltcalc.model.lazy`).

    Parameters
    ----------
    graph : dict of str to callable
        Node name -> function; its parameter names are its dependencies (:func:`dependencies`).
    params : dict of str to float or ndarray
        The core's inputs by key (source ``p``). [SI]
    groups : list of dict
        The element groups (source ``groups``); ``kind`` is not an array. [SI]
    shape : tuple
        The broadcast shape of every input.
    blocks : list of slice
        Blocks of the first axis (empty: the broadcast is one block).
    threads : int, optional
        Threads for the blocks (:func:`basaltcalc.model.parallel.map_tasks`).
    deps : dict, optional
        Node name -> its dependencies, if already known (:func:`~basaltcalc.core.graph.dependencies`).
    errstate : dict, optional
        ``np.errstate`` arguments every node runs under.
    lead : bool, optional
        The last axis is short (the Earth designs compared with): the nodes run with it moved
        to the front (:meth:`_inside`), the values read back with it last again.
    memo : bool, optional
        A broadcast of at most :data:`~basaltcalc.model.memo.MEMO_POINTS` points reuses the
        nodes of the last such evaluation of the graph whose inputs are the same bits, and keeps
        its own for the next (:mod:`basaltcalc.model.memo`).
    """

    def __init__(self, graph, params, groups, shape, blocks=(), threads=None, deps=None, errstate=None,
                 lead=False, memo=False):
        shape = tuple(shape)
        self.public_shape = shape
        self.moved = bool(lead) and len(shape) >= 2 and shape[-1] > 1
        if self.moved:
            params = {k: self._inside(v) for k, v in params.items()}
            groups = [{k: (v if k == "kind" else self._inside(v)) for k, v in g.items()} for g in groups]
            shape = (shape[-1], *shape[:-1])
        self.row = 1 if self.moved else 0  # the axis of the blocks, in the nodes' layout
        params = {k: (np.asarray(v) if isinstance(v, Stacked) and not self._unstacked(v, shape, blocks) else v)
                  for k, v in params.items()}
        self.graph, self.params, self.groups, self.shape = graph, params, groups, shape
        self.deps = deps if deps is not None else {name: dependencies(f) for name, f in graph.items()}
        self.blocks, self.threads = list(blocks), threads
        self.errstate = errstate or {}
        self.kept = {}  # node -> value: whole nodes and asked metrics
        self.whole = {}  # node -> True (computed once, kept) / False (run block by block)
        self.reads = {}  # node -> the input keys it reads (probe only)
        self._prints = None  # the inputs' fingerprints, for the memo (made on first use)
        self._dtype = {}  # blocked node -> (shape of its value for one row, dtype), from the probe
        self._axis0 = self._first_axis_leaves() if self.blocks else set()
        small = not self.blocks and math.prod(shape) <= MEMO_POINTS
        self.memo = (memo_for(graph, (shape, self.moved, tuple(sorted(self.errstate.items()))))
                     if memo and small else None)

    def __getitem__(self, name):
        if name not in self.kept:
            self.compute([name])
        return self._public(name, self.kept[name])

    def _unstacked(self, v, shape, blocks) -> bool:
        """Whether the :class:`Stacked` input ``v`` stays in its parts, stacked block by block:
        where it varies along the rows of the blocks (else it is stacked once, now)."""
        return bool(blocks) and v.lead and v.ndim == len(shape) and v.shape[self.row] == shape[self.row] > 1

    # -- the short last axis moved to the front ----------------------------------------------
    def _inside(self, v):
        """An input in the nodes' layout: with the short last axis first (an array given all the
        axes of the broadcast, that of the Earth designs moved to the front; a view).  numpy
        runs an elementwise operation along the last axis in its inner loop, so a (rows, 2)
        broadcast runs loops of two; (2, rows) runs loops of rows, some ten times faster."""
        if isinstance(v, Stacked):
            return v.leading(len(self.public_shape))
        if not isinstance(v, np.ndarray) or v.ndim == 0:
            return v
        v = v.reshape((1,) * (len(self.public_shape) - v.ndim) + v.shape)
        return np.moveaxis(v, -1, 0)

    def _public(self, name, v):
        """A value in the broadcast's layout (the short axis last again; a view), leading axes of
        one dropped (they broadcast alike); read-only where a memo may reuse it."""
        if self.moved and isinstance(v, np.ndarray) and v.ndim > 0:
            nd = len(self.public_shape) - (1 if fold_base(name) is not None and v.ndim < len(self.shape) else 0)
            v = np.moveaxis(v, 0, min(v.ndim, nd) - 1)
            while v.ndim > 1 and v.shape[0] == 1:
                v = v[0]
        return v if self.memo is None else read_only(v)

    def __contains__(self, name):
        return name in self.graph or fold_base(name) in self.graph

    def compute(self, names) -> dict:
        """The values of the nodes ``names`` (each at its own shape; a :func:`folded` mask folded
        in many blocks), computed as needed. [SI]"""
        todo = [n for n in dict.fromkeys(names) if n not in self.kept]
        if todo:
            nodes = [fold_base(n) or n for n in todo]
            order = needed(self.graph, self.deps, [n for n in dict.fromkeys(nodes) if n not in self.kept],
                           self.kept)
            if self.blocks:
                self._in_blocks(order, todo)
            else:
                self._kept_run(order, todo)
                self.kept.update({n: self.kept[b] for n, b in zip(todo, nodes) if n != b})
        return {n: self._public(n, self.kept[n]) for n in names}

    # -- one block ---------------------------------------------------------------------------
    def _run(self, order, params, groups, values, keep=None):
        """Run ``order`` on ``params``/``groups`` with ``values`` known; returns all values (with
        ``keep``, those and ``values``: :func:`~basaltcalc.core.graph.run`)."""
        with np.errstate(**self.errstate):
            return run(self.graph, self.deps, order, params, groups, values, keep)

    def _kept_run(self, order, todo):
        """The broadcast as one block: every node computed once and kept, so that a metric asked
        later computes only the nodes not yet computed (a study reading its metrics one by one
        pays for each stage once; the block is at most one chunk of points).  With a memo, a
        node whose inputs are those of the last evaluation is taken from it (:meth:`_memo_run`)."""
        if self.memo is None:
            self.kept.update(self._run(order, self.params, self.groups, self.kept))
        else:
            self._memo_run(order)

    def _memo_run(self, order):
        """:meth:`_kept_run` through the memo: each node of ``order`` taken from it where kept,
        else computed (recording what it reads) and kept there too, if the nodes it depends on
        are the memo's own (a node this evaluation computed while another held the memo is not:
        the memo could not drop what was computed from it when its inputs change)."""
        memo = self.memo
        if self._prints is None:
            self._prints = prints_of(self.params, self.groups)
        with memo.lock, np.errstate(**self.errstate):
            memo.adopt(self, self._prints, self.deps)
            calls = None
            for node in order:
                if node in self.kept:
                    continue
                v = memo.values.get(node, memo)
                if v is memo:  # not kept (the memo itself stands for "absent")
                    calls = calls or _Calls(self.params, self.groups)
                    value, reads = calls(self.graph[node], self.deps[node], self.kept)
                    own = all(memo.values.get(d, memo) is self.kept[d] for d in self.deps[node] if d not in SOURCES)
                    v = memo.keep(node, value, reads) if own else value
                self.kept[node] = v

    # -- many blocks -------------------------------------------------------------------------
    def _rows(self, sl):
        """The index of the rows ``sl`` (along the axis of the blocks)."""
        return (slice(None),) * self.row + (sl,)

    def _first_axis_leaves(self) -> set:
        """Input keys whose value varies along the first axis of the broadcast."""
        ndim, row = len(self.shape), self.row
        n0 = self.shape[row]

        def varies(v):
            return np.ndim(v) == ndim and np.shape(v)[row] == n0 and n0 > 1
        leaves = {k for k, v in self.params.items() if varies(v)}
        leaves.update(_group_key(i, k) for i, g in enumerate(self.groups) for k, v in g.items()
                      if k != "kind" and varies(v))
        return leaves

    def _cut(self, sl, buffers=None):
        """Inputs of the rows ``sl``: the leaves varying along the first axis sliced, the rest
        as they are (views, no copies); a :class:`Stacked` input stacked for those rows, into
        ``buffers`` if given (the calling thread's, for the blocks of one pass: nothing a block
        computes outlives it, so the next block may write them again)."""
        axis0, rows = self._axis0, self._rows(sl)
        params = dict(self.params)
        for k in axis0:
            if k in params:
                v = params[k]
                params[k] = v.rows_into(rows, buffers, k) if buffers is not None and isinstance(v, Stacked) else v[rows]
        groups = [{k: (v[rows] if _group_key(i, k) in axis0 else v) for k, v in g.items()}
                  for i, g in enumerate(self.groups)]
        return params, groups

    def _known(self, sl) -> dict:
        """The kept values for the rows ``sl``: whole nodes as they are, asked metrics that
        vary along the first axis cut to those rows."""
        rows = self._rows(sl)
        return {k: (v if self.whole.get(k, True) else v[rows]) for k, v in self.kept.items()}

    def _probe(self, order):
        """Run the nodes of ``order`` not yet seen on the first row, recording what each reads:
        whole nodes (no dependence on the first axis) are kept, the others marked blocked."""
        if all(n in self.whole for n in order):
            return
        params, groups = self._cut(slice(0, 1))
        values = self._known(slice(0, 1))
        deps, graph, axis0, ndim = self.deps, self.graph, self._axis0, len(self.shape)
        calls = _Calls(params, groups)
        for node in order:  # blocked nodes seen before run again: the new ones need their rows
            if node in values:
                continue
            with np.errstate(**self.errstate):
                values[node], reads = calls(graph[node], deps[node], values)
            self.reads[node] = frozenset(reads)
            v = values[node]
            array = isinstance(v, (np.ndarray, np.generic, float, int, bool))
            # whole: it reads nothing that varies along the first axis, or it is an array without
            # that axis (a part of a blocked node that does not vary along it)
            whole = (not (reads & axis0) and all(self.whole.get(d, True) for d in deps[node]
                                                  if d not in SOURCES)) or (array and np.ndim(v) < ndim)
            self.whole[node] = whole
            if whole:
                self.kept[node] = v
            elif array:  # an output: the shape and type of its rows
                self._dtype[node] = (np.shape(v), np.asarray(v).dtype)

    def _in_blocks(self, order, todo):
        from .parallel import map_tasks

        self._probe(order)
        out, folds = {}, {}
        for name in todo:
            base = fold_base(name)
            if base is not None:  # a mask folded block by block, unless whole
                if self.whole[base]:
                    self.kept[name] = self.kept[base]
                else:
                    folds[name] = base
            elif not self.whole[name]:
                one, dtype = self._dtype[name]
                out[name] = np.empty((*one[:self.row], self.shape[self.row], *one[self.row + 1:]), dtype=dtype)
        if out or folds:  # the blocked nodes the blocked outputs need (whole ones are kept by now)
            wanted = list(dict.fromkeys([*out, *folds.values()]))
            blocked = needed(self.graph, self.deps, wanted, self.kept)

            scratch = threading.local()  # each thread's stacks of per-design inputs, for this pass

            def part(sl):  # a block's nodes let go once read by the last that needs them
                if not hasattr(scratch, "buffers"):
                    scratch.buffers = {}
                params, groups = self._cut(sl, scratch.buffers)
                values = self._run(blocked, params, groups, self._known(sl), set(wanted))
                rows = self._rows(sl)
                for name, arr in out.items():
                    arr[rows] = values[name]
                return {name: _fold(values[base], self.row) for name, base in folds.items()}
            parts = map_tasks(part, self.blocks, self.threads)
            for name in folds:
                self.kept[name] = functools.reduce(np.logical_and, (p[name] for p in parts))
        self.kept.update(out)


def _fold(mask, row=0):
    """A block's mask folded by logical and along its axis ``row``: where it is all True (the
    common case) by one contiguous reduction, else along that axis moved last (numpy reduces
    the first axis of a C-ordered (rows, 2) mask some twenty times slower)."""
    mask = np.asarray(mask)
    rest = mask.shape[:row] + mask.shape[row + 1:]
    if mask.all():
        return np.ones(rest, dtype=bool)
    return np.ascontiguousarray(np.moveaxis(mask, row, -1)).all(axis=-1)


def blocks_of(shape, chunk_size, threads=1) -> list:
    """Slices of the broadcast's first axis, each of at most ``chunk_size`` points (none where
    the broadcast fits one block), as few as that allows, their count rounded up to a multiple
    of ``threads``, their sizes within one row of each other: every thread gets the same share
    and none idles while another finishes a long block or a remainder.

    The pool hands out blocks as threads come free, so a last block smaller than the others,
    or a count that does not divide among the threads, leaves a thread idle at the end: a
    10^6-point length sweep (10^6 rows of two Earth designs) in blocks of 32,768 rows was 30 blocks
    and a remainder of 16,960 rows, one thread running 16 blocks while the other ran 15; here it
    is 32 blocks of 31,250 rows.

    >>> blocks_of((10, 4), 16)
    [slice(0, 4, None), slice(4, 7, None), slice(7, 10, None)]
    >>> blocks_of((10, 4), 16, threads=2)
    [slice(0, 3, None), slice(3, 6, None), slice(6, 8, None), slice(8, 10, None)]
    >>> blocks_of((10,), 16)
    []
    """
    n = math.prod(shape)
    if n <= chunk_size or not shape or shape[0] <= 1:
        return []
    rows = max(1, chunk_size // max(math.prod(shape[1:]), 1))  # the most rows a block may hold
    count = -(-shape[0] // rows)
    count = min(shape[0], -(-count // threads) * threads)  # a multiple of the threads, if rows allow
    if count <= 1:
        return []
    size, extra = divmod(shape[0], count)  # the first ``extra`` blocks one row longer
    bounds = [k * size + min(k, extra) for k in range(count + 1)]
    return [slice(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:])]
