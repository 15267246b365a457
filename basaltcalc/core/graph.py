r"""The model as a graph of named nodes: what each node depends on, and the order to compute
a set of them in.

A node is a function whose parameter names are what it depends on: other nodes, or the two
sources ``p`` (the core's inputs by key) and ``groups`` (the element groups).  The core declares
its graph (:func:`basaltcalc.core.compare.graph`); :func:`run` computes a set of nodes in one
call, and :mod:`basaltcalc.model.lazy` is the driver that computes only what is asked, at the
shape of what it reads, in blocks and threads.

A function of one element group is made a node per group, ``<name>[i]`` (:func:`per_group`),
and a function of every group's values a node reading each of them (:func:`over_groups`): a
group whose inputs do not vary is then computed once at its own shape, whichever other group a
sweep varies.
"""
from __future__ import annotations

import inspect

__all__ = ["SOURCES", "Node", "dependencies", "needed", "over_groups", "per_group", "run"]

#: The two names a node may depend on that are inputs, not nodes.
SOURCES = ("p", "groups")


class Node:
    """A node whose dependencies are listed, not read off its parameters: ``fn`` called with the
    values of ``deps`` in order (made by :func:`per_group` and :func:`over_groups`)."""

    __slots__ = ("fn", "deps")

    def __init__(self, fn, deps):
        self.fn, self.deps = fn, tuple(deps)

    def __call__(self, *values):
        return self.fn(*values)

    def __repr__(self):
        return f"Node({getattr(self.fn, '__name__', self.fn)!s}, {self.deps})"


def dependencies(fn) -> tuple[str, ...]:
    """The names a node depends on: its parameter names (those without a default), or the
    :class:`Node`'s list.

    >>> dependencies(lambda costs, p: None)
    ('costs', 'p')
    """
    if isinstance(fn, Node):
        return fn.deps
    return tuple(name for name, par in inspect.signature(fn).parameters.items()
                 if par.default is inspect.Parameter.empty
                 and par.kind in (par.POSITIONAL_ONLY, par.POSITIONAL_OR_KEYWORD))


def per_group(fn, i, **each) -> Node:
    """``fn``, a function of one element group, as the node of group ``i``: its parameter
    ``group`` reads ``groups[i]``, a parameter ``name=base`` of ``each`` the node ``base[i]`` (the
    same group's), every other the node or source of its name.

    >>> node = per_group(lambda p, group, sized: (group["n"], sized), 1, sized="sizing")
    >>> node.deps
    ('p', 'groups', 'sizing[1]')
    >>> node({}, [{"n": 4}, {"n": 5}], 2.0)
    (5, 2.0)
    """
    names = dependencies(fn)
    deps = ["groups" if a == "group" else f"{each[a]}[{i}]" if a in each else a for a in names]
    if "group" not in names:
        return Node(fn, deps)
    at = names.index("group")

    def of_group(*values):
        return fn(*values[:at], values[at][i], *values[at + 1:])
    of_group.__name__ = getattr(fn, "__name__", "of_group")
    return Node(of_group, deps)


def over_groups(fn, n, **each) -> Node:
    """``fn`` as a node over ``n`` element groups: a parameter ``name=base`` of ``each`` reads
    the list of the nodes ``base[0]``, ..., ``base[n-1]``, every other the node or source of its
    name.

    >>> node = over_groups(lambda groups, masses: sum(masses), 2, masses="mass")
    >>> node.deps
    ('groups', 'mass[0]', 'mass[1]')
    >>> node([], 1.0, 2.0)
    3.0
    """
    deps, sizes = [], []
    for a in dependencies(fn):
        if a in each:
            deps += [f"{each[a]}[{k}]" for k in range(n)]
            sizes.append(n)
        else:
            deps.append(a)
            sizes.append(None)  # one value

    def combined(*values):
        args, k = [], 0
        for size in sizes:
            args.append(values[k] if size is None else list(values[k:k + size]))
            k += 1 if size is None else size
        return fn(*args)
    combined.__name__ = getattr(fn, "__name__", "combined")
    return Node(combined, deps)


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
