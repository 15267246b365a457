"""basaltcalc/core/cers.py: AMCM and TRANSCOST, their forms and coefficients (the published worked
cases: the reproduction suite)."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

from basaltcalc.catalogue import data_text
from basaltcalc.core import cers

AMCM = yaml.safe_load(data_text("cers.yaml"))["amcm"]["coefficients"]


# The public TRANSCOST examples (SSME development, Saturn II units 11-15, the Ariane 5 elements)
# and Jones 2021's AMCM container are cases of the reproduction suite (basaltcalc reproduce),
# which tests/test_reproduction.py runs; the doctests of basaltcalc/core/cers.py compute the
# same forms by hand.


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
