"""The engine: every model simulates paths whose intervals widen with the horizon; selection and
combination are recorded; `origin` never reads later data (a truncated store and a store with
different later values give the same forecast); the cache returns the same forecast quickly."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from forecast import engine
from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.models import benchmark_models, candidate_models
from forecast.summaries import monthly_table
from forecast.tet_regressors import calendar_exog
from forecast_fixtures import synthetic, write_store


@pytest.fixture(autouse=True)
def _cache(monkeypatch, tmp_path):
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path / "cache"))


@pytest.mark.parametrize("model", candidate_models() + benchmark_models()[1:], ids=lambda m: m.alias)
def test_every_model_fits_and_its_intervals_widen_with_horizon(model):
    y = synthetic()
    periods = list(y.index)
    future = list(pd.period_range("2025-01", periods=24, freq="M").strftime("%Y-%m"))
    Xt, Xf = calendar_exog(periods, future)
    fitted = model.fit(np.log(y.to_numpy()), Xt.to_numpy())
    paths = fitted.simulate(24, 1000, Xf.to_numpy(), np.random.default_rng(0))
    assert paths.shape == (1000, 24) and np.isfinite(paths).all()
    width = np.percentile(paths, 97.5, axis=0) - np.percentile(paths, 2.5, axis=0)  # log scale
    if model.alias != "snaive":  # seasonal naive: flat within the first year by construction
        assert width[11] > width[0]
    assert width[23] > width[11] and width[12:].mean() > width[:12].mean()
    point = fitted.forecast(24, Xf.to_numpy())
    # the point forecast is the centre of the paths (within a tenth of the 95% width)
    assert np.all(np.abs(np.median(paths, axis=0) - point) < 0.1 * width + 0.01)


def test_models_that_see_the_tet_regressor_put_the_dip_in_the_holiday_month():
    y = synthetic()
    periods = list(y.index)
    future = list(pd.period_range("2025-01", periods=26, freq="M").strftime("%Y-%m"))
    Xt, Xf = calendar_exog(periods, future)
    for model in candidate_models()[:4]:
        f = model.fit(np.log(y.to_numpy()), Xt.to_numpy()).forecast(26, Xf.to_numpy())
        # 2025: holiday mostly in January; 2026 (Tết 17 Feb): in February. Jan/Feb ratio flips.
        jan25, feb25, jan26, feb26 = f[0], f[1], f[12], f[13]
        assert (jan25 - feb25) < (jan26 - feb26) - 0.15, model.alias


def test_fit_select_paths_records_choice_scores_and_widening_intervals():
    y = synthetic(seed=3)
    sp = engine.fit_select_paths(y, horizon=18, n_paths=600, seed=1)
    assert sp.paths.shape == (600, 18) and sp.origin == P.month("2024-12") and sp.periods[0] == P.month("2025-01")
    s = sp.scores
    assert set(s["cv"]) == {m.alias for m in candidate_models()}
    assert all(v["mae_log"] > 0 for v in s["cv"].values())
    assert abs(sum(s["weights"].values()) - 1) < 1e-4
    assert sp.model in s["weights"] or sp.model.startswith("combo(")
    ranked = sorted(s["cv"], key=lambda a: s["cv"][a]["mae_log"])
    if s["selection"] == "single":
        assert sp.model == ranked[0]
    else:  # the best three, weights inversely proportional to their CV errors
        assert sp.model == "combo(" + "+".join(ranked[:3]) + ")" and list(s["weights"]) == ranked[:3]
        w = [s["weights"][a] for a in ranked[:3]]
        assert w[0] >= w[1] >= w[2]
        assert w[0] / w[2] == pytest.approx(s["cv"][ranked[2]]["mae_log"] / s["cv"][ranked[0]]["mae_log"], rel=1e-3)
    assert s["cv"]["snaive"]["mae_log"] > min(v["mae_log"] for v in s["cv"].values())
    t = monthly_table(sp)
    rel = np.log(t["hi95"] / t["lo95"]).to_numpy()
    assert rel[11] > rel[0] and rel[17] > rel[5]
    # deterministic for a seed
    again = engine.fit_select_paths(y, horizon=18, n_paths=600, seed=1)
    assert np.array_equal(again.paths, sp.paths)


def test_bad_series_are_clear_errors():
    y = synthetic()
    with pytest.raises(GrowthsimError, match="missing months 2020-03"):
        engine.fit_select_paths(y.drop("2020-03"), n_paths=100)
    neg = y.copy()
    neg.iloc[5] = -1
    with pytest.raises(GrowthsimError, match="positive"):
        engine.fit_select_paths(neg, n_paths=100)
    with pytest.raises(GrowthsimError, match="between 1 and 60"):
        engine.fit_select_paths(y, horizon=0)
    with pytest.raises(GrowthsimError, match="too few"):
        engine.fit_select_paths(y.iloc[:30])


# --------------------------------------------------------------------------- store: origin never reads later data

@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    y = synthetic(seed=5)
    full = write_store(tmp_path_factory.mktemp("full"), {"exports": y})
    cut = write_store(tmp_path_factory.mktemp("cut"), {"exports": y[y.index <= "2023-06"]})
    later = y.copy()
    later[later.index > "2023-06"] *= 3.0  # wildly different months after the origin
    changed = write_store(tmp_path_factory.mktemp("changed"), {"exports": later})
    return full, cut, changed


def test_origin_never_reads_later_data(stores):
    full, cut, changed = stores
    a = engine.forecast_paths("exports", origin="2023-06", horizon=12, n_paths=300, root=full, use_cache=False)
    b = engine.forecast_paths("exports", root=cut, horizon=12, n_paths=300, use_cache=False)
    c = engine.forecast_paths("exports", origin="2023-06", horizon=12, n_paths=300, root=changed, use_cache=False)
    assert a.origin == b.origin == c.origin == P.month("2023-06")
    assert a.history.index[-1] == P.month("2023-06")
    assert np.array_equal(a.paths, b.paths) and np.array_equal(a.paths, c.paths)
    assert a.model == b.model == c.model


def test_cache_gives_the_same_forecast_fast_and_names_the_vintage(stores):
    full, _, _ = stores
    t0 = time.perf_counter()
    a = engine.forecast_paths("exports", origin="2024-06", horizon=12, n_paths=400, root=full)
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    b = engine.forecast_paths("exports", origin="2024-06", horizon=6, n_paths=400, root=full)
    cached_s = time.perf_counter() - t0
    assert np.array_equal(a.paths[:, :6], b.paths) and b.horizon == 6
    assert b.data_vintage == "2025-01-15" and b.scores == a.scores
    assert cached_s < fit_s
    c = engine.forecast_paths("exports", origin="2024-06", horizon=12, n_paths=400, root=full, refit=True)
    assert np.array_equal(a.paths, c.paths)


def test_store_errors(stores):
    full, _, _ = stores
    with pytest.raises(GrowthsimError, match="monthly series known: exports"):
        engine.forecast_paths("exprots", root=full)
    with pytest.raises(GrowthsimError, match="before the start"):
        engine.forecast_paths("exports", origin="2013-12", root=full)
    with pytest.raises(GrowthsimError, match="after the last month"):
        engine.forecast_paths("exports", origin="2025-01", root=full)
