r"""Published cost-estimating relationships (CERs) for the plant and its power system (numpy core).

**AMCM**, NASA's Advanced Missions Cost Model (coefficients: H. W. Jones, "Estimating the Life
Cycle Cost of Space Systems", ICES-2015-041, pp. 4-5): development and production cost, in
millions of FY1999 dollars, of ``Q`` units of a system of dry mass ``W`` (pounds),

.. math:: C = \alpha\,Q^{\beta}\,W^{\xi}\,\delta^{S}\,\varepsilon^{1/(IOC-1900)}\,B^{\phi}\,\gamma^{D}

with ``S`` the specification value of the mission class, ``IOC`` the year of first flight, ``B``
the block number (1 for a new design) and ``D`` the difficulty (-2 very low .. +2 very high).

**TRANSCOST** (D. E. Koelle, *Handbook of Cost Engineering and Design of Space Transportation
Systems*, TRANSCOST 8.2): development effort, in work-years, of a system of reference mass ``M``
(kg),

.. math:: H = f_1\,f_2\,f_3\,f_8\; a\,M^{x}

and the production effort of units ``1..N`` with the learning factor ``p``,

.. math:: F = a_p\,M^{x_p}\,f_8\,f_{10}\,f_{11}\,\sum_{n=1}^{N} n^{\ln p/\ln 2}

Coefficients and their sources are data (``basaltcalc/data/cers.yaml``).
"""
from __future__ import annotations

import numpy as np

from . import learning

__all__ = ["amcm_cost", "transcost_development", "transcost_production", "outside_range",
           "amcm_plant_and_power", "transcost_plant_and_power", "KG_PER_LB"]

#: Pounds to kilograms (exact, international avoirdupois pound). [kg/lb]
KG_PER_LB = 0.45359237


def amcm_cost(mass, quantity, specification, ioc_year, block, difficulty, *, alpha, beta, xi,
              delta, epsilon, phi, gamma):
    r"""AMCM development plus production cost of ``quantity`` units.

    Parameters
    ----------
    mass : array_like
        Dry mass of one unit (converted to the model's pounds here). [kg]
    quantity : array_like
        Units produced, prototypes and spares included. [-]
    specification : array_like
        Specification value ``S`` of the mission class. [-]
    ioc_year : array_like
        Calendar year of initial operating capability (first flight). [-]
    block : array_like
        Block number, 1 for a new design. [-]
    difficulty : array_like
        Programmatic and technical difficulty, -2 .. +2 (0 average). [-]
    alpha, beta, xi, delta, epsilon, phi, gamma : float
        Model coefficients (``alpha`` in millions of FY1999 USD). [-]

    Returns
    -------
    ndarray
        Cost in FY1999 USD (the model's millions times 1e6). [USD]

    Examples
    --------
    >>> # unit coefficients reduce it to Q^b W^x: 1e6 * 2^0.5 * (1000 lb)^0.5
    >>> round(float(amcm_cost(1000 * KG_PER_LB, 2, 0, 2000, 1, 0, alpha=1, beta=0.5, xi=0.5,
    ...                       delta=1, epsilon=1, phi=0, gamma=1)) / 1e6, 4)
    44.7214
    """
    w_lb = np.asarray(mass, dtype=np.float64) / KG_PER_LB
    ioc = np.asarray(ioc_year, dtype=np.float64)
    millions = (alpha * np.power(quantity, beta) * np.power(w_lb, xi) * np.power(delta, specification)
                * np.power(epsilon, 1.0 / (ioc - 1900.0)) * np.power(block, phi)
                * np.power(gamma, difficulty))
    return 1e6 * millions


def transcost_development(mass, a, x, f1=1.0, f2=1.0, f3=1.0, f8=1.0):
    r"""TRANSCOST development effort :math:`H = f_1 f_2 f_3 f_8\,a\,M^x`.

    Parameters
    ----------
    mass : array_like
        Reference (dry) mass of the system. [kg]
    a, x : array_like
        CER coefficient and exponent of the system class. [-]
    f1, f2, f3, f8 : array_like
        Development standard, technical quality, team experience and country productivity
        factors. [-]

    Returns
    -------
    ndarray
        Development effort in work-years (WYr; times the cost of a work-year gives USD). [-]

    Examples
    --------
    >>> # 277 * 3180^0.48 * 1.30 * 1.22 * 0.85 (the SSME case of TRANSCOST 8.2 via lvreuse)
    >>> round(float(transcost_development(3180.0, 277.0, 0.48, 1.30, 1.22, 0.85)))
    17921
    """
    return f1 * f2 * f3 * f8 * a * np.power(np.asarray(mass, dtype=np.float64), x)


def transcost_production(mass, a, x, n_units, learning_factor, f8=1.0, f10=1.0, f11=1.0,
                         first_unit=1.0):
    r"""TRANSCOST production effort of units ``first_unit .. first_unit + n_units - 1``.

    Parameters
    ----------
    mass : array_like
        Reference (dry) mass of one unit. [kg]
    a, x : array_like
        Production CER coefficient and exponent of the system class. [-]
    n_units : array_like
        Units produced. [-]
    learning_factor : array_like
        TRANSCOST learning factor ``p`` in (0, 1]. [-]
    f8, f10, f11 : array_like
        Country productivity, cost reduction and commercial development factors. [-]
    first_unit : array_like
        Number of the first unit produced (1 for a new production run). [-]

    Returns
    -------
    ndarray
        Production effort of the units, in work-years. [-]

    Notes
    -----
    .. math:: F = a\,M^x\,f_8 f_{10} f_{11} \sum_{n} n^{\ln p/\ln 2}

    Examples
    --------
    >>> # Saturn II, units 11-15 at p = 0.96: average 1.84 * 34475^0.59 * mean(n^log2 0.96)
    >>> round(float(transcost_production(34475.0, 1.84, 0.59, 5, 0.96, first_unit=11)) / 5, 1)
    752.5
    """
    before = learning.cumulative_factor(np.asarray(first_unit, dtype=np.float64) - 1.0,
                                        learning_factor)
    upto = learning.cumulative_factor(np.asarray(first_unit, dtype=np.float64) - 1.0
                                      + np.asarray(n_units, dtype=np.float64), learning_factor)
    per_unit = f8 * f10 * f11 * a * np.power(np.asarray(mass, dtype=np.float64), x)
    return per_unit * (upto - before)


def outside_range(mass, low, high):
    """True where a CER's input mass lies outside its validity range ``[low, high]``.

    Parameters
    ----------
    mass : array_like
        Mass the CER is applied to. [kg]
    low, high : float
        Validity range of the CER. [kg]

    Returns
    -------
    ndarray
        Boolean, True outside the range. [-]

    Examples
    --------
    >>> outside_range([50.0, 500.0, 5e5], 100.0, 1e5).tolist()
    [True, False, True]
    """
    m = np.asarray(mass, dtype=np.float64)
    return (m < low) | (m > high)


def _units_with_spares(n_units, unit_mass, spares_mass):
    """Units of a system counting its spares as a fraction of a unit, :math:`n + m_s/m`. [-]"""
    unit_mass = np.asarray(unit_mass, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return n_units + np.where(unit_mass > 0, np.divide(spares_mass, unit_mass), 0.0)


def amcm_plant_and_power(plant, plant_units, spares, power, power_units, specification, ioc_year,
                         block, difficulty, escalation, **coefficients):
    r"""AMCM cost of the plant and its power system, each a system of its own.

    Parameters
    ----------
    plant, power : array_like
        Dry mass of one plant and of one power system. [kg]
    plant_units, power_units : array_like
        Units of each landed over the campaign (replacements included). [-]
    spares : array_like
        Spares of the plant, counted as :math:`m_s/m_{plant}` further plant units. [kg]
    specification, ioc_year, block, difficulty : array_like
        AMCM ``S``, IOC year, block number ``B`` and difficulty ``D`` (:func:`amcm_cost`). [-]
    escalation : array_like
        Factor from the model's FY1999 dollars to the scenario's cost year. [-]
    coefficients : float
        ``alpha, beta, xi, delta, epsilon, phi, gamma`` of :func:`amcm_cost`. [-]

    Returns
    -------
    tuple of ndarray
        ``(first, rest)``: DDT&E plus the first unit of both systems, :math:`C(1)`, and the
        further units and spares, :math:`C(Q) - C(1)`, with
        :math:`Q = n + m_s/m` for the plant and the unit count for the power system. [USD]

    Notes
    -----
    AMCM gives development and production of ``Q`` units together (it does not separate
    DDT&E from the first unit), so ``first`` is reported as the development term.

    Examples
    --------
    >>> # unit coefficients except beta = 0.5: C(Q) = 1e6 Q^0.5 W^0 -> first 1e6 per system,
    >>> # plant Q = 1 + 50/100 = 1.5: rest 1e6 (1.5^0.5 - 1) = 224,745; power Q = 1: rest 0
    >>> first, rest = amcm_plant_and_power(100.0, 1, 50.0, 10.0, 1, 0, 2000, 1, 0, 1.0, alpha=1,
    ...     beta=0.5, xi=0.0, delta=1, epsilon=1, phi=0, gamma=1)
    >>> float(first), round(float(rest))
    (2000000.0, 224745)
    """
    args = dict(specification=specification, ioc_year=ioc_year, block=block,
                difficulty=difficulty, **coefficients)
    q_plant = _units_with_spares(plant_units, plant, spares)
    first = amcm_cost(plant, 1.0, **args) + amcm_cost(power, 1.0, **args)
    total = amcm_cost(plant, q_plant, **args) + amcm_cost(power, power_units, **args)
    return escalation * first, escalation * (total - first)


def transcost_plant_and_power(plant, plant_units, spares, power, power_units, dev_a, dev_x, prod_a,
                              prod_x, f1, f2, f3, learning_factor, work_year_cost):
    r"""TRANSCOST development and production cost of the plant and its power system.

    Parameters
    ----------
    plant, power : array_like
        Reference (dry) mass of one plant and of one power system. [kg]
    plant_units, power_units : array_like
        Units of each landed over the campaign. [-]
    spares : array_like
        Spares of the plant, produced as :math:`m_s/m_{plant}` further plant units. [kg]
    dev_a, dev_x, prod_a, prod_x : array_like
        Development and production CER coefficients and exponents of the system class. [-]
    f1, f2, f3 : array_like
        Development standard, technical quality and team experience factors. [-]
    learning_factor : array_like
        Learning factor ``p`` of the production run, in (0, 1]. [-]
    work_year_cost : array_like
        Cost of one work-year. [USD]

    Returns
    -------
    tuple of ndarray
        ``(development, production)``: :math:`(H_{plant} + H_{power})\,c_{WYr}` and
        :math:`(F_{plant} + F_{power})\,c_{WYr}` (:func:`transcost_development`,
        :func:`transcost_production`). [USD]

    Examples
    --------
    >>> # a = 1, x = 1, p = 1: H = 100 + 10 WYr, F = 100 * 1.5 + 10 * 1 WYr; 1 USD per WYr
    >>> dev, prod = transcost_plant_and_power(100.0, 1, 50.0, 10.0, 1, 1, 1, 1, 1, 1, 1, 1, 1.0, 1.0)
    >>> float(dev), float(prod)
    (110.0, 160.0)
    """
    q_plant = _units_with_spares(plant_units, plant, spares)
    development = (transcost_development(plant, dev_a, dev_x, f1, f2, f3)
                   + transcost_development(power, dev_a, dev_x, f1, f2, f3))
    production = (transcost_production(plant, prod_a, prod_x, q_plant, learning_factor)
                  + transcost_production(power, prod_a, prod_x, power_units, learning_factor))
    return development * work_year_cost, production * work_year_cost
