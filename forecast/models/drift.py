"""Benchmark: random walk with drift on the log scale (last value plus the average monthly change)."""
from __future__ import annotations

import numpy as np

from forecast.models.base import NoRefit


class Drift:
    alias = "drift"

    def fit(self, y, X=None):
        d = np.diff(y)
        return DriftFit(float(y[-1]), float(d.mean()), float(d.std(ddof=1)))


class DriftFit(NoRefit):
    spec = "random walk with drift"

    def __init__(self, last, mu, sigma):
        self.last, self.mu, self.sigma = last, mu, sigma

    def forecast(self, h, X_future):
        return self.last + self.mu * np.arange(1, h + 1)

    def simulate(self, h, n, X_future, rng):
        e = rng.normal(0.0, self.sigma, size=(n, h))
        return self.forecast(h, None)[None, :] + np.cumsum(e, axis=1)
