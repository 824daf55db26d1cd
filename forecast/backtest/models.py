"""The models a backtest compares, by name: the project's selection and the benchmarks.

Names (not functions) cross process boundaries, so each worker resolves them here. Every entry
adapts one engine entry point to the backtest's forecaster signature
``(history, horizon, n_paths, seed) -> SamplePaths``; the history is always cut at the origin.
"""
from __future__ import annotations

import numpy as np
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
    """A benchmark of `forecast.models` (log scale, no regressors), simulated into level paths."""
    def run(history: pd.Series, horizon: int, n_paths: int, seed: int) -> np.ndarray:
        from forecast.models import benchmark_models

        model = next(m for m in benchmark_models() if m.alias == _BENCH_ALIAS[name])
        y = history.to_numpy(float)
        if (y <= 0).any():
            raise GrowthsimError(f"{history.name or 'series'}: the benchmarks model logs and need positive values")
        fitted = model.fit(np.log(y), None)
        return np.exp(fitted.simulate(horizon, n_paths, None, np.random.default_rng(seed)))
    return run


def resolve(name: str):
    """The forecaster registered under `name`."""
    if name == SELECTED:
        return _selected
    if name in BENCHMARKS:
        return _benchmark(name)
    raise GrowthsimError(f"unknown backtest model {name!r}; known: {', '.join(DEFAULT_MODELS)}")
