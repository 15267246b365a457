"""New routes, power presets, sites and transport presets defined in a scenario file (issue 10
item 3): ``base:`` and what differs, or complete; validated like catalogue entries; sourced or
shown as user-defined; usable by compare_routes."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.cli import main
from basaltcalc.cli.explain import explain_rows, explain_text
from basaltcalc.model.tables import assumptions, results_table

BASE = """
name: custom entries
site: {site}
transport: {{preset: {preset}}}
insitu: {{route: {route}, material: cast-basalt, campaign: 2 year, power: {power}, modular: true}}
elements:
  - {{name: floor panel, kind: sheet, count: 120, length: 2 m, width: 1 m, load: {{pressure: 5 kPa}}}}
  - {{name: pressure tube, kind: tube, count: 40, outer_diameter: 0.5 m, length: 3 m, load: {{internal_pressure: 101.3 kPa}}}}
"""


def scenario(extra="", site="south-pole-ridge", preset="medium-lander-2026", route="melt-cast",
             power="solar-with-storage"):
    text = BASE.format(site=site, preset=preset, route=route, power=power) + extra
    return bc.scenario_from_text(text, "custom.yaml")


def raw(sc, overrides=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bc.evaluate(sc, overrides).raw


def assert_same_metrics(a, b):
    for name in bc.METRICS:
        np.testing.assert_array_equal(np.asarray(a[name]), np.asarray(b[name]), err_msg=name)


UNCHANGED = [
    ("routes:\n  my-cast: {base: melt-cast}\n", {"route": "my-cast"}),
    ("power:\n  my-solar: {base: solar-with-storage}\n", {"power": "my-solar"}),
    ("sites:\n  my-ridge: {base: south-pole-ridge}\n", {"site": "my-ridge"}),
    ("transport_presets:\n  my-lander: {base: medium-lander-2026}\n", {"preset": "my-lander"}),
    ("transport_presets:\n  my-rocket: {base: heavy-lander-projection}\n", {"preset": "my-rocket"}),
]


@pytest.mark.parametrize("extra, choice", UNCHANGED)
def test_a_new_entry_with_base_and_no_changes_equals_its_base_bit_for_bit(extra, choice):
    custom = scenario(extra, **choice)
    base = bc.load_catalogue().tables
    of = {"route": "routes", "power": "power", "site": "sites", "preset": "transport"}
    key, name = next(iter(choice.items()))
    base_name = extra.split("base: ")[1].split("}")[0]
    assert base_name in base[of[key]] and name not in base[of[key]]
    reference = scenario(**{key: base_name})
    assert_same_metrics(raw(custom), raw(reference))
    assert len(custom.inputs) == len(reference.inputs)


def test_a_complete_entry_with_the_catalogue_values_equals_the_catalogue_entry():
    # every property of south-pole-ridge and of melt-cast written out, no base
    site = "sites:\n  ridge-copy: {illumination_fraction: 0.85, longest_night: 96 h, ambient_temperature: 200 K}\n"
    route = ("routes:\n  cast-copy: {material: cast-basalt, yield: 0.85, beneficiation_yield: 0.9, "
             "process_temperature: 1280 degC, melt_fraction: 1, furnace_efficiency: 0.5, "
             "excavation_energy: 4 Wh/kg, forming_energy: 100 Wh/kg, cutting_energy: 0 kWh/m^2, "
             "plant_specific_mass: 200 kg/(kg/h), plant_reference_rate: 10 kg/h, "
             "plant_scale_exponent: 1.0, consumables: 0.01 kg/kg, cutting_consumables: 0 kg/m^2, "
             "min_thickness: 20 mm, plant_min_throughput: 1 kg/h, excavator_rate: 2778 kg/day, "
             "excavator_mass: 66 kg, furnace_specific_mass: 2, source: eutit}\n")
    custom = scenario(site + route, site="ridge-copy", route="cast-copy")
    assert custom.custom[("routes", "cast-copy")]["base"] is None
    assert_same_metrics(raw(custom), raw(scenario()))


def test_a_new_power_site_and_preset_change_what_they_should():
    ref = raw(scenario())
    # power: 40 kg/kW instead of 25 equals the catalogue preset overridden to 40 kg/kW
    power = scenario("power:\n  heavy-solar: {base: solar-with-storage, specific_mass: 40 kg/kW}\n",
                     power="heavy-solar")
    over = raw(scenario(), {"power.solar-with-storage.specific_mass": "40 kg/kW"})
    assert_same_metrics(raw(power), over)
    assert raw(power)["insitu.power_system_mass"] > ref["insitu.power_system_mass"]
    assert raw(power)["earth.total_cost"] == ref["earth.total_cost"]  # the Earth side does not use it
    # site: a darker site equals the catalogue site overridden, and needs more storage
    site = scenario("sites:\n  dim-ridge: {base: south-pole-ridge, illumination_fraction: 0.6}\n",
                    site="dim-ridge")
    assert_same_metrics(raw(site), raw(scenario(), {"sites.south-pole-ridge.illumination_fraction": 0.6}))
    # transport: 0.8 MUSD/kg on the base's 500 kg lander; the Earth option's transport cost is
    # launched mass x 0.8e6 USD/kg (earth.transport_cost = m_launched * c_landed)
    lander = scenario("transport_presets:\n  cheap-griffin: {base: medium-lander-2026, "
                      "landed_cost: 0.8 MUSD/kg, source: clps-task-orders}\n", preset="cheap-griffin")
    r = raw(lander)
    assert r["transport.landed_cost"] == 0.8e6
    assert r["earth.transport_cost"] == pytest.approx(r["earth.launched_mass"] * 0.8e6, rel=1e-12)
    assert lander.inputs["transport.payload_per_flight"].si == 500.0  # from the base
    assert r["earth.campaign_time"] == ref["earth.campaign_time"]
    # a preset that gives the rocket equation drops its base's landed cost
    rocket = scenario("transport_presets:\n  griffin-rocket: {base: medium-lander-2026, leo_cost: "
                      "2000 USD/kg, delta_v: 6.1 km/s, isp: 450 s, inert_fraction: 0.1}\n",
                      preset="griffin-rocket")
    assert "transport.landed_cost" not in rocket.inputs
    gear = raw(rocket)["transport.gear_ratio"]
    assert raw(rocket)["transport.landed_cost"] == pytest.approx(2000 * gear, rel=1e-12) and gear > 3


def test_a_new_route_changes_the_in_situ_side_and_sweeps_over_its_inputs():
    sc = scenario("routes:\n  slow-cast: {base: melt-cast, plant_specific_mass: 400 kg/(kg/h)}\n",
                  route="slow-cast")
    over = raw(scenario(), {"routes.melt-cast.plant_specific_mass": "400 kg/(kg/h)"})
    assert_same_metrics(raw(sc), over)
    masses = bc.Q_(np.array([100.0, 200.0, 400.0]), "kg/(kg/h)")
    swept = raw(sc, {"routes.slow-cast.plant_specific_mass": masses})
    assert swept["insitu.plant_mass"].shape == (3,)
    np.testing.assert_array_equal(swept["insitu.plant_mass"][2], over["insitu.plant_mass"])
    # at 100 and 200 kg/(kg/h) the furnace for the tube's melt (628 kg) governs; at 400 the rate does
    assert np.all(np.diff(swept["insitu.plant_mass"]) >= 0) and swept["insitu.plant_mass"][2] > swept["insitu.plant_mass"][0]


def test_compare_routes_includes_the_new_routes():
    sc = scenario("routes:\n  my-cast: {base: melt-cast}\n"
                  "  slow-cast: {base: melt-cast, plant_specific_mass: 400 kg/(kg/h)}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = bc.compare_routes(sc)
        only = bc.compare_routes(sc, routes=["slow-cast", "melt-cast"])
    assert list(ds["route"].values) == ["cut-stone", "melt-cast", "sinter", "fibre-composite",
                                        "my-cast", "slow-cast"]
    for name in ("insitu.total_cost", "insitu.launched_mass", "cost_ratio"):
        assert float(ds[name].sel(route="my-cast")) == float(ds[name].sel(route="melt-cast"))
    assert float(ds["insitu.launched_mass"].sel(route="slow-cast")) > float(ds["insitu.launched_mass"].sel(route="melt-cast"))
    assert float(only["insitu.total_cost"].sel(route="slow-cast")) == float(ds["insitu.total_cost"].sel(route="slow-cast"))
    assert ds.attrs["materials"][-1] == "cast-basalt"
    with pytest.raises(bc.ScenarioError, match="did you mean 'slow-cast'"):
        bc.compare_routes(sc, routes=["slow-cats"])


def test_new_entries_round_trip_through_to_dict():
    sc = scenario("transport_presets:\n  cheap: {base: medium-lander-2026, landed_cost: 0.8 MUSD/kg}\n"
                  "routes:\n  slow-cast: {base: melt-cast, plant_specific_mass: 400 kg/(kg/h), source: my notes}\n",
                  preset="cheap", route="slow-cast")
    back = bc.scenario_from_text(sc.to_yaml())
    assert {p: (i.si, i.origin) for p, i in back.inputs.items()} == {p: (i.si, i.origin) for p, i in sc.inputs.items()}
    assert "landed_cost" not in back.to_dict()["transport"]  # stays in the preset
    assert back.custom_notes() == sc.custom_notes()


def test_explain_and_assumptions_show_user_defined_entries_and_their_sources():
    sc = scenario("routes:\n  slow-cast: {base: melt-cast, plant_specific_mass: 400 kg/(kg/h)}\n"
                  "power:\n  big-solar: {base: solar-with-storage, specific_mass: 40 kg/kW, source: irosa-fact-box}\n",
                  route="slow-cast", power="big-solar")
    rows = {r["path"]: r for r in explain_rows(sc)}
    own = rows["routes.slow-cast.plant_specific_mass"]
    assert own["origin"] == "file" and own["source"] == "user-defined, no source" and own["weak"]
    assert own["custom"] == "user-defined route 'slow-cast' (base melt-cast; source: user-defined, no source)"
    inherited = rows["routes.slow-cast.yield"]
    assert inherited["origin"] == "default" and inherited["source"] == "estimate-route-yield"
    assert inherited["custom"].startswith("user-defined route 'slow-cast'")
    sourced = rows["power.big-solar.specific_mass"]
    assert sourced["source"] == "irosa-fact-box" and "ROSA" in sourced["reference"]
    text = explain_text(sc)
    assert "user-defined route 'slow-cast' (base melt-cast; source: user-defined, no source)" in text
    assert "0.85                   base melt-cast" in text  # the inherited yield, from its base
    listed = {a["path"]: a for a in assumptions(sc)}
    assert listed["routes.slow-cast.plant_specific_mass"]["custom"] == own["custom"]
    assert listed["materials.cast-basalt.density"]["custom"] is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = results_table(bc.evaluate(sc))
    assert "User-defined entries in the file (2):" in table and "power preset 'big-solar'" in table


def test_cli_explain_json_marks_custom_entries(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(BASE.format(site="my-site", preset="medium-lander-2026", route="melt-cast",
                                power="solar-with-storage")
                    + "sites:\n  my-site: {base: equatorial-mare, description: mare test}\n")
    assert main(["explain", str(path), "--format", "json"]) == 0
    rows = {r["path"]: r for r in json.loads(capsys.readouterr().out)["inputs"]}
    assert rows["sites.my-site.longest_night"]["custom"].startswith("user-defined site 'my-site' (base equatorial-mare")
    assert rows["sites.my-site.longest_night"]["si"] == 354 * 3600.0


BAD = [  # (label, file text after the base, choices, key path, message fragments)
    ("unknown base", "routes:\n  slow-cast: {base: melt-cats}\n", {"route": "slow-cast"},
     "routes.slow-cast.base", ["unknown base route 'melt-cats'", "did you mean 'melt-cast'?"]),
    ("unknown base preset", "transport_presets:\n  x: {base: clps-2025}\n", {},
     "transport_presets.x.base", ["unknown base transport preset 'clps-2025'", "did you mean 'clps-2024'?"]),
    ("catalogue name with base", "routes:\n  melt-cast: {base: sinter}\n", {},
     "routes.melt-cast.base", ["'melt-cast' is a catalogue route", "give the new one another name"]),
    ("catalogue preset name", "transport_presets:\n  clps-2024: {landed_cost: 1 MUSD/kg}\n", {},
     "transport_presets.clps-2024", ["'clps-2024' is a catalogue transport preset"]),
    ("complete entry missing fields", "sites:\n  my-site: {illumination_fraction: 0.7, longest_night: 100 h}\n",
     {"site": "my-site"}, "sites.my-site", ["unknown site 'my-site'", "missing: ambient_temperature"]),
    ("misspelt catalogue entry", "routes:\n  melt-cst: {yield: 0.5}\n", {},
     "routes.melt-cst", ["unknown route 'melt-cst'", "did you mean 'melt-cast'?", "needs 'base: <catalogue route>'"]),
    ("route without material", "routes:\n  r: {yield: 0.5}\n", {}, "routes.r", ["missing:", "material"]),
    ("wrong dimension", "routes:\n  slow-cast: {base: melt-cast, plant_specific_mass: 400 kg}\n", {},
     "routes.slow-cast.plant_specific_mass", ["expected [time]", "got '400 kg' ([mass])"]),
    ("fraction out of range", "power:\n  p: {base: solar-with-storage, night_power_fraction: 1.5}\n", {},
     "power.p.night_power_fraction", ["fraction"]),
    ("unknown key", "power:\n  p: {base: solar-with-storage, specific_mas: 40 kg/kW}\n", {},
     "power.p.specific_mas", ["unknown key 'specific_mas'", "did you mean 'specific_mass'?"]),
    ("both landed cost and rocket", "transport_presets:\n  x: {landed_cost: 1 MUSD/kg, leo_cost: 2000 USD/kg}\n",
     {}, "transport_presets.x.leo_cost", ["give landed_cost or leo_cost"]),
    ("incomplete rocket", "transport_presets:\n  x: {leo_cost: 2000 USD/kg, isp: 450 s}\n", {},
     "transport_presets.x", ["missing: delta_v"]),
    ("unknown choice", "routes:\n  slow-cast: {base: melt-cast}\n", {"route": "slow-cats"},
     "insitu.route", ["unknown route 'slow-cats'", "did you mean 'slow-cast'?"]),
    ("route material not in situ", "routes:\n  r: {base: melt-cast, material: al-2219}\n", {},
     "routes.r.material", ["'al-2219' is not made in situ"]),
]


@pytest.mark.parametrize("label, extra, choices, path, fragments", BAD, ids=[b[0] for b in BAD])
def test_bad_new_entries_are_located_errors(label, extra, choices, path, fragments):
    with pytest.raises(bc.ScenarioError) as exc:
        scenario(extra, **choices)
    match = [p for p in exc.value.problems if p.path == path]
    assert match, [(p.path, p.message) for p in exc.value.problems]
    p = match[0]
    assert p.file == "custom.yaml" and p.line is not None and p.column is not None
    for frag in fragments:
        assert frag in p.message, p.message
