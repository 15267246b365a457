"""bc.optimize, bc.optimize_sweep and `basaltcalc optimize`: the lattice search finds the brute
force's lowest point on stepped surfaces, a single choice is today's evaluation, the optimum over
a sweep is the lower envelope of the fixed plans, the best Earth design is the cheapest valid
material per group, constraints no plan meets are located errors."""
from __future__ import annotations

import itertools
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.cli import main
from basaltcalc.studies.earth_design import best_earth_design, design_scenario
from basaltcalc.studies.optimize_spec import read_optimize

ROOT = Path(__file__).resolve().parents[1]
BEST_PLAN = ROOT / "scenarios" / "best-plan-shelter-ring.yaml"
YEAR = 365.25 * 86400.0


def brute_force(sc, best, objective, overrides=None):
    """The lowest objective over the whole lattice of ``best``'s continuous decisions, through the
    public path (one bc.evaluate over the full grid), and where it lies."""
    paths = list(best.lattice)
    axes = [np.linspace(lo, hi, n + 1) if n else np.array([lo]) for lo, hi, n in best.lattice.values()]
    grid = np.meshgrid(*axes, indexing="ij")
    units = {p: sc.inputs[p].unit for p in paths}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = bc.evaluate(sc, {**(overrides or {}), **{p: bc.Q_(g.ravel(), units[p]) for p, g in zip(paths, grid)}},
                          metrics=[objective])
    f = np.broadcast_to(res[objective].magnitude, grid[0].size)
    k = int(np.nanargmin(f))
    return float(f[k]), {p: float(g.ravel()[k]) for p, g in zip(paths, grid)}


# -- the search against the brute force over the whole lattice ------------------------------------

CASES = [  # scenario, decisions (two continuous: the coarse lattice and 3-4 refinement rounds), objective
    (None, {"insitu.campaign": {"between": ["0.5 year", "8 year"], "resolution": "0.05 year"},
            "insitu.plant_module_mass": {"between": ["100 kg", "430 kg"], "resolution": "2.5 kg"}}, "insitu.total_cost"),
    (None, {"insitu.campaign": {"between": ["0.5 year", "8 year"], "resolution": "0.05 year"},
            "economics.development_time": {"between": ["3 year", "10 year"], "resolution": "0.05 year"}}, "insitu.npv"),
    ("landing-pad-pavers", {"insitu.campaign": {"between": ["0.5 year", "8 year"], "resolution": "0.05 year"},
                            "insitu.plant_module_mass": {"between": ["100 kg", "1500 kg"], "resolution": "10 kg"}},
     "insitu.npv"),
    ("equatorial-mare-fission", {"insitu.campaign": {"between": ["0.5 year", "8 year"], "resolution": "0.05 year"},
                                 "economics.development_time": {"between": ["3 year", "10 year"], "resolution": "0.05 year"}},
     "insitu.total_cost"),
]


@pytest.mark.parametrize("stem,decisions,objective", CASES, ids=[f"{c[0] or 'default'}-{c[2]}" for c in CASES])
def test_search_finds_the_lowest_lattice_point(stem, decisions, objective):
    sc = bc.default_scenario() if stem is None else bc.load_scenario(ROOT / "scenarios" / f"{stem}.yaml")
    best = bc.optimize(sc, {"decisions": decisions, "objective": objective})
    low, where = brute_force(sc, best, objective)
    points = np.prod([n + 1 for *_, n in best.lattice.values()])
    assert best.evaluated < points / 4  # a search, not the brute force
    # never worse than the brute force; the same lattice, so the same lowest point (the last bits:
    # a stacked broadcast against one evaluation)
    assert best.value <= low * (1 + 1e-12)
    assert best.value == pytest.approx(low, rel=1e-12)
    assert best.value <= best.file_value


def test_the_surface_is_stepped_and_a_gradient_method_stalls_on_it():
    """Why a lattice: the pavers' present value against the module mass is a staircase of whole
    flights; a bounded scalar method from scipy stops on a step above the lattice's lowest point."""
    from scipy.optimize import minimize_scalar

    sc = bc.load_scenario(ROOT / "scenarios" / "landing-pad-pavers.yaml")
    decisions = {"insitu.plant_module_mass": {"between": ["100 kg", "1500 kg"], "resolution": "5 kg"}}
    best = bc.optimize(sc, {"decisions": decisions})
    low, _ = brute_force(sc, best, "insitu.npv")
    assert best.value == pytest.approx(low, rel=1e-12)

    def npv(m):
        return bc.evaluate(sc, {"insitu.plant_module_mass": bc.Q_(m, "kg")}, metrics=["insitu.npv"])["insitu.npv"].m
    found = minimize_scalar(npv, bounds=(100.0, 1500.0), method="bounded")
    assert found.fun > best.value * 1.001  # stuck on a step: worse than the lattice's lowest point
    values = npv(np.linspace(100.0, 430.0, 34))
    assert len(np.unique(np.round(values, 3))) > 5 and np.any(np.diff(values) > 0) and np.any(np.diff(values) < 0)


def test_discrete_decisions_are_each_plan_at_its_best():
    """With power and lander choices, the best plan is the lowest over the plans of each plan's
    brute force."""
    from basaltcalc.studies.plans import plan_scenario

    sc = bc.default_scenario()
    decisions = {"insitu.campaign": {"between": ["0.5 year", "8 year"], "resolution": "0.025 year"},
                 "power": "all", "lander": ["medium-lander-2026", "clps-2024"]}
    best = bc.optimize(sc, {"decisions": decisions, "objective": "insitu.total_cost"})
    lows = {}
    for power, lander in itertools.product(["solar-with-storage", "fission-surface-power"],
                                           ["medium-lander-2026", "clps-2024"]):
        lows[power, lander] = brute_force(plan_scenario(sc, power=power, lander=lander), best, "insitu.total_cost")[0]
    assert best.value == pytest.approx(min(lows.values()), rel=1e-12)
    assert lows[best.plan["power"], best.plan["lander"]] == pytest.approx(best.value, rel=1e-12)
    # runner-ups: every other plan within 5 % of the best, each at its own best
    for r in best.runner_ups:
        assert lows[r["plan"]["power"], r["plan"]["lander"]] == pytest.approx(r["value"], rel=1e-12)
        assert 0 <= r["gap"] <= 0.05


def test_route_per_group_is_the_cheapest_mix_at_the_best_campaign():
    sc = bc.default_scenario()
    best = bc.optimize(sc, {"decisions": {"insitu.campaign": ["0.5 year", "8 year"], "route": "all"},
                            "objective": "insitu.total_cost"})
    campaign = best.plan["insitu.campaign"]
    ds = bc.compare_routes(sc, {"insitu.campaign": campaign})
    assert best.value == pytest.approx(float(ds["mix.insitu.total_cost"]), rel=1e-12)
    assert list(best.plan["route"].values()) == list(ds["mix.route"].values)


def test_a_single_choice_is_todays_evaluation_bit_for_bit():
    sc = bc.load_scenario(BEST_PLAN)
    spec = {"decisions": {"insitu.campaign": ["2 year", "2 year"], "power": ["solar-with-storage"],
                          "lander": ["medium-lander-2026"], "modular": [True], "route": ["melt-cast"]}}
    best = bc.optimize(sc, spec)
    res = bc.evaluate(sc)
    assert best.plan == best.file_plan
    assert best.value == res["insitu.npv"].m  # bit for bit
    assert best.results is not None
    for name in bc.METRICS:
        np.testing.assert_array_equal(best.results[name].m, res[name].m, err_msg=name)


def test_a_metric_qualified_best_is_against_the_cheapest_valid_material_per_group():
    sc = bc.default_scenario()
    materials = ["cast-basalt", "al-2219", "ti-6al-4v", "cfrp"]
    got = best_earth_design([sc], {}, materials)
    # brute force: each material as the Earth design, each group alone
    cost = np.full((len(sc.elements), len(materials)), np.inf)
    for j, m in enumerate(materials):
        for g in range(len(sc.elements)):
            data = design_scenario(sc, [m]).to_dict()
            data["elements"] = [data["elements"][g]]  # the group alone
            res = bc.evaluate(bc.scenario_from_dict(data), strict=False)
            if bool(res.raw["elements[0].earth.valid"]) and bool(res.raw["elements[0].earth.fits"]):
                cost[g, j] = res["earth.total_cost"].m
    assert list(got["material"][:, 0]) == list(np.argmin(cost, axis=1))
    assert got["earth.total_cost"][0] == pytest.approx(cost.min(axis=1).sum(), rel=1e-12)
    best = bc.optimize(sc, {"decisions": {"insitu.campaign": ["1 year", "4 year"]}, "earth": materials,
                            "objective": {"maximize": "savings[best]"}})
    assert best.metrics["savings[best]"] == pytest.approx(got["earth.total_cost"][0] - best.metrics["insitu.total_cost"])
    assert best.earth["materials"] == {e["name"]: materials[int(m)] for e, m in zip(sc.elements, got["material"][:, 0])}


# -- over a sweep --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def swept():
    sc = bc.default_scenario()
    spec = {"decisions": {"insitu.campaign": ["0.5 year", "8 year"], "power": "all"},
            "objective": "insitu.total_cost", "earth": ["al-2219", "cfrp"]}
    return bc.optimize_sweep(sc, spec, over={"transport.landed_cost": {"log": ["20 kUSD/kg", "2 MUSD/kg"], "num": 40}})


def test_optimum_over_a_sweep_is_never_above_a_fixed_plan(swept):
    best = swept["insitu.total_cost"].values
    fixed = swept["fixed.insitu.total_cost"].values
    assert list(swept["fixed_plan"].values)[-1] == "the file's plan"
    assert np.all(best <= fixed * (1 + 1e-12))
    # each fixed plan is the optimum where it was chosen
    for k, label in enumerate(swept["fixed_plan"].values[:-1]):
        assert np.any(np.isclose(fixed[k], best, rtol=1e-12))


def test_the_optimal_curve_bends_where_the_plan_changes(swept):
    """A fixed plan's total is a straight line in the landed cost (A + m c); the optimum, the lower
    envelope of the plans, is concave and its slope changes at each plan change."""
    x = swept["transport.landed_cost"].values * 1e3  # kUSD/kg -> USD/kg
    y = swept["insitu.total_cost"].values
    slope = np.diff(y) / np.diff(x)
    changes = np.flatnonzero(swept["plan_change"].values)
    assert len(changes) >= 2
    assert np.all(np.diff(slope) <= 1e-9 * np.abs(slope[1:]) + 1e-12)  # concave: the slope never rises
    starts = [0, *changes, len(x)]
    for a, b in zip(starts[:-1], starts[1:]):  # straight within a stretch of one plan
        if b - a > 2:
            np.testing.assert_allclose(slope[a:b - 1], slope[a], rtol=1e-9)
    for i in changes:  # and bent at each change
        if i >= 2 and i + 1 < len(x):
            assert slope[i - 2] > slope[i] * (1 + 1e-6)


def test_sweep_dataset_has_the_plan_the_earth_design_and_the_breakeven(swept):
    assert swept.attrs["kind"] == "optimize" and swept.attrs["objective"] == "insitu.total_cost"
    assert swept["insitu.campaign"].attrs["units"] == "s"
    assert set(swept["power"].values) <= {"solar-with-storage", "fission-surface-power"}
    assert swept["earth[best].material"].dims == ("group", "transport.landed_cost")
    assert bool(swept["feasible"].all())
    s = swept["savings[best]"].values
    assert np.allclose(s, swept["earth[best].total_cost"].values - swept["insitu.total_cost"].values, rtol=1e-12)
    # the breakeven of the best plan against the best design: both equal there
    be = swept["breakeven_landed_cost[best]"].values
    assert np.all((be >= 0) | np.isnan(be))


def test_optimum_curve_marks_the_plan_changes(swept):
    from basaltcalc.outputs.plotting.optimum import optimum_curve

    fig = optimum_curve(swept)
    ax = fig.axes[0]
    gids = [line.get_gid() for line in ax.lines]
    assert "optimum" in gids and "earth-best" in gids and "file-plan" in gids
    changes = int(swept["plan_change"].sum())
    assert sum(1 for g in gids if g and g.startswith("change[")) == changes
    assert sum(1 for g in gids if g and g.startswith("fixed[")) == swept.sizes["fixed_plan"] - 1
    optimum = next(line for line in ax.lines if line.get_gid() == "optimum")
    np.testing.assert_allclose(optimum.get_ydata() / swept["insitu.total_cost"].values,
                               optimum.get_ydata()[0] / swept["insitu.total_cost"].values[0])
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("A: ") for t in texts)


# -- edges and errors ----------------------------------------------------------------------------

def test_constraints_no_plan_meets_are_a_located_error_at_the_binding_one(tmp_path):
    text = BEST_PLAN.read_text().replace("insitu.operating_power: {at_most: 30 kW}",
                                         "insitu.operating_power: {at_most: 0.1 kW}")
    path = tmp_path / "tight.yaml"
    path.write_text(text)
    sc = bc.load_scenario(path)
    with pytest.raises(bc.ScenarioError) as err:
        bc.optimize(sc)
    p = err.value.problems[0]
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "0.1 kW" in s)
    assert p.file == str(path) and p.line == line
    assert p.path == "optimize.constraints.insitu.operating_power.at_most"
    assert "no plan meets insitu.operating_power <= 0.1 kW" in p.message and "over it" in p.message
    assert main(["optimize", str(path), "--point"]) == 2


def test_what_binds_is_the_constraint_and_the_bound_that_hold_the_plan_back():
    sc = bc.default_scenario()
    best = bc.optimize(sc, {"decisions": {"insitu.campaign": ["0.5 year", "8 year"],
                                          "economics.development_time": ["3 year", "10 year"]},
                            "constraints": {"insitu.last_product_time": {"at_most": "11 year"}}})
    kinds = {b["name"]: b for b in best.binds}
    assert "insitu.last_product_time" in kinds and kinds["insitu.last_product_time"]["gain"] > 0
    assert best.metrics["insitu.last_product_time"] <= 11 * YEAR
    free = bc.optimize(sc, {"decisions": {"insitu.campaign": ["0.5 year", "8 year"],
                                          "economics.development_time": ["3 year", "10 year"]}})
    assert free.value < best.value  # the constraint costs something: it binds
    assert any(b["kind"] == "bound" and b["name"] == "economics.development_time" for b in free.binds)


BAD = """
optimize:
  objective: {minimize: insitu.npvv}
  decisions:
    insitu.campain: [1 year, 4 year]
    insitu.campaign: [8 year, 1 year]
    economics.development_time: [3 kg, 10 year]
    powr: all
    lander: [medium-lander-2026, starship]
    modular: maybe
  constraints:
    insitu.operating_power: {at_most: 30 kg}
  earth: [al-2219, steel]
  within: 500
"""


def test_the_block_is_read_with_located_errors(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text((ROOT / "basaltcalc" / "data" / "default.yaml").read_text() + BAD)
    sc = bc.load_scenario(path)
    with pytest.raises(bc.ScenarioError) as err:
        read_optimize(sc)
    got = {p.path: p for p in err.value.problems}
    assert "did you mean 'insitu.npv'" in got["optimize.objective.minimize"].message
    assert "did you mean 'insitu.campaign'" in got["optimize.decisions.insitu.campain"].message
    assert "above high" in got["optimize.decisions.insitu.campaign"].message
    assert "[time]" in got["optimize.decisions.economics.development_time[0]"].message
    assert "did you mean 'power'" in got["optimize.decisions.powr"].message
    assert "did you mean 'starship-2028'" in got["optimize.decisions.lander[1]"].message
    assert "[true, false]" in got["optimize.decisions.modular"].message
    assert "got '30.0 kg'" in got["optimize.constraints.insitu.operating_power.at_most"].message
    assert "did you mean 'cfrp'" in got["optimize.earth[1]"].message or "steel" in got["optimize.earth[1]"].message
    assert "within" in " ".join(got)
    lines = [p.line for p in err.value.problems]
    assert all(line is not None for line in lines) and lines == sorted(lines)
    assert main(["validate", str(path)]) == 2


def test_unknown_keys_and_shapes_of_the_block_fail_on_loading(tmp_path):
    text = (ROOT / "basaltcalc" / "data" / "default.yaml").read_text()
    with pytest.raises(bc.ScenarioError, match="did you mean 'constraints'"):
        bc.scenario_from_text(text + "optimize:\n  decisions: {insitu.campaign: [1 year, 2 year]}\n  constrains: {}\n")
    with pytest.raises(bc.ScenarioError, match="optimize.decisions"):
        bc.scenario_from_text(text + "optimize:\n  objective: insitu.npv\n")


def test_python_arguments_are_checked():
    sc = bc.default_scenario()
    with pytest.raises(bc.ScenarioError, match="no 'optimize:' block"):
        bc.optimize(sc)
    with pytest.raises(TypeError, match="optimize\\(\\) scenario"):
        bc.optimize("scenarios/x.yaml", {"decisions": {"power": "all"}})
    with pytest.raises(TypeError, match="optimize\\(\\) overrides"):
        bc.optimize(sc, {"decisions": {"power": "all"}}, overrides=[1, 2])
    with pytest.raises(bc.ScenarioError, match="one value per override"):
        bc.optimize(sc, {"decisions": {"power": "all"}}, overrides={"transport.landed_cost": bc.Q_([1, 2], "MUSD/kg")})
    with pytest.raises(bc.ScenarioError, match="over"):
        bc.optimize_sweep(sc, {"decisions": {"power": "all"}})
    with pytest.raises(bc.ScenarioError, match="cannot also be swept"):
        bc.optimize_sweep(sc, {"decisions": {"insitu.campaign": ["1 year", "2 year"]},
                               "over": {"insitu.campaign": ["1 year", "3 year"]}})


def test_decision_bounds_at_the_edges_of_the_domain():
    sc = bc.default_scenario()
    with pytest.raises(bc.ScenarioError, match="outside the input's domain"):
        bc.optimize(sc, {"decisions": {"insitu.campaign": ["0 year", "1 year"]}})
    with pytest.raises(bc.ScenarioError, match="resolution"):
        bc.optimize(sc, {"decisions": {"insitu.campaign": {"between": ["1 year", "2 year"], "resolution": "1 s"}}})
    fixed = bc.optimize(sc, {"decisions": {"insitu.campaign": ["3 year", "3 year"]}})
    assert fixed.evaluated == 1 and fixed.plan["insitu.campaign"].m_as("year") == pytest.approx(3.0)
    whole = bc.optimize(sc, {"decisions": {'elements["floor panel"].count': [100, 140]},
                             "objective": "insitu.cost_per_element"})
    count = whole.plan["elements[0].count"].m
    per = bc.evaluate(sc, {"elements[0].count": np.arange(100, 141)}, metrics=["insitu.cost_per_element"])
    assert count == int(count) == 100 + int(np.argmin(per["insitu.cost_per_element"].m))  # whole elements


# -- the command line and the outputs ----------------------------------------------------------------

def test_cli_optimize_table_json_and_plot(tmp_path, capsys):
    assert main(["optimize", str(BEST_PLAN), "--point"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Best plan (minimising insitu.npv)") and "What binds" in out and "Runner-up" in out
    target = tmp_path / "best.json"
    assert main(["optimize", str(BEST_PLAN), "--point", "--format", "json", "-o", str(target)]) == 0
    data = json.loads(target.read_text())
    assert data["objective"] == "insitu.npv" and data["value"] <= data["file_value"]
    assert data["plan"]["insitu.campaign"]["unit"] == "s"
    assert all(r["gap"] <= 0.05 for r in data["runner_ups"])
    png = tmp_path / "best.png"
    small = tmp_path / "small.yaml"  # the file's sweep on 3 points, for time
    small.write_text(BEST_PLAN.read_text().replace("num: 40}", "num: 3}"))
    assert main(["optimize", str(small), "--plot", str(png), "-o", str(tmp_path / "sweep.json")]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    sweep = json.loads((tmp_path / "sweep.json").read_text())
    assert "insitu.npv" in json.dumps(sweep)
    assert main(["optimize", str(BEST_PLAN), "--point", "--plot", str(png)]) == 2


def test_run_states_the_best_plan_beside_the_files(capsys):
    assert main(["run", str(BEST_PLAN), "--no-uncertainty"]) == 0
    out = capsys.readouterr().out
    assert "Best plan (minimising insitu.npv)" in out and "the file's plan" in out
    assert main(["run", str(BEST_PLAN), "--no-uncertainty", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["optimum"]["file_value"] == pytest.approx(data["metrics"]["insitu.npv"]["value"]
                                                          if isinstance(data["metrics"]["insitu.npv"], dict)
                                                          else data["metrics"]["insitu.npv"], rel=1e-12)
    assert main(["run", str(BEST_PLAN), "--no-uncertainty", "--no-optimize"]) == 0
    assert "Best plan" not in capsys.readouterr().out


def test_report_shows_the_best_plan():
    from basaltcalc.outputs.report import Report, render_html, render_markdown

    sc = bc.load_scenario(BEST_PLAN)
    rep = Report(bc.evaluate(sc))
    rep.optimum = bc.optimize(sc)
    html = render_html(rep)
    assert "Best plan: minimise insitu.npv" in html and "Runner-up plans within 5%" in html
    assert "What binds" in render_markdown(rep)
