"""Monthly forecasting models, one file each, all following ``forecast.models.base.Model``.

``candidate_models()`` are the models the engine's selection chooses among (and combines);
``benchmark_models()`` are the simple rules every backtest compares against. To add a model: write
``forecast/models/<name>.py`` with a class that has ``alias`` and ``fit(y, X) -> fitted`` (fitted:
``spec``, ``forecast(h, X_future)``, ``simulate(h, n, X_future, rng)``, ``refit(y, X)`` — or inherit
``NoRefit``; see ``forecast.models.base``), and list it below. ``candidates_signature()`` enters the
forecast cache keys, so a new or reconfigured candidate never reads an old entry (no version bump).
Model modules import statsmodels and scipy inside the functions that use them: listing the
candidates for a cache key costs microseconds, and a cached forecast never loads statsmodels.
"""
from __future__ import annotations

from forecast.models.base import ExogAdjusted, Fitted, Model, NoRefit
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


def model_signature(model: Model) -> dict:
    """Alias, class and configuration (instance attributes, wrapped models unfolded) of `model`,
    as plain data for a cache key."""
    out: dict = {"alias": model.alias, "class": f"{type(model).__module__}.{type(model).__qualname__}"}
    for k, v in sorted(vars(model).items()):
        if k != "alias":
            out[k] = model_signature(v) if isinstance(v, Model) else v
    return out


def candidates_signature(models: list[Model] | None = None) -> list[dict]:
    """``model_signature`` of each candidate (default: ``candidate_models()``), in order."""
    return [model_signature(m) for m in (candidate_models() if models is None else models)]


def model_by_alias(alias: str) -> Model:
    for m in candidate_models() + benchmark_models():
        if m.alias == alias:
            return m
    raise KeyError(alias)


__all__ = ["Model", "Fitted", "ExogAdjusted", "NoRefit", "candidate_models", "benchmark_models", "model_by_alias",
           "model_signature", "candidates_signature",
           "SarimaxAuto", "EtsAuto", "ThetaAuto", "UcmAuto", "SeasonalNaive", "Drift"]
