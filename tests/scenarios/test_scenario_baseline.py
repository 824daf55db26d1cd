"""The baseline: the forecast engine's draws when it exists, else the labelled 3-year average."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scenario_helpers import make

import scenarios
import scenarios.baseline as baseline_mod
from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError
from scenarios.basedata import base_data
from scenarios.errors import NoBaseDataError


def test_fallback_is_the_labelled_three_year_average(fallback_baseline):
    res = scenarios.run(make("agriculture = 3.5"), draws=5000)
    assert res.baseline == "3-year average (forecast engine not available)"
    hist = base_data(2025).history_pct
    for k in ("manufacturing", "services", "taxes"):
        expected = hist.loc[[2022, 2023, 2024], k].mean()
        assert res.contributions[k]["growth_pct"] == pytest.approx(expected, abs=1e-9)


def test_fallback_draws_have_the_historical_covariance(fallback_baseline):
    draws, label = baseline_mod.baseline_draws(2025, 200_000, np.random.default_rng(0))
    assert list(draws.columns) == list(LEAVES) and label.startswith("3-year average")
    hist = base_data(2025).history_pct[list(LEAVES)]
    assert draws.std().to_numpy() == pytest.approx(hist.std().to_numpy(), rel=0.02)


def test_the_real_engine_baseline_is_used_for_unset_sectors():
    from forecast.gdp.baseline import sector_growth_draws
    from scenarios.runner import engine_seed

    res = scenarios.run(make("agriculture = 3.5"), draws=20_000, seed=7)
    assert res.baseline == "forecast engine"
    engine = sector_growth_draws(2025, 20_000, engine_seed(7, np.random.SeedSequence(7).spawn(2)[0]))
    for k in ("mining", "manufacturing", "services", "taxes"):
        assert res.contributions[k]["growth_pct"] == pytest.approx(engine[k].mean(), abs=1e-9)
    hist = base_data(2025).history_pct
    # not the fallback's 3-year average
    assert any(abs(res.contributions[k]["growth_pct"] - hist.loc[[2022, 2023, 2024], k].mean()) > 0.05
               for k in ("manufacturing", "services"))


def test_engine_draws_are_used_as_they_are(monkeypatch):
    def fake(year, n, seed, root=None, known=None):   # the engine's signature (forecast.gdp.baseline)
        rng = np.random.default_rng(seed)
        return pd.DataFrame({k: 4.0 + rng.standard_normal(n) for k in LEAVES})

    monkeypatch.setattr(baseline_mod, "_engine", lambda: fake)
    res = scenarios.run(make("agriculture = 3.5"), draws=20_000)
    assert res.baseline == "forecast engine"
    assert res.contributions["services"]["growth_pct"] == pytest.approx(4.0, abs=0.05)


def test_engine_failing_on_the_data_falls_back_with_a_note(monkeypatch):
    def broken(year, n, seed, root=None, known=None):
        raise GrowthsimError("unknown series 'iip.mining'")

    monkeypatch.setattr(baseline_mod, "_engine", lambda: broken)
    res = scenarios.run(make("agriculture = 3.5"), draws=1000)
    assert res.baseline == "3-year average (the forecast engine failed on this data; see the note)"
    assert any("iip.mining" in w for w in res.warnings)


def test_year_without_base_data_names_the_years():
    with pytest.raises(NoBaseDataError, match=r"2008.*2007.*last full year is 2024"):
        scenarios.run(make(head="year = 2008\ntarget = 8"), draws=100)
    with pytest.raises(NoBaseDataError, match="last full year is 2023"):
        scenarios.run(make(head='year = 2025\ntarget = 8\nvintage = "2024-10-24"'), draws=100)
