r"""Earth-to-Moon transport: gear ratio, landed cost per kg and delivery time (numpy core, SI floats).

References
----------
.. [1] Sutton & Biblarz, Rocket Propulsion Elements, 9th ed. (2017), eq. 4-6 (ideal rocket
   equation, Δv = Isp·g0·ln(m0/mf)).
.. [2] Artemis Society / Moon Society, "How to Calculate Mass Ratio for Flight from LEO to Lunar
   Surface" (adb.moonsociety.org/06/07/03/01/leo-luna-example.html): Δv 20,000 ft/s, mass ratio
   3.86 at Isp 460 s, 4.05 at 444.4 s, 10.92 at 260 s.
.. [3] Dósa G., Li R., Han X., Tuza Zs., "Tight absolute bound for First Fit Decreasing
   bin-packing: FFD(L) <= 11/9 OPT(L) + 6/9", Theoretical Computer Science 510 (2013) 13-61,
   doi:10.1016/j.tcs.2013.09.007 (the asymptotic 11/9: Johnson 1973).
"""
from __future__ import annotations

import numpy as np

__all__ = ["STANDARD_GRAVITY", "gear_ratio", "landed_cost", "delivery_time", "flights",
           "mass_ratio_limit", "pack_flights", "choose_lander", "FIT_SLACK", "LanderCatalogue"]

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


#: Relative slack of a fit: pieces whose packed mass fills the room left to within this are taken
#: to fit (two 250 kg pieces on a 500 kg lander, computed as 250.00000000000003 kg each). [-]
FIT_SLACK = 1e-12


def pack_flights(masses, counts, payload, divisible=0.0):
    r"""Flights that land whole pieces, and divisible cargo in the room they leave.

    Parameters
    ----------
    masses : sequence of array_like
        Mass of one piece of each type, packed (an element, a plant module, a power unit...);
        a piece heavier than the payload flies alone (the model refuses it elsewhere). [kg]
    counts : sequence of array_like
        Whole number of pieces of each type (0: none). [-]
    payload : array_like
        Landed payload per flight. [kg]
    divisible : array_like, optional
        Cargo that may be split over flights (spares, consumables), packed. [kg]

    Returns
    -------
    dict of ndarray
        ``flights``; ``lower_bound`` :math:`\lceil (\sum n m + D)/C \rceil`; ``piece_flights``
        (the flights the pieces need) [-]; ``room`` (the room they leave) [kg].

    Notes
    -----
    First fit decreasing [3]_, exactly, one piece type at a time in decreasing mass and all the
    pieces of a type at once: in flight order, the flights with room for a piece form classes
    of equal room; a class of c flights with room g takes :math:`\lfloor g/m \rfloor` pieces a
    flight until the type runs out, which splits at most one class (its filled flights, one
    partly filled flight, the flights left as they were, in that order); what is left opens new
    flights of :math:`\lfloor C/m \rfloor` pieces.  Each type adds at most four classes, so T
    types need at most 4T, in a loop over the few types and numpy over the points.  FFD flies at
    most :math:`\tfrac{11}{9}\,OPT + \tfrac69` flights [3]_; for one piece type it is exact,
    :math:`\lceil n/\lfloor C/m \rfloor \rceil`.  The divisible cargo fills the room the pieces
    leave, then whole flights: optimal given the pieces' flights (and, for one piece type, the
    packing is then optimal: its flights are full but for the last).

    Examples
    --------
    >>> # the default Earth option on 500 kg landers: 40 tubes of 306.9 kg (one a flight, 193.1 kg
    >>> # left), 120 panels of 173.2 kg: one into each tube's flight, the other 80 two a flight:
    >>> # 40 + 40 = 80 flights (mass alone: ceil(33,066/500) = 67)
    >>> p = pack_flights([306.9, 173.2], [40.0, 120.0], 500.0)
    >>> float(p["flights"]), float(p["lower_bound"])
    (80.0, 67.0)
    >>> # divisible cargo fills the room left: 40 flights with 19.9 kg and 40 with 153.6 kg, 6,940 kg
    >>> # of room, so 7,000 kg of spares need one more flight
    >>> float(pack_flights([306.9, 173.2], [40.0, 120.0], 500.0, 7000.0)["flights"])
    81.0
    """
    C = np.asarray(payload, dtype=np.float64)
    m = [np.asarray(x, dtype=np.float64) for x in masses]
    n = [np.where(np.asarray(x, dtype=np.float64) * mm > 0, x, 0.0) for x, mm in zip(counts, m)]
    m = [np.where(mm > 0, mm, C) for mm in m]  # no piece (0 kg, 0 pieces): a harmless placeholder
    shape = np.broadcast_shapes(C.shape, np.shape(divisible), *(x.shape for x in m), *(x.shape for x in n))
    # types in decreasing mass at each point (a loop over the few types, numpy over the points);
    # one point sorts its few types in Python (an argsort and two gathers cost ~40 us there)
    if shape == ():
        ranked = sorted(zip(m, n), key=lambda mn: -float(mn[0]))
        m_sorted, n_sorted = [x for x, _ in ranked], [y for _, y in ranked]
    else:
        order = np.argsort(-np.stack([np.broadcast_to(x, shape) for x in m]), axis=0, kind="stable")
        m_sorted = np.take_along_axis(np.stack([np.broadcast_to(x, shape) for x in m]), order, axis=0)
        n_sorted = np.take_along_axis(np.stack([np.broadcast_to(x, shape) for x in n]), order, axis=0)
    count = np.zeros((0, *shape))
    room = np.zeros((0, *shape))
    with np.errstate(divide="ignore", invalid="ignore"):
        for mj, nj in zip(m_sorted, n_sorted):
            if not np.any(nj > 0):  # no piece of this rank anywhere (no storage on fission power)
                continue
            count, room = _first_fit(count, room, mj, nj, C)
            some = np.any(count.reshape(count.shape[0], -1) > 0, axis=1)
            if not np.all(some):  # classes empty at every point (no split anywhere, say): dropped
                count, room = count[some], room[some]
        pieces = count.sum(axis=0)
        left = (count * np.maximum(room, 0.0)).sum(axis=0)
        extra = np.ceil(np.maximum(np.asarray(divisible) - left, 0.0) / C * (1.0 - FIT_SLACK))
        total = sum(x * y for x, y in zip(m, n)) + np.asarray(divisible)
        lower = np.ceil(total / C * (1.0 - FIT_SLACK))
    return {"flights": pieces + extra, "lower_bound": lower, "piece_flights": pieces, "room": left}


def _first_fit(count, room, m, n, C):
    """One piece type (mass ``m``, ``n`` pieces) first-fit into the flight classes ``count``,
    ``room`` (axis 0 in flight order) of :func:`pack_flights`, then into new flights; the classes
    after it, in flight order (the split class's parts in place, the new flights last). [-, kg]

    Written with products of 0/1 masks rather than ``np.where`` where every point takes part (a
    data-dependent select costs several multiplies); the insertion of a split class's parts
    gathers the points where one split."""
    k = np.maximum(np.floor(room / m * (1.0 + FIT_SLACK)), 0.0)  # pieces a flight of each class takes
    cap = count * k
    if not np.any(cap > 0):  # no room for one anywhere: new flights only (the common first steps)
        return _new_flights(count, room, n, m, C)
    before = _exclusive_cumsum(cap)
    placed = np.minimum(np.maximum(n - before, 0.0), cap)
    full = np.floor(placed / np.maximum(k, 1.0))  # flights filled with k pieces
    part = placed - full * k  # pieces in the one partly filled flight (of the class that runs out)
    splits = (placed > 0) & (placed < cap)  # at most one class a point
    room_in = room - (placed > 0) * k * m  # the filled flights take k pieces each
    if not np.any(splits):  # every class filled or untouched: no flights to insert
        return _new_flights(count, room_in, n - placed.sum(axis=0), m, C)
    split = splits.astype(np.float64)
    # a split class keeps only its filled flights here; its partly filled and untouched ones follow
    count_in = count + split * (full - count)
    one = (part > 0).astype(np.float64)
    part_count = np.sum(split * one, axis=0)
    part_room = np.sum(split * (room - part * m), axis=0)
    rest_count = np.sum(split * (count - full - one), axis=0)
    rest_room = np.sum(split * room, axis=0)
    left = n - placed.sum(axis=0)
    count_new, room_new = _new_flights(count_in[:0], room_in[:0], left, m, C)
    s = count.shape[0]
    # the split class's partly filled flight and untouched flights go right after it, at the points
    # where a class split (gathered: elsewhere the two slots are empty and go last, harmlessly)
    count_out = np.concatenate([count_in, part_count[None], rest_count[None], count_new])
    room_out = np.concatenate([room_in, part_room[None], rest_room[None], room_new])
    at = np.flatnonzero(split.reshape(s, -1).any(axis=0))
    if at.size:
        flat_c, flat_r = count_out.reshape(s + 4, -1), room_out.reshape(s + 4, -1)
        w = np.argmax(split.reshape(s, -1)[:, at], axis=0)
        order = np.arange(s + 2)[:, None]
        # position P takes slot P up to the split class w, then the two parts, then slot P - 2
        src = np.where(order <= w, order, np.where(order == w + 1, s, np.where(order == w + 2, s + 1, order - 2)))
        flat_c[:s + 2, at] = np.take_along_axis(flat_c[:s + 2, at], src, axis=0)
        flat_r[:s + 2, at] = np.take_along_axis(flat_r[:s + 2, at], src, axis=0)
    return count_out, room_out


def _new_flights(count, room, left, m, C):
    r"""The classes ``count``, ``room`` of :func:`_first_fit` followed by new flights for ``left``
    pieces of mass ``m``: :math:`\lfloor C/m \rfloor` a flight (at least one: a piece too heavy
    flies alone), the full flights and one partly filled. [-, kg]"""
    per = np.maximum(np.floor(C / m * (1.0 + FIT_SLACK)), 1.0)
    full = np.floor(left / per)
    part = left - full * per
    shape = np.shape(left)
    new_count = [np.broadcast_to(full, shape)[None], np.broadcast_to((part > 0) * 1.0, shape)[None]]
    new_room = [np.broadcast_to(C - per * m, shape)[None], np.broadcast_to(C - part * m, shape)[None]]
    return np.concatenate([count, *new_count]), np.concatenate([room, *new_room])


def _exclusive_cumsum(a):
    """Sums of the rows before each row of ``a`` (axis 0), a loop over the few rows: numpy's
    cumsum along the first axis of a (16, 65536) array takes ~20 ms, this ~1 ms."""
    out = np.empty_like(a)
    total = np.zeros(a.shape[1:])
    for i in range(a.shape[0]):
        out[i] = total
        total = total + a[i]
    return out


class LanderCatalogue:
    """The landers a plan may fly where it names none: ``payloads`` [kg] and ``cadences`` [1/s],
    tuples in increasing payload.  One object, not an array: it takes no part in the broadcast."""

    __slots__ = ("payloads", "cadences")

    def __init__(self, payloads, cadences):
        self.payloads, self.cadences = tuple(payloads), tuple(cadences)


def choose_lander(largest_piece, payloads, cadences):
    r"""The smallest lander of a catalogue that carries a piece.

    Parameters
    ----------
    largest_piece : array_like
        Packed mass of the heaviest indivisible piece to fly. [kg]
    payloads, cadences : sequence of float
        Each catalogue lander's payload and flights a year, in increasing payload. [kg], [1/s]

    Returns
    -------
    dict of ndarray
        ``payload``, ``cadence`` and ``index`` of the lightest lander whose payload carries the
        piece (:data:`FIT_SLACK`); the largest where none does (the piece then does not fit, and
        the model says so). [kg], [1/s], [-]

    Examples
    --------
    >>> # a 306.9 kg tube on the catalogue's 100 kg, 500 kg, 1.5 t, 3 t, 100 t landers: the 500 kg one
    >>> c = choose_lander(306.9, [100.0, 500.0, 1500.0, 3000.0, 1e5], [2.0, 2.0, 2.0, 2.0, 1.0])
    >>> float(c["payload"]), int(c["index"])
    (500.0, 1)
    """
    piece = np.asarray(largest_piece, dtype=np.float64)
    last = len(payloads) - 1
    index = np.full(piece.shape, float(last))
    for k in range(last, -1, -1):  # a loop over the few landers, heaviest first
        index = np.where(piece <= payloads[k] * (1.0 + FIT_SLACK), float(k), index)
    i = index.astype(np.intp)
    return {"payload": np.asarray(payloads, dtype=np.float64)[i], "cadence": np.asarray(cadences, dtype=np.float64)[i],
            "index": index}
