r"""The nodes of the last small evaluation of a graph, kept for the next one.

An explorer's slider, a root finder or an optimiser evaluates one point after another, each
differing from the last in one input or a few.  Each node of the model is a function of the
inputs it reads (and of the nodes it depends on), so a node whose inputs are all the same bits
as last time has the same value: :class:`Memo` keeps, for one graph, the value of each node
computed on a small broadcast (at most :data:`MEMO_POINTS` points) with the inputs it read
(recorded as the probe of :mod:`basaltcalc.model.lazy` records them), and the next evaluation
computes only the nodes that read a changed input or depend on a node computed again.

- **Equal means the same bits**: inputs are compared by their fingerprints (:func:`fingerprint`:
  a float itself, or its ``hex`` for zeros and NaNs; an array's shape, type and bytes), so
  ``-0.0`` and ``0.0`` differ and NaNs agree; the value of every node is bit for bit that of computing it again.
- **Snapshots, not references**: an input array changed in place after an evaluation has a new
  fingerprint, so it is seen as changed.
- **Read-only outside**: what an evaluation with a memo gives out is a read-only view
  (:func:`read_only`), so a caller cannot change what the next evaluation reuses.  Inside, the
  core's nodes write only into arrays they made; the tests keep every node's value read-only
  (:data:`FREEZE`), so that a node writing into what it reads fails there.
- **One evaluation at a time**: a memo answers for the evaluation that last adopted it
  (:meth:`Memo.adopt`); an older evaluation asking again adopts it anew.  A lock makes it safe
  across threads.
"""
from __future__ import annotations

import threading

import numpy as np

__all__ = ["MEMO_POINTS", "FREEZE", "Memo", "fingerprint", "memo_for", "prints_of", "read_only"]

#: Broadcasts of at most this many points (a single point over a few Earth designs) keep their
#: nodes for the next evaluation of the same graph; larger ones gain nothing (their time is the
#: arithmetic, not the calls) and would hold their arrays. [-]
MEMO_POINTS = 16

#: Keep every node's value read-only (:func:`read_only`; the test suite sets it): a node that
#: writes into a value it reads, which the next evaluation may reuse, raises.  Off, the values
#: are kept as they are (some 150 arrays a point: 3 % of a single evaluation).
FREEZE = False

_MEMOS: dict = {}
_MEMOS_LOCK = threading.Lock()


def fingerprint(v):
    """What an input's value is, bit for bit, as a hashable snapshot; a value of no known kind
    gets a sentinel equal to nothing, itself included (so that it always counts as changed).

    >>> fingerprint(0.0) == fingerprint(-0.0)
    False
    >>> fingerprint(np.array([1.0, 2.0])) == fingerprint(np.array([1.0, 2.0]))
    True
    """
    if type(v) is float:  # itself, but where equal values differ in bits (0.0, -0.0; NaNs)
        return v if v == v and v != 0.0 else v.hex()
    if type(v) is np.ndarray:
        return (v.shape, v.dtype, v.tobytes())
    if isinstance(v, np.ndarray):  # a subclass: its type too
        return (type(v), v.shape, v.dtype, v.tobytes())
    if isinstance(v, (str, int)):
        return (type(v), v)
    if isinstance(v, np.generic):
        return (type(v), v.tobytes())
    if type(v) is tuple:
        parts = tuple(fingerprint(x) for x in v)
    elif isinstance(getattr(type(v), "__slots__", None), tuple):  # a small value object (LanderCatalogue)
        parts = tuple(fingerprint(getattr(v, s)) for s in type(v).__slots__)
    else:
        return _NEVER
    # a tuple compares its items by identity first: one part never equal makes the whole so
    return _NEVER if any(x is _NEVER for x in parts) else (type(v), parts)


class _Never:
    """A fingerprint equal to nothing, itself included."""

    __slots__ = ()

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = None


_NEVER = _Never()


def prints_of(params, groups) -> dict:
    """The fingerprint of every input (groups' keys as the probe names them: ``groups[i].key``)."""
    prints = {k: fingerprint(v) for k, v in params.items()}
    for i, g in enumerate(groups):
        prints.update((f"groups[{i}].{k}", fingerprint(v)) for k, v in g.items())
    return prints


def read_only(v):
    """``v`` as the memo keeps it: an array as a read-only view, a dict of arrays as a new dict
    of read-only views; anything else as it is (floats, numpy scalars and strings are immutable)."""
    if isinstance(v, np.ndarray):
        v = v.view()
        v.flags.writeable = False
        return v
    if type(v) is dict:
        return {k: read_only(x) for k, x in v.items()}
    return v


class Memo:
    """The kept nodes of one graph (:mod:`basaltcalc.model.memo`): ``values`` and the input
    keys each read (``reads``), valid for the inputs of fingerprints ``prints``."""

    __slots__ = ("lock", "prints", "values", "reads", "owner")

    def __init__(self):
        self.lock = threading.Lock()
        self.prints, self.values, self.reads, self.owner = {}, {}, {}, None

    def adopt(self, owner, prints, deps) -> None:
        """Make the memo answer for the evaluation ``owner`` of inputs ``prints``: drop each node
        that read an input whose fingerprint changed, or depends on a node dropped (``deps``:
        node -> its dependencies, as the graph's order lists them)."""
        if self.owner is owner:
            return
        old = self.prints
        changed = {k for k, fp in prints.items() if old.get(k, _NEVER) != fp}
        changed.update(k for k in old if k not in prints)
        if changed:
            dropped = set()
            for node in list(self.values):  # kept in the order computed: dependencies first
                if not self.reads[node].isdisjoint(changed) or any(d in dropped for d in deps[node]):
                    dropped.add(node)
                    del self.values[node], self.reads[node]
        self.prints, self.owner = prints, owner

    def keep(self, node, value, reads) -> object:
        """Keep a node computed for the owner's inputs; returns the value kept (read-only with
        :data:`FREEZE`)."""
        value = self.values[node] = read_only(value) if FREEZE else value
        self.reads[node] = frozenset(reads)
        return value


def memo_for(graph, key) -> Memo:
    """The memo of ``graph`` for evaluations of ``key`` (their layout: shape, axis moved, error
    state), made on first use; the graph itself is part of the key, by identity."""
    k = (id(graph), key)
    with _MEMOS_LOCK:
        found = _MEMOS.get(k)
        if found is None or found[0] is not graph:
            if len(_MEMOS) >= 64:  # a bound: graphs and layouts are few; an old one is dropped
                _MEMOS.pop(next(iter(_MEMOS)))
            found = _MEMOS[k] = (graph, Memo())
        return found[1]
