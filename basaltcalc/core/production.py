r"""The in-situ production chain: energy, rate, plant, power system, spares, consumables.

numpy core, SI floats; every argument may be an array and all broadcast (DESIGN 2.3).

The chain, per kg of finished product:

* feedstock mined: :math:`1/(Y_{route} Y_{ben})`; processed (melted, sintered or sawn):
  :math:`1/Y_{route}`;
* heat to bring the processed mass to the process temperature and melt it,
  :func:`process_heat`, delivered through a furnace of efficiency :math:`\eta`;
* sawing (cut-stone): energy per m² of cut face (:func:`cutting_energy`);
* the plant runs at full power a fraction of the time (:func:`duty_cycle`), which sets its
  operating power and throughput for a campaign of given length;
* plant mass scales with throughput (:func:`plant_mass`), sized for at least its minimum
  throughput and, on a casting route, at least as heavy as a furnace holding the largest piece's
  charge (:func:`sizing_throughput`); excavation and haulage hardware comes in whole excavators for the
  *mined* throughput (:func:`excavation_units`); the power system comes in whole generation and
  storage units (:func:`power_system_units`, :func:`unit_count`); spares scale with plant mass
  and time, and hardware is replaced when the campaign outlasts its life (:func:`units_needed`).

References
----------
.. [1] Bouhifd, Besson, Courtial, Gérardin, Navrotsky & Richet (2007), "Thermochemistry and melting
   properties of basalt", Contrib. Mineral. Petrol. 153:689-698, doi:10.1007/s00410-006-0170-9.
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "SECONDS_PER_YEAR",
    "process_heat",
    "specific_energy",
    "cutting_energy",
    "duty_cycle",
    "operating_power",
    "plant_mass",
    "power_system_mass",
    "unit_count",
    "power_system_units",
    "sizing_throughput",
    "excavation_units",
    "units_needed",
    "spares_mass",
]

#: Julian year, the unit pint and basaltcalc use for ``year``. [s]
SECONDS_PER_YEAR = 365.25 * 86400.0


def process_heat(specific_heat, process_temperature, ambient_temperature, latent_heat,
                 melt_fraction):
    r"""Heat to take one kg of feedstock from ambient to the process temperature and (partly) melt it.

    Parameters
    ----------
    specific_heat : array_like
        Mean specific heat between ambient and process temperature. [J/(kg*K)]
    process_temperature : array_like
        Temperature of the process (melt, sinter); at or below ambient for cold routes. [K]
    ambient_temperature : array_like
        Temperature of the feedstock as mined. [K]
    latent_heat : array_like
        Enthalpy of fusion. [J/kg]
    melt_fraction : array_like
        Fraction of the feedstock that melts (1 melt-cast, 0 cut-stone). [-]

    Returns
    -------
    ndarray
        Heat per kg processed, before furnace losses. [J/kg]

    Notes
    -----
    .. math:: q = \bar c_p \, \max(T_p - T_a, 0) + f_m \, L

    Examples
    --------
    >>> # 1000 J/(kg K) * (1553 - 250) K + 400 kJ/kg = 1.703 MJ/kg (cf. Bouhifd 2007 [1])
    >>> float(process_heat(1000.0, 1553.0, 250.0, 4e5, 1.0))
    1703000.0
    """
    sensible = np.multiply(specific_heat, np.maximum(np.subtract(process_temperature, ambient_temperature), 0.0))
    return sensible + np.multiply(melt_fraction, latent_heat)


def specific_energy(heat, furnace_efficiency, route_yield, beneficiation_yield, excavation_energy,
                    forming_energy):
    r"""Energy per kg of finished product of the chain excavate -> beneficiate -> heat -> form.

    Parameters
    ----------
    heat : array_like
        Heat per kg processed, from :func:`process_heat`. [J/kg]
    furnace_efficiency : array_like
        Fraction of furnace input energy that reaches the charge. [-]
    route_yield : array_like
        Product mass per mass processed (scrap, kerf and breakage are lost). [-]
    beneficiation_yield : array_like
        Processed mass per mass mined. [-]
    excavation_energy : array_like
        Energy to excavate and haul, per kg mined. [J/kg]
    forming_energy : array_like
        Energy to form, anneal and finish, per kg of product. [J/kg]

    Returns
    -------
    ndarray
        Energy per kg of product. [J/kg]

    Notes
    -----
    .. math:: e = \frac{q}{\eta\,Y_r} + \frac{e_{exc}}{Y_r\,Y_b} + e_{form}

    Examples
    --------
    >>> # 1.7 MJ/kg at 50 % furnace efficiency, 90 % yield, all mined material used, no extras
    >>> round(float(specific_energy(1.7e6, 0.5, 0.9, 1.0, 0.0, 0.0)), 1)
    3777777.8
    """
    per_processed = np.divide(heat, furnace_efficiency) + np.divide(excavation_energy, beneficiation_yield)
    return per_processed / route_yield + forming_energy


def cutting_energy(cut_area, energy_per_area):
    r"""Energy to saw or core-drill a cut area.

    Parameters
    ----------
    cut_area : array_like
        Area of cut faces. [m^2]
    energy_per_area : array_like
        Specific cutting energy per area of cut face. [J/m^2]

    Returns
    -------
    ndarray
        Energy. [J]

    Notes
    -----
    .. math:: E = A_{cut} \, e_A

    Examples
    --------
    >>> float(cutting_energy(10.0, 3.6e6))  # 10 m^2 at 1 kWh/m^2
    36000000.0
    """
    return np.multiply(cut_area, energy_per_area)


def duty_cycle(illumination_fraction, sunlight_dependent, night_power_fraction, availability):
    r"""Fraction of the campaign the plant runs at full throughput.

    Parameters
    ----------
    illumination_fraction : array_like
        Fraction of the time the site is sunlit. [-]
    sunlight_dependent : array_like
        1 for a solar power system, 0 for one that ignores the sun (fission). [-]
    night_power_fraction : array_like
        Fraction of operating power supplied through the dark from storage. [-]
    availability : array_like
        Fraction of the time the plant is not down for maintenance. [-]

    Returns
    -------
    ndarray
        Duty cycle. [-]

    Notes
    -----
    With the effective sunlit fraction :math:`f' = 1 - s\,(1 - f)`, the plant produces in the
    light, and in the dark only where the storage runs it at full power (:math:`\varphi = 1`);
    night power below that keeps the plant warm and makes nothing (issue 8: it used to count as
    producing at :math:`\varphi` of the day rate),

    .. math:: d = A \, \left(f' + (1 - f')\,[\varphi \ge 1]\right)

    Examples
    --------
    >>> # equator (f 0.5), solar, 10 % keep-alive power at night, 90 % available: 0.9*0.5
    >>> round(float(duty_cycle(0.5, 1.0, 0.1, 0.9)), 3)
    0.45
    >>> float(duty_cycle(0.5, 1.0, 1.0, 0.9))  # storage runs the plant through the night
    0.9
    >>> float(duty_cycle(0.5, 0.0, 0.1, 0.9))  # fission ignores the night
    0.9
    """
    sunlit = 1.0 - np.multiply(sunlight_dependent, np.subtract(1.0, illumination_fraction))
    runs_at_night = np.asarray(night_power_fraction) >= 1.0
    return np.multiply(availability, np.where(runs_at_night, 1.0, sunlit))


def operating_power(energy, campaign_time, duty):
    r"""Power drawn while the plant runs, to deliver an energy within a campaign.

    Parameters
    ----------
    energy : array_like
        Energy of the whole campaign. [J]
    campaign_time : array_like
        Length of the campaign. [s]
    duty : array_like
        Duty cycle from :func:`duty_cycle`. [-]

    Returns
    -------
    ndarray
        Operating power. [W]

    Notes
    -----
    .. math:: P = \frac{E}{T\,d}

    Examples
    --------
    >>> float(operating_power(3.6e9, 3600.0 * 1000, 0.5))  # 1 MWh in 1000 h at half duty
    2000.0
    """
    return np.divide(energy, np.multiply(campaign_time, duty))


def plant_mass(throughput, specific_mass, reference_rate, scale_exponent):
    r"""Mass of the production plant for a throughput, with an economy-of-scale exponent.

    Parameters
    ----------
    throughput : array_like
        Mass processed per unit of operating time. [kg/s]
    specific_mass : array_like
        Plant mass per unit of throughput at the reference rate. [kg/(kg/s)]
    reference_rate : array_like
        Throughput at which ``specific_mass`` holds. [kg/s]
    scale_exponent : array_like
        α: plant mass grows as throughput**α (1 linear, < 1 economies of scale). [-]

    Returns
    -------
    ndarray
        Plant mass. [kg]

    Notes
    -----
    .. math:: m = s \, \dot m_{ref} \, (\dot m / \dot m_{ref})^{\alpha}

    Examples
    --------
    >>> # 200 kg per (kg/h) at 10 kg/h, run at 40 kg/h with alpha 0.7: 2000 * 4**0.7
    >>> round(float(plant_mass(40 / 3600, 200 * 3600, 10 / 3600, 0.7)), 1)
    5278.0
    """
    ref = np.asarray(reference_rate)
    return np.multiply(specific_mass, ref) * np.power(np.divide(throughput, ref), scale_exponent)


def power_system_mass(operating_power, specific_mass, illumination_fraction, sunlight_dependent,
                      night_power_fraction, longest_night, storage_specific_energy,
                      round_trip_efficiency):
    r"""Mass of the power system: generation plus storage for the dark.

    Parameters
    ----------
    operating_power : array_like
        Power drawn by the plant while it runs. [W]
    specific_mass : array_like
        Mass of generation per unit of generated power (array, reactor, radiators). [kg/W]
    illumination_fraction : array_like
        Fraction of the time the site is sunlit. [-]
    sunlight_dependent : array_like
        1 for solar generation, 0 for fission. [-]
    night_power_fraction : array_like
        Fraction of operating power supplied from storage in the dark. [-]
    longest_night : array_like
        Longest continuous darkness the storage must bridge. [s]
    storage_specific_energy : array_like
        Usable stored energy per kg of storage system (inf: no storage needed). [J/kg]
    round_trip_efficiency : array_like
        Energy out of storage per energy put in. [-]

    Returns
    -------
    ndarray
        Power system mass. [kg]

    Notes
    -----
    Storage holds :math:`E_s = s\,\varphi\,P\,t_{night}`; the generator also recharges it in
    the sunlit fraction :math:`f` of the time,

    .. math:: P_{gen} = P \left(1 + s\,\varphi\,\frac{1 - f}{f\,\eta_{rt}}\right), \qquad
              m = P_{gen}\,m_P + E_s / e_s

    Examples
    --------
    >>> # 10 kW solar, 20 kg/kW, f 0.5, 10 % through a 354 h night, 200 Wh/kg, 80 % round trip:
    >>> # P_gen = 10 kW*(1 + 0.1*0.5/(0.5*0.8)) = 11.25 kW -> 225 kg; E_s = 354 kWh -> 1770 kg
    >>> round(float(power_system_mass(1e4, 0.02, 0.5, 1.0, 0.1, 354 * 3600.0, 200 * 3600.0, 0.8)), 6)
    1995.0
    """
    night = np.multiply(sunlight_dependent, night_power_fraction)
    generation = np.multiply(operating_power, specific_mass)
    if np.ndim(night) == 0 and night == 0:  # fission, or solar without night power: no storage
        return generation
    f = np.asarray(illumination_fraction)
    with np.errstate(divide="ignore", invalid="ignore"):
        recharge = night * (1.0 - f) / (f * np.asarray(round_trip_efficiency))
        storage = night * np.multiply(operating_power, longest_night) / np.asarray(storage_specific_energy)
    # where no night power is drawn, neither storage nor recharge is needed (0 * inf -> 0)
    return np.where(night > 0, generation * (1.0 + recharge) + storage, generation)


#: Relative slack of :func:`unit_count`: a need within this of a whole number of units takes that
#: number (a need of exactly 2 units computed as 2.0000000000000004 is 2 units, not 3).
UNIT_SLACK = 1e-12


def unit_count(required, unit_size):
    r"""Whole number of units of a given size that cover a requirement.

    Parameters
    ----------
    required : array_like
        What must be covered, >= 0: a power here, or an energy or mass rate in their SI unit. [W]
    unit_size : array_like
        What one unit covers, > 0, in the unit of ``required``. [W]

    Returns
    -------
    ndarray
        :math:`n = \lceil (1 - \epsilon)\,x / u \rceil` with :math:`\epsilon` =
        :data:`UNIT_SLACK`: 0 for no requirement, else at least 1. [-]

    Examples
    --------
    >>> # 2.2 kW on 40 kWe fission units: ceil(0.055) = 1; 80 kW: exactly 2; 80.1 kW: 3
    >>> [float(unit_count(x, 40e3)) for x in (2.2e3, 80e3, 80.1e3, 0.0)]
    [1.0, 2.0, 3.0, 0.0]
    """
    return np.ceil(np.divide(required, unit_size) * (1.0 - UNIT_SLACK))


def power_system_units(operating_power, specific_mass, unit_power, illumination_fraction,
                       sunlight_dependent, night_power_fraction, longest_night,
                       storage_specific_energy, storage_unit_energy, round_trip_efficiency):
    r"""The power system in whole units: generation units of ``unit_power`` and storage units of
    ``storage_unit_energy``, sized as :func:`power_system_mass` sizes the continuous system.

    Parameters
    ----------
    operating_power : array_like
        Power drawn by the plant while it runs. [W]
    specific_mass : array_like
        Mass of generation per unit of generated power. [kg/W]
    unit_power : array_like
        Generated power of one generation unit (a 40 kWe reactor, a 10 kW array). [W]
    illumination_fraction, sunlight_dependent, night_power_fraction : array_like
        As :func:`power_system_mass`. [-]
    longest_night : array_like
        Longest continuous darkness the storage must bridge. [s]
    storage_specific_energy : array_like
        Usable stored energy per kg of storage (inf: no storage). [J/kg]
    storage_unit_energy : array_like
        Usable energy of one storage unit. [J]
    round_trip_efficiency : array_like
        Energy out of storage per energy put in. [-]

    Returns
    -------
    dict of str to ndarray
        ``generation`` :math:`P_{gen}` [W] and ``storage`` :math:`E_s` [J] needed;
        ``generation_units`` :math:`n_g = \lceil P_{gen}/u_P \rceil` and ``storage_units``
        :math:`n_s = \lceil E_s/u_E \rceil` [-]; ``generation_unit_mass`` :math:`u_P m_P` and
        ``storage_unit_mass`` :math:`u_E/e_s` [kg]; ``mass`` :math:`n_g u_P m_P + n_s u_E/e_s` [kg].

    Examples
    --------
    >>> # 2.2 kW on fission (40 kWe units at 150 kg/kW = 6000 kg each): one unit, 6000 kg
    >>> u = power_system_units(2.2e3, 0.15, 40e3, 1.0, 0.0, 1.0, 0.0, np.inf, 1.0, 1.0)
    >>> float(u["generation_units"]), float(u["mass"])
    (1.0, 6000.0)
    >>> # 10 kW solar as in power_system_mass: P_gen 11.25 kW on 10 kW units -> 2 x 250 kg;
    >>> # E_s 354 kWh on 5 kWh units (33.3 kg each) -> 71 units = 2366.7 kg
    >>> u = power_system_units(1e4, 0.025, 1e4, 0.5, 1.0, 0.1, 354 * 3600.0, 150 * 3600.0,
    ...                        5 * 3.6e6, 0.8)
    >>> float(u["generation_units"]), float(u["storage_units"]), round(float(u["mass"]), 1)
    (2.0, 71.0, 2866.7)
    """
    night = np.multiply(sunlight_dependent, night_power_fraction)
    f = np.asarray(illumination_fraction)
    with np.errstate(divide="ignore", invalid="ignore"):
        recharge = night * (1.0 - f) / (f * np.asarray(round_trip_efficiency))
        stored = night * np.multiply(operating_power, longest_night)
        storage_unit_mass = np.divide(storage_unit_energy, storage_specific_energy)
    generation = np.multiply(operating_power, np.where(night > 0, 1.0 + recharge, 1.0))
    stored = np.where(night > 0, stored, 0.0)  # no night power: no storage (0 * inf -> 0)
    n_gen = unit_count(generation, unit_power)
    n_sto = unit_count(stored, storage_unit_energy)
    gen_unit_mass = np.multiply(unit_power, specific_mass)
    mass = n_gen * gen_unit_mass + np.where(n_sto > 0, n_sto * storage_unit_mass, 0.0)
    return {"generation": generation, "storage": stored, "generation_units": n_gen,
            "storage_units": n_sto, "generation_unit_mass": gen_unit_mass,
            "storage_unit_mass": np.where(n_sto > 0, storage_unit_mass, 0.0), "mass": mass}


def sizing_throughput(throughput, min_throughput, largest_charge, furnace_specific_mass,
                      specific_mass, reference_rate, scale_exponent):
    r"""Throughput the plant is built for: at least its minimum, and on a melt-casting route at
    least that of a plant as heavy as a furnace whose melt takes the largest piece's charge.

    Parameters
    ----------
    throughput : array_like
        Mass processed per unit of operating time. [kg/s]
    min_throughput : array_like
        Smallest plant built: below it a plant does not get lighter. [kg/s]
    largest_charge : array_like
        Charge of the largest piece: its mass over the route yield. [kg]
    furnace_specific_mass : array_like
        Furnace mass per kg of melt it holds (NaN: not a casting route, no constraint). [kg/kg]
    specific_mass, reference_rate, scale_exponent : array_like
        As :func:`plant_mass`. [kg/(kg/s), kg/s, -]

    Returns
    -------
    ndarray
        :math:`\dot m_{size} = \max(\dot m, \dot m_{min}, \dot m_{melt})`, with
        :math:`\dot m_{melt}` the throughput at which :func:`plant_mass` equals the furnace
        :math:`k_f\,m_{charge}`: :math:`\dot m_{ref}\,(k_f m_{charge}/(s\,\dot m_{ref}))^{1/\alpha}`. [kg/s]

    Notes
    -----
    A piece is cast from one melt, so the furnace holds at least its charge whatever the average
    rate; the plant is then at least as heavy as that furnace.

    Examples
    --------
    >>> # 2.4 kg/h, minimum 1 kg/h; a 267 kg piece at 85 % yield = 314.1 kg of melt at 2 kg/kg:
    >>> # a 628.2 kg furnace = a plant of 3.141 kg/h at 200 kg/(kg/h) (alpha 1), which governs
    >>> h = 3600.0
    >>> round(float(sizing_throughput(2.4 / h, 1 / h, 267 / 0.85, 2.0, 200 * h, 10 / h, 1.0)) * h, 4)
    3.1412
    >>> # not a casting route (NaN): the minimum governs a small plant
    >>> round(float(sizing_throughput(0.5 / h, 1 / h, 267.0, float("nan"), 200 * h, 10 / h, 1.0)) * h, 6)
    1.0
    """
    ref = np.asarray(reference_rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        furnace = np.multiply(furnace_specific_mass, largest_charge)
        melt = ref * np.power(furnace / np.multiply(specific_mass, ref), 1.0 / np.asarray(scale_exponent))
    return np.fmax(np.maximum(throughput, min_throughput), melt)


def excavation_units(mined_rate, unit_rate, unit_mass):
    r"""Excavators (dig and haul) for a *mined* throughput, in whole units.

    Parameters
    ----------
    mined_rate : array_like
        Mass mined per unit of operating time (before beneficiation). [kg/s]
    unit_rate : array_like
        What one excavator digs and hauls per unit of operating time. [kg/s]
    unit_mass : array_like
        Mass of one excavator. [kg]

    Returns
    -------
    dict of str to ndarray
        ``units`` :math:`n = \lceil \dot m_{mined}/\dot m_u \rceil` [-] and ``mass``
        :math:`n\,m_u` [kg].

    Examples
    --------
    >>> # RASSOR 2.0: 66 kg for 2778 kg/day; 3.3 kg/h mined -> 1 unit; 300 kg/h -> 3 units
    >>> rate = 2778 / 86400
    >>> [(float(u["units"]), float(u["mass"])) for u in
    ...  (excavation_units(r / 3600, rate, 66.0) for r in (3.3, 300.0))]
    [(1.0, 66.0), (3.0, 198.0)]
    """
    n = unit_count(mined_rate, unit_rate)
    return {"units": n, "mass": n * np.asarray(unit_mass)}


def units_needed(campaign_time, life):
    r"""Number of units launched so that one is always working: a new one each ``life``.

    Parameters
    ----------
    campaign_time : array_like
        Length of the campaign. [s]
    life : array_like
        Service life of one unit. [s]

    Returns
    -------
    ndarray
        Whole number of units, at least 1. [-]

    Notes
    -----
    .. math:: n = \max(1, \lceil T / \ell \rceil)

    Examples
    --------
    >>> float(units_needed(12.0, 10.0)), float(units_needed(10.0, 10.0))
    (2.0, 1.0)
    """
    return np.maximum(1.0, np.ceil(np.divide(campaign_time, life) - 1e-9))


def spares_mass(plant, spares_fraction_per_year, campaign_time):
    r"""Mass of spares launched over the campaign.

    Parameters
    ----------
    plant : array_like
        Plant mass. [kg]
    spares_fraction_per_year : array_like
        Spares per year as a fraction of plant mass, as a rate. [1/s]
    campaign_time : array_like
        Length of the campaign. [s]

    Returns
    -------
    ndarray
        Spares mass. [kg]

    Notes
    -----
    .. math:: m_s = m_{plant} \, k_s \, T

    Examples
    --------
    >>> round(float(spares_mass(1000.0, 0.1 / SECONDS_PER_YEAR, 2 * SECONDS_PER_YEAR)), 9)
    200.0
    """
    return np.multiply(plant, spares_fraction_per_year) * campaign_time
