"""Exports and imports (million USD): raw build, release parse, revisions, round trip, bad cells."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from forecast.data.frame import OBS_COLUMNS, check_obs, empty_obs
from forecast.data.releases import trade as release_trade
from forecast.data.releases.workbook import open_release
from forecast.data.sources import trade
from forecast.data.sources.trade_products import canon, series_id
from forecast.data.store import merge_vintages
from tests.conftest import error_text, require_gso


def gso_dir() -> Path:
    """The raw GSO folder; the test is skipped (with the reason) when it is absent."""
    return require_gso("tables/xk.csv")


def newest(obs: pd.DataFrame) -> pd.DataFrame:
    latest, _ = merge_vintages(empty_obs(), pd.DataFrame(columns=OBS_COLUMNS + ["superseded_by"]), obs)
    return latest


def months(a: str, b: str) -> list[str]:
    return list(pd.period_range(a, b, freq="M").strftime("%Y-%m"))


@pytest.fixture(scope="module")
def raw():
    obs, meta = trade.read_raw(gso_dir(), None)
    return check_obs(obs, "trade"), meta


@pytest.fixture(scope="module")
def releases():
    """Parsed 2023-01..2025-02 releases: list of (book, obs)."""
    paths = sorted((gso_dir() / "monthly-releases").glob("202[345]-*.xlsx"))
    assert len(paths) == 26
    out = []
    for p in paths:
        book = open_release(p)
        out.append((book, check_obs(release_trade.parse(book), p.name)))
    return out


def test_totals_continuous_2010_to_2025(raw):
    latest = newest(raw[0])
    for sid in ("exports", "imports", "exports.domestic", "exports.fdi", "imports.domestic", "imports.fdi"):
        got = set(latest.loc[latest["series"] == sid, "period"])
        missing = sorted(set(months("2010-01", "2025-02")) - got)
        assert not missing, f"{sid} lacks {missing[:5]}"
    assert (latest.loc[latest["series"].isin(["exports", "imports"]), "unit"] == "million USD").all()


def test_sdmx_months_are_final_and_gaps_filled(raw):
    obs = raw[0]
    sd = obs[obs["source"] == trade.SDMX_FILE]
    sd_periods = set(sd.loc[sd["series"] == "exports", "period"])
    assert {"2022-01", *months("2023-01", "2023-09")}.isdisjoint(sd_periods)  # the file's gaps, as documented
    assert len(sd_periods) == 168 and min(sd_periods) == "2010-01" and max(sd_periods) == "2024-10"
    latest = newest(obs).set_index(["series", "period"])
    for sid in ("exports", "imports"):
        for p in sd_periods:
            sdmx_status = sd.loc[(sd["series"] == sid) & (sd["period"] == p), "status"].iloc[0]
            if sdmx_status == "final":
                assert latest.loc[(sid, p), "status"] == "final"
            else:  # an SDMX value equal to the first estimate: the release's revision supersedes it
                assert "equals the first estimate" in sd.loc[(sd["series"] == sid) & (sd["period"] == p), "item"].iloc[0]
                assert latest.loc[(sid, p), "status"] in ("revised", "published")
        # the newest SDMX months repeat the first estimates; every month before 2024-09 is final
        assert all(latest.loc[(sid, p), "status"] == "final" for p in sd_periods if p < "2024-09")
        for p in ["2022-01", *months("2023-01", "2023-09")]:
            assert latest.loc[(sid, p), "status"] == "revised"
    assert set(sd["vintage"]) == {"2024-11-13"}


def test_revised_values_reproduce_published_year_to_date(raw):
    obs = raw[0]
    table = pd.read_csv(gso_dir() / "tables" / "xk.csv", dtype=str)
    total = table[table["Ngành"] == "TỔNG TRỊ GIÁ"].set_index("Month")
    rev = obs[(obs["series"] == "exports") & (obs["status"] == "revised")].set_index("period")["value"]
    fe = obs[(obs["series"] == "exports") & (obs["status"] == "first_estimate")].set_index("period")["value"]
    checked = 0
    for month in months("2015-02", "2025-02"):
        y, m = month[:4], int(month[5:])
        if m == 1 or month not in total.index:
            continue
        before = months(f"{y}-01", f"{y}-{m - 1:02d}")
        if not all(p in rev.index for p in before):
            continue
        ytd = float(total.loc[month, "Total-YOY"])
        assert rev[before].sum() + fe[month] == pytest.approx(ytd, rel=1e-9), month
        checked += 1
    assert checked > 90


def test_revised_close_to_final_first_estimates_below(raw):
    obs = raw[0]
    x = obs[obs["series"] == "exports"]
    fin = x[x["status"] == "final"].set_index("period")["value"]
    rev = x[x["status"] == "revised"].set_index("period")["value"]
    fe = x[x["status"] == "first_estimate"].set_index("period")["value"]
    gap_rev = (rev / fin - 1).dropna()
    gap_fe = (fe / fin - 1).dropna()
    assert abs(gap_rev.median()) < 0.005
    assert -0.03 < gap_fe.median() < -0.005  # first estimates run below the final figures


def test_every_published_label_has_a_curated_key(raw, releases):
    from forecast.data.sources.trade_products import catalog

    known = {r["id"] for r in catalog()}
    assert set(raw[0]["series"]) <= known
    for book, obs in releases:
        assert set(obs["series"]) <= known, book.source
        assert not [n for n in book.notes if "new " in n], book.notes
    assert series_id("exports", " Điện thoại các loại và linh kiện ") == "exports.phones"
    assert series_id("imports", "Máy móc, thiết bị, dụng cụ, phụ tùng khác") == "imports.machinery"
    assert canon("Dầu thô  ") == "dau tho"


def test_release_parse_equals_tables_rows_of_same_release(raw, releases):
    obs = raw[0]
    tab = obs[obs["source"].str.startswith("tables/")]
    for book, got in releases:
        assert got["vintage"].eq(book.vintage).all()
        if book.month.endswith("-01"):
            # January also revises December from the previous year's total (not in the tables)
            dec = got[got["status"] == "revised"]
            assert set(dec["period"]) == {f"{int(book.month[:4]) - 1}-12"}
            got = got[got["status"] != "revised"]
        ref = tab[tab["vintage"] == book.vintage]
        j = got.merge(ref, on=["series", "period", "status"], how="outer", suffixes=("", "_t"), indicator=True)
        assert (j["_merge"] == "both").all(), (book.source, j.loc[j["_merge"] != "both", ["series", "period", "status"]])
        rel = (j["value"] - j["value_t"]).abs() / j["value_t"].abs().clip(lower=1e-9)
        assert (rel <= 0.001).all(), (book.source, j.loc[rel > 0.001, ["series", "period", "value", "value_t"]])
        first = got[(got["series"] == "exports") & (got["status"] == "first_estimate")]
        assert list(first["period"]) == [book.month]


def test_january_release_revises_december(raw, releases):
    obs = raw[0].set_index(["series", "period", "status"])["value"]
    by_month = {book.month: o for book, o in releases}
    # 2023-01 prints the 2022 total: December 2022 revised towards the final figure
    r = by_month["2023-01"].set_index(["series", "period", "status"])["value"]
    final, first = obs[("exports", "2022-12", "final")], obs[("exports", "2022-12", "first_estimate")]
    assert abs(r[("exports", "2022-12", "revised")] / final - 1) < abs(first / final - 1)
    # after the SDMX file's end the build reads the January release itself, as an import does
    r25 = by_month["2025-01"].set_index(["series", "period", "status"])["value"]
    assert obs[("exports", "2024-12", "revised")] == pytest.approx(r25[("exports", "2024-12", "revised")])


def test_import_round_trip_from_2024_10(raw, releases):
    full = newest(raw[0])
    base, _ = trade.read_raw(gso_dir(), "2024-10")
    assert base["period"].max() == "2024-10"
    official = newest(base)
    revisions = pd.DataFrame(columns=OBS_COLUMNS + ["superseded_by"])
    for book, obs in releases:
        if book.month > "2024-10":
            official, revisions = merge_vintages(official, revisions, obs)
    a = full.set_index(["series", "period"])["value"]
    b = official.set_index(["series", "period"])["value"]
    assert set(a.index) == set(b.index)
    rel = ((a - b.reindex(a.index)).abs() / a.abs().clip(lower=1e-9))
    assert (rel <= 0.001).all(), rel[rel > 0.001].head()


def test_derive_trade_balance(raw):
    latest = newest(raw[0])
    obs, meta = trade.derive(latest)
    assert list(meta["id"]) == ["trade_balance"]
    bal = obs.set_index("period")
    lx = latest.set_index(["series", "period"])["value"]
    assert bal.loc["2024-10", "value"] == pytest.approx(lx[("exports", "2024-10")] - lx[("imports", "2024-10")])
    assert (obs["status"] == "derived").all() and (obs["unit"] == "million USD").all()
    assert len(obs) == len(months("2010-01", "2025-02"))


def _write_release(path: Path, bad_cell: object) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "14.XK"
    rows = [
        ["14. Hàng hóa xuất khẩu"],
        [],
        [None, None, None, None, None, None, None, None, None, None, None, None, "Nghìn tấn; Triệu USD"],
        [None, None, "Sơ bộ", None, None, "Sơ bộ", None, None, "Tháng 02 năm 2025", None, None, "2 tháng năm 2025"],
        [None, None, "tháng 02", None, None, "2 tháng", None, None, "so với cùng kỳ", None, None, "so với cùng kỳ"],
        [None, None, "năm 2025", None, None, "năm 2025", None, None, "năm trước (%)", None, None, "năm trước (%)"],
        [None, None, "Lượng", "Trị giá", None, "Lượng", "Trị giá", None, "Lượng", "Trị giá", None, "Lượng", "Trị giá"],
        [],
        ["TỔNG TRỊ GIÁ", None, None, 31109.3, None, None, 64268.2, None, None, 125.7, None, None, 108.4],
        [None, "Khu vực kinh tế trong nước", None, 8388, None, None, 17923.3],
        ["MẶT HÀNG CHỦ YẾU"],
        [None, "Cà phê", 169.3, bad_cell, None, 303.3, 1721.1],
    ]
    for r in rows:
        ws.append(r)
    p = path / "2025-02-28-test-release.xlsx"
    wb.save(p)
    return p


def test_small_release_parses(tmp_path):
    book = open_release(_write_release(tmp_path, 964.3))
    assert book.month == "2025-02"
    obs = release_trade.parse(book).set_index(["series", "period", "status"])["value"]
    assert obs[("exports.coffee", "2025-02", "first_estimate")] == pytest.approx(964.3)
    assert obs[("exports.coffee", "2025-01", "revised")] == pytest.approx(1721.1 - 964.3)
    assert obs[("exports", "2025-01", "revised")] == pytest.approx(64268.2 - 31109.3)


def test_text_in_value_cell_raises_data_error_naming_sheet_and_row(tmp_path):
    book = open_release(_write_release(tmp_path, "n/a"))
    msg = error_text(release_trade.parse, book)
    assert "'14.XK'" in msg and "row 12" in msg and "column D" in msg and "n/a" in msg


def test_release_without_trade_table_gives_empty_frame(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["2. Chỉ số sản xuất công nghiệp tháng 02 năm 2025"])
    p = tmp_path / "2025-02-28-other.xlsx"
    wb.save(p)
    obs = release_trade.parse(open_release(p))
    assert obs.empty and list(obs.columns) == OBS_COLUMNS
