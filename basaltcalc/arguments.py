"""The arguments of the Python calls (``bc.sobol(..., n_resamples=0)``): each checked once, by
kind, with a located error naming the call and the argument.

A wrong type raises :class:`~basaltcalc.errors.ArgumentTypeError` (a ``TypeError`` and a
:class:`~basaltcalc.errors.ScenarioError`), a value outside its range a
:class:`~basaltcalc.errors.ScenarioError` (a ``ValueError``); both read
``sobol() n_resamples: expected ...``, and the command line reports either with exit 2.

>>> whole_number(4096, "uncertainty", "chunk_size")
4096
>>> whole_number(0, "sobol", "n_resamples")
Traceback (most recent call last):
...
basaltcalc.errors.ScenarioError: sobol() n_resamples: expected a whole number >= 1, got 0
>>> probability(2, "sobol", "confidence", closed=False)
Traceback (most recent call last):
...
basaltcalc.errors.ScenarioError: sobol() confidence: expected a probability in (0, 1), got 2
"""
from __future__ import annotations

import math
import numbers

from .errors import ArgumentTypeError, Problem, ScenarioError

__all__ = ["whole_number", "probability", "positive_number", "one_of", "flag", "names", "refuse"]


def refuse(call: str, argument: str, message: str, *, wrong_type: bool = False):
    """The located error of argument ``argument`` of ``call``: ``call() argument: message``."""
    cls = ArgumentTypeError if wrong_type else ScenarioError
    return cls(Problem(message, argument, origin=f"{call}()"))


def _show(value) -> str:
    return "None" if value is None else f"{type(value).__name__} {value!r}"[:120]


def whole_number(value, call: str, argument: str, low: int = 1, high: int | None = None) -> int:
    """``value`` as an int in ``[low, high]`` (a whole float such as ``1024.0`` too; never a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise refuse(call, argument, f"expected a whole number, got {_show(value)}", wrong_type=True)
    if not (isinstance(value, numbers.Integral) or (math.isfinite(value) and float(value).is_integer())):
        raise refuse(call, argument, f"expected a whole number, got {value!r}")
    value = int(value)
    if value < low or (high is not None and value > high):
        span = f">= {low:,}" if high is None else f"from {low:,} to {high:,}"
        raise refuse(call, argument, f"expected a whole number {span}, got {value:,}")
    return value


def probability(value, call: str, argument: str, *, closed: bool = True) -> float:
    """``value`` as a float in [0, 1] (``closed``) or (0, 1)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise refuse(call, argument, f"expected a probability, got {_show(value)}", wrong_type=True)
    v = float(value)
    if not ((0.0 <= v <= 1.0) if closed else (0.0 < v < 1.0)):
        raise refuse(call, argument, f"expected a probability in {'[0, 1]' if closed else '(0, 1)'}, "
                                     f"got {value!r}")
    return v


def positive_number(value, call: str, argument: str) -> float:
    """``value`` as a finite float above 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise refuse(call, argument, f"expected a positive number, got {_show(value)}", wrong_type=True)
    v = float(value)
    if not (0.0 < v < math.inf):
        raise refuse(call, argument, f"expected a finite positive number, got {value!r}")
    return v


def one_of(value, call: str, argument: str, options) -> str:
    """``value`` where it is one of ``options`` (strings), with a near-miss suggestion otherwise."""
    import difflib

    if isinstance(value, str) and value in options:
        return value
    close = difflib.get_close_matches(str(value), [str(o) for o in options], n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise refuse(call, argument, f"expected one of {', '.join(map(str, options))}, got {value!r}{hint}",
                 wrong_type=not isinstance(value, str))


def flag(value, call: str, argument: str, *, none: bool = True):
    """``value`` where it is a bool (or None, where ``none``)."""
    if isinstance(value, bool) or (none and value is None):
        return value
    import numpy as np

    if isinstance(value, np.bool_):
        return bool(value)
    raise refuse(call, argument, f"expected True or False{' or None' if none else ''}, got {_show(value)}",
                 wrong_type=True)


def names(value, call: str, argument: str, *, allow_empty: bool = False) -> list[str]:
    """``value`` as a list of strings: one string, or a sequence of them."""
    if isinstance(value, str):
        return [value]
    try:
        items = list(value)
    except TypeError:
        raise refuse(call, argument, f"expected a name or a list of names, got {_show(value)}",
                     wrong_type=True) from None
    bad = [v for v in items if not isinstance(v, str)]
    if bad:
        raise refuse(call, argument, f"expected names (strings), got {_show(bad[0])}", wrong_type=True)
    if not items and not allow_empty:
        raise refuse(call, argument, "expected at least one name, got an empty list")
    return items
