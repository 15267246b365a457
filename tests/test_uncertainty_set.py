"""The uncertainty set (basaltcalc/studies/uncertainty_set.py): derived from the catalogue's
sourced ranges with a stated family each, extended by the file's block, known inputs left out,
and one set, named, in every study."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.catalogue import load_catalogue
from basaltcalc.errors import ScenarioError
from basaltcalc.studies.distributions import Dist
from basaltcalc.studies.uncertainty_set import LOG_SPAN, range_distribution

ILRS = Path(__file__).parent.parent / "scenarios" / "ilrs-south-pole-outpost.yaml"


@pytest.fixture(scope="module")
def sc():
    return bc.default_scenario()


def _ranged(scenario):
    """Inputs taken from a catalogue default with low < high (element counts aside)."""
    return {p for p, i in scenario.inputs.items() if i.origin == "default" and i.default is not None
            and not p.endswith(".count") and i.default.range_si[0] < i.default.range_si[1]}


def test_the_set_is_every_sourced_range_of_the_catalogue(sc):
    s = bc.uncertainty_set(sc)
    assert set(s.paths) == _ranged(sc) and len(s) == len(_ranged(sc))
    assert s.name == "sourced ranges" and s.counts == {"catalogue": len(s), "block": 0}
    assert f"({len(s)} uncertain inputs)" in s.label
    for d in s.dists:  # each range's ends are its distribution's
        inp = sc.inputs[d.path]
        lo, hi = inp.default.range_si
        assert d.params[0] == lo and (d.params[-2] if d.kind in ("pert", "logpert") else d.params[-1]) == hi
        assert d.origin == "catalogue range" and d.source == inp.default.source


def test_a_range_added_to_the_catalogue_joins_the_set(sc, monkeypatch):
    # derived, never a hand list: give a fixed default (no range) a range and it is drawn
    path = "materials.al-2219.density"
    inp = sc.inputs[path]
    assert inp.default.low is None and path not in bc.uncertainty_set(sc)
    wider = dataclasses.replace(inp.default, low=0.95 * inp.si, high=1.05 * inp.si)
    monkeypatch.setitem(sc.inputs, path, dataclasses.replace(inp, default=wider))
    s = bc.uncertainty_set(sc)
    assert path in s and s[path].kind == "pert" and s[path].params[1] == inp.si


@pytest.mark.parametrize("lo,value,hi,stated,kind", [
    (0.7, 0.85, 0.95, None, "pert"),            # a best estimate inside a narrow range
    (0.2e9, 1e9, 5e9, None, "logpert"),         # a range spanning a decade or more
    (50.0, 200.0, 499.0, None, "pert"),         # just under a decade (499/50 < 10)
    (0.0, 1.0, 1.0, None, "pert"),              # starts at 0: no log scale, mode at the end
    (506.0, 590.0, 676.0, "uniform", "uniform"),  # the data entry states its source gives bounds
])
def test_the_rule(lo, value, hi, stated, kind):
    got, params, why = range_distribution(lo, value, hi, stated=stated)
    assert got == kind and why
    assert params[0] == lo and (params[1] == value if kind != "uniform" else params[1] == hi)


def test_the_families_of_the_catalogue_entries(sc):
    cat = load_catalogue()
    s = bc.uncertainty_set(sc)
    kinds = {d.path: d.kind for d in s.dists}
    assert kinds["economics.ddte"] == "logpert"  # 0.2-5 BUSD
    assert kinds["routes.melt-cast.yield"] == "pert"  # 0.7-0.95
    assert kinds["materials.cast-basalt.latent_heat"] == "uniform"  # four calorimetric values
    assert cat.value("materials.cast-basalt.latent_heat").distribution == "uniform"
    for d in s.dists:
        lo, hi = sc.inputs[d.path].default.range_si
        wide = lo > 0 and hi / lo >= LOG_SPAN
        stated = sc.inputs[d.path].default.distribution
        assert d.kind == (stated or ("logpert" if wide else "pert")), d.path


def test_logpert_draws_and_inverse_cdf_agree():
    d = Dist("economics.ddte", "logpert", (0.2e9, 1e9, 5e9, 4.0), "USD")
    x = np.sort(d.draw(np.random.default_rng(0), 200_000))
    u = np.array([0.05, 0.25, 0.5, 0.75, 0.95])
    q = d.ppf(u)
    np.testing.assert_allclose(np.quantile(x, u), q, rtol=0.01)
    # symmetric on ln x about ln 1e9: the median is the default
    assert q[2] == pytest.approx(1e9, rel=1e-9)
    assert x[0] >= 0.2e9 and x[-1] <= 5e9


def test_the_file_block_overrides_or_extends_and_file_values_are_known():
    sc = bc.load_scenario(ILRS)
    s = bc.uncertainty_set(sc)
    block = {k for k in sc.blocks["uncertainty"] if k not in ("samples", "seed", "method")}
    assert block <= set(s.paths) and s.counts["block"] == len(block)
    assert s["economics.ddte"].kind == "pert" and s["economics.ddte"].origin == "spec"  # the block's
    assert "transport.payload_per_flight" not in s  # the file gives it: known
    assert s.name == "sourced ranges + the file's uncertainty block"
    n = len(s)
    assert s.counts["block"] == 5 and f"{n} uncertain inputs: {n - 5} sourced ranges, 5 from the block" in s.label
    only = bc.uncertainty_set(sc, all_defaults=False)
    assert set(only.paths) == block and only.name == "the file's uncertainty block"


def test_overrides_are_known_unless_the_block_draws_them():
    sc = bc.load_scenario(ILRS)
    s = bc.uncertainty_set(sc, overrides={"economics.hardware_cost": "40 kUSD/kg",
                                          "economics.ddte": "1 BUSD"})
    assert "economics.hardware_cost" not in s  # a sourced range, fixed by --set
    assert "economics.ddte" in s  # the block gives it a distribution: drawn, and said so
    assert any("economics.ddte" in n and "uncertainty: block" in n for n in s.notes)


def test_a_family_for_every_range(sc):
    s = bc.uncertainty_set(sc, all_defaults="uniform")
    assert {d.kind for d in s.dists} == {"uniform"} and s.name == "sourced ranges drawn uniform"
    s = bc.uncertainty_set(sc, all_defaults="loguniform")
    assert any("uniform instead of log-uniform" in n for n in s.notes)  # ranges starting at 0
    with pytest.raises(ScenarioError, match="did you mean 'sourced'"):
        bc.uncertainty_set(sc, all_defaults="sourcd")


def test_every_study_names_the_same_set():
    sc = bc.load_scenario(ILRS)
    s = bc.uncertainty_set(sc)
    studies = [
        bc.sobol(sc, n=8, seed=1, metrics=("cost_ratio",), progress=False, n_resamples=0),
        bc.tornado(sc, metrics=("cost_ratio",)),
        bc.uncertainty(sc, n=1024, seed=1, method="random", progress=False),
        bc.sample(sc, n=256, seed=1, method="random", metrics=["cost_ratio"], progress=False),
    ]
    for ds in studies:
        assert ds.attrs["uncertainty_set"] == s.name, ds.attrs["kind"]
        assert int(ds.attrs["uncertain_inputs"]) == len(s), ds.attrs["kind"]
    assert set(studies[0]["input"].values) == set(s.paths) == set(studies[1]["input"].values)
    pr = bc.probability_cheaper(sc, n=256)
    assert pr.set_name == s.name and pr.inputs == len(s)
    v = bc.value_of_information(sc, n=256, groups=False)
    assert v.attrs["uncertainty_set"] == s.name and int(v.attrs["uncertain_inputs"]) == len(s)
    assert list(v["parameter"].values) == s.paths


def test_the_tornado_takes_each_input_to_the_ends_of_its_distribution():
    sc = bc.load_scenario(ILRS)
    s = bc.uncertainty_set(sc)
    t = bc.tornado(sc, metrics=("cost_ratio",))
    i = list(t["input"].values).index("routes.cut-stone.cutting_energy")  # the block's loguniform
    lo, hi = s["routes.cut-stone.cutting_energy"].params
    assert t["low"].values[i] == lo and t["high"].values[i] == hi
    assert t["low_shown"].values[i] == pytest.approx(0.5) and t["shown_units"].values[i] == "kWh/m²"
    j = list(t["input"].values).index("routes.cut-stone.plant_specific_mass")
    assert t["shown_units"].values[j] == "kg/(kg/h)" and t["high_shown"].values[j] == pytest.approx(300)


def test_the_sets_repr_lists_every_input():
    s = bc.uncertainty_set(bc.load_scenario(ILRS))
    text = repr(s)
    assert text.splitlines()[0].startswith("UncertaintySet of 'ILRS")
    assert "logpert(0.2, 1, 5) BUSD" not in text  # the block's pert replaces the range
    assert "pert(0.2 BUSD, 1 BUSD, 5 BUSD)" in text and "(as its data entry states)" in text
    assert len(text.splitlines()) == 1 + len(s)  # one line per uncertain input
