r"""Earth-to-Moon transport: gear ratio, landed cost per kg and delivery time (numpy core, SI floats).

References
----------
.. [1] Sutton & Biblarz, Rocket Propulsion Elements, 9th ed. (2017), eq. 4-6 (ideal rocket
   equation, Δv = Isp·g0·ln(m0/mf)).
.. [2] Artemis Society / Moon Society, "How to Calculate Mass Ratio for Flight from LEO to Lunar
   Surface" (adb.moonsociety.org/06/07/03/01/leo-luna-example.html): Δv 20,000 ft/s, mass ratio
   3.86 at Isp 460 s, 4.05 at 444.4 s, 10.92 at 260 s.
"""
from __future__ import annotations

import numpy as np

__all__ = ["STANDARD_GRAVITY", "gear_ratio", "landed_cost", "delivery_time", "flights",
           "mass_ratio_limit"]

#: Standard gravity, the defining constant of specific impulse (CGPM 1901). [m/s^2]
STANDARD_GRAVITY = 9.80665


def _mass_ratio(delta_v, specific_impulse):
    """Tsiolkovsky mass ratio R = exp(Δv / (g0 Isp)) [-] of Δv [m/s] at Isp [s]."""
    return np.exp(np.divide(delta_v, np.multiply(specific_impulse, STANDARD_GRAVITY)))


def gear_ratio(delta_v, specific_impulse, inert_fraction=0.0):
    r"""Mass in low Earth orbit per unit of payload landed, for one lumped stage.

    Parameters
    ----------
    delta_v : array_like
        Velocity change from LEO to the lunar surface. [m/s]
    specific_impulse : array_like
        Specific impulse. [s]
    inert_fraction : array_like, optional
        Structural coefficient ε = inert / (inert + propellant) of the stage; 0 lumps the stage's
        dry mass with the payload (ideal rocket equation). [-]

    Returns
    -------
    ndarray
        Gear ratio, ``inf`` where the stage cannot reach the Δv (ε·R >= 1); 1 where Δv is 0. [-]

    Notes
    -----
    With the mass ratio :math:`R = \exp(\Delta v / (I_{sp} g_0))` [1]_,

    .. math:: G = \frac{m_0}{m_{payload}} = \frac{R\,(1 - \varepsilon)}{1 - \varepsilon R}

    which is R for ε = 0.

    Examples
    --------
    >>> # Moon Society [2]: 20,000 ft/s = 6096 m/s at Isp 444.4 s -> exp(1.3988) = 4.05
    >>> round(float(gear_ratio(6096.0, 444.4)), 2)
    4.05
    """
    ratio = _mass_ratio(delta_v, specific_impulse)
    eps = np.asarray(inert_fraction, dtype=np.float64)
    denominator = 1.0 - eps * ratio
    with np.errstate(divide="ignore", invalid="ignore"):
        gear = np.where(denominator > 0, ratio * (1.0 - eps) / denominator, np.inf)
    # no delta-v (R = 1: a landed cost given directly) needs no propellant: G = 1 for any ε, where
    # the formula reads 0/0 at ε = 1
    gear = np.where(ratio == 1.0, 1.0, gear)
    return gear[()] if gear.ndim == 0 else gear


def landed_cost(direct_landed_cost, leo_cost, gear):
    r"""Cost per kg landed: the direct figure where given, else LEO cost times gear ratio.

    Parameters
    ----------
    direct_landed_cost : array_like
        Landed cost per kg, NaN where it is to be built from LEO cost and gear ratio. [USD/kg]
    leo_cost : array_like
        Launch cost per kg to low Earth orbit. [USD/kg]
    gear : array_like
        Gear ratio, kg in LEO per kg landed. [-]

    Returns
    -------
    ndarray
        Landed cost per kg. [USD/kg]

    Notes
    -----
    .. math:: c_{landed} = c_{LEO} \cdot G

    Examples
    --------
    >>> float(landed_cost(np.nan, 1500.0, 4.0))
    6000.0
    >>> float(landed_cost(1.2e6, 1500.0, 4.0))
    1200000.0
    """
    direct = np.asarray(direct_landed_cost, dtype=np.float64)
    if not np.isnan(direct.min(initial=np.inf) if direct.size else 0.0):  # NaN-free: no pass to mix
        return direct[()] if direct.ndim == 0 else direct
    return np.where(np.isnan(direct), np.multiply(leo_cost, gear), direct)


def delivery_time(launched_mass, payload_per_flight, flights_per_year):
    r"""Time to deliver a mass at a given cadence (whole flights).

    Parameters
    ----------
    launched_mass : array_like
        Mass to land. [kg]
    payload_per_flight : array_like
        Landed payload per flight. [kg]
    flights_per_year : array_like
        Flight rate, as a frequency. [1/s]

    Returns
    -------
    ndarray
        Delivery time. [s]

    Notes
    -----
    .. math:: T = \lceil m / m_{flight} \rceil / f

    Examples
    --------
    >>> # 2500 kg with 1000 kg landers, 2 flights a year: 3 flights = 1.5 year
    >>> round(float(delivery_time(2500.0, 1000.0, 2.0 / 31_557_600.0) / 31_557_600.0), 9)
    1.5
    """
    return flights(launched_mass, payload_per_flight) / flights_per_year


def flights(mass, payload_per_flight):
    r"""Whole flights needed to land a mass.

    Parameters
    ----------
    mass : array_like
        Mass to land. [kg]
    payload_per_flight : array_like
        Landed payload per flight. [kg]

    Returns
    -------
    ndarray
        Number of flights, :math:`\lceil m / m_{flight} \rceil`. [-]

    Examples
    --------
    >>> # 28,562 kg at 500 kg a flight: 57.12 -> 58 flights; exactly 1000 kg at 500: 2
    >>> float(flights(28562.0, 500.0)), float(flights(1000.0, 500.0))
    (58.0, 2.0)
    """
    return np.ceil(np.divide(mass, payload_per_flight))


def mass_ratio_limit(delta_v, specific_impulse, inert_fraction):
    r"""The product ε·R of the rocket equation; the stage reaches its Δv only where it is below 1.

    Parameters
    ----------
    delta_v : array_like
        Velocity change from LEO to the lunar surface. [m/s]
    specific_impulse : array_like
        Specific impulse. [s]
    inert_fraction : array_like
        Structural coefficient ε of the stage. [-]

    Returns
    -------
    ndarray
        :math:`\varepsilon\,\exp(\Delta v / (I_{sp} g_0))`: at or above 1 even an empty stage
        cannot reach the Δv (:func:`gear_ratio` is then ``inf``). [-]

    Examples
    --------
    >>> # 6.1 km/s at 450 s: R = exp(6100/(450*9.80665)) = 3.98398; eps 0.1 -> 0.3984; eps 0.3 -> 1.195
    >>> round(float(mass_ratio_limit(6100.0, 450.0, 0.1)), 4), round(float(mass_ratio_limit(6100.0, 450.0, 0.3)), 3)
    (0.3984, 1.195)
    """
    return np.multiply(inert_fraction, _mass_ratio(delta_v, specific_impulse))
