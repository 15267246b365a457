"""Correlated uncertainties (studies/correlation.py): requested rank correlations come out, the
marginals stay, the seed is chunk-invariant, and impossible matrices get located errors."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import basaltcalc as bc
from basaltcalc.catalogue import data_text
from basaltcalc.errors import ScenarioError
from basaltcalc.studies.correlation import normal_from_rank
from basaltcalc.studies.sampling import read_uncertainty

PSM = "routes.melt-cast.plant_specific_mass"
POWER = "power.solar-with-storage.specific_mass"
LANDED = "transport.landed_cost"
DIST = {
    PSM: {"triangular": ["50 kg/(kg/h)", "150 kg/(kg/h)", "400 kg/(kg/h)"]},
    POWER: {"uniform": ["5 kg/kW", "20 kg/kW"]},
    LANDED: {"lognormal": ["0.6 MUSD/kg", 0.4]},
}
PAIRS = {**DIST, "correlation": [[PSM, POWER, 0.7], [LANDED, PSM, -0.3]]}
MATRIX = {**DIST, "correlation": {"inputs": [PSM, POWER, LANDED],
                                  "matrix": [[1, 0.7, -0.3], [0.7, 1, 0.0], [-0.3, 0.0, 1]]}}
REQUESTED = np.array([[1, 0.7, -0.3], [0.7, 1, 0.0], [-0.3, 0.0, 1]])
N = 1 << 17  # 131072 >= 10^5


@pytest.fixture(scope="module")
def sc():
    return bc.default_scenario()


def spearman(ds):
    x = np.vstack([ds[p].values for p in (PSM, POWER, LANDED)])
    return stats.spearmanr(x.T).statistic


def test_gaussian_copula_map_inverts_the_spearman_relation():
    # rho_S = (6/pi) asin(r/2) for a bivariate normal (Kruskal 1958): r(rho_S) inverts it
    rho = np.linspace(-1, 1, 21)
    np.testing.assert_allclose(6 / np.pi * np.arcsin(normal_from_rank(rho) / 2), rho, atol=1e-15)
    # 0.5 -> 2 sin(pi/12) = 2 * 0.258819 = 0.517638
    assert normal_from_rank(0.5) == pytest.approx(0.5176380902, rel=1e-9)


@pytest.mark.parametrize("method", ["random", "sobol", "lhs"])
@pytest.mark.parametrize("spec", [PAIRS, MATRIX], ids=["pairs", "matrix"])
def test_sampled_rank_correlations_match_the_requested_ones(sc, method, spec):
    got = spearman(bc.sample(sc, {**spec, "all_defaults": False}, n=N, seed=5, method=method))
    # standard error of a Spearman coefficient ~ (1 - rho^2)/sqrt(n) <= 1/sqrt(n) = 0.0028: 4 SE
    np.testing.assert_allclose(got, REQUESTED, atol=4 / np.sqrt(N))


def test_marginals_are_unchanged_and_uncorrelated_inputs_draw_as_before(sc):
    spec = {**PAIRS, "routes.melt-cast.yield": {"uniform": [0.7, 0.95]}, "all_defaults": False}
    corr = bc.sample(sc, spec, n=N, seed=9)
    indep = bc.sample(sc, {k: v for k, v in spec.items() if k != "correlation"}, n=N, seed=9)
    # an input outside the correlation keeps its own stream: bit-identical draws
    np.testing.assert_array_equal(corr["routes.melt-cast.yield"].values,
                                  indep["routes.melt-cast.yield"].values)
    plan = read_uncertainty(sc, spec)
    for d in plan.dists:  # each correlated input still follows its marginal (KS, 1% level)
        ks = stats.kstest(corr[d.path].values, lambda x, d=d: _cdf(d, x))
        assert ks.pvalue > 0.01, d.path


def _cdf(d, x):
    p = d.params
    if d.kind == "triangular":
        return stats.triang.cdf(x, (p[1] - p[0]) / (p[2] - p[0]), loc=p[0], scale=p[2] - p[0])
    if d.kind == "uniform":
        return stats.uniform.cdf(x, loc=p[0], scale=p[1] - p[0])
    if d.kind == "lognormal":
        return stats.lognorm.cdf(x, p[1], scale=p[0])
    return stats.uniform.cdf(x, loc=p[0], scale=p[1] - p[0])


@pytest.mark.parametrize("method", ["random", "sobol", "lhs"])
def test_seed_gives_bit_identical_samples_across_chunk_sizes(sc, method):
    n = 1 << 13  # two chunks of 4096, the uncertainty set beside the pairs
    a = bc.sample(sc, PAIRS, n=n, seed=3, method=method, chunk_size=4096)
    b = bc.sample(sc, PAIRS, n=n, seed=3, method=method, chunk_size=1 << 16)
    for name in a.data_vars:
        np.testing.assert_array_equal(a[name].values, b[name].values)
    sa = bc.uncertainty(sc, PAIRS, n=n, seed=3, method=method, chunk_size=4096)
    sb = bc.uncertainty(sc, PAIRS, n=n, seed=3, method=method, chunk_size=3 * 4096)
    for name in sa.data_vars:
        np.testing.assert_array_equal(sa[name].values, sb[name].values)


def test_perfect_correlation_is_semidefinite_and_allowed(sc):
    ds = bc.sample(sc, {**DIST, "correlation": [[PSM, POWER, 1.0]]}, n=4096, seed=1)
    assert stats.spearmanr(ds[PSM].values, ds[POWER].values).statistic == pytest.approx(1.0, abs=1e-12)


def _file(block: str):
    text = data_text("default.yaml") + "uncertainty:\n" + block
    return bc.scenario_from_text(text, "corr.yaml")


def test_not_positive_semidefinite_gets_a_located_error():
    # a~b 0.9 and b~c 0.9 force a~c > 0.62; -0.9 is impossible (smallest eigenvalue < 0)
    block = (f"  {PSM}: {{uniform: [50 kg/(kg/h), 400 kg/(kg/h)]}}\n"
             f"  {POWER}: {{uniform: [5 kg/kW, 20 kg/kW]}}\n"
             f"  {LANDED}: {{uniform: [0.3 MUSD/kg, 1.2 MUSD/kg]}}\n"
             f"  correlation:\n"
             f"    - [{PSM}, {POWER}, 0.9]\n"
             f"    - [{POWER}, {LANDED}, 0.9]\n"
             f"    - [{PSM}, {LANDED}, -0.9]\n")
    sc = _file(block)
    line = data_text("default.yaml").count("\n") + 5  # the correlation: line
    with pytest.raises(ScenarioError) as err:
        read_uncertainty(sc)
    msg = str(err.value)
    assert "not positive semidefinite" in msg and "smallest eigenvalue" in msg
    assert f"corr.yaml:{line}:" in msg and "uncertainty.correlation" in msg


@pytest.mark.parametrize("correlation, expected", [
    ([[PSM, "power.solar-with-storage.specific_mas", 0.5]], "did you mean"),
    ([[PSM, "materials.al-2219.density", 0.5]], "only sampled inputs can be correlated"),  # no range
    ([[PSM, POWER, 1.5]], "lies in [-1, 1]"),
    ([[PSM, POWER]], "a pair is [input, input, rank correlation]"),
    ([[PSM, POWER, 0.5], [POWER, PSM, 0.4]], "two correlations"),
    ({"inputs": [PSM, POWER], "matrix": [[1, 0.5], [0.4, 1]]}, "not symmetric"),
    ({"inputs": [PSM, POWER], "matrix": [[1, 0.5], [0.5, 0.9]]}, "diagonal"),
    ({"inputs": [PSM, POWER], "matrix": [[1, 0.5]]}, "2 x 2"),
    ("strong", "correlation takes a list"),
])
def test_bad_correlation_specs_are_located_errors(sc, correlation, expected):
    with pytest.raises(ScenarioError, match="correlation") as err:
        read_uncertainty(sc, {**DIST, "correlation": correlation})
    assert expected in str(err.value)
