"""The reproduction suite: run every case (:mod:`.cases`), compare its outputs with the published
figures (``data/reproduction/published.yaml``, read here only) and grade each.

Grades, per published figure:

* ``exact``: the computed value rounds to the figure as printed (within half a unit of its last
  digit);
* ``close``: within the stated tolerance, with a one-line reason why not exact;
* ``partial``: outside the tolerance, the gap explained by a named difference between the source
  and basaltcalc (declared in ``published.yaml`` with its reason), the case reproducing the figure
  where that difference is removed;
* ``unresolved``: outside the tolerance, its cause not established (declared, with its reason);
* ``failed``: outside the tolerance with nothing declared, a close figure without a reason, or a
  declaration that no longer holds (the figure now within tolerance): the data need attention.

:func:`exit_code` is 0 when no figure failed, 1 otherwise.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from ..errors import Problem, ScenarioError

__all__ = ["Row", "GRADES", "run_suite", "grade", "exit_code", "summary", "case_names", "CASES_FILE",
           "PUBLISHED_FILE"]

#: The data files, under ``basaltcalc/data``.
CASES_FILE = "reproduction/cases.yaml"
PUBLISHED_FILE = "reproduction/published.yaml"
#: Grades, best first; the first two are within tolerance.
GRADES = ("exact", "close", "partial", "unresolved", "failed")
#: Grades a row may be declared with in ``published.yaml``.
DECLARED = ("partial", "unresolved")


@dataclass(frozen=True)
class Row:
    """One published figure against basaltcalc's value."""

    case: str
    source: str
    quantity: str
    published: float
    computed: float
    unit: str
    rel_error: float
    tolerance: float
    tolerance_kind: str  # "relative" (a fraction) or "absolute" (in the row's unit)
    grade: str
    reason: str
    where: str
    printed: str  # the figure as the source prints it

    @property
    def within(self) -> bool:
        """Within its tolerance: exact or close."""
        return self.grade in ("exact", "close")

    def as_dict(self) -> dict:
        """The row for JSON: floats (NaN and infinities as None), the rest as text."""
        out = asdict(self)
        for k in ("published", "computed", "rel_error", "tolerance"):
            out[k] = out[k] if math.isfinite(out[k]) else None
        return out


def _data(name):
    from ..catalogue import data_file

    return data_file(name)


def case_names() -> list[str]:
    """Every case of the suite, in the order of ``cases.yaml``."""
    return list(_data(CASES_FILE))


def _precision(printed: str) -> float:
    """Half a unit of the last printed digit of ``printed`` ('7,447' -> 0.5, '0.59' -> 0.005)."""
    text = printed.replace(",", "").strip()
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return 0.5 * 10.0 ** -decimals


def grade(published: str, computed: float, tolerance: dict, declared: str | None = None,
          reason: str | None = None) -> tuple[str, str]:
    """The grade of one figure and its reason (module docstring).

    >>> grade("492", 492.504, {"relative": 0.01}, reason="printed to 3 figures")
    ('close', 'printed to 3 figures')
    >>> grade("0.59", 0.5941, {"relative": 0.01})
    ('exact', '')
    >>> grade("9", 8.64, {"absolute": 0.5})
    ('exact', '')
    >>> grade("7,447", 7596.4, {"relative": 0.01})[0]
    'failed'
    """
    value = float(published.replace(",", ""))
    diff = computed - value
    (kind, tol), = tolerance.items()
    inside = abs(diff) <= (tol * abs(value) if kind == "relative" else tol) * (1 + 1e-12)
    exact = abs(diff) <= _precision(published) * (1 + 1e-9)
    if (inside or exact) and declared:
        return "failed", f"declared {declared} but now within tolerance: update {PUBLISHED_FILE} ({reason})"
    if exact:
        return "exact", ""
    if inside:
        return ("close", reason) if reason else ("failed", "no reason given for a figure that is not exact")
    if declared in DECLARED and reason:
        return declared, reason
    return "failed", "outside the tolerance with no grade and reason declared" + (f" ({reason})" if reason else "")


def _as(value, unit: str) -> float:
    """A runner's output in the row's unit (a plain number is taken as in it already)."""
    if hasattr(value, "m_as"):
        return float(value.m_as(unit or ""))
    return float(value)


def _compare(name: str, source: str, outputs: dict, expected: dict) -> list[Row]:
    rows = []
    for spec in expected["rows"]:
        key = spec["key"]
        if key not in outputs:
            raise ScenarioError(Problem(f"the case computes no {key!r} (it computes "
                                        f"{', '.join(sorted(outputs))})", f"{name}.rows", PUBLISHED_FILE))
        computed = _as(outputs[key], spec["unit"])
        printed = str(spec["published"])
        value = float(printed.replace(",", ""))
        declared = spec.get("grade")
        reason = spec.get("reason") or expected.get("reason")
        g, why = grade(printed, computed, spec["tolerance"], declared, reason)
        (kind, tol), = spec["tolerance"].items()
        rows.append(Row(case=name, source=source, quantity=spec["quantity"], published=value,
                        computed=computed, unit=spec["unit"],
                        rel_error=(computed - value) / abs(value) if value else math.inf,
                        tolerance=float(tol), tolerance_kind=kind, grade=g, reason=why,
                        where=spec["where"], printed=printed))
    return rows


def run_suite(cases=None) -> list[Row]:
    """Run the cases (all by default, or those named) and grade every published figure.

    Parameters
    ----------
    cases : sequence of str, optional
        Names of cases in ``data/reproduction/cases.yaml``; an unknown one is a located error
        with the nearest name.

    Returns
    -------
    list of Row
        One per published figure, in the order of the data files.
    """
    from ..scenario import _suggest
    from .cases import run_case

    inputs, published = _data(CASES_FILE), _data(PUBLISHED_FILE)
    names = list(inputs) if cases is None else list(cases)
    unknown = [n for n in names if n not in inputs]
    if unknown:
        def hint(n):
            near = _suggest(n, list(inputs)) or next((f"; did you mean '{c}'?" for c in inputs
                                                      if c.startswith(str(n))), "")
            return near or f"; the cases: {', '.join(inputs)}"

        raise ScenarioError([Problem(f"no case {n!r}{hint(n)}", origin="--case") for n in unknown])
    rows = []
    for name in names:
        case = inputs[name]
        rows += _compare(name, case["source"], run_case(name, case), published[name])
    return rows


def exit_code(rows) -> int:
    """0 when no figure failed (every one within tolerance, or graded partial or unresolved with
    its reason), 1 otherwise."""
    return 1 if any(r.grade == "failed" for r in rows) else 0


def summary(rows) -> dict:
    """Counts by grade, the figures within tolerance and the sources they come from."""
    within = [r for r in rows if r.within]
    return {"figures": len(rows), **{g: sum(r.grade == g for r in rows) for g in GRADES},
            "within": len(within), "sources": sorted({r.source for r in within})}
