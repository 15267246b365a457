"""The validated :class:`Scenario`: choices, element groups and every numeric input by dotted path."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..errors import Problem, ScenarioError
from .inputs import Input, _suggest

#: Where editors find the JSON Schema (``basaltcalc schema`` prints the same document).
SCHEMA_URL = "../basaltcalc/data/scenario.schema.json"


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
        return (f"<Scenario {self.name!r}: {kinds}; {n} elements; in-situ {self.insitu_material} by "
                f"{self.route} at {self.site} on {self.power}; Earth {self.earth_material}; "
                f"{len(self.inputs)} inputs, {len(self.defaults_used())} from defaults>")

    def _repr_html_(self) -> str:
        from .html import scenario_html

        return scenario_html(self)
