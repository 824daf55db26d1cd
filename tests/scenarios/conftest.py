"""Scenario tests run on the store in data/ with the real baseline, the forecast engine's joint draws
(`forecast.gdp.baseline.sector_growth_draws`: the model the GDP backtest chose), as users get it. Tests of the 3-year-average fallback ask
for it with the `fallback_baseline` fixture."""
from __future__ import annotations

import pytest

import scenarios.baseline as baseline_mod


def _clear() -> None:
    baseline_mod.baseline_sample.cache_clear()
    baseline_mod._ENGINE_FAILURES.clear()


@pytest.fixture
def fallback_baseline(monkeypatch):
    """The engine made unavailable: the scenario engine must fall back to the 3-year average."""
    monkeypatch.setattr(baseline_mod, "_engine", lambda: None)
    _clear()
    yield
    _clear()


@pytest.fixture(autouse=True)
def fresh_baseline_memo():
    """No test sees another's in-process baseline memo (a monkeypatched engine must not leak)."""
    _clear()
    yield
    _clear()
