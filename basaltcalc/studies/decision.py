r"""How sure the answer is: the probability that in-situ is cheaper than each Earth design.

``basaltcalc run`` prints it under the headline; JSON, CSV and the report carry it as the
metrics of :data:`basaltcalc.metrics.SET_METRICS` (``p_insitu_cheaper``, ``p_insitu_cheaper_se``,
qualified per Earth design as ``p_insitu_cheaper[al-2219]``).

>>> import basaltcalc as bc
>>> pr = bc.probability_cheaper(bc.default_scenario(), n=1024)
>>> sorted(pr.p) == sorted(pr.se), pr.samples
(True, 1024)

Over the scenario's uncertainty set (:mod:`~basaltcalc.studies.uncertainty_set`), a plain Monte
Carlo sample of ``n`` points, seeded (the file's ``uncertainty: seed``, else :data:`RUN_SEED`):

.. math:: \hat p = k / n, \qquad se = \sqrt{\hat p (1 - \hat p) / n}

with ``k`` the samples in which the in-situ total cost is below the Earth design's (savings > 0).
Where ``k`` is 0 or ``n`` the standard error is 0 and says little; the text then gives the
rule-of-three bound (the other option wins in fewer than ``3/n`` of cases, at 95 %).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["probability_cheaper", "CheaperProbability", "RUN_SAMPLES", "RUN_SEED", "STUDY_METRICS",
           "needed_metrics", "earth_designs", "MAX_CHUNK"]

#: Samples of the probability ``basaltcalc run`` prints (``--samples``). [-]
RUN_SAMPLES = 4096
#: Seed of that sample where the file's ``uncertainty:`` block gives none. [-]
RUN_SEED = 0
#: Samples evaluated at once at most (more run chunk by chunk). [-]
MAX_CHUNK = 1 << 16
#: Fewest samples for which the text gives the rule-of-three bound (3/n) where every sample
#: agrees: the bound holds for large n (Hanley & Lippman-Hand 1983, JAMA 249:1743). [-]
RULE_OF_THREE_MIN = 30
#: The metrics each decision study needs from the model, unqualified (each Earth design's are
#: named by :func:`needed_metrics`): the one place to pass them down to the evaluation.
STUDY_METRICS = {
    "probability": ("savings",),
    "value:total_cost": ("earth.total_cost", "insitu.total_cost"),
    "value:npv": ("earth.npv", "insitu.npv"),
}


def earth_designs(scenario) -> list[str | None]:
    """The Earth designs' comparator labels: ``[None]`` (the unqualified metrics) with one
    design, the labels (primary first) with several."""
    from ..metrics import comparator_labels

    return comparator_labels(scenario) or [None]


def needed_metrics(study: str, scenario) -> list[str]:
    """The metric names a study of :data:`STUDY_METRICS` reads, qualified for every Earth design."""
    from ..metrics import COMPARATOR_METRICS, comparator_metric

    names = []
    for name in STUDY_METRICS[study]:
        labels = earth_designs(scenario) if name in COMPARATOR_METRICS else [None]
        names += [name if label is None else comparator_metric(name, label) for label in labels]
    return names


@dataclass
class CheaperProbability:
    """P(in-situ cheaper) against each Earth design: ``p[design]``, ``se[design]`` (keys: the
    designs' materials), over ``samples`` draws of the uncertainty set ``set_label``."""

    p: dict
    se: dict
    valid: dict
    samples: int
    seed: int
    set_name: str
    set_label: str
    inputs: int
    labels: list = field(default_factory=list)  # comparator labels ([None] with one design)

    def metrics(self) -> dict:
        """Metric name -> value: ``p_insitu_cheaper``, ``p_insitu_cheaper_se`` (the primary
        design's) and, with several designs, each qualified (``p_insitu_cheaper[al-2219]``)."""
        from ..metrics import comparator_metric

        out = {}
        for label, design in zip(self.labels, self.p):
            for name, value in (("p_insitu_cheaper", self.p[design]), ("p_insitu_cheaper_se", self.se[design])):
                if label is None or label == self.labels[0]:
                    out.setdefault(name, value)
                if label is not None:
                    out[comparator_metric(name, label)] = value
        return out

    def describe(self) -> dict:
        """The sample behind the probabilities: set, inputs, samples, seed (JSON, CSV, report)."""
        return {"uncertainty_set": self.set_name, "uncertain_inputs": self.inputs,
                "samples": self.samples, "seed": self.seed, "method": "random"}

    def text(self, design: str) -> str:
        """``'0.9931 +/- 0.0013'``; at 0 or 1 the rule-of-three bound instead of a zero error
        (from :data:`RULE_OF_THREE_MIN` samples: below that the bound says little)."""
        p, n = self.p[design], self.valid[design]
        if not n or math.isnan(p):
            return "n/a (no valid sample)"
        if p in (0.0, 1.0):
            which = "every sample" if p == 1.0 else "no sample"
            bound = (f"; {'above' if p == 1.0 else 'below'} {abs(p - 3 / n):.4f} at 95 %"
                     if n >= RULE_OF_THREE_MIN else f" of {n}")
            return f"{p:.0f} ({which}{bound})"
        return f"{p:.4f} +/- {self.se[design]:.4f}"

    def lines(self) -> list[str]:
        """The lines ``basaltcalc run`` prints under the headline."""
        parts = "; ".join(f"{self.text(d)} vs {d}" for d in self.p)
        return [f"P(in-situ cheaper) = {parts}",
                f"  over {self.set_label}; {self.samples:,} Monte Carlo samples, seed {self.seed} "
                "(basaltcalc run --samples N --seed S; --no-uncertainty to skip)"]

    def __repr__(self) -> str:
        return "\n".join(self.lines())


def probability_cheaper(scenario, overrides=None, *, n: int = RUN_SAMPLES, seed: int | None = None,
                        all_defaults=None) -> CheaperProbability:
    """The probability that in-situ costs less than each Earth design over the uncertainty set.

    Parameters
    ----------
    scenario : Scenario
    overrides : mapping, optional
        Inputs fixed first (known: not drawn unless the ``uncertainty:`` block names them).
    n : int
        Plain Monte Carlo samples. [-]
    seed : int, optional
        Default: the file's ``uncertainty: seed``, else :data:`RUN_SEED`.
    all_defaults : str or bool, optional
        The uncertainty set's family (see :func:`basaltcalc.uncertainty_set`).

    Returns
    -------
    CheaperProbability
    """
    from .. import model
    from ..metrics import count_invalid, validity_names, warn_invalid
    from ..model.boundary import with_choices
    from .sampling import Sampler, read_uncertainty

    scenario, overrides = with_choices(scenario, overrides)  # the cost model and discounting are choices, not inputs
    block = (getattr(scenario, "blocks", None) or {}).get("uncertainty") or {}
    if seed is None:
        seed = block.get("seed", RUN_SEED) if isinstance(block, dict) else RUN_SEED
    plan = read_uncertainty(scenario, None, n=n, seed=seed, method="random", all_defaults=all_defaults,
                            overrides=overrides)
    labels = earth_designs(scenario)
    names = needed_metrics("probability", scenario)
    base = model.apply_overrides(scenario, overrides)
    sampler = Sampler(plan)
    wins = np.zeros(len(names), dtype=np.int64)
    valid = np.zeros(len(names), dtype=np.int64)
    invalid = {}
    for start in range(0, plan.n, MAX_CHUNK):  # chunks bound the memory of large samples
        stop = min(start + MAX_CHUNK, plan.n)
        x = sampler.draw(start, stop)
        values = dict(base)
        values.update({d.path: x[i] for i, d in enumerate(plan.dists)})
        # the model's own blocks: a run's few thousand samples are one block (no probe, no
        # second pass), a large chunk runs in blocks on the threads
        out = model.evaluate_si(scenario, values, metrics=[*names, *validity_names(scenario)])
        count_invalid(scenario, out, invalid, stop - start)
        for j, name in enumerate(names):
            s = np.broadcast_to(np.asarray(out[name], dtype=np.float64), (stop - start,))
            wins[j] += np.count_nonzero(s > 0)
            valid[j] += np.count_nonzero(~np.isnan(s))
    warn_invalid(invalid, plan.n)
    designs = [label or scenario.earth_material for label in labels]
    p = {d: (w / v if v else math.nan) for d, w, v in zip(designs, wins, valid)}
    se = {d: (math.sqrt(p[d] * (1 - p[d]) / v) if v else math.nan) for d, v in zip(designs, valid)}
    return CheaperProbability(p, se, {d: int(v) for d, v in zip(designs, valid)}, plan.n, plan.seed,
                              plan.name, plan.label, len(plan.dists), labels)
