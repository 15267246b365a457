"""``basaltcalc report``: one document a colleague can read (HTML with inline SVG, or Markdown).

This module decides what goes in the report and runs it (the point, the figures, the sweep and
uncertainty blocks of the file); :mod:`basaltcalc.outputs.report` lays it out.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import BasaltcalcError, Problem, ScenarioError
from .common import (add_scenario_argument, add_set_option, load, output_file, parse_sets,
                     whole_number)

#: Samples of the uncertainty table at most (the file's count, capped to keep a report quick).
REPORT_SAMPLES = 1 << 16
#: Samples of the report's value-of-information study (the decision view).
REPORT_VALUE_SAMPLES = 1 << 14


def add_parser(sub):
    p = sub.add_parser("report", help="a self-contained HTML or Markdown report of a scenario",
                       description="Write the report of a scenario: the answer and how sure it is "
                                   "(the probability that in-situ is cheaper, each decision's "
                                   "value of information), both options side by side with their "
                                   "breakdowns and figures, the sweep and uncertainty results "
                                   "where the file has those blocks, the element sizing, every "
                                   "metric and assumption, the provenance.")
    add_scenario_argument(p)
    p.add_argument("-o", "--output", type=output_file, required=True, metavar="FILE",
                   help="report file: .html (figures inline as SVG) or .md (Markdown, its figures as SVG files in NAME_figures/ beside it)")
    p.add_argument("--samples", type=whole_number(2, 1 << 20), default=None,
                   help=f"uncertainty samples (default the file's, at most {REPORT_SAMPLES})")
    add_set_option(p, help="override an input by dotted path (scalars)")
    p.set_defaults(func=run)


def build_report(scenario, overrides=None, samples=None):
    """Evaluate everything the report of ``scenario`` shows: an :class:`outputs.report.Report`."""
    from ..model import evaluate
    from ..outputs.report import Report
    from .plot import make_figure, study

    from ..studies.decision import probability_cheaper
    from ..studies.value import value_of_information

    overrides = dict(overrides or {})
    res = evaluate(scenario, overrides)
    rep = Report(res)
    rep.how_sure = probability_cheaper(scenario, overrides)
    rep.value = value_of_information(scenario, overrides, n=REPORT_VALUE_SAMPLES)
    rep.seeds["probability"] = rep.how_sure.seed
    rep.seeds["value of information"] = int(rep.value.attrs["seed"])
    figures = [("options", "breakdown", "Cost and launched mass of each option, term by term"),
               ("options", "landed-cost", "Total cost against the landed cost per kg"),
               ("options", "scale", "Total cost against the number of elements"),
               ("options", "tornado", "Cost ratio: one input of the uncertainty set at a time, at the ends "
                                      "of its distribution (the input's value at each bar's end)")]
    blocks = scenario.blocks or {}
    if blocks.get("sweep"):
        figures.append(("sweep", "sweep", "Cost ratio over the file's sweep, breakeven contour"))
        rep.sweep, _ = study("sweep", scenario, overrides)
    if blocks.get("uncertainty"):
        from ..studies.sampling import read_uncertainty, uncertainty

        plan = read_uncertainty(scenario)
        n = samples or min(plan.n, REPORT_SAMPLES)
        rep.uncertainty = uncertainty(scenario, n=n, overrides=overrides, progress=False)
        rep.seeds["uncertainty"] = int(rep.uncertainty.attrs["seed"])
        figures += [("uncertainty", "distribution", "Monte Carlo distribution of the savings"),
                    ("uncertainty", "sobol", "Sobol' indices of the cost ratio")]
    else:
        rep.notes.append("The file has no uncertainty: block: no Monte Carlo statistics table (the "
                         "decision view above draws the sourced ranges).")
    if not blocks.get("sweep"):
        rep.notes.append("The file has no sweep: block: no sweep map.")
    if blocks.get("optimize"):  # the best plan, and over the block's over: its curve (issue 28)
        from ..studies.optimize import optimize, optimize_sweep
        from ..outputs.plotting.optimum import optimum_curve

        rep.optimum = optimize(scenario, overrides=overrides)
        if blocks["optimize"].get("over"):
            rep.figures.append(("optimum", "The best plan's objective against the swept input, the plan "
                                           "changes marked, beside the best Earth design",
                                optimum_curve(optimize_sweep(scenario, overrides=overrides))))
    from ..outputs.plotting import pick_decision, value_of_information as value_figure

    k = pick_decision(rep.value)
    rep.figures.append(("decision", f"Which uncertainty to resolve first: {rep.value['decision'].values[k]} "
                                    "(the decision with the largest EVPI)", value_figure(rep.value)))
    for section, kind, caption in figures:
        try:
            fig = make_figure(kind, scenario, overrides, res=res)
        except BasaltcalcError as exc:  # a figure that does not apply says why, in the report
            rep.notes.append(f"{caption}: not drawn ({exc})")
            continue
        rep.figures.append((section, caption, fig))
    return rep


def run(args) -> int:
    from ..outputs.atomic import write_atomic
    from ..outputs.report import render_html, render_markdown
    from ..text import printable

    fmt = Path(args.output).suffix.lower()
    if fmt not in (".html", ".htm", ".md"):
        raise ScenarioError(Problem(f"the report format comes from the extension: .html or .md, got "
                                    f"{args.output!r}", origin="--output"))
    rep = build_report(load(args.scenario), parse_sets(args.set), args.samples)
    if fmt != ".md":
        write_atomic(args.output, render_html(rep))
        return 0
    out = Path(args.output)
    if str(args.output) == "-" or (out.exists() and not out.is_file()):  # a stream: figures inline
        write_atomic(args.output, render_markdown(rep))
        return 0
    folder = f"{out.stem}_figures"  # beside the report, linked by relative paths
    files = {}
    text = render_markdown(rep, folder, files)
    target = out.resolve().parent
    if files:
        try:
            (target / folder).mkdir(exist_ok=True)
        except OSError as exc:
            raise ScenarioError(Problem(f"cannot make the figures' folder {printable(str(target / folder))}: "
                                        f"{exc.strerror or exc}", origin="--output")) from None
    for name, svg in files.items():  # each figure whole before the report that links it
        write_atomic(target / name, svg)
    write_atomic(args.output, text)
    return 0
