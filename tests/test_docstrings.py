"""Every public function of the numpy core documents the SI unit of each parameter and return
value (as pvlib and fluids do): the description ends with the unit in brackets, e.g. ``[m]``,
``[kg/m^3]``, ``[-]``, and the unit is coherent SI (``[kWh]`` or ``[year]`` would not be)."""
from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from basaltcalc.units import ureg

#: The core's modules of equations (``graph`` holds no physics: the model's wiring, names only).
CORE = tuple(sorted(p.stem for p in (Path(__file__).parent.parent / "basaltcalc" / "core").glob("*.py")
                    if p.stem not in ("__init__", "graph")))
UNIT = re.compile(r"(?:(?<=\s)|^)\[([^\[\]]+)\]")  # a unit stands alone, not an index: elements[i]
ENDS_WITH_UNITS = re.compile(r"(\[[^\[\]]+\](?:,\s*)?)+\.?$")
#: Mixed SI units, allowed for mappings whose description lists the units of their entries.
MIXED = "SI"


def public_functions():
    for name in CORE:
        module = importlib.import_module(f"basaltcalc.core.{name}")
        for attr in module.__all__:
            obj = getattr(module, attr)
            if inspect.isfunction(obj):
                yield pytest.param(obj, id=f"{name}.{attr}")


FUNCTIONS = list(public_functions())


def sections(doc: str) -> dict[str, list[str]]:
    """numpydoc sections by title, as lists of lines (dedented)."""
    lines = inspect.cleandoc(doc).splitlines()
    out, title = {}, None
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and set(lines[i + 1].strip()) == {"-"} and line.strip():
            title = line.strip()
            out[title] = []
            continue
        if set(line.strip()) == {"-"}:
            continue
        if title:
            out[title].append(line)
    return out


def entries(lines: list[str]) -> list[tuple[str, str, str]]:
    """(names, type, description) of each entry of a Parameters/Returns section."""
    items = []
    for line in lines:
        if not line.strip():
            continue
        if not line.startswith(" "):
            head, _, typ = line.partition(" : ")
            items.append([head.strip(), typ.strip(), ""])
        elif items:
            items[-1][2] += " " + line.strip()
    return [(n, t, d.strip()) for n, t, d in items]


def is_si(unit: str) -> bool:
    if unit == "-":
        return True
    try:
        q = ureg.Quantity(1.0, unit)
    except Exception:
        return False
    return abs(q.to_base_units().magnitude - 1.0) < 1e-12


def check_units(where, typ, description, n_names=1):
    assert ENDS_WITH_UNITS.search(description), f"{where}: description does not end with a [unit]: {description!r}"
    tail = ENDS_WITH_UNITS.search(description).group(0)
    units = UNIT.findall(tail)
    for unit in UNIT.findall(description):
        if unit == MIXED:
            assert typ.startswith(("mapping", "dict", "sequence")), f"{where}: [SI] only for mappings"
            continue
        if unit.startswith(("``", "1 ")) or " " in unit.strip():
            continue  # not a unit: e.g. an index in prose
        assert is_si(unit), f"{where}: [{unit}] is not a coherent SI unit"
    if n_names > 1:
        assert len(units) in (1, n_names), f"{where}: {n_names} parameters but {len(units)} units"


@pytest.mark.parametrize("func", FUNCTIONS)
def test_parameters_end_with_an_si_unit(func):
    doc = func.__doc__
    assert doc and doc.strip(), f"{func.__name__} has no docstring"
    secs = sections(doc)
    params = list(inspect.signature(func).parameters)
    if not params:
        return
    assert "Parameters" in secs, f"{func.__name__}: no Parameters section"
    documented = []
    for names, typ, description in entries(secs["Parameters"]):
        split = [n.strip() for n in names.split(",")]
        documented += split
        check_units(f"{func.__name__}({names})", typ, description, len(split))
    assert sorted(documented) == sorted(params), f"{func.__name__}: documented {documented}, signature {params}"


@pytest.mark.parametrize("func", FUNCTIONS)
def test_returns_end_with_an_si_unit(func):
    secs = sections(func.__doc__)
    assert "Returns" in secs, f"{func.__name__}: no Returns section"
    items = entries(secs["Returns"])
    assert items, f"{func.__name__}: empty Returns section"
    for names, typ, description in items:
        # numpydoc allows a bare type as the entry's first line
        check_units(f"{func.__name__} returns", (typ or names), description)


def test_is_si_helper():
    # the checker itself: coherent SI units pass, scaled or non-SI ones do not
    for good in ("m", "kg/m^3", "Pa", "J/(kg*K)", "USD/kg", "kg/(kg/s)", "1/s", "m^2", "-", "W", "kg/W"):
        assert is_si(good), good
    for bad in ("mm", "kWh", "year", "MUSD", "g/cm^3", "kPa", "nonsense-unit"):
        assert not is_si(bad), bad


@pytest.mark.parametrize("name", CORE)
def test_core_doctests_pass(name):
    """The examples in the core docstrings run and give what they say (also collected by
    ``--doctest-modules`` over ``basaltcalc/``; repeated here so ``pytest tests`` checks them)."""
    import doctest

    module = importlib.import_module(f"basaltcalc.core.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.attempted >= 3
    assert result.failed == 0
