"""Issue 12: domain edges and a seeded fuzz of the gallery.

Property: for every numeric input of every gallery file, the values at its domain's edges (the
smallest and largest allowed, and 0 and 1 where allowed) give a located error or finite headline
metrics, never NaN.  Fuzz: 500 seeded mutants of the gallery load, or fail with a located error,
and evaluate, or fail with a located error: zero tracebacks.
"""
from __future__ import annotations

import random
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.errors import ScenarioError
from basaltcalc.scenario import domain_of, load_scenario, scenario_from_text

GALLERY = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))
from basaltcalc.metrics import METRICS as HEADLINE  # every whole-scenario metric


def edges(path):
    lo, hi, low_allowed = domain_of(path)
    return sorted({v for v in (lo, hi, 0.0, 1.0) if (v > lo or (v == lo and low_allowed)) and v <= hi})


def _evaluate(sc, overrides=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return bc.evaluate(sc, overrides)


@pytest.mark.parametrize("file", GALLERY, ids=[p.stem for p in GALLERY])
def test_domain_edges_give_a_located_error_or_no_nan(file):
    sc = load_scenario(file)
    tried = located = 0
    for path, inp in sc.inputs.items():
        for v in edges(path):
            tried += 1
            try:
                res = _evaluate(sc, {path: bc.Q_(v, inp.unit)})
            except ScenarioError as exc:
                located += 1
                assert all(p.path and p.message for p in exc.problems), str(exc)
                continue
            for name in [m for m in HEADLINE if m in res]:
                x = np.asarray(res.magnitude(name), dtype=float)
                assert not np.isnan(x).any(), f"{path} = {v}: {name} is NaN"
    assert tried > 100 and located < tried


TOKENS = ["0", "-1", "1e308 m", "1e-320 m", "010", "!!int abc", "!key x", "~", "[]", "{}", "no",
          "1:30", "10**10**10 m", "nan", "inf", "1e400", "'x'", "\x07", "9" * 401, "0 kg", "1 furlong"]


def mutate(text: str, rng: random.Random) -> str:
    """1 to 3 random edits: delete, duplicate or re-indent a line, replace a value or a number."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        op = rng.choice(["delete", "duplicate", "indent", "value", "number", "empty"])
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "indent":
            lines[i] = " " * rng.randint(0, 6) + line.lstrip()
        elif op == "value" and ":" in line:
            lines[i] = line.split(":", 1)[0] + ": " + rng.choice(TOKENS)
        elif op == "number":
            lines[i] = re.sub(r"\d+(\.\d+)?", lambda m: rng.choice(["0", "1e308", "1e-300", "010", "5e-324"]),
                              line, count=1)
        elif op == "empty" and ":" in line:
            lines[i] = line.split(":", 1)[0] + ":"
        if not lines:
            lines = ["x: 1"]
    return "\n".join(lines) + "\n"


def test_seeded_fuzz_of_the_gallery_no_traceback():
    rng = random.Random(20261202)
    texts = [p.read_text() for p in GALLERY]
    counts = {"mutants": 0, "loaded": 0, "located": 0, "evaluated": 0}
    for _ in range(500):
        mutant = mutate(rng.choice(texts), rng)
        counts["mutants"] += 1
        try:
            sc = scenario_from_text(mutant, "mutant.yaml")
        except ScenarioError as exc:
            counts["located"] += 1
            assert all(p.file == "mutant.yaml" and p.message for p in exc.problems), str(exc)
            continue
        counts["loaded"] += 1
        try:
            res = _evaluate(sc)
        except ScenarioError as exc:
            counts["located"] += 1
            assert all(p.path and p.message for p in exc.problems), str(exc)
            continue
        counts["evaluated"] += 1
        for name in [m for m in HEADLINE if m in res]:
            assert not np.isnan(np.asarray(res.magnitude(name), dtype=float)).any(), (name, mutant)
    assert counts["mutants"] == 500 and counts["located"] > 100 and counts["evaluated"] > 50, counts
