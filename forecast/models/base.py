"""The one small protocol every monthly model follows, and helpers shared by several models.

A model works on the log of a positive monthly series (``y``: 1-d float array, oldest first) with
optional regressors ``X`` (2-d array, one column per regressor; see ``forecast.tet_regressors``):

    model = SarimaxAuto()                 # configuration by keyword arguments
    fitted = model.fit(y, X)              # chooses its own orders / components, estimates
    fitted.forecast(h, X_future)          # (h,) point forecast, log scale
    fitted.simulate(h, n, X_future, rng)  # (n, h) sample paths, log scale
    fitted.refit(y, X)                    # the same configuration re-estimated on other data, or None

``refit`` lets cross-validation skip the order/component search at every origin; a model with
nothing to search returns None and the engine calls ``model.fit`` again. These are all the methods
the engine (``forecast.engine``) calls; it checks candidates against ``Model`` and ``Fitted``.
``alias`` names the model in outputs and selection scores; aliases must be unique. ``fitted.spec``
is a short text of the chosen configuration (e.g. ``SARIMAX(1,1,1)(0,1,1)12``).
Models that cannot take regressors are wrapped in ``ExogAdjusted``: the regressor effects are
estimated once by least squares on 12-month differences, removed before fitting and added back to
the forecasts, so ETS and Theta see the Tết shift and the COVID months too.
"""
from __future__ import annotations

import warnings
from typing import Protocol, runtime_checkable

import numpy as np

SEASON = 12


@runtime_checkable
class Fitted(Protocol):
    """A model fitted to one series (log scale). ``spec``: short text of the chosen configuration."""

    spec: str

    def forecast(self, h: int, X_future: np.ndarray | None) -> np.ndarray:
        """(h,) point forecast, log scale; `X_future`: (>= h, regressors) or None."""
        ...

    def simulate(self, h: int, n: int, X_future: np.ndarray | None, rng: np.random.Generator) -> np.ndarray:
        """(n, h) sample paths, log scale, drawn with `rng` only (deterministic for its state)."""
        ...

    def refit(self, y: np.ndarray, X: np.ndarray | None = None) -> "Fitted | None":
        """The same configuration (orders, components) re-estimated on `y`, or None when the model
        has no cheaper way than ``Model.fit`` (the engine then fits again)."""
        ...


@runtime_checkable
class Model(Protocol):
    """A forecasting rule. ``alias``: its unique name in outputs and selection scores."""

    alias: str

    def fit(self, y: np.ndarray, X: np.ndarray | None = None) -> Fitted:
        """Choose the configuration and estimate on `y` (log levels, oldest first), `X` (len(y), k)."""
        ...


class NoRefit:
    """Mixin for fitted models with no configuration search: ``refit`` returns None."""

    def refit(self, y: np.ndarray, X: np.ndarray | None = None) -> None:
        return None



class _Quiet:
    """Silence statsmodels' convergence/frequency warnings and numpy floating-point warnings."""

    def __enter__(self):
        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore")
        self._err = np.seterr(all="ignore")
        return self

    def __exit__(self, *exc):
        np.seterr(**self._err)
        return self._ctx.__exit__(*exc)


def silenced() -> _Quiet:
    return _Quiet()


def seasonal_diff_beta(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Regressor effects on log y, by least squares of 12-month differences (with intercept).

    Differencing removes the seasonal pattern and most of the trend, so the coefficients measure
    how the Tết shares and COVID pulses move y against the same month a year earlier.
    """
    if X is None or X.shape[1] == 0 or len(y) <= SEASON + X.shape[1] + 2:
        return np.zeros(0 if X is None else X.shape[1])
    dy = y[SEASON:] - y[:-SEASON]
    dX = X[SEASON:] - X[:-SEASON]
    A = np.column_stack([np.ones(len(dy)), dX])
    coef, *_ = np.linalg.lstsq(A, dy, rcond=None)
    return coef[1:]


class ExogAdjusted:
    """Wrap a model without regressors: fit on y − Xβ, add X_future β back to forecasts and paths."""

    def __init__(self, inner: Model):
        self.inner = inner
        self.alias = inner.alias

    def fit(self, y: np.ndarray, X: np.ndarray | None = None) -> Fitted:
        beta = seasonal_diff_beta(y, X) if X is not None else np.zeros(0)
        adj = y - X @ beta if X is not None and len(beta) else y
        return _AdjustedFit(self.inner.fit(adj, None), beta)


class _AdjustedFit:
    def __init__(self, inner: Fitted, beta: np.ndarray):
        self.inner, self.beta = inner, beta
        self.spec = inner.spec + (" + calendar effects" if len(beta) else "")

    def _effect(self, h: int, X_future: np.ndarray | None) -> np.ndarray:
        if X_future is None or not len(self.beta):
            return np.zeros(h)
        return X_future[:h] @ self.beta

    def forecast(self, h, X_future):
        return self.inner.forecast(h, None) + self._effect(h, X_future)

    def simulate(self, h, n, X_future, rng):
        return self.inner.simulate(h, n, None, rng) + self._effect(h, X_future)[None, :]

    def refit(self, y, X):
        """The same configuration (orders, components) re-estimated on other data (for CV)."""
        beta = seasonal_diff_beta(y, X) if X is not None else np.zeros(0)
        adj = y - X @ beta if X is not None and len(beta) else y
        inner = self.inner.refit(adj, None)
        return _AdjustedFit(inner, beta) if inner is not None else None


def seed_of(rng: np.random.Generator) -> int:
    """An integer seed drawn from `rng`, for statsmodels' `random_state` arguments."""
    return int(rng.integers(0, 2**31 - 1))
