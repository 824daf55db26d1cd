"""International visitor arrivals (visits), total and by mode (air, road, sea), monthly from 2019-12.

Official only, from the release workbooks (``releases/arrivals.py``; see docs/data/activity.md):
``arrivals`` (total), ``arrivals.air``, ``arrivals.road``, ``arrivals.sea``, each with ``.ytd``,
``.yoy`` and ``.ytd_yoy``. Visits are a volume: nothing to deflate, no derived series.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast.data.frame import META_COLUMNS, empty_obs
from forecast.data.releases import arrivals as release
from forecast.data.sources.release_workbooks import FOLDER, catalog_rows, meta_frame, read_releases

SOURCE = f"{FOLDER}/*.xlsx, sheet 'Khách quốc tế đến Việt Nam'"
NAMES = (("arrivals", "Khách quốc tế đến Việt Nam", "International visitor arrivals"),
         ("arrivals.air", "Khách quốc tế đến bằng đường không", "International arrivals by air"),
         ("arrivals.road", "Khách quốc tế đến bằng đường bộ", "International arrivals by road"),
         ("arrivals.sea", "Khách quốc tế đến bằng đường biển", "International arrivals by sea"))


def meta() -> pd.DataFrame:
    rows = []
    for stem, vi, en in NAMES:
        rows += catalog_rows(stem, vi, en, release.UNIT, "M", SOURCE,
                             "published in thousands of visits until 2020-03, stored in visits")
    return meta_frame(rows)


def read_raw(gso: Path, until: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every release's arrivals (releases dated in a month <= `until`)."""
    return read_releases(gso, until, release.parse), meta()


def derive(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """No derived arrivals series."""
    return empty_obs(), pd.DataFrame(columns=META_COLUMNS)
