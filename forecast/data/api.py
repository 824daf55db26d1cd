"""Python API over the curated store: `load`, `catalog`, `vintages`, `tet_dates`.

All functions return tidy frames (``series, period, value`` plus provenance columns) so one
series or many flow through the same code, and straight into an export.
"""
from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd

from forecast import cache
from forecast import periods as P
from forecast.data.frame import OBS_COLUMNS
from forecast.data.store import Store, default_root
from forecast.errors import GrowthsimError, UnknownSeriesError


@cache.memoize(maxsize=4)
def _cached(root: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(latest, catalog, revisions) of the store at `root`, memoised per store content."""
    st = Store(root)
    return st.read_latest(), st.read_catalog(), st.read_revisions()


def _store_frames(root: str | Path | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    root = Path(root) if root is not None else default_root()
    if not (root / "catalog.csv").exists():
        raise GrowthsimError("no data store found: run 'growthsim data build --source <GSO folder>'", source=str(root))
    with Store(root).reading():   # completes an interrupted import first; no write runs meanwhile
        return _cached(str(root))


def catalog(root: str | Path | None = None) -> pd.DataFrame:
    """Every series: id, names (vi, en), unit, frequency, first/last period, count, last vintage, source."""
    return _store_frames(root)[1].copy()


def check_series(ids: list[str], root: str | Path | None = None) -> None:
    """Raise UnknownSeriesError naming the unknown ids, with close matches from the catalog."""
    known = set(catalog(root)["id"])
    bad = [s for s in ids if s not in known]
    if bad:
        hints = []
        for s in bad:
            close = difflib.get_close_matches(s, sorted(known), n=3, cutoff=0.6)
            hints.append(f"{s!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
        raise UnknownSeriesError(f"unknown series {', '.join(hints)}; 'growthsim data list' shows the "
                                 f"{len(known)} known ones")


def load(series: str | list[str], start: str | None = None, end: str | None = None,
         as_of: str | None = None, vintage: str | None = None, root: str | Path | None = None) -> pd.DataFrame:
    """Observations of one or more series as a long frame sorted by series and period.

    `start`/`end` bound the periods (same format as the series' periods, inclusive; text or Period).
    `as_of="2024-06"` (text or a monthly Period) keeps only periods ending in or before June 2024, in
    the newest vintage: a *pseudo*-real-time view (the data that later releases revised are still the
    revised ones).
    `vintage="2024-10-24"` gives the values as published on that date, from the revision log:
    true real-time for everything the store has seen (e.g. GDP before the December 2024 release).
    Columns: series, period, value, unit, source, item, vintage, status.
    """
    ids = [series] if isinstance(series, str) else list(series)
    check_series(ids, root)
    latest, _, revisions = _store_frames(root)
    if as_of is not None:
        as_of = P.month(as_of, "as_of")
    if vintage is not None:
        P.date(vintage, "vintage")
    df = latest[latest["series"].isin(ids)]
    if vintage is not None:
        old = revisions[revisions["series"].isin(ids)]
        cand = pd.concat([df, old[OBS_COLUMNS]], ignore_index=True)
        cand = cand[cand["vintage"] <= vintage]
        cand = cand.assign(_final=(cand["status"] == "final").astype(int))
        cand = cand.sort_values(["series", "period", "_final", "vintage"], kind="mergesort")
        df = cand.drop_duplicates(["series", "period"], keep="last").drop(columns="_final")
    if as_of is not None and len(df):   # (an empty frame has nothing to cut, and would lose its columns)
        ends = {p: P.last_month(p) for p in df["period"].unique()}
        df = df[df["period"].map(ends) <= as_of]
    if start is not None:
        df = df[df["period"] >= P.to_str(start)]
    if end is not None:
        df = df[df["period"] <= P.to_str(end)]
    return df.sort_values(["series", "period"], kind="mergesort").reset_index(drop=True)[OBS_COLUMNS]


def data_vintage(root: str | Path | None = None) -> str:
    """Newest release date in the store (YYYY-MM-DD): the 'data vintage' forecasts and scenarios name."""
    latest = _store_frames(root)[0]
    return str(latest.loc[latest["status"] != "derived", "vintage"].max())


def data_fingerprint(root: str | Path | None = None) -> str:
    """16 hex digits naming the store's content: changes whenever any stored file changes, even
    within one data vintage (a rebuild with new code). For cache keys; see `forecast.cache`."""
    return cache.data_fingerprint(root)


def tet_dates(root: str | Path | None = None) -> pd.DataFrame:
    """Tết dates and official holiday spans (year, tet, holiday_first, holiday_last, holiday_days)."""
    root = Path(root) if root is not None else default_root()
    path = root / "tet.csv"
    if not path.exists():
        from forecast.data.tet import tet_table
        return tet_table()
    return pd.read_csv(path, dtype={"tet": str, "holiday_first": str, "holiday_last": str})
