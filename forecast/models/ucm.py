"""Unobserved components: random walk with drift + stochastic seasonal (12) + irregular, on the log
scale; Tết shares and COVID pulses removed and added back by ``ExogAdjusted`` (one-step estimation
with the regressors inside the state space model takes 5-10 times longer for the same fit)."""
from __future__ import annotations

import numpy as np
from forecast.models.base import SEASON, ExogAdjusted, NoRefit, seed_of, silenced


class _Ucm:
    alias = "ucm"

    def __init__(self, level: str = "rwdrift", maxiter: int = 80):
        self.level, self.maxiter = level, maxiter

    def fit(self, y, X=None):
        from statsmodels.tsa.statespace.structural import UnobservedComponents

        with silenced():
            mod = UnobservedComponents(y, level=self.level, seasonal=SEASON, stochastic_seasonal=True,
                                       irregular=True)
            res = mod.fit(disp=False, maxiter=self.maxiter, cov_type="none")
        return UcmFit(res, self.level)


class UcmFit(NoRefit):
    def __init__(self, res, level):
        self.res = res
        self.spec = f"UC({level} + seasonal 12 + irregular)"

    def forecast(self, h, X_future):
        with silenced():
            return np.asarray(self.res.forecast(h), dtype=float)

    def simulate(self, h, n, X_future, rng):
        with silenced():
            sim = self.res.simulate(h, anchor="end", repetitions=n,
                                    rng=np.random.default_rng(seed_of(rng)))
        return np.asarray(sim, dtype=float).reshape(h, n).T


def UcmAuto(**kw) -> ExogAdjusted:
    return ExogAdjusted(_Ucm(**kw))
