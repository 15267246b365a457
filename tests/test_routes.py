"""bc.compare_routes and `basaltcalc compare`: the route axis equals separate evaluations, the
cheapest mix is never dearer than a single route and equals a brute force, the Pareto front."""
from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc import model
from basaltcalc.cli import main
from basaltcalc.studies.routes import ROUTE_METRICS, route_scenario

LANDED = bc.Q_(np.geomspace(2e4, 3e6, 7), "USD/kg")


@pytest.fixture(scope="module")
def sc():
    return bc.default_scenario()


@pytest.fixture(scope="module")
def swept(sc):
    return bc.compare_routes(sc, {"transport.landed_cost": LANDED})


def test_route_axis_equals_separate_evaluations(sc, swept):
    assert list(swept["route"].values) == ["cut-stone", "melt-cast", "sinter", "fibre-composite"]
    assert swept["insitu.total_cost"].dims == ("route", "dim_0")
    for k, route in enumerate(swept["route"].values):
        res = bc.evaluate(route_scenario(sc, route), {"transport.landed_cost": LANDED}, strict=False)
        for name in ROUTE_METRICS + ("earth.total_cost",):
            got = swept[name].values[k] if "route" in swept[name].dims else swept[name].values
            np.testing.assert_allclose(got, res[name].magnitude, rtol=1e-13, err_msg=f"{route} {name}")
        for i in range(len(sc.elements)):
            np.testing.assert_allclose(swept[f"elements[{i}].insitu.thickness"].values[k],
                                       res[f"elements[{i}].insitu.thickness"].magnitude, rtol=1e-13)
    # the route's own material: the scenario's for its own route, the product for the others
    assert swept.attrs["materials"] == ["natural-basalt", "cast-basalt", "sintered-regolith",
                                        "basalt-fibre-composite"]


def test_governing_rule_per_route_matches_single_evaluation(sc):
    ds = bc.compare_routes(sc)
    for k, route in enumerate(ds["route"].values):
        rows = bc.evaluate(route_scenario(sc, route)).elements()
        for i, row in enumerate(rows):
            assert ds[f"elements[{i}].insitu.governing"].values[k] == row["insitu"]["governing"]


def test_cheapest_mix_is_never_dearer_than_any_single_route(swept):
    mix = swept["mix.insitu.total_cost"].values
    assert np.all(mix <= swept["insitu.total_cost"].values.min(axis=0) * (1 + 1e-15))


def _cost_with_counts(sc, route, factors, overrides):
    """In-situ cost of ``route`` making only the groups with factor 1 (the others' counts 0)."""
    s = route_scenario(sc, route)
    values = model.apply_overrides(s, overrides)
    for i, f in enumerate(factors):
        values[f"elements[{i}].count"] = values[f"elements[{i}].count"] * f
    out = model.evaluate_si(s, values)
    return np.asarray(out["insitu.total_cost"]), np.asarray(out["insitu.launched_mass"])


def test_cheapest_mix_equals_brute_force_over_assignments(sc, swept):
    routes = list(swept["route"].values)
    G = len(sc.elements)
    ov = {"transport.landed_cost": LANDED}
    best = np.full(len(LANDED), np.inf)
    for assign in itertools.product(range(len(routes)), repeat=G):
        total = 0.0
        for r in set(assign):
            cost, _ = _cost_with_counts(sc, routes[r], [1.0 if a == r else 0.0 for a in assign], ov)
            total = total + cost
        best = np.minimum(best, total)
    np.testing.assert_allclose(swept["mix.insitu.total_cost"].values, best, rtol=1e-13)
    # the named routes of the mix reproduce its cost
    for j in range(len(LANDED)):
        chosen = [str(r) for r in swept["mix.route"].values[:, j]]
        total = sum(_cost_with_counts(sc, r, [1.0 if c == r else 0.0 for c in chosen],
                                      {"transport.landed_cost": LANDED[j]})[0] for r in set(chosen))
        assert total == pytest.approx(swept["mix.insitu.total_cost"].values[j], rel=1e-13)


def test_pareto_front_is_exactly_the_undominated_options(swept):
    for j in range(len(LANDED)):
        c = [float(swept["earth.total_cost"][j]), *swept["insitu.total_cost"].values[:, j],
             float(swept["mix.insitu.total_cost"][j])]
        m = [float(swept["earth.launched_mass"][j]), *swept["insitu.launched_mass"].values[:, j],
             float(swept["mix.insitu.launched_mass"][j])]
        flags = [bool(swept["pareto_earth"][j]), *swept["pareto"].values[:, j], bool(swept["pareto_mix"][j])]
        for k in range(len(c)):
            dominated = any(c[o] <= c[k] and m[o] <= m[k] and (c[o] < c[k] or m[o] < m[k])
                            for o in range(len(c)))
            assert flags[k] == (not dominated)
    # some option is always on the front
    assert (swept["pareto"].values.any(axis=0) | swept["pareto_earth"].values | swept["pareto_mix"].values).all()


def test_override_of_one_route_applies_to_that_route_only(sc):
    base = bc.compare_routes(sc)
    ds = bc.compare_routes(sc, {"routes.sinter.yield": 0.5})
    k = list(ds["route"].values).index("sinter")
    assert ds["insitu.total_cost"].values[k] > base["insitu.total_cost"].values[k]
    others = [i for i in range(ds.sizes["route"]) if i != k]
    np.testing.assert_array_equal(ds["insitu.total_cost"].values[others],
                                  base["insitu.total_cost"].values[others])
    with pytest.raises(bc.ScenarioError, match="not an input of any route"):
        bc.compare_routes(sc, {"routes.sintr.yield": 0.5})


def test_cli_compare_table_json_csv(capsys):
    assert main(["compare"]) == 0
    out = capsys.readouterr().out
    assert "cheapest mix" in out and "cut-stone" in out and "governing rule" in out
    assert main(["compare", "--format", "json", "--route", "melt-cast", "--route", "sinter"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["coords"]["route"]["values"] == ["melt-cast", "sinter"]
    assert main(["compare", "--format", "csv"]) == 0
    assert "insitu.total_cost [USD]" in capsys.readouterr().out
