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
