"""The baseline users get (`forecast.gdp.baseline`): the model the real-time backtest chose per kind of
origin, conditioned on typed quarters, on the shipped store with the real models.

* the choice follows `forecast.gdp.models.CHOICE` by bucket (a year ahead, January-June, July-December);
* the factor model's and the pool's draws hit a known total and a known sector exactly in every draw
  (Gaussian conditioning on the draws' own covariance), and a lower known Q1 lowers the annual call;
* the pool is half bridge, half factor: its mean call lies between theirs;
* the scenario engine's baseline is these draws.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast import bridge as B
from forecast import periods as P
from forecast.conditioning import KnownQuarter, condition_joint
from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError
from forecast.gdp import baseline as GB
from forecast.gdp.models import CHOICE

N = 2000
Q1 = P.quarter("2025Q1")


@pytest.fixture(scope="module")
def data():
    return B.load_bridge_data("2025-02")


def annual_total(d: B.SectorDraws, year: int) -> np.ndarray:
    tot = d.levels.sum(axis=2)
    cur = [i for i, q in enumerate(d.quarters) if q.year == year]
    prev = [i for i, q in enumerate(d.quarters) if q.year == year - 1]
    return (tot[:, cur].sum(axis=1) / tot[:, prev].sum(axis=1) - 1) * 100


def test_the_choice_follows_the_bucket_of_the_origin():
    assert GB.preferences(2025, P.month("2024-11")) == CHOICE["prev_oct_dec"]
    assert GB.preferences(2025, P.month("2024-03")) == CHOICE["prev_oct_dec"]   # further ahead: same evidence
    assert GB.preferences(2025, P.month("2025-02")) == CHOICE["jan_jun"]
    assert GB.preferences(2025, P.month("2025-08")) == CHOICE["jul_dec"]
    assert GB.model_used(2025) == CHOICE["jan_jun"][0]


@pytest.mark.parametrize("model", ["factor", "pool"])
def test_known_total_and_sector_hold_exactly_in_every_draw(data, model):
    known = {Q1: KnownQuarter(6.0, (("manufacturing", 9.5),))}
    d = GB.simulate_model(model, 2025, N, 3, None, data, known)
    assert np.abs(d.quarter_growth_pct("2025Q1", total=True) - 6.0).max() < 1e-9
    assert np.abs(d.quarter_growth_pct("2025Q1")[:, LEAVES.index("manufacturing")] - 9.5).max() < 1e-9
    # published quarters (2024) untouched
    free = GB.simulate_model(model, 2025, N, 3, None, data, {})
    past = [i for i, q in enumerate(d.quarters) if q.year == 2024]
    assert np.array_equal(d.levels[:, past, :], free.levels[:, past, :])


@pytest.mark.parametrize("model", ["factor", "pool"])
def test_a_lower_known_q1_lowers_the_annual_call(data, model):
    low = annual_total(GB.simulate_model(model, 2025, N, 3, None, data, {Q1: KnownQuarter(5.5)}), 2025)
    high = annual_total(GB.simulate_model(model, 2025, N, 3, None, data, {Q1: KnownQuarter(7.5)}), 2025)
    assert low.mean() < high.mean() - 0.4       # Q1 is a quarter of the year: at least ~a quarter of 2 pp
    # the later quarters learn from Q1 through the draws' covariance (not only Q1 itself moves)
    d_low = GB.simulate_model(model, 2025, N, 3, None, data, {Q1: KnownQuarter(5.5)})
    d_high = GB.simulate_model(model, 2025, N, 3, None, data, {Q1: KnownQuarter(7.5)})
    assert d_low.quarter_growth_pct("2025Q2", total=True).mean() < d_high.quarter_growth_pct("2025Q2", total=True).mean()


def test_the_pool_lies_between_bridge_and_factor(data):
    calls = {m: annual_total(GB.simulate_model(m, 2025, N, 3, None, data, {}), 2025).mean()
             for m in ("bridge", "factor", "pool")}
    lo, hi = sorted((calls["bridge"], calls["factor"]))
    assert lo - 0.15 <= calls["pool"] <= hi + 0.15


def test_condition_joint_refuses_a_quarter_outside_the_draws(data):
    d = GB.simulate_model("factor", 2025, 50, 1, None, data, {})
    with pytest.raises(GrowthsimError, match="outside the draws"):
        condition_joint(d.levels, d.quarters, d.published, {P.quarter("2026Q1"): KnownQuarter(6.0)}, LEAVES)


def test_the_scenario_baseline_is_the_chosen_models_draws():
    draws = GB.sector_growth_draws(2025, 1000, 11)
    again = GB.sector_growth_draws(2025, 1000, 11)           # from the disk cache
    assert list(draws.columns) == list(LEAVES)
    pd.testing.assert_frame_equal(draws, again)
    data = B.load_bridge_data(None)
    direct = GB.simulate(2025, 1000, 11, data=data).annual_growth_pct(2025)
    np.testing.assert_allclose(draws.to_numpy(), direct.to_numpy(), rtol=0, atol=1e-9)
