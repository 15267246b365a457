r"""Geometry and structural sizing of habitat elements: sheets and tubes (numpy core, SI floats).

Every function takes ``array_like`` arguments in SI base units, broadcasts them, and returns float64
arrays (or floats for scalar inputs).  No units, no I/O.

Sizing takes the largest thickness of the rules that apply (DESIGN 2.1):

* the minimum manufacturable thickness of the material or route;
* a sheet under uniform pressure ``q`` over its span ``b`` (one-way, simply supported plate strip),
  including its own weight under lunar gravity, :func:`sheet_thickness_bending`;
* a tube under internal pressure (thin-wall hoop stress), :func:`tube_wall_thickness_hoop`;
* a tube as a pin-ended column under an axial load (Euler buckling and crushing),
  :func:`tube_wall_thickness_euler`, :func:`tube_wall_thickness_crushing`;
* a shielding areal density, :func:`thickness_for_areal_density`.

References
----------
.. [1] Roark's Formulas for Stress and Strain, 8th ed. (Young & Budynas, 2012): Table 8.1 case 2e
   (simply supported beam, uniform load, M = w·L²/8), Table 13.1 case 1a (thin-walled cylinder,
   hoop stress σ = q·R/t), and Table 15.1 (Euler column, P = π²EI/(KL)²).
.. [2] NASA Space Science Data Coordinated Archive, "Moon Fact Sheet": surface gravity 1.62 m/s².
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "LUNAR_GRAVITY",
    "sheet_volume",
    "tube_volume",
    "sheet_thickness_bending",
    "tube_wall_thickness_hoop",
    "tube_wall_thickness_euler",
    "tube_wall_thickness_crushing",
    "thickness_for_areal_density",
    "sheet_cut_area",
    "tube_cut_area",
    "size_sheet",
    "size_tube",
    "SHEET_RULES",
    "TUBE_RULES",
]

#: Lunar surface gravity, NASA Moon Fact Sheet [2]. [m/s^2]
LUNAR_GRAVITY = 1.62

#: Names of the sizing rules, in the order of the ``governing`` index returned by the sizers.
SHEET_RULES = ("given", "minimum gauge", "bending", "shielding")
TUBE_RULES = ("given", "minimum gauge", "hoop", "buckling", "crushing", "shielding")


def sheet_volume(length, width, thickness):
    r"""Volume of a rectangular sheet.

    Parameters
    ----------
    length : array_like
        Length of the sheet. [m]
    width : array_like
        Width (span) of the sheet. [m]
    thickness : array_like
        Thickness of the sheet. [m]

    Returns
    -------
    ndarray
        Volume. [m^3]

    Notes
    -----
    .. math:: V = a\,b\,t

    Examples
    --------
    >>> float(sheet_volume(2.0, 1.0, 0.05))
    0.1
    """
    return np.multiply(np.multiply(length, width), thickness)


def tube_volume(outer_diameter, length, wall):
    r"""Volume of the wall of a tube (exact annulus).

    Parameters
    ----------
    outer_diameter : array_like
        Outer diameter. [m]
    length : array_like
        Length. [m]
    wall : array_like
        Wall thickness, at most half the outer diameter. [m]

    Returns
    -------
    ndarray
        Volume of material. [m^3]

    Notes
    -----
    .. math:: V = \pi\,(D\,t - t^2)\,L

    Examples
    --------
    >>> round(float(tube_volume(0.5, 3.0, 0.01)), 6)  # pi*(0.005 - 0.0001)*3
    0.046181
    """
    return np.pi * (np.multiply(outer_diameter, wall) - np.square(wall)) * length


def sheet_thickness_bending(pressure, span, allowable_stress, safety_factor, density,
                            gravity=LUNAR_GRAVITY):
    r"""Thickness of a one-way simply supported plate strip under uniform pressure and self-weight.

    Parameters
    ----------
    pressure : array_like
        Uniform pressure on the sheet (gauge). [Pa]
    span : array_like
        Span between the two supports. [m]
    allowable_stress : array_like
        Bending (flexural) strength of the material. [Pa]
    safety_factor : array_like
        Factor applied to the load. [-]
    density : array_like
        Density of the material, for the self-weight. [kg/m^3]
    gravity : array_like, optional
        Gravitational acceleration, lunar by default. [m/s^2]

    Returns
    -------
    ndarray
        Required thickness. [m]

    Notes
    -----
    A unit-width strip spanning ``b`` under ``q + ρ·g·t`` has ``M = (q + ρgt)·b²/8`` and
    ``σ = 6M/t² = 0.75·(q + ρgt)·b²/t²`` [1]_.  With :math:`k = 0.75\,b^2\,SF/\sigma` the
    condition :math:`t^2 = k\,(q + \rho g t)` gives the positive root

    .. math:: t = \tfrac12\left(k\rho g + \sqrt{(k\rho g)^2 + 4kq}\right)

    Valid for thin plates, t/b < 0.1; the model warns outside that.

    Examples
    --------
    >>> # 5 kPa over 1 m, 45 MPa, SF 3, weightless: t = sqrt(0.75*5e3*3/45e6) = 0.0158 m
    >>> round(float(sheet_thickness_bending(5e3, 1.0, 45e6, 3.0, 0.0)), 5)
    0.01581
    """
    k = 0.75 * np.square(span) * np.divide(safety_factor, allowable_stress)
    kg = k * np.multiply(density, gravity)
    return 0.5 * (kg + np.sqrt(np.square(kg) + 4.0 * k * pressure))


def tube_wall_thickness_hoop(pressure, outer_diameter, allowable_stress, safety_factor):
    r"""Wall thickness of a thin-walled tube under internal pressure (hoop stress).

    Parameters
    ----------
    pressure : array_like
        Internal gauge pressure. [Pa]
    outer_diameter : array_like
        Outer diameter of the tube. [m]
    allowable_stress : array_like
        Allowable tensile stress of the wall material. [Pa]
    safety_factor : array_like
        Factor applied to the load. [-]

    Returns
    -------
    ndarray
        Wall thickness. [m]

    Notes
    -----
    .. math:: t = \frac{SF \, p \, D}{2 \, \sigma}

    Valid for thin walls, t/D < 0.05 [1]_; the model warns outside that.

    Examples
    --------
    >>> float(tube_wall_thickness_hoop(101_325.0, 0.5, 20e6, 3.0))  # 3*101325*0.5/(2*20e6)
    0.003799...
    """
    return np.multiply(safety_factor, pressure) * outer_diameter / (2.0 * np.asarray(allowable_stress))


def tube_wall_thickness_euler(axial_load, outer_diameter, length, youngs_modulus, safety_factor,
                              effective_length_factor=1.0):
    r"""Wall thickness for a tubular column not to buckle (Euler, about the mean radius).

    Parameters
    ----------
    axial_load : array_like
        Compressive axial load. [N]
    outer_diameter : array_like
        Outer diameter of the tube. [m]
    length : array_like
        Length of the column. [m]
    youngs_modulus : array_like
        Young's modulus of the material. [Pa]
    safety_factor : array_like
        Factor applied to the load. [-]
    effective_length_factor : array_like, optional
        K: 1 for pin-ended, 0.5 fixed-fixed, 2 cantilever. [-]

    Returns
    -------
    ndarray
        Wall thickness; ``inf`` where even a solid rod of diameter D buckles. [m]

    Notes
    -----
    The second moment of the annulus about the *mean* radius :math:`r_m = (D - t)/2`,

    .. math:: I = \frac{\pi}{64}(D^4 - d_i^4) = \pi r_m^3 t\,\left(1 + \frac{t^2}{4 r_m^2}\right),

    is the thin-wall :math:`\pi r_m^3 t` (the outer radius overstates it by about 3 t/D: 16 %
    at t/D = 0.05) with a term of order :math:`(t/D)^2` that keeps I growing to a solid rod.
    :math:`F\,SF = \pi^2 E I/(K L)^2` [1]_ gives :math:`D^4 - d_i^4 = 64 F\,SF (K L)^2/(\pi^3 E)`
    and, without cancellation for light loads,

    .. math:: t = \frac{D - d_i}{2} = \frac{D^4 - d_i^4}{2 (D + d_i)(D^2 + d_i^2)}

    Examples
    --------
    >>> # 10 kN, D 0.1 m, L 3 m, E 70 GPa, SF 1.4: D^4 - d_i^4 = 64*1e4*1.4*9/(pi^3*70e9) = 3.71538e-6;
    >>> # d_i = (1e-4 - 3.71538e-6)^(1/4) = 0.09905793 m; t = (0.1 - 0.09905793)/2 = 4.71037e-4 m
    >>> # (thin wall, mean radius: t (D - t)^3 = 4.64422e-7 -> 4.71047e-4; outer radius: 4.64422e-4)
    >>> round(float(tube_wall_thickness_euler(1e4, 0.1, 3.0, 70e9, 1.4)), 7)
    0.000471
    """
    d = np.asarray(outer_diameter, dtype=np.float64)
    kl = np.multiply(effective_length_factor, length)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        excess = 64.0 * np.multiply(axial_load, safety_factor) * np.square(kl) / (
            np.pi ** 3 * np.asarray(youngs_modulus, dtype=np.float64))
        d4 = d ** 4
        bore = np.sqrt(np.sqrt(np.maximum(d4 - excess, 0.0)))
        t = excess / (2.0 * (d + bore) * (d * d + bore * bore))
    return np.where(excess <= d4, t, np.where(np.isnan(excess), np.nan, np.inf))


def tube_wall_thickness_crushing(axial_load, outer_diameter, compressive_strength, safety_factor):
    r"""Wall thickness for a tubular column not to crush.

    Parameters
    ----------
    axial_load : array_like
        Compressive axial load. [N]
    outer_diameter : array_like
        Outer diameter of the tube. [m]
    compressive_strength : array_like
        Compressive strength of the material. [Pa]
    safety_factor : array_like
        Factor applied to the load. [-]

    Returns
    -------
    ndarray
        Wall thickness. [m]

    Notes
    -----
    .. math:: t = \frac{F \, SF}{\sigma_c \, 2 \pi r}, \quad r = D/2

    Examples
    --------
    >>> # 1 MN, D 0.5 m, 300 MPa, SF 3: 1e6*3/(300e6*pi*0.5) = 0.006366 m
    >>> round(float(tube_wall_thickness_crushing(1e6, 0.5, 300e6, 3.0)), 6)
    0.006366
    """
    return np.multiply(axial_load, safety_factor) / (np.multiply(compressive_strength, outer_diameter) * np.pi)


def thickness_for_areal_density(areal_density, density):
    r"""Thickness that gives a shielding areal density.

    Parameters
    ----------
    areal_density : array_like
        Target areal density, mass per area of shield. [kg/m^2]
    density : array_like
        Density of the material. [kg/m^3]

    Returns
    -------
    ndarray
        Thickness. [m]

    Notes
    -----
    .. math:: t = \rho_A / \rho

    Examples
    --------
    >>> float(thickness_for_areal_density(200.0, 2950.0))  # 20 g/cm^2 of cast basalt
    0.06779661016949153
    """
    return np.divide(areal_density, density)


def sheet_cut_area(length, width, thickness):
    r"""Sawn area to cut one sheet from a block: one slab face plus the four edge trims.

    Parameters
    ----------
    length, width, thickness : array_like
        Sheet dimensions. [m]

    Returns
    -------
    ndarray
        Cut area. [m^2]

    Notes
    -----
    Slabs are sawn in a stack, so each slab costs one face cut; its edges are trimmed square.

    .. math:: A = a\,b + 2\,(a + b)\,t

    Examples
    --------
    >>> float(sheet_cut_area(2.0, 1.0, 0.05))  # 2 + 2*3*0.05
    2.3
    """
    return np.multiply(length, width) + 2.0 * np.multiply(np.add(length, width), thickness)


def tube_cut_area(outer_diameter, length, wall):
    r"""Cut area to core-drill one tube from a block: outer and inner cylinders plus two end cuts.

    Parameters
    ----------
    outer_diameter, length, wall : array_like
        Tube dimensions. [m]

    Returns
    -------
    ndarray
        Cut area. [m^2]

    Notes
    -----
    .. math:: A = \pi D L + \pi (D - 2t) L + 2\cdot\frac{\pi D^2}{4}

    Examples
    --------
    >>> round(float(tube_cut_area(0.5, 3.0, 0.05)), 4)  # pi*(1.5 + 1.2) + pi*0.125
    8.875
    """
    d = np.asarray(outer_diameter)
    return np.pi * (d * length + (d - 2.0 * np.asarray(wall)) * length + 0.5 * d * d)


def _governing(candidates, given):
    """Largest candidate thickness and its index (offset by one, 0 meaning 'given').

    A running maximum with :func:`numpy.argmax`'s rules: on a tie the first candidate wins, and
    the first NaN wins over any number (so a NaN candidate shows as NaN, as before).
    """
    sized = np.asarray(candidates[0], dtype=np.float64)
    idx = 0
    for k, c in enumerate(candidates[1:], start=1):
        c = np.asarray(c, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            take = (c > sized) | (np.isnan(c) & ~np.isnan(sized))
        sized = np.where(take, c, sized)
        idx = np.where(take, k, idx)
    has_given = ~np.isnan(given)
    thickness = np.where(has_given, given, sized)
    governing = np.where(has_given, 0, idx + 1)
    return thickness, governing


def size_sheet(length, width, given_thickness, pressure, bending, areal_density, *,
               density, flexural_strength, safety_factor, min_thickness):
    r"""Thickness, mass and governing rule of one sheet.

    Parameters
    ----------
    length, width : array_like
        Sheet dimensions; ``width`` is the span in bending. [m]
    given_thickness : array_like
        Thickness if fixed by the user, NaN to size it. [m]
    pressure : array_like
        Uniform pressure for bending sizing. [Pa]
    bending : array_like
        1 where the sheet spans between supports (bending sized, with self-weight), 0 where it
        lies on the ground. [-]
    areal_density : array_like
        Shielding areal density target, 0 if none. [kg/m^2]
    density, flexural_strength, safety_factor, min_thickness : array_like
        Material properties. [kg/m^3], [Pa], [-], [m]

    Returns
    -------
    dict of ndarray
        ``thickness`` [m], ``mass`` [kg], ``governing`` (index into :data:`SHEET_RULES`) [-],
        ``valid`` (thickness below width) [-], ``thin`` (t/b <= 0.1) [-], ``cut_area`` [m^2].
    """
    t_bend = np.multiply(bending, sheet_thickness_bending(pressure, width, flexural_strength,
                                                          safety_factor, density))
    t_shield = thickness_for_areal_density(areal_density, density)
    thickness, governing = _governing((min_thickness, t_bend, t_shield), np.asarray(given_thickness))
    valid = (thickness > 0) & (thickness <= np.minimum(width, length))
    return {
        "thickness": thickness,
        "mass": sheet_volume(length, width, np.where(valid, thickness, np.nan)) * density,
        "governing": governing,
        "valid": valid,
        "thin": thickness <= 0.1 * np.asarray(width),
        "cut_area": sheet_cut_area(length, width, thickness),
    }


def size_tube(outer_diameter, length, given_thickness, internal_pressure, axial_load,
              effective_length_factor, areal_density, *, density, tensile_strength,
              compressive_strength, youngs_modulus, safety_factor, min_thickness):
    r"""Wall thickness, mass and governing rule of one tube.

    Parameters
    ----------
    outer_diameter, length : array_like
        Tube dimensions. [m]
    given_thickness : array_like
        Wall if fixed by the user, NaN to size it. [m]
    internal_pressure : array_like
        Internal gauge pressure, 0 if none. [Pa]
    axial_load : array_like
        Compressive axial load, 0 if none. [N]
    effective_length_factor : array_like
        Column effective length factor K. [-]
    areal_density : array_like
        Shielding areal density of the wall, 0 if none. [kg/m^2]
    density, tensile_strength, compressive_strength, youngs_modulus, safety_factor, min_thickness : array_like
        Material properties. [kg/m^3], [Pa], [Pa], [Pa], [-], [m]

    Returns
    -------
    dict of ndarray
        ``thickness`` [m], ``mass`` [kg], ``governing`` (index into :data:`TUBE_RULES`) [-],
        ``valid`` (0 < t <= D/2) [-], ``thin`` (t/D <= 0.05) [-], ``cut_area`` [m^2].
    """
    candidates = (
        min_thickness,
        tube_wall_thickness_hoop(internal_pressure, outer_diameter, tensile_strength, safety_factor),
        tube_wall_thickness_euler(axial_load, outer_diameter, length, youngs_modulus, safety_factor,
                                  effective_length_factor),
        tube_wall_thickness_crushing(axial_load, outer_diameter, compressive_strength, safety_factor),
        thickness_for_areal_density(areal_density, density),
    )
    thickness, governing = _governing(candidates, np.asarray(given_thickness))
    valid = (thickness > 0) & (thickness <= 0.5 * np.asarray(outer_diameter))
    wall = np.where(valid, thickness, np.nan)
    return {
        "thickness": thickness,
        "mass": tube_volume(outer_diameter, length, wall) * density,
        "governing": governing,
        "valid": valid,
        "thin": thickness <= 0.05 * np.asarray(outer_diameter),
        "cut_area": tube_cut_area(outer_diameter, length, wall),
    }
