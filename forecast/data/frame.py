"""The observation record every importer produces and the store keeps.

One row per (series, period) and vintage, long format:

| column  | meaning |
|---------|---------|
| series  | series id, e.g. ``iip``, ``iip.manufacturing.yoy``, ``exports``, ``gdp_real.services`` |
| period  | ``YYYY-MM`` (monthly), ``YYYYQn`` (quarterly) or ``YYYY`` (annual) |
| value   | float in the series' unit |
| unit    | e.g. ``index 2015=100``, ``%``, ``million USD``, ``billion VND`` |
| source  | raw file the value comes from, relative to the GSO folder (``tables/iip.csv``) or a
|           file name for an imported release; ``derived`` for values computed by growthsim |
| item    | the row/indicator label in that source (``Toàn ngành công nghiệp``, ``NGDP_R_PA_XDC``) |
| vintage | ``YYYY-MM-DD``: release date of the value (for derived values: newest input's vintage) |
| status  | ``final`` · ``revised`` · ``first_estimate`` · ``published`` · ``derived`` |
"""
from __future__ import annotations

import pandas as pd

from forecast import periods as P
from forecast.periods import freq_of

OBS_COLUMNS = ["series", "period", "value", "unit", "source", "item", "vintage", "status"]
META_COLUMNS = ["id", "name_vi", "name_en", "unit", "freq", "source", "note"]
STATUSES = {"final", "revised", "first_estimate", "published", "derived"}

def empty_obs() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in OBS_COLUMNS})


def empty_meta() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in META_COLUMNS})


def check_obs(df: pd.DataFrame, where: str = "observations") -> pd.DataFrame:
    """Validate an observation frame (columns, periods, statuses, one row per series/period/vintage).

    Returns the frame with columns in canonical order; raises ValueError naming the first bad row.
    This guards the store against importer bugs, not user input (importers report that themselves).
    """
    missing = [c for c in OBS_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{where}: missing columns {missing}")
    df = df[OBS_COLUMNS].copy()
    df["value"] = pd.to_numeric(df["value"], errors="raise").astype("float64")
    bad = df[~df["status"].isin(STATUSES)]
    if len(bad):
        raise ValueError(f"{where}: unknown status {bad['status'].iloc[0]!r} for {bad['series'].iloc[0]}")
    for p in df["period"].unique():
        freq_of(p)  # ValueError naming a period that is no month, quarter or year
    if df["value"].isna().any():
        row = df[df["value"].isna()].iloc[0]
        raise ValueError(f"{where}: missing value for {row['series']} {row['period']}")
    dup = df.duplicated(["series", "period", "vintage"], keep=False)
    if dup.any():
        row = df[dup].iloc[0]
        raise ValueError(f"{where}: {row['series']} {row['period']} vintage {row['vintage']} appears twice")
    return df


def latest(df: pd.DataFrame) -> pd.DataFrame:
    """Keep the newest vintage of each (series, period)."""
    if df.empty:
        return df
    df = df.sort_values(["series", "period", "vintage"], kind="mergesort")
    return df.drop_duplicates(["series", "period"], keep="last").reset_index(drop=True)


def as_series(obs: pd.DataFrame, name: str | None = None, freq: str | None = None) -> pd.Series:
    """One series' observations (a frame with ``period`` and ``value``) as a float Series on a
    PeriodIndex (`freq` ``M`` or ``Q``; default: read from the periods), named `name`."""
    idx = P.to_index(obs["period"]) if freq is None else P.to_index(obs["period"], freq)
    return pd.Series(obs["value"].to_numpy(float), index=idx, name=name)

