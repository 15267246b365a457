"""A scenario's report as one self-contained HTML file (figures inline as SVG) or as Markdown.

The renderer only lays out what it is given: :class:`Report` holds the evaluated results, the
figures and the study datasets, built by the ``basaltcalc report`` command (``cli/report.py``).
Its sections: the headline answer (one sentence per Earth comparator, and how sure it is: the
probability that in-situ is cheaper over the uncertainty set), the decision view (each
decision's EVPI, and which uncertainty to resolve first: the inputs and groups ranked by EVPPI),
both options side by side with their breakdowns, the cash flows by year
(:func:`basaltcalc.model.tables.cash_flow_rows`, the table ``basaltcalc run`` prints), the sweep
and uncertainty results where the file has those blocks,
the element sizing, every metric, every assumption (value, range, source) and the provenance
(basaltcalc version, scenario hash, seeds).
"""
from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass, field

from ..text import printable

__all__ = ["Report", "headline", "render_html", "render_markdown"]


@dataclass
class Report:
    """What a report shows; every part but ``res`` optional."""

    res: object                                   # model.Results of one point
    figures: list = field(default_factory=list)   # (section, caption, matplotlib Figure)
    sweep: object = None                          # xarray Dataset of the sweep: block
    uncertainty: object = None                    # xarray Dataset of basaltcalc.uncertainty
    notes: list = field(default_factory=list)     # things left out, and why
    seeds: dict = field(default_factory=dict)     # study -> seed used
    how_sure: object = None                       # studies.decision.CheaperProbability
    value: object = None                          # xarray Dataset of basaltcalc.value_of_information
    optimum: object = None                        # studies.optimize.Optimum of the optimize: block


def _q(value, unit):
    from ..model.tables import format_quantity

    return format_quantity(float(value), unit)


def headline(res) -> list[str]:
    """One answer per Earth comparator: which option is cheaper, by how much, the breakevens.

    The breakevens are the scenario's (``breakeven_scale``, ``breakeven_landed_cost``, qualified
    per comparator, :func:`basaltcalc.metrics.comparator_metric`).
    """
    from ..outputs.plotting.style import comparators, option_label, qualified

    raw = res.raw
    insitu = option_label(res.scenario, "insitu")
    out = []
    for key, label, _ in comparators(res):
        q = (lambda m: qualified(m, key))  # noqa: E731 - the metric of this comparator
        e, s = float(raw[q("earth.total_cost")]), float(raw["insitu.total_cost"])
        which = ("In-situ is cheaper" if s < e else "Launching from Earth is cheaper" if s > e
                 else "Both options cost the same")
        be_scale, be_landed = float(raw[q("breakeven_scale")]), float(raw[q("breakeven_landed_cost")])
        by_count = ("never by building more elements" if not math.isfinite(be_scale)
                    else f"at {be_scale:.3g} x the element counts")
        side = "above" if float(raw[q("breakeven_landed_cost_direction")]) > 0 else "below"
        by_price = ("; in-situ is cheaper at any landed cost" if be_landed == 0
                    else "; no landed cost makes them equal" if not math.isfinite(be_landed)
                    else f" and at a landed cost of {_q(be_landed, 'USD/kg')} (in-situ cheaper {side} it)")
        subject = insitu[:1].upper() + insitu[1:]  # a sentence starts with a capital
        out.append(f"Against {label}: {which}. {subject} costs {_q(s, 'USD')} against {_q(e, 'USD')} "
                   f"(cost ratio {float(raw[q('cost_ratio')]):.3g}, savings {_q(raw[q('savings')], 'USD')}); it "
                   f"launches {_q(raw['insitu.launched_mass'], 'kg')} instead of "
                   f"{_q(raw[q('earth.launched_mass')], 'kg')} (mass leverage {float(raw['mass_leverage']):.3g}). "
                   f"Both cost the same {by_count}{by_price}.")
    return out


def _tables(rep: Report) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table of the report as (section key, title, header, rows of text)."""
    from ..model.tables import _SECTIONS, _cell, assumptions, cash_flow_rows, cost_basis, results_json
    from ..metrics import METRICS, comparator_names, metric_info

    from .plotting.style import comparators, qualified

    res, sc = rep.res, rep.res.scenario
    comps = comparators(res)
    decision = _decision_tables(rep)
    side = [[label.strip() if not label.startswith("  ") else f"- {label.strip()}",
             *[_cell(res, qualified(a, key) if a else None) for key, _, _ in comps], _cell(res, b)]
            for _, rows in _SECTIONS for label, a, b in rows]
    if rep.optimum is not None:  # the best plan beside the file's (issue 28)
        from .optimum import optimum_tables

        decision = [*decision, *optimum_tables(rep.optimum)]
    tables = [*decision,
              ("options", "Both options side by side", ["", *[lab for _, lab, _ in comps],
                                                         f"In-situ ({sc.insitu_material}, {sc.route})"], side)]
    if getattr(res, "shape", ()) == ():  # the same table as `basaltcalc run` prints
        tables.append(("cash-flows", *cash_flow_rows(res)))
    el = []
    for row in res.elements():
        options = ([(f"Earth ({c})", o) for c, o in row["comparators"].items()] if "comparators" in row
                   else [("Earth", row["earth"])]) + [("in-situ", row["insitu"])]
        for option, o in options:
            el.append([f"{row['count']:,} x {row['name']} ({row['kind']})", option, o["material"],
                       f"{o['thickness'].m_as('mm'):.1f} mm", f"{o['mass'].m_as('kg'):,.1f} kg",
                       _q(o["cost"].m_as("USD"), "USD"), str(o["governing"])])
    if rep.sweep is not None:
        tables.append(("sweep", "Sweep", ["", ""], _sweep_rows(rep.sweep)))
    tables.append(("elements", "Element sizing (each element)", ["group", "option", "material", "thickness", "mass",
                                                     "cost", "sized by"], el))
    if rep.uncertainty is not None:
        u = rep.uncertainty
        qs = [float(q) for q in u["quantile"].values]
        rows = []
        for i, m in enumerate(u["metric"].values):
            unit = "" if str(u["units"].values[i]) == "1" else str(u["units"].values[i])
            rows.append([str(m), _q(u["mean"].values[i], unit), _q(u["std"].values[i], unit)]
                        + [_q(v, unit) for v in u["quantiles"].values[i]])
        rows.append(["P(in-situ cheaper)", f"{float(u['p_insitu_cheaper']):.4f} ± "
                     f"{float(u['p_insitu_cheaper_se']):.4f}"] + [""] * (1 + len(qs)))
        tables.append(("uncertainty", f"Uncertainty over {u.attrs.get('uncertainty_set', '')} "
                                      f"({u.attrs.get('uncertain_inputs', '')} uncertain inputs; "
                                      f"{u.attrs.get('samples', '')} samples, seed {u.attrs.get('seed', '')})",
                       ["metric", "mean", "std"] + [f"q{q:g}" for q in qs], rows))
    metrics = [[name, _q(res.raw[name], unit), unit or "-", desc]
               for name, (unit, desc) in ((n, metric_info(n)) for n in [*METRICS, *comparator_names(sc)])]
    if rep.how_sure is not None:  # the set metrics (basaltcalc.metrics.SET_METRICS)
        metrics += [[name, f"{value:.4g}", "-", metric_info(name)[1]] for name, value in rep.how_sure.metrics().items()]
    tables.append(("metrics", "Every metric at the file's point", ["metric", "value", "SI unit", "meaning"], metrics))
    cat_rows = []
    for a in assumptions(res):
        rng = "" if a["low"] is None else f"{a['low']:.4g} to {a['high']:.4g} {a['unit']}".rstrip()
        source = (a["source"] or "") + (" (weak)" if a["weak"] else "")
        cat_rows.append([a["path"], a["as_given"] or f"{a['value']:.6g} {a['unit']}".rstrip(), rng,
                         a["origin"], f"{source}; {a['custom']}" if a.get("custom") else source])
    tables.append(("assumptions", "Every assumption (value, range in SI, origin, source)",
                   ["input", "value", "range", "origin", "source"], cat_rows))
    meta = results_json(res)
    prov = [["basaltcalc", meta["basaltcalc"]], ["scenario", sc.name], ["file", sc.file or "(built in Python)"],
            ["scenario sha256", sc.sha256 or "(none)"], ["costs", cost_basis(res)["text"]]]
    prov += [[f"seed ({k})", str(v)] for k, v in rep.seeds.items()]
    prov += [[f"override {k}", str(v)] for k, v in (res.overrides or {}).items()]
    tables.append(("provenance", "Provenance", ["", ""], prov))
    return tables


def _decision_tables(rep: Report) -> list:
    """The decision view: each decision's EVPI and cheapest option over the uncertainty set, then
    per decision whose EVPI is above 0 the inputs and groups ranked by EVPPI (the top ten)."""
    import numpy as np

    v = rep.value
    if v is None:
        return []
    a = v.attrs
    options = [str(o) for o in v["option"].values]
    rows = []
    for k, dname in enumerate(v["decision"].values):
        pb = v["p_best"].values[k]
        j = int(np.nanargmax(pb))
        rows.append([str(dname), f"{options[j]} ({pb[j]:.3f})", _q(v["evpi"].values[k], "USD"),
                     _q(v["evpi_se"].values[k], "USD")])
    title = (f"How sure: each decision over {a.get('uncertainty_set')} ({int(a.get('uncertain_inputs', 0))} "
             f"uncertain inputs), {int(a.get('samples', 0)):,} samples, seed {a.get('seed')}")
    out = [("decision", title, ["decision", "cheapest option (share of samples)", "EVPI", "+/-"], rows)]
    kinds = [str(x) for x in v["kind"].values]
    for k, dname in enumerate(v["decision"].values):
        ev = float(v["evpi"].values[k])
        if not ev > 0:
            continue
        vals, ses = v["evppi"].values[k], v["evppi_se"].values[k]
        order = [i for i in np.argsort(-vals, kind="stable") if kinds[i] == "input"][:10]
        order += [i for i in range(len(kinds)) if kinds[i] == "group"]
        ranked = [[str(v["parameter"].values[i]) + (f" (group: {v['members'].values[i]})" if kinds[i] == "group" else ""),
                   _q(vals[i], "USD"), _q(ses[i], "USD"), f"{vals[i] / ev:.0%}"] for i in order]
        ranked += [[f"measurement {m} ({v['data_model'].values[j]})", _q(v["evsi"].values[k, j], "USD"),
                    _q(v["evsi_se"].values[k, j], "USD"), f"{v['evsi'].values[k, j] / ev:.0%}"]
                   for j, m in enumerate(v["measurement"].values)]
        out.append(("value", f"Which uncertainty to resolve first: {dname} (EVPI {_q(ev, 'USD')})",
                    ["input, group or measurement", "EVPPI / EVSI", "+/-", "of EVPI"], ranked))
    return out


def _sweep_rows(ds) -> list[list[str]]:
    """What the sweep spanned and what it found: axes, cost-ratio range, share where in-situ wins."""
    import numpy as np

    rows = []
    for name in ds["cost_ratio"].dims:
        v = ds[name].values
        unit = ds[name].attrs.get("units", "")
        rows.append([f"axis {name}", f"{len(v)} values, {float(v.min()):.4g} to {float(v.max()):.4g} {unit}".rstrip()])
    r = np.asarray(ds["cost_ratio"].values, dtype=float)
    rows.append(["cost ratio (in-situ / Earth)", f"{np.nanmin(r):.3g} to {np.nanmax(r):.3g}"])
    rows.append(["points where in-situ is cheaper", f"{np.count_nonzero(r < 1):,} of {r.size:,}"])
    return rows


def _svg(fig) -> str:
    from .plotting import figure_bytes

    text = figure_bytes(fig, "svg").decode("utf-8")
    return text[text.index("<svg"):]


_CSS = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}"
        "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right;vertical-align:top}"
        "td:first-child,th:first-child{text-align:left}figure{margin:1em 0}svg{max-width:100%;height:auto}"
        "figcaption{font-size:.9em;color:#555}")


def render_html(rep: Report) -> str:
    """The report as one HTML document, figures inline as SVG (no external files); a file's text
    HTML-escaped and printable (:func:`basaltcalc.text.printable`)."""
    def e(text):
        return printable(html.escape(text))

    sc = rep.res.scenario
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             f"<title>{e(sc.name)}: basaltcalc report</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(sc.name)}</h1><p>{e(sc.description or '')}</p><h2>Answer</h2>"]
    parts += [f"<p>{e(s)}</p>" for s in headline(rep.res)]
    parts += [f"<p>{e(s)}</p>" for s in (rep.how_sure.lines() if rep.how_sure is not None else [])]
    parts += [f"<p>{e(s)}</p>" for s in _optimum_lines(rep)]
    tables = _tables(rep)
    for key, title, header, rows in tables:
        parts.append(f"<h2>{e(title)}</h2><table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in header)
                     + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows]
        parts.append("</tbody></table>")
        parts += [f"<figure>{_svg(fig)}<figcaption>{e(cap)}</figcaption></figure>"
                  for sec, cap, fig in rep.figures if sec == key]
    if rep.notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{e(n)}</li>" for n in rep.notes) + "</ul>")
    parts.append("</body></html>")
    return printable("\n".join(parts), keep_newlines=True)


def _optimum_lines(rep: Report) -> list[str]:
    """The answer's sentence on the best plan, where the file has an ``optimize:`` block."""
    if rep.optimum is None:
        return []
    from .optimum import optimum_headline

    return [optimum_headline(rep.optimum)]


def _md_cell(text) -> str:
    return printable(str(text).replace("|", "\\|"))


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "figure"


def render_markdown(rep: Report, figure_dir: str | None = None, files: dict | None = None) -> str:
    """The report as Markdown; a file's text printable (:func:`basaltcalc.text.printable`).

    With ``figure_dir`` (a folder name beside the report) each figure is an SVG file there,
    linked by its relative path, and ``files`` receives ``{relative path: SVG text}`` for the
    caller to write; without, figures are inline SVG data URIs (for ``-o -`` and devices).
    """
    sc = rep.res.scenario
    lines = [f"# {printable(sc.name)}", "", sc.description or "", "", "## Answer", ""]
    for s in headline(rep.res):
        lines += [s, ""]
    for s in rep.how_sure.lines() if rep.how_sure is not None else []:
        lines += [s.strip(), ""]
    for s in _optimum_lines(rep):
        lines += [s, ""]
    for key, title, header, rows in _tables(rep):
        lines += [f"## {title}", "", "| " + " | ".join(_md_cell(h) or " " for h in header) + " |",
                  "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
        lines.append("")
        for sec, cap, fig in rep.figures:
            if sec == key and figure_dir is not None:
                name = f"{figure_dir}/{len(files) + 1:02d}-{_slug(cap)}.svg"
                files[name] = _svg(fig)
                lines += [f"![{cap}]({name})", "", f"*{cap}*", ""]
            elif sec == key:
                data = base64.b64encode(_svg(fig).encode()).decode()
                lines += [f"![{cap}](data:image/svg+xml;base64,{data})", "", f"*{cap}*", ""]
    if rep.notes:
        lines += ["## Notes", ""] + [f"- {printable(n)}" for n in rep.notes] + [""]
    return printable("\n".join(lines), keep_newlines=True)
