"""Quarterly GDP by sector, constant 2010 and current prices (billion VND), with both vintages.

* SDMX vintage (``sdmx/GDPVNM.xml``, prepared 2024-10-24): 2010Q1-2024Q3, the revised series
  after the 2019 re-basing; reproduces official annual growth 2011-2023 (2022 8.12, 2023 5.05).
* December 2024 release (``monthly-releases/2024-12-29-*.xlsx``, sheets ``1.GDP HH`` and
  ``2. GDP SS``): 2024Q3 revised, 2024Q4 first published, the full year 2024; through its growth
  rates it revises 2023Q3, 2023Q4 and the 2023 total; the year-to-date residuals revise
  2024Q1-Q2 and 2023Q1-Q2, split in the SDMX vintage's proportions (see releases/gdp.py).
  This is the vintage that publishes 2024 growth 7.09%.

Real-time record (``gdp_yoy.<key>``, ``gdp_ytd_yoy.<key>``, real growth in % on the same period a
year earlier, vintage = the day it was published): the quarter-end releases' GDP sheets (2020 on,
every sector) and, for the total from 2013Q4, ``tables/gdp_expenditure_quarterly_yoy.csv``
(`table_growth_obs`). Its ``yoy_output`` column mixes year-to-date rows and single quarters
(`TABLE_YTD`); each row goes under the id of what it is. The release calendar is `release_date`.

The newest vintage is the default; the SDMX one stays in the revision log and is what
``load(..., vintage="2024-10-24")`` returns. Any quarter-end release newer than the SDMX file
and not after ``until`` is applied in date order, the same code as ``growthsim data import``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.data.frame import META_COLUMNS, OBS_COLUMNS, empty_obs
from forecast.data.sdmx import read_sdmx
from forecast.data.sectors import LEAVES, NAMES

SDMX_FILE = "sdmx/GDPVNM.xml"

REAL_CODES = {
    "total": ["NGDP_R_PA_XDC"],
    "agriculture": ["NGDPVA_R_ISIC4_A_XDC"],
    "mining": ["NGDPVA_R_ISIC4_B_XDC"],
    "manufacturing": ["NGDPVA_R_ISIC4_C_XDC"],
    "electricity": ["NGDPVA_R_ISIC4_D_XDC"],
    "water": ["NGDPVA_R_ISIC4_E_XDC"],
    "construction": ["NGDPVA_R_ISIC4_F_XDC"],
    "services": ["VNM_NGDPVA_R_ISIC4_GTT_XDC"],
    "taxes": ["NGDPTXS_R_XDC"],
}
NOMINAL_CODES = {
    "total": ["NGDP_PA_XDC"],
    "agriculture": ["NGDPVA_ISIC4_A_XDC"],
    "mining": ["NGDPVA_ISIC4_B_XDC"],
    "manufacturing": ["NGDPVA_ISIC4_C_XDC"],
    "electricity": ["NGDPVA_ISIC4_D_XDC"],
    "water": ["NGDPVA_ISIC4_E_XDC"],
    "construction": ["NGDPVA_ISIC4_F_XDC"],
    # current-price services have no aggregate code in the file: the sum of sections G..T
    "services": [f"NGDPVA_ISIC4_{s}_XDC" for s in "GHIJKLMNOPQRST"],
    "taxes": ["NGDPTXS_XDC"],
}
UNITS = {"gdp_real": "billion VND, 2010 prices", "gdp_nominal": "billion VND, current prices",
         "gfcf": "billion VND, current prices", "gfcf_real": "billion VND, 2010 prices"}
# Gross fixed capital formation (tích lũy tài sản cố định), annual, from the expenditure side of the
# SDMX file: the investment series that reaches back before total social investment (2019 on), for the
# ICOR (forecast/gdp/icor.py). Years the file gives as 0 (2004) are left out: not a value.
GFCF_CODES = {"gfcf": "NFI_XDC", "gfcf_real": "NFI_R_XDC"}
TABLE_FILE = "tables/gdp_expenditure_quarterly_yoy.csv"
GROWTH_IDS = {"gdp_yoy": ("quarter", "single quarter"), "gdp_ytd_yoy": ("year to date", "year to date")}

#: Rows of the table's ``yoy_output`` that are year-to-date growth (Q1, 6 months, 9 months, the year)
#: rather than the single quarter; Q1 rows are both. Read off the office's reports: up to 2018Q2 the
#: table copies the headline "n months" figure (its Q4 rows 2015-2017 equal the annual first estimates
#: 6.68, 6.21, 6.81), from 2018Q3 the quarter's own growth (2018Q4 7.31 is Q4, the year was 7.08),
#: except 2019Q4 (7.02, the year) and 2020Q2 (1.81, the first half; Q2 alone was 0.36). Checked by
#: tests/forecast/data/test_gdp_realtime.py against the release workbooks (2020 on) and the first
#: estimates in ../shared/data/institutions (checking only, never read by the code).
TABLE_YTD = frozenset([f"{y}Q{q}" for y in range(2013, 2018) for q in range(1, 5)] + ["2018Q2", "2019Q4", "2020Q2"])


def release_date(quarter: pd.Period | str) -> str:
    """The day the office first publishes a quarter's GDP estimate (YYYY-MM-DD): its quarter-end
    release, dated in the quarter's last month (day 29, or the month's last day; the 2020 on
    release files are dated 27-29). A quarter counts as published by the end of that month."""
    from forecast.data.releases.workbook import month_vintage

    return month_vintage(P.to_str(P.last_month(P.quarter(quarter))))


def meta() -> pd.DataFrame:
    rows = []
    for fam, (vi_basis, en_basis) in {"gdp_real": ("giá so sánh 2010", "constant 2010 prices"),
                                      "gdp_nominal": ("giá hiện hành", "current prices")}.items():
        for key in ("total",) + LEAVES:
            vi, en = NAMES[key]
            rows.append({"id": f"{fam}.{key}", "name_vi": f"{vi}, {vi_basis}", "name_en": f"{en}, {en_basis}",
                         "unit": UNITS[fam], "freq": "Q", "source": f"{SDMX_FILE}; quarter-end monthly releases",
                         "note": "quarterly value added (GDP for 'total'); latest vintage by default"})
    for fam, (vi, en) in {"gfcf": ("Tích lũy tài sản cố định, giá hiện hành", "Gross fixed capital formation, current prices"),
                          "gfcf_real": ("Tích lũy tài sản cố định, giá so sánh 2010",
                                        "Gross fixed capital formation, constant 2010 prices")}.items():
        rows.append({"id": f"{fam}.total", "name_vi": vi, "name_en": en, "unit": UNITS[fam], "freq": "A",
                     "source": SDMX_FILE, "note": f"annual, expenditure side ({GFCF_CODES[fam]}); for the ICOR"})
    for fam, (what, en_what) in GROWTH_IDS.items():
        for key in ("total",) + LEAVES:
            vi, en = NAMES[key]
            rows.append({"id": f"{fam}.{key}", "name_vi": f"{vi}, tốc độ tăng so với cùng kỳ ({what})",
                         "name_en": f"{en}, real growth on the same period a year earlier, {en_what}", "unit": "%",
                         "freq": "Q", "source": "quarter-end monthly releases" + (f"; {TABLE_FILE}" if key == "total" else ""),
                         "note": "as first published (vintage = publication date); revisions in the revision log"
                                 + ("; period = the last quarter of the year to date" if fam == "gdp_ytd_yoy" else "")})
    return pd.DataFrame(rows, columns=META_COLUMNS)


def table_growth_obs(gso: Path, until: str | None) -> pd.DataFrame:
    """Total GDP growth as first published, from the table (2013Q4 on); a bad quarter is a DataError
    naming the file and row."""
    t = pd.read_csv(gso / TABLE_FILE, encoding="utf-8-sig", usecols=["time", "yoy_output"], dtype={"time": str})
    rows = []
    for r in t.itertuples():
        q = P.to_str(P.quarter(r.time, "time", source=str(gso / TABLE_FILE), location=f"row {r.Index + 2}"))
        vintage = release_date(q)
        if pd.isna(r.yoy_output) or (until and vintage[:7] > until):
            continue
        ids = (["gdp_ytd_yoy"] if q in TABLE_YTD else []) + (["gdp_yoy"] if q not in TABLE_YTD or q.endswith("Q1") else [])
        for sid in ids:
            rows.append({"series": f"{sid}.total", "period": q, "value": float(r.yoy_output), "unit": "%",
                         "source": TABLE_FILE, "item": "yoy_output" + (" (year to date)" if sid == "gdp_ytd_yoy" else ""),
                         "vintage": vintage, "status": "published"})
    return pd.DataFrame(rows, columns=OBS_COLUMNS)


def gfcf_obs(data) -> pd.DataFrame:
    """Annual gross fixed capital formation (`gfcf.total` current prices, `gfcf_real.total` 2010 prices,
    billion VND) from a read SDMX file; zeros are not values and are left out."""
    a = data.obs[data.obs["freq"] == "A"]
    rows = []
    for fam, code in GFCF_CODES.items():
        part = a[(a["indicator"] == code) & (a["value"] > 0)]
        for period, val in zip(part["period"], part["value"]):
            rows.append({"series": f"{fam}.total", "period": str(period), "value": float(val), "unit": UNITS[fam],
                         "source": SDMX_FILE, "item": code, "vintage": data.prepared, "status": "published"})
    return pd.DataFrame(rows, columns=OBS_COLUMNS)


def sdmx_obs(path: Path) -> pd.DataFrame:
    """Quarterly sector levels from the SDMX file and the annual GFCF (`gfcf_obs`), vintage = its
    Prepared date, status published."""
    data = read_sdmx(path)
    q = data.obs[data.obs["freq"] == "Q"]
    rows = []
    for fam, codes in (("gdp_real", REAL_CODES), ("gdp_nominal", NOMINAL_CODES)):
        for key, inds in codes.items():
            part = q[q["indicator"].isin(inds)]
            if part.empty:
                continue
            summed = part.groupby("period")["value"].agg(["sum", "count"])
            summed = summed[summed["count"] == len(inds)]
            for period, val in summed["sum"].items():
                rows.append({"series": f"{fam}.{key}", "period": period, "value": float(val), "unit": UNITS[fam],
                             "source": SDMX_FILE, "item": "+".join(inds) if len(inds) < 3 else "sum of NGDPVA_ISIC4_[G-T]_XDC",
                             "vintage": data.prepared, "status": "published"})
    return pd.concat([pd.DataFrame(rows, columns=OBS_COLUMNS), gfcf_obs(data)], ignore_index=True)


def quarter_end_releases(gso: Path, after: str, until: str | None) -> list[Path]:
    """Release workbooks of March/June/September/December dated after `after` and not after `until`."""
    out = []
    for p in sorted((gso / "monthly-releases").glob("*.xlsx")):
        date = p.name[:10]
        if len(date) != 10 or date <= after:
            continue
        if until and date[:7] > until:
            continue
        if int(date[5:7]) % 3 == 0:
            out.append(p)
    return out


def read_raw(gso: Path, until: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    from forecast.data.releases import gdp as gdp_release
    from forecast.data.releases.workbook import open_release
    from forecast.data.store import merge_vintages

    table = table_growth_obs(gso, until)   # read first: a bad row stops the build before the workbooks
    path = gso / SDMX_FILE
    base = sdmx_obs(path)
    prepared = base["vintage"].iloc[0] if len(base) else ""
    if until and prepared[:7] > until:
        return empty_obs(), meta()
    parts = [base]
    latest, rev = base, pd.DataFrame(columns=OBS_COLUMNS + ["superseded_by"])
    for wb in quarter_end_releases(gso, "", until):
        book = open_release(wb)
        # releases before the SDMX file add only the real-time growth record, later ones levels too
        obs = gdp_release.parse(book, context=latest) if wb.name[:10] > prepared else gdp_release.parse_growth(book)
        obs = obs.assign(source="monthly-releases/" + wb.name)
        parts.append(obs)
        latest, rev = merge_vintages(latest, rev, obs)
    # a quarter its own quarter-end workbook published comes from the workbook (the primary source)
    wb = pd.concat(parts[1:], ignore_index=True) if len(parts) > 1 else empty_obs()
    wb = wb[wb["series"] == "gdp_yoy.total"]
    own = {p for p, v in zip(wb["period"], wb["vintage"]) if v[:7] == release_date(p)[:7]}
    parts.append(table[~table["period"].isin(own)])
    return pd.concat(parts, ignore_index=True), meta()


def derive(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """No derived GDP series: groups and growth are computed by the scenario layer."""
    return empty_obs(), pd.DataFrame(columns=META_COLUMNS)
