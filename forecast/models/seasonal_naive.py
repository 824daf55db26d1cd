"""Benchmark: seasonal naive on the log scale (next January = last January), no regressors.

Paths: log y[T+h] = log y[T+h-12] + e, e ~ N(0, s2), s2 = mean square of the 12-month log
differences in the sample (so the benchmark's intervals are honest about its own errors)."""
from __future__ import annotations

import numpy as np

from forecast.models.base import SEASON, NoRefit


class SeasonalNaive:
    alias = "snaive"

    def fit(self, y, X=None):
        d = y[SEASON:] - y[:-SEASON]
        return SeasonalNaiveFit(y[-SEASON:].copy(), float(np.sqrt(np.mean(d ** 2))))


class SeasonalNaiveFit(NoRefit):
    spec = "seasonal naive"

    def __init__(self, last_year, sigma):
        self.last_year, self.sigma = last_year, sigma

    def forecast(self, h, X_future):
        return np.resize(self.last_year, h)

    def simulate(self, h, n, X_future, rng):
        out = np.empty((n, h))
        e = rng.normal(0.0, self.sigma, size=(n, h))
        for j in range(h):
            prev = self.last_year[j] if j < SEASON else out[:, j - SEASON]
            out[:, j] = prev + e[:, j]
        return out
