"""`basaltcalc run`: table, JSON (DESIGN 5), CSV, -o, and bad --set values."""
from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

import basaltcalc as bc
from basaltcalc.cli import main
from basaltcalc.model import METRICS

ROOT = Path(__file__).resolve().parents[1]
ILRS = str(ROOT / "scenarios" / "ilrs-south-pole-outpost.yaml")
ENTRY_POINT = Path(sys.executable).with_name("basaltcalc")


def run(capsys, *argv):
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def parse_csv(text):
    rows = [r for r in csv.reader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#"))))]
    return rows[0], rows[1:]


def test_table_shows_both_options_units_and_breakevens(capsys):
    code, out, err = run(capsys, ILRS)
    assert code == 0 and not err
    assert "Earth (natural-basalt)" in out and "In-situ (natural-basalt, cut-stone)" in out
    for text in ("MUSD", "kg", "breakeven_scale", "breakeven_landed_cost", "kUSD/kg", "cost_ratio"):
        assert text in out
    assert "floor panel" in out and "pressure tube" in out


def test_json_follows_design5(capsys):
    code, out, err = run(capsys, ILRS, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["scenario"]["name"].startswith("ILRS south-pole outpost")
    # metrics: every name, each with a value and its unit
    assert set(METRICS) <= set(doc["metrics"])
    for name, (unit, _) in METRICS.items():
        m = doc["metrics"][name]
        assert m["unit"] == unit
        assert isinstance(m["value"], (int, float)) or m["value"] in ("inf", "nan")
    # the numbers are those of evaluate()
    res = bc.evaluate(bc.load_scenario(ILRS))
    for name in ("earth.total_cost", "insitu.total_cost", "breakeven_landed_cost", "mass_leverage"):
        assert doc["metrics"][name]["value"] == pytest.approx(res.magnitude(name), rel=1e-12)
    # elements: thickness, mass (and the governing rule) of each option, with units
    assert [e["name"] for e in doc["elements"]] == ["floor panel", "wall panel", "pressure tube"]
    for e in doc["elements"]:
        for option in ("earth", "insitu"):
            assert e[option]["thickness"]["unit"] == "m" and e[option]["thickness"]["value"] > 0
            assert e[option]["mass"]["unit"] == "kg" and e[option]["mass"]["value"] > 0
    wall = doc["elements"][1]["insitu"]
    assert wall["mass"]["value"] == pytest.approx(500.0)  # 200 kg/m^2 shielding on 2.5 m^2
    assert wall["governing"] == "shielding"
    # assumptions: every default used, each with value, unit and a source from references.yaml
    refs = bc.load_catalogue().references
    defaults = [a for a in doc["assumptions"] if a["origin"] == "default" and a["path"].split(".")[0]
                in ("materials", "routes", "power", "sites", "economics", "safety_factors", "transport")
                and a.get("source")]
    assert len(defaults) > 30
    for a in defaults:
        assert {"path", "value", "unit", "source"} <= set(a)
        assert a["source"] in refs, a
    paths = {a["path"] for a in doc["assumptions"]}
    assert "materials.natural-basalt.density" in paths and "transport.landed_cost" in paths
    density = next(a for a in doc["assumptions"] if a["path"] == "materials.natural-basalt.density")
    assert density["value"] == pytest.approx(3100.0) and density["source"] == "matmake-basalt"


def test_csv_has_every_metric_with_its_unit(capsys):
    code, out, _ = run(capsys, ILRS, "--format", "csv")
    assert code == 0
    header, rows = parse_csv(out)
    assert header == ["metric", "value", "unit"]
    table = {r[0]: (float(r[1]), r[2]) for r in rows}
    assert set(METRICS) <= set(table)
    for name, (unit, _) in METRICS.items():
        assert table[name][1] == unit
    res = bc.evaluate(bc.load_scenario(ILRS))
    assert table["savings"][0] == pytest.approx(res.magnitude("savings"), rel=1e-12)


def test_default_scenario_runs_with_no_file(capsys):
    code, out, _ = run(capsys, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and "cast basalt" in doc["scenario"]["name"]


def test_set_overrides_reach_the_model(capsys):
    code, out, _ = run(capsys, ILRS, "--format", "json", "--set", "transport.landed_cost=300 kUSD/kg",
                       "--set", "insitu.campaign=730.5 day")
    assert code == 0
    doc = json.loads(out)
    assert doc["metrics"]["transport.landed_cost"]["value"] == pytest.approx(3e5)
    assert doc["metrics"]["insitu.campaign_time"]["value"] == pytest.approx(2 * 365.25 * 86400)


@pytest.mark.parametrize("fmt, check", [("json", lambda t: json.loads(t)["metrics"]),
                                        ("csv", lambda t: parse_csv(t)[1]),
                                        ("table", lambda t: "cost_ratio" in t or None)])
def test_output_file(tmp_path, capsys, fmt, check):
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, ILRS, "--format", fmt, "-o", str(target))
    assert code == 0 and out == "" and err == ""
    assert check(target.read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left behind


@pytest.mark.parametrize("setting, expected", [
    ("transport.landed_cost=5 kg", "transport.landed_cost"),
    ("transport.landed_cost=1200", "transport.landed_cost"),       # bare number for a cost
    ("transport.landed_cost=$1200/kg", "transport.landed_cost"),   # currency symbol
    ("transport.landed_cots=1 MUSD/kg", "did you mean 'transport.landed_cost'"),
    ("elements[0].count=2.5", "count"),
    ("transport.landed_cost=nan USD/kg", "transport.landed_cost"),
    ("no-equals-sign", "PATH=VALUE"),
])
def test_bad_set_exits_2_with_one_line_and_no_output_file(tmp_path, capsys, setting, expected):
    target = tmp_path / "out.json"
    code, out, err = run(capsys, ILRS, "--format", "json", "--set", setting, "-o", str(target))
    assert code == 2
    assert out == ""
    assert expected in err
    assert err.startswith("basaltcalc: error:")
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_set_that_makes_a_wall_past_the_radius_exits_2_naming_the_element(tmp_path, capsys):
    # hoop wall 3*10 MPa*0.5 m/(2*15 MPa) = 0.5 m > radius 0.25 m: invalid in both options, so the
    # message lists one line per problem (earth, in-situ), each naming the element
    target = tmp_path / "out.json"
    code, out, err = run(capsys, ILRS, "--set", "elements[2].load.internal_pressure=10 MPa", "-o", str(target))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("basaltcalc: error:")
    problems = [line for line in lines if "elements[2]" in line]
    assert problems and all("radius" in line for line in problems)
    assert "Traceback" not in err and not target.exists()


@pytest.mark.skipif(not ENTRY_POINT.exists(), reason="installed entry point not found")
def test_installed_entry_point(tmp_path):
    target = tmp_path / "ilrs.json"
    ok = subprocess.run([str(ENTRY_POINT), "run", ILRS, "--format", "json", "-o", str(target)],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    doc = json.loads(target.read_text())
    assert doc["metrics"]["cost_ratio"]["unit"] == "" and 0 < doc["metrics"]["cost_ratio"]["value"] < math.inf
    table = subprocess.run([str(ENTRY_POINT), "run", ILRS], capture_output=True, text=True, timeout=120)
    assert table.returncode == 0 and "breakeven_landed_cost" in table.stdout
    bad = subprocess.run([str(ENTRY_POINT), "run", ILRS, "--set", "transport.landed_cost=5 kg",
                          "-o", str(tmp_path / "bad.json")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    assert not (tmp_path / "bad.json").exists()
