"""The models a backtest compares, by name: the project's selection and the benchmarks.

Names (not functions) cross process boundaries, so each worker resolves them here. Every entry
adapts one engine entry point to the backtest's forecaster signature
``(history, horizon, n_paths, seed) -> SamplePaths``; the history is always cut at the origin.
"""
from __future__ import annotations

from functools import partial

import pandas as pd

from forecast.errors import GrowthsimError

SELECTED = "selected"
BENCHMARKS = ("seasonal_naive", "drift")
DEFAULT_MODELS = {SELECTED: SELECTED, **{b: b for b in BENCHMARKS}}


def _selected(history: pd.Series, horizon: int, n_paths: int, seed: int, exog_builder=None):
    from forecast.engine import fit_select_paths

    return fit_select_paths(history, horizon=horizon, n_paths=n_paths, seed=seed, exog_builder=exog_builder)


_BENCH_ALIAS = {"seasonal_naive": "snaive", "drift": "drift"}


def _benchmark(name: str, exog_builder=None):
    """A benchmark of `forecast.models` alone (log scale, no selection, no calibration)."""
    def run(history: pd.Series, horizon: int, n_paths: int, seed: int):
        from forecast.engine import benchmark_paths

        return benchmark_paths(history, _BENCH_ALIAS[name], horizon=horizon, n_paths=n_paths, seed=seed,
                               exog_builder=exog_builder)
    return run


def resolve(name: str, exog_builder=None):
    """The forecaster registered under `name`; `exog_builder` (default: the store's calendar regressors)
    is what a batch task passes when it carries the Tết shares as data (``forecast.batch``)."""
    if name == SELECTED:
        return partial(_selected, exog_builder=exog_builder)
    if name in BENCHMARKS:
        return _benchmark(name, exog_builder)
    raise GrowthsimError(f"unknown backtest model {name!r}; known: {', '.join(DEFAULT_MODELS)}")
