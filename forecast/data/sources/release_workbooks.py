"""Families read straight from the monthly release workbooks (``monthly-releases/*.xlsx``).

State-budget and social investment, international arrivals and transport have no SDMX code and
no table in ``tables/``: the workbooks (2020-01 .. 2025-02) are their only source, so a full
build reads every workbook with the same parser an import uses (``forecast.data.releases.<family>``)
and a build equals importing the releases one by one. Opening a workbook takes 1-3 s; the
parsed grids are cached per file (``workbook._read_sheets``), so the three families open each once.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from forecast.data.frame import META_COLUMNS, empty_obs

FOLDER = "monthly-releases"


def releases(gso: Path, until: str | None) -> list[Path]:
    """Release workbooks whose date (the file name's leading YYYY-MM-DD) is in a month <= `until`."""
    out = []
    for p in sorted((gso / FOLDER).glob("*.xlsx")):
        if until and p.name[:7] > until:
            continue
        out.append(p)
    return out


def read_releases(gso: Path, until: str | None, parse: Callable) -> pd.DataFrame:
    """Observations `parse(book)` finds in every release up to `until`; source ``monthly-releases/<file>``."""
    from forecast.data.releases.workbook import open_release

    parts = []
    for p in releases(gso, until):
        obs = parse(open_release(p))
        if len(obs):
            parts.append(obs.assign(source=f"{FOLDER}/{p.name}"))
    return pd.concat(parts, ignore_index=True) if parts else empty_obs()


SUFFIXES = {
    "": ("{vi}", "{en} (month)", "as published: the month's first estimate, then the next release's "
         "realised value (status revised)"),
    ".ytd": ("{vi} (cộng dồn từ đầu năm)", "{en}, year to date", "as published in the month's release"),
    ".yoy": ("{vi}: tháng so với cùng kỳ", "{en}: % change on the same month last year",
             "published index - 100 (%)"),
    ".ytd_yoy": ("{vi}: cộng dồn so với cùng kỳ", "{en}: % change of the year to date on the same period last year",
                 "published index - 100 (%)"),
}


def catalog_rows(stem: str, vi: str, en: str, unit: str, freq: str, source: str, note: str = "",
                 suffixes: tuple[str, ...] = tuple(SUFFIXES)) -> list[dict]:
    """Catalog rows of a published series and its year-to-date and rate companions."""
    rows = []
    for suf in suffixes:
        v, e, n = SUFFIXES[suf]
        if freq == "Q":
            e = e.replace("(month)", "(quarter)").replace("same month", "same quarter")
            v = v.replace("tháng so với", "quý so với")
        rows.append({"id": stem + suf, "name_vi": v.format(vi=vi), "name_en": e.format(en=en),
                     "unit": "%" if suf.endswith("yoy") else unit, "freq": freq, "source": source,
                     "note": f"{n}; {note}" if note and suf == "" else n})
    return rows


def meta_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=META_COLUMNS)
