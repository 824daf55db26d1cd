"""Monte Carlo: reproducible, marginals as written, correlations from history, probability monotone."""
from __future__ import annotations

import numpy as np
import pytest
from scenario_helpers import EXAMPLE, make

import scenarios
from scenarios.assumptions import Normal, Triangular, Uniform
from scenarios.basedata import base_data
from scenarios.montecarlo import copula_factors, user_scores


def test_same_seed_same_numbers_other_seed_other_numbers():
    sc = scenarios.load(EXAMPLE)
    a, b = scenarios.run(sc, draws=20_000, seed=7), scenarios.run(sc, draws=20_000, seed=7)
    assert a.to_dict() == b.to_dict()
    c = scenarios.run(sc, draws=20_000, seed=8)
    assert c.gdp_growth["mean"] != a.gdp_growth["mean"]
    assert c.gdp_growth["mean"] == pytest.approx(a.gdp_growth["mean"], abs=0.02)


def test_percentiles_ordered_and_probability_matches_draws():
    res = scenarios.run(scenarios.load(EXAMPLE), draws=50_000)
    g = res.gdp_growth
    assert g["p5"] <= g["p10"] <= g["p50"] <= g["p90"] <= g["p95"]
    assert 0.0 < res.probability_reach < 1.0
    # the target lies between p5 and p95 here, so the probability is consistent with the percentiles
    assert (g["p50"] >= 8.0) == (res.probability_reach >= 0.5)


@pytest.mark.parametrize("key", ["agriculture", "services", "industry", "taxes", "construction"])
def test_probability_is_monotone_in_a_sectors_growth(key):
    sc = scenarios.load(EXAMPLE)
    probs = [scenarios.run(sc.with_growth(**{key: v}), draws=5000, seed=3).probability_reach
             for v in np.linspace(4, 14, 11)]
    assert all(b >= a for a, b in zip(probs, probs[1:]))
    assert probs[-1] > probs[0]


@pytest.mark.parametrize("assumption,mean,sd", [
    (Uniform(10, 12), 11.0, 2 / np.sqrt(12)),
    (Triangular(1, 2, 6), 3.0, np.sqrt((1 + 4 + 36 - 2 - 6 - 12) / 18)),
    (Normal(5, 0.5), 5.0, 0.5),
])
def test_marginals_follow_the_assumption(assumption, mean, sd):
    z = np.random.default_rng(0).standard_normal(200_000)
    x = assumption.from_normal(z)
    assert x.mean() == pytest.approx(mean, abs=0.01)
    assert x.std() == pytest.approx(sd, rel=0.01)
    lo, hi = assumption.bounds
    if not isinstance(assumption, Normal):
        assert x.min() >= lo and x.max() <= hi


def test_copula_reproduces_historical_correlation_and_independent_drops_it():
    base = base_data(2025)
    keys = ("manufacturing", "services", "construction")
    A, L = copula_factors(base, keys, (), False)
    z = user_scores(np.random.default_rng(1), 100_000, A, L, np.zeros((100_000, 0)), np.zeros(0), np.zeros(0))
    idx = [base.keys.index(k) for k in keys]
    assert np.corrcoef(z.T) == pytest.approx(base.correlation[np.ix_(idx, idx)], abs=0.01)
    A, L = copula_factors(base, keys, (), True)
    z = user_scores(np.random.default_rng(1), 100_000, A, L, np.zeros((100_000, 0)), np.zeros(0), np.zeros(0))
    assert np.corrcoef(z.T) == pytest.approx(np.eye(3), abs=0.01)


def test_conditioning_on_baseline_draws_keeps_the_joint_correlation():
    base = base_data(2025)
    rng = np.random.default_rng(5)
    i_s, i_t = base.keys.index("services"), base.keys.index("taxes")
    rho = base.correlation[i_s, i_t]
    # baseline taxes draws with some mean and sd; user scores for services conditional on them
    taxes = 5 + 2.5 * rng.standard_normal(100_000)
    A, L = copula_factors(base, ("services",), ("taxes",), False)
    z = user_scores(rng, 100_000, A, L, taxes[:, None], np.array([5.0]), np.array([2.5]))
    assert np.corrcoef(z[:, 0], taxes)[0, 1] == pytest.approx(rho, abs=0.01)
    assert z.std() == pytest.approx(1.0, abs=0.01)


def test_correlation_widens_the_spread_when_sectors_move_together():
    grow = "manufacturing = [6, 12]\nservices = [5, 9]\nconstruction = [4, 10]"
    dep = scenarios.run(make(grow), draws=50_000)
    ind = scenarios.run(make(grow, head="year = 2025\ntarget = 8.0\nindependent = true"), draws=50_000)
    base = base_data(2025)
    corr = base.correlation[base.keys.index("manufacturing"), base.keys.index("services")]
    assert corr > 0           # history: they move together, so the joint spread is wider
    spread = lambda r: r.gdp_growth["p95"] - r.gdp_growth["p5"]
    assert spread(dep) > spread(ind)
    assert dep.gdp_growth["central"] == pytest.approx(ind.gdp_growth["central"], abs=1e-12)

