"""Distributions of uncertain inputs (parameters in SI): :class:`Dist` and the reader of the
``uncertainty:`` block's ``{kind: [...]}`` entries.  The table of kinds: :mod:`basaltcalc.studies.sampling`."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .specs import SpecReader

__all__ = ["Dist", "DISTRIBUTIONS", "read_dist"]

DISTRIBUTIONS = ("uniform", "loguniform", "normal", "lognormal", "triangular", "pert", "logpert")


@dataclass
class Dist:
    """One input's distribution, parameters in SI."""

    path: str
    kind: str
    params: tuple
    unit: str = ""  # SI unit, for labels
    origin: str = "spec"  # "spec" or "catalogue range"
    source: str = ""
    bounds: tuple | None = None  # (low, high) SI: a normal or lognormal truncated to the input's domain
    why: str = ""  # why this family (the uncertainty set's rule), for the set's listing
    shown: str = ""  # the distribution in the unit its data file gives (catalogue ranges)

    def ppf(self, u):
        """Inverse CDF at probabilities ``u`` (vectorised). [SI unit of the input]"""
        from scipy import special

        u = np.asarray(u, dtype=np.float64)
        p = self.params
        if self.kind == "uniform":
            return p[0] + (p[1] - p[0]) * u
        if self.kind == "loguniform":
            return np.exp(math.log(p[0]) + (math.log(p[1]) - math.log(p[0])) * u)
        if self.kind == "normal" and self.bounds is not None:
            return self._truncated_ppf(u)
        if self.kind == "normal":
            return p[0] + p[1] * special.ndtri(np.clip(u, 1e-300, 1.0 - 2**-53))
        if self.kind == "lognormal" and self.bounds is not None:  # a normal of ln x, truncated
            lo, hi = self.bounds
            ln = Dist(self.path, "normal", (math.log(p[0]), p[1]),
                      bounds=(math.log(lo) if lo > 0 else -math.inf, math.log(hi)))
            return np.clip(np.exp(ln._truncated_ppf(u)), lo, hi)
        if self.kind == "lognormal":
            return p[0] * np.exp(p[1] * special.ndtri(np.clip(u, 1e-300, 1.0 - 2**-53)))
        if self.kind == "triangular":
            a, c, b = p
            fc = (c - a) / (b - a)
            left = u < fc
            r = np.sqrt(np.where(left, u * ((b - a) * (c - a)), (1.0 - u) * ((b - a) * (b - c))))
            return np.where(left, a + r, b - r)
        if self.kind in ("pert", "logpert"):
            a, b = self._span()
            alpha, beta = self._beta()
            x = a + (b - a) * special.betaincinv(alpha, beta, u)
            return np.exp(x) if self.kind == "logpert" else x
        raise ValueError(self.kind)

    def _truncated_ppf(self, u):
        r"""Inverse CDF of the normal truncated to ``bounds`` = [a, b] (a excluded where the
        domain excludes it: the result is clipped to the next float above).

        .. math:: x = \mu + \sigma\,\Phi^{-1}\bigl(\Phi(\alpha) + u\,(\Phi(\beta) - \Phi(\alpha))\bigr),
                  \quad \alpha = (a - \mu)/\sigma,\ \beta = (b - \mu)/\sigma

        evaluated on the side of the mean where the tail is small (1 - Phi(-x) = Phi(x)), so a
        mean many standard deviations inside the domain keeps full precision. [SI]
        """
        from scipy import special

        (mu, sd), (a, b) = self.params, self.bounds
        lo, hi = special.ndtr((a - mu) / sd), special.ndtr((b - mu) / sd)
        q = np.clip(lo + u * (hi - lo), 1e-300, 1.0 - 2**-53)
        x = mu + sd * special.ndtri(q)
        return np.clip(x, np.nextafter(a, np.inf) if self.bounds_open else a, b)

    @property
    def bounds_open(self) -> bool:
        """True where the lower bound itself is outside the domain (a positive input)."""
        from ..scenario import in_domain

        return not in_domain(self.path, self.bounds[0])

    def _span(self):
        """(low, high) of the Beta: the bounds, their logs for ``logpert``."""
        a, c, b, _ = self.params
        return (math.log(a), math.log(b)) if self.kind == "logpert" else (a, b)

    def _beta(self):
        r"""Shapes of the Beta-PERT: :math:`\alpha = 1 + \lambda (m - a)/(b - a)`,
        :math:`\beta = 1 + \lambda (b - m)/(b - a)` (on :math:`\ln x` for ``logpert``)."""
        a, c, b, lam = self.params
        if self.kind == "logpert":
            a, c, b = math.log(a), math.log(c), math.log(b)
        return 1.0 + lam * (c - a) / (b - a), 1.0 + lam * (b - c) / (b - a)

    def draw(self, rng, n, out=None):
        """``n`` plain Monte Carlo draws from ``rng`` (sequential: draws in pieces equal one draw),
        made in ``out`` (an array of ``n``) when given.

        Each uses numpy's compiled sampler for the distribution (one pass over the output); a
        uniform draw is numpy's own, low + (high - low) U, made in place (bit for bit
        ``rng.uniform``).
        """
        p = self.params
        if self.kind == "uniform":
            u = rng.random(n, out=out)
            u *= p[1] - p[0]
            u += p[0]
            return u
        x = self._draw(rng, n)
        if out is None:
            return x
        out[...] = x
        return out

    def _draw(self, rng, n):
        p = self.params
        if self.kind == "loguniform":
            return np.exp(rng.uniform(math.log(p[0]), math.log(p[1]), n))
        if self.kind == "normal" and self.bounds is None:
            return rng.normal(p[0], p[1], n)
        if self.kind == "lognormal" and self.bounds is None:
            return rng.lognormal(math.log(p[0]), p[1], n)
        if self.kind == "triangular":
            return rng.triangular(p[0], p[1], p[2], n) if p[0] < p[2] else np.full(n, p[1])
        if self.kind in ("pert", "logpert"):
            a, b = self._span()
            alpha, beta = self._beta()
            out = rng.beta(alpha, beta, n)
            out *= b - a
            out += a
            return np.exp(out, out=out) if self.kind == "logpert" else out
        return self.ppf(rng.random(n))

    def describe(self) -> str:
        cut = f" truncated to [{self.bounds[0]:g}, {self.bounds[1]:g}]" if self.bounds else ""
        return f"{self.kind}({', '.join(f'{x:g}' for x in self.params)}){cut} [{self.unit or '1'}]"

    def as_dict(self) -> dict:
        out = {"kind": self.kind, "params": list(self.params), "units": self.unit or "1",
               "origin": self.origin, "source": self.source}
        if self.bounds:
            out["truncated"] = list(self.bounds)
        return out


def _near(name, options) -> str:
    import difflib

    close = difflib.get_close_matches(str(name), list(options), n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def _unit(inp) -> str:
    return "" if inp.unit.dimensionless else f"{inp.unit:~P}"


#: The families drawn on ln x, which need a positive low: kind -> its name in messages.
_LOG_KINDS = {"loguniform": "log-uniform", "logpert": "log-PERT"}


def _range_ok(reader, path, inp, kp, kind, low, high) -> bool:
    """Whether a distribution's ``(low, given)`` .. ``(high, given)`` [SI] is a range: low below
    high, positive where the family draws ln x, inside the input's domain; else a located error."""
    (lo, lo_text), (hi, hi_text) = low, high
    if not lo < hi:
        reader.add(kp, f"low {lo_text!r} is not below high {hi_text!r}")
        return False
    if kind in _LOG_KINDS and lo <= 0:
        reader.add(kp, f"{_LOG_KINDS[kind]} needs a positive low, got {lo_text!r}")
        return False
    return reader.check_domain(path, inp, kp, [lo, hi], "the range", continuous=True)


def _read_dist(reader: SpecReader, path, inp, key, item) -> Dist | None:
    if not isinstance(item, dict):
        reader.add(key, f"expected a distribution such as {{uniform: [low, high]}}, got {item!r}")
        return None
    kinds = [k for k in item if k in DISTRIBUTIONS]
    unknown = [k for k in item if k not in DISTRIBUTIONS and k not in ("unit", "lambda")]
    for k in unknown:
        reader.add(f"{key}.{k}", f"unknown distribution or key '{k}'{_near(k, DISTRIBUTIONS)} "
                                 f"(distributions: {', '.join(DISTRIBUTIONS)})")
    if unknown:
        return None
    if len(kinds) != 1:
        reader.add(key, f"give exactly one distribution ({', '.join(DISTRIBUTIONS)}), got "
                        f"{kinds or 'none'}")
        return None
    kind = kinds[0]
    args = item[kind]
    kp = f"{key}.{kind}"
    need = {"uniform": 2, "loguniform": 2, "normal": 2, "lognormal": 2, "triangular": 3, "pert": 3,
            "logpert": 3}[kind]
    names = {"uniform": "[low, high]", "loguniform": "[low, high]", "normal": "[mean, sd]",
             "lognormal": "[median, sigma]", "triangular": "[low, mode, high]",
             "pert": "[low, mode, high]", "logpert": "[low, mode, high]"}[kind]
    if not isinstance(args, (list, tuple)) or len(args) != need:
        reader.add(kp, f"{kind} takes {names}, got {args!r}")
        return None
    unit = item.get("unit")
    vals = []
    for i, a in enumerate(args):
        if kind == "lognormal" and i == 1:  # sigma of ln x: dimensionless
            if isinstance(a, bool) or not isinstance(a, (int, float)):
                reader.add(f"{kp}[1]", f"sigma is the (dimensionless) standard deviation of ln x, "
                                       f"got {a!r}")
                return None
            vals.append(float(a))
            continue
        v, _ = reader.quantity(a, inp, f"{kp}[{i}]", unit, delta=(kind == "normal" and i == 1))
        if v is None:
            return None
        vals.append(v)
    if kind in ("uniform", "loguniform"):
        lo, hi = vals
        if not _range_ok(reader, path, inp, kp, kind, (lo, args[0]), (hi, args[1])):
            return None
        params = (lo, hi)
    elif kind in ("triangular", "pert", "logpert"):
        lo, mode, hi = vals
        if not _range_ok(reader, path, inp, kp, kind, (lo, args[0]), (hi, args[2])):
            return None
        if not lo <= mode <= hi:
            reader.add(kp, f"mode {args[1]!r} is outside [low, high]")
            return None
        params = (lo, mode, hi)
        if kind in ("pert", "logpert"):
            lam = item.get("lambda", 4.0)
            if isinstance(lam, bool) or not isinstance(lam, (int, float)) or not lam > 0:
                reader.add(f"{key}.lambda", f"lambda must be a positive number, got {lam!r}")
                return None
            params = (lo, mode, hi, float(lam))
    elif kind == "normal":
        mean, sd = vals
        if not sd > 0:
            reader.add(f"{kp}[1]", f"the standard deviation must be positive, got {args[1]!r}")
            return None
        if not reader.check_domain(path, inp, kp, [mean], "the mean", continuous=True):
            return None
        from ..scenario import domain_of

        lo, hi, _ = domain_of(path)
        return Dist(path, kind, (mean, sd), _unit(inp), bounds=(lo, hi), shown=_as_written(kind, args))
    else:
        median, sigma = vals
        if not median > 0:
            reader.add(f"{kp}[0]", f"the median must be positive, got {args[0]!r}")
            return None
        if not sigma > 0:
            reader.add(f"{kp}[1]", f"sigma must be positive, got {args[1]!r}")
            return None
        if not reader.check_domain(path, inp, kp, [median], "the median", continuous=True):
            return None
        from ..scenario import domain_of

        lo, hi, _ = domain_of(path)  # its draws stay in the input's domain, as a normal's do
        return Dist(path, kind, (median, sigma), _unit(inp), bounds=(lo, hi), shown=_as_written(kind, args))
    return Dist(path, kind, params, _unit(inp), shown=_as_written(kind, args))


def _as_written(kind, args) -> str:
    """A spec's distribution as the file or the caller wrote it: ``'pert(0.2 BUSD, 1 BUSD, 5 BUSD)'``."""
    return f"{kind}({', '.join(str(a) for a in args)})"


read_dist = _read_dist
