"""Sector baseline (GDP bridge): shape, reproducibility, published quarters fixed, joint draws.

A small store is built in a temporary folder from the shipped GDP series and synthetic monthly
indicators that track the sectors, and the engine is replaced by a seasonal-naive path provider,
so these tests exercise the bridge itself, quickly and independently of the engine's models.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast import bridge as B
from forecast import periods as P
from forecast.data.api import load
from forecast.data.sectors import LEAVES
from forecast.data.store import Store, StoreContent, catalog_from
from forecast.errors import GrowthsimError
from forecast.sample_paths import SamplePaths

SECTOR_OF = {"iip.mining": "mining", "iip.manufacturing": "manufacturing", "iip.electricity": "electricity",
             "iip.water": "water", "retail_real": "services", "exports": "manufacturing"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    gdp = load([f"gdp_real.{k}" for k in LEAVES])
    gdp = gdp[gdp["period"] <= "2024Q4"]
    wide = gdp.pivot(index="period", columns="series", values="value")
    rng = np.random.default_rng(7)
    months = P.month_range("2014-01", "2025-02")
    rows = []
    for sid, sector in SECTOR_OF.items():
        col = wide[f"gdp_real.{sector}"]
        for m in months:
            q = P.to_str(P.quarter_of(m))
            base = col[q] if q in col.index else col["2024Q1"] * 1.07
            rows.append({"series": sid, "period": P.to_str(m), "value": base / 100 * (1 + 0.02 * rng.standard_normal()),
                         "unit": "index", "source": "test", "item": sid, "vintage": "2025-03-06",
                         "status": "published"})
    obs = pd.concat([gdp, pd.DataFrame(rows)], ignore_index=True)
    meta = pd.DataFrame([{"id": s, "name_vi": s, "name_en": s, "unit": u, "freq": f, "source": "test", "note": ""}
                         for s, u, f in [(f"gdp_real.{k}", "billion VND, 2010 prices", "Q") for k in LEAVES]
                         + [(s, "index", "M") for s in SECTOR_OF]])
    root = tmp_path_factory.mktemp("bridge_store")
    empty = obs.iloc[0:0]
    rev = pd.DataFrame(columns=["series", "period", "value", "unit", "source", "item", "vintage", "status",
                                "superseded_by"])
    Store(root).write(StoreContent(official=obs, derived=empty, revisions=rev, catalog=catalog_from(meta, obs)))
    return root


def snaive_provider(series, origin, horizon, n_paths, seed, root):
    df = load(series, as_of=origin, root=root)
    y = df["value"].to_numpy(float)
    r = np.random.default_rng(seed)
    base = np.resize(y[-12:], horizon) * 1.06
    paths = base * np.exp(0.03 * r.standard_normal((n_paths, horizon)))
    periods = P.month_range(P.month(origin) + 1, P.month(origin) + horizon)
    history = pd.Series(y, index=P.to_index(df["period"]))
    return SamplePaths(series, "index", origin, periods, paths, history, "snaive", "2025-03-06")


@pytest.fixture(autouse=True)
def fake_engine(monkeypatch, tmp_path):
    monkeypatch.setattr(B, "_engine_provider", snaive_provider)
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path / "cache"))


def published_growth(root, year):
    w = load([f"gdp_real.{k}" for k in LEAVES], root=root).pivot(index="period", columns="series", values="value")
    cur = w.loc[[f"{year}Q{i}" for i in range(1, 5)]].sum()
    prev = w.loc[[f"{year - 1}Q{i}" for i in range(1, 5)]].sum()
    g = (cur / prev - 1) * 100
    return g.rename(lambda c: c.split(".", 1)[1])


def test_shape_columns_and_plausible_values(store):
    d = B.sector_growth_draws(2025, 500, seed=1, root=store)
    assert list(d.columns) == list(LEAVES)
    assert d.shape == (500, 8)
    assert np.isfinite(d.to_numpy()).all()
    # nothing of 2025 is published: each sector's annual spread comes from its equation's quarterly
    # residuals (the mean of four resampled, persistent quarters: between about half and all of their
    # sd) plus the coefficient and indicator draws
    resid_sd = B.bridge_diagnostics("2025-02", store).set_index("sector")["resid_sd_pp"].reindex(list(LEAVES))
    ratio = d.std() / resid_sd
    assert ratio.between(0.45, 1.3).all(), ratio.round(2).to_dict()
    # centred inside each sector's own history of annual growth (2012-2024), give or take 1 pp
    hist = pd.DataFrame({y: published_growth(store, y) for y in range(2012, 2025)}).T[list(LEAVES)]
    assert (d.mean() > hist.min() - 1).all() and (d.mean() < hist.max() + 1).all(), d.mean().round(2).to_dict()


def test_reproducible_with_a_seed_and_different_with_another(store, tmp_path, monkeypatch):
    a = B.sector_growth_draws(2025, 300, seed=3, root=store)
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path / "other_cache"))  # recompute, not a cache hit
    b = B.sector_growth_draws(2025, 300, seed=3, root=store)
    c = B.sector_growth_draws(2025, 300, seed=4, root=store)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.to_numpy(), c.to_numpy())
    g1 = B.sector_growth_draws(2025, 300, seed=np.random.default_rng(9), root=store)
    g2 = B.sector_growth_draws(2025, 300, seed=np.random.default_rng(9), root=store)
    pd.testing.assert_frame_equal(g1, g2)


def test_a_fully_published_year_is_fixed(store):
    d = B.sector_growth_draws(2024, 50, seed=0, root=store, origin="2025-02")
    expected = published_growth(store, 2024)
    for k in LEAVES:
        assert np.allclose(d[k], expected[k])


def test_published_quarters_are_fixed_mid_year(store):
    # at 2024-08 the store holds GDP to 2024Q2: Q1 and Q2 are the published ones in every draw
    draws = B.simulate(2024, 200, 5, root=store, origin="2024-08")
    w = load([f"gdp_real.{k}" for k in LEAVES], root=store).pivot(index="period", columns="series", values="value")
    w = w[[f"gdp_real.{k}" for k in LEAVES]]
    for q in ("2023Q3", "2024Q1", "2024Q2"):
        t = draws.quarters.get_loc(P.quarter(q))
        assert draws.published[t]
        assert np.allclose(draws.levels[:, t, :], w.loc[q].to_numpy())
    t3 = draws.quarters.get_loc(P.quarter("2024Q3"))
    assert not draws.published[t3] and draws.levels[:, t3, 0].std() > 0
    # annual growth from the draws agrees with the published halves plus the simulated ones
    g = draws.annual_growth_pct(2024)
    lv = draws.levels
    cur = lv[:, [draws.quarters.get_loc(P.quarter(f"2024Q{i}")) for i in range(1, 5)], :].sum(axis=1)
    prev = lv[:, [draws.quarters.get_loc(P.quarter(f"2023Q{i}")) for i in range(1, 5)], :].sum(axis=1)
    assert np.allclose(g.to_numpy(), (cur / prev - 1) * 100)


def test_residuals_are_drawn_jointly_across_sectors(store):
    # sectors whose residuals co-move historically keep that co-movement in the draws
    data = B.load_bridge_data("2025-02", store)
    eqs = B.fit_equations(data)
    common = sorted(set.intersection(*(set(e.resid.index) for e in eqs.values())))
    R = pd.DataFrame({s: eqs[s].resid.reindex(common) for s in LEAVES}).corr()
    i, j = np.unravel_index(np.argmax(np.abs(R.to_numpy() - np.eye(8))), R.shape)
    a, b = LEAVES[i], LEAVES[j]
    d = B.sector_growth_draws(2025, 4000, seed=2, root=store)
    assert np.sign(d[a].corr(d[b])) == np.sign(R.iloc[i, j])
    assert abs(d[a].corr(d[b])) > 0.1


def test_diagnostics_table(store):
    diag = B.bridge_diagnostics("2025-02", store)
    assert list(diag["sector"]) == list(LEAVES)
    for col in ("r2", "durbin_watson", "ljung_box4_p", "jarque_bera_p", "n"):
        assert diag[col].notna().all()
    # the synthetic indicators track their sectors: the bridge fits them well
    assert (diag.set_index("sector").loc[["mining", "manufacturing", "electricity", "water"], "r2"] > 0.7).all()


def test_cache_hit_returns_the_same(store, monkeypatch):
    a = B.sector_growth_draws(2025, 100, seed=11, root=store)

    def boom(*args, **kw):
        raise AssertionError("should have come from the cache")
    monkeypatch.setattr(B, "simulate", boom)
    b = B.sector_growth_draws(2025, 100, seed=11, root=store)
    pd.testing.assert_frame_equal(a, b)


def test_a_new_sector_without_bridge_indicators_is_a_clear_error(store, monkeypatch):
    monkeypatch.setattr(B, "LEAVES", LEAVES + ("tourism",))  # a sector added to forecast/data/sectors.py
    with pytest.raises(GrowthsimError, match=r"sector 'tourism' \(forecast/data/sectors.py LEAVES\) has no bridge "
                                             r"equation: add it to INDICATORS in forecast/bridge.py"):
        B.sector_growth_draws(2025, 10, seed=0, root=store)
    monkeypatch.setattr(B, "LEAVES", LEAVES)
    monkeypatch.setattr(B, "INDICATORS", {**B.INDICATORS, "tourism": ()})
    with pytest.raises(GrowthsimError, match="INDICATORS in forecast/bridge.py names 'tourism', which is not a sector"):
        B.simulate(2025, 10, 0, root=store)


@pytest.mark.parametrize("kw, message", [
    (dict(year=2025, n=0, seed=0), "n must be a positive"),
    (dict(year="2025", n=10, seed=0), "year must be a whole number"),
    (dict(year=2031, n=10, seed=0), "too far ahead"),
    (dict(year=2010, n=10, seed=0), "before the GDP data"),
    (dict(year=2025, n=10, seed=0, origin="2025/02"), "origin must be a month"),
])
def test_bad_arguments(store, kw, message):
    with pytest.raises(GrowthsimError, match=message):
        B.sector_growth_draws(root=store, **kw)
