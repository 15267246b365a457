"""Writing back: a :class:`Scenario` as file data (:meth:`Scenario.to_dict`): its choices, element
groups and every input the file gave, each as written where the text still means the value."""
from __future__ import annotations

from typing import Any

from ..catalogue import load_catalogue
from .inputs import Input
from .quantities import quantity_si


def _as_written(inp: Input):
    """The value of an input as a file would write it: the text given, else SI with its unit."""
    if inp.given is not None and not isinstance(inp.given, bool):
        try:  # keep the user's text when it still means this value exactly
            unit = "" if str(inp.unit) == "dimensionless" else str(inp.unit)
            if quantity_si(inp.given, unit, "any") == inp.si:
                return inp.given
        except ValueError:
            pass
    if str(inp.unit) == "dimensionless":
        return inp.si
    return f"{inp.si!r} {inp.unit:~C}"


def _elements(sc) -> list[dict]:
    elements = []
    for i, e in enumerate(sc.elements):
        item: dict[str, Any] = {"name": e["name"], "kind": e["kind"], "count": int(sc.inputs[f"elements[{i}].count"].si)}
        load = {}
        for key in ("length", "width", "outer_diameter", "thickness"):
            inp = sc.inputs.get(f"elements[{i}].{key}")
            if inp is not None:
                item[key] = _as_written(inp)
        for key in e["loads"]:
            load[key] = _as_written(sc.inputs[f"elements[{i}].load.{key}"])
        if load:
            item["load"] = load
        elements.append(item)
    return elements


def _materials(sc) -> dict[str, dict]:
    """The ``materials:`` block's structure: new materials' base and origin, changed safety classes."""
    cat = load_catalogue()
    materials: dict[str, dict] = {}
    for name, m in sc.materials.items():
        entry: dict[str, Any] = {}
        if m.get("base"):
            entry["base"] = m["base"]
            if m.get("origin") != cat.tables["materials"][m["base"]].get("origin"):
                entry["origin"] = m["origin"]
        base = m.get("base") or name
        if base in cat.tables["materials"] and m.get("safety_class") != cat.tables["materials"][base].get("safety_class"):
            entry["safety_class"] = m["safety_class"]
        if entry or m.get("base"):
            materials[name] = entry
    return materials


def _overrides(sc, file_inputs, out) -> None:
    """The catalogue overrides the file gave, into ``out``'s materials, tables and flat blocks."""
    materials = _materials(sc)
    blocks: dict[str, dict] = {"routes": {}, "power": {}, "sites": {}}
    flat: dict[str, dict] = {"economics": {}, "safety_factors": {}}
    for path, inp in file_inputs.items():
        parts = path.split(".")
        if (parts[0], parts[1]) in sc.custom:
            continue  # a new entry: written whole by _custom
        if parts[0] == "materials":
            materials.setdefault(parts[1], {})[parts[2]] = _as_written(inp)
        elif parts[0] in blocks:
            blocks[parts[0]].setdefault(parts[1], {})[parts[2]] = _as_written(inp)
        elif parts[0] in flat:
            flat[parts[0]][parts[1]] = _as_written(inp)
    if getattr(sc, "discounting", "continuous") != "continuous" or "economics.discounting" in (sc.positions or {}):
        flat["economics"] = {"discounting": sc.discounting, **flat["economics"]}
    if getattr(sc, "cost_model", "estimate") != "estimate" or "economics.cost_model" in (sc.positions or {}):
        flat["economics"] = {"cost_model": sc.cost_model, **flat["economics"]}
    if materials:
        out["materials"] = materials
    for key, block in {**blocks, **flat}.items():
        if block:
            out[key] = block


def _custom(sc, out) -> None:
    """The new routes, power presets, sites and transport presets, as the file wrote them."""
    for record in sc.custom.values():
        out.setdefault(record["block"], {})[record["name"]] = dict(record["raw"])


def _to_dict(sc) -> dict:
    out: dict[str, Any] = {"name": sc.name}
    if sc.description:
        out["description"] = sc.description
    if getattr(sc, "cost_year_given", False):
        out["cost_year"] = sc.cost_year
    out["site"] = sc.site
    file_inputs = {p: i for p, i in sc.inputs.items() if i.origin == "file"}
    transport = {"preset": sc.transport_preset} if sc.transport_preset else {}
    transport.update({p.split(".", 1)[1]: _as_written(i) for p, i in file_inputs.items()
                      if p.startswith("transport.") and sc.custom_entry(p) is None})
    if getattr(sc, "billing", "per-kg") != "per-kg" or "transport.billing" in (sc.positions or {}):
        transport["billing"] = sc.billing
    out["transport"] = transport
    out["insitu"] = {"route": sc.route, "material": sc.insitu_material, "power": sc.power}
    if sc.inputs["insitu.campaign"].origin == "file":  # else left to its sourced default
        out["insitu"]["campaign"] = _as_written(sc.inputs["insitu.campaign"])
    module = sc.inputs.get("insitu.plant_module_mass")
    if module is not None and module.origin == "default":  # modular: true, the default module
        out["insitu"]["modular"] = True
    elif module is not None:
        out["insitu"]["plant_module_mass"] = _as_written(module)
    out["earth"] = {"material": "same" if sc.earth_same else sc.earth_material}
    if sc.comparators:
        out["earth"]["comparators"] = [c["material"] for c in sc.comparators[1:]]
    out["elements"] = _elements(sc)
    _overrides(sc, file_inputs, out)
    _custom(sc, out)
    for key, block in sc.blocks.items():
        out[key] = block
    return out
