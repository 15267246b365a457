"""``basaltcalc value``: which uncertainty to resolve first (EVPI, EVPPI, EVSI in USD)."""
from __future__ import annotations

from .common import add_scenario_argument, add_set_option, dumps, emit, load, option_errors, parse_sets, whole_number


def add_parser(sub):
    from ..studies.value import MAX_SAMPLES, MIN_SAMPLES, VALUE_SAMPLES

    p = sub.add_parser("value", help="which uncertainty to resolve first: the value of information, in USD",
                       description="The expected value of perfect information (EVPI) of each decision "
                                   "(in situ against each Earth design, and among all), the partial "
                                   "EVPI of every uncertain input and named group, and the value of "
                                   "named measurements (EVSI), over the scenario's uncertainty set: "
                                   "one seeded Monte Carlo sample, regression estimators (Strong, "
                                   "Oakley & Brennan 2014), each with its standard error.")
    add_scenario_argument(p)
    p.add_argument("-n", "--samples", type=whole_number(MIN_SAMPLES, MAX_SAMPLES), default=None,
                   help=f"Monte Carlo samples (default {VALUE_SAMPLES:,})")
    p.add_argument("--seed", type=whole_number(0), help="seed (default: the file's uncertainty: seed, else 0)")
    p.add_argument("--group", action="append", default=[], metavar="NAME=PATH,PATH,...",
                   help="a named group of inputs whose joint EVPPI to estimate (repeatable; also the "
                        "file's uncertainty: groups:)")
    p.add_argument("--measure", action="append", default=[], metavar="NAME=PATH,n=N,sd=Q|sigma=S",
                   help="a named measurement: N readings of the input with normal errors of standard "
                        "deviation Q (a quantity), or errors normal in ln of standard deviation S "
                        "(repeatable; also the file's uncertainty: measurements:)")
    p.add_argument("--basis", choices=("total_cost", "npv"), default="total_cost",
                   help="the cost each decision minimises (default total_cost; npv: discounted)")
    p.add_argument("--routes", action="store_true",
                   help="also the decision among every in-situ route and Earth design")
    p.add_argument("--all-defaults", choices=("sourced", "uniform", "loguniform", "triangular", "pert", "off"),
                   default=None, help="the family of the sourced ranges in the uncertainty set "
                   "(default: the block's, else sourced)")
    p.add_argument("--top", type=whole_number(1), default=10, help="inputs listed per decision (default 10)")
    add_set_option(p, help="fix an input first (known: not drawn)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    p.set_defaults(func=run)


def _named(items, option):
    """``NAME=REST`` options as ``{name: rest}`` (a located error for a malformed one)."""
    from ..errors import Problem, ScenarioError

    out, problems = {}, []
    for item in items:
        name, sep, rest = item.partition("=")
        if not sep or not name.strip() or not rest.strip():
            problems.append(Problem(f"takes NAME=..., got {item!r}", origin=option))
            continue
        out[name.strip()] = rest.strip()
    if problems:
        raise ScenarioError(problems)
    return out


def parse_groups(items) -> dict | None:
    """``--group NAME=PATH,PATH`` options as ``{name: [path, ...]}`` (None: none given)."""
    groups = _named(items, "--group")
    return {k: [p.strip() for p in v.split(",") if p.strip()] for k, v in groups.items()} or None


def parse_measurements(items) -> dict | None:
    """``--measure NAME=PATH,n=N,sd=Q`` options as ``{name: {input, n, sd}}`` (None: none given)."""
    from ..errors import Problem, ScenarioError

    out = {}
    for name, rest in _named(items, "--measure").items():
        path, *pairs = [p.strip() for p in rest.split(",")]
        spec = {"input": path}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep:
                raise ScenarioError(Problem(f"{name}: takes PATH,n=N,sd=Q or PATH,n=N,sigma=S, got "
                                            f"{pair!r}", origin="--measure"))
            key = key.strip()
            value = value.strip()
            if key == "n":
                spec[key] = int(value) if value.isdigit() else value
            elif key == "sigma":
                try:
                    spec[key] = float(value)
                except ValueError:
                    spec[key] = value
            else:
                spec[key] = value
        out[name] = spec
    return out or None


def _cli_origins(exc, groups_given, measures_given):
    """Problems of groups and measurements given on the command line, reported against their option."""
    from ..errors import Problem, ScenarioError

    def origin(p):
        if groups_given and p.path.startswith("groups"):
            return "--group"
        if measures_given and p.path.startswith("measurements"):
            return "--measure"
        return None

    if not any(origin(p) for p in exc.problems):
        return exc
    return ScenarioError([Problem(p.message, p.path, origin=origin(p)) if origin(p) else p for p in exc.problems])


def run(args) -> int:
    from ..errors import ScenarioError
    from ..studies.value import VALUE_SAMPLES, value_of_information

    scenario = load(args.scenario)
    groups, measures = parse_groups(args.group), parse_measurements(args.measure)
    given = {k: o for k, o, v in (("samples", "-n", args.samples), ("seed", "--seed", args.seed),
                                  ("basis", "--basis", args.basis)) if v is not None}
    try:
        with option_errors(**given):
            ds = value_of_information(scenario, parse_sets(args.set), n=args.samples or VALUE_SAMPLES,
                                      seed=args.seed, groups=groups, measurements=measures, basis=args.basis,
                                      routes=args.routes,
                                      all_defaults=False if args.all_defaults == "off" else args.all_defaults)
    except ScenarioError as exc:
        raise _cli_origins(exc, groups is not None, measures is not None) from None
    if args.format == "json":
        from ..outputs.files import dataset_json

        emit(dumps(dataset_json(ds)), args.output)
    elif args.format == "csv":
        emit(value_csv(ds), args.output)
    else:
        emit(summary(ds, args.top), args.output)
    return 0


def _money(v) -> str:
    from ..model.tables import format_quantity

    return format_quantity(float(v), "USD")


def summary(ds, top=10) -> str:
    """The text of a value-of-information study: each decision's EVPI and who wins, then the
    inputs and groups ranked by EVPPI, then the measurements' EVSI."""
    import json

    import numpy as np

    a = ds.attrs
    lines = [f"value of information of '{a.get('scenario_name', '')}': {a.get('costs', '')}",
             f"  over {a.get('uncertainty_set')} ({int(a.get('uncertain_inputs', 0))} uncertain inputs); "
             f"{int(a.get('samples', 0)):,} Monte Carlo samples, seed {a.get('seed')}; each option's "
             f"net benefit: minus its {a.get('basis')}",
             "  estimators: EVPI the mean opportunity loss; EVPPI and EVSI by regression (Strong, Oakley "
             "& Brennan 2014); +/- one standard error", ""]
    from .. import display

    options = [str(o) for o in ds["option"].values]
    rows = []
    for k, dname in enumerate(ds["decision"].values):
        pb = ds["p_best"].values[k]
        j = int(np.nanargmax(pb))
        rows.append([str(dname), _money(ds["evpi"].values[k]), _money(ds["evpi_se"].values[k]),
                     f"{options[j]} ({pb[j]:.3f})"])
    lines += display.text_table(["decision", "EVPI", "+/-", "cheapest option (share of samples)"], rows,
                                align="lrrl")
    params = [str(p) for p in ds["parameter"].values]
    kinds = [str(k) for k in ds["kind"].values]
    for k, dname in enumerate(ds["decision"].values):
        ev = float(ds["evpi"].values[k])
        lines.append("")
        if ev == 0:
            lines.append(f"{dname}: EVPI 0: {options[int(np.nanargmax(ds['p_best'].values[k]))]} is cheaper in "
                         "every sample; no information changes this decision")
            continue
        v, se = ds["evppi"].values[k], ds["evppi_se"].values[k]
        order = np.argsort(-v, kind="stable")
        shown = [i for i in order if kinds[i] == "input"][:top] + [i for i in order if kinds[i] == "group"]
        lines.append(f"which uncertainty to resolve first: {dname} (EVPI {_money(ev)})")
        rank, rows = 0, []
        for i in shown:
            rank += kinds[i] == "input"
            tag = f"{rank}" if kinds[i] == "input" else "group"
            rows.append([tag, params[i], _money(v[i]), _money(se[i]), f"{v[i] / ev:.0%}"])
            if kinds[i] == "group":
                rows.append(["", f"  = {ds['members'].values[i]}", "", "", ""])
        lines += display.text_table(["rank", "input or group", "EVPPI", "+/-", "of EVPI"], rows, align="llrrr")
        zero = sum(1 for i in range(len(params)) if kinds[i] == "input" and v[i] == 0)
        if zero:
            lines.append(f"  {zero} of {kinds.count('input')} inputs have an EVPPI of 0: knowing any one of them "
                         "alone would not change this decision")
        for j, m in enumerate(ds["measurement"].values):
            lines.append(f"  measurement '{m}': EVSI {_money(ds['evsi'].values[k, j])} +/- "
                         f"{_money(ds['evsi_se'].values[k, j])} ({ds['data_model'].values[j]})")
    notes = json.loads(a.get("notes", "[]")) if isinstance(a.get("notes"), str) else a.get("notes") or []
    lines += [f"note: {n}" for n in notes]
    return "\n".join(lines)


def value_csv(ds) -> str:
    """One row per decision and quantity: EVPI, then each input's and group's EVPPI, then each
    measurement's EVSI, with its standard error (USD of the cost year)."""
    import csv
    import io

    buf = io.StringIO()
    a = ds.attrs
    buf.write(f"# value of information of {a.get('scenario_name', '')}; {a.get('costs', '')}\n"
              f"# over {a.get('uncertainty_set')} ({a.get('uncertain_inputs')} uncertain inputs); "
              f"{a.get('samples')} samples, seed {a.get('seed')}; basis {a.get('basis')}\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["decision", "quantity", "name", "value [USD]", "se [USD]", "detail"])
    for k, dname in enumerate(ds["decision"].values):
        w.writerow([dname, "evpi", "", repr(float(ds["evpi"].values[k])), repr(float(ds["evpi_se"].values[k])), ""])
        for i, p in enumerate(ds["parameter"].values):
            w.writerow([dname, f"evppi ({ds['kind'].values[i]})", p, repr(float(ds["evppi"].values[k, i])),
                        repr(float(ds["evppi_se"].values[k, i])), ds["members"].values[i]
                        if ds["kind"].values[i] == "group" else ds["distribution"].values[i]])
        for j, m in enumerate(ds["measurement"].values):
            w.writerow([dname, "evsi", m, repr(float(ds["evsi"].values[k, j])), repr(float(ds["evsi_se"].values[k, j])),
                        ds["data_model"].values[j]])
    return buf.getvalue()
