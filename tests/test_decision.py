"""How sure: the probability that in-situ is cheaper (basaltcalc/studies/decision.py) as
``basaltcalc run`` prints it and as JSON, CSV and the report carry it."""
from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.cli import main
from basaltcalc.metrics import SET_METRICS


@pytest.fixture(scope="module")
def sc():
    return bc.default_scenario()


def test_the_probability_is_the_share_of_samples_where_in_situ_is_cheaper(sc):
    pr = bc.probability_cheaper(sc, n=2048, seed=3)
    ds = bc.sample(sc, n=2048, seed=3, method="random", metrics=["savings", "savings[al-2219]"],
                   progress=False)  # the same set and seed: the same draws
    for design, name in (("cast-basalt", "savings"), ("al-2219", "savings[al-2219]")):
        s = ds[name].values
        p = np.count_nonzero(s > 0) / s.size
        assert pr.p[design] == p  # p = k / n
        assert pr.se[design] == pytest.approx(math.sqrt(p * (1 - p) / s.size))
    assert pr.samples == 2048 and pr.seed == 3 and pr.inputs == len(bc.uncertainty_set(sc))


def test_the_metrics_are_named_as_the_comparator_metrics(sc):
    pr = bc.probability_cheaper(sc, n=512)
    m = pr.metrics()
    assert set(m) == {"p_insitu_cheaper", "p_insitu_cheaper_se", "p_insitu_cheaper[cast-basalt]",
                      "p_insitu_cheaper_se[cast-basalt]", "p_insitu_cheaper[al-2219]",
                      "p_insitu_cheaper_se[al-2219]"}
    assert m["p_insitu_cheaper"] == m["p_insitu_cheaper[cast-basalt]"] == pr.p["cast-basalt"]
    one = bc.scenario_from_dict({**sc.to_dict(), "earth": {"material": "same", "comparators": []}})
    assert set(bc.probability_cheaper(one, n=256).metrics()) == {"p_insitu_cheaper", "p_insitu_cheaper_se"}


def test_the_text_says_the_bound_where_every_sample_agrees(sc):
    pr = bc.probability_cheaper(sc, n=1000, seed=0)
    assert pr.p["cast-basalt"] == 1.0  # launching the same stone never wins here
    assert pr.text("cast-basalt") == "1 (every sample; above 0.9970 at 95 %)"  # 1 - 3/1000
    lines = pr.lines()
    assert lines[0].startswith("P(in-situ cheaper) = 1 (every sample") and "vs al-2219" in lines[0]
    n = len(bc.uncertainty_set(sc))  # every sourced range the file leaves uncertain
    assert f"over sourced ranges ({n} uncertain inputs)" in lines[1] and "1,000 Monte Carlo samples, seed 0" in lines[1]


def test_run_prints_the_probability_under_the_headline(capsys):
    assert main(["run", "--samples", "1024"]) == 0
    out = capsys.readouterr().out.splitlines()
    i = next(k for k, line in enumerate(out) if line.startswith("In-situ costs"))
    assert out[i + 1].startswith("P(in-situ cheaper) = ") and "vs cast-basalt" in out[i + 1]
    assert "1,024 Monte Carlo samples, seed 0" in out[i + 2]
    assert main(["run", "--no-uncertainty"]) == 0
    assert "P(in-situ cheaper)" not in capsys.readouterr().out


def test_run_json_and_csv_carry_the_set_metrics(capsys):
    assert main(["run", "--samples", "512", "--seed", "4", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for name in SET_METRICS:
        assert data["metrics"][name]["unit"] == "" and 0 <= data["metrics"][name]["value"] <= 1
    assert data["metrics"]["p_insitu_cheaper[al-2219]"]["description"].endswith("(against the Earth comparator al-2219)")
    n = len(bc.uncertainty_set(bc.default_scenario()))
    assert data["uncertainty"] == {"uncertainty_set": "sourced ranges", "uncertain_inputs": n, "samples": 512,
                                   "seed": 4, "method": "random"}
    p = data["metrics"]["p_insitu_cheaper[al-2219]"]["value"]
    assert main(["run", "--samples", "512", "--seed", "4", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert f"# uncertainty: uncertainty_set sourced ranges, uncertain_inputs {n}, samples 512, seed 4" in text
    rows = {r[0]: r for r in csv.reader(io.StringIO("\n".join(x for x in text.splitlines() if not x.startswith("#"))))}
    assert float(rows["p_insitu_cheaper[al-2219]"][1]) == p  # the same seed, the same number
    assert main(["run", "--no-uncertainty", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["uncertainty"] is None and "p_insitu_cheaper" not in data["metrics"]


def test_run_refuses_zero_samples(capsys):
    with pytest.raises(SystemExit) as e:
        main(["run", "--samples", "0"])
    assert e.value.code == 2
    assert "argument --samples: expected a whole number from 1" in capsys.readouterr().err
    with pytest.raises(bc.ScenarioError, match="samples: samples .* must be at least 1, got 0"):  # the argument's
        bc.probability_cheaper(bc.default_scenario(), n=0)


def test_a_set_value_is_known_in_the_probability(capsys):
    # fixing the landed cost (its range is in the set) leaves one input fewer uncertain
    n = len(bc.uncertainty_set(bc.default_scenario()))
    assert main(["run", "--samples", "256", "--set", "transport.landed_cost=0.5 MUSD/kg"]) == 0
    assert f"({n - 1} uncertain inputs)" in capsys.readouterr().out
