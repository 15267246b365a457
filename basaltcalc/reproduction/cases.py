"""The runners of the reproduction suite: each computes one case's outputs from its inputs
(``data/reproduction/cases.yaml``) through basaltcalc's own code paths, never a formula
retyped.  A runner never sees the published figures (``published.yaml``, read only by
:mod:`.suite`).

Each runner takes the case's inputs, ``{name: {"value", "unit", "where"}}``, and returns
``{key: value}``: a Quantity, or a plain number in the unit the published row states (the
TRANSCOST efforts in work-years, a unit basaltcalc's registry does not hold).
"""
from __future__ import annotations

import copy
import math

import numpy as np

from ..errors import Problem, ScenarioError
from ..units import Q_

__all__ = ["RUNNERS", "amcm_container", "company_cash_flow", "gear_ratio", "transcost_efforts",
           "scenario_metrics"]


def _value(inputs, name):
    """An input as its Quantity (with its unit) or its plain value (no unit given)."""
    spec = inputs[name]
    unit = spec.get("unit")
    if unit is None:
        return spec["value"]
    value = spec["value"]
    return Q_(np.asarray(value, dtype=np.float64) if isinstance(value, list) else float(value), unit)


def _label(x) -> str:
    """A number as a row key reads it: 100, 444.4."""
    return f"{float(x):g}"


def amcm_container(inputs):
    r"""AMCM cost of ``q`` containers (:func:`basaltcalc.core.cers.amcm_cost`), in the source's
    dollars (its FY1999 -> year factor ``dollars``); ``coefficients`` as the source prints them, or
    ``package``: basaltcalc's own set (``data/cers.yaml``).  Keys ``cost[q]`` [MUSD] and
    ``exponent``, :math:`\ln(C(q_2)/C(q_1))/\ln(q_2/q_1)` between the first and last ``q`` [-]."""
    from ..catalogue import data_file
    from ..core import cers

    coefficients = _value(inputs, "coefficients")
    if coefficients == "package":
        coefficients = data_file("cers.yaml")["amcm"]["coefficients"]
    mass = _value(inputs, "dry_mass").m_as("kg")
    q = np.asarray(_value(inputs, "quantities"), dtype=np.float64)
    usd = cers.amcm_cost(mass, q, _value(inputs, "specification"), _value(inputs, "ioc_year"),
                         _value(inputs, "block"), _value(inputs, "difficulty"),
                         **{k: float(v) for k, v in coefficients.items()}) * float(_value(inputs, "dollars"))
    out = {f"cost[{_label(n)}]": Q_(c, "USD") for n, c in zip(q, usd)}
    out["exponent"] = math.log(usd[-1] / usd[0]) / math.log(q[-1] / q[0])
    return out


def company_cash_flow(inputs):
    """NPV and rate of return of an investment at t = 0, recurring costs and yearly revenues over
    ``years``, per market (:func:`basaltcalc.core.money.npv`, :func:`~basaltcalc.core.money.irr`
    in the convention ``discounting``): the costs stand where basaltcalc's in-situ blocks stand,
    the revenues where the Earth option's avoided costs do.  Keys ``npv[market]`` [USD] and
    ``irr[market]`` [-]."""
    from ..core import money

    year = money.YEAR
    years = float(_value(inputs, "years"))
    span = years * year
    rate = float(_value(inputs, "discount_rate"))
    convention = money.CONVENTIONS.index(_value(inputs, "discounting"))
    investment = _value(inputs, "investment").m_as("USD")
    running = _value(inputs, "recurring").m_as("USD/s") * span
    spec = inputs["revenues"]
    out = {}
    for market, revenue in spec["value"].items():
        income = Q_(float(revenue), spec["unit"]).m_as("USD/s") * span
        blocks = {"insitu": [(investment, 0.0, 0.0), (running, 0.0, span)], "earth": [(income, 0.0, span)]}
        npv = (money.npv(blocks["earth"], rate, None, convention)
               - money.npv(blocks["insitu"], rate, None, convention))
        out[f"npv[{market}]"] = Q_(float(npv), "USD")
        out[f"irr[{market}]"] = Q_(float(money.irr(blocks, convention=convention)), "")
    return out


def _default_with(changes: dict):
    """The packaged default scenario with ``changes`` merged into its file structure."""
    from ..scenario import default_scenario, scenario_from_dict

    raw = copy.deepcopy(default_scenario().raw)
    for block, values in changes.items():
        if isinstance(values, dict) and isinstance(raw.get(block), dict):
            raw[block] = {**raw[block], **values}
        else:
            raw[block] = values
    return scenario_from_dict(raw)


def gear_ratio(inputs):
    """The mass ratio LEO -> surface of :func:`basaltcalc.evaluate` (metric
    ``transport.gear_ratio``) on the default scenario with the transport given as LEO cost,
    delta-v, Isp and inert fraction, every Isp in one broadcast.  Keys ``gear[isp]`` [-]."""
    from ..model import evaluate

    isp = _value(inputs, "isp")
    sc = _default_with({"transport": {"leo_cost": "1 USD/kg",
                                      "delta_v": f"{_value(inputs, 'delta_v').m_as('m/s')!r} m/s",
                                      "isp": f"{float(isp.m_as('s')[0])!r} s",
                                      "inert_fraction": float(_value(inputs, "inert_fraction"))}})
    res = evaluate(sc, {"transport.isp": isp}, strict=False)
    return {f"gear[{_label(i)}]": Q_(g, "") for i, g in zip(isp.m_as("s"), res.magnitude("transport.gear_ratio"))}


def transcost_efforts(inputs):
    """TRANSCOST development efforts (:func:`basaltcalc.core.cers.transcost_development`) and the
    average production effort of units ``first..last``
    (:func:`~basaltcalc.core.cers.transcost_production`), in work-years.  Keys
    ``development[name]`` and ``production[name]`` [WYr]."""
    from ..core import cers

    out = {}
    for name, e in inputs["development"]["value"].items():
        out[f"development[{name}]"] = float(cers.transcost_development(
            e["mass"], e["a"], e["x"], e["f1"], e["f2"], e["f3"], e["f8"]))
    for name, e in inputs["production"]["value"].items():
        n = e["last"] - e["first"] + 1
        out[f"production[{name}]"] = float(cers.transcost_production(
            e["mass"], e["a"], e["x"], n, e["p"], f8=e["f8"], first_unit=e["first"])) / n
    return out


def scenario_metrics(inputs):
    """Metrics of :func:`basaltcalc.evaluate` on the default scenario with ``scenario``'s changes:
    each key a metric, or a metric over another (``[metric, divisor]``). [SI]"""
    from ..model import evaluate

    res = evaluate(_default_with(_value(inputs, "scenario")))
    out = {}
    for key, names in _value(inputs, "metrics").items():
        value = res[names[0]]
        for divisor in names[1:]:
            value = value / res[divisor]
        out[key] = value
    return out


#: Runner name (``runner:`` in ``cases.yaml``) -> function.
RUNNERS = {f.__name__: f for f in (amcm_container, company_cash_flow, gear_ratio, transcost_efforts,
                                    scenario_metrics)}


def run_case(name: str, case: dict) -> dict:
    """The outputs of one case, or a located error for an unknown runner or a missing input."""
    runner = RUNNERS.get(case.get("runner"))
    if runner is None:
        from ..scenario import _suggest

        raise ScenarioError(Problem(f"unknown runner {case.get('runner')!r}"
                                    f"{_suggest(str(case.get('runner')), RUNNERS)}",
                                    f"{name}.runner", "data/reproduction/cases.yaml"))
    try:
        return runner(case["inputs"])
    except KeyError as exc:
        raise ScenarioError(Problem(f"the {runner.__name__} runner needs the input {exc.args[0]!r}",
                                    f"{name}.inputs", "data/reproduction/cases.yaml")) from None
