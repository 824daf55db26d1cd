"""State-budget investment realised (monthly, from 2020-01) and total social investment (quarterly).

Official, from the release workbooks (``releases/investment.py``; docs/data/activity.md), billion
VND at current prices: ``investment`` (total), ``investment.central``, ``investment.local``, each
with ``.ytd`` and ``.ytd_yoy`` (and ``.yoy``, published in January only); ``investment.social``
(quarterly, quarter-end releases only) with ``.ytd``, ``.yoy``, ``.ytd_yoy``.

Derived (``derive``), billion VND at 2010 prices, quarterly:

* ``investment_real`` — the quarter's three months of ``investment`` (newest values) divided by the
  construction value-added deflator ``gdp_nominal.construction / gdp_real.construction``;
* ``investment_real.social`` — ``investment.social`` divided by the same deflator.

Why that index: the store has no price index of investment goods. State-budget investment is
mostly construction works (roads, buildings), priced by the construction deflator; the CPI prices
consumer goods and would deflate cement and steel by food and rent. Social investment also buys
machinery (much of it imported), for which the construction deflator is only an approximation:
the docs say so. The deflator is quarterly and ends with the GDP data (2024Q4), so the real
series are quarterly and stop there; the monthly nominal series stay nominal.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.data.frame import META_COLUMNS, OBS_COLUMNS, empty_obs
from forecast.data.releases import investment as release
from forecast.data.sources.release_workbooks import FOLDER, catalog_rows, meta_frame, read_releases

SOURCE = f"{FOLDER}/*.xlsx, sheet 'Vốn đầu tư thực hiện từ nguồn ngân sách Nhà nước'"
SOCIAL_SOURCE = f"{FOLDER}/*.xlsx (March, June, September, December), sheet 'Vốn đầu tư ... toàn xã hội'"
REAL_UNIT = "billion VND, 2010 prices"
DEFLATOR = ("gdp_nominal.construction", "gdp_real.construction")
NAMES = (("investment", "Vốn đầu tư thực hiện từ nguồn ngân sách Nhà nước", "State-budget investment realised"),
         ("investment.central", "Vốn NSNN: Trung ương", "State-budget investment realised, central level"),
         ("investment.local", "Vốn NSNN: Địa phương", "State-budget investment realised, local level"))


def meta() -> pd.DataFrame:
    rows = []
    for stem, vi, en in NAMES:
        note = "the month's rate (.yoy) is published in January only"
        if stem == "investment.local":
            note += "; where the release left the row empty, the sum of the province, district and commune levels"
        rows += catalog_rows(stem, vi, en, release.UNIT, "M", SOURCE, note)
    rows += catalog_rows("investment.social", "Vốn đầu tư thực hiện toàn xã hội", "Total social investment realised",
                         release.UNIT, "Q", SOCIAL_SOURCE,
                         "published in thousand billion VND; levels before 2021 are on the old basis (the 2021 "
                         "releases raise 2020 by about 30%): use .yoy for growth across 2020-2021")
    return meta_frame(rows)


def derived_meta() -> pd.DataFrame:
    note = "derived: divided by the construction value-added deflator gdp_nominal.construction / gdp_real.construction"
    return pd.DataFrame([
        {"id": "investment_real", "name_vi": "Vốn đầu tư từ NSNN theo quý, giá so sánh 2010",
         "name_en": "State-budget investment realised, quarterly, 2010 prices", "unit": REAL_UNIT, "freq": "Q",
         "source": "derived", "note": note + "; quarters with all three months of investment"},
        {"id": "investment_real.social", "name_vi": "Vốn đầu tư toàn xã hội, giá so sánh 2010",
         "name_en": "Total social investment realised, 2010 prices", "unit": REAL_UNIT, "freq": "Q",
         "source": "derived", "note": note + "; machinery is priced by a construction index: an approximation"},
    ], columns=META_COLUMNS)


def read_raw(gso: Path, until: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every release's investment figures (releases dated in a month <= `until`)."""
    return read_releases(gso, until, release.parse), meta()


def _series(latest: pd.DataFrame, sid: str) -> pd.Series:
    return latest.loc[latest["series"] == sid].set_index("period")["value"].sort_index()


def deflator(latest: pd.DataFrame) -> pd.Series:
    """Construction value-added deflator, 2010 = 1 (ratio of current- to constant-price value added)."""
    return (_series(latest, DEFLATOR[0]) / _series(latest, DEFLATOR[1])).dropna()


def quarterly_sum(monthly: pd.Series) -> pd.Series:
    """Quarter totals of a monthly series, for quarters with all three months."""
    if monthly.empty:
        return pd.Series(dtype="float64")
    q = pd.Series([P.to_str(P.quarter_of(p)) for p in monthly.index], index=monthly.index)
    grouped = monthly.groupby(q.values)
    return grouped.sum()[grouped.count() == 3]


def derive(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``investment_real`` and ``investment_real.social`` (see the module docstring)."""
    d = deflator(latest)
    parts = []
    for sid, nominal, item in (("investment_real", quarterly_sum(_series(latest, "investment")),
                                "Vốn NSNN (tổng 3 tháng) / chỉ số giảm phát xây dựng"),
                               ("investment_real.social", _series(latest, "investment.social"),
                                "Vốn đầu tư toàn xã hội / chỉ số giảm phát xây dựng")):
        real = (nominal / d.reindex(nominal.index)).dropna()
        if real.empty:
            continue
        used = latest["series"].isin([*DEFLATOR, "investment" if sid == "investment_real" else "investment.social"])
        parts.append(pd.DataFrame({"series": sid, "period": real.index, "value": real.values, "unit": REAL_UNIT,
                                   "source": "derived", "item": item, "vintage": latest.loc[used, "vintage"].max(),
                                   "status": "derived"}, columns=OBS_COLUMNS))
    return (pd.concat(parts, ignore_index=True) if parts else empty_obs()), derived_meta()
