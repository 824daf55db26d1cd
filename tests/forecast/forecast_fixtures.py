"""Shared helpers of the forecast tests (engine, CLI): a synthetic monthly series and a small store."""
from __future__ import annotations

import numpy as np
import pandas as pd

from forecast.data.store import Store, StoreContent, catalog_from
from forecast.tet_regressors import tet_regressors


def synthetic(start="2014-01", end="2024-12", seed=0, growth=0.08, level=20000.0) -> pd.Series:
    """Exports-like: trend, seasonality, a Tết dip (holiday) and lift (pre-Tết), AR(1) noise."""
    periods = list(pd.period_range(start, end, freq="M").strftime("%Y-%m"))
    n = len(periods)
    rng = np.random.default_rng(seed)
    season = 0.06 * np.sin(2 * np.pi * np.arange(12) / 12) + 0.03 * np.cos(4 * np.pi * np.arange(12) / 12)
    tet = tet_regressors(periods)
    noise = np.zeros(n)
    e = rng.normal(0, 0.025, n)
    for t in range(1, n):
        noise[t] = 0.4 * noise[t - 1] + e[t]
    logy = (np.log(level) + growth / 12 * np.arange(n) + season[np.arange(n) % 12]
            - 0.25 * tet["tet_holiday"].to_numpy() + 0.08 * tet["tet_pre"].to_numpy() + noise)
    return pd.Series(np.exp(logy), index=periods, name="synthetic")


def write_store(root, series: dict[str, pd.Series]):
    rows = []
    for sid, y in series.items():
        for p, v in y.items():
            rows.append({"series": sid, "period": p, "value": float(v), "unit": "million USD", "source": "test",
                         "item": sid, "vintage": "2025-01-15", "status": "published"})
    obs = pd.DataFrame(rows)
    meta = pd.DataFrame([{"id": s, "name_vi": s, "name_en": s, "unit": "million USD", "freq": "M",
                          "source": "test", "note": ""} for s in series])
    rev = pd.DataFrame(columns=["series", "period", "value", "unit", "source", "item", "vintage", "status",
                                "superseded_by"])
    Store(root).write(StoreContent(official=obs, derived=obs.iloc[0:0], revisions=rev,
                                   catalog=catalog_from(meta, obs)))
    return root
