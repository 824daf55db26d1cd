"""The real-time GDP record: growth as first published, each quarter under the release that published it."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from forecast import periods as P
from forecast.data.api import load
from forecast.data.build import build
from forecast.data.sources.gdp import TABLE_FILE, TABLE_YTD, release_date
from forecast.errors import GrowthsimError
from tests.conftest import tree_hash

FIRST_ESTIMATES = "../institutions/vn_gdp_annual_first_estimates_2015_2024.csv"  # beside gso/: checking only


def first_published(root, series: str) -> pd.Series:
    """Each period's value in the vintage that first published it."""
    rows = pd.concat([load(series, root=root), _revisions(root, series)], ignore_index=True)
    rows = rows.sort_values(["period", "vintage"], kind="mergesort").drop_duplicates("period")
    return rows.set_index("period")["value"]


def _revisions(root, series):
    from forecast.data.store import Store

    r = Store(root).read_revisions()
    return r[r["series"] == series].drop(columns="superseded_by")


def test_year_to_date_q4_is_the_annual_first_estimate(full_store, gso):
    path = gso / FIRST_ESTIMATES
    if not path.exists():
        pytest.skip(f"{path} not found")
    official = pd.read_csv(path).set_index("year")["first_estimate_pct"]
    ytd = first_published(full_store, "gdp_ytd_yoy.total")
    checked = 0
    for year, value in official.items():
        if f"{year}Q4" in ytd.index:          # 2018's table row is the fourth quarter alone
            assert ytd[f"{year}Q4"] == pytest.approx(value, abs=0.005), year
            checked += 1
    assert checked == 9 and "2018Q4" not in ytd.index


def test_table_rows_agree_with_the_workbooks_where_both_exist(full_store, gso):
    """From 2020 the workbooks publish the same quarters: the table's rows match the first release
    under the id TABLE_YTD gives them (so the classification is right), except 2021Q3 whose sign
    the table lost."""
    t = pd.read_csv(gso / TABLE_FILE, encoding="utf-8-sig", dtype={"time": str}).set_index("time")["yoy_output"]
    single, ytd = first_published(full_store, "gdp_yoy.total"), first_published(full_store, "gdp_ytd_yoy.total")
    compared = 0
    firsts = pd.concat([load("gdp_yoy.total", root=full_store), _revisions(full_store, "gdp_yoy.total")])
    firsts = firsts.sort_values("vintage", kind="mergesort").drop_duplicates("period").set_index("period")
    for q, v in t.items():
        src = ytd if q in TABLE_YTD else single
        if q < "2020Q1" or q not in src.index or firsts.loc[q, "source"] == TABLE_FILE:
            continue
        expect = abs(src[q]) if q == "2021Q3" else src[q]
        assert v == pytest.approx(expect, abs=0.006), q
        compared += 1
    assert compared >= 15


def test_first_vintage_is_the_release_calendar(full_store):
    for series in ("gdp_yoy.total", "gdp_ytd_yoy.total", "gdp_yoy.services"):
        rows = pd.concat([load(series, root=full_store), _revisions(full_store, series)], ignore_index=True)
        first = rows.sort_values("vintage").drop_duplicates("period")
        for q, vintage in zip(first["period"], first["vintage"]):
            if q == "2020Q3" and series.endswith("services"):
                continue   # the 2020-09 workbook is the English edition: sectors first appear in December
            assert vintage[:7] == release_date(q)[:7] == P.to_str(P.last_month(q)), (series, q, vintage)


def test_sectors_are_recorded_from_2020(full_store):
    d = load([f"gdp_yoy.{k}" for k in ("agriculture", "manufacturing", "services", "taxes")], root=full_store)
    assert d["period"].min() == "2020Q1" and d["period"].max() == "2024Q4"
    assert d.groupby("series").size().min() >= 19


def test_bad_table_row_is_refused_and_the_store_unchanged(full_store, gso, tmp_path):
    raw = tmp_path / "gso"
    (raw / "tables").mkdir(parents=True)
    for sub in ("sdmx", "monthly-releases"):
        (raw / sub).symlink_to(gso / sub)
    for f in (gso / "tables").iterdir():
        if f.name != "gdp_expenditure_quarterly_yoy.csv":
            (raw / "tables" / f.name).symlink_to(f)
    text = (gso / TABLE_FILE).read_text(encoding="utf-8-sig").replace("2016Q3,", "2016Q5,", 1)
    (raw / TABLE_FILE).write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    shutil.copytree(full_store, store)
    before = tree_hash(store)
    with pytest.raises(GrowthsimError) as exc:
        build(raw, store)
    assert "2016Q5" in str(exc.value) and "row 13" in str(exc.value) and "\n" not in str(exc.value)
    assert tree_hash(store) == before
