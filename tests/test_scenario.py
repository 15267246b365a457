"""Scenario files: the schema, located errors for bad input, round trip, and the gallery."""
from __future__ import annotations

import json
import math
import time
from pathlib import Path

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.errors import OverridePath, Problem, ScenarioError
from basaltcalc.scenario import load_scenario, scenario_from_dict, scenario_from_text

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "data" / "bad"
GALLERY = sorted((ROOT / "scenarios").glob("*.yaml"))

# A valid scenario; each bad case below replaces one line of it (1-based line numbers here).
BASE = """\
name: test outpost
site: south-pole-ridge
transport:
  preset: clps-2024
insitu:
  route: melt-cast
  material: cast-basalt
  campaign: 2 year
  power: solar-with-storage
earth:
  material: same
elements:
  - name: floor panel
    kind: sheet
    count: 120
    length: 2 m
    width: 1 m
    load: {pressure: 5 kPa}
  - name: pressure tube
    kind: tube
    count: 40
    outer_diameter: 0.5 m
    length: 3 m
    load: {internal_pressure: 101.3 kPa}
economics:
  ddte_share: 0.5
"""


def with_line(n: int, text: str) -> str:
    """BASE with line ``n`` (1-based) replaced by ``text`` (which may hold several lines)."""
    lines = BASE.splitlines()
    lines[n - 1] = text
    return "\n".join(lines) + "\n"


def with_extra(text: str) -> str:
    return BASE + text


# id, scenario text, expected (line, column), key path, substrings of the message
CASES = [
    ("unknown top-level key", with_line(2, "sitee: south-pole-ridge"), (2, 1), "sitee",
     ["unknown key 'sitee'", "did you mean 'site'?"]),
    ("unknown nested key", with_line(8, "  campain: 2 year"), (8, 3), "insitu.campain",
     ["unknown key 'campain'", "did you mean 'campaign'?"]),
    ("unknown element key", with_line(16, "    lenght: 2 m"), (16, 5), "elements[0].lenght",
     ["unknown key 'lenght'", "did you mean 'length'?"]),
    ("load of the other kind", with_line(18, "    load: {internal_pressure: 5 kPa}"), (18, 12),
     "elements[0].load.internal_pressure", ["unknown key 'internal_pressure'", "allowed: pressure, areal_density"]),
    ("misspelt material", with_line(7, "  material: cast-basalts"), (7, 3), "insitu.material",
     ["unknown material 'cast-basalts'", "did you mean 'cast-basalt'?"]),
    ("material the route does not make", with_line(7, "  material: natural-basalt"), (7, 3),
     "insitu.material", ["route 'melt-cast' makes cast-basalt", "not 'natural-basalt'",
                         "made by route 'cut-stone'"]),
    ("misspelt earth material", with_line(11, "  material: al-2291"), (11, 3), "earth.material",
     ["unknown material 'al-2291'", "did you mean 'al-2219'?"]),
    ("earth-only material in situ", with_line(7, "  material: al-2219"), (7, 3), "insitu.material",
     ["'al-2219' is not made in situ"]),
    ("misspelt route", with_line(6, "  route: melt-cats"), (6, 3), "insitu.route",
     ["unknown route 'melt-cats'", "did you mean 'melt-cast'?"]),
    ("misspelt preset", with_line(4, "  preset: clps-2025"), (4, 3), "transport.preset",
     ["unknown transport preset 'clps-2025'", "did you mean 'clps-2024'?"]),
    ("misspelt power", with_line(9, "  power: fision-surface-power"), (9, 3), "insitu.power",
     ["unknown power preset 'fision-surface-power'", "did you mean 'fission-surface-power'?"]),
    ("misspelt site", with_line(2, "site: south-pole-rige"), (2, 1), "site",
     ["unknown site 'south-pole-rige'", "did you mean 'south-pole-ridge'?"]),
    ("misspelt kind", with_line(14, "    kind: shet"), (14, 5), "elements[0].kind",
     ["unknown element kind 'shet'", "did you mean 'sheet'?"]),
    ("misspelt route override", with_extra("routes:\n  melt-cst: {yield: 0.5}\n"), (28, 3),
     "routes.melt-cst", ["unknown route 'melt-cst'", "did you mean 'melt-cast'?"]),
    ("misspelt material property", with_extra("materials:\n  cast-basalt: {densty: 3 g/cm^3}\n"),
     (28, 17), "materials.cast-basalt.densty", ["unknown key 'densty'", "did you mean 'density'?"]),
    ("new material without base", with_extra("materials:\n  cast-basalts: {density: 3 g/cm^3}\n"),
     (28, 3), "materials.cast-basalts", ["unknown material 'cast-basalts'", "did you mean 'cast-basalt'?",
                                         "needs 'base: <catalogue material>'"]),
    ("wrong dimension", with_line(16, "    length: 2 kg"), (16, 5), "elements[0].length",
     ["expected [length], e.g. '2 m'", "got '2 kg' ([mass])"]),
    ("wrong dimension, campaign", with_line(8, "  campaign: 2 m"), (8, 3), "insitu.campaign",
     ["expected [time], e.g. '2 year'", "got '2 m'"]),
    ("wrong dimension, override", with_extra("materials:\n  cast-basalt: {tensile_strength: 30 kg}\n"),
     (28, 17), "materials.cast-basalt.tensile_strength", ["e.g. '25 MPa'", "got '30 kg'"]),
    ("bare number", with_line(16, "    length: 2"), (16, 5), "elements[0].length",
     ["a bare number 2 needs a unit", "expected [length], e.g. '2 m'"]),
    ("bare number in a string", with_line(8, "  campaign: '2'"), (8, 3), "insitu.campaign",
     ["a bare number '2' needs a unit", "[time]"]),
    ("dollar sign", with_line(4, "  landed_cost: 5000 $/kg"), (4, 3), "transport.landed_cost",
     ["currency symbols are not units", "'1200 USD/kg'"]),
    ("dollar prefix", with_line(4, "  landed_cost: $5000/kg"), (4, 3), "transport.landed_cost",
     ["currency symbols are not units"]),
    ("euro sign", with_line(4, "  landed_cost: 5000 €/kg"), (4, 3), "transport.landed_cost",
     ["currency symbols are not units"]),
    ("pound sign", with_line(26, "  ddte: £1e9"), (26, 3), "economics.ddte", ["currency symbols are not units"]),
    ("unknown currency", with_line(26, "  ddte: 1 BEUR"), (26, 3), "economics.ddte", ["cannot read '1 BEUR'"]),
    ("negative count", with_line(15, "    count: -3"), (15, 5), "elements[0].count",
     ["a count must be a positive whole number, got -3"]),
    ("zero count", with_line(15, "    count: 0"), (15, 5), "elements[0].count",
     ["a count must be a positive whole number, got 0"]),
    ("fractional count", with_line(15, "    count: 2.5"), (15, 5), "elements[0].count",
     ["a count must be a positive whole number, got 2.5"]),
    ("whole float count", with_line(15, "    count: 120.0"), (15, 5), "elements[0].count",
     ["without a decimal point, got 120.0"]),
    ("count with a unit", with_line(15, "    count: 3 m"), (15, 5), "elements[0].count",
     ["a count must be a positive whole number, got '3 m'"]),
    ("fraction above 1", with_line(26, "  ddte_share: 1.5"), (26, 3), "economics.ddte_share",
     ["expected a fraction in [0, 1], got 1.5"]),
    ("fraction below 0", with_line(26, "  ddte_share: -0.1"), (26, 3), "economics.ddte_share",
     ["expected a fraction in [0, 1], got -0.1"]),
    ("percent above 100", with_line(26, "  ddte_share: 120 %"), (26, 3), "economics.ddte_share",
     ["expected a fraction in [0, 1], got '120 %'"]),
    ("fraction in a route", with_extra("routes:\n  melt-cast: {yield: 1.2}\n"), (28, 15),
     "routes.melt-cast.yield", ["expected a fraction from 1e-06 to 1 (the model divides by it), got 1.2"]),
    ("negative length", with_line(16, "    length: -2 m"), (16, 5), "elements[0].length",
     ["must be positive, got '-2 m'"]),
    ("infinite value", with_line(16, "    length: inf m"), (16, 5), "elements[0].length",
     ["expected a finite value"]),
    ("duplicate key", with_line(16, "    length: 2 m\n    length: 3 m"), (17, 5), "elements[0].length",
     ["duplicate key 'length' (first at line 16)"]),
    ("duplicate top-level key", with_extra("site: equatorial-mare\n"), (27, 1), "site",
     ["duplicate key 'site' (first at line 2)"]),
    ("YAML 1.1 1e3 as text", with_line(26, "  ddte_share: 1e3"), (26, 3), "economics.ddte_share",
     ["got '1e3'", "reads '1e3' as text", "write '1.0e3'"]),
    ("YAML 1.1 1e3 as a count", with_line(15, "    count: 1e3"), (15, 5), "elements[0].count",
     ["got '1e3'", "reads '1e3' as text"]),
    ("YAML 1.1 no as boolean", with_line(11, "  material: no"), (11, 3), "earth.material",
     ["reads the bare word 'no' as the boolean False"]),
    ("YAML 1.1 yes as boolean", with_line(26, "  ddte_share: yes"), (26, 3), "economics.ddte_share",
     ["got the boolean True", "reads the bare word 'yes' as the boolean True"]),
    ("YAML 1.1 yes as a name", with_line(1, "name: yes"), (1, 1), "name",
     ["expected text, got the boolean True", "quote it"]),
    ("YAML 1.1 sexagesimal", with_line(8, "  campaign: 1:30"), (8, 3), "insitu.campaign",
     ["a bare number 90 needs a unit", "'1:30' as a base-60 (sexagesimal) number"]),
    ("YAML 1.1 octal", with_line(26, "  ddte_share: 010"), (26, 15), "economics.ddte_share",
     ["reads '010' as an octal number"]),
    ("tab indentation", with_line(16, "\tlength: 2 m"), (16, 1), "", ["tab character in the indentation"]),
    ("tab after spaces", with_line(16, "  \t  length: 2 m"), (16, 3), "", ["tab character"]),
    ("not valid YAML", with_line(16, "    length: [2 m"), (17, 10), "", ["not valid YAML"]),
    ("missing required key", with_line(16, "    # no length"), (13, 5), "elements[0].length",
     ["required key 'length' is missing"]),
    ("missing transport", with_line(3, "transpor_t_: {}").replace("  preset: clps-2024\n", ""), (1, 1),
     "transport", ["required: transport.preset (clps-2024"]),
    ("no transport choice", with_line(4, "  payload_per_flight: 1000 kg"), (3, 1), "transport",
     ["give a preset", "or landed_cost, or leo_cost + delta_v + isp"]),
    ("incomplete rocket equation", with_line(4, "  leo_cost: 1500 USD/kg\n  payload_per_flight: 1 t\n"
                                              "  flights_per_year: 2 / year"), (3, 1), "transport.delta_v",
     ["needs leo_cost, delta_v and isp; missing delta_v, isp"]),
    ("landed cost and rocket", with_line(4, "  preset: heavy-lander-projection\n  landed_cost: 1 MUSD/kg\n  leo_cost: 2 kUSD/kg"),
     (6, 3), "transport.leo_cost", ["give landed_cost or leo_cost + delta_v + isp, not both"]),
    ("no elements", BASE.split("elements:")[0] + "elements: []\n", (12, 1), "elements",
     ["at least one element group is needed"]),
    ("elements not a list", BASE.split("elements:")[0] + "elements: {kind: sheet}\n", (12, 1), "elements",
     ["expected a list"]),
    ("section not a mapping", BASE.replace("insitu:\n  route: melt-cast\n  material: cast-basalt\n  campaign: 2 year\n  power: solar-with-storage\n", "insitu: melt-cast\n"),
     (5, 1), "insitu", ["expected a mapping of keys, got 'melt-cast'"]),
    ("tube wall too thick", with_line(23, "    length: 3 m\n    thickness: 0.3 m"), (24, 5),
     "elements[1].thickness", ["thicker than the tube's radius (0.25 m)"]),
    ("sheet too thick", with_line(17, "    width: 1 m\n    thickness: 1.5 m"), (18, 5),
     "elements[0].thickness", ["thicker than it is wide"]),
    ("duplicate element names", with_line(19, "  - name: floor panel"), (19, 5), "elements[1].name",
     ["duplicate element name 'floor panel'"]),
    ("base on a catalogue material", with_extra("materials:\n  cast-basalt: {base: natural-basalt}\n"),
     (28, 17), "materials.cast-basalt.base", ["'cast-basalt' is a catalogue material"]),
    ("unknown base", with_extra("materials:\n  mine: {base: cast-basalts}\n"), (28, 10),
     "materials.mine.base", ["unknown base material 'cast-basalts'", "did you mean 'cast-basalt'?"]),
    ("unknown safety class", with_extra("materials:\n  cast-basalt: {safety_class: brittel}\n"), (28, 17),
     "materials.cast-basalt.safety_class", ["unknown safety class 'brittel'", "did you mean 'brittle'?"]),
    ("override of an absent property", with_extra("power:\n  fission-surface-power: {storage_specific_energy: 1 kWh/kg}\n"),
     (28, 27), "power.fission-surface-power.storage_specific_energy", ["unknown key 'storage_specific_energy'"]),
    ("list in a quantity", with_line(16, "    length: [2, m]"), (16, 5), "elements[0].length",
     ["expected [length], e.g. '2 m', got a list"]),
    ("empty value", with_line(16, "    length:"), (16, 5), "elements[0].length",
     ["got nothing (an empty value)"]),
    ("non-string key", with_extra("3: x\n"), (27, 1), "3", ["unknown key '3'"]),
]


@pytest.mark.parametrize("name,text,where,path,fragments", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(name, text, where, path, fragments):
    with pytest.raises(ScenarioError) as info:
        scenario_from_text(text, "bad.yaml")
    err = info.value
    assert isinstance(err, ValueError)
    match = [p for p in err.problems if p.path == path]
    assert match, f"no problem at {path!r}: {err}"
    p = match[0]
    assert (p.file, p.line, p.column) == ("bad.yaml", *where), str(err)
    for fragment in fragments:
        assert fragment in p.message, f"{fragment!r} not in {p.message!r}"
    # the one-line rendering: file:line:col key.path: message
    assert str(p).startswith(f"bad.yaml:{where[0]}:{where[1]}" + (f" {path}:" if path else ":"))


def test_every_error_reported_in_one_run():
    text = BASE.replace("sitee", "").replace("site: south-pole-ridge", "sitee: x")
    text = text.replace("count: 120", "count: 0").replace("length: 3 m", "length: 3 kg")
    text = text.replace("route: melt-cast", "route: melt-cats").replace("ddte_share: 0.5", "ddte_share: 2")
    with pytest.raises(ScenarioError) as info:
        scenario_from_text(text, "many.yaml")
    paths = [p.path for p in info.value.problems]
    assert paths == ["sitee", "insitu.route", "elements[0].count", "elements[1].length",
                     "economics.ddte_share"]
    assert [p.line for p in info.value.problems] == [2, 6, 15, 23, 26]  # sorted by line


def _outcome(text):
    """What validating ``text`` gives: every input (SI value, origin) or every located problem."""
    try:
        sc = scenario_from_text(text, "f.yaml")
    except ScenarioError as exc:
        return [str(p) for p in exc.problems]
    return {k: (v.si, v.origin, v.line) for k, v in sc.inputs.items()}


def test_files_without_override_blocks_validate_as_with_the_whole_model(monkeypatch):
    """A file validates against the model without the override blocks it does not have
    (structure.file_model_for) as against the whole file model: the same inputs, the same errors."""
    from basaltcalc.scenario import file as scenario_file
    from basaltcalc.scenario.structure import file_model

    no_blocks = BASE.replace("economics:\n  ddte_share: 0.5\n", "")
    texts = [c[1] for c in CASES] + [no_blocks, no_blocks.replace("count: 120", "count: 0"),
                                     no_blocks.replace("melt-cast", "melt-cats") + "sites: {}\n",
                                     no_blocks + "materails: {}\n", no_blocks + "economics: 3\n"]
    texts += [p.read_text() for p in GALLERY]
    lean = [_outcome(t) for t in texts]
    monkeypatch.setattr(scenario_file, "file_model_for", lambda data: file_model())
    assert [_outcome(t) for t in texts] == lean
    assert any(isinstance(o, dict) for o in lean) and any(isinstance(o, list) for o in lean)


FILE_CASES = [  # fixture files in tests/data/bad: name, (line, col), message fragment
    ("empty.yaml", (1, 1), "the document is empty"),
    ("list.yaml", (1, 1), "the document is a list, not a mapping"),
    ("latin1.yaml", (1, 10), "not UTF-8 text: byte 0xe9"),
    ("billion-laughs.yaml", None, "expands to more than 100,000 values"),
    ("merge-bomb.yaml", None, "expands to more than 100,000 values"),
    ("recursive-alias.yaml", (1, 4), "nested more than 64 levels deep"),
]


@pytest.mark.parametrize("fname,where,fragment", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_bad_files(fname, where, fragment):
    t0 = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(BAD / fname)
    assert time.perf_counter() - t0 < 30  # no hang (a hang runs for minutes; 30 s leaves room for a loaded machine)
    p = info.value.problems[0]
    assert fragment in p.message
    assert p.file == str(BAD / fname) and p.line is not None
    if where:
        assert (p.line, p.column) == where


@pytest.mark.parametrize("content,fragment", [
    ("x" * 10_000_000, "scenario files are limited to 1,000,000 bytes"),
    ("[" * 5000 + "]" * 5000, "nested more than 64 levels deep"),
    ("a:\n" + "".join(f"{' ' * 2 * i}b{i}:\n" for i in range(1, 80)), "nested more than 64 levels deep"),
])
def test_big_and_deep_files(tmp_path, content, fragment):
    f = tmp_path / "big.yaml"
    f.write_text(content)
    t0 = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    assert time.perf_counter() - t0 < 30  # no hang
    assert fragment in str(info.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_scenario(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(tmp_path)


def test_not_a_mapping_from_python():
    with pytest.raises(ScenarioError, match="the document is 'text', not a mapping"):
        scenario_from_dict("text")


def test_bom_is_accepted(tmp_path):
    f = tmp_path / "bom.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_scenario(f).name == "test outpost"


# ------------------------------------------------------------------------------------------
# what valid files may do

def test_defaults_and_file_inputs_have_origins():
    sc = scenario_from_text(BASE, "ok.yaml")
    assert sc.inputs["economics.ddte_share"].origin == "file"
    assert sc.inputs["economics.ddte_share"].line == 26
    assert sc.inputs["economics.ddte_share"].given == 0.5
    d = sc.inputs["materials.cast-basalt.density"]
    assert d.origin == "default" and d.si == 2950.0 and d.default.source == "eutit"
    assert sc.inputs["transport.landed_cost"].origin == "default"
    assert sc.inputs["elements[1].load.internal_pressure"].si == pytest.approx(101300.0)
    assert sc.elements[0] == {"name": "floor panel", "kind": "sheet", "count": 120, "sized": True,
                              "loads": ["pressure"]}


@pytest.mark.parametrize("text,path,si", [
    ("  campaign: 730.5 day", "insitu.campaign", 730.5 * 86400),
    ("  campaign: 24 month", "insitu.campaign", 2 * 365.25 * 86400),
    ("  campaign: 17532 h", "insitu.campaign", 17532 * 3600),
])
def test_any_pint_unit(text, path, si):
    sc = scenario_from_text(with_line(8, text))
    assert sc.inputs[path].si == pytest.approx(si)


@pytest.mark.parametrize("text,path,si", [
    ("routes:\n  melt-cast: {process_temperature: 1300 degC}", "routes.melt-cast.process_temperature", 1573.15),
    ("sites:\n  south-pole-ridge: {ambient_temperature: -100 °C}", "sites.south-pole-ridge.ambient_temperature", 173.15),
    ("sites:\n  south-pole-ridge: {ambient_temperature: 200 K}", "sites.south-pole-ridge.ambient_temperature", 200.0),
])
def test_temperatures_in_offset_units(text, path, si):
    sc = scenario_from_text(with_extra(text))
    assert sc.inputs[path].si == pytest.approx(si)


def test_dotted_overrides_of_every_table():
    text = BASE + """\
materials:
  cast-basalt: {tensile_strength: 20 MPa, safety_class: composite}
  mare-basalt:
    base: natural-basalt
    density: 3300 kg/m^3
routes:
  melt-cast: {furnace_efficiency: 60 %, plant_specific_mass: 0.3 t/(kg/h)}
power:
  solar-with-storage: {specific_mass: 10 kg/kW}
sites:
  south-pole-ridge: {illumination_fraction: 0.7}
safety_factors:
  composite: 2.0
"""
    sc = scenario_from_text(text.replace("material: same", "material: mare-basalt"))
    I = sc.inputs
    assert I["materials.cast-basalt.tensile_strength"].si == 20e6
    assert sc.materials["cast-basalt"]["safety_class"] == "composite"
    assert I["routes.melt-cast.furnace_efficiency"].si == pytest.approx(0.6)
    assert I["routes.melt-cast.plant_specific_mass"].si == pytest.approx(300 * 3600)
    assert I["power.solar-with-storage.specific_mass"].si == pytest.approx(0.01)
    assert I["sites.south-pole-ridge.illumination_fraction"].si == 0.7
    assert I["safety_factors.composite"].si == 2.0
    assert sc.earth_material == "mare-basalt"
    assert sc.materials["mare-basalt"] == {"origin": "insitu", "safety_class": "brittle", "base": "natural-basalt"}
    assert I["materials.mare-basalt.density"].origin == "file"
    assert I["materials.mare-basalt.youngs_modulus"].origin == "default"
    assert I["materials.mare-basalt.youngs_modulus"].si == 60e9
    res = bc.evaluate(sc, {"transport.payload_per_flight": "3 t"})  # clps-2024's 100 kg carries no tube
    assert np.isfinite(res["cost_ratio"].m)


def test_custom_insitu_material_is_used_by_the_model():
    text = BASE.replace("material: cast-basalt", "material: thick-cast") + """\
materials:
  thick-cast: {base: cast-basalt, min_thickness: 40 mm}
"""
    big = {"transport.payload_per_flight": "3 t"}  # clps-2024's 100 kg lander carries no tube
    weak = bc.evaluate(scenario_from_text(BASE), big)
    strong = bc.evaluate(scenario_from_text(text), big)
    # the tubes are held at the minimum gauge: 20 mm for cast basalt, 40 mm for the new material
    assert weak["elements[1].insitu.thickness"].m == pytest.approx(0.020)
    assert strong["elements[1].insitu.thickness"].m == pytest.approx(0.040)
    assert weak["elements[1].earth.thickness"].m == pytest.approx(0.020)  # Earth: same = cast-basalt


def test_sweep_and_uncertainty_blocks_are_kept():
    text = BASE + "sweep:\n  transport.landed_cost: {log: [10 kUSD/kg, 2 MUSD/kg], num: 4}\n"
    sc = scenario_from_text(text)
    assert sc.blocks["sweep"]["transport.landed_cost"]["num"] == 4


def test_override_errors_name_their_origin():
    sc = scenario_from_text(BASE)
    with pytest.raises(ScenarioError) as info:
        bc.evaluate(sc, {OverridePath("transport.landed_cst", "--set"): 3.0})
    assert str(info.value).startswith("--set transport.landed_cst: not an input")
    assert str(Problem("x", "a.b", "f.yaml", 3, 4)) == "f.yaml:3:4 a.b: x"
    assert str(Problem("x", "", "f.yaml", 3, 4)) == "f.yaml:3:4: x"


def test_yaml_merge_keys_work_and_keep_locations():
    text = BASE.replace("""  - name: pressure tube""", """  - &tube
    name: pressure tube""") + ""
    text = text.replace("economics:", """  - <<: *tube
    name: second tube
    count: 4
economics:""")
    sc = scenario_from_text(text)
    assert [e["name"] for e in sc.elements] == ["floor panel", "pressure tube", "second tube"]
    assert sc.inputs["elements[2].count"].si == 4
    assert sc.inputs["elements[2].count"].line == 28


# ------------------------------------------------------------------------------------------
# round trip

@pytest.mark.parametrize("path", GALLERY, ids=[p.stem for p in GALLERY])
def test_round_trip(path, tmp_path):
    sc = load_scenario(path)
    out = tmp_path / "again.yaml"
    out.write_text(sc.to_yaml())
    again = load_scenario(out)
    assert again.inputs.keys() == sc.inputs.keys()
    for k, inp in sc.inputs.items():
        assert (again.inputs[k].si, again.inputs[k].origin, str(again.inputs[k].unit)) == \
            (inp.si, inp.origin, str(inp.unit)), k
    for attr in ("name", "description", "site", "route", "insitu_material", "earth_material",
                 "power", "transport_preset", "elements", "materials", "blocks"):
        assert getattr(again, attr) == getattr(sc, attr), attr
    r0, r1 = bc.evaluate(sc), bc.evaluate(again)
    for name in bc.METRICS:
        a, b = r0.magnitude(name), r1.magnitude(name)
        assert a == b or (math.isnan(a) and math.isnan(b)), name


def test_round_trip_of_si_values_without_text():
    sc = scenario_from_text(with_line(8, "  campaign: 1.5 year"))
    sc.inputs["insitu.campaign"].given = None  # e.g. set in Python: written as SI with its unit
    again = scenario_from_text(sc.to_yaml())
    assert again.inputs["insitu.campaign"].si == sc.inputs["insitu.campaign"].si
    assert "campaign: 47336400.0 s" in sc.to_yaml()


# ------------------------------------------------------------------------------------------
# the gallery: each runs, and its headline is what its comments say

def _run(stem):
    sc = load_scenario(ROOT / "scenarios" / f"{stem}.yaml")
    return sc, bc.evaluate(sc)


def test_gallery_is_complete_and_each_file_is_commented_and_schema_linked():
    stems = {p.stem for p in GALLERY}
    assert {"ilrs-south-pole-outpost", "radiation-shield-tiles", "habitat-tubes-al2219",
            "landing-pad-pavers", "basalt-fibre-struts", "equatorial-mare-fission",
            "sintered-regolith-bricks", "heavy-lander-transport"} <= stems
    for p in GALLERY:
        text = p.read_text()
        assert text.startswith("# yaml-language-server: $schema=../basaltcalc/data/scenario.schema.json\n")
        assert sum(line.startswith("#") for line in text.splitlines()) >= 6, p.name


def test_gallery_ilrs_outpost():
    sc, r = _run("ilrs-south-pole-outpost")
    assert sc.route == "cut-stone" and sc.earth_material == sc.insitu_material
    # like for like: the same product mass; in-situ far cheaper at CLPS prices
    assert r["earth.product_mass"].m == pytest.approx(r["insitu.product_mass"].m)
    assert r["cost_ratio"].m < 0.1
    assert 30 < r["mass_leverage"].m < 300
    gov = [(e["insitu"]["governing"]) for e in r.elements()]
    # brittle strength at the floor's size (Weibull m 6) sizes it; the tube's hoop wall, scaled once
    # from the 25 MPa flexural pair (issue 25), is 12.9 mm, under the 20 mm gauge
    assert gov == ["bending (Weibull)", "shielding", "minimum gauge"]


def test_gallery_radiation_shield_tiles():
    sc, r = _run("radiation-shield-tiles")
    row = r.elements()[0]
    assert row["insitu"]["governing"] == "shielding"
    # 20 g/cm^2 = 200 kg/m^2 over 0.5 m^2: 100 kg a tile, 1200 tiles
    assert row["insitu"]["mass"].m_as("kg") == pytest.approx(100.0)
    assert r["insitu.product_mass"].m_as("t") == pytest.approx(120.0)
    assert r["cost_ratio"].m < 0.1 and r["mass_leverage"].m > 10


def test_gallery_habitat_tubes_al2219():
    sc, r = _run("habitat-tubes-al2219")
    row = r.elements()[0]
    assert row["earth"]["material"] == "al-2219" and row["insitu"]["material"] == "cast-basalt"
    assert row["insitu"]["governing"] == "hoop (Weibull)"
    # hoop wall of cast basalt from its one strength basis, 45 MPa on the ISO 5014 bar (issue 25):
    # t0 = p r SF / sigma_f = 101.3e3 * 2 * 3 / 45e6 = 13.507 mm at the bar; the 4 m x 8 m wall
    # stresses pi*4*8 = 100.53 m^2 x t: t = (t0 (100.53/4.8225e-7)^(1/8))^(8/7) = (0.013507*10.961)^(8/7)
    # = 0.14805^(8/7) = 112.7 mm (strength 5.4 MPa at that size, m 8; the 25 MPa estimate scaled
    # again gave 220.6 mm); Al 2219 needs 101.3e3 * 2 * 1.4 / 476e6 = 0.6 mm and is held at its 1 mm gauge
    assert row["insitu"]["thickness"].m_as("mm") == pytest.approx(112.7, rel=0.002)
    assert row["earth"]["governing"] == "minimum gauge"
    ratio = row["insitu"]["mass"].m / row["earth"]["mass"].m
    assert 100 < ratio < 400  # basalt tubes are hundreds of times heavier than the Al tubes
    assert r["cost_ratio"].m > 1 and math.isinf(r["breakeven_scale"].m)


def test_gallery_landing_pad_pavers():
    sc, r = _run("landing-pad-pavers")
    gov = [e["insitu"]["governing"] for e in r.elements()]
    # size-scaled (Weibull) bending: the road pavers (unscaled 20 mm gauge) now need 23 mm
    assert gov == ["bending (Weibull)", "bending (Weibull)"]
    assert r["insitu.product_mass"].m_as("t") > 100
    assert r["cost_ratio"].m < 0.1


def test_gallery_basalt_fibre_struts():
    sc, r = _run("basalt-fibre-struts")
    assert sc.route == "fibre-composite" and sc.earth_material == "cfrp"
    row = r.elements()[0]
    assert row["insitu"]["governing"] == "Euler buckling" and row["earth"]["governing"] == "Euler buckling"
    # imported resin: 0.3 kg per kg of product caps the leverage at 1/0.3
    assert r["insitu.consumables_mass"].m == pytest.approx(0.3 * r["insitu.product_mass"].m, rel=0.01)
    assert r["mass_leverage"].m < 1 / 0.3
    assert r["cost_ratio"].m > 1


def test_gallery_equatorial_mare_fission():
    sc, r = _run("equatorial-mare-fission")
    pole = _run("ilrs-south-pole-outpost")[1]
    assert sc.site == "equatorial-mare" and sc.power == "fission-surface-power"
    assert r["insitu.product_mass"].m == pytest.approx(pole["insitu.product_mass"].m)
    assert r["insitu.duty_cycle"].m > pole["insitu.duty_cycle"].m  # runs through the night
    # a 0.76 kW need takes one whole 40 kWe reactor of 6 t (was 0.76 kW x 150 kg/kW = 114 kg): the
    # reactor is most of what the in-situ option lands, and the ratio rose from ~0.02 to ~0.12
    assert r["insitu.generation_units"].m == 1 and r["insitu.power_system_mass"].m == pytest.approx(6000.0)
    assert r["cost_ratio"].m < 0.2


def test_gallery_sintered_regolith_bricks():
    sc, r = _run("sintered-regolith-bricks")
    assert sc.insitu_material == "dense-sinter" and sc.materials["dense-sinter"]["base"] == "sintered-regolith"
    row = r.elements()[0]
    # 30 g/cm^2 over 0.25 m^2 = 75 kg, whatever the density
    assert row["insitu"]["governing"] == "shielding"
    assert row["insitu"]["mass"].m_as("kg") == pytest.approx(75.0)
    assert r["cost_ratio"].m < 0.1


def test_gallery_heavy_lander_transport():
    sc, r = _run("heavy-lander-transport")
    assert sc.inputs["transport.leo_cost"].origin == "file"
    assert sc.inputs["transport.delta_v"].origin == "default"
    landed = r["transport.landed_cost"].m_as("USD/kg")
    assert 5e3 < landed < 5e4 and landed == pytest.approx(2720 * r["transport.gear_ratio"].m)
    assert 0.3 < r["cost_ratio"].m < 3  # near breakeven, unlike at CLPS prices


def test_schema_file_in_sync():
    from basaltcalc.cli.schema import schema_text

    packaged = (ROOT / "basaltcalc" / "data" / "scenario.schema.json").read_text()
    assert packaged == schema_text(), "run: basaltcalc schema -o basaltcalc/data/scenario.schema.json"
    schema = json.loads(packaged)
    props = schema["properties"]
    assert {"transport", "insitu", "earth", "elements", "materials", "sweep", "uncertainty"} <= set(props)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"transport", "insitu", "elements"}
    routes = schema["$defs"]["Routes"]["properties"]
    assert set(routes) == {"cut-stone", "melt-cast", "sinter", "fibre-composite"}


def test_import_stays_light():
    import subprocess
    import sys

    code = "import sys, basaltcalc; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_custom_material_derived_from_the_route_product_is_accepted():
    text = with_line(7, "  material: my-basalt") + "materials:\n  my-basalt: {base: cast-basalt, flexural_strength: 30 MPa}\n"
    sc = scenario_from_text(text, "ok.yaml")
    assert sc.insitu_material == "my-basalt" and sc.inputs["materials.my-basalt.flexural_strength"].si == 30e6
