"""Value-of-information estimators (basaltcalc/studies/voi.py) on decisions with known answers:
a closed-form EVPI, EVPPI <= EVPI, ~0 for an input that cannot change the decision, = EVPI for
the only uncertainty, a brute-force nested Monte Carlo, EVSI between 0 and EVPPI, honest
standard errors."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

from basaltcalc.studies.voi import _bspline, evpi, evppi, knots, mid_ranks

N = 1 << 15


def unit_normal_loss_evpi(mu, sigma):
    r"""EVPI of choosing between two options whose incremental net benefit is INB ~ N(mu, sigma^2).

    Without information the decision takes INB's sign at its mean: NB* = max(0, mu).  With
    perfect information it takes max(0, INB) in every case, so EVPI = E[max(0, INB)] - max(0, mu).
    With z = (INB - mu)/sigma and a = mu/sigma,
        E[max(0, INB)] = int_{-a}^{inf} (mu + sigma z) phi(z) dz = mu Phi(a) + sigma phi(a)
    (int_{-a}^{inf} z phi(z) dz = phi(-a) = phi(a)).  Subtracting max(0, mu), and using
    Phi(a) - 1 = -Phi(-a) for mu > 0, both signs give
        EVPI = sigma phi(mu/sigma) - |mu| Phi(-|mu|/sigma) = sigma L(|mu|/sigma),
    L(u) = phi(u) - u (1 - Phi(u)) the unit-normal loss function.  At mu = 0: sigma/sqrt(2 pi).
    """
    u = abs(mu) / sigma
    return sigma * (norm.pdf(u) - u * norm.sf(u))


@pytest.mark.parametrize("mu,sigma", [(0.0, 1.0), (0.3, 1.0), (-0.8, 2.0), (5.0, 3.0), (2.0e8, 1.0e9)])
def test_evpi_of_a_decision_linear_in_one_normal_input_is_the_unit_normal_loss(mu, sigma):
    x = np.random.default_rng(1).normal(mu, sigma, N)
    exact = unit_normal_loss_evpi(mu, sigma)
    v, se = evpi(x)
    assert abs(v[0] - exact) < 4 * se[0]
    # the only uncertainty: knowing it is knowing everything, EVPPI = EVPI (the same samples: the
    # spline reproduces the linear INB up to rounding)
    p, pse, fit = evppi(x, x)
    assert abs(p[0] - v[0]) <= 1e-9 * (abs(v[0]) + sigma)
    assert abs(p[0] - exact) < 4 * pse[0] and fit["r2"][0] > 1 - 1e-12
    assert 0.2 * se[0] < pse[0] < 5 * se[0]


def test_the_closed_form_itself():
    # mu = 0: sigma / sqrt(2 pi) = 0.398942 sigma; L(1) = phi(1) - (1 - Phi(1)) = 0.241971 - 0.158655
    assert unit_normal_loss_evpi(0.0, 2.0) == pytest.approx(2.0 / math.sqrt(2 * math.pi))
    assert unit_normal_loss_evpi(1.0, 1.0) == pytest.approx(0.0833155, rel=1e-5)
    assert unit_normal_loss_evpi(-1.0, 1.0) == unit_normal_loss_evpi(1.0, 1.0)


def _two_inputs(n, seed):
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    return x1, x2, x1 + 0.5 * x2 - 0.2


def test_evppi_of_each_input_of_a_linear_decision_matches_its_closed_form():
    # INB = x1 + 0.5 x2 - 0.2, x1, x2 ~ N(0, 1) independent: E[INB | x1] = x1 - 0.2 ~ N(-0.2, 1),
    # E[INB | x2] = 0.5 x2 - 0.2 ~ N(-0.2, 0.25): each EVPPI is the unit-normal loss of those.
    x1, x2, inb = _two_inputs(N, 2)
    v1, se1, _ = evppi(inb, x1)
    v2, se2, _ = evppi(inb, x2)
    assert abs(v1[0] - unit_normal_loss_evpi(-0.2, 1.0)) < 4 * se1[0]
    assert abs(v2[0] - unit_normal_loss_evpi(-0.2, 0.5)) < 4 * se2[0]
    ev, ev_se = evpi(inb)
    both, both_se, _ = evppi(inb, np.vstack([x1, x2]))
    assert abs(both[0] - ev[0]) < 4 * both_se[0]  # the group of every input is perfect information
    for v, se in ((v1, se1), (v2, se2), (both, both_se)):
        assert v[0] <= ev[0] + 3 * math.hypot(se[0], ev_se[0])


def test_evppi_is_zero_for_inputs_that_cannot_change_the_decision():
    rng = np.random.default_rng(3)
    x1, noise = rng.normal(size=N), rng.normal(size=N)
    always = 10.0 + x1 + 0.1 * noise  # the same option wins in every sample: EVPI = 0 exactly
    assert evpi(always)[0][0] == 0.0
    v, se, _ = evppi(always, x1)
    assert v[0] == 0.0 and se[0] == 0.0
    # a close decision, and an input the net benefit does not depend on: ~0, within its error
    inb = x1 - 0.1
    unrelated = rng.uniform(size=N)
    v, se, _ = evppi(inb, unrelated)
    assert v[0] <= 3 * se[0] + 1e-12
    assert v[0] < 0.02 * evpi(inb)[0][0]


def nested_evppi(f, outer, inner, rng):
    """Brute force: EVPPI of x1 for INB = f(x1, x2) by a two-level Monte Carlo: for each of
    ``outer`` values of x1, the mean of INB over ``inner`` values of x2 (the inner loop), then
    EVPPI = mean(max(0, E[INB | x1])) - max(0, mean(INB)).  Returns (estimate, outer standard
    error).  The inner means' noise biases it upwards by about the inner standard error times
    the density of crossings; with inner = 2000 that is far inside the outer error."""
    x1 = rng.normal(size=outer)
    x2 = rng.normal(size=(outer, inner))
    cond = f(x1[:, None], x2).mean(axis=1)
    loss = np.maximum(cond, 0.0) - max(cond.mean(), 0.0)
    return loss.mean(), loss.std(ddof=1) / math.sqrt(outer)


@pytest.mark.slow
def test_regression_evppi_agrees_with_a_nested_monte_carlo_on_a_two_input_case():
    # a non-linear two-input decision: INB = exp(x1 / 2) x2 + x1^2 - 1.2, x1, x2 ~ N(0, 1)
    def f(a, b):
        return np.exp(a / 2) * (b + 0.3) + a * a - 1.5

    rng = np.random.default_rng(4)
    x1, x2 = rng.normal(size=N), rng.normal(size=N)
    inb = f(x1, x2)
    reg, reg_se, _ = evppi(inb, x1)
    brute, brute_se = nested_evppi(f, 2000, 2000, np.random.default_rng(5))
    assert abs(reg[0] - brute) < 3 * math.hypot(reg_se[0], brute_se)
    reg2, reg2_se, _ = evppi(inb, x2)
    brute2, brute2_se = nested_evppi(lambda b, a: f(a, b), 2000, 2000, np.random.default_rng(6))
    assert abs(reg2[0] - brute2) < 3 * math.hypot(reg2_se[0], brute2_se)


@pytest.mark.slow
def test_the_standard_error_matches_the_spread_of_repeated_estimates():
    # 30 independent samples of 4096: the estimates' standard deviation against the mean
    # reported standard error (a factor within 0.6-1.6 for 30 replicates)
    est, ses = [], []
    for seed in range(30):
        x1, x2, inb = _two_inputs(4096, 100 + seed)
        v, se, _ = evppi(inb, x1)
        est.append(v[0])
        ses.append(se[0])
    ratio = np.std(est, ddof=1) / np.mean(ses)
    assert 0.6 < ratio < 1.6, ratio


def test_evsi_lies_between_zero_and_the_evppi_and_tends_to_both_ends():
    # a measurement of x1: n readings with normal errors of sd s; the statistic x1 + s/sqrt(n) z
    x1, x2, inb = _two_inputs(N, 7)
    z = np.random.default_rng(8).standard_normal(N)
    full, full_se, _ = evppi(inb, x1)
    values = []
    for s in (0.01, 1.0, 100.0):
        v, se, _ = evppi(inb, x1 + s / math.sqrt(4) * z)
        values.append((v[0], se[0]))
        assert -1e-12 <= v[0] <= full[0] + 3 * math.hypot(se[0], full_se[0])
    assert abs(values[0][0] - full[0]) < 3 * math.hypot(values[0][1], full_se[0])  # precise: ~EVPPI
    assert values[2][0] < 3 * values[2][1] + 1e-3 * full[0]  # useless: ~0
    # the normal-normal case in closed form: E[x1 | T] = T / (1 + s^2/n), so E[INB | T] ~
    # N(-0.2, 1 / (1 + s^2/n)): EVSI = L(-0.2, sqrt(1 / (1 + 1/4)))
    exact = unit_normal_loss_evpi(-0.2, math.sqrt(1 / 1.25))
    assert abs(values[1][0] - exact) < 4 * values[1][1]


def test_several_options_and_decisions():
    # three options: 0, and INB_1 = x1 - 0.1, INB_2 = x2 - 0.1; decisions {0,1}, {0,2}, {0,1,2}
    rng = np.random.default_rng(9)
    x1, x2 = rng.normal(size=N), rng.normal(size=N)
    inb = np.vstack([x1 - 0.1, x2 - 0.1])
    decisions = [[0, 1], [0, 2], [0, 1, 2]]
    ev, ev_se = evpi(inb, decisions)
    exact = unit_normal_loss_evpi(-0.1, 1.0)
    assert abs(ev[0] - exact) < 4 * ev_se[0] and abs(ev[1] - exact) < 4 * ev_se[1]
    # the three-way EVPI: E[max(0, INB1, INB2)] - 0 (every mean below 0), checked directly
    assert ev[2] == pytest.approx(np.maximum(0, np.maximum(inb[0], inb[1])).mean())
    v, se, _ = evppi(inb, x1, decisions)
    assert abs(v[0] - ev[0]) < 4 * se[0]  # x1 is all the first decision depends on
    assert v[1] <= 3 * se[1] + 1e-12  # and nothing of the second
    assert v[2] <= ev[2] + 3 * math.hypot(se[2], ev_se[2])


def test_mid_ranks_and_the_spline_basis():
    # mid-ranks: ties share their mean rank, (r - 1/2)/n in (0, 1)
    np.testing.assert_allclose(mid_ranks([2.0, 2.0, 1.0, 5.0]), [(2.5 - 0.5) / 4] * 2 + [0.5 / 4, 3.5 / 4])
    u = np.random.default_rng(0).uniform(size=1000)
    assert np.all((mid_ranks(u) > 0) & (mid_ranks(u) < 1))
    x = np.random.default_rng(2).lognormal(size=5000)
    t = knots(x, 8)
    b = _bspline(x, t)
    np.testing.assert_allclose(b.sum(axis=1), 1.0)  # a partition of unity
    assert np.all(b >= -1e-15) and b.shape == (5000, 8) and np.linalg.matrix_rank(b) == 8
    from scipy.interpolate import BSpline  # the same functions as scipy's

    np.testing.assert_allclose(b, BSpline.design_matrix(x, t, 3).toarray(), atol=1e-12)
    cubic = 2 - x + 0.1 * x ** 3  # reproduced exactly
    coef, *_ = np.linalg.lstsq(b, cubic, rcond=None)
    np.testing.assert_allclose(b @ coef, cubic, rtol=1e-9, atol=1e-9)
    # a constant input cannot explain anything: EVPPI 0, no failure
    x = np.random.default_rng(1).normal(size=2048)
    v, se, _ = evppi(x, np.full(2048, 3.0))
    assert v[0] == pytest.approx(0.0, abs=1e-12) and np.isfinite(se[0])


def test_large_groups_take_the_additive_basis_and_keep_evppi_below_evpi():
    rng = np.random.default_rng(10)
    x = rng.normal(size=(6, N))
    inb = x[0] + x[1] * x[2] * 0.5 + 0.3 * x[3] - 0.2
    ev, ev_se = evpi(inb)
    v, se, fit = evppi(inb, x)
    assert fit["basis"] == "additive"
    assert v[0] <= ev[0] + 3 * math.hypot(se[0], ev_se[0])
    assert v[0] > 0.8 * ev[0]  # the interaction x1 x2 is in the basis (its pairwise product)
