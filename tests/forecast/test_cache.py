"""forecast.cache: the atomic writer, the store's fingerprint, the memo that follows the store."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from forecast import cache
from forecast.data.store import Store
from scenarios.basedata import base_data

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def store(tmp_path) -> Path:
    """A copy of the shipped store in data/."""
    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    return root


def leftovers(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name.startswith(".tmp-"))


# --------------------------------------------------------------------------- atomic writer

def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "entry.npy"
    target.write_bytes(b"old")
    cache.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_atomic_write_failing_writer_keeps_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "entry.npz"
    target.write_bytes(b"old entry")

    def half_then_fail(fh):
        fh.write(b"half of a new entry")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        cache.atomic_write(target, half_then_fail)
    assert target.read_bytes() == b"old entry"
    assert leftovers(tmp_path) == []


def test_atomic_write_failing_replace_leaves_no_temporary(tmp_path):
    target = tmp_path / "entry"
    target.mkdir()                       # os.replace of a file onto a non-empty directory fails
    (target / "inside").write_text("x")
    with pytest.raises(OSError):
        cache.atomic_write(target, b"data")
    assert leftovers(tmp_path) == []
    assert (target / "inside").read_text() == "x"


def test_cached_arrays_round_trip_and_a_bad_entry_counts_as_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path / "cache"))
    a = np.arange(12.0).reshape(3, 4)
    cache.save_array("baseline", "k1", a)
    np.testing.assert_array_equal(cache.load_array("baseline", "k1"), a)
    (tmp_path / "cache" / "baseline" / "k2.npy").write_bytes(b"not an array")
    assert cache.load_array("baseline", "k2") is None
    assert cache.load_array("baseline", "absent") is None
    assert cache.clear() == 2
    assert leftovers(tmp_path / "cache" / "baseline") == []


# --------------------------------------------------------------------------- fingerprint

def test_fingerprint_names_the_content_not_the_place(store):
    assert cache.data_fingerprint(store) == cache.data_fingerprint(REPO / "data")
    os.utime(store / "catalog.csv", ns=(1, 1))          # new mtime, same bytes: same fingerprint
    assert cache.data_fingerprint(store) == cache.data_fingerprint(REPO / "data")


def test_changed_store_gives_a_changed_fingerprint(store):
    before = cache.data_fingerprint(store)
    content = Store(store).read()
    i = content.official.index[content.official["series"] == "gdp_real.agriculture"][-1]
    content.official.loc[i, "value"] *= 1.01
    Store(store).write(content)
    after = cache.data_fingerprint(store)
    assert after != before
    assert cache.data_fingerprint(store) == after       # stable while the store is unchanged


def test_same_size_edit_in_place_changes_the_fingerprint(store):
    before = cache.data_fingerprint(store)
    path = store / "observations" / "gdp_real.csv"
    text = path.read_bytes()
    pos = text.rindex(b"\n", 0, len(text) - 1) + 1      # the last row: change one of its digits
    row = text[pos:]
    j = next(k for k, c in enumerate(row) if chr(c).isdigit() and k > row.index(b","))
    digit = b"1" if row[j:j + 1] != b"1" else b"2"
    with open(path, "r+b") as fh:                       # in place: same inode, same size
        fh.seek(pos + j)
        fh.write(digit)
    assert path.stat().st_size == len(text)
    assert cache.data_fingerprint(store) != before


def test_a_missing_store_has_a_fingerprint(tmp_path):
    assert cache.data_fingerprint(tmp_path / "nothing") == cache.data_fingerprint(tmp_path / "nothing either")


# --------------------------------------------------------------------------- memo

def test_memo_hits_while_the_store_is_unchanged_and_misses_after_a_change(store):
    calls = []

    @cache.memoize(maxsize=4)
    def catalog_rows(root):
        calls.append(root)
        return len(Store(root).read_catalog())

    assert catalog_rows(store) == catalog_rows(store)
    assert len(calls) == 1
    content = Store(store).read()
    content.catalog = content.catalog.iloc[:-1]
    Store(store).write(content)
    assert catalog_rows(store) == len(content.catalog)
    assert len(calls) == 2


def test_base_data_follows_a_change_of_the_store(store):
    old = base_data(2025, str(store))
    assert base_data(2025, str(store)) is old
    content = Store(store).read()
    rows = (content.official["series"] == "gdp_real.agriculture") & content.official["period"].str.startswith("2024")
    content.official.loc[rows, "value"] *= 2
    Store(store).write(content)
    new = base_data(2025, str(store))
    i = new.leaves.index("agriculture")
    assert new.levels_prev_bn_vnd[i] == pytest.approx(2 * old.levels_prev_bn_vnd[i])
    assert new.weights[i] > old.weights[i]


def test_memo_is_bounded(tmp_path):
    memo = cache.Memo(maxsize=2)
    for k in range(5):
        memo.put(k, k * 10, tmp_path)
    assert len(memo) == 2
    assert memo.get(4, tmp_path) == 40
    assert memo.get(0, tmp_path) is None


def test_memoize_needs_the_root_argument():
    with pytest.raises(TypeError, match="root"):
        cache.memoize()(lambda year: year)
