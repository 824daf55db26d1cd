"""Small pure functions on a monthly indicator's published levels, for the app's indicators view.

* ``history_growth_pct(levels, "yoy" | "ytd")``: month vs the same month last year, or January..month
  vs the same months last year (sum over sum: right for flows, and for an index, whose year-to-date
  growth is the mean of the months over last year's mean).
* ``remaining_months_growth_pct(levels, year, target_pct=… | target_level=…, agg=…)``: the one growth
  rate (vs the same months last year) every month not yet published needs for `year` to reach a
  growth or level target; wraps ``scenarios.required.months_required``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from forecast import periods as P
from scenarios.required import months_required


def _by_month(levels: pd.Series) -> dict[pd.Period, float]:
    return dict(zip(P.to_index(levels.index), levels.to_numpy(dtype=float)))


def history_growth_pct(levels: pd.Series, kind: str) -> pd.Series:
    """Growth % per month of `levels` (months: PeriodIndex or 'YYYY-MM'), as a series with a monthly
    PeriodIndex: kind 'yoy' or 'ytd'; months lacking last year dropped."""
    if kind not in ("yoy", "ytd"):
        raise ValueError(f"kind is 'yoy' or 'ytd', got {kind!r}")
    values = _by_month(levels)
    out = {}
    for p in values:
        span = [p - k for k in range(p.month)] if kind == "ytd" else [p]
        prev = [q - 12 for q in span]
        if all(q in values for q in span + prev):
            out[p] = 100 * (sum(values[q] for q in span) / sum(values[q] for q in prev) - 1)
    return pd.Series(list(out.values()), index=pd.PeriodIndex(list(out), freq=P.MONTH), dtype=float,
                     name=f"{levels.name}.{kind}")


def remaining_months_growth_pct(levels: pd.Series, year: int, *, target_pct: float | None = None,
                                target_level: float | None = None, agg: str = "sum") -> float:
    """Growth % vs the same months of `year - 1` that each unpublished month of `year` needs.

    `target_level` is the year's total (a flow, agg='sum') or the year's mean index (agg='mean').
    NaN when every month of `year` is published. ValueError when `year - 1` is not complete.
    """
    values = _by_month(levels)
    missing = [m for m in P.year_months(year - 1) if m not in values]
    if missing:
        raise ValueError(f"{year - 1} is not complete in the data (missing {missing[0]})")
    prev = np.array([values[m] for m in P.year_months(year - 1)])
    cur = np.array([values.get(m, np.nan) for m in P.year_months(year)])
    known = 100 * (cur / prev - 1)
    if target_level is not None and agg == "mean":
        target_level = 12 * target_level
    need = months_required(prev, known, target_growth_pct=target_pct, target_level=target_level)
    rest = need[~np.isnan(need)]
    return float(rest[0]) if rest.size else float("nan")
