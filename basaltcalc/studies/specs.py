"""Reading sweep and distribution specs: input paths, quantities with units, located problems.

Shared by :mod:`basaltcalc.sweep`, :mod:`basaltcalc.sampling` and :mod:`basaltcalc.sensitivity`.
A spec comes either from a scenario file's ``sweep:`` / ``uncertainty:`` block (then every problem
carries ``file:line:col`` from ``scenario.positions``) or from Python (then it carries the key path
only).  All problems of one spec are collected and raised together as one
:class:`~basaltcalc.errors.ScenarioError`.
"""
from __future__ import annotations

import difflib
import math
import re
import zlib

import numpy as np

from ..errors import Problem, ScenarioError, UnitsError

__all__ = ["SpecReader", "stream_key"]

def stream_key(path: str) -> int:
    """Stable 32-bit key of an input path, so its random stream depends on the seed and the path
    only (adding another uncertain input leaves the draws of this one unchanged)."""
    return zlib.crc32(path.encode("utf-8"))


class SpecReader:
    """Collects located problems while reading one block of specs.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose inputs the specs name.
    block : str
        ``"sweep"`` or ``"uncertainty"``: the key of the block in the file, used to find positions.
    from_file : bool
        True when the specs come from the scenario file (positions are looked up), False from Python.
    """

    def __init__(self, scenario, block: str, from_file: bool):
        self.scenario = scenario
        self.block = block
        self.from_file = from_file
        self.problems: list[Problem] = []

    # -- locations ------------------------------------------------------------------------------
    def where(self, keypath: str):
        if not self.from_file:
            return None, None
        positions = getattr(self.scenario, "positions", None) or {}
        path = f"{self.block}.{keypath}" if keypath else self.block
        while True:
            pos = positions.get(path)
            if pos is not None:
                return pos
            cut = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
            if cut == path or not cut:
                return positions.get(self.block, (None, None))
            path = cut

    def add(self, keypath: str, message: str) -> None:
        line, col = self.where(keypath)
        shown = f"{self.block}.{keypath}" if (self.from_file and keypath) else keypath or self.block
        self.problems.append(Problem(message, shown, getattr(self.scenario, "file", None) if self.from_file
                                     else None, line, col))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ScenarioError(self.problems)

    # -- inputs ---------------------------------------------------------------------------------
    def input(self, raw_path: str, keypath: str | None = None, extra_keys=()):
        """(canonical path, Input) for a dotted path, or (None, None) with a problem recorded."""
        from ..model import resolve_path

        keypath = raw_path if keypath is None else keypath
        if not isinstance(raw_path, str):
            self.add(str(keypath), f"an input path must be a string, got {raw_path!r}")
            return None, None
        try:
            path = resolve_path(self.scenario, raw_path)
        except ScenarioError as exc:
            for p in exc.problems:
                self.add(keypath, p.message)
            return None, None
        inp = self.scenario.inputs.get(path)
        if inp is None:
            options = [*self.scenario.inputs, *extra_keys]
            close = difflib.get_close_matches(raw_path, options, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.add(keypath, f"'{raw_path}' is not an input of this scenario{hint}")
            return None, None
        return path, inp

    # -- quantities -----------------------------------------------------------------------------
    def quantity(self, raw, inp, keypath: str, unit=None, *, delta=False):
        """One value as (SI float, display unit string), or (None, None) with a problem recorded.

        ``raw`` may be a Quantity, a string such as ``"10 kUSD/kg"``, or a number (in ``unit``
        when given, else only for dimensionless inputs).  ``delta=True`` converts a difference
        (a standard deviation): for offset units such as degC it converts 20 degC as 20 K.  A
        currency string may state its year, ``"10 kUSD/kg @2015"``: converted to the scenario's
        cost year with the shipped index, as in the file.
        """
        import pint

        from ..scenario.quantities import escalation_factor, is_currency, price_index, split_cost_year
        from ..units import parse_quantity, ureg

        try:
            try:
                raw, year = split_cost_year(raw)
            except ValueError as exc:
                raise UnitsError(str(exc)) from None
            if year is not None and not is_currency(inp.unit):
                raise UnitsError(f"a cost year ('@{year}') goes with currency values only")
            if isinstance(raw, bool) or raw is None:
                raise UnitsError(f"expected a quantity, got {raw!r}")
            if isinstance(raw, str):
                q = parse_quantity(raw, keypath)
                if not isinstance(q, pint.Quantity) or (q.dimensionless and unit is not None
                                                        and not re.search(r"[A-Za-z%]", raw)):
                    q = ureg.Quantity(float(q.magnitude if isinstance(q, pint.Quantity) else q),
                                      unit or "")
            elif isinstance(raw, pint.Quantity):
                q = raw
            elif isinstance(raw, (int, float, np.integer, np.floating)):
                if unit is None and not inp.unit.dimensionless:
                    raise UnitsError(f"a bare number {raw!r} needs a unit; expected "
                                     f"{_hint(inp.unit)} (or give 'unit:')")
                q = ureg.Quantity(float(raw), unit or "")
            else:
                raise UnitsError(f"expected a quantity such as {_example(inp.unit)}, got "
                                 f"{type(raw).__name__} {raw!r}")
            if q.dimensionality != inp.unit.dimensionality:
                raise UnitsError(f"expected {_hint(inp.unit)}, got '{q:~P}' ({q.dimensionality})")
            with np.errstate(over="ignore", invalid="ignore"):  # past float64: inf, refused below
                if delta:
                    si = float(q.m_as(inp.unit) - ureg.Quantity(0.0, q.units).m_as(inp.unit))
                else:
                    si = float(q.m_as(inp.unit))
        except UnitsError as exc:
            self.add(keypath, str(exc).split(": ", 1)[-1] if str(exc).startswith(keypath + ":") else str(exc))
            return None, None
        except Exception as exc:  # pint: undefined unit, offset arithmetic, ...
            self.add(keypath, f"cannot read {raw!r} as a quantity ({exc})")
            return None, None
        if not math.isfinite(si):
            self.add(keypath, f"expected a finite value, got {raw!r}")
            return None, None
        if year is not None:
            si *= escalation_factor(year, getattr(self.scenario, "cost_year", None) or price_index()["default"])
        return si, f"{q.units:~P}" if not q.dimensionless else ""

    def check_domain(self, path, inp, keypath, values_si, what="values", *, continuous=False) -> bool:
        """Record a problem when SI ``values_si`` leave the input's physical domain (the one
        definition, :func:`~basaltcalc.scenario.inputs.domain_problem`: a count is a whole number
        up to the cap a file has)."""
        from ..scenario import describe_domain, in_domain

        v = np.asarray(values_si, dtype=np.float64)
        if path.endswith(".count") and continuous:
            self.add(keypath, "an element count cannot be drawn from a continuous "
                              "distribution; sweep it with an explicit list of whole numbers")
            return False
        if v.size and not in_domain(path, v):
            rng = describe_domain(path)
            verb = "reach" if what.endswith("s") else "reaches"
            self.add(keypath, f"{what} {verb} outside the input's domain ({rng}): {_show(v)} in SI")
            return False
        return True


def _show(v) -> str:
    v = np.asarray(v).ravel()
    return f"{v.min():g} .. {v.max():g}" if v.size > 1 else f"{v[0]:g}"




def _hint(unit) -> str:
    from ..units import dimension_hint

    return dimension_hint(str(unit))


def _example(unit) -> str:
    hint = _hint(unit)
    return hint.split("e.g. ", 1)[-1] if "e.g. " in hint else f"'1 {unit:~P}'"


def positive_int(reader: SpecReader, raw, keypath: str, what: str, *, minimum=1):
    """A whole number >= minimum, or None with a problem recorded."""
    if isinstance(raw, bool) or not isinstance(raw, (int, np.integer, float)) or (
            isinstance(raw, float) and not raw.is_integer()):
        reader.add(keypath, f"{what} must be a whole number, got {raw!r}")
        return None
    if raw < minimum:
        reader.add(keypath, f"{what} must be at least {minimum}, got {raw!r}")
        return None
    return int(raw)
