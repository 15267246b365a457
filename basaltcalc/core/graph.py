r"""The model as a graph of named nodes: what each node depends on, and the order to compute
a set of them in.

A node is a function whose parameter names are what it depends on: other nodes, or the two
sources ``p`` (the core's inputs by key) and ``groups`` (the element groups).  The core declares
its graph (:func:`basaltcalc.core.compare.graph`); :func:`run` computes a set of nodes in one
call, and :mod:`basaltcalc.model.lazy` is the driver that computes only what is asked, at the
shape of what it reads, in blocks and threads.
"""
from __future__ import annotations

import inspect

__all__ = ["SOURCES", "dependencies", "needed", "run"]

#: The two names a node may depend on that are inputs, not nodes.
SOURCES = ("p", "groups")


def dependencies(fn) -> tuple[str, ...]:
    """The names a node depends on: its parameter names (those without a default).

    >>> dependencies(lambda costs, p: None)
    ('costs', 'p')
    """
    return tuple(name for name, par in inspect.signature(fn).parameters.items()
                 if par.default is inspect.Parameter.empty
                 and par.kind in (par.POSITIONAL_ONLY, par.POSITIONAL_OR_KEYWORD))


def needed(graph: dict, deps: dict, targets, known=()) -> list[str]:
    """The nodes ``targets`` need and ``known`` does not hold, each after what it depends on.

    >>> g = {"a": None, "b": None, "c": None}
    >>> needed(g, {"a": ("p",), "b": ("a",), "c": ("a", "b")}, ["c"])
    ['a', 'b', 'c']
    >>> needed(g, {"a": ("p",), "b": ("a",), "c": ("a", "b")}, ["c"], known={"a"})
    ['b', 'c']
    """
    order, seen = [], set(known)
    for target in targets:
        if target in seen:
            continue
        if target not in graph:
            raise KeyError(f"{target!r} is not a node")
        seen.add(target)
        stack = [(target, iter(deps[target]))]
        while stack:  # depth first, without recursion
            node, it = stack[-1]
            for dep in it:
                if dep not in seen and dep not in SOURCES:
                    if dep not in graph:
                        raise KeyError(f"node {node!r} depends on {dep!r}, which is not a node")
                    seen.add(dep)
                    stack.append((dep, iter(deps[dep])))
                    break
            else:
                order.append(node)
                stack.pop()
    return order


def run(graph: dict, deps: dict, order, p, groups, known=None, keep=None) -> dict:
    """Compute the nodes of ``order`` (as from :func:`needed`) on the inputs ``p`` and
    ``groups``, with the values ``known`` already at hand; returns every value, or with ``keep``
    (node names) those of ``keep`` and ``known``: every other value is let go once the last node
    of ``order`` that needs it has run (fewer temporaries held at once). [SI]

    >>> g = {"a": lambda p: p["x"] + 1, "b": lambda a, p: a * p["x"]}
    >>> d = {k: dependencies(f) for k, f in g.items()}
    >>> run(g, d, needed(g, d, ["b"]), {"x": 2.0}, [])["b"]
    6.0
    >>> sorted(run(g, d, needed(g, d, ["b"]), {"x": 2.0}, [], keep={"b"}))
    ['b']
    """
    known = known or {}
    values = dict(known)
    last = {} if keep is None else {d: node for node in order for d in deps[node]}  # its last reader
    for node in order:
        if node in values:
            continue
        values[node] = graph[node](*[p if d == "p" else groups if d == "groups" else values[d]
                                     for d in deps[node]])
        if last:
            for d in deps[node]:
                if last.get(d) == node and d not in keep and d not in known and d in values:
                    del values[d]
    return values
