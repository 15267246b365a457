"""``basaltcalc explain FILE``: every input a run uses, its value, and where it came from."""
from __future__ import annotations

from .common import output_file


def add_parser(sub):
    p = sub.add_parser("explain", help="list every input a run uses: value, unit, file or default, source",
                       description="List every input the run of a scenario uses: its value and "
                                   "unit, whether it came from the file (with the line) or from a "
                                   "catalogue default, and the default's source and range.")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO.yaml",
                   help="scenario file (default: the packaged default scenario)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--defaults-only", action="store_true", help="list only the inputs taken from defaults")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.set_defaults(func=run)


def _given(q) -> str:
    return f"{q.magnitude:g} {q.units:~P}".strip()


def _cost_model_uses(scenario, path: str) -> bool:
    """False for the parameters of a cost model the scenario does not use (``economics.amcm_*``
    outside ``amcm``; ``economics.transcost_*`` and ``work_year_cost`` outside ``transcost``)."""
    model = getattr(scenario, "cost_model", "estimate")
    if path.startswith("economics.amcm_"):
        return model == "amcm"
    if path.startswith("economics.transcost_") or path == "economics.work_year_cost":
        return model == "transcost"
    if path in ("economics.hardware_cost", "economics.ddte"):
        return model == "estimate"
    return True


def explain_rows(scenario) -> list[dict]:
    """One row per input: path, value as written, SI value and unit, origin, line, source, range."""
    from ..catalogue import load_catalogue
    from ..model import core_inputs
    from ..model.boundary import comparator_inputs

    from ..model.tables import _choice_rows

    cat = load_catalogue()
    used = set(core_inputs(scenario).values()) | comparator_inputs(scenario)
    from .. import display

    rows = [{"path": c["path"], "value": str(c["as_given"]), "shown": str(c["shown"]), "si": c["value"], "si_unit": "",
             "origin": c["origin"], "line": c["line"], "used": True, "source": c["source"],
             "reference": c["reference"], "range": None if c["low"] is None else f"{c['low']}-{c['high']}",
             "weak": False, "note": None, "custom": c["custom"]} for c in _choice_rows(scenario)]
    for path, inp in scenario.inputs.items():
        d = inp.default
        unit = "" if str(inp.unit) == "dimensionless" else f"{inp.unit:~}"
        if inp.origin == "file":
            value = inp.given if inp.given is not None else f"{inp.si:g} {unit}".strip()
        else:
            value = _given(d.quantity) if d is not None else f"{inp.si:g} {unit}".strip()
        row = {"path": path, "value": str(value), "shown": display.format_input(path, inp.si, inp.unit),
               "si": inp.si, "si_unit": unit, "origin": inp.origin,
               "line": inp.line, "used": (path in used or not path.split(".")[0] in
                                          ("materials", "routes", "power", "sites", "economics",
                                           "safety_factors")) and _cost_model_uses(scenario, path),
               "source": d.source if d is not None else None,
               "reference": cat.reference(d.source) if d is not None else None,
               "range": None, "weak": bool(d.weak) if d is not None else False,
               "note": d.note if d is not None and d.note else None,
               "custom": scenario.custom_note(path)}
        if d is not None and (d.low is not None or d.high is not None):  # in the input's display unit
            row["range"] = (display.format_range(path, *d.range_si, inp.unit)[1:-1] + " "
                            + display.input_unit(path, inp.unit)).strip()
        if d is None and inp.origin == "default":
            row["reference"] = "not applicable to this choice (stands in for an absent property)"
        rows.append(row)
    return rows


def explain_text(scenario) -> str:
    from ..model.tables import cost_basis

    rows = explain_rows(scenario)
    lines = [f"{scenario.name}", f"file: {scenario.file or '(built in)'}"
             + (f"  sha256 {scenario.sha256}" if scenario.sha256 else ""),
             f"in-situ {scenario.insitu_material} by {scenario.route} at {scenario.site} on "
             f"{scenario.power}; Earth {scenario.earth_material}; transport "
             f"{scenario.transport_preset or 'from the file'}", cost_basis(scenario)["text"], ""]
    lines[-1:-1] = scenario.custom_notes()
    n_file = sum(r["origin"] == "file" for r in rows)
    lines.append(f"{len(rows)} inputs: {n_file} from the file, {len(rows) - n_file} defaults "
                 f"({sum(r['weak'] for r in rows)} weakly sourced)")
    width = max(len(r["path"]) for r in rows) + 2
    for r in rows:
        origin = f"file line {r['line']}" if r["origin"] == "file" else "default"
        record = scenario.custom_entry(r["path"]) if r["custom"] else None
        if record is not None and r["origin"] == "default":
            origin = f"base {record['base']}"  # a new entry's value taken from its base
        written = f" (written {r['value']!r})" if r["origin"] == "file" and r["value"] != r["shown"] else ""
        head = f"{r['path']:<{width}}{r['shown'] + written:<22} {origin}"
        if not r["used"]:
            head += "  (not used by this run)"
        lines.append(head)
        if r["source"] or r["reference"]:
            rng = f"range {r['range']}; " if r["range"] else ""
            weak = "weak source; " if r["weak"] else ""
            lines.append(f"{'':<{width}}  {rng}{weak}{r['reference'] or r['source']}")
    return "\n".join(lines)


def run(args) -> int:
    from .common import dumps, emit, load

    scenario = load(args.scenario)
    if args.format == "json":
        rows = explain_rows(scenario)
        if args.defaults_only:
            rows = [r for r in rows if r["origin"] == "default"]
        from .. import __version__
        text = dumps({"basaltcalc": __version__, "scenario": scenario.name, "file": scenario.file,
                      "sha256": scenario.sha256, "inputs": rows})
    else:
        text = explain_text(scenario)
        if args.defaults_only:
            text = "\n".join(line for line in text.splitlines() if " file line " not in line)
    emit(text, args.output)
    return 0
