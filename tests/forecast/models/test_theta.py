"""Theta's sample paths: their spread is the innovation sd of the deseasonalised series."""
from __future__ import annotations

import numpy as np
from statsmodels.tsa.forecasting.theta import ThetaModel

from forecast.models import ThetaAuto
from forecast.models.theta import deseasonalised

SIGMA = 0.05  # innovation sd of the synthetic series (log scale)


def _seasonal_series(n: int = 180, seed: int = 3) -> np.ndarray:
    """log level: ARIMA(0,1,1) with drift (SES with drift, alpha 0.6) plus a strong fixed
    monthly pattern (±15%), the structure Theta assumes."""
    rng = np.random.default_rng(seed)
    e = rng.normal(0.0, SIGMA, n + 1)
    w = 0.005 + e[1:] + (0.6 - 1.0) * e[:-1]
    pattern = 0.15 * np.sin(2 * np.pi * np.arange(12) / 12) + 0.05 * np.cos(4 * np.pi * np.arange(12) / 12)
    return 4.6 + np.cumsum(w) + np.tile(pattern, n // 12 + 1)[:n]


def test_deseasonalised_series_is_the_one_statsmodels_fits():
    y = _seasonal_series()
    model = ThetaModel(y, period=12, deseasonalize=True, method="additive", use_test=False)
    expected, _ = model._deseasonalize_data()
    np.testing.assert_allclose(deseasonalised(y), expected, rtol=0, atol=1e-12)


def test_one_step_spread_matches_the_innovation_sd():
    y = _seasonal_series()
    fitted = ThetaAuto().fit(y, None)
    paths = fitted.simulate(3, 20000, None, np.random.default_rng(0))
    sd1 = float(paths[:, 0].std())
    # the raw series' variance (the old bug) gives about 0.098 here
    assert abs(sd1 - SIGMA) < 0.2 * SIGMA, sd1
    # h-step spread grows like sqrt(1 + (h-1) alpha^2)
    assert paths[:, 2].std() > paths[:, 0].std()
