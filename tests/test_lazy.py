"""The driver of basaltcalc.model.lazy on a small graph with a known answer: only the nodes the
asked metrics need run, a node that does not depend on the first axis runs once whatever the
blocks, and blocks, threads and the order of questions give the numbers of one call bit for bit."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from basaltcalc.core import graph
from basaltcalc.model import lazy
from basaltcalc.model.parallel import set_threads

CALLS: dict = {}


def _counted(name, fn):
    def wrapped(*args):
        CALLS[name] = CALLS.get(name, 0) + 1
        return fn(*args)
    wrapped.__signature__ = __import__("inspect").signature(fn)
    return wrapped


def toy_graph():
    """y = a x^2 + b (x varies when swept), z = sum over groups of the group lengths c,
    w = y + z; 'heavy' stands for a node nobody asked for."""
    nodes = {
        "square": lambda p: p["a"] * p["x"] ** 2,
        "y": lambda square, p: square + p["b"],
        "z": lambda groups: sum(g["length"] for g in groups),
        "w": lambda y, z: y + z,
        "heavy": lambda p: np.sqrt(p["x"]) * np.exp(-p["a"]),
    }
    return {name: _counted(name, fn) for name, fn in nodes.items()}


def evaluation(params, groups, chunk=None, threads=1):
    leaves = [v for v in params.values()] + [v for g in groups for k, v in g.items() if k != "kind"]
    shape = np.broadcast_shapes(*(np.shape(v) for v in leaves))
    blocks = lazy.blocks_of(shape, chunk, threads) if chunk else []
    return lazy.Evaluation(toy_graph(), params, groups, shape, blocks, threads)


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()


def test_only_the_nodes_the_asked_metrics_need_run():
    ev = evaluation({"a": 2.0, "b": 1.0, "x": 3.0}, [{"kind": "sheet", "length": 4.0}])
    assert ev["y"] == 2.0 * 9.0 + 1.0  # 19, a x^2 + b by hand
    assert CALLS == {"square": 1, "y": 1}
    assert ev["w"] == 19.0 + 4.0
    assert CALLS == {"square": 1, "y": 1, "z": 1, "w": 1}  # 'square', 'y' kept, not rerun
    assert "heavy" not in CALLS


def test_a_node_that_does_not_vary_along_the_blocked_axis_runs_once():
    x = np.linspace(0.0, 1.0, 1000)
    ev = evaluation({"a": 2.0, "b": 1.0, "x": x}, [{"kind": "sheet", "length": 4.0}], chunk=100)
    w = ev["w"]
    assert CALLS["z"] == 1  # whole: once, not once per block
    assert CALLS["square"] == 1 + 10  # the probe's first row, then ten blocks of 100
    assert ev.whole == {"square": False, "y": False, "z": True, "w": False}
    np.testing.assert_array_equal(w, 2.0 * x ** 2 + 1.0 + 4.0)


@pytest.mark.parametrize("shape_x, shape_len", [((500,), ()), ((50, 1), (1, 7)), ((1, 7), (50, 1)),
                                                ((3, 40, 1), (40, 5))])
@pytest.mark.parametrize("threads", [1, 2])
def test_blocks_threads_and_order_give_the_numbers_of_one_call(shape_x, shape_len, threads):
    rng = np.random.default_rng(3)
    params = {"a": rng.uniform(1, 2, (1,) * len(shape_x)), "b": 0.5, "x": rng.uniform(0, 3, shape_x)}
    groups = [{"kind": "tube", "length": rng.uniform(1, 2, shape_len)}, {"kind": "sheet", "length": 2.0}]
    one = evaluation(params, groups).compute(["w", "y", "z", "heavy"])
    old = set_threads(threads)
    try:
        for chunk in (7, 13, 64, 1000):  # blocks of 1 to 64 rows, and one block
            ev = evaluation(params, groups, chunk=chunk, threads=threads)
            for name in ("heavy", "z", "w", "y"):  # another order than the one call's
                got = np.broadcast_to(ev[name], np.shape(one[name]))
                assert np.shape(ev[name]) == np.shape(one[name]) or ev.whole[name]
                np.testing.assert_array_equal(got, one[name])
    finally:
        set_threads(old)


@given(rows=st.integers(0, 5000), row=st.integers(1, 10), chunk=st.integers(1, 1 << 16),
       threads=st.integers(1, 4))
@settings(max_examples=300, deadline=None)
def test_blocks_split_the_rows_evenly_among_the_threads(rows, row, chunk, threads):
    """The blocks cover the rows once, in order; none holds more than ``chunk`` points (or one
    row, where a row is more); their sizes differ by at most a row; they are as few as that
    allows, rounded up to a multiple of the threads where there are rows enough."""
    blocks = lazy.blocks_of((rows, row), chunk, threads)
    if rows * row <= chunk or rows <= 1:
        assert blocks == []  # one block: the whole broadcast
        return
    sizes = [b.stop - b.start for b in blocks]
    assert blocks[0].start == 0 and blocks[-1].stop == rows
    assert all(a.stop == b.start for a, b in zip(blocks, blocks[1:]))
    most = max(1, chunk // row)  # rows a block may hold
    assert max(sizes) <= most and max(sizes) - min(sizes) <= 1
    fewest = -(-rows // most)
    assert len(blocks) == min(rows, -(-fewest // threads) * threads)


@pytest.mark.parametrize("shape, chunk, threads, sizes", [
    ((0,), 16, 2, []),  # nothing to split
    ((0, 2), 1, 2, []),
    ((1,), 1, 2, []),  # one row: one block whatever the chunk
    ((1, 10 ** 9), 16, 2, []),
    ((17,), 16, 1, [9, 8]),  # a prime just over one block: two halves, not 16 and 1
    ((17,), 16, 2, [9, 8]),
    ((17,), 4, 2, [3, 3, 3, 3, 3, 2]),  # 5 blocks of at most 4 rounded up to 6 for two threads
    ((17,), 4, 3, [3, 3, 3, 3, 3, 2]),
    ((3,), 1, 4, [1, 1, 1]),  # fewer rows than threads: a row each
    ((10 ** 6, 2), 1 << 16, 2, [31250] * 32),  # the length sweep: was 30 x 32,768 rows + 16,960
    ((262144, 2), 1 << 16, 2, [32768] * 8),  # the all-input core of bench_goals: as before
    ((10 ** 12, 1), 10 ** 10, 2, [10 ** 10] * 100),  # huge
    ((10 ** 12 + 39,), 10 ** 10, 2, [9_803_921_570] + [9_803_921_569] * 101),  # 101 -> 102 blocks
])
def test_blocks_of_edges(shape, chunk, threads, sizes):
    """Hand-counted splits: 17 rows in blocks of at most 4 need 5 (4 x 4 + 1), rounded up to 6
    for two or three threads: 17 = 5 x 3 + 2; 10^12 + 39 rows in at most 10^10 need 101,
    rounded up to 102 for two threads: 10^12 + 39 = 102 x 9,803,921,569 + 1."""
    assert [b.stop - b.start for b in lazy.blocks_of(shape, chunk, threads)] == sizes


def test_the_probe_records_what_each_node_reads():
    x = np.arange(300.0)
    ev = evaluation({"a": 2.0, "b": 1.0, "x": x}, [{"kind": "sheet", "length": 4.0}], chunk=100)
    ev.compute(["w", "heavy"])
    assert ev.reads["square"] == {"a", "x"}
    assert ev.reads["y"] == {"b"}
    assert ev.reads["z"] == {"groups[0].length"}
    assert ev.reads["heavy"] == {"a", "x"}


def test_needed_names_a_missing_node():
    with pytest.raises(KeyError, match="not a node"):
        graph.needed({"a": None}, {"a": ("b",)}, ["a"])


@pytest.mark.parametrize("threads", [1, 2])
def test_a_folded_mask_is_the_mask_all_along_the_first_axis(threads):
    """``<mask>:all`` in many blocks holds the mask folded by logical and along the first axis
    (one value per column, not one per point), and np.all of any column is that of the mask;
    in one block it is the mask itself; a mask that does not vary along the axis is kept whole."""
    x = np.linspace(0.0, 3.0, 1000)[:, None]  # a x^2 + b > 5 fails at x > sqrt(2) in column 0 only
    params = {"a": np.array([2.0, 0.0]), "b": 1.0, "x": x}
    nodes = {**toy_graph(), "ok": lambda y: y <= 5.0, "z_ok": lambda z: z > 0}
    old = set_threads(threads)
    try:
        for blocks in (lazy.blocks_of((1000, 2), 128), []):
            ev = lazy.Evaluation(nodes, params, [{"kind": "sheet", "length": 4.0}], (1000, 2), blocks)
            mask = (params["a"] * x ** 2 + 1.0) <= 5.0
            folded = ev["ok:all"]
            if blocks:
                assert folded.shape == (2,) and "ok" not in ev.kept  # the mask itself never held
                np.testing.assert_array_equal(folded, [False, True])
            else:
                np.testing.assert_array_equal(folded, mask)
            assert [bool(np.all(folded[..., k])) for k in range(2)] == [bool(np.all(mask[:, k])) for k in range(2)]
            assert ev["z_ok:all"] is ev["z_ok"] or not blocks  # whole: as it is
            np.testing.assert_array_equal(ev["ok"], mask)  # the mask on its own, when asked
    finally:
        set_threads(old)


@pytest.mark.parametrize("chunk", [None, 96])
def test_a_short_last_axis_moved_to_the_front_gives_the_same_numbers_and_shapes(chunk):
    """``lead``: the nodes run with the short last axis (the Earth designs) first, so numpy's
    inner loops run along the points; what comes back is in the broadcast's layout, bit for bit
    the values of the plain layout, a whole value broadcasting as before."""
    rng = np.random.default_rng(11)
    params = {"a": np.array([1.5, 2.5]), "b": rng.uniform(0, 1, (300, 1)), "x": rng.uniform(0, 3, (300, 1))}
    groups = [{"kind": "sheet", "length": np.array([1.0, 3.0])}]
    nodes = {**toy_graph(), "ok": lambda y: y <= 5.0}
    blocks = lazy.blocks_of((300, 2), chunk) if chunk else []
    plain = lazy.Evaluation(nodes, params, groups, (300, 2), blocks)
    moved = lazy.Evaluation(nodes, params, groups, (300, 2), blocks, lead=True)
    assert moved.moved and moved.shape == (2, 300) and not plain.moved
    for name in ("y", "w", "heavy", "z", "ok:all"):
        a, b = plain[name], moved[name]
        np.testing.assert_array_equal(np.broadcast_to(b, np.shape(a)), a)
        assert np.shape(b) == np.shape(a) or name == "ok:all" and not chunk
    assert moved["w"].shape == (300, 2) and moved["z"].shape == (2,)  # z: the two lengths, whole
    np.testing.assert_array_equal(moved["w"][:, 1], 2.5 * params["x"][:, 0] ** 2 + params["b"][:, 0] + 3.0)


@pytest.mark.parametrize("chunk,threads", [(None, 1), (96, 1), (96, 2)])
def test_an_input_given_per_design_is_stacked_block_by_block_to_the_same_numbers(chunk, threads):
    """A :class:`~basaltcalc.model.lazy.Stacked` input (one array per Earth design, on the short
    last axis) gives the numbers of the stacked array bit for bit; where the rows run in blocks
    it stays in its parts (each block stacks its own rows), else it is stacked once."""
    rng = np.random.default_rng(5)
    a0, a1 = rng.uniform(1, 2, (300, 1)), rng.uniform(2, 3, (300, 1))
    x = rng.uniform(0, 3, (300, 1))
    stacked = np.concatenate([a0, a1], axis=1)  # the (300, 2) input, by hand
    groups = [{"kind": "sheet", "length": np.array([1.0, 3.0])}]
    blocks = lazy.blocks_of((300, 2), chunk) if chunk else []
    old = set_threads(threads)
    try:
        plain = lazy.Evaluation(toy_graph(), {"a": stacked, "b": 1.0, "x": x}, groups, (300, 2), blocks, lead=True)
        parts = lazy.Evaluation(toy_graph(), {"a": lazy.Stacked([a0[:, 0], a1[:, 0]]), "b": 1.0, "x": x}, groups,
                                (300, 2), blocks, lead=True)
        assert isinstance(parts.params["a"], lazy.Stacked) == bool(chunk)
        for name in ("y", "w", "heavy"):
            np.testing.assert_array_equal(parts[name], plain[name])
        np.testing.assert_array_equal(parts["y"][:, 1], a1[:, 0] * x[:, 0] ** 2 + 1.0)  # a x^2 + b, design 1
    finally:
        set_threads(old)
    np.testing.assert_array_equal(np.asarray(lazy.Stacked([a0[:, 0], a1[:, 0]])), stacked)
    # a thread's blocks stack into one buffer: the arrays of a fresh stack, C-ordered, in the same memory
    lead, bufs = lazy.Stacked([a0[:, 0], a1[:, 0]]).leading(2), {}
    first = lead.rows_into((slice(None), slice(0, 100)), bufs, "a")
    np.testing.assert_array_equal(first, lead[(slice(None), slice(0, 100))])
    second = lead.rows_into((slice(None), slice(100, 199)), bufs, "a")  # a shorter block
    np.testing.assert_array_equal(second, stacked[100:199].T)
    assert second.shape == (2, 99) and second.flags.c_contiguous and np.shares_memory(first, second)
