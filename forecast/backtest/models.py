"""The models a backtest compares, by name: the project's selection and the benchmarks.

Names (not functions) cross process boundaries, so each worker resolves them here. Every entry
adapts one engine entry point to the backtest's forecaster signature
``(history, horizon, n_paths, seed) -> SamplePaths``; the history is always cut at the origin.
"""
from __future__ import annotations

import pandas as pd

from forecast.errors import GrowthsimError

SELECTED = "selected"
BENCHMARKS = ("seasonal_naive", "drift")
DEFAULT_MODELS = {SELECTED: SELECTED, **{b: b for b in BENCHMARKS}}


def _selected(history: pd.Series, horizon: int, n_paths: int, seed: int):
    from forecast.engine import fit_select_paths

    return fit_select_paths(history, horizon=horizon, n_paths=n_paths, seed=seed)


_BENCH_ALIAS = {"seasonal_naive": "snaive", "drift": "drift"}


def _benchmark(name: str):
    """A benchmark of `forecast.models` alone (log scale, no selection, no calibration)."""
    def run(history: pd.Series, horizon: int, n_paths: int, seed: int):
        from forecast.engine import benchmark_paths

        return benchmark_paths(history, _BENCH_ALIAS[name], horizon=horizon, n_paths=n_paths, seed=seed)
    return run


def resolve(name: str):
    """The forecaster registered under `name`."""
    if name == SELECTED:
        return _selected
    if name in BENCHMARKS:
        return _benchmark(name)
    raise GrowthsimError(f"unknown backtest model {name!r}; known: {', '.join(DEFAULT_MODELS)}")
