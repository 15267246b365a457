"""Figures are checked for what they draw: bar heights, lines, the breakeven marker."""
import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc import plotting


@pytest.fixture(scope="module")
def scenario():
    return bc.default_scenario()


@pytest.fixture(scope="module")
def res(scenario):
    return bc.evaluate(scenario)


def _bars(ax):
    return {p.get_gid(): p for p in ax.patches}


def test_cost_breakdown_bars_are_the_cost_terms(res):
    ax = plotting.cost_breakdown(res)
    bars = _bars(ax)
    for option in ("earth", "insitu"):
        terms = plotting.COST_TERMS[option]
        for metric, _ in terms:
            assert bars[metric].get_height() == pytest.approx(res[metric].m_as("MUSD"), rel=1e-12)
        # the stack reaches the option's total cost
        top = bars[terms[-1][0]]
        assert top.get_y() + top.get_height() == pytest.approx(res[f"{option}.total_cost"].m_as("MUSD"), rel=1e-9)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0].startswith("Earth") and "melt-cast" in labels[1]
    assert "MUSD" in ax.get_ylabel()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "development (DDT&E)" in legend and legend.count("transport to the surface") == 1


def test_mass_breakdown_stacks_to_launched_mass(res):
    ax = plotting.mass_breakdown(res, unit="t")
    bars = _bars(ax)
    top = bars["insitu.consumables_mass"]
    assert top.get_y() + top.get_height() == pytest.approx(res["insitu.launched_mass"].m_as("t"), rel=1e-9)
    assert bars["earth.launched_mass"].get_height() == pytest.approx(res["earth.launched_mass"].m_as("t"))


def test_breakdown_refuses_arrays(scenario):
    res = bc.evaluate(scenario, {"insitu.campaign": bc.Q_([1.0, 2.0], "year")})
    with pytest.raises(ValueError, match="one point"):
        plotting.cost_breakdown(res)


def test_cost_curve_lines_and_breakeven_marker(scenario, res):
    x = bc.Q_(np.geomspace(1e3, 2e6, 400), "USD/kg")
    ax = plotting.cost_curve(scenario, "transport.landed_cost", x)
    lines = {ln.get_gid(): ln for ln in ax.get_lines()}
    expected = bc.evaluate(scenario, {"transport.landed_cost": x})
    np.testing.assert_allclose(lines["earth.total_cost"].get_ydata(), expected["earth.total_cost"].m_as("MUSD"))
    np.testing.assert_allclose(lines["insitu.total_cost"].get_xdata(), x.m)
    # the marker sits at the closed-form breakeven landed cost (both costs are linear in it, so
    # interpolating between grid points in log space is close but not exact: 1 % of a grid step)
    xc = lines["breakeven"].get_xdata()[0]
    assert xc == pytest.approx(res["breakeven_landed_cost"].m_as("USD/kg"), rel=0.01)
    assert ax.get_xscale() == "log" and "transport.landed_cost" in ax.get_xlabel()
    assert any("breakeven" in t.get_text() for t in ax.texts)


def test_cost_curve_without_crossing_has_no_marker(scenario):
    x = bc.Q_(np.geomspace(2e5, 2e6, 50), "USD/kg")  # in-situ cheaper everywhere here
    ax = plotting.cost_curve(scenario, "transport.landed_cost", x)
    assert "breakeven" not in {ln.get_gid() for ln in ax.get_lines()}


def test_cli_plot_writes_figures(tmp_path):
    from basaltcalc.cli import main

    png = tmp_path / "breakdown.png"
    assert main(["plot", "-o", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    svg = tmp_path / "curve.svg"
    assert main(["plot", "--kind", "landed-cost", "-o", str(svg)]) == 0
    text = svg.read_text()
    assert "<svg" in text and "breakeven" in text
    assert main(["plot", "-o", str(tmp_path / "figure.txt")]) == 2
    assert not (tmp_path / "figure.txt").exists()
    assert [p.name for p in tmp_path.iterdir()].count("figure.txt") == 0


ILRS = __import__("pathlib").Path(__file__).parent.parent / "scenarios" / "ilrs-south-pole-outpost.yaml"


def test_tornado_bars_run_from_base_to_each_end():
    sc = bc.load_scenario(ILRS)
    ds = bc.tornado(sc, metrics=("cost_ratio",))
    ax = plotting.tornado(ds, "cost_ratio", top=5)
    bars = _bars(ax)
    base = float(ds["cost_ratio_base"])
    inputs = [str(v) for v in ds["input"].values]
    values = ds["cost_ratio"].values
    swing = np.abs(values[:, 1] - values[:, 0])
    shown = [inputs[i] for i in np.argsort(-swing, kind="stable")[:5]]
    assert {gid.split(":")[0] for gid in bars} == set(shown)
    for name in shown:
        i = inputs.index(name)
        for end, label in enumerate(("low", "high")):
            bar = bars[f"{name}:{label}"]
            assert bar.get_x() == pytest.approx(base)
            assert bar.get_x() + bar.get_width() == pytest.approx(values[i, end])
    # widest swing at the top of the chart
    assert ax.get_yticklabels()[-1].get_text() == shown[0]
    assert [ln.get_gid() for ln in ax.get_lines()] == ["base"]


def test_sweep_map_draws_the_breakeven_contour():
    sc = bc.load_scenario(ILRS)
    ds = bc.sweep(sc, {"transport.landed_cost": {"log": ["5 kUSD/kg", "2 MUSD/kg"], "num": 30},
                       "economics.ddte": {"log": ["0.2 BUSD", "5 BUSD"], "num": 20}}, progress=False)
    ax = plotting.sweep_map(ds, "cost_ratio")
    mesh = ax.collections[0]
    np.testing.assert_allclose(np.asarray(mesh.get_array()).ravel(), ds["cost_ratio"].values.ravel())
    contour = [c for c in ax.collections if c.get_gid() == "breakeven"]
    assert len(contour) == 1
    # every point of the contour sits where the cost ratio crosses 1: between the landed costs
    # at which it does for the DDT&E range (breakeven_landed_cost at each end of the DDT&E axis)
    pts = np.concatenate([p.vertices for p in contour[0].get_paths()])
    be = bc.evaluate(sc, {"economics.ddte": bc.Q_([0.2, 5.0], "BUSD")})["breakeven_landed_cost"].m_as("kUSD/kg")
    assert be.min() * 0.95 <= pts[:, 1].min() and pts[:, 1].max() <= be.max() * 1.05
    assert ax.get_yscale() == "log" and "kUSD/kg" in ax.get_ylabel()


def test_sweep_map_needs_two_axes():
    sc = bc.load_scenario(ILRS)
    ds = bc.sweep(sc, {"transport.landed_cost": {"log": ["5 kUSD/kg", "2 MUSD/kg"], "num": 5}}, progress=False)
    with pytest.raises(ValueError, match="two swept inputs"):
        plotting.sweep_map(ds)


@pytest.mark.parametrize("kind", ["tornado", "sweep"])
def test_cli_plot_tornado_and_sweep(tmp_path, kind):
    from basaltcalc.cli import main

    out = tmp_path / f"{kind}.svg"
    assert main(["plot", str(ILRS), "--kind", kind, "-o", str(out)]) == 0
    text = out.read_text()
    assert "<svg" in text and ("economics.ddte" in text if kind == "tornado" else "breakeven" in text)
