"""``growthsim gdp backtest``, the two-year version CI runs: files, truths, metrics recomputed from
the calls, the plot, and one-line errors for years the data do not allow."""
from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest

from forecast.gdp import realtime as R
from forecast.gdp.backtest import CALL_COLUMNS
from forecast.gdp.metrics import METRIC_COLUMNS, bucket
from tests.conftest import growthsim_command


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("gdp_backtest")
    p = subprocess.run(growthsim_command() + ["gdp", "backtest", "--start", "2023", "--end", "2024", "--n", "100",
                                              "--jobs", "2", "--output", str(out)],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    return out, p


def test_files_and_columns(run):
    out, p = run
    calls = pd.read_csv(out / "gdp_calls.csv")
    metrics = pd.read_csv(out / "gdp_metrics.csv")
    assert list(calls.columns) == CALL_COLUMNS and list(metrics.columns) == METRIC_COLUMNS
    assert set(calls["year"]) == {2023, 2024}
    per_year = calls.groupby(["year", "model"]).size()
    assert (per_year == 15).all()   # October of Y-1 .. December of Y
    assert {"growthsim", "bridge", "naive"} <= set(calls["model"])
    assert (out / "gdp_calls.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "target" in p.stdout and "jul_dec" in p.stdout


def test_actual_is_the_first_estimate_and_december_calls_it_exactly(run):
    calls = pd.read_csv(run[0] / "gdp_calls.csv")
    for year in (2023, 2024):
        c = calls[calls["year"] == year]
        assert np.allclose(c["actual"], R.first_estimate(year))
        dec = c[(c["origin"] == f"{year}-12") & c["model"].isin(["bridge", "naive"])]
        assert np.allclose(dec["mean"], R.first_estimate(year), atol=1e-9)


def test_metrics_recomputed_from_the_calls(run):
    calls = pd.read_csv(run[0] / "gdp_calls.csv")
    metrics = pd.read_csv(run[0] / "gdp_metrics.csv")
    truth = {"first_estimate": {y: R.first_estimate(y) for y in (2023, 2024)},
             "current": {y: R.current_estimate(y) for y in (2023, 2024)}}
    assert truth["current"][2023] != truth["current"][2024]
    calls["bucket"] = [bucket(y, o) for y, o in zip(calls["year"], calls["origin"])]
    checked = 0
    for r in metrics.itertuples():
        g = calls[(calls["model"] == r.model) & (calls["bucket"] == r.bucket)].dropna(subset=["mean"])
        t = g["year"].map(truth[r.truth])
        e = g["mean"] - t
        assert r.covid == "excluded" and r.n == len(g)
        assert r.mae == pytest.approx(e.abs().mean()) and r.mean_error == pytest.approx(e.mean())
        assert r.rmse == pytest.approx(np.sqrt((e ** 2).mean()))
        if r.model in ("naive", "institutions"):
            assert np.isnan(r.cov80) and np.isnan(r.width80)
        else:
            # (the CSV keeps 12 digits: a December call's zero-width band holds its truth to 1e-9)
            assert r.cov80 == pytest.approx(((t >= g["p10"] - 1e-9) & (t <= g["p90"] + 1e-9)).mean())
            assert r.width80 == pytest.approx((g["p90"] - g["p10"]).mean())
        checked += 1
    assert checked >= 18


@pytest.mark.parametrize("args, words", [
    (["--start", "2013", "--end", "2016"], "outside what the data allow"),
    (["--start", "2023", "--end", "2025"], "outside what the data allow"),
    (["--start", "2024", "--end", "2023"], "after --end"),
    (["--start", "2023", "--end", "2024", "--models", "bridge,oracle"], "unknown model"),
])
def test_bad_input_is_one_line(args, words, tmp_path):
    p = subprocess.run(growthsim_command() + ["gdp", "backtest", *args, "--output", str(tmp_path / "o")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and words in p.stderr and p.stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()
