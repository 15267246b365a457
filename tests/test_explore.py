"""bc.explore (issue 29): the explorer driven without a browser, its round trip through a scenario
file and `basaltcalc run`, its edges, and the widgets as a thin layer over it."""
from __future__ import annotations

import io
import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

import basaltcalc as bc
from basaltcalc.cli import main
from basaltcalc.errors import ArgumentTypeError, ScenarioError
from basaltcalc.metrics import comparator_metric
from basaltcalc.outputs.atomic import OutputError
from basaltcalc.studies.sensitivity import tornado_reach

ROOT = Path(__file__).resolve().parents[1]
ILRS = ROOT / "scenarios" / "ilrs-south-pole-outpost.yaml"
TUBE_PRESSURE = 'elements["pressure tube"].load.internal_pressure'


def _q(name, label):
    return comparator_metric(name, label)


def test_the_sliders_are_the_inputs_that_move_the_cost_ratio_most(default):
    """By default: the tornado's top inputs on the cost ratio (those that move it), each over the
    ends of its range in the unit its data file writes, starting at the scenario's own value."""
    ex = bc.explore(default, samples=0, top=4)
    tor = bc.tornado(default, metrics=("cost_ratio",))
    reach = tornado_reach(tor, "cost_ratio")
    ranked = [str(p) for p, r in zip(tor["input"].values, reach) if r > 0]
    assert [c.path for c in ex.controls] == ranked[:4]
    paths = list(tor["input"].values)
    for c in ex.controls:
        i = paths.index(c.path)
        assert bc.ureg.Unit(c.unit) == bc.ureg.Unit(str(tor["shown_units"].values[i]))  # 'year' or 'a
        assert c.low == pytest.approx(min(float(tor["low_shown"].values[i]), c.start), rel=1e-11)
        assert c.high == pytest.approx(max(float(tor["high_shown"].values[i]), c.start), rel=1e-11)
        inp = default.inputs[c.path]
        assert bc.Q_(c.start, c.unit).to(inp.unit).m == pytest.approx(inp.si, rel=1e-12)
        assert c.log == (c.low > 0 and c.high / c.low >= 10) and c.reach == pytest.approx(reach[i])
    assert {p: c.start for p, c in ex.choices.items()} == {
        "insitu.route": "melt-cast", "insitu.power": "solar-with-storage",
        "transport.preset": "medium-lander-2026", "earth.material": "same"}
    assert bc.explore(default, samples=0, top=0).controls == []


def test_inputs_given_keep_their_order_and_ranges(ilrs):
    ex = bc.explore(ilrs, {"economics.ddte": ["0.5 BUSD", "3 BUSD"], "transport.landed_cost": ["100 kUSD/kg", "2 MUSD/kg"]},
                    samples=0)
    (ddte, landed) = ex.controls
    # in the display units (basaltcalc.display: MUSD, kUSD/kg), whatever the units given
    assert (ddte.path, ddte.low, ddte.high, ddte.unit, ddte.log) == ("economics.ddte", 500.0, 3000.0, "MUSD", False)
    assert (landed.low, landed.high, landed.unit, landed.log) == (100.0, 2000.0, "kUSD/kg", True)  # 20 >= 10


def test_the_headline_is_the_evaluation_of_the_same_inputs(default):
    """Both cost ratios, both breakeven landed costs and the probability: exactly what evaluate
    and probability_cheaper give with the same overrides (a number is in the unit shown: MUSD)."""
    ex = bc.explore(default, samples=256)
    ex.set("transport.landed_cost", "0.6 MUSD/kg").set("economics.ddte", 2500)
    assert ex.changed == {"transport.landed_cost": bc.Q_(0.6, "MUSD/kg"), "economics.ddte": bc.Q_(2500, "MUSD")}
    over = {"transport.landed_cost": "0.6 MUSD/kg", "economics.ddte": "2.5 BUSD"}
    res = bc.evaluate(default, over)
    pr = bc.probability_cheaper(default, over, n=256)
    assert set(ex.headline.cost_ratio) == {"cast-basalt", "al-2219"}
    for design in ("cast-basalt", "al-2219"):
        assert ex.headline.cost_ratio[design] == float(res.raw[_q("cost_ratio", design)])
        assert ex.headline.breakeven_landed_cost[design].m_as("USD/kg") == pytest.approx(
            float(res.raw[_q("breakeven_landed_cost", design)]), rel=1e-15)
        assert ex.headline.cheaper_above[design] == (float(res.raw[_q("breakeven_landed_cost_direction", design)]) > 0)
        assert ex.headline.p_insitu_cheaper[design] == pr.p[design]
    text = str(ex.headline)
    assert text.startswith("In-situ costs") and "P(in-situ cheaper)" in text and "256 Monte Carlo samples" in text


def test_the_earth_transport_term_follows_the_landed_cost(default):
    """Per-kg billing, no flight learning: the Earth option's transport cost is its landed mass x
    the landed cost, so halving 1.2 MUSD/kg to 0.6 MUSD/kg halves it; the in-situ plant's mass and
    hardware do not move (they do not depend on the landed cost)."""
    ex = bc.explore(default, samples=0)
    before = {m: float(ex.results.raw[m]) for m in ("earth.transport_cost", "insitu.hardware_cost")}
    ex.set("transport.landed_cost", "0.6 MUSD/kg")
    assert float(ex.results.raw["earth.transport_cost"]) == pytest.approx(0.5 * before["earth.transport_cost"], rel=1e-12)
    assert float(ex.results.raw["insitu.hardware_cost"]) == before["insitu.hardware_cost"]


def test_setting_the_scenarios_own_value_changes_nothing(default):
    """2 years typed back (the campaign's default; 63,115,200 s shown as 2 year) is no change."""
    ex = bc.explore(default, samples=0)
    ex.set("insitu.campaign", 3.0)
    assert "insitu.campaign" in ex.changed
    ex.set("insitu.campaign", "2 year")
    assert ex.changed == {} and ex.overrides() == {}
    assert ex.values["insitu.campaign"] == bc.Q_(2.0, "year")


def _metrics_equal(ex, out):
    """Every metric of run's JSON equals the explorer's, bit for bit (inf as JSON's 'inf')."""
    checked = 0
    for name, m in out["metrics"].items():
        if name.startswith("p_insitu_cheaper"):
            continue
        assert float(m["value"]) == float(ex.results.raw[name]) or (math.isnan(float(m["value"]))
                                                                    and math.isnan(float(ex.results.raw[name]))), name
        checked += 1
    return checked


def test_the_saved_case_runs_again_exactly(default, tmp_path, capsys):
    """to_yaml writes the scenario's own file data with only the inputs changed, in the units shown,
    and `basaltcalc run` on it gives every metric and the probability exactly."""
    ex = bc.explore(default, samples=256)
    ex.update({"transport.landed_cost": "0.6 MUSD/kg", "insitu.campaign": 3.5,
               "routes.melt-cast.plant_specific_mass": 123.4, "insitu.power": "fission-surface-power"})
    assert ex.error is None
    path = ex.to_yaml(tmp_path / "explored.yaml")
    expected = default.to_dict()
    expected["transport"]["landed_cost"] = "600.0 kUSD/kg"  # in the unit shown
    expected["insitu"].update(power="fission-surface-power", campaign="3.5 year")
    expected["routes"] = {"melt-cast": {"plant_specific_mass": "123.4 kg/(kg/h)"}}
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == expected
    assert main(["run", str(path), "--format", "json", "--samples", "256"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert _metrics_equal(ex, out) > 40
    for design in ("cast-basalt", "al-2219"):
        assert out["metrics"][f"p_insitu_cheaper[{design}]"]["value"] == ex.headline.p_insitu_cheaper[design]


def test_another_earth_design_and_a_file_round_trip(ilrs, tmp_path, capsys):
    """A file's own inputs and blocks are kept; another Earth design and a changed input come back
    exactly from the file written."""
    ex = bc.explore(ilrs, samples=0)
    ex.update({"earth.material": "cfrp", "economics.ddte": "2.5 BUSD"})
    assert ex.error is None and set(ex.headline.cost_ratio) == {"cfrp", "al-2219"}  # the file compares with al-2219
    path = ex.to_yaml(tmp_path / "cfrp.yaml")
    again = bc.load_scenario(path)
    for p, inp in ilrs.inputs.items():
        if inp.origin == "file":
            assert again.inputs[p].si == inp.si and again.inputs[p].origin == "file", p
    assert again.inputs["economics.ddte"].si == 2.5e9 and again.earth_material == "cfrp"
    assert again.blocks == ilrs.blocks
    assert main(["run", str(path), "--format", "json", "--no-uncertainty"]) == 0
    assert _metrics_equal(ex, json.loads(capsys.readouterr().out)) > 40


def test_a_route_the_files_block_does_not_know(ilrs, tmp_path):
    """Another route: the file's uncertainty block's entries of the old route's inputs are left
    out, said in the notes, the headline and the file; the file still loads and validates."""
    ex = bc.explore(ilrs, samples=64)
    ex.set("insitu.route", "sinter")
    assert ex.error is None
    assert any("routes.cut-stone.yield left out" in n for n in ex.notes) and "left out" in str(ex.headline)
    assert all(c.path.startswith(("routes.sinter.", "economics.", "transport.", "power.", "insitu.", "sites."))
               for c in ex.controls)
    text = ex.to_yaml(tmp_path / "sinter.yaml").read_text(encoding="utf-8")
    assert "# uncertainty: routes.cut-stone.yield left out" in text
    again = bc.load_scenario(tmp_path / "sinter.yaml")
    assert again.route == "sinter" and "routes.cut-stone.yield" not in again.blocks["uncertainty"]


def test_an_infeasible_move_keeps_the_last_valid_case(ilrs):
    """A wall thicker than its tube: the located message, the value kept, the last valid results
    and picture shown; moving back clears it."""
    ex = bc.explore(ilrs, samples=0)
    res = ex.results
    ex.set(TUBE_PRESSURE, "1000 MPa")
    assert "wall thicker than the tube's radius" in ex.error
    assert "ilrs-south-pole-outpost.yaml:" in ex.error and "elements[2]" in ex.error
    assert ex.results is res  # the picture kept too: test_the_widgets_are_a_thin_layer
    assert ex.changed == {"elements[2].load.internal_pressure": bc.Q_(1000, "MPa")}
    with pytest.raises(ScenarioError, match="infeasible"):
        ex.to_yaml("never-written.yaml")
    assert not Path("never-written.yaml").exists()
    ex.set(TUBE_PRESSURE, "101.3 kPa")  # the file's own value
    assert ex.error is None and ex.changed == {}


def test_a_piece_no_lander_carries(ilrs):
    """The file's 1.5 t lander and a melt plant in one piece: the message names the choice and the
    file's line; the cut-stone answer stays shown."""
    ex = bc.explore(ilrs, samples=0)
    ratio = ex.headline.cost_ratio["natural-basalt"]
    ex.set("insitu.route", "melt-cast")
    assert ex.error.startswith("with insitu.route = melt-cast chosen")
    assert "heavier than one lander's payload" in ex.error and "ilrs-south-pole-outpost.yaml:21" in ex.error
    assert ex.headline.cost_ratio["natural-basalt"] == ratio
    assert ex.set("insitu.route", "cut-stone").error is None


def test_each_slider_at_the_ends_of_its_range(ilrs):
    """Each input at either end of its slider's range gives a finite answer, or (the cut-stone plant
    at 300 kg/(kg/h): 3.6 t in one piece) the located message with the last valid answer kept;
    never a refusal or a NaN (the widgets' ends are these ends: test_the_widgets_are_a_thin_layer)."""
    ex = bc.explore(ilrs, samples=0)
    infeasible = []
    for c in ex.controls:
        for end in (c.low, c.high):
            ex.set(c.path, end)
            assert ex.values[c.path].m == end
            if ex.error is not None:
                assert "ilrs-south-pole-outpost.yaml:" in ex.error
                infeasible.append((c.path, end))
            assert all(math.isfinite(r) and r > 0 for r in ex.headline.cost_ratio.values())
            assert not any(math.isnan(b.m) for b in ex.headline.breakeven_landed_cost.values())
        ex.reset()
    assert infeasible == [("routes.cut-stone.plant_specific_mass", 300.0)]


@pytest.mark.parametrize("path, value, error, match", [
    ("transport.landed_cots", 1, ScenarioError, "set\\(\\) transport.landed_cots: not an input or choice.*did you mean 'transport.landed_cost'"),
    ("transport.landed_cost", "3 kg", ScenarioError, "set\\(\\) transport.landed_cost: expected \\[currency\\] / \\[mass\\]"),
    ("transport.landed_cost", -1, ScenarioError, "expected a positive value .* got -1000 \\(-1.0 kUSD/kg\\)"),
    ("transport.landed_cost", float("nan"), ScenarioError, "expected a finite value"),
    ("economics.ddte", 1e303, ScenarioError, "finite in SI units, got '1e\\+303 MUSD'"),  # 1e309 USD: inf
    ("insitu.campaign", 0, ScenarioError, "insitu.campaign: expected a value from 1"),
    ("transport.landed_cost", True, ArgumentTypeError, "got True"),
    ("transport.landed_cost", [1, 2], ArgumentTypeError, "got list"),
    ("transport.landed_cost", bc.Q_(np.array([1.0, 2.0]), "MUSD/kg"), ScenarioError, "expected one value"),
    ("elements[0].count", 2.5, ScenarioError, "expected a whole number from 1"),
    ("insitu.route", "meltcast", ScenarioError, "did you mean 'melt-cast'"),
    ("insitu.route", 5, ArgumentTypeError, "set\\(\\) insitu.route: expected one of"),
    (3, 1, ArgumentTypeError, "set\\(\\) path: expected an input path"),
])
def test_a_bad_argument_changes_nothing(default, path, value, error, match):
    ex = bc.explore(default, samples=0)
    ex.set("economics.ddte", 2.0)
    before = (ex.changed, ex.results, ex.headline.text)
    with pytest.raises(error, match=match):
        ex.set(path, value)
    assert (ex.changed, ex.results, ex.headline.text) == before


@pytest.mark.parametrize("kwargs, error, match", [
    ({"scenario": str(ILRS)}, ArgumentTypeError, "explore\\(\\) scenario: .*load the file first"),
    ({"top": -1}, ScenarioError, "explore\\(\\) top: expected a whole number from 0 to 100"),
    ({"samples": "x"}, ArgumentTypeError, "explore\\(\\) samples"),
    ({"seed": -1}, ScenarioError, "explore\\(\\) seed"),
    ({"num": 1}, ScenarioError, "explore\\(\\) num"),
    ({"inputs": 5}, ArgumentTypeError, "explore\\(\\) inputs: expected a name or a list of names"),
    ({"inputs": ["transport.landed_cots"]}, ScenarioError, "explore\\(\\) inputs.transport.landed_cots"),
    ({"inputs": {"economics.ddte": [1, 2]}}, ScenarioError, "explore\\(\\) inputs.economics.ddte\\[0\\]: a bare number"),
])
def test_bad_arguments_to_explore(default, kwargs, error, match):
    kwargs = {"scenario": default, **kwargs}
    with pytest.raises(error, match=match):
        bc.explore(**kwargs)


def test_a_file_not_written_is_not_half_written(default, tmp_path, monkeypatch):
    """A folder that is not there, a path that is no path: located errors, nothing written (the
    widgets write nothing before the save button: test_the_widgets_are_a_thin_layer)."""
    monkeypatch.chdir(tmp_path)
    ex = bc.explore(default, samples=0).set("economics.ddte", 2.0)
    with pytest.raises(OutputError, match="no-such-folder"):
        ex.to_yaml(tmp_path / "no-such-folder" / "x.yaml")
    with pytest.raises(ArgumentTypeError, match="to_yaml\\(\\) path"):
        ex.to_yaml(5)
    assert list(tmp_path.iterdir()) == []


def test_the_picture_after_a_move_is_the_full_drawing(default):
    """The moved artists painted over the kept picture give the picture a full draw gives (the
    layout held fixed: a full draw may move a panel by a fraction of a pixel; antialiasing may
    differ by a level on a few pixels)."""
    from PIL import Image

    def pixels(png):
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=int)

    ex = bc.explore(default, samples=0)
    ex.png()
    ex.view.figure.set_layout_engine("none")
    ex.set("transport.landed_cost", "1.1 MUSD/kg")
    fast = ex.png()
    assert ex.view.timings["kind"] == "blit"
    assert ex.png() is fast  # drawn once per change
    ex.view._background = None
    full = ex.view.png()
    diff = np.abs(pixels(fast) - pixels(full))
    assert diff.max() <= 2 and np.mean(diff.max(axis=-1) > 0) < 0.001


def test_the_figure_moves_in_place(default):
    """The same Figure after a move; its bars and lines show the new results."""
    from basaltcalc.outputs.plotting.style import artists_by_gid, display_scale

    ex = bc.explore(default, samples=0)
    fig = ex.figure
    ex.set("economics.ddte", 3.0)
    assert ex.figure is fig
    found = artists_by_gid(fig)
    ddte = float(ex.results.raw["insitu.ddte_cost"])
    axis = found["insitu.ddte_cost"].axes
    factor, unit = display_scale([float(ex.results.raw["insitu.total_cost"])], "USD")
    assert axis.get_ylabel() == f"total cost [{unit}]"
    assert found["insitu.ddte_cost"].get_height() == pytest.approx(ddte * factor, rel=1e-12)
    series = [np.broadcast_to(np.asarray(ex.curve.results.raw[m], dtype=float), ex.curve.x.shape)
              for m in ("earth.total_cost", "earth[al-2219].total_cost", "insitu.total_cost")]
    factor, _ = display_scale(np.concatenate(series), "USD")
    assert np.asarray(found["insitu.total_cost"].get_ydata()) == pytest.approx(series[2] * factor, rel=1e-12)
    assert found["this-case"].get_xdata()[0] == pytest.approx(float(ex.results.raw["transport.landed_cost"]) / 1e3)


def test_the_widgets_are_a_thin_layer(default, tmp_path, monkeypatch):
    """Each widget event is a set() of the explorer, each set() (a script's too) moves the widgets;
    nothing is written until the save button."""
    pytest.importorskip("ipywidgets")
    monkeypatch.chdir(tmp_path)
    from basaltcalc.outputs.explore.widgets import ExplorerWidget, _rounded

    ex = bc.explore(default, samples=32)
    w = ExplorerWidget(ex)
    assert list(w.sliders) == [c.path for c in ex.controls]
    for c in ex.controls:  # a slider's ends are its input's range, as set (4 digits)
        s = w.sliders[c.path]
        ends = (10 ** s.min, 10 ** s.max) if type(s).__name__ == "FloatLogSlider" else (s.min, s.max)
        assert tuple(_rounded(e) for e in ends) == (c.low, c.high), c.path
    first = w.image.value
    w.sliders["economics.ddte"].value = 2512.34  # a slider sets 4 significant digits
    assert ex.changed == {"economics.ddte": bc.Q_(2512, "MUSD")}
    assert w.image.value != first and "2512 MUSD" in w.moved.value and "NexGen" in w.moved.value
    ex.set("transport.landed_cost", "0.5 MUSD/kg")  # a script's move moves the widgets too
    assert w.sliders["transport.landed_cost"].value == pytest.approx(500.0)
    w.dropdowns["insitu.route"].value = "cut-stone"
    assert ex.values["insitu.route"] == "cut-stone" and list(w.sliders) == [c.path for c in ex.controls]
    assert any(p.startswith("routes.cut-stone.") for p in w.sliders)
    shown = w.image.value
    ex.set(TUBE_PRESSURE, "1000 MPa")
    assert "infeasible" in w.headline.value and "thicker" in w.headline.value and w.image.value == shown
    ex.set(TUBE_PRESSURE, "101.3 kPa")
    assert list(tmp_path.iterdir()) == []
    w.path.value = str(tmp_path / "w.yaml")
    w._save(None)
    assert list(tmp_path.iterdir()) == [tmp_path / "w.yaml"]
    assert "wrote" in w.status.value and bc.load_scenario(tmp_path / "w.yaml").route == "cut-stone"
    w._reset(None)
    assert ex.changed == {} and w.dropdowns["insitu.route"].value == "melt-cast"
    assert w.sliders["economics.ddte"].value == pytest.approx(1000.0)  # MUSD
