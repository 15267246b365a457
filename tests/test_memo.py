"""The memo of small evaluations (basaltcalc.model.memo): a node whose inputs are the same bits
as in the last evaluation is reused, every other node computed again, so that any sequence of
evaluations, interleaved, in threads, with inputs changed in place, gives bit for bit the numbers
of evaluating afresh."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import basaltcalc as bc
from basaltcalc.metrics import METRICS
from basaltcalc.model import lazy, memo

from test_lazy import CALLS, toy_graph

GRAPH = toy_graph()  # one graph object: the memo is per graph


def evaluation(params, groups=({"kind": "sheet", "length": 4.0},)):
    groups = [dict(g) for g in groups]
    leaves = [*params.values(), *(v for g in groups for k, v in g.items() if k != "kind")]
    shape = np.broadcast_shapes(*(np.shape(v) for v in leaves))
    return lazy.Evaluation(GRAPH, params, groups, shape, memo=True)


@pytest.fixture(autouse=True)
def _fresh():
    memo._MEMOS.clear()
    CALLS.clear()


def test_an_unchanged_node_is_reused_and_a_changed_one_computed_again():
    assert evaluation({"a": 2.0, "b": 1.0, "x": 3.0})["w"] == 2.0 * 3.0 ** 2 + 1.0 + 4.0  # 23
    assert CALLS == {"square": 1, "y": 1, "z": 1, "w": 1}
    # b changed: 'square' (a, x) and 'z' (the groups) are the memo's; 'y' and 'w' run again
    assert evaluation({"a": 2.0, "b": 5.0, "x": 3.0})["w"] == 18.0 + 5.0 + 4.0  # 27
    assert CALLS == {"square": 1, "y": 2, "z": 1, "w": 2}
    # the same inputs again: nothing runs
    assert evaluation({"a": 2.0, "b": 5.0, "x": 3.0})["w"] == 27.0
    assert CALLS == {"square": 1, "y": 2, "z": 1, "w": 2}


def test_an_input_array_changed_in_place_is_seen_as_changed():
    x = np.array([1.0, 2.0])
    np.testing.assert_array_equal(evaluation({"a": 2.0, "b": 0.0, "x": x})["y"], [2.0, 8.0])
    x[0] = 3.0  # the same object, new bits: 2 * 3^2 = 18
    np.testing.assert_array_equal(evaluation({"a": 2.0, "b": 0.0, "x": x})["y"], [18.0, 8.0])
    assert CALLS["square"] == 2


def test_minus_zero_is_not_zero():
    # a x^2 + b with b = -0.0 and a x^2 = 0: 0.0 + -0.0 = 0.0, but the node reading b reruns
    evaluation({"a": 0.0, "b": 0.0, "x": 1.0})["y"]
    evaluation({"a": 0.0, "b": -0.0, "x": 1.0})["y"]
    assert CALLS["y"] == 2 and CALLS["square"] == 1


def test_kept_arrays_are_read_only():
    y = evaluation({"a": 2.0, "b": 1.0, "x": np.array([1.0, 2.0])})["y"]
    with pytest.raises(ValueError, match="read-only"):
        y[0] = 0.0


def test_larger_broadcasts_keep_nothing():
    x = np.linspace(0.0, 1.0, memo.MEMO_POINTS + 1)
    evaluation({"a": 2.0, "b": 1.0, "x": x})["y"]
    evaluation({"a": 2.0, "b": 1.0, "x": x})["y"]
    assert CALLS["square"] == 2


def test_an_older_evaluation_asked_again_sees_its_own_inputs():
    # the case of an evaluation computing a node while another held the memo: 'w' of the first
    # must not be kept on the first's 'y', then served to a third whose 'y' differs
    first = evaluation({"a": 1.0, "b": 1.0, "x": 1.0})
    first["y"]  # 2
    second = evaluation({"a": 1.0, "b": 2.0, "x": 1.0})
    second["y"]  # 3
    assert first["w"] == 2.0 + 4.0
    assert second["w"] == 3.0 + 4.0
    assert evaluation({"a": 1.0, "b": 1.0, "x": 1.0})["w"] == 6.0


# --- the model: any sequence of evaluations, bit for bit as computed afresh --------------------

POINTS = [{}, {"transport.landed_cost": bc.Q_(3e5, "USD/kg")}, {"transport.landed_cost": bc.Q_(9e5, "USD/kg")},
          {"elements[0].length": bc.Q_(2.5, "m")}, {"insitu.campaign": bc.Q_(7.0, "year")},
          {"elements[0].length": bc.Q_(2.5, "m"), "transport.landed_cost": bc.Q_(3e5, "USD/kg")}]


def _metrics(results, names):
    return {n: np.asarray(results[n].to_base_units().magnitude) for n in names}


def _replay(scenarios, steps, memo_points, monkeypatch):
    """Evaluate ``steps`` ((scenario index, point index, metric names, earlier evaluation to ask
    again or None)) with the memo on or off; each step's numbers."""
    monkeypatch.setattr(lazy, "MEMO_POINTS", memo_points)
    memo._MEMOS.clear()
    live, out = [], []
    for s, k, names, again in steps:
        live.append(bc.evaluate(scenarios[s], POINTS[k], strict=False))
        target = live[again % len(live)] if again is not None else live[-1]
        out.append(_metrics(target, names))
    return out


@settings(max_examples=30, deadline=None)
@given(steps=st.lists(st.tuples(st.integers(0, 1), st.integers(0, len(POINTS) - 1),
                                st.lists(st.sampled_from(sorted(METRICS)), min_size=1, max_size=4),
                                st.none() | st.integers(0, 10)), min_size=2, max_size=6))
def test_any_sequence_of_evaluations_equals_evaluating_afresh(steps, default, ilrs):
    with pytest.MonkeyPatch.context() as m:
        kept = _replay([default, ilrs], steps, memo.MEMO_POINTS, m)
        fresh = _replay([default, ilrs], steps, 0, m)
    for a, b in zip(kept, fresh):
        for name in a:
            np.testing.assert_array_equal(a[name], b[name], err_msg=name)


def test_threads_evaluating_different_points_at_once(default):
    names = ["cost_ratio", "savings", "payback_time"]
    want = [_metrics(bc.evaluate(default, p), names) for p in POINTS]
    got, errors = {}, []

    def work(i):
        try:
            for _ in range(5):
                for k in (i, (i + 3) % len(POINTS)):
                    got[(i, k)] = _metrics(bc.evaluate(default, POINTS[k]), names)
        except Exception as exc:  # reported below, where pytest sees it
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for (i, k), values in got.items():
        for name in names:
            np.testing.assert_array_equal(values[name], want[k][name], err_msg=name)
