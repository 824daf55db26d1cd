"""The engine: selection and combination are recorded; `origin` never reads later data (a truncated
store and a store with different later values give the same forecast); the cache returns the same
forecast without fitting, and a changed candidate list never reads an old entry. (Each model on its
own: tests/forecast/models/.)"""
from __future__ import annotations

import numpy as np
import pytest

from forecast import engine
from forecast import periods as P
from forecast.errors import GrowthsimError
import forecast.models
from forecast.models import Drift, SeasonalNaive, candidate_models
from forecast.summaries import monthly_table
from forecast_fixtures import synthetic, write_store


@pytest.fixture(autouse=True)
def _cache(monkeypatch, tmp_path):
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path / "cache"))


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


def _no_fit(*args, **kw):
    raise AssertionError("should have come from the cache")


def test_cache_gives_the_same_forecast_without_fitting_and_names_the_vintage(stores, monkeypatch):
    full, _, _ = stores
    a = engine.forecast_paths("exports", origin="2024-06", horizon=12, n_paths=400, root=full)
    with monkeypatch.context() as m:
        m.setattr(engine, "fit_select_paths", _no_fit)
        b = engine.forecast_paths("exports", origin="2024-06", horizon=6, n_paths=400, root=full)
    assert np.array_equal(a.paths[:, :6], b.paths) and b.horizon == 6
    assert b.data_vintage == "2025-01-15" and b.scores == a.scores
    c = engine.forecast_paths("exports", origin="2024-06", horizon=12, n_paths=400, root=full, refit=True)
    assert np.array_equal(a.paths, c.paths)


def test_a_changed_candidate_list_does_not_read_the_old_cache_entry(stores, monkeypatch):
    full, _, _ = stores
    a = engine.forecast_paths("exports", origin="2024-03", horizon=12, n_paths=300, root=full)
    assert a.model.startswith("combo(")
    # a model list changed without touching SETTINGS["version"]: the key changes, the engine fits again
    monkeypatch.setattr(forecast.models, "candidate_models", lambda: [SeasonalNaive(), Drift()])
    b = engine.forecast_paths("exports", origin="2024-03", horizon=12, n_paths=300, root=full)
    assert set(b.scores["cv"]) == {"snaive", "drift"} and not np.array_equal(a.paths, b.paths)


def test_store_errors(stores):
    full, _, _ = stores
    with pytest.raises(GrowthsimError, match="monthly series known: exports"):
        engine.forecast_paths("exprots", root=full)
    with pytest.raises(GrowthsimError, match="before the start"):
        engine.forecast_paths("exports", origin="2013-12", root=full)
    with pytest.raises(GrowthsimError, match="after the last month"):
        engine.forecast_paths("exports", origin="2025-01", root=full)
