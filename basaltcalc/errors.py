"""Exceptions of basaltcalc: one base class, with subclasses that are also built-in errors."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BasaltcalcError", "UnitsError", "ScenarioError", "SchedulerError", "Problem", "OverridePath"]


class BasaltcalcError(Exception):
    """Base class of every error basaltcalc raises on purpose."""


class SchedulerError(BasaltcalcError, RuntimeError):
    """The dask scheduler asked for cannot be reached or used (the CLI exits 1, not 2)."""

    exit_code = 1


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
        if self.origin and self.file is None:
            return f"{self.origin} {self.path}: {self.message}" if self.path else f"{self.origin}: {self.message}"
        if not self.path:
            return f"{self.location()}: {self.message}"
        return f"{self.location()} {self.path}: {self.message}"


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
