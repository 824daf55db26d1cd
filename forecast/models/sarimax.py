"""Seasonal ARIMA (statsmodels SARIMAX) on the log scale, orders chosen by AIC on a small grid.

Regression with SARIMA errors, estimated in two steps for speed: the Tết/COVID effects are
estimated once by least squares on 12-month differences (``ExogAdjusted``), then the SARIMA
model is fitted by maximum likelihood to the adjusted series in differences (d = 1, D = 1
throughout, so that the AIC of all orders is comparable). Forecasts and paths are integrated
back; paths draw Gaussian innovations through the model's psi-weights (vectorised: 2,000 paths
in milliseconds, where ``SARIMAXResults.simulate`` loops in Python).
"""
from __future__ import annotations

import numpy as np
from statsmodels.tsa.arima_process import arma2ma
from statsmodels.tsa.statespace.sarimax import SARIMAX

from forecast.models.base import SEASON, ExogAdjusted, silenced

# (p, d, q, P, D, Q): the airline model first.
# Kept small: each fit costs 0.3-1.5 s (the seasonal MA often ends near -1, where the optimiser
# crawls; `maxiter` caps that, the forecasts barely change over the last iterations).
DEFAULT_GRID = ((0, 1, 1, 0, 1, 1), (1, 1, 1, 0, 1, 1), (2, 1, 0, 0, 1, 1))


class _Sarima:
    alias = "sarimax"

    def __init__(self, grid=DEFAULT_GRID, maxiter: int = 25):
        self.grid, self.maxiter = tuple(grid), maxiter
        if any(o[1] != 1 or o[4] != 1 for o in self.grid):
            raise ValueError("the grid must keep d = 1 and D = 1 (AIC comparable across orders)")

    def fit(self, y, X=None):
        return self._search(y, self.grid)

    def _search(self, y, grid, start=None):
        best = None
        with silenced():
            for o in grid:
                try:
                    mod = SARIMAX(y, order=o[:3], seasonal_order=(*o[3:], SEASON), simple_differencing=True,
                                  concentrate_scale=True)
                    res = mod.fit(start_params=start, disp=False, maxiter=self.maxiter, cov_type="none")
                except (np.linalg.LinAlgError, ValueError):
                    continue
                if np.isfinite(res.aic) and (best is None or res.aic < best[1].aic):
                    best = (o, res)
        if best is None:
            raise RuntimeError("no SARIMA order could be fitted")
        return SarimaFit(best[0], best[1], y, self)


def _integrate(w: np.ndarray, tail: np.ndarray) -> np.ndarray:
    """Undo (1-L)(1-L^12): w (n, h) differenced values, tail = the last 13 levels → (n, h) levels."""
    n, h = w.shape
    z = np.concatenate([np.broadcast_to(tail, (n, len(tail))), np.empty((n, h))], axis=1)
    k = len(tail)
    for j in range(h):
        t = k + j
        z[:, t] = w[:, j] + z[:, t - 1] + z[:, t - SEASON] - z[:, t - SEASON - 1]
    return z[:, k:]


class SarimaFit:
    def __init__(self, order, res, y, model):
        p, d, q, P, D, Q = order
        self.model = model
        self.order, self.res, self.tail = order, res, np.asarray(y[-(SEASON + 1):], dtype=float)
        self.spec = f"SARIMA({p},{d},{q})({P},{D},{Q})12"
        self.aic = float(res.aic)
        self.sigma = float(np.sqrt(res.scale))

    def forecast(self, h, X_future):
        with silenced():
            w = np.asarray(self.res.forecast(h), dtype=float)
        return _integrate(w[None, :], self.tail)[0]

    def refit(self, y, X=None):
        return self.model._search(y, (self.order,), start=self.res.params)

    def simulate(self, h, n, X_future, rng):
        with silenced():
            w = np.asarray(self.res.forecast(h), dtype=float)
        psi = arma2ma(self.res.polynomial_reduced_ar, self.res.polynomial_reduced_ma, lags=h)
        Psi = np.zeros((h, h))
        for i in range(h):
            Psi[i, : i + 1] = psi[: i + 1][::-1]
        eps = rng.normal(0.0, self.sigma, size=(n, h))
        return _integrate(w[None, :] + eps @ Psi.T, self.tail)


def SarimaxAuto(**kw) -> ExogAdjusted:
    """Automatic seasonal ARIMA with Tết/COVID regressors (two-step; see module docstring)."""
    return ExogAdjusted(_Sarima(**kw))
