"""Scenario tests run on the store in data/ with the 3-year-average baseline (the forecast engine is
being built in parallel; test_scenario_baseline plugs in a fake engine to check the hand-over)."""
from __future__ import annotations

import pytest

import scenarios.baseline as baseline_mod


@pytest.fixture(autouse=True)
def fallback_baseline(monkeypatch):
    monkeypatch.setattr(baseline_mod, "_engine", lambda: None)
    baseline_mod.baseline_sample.cache_clear()
    baseline_mod._ENGINE_FAILURES.clear()
    yield
    baseline_mod.baseline_sample.cache_clear()
    baseline_mod._ENGINE_FAILURES.clear()
