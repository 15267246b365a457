"""The sourced defaults in ``basaltcalc/data/``: loaded once, checked, converted to SI.

Every number is a :class:`Value`: the quantity as the source gives it, its SI magnitude, its
low/high range, the key of its source in ``references.yaml``, and whether it is weak (a team
estimate or a weak secondary source).

>>> cat = load_catalogue()
>>> v = cat.tables["materials"]["cast-basalt"]["density"]
>>> v.si, v.source
(2950.0, 'eutit')
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from .units import pint  # dask hidden while pint loads (units._import_pint)

from .units import unit as parse_unit
from .units import unit_text
from .units import ureg

__all__ = ["Value", "Catalogue", "load_catalogue", "TABLES", "data_text", "data_file",
           "RANGE_DISTRIBUTIONS"]

#: The named tables of the catalogue, each a mapping of entry name -> property -> Value,
#: and the data file that holds them.
TABLES = {
    "materials": "materials.yaml",
    "routes": "routes.yaml",
    "power": "power.yaml",
    "sites": "sites.yaml",
    "transport": "transport.yaml",
}
#: Tables that are a single mapping of property -> Value.
FLAT_TABLES = {"economics": "economics.yaml", "safety_factors": "economics.yaml",
               "lander_defaults": "economics.yaml", "plant_defaults": "economics.yaml",
               "structure_defaults": "economics.yaml", "insitu_defaults": "economics.yaml"}


@dataclass(frozen=True)
class Value:
    """One sourced default: the quantity, its SI magnitude and unit, range and source."""

    path: str
    quantity: pint.Quantity
    si: float
    unit: pint.Unit
    low: float | None
    high: float | None
    source: str
    weak: bool = False
    note: str = ""
    #: The distribution its source supports, where the data file states one (``uniform`` where
    #: the source gives only bounds); None: the uncertainty set's rule decides
    #: (:mod:`basaltcalc.studies.uncertainty_set`).
    distribution: str | None = None

    @property
    def range_si(self) -> tuple[float, float]:
        """(low, high) in SI; the value itself where a bound is not given."""
        return (self.si if self.low is None else self.low, self.si if self.high is None else self.high)

    def describe(self) -> str:
        q = self.quantity
        text = f"{q.magnitude:g} {unit_text(q.units, '~P')}".strip()
        if self.low is not None or self.high is not None:  # the range in the unit as given
            factor = _conversion_factor(self.unit, q.units)
            lo, hi = (ureg.Quantity(b, self.unit).m_as(q.units) if factor is None else b * factor
                      for b in self.range_si)
            text += f" [{lo:g}-{hi:g}]"
        return text


def data_text(name: str) -> str:
    """Text of a packaged data file."""
    return resources.files("basaltcalc").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def data_file(name: str):
    """A packaged data file parsed once per process (plain data; treat it as read-only).

    libyaml's ``CSafeLoader`` where PyYAML has it (about ten times the pure-Python parser), else
    ``SafeLoader``: the same resolver and constructor, so the same data (tested).  The packaged
    files need no key positions; scenario files go through :func:`basaltcalc.scenario.reader.load_yaml`.
    """
    import yaml

    return yaml.load(data_text(name), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _si(q: pint.Quantity) -> tuple[float, pint.Unit]:
    factor, units = _base_factor(q.units)
    if factor is None:  # an offset unit (degC): pint's own conversion
        base = q.to_base_units()
        return float(base.magnitude), base.units
    return float(q.magnitude * factor), units


@functools.lru_cache(maxsize=512)
def _base_factor(unit: pint.Unit) -> tuple[float | None, pint.Unit]:
    """(factor, base unit) of a multiplicative unit, ``(None, base unit)`` of an offset one.

    pint converts a multiplicative unit as ``magnitude * factor`` with the factor it caches, so
    ``x * factor`` here is ``Quantity(x, unit).to_base_units().magnitude`` bit for bit, without
    building two quantities for each of the catalogue's ~600 figures and bounds."""
    base = ureg.Quantity(1.0, unit).to_base_units()
    if not ureg.Quantity(1.0, unit)._is_multiplicative:
        return None, base.units
    return float(base.magnitude), base.units


@functools.lru_cache(maxsize=512)
def _conversion_factor(src: pint.Unit, dst: pint.Unit) -> float | None:
    """The factor pint converts a multiplicative unit ``src`` to ``dst`` with (None where either
    is an offset unit): ``x * factor`` is ``Quantity(x, src).m_as(dst)`` bit for bit, as pint
    multiplies by the factor it caches."""
    if not (ureg.Quantity(1.0, src)._is_multiplicative and ureg.Quantity(1.0, dst)._is_multiplicative):
        return None
    return ureg.Quantity(1.0, src).m_as(dst)


#: Distributions a data entry may state for its range (``distribution:``), all over [low, high]
#: with the mode of the peaked ones at the value.
RANGE_DISTRIBUTIONS = ("uniform", "loguniform", "triangular", "pert", "logpert")


def make_value(path: str, spec: dict) -> Value:
    """Build a Value from a data-file entry ``{value, unit, low, high, source, weak, note,
    distribution}``."""
    unit = parse_unit(spec.get("unit", "") or "")
    q = ureg.Quantity(float(spec["value"]), unit)
    si, si_unit = _si(q)
    factor = _base_factor(q.units)[0]
    bounds = []
    for key in ("low", "high"):
        b = spec.get(key)
        if b is not None:  # x * factor: _si's own arithmetic, without a Quantity for each bound
            b = float(float(b) * factor) if factor is not None else _si(ureg.Quantity(float(b), unit))[0]
        bounds.append(b)
    dist = spec.get("distribution")
    if dist is not None and (dist not in RANGE_DISTRIBUTIONS or None in bounds):
        raise RuntimeError(f"{path}: distribution {dist!r} needs low and high and one of "
                           f"{', '.join(RANGE_DISTRIBUTIONS)}")  # a packaging error
    return Value(path=path, quantity=q, si=si, unit=si_unit, low=bounds[0], high=bounds[1],
                 source=str(spec.get("source", "")), weak=bool(spec.get("weak", False)),
                 note=str(spec.get("note", "")), distribution=dist)


def _is_value(spec) -> bool:
    return isinstance(spec, dict) and "value" in spec


@dataclass
class Catalogue:
    """All defaults: ``tables[table][entry][prop]`` and ``flat[table][prop]`` hold Values (or
    strings for descriptive fields, None for a property that does not apply), ``references`` the
    sources, ``default_scenario`` the text of the packaged scenario."""

    tables: dict
    flat: dict
    references: dict

    def value(self, path: str) -> Value | None:
        """The Value at a catalogue path such as ``materials.cast-basalt.density``."""
        parts = path.split(".")
        if parts[0] in self.flat and len(parts) == 2:
            return self.flat[parts[0]].get(parts[1])
        if parts[0] in self.tables and len(parts) == 3:
            return self.tables[parts[0]].get(parts[1], {}).get(parts[2])
        return None

    def reference(self, key: str) -> str:
        """One-line citation of a source key."""
        ref = self.references.get(key)
        if ref is None:
            return key
        bits = [ref.get("authors", ""), f"({ref.get('year', 'n.d.')})", f"\u201c{ref.get('title', '')}\u201d"]
        if ref.get("where"):
            bits.append(ref["where"])
        if ref.get("doi"):
            bits.append(f"doi:{ref['doi']}")
        elif ref.get("url"):
            bits.append(ref["url"])
        text = " ".join(b for b in bits[:3] if b) + "".join(f"; {b}" for b in bits[3:])
        return ("[estimate] " if ref.get("kind") == "estimate" else "") + text


@functools.cache
def load_catalogue() -> Catalogue:
    """Load, check and convert every data file once (cached)."""
    parsed = data_file

    references = parsed("references.yaml")
    tables = {}
    for table, fname in TABLES.items():
        doc = parsed(fname)
        entries = {}
        for entry, props in doc.items():
            out = {}
            for prop, spec in props.items():
                path = f"{table}.{entry}.{prop}"
                if _is_value(spec):
                    out[prop] = make_value(path, spec)
                else:
                    out[prop] = spec  # description, material, origin, safety_class, or None
            entries[entry] = out
        tables[table] = entries
    flat = {}
    for table, fname in FLAT_TABLES.items():
        doc = parsed(fname)[table]
        flat[table] = {prop: make_value(f"{table}.{prop}", spec) for prop, spec in doc.items()}
    cat = Catalogue(tables=tables, flat=flat, references=references)
    _check_sources(cat)
    return cat


def _all_values(cat: Catalogue):
    for entries in cat.tables.values():
        for props in entries.values():
            yield from (v for v in props.values() if isinstance(v, Value))
    for props in cat.flat.values():
        yield from props.values()


def _check_sources(cat: Catalogue) -> None:
    missing = sorted({v.path for v in _all_values(cat) if v.source not in cat.references})
    if missing:  # a packaging error, never a user error
        raise RuntimeError(f"data values cite unknown sources: {missing}")
