"""Theta method (statsmodels ThetaModel) on the log scale, deseasonalised additively.

ThetaModel has no simulator; paths follow its SES-with-drift structure: the h-step error is
e_h + alpha * (e_1 + ... + e_{h-1}) with e ~ N(0, sigma2), around the Theta point forecast.
sigma2 is the one-step variance of the *deseasonalised* series, the one the SES is fitted to
(statsmodels' own ``ThetaModelResults.sigma2`` uses the raw, still seasonal series, which puts the
seasonal swings into the innovations and made the paths about 50% too wide).
Regressors via ``ExogAdjusted``.
"""
from __future__ import annotations

import numpy as np
from forecast.models.base import SEASON, ExogAdjusted, NoRefit, silenced


class _Theta:
    alias = "theta"

    def fit(self, y, X=None):
        from statsmodels.tsa.forecasting.theta import ThetaModel

        with silenced():
            res = ThetaModel(y, period=SEASON, deseasonalize=True, method="additive", use_test=False).fit()
        return ThetaFit(res, _ses_sigma2(deseasonalised(y), float(res.params.iloc[1])))


def deseasonalised(y: np.ndarray) -> np.ndarray:
    """`y` (log scale) less its additive seasonal component, as ``ThetaModel(period=12,
    deseasonalize=True, method="additive", use_test=False)`` computes it before fitting the SES
    (``ThetaModel._deseasonalize_data``: classical decomposition, centred moving average)."""
    from statsmodels.tsa.seasonal import seasonal_decompose

    y = np.asarray(y, dtype=float)
    return y - seasonal_decompose(y, model="additive", period=SEASON).seasonal


def _ses_sigma2(y_des: np.ndarray, alpha: float) -> float:
    """One-step innovation variance of SES with drift = ARIMA(0,1,1)+c with MA coefficient alpha-1
    (what ThetaModelResults.sigma2 estimates with a full SARIMAX fit, here by a linear filter)."""
    from scipy.signal import lfilter

    w = np.diff(y_des)
    e = lfilter([1.0], [1.0, alpha - 1.0], w - w.mean())
    return float(np.mean(e[1:] ** 2))


class ThetaFit(NoRefit):
    spec = "Theta(2), additive deseasonalised"

    def __init__(self, res, sigma2):
        self.res, self.sigma = res, np.sqrt(max(sigma2, 1e-12))
        self.alpha = float(np.clip(res.params.iloc[1], 0.0, 1.0))

    def forecast(self, h, X_future):
        with silenced():
            return np.asarray(self.res.forecast(h), dtype=float)

    def simulate(self, h, n, X_future, rng):
        e = rng.normal(0.0, self.sigma, size=(n, h))
        carried = self.alpha * np.concatenate([np.zeros((n, 1)), np.cumsum(e, axis=1)[:, :-1]], axis=1)
        return self.forecast(h, None)[None, :] + e + carried


def ThetaAuto() -> ExogAdjusted:
    return ExogAdjusted(_Theta())
