"""The figures' update paths (issue 29): a breakdown and a landed-cost curve moved in place show
what a figure drawn anew shows, and the axes move only where the data leave them."""
from __future__ import annotations

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc import plotting
from basaltcalc.outputs.plotting.curves import landed_cost_data, update_landed_cost_curve
from basaltcalc.outputs.plotting.style import FILL, artists_by_gid, fit_limits, new_figure


@pytest.fixture(scope="module")
def scenario():
    return bc.default_scenario()


def _bars(fig):
    return {g: (a.get_y(), a.get_height()) for g, a in artists_by_gid(fig).items() if hasattr(a, "get_height")}


def test_a_moved_breakdown_shows_what_a_new_one_shows(scenario):
    a = bc.evaluate(scenario)
    b = bc.evaluate(scenario, {"economics.ddte": "1.3 BUSD", "transport.landed_cost": "1.1 MUSD/kg"})
    moved = plotting.cost_breakdown(a)
    artists, changed = plotting.update_cost_breakdown(moved, b)
    fresh = plotting.cost_breakdown(b)
    assert changed == set()  # the stacks still fit the axes drawn for a
    assert _bars(moved).keys() == _bars(fresh).keys() and len(_bars(moved)) == 2 * 3 + 6  # two Earth designs, three terms each
    for gid, (y, h) in _bars(fresh).items():
        assert _bars(moved)[gid] == pytest.approx((y, h), rel=1e-12, abs=1e-12), gid
    texts = {g: t.get_text() for g, t in artists_by_gid(moved).items() if hasattr(t, "get_text")}
    assert texts == {g: t.get_text() for g, t in artists_by_gid(fresh).items() if hasattr(t, "get_text")}
    assert "0.0" in texts["breakdown-title"] and len(artists) == len(_bars(moved)) + 3 + 1


def test_a_breakdown_whose_panels_must_change_is_drawn_anew(scenario):
    """Against the same stone only: in situ is 0.089 x the Earth design, past EXTREME_RATIO, so
    two panels; at a 20 kUSD/kg landed cost the totals come within 8 x of each other: one panel."""
    from basaltcalc.scenario import scenario_from_dict

    d = scenario.to_dict()
    d["earth"]["comparators"] = []
    alone = scenario_from_dict(d)
    fig = plotting.cost_breakdown(bc.evaluate(alone))
    assert len(fig.axes) == 2
    near = bc.evaluate(alone, {"transport.landed_cost": "20 kUSD/kg"})
    assert len(plotting.cost_breakdown(near).axes) == 1
    assert plotting.update_cost_breakdown(fig, near) is None


def test_the_axis_follows_a_stack_that_leaves_it(scenario):
    fig = plotting.cost_breakdown(bc.evaluate(scenario))
    earth = artists_by_gid(fig)["earth.transport_cost"].axes
    top = earth.get_ylim()[1]
    artists, changed = plotting.update_cost_breakdown(fig, bc.evaluate(scenario, {"transport.landed_cost": "1.6 MUSD/kg"}))
    assert changed == {"limits"}
    total = sum(h for g, (_, h) in _bars(fig).items() if g.startswith("earth.") and "[" not in g)
    assert earth.get_ylim() == pytest.approx((0.0, total / FILL)) and earth.get_ylim()[1] > top


def test_a_moved_curve_shows_what_a_new_one_shows(scenario):
    over = {"economics.ddte": "2.5 BUSD"}
    ax = new_figure().add_subplot()
    plotting.landed_cost_curve(scenario, num=40, ax=ax, mark=True)
    artists, changed = update_landed_cost_curve(ax, landed_cost_data(scenario, num=40, overrides=over))
    fresh = new_figure().add_subplot()
    plotting.landed_cost_curve(scenario, num=40, ax=fresh, overrides=over, mark=True)
    mine, theirs = artists_by_gid(ax), artists_by_gid(fresh)
    assert mine.keys() == theirs.keys()
    for gid in ("earth.total_cost", "earth[al-2219].total_cost", "insitu.total_cost", "breakeven", "this-case"):
        assert np.asarray(mine[gid].get_xdata(), dtype=float) == pytest.approx(np.asarray(theirs[gid].get_xdata(), dtype=float))
        assert np.asarray(mine[gid].get_ydata(), dtype=float) == pytest.approx(np.asarray(theirs[gid].get_ydata(), dtype=float))
    assert mine["breakeven-label"].get_text() == theirs["breakeven-label"].get_text()
    # the breakeven moved with the development cost: 2.5 BUSD against 1 BUSD
    base = landed_cost_data(scenario, num=40).breakevens[0][1]
    assert mine["breakeven"].get_xdata()[0] > base
    assert len([a for a in ax.get_children() if (a.get_gid() or "").startswith("breakeven")]) == 3  # old ones gone


@pytest.mark.parametrize("limits, data, log, kept, after", [
    ((0, 10), (0, 8), False, True, (0, 10)),            # inside, fills 80 %
    ((0, 10), (0, 9.5), False, False, (0, 9.5 / FILL)),  # into the room kept above (10 %)
    ((0, 10), (0, 12), False, False, (0, 12 / FILL)),    # out of it
    ((0, 10), (0, 4), False, False, (0, 4 / FILL)),      # fills less than half
    ((1, 100), (2, 50), True, True, (1, 100)),           # 1.4 of 2 decades
    ((1, 100), (0.5, 50), True, False, None),            # below the axis
])
def test_fit_limits_moves_an_axis_only_where_the_data_leave_it(limits, data, log, kept, after):
    ax = new_figure().add_subplot()
    if log:
        ax.set_yscale("log")
    ax.set_ylim(*limits)
    assert fit_limits(ax, *data, log=log, room=0.1 if not log else 0.0) is (not kept)
    if after is not None:
        assert ax.get_ylim() == pytest.approx(after)
    else:  # centred in the decades, the data filling FILL of them (at least half a decade of margin)
        lo, hi = ax.get_ylim()
        span = np.log(data[1] / data[0])
        assert np.log(hi / lo) == pytest.approx(max(span / FILL, span + 0.5 * np.log(10)))
        assert np.log(data[0] / lo) == pytest.approx(np.log(hi / data[1]))
