"""Passenger and freight transport, monthly from 2020-01: volume carried and traffic.

Official only, from the release workbooks (``releases/transport.py``; docs/data/activity.md):
``transport.passengers`` (thousand passengers), ``transport.passenger_km`` (million passenger-km),
``transport.freight`` (thousand tonnes), ``transport.tonne_km`` (million tonne-km), each with
``.ytd``, ``.yoy``, ``.ytd_yoy``. Volumes: nothing to deflate, no derived series. The tables give
no revised previous month, so each month is its first estimate (status ``first_estimate``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast.data.frame import META_COLUMNS, empty_obs
from forecast.data.releases import transport as release
from forecast.data.sources.release_workbooks import FOLDER, catalog_rows, meta_frame, read_releases

SOURCE = f"{FOLDER}/*.xlsx, sheets 'Vận tải hành khách', 'Vận tải hàng hoá'"
NAMES = (("transport.passengers", "Vận chuyển hành khách", "Passengers carried", "thousand passengers"),
         ("transport.passenger_km", "Luân chuyển hành khách", "Passenger traffic", "million passenger-km"),
         ("transport.freight", "Vận chuyển hàng hoá", "Freight carried", "thousand tonnes"),
         ("transport.tonne_km", "Luân chuyển hàng hoá", "Freight traffic", "million tonne-km"))


def meta() -> pd.DataFrame:
    rows = []
    for stem, vi, en, unit in NAMES:
        rows += catalog_rows(stem, vi, en, unit, "M", SOURCE,
                             "first estimate only: the tables print no revised previous month")
    return meta_frame(rows)


def read_raw(gso: Path, until: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every release's transport totals (releases dated in a month <= `until`)."""
    return read_releases(gso, until, release.parse), meta()


def derive(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """No derived transport series."""
    return empty_obs(), pd.DataFrame(columns=META_COLUMNS)
