"""Retail sales: published levels and rates, the break-adjusted series, real retail, and the import round trip."""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pytest

from forecast.data.frame import check_obs, latest
from forecast.data.releases import cpi as release_cpi
from forecast.data.releases import retail as release_retail
from forecast.data.releases.workbook import open_release
from forecast.data.sources import cpi, retail
from forecast.errors import DataError

from tests.conftest import assert_parse_equals_table, require_gso

STEMS = ["retail", "retail.goods", "retail.accommodation_food", "retail.travel", "retail.other_services"]


def gso_dir() -> Path:
    """The raw GSO folder; the test is skipped (with the reason) when it is absent."""
    return require_gso("tables/tongmuc.csv")


@functools.lru_cache(maxsize=None)
def book_of(path: Path):
    return open_release(path)


def release(gso: Path, month: str) -> Path:
    [path] = [p for p in sorted((gso / "monthly-releases").glob("*.xlsx")) if p.name[:7] == month]
    return path


def series(obs: pd.DataFrame, sid: str) -> pd.Series:
    return obs[obs["series"] == sid].set_index("period")["value"].sort_index()


def year_earlier(s: pd.Series) -> pd.Series:
    """The value of twelve months earlier, indexed by the later period."""
    out = s.copy()
    out.index = [f"{int(p[:4]) + 1}{p[4:]}" for p in s.index]
    return out


@pytest.fixture(scope="module")
def official() -> pd.DataFrame:
    gso = gso_dir()
    obs = pd.concat([retail.read_raw(gso, None)[0], cpi.read_raw(gso, None)[0]], ignore_index=True)
    return latest(check_obs(obs))


@pytest.fixture(scope="module")
def derived(official) -> pd.DataFrame:
    obs, meta = retail.derive(official)
    assert set(obs["series"]) <= set(meta["id"])
    return check_obs(obs)


def test_read_raw_statuses_and_until():
    obs, meta = retail.read_raw(gso_dir(), "2024-10")
    check_obs(obs)
    assert set(obs["series"]) <= set(meta["id"])
    assert obs["period"].max() == "2024-10"
    oct_ = obs[(obs["series"] == "retail") & (obs["period"] == "2024-10")]
    # only the October release's estimate: the revision comes with the November release, after `until`
    assert list(oct_["status"]) == ["first_estimate"] and oct_["value"].iloc[0] == pytest.approx(545729.5865, rel=1e-9)
    sep = obs[(obs["series"] == "retail") & (obs["period"] == "2024-09")].set_index("status")
    assert sep.loc["revised", "vintage"] == "2024-10-29" and sep.loc["first_estimate", "vintage"] == "2024-09-29"
    # 2018-03: the YTD column printed % rates, not indices
    full, _ = retail.read_raw(gso_dir(), None)
    assert series(full, "retail.ytd_yoy")["2018-03"] == pytest.approx(9.855731, abs=1e-5)


def test_levels_break_in_2024(official):
    """The anomaly the adjusted series exists for: naive yoy of the stored levels misses the published
    rate by more than 3 pp in most months of 2024 (levels re-based about -5%)."""
    lvl = series(official, "retail")
    naive = (lvl / year_earlier(lvl).reindex(lvl.index) - 1) * 100
    gap = (naive - series(official, "retail.yoy")).dropna()
    assert (gap["2024-01":"2024-11"].abs() > 3).sum() >= 9


@pytest.mark.parametrize("stem", STEMS)
def test_adjusted_yoy_equals_published(official, derived, stem):
    """Over every month with a published monthly rate, 2013-01..2025-02 (all Januaries, and every month
    from 2018-09): yoy of <stem>.adjusted == published <stem>.yoy within 0.05 pp. No exemptions."""
    adj = series(derived, f"{stem}.adjusted")
    assert adj.index[0] == "2012-01" and adj.index[-1] == "2025-02" and len(adj) == 158
    yoy_adj = (adj / year_earlier(adj).reindex(adj.index) - 1) * 100
    pub = series(official, f"{stem}.yoy")
    gap = (yoy_adj - pub).dropna()
    assert len(gap) == 83 and gap.index.min() == "2013-01"
    assert gap.abs().max() < 0.05


def test_adjusted_ytd_matches_published_before_monthly_rates(official, derived):
    """2013-02..2018-08 had no published monthly rate: the chain uses the rate implied by the published
    year-to-date rates, so the adjusted year-to-date growth reproduces them within 0.35 pp (measured max
    0.27 pp, 2015; the rates of 2012-2014 are printed to 0.1 and year-to-date sums carry revisions)."""
    adj = series(derived, "retail.adjusted")
    cum = adj.groupby(adj.index.str[:4]).cumsum()
    ytd_adj = (cum / year_earlier(cum).reindex(cum.index) - 1) * 100
    gap = (ytd_adj - series(official, "retail.ytd_yoy")).dropna()["2013-01":"2018-08"]
    assert len(gap) == 68
    assert gap.abs().max() < 0.35


def test_adjusted_keeps_latest_year(official, derived):
    adj = series(derived, "retail.adjusted")
    lvl = series(official, "retail")
    assert (adj["2024-03":] / lvl["2024-03":] - 1).abs().max() < 1e-12


def test_real_retail(official, derived):
    real = series(derived, "retail_real")
    adj = series(derived, "retail.adjusted")
    idx = cpi.chain_index(official)
    assert real.index[0] == "2014-01" and real.index[-1] == "2025-02"
    assert real["2024-12"] == pytest.approx(adj["2024-12"] / idx["2024-12"] * 100)
    assert (derived.loc[derived["series"] == "retail_real", "unit"] == "billion VND, 2019 prices").all()


@pytest.mark.parametrize("month", [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)] + ["2025-01", "2025-02"])
def test_release_parse_equals_table(month):
    gso = gso_dir()
    book = book_of(release(gso, month))
    parsed = check_obs(release_retail.parse(book))
    raw, _ = retail.read_raw(gso, None)
    table = raw[raw["vintage"] == book.vintage]
    assert_parse_equals_table(parsed, table, 25, rel_tol=1e-9, abs_tol=1e-9)


def test_import_round_trip():
    """Build to 2024-10, then the releases 2024-11..2025-02 one by one == full build (0.1% levels, 0.05 pp rates)."""
    gso = gso_dir()
    parts = [retail.read_raw(gso, "2024-10")[0], cpi.read_raw(gso, "2024-10")[0]]
    for month in ("2024-11", "2024-12", "2025-01", "2025-02"):
        book = book_of(release(gso, month))
        parts += [release_retail.parse(book), release_cpi.parse(book)]
    step = latest(check_obs(pd.concat(parts, ignore_index=True)))
    full = latest(check_obs(pd.concat([retail.read_raw(gso, None)[0], cpi.read_raw(gso, None)[0]], ignore_index=True)))
    for a, b in ((step, full), (retail.derive(step)[0], retail.derive(full)[0]), (cpi.derive(step)[0], cpi.derive(full)[0])):
        m = a.merge(b, on=["series", "period"], how="outer", suffixes=("_a", "_b"), indicator=True)
        assert (m["_merge"] == "both").all(), m[m["_merge"] != "both"].head()
        assert len(m) > 100
        rate = m["unit_a"] == "%"
        assert ((m.loc[rate, "value_a"] - m.loc[rate, "value_b"]).abs() < 0.05).all()
        assert ((m.loc[~rate, "value_a"] / m.loc[~rate, "value_b"] - 1).abs() < 0.001).all()


def _retail_book(tmp_path: Path, cell: object) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "13. Tongmuc"
    ws.append(["13. Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"])
    ws.append([])
    ws.append([])
    ws.append([None, None, None, None, None, None, "Tỷ đồng"])
    ws.append([None, "Sơ bộ", "Ước tính", "4 tháng ", None, "Tháng 4", "4 tháng"])
    ws.append([None, "tháng 3", "tháng 4", "năm 2024", None, "năm 2024", "năm 2024"])
    ws.append([None, "năm", "năm", "Tổng", "Cơ", "so với", "so với"])
    ws.append([None, 2024, 2024, "mức", "cấu ", "cùng kỳ", "cùng kỳ"])
    ws.append([None, "(Tỷ đồng)", "(Tỷ đồng)", "(Tỷ đồng)", "(%)", "năm", "năm"])
    ws.append([None, None, None, None, None, "trước (%)", "trước (%)"])
    ws.append([])
    ws.append(["TỔNG SỐ", 511948.55, cell, 2062351, 100, 109.04, 108.55])
    ws.append(["Bán lẻ hàng hóa", 393000.0, 400000.0, 1580000.0, 76.9, 108.0, 108.0])
    path = tmp_path / "2024-04-29-test.xlsx"
    wb.save(path)
    return path


def test_small_release_parses(tmp_path):
    obs = check_obs(release_retail.parse(open_release(_retail_book(tmp_path, 522079.2))))
    got = obs.set_index(["series", "period"])["value"]
    assert got[("retail", "2024-04")] == pytest.approx(522079.2)
    assert got[("retail", "2024-03")] == pytest.approx(511948.55)
    assert got[("retail.yoy", "2024-04")] == pytest.approx(9.04)
    assert got[("retail.goods.ytd_yoy", "2024-04")] == pytest.approx(8.0)
    st = obs.set_index(["series", "period"])["status"]
    assert st[("retail", "2024-03")] == "revised" and st[("retail", "2024-04")] == "first_estimate"


def test_text_in_number_cell_raises(tmp_path):
    with pytest.raises(DataError) as err:
        release_retail.parse(open_release(_retail_book(tmp_path, "khoảng 522 nghìn tỷ")))
    msg = str(err.value)
    assert "13. Tongmuc" in msg and "row 12" in msg and "column C" in msg


def test_quarterly_table_is_not_taken():
    book = book_of(release(gso_dir(), "2024-12"))
    assert release_retail.find_sheet(book).name == "26.Tongmuc"
