"""basaltcalc/core/cers.py: AMCM and TRANSCOST, against published worked cases."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

from basaltcalc.catalogue import data_text
from basaltcalc.core import cers

AMCM = yaml.safe_load(data_text("cers.yaml"))["amcm"]["coefficients"]


def test_transcost_ssme_development():
    # TRANSCOST 8.2 SSME case as checked by lvreuse (transcost_unittests.py, delta 1 WYr):
    # 277 * 3180^0.48 * 1.30 * 1.22 * 0.85 = 277 * 48.00 * 1.34810 = 17,921 WYr
    h = cers.transcost_development(3180.0, 277.0, 0.48, f1=1.30, f2=1.22, f3=0.85)
    assert h == pytest.approx(17921, abs=1)


def test_transcost_saturn2_production_units_11_to_15():
    # lvreuse: Saturn II stage (34,475 kg), units 11-15 at p = 0.96, 752.2 WYr each (delta 1)
    # 1.84 * 34475^0.59 = 873.6; mean of n^log2(0.96) over n = 11..15 = 0.8614 -> 752.5
    f = cers.transcost_production(34475.0, 1.84, 0.59, 5, 0.96, first_unit=11)
    assert f / 5 == pytest.approx(752.2, abs=1)


def test_amcm_form_and_scaling():
    base = dict(quantity=1, specification=2.46, ioc_year=2030, block=1, difficulty=0, **AMCM)
    c1 = cers.amcm_cost(1000.0, **base)
    # doubling the mass multiplies the cost by 2^xi; one difficulty step by gamma
    assert cers.amcm_cost(2000.0, **base) / c1 == pytest.approx(2 ** AMCM["xi"])
    assert cers.amcm_cost(1000.0, **{**base, "difficulty": 1}) / c1 == pytest.approx(AMCM["gamma"])
    # by hand: 5.65e-4 * 2204.62^0.6604 (161.4128) * 80.599^2.46 (48929.52) * (3.8085e-55)^(1/130)
    # (0.3814085) = 1701.95 M$
    hand = (5.65e-4 * (1000 / 0.45359237) ** 0.6604 * 80.599 ** 2.46 * 3.8085e-55 ** (1 / 130)) * 1e6
    assert c1 == pytest.approx(hand, rel=1e-12)
    assert c1 / 1e6 == pytest.approx(5.65e-4 * 161.41279 * 48929.519 * 0.38140854, rel=1e-6)


def test_cers_broadcast_like_the_loop():
    m = np.array([300.0, 1000.0, 5000.0])[:, None]
    q = np.array([1.0, 2.0])
    grid = cers.amcm_cost(m, q, 2.46, 2030, 1, 0, **AMCM)
    loop = [[float(cers.amcm_cost(mi, qi, 2.46, 2030, 1, 0, **AMCM)) for qi in q] for mi in m[:, 0]]
    assert np.allclose(grid, loop, rtol=1e-14)


def test_amcm_coefficients_are_nasas_published_set():
    # H. W. Jones, ICES-2015-041, pp. 4-5 (jones-2015): C in M FY1999 USD, W in lb. The set of a
    # public calculator that names no paper (a = 5.04839e-4 ...) is gone, with its class table.
    cer = yaml.safe_load(data_text("cers.yaml"))["amcm"]
    assert cer["source"] == "jones-2015" and cer["cost_year"] == 1999
    assert AMCM == {"alpha": 5.65e-4, "beta": 0.5941, "xi": 0.6604, "delta": 80.599,
                    "epsilon": 3.8085e-55, "phi": -0.3553, "gamma": 1.5691}
    assert "specification" not in cer
    # block 2 of a design costs 2^-0.3553 = 0.7818 of block 1
    one = cers.amcm_cost(300.0, 1, 2.39, 2040, 1, 0, **AMCM)
    assert cers.amcm_cost(300.0, 1, 2.39, 2040, 2, 0, **AMCM) / one == pytest.approx(2 ** -0.3553, rel=1e-12)
