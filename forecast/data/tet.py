"""Tết (Lunar New Year) dates and official holiday spans, 2000-2040, from the `holidays` library.

`holidays` implements the Vietnamese lunisolar calendar (UTC+7; it can differ from the Chinese
one by a day) and the official days off; it is well kept and saves us an astronomical algorithm.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

FIRST_YEAR, LAST_YEAR = 2000, 2040
TET_COLUMNS = ["year", "tet", "holiday_first", "holiday_last", "holiday_days", "source"]


def tet_table(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> pd.DataFrame:
    """One row per year: Tết (first day of the lunar year) and the official holiday span around it."""
    import holidays

    rows = []
    for year in range(first, last + 1):
        cal = holidays.Vietnam(years=[year - 1, year, year + 1])
        names = {d: n for d, n in cal.items()}
        tet = next(d for d, n in sorted(names.items()) if d.year == year and n == "Lunar New Year")
        span = [d for d, n in names.items() if abs((d - tet).days) <= 10 and "Lunar New Year" in n]
        rows.append({"year": year, "tet": tet.isoformat(), "holiday_first": min(span).isoformat(),
                     "holiday_last": max(span).isoformat(), "holiday_days": (max(span) - min(span)).days + 1,
                     "source": "holidays library, Vietnam calendar"})
    return pd.DataFrame(rows, columns=TET_COLUMNS)


def tet_date(year: int) -> dt.date:
    """Date of Tết (mùng 1 Tết) in `year`."""
    t = tet_table(year, year)
    return dt.date.fromisoformat(t["tet"].iloc[0])
