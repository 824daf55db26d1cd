"""Monthly forecasting models, one file each, all following ``forecast.models.base.Model``.

``candidate_models()`` are the models the engine's selection chooses among (and combines);
``benchmark_models()`` are the simple rules every backtest compares against. To add a model: write
``forecast/models/<name>.py`` with a class that has ``alias`` and ``fit(y, X) -> fitted`` (fitted:
``spec``, ``forecast(h, X_future)``, ``simulate(h, n, X_future, rng)``), and list it below.
"""
from __future__ import annotations

from forecast.models.base import ExogAdjusted, Fitted, Model
from forecast.models.drift import Drift
from forecast.models.ets import EtsAuto
from forecast.models.sarimax import SarimaxAuto
from forecast.models.seasonal_naive import SeasonalNaive
from forecast.models.theta import ThetaAuto
from forecast.models.ucm import UcmAuto


def candidate_models() -> list[Model]:
    """Fresh instances of the models the selection considers (aliases unique)."""
    return [SarimaxAuto(), EtsAuto(), ThetaAuto(), UcmAuto(), SeasonalNaive()]


def benchmark_models() -> list[Model]:
    """Fresh instances of the benchmarks: seasonal naive and random walk with drift."""
    return [SeasonalNaive(), Drift()]


def model_by_alias(alias: str) -> Model:
    for m in candidate_models() + benchmark_models():
        if m.alias == alias:
            return m
    raise KeyError(alias)


__all__ = ["Model", "Fitted", "ExogAdjusted", "candidate_models", "benchmark_models", "model_by_alias",
           "SarimaxAuto", "EtsAuto", "ThetaAuto", "UcmAuto", "SeasonalNaive", "Drift"]
