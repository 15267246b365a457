"""Problems: pydantic's validation errors turned into located, helpful :class:`Problem` s (key
path, ``file:line:col``, near-miss suggestion), collected so that every one is reported at once."""
from __future__ import annotations

import re

from ..catalogue import load_catalogue
from ..errors import Problem
from .inputs import _describe_input, _suggest
from .quantities import _TAG
from .reader import join_path
from .structure import file_model

_NOUNS = {"route": "route", "power": "power preset", "site": "site", "preset": "transport preset",
          "base": "base material", "safety_class": "safety class", "origin": "origin"}
_CONTAINERS = {"routes": "route", "power": "power preset", "sites": "site",
               "transport_presets": "transport preset"}


def _clean_loc(loc) -> tuple:
    out = []
    for i, part in enumerate(loc):
        if part in ("sheet", "tube") and i >= 2 and isinstance(loc[i - 1], int) and loc[0] == "elements":
            continue  # the discriminated union's tag
        if part == "[key]":
            continue
        out.append(part)
    return tuple(out)


def _loc_path(loc) -> str:
    path = ""
    for part in loc:
        path = join_path(path, part)
    return path


def _unwrap(ann):
    """The model classes an annotation may hold (through Optional, Union, list, Annotated)."""
    args = getattr(ann, "__args__", None)
    if hasattr(ann, "model_fields"):
        return [ann]
    if args is None:
        meta = getattr(ann, "__metadata__", None)
        return _unwrap(ann.__origin__) if meta else []
    out = []
    for a in args:
        out += _unwrap(a)
    return out


def _fields_at(loc, data) -> list[str]:
    """Keys allowed in the mapping at ``loc`` (without its last part), for near-miss hints."""
    models = [file_model()]
    node = data
    for part in loc[:-1]:
        node = _child(node, part)
        nxt = []
        for m in models:
            if isinstance(part, int):
                nxt.append(m)
                continue
            byalias = {(f.alias or n): f for n, f in m.model_fields.items()}
            f = byalias.get(part)
            if f is not None:
                nxt += _unwrap(f.annotation)
            elif m.model_config.get("extra") == "allow":
                extra = m.__annotations__.get("__pydantic_extra__")
                nxt += _unwrap(extra.__args__[1]) if extra is not None else []
        if isinstance(node, dict) and "kind" in node:  # an element: pick the member of its kind
            nxt = [m for m in nxt if "kind" not in m.model_fields
                   or node["kind"] in getattr(m.model_fields["kind"].annotation, "__args__", ())] or nxt
        models = nxt
    names = []
    for m in models:
        names += [f.alias or n for n, f in m.model_fields.items()]
    return names


def _child(node, part):
    """``node[part]`` for a mapping key or an in-range list index, else None."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and part < len(node):
        return node[part]
    return None


def _unknown_key(loc, path, data, col) -> None:
    last = loc[-1] if loc else ""
    parent = loc[-2] if len(loc) > 1 else ""
    options = _fields_at(loc, data)
    if parent in _CONTAINERS and len(loc) == 2:
        col.add(path, f"unknown {_CONTAINERS[parent]} '{last}'{_suggest(last, options)}")
    elif last == "base" and len(loc) == 3 and loc[0] in ("materials", *_CONTAINERS):
        noun = "material" if loc[0] == "materials" else _CONTAINERS[loc[0]]
        col.add(path, f"'{parent}' is a catalogue {noun}: give only the properties to change under "
                      f"it, or, to derive a new {noun} from it, give the new one another name "
                      f"(catalogue names are never redefined)")
    else:
        col.add(path, f"unknown key '{last}'{_suggest(last, options)}"
                      + (f" (allowed: {', '.join(options)})" if len(options) <= 12 and options else ""))


def _missing(loc, path, col) -> None:
    last = loc[-1] if loc else ""
    parent = loc[-2] if len(loc) > 1 else ""
    if loc[:1] == ("materials",) and last == "base" and len(loc) == 3:
        names = list(load_catalogue().tables["materials"])
        col.add(_loc_path(loc[:2]), f"unknown material '{parent}'{_suggest(parent, names)}; a new "
                "material needs 'base: <catalogue material>' (one of " + ", ".join(names) + ")")
    elif loc == ("transport",):
        col.add(path, "required: transport.preset (" + ", ".join(load_catalogue().tables["transport"])
                + "), or landed_cost, or leo_cost + delta_v + isp")
    elif loc == ("insitu",):
        col.add(path, "required: the in-situ option, e.g. insitu: {route: melt-cast, campaign: 2 year}")
    elif last == "campaign":
        col.add(path, "required: the length of the production campaign, e.g. '2 year'")
    else:
        col.add(path, f"required key '{last}' is missing")


def _message(err, loc, path) -> tuple[str, str]:
    """(path, message) of any other kind of error."""
    typ, inp, msg = err["type"], err.get("input"), err["msg"].removeprefix("Value error, ")
    last = loc[-1] if loc else ""
    if typ == "literal_error":
        expected = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        noun = _NOUNS.get(str(last), "value")
        if last == "base" and loc[0] in _CONTAINERS:  # a new route's, preset's or site's base
            noun = f"base {_CONTAINERS[loc[0]]}"
        return path, (f"unknown {noun} {_describe_input(inp)}{_suggest(inp, expected)} "
                      f"(expected one of: {', '.join(expected)})")
    if typ == "union_tag_invalid":
        return join_path(path, "kind"), (f"unknown element kind {inp.get('kind')!r}"
                                         f"{_suggest(inp.get('kind'), ['sheet', 'tube'])} "
                                         "(expected 'sheet' or 'tube')")
    if typ == "union_tag_not_found":
        return join_path(path, "kind"), "required key 'kind' is missing ('sheet' or 'tube')"
    if typ in ("model_type", "model_attributes_type", "dict_type"):
        return path, f"expected a mapping of keys, got {_describe_input(inp)}"
    if typ == "list_type":
        return path, f"expected a list (lines starting with '- '), got {_describe_input(inp)}"
    if typ == "too_short" and last == "elements":
        return path, "at least one element group is needed"
    if typ == "string_type":
        return path, f"expected text, got {_describe_input(inp)}"
    if typ == "value_error":
        return path, msg
    return path, f"{msg} (got {_describe_input(inp)})"


def _problem_from_error(err, data, col) -> None:
    """Add to ``col`` the located problem of one pydantic error."""
    loc = _clean_loc(err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    if msg.startswith(_TAG):  # a validator that names the sub-key the problem belongs to
        _, key, msg = msg.split(_TAG, 2)
        path = _loc_path(loc)
        col.add(key if key.startswith("elements[") else join_path(path, key), msg)
        return
    path = _loc_path(loc)
    if err["type"] == "extra_forbidden":
        _unknown_key(loc, path, data, col)
    elif err["type"] == "missing":
        _missing(loc, path, col)
    else:
        col.add(*_message(err, loc, path))


_LAST_PART = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


class _Collector:
    def __init__(self, file, positions, traps=None):
        self.file, self.positions, self.problems = file, positions, []
        self.traps = traps or {}

    def where(self, path):
        pos = self.positions.get(path)
        while pos is None and path:
            m = _LAST_PART.search(path)
            path = path[: m.start()] if m else ""
            pos = self.positions.get(path)
        return pos or (None, None)

    def add(self, path, message):
        line, col = self.where(path)
        why = self.traps.get(path)
        if why and why not in message:
            message = f"{message}; note: {why}"
        self.problems.append(Problem(message, path, self.file, line, col))


def _sorted(problems):
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.path))
