"""Property test: random mutants of the gallery either load or fail with a located ScenarioError."""
from __future__ import annotations

import math
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import basaltcalc as bc
from basaltcalc.errors import ScenarioError
from basaltcalc.metrics import INFINITE_BY_DEFINITION
from basaltcalc.scenario import scenario_from_text

GALLERY = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))
TEXTS = [p.read_text() for p in GALLERY]
UNITS = ["m", "kg", "s", "year", "kPa", "MUSD/kg", "USD", "$", "€", "g/cm^2", "%", "", "degC", "kN",
         "1/year", "kWh", "furlong", "m^2", "J/kg"]
TOKENS = ["no", "yes", "1:30", "1e3", "010", "-1", "0", "2.5", "~", "[]", "{}", "&a x", "*a",
          "'quoted'", "inf", "nan", "same", "melt-cast", "sheet", "tube", "\t", ":", "- x", "1e400"]
KEYS = ["name", "kind", "count", "length", "width", "outer_diameter", "thickness", "load", "preset",
        "route", "material", "campaign", "power", "site", "transport", "insitu", "earth", "elements",
        "materials", "base", "sweep", "landed_cost", "pressure", "internal_pressure", "axial_load"]
COUNTER = {"mutants": 0, "ok": 0, "located": 0}


def mutate(text: str, data) -> str:
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        op = data.draw(st.sampled_from(["delete", "rename", "swap", "unit", "number", "indent",
                                        "token", "duplicate", "truncate"]))
        if op == "delete":
            del lines[i]
        elif op == "rename" and ":" in line:
            key = line.split(":", 1)[0]
            lines[i] = line.replace(key.strip(), data.draw(st.sampled_from(KEYS)), 1)
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            a, b = lines[i].partition(":"), lines[j].partition(":")
            if a[1] and b[1]:
                lines[i], lines[j] = a[0] + ":" + b[2], b[0] + ":" + a[2]
        elif op == "unit":
            lines[i] = re.sub(r"(\d)\s+[A-Za-z$€%^/*()0-9]+", lambda m: m.group(1) + " " +
                              data.draw(st.sampled_from(UNITS)), line, count=1)
        elif op == "number":
            lines[i] = re.sub(r"\d+(\.\d+)?", lambda m: data.draw(st.sampled_from(
                ["0", "-3", "1e3", "2.5", "1e308", "999999999999999999999", "0.0", "12"])), line, count=1)
        elif op == "indent":
            lines[i] = " " * data.draw(st.integers(0, 6)) + line.lstrip()
        elif op == "token" and ":" in line:
            lines[i] = line.split(":", 1)[0] + ": " + data.draw(st.sampled_from(TOKENS))
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "truncate":
            lines[i] = line[: data.draw(st.integers(0, len(line)))]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXTS), st.data())
def test_mutants_load_or_fail_located(text, data):
    mutant = mutate(text, data)
    COUNTER["mutants"] += 1
    try:
        sc = scenario_from_text(mutant, "mutant.yaml")
    except ScenarioError as exc:
        COUNTER["located"] += 1
        assert exc.problems
        for p in exc.problems:
            assert p.file == "mutant.yaml" and p.line is not None, str(exc)
            assert p.message
        return
    COUNTER["ok"] += 1
    try:
        res = bc.evaluate(sc)
    except ScenarioError as exc:  # a physically invalid point (e.g. a wall thicker than the radius),
        # or a piece heavier than one lander (an element, the plant, a power unit, an excavator):
        # located in the file either way
        assert exc.problems and all(p.file == "mutant.yaml" and p.line is not None for p in exc.problems), str(exc)
        assert all(p.path.startswith(("elements[", "insitu")) for p in exc.problems), str(exc)
        return
    assert res["insitu.total_cost"].units == bc.ureg.USD and res.shape == ()
    for name in bc.METRICS:  # issue 27: finite, or inf where the metric's definition says never
        v = res[name].m
        assert not math.isnan(v) and (math.isfinite(v) or name in INFINITE_BY_DEFINITION), f"{name} = {v}"


def test_report_mutant_counts():
    # runs after the property test in file order; documents what the mutants gave
    print(f"mutants: {COUNTER}")
    assert COUNTER["mutants"] == 0 or COUNTER["ok"] + COUNTER["located"] == COUNTER["mutants"]
