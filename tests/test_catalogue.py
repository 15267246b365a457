"""basaltcalc/data and basaltcalc.catalogue: every default sourced, ranged, in the right unit,
and derived numbers recomputed from their source numbers."""
from __future__ import annotations

import copy
import math
from importlib import resources

import pytest
import yaml

import basaltcalc as bc
from basaltcalc.catalogue import FLAT_TABLES, TABLES, Value, load_catalogue
from basaltcalc.scenario import scenario_from_dict
from basaltcalc.units import Q_, ureg

CAT = load_catalogue()
G0 = 9.80665

#: SI unit (so, dimension) of every property in the data files.
PROPERTY_UNITS = {
    "density": "kg/m^3", "tensile_strength": "Pa", "compressive_strength": "Pa", "flexural_strength": "Pa",
    "youngs_modulus": "Pa", "min_thickness": "m", "fabrication_cost": "USD/kg", "specific_heat": "J/(kg*K)",
    "latent_heat": "J/kg",
    "yield": "", "beneficiation_yield": "", "process_temperature": "K", "melt_fraction": "",
    "furnace_efficiency": "", "excavation_energy": "J/kg", "forming_energy": "J/kg", "cutting_energy": "J/m^2",
    "plant_specific_mass": "kg/(kg/s)", "plant_reference_rate": "kg/s", "plant_scale_exponent": "",
    "consumables": "kg/kg", "cutting_consumables": "kg/m^2",
    "specific_mass": "kg/W", "storage_specific_energy": "J/kg", "night_power_fraction": "",
    "sunlight_dependent": "", "round_trip_efficiency": "", "life": "s",
    "illumination_fraction": "", "longest_night": "s", "ambient_temperature": "K",
    "landed_cost": "USD/kg", "leo_cost": "USD/kg", "delta_v": "m/s", "isp": "s", "inert_fraction": "",
    "payload_per_flight": "kg", "flights_per_year": "1/s",
    "hardware_cost": "USD/kg", "ddte": "USD", "ddte_share": "", "operations_per_year": "USD/s",
    "spares_fraction": "1/s", "plant_life": "s", "packaging_fraction": "", "consumables_cost": "USD/kg",
    "container_cost": "USD/kg",
    "availability": "", "metal": "", "composite": "", "brittle": "", "commissioning_time": "s",
    "development_time": "s", "discount_rate": "",
    "fabrication_learning": "", "flight_learning": "", "amcm_specification": "", "amcm_ioc_year": "",
    "amcm_difficulty": "", "amcm_block": "", "transcost_development_a": "", "transcost_development_x": "",
    "transcost_production_a": "", "transcost_production_x": "", "transcost_f1": "", "transcost_f2": "",
    "transcost_f3": "", "transcost_learning": "", "work_year_cost": "USD",
    "weibull_modulus": "", "weibull_test_volume": "m^3", "poissons_ratio": "", "panel_construction": "",
    "core_density": "kg/m^3", "core_shear_strength": "Pa", "core_shear_modulus": "Pa", "core_modulus": "Pa",
    "core_cell_size": "m", "deflection_limit": "", "campaign": "s", "yield_strength": "Pa", "yield_safety_factor": "",
    "plant_min_throughput": "kg/s", "furnace_specific_mass": "", "excavator_rate": "kg/s",
    "excavator_mass": "kg", "unit_power": "W", "storage_unit_energy": "J", "plant_module_mass": "kg",
}
FRACTIONS = {"yield", "beneficiation_yield", "melt_fraction", "furnace_efficiency", "night_power_fraction",
             "sunlight_dependent", "round_trip_efficiency", "illumination_fraction", "inert_fraction",
             "ddte_share", "packaging_fraction", "availability", "fabrication_learning", "flight_learning",
             "transcost_learning"}


def all_values():
    for entries in CAT.tables.values():
        for props in entries.values():
            yield from (v for v in props.values() if isinstance(v, Value))
    for props in CAT.flat.values():
        yield from props.values()


VALUES = list(all_values())
IDS = [v.path for v in VALUES]


def raw_entries():
    """(path, spec) of every value as written in the data files (before conversion)."""
    for table, fname in {**TABLES, **FLAT_TABLES}.items():
        doc = yaml.safe_load(resources.files("basaltcalc").joinpath("data", fname).read_text(encoding="utf-8"))
        if table in FLAT_TABLES:
            doc = {None: doc[table]}
        for entry, props in doc.items():
            for prop, spec in props.items():
                if isinstance(spec, dict) and "value" in spec:
                    yield ".".join(p for p in (table, entry, prop) if p), spec


RAW = list(raw_entries())


def test_the_catalogue_is_not_empty():
    assert len(VALUES) > 150 and len(RAW) == len(VALUES)
    assert set(CAT.tables["materials"]) >= {"natural-basalt", "cast-basalt", "sintered-regolith",
                                            "basalt-fibre-composite", "al-2219", "ti-6al-4v", "cfrp"}
    assert set(CAT.tables["routes"]) == {"cut-stone", "melt-cast", "sinter", "fibre-composite"}
    assert set(CAT.tables["power"]) >= {"solar-with-storage", "fission-surface-power"}


@pytest.mark.parametrize("path, spec", RAW, ids=[p for p, _ in RAW])
def test_every_value_cites_a_reference(path, spec):
    assert spec.get("source") in CAT.references, f"{path}: source {spec.get('source')!r} not in references.yaml"


@pytest.mark.parametrize("path, spec", RAW, ids=[p for p, _ in RAW])
def test_low_value_high_as_written(path, spec):
    v = float(spec["value"])
    lo, hi = spec.get("low"), spec.get("high")
    assert lo is None or float(lo) <= v, path
    assert hi is None or v <= float(hi), path


@pytest.mark.parametrize("v", VALUES, ids=IDS)
def test_low_value_high_in_si(v):
    lo, hi = v.range_si
    assert lo <= v.si <= hi, v.path
    assert all(math.isfinite(x) for x in (lo, v.si, hi))


@pytest.mark.parametrize("v", [v for v in VALUES if v.weak], ids=[v.path for v in VALUES if v.weak])
def test_weak_values_have_a_range(v):
    assert v.low is not None and v.high is not None, f"{v.path} is weak but has no low/high"
    assert v.low < v.high, v.path


@pytest.mark.parametrize("v", VALUES, ids=IDS)
def test_units_have_the_right_dimension(v):
    prop = v.path.rsplit(".", 1)[-1]
    assert prop in PROPERTY_UNITS, f"{v.path}: no expected unit known for {prop!r}"
    expected = ureg.Unit(PROPERTY_UNITS[prop]) if PROPERTY_UNITS[prop] else ureg.dimensionless
    assert v.quantity.dimensionality == expected.dimensionality, v.path
    # and the SI magnitude is the quantity converted to that unit
    if prop not in ("process_temperature", "ambient_temperature"):
        assert v.si == pytest.approx(v.quantity.m_as(expected), rel=1e-12)
    else:
        assert v.si == pytest.approx(v.quantity.to("K").magnitude, rel=1e-12)
    if prop in FRACTIONS:
        assert 0.0 <= v.range_si[0] and v.range_si[1] <= 1.0, v.path


@pytest.mark.parametrize("key", sorted(CAT.references))
def test_every_reference_is_complete(key):
    ref = CAT.references[key]
    for field in ("authors", "title", "year", "where"):
        assert str(ref.get(field, "")).strip(), f"reference {key} has no {field}"
    assert str(ref.get("year"))[:4].isdigit() or str(ref.get("year")).startswith("n.d."), key


@pytest.mark.xfail(strict=True, reason="data/references.yaml: 9 published (non-estimate) sources have "
                   "neither a DOI nor a URL (issue 2 item 4 asks for DOI/URL): ti64-supplier, hull-1992, "
                   "steenkamp-2018, astrobotic-price-2024, starship-2028-price, "
                   "apollo-lm-cost, china-daily-basalt-fibre, irosa-fact-box, falcon-heavy-price")
def test_every_published_reference_has_a_doi_or_url():
    missing = sorted(k for k, r in CAT.references.items()
                     if r.get("kind") != "estimate" and not (r.get("doi") or r.get("url")))
    assert not missing, missing


def test_every_reference_is_cited():
    cited = {spec["source"] for _, spec in RAW}
    # references may also be cited from notes ("(glaser-2018)"); unused ones are allowed, but the cited
    # ones must all exist
    assert cited <= set(CAT.references)


# --- derived numbers, recomputed from the source numbers ----------------------------------------

def test_fsp_specific_mass_from_mass_and_power():
    # NASA FSP RFI (2021): <= 6000 kg for 40 kWe -> 150 kg/kW
    v = CAT.tables["power"]["fission-surface-power"]["specific_mass"]
    assert v.quantity.m_as("kg/kW") == pytest.approx(6000 / 40)
    assert v.si == pytest.approx(6000 / 40e3)  # kg/W
    assert CAT.tables["power"]["fission-surface-power"]["life"].quantity.m_as("year") == pytest.approx(10)


def test_heavy_lander_landed_cost_is_leo_cost_times_gear_ratio():
    t = CAT.tables["transport"]["heavy-lander-projection"]
    leo, dv, isp, eps = (t[k].si for k in ("leo_cost", "delta_v", "isp", "inert_fraction"))
    assert (leo, dv, isp, eps) == (1500.0, 6100.0, 450.0, 0.1)
    # R = exp(6100/(450*9.80665)) = exp(1.382282) = 3.983983; G = 0.9 R/(1 - 0.1 R) = 5.960063;
    # landed = 1500 * 5.960063 = 8940.09 USD/kg
    r = math.exp(6100 / (450 * G0))
    gear = r * 0.9 / (1 - 0.1 * r)
    assert gear == pytest.approx(5.960063, rel=1e-6)
    raw = copy.deepcopy(bc.default_scenario().raw)
    raw["transport"] = {"preset": "heavy-lander-projection"}
    res = bc.evaluate(scenario_from_dict(raw))
    assert res.magnitude("transport.gear_ratio") == pytest.approx(gear, rel=1e-12)
    assert res.magnitude("transport.landed_cost") == pytest.approx(1500 * gear, rel=1e-12)
    assert res.magnitude("transport.landed_cost") == pytest.approx(8940.09, rel=1e-6)


def test_delta_v_agrees_with_its_sources():
    dv = CAT.tables["transport"]["heavy-lander-projection"]["delta_v"]
    # Moon Society: 20,000 ft/s = 6.096 km/s; Mueller 2012 Table 4 with 5 % reserve:
    # 3.276 + 0.952 + 2.180 = 6.408 km/s (high); Wikipedia 4.04 + 1.87 = 5.91 km/s (low)
    assert dv.si == pytest.approx(20_000 * 0.3048, rel=1e-3)
    assert dv.high == pytest.approx((3.276 + 0.952 + 2.180) * 1e3, abs=5.0)
    assert dv.low == pytest.approx((4.04 + 1.87) * 1e3, abs=15.0)


@pytest.mark.parametrize("material", ["natural-basalt", "cast-basalt", "sintered-regolith",
                                      "basalt-fibre-composite"])
def test_basalt_latent_heat_from_fukuyama_calorimetry(material):
    # Fukuyama 1985 (EPSL 73:407): heats of fusion of basaltic liquids 121.1 to 161.5 cal/g;
    # x 4.184 J/cal: 121.1*4.184 = 506.7 and 161.5*4.184 = 675.7 kJ/kg; default mid-range 590
    v = CAT.tables["materials"][material]["latent_heat"]
    assert v.low == pytest.approx(121.1 * 4184, rel=2e-3)
    assert v.high == pytest.approx(161.5 * 4184, rel=2e-3)
    assert v.low < v.si < v.high and v.si == pytest.approx(0.5 * (v.low + v.high), rel=0.01)
    # Bouhifd 2007's 33.6 kJ/mol at an assumed 65 g/mol (517 kJ/kg) sits inside the range only at 1800 K
    assert 33.6e3 / 0.065 > v.low


def test_storage_specific_energy_is_a_battery_level_figure():
    # MER Li-ion (Ratnakumar 2002): cells 145 Wh/kg, battery 90 Wh/kg with harness, thermal and mounting
    # hardware; the high end scales Farmakis' 208 Wh/kg cell by 90/145 = 0.62: 129 Wh/kg
    v = CAT.tables["power"]["solar-with-storage"]["storage_specific_energy"]
    assert v.quantity.m_as("Wh/kg") == pytest.approx(90)
    assert v.high == pytest.approx(208 * 90 / 145 * 3600, rel=0.01)
    assert v.low == pytest.approx(150 / 3 * 3600)  # Athena: 150 Wh in 3 kg


def test_basalt_fibre_composite_density_and_matrix_by_rule_of_mixtures():
    # Vf 0.55 of basalt fibre (2700 kg/m^3, dostkimya) in epoxy (1200 kg/m^3): 0.55*2700 + 0.45*1200 = 2025
    rho = CAT.tables["materials"]["basalt-fibre-composite"]["density"]
    assert rho.si == pytest.approx(0.55 * 2700 + 0.45 * 1200)
    # imported matrix per kg of laminate: 0.45*1200/2025 = 0.267 ("27 %"), plus bushing wear
    matrix = 0.45 * 1200 / 2025
    cons = CAT.tables["routes"]["fibre-composite"]["consumables"]
    assert cons.range_si[0] <= matrix <= cons.si


def test_cast_basalt_tensile_from_flexural_rule_of_thumb():
    # no datasheet tensile value: flexural 45 MPa / (1.5..2) = 22.5..30 MPa brackets the 25 MPa used
    m = CAT.tables["materials"]["cast-basalt"]
    assert m["flexural_strength"].si / 2 <= m["tensile_strength"].si <= m["flexural_strength"].si / 1.5


def test_starship_price_per_tonne():
    # "$100 million per metric ton" = 1e8 USD / 1000 kg = 100 kUSD/kg
    v = CAT.tables["transport"]["starship-2028"]["landed_cost"]
    assert v.si == pytest.approx(1e8 / 1000)


def test_melt_cast_process_temperature_in_kelvin():
    # Eutit pit furnace at 1280 degC = 1553.15 K; range 1250-1450 degC
    v = CAT.tables["routes"]["melt-cast"]["process_temperature"]
    assert (v.low, v.si, v.high) == pytest.approx((1523.15, 1553.15, 1723.15))


def test_equatorial_night_and_solar_storage_units():
    assert CAT.tables["sites"]["equatorial-mare"]["longest_night"].si == pytest.approx(354 * 3600)
    # 90 Wh/kg = 324 kJ/kg (battery level, ratnakumar-2002-mer)
    assert CAT.tables["power"]["solar-with-storage"]["storage_specific_energy"].si == pytest.approx(324e3)


def test_clps_price_in_its_task_order_range():
    v = CAT.tables["transport"]["clps-2024"]["landed_cost"]
    assert v.quantity == Q_(1.2, "MUSD/kg")
    assert v.range_si == pytest.approx((0.44e6, 1.2e6))


def test_si_values_are_pints_base_unit_conversion_bit_for_bit():
    """make_value converts with a cached factor per unit: the same floats as pint's
    to_base_units for every catalogue figure and bound; an offset unit goes through pint
    (20 degC = 293.15 K)."""
    from basaltcalc.catalogue import _si, data_file, make_value
    from basaltcalc.units import unit

    specs = [spec for fname in TABLES.values() for props in data_file(fname).values()
             for spec in props.values() if isinstance(spec, dict) and "value" in spec]
    specs += [spec for table, fname in FLAT_TABLES.items() for spec in data_file(fname)[table].values()]
    assert len(specs) > 150
    for spec in specs:
        v = make_value("x", spec)
        base = [None if spec.get(k) is None else Q_(float(spec[k]), spec.get("unit", "") or "").to_base_units()
                for k in ("value", "low", "high")]
        assert (v.si, v.unit) == (float(base[0].magnitude), base[0].units), spec
        assert [v.low, v.high] == [None if b is None else float(b.magnitude) for b in base[1:]], spec
    si, u = _si(Q_(20.0, "degC"))
    assert si == pytest.approx(293.15, abs=1e-12) and u == ureg.kelvin
    assert _si(Q_(3.0, unit("g/cm^3")))[0] == Q_(3.0, "g/cm^3").to_base_units().m  # 3000 kg/m^3
