"""Forecast accuracy metrics, as plain functions of arrays.

Conventions (the same as Hyndman & Koehler 2006 and the M4/M5 competitions):

* ``mase``: mean absolute error divided by the in-sample mean absolute error of the seasonal naive
  rule (``y[t] - y[t-12]``) on the history available at the origin. Below 1 means better than
  what seasonal naive achieved in sample; seasonal naive itself scores about 1 out of sample.
* ``smape``: symmetric MAPE in percent, ``200 * |F - A| / (|A| + |F|)`` (0..200).
* ``coverage``: share of outcomes inside an interval (0..1).
* ``crps``: continuous ranked probability score of a sample (same unit as the series),
  ``E|X - y| - E|X - X'| / 2``; divided by the seasonal-naive scale it is ``scaled CRPS``.
* ``pinball``: quantile (pinball) loss of one quantile.
* ``growth_pct``: the 12-month growth used by the office: the sum (or, for an index like the IIP,
  the mean; with 12 months on both sides the two agree) of the 12 months after an origin against
  the 12 months before it, in percent.
"""
from __future__ import annotations

import numpy as np

SEASON = 12


def seasonal_naive_scale(history: np.ndarray, m: int = SEASON) -> float:
    """In-sample MAE of the seasonal naive rule on `history` (NaN when it has <= m points)."""
    h = np.asarray(history, dtype=float)
    if h.size <= m:
        return float("nan")
    return float(np.mean(np.abs(h[m:] - h[:-m])))


def mase(actual: np.ndarray, point: np.ndarray, scale: float) -> float:
    """Mean absolute scaled error of a point forecast (NaN-safe over missing actuals)."""
    e = np.abs(np.asarray(actual, float) - np.asarray(point, float))
    return float(np.nanmean(e) / scale) if scale > 0 else float("nan")


def smape(actual: np.ndarray, point: np.ndarray) -> float:
    """Symmetric MAPE, percent (0..200); a term with actual = forecast = 0 counts 0."""
    a = np.asarray(actual, float)
    f = np.asarray(point, float)
    den = np.abs(a) + np.abs(f)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(den > 0, 200.0 * np.abs(f - a) / den, 0.0)
    terms[np.isnan(a) | np.isnan(f)] = np.nan
    return float(np.nanmean(terms))


def coverage(actual: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    """Share (0..1) of non-missing outcomes with lo <= actual <= hi."""
    a = np.asarray(actual, float)
    ok = ~np.isnan(a)
    inside = (a >= np.asarray(lo, float)) & (a <= np.asarray(hi, float))
    return float(inside[ok].mean()) if ok.any() else float("nan")


def crps_sample(samples: np.ndarray, actual: np.ndarray) -> np.ndarray:
    """CRPS of each column of `samples` (n_paths, horizon) against `actual` (horizon,).

    Uses the sorted-sample identity E|X - X'| = 2/n^2 * sum_i (2i - n - 1) x_(i), so it is
    O(n log n) per step rather than O(n^2).
    """
    x = np.sort(np.asarray(samples, float), axis=0)
    n = x.shape[0]
    a = np.asarray(actual, float)
    term1 = np.mean(np.abs(x - a[None, :]), axis=0)
    w = (2 * np.arange(1, n + 1) - n - 1)[:, None]
    term2 = np.sum(w * x, axis=0) / (n * n)  # = E|X - X'| / 2
    return term1 - term2


def pinball(actual: np.ndarray, quantile: np.ndarray, tau: float) -> float:
    """Mean pinball (quantile) loss of the `tau`-quantile forecast."""
    a = np.asarray(actual, float)
    q = np.asarray(quantile, float)
    d = a - q
    return float(np.nanmean(np.maximum(tau * d, (tau - 1) * d)))


def growth_pct(before: np.ndarray, after: np.ndarray, how: str = "sum") -> float:
    """Growth in percent of `after` over `before` (12 months each): sum vs sum, or mean vs mean."""
    b = np.asarray(before, float)
    a = np.asarray(after, float)
    if how == "mean":
        return float((np.mean(a) / np.mean(b) - 1) * 100)
    return float((np.sum(a) / np.sum(b) - 1) * 100)


def path_growth_pct(before: np.ndarray, paths: np.ndarray, how: str = "sum") -> np.ndarray:
    """12-month growth (percent) of each sample path (n_paths, 12) over the 12 observed months."""
    b = np.asarray(before, float)
    p = np.asarray(paths, float)
    if how == "mean":
        return (p.mean(axis=1) / b.mean() - 1) * 100
    return (p.sum(axis=1) / b.sum() - 1) * 100
