"""``basaltcalc reproduce``: the reproduction suite, published results computed again and graded."""
from __future__ import annotations


def add_parser(sub):
    p = sub.add_parser("reproduce", help="reproduce published results and grade them (docs/validation.md)",
                       description="Compute published results again through basaltcalc's own code paths "
                                   "(AMCM containers of Jones 2021, the cash flows of Kornuta et al. 2018, "
                                   "the public TRANSCOST examples, the rocket equation, ...) and grade each "
                                   "figure: exact, close (within its tolerance), partial or unresolved (each "
                                   "with a reason).  Exit 0 when every figure is within tolerance or graded "
                                   "with its reason, 1 otherwise.")
    p.add_argument("--format", choices=("table", "json", "markdown"), default="table",
                   help="table (default), json (a list of objects: case, source, quantity, published, "
                        "computed, unit, rel_error, tolerance, grade, ...) or markdown (docs/validation.md)")
    p.add_argument("--case", action="append", metavar="NAME", default=None,
                   help="only this case (repeatable); the names are listed in the table and in "
                        "basaltcalc/data/reproduction/cases.yaml")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..reproduction import as_json, exit_code, markdown, run_suite, table
    from .common import dumps, emit

    rows = run_suite(args.case)
    if args.format == "json":
        text = dumps(as_json(rows))
    elif args.format == "markdown":
        text = markdown(rows)
    else:
        text = table(rows)
    emit(text, args.output)
    return exit_code(rows)
