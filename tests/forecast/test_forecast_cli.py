"""``growthsim forecast monthly | annual | refit`` on a small temporary store and on --input files:
outputs in every format, JSON keys of the contract, and one-line errors (exit 2) for bad input."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboards.cli import main
from forecast_fixtures import synthetic, write_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return write_store(tmp_path_factory.mktemp("cli_store"), {"exports": synthetic(seed=11)})


@pytest.fixture(autouse=True)
def _cache(monkeypatch, tmp_path_factory):
    # one cache for the module: the same forecast is fitted once and read back by later tests
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path_factory.getbasetemp() / "cli_cache"))


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_monthly_csv_to_stdout_has_the_contract_columns(store, capsys):
    code, out, err = run(capsys, "--data", store, "forecast", "monthly", "exports", "--origin", "2024-06",
                         "--horizon", "9", "--paths", "400")
    assert code == 0, err
    from io import StringIO
    df = pd.read_csv(StringIO(out))
    assert list(df.columns[:8]) == ["series", "period", "mean", "median", "lo80", "hi80", "lo95", "hi95"]
    for col in ("model", "yoy_pct", "ytd_yoy_pct", "data_vintage"):
        assert col in df.columns
    assert list(df["period"]) == [f"2024-{m:02d}" for m in range(7, 13)] + ["2025-01", "2025-02", "2025-03"]
    assert (df["lo95"] < df["lo80"]).all() and (df["hi80"] < df["hi95"]).all()
    assert (df["data_vintage"] == "2025-01-15").all()
    # July..December 2024 are in the store but after the origin: the year-to-date growth of
    # December must come from the paths (an interval), not from the stored values
    dec = df[df["period"] == "2024-12"].iloc[0]
    assert dec["ytd_yoy_lo80"] < dec["ytd_yoy_hi80"]


@pytest.mark.parametrize("fmt", ["xlsx", "parquet", "json", "csv"])
def test_monthly_file_formats(store, capsys, tmp_path, fmt):
    out = tmp_path / f"fc.{fmt}"
    code, _, err = run(capsys, "--data", store, "forecast", "monthly", "exports", "--origin", "2024-06",
                       "--horizon", "9", "--paths", "400", "--output", out)
    assert code == 0, err
    df = {"xlsx": pd.read_excel, "parquet": pd.read_parquet, "csv": pd.read_csv,
          "json": lambda p: pd.read_json(p, orient="records")}[fmt](out)
    assert len(df) == 9 and {"series", "period", "mean", "lo80", "hi80", "lo95", "hi95", "model"} <= set(df.columns)


def test_annual_json_contract_and_probability(store, capsys):
    code, out, err = run(capsys, "--data", store, "forecast", "annual", "exports", "--year", "2025",
                         "--origin", "2024-06", "--target", "8", "--paths", "400", "--format", "json")
    assert code == 0, err
    res = json.loads(out)
    assert isinstance(res, list) and len(res) == 1
    r = res[0]
    assert {"series", "year", "origin", "growth", "probability_reach"} <= set(r)
    assert set(r["growth"]) == {"mean", "p5", "p10", "p50", "p90", "p95"}
    assert r["year"] == 2025 and r["origin"] == "2024-06" and 0 <= r["probability_reach"] <= 1
    g = r["growth"]
    assert g["p5"] <= g["p10"] <= g["p50"] <= g["p90"] <= g["p95"]
    # probability consistent with the percentiles: p10 ≤ target ≤ p90 ⇒ 0.1 ≤ P ≤ 0.9
    if g["p10"] <= 8 <= g["p90"]:
        assert 0.1 - 1e-9 <= r["probability_reach"] <= 0.9 + 1e-9
    code, out, err = run(capsys, "--data", store, "forecast", "annual", "exports", "--year", "2025",
                         "--origin", "2024-06", "--target", "8", "--paths", "400")
    assert code == 0 and "P(growth >= 8%)" in out and "data vintage 2025-01-15" in out


def test_annual_level_target_and_input_csv(capsys, tmp_path):
    y = synthetic(seed=2, end="2024-08", level=1000.0)
    f = tmp_path / "province.csv"
    pd.DataFrame({"series": "retail_province", "period": y.index, "value": y.values}).to_csv(f, index=False)
    last_year = float(y[y.index.str.startswith("2023")].sum())
    code, out, err = run(capsys, "forecast", "annual", "--input", f, "--year", "2024", "--target-level",
                         f"{last_year * 1.05:.1f}", "--format", "json", "--paths", "300")
    assert code == 0, err
    r = json.loads(out)[0]
    assert r["series"] == "retail_province" and r["months_published"] == 8 and r["target"]["kind"] == "level"
    code, out, err = run(capsys, "forecast", "monthly", "--input", f, "--horizon", "4", "--paths", "300")
    assert code == 0, err
    assert out.splitlines()[1].startswith("retail_province,2024-09,")


def _one_line_error(code, err, *words):
    assert code == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for w in words:
        assert w in err, err


@pytest.mark.parametrize("argv, words", [
    (["forecast", "monthly", "exprots"], ["unknown series", "exports"]),
    (["forecast", "monthly", "exports", "--origin", "2010-01"], ["before the start", "2014-01"]),
    (["forecast", "monthly", "exports", "--origin", "2026-01"], ["after the last month", "2024-12"]),
    (["forecast", "monthly", "exports", "--origin", "2024-13"], ["YYYY-MM"]),
    (["forecast", "monthly", "exports", "--horizon", "0"], ["between 1 and 60"]),
    (["forecast", "monthly", "exports", "--horizon", "61"], ["between 1 and 60"]),
    (["forecast", "monthly", "exports", "--horizon", "ten"], ["whole number"]),
    (["forecast", "annual", "exports", "--year", "2025", "--target", "abc"], ["--target", "must be a number", "abc"]),
    (["forecast", "annual", "exports", "--year", "2025", "--target-level", "lots"], ["--target-level"]),
    (["forecast", "annual", "exports", "--year", "2031"], ["at most 60"]),
    (["forecast", "monthly"], ["name at least one series", "exports"]),
    (["forecast", "monthly", "exports", "--format", "xlsx"], ["--output"]),
])
def test_bad_input_is_one_clear_line(store, capsys, argv, words):
    code, _, err = run(capsys, "--data", store, *argv)
    _one_line_error(code, err, *words)


@pytest.mark.parametrize("body, words", [
    ("series,period,value\np,2020-01,1\np,2020-02,x\n", ["row 2", "not a number"]),
    ("series,period,value\np,2020-01,1\np,2020-05,2\n", ["gap", "2020-02, 2020-03, 2020-04"]),
    ("series,period,value\np,2020-01,1\np,2020-01,2\n", ["more than once", "row"]),
])
def test_bad_input_file_is_one_clear_line(capsys, tmp_path, body, words):
    f = tmp_path / "bad.csv"
    f.write_text(body)
    code, _, err = run(capsys, "forecast", "monthly", "--input", f)
    _one_line_error(code, err, str(f), *words)


def test_input_series_with_a_gap_names_the_months(capsys, tmp_path):
    y = synthetic(seed=4).drop(["2019-07", "2019-08"])
    f = tmp_path / "gap.csv"
    pd.DataFrame({"series": "x", "period": y.index, "value": y.values}).to_csv(f, index=False)
    code, _, err = run(capsys, "forecast", "annual", "--input", f, "--year", "2025")
    _one_line_error(code, err, "2019-07, 2019-08")


def test_refit_rebuilds_the_cache(store, capsys):
    code, out, err = run(capsys, "--data", store, "forecast", "refit", "exports", "--paths", "300", "--jobs", "1")
    assert code == 0, err
    assert "exports" in out and "refitted 1 series" in out
