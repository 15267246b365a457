"""Text, HTML, JSON and CSV renderings of results, with the assumptions they used."""
from __future__ import annotations

import csv
import io
import math

import numpy as np

from ..catalogue import load_catalogue
from ..metrics import (METRICS, comparator_labels, comparator_metric, comparator_names, metric_info,
                       split_comparator)
from .. import display
from ..text import printable
from ..units import unit_text

__all__ = ["results_table", "results_html", "results_json", "results_csv", "assumptions", "same_product_note",
           "display_unit", "format_quantity", "headline", "cost_basis", "cash_flows", "cash_flow_arrays", "cash_flow_dataset", "cash_flow_rows", "cash_flow_table"]

#: The one display policy (:mod:`basaltcalc.display`): every quantity of a table in its unit.
display_unit = display.display_unit
format_quantity = display.format_value
format_rate = display.format_rate


def cost_basis(res_or_scenario) -> dict:
    """The year of the costs and the cost model of a run: ``cost_year``, ``cost_index`` (the price
    index's name and source), ``cost_model``, ``discounting`` (the convention of the NPVs), and
    ``text``, the line the outputs print (``'costs in 2025 USD (price index ...); cost model:
    estimate'``)."""
    from ..scenario.quantities import price_index

    sc = getattr(res_or_scenario, "scenario", res_or_scenario)
    ix = price_index()
    year = getattr(sc, "cost_year", None) or ix["default"]
    model = getattr(sc, "cost_model", None) or "estimate"
    return {"cost_year": year, "cost_index": ix["index"], "cost_index_source": ix["source"],
            "cost_model": model, "discounting": getattr(sc, "discounting", None) or "continuous",
            "text": f"costs in {year} USD (price index {ix['index']}, {ix['first']}-{ix['last']}); "
                    f"cost model: {model}"}


def _choice_rows(sc) -> list[dict]:
    """The assumption rows of the cost year, the cost model, the discounting convention and the
    transport billing (choices, not numeric inputs; the defaults and sources of the first two:
    ``choices`` in ``data/economics.yaml``)."""
    from ..catalogue import data_file
    from ..scenario.quantities import price_index

    cat, ix, basis = load_catalogue(), price_index(), cost_basis(sc)
    positions = getattr(sc, "positions", None) or {}
    line = positions.get("cost_year", (None,))[0]
    given = getattr(sc, "cost_year_given", False)
    rows = [{"path": "cost_year", "value": basis["cost_year"], "unit": "", "origin": "file" if given else "default",
             "source": ix["source"], "reference": cat.reference(ix["source"]), "low": ix["first"],
             "high": ix["last"], "weak": False, "as_given": f"{basis['cost_year']} (index {ix['index']})",
             "shown": f"{basis['cost_year']} (index {ix['index']})", "line": line, "custom": None}]
    from ..scenario.transport import BILLING_SOURCE

    choices = data_file("economics.yaml")["choices"]
    for path, value, default_source in (
            ("economics.cost_model", basis["cost_model"], choices["cost_model"]["source"]),
            ("economics.discounting", getattr(sc, "discounting", None) or "continuous",
             choices["discounting"]["source"]),
            ("transport.billing", getattr(sc, "billing", "per-kg"), BILLING_SOURCE)):
        choice_line = positions.get(path, (None,))[0]
        source = None if choice_line is not None else default_source
        rows.append({"path": path, "value": value, "unit": "",
                     "origin": "file" if choice_line is not None else "default", "source": source,
                     "reference": None if source is None else cat.reference(source),
                     "low": None, "high": None, "weak": False, "as_given": value, "shown": value,
                     "line": choice_line, "custom": None})
    return rows


def shown_input(path, inp) -> str:
    """An input's value and its default's range in the input's display unit
    (:func:`basaltcalc.display.format_input`): ``'2,950 kg/m³ [2,800-3,000]'``."""
    d = inp.default
    text = display.format_input(path, inp.si, inp.unit)
    if d is not None and (d.low is not None or d.high is not None) and inp.origin != "file":
        text += " " + display.format_range(path, *d.range_si, inp.unit)
    return text


def assumptions(res_or_scenario) -> list[dict]:
    """Every input the run used: path, value, unit, origin (file/default/override), source, the
    source's own wording (``as_given``) and the value in its display unit (``shown``); first the
    cost year and the cost model (:func:`cost_basis`)."""
    sc = getattr(res_or_scenario, "scenario", res_or_scenario)
    overridden = set(getattr(res_or_scenario, "overrides", {}) or {})
    cat = load_catalogue()
    rows = _choice_rows(sc) + _lander_rows(res_or_scenario)
    for row in rows:
        if row["path"] in overridden:
            row["origin"] = "override"
    for path, inp in sc.inputs.items():
        d = inp.default
        rows.append({
            "path": path,
            "value": inp.si,
            "unit": unit_text(inp.unit, "~") if str(inp.unit) != "dimensionless" else "",
            "origin": "override" if path in overridden else inp.origin,
            "source": d.source if d is not None else None,
            "reference": cat.reference(d.source) if d is not None else None,
            "low": d.range_si[0] if d is not None else None,
            "high": d.range_si[1] if d is not None else None,
            "weak": bool(d.weak) if d is not None else False,
            "as_given": d.describe() if d is not None else None,
            "shown": shown_input(path, inp),
            "line": inp.line,
            "custom": sc.custom_note(path),
        })
    return rows


_SECTIONS = [
    ("Cost", [("total cost", "earth.total_cost", "insitu.total_cost"),
              ("net present value (NPV)", "earth.npv", "insitu.npv"),
              ("  fabrication on Earth", "earth.fabrication_cost", None),
              ("  transport to the surface", "earth.transport_cost", "insitu.transport_cost"),
              ("  plant and power hardware", None, "insitu.hardware_cost"),
              ("  imported consumables", None, "insitu.consumables_cost"),
              ("  containers and packaging", "earth.container_cost", "insitu.container_cost"),
              ("  development (DDT&E share)", None, "insitu.ddte_cost"),
              ("  operations", None, "insitu.operations_cost"),
              ("cost per element", "earth.cost_per_element", "insitu.cost_per_element"),
              ("cost per kg of product", "earth.cost_per_kg", "insitu.cost_per_kg")]),
    ("Mass", [("product (finished elements)", "earth.product_mass", "insitu.product_mass"),
              ("launched from Earth", "earth.launched_mass", "insitu.launched_mass"),
              ("  production plant", None, "insitu.plant_mass"),
              ("  spares", None, "insitu.spares_mass"),
              ("  power system", None, "insitu.power_system_mass"),
              ("  consumables", None, "insitu.consumables_mass"),
              ("  packaging", None, "insitu.packaging_mass"),
              ("feedstock mined", None, "insitu.feedstock_mass")]),
    ("Time and energy", [("deliveries / production (length)", "earth.campaign_time", "insitu.campaign_time"),
                         ("lander flights (whole pieces)", "earth.flights", "insitu.flights"),
                         ("  fewest: mass / payload", "earth.flights_lower_bound", "insitu.flights_lower_bound"),
                         ("first plant and power landed at", None, "insitu.first_landing_time"),
                         ("first in-situ product at", None, "insitu.first_product_time"),
                         ("every element in place at", "earth.last_delivery_time", "insitu.last_product_time"),
                         ("energy", None, "insitu.energy"),
                         ("operating power", None, "insitu.operating_power"),
                         ("average power", None, "insitu.average_power"),
                         ("duty cycle", None, "insitu.duty_cycle")]),
]
_HEADLINE = ["cost_ratio", "savings", "launched_mass_saved", "mass_leverage", "breakeven_scale",
             "breakeven_landed_cost", "breakeven_landed_cost_direction", "payback_time",
             "transport.landed_cost", "economics.discount_rate", "discounted_cost_ratio",
             "discounted_savings", "discounted_payback_time", "insitu_irr"]
_PER_COMPARATOR = {"cost_ratio", "savings", "launched_mass_saved", "breakeven_scale",
                   "breakeven_landed_cost", "breakeven_landed_cost_direction", "payback_time",
                   "discounted_cost_ratio", "discounted_savings", "discounted_payback_time", "insitu_irr"}
#: The line under the time section's header: where its dates count from (one origin everywhere).
_TIME_NOTE = f"dates count from {display.TIME_ORIGIN} (time 0 of the cash flows)"


def _cell(res, name):
    """A metric of one point in its display unit (:func:`basaltcalc.display.format_metric`)."""
    return "" if name is None else display.format_metric(name, float(res.raw[name]))


def option_heads(res) -> tuple[list[str], str]:
    """The column heads of a result's options: ``Earth (<material>)`` per Earth design, then
    ``In-situ (<material>, <route>)``; a file's names printable."""
    sc = res.scenario
    labels = comparator_labels(sc) or [None]
    return ([f"Earth ({printable(c or sc.earth_material)})" for c in labels],
            f"In-situ ({printable(sc.insitu_material)}, {printable(sc.route)})")


def _qualified(name, label):
    """The metric of one comparator (the unqualified name where there is only one)."""
    return name if name is None or label is None else comparator_metric(name, label)


def headline(res) -> str:
    """One sentence: the in-situ cost against each Earth comparator, and where it breaks even.

    ``breakeven_landed_cost`` is read with ``breakeven_landed_cost_direction``: in-situ is
    cheaper *above* it (+1) when it lands less mass than the Earth option (the usual case),
    *below* it (-1) otherwise.
    """
    sc = res.scenario
    labels = comparator_labels(sc) or [None]
    parts = []
    for label in labels:
        material = printable(label or sc.earth_material)
        ratio = float(res.raw[_qualified("cost_ratio", label)])
        be = float(res.raw[_qualified("breakeven_landed_cost", label)])
        lighter = float(res.raw[_qualified("breakeven_landed_cost_direction", label)]) > 0
        where = ("never breaks even" if math.isinf(be) else "is cheaper at any landed cost" if be == 0
                 else f"is cheaper {'above' if lighter else 'below'} "
                      f"{format_quantity(be, 'USD/kg')} landed")
        parts.append(f"{display.number(ratio, 3)} x the cost of launching {material} elements "
                     f"({format_quantity(float(res.raw[_qualified('earth.total_cost', label)]), 'USD')}; "
                     f"in situ {where})")
    return "In-situ costs " + " and ".join(parts) + "."


def _chosen(res) -> list[dict]:
    """The landers chosen for the options, where some option does not fly the file's or its
    preset's lander; [] otherwise (nothing to say beyond the preset)."""
    chosen = res.chosen_landers() if hasattr(res, "chosen_landers") else []
    return [] if all(c["kept"] for c in chosen) else chosen


def _landers_text(res) -> str:
    """The landers chosen where the file names none (:meth:`~basaltcalc.model.boundary.Results.chosen_landers`),
    for the run's transport line; '' where it names one."""
    chosen = _chosen(res)
    if not chosen:
        return ""
    head = ("; landers: the preset's where it carries an option's largest piece, else" if res.scenario.transport_preset
            else "; no lander named: each option flies")
    return (f"{head} the smallest catalogue lander that carries its largest piece: "
            + ", ".join(f"{c['option']} {c['name']} ({c['payload']:,.0f} kg, for {c['piece']:,.1f} kg)"
                        for c in chosen))


def _lander_rows(res) -> list[dict]:
    """Assumption rows of the landers chosen where the file names none."""
    cat = load_catalogue()
    rows = []
    for c in _chosen(res):
        rows.append({"path": c["path"], "value": c["name"], "unit": "", "origin": "default", "source": c["source"],
                     "reference": cat.reference(c["source"]), "low": None, "high": None, "weak": False,
                     "as_given": f"{c['name']} ({c['payload']:,.0f} kg)",
                     "shown": f"{c['name']} ({c['payload']:,.0f} kg)", "line": None, "custom": None})
    return rows


def same_product_note(res) -> str | None:
    """The element table's line on an Earth design in the in-situ material
    (:meth:`basaltcalc.model.boundary.Results.same_product_note`); None where none is."""
    return res.same_product_note() if hasattr(res, "same_product_note") else None


def results_table(res, how_sure=None) -> str:
    """Plain-text table: the options side by side (one Earth column per comparator, each named),
    breakdowns, breakevens, per-element sizing, in the display units of
    :mod:`basaltcalc.display`.  ``how_sure``: the probability that in-situ is cheaper over the
    uncertainty set (:func:`basaltcalc.studies.decision.probability_cheaper`), printed under the
    headline."""
    from .. import __version__

    sc = res.scenario
    if res.shape != ():
        return _array_summary(res)
    lines = [f"basaltcalc {__version__}: {printable(sc.name)}"]
    if sc.file:
        lines.append(f"scenario file: {sc.file}" + (f" (sha256 {sc.sha256[:16]}...)" if sc.sha256 else ""))
    labels = comparator_labels(sc) or [None]
    earth_heads, insitu_head = option_heads(res)
    lines.append(f"site {printable(sc.site)}; power {printable(sc.power)}; transport "
                 f"{printable(sc.transport_preset or 'from the file')}, billed {getattr(sc, 'billing', 'per-kg')}"
                 + _landers_text(res))
    lines.append(headline(res))
    lines += how_sure.lines() if how_sure is not None else []
    lines.append(cost_basis(res)["text"])
    lines.append("")
    head = ["", *earth_heads, insitu_head]
    body = {title: [[label, *(_cell(res, _qualified(e, c)) for c in labels), _cell(res, s)] for label, e, s in rows]
            for title, rows in _SECTIONS}
    widths = display.column_widths([head, *(r for rows in body.values() for r in rows)])
    for title, rows in body.items():
        lines.append(title + (f": {_TIME_NOTE}" if title.startswith("Time") else ""))
        lines += display.text_table(head, rows, widths=widths, indent=0)
        lines.append("")
    vs = [f"vs Earth ({printable(c)})" for c in labels] if labels != [None] else [f"vs {earth_heads[0]}"]
    comparison = [[f"  {name}", *(_cell(res, _qualified(name, c) if name in _PER_COMPARATOR else name) for c in labels),
                   METRICS[name][1]] for name in _HEADLINE]
    lines.append("Comparison")
    lines += display.text_table(["", *vs, ""], comparison, align="l" + "r" * len(vs) + "l", indent=0, gap=3)
    lines.append("")
    lines.append(cash_flow_table(res))
    lines.append("")
    lines += _element_lines(res)
    notes = res.warnings()
    if notes:
        lines.append("")
        lines.append("Warnings")
        lines += [f"  {n}" for n in notes]
    defaults = [a for a in assumptions(res) if a["origin"] == "default" and a["source"]]
    weak = sum(a["weak"] for a in defaults)
    lines.append("")
    lines.append(f"Assumptions: {len(defaults)} defaults from basaltcalc/data ({weak} weakly sourced, "
                 "marked *); `basaltcalc explain` gives each full citation")
    lines += display.text_table(["", "", "", ""], [["*" if a["weak"] else "", a["path"], a["shown"], a["source"]]
                                                   for a in defaults], align="llll", indent=2, gap=2)[1:]
    notes = res.scenario.custom_notes()
    if notes:  # new entries: their own values are the file's, the rest their base's (above)
        lines.append("")
        lines.append(f"User-defined entries in the file ({len(notes)}):")
        lines += [f"    {n}" for n in notes]
    return printable("\n".join(lines), keep_newlines=True)  # a file's names: never raw on a terminal


def _element_lines(res) -> list[str]:
    """The element table of one point: each group, then each option's material, thickness, mass,
    cost and governing rule."""
    head = ["", "material", "thickness", "mass", "cost", "sized by"]
    groups = []
    for row in res.elements():
        options = ([("Earth", o) for o in row["comparators"].values()] if "comparators" in row
                   else [("Earth", row["earth"])])
        groups.append((f"  {row['count']:,} x {printable(row['name'])} ({row['kind']})",
                       [[f"    {label}", printable(o["material"]), display.format_value(o["thickness"].m_as("m"), "m"),
                         display.format_value(o["mass"].m_as("kg"), "kg"),
                         display.format_value(o["cost"].m_as("USD"), "USD"), str(o["governing"])]
                        for label, o in [*options, ("in-situ", row["insitu"])]]))
    widths = display.column_widths([head, *(r for _, rows in groups for r in rows)])
    lines = ["Elements, each (in-situ cost allocated by mass)",
             *display.text_table(head, [], align="llrrrl", indent=0, widths=widths)]
    for title, rows in groups:
        lines.append(title)
        lines += display.text_table(head, rows, align="llrrrl", indent=0, widths=widths)[1:]
    note = same_product_note(res)
    if note:
        lines.append(f"  {printable(note)}")
    return lines


#: Years of a cash-flow table at most; the last year then holds everything after. [-]
MAX_YEARS = 200
#: Rows of the printed cash-flow table at most (years are grouped into equal periods). [-]
TABLE_ROWS = 12


def _money_blocks(m, scenario):
    """``[(option name, comparator key, blocks)]`` of the metrics ``m``: in-situ first, then each
    Earth comparator."""
    from ..core import compare

    labels = comparator_labels(scenario)
    keys = [None] + labels[1:] if labels else [None]
    names = [f"earth[{label}]" for label in labels] if labels else ["earth"]
    blocks = [compare.money_blocks(m, key) for key in keys]
    return [("insitu", None, blocks[0])] + [(n, k, b) for n, k, b in zip(names, keys, blocks)]


def cash_flow_arrays(m, scenario, shape, years: int | None = None) -> dict:
    """The numbers of :func:`cash_flow_dataset` as plain numpy, without building a Dataset (the
    text, JSON and CSV outputs need only these, and xarray with pandas costs ~0.2 s to import):
    ``option`` (names), ``year`` (``arange(years)``), ``paid`` and ``discounted`` [USD] of shape
    ``shape + (option, year)``, and the Dataset's ``attrs``."""
    from ..core import money

    options = _money_blocks(m, scenario)
    rate = np.asarray(m["economics.discount_rate"], dtype=np.float64)
    convention = money.CONVENTIONS.index(getattr(scenario, "discounting", None) or "continuous")
    if years is None:
        end = max(float(np.max(np.add(s, d))) for _, _, b in options for bl in b.values() for _, s, d in bl)
        years = int(min(max(math.ceil(end / money.YEAR - 1e-9), 1), MAX_YEARS))
    shape = tuple(shape)
    paid = np.empty(shape + (len(options), years))
    disc = np.empty(shape + (len(options), years))
    for i, (name, _, blocks) in enumerate(options):
        p, d = money.yearly(blocks, rate, years, convention)
        which = "insitu" if name == "insitu" else "earth"
        paid[(Ellipsis, i, slice(None))] = np.broadcast_to(p[which], shape + (years,))
        disc[(Ellipsis, i, slice(None))] = np.broadcast_to(d[which], shape + (years,))
    attrs = {"units": "USD", "discount_rate": float(rate) if rate.ndim == 0 else "per point (economics.discount_rate)",
             "discounting": money.CONVENTIONS[convention],
             "description": "dated cash flows of both options: development, first plant and power landing, "
                            "campaign; Earth deliveries at the flight cadence"}
    return {"option": [n for n, _, _ in options], "year": np.arange(years), "paid": paid,
            "discounted": disc, "attrs": attrs}


def cash_flow_dataset(m, scenario, dims, shape, years: int | None = None):
    """The dated cash flows by year of the metrics ``m`` (SI arrays broadcasting to ``shape``,
    the dims ``dims``) as an :class:`xarray.Dataset`: ``paid`` and ``discounted`` [USD] on
    ``dims + (option, year)`` (:func:`cash_flows`; a sweep's: :func:`basaltcalc.studies.grid.cash_flows`)."""
    import xarray as xr

    cf = cash_flow_arrays(m, scenario, shape, years)
    coords = {"option": cf["option"],
              "year": ("year", cf["year"], {"units": "year",
                                            "description": "years from the start of development"})}
    return xr.Dataset({"paid": ([*dims, "option", "year"], cf["paid"], {"units": "USD"}),
                       "discounted": ([*dims, "option", "year"], cf["discounted"], {"units": "USD"})},
                      coords=coords, attrs=cf["attrs"])


def _cash_flow_arrays(res, years: int | None = None) -> dict:
    """:func:`cash_flow_arrays` of a :class:`~basaltcalc.model.Results`."""
    return cash_flow_arrays(res.raw, res.scenario, res.shape, years)


def cash_flows(res, years: int | None = None):
    """The dated cash flows of both options by year (:func:`basaltcalc.core.money.yearly`).

    Returns an :class:`xarray.Dataset` with ``paid`` (undiscounted) and ``discounted`` [USD] on
    the dims of the result's broadcast (``dim_0``, ...), ``option`` (``insitu``, then ``earth``
    or ``earth[<label>]`` for each comparator) and ``year``: year ``k`` holds what is paid in
    ``[k, k+1)`` years from the start of development, the last year also everything after.
    Each discounted value is the exact integral over its year, so the years sum to the NPVs.
    ``years`` defaults to the last payment's year (at most :data:`MAX_YEARS`).
    """
    return cash_flow_dataset(res.raw, res.scenario, [f"dim_{i}" for i in range(len(res.shape))], res.shape,
                             years)


def cash_flow_rows(res) -> tuple[str, list[str], list[list[str]]]:
    """The cash flows of one point as ``(title, header, rows)`` of text cells: years grouped
    into at most :data:`TABLE_ROWS` periods ``[a, b)``, what each option pays in each (MUSD), the
    cumulative discounted savings against each comparator at the period's end, then the NPVs
    and the totals (their savings cells empty).  :func:`cash_flow_table` prints it, the report
    (:mod:`basaltcalc.outputs.report`) renders it as one of its tables."""
    cf = _cash_flow_arrays(res)
    options = cf["option"]
    paid, disc = cf["paid"], cf["discounted"]
    n = paid.shape[-1]
    width = math.ceil(n / TABLE_ROWS)
    factor, unit = 1e-6, "MUSD"
    earths = options[1:]
    heads = ["in-situ"] + [f"Earth ({printable(o[6:-1] if '[' in o else res.scenario.earth_material)})"
                           for o in earths]
    cum_heads = [f"cum. savings vs {h}" for h in heads[1:]]
    rate = float(res.raw["economics.discount_rate"])
    title = (f"Cash flows ({unit} paid by period, years from {display.TIME_ORIGIN}; discount rate "
             f"{format_rate(rate)} a year, {cf['attrs']['discounting']}; cumulative savings discounted)")
    savings = np.cumsum(disc[1:] - disc[0], axis=-1)

    def musd(usd):  # to the cent first: a period's sum of flows that cancel shows 0, not 4.768e-13
        return display.number(round(float(usd), 2) * factor)

    rows = []
    for a in range(0, n, width):
        b = min(a + width, n)
        span = f"{a}-{b}" + ("+" if b == n and n > 1 else "")
        rows.append([span, *(musd(paid[i, a:b].sum()) for i in range(len(options))),
                     *(musd(savings[j, b - 1]) for j in range(len(earths)))])
    blank = [""] * len(earths)
    rows.append(["NPV", *(musd(disc[i].sum()) for i in range(len(options))), *blank])
    rows.append(["total", *(musd(paid[i].sum()) for i in range(len(options))), *blank])
    return title, ["years", *heads, *cum_heads], rows


def cash_flow_table(res) -> str:
    """The cash flows of one point as text (:func:`cash_flow_rows`), in fixed-width columns whose
    heads name each Earth design (:func:`basaltcalc.display.text_table`)."""
    title, header, rows = cash_flow_rows(res)
    heads = [h.replace(" vs ", "\nvs ", 1) for h in header]  # the savings' heads on two lines
    return "\n".join([title, *display.text_table(heads, rows, indent=2, gap=3)])


def _array_rows(res) -> list[tuple[str, list[str]]]:
    """(metric, [min, median, max] formatted) of an array result."""
    rows = []
    for name in ["earth.total_cost", "insitu.total_cost", *_HEADLINE]:
        a = np.asarray(res.raw[name], dtype=float).ravel()
        unit = METRICS[name][0]
        finite = a[np.isfinite(a)] if np.any(np.isfinite(a)) else a
        stats = (np.min(a), np.median(finite), np.max(a))
        rows.append((name, [format_quantity(float(s), unit) for s in stats]))
    return rows


def _array_summary(res) -> str:
    lines = [f"basaltcalc: {printable(res.scenario.name)}: {math.prod(res.shape):,} points, shape {res.shape}",
             cost_basis(res)["text"],
             f"{'metric':<28}{'min':>18}{'median':>18}{'max':>18}"]
    lines += [f"{name:<28}" + "".join(f"{c:>18}" for c in cells) for name, cells in _array_rows(res)]
    return printable("\n".join(lines), keep_newlines=True)


def results_html(res) -> str:
    """HTML tables for notebooks: headline, both options side by side, elements, defaults used.

    The same rows and formatting as :func:`results_table`; arrays give min / median / max.
    """
    import html

    def e(text):  # HTML-escaped and printable (basaltcalc.text): a file's names shown safely
        return printable(html.escape(text))

    sc = res.scenario
    head = (f"<p><b>{e(sc.name)}</b>: Earth ({e(sc.earth_material)}) against in-situ "
            f"({e(sc.insitu_material)}, {e(sc.route)}); site {e(sc.site)}, power {e(sc.power)}; "
            f"{e(cost_basis(res)['text'])}</p>")
    if res.shape != ():
        body = "".join(f"<tr><td><code>{n}</code></td>" + "".join(f"<td>{e(c)}</td>" for c in cells)
                       + "</tr>" for n, cells in _array_rows(res))
        return (f"{head}<p>{math.prod(res.shape):,} points, shape {res.shape}</p><table><thead><tr>"
                "<th>metric</th><th>min</th><th>median</th><th>max</th></tr></thead>"
                f"<tbody>{body}</tbody></table>")
    labels = comparator_labels(sc) or [None]
    heads = "".join(f"<th>Earth ({e(c or sc.earth_material)})</th>" for c in labels)
    out = [head, f"<p>{e(headline(res))}</p><table><thead><tr><th></th>{heads}"
           f"<th>In-situ ({e(sc.insitu_material)}, {e(sc.route)})</th></tr></thead><tbody>"]
    for title, rows in _SECTIONS:
        out.append(f"<tr><th colspan='{len(labels) + 2}' style='text-align:left'>{e(title)}</th></tr>")
        out += [f"<tr><td style='text-align:left'>{'&nbsp;&nbsp;' * label.startswith('  ')}{e(label.strip())}</td>"
                + "".join(f"<td>{e(_cell(res, _qualified(a, c)))}</td>" for c in labels)
                + f"<td>{e(_cell(res, b))}</td></tr>" for label, a, b in rows]
    vs = "".join(f"<th>vs {e(c)}</th>" for c in labels) if labels != [None] else "<th>value</th>"
    out.append(f"</tbody></table><table><thead><tr><th>metric</th>{vs}<th>meaning</th></tr></thead><tbody>")
    out += [f"<tr><td style='text-align:left'><code>{n}</code></td>"
            + "".join(f"<td>{e(_cell(res, _qualified(n, c) if n in _PER_COMPARATOR else n))}</td>" for c in labels)
            + f"<td style='text-align:left'>{e(METRICS[n][1])}</td></tr>" for n in _HEADLINE]
    out.append("</tbody></table>")
    defaults = [a for a in assumptions(res) if a["origin"] == "default" and a["source"]]
    out.append(f"<details><summary>{len(defaults)} defaults used (value, source)</summary><table><tbody>")
    out += [f"<tr><td style='text-align:left'><code>{e(a['path'])}</code>{' *' if a['weak'] else ''}</td>"
            f"<td>{e(a['as_given'] or '')}</td><td>{e(a['source'])}</td></tr>" for a in defaults]
    out.append("</tbody></table></details>")
    return printable("".join(out))


def _jsonable(x):
    if isinstance(x, float):
        return x if math.isfinite(x) else ("inf" if x > 0 else "-inf" if x < 0 else "nan")
    return x


def results_json(res, how_sure=None) -> dict:
    """DESIGN 5 JSON: scenario, metrics (value + unit), elements, assumptions, warnings; with
    ``how_sure`` (:func:`basaltcalc.studies.decision.probability_cheaper`) its metrics
    (:data:`~basaltcalc.metrics.SET_METRICS`) among the others and its sample under
    ``uncertainty``."""
    from .. import __version__

    sc = res.scenario
    metrics = {}
    for name in _metric_list(sc):
        unit, desc = METRICS[split_comparator(name)[0]]
        v = res.raw[name]
        value = [_jsonable(float(x)) for x in np.ravel(v)] if np.ndim(v) else _jsonable(float(v))
        metrics[name] = {"value": value, "unit": unit, "description": desc}
    for name, value in (how_sure.metrics() if how_sure is not None else {}).items():
        unit, desc = metric_info(name)
        metrics[name] = {"value": _jsonable(float(value)), "unit": unit, "description": desc}
    elements = []
    if res.shape == ():
        for row in res.elements():
            item = {"name": row["name"], "kind": row["kind"], "count": row["count"]}
            for option in ("earth", "insitu"):
                item[option] = _element_json(row[option])
            if "comparators" in row:
                item["comparators"] = {label: _element_json(o) for label, o in row["comparators"].items()}
            elements.append(item)
    return {
        "basaltcalc": __version__,
        "scenario": {"name": sc.name, "description": sc.description, "file": sc.file,
                     "sha256": sc.sha256, "site": sc.site, "route": sc.route, "power": sc.power,
                     "insitu_material": sc.insitu_material, "earth_material": sc.earth_material,
                     "transport_preset": sc.transport_preset,
                     **{k: v for k, v in cost_basis(res).items() if k != "text"}},
        "shape": list(res.shape),
        "comparators": [dict(c) for c in getattr(sc, "comparators", None) or []],
        "headline": headline(res) if res.shape == () else None,
        "metrics": metrics,
        "elements": elements,
        "elements_note": same_product_note(res) if res.shape == () else None,
        "cash_flows": _cash_flows_json(res) if res.shape == () else None,
        "uncertainty": how_sure.describe() if how_sure is not None else None,
        "assumptions": [{k: _jsonable(v) for k, v in a.items()} for a in assumptions(res)],
        "warnings": res.warnings(),
    }


def _cash_flows_json(res) -> dict:
    """:func:`cash_flows` of one point: year, and per option what is paid and its discounted value."""
    cf = _cash_flow_arrays(res)
    return {"unit": "USD", "discount_rate": cf["attrs"]["discount_rate"],
            "discounting": cf["attrs"]["discounting"], "description": cf["attrs"]["description"],
            "year": cf["year"].tolist(),
            "paid": {o: cf["paid"][i].tolist() for i, o in enumerate(cf["option"])},
            "discounted": {o: cf["discounted"][i].tolist() for i, o in enumerate(cf["option"])}}


def _element_json(o) -> dict:
    return {"material": o["material"], "thickness": {"value": o["thickness"].m, "unit": "m"},
            "mass": {"value": o["mass"].m, "unit": "kg"},
            "cost": {"value": o["cost"].m_as("USD"), "unit": "USD"}, "governing": o["governing"]}


def _metric_list(sc) -> list[str]:
    """Every metric, then each comparator's qualified ones (none with a single comparator)."""
    return [*METRICS, *comparator_names(sc)]


def results_csv(res, how_sure=None) -> str:
    """CSV: one row per metric (a single point) or one row per point (arrays).

    Leading ``# `` comment lines carry the provenance: basaltcalc version, scenario name, file
    and sha256, overrides, and every default used with its value and source (read the table
    with ``pandas.read_csv(path, comment="#")``).  With ``how_sure``
    (:func:`basaltcalc.studies.decision.probability_cheaper`) its metrics are rows after the
    others and its sample a comment line.
    """
    from .. import __version__

    sc = res.scenario
    buf = io.StringIO()
    basis = cost_basis(res)
    head = [f"basaltcalc {__version__}", f"scenario: {sc.name}", f"file: {sc.file or ''}",
            f"sha256: {sc.sha256}", f"cost_year: {basis['cost_year']} (costs in {basis['cost_year']} USD, "
            f"price index {basis['cost_index']})", f"cost_model: {basis['cost_model']}"]
    if how_sure is not None:
        head.append("uncertainty: " + ", ".join(f"{k} {v}" for k, v in how_sure.describe().items()))
    head += [f"override: {k} = {v!r}" for k, v in (res.overrides or {}).items()
             if np.ndim(getattr(v, "magnitude", v)) == 0]
    head += [f"override: {k} = array" for k, v in (res.overrides or {}).items()
             if np.ndim(getattr(v, "magnitude", v)) != 0]
    for a in assumptions(res):
        if a["origin"] == "default":
            head.append(f"default: {a['path']} = {a['value']!r} {a['unit']} ({a['source'] or 'n/a'})".rstrip())
    buf.writelines(f"# {printable(line)}\n" for line in head)
    w = csv.writer(buf, lineterminator="\n")
    if res.shape == ():
        w.writerow(["metric", "value", "unit"])
        for name in _metric_list(sc):
            w.writerow([name, repr(float(res.raw[name])), METRICS[split_comparator(name)[0]][0]])
        for name, value in (how_sure.metrics() if how_sure is not None else {}).items():
            w.writerow([name, repr(float(value)), metric_info(name)[0]])
        cf = _cash_flow_arrays(res)
        for var in ("paid", "discounted"):
            for i, option in enumerate(cf["option"]):
                for k, v in zip(cf["year"], cf[var][i]):
                    w.writerow([f"cash_flows.{var}[{option}][{k}]", repr(float(v)), "USD"])
    else:
        names = _metric_list(sc)
        units = [METRICS[split_comparator(n)[0]][0] for n in names]
        w.writerow([f"{n} [{u}]" if u else n for n, u in zip(names, units)])
        cols = [np.broadcast_to(np.asarray(res.raw[n], dtype=float), res.shape).ravel() for n in names]
        for row in zip(*cols):
            w.writerow([repr(float(x)) for x in row])
    return printable(buf.getvalue(), keep_newlines=True)
