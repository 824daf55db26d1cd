"""What a scenario for a year needs from the store, loaded once per (year, store content, vintage) and
memoised (`forecast.cache.memoize`: a changed store is read again at the next call).

Base-year weights (shares of year - 1 in constant-price GDP, from the four quarters summed), last
year's quarterly GDP levels (weights for a year in progress), and the history of annual growth of
every sector and group: its range and volatility (for the impossibility check and the least-change
plan) and its correlations (for the Gaussian copula).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from forecast.cache import memoize
from forecast.data.api import data_vintage, load
from forecast.data.sectors import GROUPS, LEAVES

from scenarios.errors import NoBaseDataError
from scenarios.messages import Message

# Shrinkage of the historical correlation matrix towards the identity: 14 annual observations of 11
# collinear series give a singular matrix; 10% shrinkage keeps it positive definite.
CORRELATION_SHRINKAGE = 0.10
BASELINE_YEARS = 3


@dataclass(frozen=True, eq=False)
class BaseData:
    """Read-only inputs of the arithmetic for `year` (arrays follow `leaves` / `keys` order)."""

    year: int
    leaves: tuple[str, ...]
    groups: dict[str, tuple[str, ...]]
    data_vintage: str
    last_full_year: int
    levels_prev_bn_vnd: np.ndarray        # (L,) year-1 annual value added, billion VND 2010 prices
    weights: np.ndarray                   # (L,) shares of year-1 GDP, sum 1
    quarters_prev_bn_vnd: np.ndarray      # (4,) year-1 quarterly GDP, billion VND 2010 prices
    published_pct: dict[int, float]       # quarter number -> the year's published GDP growth yoy, %
    history_pct: pd.DataFrame             # annual growth %, years <= year-1, columns = keys
    keys: tuple[str, ...]                 # leaves then groups
    correlation: np.ndarray               # (K, K) shrunk correlation of annual growth, keys order

    def weight(self, key: str) -> float:
        """Share of `key` (leaf or group) in last year's GDP."""
        if key in self.groups:
            return float(sum(self.weights[self.leaves.index(m)] for m in self.groups[key]))
        return float(self.weights[self.leaves.index(key)])

    @cached_property
    def hist_min(self) -> pd.Series:
        """Each key's lowest annual growth in history, %."""
        return self.history_pct.min()

    @cached_property
    def hist_max(self) -> pd.Series:
        """Each key's highest annual growth in history, %."""
        return self.history_pct.max()

    @cached_property
    def hist_sd(self) -> pd.Series:
        """Each key's standard deviation of annual growth, pp (its volatility)."""
        return self.history_pct.std(ddof=1)

    @cached_property
    def hist_stats(self) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
        """(min, max, sd) of each key's annual growth as plain dicts (fast lookups)."""
        return dict(self.hist_min), dict(self.hist_max), dict(self.hist_sd)

    def fallback_baseline(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean of the last three years' growth (L,) and the historical covariance (L, L) of leaves."""
        leaves = list(self.leaves)
        mu = self.history_pct[leaves].tail(BASELINE_YEARS).mean().to_numpy()
        sd = self.history_pct[leaves].std(ddof=1).to_numpy()
        corr = self.correlation[: len(leaves), : len(leaves)]
        return mu, corr * np.outer(sd, sd)


def _annual(quarterly: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Annual sums per sector (full years only) and the last full year."""
    q = quarterly.assign(year=quarterly["period"].str[:4].astype(int),
                         sector=quarterly["series"].str.split(".", n=1).str[1])
    counts = q.groupby(["year", "sector"])["value"].count().unstack("sector")
    full = counts.index[(counts == 4).all(axis=1)]
    annual = q.groupby(["year", "sector"])["value"].sum().unstack("sector").loc[full]
    return annual, int(full.max())


@memoize(maxsize=4)
def last_full_year(root: str | None = None, vintage: str | None = None) -> int:
    """The store's last year with all four quarters of constant-price GDP (a chain starts the year after)."""
    series = [f"gdp_real.{k}" for k in ("total",) + tuple(LEAVES)]
    return _annual(load(series, vintage=vintage, root=Path(root) if root else None))[1]


def chained_base(base: BaseData, year: int, levels_prev_bn_vnd: np.ndarray) -> BaseData:
    """`base` (the chain's first year) moved to a later `year` of the chain: last year's levels (and so
    the weights) are the chain's, billion VND 2010 prices; no quarters (none are published) and the
    same history (the store's)."""
    levels = np.asarray(levels_prev_bn_vnd, dtype=float)
    return replace(base, year=year, levels_prev_bn_vnd=levels, weights=levels / levels.sum(),
                   quarters_prev_bn_vnd=np.zeros(0), published_pct={})


@memoize(maxsize=16)
def base_data(year: int, root: str | None = None, vintage: str | None = None) -> BaseData:
    """Base data for a scenario of `year` (memoised per store content; `root` a store path or None,
    `vintage` YYYY-MM-DD)."""
    leaves = tuple(LEAVES)
    series = [f"gdp_real.{k}" for k in ("total",) + leaves]
    quarterly = load(series, vintage=vintage, root=Path(root) if root else None)
    annual, last_full = _annual(quarterly)
    if year - 1 not in annual.index:
        raise NoBaseDataError(Message("no_base_year", {"year": year, "prev": year - 1, "last": int(last_full),
                                                       "first": int(annual.index.min())}), location="scenario.year")
    for g, members in GROUPS.items():
        annual[g] = annual[list(members)].sum(axis=1)
    keys = leaves + tuple(GROUPS)
    history = (annual[list(keys)].pct_change() * 100.0).dropna(how="all")
    history = history[history.index <= year - 1]
    if len(history) < BASELINE_YEARS:
        raise NoBaseDataError(Message("too_little_history", {"year": year, "years": BASELINE_YEARS,
                                                             "first": int(annual.index.min())}), location="scenario.year")
    levels_prev = annual.loc[year - 1, list(leaves)].to_numpy(dtype=float)
    tot = quarterly[quarterly["series"] == "gdp_real.total"]
    qprev = tot[tot["period"].str.startswith(str(year - 1))].sort_values("period")["value"].to_numpy(dtype=float)
    cur = tot[tot["period"].str.startswith(str(year))].sort_values("period")["value"].to_numpy(dtype=float)
    published = {i + 1: float((v / qprev[i] - 1) * 100) for i, v in enumerate(cur) if i < len(qprev)}
    corr = history.corr().to_numpy() if len(history) >= 3 else np.eye(len(keys))
    corr = np.nan_to_num(corr, nan=0.0)
    corr = (1 - CORRELATION_SHRINKAGE) * corr + CORRELATION_SHRINKAGE * np.eye(len(keys))
    np.fill_diagonal(corr, 1.0)
    return BaseData(
        year=year, leaves=leaves, groups={g: tuple(m) for g, m in GROUPS.items()},
        data_vintage=vintage or data_vintage(Path(root) if root else None), last_full_year=last_full,
        levels_prev_bn_vnd=levels_prev, weights=levels_prev / levels_prev.sum(),
        quarters_prev_bn_vnd=qprev, published_pct=published, history_pct=history, keys=keys, correlation=corr)
