"""The Earth option buys its containers (issue 24 item 5): economics.container_cost per kg of the
packaging both options launch, a term of each breakdown (earth.container_cost,
insitu.container_cost), in the breakevens, the payback and the first landing; hand computations,
the derived default, invariants and bad input."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.catalogue import data_text, load_catalogue
from basaltcalc.cli import main
from basaltcalc.model import apply_overrides, evaluate_si
from basaltcalc.scenario import scenario_from_text
from basaltcalc.scenario.quantities import escalation_factor

SC = bc.default_scenario()
BOX = 113e3  # economics.container_cost, USD/kg (2025)


@pytest.fixture(scope="module")
def res():
    return bc.evaluate(SC)


def test_the_default_is_jones_2021_table_1_per_kg_of_container():
    # Jones 2021 Table 1 (p. 8): 28,971 M$2021 for 1,000 containers of 300 kg dry mass:
    # 28,971e6 / 300,000 kg = 96,570 USD/kg (2021) x I(2025)/I(2021) = 1.170849 -> 113,069 USD/kg
    v = load_catalogue().flat["economics"]["container_cost"]
    per_kg_2021 = 28971e6 / (1000 * 300.0)
    assert per_kg_2021 == pytest.approx(96570.0)
    assert v.si == pytest.approx(per_kg_2021 * escalation_factor(2021, 2025), rel=1e-3)
    # range: 3,000 containers 55,394 M$ (61.5 kUSD/kg) to 100 containers 7,447 M$ (248.2 kUSD/kg)
    lo, hi = v.range_si
    assert lo == pytest.approx(55394e6 / 900e3 * escalation_factor(2021, 2025), rel=1e-2)
    assert hi == pytest.approx(7447e6 / 30e3 * escalation_factor(2021, 2025), rel=1e-2)
    assert v.source == "jones-2021" and v.weak


def test_both_options_buy_their_packaging_by_hand(res):
    m = res.magnitude
    # Earth: 28,752.9 kg of cast basalt, 15 % packaging = 4,312.9 kg x 113 kUSD/kg = 487.36 MUSD
    assert m("earth.container_cost") == pytest.approx(0.15 * m("earth.product_mass") * BOX, rel=1e-12)
    assert m("earth.container_cost") == pytest.approx(487.36e6, rel=1e-4)
    assert m("earth.total_cost") == pytest.approx(
        m("earth.fabrication_cost") + m("earth.transport_cost") + m("earth.container_cost"), rel=1e-15)
    # the al-2219 comparator: its own 15 % of 1,932 kg
    assert m("earth[al-2219].container_cost") == pytest.approx(0.15 * m("earth[al-2219].product_mass") * BOX,
                                                                rel=1e-12)
    # in situ: the crates of its cargo, 258.7 kg x 113 kUSD/kg = 29.23 MUSD
    assert m("insitu.container_cost") == pytest.approx(m("insitu.packaging_mass") * BOX, rel=1e-12)
    terms = ("transport_cost", "hardware_cost", "consumables_cost", "container_cost", "ddte_cost",
             "operations_cost")
    assert m("insitu.total_cost") == pytest.approx(sum(m(f"insitu.{t}") for t in terms), rel=1e-14)


def test_breakeven_landed_cost_counts_both_container_bills(res):
    m = res.magnitude
    # c* = (A_i - A_e)/(m_e - m_i), A the costs that do not scale with the landed cost:
    # A_e = fabrication + containers, A_i = hardware + consumables + crates + DDT&E + operations
    a_e = m("earth.fabrication_cost") + m("earth.container_cost")
    a_i = m("insitu.total_cost") - m("insitu.transport_cost")
    hand = (a_i - a_e) / (m("earth.launched_mass") - m("insitu.launched_mass"))
    assert m("breakeven_landed_cost") == pytest.approx(hand, rel=1e-12)
    # (1201.1 - 487.5) MUSD / 31,083 kg = 22.96 kUSD/kg (37.7 kUSD/kg with no containers bought)
    assert m("breakeven_landed_cost") == pytest.approx(22.96e3, rel=1e-3)
    at = bc.evaluate(SC, {"transport.landed_cost": res["breakeven_landed_cost"]})
    assert at.magnitude("insitu.total_cost") == pytest.approx(at.magnitude("earth.total_cost"), rel=1e-9)


@pytest.mark.parametrize("box", [0.0, 113e3, 5e6])
def test_breakeven_scale_gives_equal_costs_with_the_crates(box):
    values = apply_overrides(SC, {"economics.container_cost": f"{box} USD/kg"})
    s = float(evaluate_si(SC, values)["breakeven_scale"])
    assert 0 < s < math.inf
    scaled = dict(values)
    for i, e in enumerate(SC.elements):
        scaled[f"elements[{i}].count"] = float(e["count"]) * s
    out = evaluate_si(SC, scaled)
    assert float(out["insitu.total_cost"]) == pytest.approx(float(out["earth.total_cost"]), rel=1e-9)


def test_no_container_cost_gives_the_totals_without_it(res):
    free = bc.evaluate(SC, {"economics.container_cost": "0 USD/kg"})
    assert free.magnitude("earth.container_cost") == 0 and free.magnitude("insitu.container_cost") == 0
    assert free.magnitude("earth.total_cost") == pytest.approx(
        res.magnitude("earth.total_cost") - res.magnitude("earth.container_cost"), rel=1e-14)
    # the breakeven landed cost without it: (1171.9 - 0.14) MUSD / 31,083 kg = 37.7 kUSD/kg
    assert free.magnitude("breakeven_landed_cost") == pytest.approx(37.70e3, rel=1e-3)


def test_costs_rise_with_the_container_cost_and_broadcast_like_the_loop():
    boxes = np.array([0.0, 5e4, 113e3, 3e5])
    grid = bc.evaluate(SC, {"economics.container_cost": bc.Q_(boxes, "USD/kg")})
    for name in ("earth.total_cost", "insitu.total_cost", "earth.npv", "insitu.npv"):
        assert np.all(np.diff(grid.magnitude(name)) > 0), name
    # the Earth cargo carries more packaging than the in-situ one: the savings grow
    assert np.all(np.diff(grid.magnitude("savings")) > 0)
    for i, b in enumerate(boxes):
        one = bc.evaluate(SC, {"economics.container_cost": f"{b} USD/kg"})
        for name in ("earth.total_cost", "insitu.total_cost", "breakeven_landed_cost", "breakeven_scale",
                     "payback_time", "insitu.first_landing_cost"):
            assert grid.magnitude(name)[i] == pytest.approx(one.magnitude(name), rel=1e-12), (name, b)


def test_an_absurd_container_cost_is_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        r = bc.evaluate(SC, {"economics.container_cost": "1e12 USD/kg"})
    for name in ("earth.total_cost", "insitu.total_cost", "cost_ratio", "breakeven_landed_cost",
                 "breakeven_scale", "earth.npv", "insitu_irr"):
        v = float(r.magnitude(name))
        assert not math.isnan(v), name


def test_the_breakdown_table_and_figure_show_the_term(res, tmp_path):
    from basaltcalc.model.tables import results_table

    assert "containers and packaging" in results_table(res)
    import matplotlib

    matplotlib.use("Agg")
    fig = bc.plotting.cost_breakdown(res)
    labels = {t.get_label() for ax in fig.axes for t in ax.patches}
    legend = {t.get_text() for ax in fig.axes for leg in [ax.get_legend()] if leg for t in leg.get_texts()}
    legend |= {t.get_text() for leg in fig.legends for t in leg.get_texts()}
    assert "containers and packaging" in labels | legend


def test_a_negative_container_cost_is_located_in_a_file_and_from_set(capsys):
    text = data_text("default.yaml").replace("insitu:\n", "economics: {container_cost: -5 kUSD/kg}\ninsitu:\n", 1)
    with pytest.raises(bc.ScenarioError) as info:
        scenario_from_text(text, "c.yaml")
    p = info.value.problems[0]
    assert p.path == "economics.container_cost" and p.line is not None
    assert "must not be negative" in str(info.value) and "c.yaml:10:" in str(info.value)
    assert main(["run", "--set", "economics.container_cost=-5 kUSD/kg"]) == 2
    err = capsys.readouterr().err
    assert "--set economics.container_cost" in err and "non-negative" in err, err
    assert main(["run", "--set", "economics.container_cost=5 kg"]) == 2
    assert "economics.container_cost" in capsys.readouterr().err
