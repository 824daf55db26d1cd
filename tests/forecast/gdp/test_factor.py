"""The mixed-frequency factor model (forecast.gdp.factor) on the shipped store: the bridge's draw
conventions, published quarters fixed, reproducible draws, the ragged edge moving the call the right
way, and no data after the origin. One EM fit per origin for the whole module (a few seconds each)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast import bridge as B
from forecast import periods as P
from forecast.data.api import data_vintage, load
from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError
from forecast.gdp import factor as F

ORIGIN = "2024-05"   # mid-quarter: 2024Q1 published, April and May of Q2 in the indicators
YEAR = 2024


@pytest.fixture(scope="module")
def cache_env(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GROWTHSIM_CACHE", str(tmp_path_factory.mktemp("factor_cache")))
        yield


@pytest.fixture(scope="module")
def fitted(cache_env) -> F.FactorFit:
    return F.fit(F.load_factor_data(ORIGIN))


def annual_total(draws: B.SectorDraws, year: int) -> np.ndarray:
    tot = draws.levels.sum(axis=2)
    cur = [i for i, q in enumerate(draws.quarters) if q.year == year]
    prev = [i for i, q in enumerate(draws.quarters) if q.year == year - 1]
    return (tot[:, cur].sum(axis=1) / tot[:, prev].sum(axis=1) - 1) * 100


def test_draws_follow_the_bridge_conventions(fitted):
    d = F.simulate_fitted(fitted, YEAR, 300, 1)
    assert isinstance(d, B.SectorDraws)
    assert list(d.quarters) == list(P.quarter_range("2023Q1", "2024Q4"))
    assert d.levels.shape == (300, 8, len(LEAVES)) and d.sectors == LEAVES
    assert d.published.tolist() == [q <= P.quarter("2024Q1") for q in d.quarters]
    assert d.origin == P.month(ORIGIN) and d.vintage == data_vintage()
    assert np.all(np.isfinite(d.levels)) and np.all(d.levels > 0)
    g = d.annual_growth_pct(YEAR)
    assert list(g.columns) == list(LEAVES) and g.shape == (300, len(LEAVES))
    assert 3 < annual_total(d, YEAR).mean() < 10   # a plausible call for Viet Nam, not a fixed number


def test_published_quarters_are_fixed_in_every_draw(fitted):
    d = F.simulate_fitted(fitted, YEAR, 200, 2)
    gdp = load([f"gdp_real.{k}" for k in LEAVES], as_of=ORIGIN).pivot(index="period", columns="series", values="value")
    for t, q in enumerate(d.quarters):
        if d.published[t]:
            want = gdp.loc[P.to_str(q), [f"gdp_real.{k}" for k in LEAVES]].to_numpy(float)
            assert np.allclose(d.levels[:, t, :], want, rtol=0, atol=1e-9)
        else:
            assert d.levels[:, t, :].std(axis=0).min() > 0   # simulated quarters vary across draws


def test_same_seed_same_draws(fitted):
    a = F.simulate_fitted(fitted, YEAR, 100, 5).levels
    b = F.simulate_fitted(fitted, YEAR, 100, 5).levels
    c = F.simulate_fitted(fitted, YEAR, 100, 6).levels
    assert np.array_equal(a, b)
    assert not np.allclose(a, c)


def test_the_fit_is_cached_on_disk(fitted):
    again = F.fit(F.load_factor_data(ORIGIN))
    assert again.cached and not fitted.cached
    assert np.array_equal(again.params, fitted.params)
    assert fitted.fit_seconds > 0 and again.fit_seconds == fitted.fit_seconds


def test_a_higher_recent_iip_month_raises_the_call(fitted):
    """Raise manufacturing IIP in the two months of the quarter in progress by 5%: with the same
    parameters (applied, no EM) the manufacturing sector's and GDP's annual call rise."""
    data = F.load_factor_data(ORIGIN)
    up = dict(data.monthly)
    s = up["iip.manufacturing"].copy()
    recent = s.index >= P.month("2024-04")
    assert recent.sum() == 2
    s[recent] *= 1.05
    up["iip.manufacturing"] = s
    high = F.fit(B.BridgeData(data.origin, data.gdp, up, data.vintage), params_from=fitted)
    assert high.fit_seconds == 0 and high.fit_origin == fitted.fit_origin
    base_d, high_d = F.simulate_fitted(fitted, YEAR, 2000, 3), F.simulate_fitted(high, YEAR, 2000, 3)
    gm_base = base_d.annual_growth_pct(YEAR)["manufacturing"].mean()
    gm_high = high_d.annual_growth_pct(YEAR)["manufacturing"].mean()
    assert gm_high > gm_base + 0.3
    assert annual_total(high_d, YEAR).mean() > annual_total(base_d, YEAR).mean() + 0.05


def test_the_fit_never_sees_data_after_its_origin(cache_env):
    origin = P.month("2019-06")
    early = F.load_factor_data(origin)
    pan = F.panel(early)
    assert pan.index[-1] == origin and early.gdp.index[-1] == P.quarter("2019Q2")
    assert all(s.index.max() <= origin for s in early.monthly.values())
    # the same panel as the newest data cut at the origin: nothing later leaks in
    late = F.load_factor_data("2025-02")
    cut = B.BridgeData(origin, late.gdp[late.gdp.index <= P.quarter("2019Q2")],
                       {k: v[v.index <= origin] for k, v in late.monthly.items()}, late.vintage)
    pd.testing.assert_frame_equal(F.panel(cut), pan)
    d = F.simulate_fitted(F.fit(early), 2019, 200, 0)
    q3 = list(d.quarters).index(P.quarter("2019Q3"))
    assert not d.published[q3]
    assert d.levels[:, q3, :].std(axis=0).min() > 0


def test_covid_months_are_missing_in_the_panel(fitted):
    pan = fitted.panel
    for m in ("2020-05", "2021-09"):
        assert pan.loc[P.month(m)].isna().all()
    assert pan.loc[P.month("2019-06"), list(LEAVES)].notna().all()


def test_sector_growth_draws_like_the_bridge(cache_env):
    a = F.sector_growth_draws(YEAR, 50, 0, origin=ORIGIN)
    b = F.sector_growth_draws(YEAR, 50, 0, origin=ORIGIN)
    assert list(a.columns) == list(LEAVES) and a.shape == (50, len(LEAVES))
    pd.testing.assert_frame_equal(a, b)


def test_bad_requests_are_one_line_errors(fitted):
    with pytest.raises(GrowthsimError):
        F.simulate_fitted(fitted, YEAR, 0, 0)
    with pytest.raises(GrowthsimError, match="too far ahead"):
        F.simulate_fitted(fitted, 2030, 10, 0)
    with pytest.raises(GrowthsimError):
        F.sector_growth_draws(YEAR, -1, 0, origin=ORIGIN)


def test_news_explains_the_change_of_the_call(cache_env):
    """From May to June 2024: the news rows are the data published in June (Q2 GDP, June's
    indicators) and add up to the change of the call with the same parameters."""
    n = F.news(YEAR, "2024-05", "2024-06")
    assert {"series", "period", "contribution_pp"} <= set(n.columns) and len(n) > 0
    assert set(n["period"]) <= {"2024Q2", "2024-06"}
    assert {f"gdp_real.{k}" for k in LEAVES} <= set(n["series"])
    new = F.fit(F.load_factor_data("2024-06"))
    old = F.fit(F.load_factor_data("2024-05"), params_from=new)
    change = (annual_total(F.simulate_fitted(new, YEAR, 4000, 9), YEAR).mean()
              - annual_total(F.simulate_fitted(old, YEAR, 4000, 9), YEAR).mean())
    assert abs(n["contribution_pp"].sum() - change) < 0.1
    with pytest.raises(GrowthsimError, match="before"):
        F.news(YEAR, "2024-06", "2024-05")


def test_a_quarter_ended_but_not_yet_published_is_drawn(cache_env):
    """Real-time data: at the end of June 2024 the indicators have June but Q2 GDP is not out yet;
    Q2 is then drawn (from the smoothed state), Q1 stays fixed."""
    d = F.load_factor_data("2024-06")
    early = B.BridgeData(d.origin, d.gdp[d.gdp.index <= P.quarter("2024Q1")], d.monthly, d.vintage)
    draws = F.simulate(YEAR, 400, 0, data=early)
    t = list(draws.quarters).index(P.quarter("2024Q2"))
    assert not draws.published[t] and draws.published[t - 1]
    g = draws.quarter_growth_pct("2024Q2", total=True)
    assert np.all(np.isfinite(g)) and g.std() > 0
    published = (d.gdp.loc[P.quarter("2024Q2")].sum() / d.gdp.loc[P.quarter("2023Q2")].sum() - 1) * 100
    assert abs(g.mean() - published) < 2 * g.std() + 0.5   # the June indicators place it near the outcome


def test_origins_outside_the_data_are_one_line_errors(cache_env):
    with pytest.raises(GrowthsimError, match="after the data end"):
        F.load_factor_data("2031-01")
    with pytest.raises(GrowthsimError, match="quarters of sector GDP"):
        F.panel(F.load_factor_data("2012-06"))
    with pytest.raises(GrowthsimError, match="origin"):
        F.load_factor_data("2024-13")
