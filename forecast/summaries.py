"""What planners read off a forecast, computed from its sample paths (pure functions, no I/O).

* ``monthly_table(sp)``: per forecast month the mean, median and 80%/95% intervals in the series'
  unit, and the same read as growth: month vs same month last year (``yoy_*``, %) and January..month
  vs the same months last year (``ytd_yoy_*``, %), the way GSO releases and the office report them.
* ``annual_distribution(sp, year, ...)``: the distribution of the year's growth (%) with the
  months already published fixed at their values, its percentiles, and the probability of a growth
  target or a level target.

Annual growth is the year's aggregate against last year's: the mean of the 12 monthly values for
an index (IIP), the sum for a flow (exports, imports, retail). The ratio of means of 12 months
equals the ratio of sums, so growth is computed the same way for both; the aggregation matters
for a *level* target (a mean index level vs a total). Year-to-date growth likewise.

Every number comes from the same paths, so means, intervals and probabilities agree with each
other: P(growth >= target) is exactly the share of paths whose growth reaches the target.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from forecast.errors import GrowthsimError
from forecast.periods import to_str, year_months
from forecast.sample_paths import SamplePaths

PERCENTILES = (5, 10, 50, 90, 95)


#: a series' kind -> how its year's figure is made from the 12 months (forecast.input_csv.KINDS)
KIND_AGGREGATION = {"index": "mean", "flow": "sum"}


def aggregation(series: str, unit: str = "", kind: str | None = None) -> str:
    """'mean' for an index, 'sum' for a flow: from `kind` ('index' / 'flow') when given (a user's own
    series says what it is), else from the store's conventions: an index is the IIP, CPI or any unit
    starting 'index'."""
    if kind is not None:
        return KIND_AGGREGATION[kind]
    s, u = series.lower(), (unit or "").lower()
    if u.startswith("index") or s.split(".")[0] in ("iip", "cpi") or "index" in s:
        return "mean"
    return "sum"


def full_matrix(sp: SamplePaths) -> tuple[pd.PeriodIndex, np.ndarray]:
    """(months, array n_paths × (len(history)+horizon)): history repeated on every path, then the paths."""
    hist = sp.history.to_numpy(dtype=float)
    periods = sp.history.index.append(sp.periods)
    mat = np.concatenate([np.broadcast_to(hist, (sp.n_paths, len(hist))), np.asarray(sp.paths, dtype=float)],
                         axis=1)
    return periods, mat


def _quantiles(x: np.ndarray, qs) -> np.ndarray:
    return np.nanpercentile(x, qs, axis=0)


def monthly_table(sp: SamplePaths) -> pd.DataFrame:
    """One row per forecast month: series, period ('YYYY-MM'), mean, median, lo80, hi80, lo95, hi95 (series' unit),
    yoy_pct, yoy_lo80, yoy_hi80, ytd_yoy_pct, ytd_yoy_lo80, ytd_yoy_hi80 (%, NaN where last year's
    months are not in the history), model, unit, origin, data_vintage."""
    periods, mat = full_matrix(sp)
    pos = {p: i for i, p in enumerate(periods)}
    paths = np.asarray(sp.paths, dtype=float)
    q = _quantiles(paths, [10, 90, 2.5, 97.5, 50])
    rows = []
    for j, p in enumerate(sp.periods):
        col = pos[p]
        prev = pos.get(p - 12)
        yoy = 100 * (mat[:, col] / mat[:, prev] - 1) if prev is not None else np.full(sp.n_paths, np.nan)
        span_cur = [pos.get(p - k) for k in range(p.month)]
        span_prev = [pos.get(p - k - 12) for k in range(p.month)]
        if None in span_cur or None in span_prev:
            ytd = np.full(sp.n_paths, np.nan)
        else:
            ytd = 100 * (mat[:, span_cur].sum(axis=1) / mat[:, span_prev].sum(axis=1) - 1)
        yq = np.nanpercentile(yoy, [50, 10, 90]) if np.isfinite(yoy).any() else [np.nan] * 3
        tq = np.nanpercentile(ytd, [50, 10, 90]) if np.isfinite(ytd).any() else [np.nan] * 3
        rows.append({
            "series": sp.series, "period": to_str(p), "mean": paths[:, j].mean(), "median": q[4, j],
            "lo80": q[0, j], "hi80": q[1, j], "lo95": q[2, j], "hi95": q[3, j],
            "yoy_pct": float(np.nanmean(yoy)) if np.isfinite(yoy).any() else np.nan,
            "yoy_lo80": yq[1], "yoy_hi80": yq[2],
            "ytd_yoy_pct": float(np.nanmean(ytd)) if np.isfinite(ytd).any() else np.nan,
            "ytd_yoy_lo80": tq[1], "ytd_yoy_hi80": tq[2],
            "model": sp.model, "unit": sp.unit, "origin": to_str(sp.origin),
            "data_vintage": sp.data_vintage,
        })
    return pd.DataFrame(rows)


def year_values(sp: SamplePaths, year: int) -> tuple[np.ndarray, np.ndarray]:
    """(this year, last year): arrays n_paths × 12, published months fixed, the rest from the paths."""
    periods, mat = full_matrix(sp)
    pos = {p: i for i, p in enumerate(periods)}
    out = []
    for y in (year, year - 1):
        months = year_months(y)
        missing = [m for m in months if m not in pos]
        if missing:
            have = f"{periods[0]}..{periods[-1]}"
            raise GrowthsimError(f"{sp.series}: year {year} needs the months {missing[0]}..{missing[-1]}, "
                                 f"but the data and forecast cover {have}")
        out.append(mat[:, [pos[m] for m in months]])
    return out[0], out[1]


def annual_growth_paths(sp: SamplePaths, year: int) -> np.ndarray:
    """Per path, the year's growth in % (aggregate of the 12 months vs last year's)."""
    cur, prev = year_values(sp, year)
    return 100 * (cur.sum(axis=1) / prev.sum(axis=1) - 1)


def annual_level_paths(sp: SamplePaths, year: int, agg: str | None = None) -> np.ndarray:
    """Per path, the year's level: mean of the months (index) or their sum (flow), series' unit."""
    cur, _ = year_values(sp, year)
    agg = agg or aggregation(sp.series, sp.unit)
    return cur.mean(axis=1) if agg == "mean" else cur.sum(axis=1)


def growth_draws(sp: SamplePaths, year: int, *, gaps_pp: np.ndarray | None = None,
                 known_gap_pp: float | None = None, seed: int = 0) -> tuple[np.ndarray, dict]:
    """Per path, the year's growth in %, minus the IIP gap (see ``annual_distribution``); and a
    description of the gap adjustment ({} when none)."""
    growth = annual_growth_paths(sp, year)
    if known_gap_pp is not None:
        return growth - known_gap_pp, {"kind": "known", "gap_pp": float(known_gap_pp)}
    if gaps_pp is not None and len(gaps_pp):
        g = np.asarray(gaps_pp, dtype=float)
        draws = np.random.default_rng(seed).choice(g, size=len(growth), replace=True)
        return growth - draws, {"kind": "empirical", "years": int(len(g)), "mean_pp": float(g.mean()),
                                "sd_pp": float(g.std(ddof=1)) if len(g) > 1 else 0.0}
    return growth, {}


def distribution(x: np.ndarray) -> dict:
    """Mean and the 5th, 10th, 50th, 90th, 95th percentiles of draws `x` (their unit), as `p5` .. `p95`."""
    q = np.percentile(x, PERCENTILES)
    return {"mean": float(np.mean(x)), **{f"p{p}": float(v) for p, v in zip(PERCENTILES, q)}}


def annual_distribution(sp: SamplePaths, year: int, *, target_pct: float | None = None,
                        target_level: float | None = None, target_range: tuple[float, float] | None = None,
                        gaps_pp: np.ndarray | None = None, known_gap_pp: float | None = None,
                        agg: str | None = None, seed: int = 0) -> dict:
    """Distribution of `year`'s growth (%) and level from the paths, and target probabilities.

    `gaps_pp`: for the IIP, historical gaps (level growth − published full-year rate, pp); each path
    gets one gap drawn at random and subtracted, so the distribution is of the *published* figure,
    with the uncertainty of that gap carried in. `known_gap_pp`: the gap of `year` itself when it is
    already known (the year is complete and published): then it is used on every path.
    `target_pct` → ``probability_reach`` = P(growth ≥ target); `target_level` → P(level ≥ target);
    `target_range` (low, high) → ``probability_reach`` = P(growth ≥ low) and
    ``probability_in_range`` = P(low ≤ growth ≤ high).
    """
    growth, gap_info = growth_draws(sp, year, gaps_pp=gaps_pp, known_gap_pp=known_gap_pp, seed=seed)
    level = annual_level_paths(sp, year, agg)
    published_months = int((sp.history.index.year == year).sum())
    out = {
        "series": sp.series, "year": int(year), "origin": to_str(sp.origin), "data_vintage": sp.data_vintage,
        "model": sp.model, "unit": sp.unit, "months_published": int(published_months),
        "aggregation": agg or aggregation(sp.series, sp.unit), "n_paths": int(sp.n_paths),
    }
    if gap_info:
        out["gap_adjustment"] = gap_info
    out["growth"] = distribution(growth)
    out["level"] = distribution(level)
    if target_pct is not None:
        out["target"] = {"kind": "growth_pct", "value": float(target_pct)}
        out["probability_reach"] = float(np.mean(growth >= target_pct))
    elif target_range is not None:
        lo, hi = sorted(target_range)
        out["target"] = {"kind": "growth_pct_range", "low": float(lo), "high": float(hi)}
        out["probability_reach"] = float(np.mean(growth >= lo))
        out["probability_in_range"] = float(np.mean((growth >= lo) & (growth <= hi)))
    elif target_level is not None:
        out["target"] = {"kind": "level", "value": float(target_level), "unit": sp.unit}
        out["probability_reach"] = float(np.mean(level >= target_level))
    return out
