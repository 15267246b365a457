"""Scenario files: YAML -> validated :class:`Scenario` with every input and where it came from.

The format is DESIGN 4 (reference: ``docs/scenario-format.md``).  The whole structure is
validated by pydantic models built from the catalogue (:func:`file_model`): unknown keys are
errors with a near-miss suggestion, quantities are checked for their dimension (any unit pint
knows), fractions lie in [0, 1], counts are positive integers, and names of materials, routes,
presets and sites are checked against the catalogue and the file's own materials.  Every problem
found is reported at once, each with ``file:line:col`` and its key path, in one
:class:`~basaltcalc.ScenarioError`.

A loaded scenario holds :attr:`Scenario.inputs`: every numeric input the model uses, by dotted
path (``transport.landed_cost``, ``materials.cast-basalt.density``, ``elements[0].count``), each
with its value, SI unit, and origin (the file, or a catalogue default with its source).

>>> sc = scenario_from_text('''
... transport: {landed_cost: 300 kUSD/kg, payload_per_flight: 1 t, flights_per_year: 2 / year}
... insitu: {campaign: 18 month}
... elements:
...   - {kind: sheet, count: 10, length: 2 m, width: 1 m, load: {pressure: 5 kPa}}
... ''')
>>> sc.inputs["transport.landed_cost"].si, sc.inputs["materials.cast-basalt.density"].origin
(300000.0, 'default')
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ..catalogue import data_text
from ..errors import ArgumentTypeError, Problem, ScenarioError
from .choices import known_entries
from .inputs import (ELEMENT_UNITS, FRACTIONS, TRANSPORT_UNITS, Input, _describe_input, _suggest,
                     describe_domain, domain_of, in_domain)
from .problems import _Collector, _problem_from_error, _sorted
from .quantities import check_cost_year, price_index, quantity_si
from .reader import load_yaml, tab_problems
from .resolve import _material_bases, _material_origins, _resolve
from .scenario import SCHEMA_URL, Scenario
from .structure import file_model, file_model_for, json_schema

__all__ = ["Scenario", "Input", "load_scenario", "default_scenario", "scenario_from_dict",
           "scenario_from_text", "file_model", "json_schema", "ELEMENT_UNITS", "TRANSPORT_UNITS",
           "FRACTIONS", "MAX_FILE_BYTES", "SCHEMA_URL"]

#: Largest scenario file read.
MAX_FILE_BYTES = 1_000_000


def _read_capped(p: Path, name: str) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_FILE_BYTES` (devices, FIFOs and folders
    refused before reading; at most one byte past the limit is ever read)."""
    try:
        st = p.stat()
    except OSError as exc:
        raise ScenarioError(Problem(f"cannot read the file: {exc.strerror}", "", name)) from None
    except ValueError as exc:  # a NUL byte, a lone surrogate: no file can have this name
        raise ScenarioError(Problem(f"cannot read the file: not a possible file name ({exc})", "", name)) from None
    if stat.S_ISDIR(st.st_mode):
        raise ScenarioError(Problem("is a folder, not a scenario file", "", name))
    if not stat.S_ISREG(st.st_mode):
        raise ScenarioError(Problem("is not a regular file (a device, FIFO or socket); scenario "
                                    "files are regular files", "", name))
    too_big = Problem(f"the file is over {MAX_FILE_BYTES:,} bytes; scenario files are limited "
                      f"to {MAX_FILE_BYTES:,} bytes", "", name)
    if st.st_size > MAX_FILE_BYTES:
        raise ScenarioError(too_big)
    try:
        with open(p, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(Problem(f"cannot read the file: {exc.strerror}", "", name)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(too_big)
    return raw


def load_scenario(path) -> Scenario:
    """Load and validate a scenario file; raise ScenarioError listing every problem."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)) or path == "":
        raise ArgumentTypeError(Problem(
            f"expected the path of a scenario file (a str or pathlib.Path), got {_describe_input(path)}"
            + (" (for YAML text use scenario_from_text)" if isinstance(path, str) else ""),
            "path", origin="load_scenario()"))
    p = Path(path)
    name = str(path)
    raw = _read_capped(p, name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(Problem(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset "
                                    f"{exc.start} cannot be decoded; save the file as UTF-8", "",
                                    name, line, column)) from None
    sc = scenario_from_text(text, name)
    sc.file_sha256 = hashlib.sha256(raw).hexdigest()
    return sc


def default_scenario() -> Scenario:
    """The packaged default scenario (``basaltcalc/data/default.yaml``)."""
    return scenario_from_text(data_text("default.yaml"), "<default scenario>")


def scenario_from_text(text: str, file: str | None = None) -> Scenario:
    """Validate YAML text as a scenario."""
    if not isinstance(text, str):
        hint = "; decode it first, text.decode('utf-8'), or use load_scenario(path)" if isinstance(
            text, (bytes, bytearray)) else ""
        raise ArgumentTypeError(Problem(f"expected the YAML text of a scenario (a str), got "
                                        f"{type(text).__name__}{hint}", "text", origin="scenario_from_text()"))
    if file is not None and not isinstance(file, (str, os.PathLike)):
        raise ArgumentTypeError(Problem(f"expected the name of the file shown in messages (a str), got "
                                        f"{type(file).__name__}", "file", origin="scenario_from_text()"))
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError(Problem(f"the text is {len(text):,} characters; scenarios are limited "
                                    f"to {MAX_FILE_BYTES:,}", "", file))
    tabs = tab_problems(text, file)
    if tabs:
        raise ScenarioError(tabs)
    traps: dict = {}
    data, positions = load_yaml(text, file, traps)
    sc = scenario_from_dict(data, file=file, positions=positions, traps=traps)
    sc.text = text
    return sc


def _file_cost_year(data) -> int:
    """The file's ``cost_year:`` where it is a valid one, else the defaults' year (an invalid one
    is reported by the file model)."""
    try:
        return check_cost_year(data.get("cost_year"))
    except ValueError:
        return price_index()["default"]


def scenario_from_dict(data, file: str | None = None, positions: dict | None = None,
                       traps: dict | None = None) -> Scenario:
    """Validate a scenario given as Python data (the YAML structure)."""
    from pydantic import ValidationError

    col = _Collector(file, positions or {}, traps)
    if not isinstance(data, dict):
        what = ("empty (no keys at all)" if data is None
                else f"{_describe_input(data)}, not a mapping")
        raise ScenarioError(Problem(f"a scenario must be a mapping of keys (name, transport, insitu, "
                                    f"elements, ...); the document is {what}", "", file, 1, 1))
    try:
        context = {"materials": _material_origins(data), "bases": _material_bases(data),
                   "cost_year": _file_cost_year(data),
                   **{t: known_entries(data, t) for t in ("routes", "power", "sites", "transport")}}
        parsed = file_model_for(data).model_validate(data, context=context)
    except ValidationError as exc:
        for err in exc.errors():
            _problem_from_error(err, data, col)
        raise ScenarioError(_sorted(col.problems)) from None
    except RecursionError:
        raise ScenarioError(Problem("nested too deeply", "", file)) from None
    sc = _resolve(parsed, data, col)
    if col.problems:
        raise ScenarioError(_sorted(col.problems))
    sc.file = file
    sc.positions = dict(positions or {})
    return sc
