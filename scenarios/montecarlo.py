"""Monte Carlo over a scenario's assumptions: a Gaussian copula with correlations from history.

The user's marginals (ranges, triangular, normal) are tied together, and to the baseline sectors, by
the historical correlation of annual growth (`BaseData.correlation`). Baseline sectors keep the
baseline's own joint draws; the user's normal scores are drawn conditionally on the baseline draws'
standardised values: z_u = A z_b + L e, with A = C_ub C_bb^-1 and L L' = C_uu - A C_bu (exact when the
baseline is Gaussian, as the fallback is). `independent = true` drops the correlations (z_u = e).
The factors depend only on which keys are random, so they are computed once and cached.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from scenarios.basedata import BaseData

PERCENTILES = (5, 10, 50, 90, 95)


@lru_cache(maxsize=128)
def copula_factors(base: BaseData, random_keys: tuple[str, ...], baseline_keys: tuple[str, ...],
                   independent: bool) -> tuple[np.ndarray, np.ndarray]:
    """(A (U, B), L (U, U)) for user scores conditional on baseline scores."""
    u, b = len(random_keys), len(baseline_keys)
    if independent or u == 0:
        return np.zeros((u, b)), np.eye(u)
    iu = [base.keys.index(k) for k in random_keys]
    ib = [base.keys.index(k) for k in baseline_keys]
    C = base.correlation
    c_uu = C[np.ix_(iu, iu)]
    if b == 0:
        return np.zeros((u, 0)), np.linalg.cholesky(c_uu)
    c_ub, c_bb = C[np.ix_(iu, ib)], C[np.ix_(ib, ib)]
    A = np.linalg.solve(c_bb, c_ub.T).T
    cond = c_uu - A @ c_ub.T
    cond = (cond + cond.T) / 2 + 1e-12 * np.eye(u)
    return A, np.linalg.cholesky(cond)


@lru_cache(maxsize=4)
def innovations(seed: int, n: int, u: int) -> np.ndarray:
    """Independent standard normals (n, u) for a seed, cached: a slider move reuses them (read-only)."""
    e = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[1]).standard_normal((n, u))
    e.flags.writeable = False
    return e


def user_scores(rng: np.random.Generator | np.ndarray, n: int, A: np.ndarray, L: np.ndarray,
                baseline_values: np.ndarray, baseline_mean: np.ndarray, baseline_sd: np.ndarray) -> np.ndarray:
    """Standard-normal scores (n, U) for the user's random assumptions, given the baseline draws (n, B).

    `rng`: a Generator, or the independent normals (n, U) themselves (see `innovations`)."""
    u = L.shape[0]
    e = rng if isinstance(rng, np.ndarray) else rng.standard_normal((n, u))
    z = e @ L.T if u else np.zeros((n, 0))
    if u and A.shape[1] and np.any(A):
        # A @ (x - mean) / sd, folded into one product
        scaled = A / np.where(baseline_sd > 0, baseline_sd, 1.0)
        z += baseline_values @ scaled.T - scaled @ baseline_mean
    return z


def summarize(gdp_draws: np.ndarray, target: float) -> tuple[dict[str, float], float]:
    """GDP growth mean and percentiles (%), and the probability (0..1) of reaching `target`."""
    q = np.percentile(gdp_draws, PERCENTILES)
    stats = {"mean": float(gdp_draws.mean()), **{f"p{p}": float(v) for p, v in zip(PERCENTILES, q)}}
    return stats, float(np.count_nonzero(gdp_draws >= target) / gdp_draws.size)
