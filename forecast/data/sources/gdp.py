"""Quarterly GDP by sector, constant 2010 and current prices (billion VND), with both vintages.

* SDMX vintage (``sdmx/GDPVNM.xml``, prepared 2024-10-24): 2010Q1-2024Q3, the revised series
  after the 2019 re-basing; reproduces official annual growth 2011-2023 (2022 8.12, 2023 5.05).
* December 2024 release (``monthly-releases/2024-12-29-*.xlsx``, sheets ``1.GDP HH`` and
  ``2. GDP SS``): 2024Q3 revised, 2024Q4 first published, the full year 2024; through its growth
  rates it revises 2023Q3, 2023Q4 and the 2023 total; the year-to-date residuals revise
  2024Q1-Q2 and 2023Q1-Q2, split in the SDMX vintage's proportions (see releases/gdp.py).
  This is the vintage that publishes 2024 growth 7.09%.

The newest vintage is the default; the SDMX one stays in the revision log and is what
``load(..., vintage="2024-10-24")`` returns. Any quarter-end release newer than the SDMX file
and not after ``until`` is applied in date order, the same code as ``growthsim data import``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

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
UNITS = {"gdp_real": "billion VND, 2010 prices", "gdp_nominal": "billion VND, current prices"}


def meta() -> pd.DataFrame:
    rows = []
    for fam, (vi_basis, en_basis) in {"gdp_real": ("giá so sánh 2010", "constant 2010 prices"),
                                      "gdp_nominal": ("giá hiện hành", "current prices")}.items():
        for key in ("total",) + LEAVES:
            vi, en = NAMES[key]
            rows.append({"id": f"{fam}.{key}", "name_vi": f"{vi}, {vi_basis}", "name_en": f"{en}, {en_basis}",
                         "unit": UNITS[fam], "freq": "Q", "source": f"{SDMX_FILE}; quarter-end monthly releases",
                         "note": "quarterly value added (GDP for 'total'); latest vintage by default"})
    return pd.DataFrame(rows, columns=META_COLUMNS)


def sdmx_obs(path: Path) -> pd.DataFrame:
    """Quarterly sector levels from the SDMX file, vintage = its Prepared date, status published."""
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
    return pd.DataFrame(rows, columns=OBS_COLUMNS)


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

    path = gso / SDMX_FILE
    base = sdmx_obs(path)
    prepared = base["vintage"].iloc[0] if len(base) else ""
    if until and prepared[:7] > until:
        return empty_obs(), meta()
    parts = [base]
    latest, rev = base, pd.DataFrame(columns=OBS_COLUMNS + ["superseded_by"])
    for wb in quarter_end_releases(gso, prepared, until):
        obs = gdp_release.parse(open_release(wb), context=latest)
        obs = obs.assign(source="monthly-releases/" + wb.name)
        parts.append(obs)
        latest, rev = merge_vintages(latest, rev, obs)
    return pd.concat(parts, ignore_index=True), meta()


def derive(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """No derived GDP series: groups and growth are computed by the scenario layer."""
    return empty_obs(), pd.DataFrame(columns=META_COLUMNS)
