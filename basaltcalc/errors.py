"""Exceptions of basaltcalc: one base class, with subclasses that are also built-in errors."""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["BasaltcalcError", "UnitsError", "ScenarioError", "Problem"]


class BasaltcalcError(Exception):
    """Base class of every error basaltcalc raises on purpose."""


class UnitsError(BasaltcalcError, TypeError):
    """A value has the wrong dimension, no unit where one is needed, or cannot be parsed."""


@dataclass
class Problem:
    """One located problem in a scenario: where it is, and what is wrong."""

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        where = self.file or "<scenario>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.location()}:{path}: {self.message}"


@dataclass
class _Problems:
    items: list[Problem] = field(default_factory=list)


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
