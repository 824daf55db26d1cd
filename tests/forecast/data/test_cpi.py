"""CPI: published rates from tables/cpi.csv and the release sheets, and the chained base-2019 index."""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pytest

from forecast.data.frame import check_obs, latest
from forecast.data.releases import cpi as release_cpi
from forecast.data.releases.workbook import open_release
from forecast.data.sources import cpi
from forecast.errors import DataError
from tests.conftest import assert_parse_equals_table, require_gso


def gso_dir() -> Path:
    """The raw GSO folder; the test is skipped (with the reason) when it is absent."""
    return require_gso("tables/cpi.csv")


@functools.lru_cache(maxsize=None)
def book_of(path: Path):
    """Each workbook is opened once per test session (reading 26 xlsx files takes a while)."""
    return open_release(path)


def releases(gso: Path, first: str = "2023-01", last: str = "2025-02") -> list[Path]:
    return [p for p in sorted((gso / "monthly-releases").glob("*.xlsx")) if first <= p.name[:7] <= last]


@pytest.fixture(scope="module")
def official() -> pd.DataFrame:
    obs, meta = cpi.read_raw(gso_dir(), None)
    assert set(obs["series"]) <= set(meta["id"])
    return latest(check_obs(obs))


def test_read_raw_series_and_until():
    obs, _ = cpi.read_raw(gso_dir(), "2024-10")
    assert obs["period"].max() == "2024-10"
    head = obs[obs["period"] == "2024-10"].set_index("series")["value"]
    assert {"cpi.yoy", "cpi.mom", "cpi.ytd_yoy", "cpi.housing.yoy", "cpi.transport.mom", "cpi.core.yoy"} <= set(head.index)
    assert head["cpi.yoy"] == pytest.approx(2.8907629, abs=1e-4)  # 102.89 in the 2024-10 release


def test_chained_index_yoy_matches_published(official):
    """cpi chained from MOM: its yoy equals the published yoy within 0.05 pp over 2015-01..2025-02 (measured max 0.013)."""
    idx = cpi.chain_index(official)
    assert idx.index[0] == "2014-01" and idx.index[-1] == "2025-02"
    yoy = official[official["series"] == "cpi.yoy"].set_index("period")["value"]
    prev = idx.copy()
    prev.index = [f"{int(p[:4]) + 1}{p[4:]}" for p in prev.index]
    gap = ((idx / prev.reindex(idx.index) - 1) * 100 - yoy).dropna()
    assert gap.index.min() == "2015-01" and len(gap) == 122
    assert gap.abs().max() < 0.05


def test_chained_index_matches_gso_base_2019(official):
    """Against GSO's own 'Kỳ gốc (2019)' column of every 2023-01..2025-02 release: within 0.01% for the
    headline and 0.02% for every group (measured max 0.004% and 0.007%, 2020-08..2025-02)."""
    gaps = {}
    for path in releases(gso_dir()):
        book = book_of(path)
        pub = release_cpi.base_index(book)
        assert "cpi" in pub.index, path.name
        for stem, value in pub.items():
            idx = cpi.chain_index(official, stem)
            if not idx.empty:
                gaps[(stem, book.month)] = (idx[book.month] / value - 1) * 100
    gaps = pd.Series(gaps)
    assert gaps.xs("cpi").abs().max() < 0.01
    assert gaps.abs().max() < 0.02


@pytest.mark.parametrize("month", [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)] + ["2025-01", "2025-02"])
def test_release_parse_equals_table(official, month):
    gso = gso_dir()
    [path] = [p for p in releases(gso) if p.name[:7] == month]
    book = book_of(path)
    parsed = check_obs(release_cpi.parse(book))
    raw, _ = cpi.read_raw(gso, None)
    table = raw[raw["vintage"] == book.vintage]
    assert_parse_equals_table(parsed, table, 60)
    assert (parsed["vintage"] == book.vintage).all() and (parsed["source"] == path.name).all()


def _cpi_book(tmp_path: Path, mom_cell: object) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "16. CPI"
    ws.append(["16. Chỉ số giá tiêu dùng, chỉ số giá vàng, chỉ số giá đô la Mỹ "])
    ws.append(["      và lạm phát cơ bản tháng 5 năm 2024"])
    ws.append([])
    ws.append([None, None, None, None, None, None, None, "%"])
    ws.append([None, None, None, "Tháng 5 năm 2024 so với:", None, None, None, "Bình quân 5 tháng"])
    ws.append([None, None, None, "Kỳ gốc", "Tháng 5", "Tháng 12", "Tháng 4", " năm 2024 so với "])
    ws.append([None, None, None, "(2019)", "năm 2023", "năm 2023", "năm 2024", "cùng kỳ năm 2023"])
    ws.append([])
    ws.append(["CHỈ SỐ GIÁ TIÊU DÙNG", None, None, 115.2, 104.44, 101.24, mom_cell, 104.03])
    ws.append([None, "Giao thông", None, 108.1, 101.0, 103.0, 99.5, 102.0])
    path = tmp_path / "2024-05-29-test.xlsx"
    wb.save(path)
    return path


def test_small_release_parses(tmp_path):
    obs = release_cpi.parse(open_release(_cpi_book(tmp_path, 100.0469)))
    got = obs.set_index("series")["value"]
    assert got["cpi.mom"] == pytest.approx(0.0469)
    assert got["cpi.yoy"] == pytest.approx(4.44)
    assert got["cpi.ytd_yoy"] == pytest.approx(4.03)
    assert got["cpi.transport.mom"] == pytest.approx(-0.5)
    assert set(obs["period"]) == {"2024-05"} and set(obs["vintage"]) == {"2024-05-29"}


def test_text_in_number_cell_raises(tmp_path):
    with pytest.raises(DataError) as err:
        release_cpi.parse(open_release(_cpi_book(tmp_path, "tăng 0,05")))
    msg = str(err.value)
    assert "16. CPI" in msg and "row 9" in msg and "column G" in msg


def test_derive_gives_indices(official):
    obs, meta = cpi.derive(official)
    check_obs(obs)
    assert {"cpi", "cpi.food_catering", "cpi.housing", "cpi.transport"} <= set(obs["series"])
    assert set(obs["series"]) <= set(meta["id"])
    c = obs[obs["series"] == "cpi"].set_index("period")["value"]
    assert c["2020-12"] == pytest.approx(cpi.ANCHORS["cpi"])
    assert (obs["status"] == "derived").all() and (obs["source"] == "derived").all()
