"""Consumer price index of Viet Nam: published rates by group, and a level index chained from them.

Official (``tables/cpi.csv``, one block of rows per monthly release from 2014-01; the Excel
release sheet 'Chỉ số giá tiêu dùng ...' carries the same figures, see ``releases/cpi.py``):

* ``cpi.yoy``, ``cpi.mom``, ``cpi.ytd_yoy`` — headline CPI, % change on the same month last year,
  on the previous month, and of the year-to-date average on the same period last year;
* ``cpi.<group>.yoy|mom|ytd_yoy`` for the CPI groups (`GROUPS`), ``cpi.core.*`` core inflation,
  ``gold_price.*`` and ``usd_price.*`` (the gold and US-dollar price indices GSO prints in the
  same table; not CPI components). Unit ``%``, status ``published`` (CPI is not revised).

Derived (``derive``): ``cpi`` and ``cpi.<group>``, index on GSO's base period 2019 = 100, chained
from the published month-on-month rates from 2014-01 and anchored on the base-2019 index that
GSO published for 2020-12 ('Kỳ gốc (2019)' column of the December 2020 release, = SDMX
``PCPI_IX``). GSO's base-2019 index is not the 2019 average of the chained rates (that average
is 99.77 on its scale; the basket changed in 2020), hence the anchor. With it the chain stays
within 0.005% of every base-2019 value GSO published 2020-08..2025-02 (docs/data/retail_cpi.md).
`chain_index` is the function other families (retail) call to deflate, because every
``derive`` sees the same frame of official series only.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.data.frame import META_COLUMNS, OBS_COLUMNS, empty_obs
from forecast.data.releases.workbook import fold
from forecast.data.sources.raw_tables import read_table

TABLE = "tables/cpi.csv"
# Anchor of the chained indices: GSO's published index, base period 2019 = 100, for ANCHOR_PERIOD
# (monthly release 2020-12-27, sheet '33.CPI', column 'Kỳ gốc (2019)'; headline also SDMX PCPI_IX).
ANCHOR_PERIOD = "2020-12"
ANCHORS: dict[str, float] = {
    "cpi": 103.20672285700375,
    "cpi.food_catering": 108.42559953748672,
    "cpi.staple_food": 105.49513031590715,
    "cpi.foodstuff": 109.37056886634156,
    "cpi.eating_out": 107.37193209800907,
    "cpi.beverages_tobacco": 102.10219347834442,
    "cpi.clothing": 101.78121540320348,
    "cpi.housing": 102.40035658983247,
    "cpi.household_goods": 101.69368451113783,
    "cpi.health": 102.26566707532238,
    "cpi.health_services": 102.40466005485524,
    "cpi.transport": 91.63443521064913,
    "cpi.post_telecom": 98.68232402874409,
    "cpi.education": 106.75559733715428,
    "cpi.education_services": 107.29114905048307,
    "cpi.culture_recreation": 98.92753750755867,
    "cpi.other": 103.92504882511828,
}

# (folded label prefix, series stem, canonical Vietnamese label, English name). First match wins.
GROUPS: list[tuple[str, str, str, str]] = [
    ("chi so gia tieu dung", "cpi", "CHỈ SỐ GIÁ TIÊU DÙNG", "Consumer price index (headline)"),
    ("hang an va dich vu an uong", "cpi.food_catering", "Hàng ăn và dịch vụ ăn uống", "Food and catering services"),
    ("luong thuc", "cpi.staple_food", "Lương thực", "Staple food (rice, cereals)"),
    ("thuc pham", "cpi.foodstuff", "Thực phẩm", "Foodstuff"),
    ("an uong ngoai gia dinh", "cpi.eating_out", "Ăn uống ngoài gia đình", "Eating out"),
    ("do uong va thuoc la", "cpi.beverages_tobacco", "Đồ uống và thuốc lá", "Beverages and tobacco"),
    ("may mac", "cpi.clothing", "May mặc, mũ nón và giày dép", "Garments, hats and footwear"),
    ("nha o", "cpi.housing", "Nhà ở và vật liệu xây dựng", "Housing and construction materials"),
    ("thiet bi va do dung gia dinh", "cpi.household_goods", "Thiết bị và đồ dùng gia đình",
     "Household equipment and goods"),
    ("thuoc va dich vu y te", "cpi.health", "Thuốc và dịch vụ y tế", "Medicine and health services"),
    ("dich vu y te", "cpi.health_services", "Dịch vụ y tế", "Health services"),
    ("giao thong", "cpi.transport", "Giao thông", "Transport"),
    ("buu chinh vien thong", "cpi.post_telecom", "Bưu chính viễn thông", "Post and telecommunications"),
    ("giao duc", "cpi.education", "Giáo dục", "Education"),
    ("dich vu giao duc", "cpi.education_services", "Dịch vụ giáo dục", "Education services"),
    ("van hoa", "cpi.culture_recreation", "Văn hoá, giải trí và du lịch", "Culture, entertainment and tourism"),
    ("hang hoa va dich vu khac", "cpi.other", "Hàng hóa và dịch vụ khác", "Other goods and services"),
    ("do dung va dich vu khac", "cpi.other", "Hàng hóa và dịch vụ khác", "Other goods and services"),
    ("chi so gia vang", "gold_price", "CHỈ SỐ GIÁ VÀNG", "Gold price index"),
    ("chi so gia do la my", "usd_price", "CHỈ SỐ GIÁ ĐÔ LA MỸ", "US dollar price index"),
    ("lam phat co ban", "cpi.core", "LẠM PHÁT CƠ BẢN", "Core inflation (CPI excl. food, energy, administered)"),
]
# Stems whose month-on-month rates are chained into a derived base-2019 index (CPI and its groups).
INDEX_STEMS = list(ANCHORS)
RATES = {"yoy": "% change on the same month of the previous year",
         "mom": "% change on the previous month",
         "ytd_yoy": "% change of the year-to-date average on the same period of the previous year"}


def group_of(label: object) -> tuple[str, str] | None:
    """(series stem, canonical label) of a CPI table row label, or None for rows growthsim does not keep."""
    f = fold(label)
    if f.startswith("trong do:"):
        f = f[len("trong do:"):].strip()
    for prefix, stem, vi, _ in GROUPS:
        if f.startswith(prefix):
            return stem, vi
    return None


def meta() -> pd.DataFrame:
    rows, seen = [], set()
    for _, stem, vi, en in GROUPS:
        if stem in seen:
            continue
        seen.add(stem)
        for rate, what in RATES.items():
            rows.append({"id": f"{stem}.{rate}", "name_vi": vi, "name_en": f"{en}: {what}", "unit": "%", "freq": "M",
                         "source": f"{TABLE}; monthly release sheet 'Chỉ số giá tiêu dùng'",
                         "note": "published rate (index - 100); January's ytd_yoy equals its yoy"})
    return pd.DataFrame(rows, columns=META_COLUMNS)


def derived_meta() -> pd.DataFrame:
    rows = []
    for _, stem, vi, en in GROUPS:
        if stem in INDEX_STEMS and stem not in {r["id"] for r in rows}:
            rows.append({"id": stem, "name_vi": f"{vi} (chỉ số, 2019=100)", "name_en": f"{en}, index 2019=100",
                         "unit": "index 2019=100", "freq": "M", "source": "derived",
                         "note": f"derived: chained from published {stem}.mom from 2014-01, anchored on GSO's "
                                 f"published base-2019 index of {ANCHOR_PERIOD} (Kỳ gốc 2019); see "
                                 "docs/data/retail_cpi.md for the drift against GSO's index"})
    return pd.DataFrame(rows, columns=META_COLUMNS)


def read_raw(gso: Path, until: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every release's CPI rates from ``tables/cpi.csv``; the release month is the month of ``Date``."""
    raw = read_table(gso, TABLE, "CPI", {"Hàng hóa", "YOY", "MOM", "YTD-YOY", "Date"})
    raw = raw[raw["Date"].notna()].copy()
    raw["Month"] = raw["Date"].astype(str).str[:7]
    if until:
        raw = raw[raw["Month"] <= until]
    rows = []
    for _, r in raw.iterrows():
        g = group_of(r["Hàng hóa"])
        if g is None:
            continue
        stem, vi = g
        for col, rate in (("YOY", "yoy"), ("MOM", "mom"), ("YTD-YOY", "ytd_yoy")):
            v = r[col]
            if pd.notna(v):
                rows.append({"series": f"{stem}.{rate}", "period": r["Month"], "value": float(v), "unit": "%",
                             "source": TABLE, "item": vi, "vintage": str(r["Date"]), "status": "published"})
    obs = pd.DataFrame(rows, columns=OBS_COLUMNS) if rows else empty_obs()
    return obs, meta()


def chain_index(latest: pd.DataFrame, stem: str = "cpi") -> pd.Series:
    """Index (GSO base period 2019 = 100) chained from the newest ``<stem>.mom`` rates, by period 'YYYY-MM'.

    The chain starts at the first published month-on-month rate (its first value is the level
    after that month's change) and stops at the first gap. It is scaled to ``ANCHORS[stem]`` at
    ``ANCHOR_PERIOD``; empty when the chain does not reach that month or `stem` has no anchor.
    """
    mom = latest.loc[latest["series"] == f"{stem}.mom"].set_index("period")["value"].sort_index()
    if mom.empty:
        return pd.Series(dtype="float64")
    level, values, p = 1.0, {}, mom.index[0]
    while p in mom.index:
        level *= 1.0 + mom[p] / 100.0
        values[p] = level
        p = P.to_str(P.shift(p, 1))
    idx = pd.Series(values, dtype="float64")
    if stem not in ANCHORS or ANCHOR_PERIOD not in idx.index:
        return pd.Series(dtype="float64")
    return idx / idx[ANCHOR_PERIOD] * ANCHORS[stem]


def derive(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``cpi`` and ``cpi.<group>`` indices 2019=100 from the published month-on-month rates."""
    parts = []
    labels = {stem: vi for _, stem, vi, _ in GROUPS}
    for stem in dict.fromkeys(INDEX_STEMS):
        idx = chain_index(latest, stem)
        if idx.empty:
            continue
        vintage = latest.loc[latest["series"] == f"{stem}.mom", "vintage"].max()
        parts.append(pd.DataFrame({"series": stem, "period": idx.index, "value": idx.values,
                                   "unit": "index 2019=100", "source": "derived",
                                   "item": f"{labels[stem]}: chuỗi từ {stem}.mom", "vintage": vintage,
                                   "status": "derived"}, columns=OBS_COLUMNS))
    obs = pd.concat(parts, ignore_index=True) if parts else empty_obs()
    return obs, derived_meta()
