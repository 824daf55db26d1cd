"""Small pure functions on a monthly indicator's published levels, for the app's indicators view.

* ``history_growth_pct(levels, "yoy" | "ytd")``: month vs the same month last year, or January..month
  vs the same months last year (sum over sum: right for flows, and for an index, whose year-to-date
  growth is the mean of the months over last year's mean).

What the remaining months of a year need is `forecast.track` (the CLI's `forecast track` and the
Indicators view's tracking panel both call it).
"""
from __future__ import annotations

import pandas as pd

from forecast import periods as P


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
