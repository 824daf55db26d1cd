"""`forecast.track` and `growthsim forecast track` on the store's data: a completed year is reproduced
exactly, the year to date comes from the right source, typed figures are used, bad flags are refused."""
from __future__ import annotations

import json
import subprocess

import numpy as np
import pandas as pd
import pytest

from forecast import periods as P
from forecast.data.api import load
from forecast.data.frame import as_series
from forecast.track import track, typed_rounding_pp
from tests.conftest import REPO, growthsim_command

N = 200   # sample paths: enough for the arithmetic, quick on a shared machine


def stored(series: str) -> pd.Series:
    return as_series(load(series), name=series)


def growth(levels: pd.Series, months: list[pd.Period]) -> float:
    """Growth % of the months' total (or mean: the same ratio) on the same months a year earlier."""
    return float(100 * (levels[months].sum() / levels[[m - 12 for m in months]].sum() - 1))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*growthsim_command(), "forecast", "track", *args, "--paths", str(N)],
                          capture_output=True, text=True, cwd=REPO, timeout=600)


def run_json(*args: str) -> tuple[list[dict], str]:
    out = run(*args, "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), out.stderr


@pytest.mark.parametrize("origin", ["2024-03", "2024-07", "2024-11"])
def test_a_completed_flow_year_is_reproduced(origin):
    """Exports 2024, its full outcome as the target: the months after the origin need exactly what they did."""
    y = stored("exports")
    months = list(P.year_months(2024))
    outcome = growth(y, months)
    r = track("exports", 2024, target_pct=outcome, origin=origin, n_paths=N).result
    k = P.month(origin).month
    assert r["ytd_source"] == "levels" and r["months_published"] == k and r["remaining_months"] == 12 - k
    assert r["ytd_growth_pct"] == pytest.approx(growth(y, months[:k]), abs=1e-9)
    assert r["required_remaining_pct"] == pytest.approx(growth(y, months[k:]), abs=1e-9)


@pytest.mark.parametrize("origin", ["2024-02", "2024-06", "2024-11"])
def test_a_completed_iip_year_is_reproduced_on_its_level_index(origin):
    """The IIP on its level index (year to date from levels, not the published rate): the need of the
    remaining months is what their mean index did on the same months of 2023."""
    y = stored("iip")
    months = list(P.year_months(2024))
    outcome = growth(y, months)
    r = track("iip", 2024, target_pct=outcome, origin=origin, n_paths=N, use_published=False).result
    k = P.month(origin).month
    assert r["ytd_source"] == "levels" and r["aggregation"] == "mean"
    assert r["required_remaining_pct"] == pytest.approx(growth(y, months[k:]), abs=1e-9)


def test_a_typed_level_year_to_date_reproduces_the_iip_year_too():
    """Typing the level index's own year to date gives the same exact reproduction through the CLI."""
    y = stored("iip")
    months = list(P.year_months(2024))
    ytd = growth(y, months[:8])
    (r,), _ = run_json("iip", "--year", "2024", "--through", "2024-08", "--ytd", repr(ytd),
                       "--target", repr(growth(y, months)))
    assert r["ytd_source"] == "typed" and r["ytd_growth_pct"] == pytest.approx(ytd, abs=1e-12)
    assert r["origin"] == "2024-08" and r["through"] == "2024-08"   # --through sets the origin
    assert r["required_remaining_pct"] == pytest.approx(growth(y, months[8:]), abs=1e-9)


def test_the_published_year_to_date_is_used_where_the_store_has_one():
    published = stored("iip.ytd_yoy")[P.month("2024-11")]
    levels = growth(stored("iip"), list(P.year_months(2024))[:11])
    assert abs(published - levels) > 0.1       # the two sources differ: the test can tell which was used
    r = track("iip", 2024, target_pct=9.0, origin="2024-11", n_paths=N).result
    assert r["ytd_source"] == "published" and r["ytd_growth_pct"] == pytest.approx(published, abs=1e-12)
    assert r["required_remaining_pct"] > 9.0   # behind the target after 11 months: December must do more


def test_the_typed_year_to_date_is_used_and_moves_the_need():
    """'11 months +8.4%' past the data's last month: the typed figure drives the need; a higher year to
    date needs less of December."""
    (low,), _ = run_json("iip", "--year", "2025", "--ytd", "8.0", "--through", "2025-11", "--target", "9")
    (high,), _ = run_json("iip", "--year", "2025", "--ytd", "8.8", "--through", "2025-11", "--target", "9")
    for r, typed in ((low, 8.0), (high, 8.8)):
        assert r["ytd_source"] == "typed" and r["ytd_growth_pct"] == typed
        assert r["months_published"] == 11 and r["remaining_months"] == 1 and r["through"] == "2025-11"
        assert r["origin"] == "2025-02"         # the paths start at the data's last month
    assert low["required_remaining_pct"] > high["required_remaining_pct"] > 9.0
    assert low["probability_reach"] <= high["probability_reach"]
    assert low["required_percentile"] >= high["required_percentile"]


def test_probability_and_percentile_agree():
    r = track("exports", 2025, target_pct=10.0, n_paths=N).result
    assert r["probability_reach"] == pytest.approx(1 - r["required_percentile"] / 100, abs=1.5 / N)
    assert 0 < r["required_percentile"] < 100


def test_a_typed_figure_that_disagrees_with_the_published_one_is_a_warning():
    published = stored("iip.ytd_yoy")[P.month("2025-02")]
    (r,), err = run_json("iip", "--year", "2025", "--ytd", "9", "--through", "2025-02", "--target", "9")
    assert r["ytd_source"] == "typed" and r["ytd_growth_pct"] == 9.0
    (line,) = err.strip().splitlines()
    assert "warning" in line and "--ytd" in line and "9%" in line and f"{published:.2f}%" in line
    rounded = f"{published:.1f}"               # the published figure as the office prints it: no warning
    (r,), err = run_json("iip", "--year", "2025", "--ytd", rounded, "--through", "2025-02", "--target", "9")
    assert r["ytd_source"] == "typed" and err == ""


def test_rounding_of_a_typed_figure():
    assert typed_rounding_pp("8.4") == pytest.approx(0.05)
    assert typed_rounding_pp("8,36") == pytest.approx(0.005)
    assert typed_rounding_pp("8%") == pytest.approx(0.5)


def test_a_level_target_of_the_wrong_magnitude_is_a_warning():
    (r,), err = run_json("exports", "--year", "2025", "--target-level", "450")
    (line,) = err.strip().splitlines()
    assert "warning" in line and "--target-level" in line and "-50..+100%" in line
    total_2024 = stored("exports")[list(P.year_months(2024))].sum()
    assert r["target"] == {"kind": "level", "value": 450.0, "unit": "million USD", "last_year_level": total_2024,
                           "implied_growth_pct": pytest.approx(100 * (450 / total_2024 - 1))}
    (r,), err = run_json("exports", "--year", "2025", "--target-level", f"{1.1 * total_2024:.0f}")
    assert err == "" and r["required_remaining_pct"] > 0


def test_an_impossible_or_implausible_need_is_a_warning():
    """A growth target the months published already pass by far: the remaining months would need below -100%."""
    y = stored("exports")
    months = list(P.year_months(2024))
    r = track("exports", 2024, target_pct=-60, origin="2024-11", n_paths=N)
    assert r.result["required_remaining_pct"] < -100
    assert any(w.startswith("impossible need") for w in r.warnings)
    outcome = growth(y, months)
    r = track("exports", 2024, target_pct=outcome + 20, origin="2024-11", n_paths=N)
    assert r.result["required_remaining_pct"] > 100 and any(w.startswith("implausible need") for w in r.warnings)
    assert track("exports", 2024, target_pct=outcome, origin="2024-11", n_paths=N).warnings == ()


@pytest.mark.parametrize("args, flag", [
    (["iip", "--year", "2025", "--origin", "2025-01", "--through", "2025-02", "--ytd", "7", "--target", "9"], "--origin"),
    (["iip", "--year", "2025", "--through", "2024-11", "--ytd", "7", "--target", "9"], "--through"),
    (["iip", "exports", "--year", "2025", "--through", "2025-11", "--ytd", "7", "--target", "9"], "--ytd"),
    (["iip", "--year", "2025", "--ytd", "7", "--target", "9"], "--ytd"),
    (["iip", "--year", "2025", "--through", "2025-13", "--ytd", "7", "--target", "9"], "--through"),
    (["iip", "--year", "2025", "--through", "2025-06", "--target", "9"], "--through"),
    (["iip", "--year", "2025"], "--target"),
    (["iip", "--year", "2026", "--target", "9"], "--year"),
    (["iip", "--year", "2025", "--origin", "2024-10", "--target", "9"], "--year"),
])
def test_bad_flags_are_one_line_and_exit_2(args, flag):
    out = run(*args)
    assert out.returncode == 2 and out.stdout == ""
    (line,) = out.stderr.strip().splitlines()
    assert "error" in line and flag in line and "Traceback" not in out.stderr


ANNUAL_KEYS = {"series", "year", "origin", "data_vintage", "unit", "aggregation", "target", "growth",
               "probability_reach"}
TRACK_KEYS = {"through", "ytd_growth_pct", "ytd_source", "remaining_months", "required_remaining_pct",
              "required_percentile"}


def test_json_keys_for_a_growth_and_a_range_target():
    (r,), _ = run_json("retail", "--year", "2025", "--target", "9")
    assert ANNUAL_KEYS | TRACK_KEYS <= set(r)
    assert set(r["growth"]) == {"mean", "p5", "p10", "p50", "p90", "p95"}
    assert not {"required_remaining_pct_low", "required_remaining_pct_high", "probability_in_range"} & set(r)
    assert r["ytd_source"] == "published"       # retail has a published year-to-date rate
    (r,), _ = run_json("retail", "--year", "2025", "--target", "9-10")
    assert ANNUAL_KEYS | TRACK_KEYS | {"required_remaining_pct_low", "required_remaining_pct_high",
                                       "probability_in_range"} <= set(r)
    assert r["required_remaining_pct_low"] < r["required_remaining_pct_high"]
    assert r["probability_in_range"] <= r["probability_reach"]


def test_a_completed_year_leaves_nothing_to_do():
    r = track("exports", 2024, target_pct=10.0, origin="2024-12", n_paths=N).result
    assert r["remaining_months"] == 0 and np.isnan(r["required_remaining_pct"])
    assert r["probability_reach"] in (0.0, 1.0)


def test_csv_and_xlsx_are_the_flattened_json(tmp_path):
    args = ["iip", "exports", "--year", "2025", "--target", "9-10"]
    rows, _ = run_json(*args)
    out = run(*args, "--format", "csv", "--output", str(tmp_path / "t.csv"))
    assert out.returncode == 0, out.stderr
    csv = pd.read_csv(tmp_path / "t.csv")
    out = run(*args, "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"))
    assert out.returncode == 0, out.stderr
    xlsx = pd.read_excel(tmp_path / "t.xlsx")
    for table in (csv, xlsx):
        assert list(table["series"]) == ["iip", "exports"]
        for i, r in enumerate(rows):
            assert table.loc[i, "ytd_source"] == r["ytd_source"]
            assert table.loc[i, "growth_p50"] == pytest.approx(r["growth"]["p50"], rel=1e-9)
            assert table.loc[i, "required_percentile"] == pytest.approx(r["required_percentile"])
            assert table.loc[i, "target_low"] == 9 and table.loc[i, "target_high"] == 10
