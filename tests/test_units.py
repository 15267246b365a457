"""basaltcalc.units: the one registry (USD as a currency dimension) and as_si."""
from __future__ import annotations

import numpy as np
import pint
import pytest

import basaltcalc as bc
from basaltcalc.errors import BasaltcalcError, UnitsError
from basaltcalc.units import Q_, as_si, parse_quantity, ureg


# --- registry -------------------------------------------------------------------------------

def test_one_registry_is_pints_application_registry():
    assert pint.get_application_registry().get() is ureg
    assert bc.ureg is ureg and bc.Q_ is Q_
    # a quantity made through pint's application registry mixes with ours
    q = pint.get_application_registry().Quantity(2.0, "m")
    assert (q + Q_(1.0, "m")).m_as("m") == 3.0


@pytest.mark.parametrize("unit, factor", [("USD", 1.0), ("kUSD", 1e3), ("MUSD", 1e6), ("BUSD", 1e9)])
def test_usd_multiples(unit, factor):
    assert Q_(1.0, unit).m_as("USD") == pytest.approx(factor, rel=1e-15)


def test_currency_is_its_own_dimension():
    assert str(Q_(1, "USD").dimensionality) == "[currency]"
    assert Q_(1.0, "MUSD/kg").m_as("USD/kg") == 1e6
    assert Q_(1.5, "BUSD").m_as("MUSD") == pytest.approx(1500.0)
    with pytest.raises(pint.DimensionalityError):
        Q_(1, "USD") + Q_(1, "kg")  # a cost can never be added to a mass


def test_cost_rates_convert():
    # 50 MUSD/year in USD/s: 5e7/31557600 (Julian year)
    assert Q_(50, "MUSD/year").m_as("USD/s") == pytest.approx(5e7 / 31_557_600, rel=1e-12)
    # 1 MUSD/kg = 453592.37 USD/lb
    assert Q_(1, "MUSD/kg").m_as("USD/lb") == pytest.approx(453_592.37, rel=1e-12)


# --- as_si ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, expected", [
    (Q_(5, "mm"), "m", 0.005),
    ("5 mm", "m", 0.005),
    ("1.2 MUSD/kg", "USD/kg", 1.2e6),
    ("101.3 kPa", "Pa", 101300.0),
    ("14.7 psi", "Pa", 14.7 * 6894.757293168361),  # 1 psi = 6894.757... Pa
    ("20 g/cm^2", "kg/m^2", 200.0),
    ("2 year", "s", 63_115_200.0),
    ("1 kWh/m^2", "J/m^2", 3.6e6),
    ("150 kg/kW", "kg/W", 0.15),
    ("10 ft", "m", 3.048),
])
def test_as_si_converts(value, unit, expected):
    got = as_si(value, unit, "x")
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-12)


def test_as_si_dimensionless_accepts_bare_numbers():
    assert as_si(0.85, "", "availability") == 0.85
    assert as_si("85 percent", "", "availability") == pytest.approx(0.85)


def test_as_si_arrays_are_float64():
    out = as_si(Q_(np.array([1, 2, 3]), "km"), "m", "length")  # integer magnitudes
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    np.testing.assert_array_equal(out, [1000.0, 2000.0, 3000.0])
    out = as_si(Q_(np.array([[1.0], [2.0]]), "MUSD/kg"), "USD/kg", "landed_cost")
    assert out.shape == (2, 1) and out.dtype == np.float64
    out = as_si(np.array([1, 0]), "", "flag")
    assert out.dtype == np.float64


def test_as_si_bare_number_is_rejected_with_the_argument_name():
    with pytest.raises(UnitsError) as info:
        as_si(5.0, "m", "outer_diameter")
    msg = str(info.value)
    assert "outer_diameter" in msg
    assert "[length]" in msg and "'3 m'" in msg  # the expected dimension, with an example
    assert "5.0" in msg  # what came


def test_as_si_bare_array_is_rejected():
    with pytest.raises(UnitsError, match="landed_cost"):
        as_si(np.array([1.0, 2.0]), "USD/kg", "landed_cost")


@pytest.mark.parametrize("value, unit, name, expected_dim, example", [
    ("3 kg", "m", "elements[0].length", "[length]", "'3 m'"),
    (Q_(5, "kPa"), "USD/kg", "transport.landed_cost", "[currency] / [mass]", "'1 MUSD/kg'"),
    ("2 m", "kg/m^3", "materials.cast-basalt.density", "[mass] / [length] ** 3", "'2950 kg/m^3'"),
    ("5", "Pa", "load.pressure", "[mass] / [length] / [time] ** 2", "'101.3 kPa'"),
])
def test_as_si_wrong_dimension_names_argument_expected_dimension_example_and_what_came(
        value, unit, name, expected_dim, example):
    with pytest.raises(UnitsError) as info:
        as_si(value, unit, name)
    msg = str(info.value)
    assert msg.startswith(name)
    assert expected_dim in msg and example in msg
    came = value if isinstance(value, str) else f"{value:~P}"
    assert came.split()[0] in msg


@pytest.mark.parametrize("text", ["$1200/kg", "€5/kg", "1200 $/kg", "£3/kg", "5 €"])
def test_currency_symbols_are_refused_not_dropped(text):
    # pint alone reads "$1200/kg" as 1200/kg: it must not get through as a number per kg
    with pytest.raises(UnitsError) as info:
        as_si(text, "USD/kg", "landed_cost")
    assert "landed_cost" in str(info.value) and "USD" in str(info.value)
    with pytest.raises(UnitsError):
        parse_quantity(text, "landed_cost")


def test_unparseable_string_is_a_units_error():
    with pytest.raises(UnitsError, match="thickness"):
        as_si("5 furlongz", "m", "thickness")


def test_units_error_is_also_a_type_error_and_a_basaltcalc_error():
    with pytest.raises(TypeError):
        as_si(1.0, "m", "x")
    with pytest.raises(BasaltcalcError):
        as_si(1.0, "m", "x")


def test_as_si_does_not_mutate_the_input():
    q = Q_(np.array([1.0, 2.0]), "km")
    as_si(q, "m", "length")
    np.testing.assert_array_equal(q.magnitude, [1.0, 2.0])
    assert q.units == ureg.kilometer


def test_temperature_quantity_converts_with_offset():
    assert as_si(Q_(1280, "degC"), "K", "process_temperature") == pytest.approx(1553.15)


def test_temperature_string_in_celsius_parses():
    # the example that dimension_hint itself offers for a temperature
    assert "'1280 degC'" in str(pytest.raises(UnitsError, as_si, "5 m", "K", "t").value)
    assert as_si("1280 degC", "K", "process_temperature") == pytest.approx(1553.15)


def test_import_does_not_load_scipy_through_pint_and_to_preferred_still_optimises():
    """pint imports scipy when it is installed (for to_preferred's milp); basaltcalc hides it
    while pint loads and gives pint a stand-in that imports scipy on first use."""
    import subprocess
    import sys

    code = ("import sys, basaltcalc.units as u; print('scipy' in sys.modules); "
            "q = u.Q_(1.0, 'N').to_preferred([u.ureg.kg, u.ureg.m, u.ureg.s]); "
            "print(f'{q:~P}', 'scipy' in sys.modules, u.pint.compat.HAS_SCIPY)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["False", "1.0 kg·m/s² True True"]
