r"""Published cost-estimating relationships (CERs) for the plant and its power system (numpy core).

**AMCM**, NASA's Advanced Missions Cost Model (NASA JSC cost estimating web site): development
and production cost, in millions of FY1999 dollars, of ``Q`` units of a system of dry mass ``W``
(pounds),

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
           "KG_PER_LB"]

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
