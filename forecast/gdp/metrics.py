"""Accuracy of annual GDP calls: errors in percentage points, 80% interval coverage and width.

A call is one (year, origin, model) row of ``gdp_calls.csv``; its error is the mean of the draws
minus the truth, the office's first estimate of the year's growth or its current estimate (%).
Origins fall in three buckets by the month of the call: ``prev_oct_dec`` (October-December of the
year before), ``jan_jun`` and ``jul_dec`` of the year; COVID years (2020, 2021) are scored
apart (``covid`` = ``excluded`` or ``only``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from forecast import periods as P

BUCKETS = ("prev_oct_dec", "jan_jun", "jul_dec")
COVID_YEARS = frozenset({2020, 2021})
METRIC_COLUMNS = ["model", "bucket", "truth", "covid", "n", "mae", "mean_error", "rmse", "cov80", "width80"]
#: The issue's targets: MAE (pp) per bucket, 2015-2024 without 2020-21, against the first estimate.
TARGETS = {"prev_oct_dec": 0.8, "jan_jun": 0.6, "jul_dec": 0.38}


def bucket(year: int, origin: pd.Period | str) -> str:
    """The bucket of a call of `year` made at the end of month `origin`."""
    m = P.month(origin, "origin")
    if m.year == year - 1 and m.month >= 10:
        return "prev_oct_dec"
    if m.year == year:
        return "jan_jun" if m.month <= 6 else "jul_dec"
    raise ValueError(f"origin {m} is not October of {year - 1} to December of {year}")


def months_to_year_end(year: int, origin: pd.Period | str) -> int:
    """Months from the origin to December of `year` (0 at December)."""
    return P.months_between(P.month(origin, "origin"), P.last_month(int(year)))


def metrics(calls: pd.DataFrame, truths: dict[str, dict[int, float]]) -> pd.DataFrame:
    """One row per model × bucket × truth × covid group that has calls (columns `METRIC_COLUMNS`).

    `calls`: columns year, origin, model, mean, p10, p90; `truths`: {truth name: {year: growth %}}.
    cov80 is the share of calls whose truth lies in [p10, p90]; width80 the mean p90 - p10 (pp);
    both empty for point calls (no p10/p90)."""
    c = calls.assign(bucket=[bucket(int(y), o) for y, o in zip(calls["year"], calls["origin"])],
                     covid=np.where(calls["year"].astype(int).isin(COVID_YEARS), "only", "excluded"))
    rows = []
    for truth, by_year in truths.items():
        t = c.assign(truth_value=c["year"].astype(int).map(by_year)).dropna(subset=["truth_value", "mean"])
        for (model, b, cov), g in t.groupby(["model", "bucket", "covid"], sort=False):
            e = g["mean"] - g["truth_value"]
            has_pi = g["p10"].notna().all() and g["p90"].notna().all()
            # 1e-9 pp: a December call (every quarter published) is a zero-width band at the truth
            inside = (g["truth_value"] >= g["p10"] - 1e-9) & (g["truth_value"] <= g["p90"] + 1e-9)
            rows.append({"model": model, "bucket": b, "truth": truth, "covid": cov, "n": len(g),
                         "mae": e.abs().mean(), "mean_error": e.mean(), "rmse": float(np.sqrt((e ** 2).mean())),
                         "cov80": inside.mean() if has_pi else np.nan,
                         "width80": (g["p90"] - g["p10"]).mean() if has_pi else np.nan})
    out = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    order = {b: i for i, b in enumerate(BUCKETS)}
    return out.sort_values(["truth", "covid", "bucket", "model"], key=lambda s: s.map(order) if s.name == "bucket"
                           else s, kind="mergesort").reset_index(drop=True)


def targets_table(m: pd.DataFrame) -> pd.DataFrame:
    """MAE per model and bucket (first estimate, COVID years excluded) beside the issue's targets."""
    sel = m[(m["truth"] == "first_estimate") & (m["covid"] == "excluded")]
    t = sel.pivot(index="model", columns="bucket", values="mae").reindex(columns=list(BUCKETS))
    t.loc["target"] = [TARGETS[b] for b in BUCKETS]
    return t
