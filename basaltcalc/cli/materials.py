"""``basaltcalc materials``: the catalogue of defaults with sources and ranges."""
from __future__ import annotations

from .common import output_file


def add_parser(sub):
    p = sub.add_parser("materials", help="list the catalogue: materials, routes, power, sites, transport, economics",
                       description="List the sourced catalogue of defaults (basaltcalc/data): "
                                   "every value with its range and source.")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--table", choices=("materials", "routes", "power", "sites", "transport",
                                       "economics", "safety_factors"),
                   help="only this table")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.set_defaults(func=run)


def _value_row(v, cat) -> dict:
    q = v.quantity
    row = {"value": float(q.magnitude), "unit": f"{q.units:~P}" if not q.dimensionless else "",
           "si": v.si, "si_unit": "" if str(v.unit) == "dimensionless" else f"{v.unit:~}",
           "low_si": v.low, "high_si": v.high, "source": v.source,
           "reference": cat.reference(v.source), "weak": v.weak}
    if v.note:
        row["note"] = v.note
    return row


def catalogue_dict(only=None) -> dict:
    """The catalogue as plain data: table -> entry -> property -> value row (or text)."""
    from ..catalogue import Value, load_catalogue

    cat = load_catalogue()
    out = {}
    for table, entries in cat.tables.items():
        if only and table != only:
            continue
        out[table] = {entry: {prop: _value_row(v, cat) if isinstance(v, Value) else v
                              for prop, v in props.items()} for entry, props in entries.items()}
    for table, props in cat.flat.items():
        if only and table != only:
            continue
        out[table] = {prop: _value_row(v, cat) for prop, v in props.items()}
    return out


def catalogue_text(only=None) -> str:
    from ..catalogue import Value, load_catalogue

    cat = load_catalogue()
    lines = []

    def value_line(prop, v, indent):
        text = v.describe()
        lines.append(f"{indent}{prop:<26}{text:<32}{'(weak) ' if v.weak else ''}{v.source}")

    for table, entries in cat.tables.items():
        if only and table != only:
            continue
        lines.append(f"== {table} ==")
        for entry, props in entries.items():
            extra = ", ".join(f"{k}: {props[k]}" for k in ("origin", "safety_class", "material") if props.get(k))
            lines.append(f"{entry}" + (f"  ({extra})" if extra else ""))
            if props.get("description"):
                lines.append(f"    {props['description']}")
            for prop, v in props.items():
                if isinstance(v, Value):
                    value_line(prop, v, "    ")
                elif v is None:
                    lines.append(f"    {prop:<26}n/a")
        lines.append("")
    for table, props in cat.flat.items():
        if only and table != only:
            continue
        lines.append(f"== {table} ==")
        for prop, v in props.items():
            value_line(prop, v, "    ")
        lines.append("")
    lines.append("Sources (values are in basaltcalc/data/*.yaml; `--format json` has them per value):")
    refs = sorted({v.source for v in _all(only)})
    lines += [f"  {k}: {cat.reference(k)}" for k in refs]
    return "\n".join(lines)


def _all(only):
    from ..catalogue import Value, load_catalogue

    cat = load_catalogue()
    for table, entries in cat.tables.items():
        if not only or table == only:
            for props in entries.values():
                yield from (v for v in props.values() if isinstance(v, Value))
    for table, props in cat.flat.items():
        if not only or table == only:
            yield from props.values()


def run(args) -> int:
    from .common import dumps, emit

    if args.format == "json":
        from .. import __version__
        text = dumps({"basaltcalc": __version__, **catalogue_dict(args.table)})
    else:
        text = catalogue_text(args.table)
    emit(text, args.output)
    return 0
