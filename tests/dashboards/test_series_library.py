"""The user's own series in the scenario library: stored with a name, unit, kind and province, found again
by id, ids from links checked; an old library file (scenarios only) migrates and keeps its scenarios."""
from __future__ import annotations

import sqlite3
from contextlib import closing

import pandas as pd
import pytest

from dashboards import library as library_mod
from dashboards.library import Library, LibraryError
from dashboards.series_library import check_id, get_series, list_series, save_series
from forecast import periods as P
from forecast.errors import GrowthsimError


def levels(name="prov_retail", n=36) -> pd.Series:
    idx = P.to_index([f"{2021 + i // 12}-{i % 12 + 1:02d}" for i in range(n)])
    return pd.Series([1000.0 + 10 * i + 0.25 for i in range(n)], index=idx, name=name)


def test_old_library_file_migrates_and_keeps_its_scenarios(tmp_path):
    path = tmp_path / "library.sqlite"
    with closing(sqlite3.connect(path)) as con, con:              # what the app before the series table made
        con.execute(library_mod._SCHEMA)
        con.execute("INSERT INTO scenarios (name, toml, data_vintage, summary, saved_at) VALUES (?,?,?,?,?)",
                    ("Mục tiêu 8%", 'name = "Mục tiêu 8%"\nyear = 2025\ntarget = 8.0\n', "2025-03-06",
                     '{"gdp_growth": {"p10": 6, "p50": 7, "p90": 8}, "probability_reach": 0.3}', "2025-03-07 10:00:00"))
        assert con.execute("PRAGMA user_version").fetchone()[0] == 0
    lib = Library(path)
    assert lib.problem is None and lib.names() == ["Mục tiêu 8%"]
    assert lib.get("Mục tiêu 8%").summary["probability_reach"] == 0.3
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == len(library_mod.MIGRATIONS)
        cols = {r[1] for r in con.execute("PRAGMA table_info(series)")}
    assert {"id", "name", "unit", "kind", "province", "data"} <= cols
    stored = save_series(lib, levels(), name="Bán lẻ Bình Dương", unit="billion VND", kind="flow", province="Bình Dương")
    assert Library(path).names() == ["Mục tiêu 8%"]              # opened again: no second migration, both kept
    assert [s.id for s in list_series(Library(path))] == [stored.id]


def test_a_stored_series_comes_back_whole_by_its_id(tmp_path):
    lib = Library(tmp_path / "lib.sqlite")
    y = levels()
    s = save_series(lib, y, name="  <b>IIP</b>  tỉnh ", unit="index 2015=100", kind="index", province="Bình Dương",
                    source="iip tỉnh.csv")
    again = get_series(Library(tmp_path / "lib.sqlite"), s.id)
    assert again.name == "<b>IIP</b> tỉnh" and again.kind == "index" and again.source == "iip tỉnh.csv"
    assert again.levels.equals(y) and again.series().attrs == {"unit": "index 2015=100", "kind": "index"}
    assert save_series(lib, y, name="<b>IIP</b> tỉnh", unit="index 2015=100", kind="index",
                       province="Bình Dương").id == s.id                 # the same thing twice: one row
    assert len(list_series(lib)) == 1
    other = save_series(lib, y * 2, name="x", unit="billion VND", kind="flow")
    assert other.id != s.id and len(list_series(lib)) == 2


@pytest.mark.parametrize("bad", ["", "abc", "0123456789ab' OR 1=1 --", "<script>x</script>", "0123456789AB",
                                 "0123456789abc"])
def test_ids_from_links_are_checked_before_any_lookup(tmp_path, bad):
    with pytest.raises(LibraryError) as err:
        get_series(Library(tmp_path / "lib.sqlite"), bad)
    assert "is not an id" in str(err.value) and len(str(err.value)) < 80


def test_unknown_id_unknown_unit_or_kind_and_empty_name_are_refused(tmp_path):
    lib = Library(tmp_path / "lib.sqlite")
    assert check_id("0123456789ab") == "0123456789ab"
    with pytest.raises(LibraryError, match="no stored series with id 0123456789ab"):
        get_series(lib, "0123456789ab")
    with pytest.raises(GrowthsimError, match="unit 'kg'"):
        save_series(lib, levels(), name="x", unit="kg", kind="flow")
    with pytest.raises(GrowthsimError, match="kind 'stock'"):
        save_series(lib, levels(), name="x", unit="billion VND", kind="stock")
    with pytest.raises(GrowthsimError, match="not of an index"):
        save_series(lib, levels(), name="x", unit="billion VND", kind="index")
    with pytest.raises(LibraryError, match="needs a name"):
        save_series(lib, levels(), name="  ", unit="billion VND", kind="flow")
    assert list_series(lib) == []
