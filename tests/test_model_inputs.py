"""Bad Python overrides to ``bc.evaluate``: every one a ScenarioError (a ValueError) naming the
input path, never a raw numpy error, a silent truncation or a MemoryError (issue 12, section 3)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.errors import ScenarioError
from basaltcalc.units import ureg

ROOT = Path(__file__).resolve().parents[1]
Q = ureg.Quantity
LC, CAMP, Y = "transport.landed_cost", "insitu.campaign", "routes.cut-stone.yield"


@pytest.fixture(scope="module")
def sc():
    return bc.load_scenario(ROOT / "scenarios" / "ilrs-south-pole-outpost.yaml")


# (overrides, message fragment); the fragment starts with the path the error must name
BAD = [
    ({LC: Q(np.array([1e5, 2e5]), "USD/kg"), CAMP: Q(np.array([1.0, 2.0, 3.0]), "year")},
     f"overrides {CAMP}: shape (3,) does not broadcast with '{LC}' of shape (2,)"),
    ({LC: Q(np.ones((2, 3)) * 1e5, "USD/kg"), CAMP: Q(np.ones((4, 1)), "year")},
     f"overrides {CAMP}: shape (4, 1) does not broadcast with '{LC}' of shape (2, 3)"),
    ({Y: np.array([0.5 + 1j])}, f"overrides {Y}: complex values are not allowed"),
    ({Y: 0.5 + 0j}, f"overrides {Y}: complex values are not allowed"),
    ({Y: np.complex128(0.5)}, f"overrides {Y}: complex values are not allowed"),
    ({LC: Q(np.array([3e5 + 0j]), "USD/kg")}, f"overrides {LC}: complex values are not allowed"),
    ({Y: [0.5 + 0.1j, 0.6]}, f"overrides {Y}: complex values are not allowed"),
    ({Y: np.array([True, False])}, f"overrides {Y}: expected numbers, got an array of booleans"),
    ({Y: True}, f"overrides {Y}: expected a number, got the boolean True"),
    ({Y: np.bool_(False)}, f"overrides {Y}: expected a number, got the boolean False"),
    ({Y: np.array([0.5, None])}, f"overrides {Y}: expected numbers, got an array of Python objects"),
    ({Y: np.array([0.5, "x"], dtype=object)}, f"overrides {Y}: expected numbers, got an array of Python objects"),
    ({Y: np.ma.masked_array([0.5, 0.6], [0, 1])}, f"overrides {Y}: a masked array has points with no value"),
    ({Y: [[0.5], [0.5, 0.6]]}, f"overrides {Y}: a ragged list"),
    ({Y: None}, f"overrides {Y}: expected a number, an array, a Quantity or a string, got NoneType"),
    ({Y: {"value": 0.5}}, f"overrides {Y}: expected a number, an array, a Quantity or a string, got dict"),
    ({Y: np.array(["0.5"])}, f"overrides {Y}: expected numbers, got an array of strings"),
    ({3: 0.5}, "overrides: an input path is a dotted string such as 'transport.landed_cost', got 3 (int)"),
    ({("transport", "landed_cost"): 1.0}, "overrides: an input path is a dotted string"),
    ({None: 1.0}, "overrides: an input path is a dotted string such as 'transport.landed_cost', got None"),
    ([(LC, "300 kUSD/kg")], "overrides: overrides are a mapping of input paths to values"),
    ("transport.landed_cost=3", "overrides: overrides are a mapping of input paths to values"),
    ({LC: Q(np.full((10 ** 4, 1), 1e5), "USD/kg"), CAMP: Q(np.full((1, 10 ** 4), 2.0), "year")},
     "overrides: the overrides broadcast to 100,000,000 points (shape (10000, 10000)): ~"),
    ({LC: Q(np.full((10 ** 6, 1), 1e5), "USD/kg"), CAMP: Q(np.full((1, 10 ** 6), 2.0), "year")},
     "overrides: the overrides broadcast to 1,000,000,000,000 points"),
]


@pytest.mark.parametrize("overrides, fragment", BAD)
def test_bad_overrides_name_their_path(sc, overrides, fragment):
    with pytest.raises(ScenarioError) as info:
        bc.evaluate(sc, overrides)
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(fragment), str(info.value)
    assert "arg " not in str(info.value)


def test_broadcast_refusal_gives_size_and_budget(sc):
    # 10^8 points x (len(METRICS) + 8 per element group) float64 values
    from basaltcalc.metrics import METRICS

    with pytest.raises(ScenarioError) as info:
        bc.evaluate(sc, BAD[-2][0])
    nbytes = 8 * 10 ** 8 * (len(METRICS) + 8 * len(sc.elements))
    from basaltcalc.memory import size_text

    assert f"{size_text(nbytes)} of results, more than the memory budget" in str(info.value)


def test_good_arrays_still_broadcast(sc):
    # the checks refuse nothing valid: a (2,) by (3, 1) grid of real values gives (3, 2) results
    res = bc.evaluate(sc, {LC: Q(np.array([1e5, 2e5]), "USD/kg"), CAMP: Q(np.array([[1.0], [2.0], [3.0]]), "year"),
                           Y: np.float32(0.6)})
    assert res["cost_ratio"].shape == (3, 2)
    loop = [[float(bc.evaluate(sc, {LC: Q(lc, "USD/kg"), CAMP: Q(c, "year"), Y: 0.6})["cost_ratio"])
             for lc in (1e5, 2e5)] for c in (1.0, 2.0, 3.0)]
    assert np.allclose(res["cost_ratio"].magnitude, loop, rtol=1e-12)
    ints = bc.evaluate(sc, {"elements[0].count": np.array([10, 20])})  # integer arrays are numbers
    assert ints["cost_ratio"].shape == (2,)
