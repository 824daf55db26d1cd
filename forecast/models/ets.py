"""Exponential smoothing state space (ETSModel): additive error, trend none / damped / linear and
additive seasonality on the log scale, chosen by AICc. Regressors via ``ExogAdjusted``."""
from __future__ import annotations

import numpy as np
from forecast.models.base import SEASON, ExogAdjusted, seed_of, silenced

# (trend, damped): on log scale additive error and additive seasonality are multiplicative in levels.
DEFAULT_CONFIGS = ((None, False), ("add", True), ("add", False))


class _Ets:
    alias = "ets"

    def __init__(self, configs=DEFAULT_CONFIGS, maxiter: int = 200):
        self.configs, self.maxiter = tuple(configs), maxiter

    def fit(self, y, X=None):
        return self._search(y, self.configs)

    def _search(self, y, configs):
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        best = None
        with silenced():
            for trend, damped in configs:
                try:
                    mod = ETSModel(y, error="add", trend=trend, damped_trend=damped, seasonal="add",
                                   seasonal_periods=SEASON, initialization_method="heuristic")
                    res = mod.fit(disp=False, maxiter=self.maxiter)
                except (np.linalg.LinAlgError, ValueError):
                    continue
                if not np.isfinite(res.aicc):
                    continue
                if best is None or res.aicc < best[1].aicc:
                    best = ((trend, damped), res)
        if best is None:
            raise RuntimeError("no ETS configuration could be fitted")
        return EtsFit(*best, self)


class EtsFit:
    def __init__(self, config, res, model):
        self.res, self.config, self.model = res, config, model
        trend, damped = config
        t = "N" if trend is None else ("Ad" if damped else "A")
        self.spec = f"ETS(A,{t},A) on log"

    def forecast(self, h, X_future):
        with silenced():
            return np.asarray(self.res.forecast(h), dtype=float)

    def refit(self, y, X=None):
        return self.model._search(y, (self.config,))

    def simulate(self, h, n, X_future, rng):
        with silenced():
            sim = self.res.simulate(h, anchor="end", repetitions=n, rng=np.random.default_rng(seed_of(rng)))
        return np.asarray(sim, dtype=float).reshape(h, n).T


def EtsAuto(**kw) -> ExogAdjusted:
    """Automatic ETS with Tết/COVID effects removed and added back (see ``ExogAdjusted``)."""
    return ExogAdjusted(_Ets(**kw))
