"""IIP: published rates from tables/iip.csv, the monthly release parser, the derived level, round trip."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from forecast import periods as P
from forecast.data.frame import OBS_COLUMNS, check_obs, latest
from forecast.data.releases import iip as release_iip
from forecast.data.releases.workbook import open_release
from forecast.data.sources import iip
from forecast.data.sources.iip_industries import SECTIONS, industry
from forecast.errors import DataError

from tests.conftest import error_text, require_gso

IMPORTS = ("2024-11", "2024-12", "2025-01", "2025-02")


def gso_dir() -> Path:
    """The raw GSO folder; the test is skipped (with the reason) when it is absent."""
    return require_gso("tables/iip.csv")


def release_file(month: str) -> Path:
    hits = sorted((gso_dir() / "monthly-releases").glob(f"{month}-*.xlsx"))
    assert len(hits) == 1, f"expected one release file for {month}, found {hits}"
    return hits[0]


def months(a: str, b: str) -> list[str]:
    return list(pd.period_range(a, b, freq="M").strftime("%Y-%m"))


def with_levels(obs: pd.DataFrame) -> pd.DataFrame:
    new = latest(obs)
    der, _ = iip.derive(new)
    return pd.concat([new, der], ignore_index=True)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    obs, meta = iip.read_raw(gso_dir(), None)
    assert set(obs["series"]) <= set(meta["id"])
    return obs


@pytest.fixture(scope="module")
def full(raw) -> pd.DataFrame:
    return with_levels(raw)


# --- published rates -------------------------------------------------------------------------

def test_rates_contract(raw):
    check_obs(raw)
    assert set(raw["unit"]) == {"%"}
    assert set(raw["source"]) == {"tables/iip.csv"}
    a = raw[raw["series"].str.endswith(".annual_yoy")]
    assert set(a["status"]) == {"published"} and set(a["period"].str.len()) == {4}
    y = raw[raw["series"] == "iip.yoy"].set_index(["period", "status"])["value"]
    assert y[("2024-05", "first_estimate")] == pytest.approx(8.866731, abs=1e-4)
    assert y[("2024-05", "revised")] == pytest.approx(10.03, abs=1e-6)   # from the 2024-06 release
    pub = raw[raw["series"] == "iip.annual_yoy"].set_index("period")["value"]
    assert pub["2023"] == pytest.approx(1.46, abs=1e-6) and pub["2024"] == pytest.approx(8.35, abs=1e-6)
    for p in ("iip.mining", "iip.manufacturing", "iip.electricity", "iip.water", "iip.b05", "iip.c26", "iip.e38"):
        assert f"{p}.yoy" in set(raw["series"])


def test_pre_2018_previous_month_column_is_year_to_date(raw):
    """Before 2018 the 'revised' column of Feb..Nov holds year-to-date rates: stored as ytd_yoy, not yoy."""
    rev = raw[(raw["status"] == "revised") & (raw["period"] < "2018-01")]
    feb_nov = rev["period"].str[5:7].between("02", "11")
    assert set(rev.loc[feb_nov, "series"].str.rpartition(".")[2]) == {"ytd_yoy"}
    assert (rev.loc[~feb_nov, "series"].str.endswith(".yoy")).all()
    assert "2017-05" not in set(raw.loc[raw["series"] == "iip.yoy", "period"])   # release missing


def test_until_keeps_only_earlier_releases():
    obs, _ = iip.read_raw(gso_dir(), "2024-10")
    assert obs["vintage"].max() == "2024-10-29"
    assert not ((obs["series"] == "iip.yoy") & (obs["period"] == "2024-10") & (obs["status"] == "revised")).any()


def test_every_label_maps():
    raw_csv = pd.read_csv(gso_dir() / "tables" / "iip.csv", index_col=0)
    for label in raw_csv["Ngành"].unique():
        industry(label)
    with pytest.raises(DataError, match="unknown IIP industry"):
        industry("Sản xuất bánh kẹo vũ trụ")


# --- derived level ---------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", SECTIONS)
def test_level_yoy_equals_published_2018_on(full, prefix):
    lv = full[full["series"] == prefix].set_index("period")["value"]
    pub = full[(full["series"] == f"{prefix}.yoy")].set_index("period")["value"]
    for m in months("2018-01", "2025-02"):
        base = f"{int(m[:4]) - 1}{m[4:]}"
        got = (lv[m] / lv[base] - 1) * 100
        assert abs(got - pub[m]) < 0.05, f"{prefix} {m}: level yoy {got:.3f} vs published {pub[m]:.3f}"


def test_level_contract_and_anchors(full):
    lv = full[full["status"] == "derived"]
    assert set(SECTIONS) <= set(lv["series"])
    assert set(lv["unit"]) == {"index 2015=100"} and set(lv["source"]) == {"derived"}
    for s, g in lv.groupby("series"):
        y2015 = g[g["period"].str.startswith("2015-")]
        assert len(y2015) == 12 and y2015["value"].mean() == pytest.approx(100.0), s  # 2015 = 100
        assert g["item"].str.contains(f"chained from {s}.yoy").all()


@pytest.mark.parametrize("prefix", SECTIONS)
def test_seasonal_anchors_match_published_month_on_month(full, prefix):
    """The anchors' shape makes the level's month-on-month change follow the published one
    (2018-02..2024-12, the fit window), far better than flat anchors would."""
    lv = full[full["series"] == prefix].set_index("period")["value"]
    mom = full[full["series"] == f"{prefix}.mom"].set_index("period")["value"]
    ms = [m for m in months("2018-02", "2024-12") if m in mom.index]
    got = np.array([(lv[m] / lv[P.to_str(P.shift(m, -1))] - 1) * 100 for m in ms])
    flat_lv = lv / lv.index.str[5:7].map(lambda k: lv[f"2015-{k}"] / 100).to_numpy()
    flat = np.array([(flat_lv[m] / flat_lv[P.to_str(P.shift(m, -1))] - 1) * 100 for m in ms])
    err, err_flat = np.median(np.abs(got - mom[ms].to_numpy())), np.median(np.abs(flat - mom[ms].to_numpy()))
    assert err < 0.7 * err_flat, (prefix, err, err_flat)


def test_seasonal_anchors_recover_a_known_pattern():
    """On a synthetic series whose month-on-month rates come from a known seasonal shape, the fit
    returns that shape (mean 100)."""
    shape = np.array([108, 72, 102, 98, 97, 97, 105, 110, 104, 103, 101, 103], dtype=float)
    shape = shape / shape.mean() * 100
    periods = months("2015-01", "2024-12")
    trend = {m: 1.005 ** i for i, m in enumerate(periods)}
    true = {m: trend[m] * shape[int(m[5:7]) - 1] for m in periods}
    chained = {m: true[m] / shape[int(m[5:7]) - 1] * 100 for m in periods}  # what flat anchors give
    mom = {m: (true[m] / true[P.to_str(P.shift(m, -1))] - 1) * 100 for m in periods[1:]}
    assert np.allclose(iip.seasonal_anchors(chained, mom), shape, atol=1e-6)


def test_gap_months_are_bridged_and_documented(full):
    lv = full[full["series"] == "iip"].set_index("period")
    assert "bridged from ytd" in lv.loc["2017-05", "item"]
    assert set(iip.EXEMPT_YEARS) == {2014, 2017}


def test_annual_gap_table(full):
    gap = iip.annual_gap(full)
    assert list(gap.columns) == ["year", "series", "level_growth_pct", "published_pct", "gap_pp"]
    sec = gap[gap["series"].isin(SECTIONS)]
    assert set(sec["year"]) == set(range(2014, 2025))
    ok = sec[~sec["year"].isin(iip.EXEMPT_YEARS)]
    assert ok["gap_pp"].abs().max() < 3.0          # measured (docs/data/iip.md): at most 2.2 pp
    assert np.allclose(ok["level_growth_pct"] - ok["published_pct"], ok["gap_pp"])


# --- monthly releases ------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("month", months("2023-01", "2025-02"))
def test_release_parse_equals_table(raw, month):
    book = open_release(release_file(month))
    got = release_iip.parse(book)
    check_obs(got)
    assert release_iip.find_table(book).title.find("cac quy") < 0
    want = raw[raw["vintage"] == book.vintage]
    assert len(want), f"tables/iip.csv has no release dated {book.vintage}"
    m = got.merge(want, on=["series", "period", "vintage", "status", "unit"], how="outer", indicator=True)
    assert (m["_merge"] == "both").all(), m[m["_merge"] != "both"][["series", "period", "status", "_merge"]].head()
    assert (m["value_x"] - m["value_y"]).abs().max() < 0.05
    assert set(got["source"]) == {book.source}


@pytest.mark.slow
def test_round_trip_imports_equal_full_build(full):
    obs, _ = iip.read_raw(gso_dir(), "2024-10")
    for month in IMPORTS:
        obs = pd.concat([obs, release_iip.parse(open_release(release_file(month)))], ignore_index=True)
    got = with_levels(obs)
    key = ["series", "period"]
    m = got.merge(full, on=key, how="outer", indicator=True)
    assert (m["_merge"] == "both").all(), m[m["_merge"] != "both"][key].head()
    rates = m[m["unit_x"] == "%"]
    assert (rates["value_x"] - rates["value_y"]).abs().max() < 0.05
    lv = m[m["unit_x"] == "index 2015=100"]
    assert ((lv["value_x"] / lv["value_y"] - 1).abs().max()) < 0.001
    assert (m["status_x"] == m["status_y"]).all() and (m["vintage_x"] == m["vintage_y"]).all()


def _tiny_release(path: Path, yoy_cell: object) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2.IIPthang"
    ws.append(["2. Chỉ số sản xuất công nghiệp phân theo ngành công nghiệp"])
    ws.append([None, "Tháng 10", "Tháng 11", "Tháng 11", "11 tháng"])
    ws.append([None, "năm 2024", "năm 2024", "năm 2024", "năm 2024"])
    ws.append([None, "so với cùng kỳ năm trước", "so với tháng trước", "so với cùng kỳ năm trước",
               "so với cùng kỳ năm trước"])
    ws.append(["Toàn ngành công nghiệp", 107.05, 102.29, 108.94, 108.36])
    ws.append(["Khai khoáng", 93.0, 99.0, yoy_cell, 93.5])
    wb.save(path)
    return path


def test_tiny_release_parses(tmp_path):
    book = open_release(_tiny_release(tmp_path / "2024-11-29-test.xlsx", 94.5), vintage="2024-11-29")
    got = release_iip.parse(book).set_index(["series", "period", "status"])["value"]
    assert got[("iip.yoy", "2024-11", "first_estimate")] == pytest.approx(8.94)
    assert got[("iip.yoy", "2024-10", "revised")] == pytest.approx(7.05)
    assert got[("iip.mining.ytd_yoy", "2024-11", "first_estimate")] == pytest.approx(-6.5)


def test_text_in_number_cell_names_sheet_and_row(tmp_path):
    book = open_release(_tiny_release(tmp_path / "2024-11-29-bad.xlsx", "tăng 5%"), vintage="2024-11-29")
    msg = error_text(release_iip.parse, book)
    assert "2.IIPthang" in msg and "row 6" in msg and "column D" in msg and "bad.xlsx" in msg


def test_workbook_without_monthly_iip_gives_empty_frame(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "11.IIPquy"
    ws.append(["11. Chỉ số sản xuất công nghiệp các quý năm 2024"])
    ws.append([None, "Quý I", "Quý II"])
    ws.append(["Toàn ngành công nghiệp", 106.0, 108.0])
    wb.save(tmp_path / "2024-12-29-q.xlsx")
    got = release_iip.parse(open_release(tmp_path / "2024-12-29-q.xlsx"))
    assert got.empty and list(got.columns) == OBS_COLUMNS
