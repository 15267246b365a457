"""Exceptions of basaltcalc: one base class, with subclasses that are also built-in errors."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BasaltcalcError", "UnitsError", "ScenarioError", "ArgumentTypeError", "SchedulerError",
           "SchedulerUnreachableError", "Problem",
           "OverridePath"]


class BasaltcalcError(Exception):
    """Base class of every error basaltcalc raises on purpose."""


class SchedulerError(BasaltcalcError, RuntimeError):
    """The dask scheduler asked for cannot be used: dask is not installed (the CLI exits 1)."""

    exit_code = 1


class SchedulerUnreachableError(SchedulerError):
    """The address given as the scheduler does not answer (the user's to fix: the CLI exits 2)."""

    exit_code = 2


class UnitsError(BasaltcalcError, TypeError):
    """A value has the wrong dimension, no unit where one is needed, or cannot be parsed."""


class OverridePath(str):
    """A dotted input path that remembers where it was given (``--set``, a sweep file, ...).

    A :class:`Problem` whose path is one reports that origin instead of ``<scenario>``:
    ``--set transport.landed_cost: expected ...``.

    >>> str(Problem("not an input", OverridePath("transport.landed_cst", "--set")))
    '--set transport.landed_cst: not an input'
    """

    origin: str

    def __new__(cls, path: str, origin: str):
        obj = super().__new__(cls, path)
        obj.origin = origin
        return obj


@dataclass
class Problem:
    """One located problem in a scenario: where it is, and what is wrong."""

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    origin: str | None = None  # where an override came from, e.g. "--set"

    def __post_init__(self):
        if self.origin is None and isinstance(self.path, OverridePath):
            self.origin = self.path.origin
        self.path = str(self.path)

    def location(self) -> str:
        where = self.file or "<scenario>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        # a file's text (a name, a path, the file name itself) shown safely (basaltcalc.text)
        from .text import printable

        if self.origin and self.file is None:
            text = f"{self.origin} {self.path}: {self.message}" if self.path else f"{self.origin}: {self.message}"
        elif not self.path:
            text = f"{self.location()}: {self.message}"
        else:
            text = f"{self.location()} {self.path}: {self.message}"
        return printable(text, keep_newlines=True)


class ScenarioError(BasaltcalcError, ValueError):
    """One or more problems in a scenario, each with its file, line, column and key path.

    ``err.problems`` lists them; ``str(err)`` gives one line each.
    """

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # pickles with its located problems (raised on a dask worker)
        return (type(self), (self.problems,))

    @property
    def file(self):
        return self.problems[0].file if self.problems else None

    @property
    def line(self):
        return self.problems[0].line if self.problems else None

    @property
    def column(self):
        return self.problems[0].column if self.problems else None

    @property
    def path(self):
        return self.problems[0].path if self.problems else ""


class ArgumentTypeError(ScenarioError, TypeError):
    """An argument of a Python call of the wrong type (``bc.evaluate("file.yaml")``): names the call
    and the argument, ``evaluate() scenario: expected a Scenario ...``.  Both a
    :class:`ScenarioError` (the command line exits 2) and a :class:`TypeError`."""
