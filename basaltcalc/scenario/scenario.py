"""The validated :class:`Scenario`: choices, element groups and every numeric input by dotted path."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..errors import Problem, ScenarioError
from .inputs import Input, _suggest

#: Where editors find the JSON Schema (``basaltcalc schema`` prints the same document).
SCHEMA_URL = "../basaltcalc/data/scenario.schema.json"
#: The source of a value of a new catalogue entry whose file gives no ``source:``.
NO_SOURCE = "user-defined, no source"


@dataclass
class Scenario:
    """A validated scenario: choices, element groups, and every numeric input by dotted path."""

    name: str
    description: str
    site: str
    route: str
    insitu_material: str
    earth_material: str
    power: str
    transport_preset: str | None
    elements: list[dict]
    inputs: dict[str, Input]
    materials: dict[str, dict]  # material name -> {"origin", "safety_class", "base"}
    file: str | None = None
    text: str | None = None
    raw: dict = field(default_factory=dict)
    blocks: dict = field(default_factory=dict)  # sweep / uncertainty blocks, kept for later use
    positions: dict = field(default_factory=dict)  # key path -> (line, column) in the file
    earth_same: bool = True  # the file said `earth: {material: same}` (or left it out)
    #: Earth designs compared with, primary (``earth_material``) first: {"label", "material", "given"}
    comparators: list = field(default_factory=list)
    file_sha256: str | None = None  # hash of the file's bytes, when loaded from a file
    #: Year of every cost of the scenario and its results (the file's ``cost_year:``, else the
    #: packaged defaults' year); ``cost_year_given`` says whether the file stated it.
    cost_year: int | None = None
    cost_year_given: bool = False
    #: Cost model of the plant and power hardware and their development (``economics.cost_model``:
    #: 'estimate', 'amcm' or 'transcost').
    cost_model: str = "estimate"
    #: When the NPVs, IRR and discounted payback count each payment (``economics.discounting``:
    #: 'continuous', 'end-of-year', 'mid-year' or 'start-of-year').
    discounting: str = "continuous"
    #: How transport is paid (``transport.billing``: 'per-kg' or 'per-flight').
    billing: str = "per-kg"
    #: Which lander each option flies: 'file' (the file gives ``payload_per_flight`` or
    #: ``price_per_flight``: that lander, and a piece it cannot carry is an error), 'preset' (the
    #: preset's lander where it carries the option's largest piece, else the smallest catalogue
    #: lander that does), 'none' (the smallest catalogue lander that carries it;
    #: :func:`basaltcalc.model.boundary.catalogue_landers`).
    lander_mode: str = "file"
    #: The file gives ``flights_per_year`` (else the flown lander's cadence).
    cadence_named: bool = True

    @property
    def lander_named(self) -> bool:
        """The file names the lander both options fly (:attr:`lander_mode` 'file')."""
        return self.lander_mode == "file"
    #: New routes, power presets, sites and transport presets the file defines: (table, name) ->
    #: {"base", "source", "description", "material", "given", "raw", "values"}
    custom: dict = field(default_factory=dict)
    #: Every route the scenario knows (catalogue and new) -> the material it makes
    route_materials: dict = field(default_factory=dict)

    def custom_entry(self, path: str) -> dict | None:
        """The new entry (record of :attr:`custom`) an input path belongs to, or None: a
        ``routes.``/``power.``/``sites.`` path of a new entry, or a ``transport.`` value of a new
        preset the scenario uses."""
        head, _, rest = path.partition(".")
        if head == "transport":  # a new preset's own value, or one it takes from its base
            record = self.custom.get(("transport", self.transport_preset))
            d = getattr(self.inputs.get(path), "default", None)
            if record is None or d is None:
                return None
            mine = d.path.startswith(f"transport_presets.{record['name']}.") or (
                d.path.startswith(f"transport.{record['base']}.") and self.inputs[path].origin == "default")
            return record if mine else None
        return self.custom.get((head, rest.partition(".")[0]))

    def custom_note(self, path: str) -> str | None:
        """How an input of a new entry is described in ``explain`` and the assumption list:
        ``"user-defined route 'slow-cast' (base melt-cast; source: ...)"``, None for others."""
        record = self.custom_entry(path)
        return None if record is None else _custom_note(record)

    def custom_notes(self) -> list[str]:
        """One description per new entry the file defines (:meth:`custom_note`)."""
        return [_custom_note(r) for r in self.custom.values()]

    @property
    def sha256(self) -> str:
        """Hash of the scenario's source text (empty string for one built in Python)."""
        if self.file_sha256:
            return self.file_sha256
        return hashlib.sha256(self.text.encode()).hexdigest() if self.text else ""

    def element_index(self, key) -> int:
        """Index of an element group by position or name."""
        if isinstance(key, int):
            if 0 <= key < len(self.elements):
                return key
            raise ScenarioError(Problem(f"no such element group (there are {len(self.elements)})",
                                        f"elements[{key}]"))
        names = [e["name"] for e in self.elements]
        if key in names:
            return names.index(key)
        raise ScenarioError(Problem(f"no element group of that name{_suggest(key, names)}",
                                    f"elements[{key!r}]"))

    def defaults_used(self) -> list[Input]:
        """Inputs that came from the catalogue, not the file."""
        return [i for i in self.inputs.values() if i.origin == "default"]

    def to_dict(self) -> dict:
        """The scenario as file data: choices, element groups and every input the file gave.

        Defaults are left out (they come from the catalogue again on loading), so
        ``scenario_from_dict(sc.to_dict())`` has the same inputs and gives the same results.
        """
        from .writeback import _to_dict

        return _to_dict(self)

    def to_yaml(self) -> str:
        """The scenario as a YAML scenario file (see :meth:`to_dict`)."""
        import yaml

        from .. import __version__

        head = [f"# yaml-language-server: $schema={SCHEMA_URL}",
                f"# written by basaltcalc {__version__}"]
        if self.file:
            head.append(f"# from {self.file} (sha256 {self.sha256})")
        body = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100)
        return "\n".join(head) + "\n" + body

    def __repr__(self) -> str:
        n = sum(e["count"] for e in self.elements)
        kinds = ", ".join(f"{e['count']} x {e['name']} ({e['kind']})" for e in self.elements)
        from ..text import printable

        return printable(f"<Scenario {self.name!r}: {kinds}; {n} elements; in-situ {self.insitu_material} by "
                         f"{self.route} at {self.site} on {self.power}; Earth {self.earth_material}; "
                         f"{len(self.inputs)} inputs, {len(self.defaults_used())} from defaults>")

    def _repr_html_(self) -> str:
        from ..text import printable
        from .html import scenario_html

        return printable(scenario_html(self))


def _custom_note(record) -> str:
    from ..catalogue import load_catalogue
    from .choices import NOUNS

    src = record["source"]
    source = load_catalogue().reference(src) if src else NO_SOURCE
    base = f"base {record['base']}" if record["base"] else "complete"
    return f"user-defined {NOUNS[record['table']]} '{record['name']}' ({base}; source: {source})"


def check_scenario(value, call: str) -> Scenario:
    """``value`` where it is a :class:`Scenario`, else an
    :class:`~basaltcalc.errors.ArgumentTypeError` naming ``call`` and its argument ``scenario``,
    with the way to make one from what was given (a path, YAML text, a mapping)."""
    if isinstance(value, Scenario):
        return value
    from ..errors import ArgumentTypeError

    if isinstance(value, str):
        hint = (f"; load the file first: basaltcalc.load_scenario({value!r})" if "\n" not in value
                else "; read YAML text with basaltcalc.scenario_from_text(text)")
    elif isinstance(value, dict):
        hint = "; validate a mapping with basaltcalc.scenario_from_dict(data)"
    else:
        hint = ""
    shown = "None" if value is None else type(value).__name__
    raise ArgumentTypeError(Problem(f"expected a Scenario (from basaltcalc.load_scenario(path) or "
                                    f"default_scenario()), got {shown}{hint}", "scenario",
                                    origin=f"{call}()"))
