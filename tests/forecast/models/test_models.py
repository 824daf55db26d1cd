"""Every model on its own: it follows the protocol the engine calls (``forecast.models.base``), its
intervals widen with the horizon, and the models that see the Tết regressors put the dip in the
holiday month; the candidates' signature (part of the cache key) follows their configuration."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast import engine
from forecast.models import (EtsAuto, Fitted, Model, SarimaxAuto, benchmark_models, candidate_models,
                             candidates_signature)
from forecast.tet_regressors import calendar_exog
from forecast_fixtures import synthetic

ALL_MODELS = candidate_models() + benchmark_models()[1:]


def _fit(model, y):
    periods = list(y.index)
    future = list(pd.period_range(pd.Period(periods[-1], "M") + 1, periods=26, freq="M").strftime("%Y-%m"))
    Xt, Xf = calendar_exog(periods, future)
    return model.fit(np.log(y.to_numpy()), Xt.to_numpy()), Xt.to_numpy(), Xf.to_numpy()


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.alias)
def test_every_model_follows_the_protocol_the_engine_calls(model):
    assert isinstance(model, Model)
    y = synthetic()
    fitted, Xt, _ = _fit(model, y)
    assert isinstance(fitted, Fitted) and fitted.spec
    again = fitted.refit(np.log(y.to_numpy())[:-12], Xt[:-12])
    if model.alias in ("sarimax", "ets"):  # they search orders / components: refit keeps the choice
        assert isinstance(again, Fitted) and again.spec == fitted.spec
    else:
        assert again is None


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.alias)
def test_every_model_fits_and_its_intervals_widen_with_horizon(model):
    fitted, _, Xf = _fit(model, synthetic())
    paths = fitted.simulate(24, 1000, Xf, np.random.default_rng(0))
    assert paths.shape == (1000, 24) and np.isfinite(paths).all()
    width = np.percentile(paths, 97.5, axis=0) - np.percentile(paths, 2.5, axis=0)  # log scale
    if model.alias != "snaive":  # seasonal naive: flat within the first year by construction
        assert width[11] > width[0]
    assert width[23] > width[11] and width[12:].mean() > width[:12].mean()
    point = fitted.forecast(24, Xf)
    # the point forecast is the centre of the paths (within a tenth of the 95% width)
    assert np.all(np.abs(np.median(paths, axis=0) - point) < 0.1 * width + 0.01)


def test_models_that_see_the_tet_regressor_put_the_dip_in_the_holiday_month():
    y = synthetic()
    for model in candidate_models()[:4]:
        fitted, _, Xf = _fit(model, y)
        f = fitted.forecast(26, Xf)
        # 2025: holiday mostly in January; 2026 (Tết 17 Feb): in February. Jan/Feb ratio flips.
        jan25, feb25, jan26, feb26 = f[0], f[1], f[12], f[13]
        assert (jan25 - feb25) < (jan26 - feb26) - 0.15, model.alias


class _FitWithoutRefit:
    spec = "no refit"

    def forecast(self, h, X_future):
        return np.zeros(h)

    def simulate(self, h, n, X_future, rng):
        return np.zeros((n, h))


class _OldStyleModel:
    alias = "old_style"

    def fit(self, y, X=None):
        return _FitWithoutRefit()


def test_the_engine_rejects_a_model_that_does_not_follow_the_protocol():
    y = synthetic()
    with pytest.raises(TypeError, match=r"old_style: fit\(\) returned _FitWithoutRefit, which does not follow "
                                        r"forecast.models.base.Fitted \(spec, forecast, simulate, refit\)"):
        engine.fit_select_paths(y, n_paths=50, candidates=[_OldStyleModel()])
    with pytest.raises(TypeError, match="does not follow forecast.models.base.Model"):
        engine.fit_select_paths(y, n_paths=50, candidates=[object()])


def test_the_candidates_signature_follows_aliases_and_configuration():
    sig = candidates_signature()
    assert [s["alias"] for s in sig] == [m.alias for m in candidate_models()]
    assert sig == candidates_signature()  # plain data, the same for fresh instances
    ets = {s["alias"]: s for s in sig}["ets"]
    assert ets["inner"]["maxiter"] == 200 and ets["class"] == "forecast.models.base.ExogAdjusted"
    assert candidates_signature([EtsAuto(maxiter=50)]) != candidates_signature([EtsAuto()])
    assert candidates_signature([SarimaxAuto(grid=((0, 1, 1, 0, 1, 1),))]) != candidates_signature([SarimaxAuto()])
