"""Summaries read off sample paths agree with the paths: monthly quantiles, yoy, annual growth and
target probabilities, with published months fixed and the IIP gap carried in."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.sample_paths import SamplePaths
from forecast.summaries import (aggregation, annual_distribution, annual_growth_paths, growth_draws,
                                monthly_table)


def _sp(series="exports", unit="million USD", origin="2025-02", horizon=22, n=4000, seed=1):
    rng = np.random.default_rng(seed)
    hist_idx = [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)] + ["2025-01", "2025-02"]
    hist = pd.Series(100 + np.arange(len(hist_idx), dtype=float), index=hist_idx)
    periods = tuple(pd.period_range("2025-03", periods=horizon, freq="M").strftime("%Y-%m"))
    paths = 130 * np.exp(np.cumsum(0.02 * rng.standard_normal((n, horizon)), axis=1))
    return SamplePaths(series, unit, origin, periods, paths, hist, "test", "2025-03-06")


def test_monthly_table_quantiles_and_yoy_come_from_the_paths():
    sp = _sp()
    t = monthly_table(sp)
    assert list(t["period"]) == P.to_strs(sp.periods)
    for col in ("series", "period", "mean", "lo80", "hi80", "lo95", "hi95", "model"):
        assert col in t.columns
    j = 5
    assert t.loc[j, "mean"] == pytest.approx(sp.paths[:, j].mean())
    assert t.loc[j, "lo80"] == pytest.approx(np.percentile(sp.paths[:, j], 10))
    assert t.loc[j, "hi95"] == pytest.approx(np.percentile(sp.paths[:, j], 97.5))
    assert (t["lo95"] <= t["lo80"]).all() and (t["lo80"] <= t["hi80"]).all() and (t["hi80"] <= t["hi95"]).all()
    # March 2025 yoy against the published March 2024 (history value 100 + 14)
    assert t.loc[0, "yoy_pct"] == pytest.approx(np.mean(100 * (sp.paths[:, 0] / 114 - 1)))
    # year to date to March: Jan, Feb published (124, 125) + path vs Jan..Mar 2024 (112, 113, 114)
    ytd = 100 * ((124 + 125 + sp.paths[:, 0]) / (112 + 113 + 114) - 1)
    assert t.loc[0, "ytd_yoy_pct"] == pytest.approx(ytd.mean())


def test_annual_probability_is_the_share_of_paths_reaching_the_target():
    sp = _sp()
    cur = np.concatenate([np.broadcast_to([124.0, 125.0], (sp.n_paths, 2)), sp.paths[:, :10]], axis=1)
    prev = np.arange(112, 124, dtype=float)
    growth = 100 * (cur.sum(axis=1) / prev.sum() - 1)
    assert annual_growth_paths(sp, 2025) == pytest.approx(growth)
    for target in (np.percentile(growth, 20), np.median(growth), 15.0):
        r = annual_distribution(sp, 2025, target_pct=target)
        assert r["probability_reach"] == pytest.approx(np.mean(growth >= target))
    r = annual_distribution(sp, 2025, target_pct=float(np.median(growth)))
    assert r["probability_reach"] == pytest.approx(0.5, abs=0.01)
    assert r["growth"]["p10"] < r["growth"]["p50"] < r["growth"]["p90"]
    assert r["months_published"] == 2


def test_probability_decreases_with_the_target_and_level_target_matches_growth_target():
    sp = _sp()
    probs = [annual_distribution(sp, 2025, target_pct=t)["probability_reach"] for t in range(0, 40, 2)]
    assert all(a >= b for a, b in zip(probs, probs[1:])) and probs[0] > probs[-1]
    prev_total = float(np.arange(112, 124).sum())
    level = prev_total * 1.1
    p_level = annual_distribution(sp, 2025, target_level=level)["probability_reach"]
    p_growth = annual_distribution(sp, 2025, target_pct=10.0 - 1e-9)["probability_reach"]
    assert p_level == pytest.approx(p_growth)


def test_published_year_has_no_uncertainty_and_range_target():
    sp = _sp()
    r = annual_distribution(sp, 2024, target_range=(10, 12))
    assert r["growth"]["p5"] == pytest.approx(r["growth"]["p95"])
    exact = 100 * (np.arange(112, 124).sum() / np.arange(100, 112).sum() - 1)
    assert r["growth"]["mean"] == pytest.approx(exact)
    assert r["probability_reach"] == float(exact >= 10)
    assert r["months_published"] == 12


def test_iip_gap_is_carried_into_the_distribution():
    sp = _sp("iip", "index 2015=100")
    base, _ = growth_draws(sp, 2025)
    gaps = np.array([-1.0, 0.5, 1.5, -0.5])
    adj, info = growth_draws(sp, 2025, gaps_pp=gaps, seed=3)
    assert info["kind"] == "empirical" and info["years"] == 4
    diff = base - adj  # each path moved by exactly one of the historical gaps
    assert set(np.round(diff, 9)) <= set(gaps)
    assert len(set(np.round(diff, 9))) == 4
    r = annual_distribution(sp, 2025, gaps_pp=gaps, seed=3)
    assert r["growth"]["mean"] == pytest.approx(adj.mean())
    assert np.std(adj) > np.std(base)  # the gap's uncertainty widens the distribution
    known, info = growth_draws(sp, 2024, known_gap_pp=0.4)
    assert known == pytest.approx(growth_draws(sp, 2024)[0] - 0.4)


def test_year_beyond_the_paths_is_an_error_and_helpers():
    sp = _sp(horizon=6)
    with pytest.raises(GrowthsimError, match="2025-09"):
        annual_distribution(sp, 2025)
    assert aggregation("iip.mining") == "mean" and aggregation("retail", "billion VND") == "sum"
