"""The names a file may choose (routes, power presets, sites, transport presets): the catalogue's
and the file's new ones, checked against the validation context with a near-miss suggestion."""
from __future__ import annotations

from ..catalogue import load_catalogue
from .inputs import _suggest

#: File block of new entries -> catalogue table (``transport:`` itself chooses the preset).
CUSTOM_BLOCKS = {"routes": "routes", "power": "power", "sites": "sites",
                 "transport_presets": "transport"}
#: What an entry of each table is called in messages.
NOUNS = {"routes": "route", "power": "power preset", "sites": "site", "transport": "transport preset"}


def known_entries(data, table: str) -> dict:
    """Entry name -> its route's product (routes) or None: the catalogue's entries and the file's
    new ones (from the raw file data, for the validation context, as materials are)."""
    T = load_catalogue().tables
    known = {n: e.get("material") for n, e in T[table].items()}
    block = next(b for b, t in CUSTOM_BLOCKS.items() if t == table)
    raw = data.get(block) if isinstance(data, dict) else None
    if isinstance(raw, dict):
        for name, props in raw.items():
            if str(name) in known or not isinstance(props, dict):
                continue
            base = props.get("base")
            material = props.get("material") or (T[table].get(base, {}).get("material")
                                                 if isinstance(base, str) else None)
            known[str(name)] = material
    return known


def check_entry(v, info, table: str):
    """``v`` if it names a catalogue entry of ``table`` or one the file defines (validation context)."""
    known = (info.context or {}).get(table) or {n: None for n in load_catalogue().tables[table]}
    if v not in known:
        block = next(b for b, t in CUSTOM_BLOCKS.items() if t == table)
        raise ValueError(f"unknown {NOUNS[table]} '{v}'{_suggest(v, known)} (known: "
                         f"{', '.join(known)}; define a new one under {block}: with base:)")
    return v
