"""Every figure kind of ``basaltcalc plot`` on every gallery file draws, and no text of it overlaps
another or passes the figure's edge (issue 30: a valid answer crashed the sweep map, the three-design
breakdown cut its subtitle and overlapped its tick labels).

The check is matplotlib's own: :func:`basaltcalc.plotting.text_problems` draws the figure on the
Agg canvas and compares the renderer's extents of every drawn text.  A kind added to
``cli.plot.KINDS`` is checked here as soon as it is registered.  Kept cheap for CI: the studies on
few samples (64; 256 for the value of information, its regressions' least), the figures at 50 dpi
(text extents scale with the dpi, so overlaps do not depend on it); about 45 s of CPU for the
eleven files.
"""
import warnings
from pathlib import Path

import matplotlib
import pytest

import basaltcalc as bc
from basaltcalc.cli.plot import KINDS, make_figure
from basaltcalc.errors import ScenarioError
from basaltcalc import plotting

matplotlib.use("Agg")
SCENARIOS = Path(__file__).parent.parent / "scenarios"
GALLERY = sorted(SCENARIOS.glob("*.yaml"))
#: Samples of the studies behind a figure: enough to draw, few enough for CI.
SAMPLES = {"value": 256}
DPI = 50


def _draw_and_check(scenario, kind):
    """The figure of ``kind`` and its text problems (``None`` for a kind that does not apply)."""
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a study's warnings are tested where they are raised
        try:
            fig = make_figure(kind, scenario, samples=SAMPLES.get(kind, 64))
        except ScenarioError as exc:
            return None, str(exc)
    try:
        fig.set_dpi(DPI)
        return plotting.text_problems(fig), None
    finally:
        plt.close(fig)


@pytest.mark.parametrize("path", GALLERY, ids=[p.stem for p in GALLERY])
def test_every_kind_on_every_gallery_file_draws_readably(path):
    scenario = bc.load_scenario(path)
    problems, skipped = {}, {}
    for kind in KINDS:
        found, why = _draw_and_check(scenario, kind)
        if found is None:
            skipped[kind] = why
        elif found:
            problems[kind] = found
    assert problems == {}
    # the one kind allowed not to apply: a sweep map of a file without a sweep: block, said so
    assert set(skipped) <= {"sweep"}, skipped
    assert ("sweep" in skipped) == (not (scenario.blocks or {}).get("sweep"))
    if skipped:
        assert "no sweep: block" in skipped["sweep"]


LONG_NAME = ("A rather long scenario name: four Earth-launched designs against one in-situ basalt "
             "route, to try every figure's wrapping")


@pytest.mark.parametrize("kind", ["breakdown", "cost", "mass", "landed-cost", "cash-flow", "tornado",
                                  "routes", "scale"])
def test_four_earth_designs_and_a_long_name_stay_readable(kind):
    """The most crowded case the issue names: four Earth designs, long names."""
    from basaltcalc.scenario import scenario_from_dict

    base = bc.load_scenario(SCENARIOS / "basalt-fibre-struts.yaml").to_dict()
    base["name"] = LONG_NAME
    base["earth"] = {"material": "cfrp", "comparators": ["basalt-fibre-composite", "al-2219", "ti-6al-4v"]}
    base["elements"][0]["name"] = "truss strut of the shelter roof, pin-ended, under regolith cover"
    problems, why = _draw_and_check(scenario_from_dict(base), kind)
    assert why is None and problems == []
