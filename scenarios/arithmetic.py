"""The statistics office's GDP arithmetic, on plain arrays.

Real growth is measured at constant 2010 prices. A sector's weight is its share of last year's
constant-price GDP (product taxes included); GDP growth is the weighted sum of sector growths and a
sector's contribution in percentage points (pp) is weight x growth, so contributions add up to GDP
growth. Quarterly the same holds with last year's same-quarter levels as weights.

The office's "share of growth" (e.g. "services contributed 49.46% of growth") divides a sector's pp
by the sum of the pp of all sectors but product taxes.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from forecast.data.sectors import OFFICE_SECTORS

EXCLUDED_FROM_SHARE = ("taxes",)


def weights_from_levels(levels_prev: np.ndarray) -> np.ndarray:
    """Shares (summing to 1) of last year's constant-price levels, along the last axis."""
    levels_prev = np.asarray(levels_prev, dtype=float)
    return levels_prev / levels_prev.sum(axis=-1, keepdims=True)


def growth_pct(level: np.ndarray, level_prev: np.ndarray) -> np.ndarray:
    """Growth in % of `level` over `level_prev` (e.g. a year's four quarters summed over last year's)."""
    return (np.asarray(level, dtype=float) / np.asarray(level_prev, dtype=float) - 1.0) * 100.0


def contributions_pp(growth_pct_: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Contribution of each sector to GDP growth, percentage points: weight x growth (last axis = sectors)."""
    return np.asarray(growth_pct_, dtype=float) * np.asarray(weights, dtype=float)


def gdp_growth_pct(growth_pct_: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """GDP growth, %: sector growths (last axis; one row per draw if 2-D) weighted by last year's shares."""
    return np.asarray(growth_pct_, dtype=float) @ np.asarray(weights, dtype=float)


def group_pp(pp: Mapping[str, float], groups: Mapping[str, Iterable[str]]) -> dict[str, float]:
    """Percentage points of each group: the sum of its members' points."""
    return {g: float(sum(pp[m] for m in members)) for g, members in groups.items()}


def share_of_growth_pct(pp: Mapping[str, float], keys: Iterable[str] | None = None,
                        groups: Mapping[str, Iterable[str]] = OFFICE_SECTORS,
                        excluded: Iterable[str] = EXCLUDED_FROM_SHARE) -> dict[str, float | None]:
    """The office's share of growth, %: a sector's (or group's) pp over the pp of all sectors but taxes.

    `pp` holds the points of every leaf sector. `keys` are the leaves and groups to report (default:
    every leaf of `pp` and every group of `groups`); excluded sectors (taxes) get None, as does every
    key when the denominator is zero.
    """
    excluded = set(excluded)
    denom = sum(v for k, v in pp.items() if k not in excluded)
    all_pp = {**pp, **group_pp(pp, groups)}
    keys = list(pp) + [g for g in groups if g not in pp] if keys is None else list(keys)
    out: dict[str, float | None] = {}
    for k in keys:
        out[k] = None if (k in excluded or denom == 0) else float(all_pp[k] / denom * 100.0)
    return out
