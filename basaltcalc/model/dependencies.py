"""What each metric depends on, read off the code: the stages of the model's graph each output
needs (:func:`basaltcalc.core.compare.graph`, from the parameter names), and the inputs each
stage reads (recorded while it runs, :class:`basaltcalc.model.lazy._Reads`).

``docs/architecture.md`` shows :func:`dependency_markdown` of the packaged default scenario;
``tests/test_docs.py`` fails when the page and the code disagree.
"""
from __future__ import annotations

import re

import numpy as np

from ..core import compare
from ..core.graph import needed
from .lazy import _Calls

__all__ = ["dependency_map", "dependency_markdown", "write_docs"]


def dependency_map(scenario) -> dict:
    """``{"reads": {stage: sorted input keys}, "stages": {output: stages in pipeline order}}`` of
    one evaluation of ``scenario`` (every node run once, what each reads recorded)."""
    from .boundary import _ERRSTATE, apply_overrides, core_arguments

    params, groups = core_arguments(scenario, apply_overrides(scenario, {}))
    n = len(groups)
    nodes, deps = compare.graph(n), compare.graph_dependencies(n)
    values, reads, calls = {}, {}, _Calls(params, groups)
    with np.errstate(**_ERRSTATE):
        for node in needed(nodes, deps, list(nodes)):
            values[node], reads[node] = calls(nodes[node], deps[node], values)
    order = compare.stage_order(n)
    stages = {}
    for name in nodes:
        if compare.is_stage(name):
            continue
        need = set(needed(nodes, deps, [name]))
        stages[name] = [s for s in order if s in need]
    return {"reads": {s: sorted(reads[s]) for s in order}, "stages": stages}


def _families(keys) -> str:
    """Input keys grouped by their first part: ``earth.{density, safety_factor}``; the keys of
    several element groups as ``groups[i].{...}``, of one group as ``groups[0].{...}``."""
    fam = {}
    several = len({k.partition("]")[0] for k in keys if k.startswith("groups[")}) > 1
    for k in keys:
        k = re.sub(r"^groups\[\d+\]", "groups[i]", k) if several else k
        head, _, tail = k.partition(".")
        fam.setdefault(head, set()).add(tail)
    return "; ".join(f"`{h}.{{{', '.join(sorted(t))}}}`" if len(t) > 1 else f"`{h}.{next(iter(t))}`"
                     for h, t in sorted(fam.items()))


def dependency_markdown(scenario) -> str:
    """The two tables of ``docs/architecture.md``'s "What each metric depends on": each stage
    with the inputs it reads, each metric with the stages it needs (a stage of each element
    group, ``insitu_element[i]``, as one: ``insitu_element[0, 1]``)."""
    from ..metrics import METRICS

    m = dependency_map(scenario)
    lines = ["| stage | inputs it reads (core keys) |", "|---|---|"]
    lines += [f"| `{s}` | {_families(keys) or '(stages only)'} |" for s, keys in m["reads"].items()]
    lines += ["", "| metric | stages it needs, in pipeline order |", "|---|---|"]
    lines += [f"| `{name}` | {_stage_list(m['stages'][name])} |" for name in METRICS]
    return "\n".join(lines) + "\n"


def _stage_list(stages) -> str:
    """Stages in order, each group stage's nodes as one: ``insitu_element[0, 1]``."""
    out = []
    for s in stages:
        base, _, index = s.partition("[")
        if index and out and out[-1][0] == base:
            out[-1][1].append(index[:-1])
        else:
            out.append((base, [index[:-1]] if index else None))
    return ", ".join(f"`{b}[{', '.join(i)}]`" if i else f"`{b}`" for b, i in out)



def write_docs(path=None) -> None:
    """Write :func:`dependency_markdown` of the default scenario between the markers of
    ``docs/architecture.md`` (``path``: default the checkout's page)."""
    from pathlib import Path

    from ..scenario import default_scenario

    path = Path(path) if path else Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
    text = path.read_text(encoding="utf-8")
    begin, end = "<!-- dependencies: begin -->\n", "<!-- dependencies: end -->"
    head, tail = text[:text.index(begin) + len(begin)], text[text.index(end):]
    path.write_text(head + dependency_markdown(default_scenario()) + tail, encoding="utf-8")
