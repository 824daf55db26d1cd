"""Tết dates: the shipped table covers 2000-2040 and agrees with dates everyone in Viet Nam knows."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from forecast.data.api import tet_dates
from forecast.data.tet import tet_table

# Mùng 1 Tết, as printed on Vietnamese calendars.
KNOWN = {2000: "2000-02-05", 2007: "2007-02-17", 2015: "2015-02-19", 2020: "2020-01-25", 2021: "2021-02-12",
         2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17"}


def test_shipped_table_covers_2000_2040_and_matches_known_dates():
    t = tet_dates().set_index("year")
    assert list(t.index) == list(range(2000, 2041))
    for year, date in KNOWN.items():
        assert t.loc[year, "tet"] == date, year


def test_holiday_span_contains_tet_and_stays_between_late_january_and_february():
    t = tet_table()
    for row in t.itertuples():
        first, tet, last = (dt.date.fromisoformat(x) for x in (row.holiday_first, row.tet, row.holiday_last))
        assert first <= tet <= last and row.holiday_days == (last - first).days + 1
        assert dt.date(row.year, 1, 20) <= tet <= dt.date(row.year, 2, 21)


def test_shipped_table_is_what_the_build_writes():
    pd.testing.assert_frame_equal(tet_dates().reset_index(drop=True), tet_table().reset_index(drop=True),
                                  check_dtype=False)
