"""Published results reproduced by basaltcalc's own code paths (issue 24): the reproduction suite
behind ``basaltcalc reproduce`` and ``docs/validation.md``.

>>> from basaltcalc.reproduction import run_suite, exit_code
>>> rows = run_suite(["moon-society-gear"])
>>> [r.grade for r in rows], exit_code(rows)
(['exact', 'exact', 'exact'], 0)
"""
from __future__ import annotations

from .render import as_json, markdown, summary_line, table
from .suite import GRADES, Row, case_names, exit_code, grade, run_suite, summary

__all__ = ["run_suite", "exit_code", "summary", "grade", "Row", "GRADES", "case_names", "table",
           "as_json", "markdown", "summary_line"]
