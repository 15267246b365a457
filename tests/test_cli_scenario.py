"""The scenario commands: validate, explain, materials, schema; exit codes; --set origins."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from basaltcalc.cli import main

ROOT = Path(__file__).resolve().parents[1]
OUTPOST = str(ROOT / "scenarios" / "ilrs-south-pole-outpost.yaml")
BAD = Path(__file__).parent / "data" / "bad"


def test_validate_ok_and_errors(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(OUTPOST).read_text().replace("route: cut-stone", "route: cut-ston"))
    assert main(["validate", OUTPOST]) == 0
    assert capsys.readouterr().out == f"{OUTPOST}: ok\n"
    assert main(["validate", OUTPOST, str(bad)]) == 2
    out = capsys.readouterr()
    assert out.out == f"{OUTPOST}: ok\n"
    assert out.err.startswith(f"{bad}:22:3 insitu.route: unknown route 'cut-ston'; did you mean 'cut-stone'?")


@pytest.mark.parametrize("fname", ["empty.yaml", "latin1.yaml", "billion-laughs.yaml", "list.yaml"])
def test_validate_bad_files_exit_2_without_traceback(capsys, fname):
    assert main(["validate", str(BAD / fname)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith(str(BAD / fname) + ":1:")


def test_run_bad_file_exit_2(capsys):
    assert main(["run", str(BAD / "empty.yaml")]) == 2
    assert "the document is empty" in capsys.readouterr().err


def test_set_errors_name_their_origin(capsys):
    assert main(["run", "--set", "transport.landed_cst=3", "--set", "transport.landed_cost=3 kg"]) == 2
    err = capsys.readouterr().err
    assert "--set transport.landed_cst: not an input of this scenario; did you mean 'transport.landed_cost'?" in err
    assert "--set transport.landed_cost: expected [currency] / [mass], e.g. '1 MUSD/kg'" in err
    assert "<scenario>" not in err
    assert main(["run", "--set", "nonsense"]) == 2
    assert "--set: takes PATH=VALUE" in capsys.readouterr().err


def test_explain_lists_every_input_with_origin_and_source(capsys):
    assert main(["explain", OUTPOST, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rows = {r["path"]: r for r in doc["inputs"]}
    # 61 inputs of its own choices + 9 properties of the functional comparator al-2219 (its
    # safety class, metal, is among the 61)
    # + economics.commissioning_time (the in-situ option's time to first product)
    # + the two choices listed first: cost_year and economics.cost_model
    # + economics.development_time and economics.discount_rate (the dated cash flows)
    # + 15 cost-model and learning inputs (economics.fabrication_learning ... work_year_cost)
    # + the Weibull modulus and test volume of natural basalt and the Poisson ratio, panel construction,
    # core density and core shear strength of al-2219 (issue 8 item 5)
    # + the real units of issue 8: routes.cut-stone.{plant_min_throughput, excavator_rate,
    # excavator_mass} and power.solar-with-storage.{unit_power, storage_unit_energy}
    # + the choice economics.discounting and economics.container_cost (issue 24)
    # + issue 25: al-2219's core shear modulus, core modulus and cell size, and the floor panel's
    # deflection limit (elements[0].load.deflection_limit); the choice transport.billing; al-2219's
    # yield strength and yield factor
    assert len(rows) == 110 and doc["sha256"] and doc["basaltcalc"]
    assert rows["economics.discounting"]["value"] == "continuous"
    assert rows["cost_year"]["value"].startswith("2025") and rows["economics.cost_model"]["value"] == "estimate"
    assert rows["insitu.campaign"] == {**rows["insitu.campaign"], "value": "2 year", "origin": "file", "line": 24}
    d = rows["materials.natural-basalt.density"]
    # as the source gives it, and in the display unit of every density (basaltcalc.display)
    assert d["origin"] == "default" and d["value"] == "3.1 g/cm³" and d["shown"] == "3,100 kg/m³"
    assert d["range"] == "2,800-3,300 kg/m³"
    assert d["source"] == "matmake-basalt" and "Properties of Basalt" in d["reference"] and d["weak"]
    assert main(["explain", OUTPOST]) == 0
    text = capsys.readouterr().out
    assert "insitu.campaign" in text and "file line 24" in text and "range 2,800-3,300 kg/m³" in text


def test_materials_table_and_json(capsys):
    assert main(["materials"]) == 0
    text = capsys.readouterr().out
    assert "cast-basalt  (origin: insitu, safety_class: brittle)" in text
    assert "eutit:" in text  # the sources are cited
    assert main(["materials", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    cb = doc["materials"]["cast-basalt"]["density"]
    assert (cb["value"], cb["si"], cb["source"]) == (2950.0, 2950.0, "eutit") and cb["reference"]
    assert set(doc) >= {"materials", "routes", "power", "sites", "transport", "economics", "safety_factors"}


def test_schema_command_writes_the_packaged_schema(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text() == (ROOT / "basaltcalc" / "data" / "scenario.schema.json").read_text()


def test_csv_and_json_outputs_carry_provenance(tmp_path):
    csv_out, json_out = tmp_path / "r.csv", tmp_path / "r.json"
    assert main(["run", OUTPOST, "--format", "csv", "-o", str(csv_out)]) == 0
    assert main(["run", OUTPOST, "--format", "json", "-o", str(json_out)]) == 0
    import hashlib

    sha = hashlib.sha256(Path(OUTPOST).read_bytes()).hexdigest()
    lines = csv_out.read_text().splitlines()
    assert lines[0].startswith("# basaltcalc ") and f"# sha256: {sha}" in lines
    assert any(l.startswith("# default: materials.natural-basalt.density = 3") and l.endswith("(matmake-basalt)")
               for l in lines)
    assert next(l for l in lines if not l.startswith("#")) == "metric,value,unit"
    doc = json.loads(json_out.read_text())
    assert doc["scenario"]["sha256"] == sha and doc["basaltcalc"]
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temporary files


def test_debug_shows_traceback_for_user_errors():
    from basaltcalc.errors import ScenarioError

    with pytest.raises(ScenarioError, match="the document is empty"):
        main(["--debug", "run", str(BAD / "empty.yaml")])
