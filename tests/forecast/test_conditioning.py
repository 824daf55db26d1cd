"""Conditioning the GDP bridge on known quarters, and the ragged edge, on the shipped store with the
real forecast engine (its indicator forecasts are cached on disk after the first run).

* a known total is hit exactly in every draw (level-weighted sum of the sectors' growth, 1e-9);
* a known sector is fixed exactly, and the total still holds around it;
* a lower known quarter lowers the annual call; the AR sectors carry it into the next quarter;
* two months of a quarter already in the store narrow (and move) that quarter's call.
"""
from __future__ import annotations

import numpy as np
import pytest

from forecast import bridge as B
from forecast import periods as P
from forecast.conditioning import KnownQuarter, condition
from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError

N = 3000
YEAR = 2025


@pytest.fixture(scope="module")
def data():
    return B.load_bridge_data("2025-02")


def weighted_growth(draws: B.SectorDraws, quarter: str) -> np.ndarray:
    """GDP growth of `quarter` per draw as the level-weighted sum of the sectors' growth, %."""
    g = draws.quarter_growth_pct(quarter)
    prev = draws.levels[:, draws.quarters.get_loc(P.quarter(quarter) - 4), :]
    return (prev / prev.sum(axis=1, keepdims=True) * g).sum(axis=1)


def test_a_known_total_is_hit_exactly_in_every_draw(data):
    d = B.simulate(YEAR, N, 5, data=data, known={"2025Q1": KnownQuarter(6.1)})
    total = d.quarter_growth_pct("2025Q1", total=True)
    assert np.max(np.abs(total - 6.1)) < 1e-9
    assert np.max(np.abs(weighted_growth(d, "2025Q1") - 6.1)) < 1e-9
    # the sectors still vary (the total is shared out differently in every draw)
    assert d.quarter_growth_pct("2025Q1").std(axis=0).min() > 0.01


def test_a_known_sector_is_fixed_and_the_total_holds_around_it(data):
    known = {"2025Q1": KnownQuarter(6.5, (("manufacturing", 8.0),)), "2025Q2": KnownQuarter(None, (("services", 7.0),))}
    d = B.simulate(YEAR, N, 5, data=data, known=known)
    m = LEAVES.index("manufacturing")
    assert np.max(np.abs(d.quarter_growth_pct("2025Q1")[:, m] - 8.0)) < 1e-9
    assert np.max(np.abs(d.quarter_growth_pct("2025Q1", total=True) - 6.5)) < 1e-9
    assert np.max(np.abs(d.quarter_growth_pct("2025Q2")[:, LEAVES.index("services")] - 7.0)) < 1e-9
    assert d.quarter_growth_pct("2025Q2", total=True).std() > 0.05           # Q2's total is still free


def test_a_lower_known_quarter_lowers_the_call_and_carries_into_the_next(data):
    low = B.simulate(YEAR, N, 5, data=data, known={"2025Q1": KnownQuarter(6.0)})
    high = B.simulate(YEAR, N, 5, data=data, known={"2025Q1": KnownQuarter(7.5)})
    gdp = {k: (d.levels[:, 4:].sum(axis=(1, 2)) / d.levels[:, :4].sum(axis=(1, 2)) - 1) * 100
           for k, d in (("low", low), ("high", high))}
    assert gdp["low"].mean() < gdp["high"].mean() - 0.3          # 1.5 pp in one quarter: > 0.3 pp a year
    assert (gdp["low"] >= 8).mean() < (gdp["high"] >= 8).mean()
    ar = [LEAVES.index(s) for s in LEAVES if not B.INDICATORS[s]]
    q2 = {k: d.quarter_growth_pct("2025Q2")[:, ar].mean() for k, d in (("low", low), ("high", high))}
    assert q2["low"] < q2["high"]                                  # persistence of the AR sectors


def test_conditioning_is_exact_with_weights_that_differ_by_draw():
    rng = np.random.default_rng(1)
    g = rng.normal(6, 2, size=(500, len(LEAVES)))
    prev = rng.uniform(50, 500, size=(500, len(LEAVES)))
    C = np.cov(rng.normal(size=(40, len(LEAVES))), rowvar=False)
    out = condition(g, prev, KnownQuarter(5.0, (("taxes", 9.0),)), LEAVES, C)
    w = prev / prev.sum(axis=1, keepdims=True)
    assert np.max(np.abs((w * out).sum(axis=1) - 5.0)) < 1e-9
    assert np.all(out[:, LEAVES.index("taxes")] == 9.0)


def test_two_months_of_the_quarter_in_progress_narrow_its_call():
    """At 2025-02 the store holds January and February 2025 of every indicator: the engine's paths start
    in March, so 2025Q1 is called on two known months; at 2024-12 on none."""
    calls = {}
    for origin in ("2024-12", "2025-02"):
        data = B.load_bridge_data(origin)
        assert all(s.index[-1] == data.origin for s in data.monthly.values())
        q1 = B.simulate(YEAR, N, 5, data=data).quarter_growth_pct("2025Q1", total=True)
        calls[origin] = (q1.mean(), np.percentile(q1, 90) - np.percentile(q1, 10))
    assert calls["2025-02"][1] < 0.8 * calls["2024-12"][1]
    assert abs(calls["2025-02"][0] - calls["2024-12"][0]) > 0.01


def test_bad_known_quarters(data):
    with pytest.raises(GrowthsimError, match="'industri' is not a leaf sector"):
        B.simulate(YEAR, 10, 1, data=data, known={"2025Q1": KnownQuarter(6.0, (("industri", 5.0),))})
    with pytest.raises(GrowthsimError, match="after 2025Q4"):
        B.simulate(YEAR, 10, 1, data=data, known={"2026Q1": KnownQuarter(6.0)})
    with pytest.raises(GrowthsimError, match="every sector and the total"):
        B.simulate(YEAR, 10, 1, data=data, known={"2025Q1": KnownQuarter(6.0, tuple((s, 5.0) for s in LEAVES))})


def test_the_baseline_cache_is_keyed_by_the_known_quarters(tmp_path, monkeypatch):
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path))
    plain = B.sector_growth_draws(YEAR, 2000, 9)
    low = B.sector_growth_draws(YEAR, 2000, 9, known={"2025Q1": KnownQuarter(5.0)})
    assert len(list((tmp_path / B.CACHE_KIND).glob("*.npy"))) == 2
    assert low.mean().sum() < plain.mean().sum()
    again = B.sector_growth_draws(YEAR, 2000, 9, known={"2025Q1": KnownQuarter(5.0)})
    assert again.equals(low)


def test_a_total_no_level_can_reach_is_refused():
    g = np.full((3, len(LEAVES)), 6.0)
    with pytest.raises(GrowthsimError, match="no level can fall that far"):
        condition(g, np.ones(len(LEAVES)), KnownQuarter(-250.0), LEAVES, np.eye(len(LEAVES)))
