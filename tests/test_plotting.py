"""Figures are checked for what they draw: bar heights, lines, labels and units, the breakeven
marker at the computed breakeven, the colour norm's centre, the contour level, and that no text
falls outside the canvas."""
from pathlib import Path

import matplotlib
import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc import plotting

matplotlib.use("Agg")
SCENARIOS = Path(__file__).parent.parent / "scenarios"
ILRS = SCENARIOS / "ilrs-south-pole-outpost.yaml"


@pytest.fixture(scope="module")
def scenario():
    return bc.default_scenario()


@pytest.fixture(scope="module")
def res(scenario):
    return bc.evaluate(scenario)


def _bars(fig):
    return {p.get_gid(): p for ax in fig.axes for p in ax.patches if p.get_gid()}


def _lines(fig):
    return {ln.get_gid(): ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid()}


def assert_inside_canvas(fig):
    """Nothing drawn falls outside the canvas: the figure's and every axes' tight bounding box
    (tick labels, titles, axis labels, legends, annotations) lie within it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    box = fig.bbox
    tight = fig.get_tightbbox(renderer)  # inches
    assert tight.x0 >= -0.01 and tight.y0 >= -0.01, tight
    assert tight.x1 <= fig.get_figwidth() + 0.01 and tight.y1 <= fig.get_figheight() + 0.01, tight
    texts = [t for t in fig.texts if t.get_text()]
    for ax in fig.axes:
        ext = ax.get_tightbbox(renderer)
        assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1 and ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        if ax.get_legend():
            texts += ax.get_legend().get_texts()
    for leg in fig.legends:
        texts += leg.get_texts()
    for text in texts:
        if text.get_visible() and text.get_text().strip():
            ext = text.get_window_extent(renderer)
            assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, text.get_text()
            assert ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1, text.get_text()


def test_cost_breakdown_bars_sum_to_the_totals(res):
    fig = plotting.cost_breakdown(res)
    bars = _bars(fig)
    for option in ("earth", "insitu"):
        terms = plotting.COST_TERMS[option]
        ax = bars[terms[0][0]].axes
        unit = ax.get_ylabel().split("[")[1].rstrip("]")
        for metric, _ in terms:
            assert bars[metric].get_height() == pytest.approx(res[metric].m_as(unit), rel=1e-12)
        top = bars[terms[-1][0]]
        assert top.get_y() + top.get_height() == pytest.approx(res[f"{option}.total_cost"].m_as(unit), rel=1e-9)
    legend = [t.get_text() for t in fig.legends[0].get_texts()] if fig.legends else \
        [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "development (DDT&E)" in legend and legend.count("transport to the surface") == 1
    assert_inside_canvas(fig)


def test_cost_breakdown_gives_each_option_its_own_scale_at_extreme_ratios(ilrs):
    """ILRS cut stone: in-situ / Earth = 0.022 (45x): two panels, each stack on its own axis,
    each filling more than half its axis height (legible), money on an engineering prefix."""
    res = bc.evaluate(ilrs)
    assert res["cost_ratio"].m < 1 / plotting.EXTREME_RATIO
    fig = plotting.cost_breakdown(res)
    bars = _bars(fig)
    earth_ax, insitu_ax = bars["earth.transport_cost"].axes, bars["insitu.ddte_cost"].axes
    assert earth_ax is not insitu_ax
    for ax, option in ((earth_ax, "earth"), (insitu_ax, "insitu")):
        unit = ax.get_ylabel().split("[")[1].rstrip("]")
        assert unit in ("MUSD", "BUSD") and ax.get_ylabel().startswith("total cost")
        assert res[f"{option}.total_cost"].m_as(unit) > 0.5 * ax.get_ylim()[1]
    assert_inside_canvas(fig)


def test_cost_breakdown_one_axes_keeps_one_scale(res):
    fig = plotting.new_figure()
    ax = fig.add_subplot()
    plotting.cost_breakdown(res, ax=ax)
    assert {b.axes for b in _bars(fig).values()} == {ax}


def test_mass_breakdown_stacks_to_launched_mass_and_shows_the_leverage(res):
    fig = plotting.mass_breakdown(res)
    bars = _bars(fig)
    top = bars["insitu.packaging_mass"]  # the in-situ cargo's packaging, on top
    unit = top.axes.get_ylabel().split("[")[1].rstrip("]")
    assert top.get_y() + top.get_height() == pytest.approx(res["insitu.launched_mass"].m_as(unit), rel=1e-9)
    title = fig._suptitle.get_text() if fig._suptitle else fig.axes[0].get_title()
    assert f"mass leverage {res['mass_leverage'].m:.3g}" in title
    assert_inside_canvas(fig)


def test_breakdown_refuses_arrays(scenario):
    res = bc.evaluate(scenario, {"insitu.campaign": bc.Q_([1.0, 2.0], "year")})
    with pytest.raises(ValueError, match="one point"):
        plotting.cost_breakdown(res)


def test_one_colour_per_option_throughout(res, scenario):
    curve = _lines(plotting.landed_cost_curve(scenario, num=20))
    assert curve["earth.total_cost"].get_color() == plotting.design_colour(scenario.earth_material)
    assert curve["insitu.total_cost"].get_color() == plotting.OPTION_COLOURS["insitu"]
    earth = [ln.get_color() for gid, ln in curve.items() if gid.startswith("earth")]
    assert len(set(earth)) == len(earth)  # each comparator its own colour
    assert set(earth) | set(plotting.OPTION_COLOURS.values()) <= set(plotting.OKABE_ITO.values())


def test_a_design_keeps_its_colour_whatever_the_order(scenario):
    """Colours are keyed by the material, not by list order (issue 30: notebook 04 swapped them
    between two panels): al-2219 is the same colour as the primary design or as the second."""
    from basaltcalc.scenario import scenario_from_dict

    first = scenario_from_dict({**scenario.to_dict(), "earth": {"material": "al-2219", "comparators": []}})
    second = _lines(plotting.landed_cost_curve(scenario, num=10))
    alone = _lines(plotting.landed_cost_curve(first, num=10))
    assert alone["earth.total_cost"].get_color() == second["earth[al-2219].total_cost"].get_color()
    assert alone["earth.total_cost"].get_color() == plotting.MATERIAL_COLOURS["al-2219"]
    # every term colour stands apart from every option's and material's
    options = {*plotting.MATERIAL_COLOURS.values(), *plotting.OPTION_COLOURS.values()}
    assert not options & set(plotting.TERM_COLOURS.values())


def test_cost_curve_lines_and_breakeven_marker(scenario, res):
    x = bc.Q_(np.geomspace(1e3, 2e6, 400), "USD/kg")
    fig = plotting.cost_curve(scenario, "transport.landed_cost", x)
    lines = _lines(fig)
    # one line per Earth comparator and one for in-situ
    n_earth = max(len(getattr(scenario, "comparators", None) or []), 1)
    assert len([ln for ln in fig.axes[0].get_lines() if ln.get_gid().endswith("total_cost")]) == n_earth + 1
    expected = bc.evaluate(scenario, {"transport.landed_cost": x})
    unit = fig.axes[0].get_ylabel().split("[")[1].rstrip("]")
    np.testing.assert_allclose(lines["earth.total_cost"].get_ydata(), expected["earth.total_cost"].m_as(unit))
    # both totals are linear in the landed cost: interpolating between grid points in log space
    # is close to the closed form (1 % of a grid step)
    xc = lines["breakeven"].get_xdata()[0]
    assert xc == pytest.approx(res["breakeven_landed_cost"].m_as("USD/kg"), rel=0.01)
    assert fig.axes[0].get_xlabel() == "landed cost [USD/kg]"


@pytest.mark.parametrize("name", ["ilrs-south-pole-outpost", "habitat-tubes-al2219", "heavy-lander-transport"])
def test_landed_cost_curve_on_given_and_built_landed_costs(name):
    """The landed-cost figure works whether the file gives the landed cost or builds it from a
    LEO price and the gear ratio; the marker is the closed-form breakeven_landed_cost."""
    sc = bc.load_scenario(SCENARIOS / f"{name}.yaml")
    res = bc.evaluate(sc)
    fig = plotting.landed_cost_curve(sc, num=50)
    lines = _lines(fig)
    x = lines["insitu.total_cost"].get_xdata()
    assert x[0] == pytest.approx(1.0) and x[-1] == pytest.approx(2000.0)  # kUSD/kg
    be = res["breakeven_landed_cost"].m_as("kUSD/kg")
    if 1.0 <= be <= 2000.0:
        assert lines["breakeven"].get_xdata()[0] == pytest.approx(be, rel=1e-12)
    assert "kUSD/kg" in fig.axes[0].get_xlabel()
    assert_inside_canvas(fig)


def test_scale_curve_marks_the_closed_form_breakeven():
    sc = bc.load_scenario(SCENARIOS / "radiation-shield-tiles.yaml")
    res = bc.evaluate(sc)
    total = sum(e["count"] for e in sc.elements)
    fig = plotting.scale_curve(sc)
    lines = _lines(fig)
    be = res["breakeven_scale"].m * total
    if np.isfinite(be) and lines["insitu.total_cost"].get_xdata().min() <= be:
        assert lines["breakeven"].get_xdata()[0] == pytest.approx(be)
    else:
        assert any("breakeven" in t.get_text() for t in fig.axes[0].texts)
    assert lines["this-file"].get_xdata()[0] == total
    # the in-situ cost at this file's count is the evaluated total
    x, y = lines["insitu.total_cost"].get_xdata(), lines["insitu.total_cost"].get_ydata()
    unit = fig.axes[0].get_ylabel().split("[")[1].rstrip("]")
    assert np.interp(total, x, y) == pytest.approx(res["insitu.total_cost"].m_as(unit), rel=0.02)


def test_cost_curve_without_crossing_says_so(scenario):
    x = bc.Q_(np.geomspace(2e5, 2e6, 50), "USD/kg")  # in-situ cheaper everywhere here
    fig = plotting.cost_curve(scenario, "transport.landed_cost", x)
    assert "breakeven" not in _lines(fig)
    assert any("no breakeven" in t.get_text() for t in fig.axes[0].texts)


@pytest.mark.parametrize("path, unit, label", [
    ("routes.cut-stone.plant_specific_mass", "kg/(kg/h)", "plant specific mass, cut-stone [kg/(kg/h)]"),
    ("insitu.campaign", "a", "campaign [year]"),
    ("transport.landed_cost", "kUSD/kg", "landed cost [kUSD/kg]"),
    ("economics.ddte", "BUSD", "development (DDT&E) [BUSD]"),
    ('elements["floor panel"].count', "", "floor panel count"),
])
def test_axis_labels_in_words(path, unit, label):
    assert plotting.input_label(path, unit) == label


def test_tornado_bars_run_from_base_to_each_end(ilrs):
    from basaltcalc.cli.sensitivity import summary

    ds = bc.tornado(ilrs, metrics=("cost_ratio",))
    fig = plotting.tornado(ds, "cost_ratio", top=5)
    bars = _bars(fig)
    base = float(ds["cost_ratio_base"])
    inputs = [str(v) for v in ds["input"].values]
    values = ds["cost_ratio"].values
    reach = np.max(np.abs(values - base), axis=1)  # how far either end moves the ratio
    shown = [inputs[i] for i in np.argsort(-reach, kind="stable")[:5]]
    assert {gid.split(":")[0] for gid in bars} == set(shown)
    # ranked as the text of `basaltcalc sensitivity` ranks them, and as the dataset is ordered
    text = [line.split()[0] for line in summary("tornado", ds, top=5).splitlines()[4:9]]
    assert text == shown == inputs[:5]
    labels = {t.get_gid(): t.get_text() for t in fig.axes[0].texts}
    for name in shown:
        i = inputs.index(name)
        for end, label in enumerate(("low", "high")):
            bar = bars[f"{name}:{label}"]
            assert bar.get_x() == pytest.approx(base)
            assert bar.get_x() + bar.get_width() == pytest.approx(values[i, end])
            # the input's value at that end, in the unit its label gives
            assert float(labels[f"{name}:{label}-value"].replace(",", "")) == pytest.approx(
                float(ds[f"{label}_shown"].values[i]), rel=5e-3)
    ax = fig.axes[0]
    i0 = inputs.index(shown[0])
    assert ax.get_yticklabels()[-1].get_text() == plotting.input_label(shown[0], str(ds["shown_units"].values[i0]))
    assert [ln.get_gid() for ln in ax.get_lines()] == ["base"]
    assert ax.get_xlabel() == "cost ratio (in-situ / Earth (natural-basalt))"  # the design compared with
    assert f"({ds.attrs['uncertain_inputs']} uncertain inputs)" in ax.get_title(loc="right")


def test_tornado_is_never_cropped(ilrs):
    """Every input of the file (the longest names too) and the title stay inside the canvas."""
    ds = bc.tornado(ilrs, metrics=("savings",))
    assert_inside_canvas(plotting.tornado(ds, "savings", top=40))


#: No containers bought: with them (economics.container_cost) the ILRS Earth options cost more
#: than in situ at any landed cost, and the map has no breakeven to draw.
FREE_BOXES = {"economics.container_cost": "0 USD/kg"}


@pytest.fixture(scope="module")
def grid(ilrs):
    return bc.sweep(ilrs, {"transport.landed_cost": {"log": ["5 kUSD/kg", "2 MUSD/kg"], "num": 30},
                           "insitu.campaign": ["1 year", "2 year", "4 year", "8 year"]},
                    overrides=FREE_BOXES, progress=False)


def test_sweep_map_cells_sit_at_the_axis_values(grid):
    fig = plotting.sweep_map(grid, "cost_ratio")
    ax = fig.axes[0]
    mesh = next(c for c in ax.collections if c.get_gid() == "map")
    np.testing.assert_allclose(np.asarray(mesh.get_array()).ravel(), grid["cost_ratio"].values.ravel())
    # campaign 1, 2, 4, 8 years is log-spaced: geometric edges, 8 years ends at 8 * sqrt(2)
    xs = mesh.get_coordinates()[0, :, 0]
    np.testing.assert_allclose(xs, [2 ** -0.5, 2 ** 0.5, 2 ** 1.5, 2 ** 2.5, 2 ** 3.5])
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "campaign [year]"
    assert ax.get_ylabel() == "landed cost [kUSD/kg]"


def test_sweep_map_norm_is_centred_on_the_breakeven(grid):
    fig = plotting.sweep_map(grid, "cost_ratio")
    mesh = next(c for c in fig.axes[0].collections if c.get_gid() == "map")
    assert mesh.norm(1.0) == pytest.approx(0.5)
    # symmetric in log about 1: the value farthest from 1 (either way) at an end of the bar
    lo, hi = np.nanmin(grid["cost_ratio"].values), np.nanmax(grid["cost_ratio"].values)
    far = max(abs(np.log10(lo)), abs(np.log10(hi)))
    assert mesh.norm(10 ** far) == pytest.approx(1.0) and mesh.norm(10 ** -far) == pytest.approx(0.0)
    # a ratio of 0.3 (in-situ cheaper) is on the in-situ side of the colours
    assert mesh.norm(0.3) < 0.5
    ticks = fig.axes[1].get_yticks()
    assert (ticks < 1).any() and (ticks > 1).any() and 1.0 in ticks  # ticks on both sides of 1


def test_sweep_map_where_in_situ_always_loses(ilrs):
    """A valid answer the map must draw (issue 30): the ratio above 1 everywhere, no crossing."""
    ds = bc.sweep(ilrs, {"transport.landed_cost": {"log": ["5 kUSD/kg", "2 MUSD/kg"], "num": 6},
                         "insitu.campaign": ["1 year", "4 year"]},
                  overrides={"economics.ddte": "500 BUSD"}, progress=False)
    assert float(ds["cost_ratio"].min()) > 1
    fig = plotting.sweep_map(ds, "cost_ratio")
    mesh = next(c for c in fig.axes[0].collections if c.get_gid() == "map")
    assert mesh.norm(1.0) == pytest.approx(0.5) and mesh.norm(float(ds["cost_ratio"].min())) > 0.5
    assert not [c for c in fig.axes[0].collections if c.get_gid() == "breakeven"]
    assert "Earth cheaper over the whole sweep" in fig.axes[0].get_title()
    assert plotting.text_problems(fig) == []


def test_sweep_map_of_savings_centres_on_zero_with_a_unit(grid):
    fig = plotting.sweep_map(grid, "savings")
    ax = fig.axes[0]
    mesh = next(c for c in ax.collections if c.get_gid() == "map")
    assert mesh.norm(0.0) == pytest.approx(0.5)
    cbar_label = fig.axes[1].get_ylabel()
    assert cbar_label.startswith("savings") and cbar_label.endswith("[MUSD]")
    assert "savings = 0" in ax.get_title() and "savings = 1" not in ax.get_title()
    assert_inside_canvas(fig)


def test_sweep_map_contour_is_the_breakeven(ilrs, grid):
    fig = plotting.sweep_map(grid, "cost_ratio")
    ax = fig.axes[0]
    contour = [c for c in ax.collections if c.get_gid() == "breakeven"]
    assert len(contour) == 1 and list(contour[0].levels) == [1.0]
    # the contour's landed cost at each campaign is that campaign's breakeven landed cost
    pts = np.concatenate([p.vertices for p in contour[0].get_paths()])
    be = bc.evaluate(ilrs, {"insitu.campaign": bc.Q_([1.0, 8.0], "year"), **FREE_BOXES}
                     )["breakeven_landed_cost"].m_as("kUSD/kg")
    assert be.min() * 0.9 <= pts[:, 1].min() and pts[:, 1].max() <= be.max() * 1.1
    assert any(t.get_text() == "breakeven" for t in ax.texts)
    assert_inside_canvas(fig)


def test_cell_edges_even_and_uneven():
    np.testing.assert_allclose(plotting.cell_edges([1.0, 2.0, 4.0], log=False), [0.5, 1.5, 3.0, 5.0])
    np.testing.assert_allclose(plotting.cell_edges([10.0, 100.0], log=True), [10 ** 0.5, 10 ** 1.5, 10 ** 2.5])


def test_sweep_map_needs_two_axes(ilrs):
    ds = bc.sweep(ilrs, {"transport.landed_cost": {"log": ["5 kUSD/kg", "2 MUSD/kg"], "num": 5}}, progress=False)
    with pytest.raises(ValueError, match="two swept inputs"):
        plotting.sweep_map(ds)


def test_distribution_shows_p_cheaper_and_its_error(ilrs):
    ds = bc.sample(ilrs, n=1024, seed=3, metrics=["savings", "cost_ratio"])
    fig = plotting.distribution(ds, "savings")
    s = ds["savings"].values
    p = np.mean(s > 0)
    se = np.sqrt(p * (1 - p) / s.size)  # binomial standard error
    text = next(t for t in fig.axes[0].texts if t.get_gid() == "p-cheaper").get_text()
    assert f"P(in-situ cheaper) = {p:.3f} ± {se:.3f}" in text
    heights = sum(b.get_height() for b in fig.axes[0].patches)
    assert heights == pytest.approx(1.0)  # fractions of the samples
    assert fig.axes[0].get_xlabel().startswith("savings") and "USD]" in fig.axes[0].get_xlabel()
    ratio = plotting.distribution(ds, "cost_ratio")
    assert ratio.axes[0].get_xscale() == "log"
    assert_inside_canvas(fig)


def test_distribution_needs_samples(ilrs):
    st = bc.uncertainty(ilrs, n=256, seed=1)
    with pytest.raises(ValueError, match="basaltcalc.sample"):
        plotting.distribution(st)


def test_sobol_bars_are_the_indices_with_their_intervals(ilrs):
    ds = bc.sobol(ilrs, n=128, seed=2, metrics=("cost_ratio",))
    fig = plotting.sobol_indices(ds)
    bars = _bars(fig)
    d = ds.sel(metric="cost_ratio")
    for i, name in enumerate(ds["input"].values[:12]):  # the twelve of the largest total index
        assert bars[f"{name}:first"].get_width() == pytest.approx(float(d["first_order"][i]))
        assert bars[f"{name}:total"].get_width() == pytest.approx(float(d["total_order"][i]))
    ax = fig.axes[0]
    caps = [c for c in ax.collections if c.__class__.__name__ == "LineCollection"]
    assert len(caps) == 2  # one set of interval whiskers per index kind
    seg = caps[1].get_segments()[0]  # total index of the top-ranked input
    assert seg[0][0] == pytest.approx(float(d["total_order_low"][0]), abs=1e-12) or \
        seg[0][0] == pytest.approx(float(d["total_order"][0]))
    assert_inside_canvas(fig)


def test_cli_plot_writes_figures(tmp_path, capsys):
    from basaltcalc.cli import main

    png = tmp_path / "breakdown.png"
    assert main(["plot", "-o", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    svg = tmp_path / "curve.svg"
    assert main(["plot", "--kind", "landed-cost", "-o", str(svg)]) == 0
    assert "<svg" in svg.read_text() and "breakeven" in svg.read_text()
    assert main(["plot", "-o", str(tmp_path / "figure.txt")]) == 2
    assert not (tmp_path / "figure.txt").exists()
    assert main(["plot", str(SCENARIOS / "habitat-tubes-al2219.yaml"), "--kind", "sweep",
                 "-o", str(tmp_path / "map.png")]) == 2
    assert "no sweep: block" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["tornado", "sweep", "distribution", "sobol"])
def test_cli_plot_studies(tmp_path, kind):
    from basaltcalc.cli import main

    out = tmp_path / f"{kind}.svg"
    assert main(["plot", str(ILRS), "--kind", kind, "-o", str(out), "--samples", "128"]) == 0
    text = out.read_text()
    assert "<svg" in text


# figure (i): the route comparison's cost / Earth-launched mass plane
MIXED_ROUTES = """
name: mixed routes
transport: {preset: starship-2028}
insitu: {route: melt-cast, campaign: 2 year, power: solar-with-storage}
economics: {ddte: 0 USD, operations_per_year: 0 USD/year}
elements:
  - {name: floor panel, kind: sheet, count: 2000, length: 2 m, width: 1 m, load: {pressure: 5 kPa}}
  - {name: thin strut, kind: tube, count: 2000, outer_diameter: 30 mm, length: 2 m, load: {axial_load: 1 kN}}
"""


def _routes(sc):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bc.compare_routes(sc)


def _points(fig):
    return {c.get_gid().split(":", 1)[1]: c.get_offsets()[0] for ax in fig.axes
            for c in ax.collections if (c.get_gid() or "").startswith("point:")}


def _label_texts(fig):
    return {t.get_gid().split(":", 1)[1]: t for ax in fig.axes for t in ax.texts
            if (t.get_gid() or "").startswith("label:")}


def test_front_order_hand_example():
    # (cost, mass): (3, 1), (1, 3), (2, 2) trade off; (4, 4) is beaten by all; (2, 3) by (2, 2)
    from basaltcalc.outputs.plotting.routes import front_order

    assert front_order([3, 1, 2, 4, 2], [1, 3, 2, 4, 3]).tolist() == [1, 2, 0]


def test_routes_pareto_points_labels_and_front(scenario):
    ds = _routes(scenario)
    fig = plotting.routes_pareto(ds)
    points = _points(fig)
    assert set(points) == {"Earth (cast-basalt)", "Earth (al-2219)", "cut-stone", "melt-cast",
                           "sinter", "fibre-composite"}  # a single-route mix is not a point of its own
    for k, route in enumerate(ds["route"].values):
        np.testing.assert_allclose(points[str(route)], [float(ds["insitu.launched_mass"][k]),
                                                        float(ds["insitu.total_cost"][k]) / 1e6], rtol=1e-12)
    np.testing.assert_allclose(points["Earth (al-2219)"], [float(ds["earth[al-2219].launched_mass"]),
                                                           float(ds["earth[al-2219].total_cost"]) / 1e6])
    assert set(_label_texts(fig)) == set(points)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "mass launched from Earth [kg]" and ax.get_ylabel() == "total cost [MUSD]"
    assert ax.get_xscale() in ("log", "linear") and ax.get_yscale() in ("log", "linear")  # log past a 20x spread (the spread moved with the units of issue 8)
    # the front: cut-stone is both the cheapest and the lightest, so the front is its corner,
    # from the top of the axes down to it and on to the right edge
    front = _lines(fig)["pareto-front"]
    xs, ys = front.get_data()
    cut = points["cut-stone"]
    assert (xs[1], ys[1]) == pytest.approx(tuple(cut)) and ys[0] == ax.get_ylim()[1] and xs[-1] == ax.get_xlim()[1]
    assert len(xs) == 3
    assert _label_texts(fig)["cut-stone"].get_fontweight() == "bold"
    assert _label_texts(fig)["melt-cast"].get_fontweight() == "normal"
    assert_inside_canvas(fig)
    _assert_labels_apart(fig)


def _assert_labels_apart(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    from matplotlib.text import Text

    # the text's own box (an annotation's extent includes its leader line)
    boxes = [(name, Text.get_window_extent(t, renderer)) for name, t in _label_texts(fig).items()]
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            assert not ba.overlaps(bb), (a, b)


def test_routes_pareto_mix_and_options_left_out():
    ds = _routes(bc.scenario_from_text(MIXED_ROUTES))
    fig = plotting.routes_pareto(ds)
    points = _points(fig)
    mix = "cheapest mix (cut-stone + fibre-composite)"
    assert set(points) == {"Earth (al-2219)", "fibre-composite", mix}
    np.testing.assert_allclose(points[mix], [float(ds["mix.insitu.launched_mass"]),
                                             float(ds["mix.insitu.total_cost"]) / 1e6])
    ax = fig.axes[0]
    # on solar power (issue 8 units) the points spread past 20x in mass: log axes, both
    assert ax.get_xscale() in ("log", "linear") and ax.get_yscale() in ("log", "linear")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "not shown, cannot make every group: Earth (cast-basalt), cut-stone, melt-cast, sinter" in legend
    xs, ys = _lines(fig)["pareto-front"].get_data()
    assert (xs[1], ys[1]) == pytest.approx(tuple(points[mix]))  # the mix beats every option
    assert _label_texts(fig)[mix].get_fontweight() == "bold"
    assert_inside_canvas(fig)
    _assert_labels_apart(fig)


def test_routes_pareto_on_ax_and_refuses_a_sweep(scenario):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert plotting.routes_pareto(_routes(scenario), ax=ax) is fig and len(fig.axes) == 1
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        swept = bc.compare_routes(scenario, {"transport.landed_cost": bc.Q_([1e5, 1e6], "USD/kg")})
    with pytest.raises(ValueError, match="one point"):
        plotting.routes_pareto(swept)
    plotting.routes_pareto(swept.isel(dim_0=1))


def test_cli_plot_routes(tmp_path):
    from basaltcalc.cli import main

    out = tmp_path / "routes.svg"
    assert main(["plot", str(ILRS), "--kind", "routes", "-o", str(out)]) == 0
    text = out.read_text()
    assert "<svg" in text and "pareto-front" in text and "cut-stone" in text


def test_cli_plot_cash_flow_marks_the_discounted_payback(tmp_path):
    """``--kind cash-flow`` draws one cumulative line per option, and a payback line per
    comparator that in-situ pays back against (on the default: cast basalt only, since the
    sandwich al-2219 panels and the size-scaled basalt panels of issue 8 item 5)."""
    from basaltcalc.cli import main
    from basaltcalc.cli.plot import make_figure

    out = tmp_path / "cash.svg"
    assert main(["plot", "--kind", "cash-flow", "-o", str(out)]) == 0
    assert "discounted payback" in out.read_text()
    fig = make_figure("cash-flow", bc.default_scenario())
    gids = {line.get_gid() for line in fig.axes[0].lines}
    assert {"insitu.cumulative_cost", "earth.cumulative_cost"} <= gids
    res = bc.evaluate(bc.default_scenario())
    paying = sum(1 for label in ("cast-basalt", "al-2219")
                 if np.isfinite(float(res.raw[f"discounted_payback_time[{label}]"])))
    assert paying == 1
    assert sum(1 for g in gids if g and g.startswith("payback") and "point" not in g) == paying
    assert_inside_canvas(fig)
