"""The store: vintages resolve as documented, rebuilds are byte-identical, writes are atomic."""
from __future__ import annotations

import pandas as pd
import pytest

from forecast.data.build import build
from forecast.data.frame import OBS_COLUMNS
from forecast.data.store import Store, StoreContent, catalog_from, merge_vintages
from tests.conftest import tree_hash


def obs(series, period, value, vintage, status="revised", source="x.xlsx"):
    return {"series": series, "period": period, "value": value, "unit": "%", "source": source,
            "item": "row", "vintage": vintage, "status": status}


def frame(*rows):
    return pd.DataFrame(list(rows), columns=OBS_COLUMNS)


EMPTY_REV = pd.DataFrame(columns=OBS_COLUMNS + ["superseded_by"])


def test_newer_vintage_supersedes_and_old_goes_to_log():
    cur = frame(obs("a", "2024-01", 1.0, "2024-01-29", "first_estimate"))
    new, rev = merge_vintages(cur, EMPTY_REV, frame(obs("a", "2024-01", 1.5, "2024-02-29")))
    assert new["value"].tolist() == [1.5]
    assert rev[["value", "vintage", "superseded_by"]].values.tolist() == [[1.0, "2024-01-29", "2024-02-29"]]


def test_older_vintage_does_not_displace_newer():
    cur = frame(obs("a", "2024-01", 1.5, "2024-02-29"))
    new, rev = merge_vintages(cur, EMPTY_REV, frame(obs("a", "2024-01", 1.0, "2024-01-29")))
    assert new["value"].tolist() == [1.5]
    assert rev["value"].tolist() == [1.0]


def test_final_figure_is_not_displaced_by_later_estimate():
    cur = frame(obs("x", "2024-09", 100.0, "2024-10-24", "final", "METVNM.xml"))
    new, _ = merge_vintages(cur, EMPTY_REV, frame(obs("x", "2024-09", 98.0, "2024-10-29", "revised")))
    assert new["value"].tolist() == [100.0] and new["status"].tolist() == ["final"]


def test_reimport_of_same_release_changes_nothing():
    cur = frame(obs("a", "2024-01", 1.0, "2024-01-29"))
    new, rev = merge_vintages(cur, EMPTY_REV, cur.copy())
    assert new["value"].tolist() == [1.0] and rev.empty


def test_write_is_deterministic_and_unchanged_files_untouched(tmp_path):
    latest = frame(obs("a.b", "2024-01", 1 / 3, "2024-01-29"), obs("c", "2024Q1", 2.0, "2024-03-29"))
    content = StoreContent(official=latest, derived=latest.iloc[:0], revisions=EMPTY_REV,
                           catalog=catalog_from(pd.DataFrame(columns=["id"]), latest))
    Store(tmp_path / "s1").write(content)
    Store(tmp_path / "s2").write(content)
    assert tree_hash(tmp_path / "s1") == tree_hash(tmp_path / "s2")
    back = Store(tmp_path / "s1").read_latest()
    assert back.loc[back["series"] == "a.b", "value"].iloc[0] == pytest.approx(1 / 3, rel=1e-11)


@pytest.mark.slow
def test_rebuild_gives_identical_bytes(gso, full_store, tmp_path):
    build(gso, tmp_path / "again")
    assert tree_hash(tmp_path / "again") == tree_hash(full_store)


def test_shipped_store_is_the_build_of_the_raw_data(gso, full_store):
    """data/ in the repository must be what 'growthsim data build' makes from the raw folder."""
    from tests.conftest import REPO
    assert tree_hash(REPO / "data") == tree_hash(full_store)
