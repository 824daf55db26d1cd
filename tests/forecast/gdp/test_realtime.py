"""Real-time data of the GDP call: nothing published after the origin is read where the store holds
an older vintage, and changing such a value leaves the call unchanged."""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from forecast import periods as P
from forecast.data import api
from forecast.data.store import Store, default_root
from forecast.gdp import backtest as BT
from forecast.gdp import models as Mo
from forecast.gdp import realtime as R

ORIGINS = ["2018-05", "2019-12", "2020-10", "2021-08", "2023-03", "2024-06", "2024-11"]


def vintages_by_key(root=None) -> dict[tuple[str, str], list[str]]:
    """Every stored vintage of every (series, period), newest and superseded, read from the files."""
    st = Store(root)
    rows = pd.concat([st.read_latest(), st.read_revisions()], ignore_index=True)
    out: dict[tuple[str, str], list[str]] = {}
    for s, p, v in zip(rows["series"], rows["period"], rows["vintage"]):
        out.setdefault((s, p), []).append(v)
    return out


def test_reads_nothing_published_after_the_origin_where_a_vintage_exists():
    known = vintages_by_key()
    for origin in ORIGINS:
        log = R.ReadLog()
        R.published(origin, log=log)
        reads = log.frame()
        day = R.origin_date(origin)
        assert len(reads) > 500
        assert (reads["period"].map(lambda p: P.last_month(p) <= P.month(origin))).all()
        rt = reads[reads["mode"] == R.REALTIME]
        assert (rt["vintage"] <= day).all(), rt[rt["vintage"] > day].head()
        newest = reads[reads["mode"] == R.NEWEST]
        older = [any(v <= day for v in known[(s, p)]) for s, p in zip(newest["series"], newest["period"])]
        assert not any(older), newest[older].head()
        # GDP growth is read from its vintages only: a rate not published by then was not known
        assert (rt["series"] == "gdp_yoy.total").any()
        assert not newest["series"].str.startswith(("gdp_yoy.", "gdp_ytd_yoy.")).any()


def test_the_whole_call_reads_the_store_only_through_the_real_time_door(monkeypatch):
    """Every store read during a call (all models) is cut at the origin month, and every value
    used that was published after the origin had no earlier vintage."""
    calls = []
    real_load = api.load

    def spy(series, start=None, end=None, as_of=None, vintage=None, root=None):
        out = real_load(series, start, end, as_of, vintage, root)
        calls.append((as_of, vintage, out))
        return out

    monkeypatch.setattr(api, "load", spy)
    origin = "2024-05"
    first = {2024: 7.0}
    rows, _, reads = BT.call_origin(origin, [2024], ["bridge", "naive"], 100, 0, None, first, audit=True)
    assert all(np.isfinite(r["mean"]) for r in rows)
    assert calls and all(a is not None and P.month(a) <= P.month(origin) for a, _, _ in calls)
    day = R.origin_date(origin)
    known = vintages_by_key()
    late = reads[reads["vintage"] > day]
    assert all(all(v > day for v in known[(s, p)]) for s, p in zip(late["series"], late["period"]))


def _edit_store(tmp_path, series: str, period: str, value: float):
    """A copy of the shipped store with the newest value of (series, period) replaced."""
    root = tmp_path / "store"
    shutil.copytree(default_root(), root)
    fam = root / "observations" / f"{series.split('.')[0]}.csv"
    df = pd.read_csv(fam, dtype=str, keep_default_na=False)
    hit = (df["series"] == series) & (df["period"] == period)
    assert hit.sum() == 1
    df.loc[hit, "value"] = repr(value)
    df.to_csv(fam, index=False, lineterminator="\n")
    return root, df.loc[hit, "vintage"].iloc[0]


@pytest.mark.parametrize("model", ["bridge", "naive"])
def test_a_value_published_after_the_origin_does_not_move_the_call(tmp_path, model):
    """2024Q1's growth as revised on 2024-06-29 is changed: the calls at the end of May 2024 (which
    had the first estimate of 2024-03-29) stay exactly as they were; at the end of June they move."""
    root, vintage = _edit_store(tmp_path, "gdp_yoy.total", "2024Q1", 9.5)
    assert vintage == "2024-06-29"
    fn = Mo.registry()[model]
    for origin, moves in (("2024-05", False), ("2024-06", True)):
        a = fn(R.published(origin), 2024, 200, 3)
        b = fn(R.published(origin, root), 2024, 200, 3, root)
        if moves:
            assert abs(np.mean(b) - np.mean(a)) > 0.2
        else:
            assert np.array_equal(a, b)


def test_gdp_quarters_follow_the_release_calendar():
    for origin, last in (("2019-05", "2019Q1"), ("2019-06", "2019Q2"), ("2020-12", "2020Q4")):
        pub = R.published(origin)
        assert P.to_str(pub.data.gdp.index[-1]) == last


def test_published_growth_is_the_growth_as_published_then():
    """A quarter published alone keeps its published rate; the December call's year is the office's
    year-to-date rate of that day (the first estimate)."""
    for origin, q in (("2018-09", "2018Q3"), ("2022-06", "2022Q2"), ("2024-03", "2024Q1")):
        pub = R.published(origin)
        rate = api.load("gdp_yoy.total", vintage=R.origin_date(origin)).set_index("period")["value"][q]
        assert pub.total_growth[P.quarter(q)] == pytest.approx(rate, abs=1e-9)
    for year in (2016, 2022):
        ytd = api.load("gdp_ytd_yoy.total", vintage=R.origin_date(f"{year}-12")).set_index("period")["value"]
        assert R.first_estimate(year) == pytest.approx(ytd[f"{year}Q4"], abs=1e-9)
