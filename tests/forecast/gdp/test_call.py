"""`growthsim gdp call` on the shipped store (data to 2025-02) with the real bridge and engine: the JSON
keys, the quarters, the news adding up to the change of the call, bad origins, and the cache giving the same numbers."""
from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import growthsim_command
from forecast.gdp.call import gdp_call

KEYS = ["year", "origin", "since", "data_vintage", "call", "probability_reach", "quarters", "news"]


def gdp(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(growthsim_command() + ["gdp", "call", *argv], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def called() -> dict:
    out = gdp("--year", "2025", "--target", "8", "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_json_keys_quarters_and_call(called):
    assert list(called) == KEYS
    assert called["origin"] == "2025-02" and called["since"] == "2025-01" and called["year"] == 2025
    c = called["call"]
    assert list(c) == ["mean", "p10", "p50", "p90"] and c["p10"] < c["p50"] < c["p90"]
    assert 0 < called["probability_reach"] < 1
    assert [q["quarter"] for q in called["quarters"]] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert all(q["status"] == "called" and q["p10"] < q["growth_pct"] < q["p90"] for q in called["quarters"])
    # January to February 2025: one new month of each indicator, no GDP quarter
    assert {r["series"] for r in called["news"]} >= {"iip.manufacturing", "exports", "retail_real"}
    assert all(r["period"] == "2025-02" for r in called["news"])
    assert all(list(r) == ["series", "period", "contribution_pp"] for r in called["news"])


def test_the_news_add_up_to_the_change_of_the_call(called):
    since = gdp_call(2025, origin="2025-01", since="2024-12", target=8.0)
    total = sum(r["contribution_pp"] for r in called["news"])
    assert called["call"]["mean"] - total == pytest.approx(since.call["mean"], abs=1e-9)


def test_a_published_year_shows_published_quarters_and_a_quarter_as_news():
    c = gdp_call(2024, origin="2025-01", since="2024-11")
    assert [q["status"] for q in c.quarters] == ["published"] * 4
    assert c.call["p10"] == pytest.approx(c.call["p90"])            # nothing left to call
    gdp_news = [r for r in c.news if r["series"] == "gdp_real"]
    assert gdp_news and gdp_news[0]["period"] == "2024Q4"             # the Q4 release came in between
    assert abs(sum(r["contribution_pp"] for r in c.news) - (c.call["mean"] - c.since_mean)) < 1e-9


@pytest.mark.parametrize("argv, message", [
    (["--origin", "2030-01"], "--origin 2030-01 is after the data end (2025-02)"),
    (["--origin", "2001-01"], "--origin 2001-01 is before the indicators start"),
    (["--since", "2025-02"], "--since 2025-02 must be before --origin 2025-02"),
    (["--origin", "2025-13"], "--origin must be a month YYYY-MM"),
    (["--target", "eight"], "--target must be a number"),
])
def test_bad_origins_are_one_line(argv, message):
    out = gdp("--year", "2025", *argv)
    assert out.returncode == 2 and message in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_a_cached_call_gives_the_command_s_numbers(called, tmp_path):
    """The disk cache returns what the command printed (its speed: benchmarks/bench_gdp_call.py)."""
    c = gdp_call(2025, target=8.0)
    assert c.to_json() == called
    fresh = gdp_call(2025, target=8.0, use_cache=False)
    assert fresh.to_json() == called
