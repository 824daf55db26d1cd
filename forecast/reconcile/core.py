"""Forecast reconciliation by projection (Wickramasuriya, Athanasopoulos & Hyndman 2019, "MinT"),
applied to sample paths so that every path, and therefore every interval, adds up.

A hierarchy of n = 1 + m nodes (a total and m bottom series, in that order) has the summing matrix
S (n × m): first row the weights w (1 for sums of flows; index weights for the IIP), then the m × m
identity. Given base forecasts ŷ (n) of every node, the reconciled forecasts are

    ỹ = S G ŷ,   G = (S' W⁻¹ S)⁻¹ S' W⁻¹,

the W-weighted least-squares projection onto the coherent subspace {S b}. Methods (``METHODS``):

* ``ols``: W = I (every node's error counts alike);
* ``wls``: W = diag of the nodes' error variances;
* ``mint_shrink``: W from Schäfer & Strimmer's (2005) shrinkage of the residual covariance towards its
  diagonal (``shrink_covariance``), the estimator Wickramasuriya et al. recommend.

The variances can be the residuals' own, or (``scale``, what ``forecast.reconcile.paths`` passes)
each base forecast's spread at the month reconciled; MinT-shrink then keeps the shrunk residual
correlation and rescales it by those spreads. Why: the engine's sample paths of a small product
group can be very wide (heavy tails), and with residual-based weights the projection spread one
node's wide paths over every other node (backtest, docs/backtest.md).

The residuals are in the series' units (million USD, index points); ``forecast.reconcile.hierarchies``
says which. Projection is linear, so it is applied path by path and month by month (paths of the
nodes are paired by row); each reconciled path satisfies the aggregation constraint to rounding
(``coherence_gap``). Reconciliation does not clip: a part forced below zero is reported by the
caller, not hidden.
"""
from __future__ import annotations

import numpy as np

METHODS = ("ols", "wls", "mint_shrink")


def summing_matrix(n_bottom: int, weights: np.ndarray | None = None) -> np.ndarray:
    """S (1 + n_bottom, n_bottom): the total row (`weights`, default ones) above the identity."""
    w = np.ones(n_bottom) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (n_bottom,):
        raise ValueError(f"weights have shape {w.shape}, expected ({n_bottom},)")
    return np.vstack([w[None, :], np.eye(n_bottom)])


def shrink_covariance(resid: np.ndarray) -> tuple[np.ndarray, float]:
    """(covariance, λ): Schäfer–Strimmer shrinkage of the sample covariance of `resid` (T × n, rows
    are times; NaN rows dropped) towards its diagonal.

    On the standardised residuals x: R = sample correlation, λ = Σ_{i≠j} Var(r_ij) / Σ_{i≠j} r_ij²
    with Var(r_ij) = T / (T-1)³ Σ_t (x_ti x_tj − mean_t x_ti x_tj)², clipped to [0, 1]; the estimate is
    D^½ (λ I + (1-λ) R) D^½ with D the sample variances (as in R's hts::shrink.estim)."""
    r = np.asarray(resid, dtype=float)
    r = r[np.isfinite(r).all(axis=1)]
    t, n = r.shape
    if t < 3:
        raise ValueError(f"{t} complete residual rows are too few to estimate a covariance")
    sd = r.std(axis=0, ddof=1)
    sd = np.where(sd > 0, sd, 1e-12)
    x = (r - r.mean(axis=0)) / sd
    w = x[:, :, None] * x[:, None, :]                 # T × n × n
    corr = w.mean(axis=0) * t / (t - 1)
    var_r = t / (t - 1) ** 3 * ((w - w.mean(axis=0)) ** 2).sum(axis=0)
    off = ~np.eye(n, dtype=bool)
    denom = float((corr[off] ** 2).sum())
    lam = 1.0 if denom == 0 else float(np.clip(var_r[off].sum() / denom, 0.0, 1.0))
    shrunk = lam * np.eye(n) + (1 - lam) * corr
    np.fill_diagonal(shrunk, 1.0)
    return shrunk * np.outer(sd, sd), lam


def error_weights(method: str, resid: np.ndarray, scale: np.ndarray | None = None
                  ) -> tuple[np.ndarray, float | None]:
    """(W, λ or None) of `method` from residuals (T × n, nodes in S's row order).

    `scale` (n,), when given, is each node's forecast standard deviation at the month reconciled: WLS
    then uses its square, and MinT-shrink the shrunk residual *correlation* rescaled by it. Without it
    the residuals' own variances are used."""
    n = np.asarray(resid).shape[1]
    if method == "ols":
        return np.eye(n), None
    r = np.asarray(resid, dtype=float)
    r = r[np.isfinite(r).all(axis=1)]
    sd = np.sqrt(np.maximum(r.var(axis=0, ddof=1), 1e-12)) if scale is None else np.maximum(scale, 1e-9)
    if method == "wls":
        return np.diag(sd ** 2), None
    if method == "mint_shrink":
        cov, lam = shrink_covariance(r)
        d = np.sqrt(np.diag(cov))
        return cov / np.outer(d, d) * np.outer(sd, sd), lam
    raise ValueError(f"unknown reconciliation method {method!r}; known: {', '.join(METHODS)}")


def projection(S: np.ndarray, W: np.ndarray) -> np.ndarray:
    """P = S (S' W⁻¹ S)⁻¹ S' W⁻¹ (n × n): ỹ = P ŷ is coherent, and P leaves coherent ŷ unchanged."""
    Winv = np.linalg.pinv(W)
    G = np.linalg.solve(S.T @ Winv @ S, S.T @ Winv)
    return S @ G


def reconcile_paths(paths: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Reconciled paths: `paths` (n_nodes, n_paths, horizon), node order as P's; each (path, month)
    vector of node values is projected."""
    p = np.asarray(paths, dtype=float)
    return np.einsum("ij,jkh->ikh", P, p)


def coherence_gap(paths: np.ndarray, S: np.ndarray) -> float:
    """Largest |total − w·parts| over every path and month, relative to the total's mean level."""
    p = np.asarray(paths, dtype=float)
    gap = p[0] - np.einsum("j,jkh->kh", S[0], p[1:])
    return float(np.max(np.abs(gap)) / max(float(np.mean(np.abs(p[0]))), 1e-12))
