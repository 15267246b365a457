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
* a shielding areal density, :func:`thickness_for_areal_density`;
* brittle strengths scaled to the element's stressed volume (Weibull, :func:`weibull_strength`),
  in bending (:func:`sheet_thickness_bending_weibull`) and hoop tension
  (:func:`tube_wall_thickness_hoop_weibull`), both from one strength and the effective volume of
  the test that measured it (:func:`strength_basis`); ductile materials (m infinite) are
  unaffected;
* local shell buckling of a tube in axial compression, :func:`tube_wall_thickness_local_buckling`;
* a sandwich panel (faces + honeycomb core) instead of a solid plate where the material says so,
  :func:`sandwich_panel`: face stress (ultimate and yield), face wrinkling and intracell
  dimpling, core shear, minimum face gauge;
* a serviceability limit on the deflection of every spanning sheet, span/R in service (solid:
  :func:`sheet_thickness_deflection`; sandwich: bending and core-shear deflection in
  :func:`sandwich_panel`).

References
----------
.. [1] Roark's Formulas for Stress and Strain, 8th ed. (Young & Budynas, 2012): Table 8.1 case 2e
   (simply supported beam, uniform load, M = w·L²/8), Table 13.1 case 1a (thin-walled cylinder,
   hoop stress σ = q·R/t), and Table 15.1 (Euler column, P = π²EI/(KL)²).
.. [2] NASA Space Science Data Coordinated Archive, "Moon Fact Sheet": surface gravity 1.62 m/s².
.. [3] NASA SP-8007, Buckling of Thin-Walled Circular Cylinders (1965; rev. 2, 2020): knockdown
   γ = 1 − 0.901 (1 − e^−φ), φ = √(R/t)/16, for axial compression.
.. [4] Quinn J.B., Quinn G.D., "A practical and systematic review of Weibull statistics for
   reporting strengths of dental materials", Dent. Mater. 26 (2010) 135-147: effective volumes
   (ASTM C1239).  Zenkert D., The Handbook of Sandwich Construction (EMAS, 1997): sandwich
   beams, thin faces, core in shear.
.. [5] Hexcel Composites, HexWeb Honeycomb Sandwich Design Technology, publication AGU 075b
   (December 2000): failure modes (face wrinkling, intra-cell buckling, core shear), beam
   deflection as bending plus core shear with the coefficients of a simply supported beam under
   a uniform load (5/384, 1/8), summary of formulae (p. 27).
.. [6] Zenkert D., An Introduction to Sandwich Construction (EMAS, 1995): ch. 2 (flexural rigidity
   of thin faces D = E_f t_f d^2/2, shear stiffness S = G_c d^2/t_c), ch. 4 (beam deflection:
   bending plus shear), ch. 9 (local instability: face wrinkling, intracell buckling).
"""
from __future__ import annotations

import math

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
    "weibull_strength",
    "flexure_test_effective_volume",
    "strength_basis",
    "strip_effective_volume_factor",
    "sheet_thickness_bending_weibull",
    "tube_wall_thickness_hoop_weibull",
    "tube_wall_thickness_local_buckling",
    "sandwich_panel",
    "sheet_thickness_deflection",
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
#: "(Weibull)": the rule with the brittle strength scaled to the element's stressed volume.
SHEET_RULES = ("given", "minimum gauge", "bending", "shielding", "bending (Weibull)",
               "sandwich: face stress", "sandwich: core shear", "sandwich: minimum face gauge",
               "sandwich: deflection", "sandwich: face wrinkling", "sandwich: face dimpling", "deflection")
TUBE_RULES = ("given", "minimum gauge", "hoop", "Euler buckling", "crushing", "shielding",
              "local shell buckling", "hoop (Weibull)")


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


def weibull_strength(strength, weibull_modulus, test_effective_volume, effective_volume):
    r"""Brittle strength at an element's stressed size (Weibull weakest link, volume flaws).

    Parameters
    ----------
    strength : array_like
        Characteristic strength measured in the material's strength test. [Pa]
    weibull_modulus : array_like
        Weibull modulus m; ``inf`` for a ductile material (no size effect). [-]
    test_effective_volume : array_like
        Effective volume of that test, :math:`V_{E,test}` (:func:`strength_basis`: a flexure bar's
        :func:`flexure_test_effective_volume`, or a tension specimen's gauge volume). [m^3]
    effective_volume : array_like
        Effective volume of the element, :math:`V_E = \int (\sigma/\sigma_{max})^m\,dV` over its
        tensile region. [m^3]

    Returns
    -------
    ndarray
        :math:`\sigma_{eff} = \sigma\,(V_{E,test}/V_E)^{1/m}`; ``strength`` where m is infinite. [Pa]

    Notes
    -----
    Volume scaling (not area): cast basalt is a crystallised casting whose strength-limiting
    flaws are pores, crystal boundaries and inclusions through its thickness, and the slabs are
    used as cast, not ground.  The strength and the effective volume are one pair: a strength
    already measured (or estimated) for a larger stressed volume must come with that volume, or
    the size effect is counted twice (issue 25).

    Examples
    --------
    >>> # 45 MPa, m 8, on a 3-point bar of V_E,test = 7.8125e-5/(2*81) = 4.8225e-7 m^3; element
    >>> # V_E 6.66e-4 m^3: 45e6*(4.8225e-7/6.66e-4)^(1/8) = 45e6*exp(-7.2305/8) = 45e6*0.40503
    >>> round(float(weibull_strength(45e6, 8.0, 4.8225e-7, 6.66e-4)) / 1e6, 2)
    18.23
    >>> float(weibull_strength(476e6, float("inf"), float("nan"), 1.0))  # ductile: no size effect
    476000000.0
    """
    m = np.asarray(weibull_modulus, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        scaled = np.asarray(strength) * np.exp((np.log(test_effective_volume) - np.log(effective_volume)) / m)
    return np.where(np.isinf(m), strength, scaled)


def flexure_test_effective_volume(bar_volume, weibull_modulus):
    r"""Effective volume of a three-point flexure bar (ASTM C1239; Quinn & Quinn 2010 [4]_).

    Parameters
    ----------
    bar_volume : array_like
        Volume of the bar between its outer supports, :math:`b\,d\,L`. [m^3]
    weibull_modulus : array_like
        Weibull modulus m. [-]

    Returns
    -------
    ndarray
        :math:`V_{E} = b\,d\,L / (2(m+1)^2)`. [m^3]

    Examples
    --------
    >>> # ISO 5014 bar 25 x 25 mm on a 125 mm span, m 8: 78125 mm^3/(2*81) = 482.25 mm^3
    >>> round(float(flexure_test_effective_volume(7.8125e-5, 8.0)) * 1e9, 2)
    482.25
    """
    m = np.asarray(weibull_modulus, dtype=np.float64)
    return np.divide(bar_volume, 2.0 * np.square(m + 1.0))


def strength_basis(flexural_strength, tensile_strength, weibull_modulus, flexure_test_volume,
                   tensile_test_volume=np.nan):
    r"""The one strength a brittle material's sizing scales from, with its test's effective volume.

    Parameters
    ----------
    flexural_strength : array_like
        Strength in the material's flexure test (modulus of rupture). [Pa]
    tensile_strength : array_like
        Strength in uniform tension. [Pa]
    weibull_modulus : array_like
        Weibull modulus m. [-]
    flexure_test_volume : array_like
        Volume of the three-point flexure bar between its supports, :math:`b\,d\,L`. [m^3]
    tensile_test_volume : array_like, optional
        Gauge volume of the tension test that measured ``tensile_strength``; NaN where the
        tensile strength was not measured on a stated volume (an estimate). [m^3]

    Returns
    -------
    dict of ndarray
        ``strength`` and ``test_effective_volume``: the tension pair
        (``tensile_strength``, its gauge volume: uniform stress, :math:`V_E = V`) where
        ``tensile_test_volume`` is given, else the flexure pair (``flexural_strength``,
        :func:`flexure_test_effective_volume`). [Pa], [m^3]

    Notes
    -----
    Bending (:func:`sheet_thickness_bending_weibull`) and hoop tension
    (:func:`tube_wall_thickness_hoop_weibull`) both scale this one pair to the element's own
    effective volume, so no strength is used at a size other than its test's: a tensile
    strength estimated below the flexural one *because* a larger volume is stressed is not
    scaled down a second time.

    Examples
    --------
    >>> # cast basalt: 45 MPa on the 3-point bar (m 8: 482.25 mm^3); the 25 MPa estimate has no test
    >>> b = strength_basis(45e6, 25e6, 8.0, 7.8125e-5)
    >>> float(b["strength"]) / 1e6, round(float(b["test_effective_volume"]) * 1e9, 2)
    (45.0, 482.25)
    >>> b = strength_basis(45e6, 25e6, 8.0, 7.8125e-5, 5e-5)  # a tension test of 50 cm^3
    >>> float(b["strength"]) / 1e6, float(b["test_effective_volume"])
    (25.0, 5e-05)
    """
    tension = np.isfinite(np.asarray(tensile_test_volume, dtype=np.float64))
    flexure = flexure_test_effective_volume(flexure_test_volume, weibull_modulus)
    return {"strength": np.where(tension, tensile_strength, flexural_strength),
            "test_effective_volume": np.where(tension, tensile_test_volume, flexure)}


def strip_effective_volume_factor(weibull_modulus):
    r"""Effective volume of a simply supported strip under uniform load, per unit volume.

    Parameters
    ----------
    weibull_modulus : array_like
        Weibull modulus m. [-]

    Returns
    -------
    ndarray
        :math:`k(m) = V_E/V = \frac{1}{2(m+1)}\int_0^1 (4\xi(1-\xi))^m d\xi
        = \frac{4^m B(m+1, m+1)}{2(m+1)}`. [-]

    Notes
    -----
    Through the thickness the bending stress is linear and only the tensile half counts:
    :math:`1/(2(m+1))`; along the span the moment is parabolic, :math:`M/M_{max} = 4\xi(1-\xi)`.

    With Lanczos' form :math:`\Gamma(z+1) = \sqrt{2\pi}\,t^{z+1/2} e^{-t} A(z)`,
    :math:`t = z + g + 1/2` (:data:`_LANCZOS_G`, :data:`_LANCZOS`), for
    :math:`4^m \Gamma(m+1)^2/\Gamma(2m+2)` the large powers cancel in closed form
    (:math:`Y = 2m + g + 3/2`):

    .. math:: \ln(4^m B) = \tfrac12\ln\tfrac{\pi}{2} + \tfrac12 - g - \tfrac12\ln Y
              + (2m+1)\,\mathrm{log1p}\frac{g - 1/2}{Y} + 2\ln A(m) - \ln A(2m+1),

    so no term grows with m: relative error below 2e-13 up to m = 1e9, checked against the exact
    factorials (scipy's ``betaln`` loses 4e-6 there to the cancellation of :math:`m\ln 4`), and
    no import of ``scipy.special`` (with numpy.f2py behind it: about a third of the time of
    ``basaltcalc run``).

    Examples
    --------
    >>> # m = 8: 4^8 B(9, 9)/18 = 65536*4.5706e-6/18 = 0.016641
    >>> round(float(strip_effective_volume_factor(8.0)), 6)
    0.016641
    """
    m = np.asarray(weibull_modulus, dtype=np.float64)
    y = 2.0 * m + (_LANCZOS_G + 1.5)
    with np.errstate(invalid="ignore"):
        ln_a = np.log(_lanczos_sum(np.stack([m, 2.0 * m + 1.0])))  # A(m) and A(2m + 1) at once
        ln_k = (0.5 * np.log(0.5 * np.pi) + 0.5 - _LANCZOS_G - 0.5 * np.log(y)
                + (2.0 * m + 1.0) * np.log1p((_LANCZOS_G - 0.5) / y) + 2.0 * ln_a[0] - ln_a[1])
        return np.exp(ln_k) / (2.0 * (m + 1.0))


def _lanczos_sum(z):
    r"""Lanczos' series :math:`A(z) = c_0 + \sum_{i=1}^{8} c_i/(z + i)` (:data:`_LANCZOS`). [-]"""
    total = _LANCZOS[0]
    for i in range(1, len(_LANCZOS)):
        total = total + _LANCZOS[i] / (z + float(i))
    return total


#: Lanczos' g and coefficients for n = 9 (about 13-15 correct digits of Gamma for real z >= 0):
#: C. Lanczos, "A precision approximation of the gamma function", J. SIAM Numer. Anal. Ser. B 1
#: (1964) 86-96 (the form); the g = 7, n = 9 set as listed by P. Godfrey, "Lanczos implementation
#: of the gamma function" (2001, http://www.numericana.com/answer/info/godfrey.htm).  Checked
#: here against exact factorials (tests/test_elements.py).
_LANCZOS_G = 7.0
_LANCZOS = (0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7)


#: Points of a broadcast at most that :func:`on_points` computes all of (the calls cost more than
#: the arithmetic there). [-]
SMALL_BROADCAST = 64


def on_points(where, fn, args, fill):
    r"""``fn(**args)`` on the points of the broadcast where ``where`` is true, ``fill`` elsewhere.

    Parameters
    ----------
    where : array_like of bool
        The points to compute, in (a shape that broadcasts to) the broadcast of ``args``. [-]
    fn : callable
        An elementwise function of the keyword arguments ``args`` (each point's result depends
        on that point's arguments alone); returns an array or a dict of arrays.
    args : dict of str to array_like
        Its arguments. [SI]
    fill : scalar, array_like, or dict of them
        The value elsewhere (a dict with ``fn``'s keys where it returns a dict); its dtype where
        no point is computed. [SI]

    Returns
    -------
    ndarray or dict of ndarray
        In the broadcast shape of ``where``, ``args`` and ``fill`` (whichever points are true:
        the shape does not depend on the values), of the dtype of ``np.where`` (``fn``'s where
        every point is computed, ``fill``'s where none is). [SI]

    Notes
    -----
    A model's branches (a brittle or a ductile material, a sandwich or a solid plate, an Earth
    design the same as the in-situ one or not) often differ along one axis only, the comparator
    axis: then each argument is sliced along that axis (a view where the points are one run), and
    otherwise gathered at the points; a broadcast of at most :data:`SMALL_BROADCAST` points is
    computed whole.  Every point sees the arithmetic of a call over the whole broadcast, so its
    result is bit for bit the same (tests/test_elements.py).

    Examples
    --------
    >>> on_points(np.array([True, False]), lambda x: np.sqrt(x), {"x": np.array([4.0, -1.0])}, 0.0)
    array([2., 0.])
    """
    where = np.asarray(where, dtype=bool)
    fills = fill.values() if isinstance(fill, dict) else (fill,)
    shape = np.broadcast_shapes(where.shape, *(np.shape(v) for v in (*args.values(), *fills)
                                                if not isinstance(v, (float, int))))  # a float: ()
    if where.all() or math.prod(shape) <= SMALL_BROADCAST:  # a few points: every one, then select
        result = fn(**args)
        if isinstance(result, dict):
            return {k: _shaped(v if where.all() else np.where(where, v, fill[k]), shape) for k, v in result.items()}
        return _shaped(result if where.all() else np.where(where, result, fill), shape)
    where = _reduced(where)
    if not where.any():
        sel, comp, result = (), (), None
    elif sum(n > 1 for n in where.shape) == 1:  # one axis: slice the arguments along it
        axis = next(a for a, n in enumerate(where.shape) if n > 1) - where.ndim
        sel, comp = (Ellipsis, _run_or_index(where), *(slice(None),) * (-1 - axis)), \
            (Ellipsis, _run_or_index(~where), *(slice(None),) * (-1 - axis))
        result = fn(**{k: (v[sel] if np.ndim(v) >= -axis and np.shape(v)[axis] > 1 else v)
                       for k, v in args.items()})
    else:  # gather the points
        sel = np.broadcast_to(where, shape)
        comp = ~sel
        result = fn(**{k: (np.broadcast_to(v, shape)[sel] if np.ndim(v) else v) for k, v in args.items()})
    if isinstance(fill, dict):
        return {k: _scattered(shape, sel, comp, None if result is None else result[k], v) for k, v in fill.items()}
    return _scattered(shape, sel, comp, result, fill)


def _run_or_index(where):
    """The true entries of a mask along one axis: a slice where they are one run, else their
    indices (:func:`on_points`). [-]"""
    idx = np.flatnonzero(where.reshape(-1))
    return slice(idx[0], idx[-1] + 1) if idx[-1] - idx[0] + 1 == idx.size else idx


def _reduced(where):
    """``where`` with every axis it is constant along reduced to length one. [-]"""
    for axis, n in enumerate(where.shape):
        if n > 1:
            first = where[(slice(None),) * axis + (slice(0, 1),)]
            if (where == first).all():
                where = first
    return where


def _shaped(value, shape):
    """``value`` in ``shape``: itself, or a copy broadcast to it. [-]"""
    return value if np.shape(value) == shape else np.array(np.broadcast_to(value, shape))


def _scattered(shape, sel, comp, part, fill):
    """An array of ``shape``: ``part`` at ``sel``, ``fill`` at ``comp`` (:func:`on_points`)."""
    fill = np.asarray(fill)
    if part is None:
        return _shaped(fill, shape)
    out = np.empty(shape, dtype=np.result_type(np.asarray(part).dtype, fill.dtype))  # as np.where
    out[sel] = part
    out[comp] = np.broadcast_to(fill, shape)[comp]
    return out


def _settled(new, old, limit=64) -> bool:
    """True when an iteration's state is bit for bit what it was (same shape, same float64 bits,
    NaNs included): every later step would repeat it exactly, so stopping there gives the same
    result, to the bit, as running the fixed step count.  Most single points settle in a few
    steps, which is what makes one evaluation cheap.  Batches of more than ``limit`` points are
    not tested (always False; ``None``: any size): of 200,000 random sheets one in six ends in a
    two-cycle of one ulp once converged, so a large batch of Weibull sheets never settles and
    the test would only add work."""
    new, old = np.asarray(new), np.asarray(old)
    if (limit is not None and new.size > limit) or new.shape != old.shape \
            or not new.dtype == old.dtype == np.float64:
        return False
    if new.size <= 64:  # a byte compare is the cheaper call on a few points
        return new.tobytes() == old.tobytes()
    return bool(np.array_equal(new.view(np.int64), old.view(np.int64)))


#: Newton steps of :func:`sheet_thickness_bending_weibull` (quadratic from a lower bound). [-]
NEWTON_STEPS = 6
#: Fixed-point and Newton steps of :func:`tube_wall_thickness_local_buckling`: equal to 48
#: fixed-point steps within 3e-15 on 2^18 random tubes with R/t up to 1500.
BUCKLING_FIXED_STEPS = 3
BUCKLING_NEWTON_STEPS = 3


def sheet_thickness_bending_weibull(pressure, span, length, allowable_stress, safety_factor, density,
                                    weibull_modulus, test_effective_volume, gravity=LUNAR_GRAVITY):
    r"""Thickness of a plate strip in bending with its brittle strength scaled to its size.

    Parameters
    ----------
    pressure, span, allowable_stress, safety_factor, density, gravity : array_like
        As :func:`sheet_thickness_bending`. [Pa], [m], [Pa], [-], [kg/m^3], [m/s^2]
    length : array_like
        Length of the strip along its supports. [m]
    weibull_modulus, test_effective_volume : array_like
        As :func:`weibull_strength` (``allowable_stress`` and ``test_effective_volume`` one pair,
        :func:`strength_basis`); m infinite: :func:`sheet_thickness_bending`. [-], [m^3]

    Returns
    -------
    ndarray
        Thickness t with :math:`t = t_{bend}(\sigma_{eff}(t))`,
        :math:`\sigma_{eff}(t) = ` :func:`weibull_strength` at :math:`V_E = k(m)\,a\,b\,t`
        (:func:`strip_effective_volume_factor`). [m]

    Notes
    -----
    With :math:`\sigma_{eff} = \sigma\,c\,t^{-1/m}`, :math:`c = (V_{E,test}/(k\,a\,b))^{1/m}`, the
    condition :math:`t^2 = K\,t^{1/m}(q + \rho g t)`, :math:`K = 0.75\,a^2 SF/(\sigma c)`, is in
    :math:`u = \ln t`

    .. math:: g(u) = p\,u - \ln K - \ln(q + \rho g e^u) = 0, \quad p = 2 - 1/m,

    increasing (:math:`g' \ge p - 1 \ge 1/2` for m >= 2) and concave.  Newton's method from the
    larger of the two one-load roots (pressure alone, :math:`p u = \ln Kq`; weight alone,
    :math:`(p-1)u = \ln K\rho g`), both below the root, climbs to it monotonically and
    quadratically: :data:`NEWTON_STEPS` fixed steps reach machine precision, and a fixed count
    keeps every point independent of the others in its broadcast.

    Examples
    --------
    >>> # 5 kPa over 1 m x 2 m, 45 MPa, SF 3, weightless, m 8, 25x25x125 mm bar (V_E 4.8225e-7 m^3):
    >>> # t^(2 - 1/8) = 0.75*3*5e3/45e6 * (0.016641*2*1/4.8225e-7)^(1/8) = 2.5e-4*69013^(1/8)
    >>> # = 2.5e-4*4.0259 = 1.00648e-3 -> t = exp(ln(1.00648e-3)/1.875) = 0.0252 m (unscaled 0.0158)
    >>> round(float(sheet_thickness_bending_weibull(5e3, 1.0, 2.0, 45e6, 3.0, 0.0, 8.0, 4.8225e-7)), 4)
    0.0252
    """
    m = np.asarray(weibull_modulus, dtype=np.float64)
    t0 = sheet_thickness_bending(pressure, span, allowable_stress, safety_factor, density, gravity)
    if np.all(np.isinf(m)):
        return t0
    args = {"pressure": pressure, "span": span, "length": length, "allowable_stress": allowable_stress,
            "safety_factor": safety_factor, "density": density, "m": m,
            "test_effective_volume": test_effective_volume, "gravity": gravity}
    return on_points(~np.isinf(m), _bending_weibull_root, args, t0)  # ductile: t0


def _bending_weibull_root(pressure, span, length, allowable_stress, safety_factor, density, m,
                          test_effective_volume, gravity):
    """The root of :func:`sheet_thickness_bending_weibull` for a finite m, by Newton's method. [m]"""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ln_c = (np.log(test_effective_volume) - np.log(strip_effective_volume_factor(m) * np.multiply(span, length))) / m
        ln_k = np.log(0.75 * np.square(span) * np.divide(safety_factor, allowable_stress)) - ln_c
        p = 2.0 - 1.0 / m
        w = np.multiply(density, gravity)
        u = np.maximum((ln_k + np.log(pressure)) / p, (ln_k + np.log(w)) / (p - 1.0))
        for _ in range(NEWTON_STEPS):
            t = np.exp(u)
            wt = w * t  # the weight's share of the load
            load = pressure + wt
            step = (p * u - ln_k - np.log(load)) / (p - wt / load)
            u, prev = np.where(np.isfinite(u), u - step, u), u
            if _settled(u, prev):
                break
        return np.exp(u)


def tube_wall_thickness_hoop_weibull(pressure, outer_diameter, length, allowable_stress, safety_factor,
                                     weibull_modulus, test_effective_volume):
    r"""Hoop wall of a brittle tube with its strength scaled to the stressed wall volume.

    Parameters
    ----------
    pressure, outer_diameter, allowable_stress, safety_factor : array_like
        As :func:`tube_wall_thickness_hoop`. [Pa], [m], [Pa], [-]
    length : array_like
        Tube length. [m]
    weibull_modulus, test_effective_volume : array_like
        As :func:`weibull_strength` (``allowable_stress`` and ``test_effective_volume`` one pair,
        :func:`strength_basis`). [-], [m^3]

    Returns
    -------
    ndarray
        Wall thickness. [m]

    Notes
    -----
    The hoop stress is uniform through the thin wall, so :math:`V_E = \pi D L t` (loading factor
    1).  With :math:`t_0` the unscaled hoop wall, :math:`t = t_0 (\pi D L t / V_{E,test})^{1/m}`
    solves in closed form:

    .. math:: t = \left[t_0\,(\pi D L / V_{E,test})^{1/m}\right]^{m/(m-1)}

    Examples
    --------
    >>> # 101.3 kPa, D 2 m, L 3 m, 45 MPa on the cast-basalt bar (V_E,test = 4.8225e-7 m^3), SF 3,
    >>> # m 8: t0 = 3*101.3e3*2/(2*45e6) = 6.7533 mm, pi D L = 18.850 m^2, (18.850/4.8225e-7)^(1/8)
    >>> # = 8.8920: t = (6.7533e-3*8.8920)^(8/7) = 0.060050^(8/7) = 0.0402 m
    >>> round(float(tube_wall_thickness_hoop_weibull(101.3e3, 2.0, 3.0, 45e6, 3.0, 8.0, 4.8225e-7)), 4)
    0.0402
    """
    m = np.asarray(weibull_modulus, dtype=np.float64)
    t0 = tube_wall_thickness_hoop(pressure, outer_diameter, allowable_stress, safety_factor)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        area = np.pi * np.multiply(outer_diameter, length)
        t = np.exp((m * np.log(t0) + np.log(area / np.asarray(test_effective_volume))) / (m - 1.0))
    return np.where(np.isinf(m), t0, t)


def tube_wall_thickness_local_buckling(axial_load, outer_diameter, youngs_modulus, poissons_ratio,
                                       safety_factor):
    r"""Wall of a thin tube in axial compression not to buckle locally (shell buckling).

    Parameters
    ----------
    axial_load : array_like
        Compressive axial load. [N]
    outer_diameter : array_like
        Outer diameter. [m]
    youngs_modulus, poissons_ratio : array_like
        Elastic constants of the wall. [Pa], [-]
    safety_factor : array_like
        Factor applied to the load. [-]

    Returns
    -------
    ndarray
        Wall thickness. [m]

    Notes
    -----
    Classical critical stress with the NASA SP-8007 knockdown factor γ [3]_,

    .. math:: \sigma_{cr} = \frac{\gamma\,E\,t}{R\sqrt{3(1-\nu^2)}}, \quad
              \gamma = 1 - 0.901\,(1 - e^{-\phi}), \quad \phi = \frac{1}{16}\sqrt{R/t}

    (R/t < 1500).  With :math:`F\,SF \le 2\pi R t\,\sigma_{cr}` the radius cancels:
    :math:`t^2 = F\,SF\sqrt{3(1-\nu^2)}/(2\pi\gamma E) = c/\gamma`, with γ depending on t through
    φ and R = (D - t)/2.  The map :math:`t \mapsto \sqrt{c/\gamma(t)}` contracts (in ln t, by
    0.28 at most, near R/t ≈ 1200); :data:`BUCKLING_FIXED_STEPS` steps of it from the floor
    γ = 0.099 (the largest t) bring ln t within ~2e-2 of the root, and
    :data:`BUCKLING_NEWTON_STEPS` Newton steps on :math:`g(u) = 2u + \ln\gamma - \ln c`,
    :math:`u = \ln t`, finish it,

    .. math:: g'(u) = 2 + \frac{0.901\,e^{-\phi}\,D}{64\,t\,s\,\gamma}, \quad s = \sqrt{R/t} = 16\phi.

    A fixed step count keeps every point independent of the others in its broadcast.  Where the
    wall would exceed the radius (R < 0, no knockdown) the root is :math:`\sqrt{c}`.

    Examples
    --------
    >>> # 50 kN, D 0.5 m, E 73.1 GPa, nu 0.33, SF 1.4: with gamma = 0.099,
    >>> # t^2 = 5e4*1.4*sqrt(3*(1 - 0.1089))/(2 pi*73.1e9)/0.099 = 2.4919e-7/0.099 -> 1.587 mm;
    >>> # converged R/t = 314.8, phi = 1.1089, gamma = 0.39627: t = sqrt(2.4919e-7/0.39627) = 0.793 mm
    >>> round(float(tube_wall_thickness_local_buckling(5e4, 0.5, 73.1e9, 0.33, 1.4)) * 1e3, 3)
    0.793
    """
    d = np.asarray(outer_diameter, dtype=np.float64)
    c = np.multiply(axial_load, safety_factor) * np.sqrt(3.0 * (1.0 - np.square(poissons_ratio))) / (
        2.0 * np.pi * np.asarray(youngs_modulus, dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        t = np.sqrt(c / 0.099)
        for _ in range(BUCKLING_FIXED_STEPS):
            phi = np.sqrt(np.maximum(0.5 * (d - t), 0.0) / t) / 16.0
            t, prev = np.sqrt(c / (0.099 + 0.901 * np.exp(-phi))), t
            if _settled(t, prev, None):
                break
        ln_c = np.log(c)
        u = np.log(t)
        for _ in range(BUCKLING_NEWTON_STEPS):
            s = np.sqrt(np.maximum(0.5 * (d - t), 0.0) / t)
            knock = 0.901 * np.exp(-s / 16.0)
            gamma = 0.099 + knock
            slope = 2.0 + np.where(s > 0, knock * d / (64.0 * t * s * gamma), 0.0)
            u, prev = u - (2.0 * u + np.log(gamma) - ln_c) / slope, u
            t = np.exp(u)
            if _settled(u, prev, None):
                break
    return np.where(np.asarray(c) == 0, 0.0, t)


#: Deflection of a simply supported strip under a uniform load w: bending :math:`k_b w b^4/D`
#: (Roark [1]_ Table 8.1 case 2e) and core shear :math:`k_s w b^2/S` (Hexcel AGU 075b [5]_ p. 11,
#: beam coefficients of a simply supported beam under a uniform load). [-]
BENDING_DEFLECTION = 5.0 / 384.0
SHEAR_DEFLECTION = 1.0 / 8.0
#: Face wrinkling on a honeycomb core (a Winkler foundation: the core's in-plane stiffness is
#: negligible), :math:`\sigma_{wr} = 0.82\,E_f\sqrt{E_c t_f/(E_f t_c)}` (Hexcel AGU 075b [5]_ p. 27;
#: Zenkert [6]_ ch. 9, the honeycomb core's wrinkling). [-]
WRINKLING_COEFFICIENT = 0.82
#: Intracell dimpling of a face over honeycomb cells of size s,
#: :math:`\sigma_{d} = 2\,E_f/(1 - \nu_f^2)\,(t_f/s)^2` (Hexcel AGU 075b [5]_ p. 27; Zenkert [6]_ ch. 9). [-]
DIMPLING_COEFFICIENT = 2.0
#: Newton steps at most of :func:`sheet_thickness_deflection` and of the rare meeting of the
#: deflection and wrinkling rules of a sandwich (:func:`_meet_p2`): each from above its root,
#: monotone and at least linear by 3/4 a step until quadratic (2x above the root reaches machine
#: precision in under 12). [-]
DEFLECTION_STEPS = 16


def sheet_thickness_deflection(pressure, span, youngs_modulus, deflection_limit, density,
                               poissons_ratio=0.0, gravity=LUNAR_GRAVITY):
    r"""Thickness of a solid one-way plate strip whose deflection is at most span / R in service.

    Parameters
    ----------
    pressure, span : array_like
        Uniform pressure and span between the two supports. [Pa], [m]
    youngs_modulus, poissons_ratio : array_like
        Elastic constants of the plate. [Pa], [-]
    deflection_limit : array_like
        R of the serviceability limit :math:`\delta \le b/R` (e.g. 360); 0: no limit. [-]
    density : array_like
        Density, for the self-weight. [kg/m^3]
    gravity : array_like, optional
        Gravitational acceleration, lunar by default. [m/s^2]

    Returns
    -------
    ndarray
        Thickness. [m]

    Notes
    -----
    A serviceability limit: the load carries no safety factor.  With the plate's flexural
    rigidity per unit width :math:`D = E t^3/(12(1 - \nu^2))` (cylindrical bending) and
    :math:`\delta = 5 w b^4/(384 D)` [1]_, :math:`w = q + \rho g t`,

    .. math:: t^3 = k\,(q + \rho g t), \quad k = \frac{5\,b^3 R\,(1 - \nu^2)}{32\,E}

    whose one positive root Newton's method reaches from above, from
    :math:`(kq)^{1/3} + (k\rho g)^{1/2}` (the cubic is convex there), in
    :data:`DEFLECTION_STEPS` steps at most.

    Examples
    --------
    >>> # 5 kPa over 1 m, cast basalt E 80 GPa, span/360, weightless:
    >>> # k = 5*1*360/(32*80e9) = 7.03125e-10; t = (7.03125e-10*5e3)^(1/3) = 3.515625e-6^(1/3) = 15.21 mm
    >>> round(float(sheet_thickness_deflection(5e3, 1.0, 80e9, 360.0, 0.0)) * 1e3, 2)
    15.21
    """
    k = 5.0 * np.power(span, 3) * np.multiply(deflection_limit, 1.0 - np.square(poissons_ratio)) / (
        32.0 * np.asarray(youngs_modulus, dtype=np.float64))
    kq, kw = k * np.asarray(pressure), k * np.multiply(density, gravity)
    t = np.cbrt(kq) + np.sqrt(kw)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(DEFLECTION_STEPS):
            step = (t * t * t - kw * t - kq) / (3.0 * t * t - kw)
            t, prev = np.where(t > 0, t - step, t), t
            if _settled(t, prev):
                break
    return t


def _sandwich_design(w, c):
    r"""The lightest sandwich of :func:`sandwich_panel` at the load ``w`` [Pa] (its coefficients
    ``c``): the distance d between the faces and the face t. [m, m]

    The face each rule asks for falls with d; the areal mass :math:`A t + \rho_c d` is convex.
    First the strength design: on the envelope :math:`E(d) = \max(t_{min}, a/d, c_2 d^{-1/3})`,
    P1 (:math:`a/d`) is on top up to :math:`l = \min(x_{12}, x_{10})`, then P2
    (:math:`c_2 d^{-1/3}`, where it rises above P1 before the gauge: :math:`x_{12} < x_{10}`, and
    then :math:`x_{20} > x_{10}`) up to :math:`h = \max(x_{20}, l)`, then the gauge.  The optimum
    is :math:`\min(d_1, l) + \mathrm{clip}(d_2, l, h) - l` (P1's own optimum :math:`d_1` where it
    lies on P1, and then :math:`d_2 \le l` as P2 falls a third as steeply where they meet; else
    P2's own :math:`d_2` clipped to its stretch), then at least :math:`d_s`.  Where that design
    deflects more than b/R, the deflection rule (which falls faster than any other, as
    :math:`d^{-2}`) is on top below its first meeting :math:`x_D` with the envelope, and the
    optimum is its own optimum :math:`d_D` clipped to :math:`[d_s, x_D]`.  Written without
    ``np.where`` but once (a data-dependent select costs about 15 multiplies).
    """
    w3 = np.cbrt(w)
    a, c2 = c["k_face"] * w, np.fmax(c["c_wr"] * (w3 * w3), c["c_dim"] * w3)
    d_s, t_min = c["k_shear"] * w, c["t_min"]
    r12, r20, y2 = a / c2, c2 / t_min, np.sqrt(c["A"] * c2 / (3.0 * c["rho_c"]))
    lo = np.fmin(r12 * np.sqrt(r12), a / t_min)
    hi = np.fmax(r20 * r20 * r20, lo)
    d = np.fmin(np.sqrt(c["A"] * a / c["rho_c"]), lo) + np.fmin(np.fmax(y2 * np.sqrt(y2) - lo, 0.0), hi - lo)
    d = np.fmax(d, d_s)
    K, gam, beta = c["k_bend"] * w, c["k_shear_defl"] * w, c["beta"]
    if c["deflection"]:  # a deflection limit somewhere
        bent = _deflection_face(d, K, gam, beta) > _envelope(d, a, c2, t_min)  # deflects too much
        if np.any(bent):
            x_d = np.fmin((gam + K / a) / beta, (gam + np.sqrt(gam * gam + 4.0 * beta * K / t_min)) / (2.0 * beta))
            x_d = _meet_p2(x_d, K, gam, beta, c2)
            d_opt = _deflection_optimum(K, gam, beta, c["A"], c["rho_c"])
            d = np.where(bent, np.fmax(np.fmin(d_opt, x_d), d_s), d)
    t = _envelope(d, a, c2, t_min)
    if c["deflection"]:
        t = np.fmax(t, _deflection_face(d, K, gam, beta))
    return d, t


def _envelope(d, a, c2, t_min):
    """The face the strength rules ask for at the distance d between the faces: the largest of
    the face stress a/d, wrinkling or dimpling :math:`c_2 d^{-1/3}` and the gauge (0/0 at no
    load: the gauge). [m]"""
    return np.fmax(np.fmax(a / d, c2 / np.cbrt(d)), t_min)


def _sandwich_rule(w, c, d, t):
    """The rule that sets a design of :func:`_sandwich_design`: 3 deflection where it is in force,
    else 1 core shear where the depth is :math:`d_s`, else 4 wrinkling or 5 dimpling, else 2 the
    minimum face gauge, else 0 the face stress. [-]"""
    w3 = np.cbrt(w)
    c_wr, c_dim = c["c_wr"] * (w3 * w3), c["c_dim"] * w3
    p2 = np.fmax(c_wr, c_dim) / np.cbrt(d)
    near = t * (1.0 - 1e-9)  # a rule asking for this face is in force
    rule = np.where(t <= c["t_min"] * (1.0 + 1e-9), 2.0, 0.0)
    rule = np.where((p2 >= near) & (p2 > c["t_min"] * (1.0 + 1e-9)), np.where(c_wr >= c_dim, 4.0, 5.0), rule)
    rule = np.where(d <= c["k_shear"] * w * (1.0 + 1e-12), 1.0, rule)
    if c["deflection"]:
        K, gam = c["k_bend"] * w, c["k_shear_defl"] * w
        rule = np.where((_deflection_face(d, K, gam, c["beta"]) >= near) & (K > 0), 3.0, rule)
    return rule


def _deflection_face(d, K, gam, beta):
    r"""The face the deflection rule asks for at the distance d between the faces,
    :math:`K/(d(\beta d - \gamma))`; ``inf`` where the core's shear alone deflects b/R or more. [m]"""
    return K / (d * np.fmax(beta * d - gam, 0.0))  # K/0 = inf where the shear alone is too much


def _meet_p2(x_d, K, gam, beta, c2):
    r"""The first meeting of the deflection rule with the strength envelope: ``x_d``, the smaller
    of its meetings with P1 and the gauge, unless P2 is above the deflection rule there; then the
    root of :math:`h(d) = c_2 d^{2/3}(\beta d - \gamma) - K` below it (convex and increasing
    beyond :math:`\gamma/\beta`: Newton's method from ``x_d`` descends to it), on those points
    only (rare: wrinkling or dimpling and the deflection both in force). [m]"""
    with np.errstate(invalid="ignore"):
        above = c2 / np.cbrt(x_d) > _deflection_face(x_d, K, gam, beta)
    if not np.any(above):
        return x_d
    shape = np.broadcast_shapes(*(np.shape(v) for v in (x_d, K, gam, beta, c2)))
    out = np.array(np.broadcast_to(x_d, shape))
    where = np.nonzero(np.broadcast_to(above, shape))
    u, K, gam, beta, c2 = (np.broadcast_to(v, shape)[where] for v in (x_d, K, gam, beta, c2))
    for _ in range(DEFLECTION_STEPS):
        r = np.cbrt(u) ** 2
        new = u - (c2 * r * (beta * u - gam) - K) / (c2 * r * (2.0 / 3.0 * (beta * u - gam) / u + beta))
        new, u = np.fmin(new, u), u  # from above, monotone: a step up is rounding
        if _settled(new, u, None):
            break
        u = new
    out[where] = new
    return out


def _deflection_optimum(K, gam, beta, A, rho_c):
    r"""The distance between the faces at which the deflection rule's areal mass
    :math:`A K/(d(\beta d - \gamma)) + \rho_c d` is least, in closed form. [m]

    Its derivative vanishes where :math:`\rho_c\,(d(\beta d - \gamma))^2 = A K (2\beta d - \gamma)`;
    with :math:`v = \beta d - \gamma/2` and :math:`z = v^2 - \gamma^2/4 > 0` that is
    :math:`z^2 = \mu v`, :math:`\mu = 2AK\beta^2/\rho_c`, so :math:`z^4 = \mu^2 (z + \gamma^2/4)`,
    and in :math:`\zeta = z/\mu^{2/3}` (no under- or overflow) :math:`\zeta^4 = \zeta + \kappa`,
    :math:`\kappa = \gamma^2/(4\mu^{2/3})`.  Ferrari: with m > 0 the root of the resolvent
    :math:`m^3 + \kappa m - 1/8 = 0` (Cardano, as :math:`m = (1/8)/(U^2 + \kappa/3 + \kappa^2/(9U^2))`,
    :math:`U = (1/16 + \sqrt{1/256 + \kappa^3/27})^{1/3}`: no cancellation),
    :math:`(\zeta^2 + m)^2 = (\sqrt{2m}\,\zeta + 1/(2\sqrt{2m}))^2`, whose positive root is

    .. math:: \zeta = \tfrac12\left(\sqrt{2m} + \sqrt{2/\sqrt{2m} - 2m}\right)

    (the second root's argument is at least 2m: :math:`1 = 8(m^3 + \kappa m) \ge 8 m^3`).  Then
    :math:`d = (\sqrt{z + \gamma^2/4} + \gamma/2)/\beta`.
    """
    mu = 2.0 * A * K * beta * beta / rho_c
    mu23 = np.cbrt(mu) ** 2
    kappa = gam * gam / (4.0 * mu23)
    u = np.cbrt(0.0625 + np.sqrt(0.00390625 + kappa * kappa * kappa / 27.0))
    u2 = u * u
    m = 0.125 / (u2 + kappa / 3.0 + kappa * kappa / (9.0 * u2))
    r = np.sqrt(2.0 * m)
    zeta = 0.5 * (r + np.sqrt(2.0 / r - 2.0 * m))
    return (np.sqrt(mu23 * zeta + 0.25 * gam * gam) + 0.5 * gam) / beta


def sandwich_panel(pressure, span, face_strength, safety_factor, face_density, min_face,
                   core_density, core_shear_strength, gravity=LUNAR_GRAVITY, *,
                   face_compressive_strength=np.inf, face_modulus=np.inf, face_poissons_ratio=0.0,
                   core_modulus=np.inf, core_shear_modulus=np.inf, cell_size=0.0, deflection_limit=0.0):
    r"""Lightest sandwich strip (two faces and a honeycomb core) carrying a uniform pressure.

    Parameters
    ----------
    pressure, span : array_like
        Uniform pressure and span between the two supports. [Pa], [m]
    face_strength, safety_factor, face_density, min_face : array_like
        Face material: ultimate strength (the tension face), factor on the load, density and
        minimum gauge. [Pa], [-], [kg/m^3], [m]
    core_density, core_shear_strength : array_like
        Core (honeycomb) density and shear strength. [kg/m^3], [Pa]
    gravity : array_like, optional
        Gravitational acceleration, for the self-weight. [m/s^2]
    face_compressive_strength : array_like, optional
        Yield (compressive) strength of the compression face; inf: not checked. [Pa]
    face_modulus, face_poissons_ratio : array_like, optional
        Elastic constants of the faces (wrinkling, dimpling, deflection); inf: not checked. [Pa], [-]
    core_modulus, core_shear_modulus, cell_size : array_like, optional
        The core's flatwise compressive modulus (wrinkling), shear modulus (shear deflection)
        and cell size (dimpling); inf, inf, 0: not checked. [Pa], [Pa], [m]
    deflection_limit : array_like, optional
        R of the service deflection limit :math:`\delta \le b/R` (e.g. 360); 0: none. [-]

    Returns
    -------
    dict of ndarray
        ``face`` and ``core`` thicknesses [m], ``depth`` (total, core + 2 faces) [m],
        ``areal_mass`` [kg/m^2], ``rule`` (0 face stress, 1 core shear, 2 minimum face gauge,
        3 deflection, 4 face wrinkling, 5 face dimpling) [-], ``deflection`` (at the service load)
        [m].

    Notes
    -----
    Per unit width of a simply supported strip, :math:`M = w b^2/8`, :math:`V = w b/2`,
    :math:`w = q + g\,m_A`, with faces of thickness t whose centroids are d apart (thin faces;
    the core, :math:`t_c = d - t`, carries the shear; Zenkert 1997 [4]_ ch. 3): each rule asks
    for a face at least

    - face stress, the tension face's ultimate strength and the compression face's yield:
      :math:`t = M\,SF/(\sigma_a d)`, :math:`\sigma_a = \min(\sigma_u, \sigma_y)`;
    - wrinkling (:data:`WRINKLING_COEFFICIENT`, with :math:`t_c \approx d`, on the safe side):
      :math:`t = (M\,SF/(0.82\sqrt{E_f E_c}))^{2/3} d^{-1/3}`;
    - intracell dimpling (:data:`DIMPLING_COEFFICIENT`):
      :math:`t = (M\,SF\,s^2(1-\nu_f^2)/(2 E_f))^{1/3} d^{-1/3}`;
    - the minimum gauge :math:`t_{min}`;
    - deflection at most b/R in service (no factor): with :math:`D = E_f t d^2/(2(1-\nu_f^2))`
      (Zenkert [6]_ ch. 2, a plate strip) and :math:`S = G_c d` (:math:`d^2/t_c \ge d`: on the
      safe side), :math:`\delta = 5 w b^4/(384 D) + w b^2/(8S)` (:data:`BENDING_DEFLECTION`,
      :data:`SHEAR_DEFLECTION`), so :math:`t = K/(d(\beta d - \gamma))`,
      :math:`K = 5 w b^4 (1-\nu_f^2)/(192 E_f)`, :math:`\beta = b/R`, :math:`\gamma = w b^2/(8 G_c)`;

    and the core shear a distance :math:`d \ge d_s = V\,SF/\tau_c`.  The face is the largest of
    them, and the areal mass :math:`2\rho_f t + \rho_c(d - t) = (2\rho_f - \rho_c) t + \rho_c d`
    is convex in d (each rule is convex and falls with d): its least value lies at :math:`d_s`,
    at one rule's own optimum (:math:`d = \sqrt{(2\rho_f - \rho_c) a/\rho_c}` for
    :math:`t = a/d`, :math:`((2\rho_f - \rho_c) c_2/(3\rho_c))^{3/4}` for :math:`t = c_2 d^{-1/3}`,
    a quartic's root for the deflection rule, :func:`_deflection_optimum`) or where two rules
    meet; :func:`_sandwich_design` finds which, exactly (tested against a dense grid).  The
    self-weight is iterated (:func:`_self_weight`).  The rule named is the one that sets the
    design (:func:`_sandwich_rule`): deflection where it is in force, else the core shear where
    the depth is :math:`d_s`, else wrinkling or dimpling, else the minimum face gauge, else the
    face stress.

    Examples
    --------
    >>> # 5 kPa over 1 m, Al 476 MPa, SF 1.4, 1 mm faces, core 49.7 kg/m^3 and 0.9 MPa, weightless:
    >>> # M = 625 N m/m, V = 2500 N/m; faces at the gauge loaded to 476 MPa at 1.84 mm, the optimum
    >>> # 25.9 mm; core shear d = 2500*1.4/0.9e6 = 3.89 mm governs; m_A = 2*2840*1e-3 + 49.7*2.89e-3 = 5.82
    >>> p = sandwich_panel(5e3, 1.0, 476e6, 1.4, 2840.0, 1e-3, 49.7, 0.9e6, gravity=0.0)
    >>> round(float(p["areal_mass"]), 2), int(p["rule"])
    (5.82, 1)
    >>> # the same panel at span/360 (E_f 73.1 GPa, nu 0.33, G_c 152 MPa): K = 5*5e3*0.8911/(192*73.1e9)
    >>> # = 1.5873e-9, beta = 1/360, gamma = 5e3/(8*152e6) = 4.1118e-6; faces at the 1 mm gauge:
    >>> # beta d^2 - gamma d = K/t_min -> d = (4.1118e-6 + sqrt(1.6907e-11 + 4*2.7778e-3*1.5873e-6))/(2*2.7778e-3)
    >>> # = 24.66 mm, deflection governs; m_A = 5.68 + 49.7*0.02366 = 6.86 kg/m^2 (+18 %)
    >>> p = sandwich_panel(5e3, 1.0, 476e6, 1.4, 2840.0, 1e-3, 49.7, 0.9e6, gravity=0.0, face_modulus=73.1e9,
    ...                    face_poissons_ratio=0.33, core_shear_modulus=152e6, deflection_limit=360.0)
    >>> round(float(p["depth"]) * 1e3, 2), round(float(p["areal_mass"]), 2), int(p["rule"])
    (25.66, 6.86, 3)
    """
    b = np.asarray(span, dtype=np.float64)
    rho_f, rho_c, t_min = (np.asarray(v, dtype=np.float64) for v in (face_density, core_density, min_face))
    e_f, nu2 = np.asarray(face_modulus, dtype=np.float64), 1.0 - np.square(face_poissons_ratio)
    sf = np.asarray(safety_factor, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # 0/0 where a load is 0
        # coefficients per unit load w (M = w b^2/8, V = w b/2)
        c = {"k_face": b * b / (8.0 * np.fmin(face_strength, face_compressive_strength) / sf),
             # wrinkling and dimpling faces c2 d^(-1/3), c2 = c_wr w^(2/3) or c_dim w^(1/3)
             "c_wr": np.cbrt(b * b * sf / (8.0 * WRINKLING_COEFFICIENT * np.sqrt(e_f * core_modulus))) ** 2,
             "c_dim": np.cbrt(b * b * sf * np.square(cell_size) * nu2 / (8.0 * DIMPLING_COEFFICIENT * e_f)),
             "k_shear": b * sf / (2.0 * np.asarray(core_shear_strength)),
             "k_bend": BENDING_DEFLECTION * 2.0 * b ** 4 * nu2 / e_f,
             "k_shear_defl": SHEAR_DEFLECTION * b * b / np.asarray(core_shear_modulus, dtype=np.float64),
             "beta": b / np.asarray(deflection_limit, dtype=np.float64),
             "A": 2.0 * rho_f - rho_c, "rho_c": rho_c, "rho_f": rho_f, "t_min": t_min}
        c["deflection"] = bool(np.any((c["k_bend"] > 0) & np.isfinite(c["beta"])))  # a limit somewhere
        out = _self_weight(c, pressure, gravity)
        K, gam, d, face = c["k_bend"] * out["w"], c["k_shear_defl"] * out["w"], out["d"], out["face"]
        deflection = K / (face * d * d) + gam / d  # 5 w b^4/(384 D) + w b^2/(8 S)
    return {"face": face, "core": out["core"], "depth": out["core"] + 2.0 * face, "areal_mass": out["areal"],
            "rule": out["rule"], "deflection": np.where(K > 0, deflection, 0.0)}


#: Steps of the self-weight iteration of :func:`sandwich_panel` at most (a plain step gains about
#: three digits, an accelerated one about twice as many as the step before: a point stops once its
#: areal mass moves by no more than :data:`SELF_WEIGHT_ULPS`). [-]
SELF_WEIGHT_STEPS = 12
#: Units in the last place within which a panel's areal mass has settled. [-]
SELF_WEIGHT_ULPS = 4.0


def _self_weight(c, pressure, gravity):
    r"""The designs of :func:`_sandwich_design` carrying their own lunar weight: the fixed point
    of :math:`m_A = G(x) = m_A(q + g\,x)`, each step designed at the areal mass ``x`` that
    :func:`_secant_fixed_point` extrapolates from the last two steps (the plain step
    :math:`x = G(x_{prev})` at the first).  Each point iterates until its areal mass moves by at
    most :data:`SELF_WEIGHT_ULPS` units in the last place, :math:`|G(x) - x| \le 4\,\epsilon\,G(x)`,
    and only the points still moving are designed again (so each point's result is its own,
    whatever its batch): 4 designs where the plain iteration needs 6 (G contracts by ~1e-3).
    Returns ``face``, ``core``, ``areal``, ``rule``, ``d`` and the load ``w`` of the design, in the
    broadcast shape. [m, m, kg/m^2, -, m, Pa]"""
    shape = np.broadcast_shapes(np.shape(pressure), np.shape(gravity),
                                *(np.shape(v) for v in c.values() if not isinstance(v, bool)))
    flat = lambda v: np.broadcast_to(np.asarray(v, dtype=np.float64), shape).reshape(-1)  # noqa: E731
    coeffs = {k: (flat(v) if np.ndim(v) else v) for k, v in c.items()}
    n = math.prod(shape)
    # the points still moving, their coefficients, load terms and last two steps (x the areal
    # mass designed for: 0, weightless, at first); a point's result is stored once it is done
    sub, active, out = {**coeffs, "q": flat(pressure), "g": flat(gravity)}, np.arange(n), {}
    x, last_x, last_m = np.zeros(n), np.full(n, np.nan), np.full(n, np.nan)
    for step in range(SELF_WEIGHT_STEPS):
        w = sub["q"] + sub["g"] * x
        d_k, t_k = _sandwich_design(w, sub)
        m = 2.0 * sub["rho_f"] * t_k + sub["rho_c"] * np.maximum(d_k - t_k, 0.0)
        # still moving (NaN, a panel of no material, is done)
        moving = np.abs(m - x) > (SELF_WEIGHT_ULPS * np.finfo(np.float64).eps) * m
        if step == SELF_WEIGHT_STEPS - 1:
            moving[:] = False
        if not moving.all() or not moving.size:
            _store_done(out, n, active, ~moving, {"d": d_k, "t": t_k, "areal": m, "w": w})
            if not moving.any():
                break
            active, x, m, last_x, last_m = (v[moving] for v in (active, x, m, last_x, last_m))
            sub = {k: (v[moving] if np.ndim(v) else v) for k, v in sub.items()}
        x, last_x, last_m = _secant_fixed_point(last_x, last_m, x, m), x, m
    rule = _sandwich_rule(out["w"], coeffs, out["d"], out["t"])
    res = {"face": out["t"], "core": np.maximum(out["d"] - out["t"], 0.0), "areal": out["areal"], "rule": rule,
           "d": out["d"], "w": out["w"]}
    return {k: v.reshape(shape) for k, v in res.items()}


def _store_done(out, n, active, done, values):
    """Store in ``out`` (arrays of the ``n`` points, made on first use) the ``values`` of the
    points of ``active`` that are ``done`` (the whole arrays where they are every point)."""
    whole = active.size == n and done.all()
    for key, v in values.items():
        if whole and key not in out:
            out[key] = v
            continue
        if key not in out:
            out[key] = np.empty(n)
        out[key][active[done]] = v[done]


def _secant_fixed_point(x0, m0, x1, m1):
    r"""The next areal mass to design for in the self-weight iteration :math:`m = G(x)`, from its
    last two steps :math:`m_0 = G(x_0)`, :math:`m_1 = G(x_1)`: the fixed point of the secant
    through them (Steffensen's acceleration; the error falls as the product of the last two,
    where the plain step only multiplies it by :math:`G' \approx 10^{-3}`),

    .. math:: x = m_1 + \frac{s}{1 - s}\,(m_1 - x_1), \quad s = \frac{m_1 - m_0}{x_1 - x_0},

    and the plain step :math:`x = m_1` where the slope s is not in [0, 1/2) (G rises with the
    load and contracts: no secant before the second step, a NaN or a kink). [kg/m^2]"""
    s = (m1 - m0) / (x1 - x0)
    return m1 + np.where((s >= 0.0) & (s < 0.5), s / (1.0 - s), 0.0) * (m1 - x1)


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
    with np.errstate(invalid="ignore"):
        for k, c in enumerate(candidates[1:], start=1):
            c = np.asarray(c, dtype=np.float64)
            take = (c > sized) | (np.isnan(c) & ~np.isnan(sized))
            sized = np.where(take, c, sized)
            idx = np.where(take, k, idx)
    has_given = ~np.isnan(given)
    thickness = np.where(has_given, given, sized)
    governing = np.where(has_given, 0, idx + 1)
    return thickness, governing


def size_sheet(length, width, given_thickness, pressure, bending, areal_density, *,
               density, flexural_strength, safety_factor, min_thickness, weibull_modulus=np.inf,
               weibull_test_volume=np.nan, tensile_strength=np.nan, tensile_test_volume=np.nan,
               panel_construction=0.0, core_density=np.nan, core_shear_strength=np.nan,
               youngs_modulus=np.inf, poissons_ratio=0.0, compressive_strength=np.inf,
               core_modulus=np.inf, core_shear_modulus=np.inf, core_cell_size=0.0, deflection_limit=0.0):
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
    weibull_modulus, weibull_test_volume : array_like, optional
        Brittle size effect (:func:`sheet_thickness_bending_weibull`) from the strength of
        :func:`strength_basis` (the flexure bar's volume :math:`b\,d\,L`); m infinite: none.
        [-], [m^3]
    tensile_strength, tensile_test_volume : array_like, optional
        A brittle material's tension pair (:func:`strength_basis`): used instead of the flexure
        pair where ``tensile_test_volume`` is given. [Pa], [m^3]
    panel_construction, core_density, core_shear_strength : array_like, optional
        1 (>= 0.5): a spanning sheet is a sandwich panel of this material's faces on a honeycomb
        core (:func:`sandwich_panel`); 0: a solid plate. [-], [kg/m^3], [Pa]
    youngs_modulus, poissons_ratio, compressive_strength : array_like, optional
        The plate's (or the faces') elastic constants and compressive (yield) strength. [Pa], [-], [Pa]
    core_modulus, core_shear_modulus, core_cell_size : array_like, optional
        A sandwich core's flatwise modulus, shear modulus and cell size (:func:`sandwich_panel`).
        [Pa], [Pa], [m]
    deflection_limit : array_like, optional
        R of the service deflection limit span/R of a spanning sheet (solid:
        :func:`sheet_thickness_deflection`; sandwich: :func:`sandwich_panel`); 0: none. [-]

    Returns
    -------
    dict of ndarray
        ``thickness`` (a sandwich's total depth) [m], ``mass`` [kg], ``governing`` (index into
        :data:`SHEET_RULES`) [-], ``valid`` (thickness below width) [-], ``thin`` (t/b <= 0.1) [-],
        ``cut_area`` [m^2].

    Notes
    -----
    A sandwich is chosen only where the sheet spans (``bending``) and its thickness is not
    given; its areal mass then competes with the shielding target (a solid plate of that areal
    density where that is heavier).
    """
    given = np.asarray(given_thickness)
    sandwich = (np.asarray(panel_construction) >= 0.5) & (np.asarray(bending) > 0) & np.isnan(given)
    solid = on_points(~sandwich, _solid_sheet, dict(
        length=length, width=width, given=given, pressure=pressure, bending=bending, areal_density=areal_density,
        density=density, flexural_strength=flexural_strength, safety_factor=safety_factor,
        min_thickness=min_thickness, m=np.asarray(weibull_modulus, dtype=np.float64),
        weibull_test_volume=weibull_test_volume, tensile_strength=tensile_strength,
        tensile_test_volume=tensile_test_volume, youngs_modulus=youngs_modulus, poissons_ratio=poissons_ratio,
        deflection_limit=deflection_limit), {"thickness": np.nan, "mass_area": np.nan, "governing": 0})
    if np.any(sandwich):
        solid = on_points(sandwich, _sandwich_sheet, dict(
            pressure=pressure, width=width, areal_density=areal_density, density=density,
            flexural_strength=flexural_strength, safety_factor=safety_factor, min_thickness=min_thickness,
            core_density=core_density, core_shear_strength=core_shear_strength,
            compressive_strength=compressive_strength, youngs_modulus=youngs_modulus,
            poissons_ratio=poissons_ratio, core_modulus=core_modulus, core_shear_modulus=core_shear_modulus,
            core_cell_size=core_cell_size, deflection_limit=deflection_limit), solid)
    thickness, mass_area = solid["thickness"], solid["mass_area"]
    valid = (thickness > 0) & (thickness <= np.minimum(width, length))
    return {
        "thickness": thickness,
        "mass": np.multiply(length, width) * np.where(valid, mass_area, np.nan),
        "governing": solid["governing"],
        "valid": valid,
        "thin": thickness <= 0.1 * np.asarray(width),
        "cut_area": sheet_cut_area(length, width, thickness),
    }


def _solid_sheet(length, width, given, pressure, bending, areal_density, density, flexural_strength,
                 safety_factor, min_thickness, m, weibull_test_volume, tensile_strength, tensile_test_volume,
                 youngs_modulus, poissons_ratio, deflection_limit):
    """A solid plate of :func:`size_sheet` (its arguments; ``m`` the Weibull modulus, ``given`` the
    given thickness): the largest of its rules, ``thickness`` [m], ``mass_area`` [kg/m^2] and
    ``governing`` (index into :data:`SHEET_RULES`) [-]."""
    basis = strength_basis(flexural_strength, tensile_strength, m, weibull_test_volume, tensile_test_volume)
    strength = np.where(np.isinf(m), flexural_strength, basis["strength"])  # ductile: the bending strength
    t_bend = np.multiply(bending, sheet_thickness_bending_weibull(
        pressure, width, length, strength, safety_factor, density, m, basis["test_effective_volume"]))
    t_shield = thickness_for_areal_density(areal_density, density)
    t_defl = np.multiply(bending, sheet_thickness_deflection(pressure, width, youngs_modulus, deflection_limit,
                                                             density, poissons_ratio))
    thickness, governing = _governing((min_thickness, t_bend, t_shield, t_defl), given)
    governing = np.where(governing == 4, 11, np.where((governing == 2) & np.isfinite(m), 4, governing))
    return {"thickness": thickness, "mass_area": thickness * np.asarray(density), "governing": governing}


def _sandwich_sheet(pressure, width, areal_density, density, flexural_strength, safety_factor, min_thickness,
                    core_density, core_shear_strength, compressive_strength, youngs_modulus, poissons_ratio,
                    core_modulus, core_shear_modulus, core_cell_size, deflection_limit):
    """A sandwich panel of :func:`size_sheet` (its arguments), or a solid plate of the shielding
    areal density where that is heavier: ``thickness`` [m], ``mass_area`` [kg/m^2] and
    ``governing`` (index into :data:`SHEET_RULES`) [-]."""
    panel = sandwich_panel(pressure, width, flexural_strength, safety_factor, density, min_thickness,
                           core_density, core_shear_strength, face_compressive_strength=compressive_strength,
                           face_modulus=youngs_modulus, face_poissons_ratio=poissons_ratio,
                           core_modulus=core_modulus, core_shear_modulus=core_shear_modulus,
                           cell_size=core_cell_size, deflection_limit=deflection_limit)
    shield_wins = np.asarray(areal_density) > panel["areal_mass"]
    return {"thickness": np.where(shield_wins, thickness_for_areal_density(areal_density, density), panel["depth"]),
            "mass_area": np.where(shield_wins, areal_density, panel["areal_mass"]),
            "governing": np.where(shield_wins, 3, 5 + panel["rule"])}


def size_tube(outer_diameter, length, given_thickness, internal_pressure, axial_load,
              effective_length_factor, areal_density, *, density, tensile_strength,
              compressive_strength, youngs_modulus, safety_factor, min_thickness,
              weibull_modulus=np.inf, weibull_test_volume=np.nan, flexural_strength=np.nan,
              tensile_test_volume=np.nan, poissons_ratio=0.0):
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
    weibull_modulus, weibull_test_volume, flexural_strength, tensile_test_volume : array_like, optional
        Brittle size effect on the hoop wall (:func:`tube_wall_thickness_hoop_weibull`), scaled
        from the one strength of :func:`strength_basis`: the flexure pair (``flexural_strength``
        on its bar of volume ``weibull_test_volume``), or the tension pair where
        ``tensile_test_volume`` is given; a ductile material (m infinite) takes
        ``tensile_strength`` as it is. [-], [m^3], [Pa], [m^3]
    poissons_ratio : array_like, optional
        For local shell buckling (:func:`tube_wall_thickness_local_buckling`); 0 where the
        material gives none (conservative: sqrt(3) instead of sqrt(3(1 - nu^2)), at most 5 %). [-]

    Returns
    -------
    dict of ndarray
        ``thickness`` [m], ``mass`` [kg], ``governing`` (index into :data:`TUBE_RULES`) [-],
        ``valid`` (0 < t <= D/2) [-], ``thin`` (t/D <= 0.05) [-], ``cut_area`` [m^2].
    """
    m = np.asarray(weibull_modulus, dtype=np.float64)
    basis = strength_basis(flexural_strength, tensile_strength, m, weibull_test_volume, tensile_test_volume)
    strength = np.where(np.isinf(m), tensile_strength, basis["strength"])  # ductile: the tensile strength
    candidates = (
        min_thickness,
        tube_wall_thickness_hoop_weibull(internal_pressure, outer_diameter, length, strength,
                                         safety_factor, m, basis["test_effective_volume"]),
        tube_wall_thickness_euler(axial_load, outer_diameter, length, youngs_modulus, safety_factor,
                                  effective_length_factor),
        tube_wall_thickness_crushing(axial_load, outer_diameter, compressive_strength, safety_factor),
        thickness_for_areal_density(areal_density, density),
        tube_wall_thickness_local_buckling(axial_load, outer_diameter, youngs_modulus, poissons_ratio,
                                           safety_factor),
    )
    thickness, governing = _governing(candidates, np.asarray(given_thickness))
    governing = np.where((governing == 2) & np.isfinite(m), 7, governing)
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
