"""Retail sales of goods and consumer services (billion VND, current prices), published and break-adjusted.

Official (``tables/tongmuc.csv``, one block per monthly release from 2012-01; the same figures as
the release sheet read by ``releases/retail.py``), for the total ``retail`` and the components
``retail.goods``, ``retail.accommodation_food``, ``retail.travel``, ``retail.other_services``:

* ``<stem>``: the month's level — ``E-M`` of the month's release (status ``first_estimate``) and
  ``Pre-M`` of the next release (``revised``; vintage = that release's date). The table's ``M``
  column is not read: it copies the next release's ``Pre-M`` and would leak it into ``--until`` builds;
* ``<stem>.ytd``: year-to-date level; ``<stem>.yoy`` / ``<stem>.ytd_yoy``: published index on the
  same period last year minus 100 (%). The month's ``yoy`` is published only every January and
  from 2018-09; ``ytd_yoy`` every month. The 2018-03 ``YTD-YOY`` column holds % rates instead of
  indices (its total is below 50): taken as rates. (Travel indices below 50 in 2020-21 are real.)

Derived (``derive``):

* ``<stem>.adjusted`` — the modelling level series, billion VND at current prices, whose
  year-on-year change equals the published rates. GSO re-bases the retail levels (the stored
  levels of a year and the previous-year levels implied by the next year's published rates
  disagree, by -5.5% for 2023 -> 2024), so a naive yoy of ``retail`` is wrong across a re-basing.
  Method: the latest twelve months keep their newest values; going back, each month is the
  same month a year later divided by that month's published growth,
  ``adj[t-12] = adj[t] / (1 + g[t]/100)``. ``g`` is the published ``yoy``; where no monthly rate was
  published (2012-02..2018-08 except Januaries) it is the rate implied by the published
  year-to-date rates: last year's month = ``ytd[t]/(1+ytd_yoy[t]) - ytd[t-1]/(1+ytd_yoy[t-1])``.
  So all history is on the newest basis; revisions of the anchor months carry into the same
  calendar month of earlier years (documented in docs/data/retail_cpi.md).
* ``retail_real`` — ``retail.adjusted / cpi * 100``: billion VND at GSO base-2019 prices, from
  2014-01 (where the CPI chained in ``sources/cpi.py`` starts).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.data.frame import META_COLUMNS, OBS_COLUMNS, empty_obs
from forecast.data.releases.retail import COMPONENTS, UNIT, component_of
from forecast.data.sources.cpi import chain_index
from forecast.data.sources.raw_tables import read_table

TABLE = "tables/tongmuc.csv"
NAMES_EN = {
    "retail": "Retail sales of goods and consumer services, total",
    "retail.goods": "Retail sales of goods",
    "retail.accommodation_food": "Accommodation and food services revenue",
    "retail.travel": "Travel (tour operator) services revenue",
    "retail.other_services": "Other consumer services revenue",
}
_RATE_COLS = (("M-YOY", "yoy"), ("YTD-YOY", "ytd_yoy"))


def meta() -> pd.DataFrame:
    rows = []
    src = f"{TABLE}; monthly release sheet 'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng'"
    for _, stem, vi in COMPONENTS:
        en = NAMES_EN[stem]
        rows += [
            {"id": stem, "name_vi": vi, "name_en": f"{en} (month)", "unit": UNIT, "freq": "M", "source": src,
             "note": "as published: first estimate, then the next release's revised value; the levels break "
                     "where GSO re-bases (2024: -5.5%), use .adjusted for growth over several years"},
            {"id": f"{stem}.ytd", "name_vi": f"{vi} (cộng dồn từ đầu năm)", "name_en": f"{en}, year to date",
             "unit": UNIT, "freq": "M", "source": src, "note": "as published in the month's release"},
            {"id": f"{stem}.yoy", "name_vi": f"{vi}: tháng so với cùng kỳ", "name_en": f"{en}: % change on the "
             "same month last year", "unit": "%", "freq": "M", "source": src,
             "note": "published index - 100; monthly rate published every January and from 2018-09"},
            {"id": f"{stem}.ytd_yoy", "name_vi": f"{vi}: cộng dồn so với cùng kỳ", "name_en": f"{en}: % change "
             "of the year to date on the same period last year", "unit": "%", "freq": "M", "source": src,
             "note": "published index - 100 (2018-03 printed as a rate)"},
        ]
    return pd.DataFrame(rows, columns=META_COLUMNS)


def derived_meta() -> pd.DataFrame:
    rows = []
    for _, stem, vi in COMPONENTS:
        rows.append({"id": f"{stem}.adjusted", "name_vi": f"{vi} (chuỗi đã nối, giá hiện hành)",
                     "name_en": f"{NAMES_EN[stem]}, break-adjusted (modelling series)", "unit": UNIT, "freq": "M",
                     "source": "derived",
                     "note": "derived: newest 12 months as published, earlier months chained back with the "
                             "published yoy (YTD-implied before 2018-09), so its yoy equals the published rate "
                             "and the re-basing breaks (2024 -5.5%) are removed; components do not add up to the total"})
    rows.append({"id": "retail_real", "name_vi": "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng, giá 2019",
                 "name_en": "Retail sales of goods and consumer services, real (2019 prices)",
                 "unit": "billion VND, 2019 prices", "freq": "M", "source": "derived",
                 "note": "derived: retail.adjusted / cpi * 100 (cpi: GSO base period 2019 = 100), from 2014-01"})
    return pd.DataFrame(rows, columns=META_COLUMNS)


def read_raw(gso: Path, until: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every release's retail figures from ``tables/tongmuc.csv`` (releases whose month is <= `until`)."""
    raw = read_table(gso, TABLE, "retail", {"Phân Loại", "Pre-M", "E-M", "YTD", "M-YOY", "YTD-YOY", "Date", "Month",
                                            "PreMonth"})
    if until:
        raw = raw[raw["Month"] <= until]
    rows = []
    for date, rel in raw.groupby("Date", sort=True):
        total = rel[rel["Phân Loại"].map(lambda s: (component_of(s) or ("",))[0] == "retail")]
        # a rate column holds indices (last year = 100) unless the release printed % rates (total < 50)
        as_rate = {col: bool(len(total) and pd.notna(total[col].iloc[0]) and total[col].iloc[0] < 50)
                   for col, _ in _RATE_COLS}
        for _, r in rel.iterrows():
            comp = component_of(r["Phân Loại"])
            if comp is None:
                continue
            stem, vi = comp
            base = {"unit": UNIT, "source": TABLE, "item": vi, "vintage": str(date)}
            if pd.notna(r["E-M"]):
                rows.append({**base, "series": stem, "period": r["Month"], "value": float(r["E-M"]),
                             "status": "first_estimate"})
            if pd.notna(r["Pre-M"]):
                rows.append({**base, "series": stem, "period": r["PreMonth"], "value": float(r["Pre-M"]),
                             "status": "revised"})
            if pd.notna(r["YTD"]):
                rows.append({**base, "series": f"{stem}.ytd", "period": r["Month"], "value": float(r["YTD"]),
                             "status": "first_estimate"})
            for col, rate in _RATE_COLS:
                if pd.notna(r[col]):
                    v = float(r[col]) if as_rate[col] else float(r[col]) - 100.0
                    rows.append({**base, "series": f"{stem}.{rate}", "period": r["Month"], "value": v, "unit": "%",
                                 "status": "first_estimate"})
    obs = pd.DataFrame(rows, columns=OBS_COLUMNS) if rows else empty_obs()
    return obs, meta()


def _series(latest: pd.DataFrame, sid: str) -> pd.Series:
    return latest.loc[latest["series"] == sid].set_index("period")["value"].sort_index()


def growth(latest: pd.DataFrame, stem: str) -> pd.Series:
    """Month-on-same-month-last-year growth (%) used for chaining: published, else implied by YTD rates."""
    yoy = _series(latest, f"{stem}.yoy")
    ytd = _series(latest, f"{stem}.ytd")
    ytd_yoy = _series(latest, f"{stem}.ytd_yoy")
    prev_ytd = (ytd / (1 + ytd_yoy / 100)).dropna()  # last year's year-to-date, on this year's basis
    out = {}
    for p in ytd.index.union(yoy.index):
        if p in yoy.index:
            out[p] = yoy[p]
            continue
        q = P.to_str(P.shift(p, -1))
        if p in prev_ytd.index and q in prev_ytd.index and q in ytd.index and not p.endswith("-01"):
            last_year_month = prev_ytd[p] - prev_ytd[q]
            this_month = ytd[p] - ytd[q]
            if last_year_month > 0:
                out[p] = (this_month / last_year_month - 1) * 100
    return pd.Series(out, dtype="float64").sort_index()


def adjusted(latest: pd.DataFrame, stem: str = "retail") -> pd.Series:
    """Break-adjusted level: newest 12 months as stored, earlier months chained back with `growth`."""
    level = _series(latest, stem)
    if level.empty:
        return pd.Series(dtype="float64")
    g = growth(latest, stem)
    first, last = level.index[0], level.index[-1]
    out = {}
    for k in range(12):
        p = P.to_str(P.shift(last, -k))
        if p not in level.index:
            continue
        v = level[p]
        out[p] = v
        while p in g.index and P.shift(p, -12) >= P.month(first):
            v = v / (1 + g[p] / 100)
            p = P.to_str(P.shift(p, -12))
            out[p] = v
    return pd.Series(out, dtype="float64").sort_index()


def derive(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``<stem>.adjusted`` for the total and components, and ``retail_real`` (deflated by the chained CPI)."""
    parts = []
    for _, stem, vi in COMPONENTS:
        adj = adjusted(latest, stem)
        if adj.empty:
            continue
        used = latest["series"].isin([stem, f"{stem}.yoy", f"{stem}.ytd", f"{stem}.ytd_yoy"])
        vintage = latest.loc[used, "vintage"].max()
        parts.append(pd.DataFrame({"series": f"{stem}.adjusted", "period": adj.index, "value": adj.values,
                                   "unit": UNIT, "source": "derived", "item": f"{vi}: chuỗi đã nối",
                                   "vintage": vintage, "status": "derived"}, columns=OBS_COLUMNS))
        if stem == "retail":
            cpi = chain_index(latest, "cpi")
            real = (adj / cpi.reindex(adj.index) * 100).dropna()
            if len(real):
                v2 = max(vintage, latest.loc[latest["series"] == "cpi.mom", "vintage"].max())
                parts.append(pd.DataFrame({"series": "retail_real", "period": real.index, "value": real.values,
                                           "unit": "billion VND, 2019 prices", "source": "derived",
                                           "item": f"{vi}: chuỗi đã nối / CPI (Kỳ gốc 2019)", "vintage": v2,
                                           "status": "derived"}, columns=OBS_COLUMNS))
    obs = pd.concat(parts, ignore_index=True) if parts else empty_obs()
    return obs, derived_meta()
