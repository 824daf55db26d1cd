"""Backtest: metrics on hand-computed toy series, strict origin split, outputs, CLI errors."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboards.cli import main
from forecast.backtest import FORECAST_COLUMNS, METRIC_COLUMNS, monthly_origins, run_backtest
from forecast.backtest import metrics as M
from forecast import periods as P
from forecast.backtest.report import write_outputs

MONTHS = P.month_range("2014-01", "2021-12")


def toy(slope: float = 0.5, amp: float = 10.0) -> pd.Series:
    t = np.arange(len(MONTHS))
    return pd.Series(100 + slope * t + amp * np.sin(2 * np.pi * t / 12), index=MONTHS)


def snaive_exact(history, horizon, n, seed):
    v = history.to_numpy()
    base = np.array([v[len(v) - 12 + (k % 12)] for k in range(horizon)])
    return np.tile(base, (n, 1))


def drift_exact(history, horizon, n, seed):
    v = history.to_numpy()
    slope = (v[-1] - v[0]) / (len(v) - 1)
    return np.tile(v[-1] + slope * np.arange(1, horizon + 1), (n, 1))


def history_mean_noise(history, horizon, n, seed):
    """Depends on every observation it is given, so any leak after the origin would show."""
    rng = np.random.default_rng(seed)
    return history.mean() + history.std() * rng.standard_normal((n, horizon))


# --- metrics -----------------------------------------------------------------------------------

def test_mase_of_seasonal_naive_on_trend_plus_season_is_one():
    # y = a + b t + season(t): every in-sample seasonal difference is 12 b, and so is every
    # out-of-sample seasonal-naive error up to 12 steps ahead, hence MASE = 1 exactly.
    res = run_backtest({"toy": toy()}, monthly_origins("2018-01", "2019-12"), 12,
                       models={"sn": snaive_exact}, n_paths=10, progress=False)
    assert res.metrics.loc[0, "mase"] == pytest.approx(1.0, abs=1e-12)
    assert np.allclose(res.by_horizon["mase"], 1.0)


def test_drift_is_exact_on_a_straight_line_and_growth_error_zero():
    y = pd.Series(50 + 2.0 * np.arange(len(MONTHS)), index=MONTHS)
    res = run_backtest({"line": y}, ["2019-06"], 12, models={"drift": drift_exact}, n_paths=5, progress=False)
    m = res.metrics.iloc[0]
    assert m["mase"] == pytest.approx(0.0, abs=1e-9)
    assert m["smape"] == pytest.approx(0.0, abs=1e-9)
    assert m["growth_mae_pp"] == pytest.approx(0.0, abs=1e-9)
    # identical paths: the interval collapses on the outcome, which it still covers
    assert m["cov80"] == 1.0 and m["cov95"] == 1.0


def test_hand_computed_metrics():
    a = np.array([100.0, 110.0, 90.0])
    f = np.array([110.0, 110.0, 100.0])
    # sMAPE terms: 200*10/210, 0, 200*10/190
    assert M.smape(a, f) == pytest.approx((2000 / 210 + 2000 / 190) / 3)
    # scale: seasonal differences of a 13-point history with one step of 6 -> MAE 6
    hist = np.r_[np.zeros(12), 6.0]
    assert M.seasonal_naive_scale(hist) == 6.0
    assert M.mase(a, f, 6.0) == pytest.approx((10 + 0 + 10) / 3 / 6)
    assert M.coverage(a, a - 1, np.array([101.0, 109.0, 91.0])) == pytest.approx(2 / 3)
    assert M.pinball(np.array([10.0]), np.array([8.0]), 0.9) == pytest.approx(0.9 * 2)
    assert M.pinball(np.array([10.0]), np.array([12.0]), 0.9) == pytest.approx(0.1 * 2)
    # 12-month growth: sum vs sum; for 12 months each, mean vs mean is the same number
    before, after = np.full(12, 100.0), np.full(12, 108.0)
    assert M.growth_pct(before, after) == pytest.approx(8.0)
    assert M.growth_pct(before, after, "mean") == pytest.approx(8.0)


def test_crps_matches_its_definition():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 2))
    y = np.array([0.3, -1.2])
    brute = np.abs(x - y).mean(axis=0) - 0.5 * np.abs(x[:, None, :] - x[None, :, :]).mean(axis=(0, 1))
    assert np.allclose(M.crps_sample(x, y), brute)
    # a point mass: CRPS is the absolute error
    assert M.crps_sample(np.full((7, 1), 3.0), np.array([5.0]))[0] == pytest.approx(2.0)


# --- the split at the origin -------------------------------------------------------------------

def test_forecaster_never_sees_data_after_the_origin():
    seen = []

    def spy(history, horizon, n, seed):
        seen.append(history.index[-1])
        return snaive_exact(history, horizon, n, seed)

    origins = monthly_origins("2018-01", "2018-12")
    run_backtest({"toy": toy()}, origins, 6, models={"spy": spy}, n_paths=3, progress=False)
    assert P.to_strs(seen) == origins


def test_truncating_the_data_after_an_origin_changes_nothing():
    y = toy()
    origins = monthly_origins("2018-01", "2019-12")
    full = run_backtest({"s": y}, origins, 12, models={"m": history_mean_noise}, n_paths=200, progress=False)
    last = origins[-1]
    for o in (origins[0], origins[10], last):
        cut = y[y.index <= P.shift(o, 1)]  # one outcome kept
        part = run_backtest({"s": cut}, [o], 12, models={"m": history_mean_noise}, n_paths=200, progress=False)
        a = full.forecasts[full.forecasts["origin"] == o][["mean", "lo80", "hi80", "lo95", "hi95"]]
        b = part.forecasts[["mean", "lo80", "hi80", "lo95", "hi95"]]
        assert np.allclose(a.to_numpy(), b.to_numpy())


def test_origins_outside_the_data_are_errors():
    from forecast.errors import GrowthsimError

    with pytest.raises(GrowthsimError, match="earliest origin is 2016-12"):
        run_backtest({"toy": toy()}, ["2015-06"], 12, models={"sn": snaive_exact}, progress=False)
    with pytest.raises(GrowthsimError, match="latest origin is 2021-11"):
        run_backtest({"toy": toy()}, ["2021-12"], 12, models={"sn": snaive_exact}, progress=False)


# --- outputs -----------------------------------------------------------------------------------

def test_output_files_have_the_contract_columns(tmp_path):
    res = run_backtest({"a": toy(), "b": toy(0.2, 5)}, monthly_origins("2019-01", "2019-06"), 12,
                       models={"seasonal_naive": snaive_exact, "drift": drift_exact}, n_paths=20, progress=False)
    write_outputs(res, tmp_path / "out")
    met = pd.read_csv(tmp_path / "out" / "metrics.csv")
    fc = pd.read_csv(tmp_path / "out" / "forecasts.csv")
    assert list(met.columns[:8]) == METRIC_COLUMNS
    assert list(fc.columns[:9]) == FORECAST_COLUMNS
    assert len(met) == 4 and set(met["model"]) == {"seasonal_naive", "drift"}
    assert (met["origins"] == 6).all()
    assert len(fc) == 2 * 2 * 6 * 12
    assert (fc["lo95"] <= fc["lo80"]).all() and (fc["hi80"] <= fc["hi95"]).all()
    png = (tmp_path / "out" / "backtest.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


# --- CLI ---------------------------------------------------------------------------------------

def write_csv(path, rows):
    pd.DataFrame(rows, columns=["series", "period", "value"]).to_csv(path, index=False)
    return path


@pytest.fixture
def toy_csv(tmp_path):
    y = toy()
    return write_csv(tmp_path / "mine.csv", [("prov_iip", p, v) for p, v in y.items()])


@pytest.mark.parametrize("argv, message", [
    (["--start", "2019-13", "--end", "2020-01"], "--start must be a month YYYY-MM"),
    (["--start", "2020-01", "--end", "2019-01"], "is before --start"),
    (["--start", "2019-01", "--end", "2019-06", "--horizon", "0"], "between 1 and 60"),
    (["--start", "2019-01", "--end", "2019-06", "--horizon", "61"], "between 1 and 60"),
    (["--start", "2015-01", "--end", "2019-06"], "earliest origin is 2016-12"),
    (["--start", "2019-01", "--end", "2022-06"], "latest origin is 2021-11"),
    (["--start", "2019-01", "--end", "2019-06", "--models", "arima"], "unknown model"),
])
def test_cli_bad_options_exit_2(toy_csv, capsys, argv, message):
    assert main(["backtest", "--input", str(toy_csv), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_bad_files_exit_2_naming_the_row(tmp_path, capsys):
    y = toy()
    rows = [("s", p, v) for p, v in y.items()]
    cases = {
        "gap.csv": (rows[:10] + rows[11:], "missing months 2014-11"),
        "nan.csv": (rows[:5] + [("s", rows[5][1], "n/a")] + rows[6:], "row 6 (line 7): value 'n/a'"),
        "dup.csv": (rows + [rows[3]], "s 2014-04 appears more than once"),
        "period.csv": (rows[:2] + [("s", "2014/03", 1.0)] + rows[3:], "row 3 (line 4): period '2014/03'"),
    }
    for name, (content, message) in cases.items():
        path = write_csv(tmp_path / name, content)
        assert main(["backtest", "--input", str(path), "--start", "2019-01", "--end", "2019-02"]) == 2
        assert message in capsys.readouterr().err, name
    assert main(["backtest", "--input", str(tmp_path / "nope.csv"), "--start", "2019-01", "--end", "2019-02"]) == 2
    assert "file not found" in capsys.readouterr().err
    path = write_csv(tmp_path / "ok.csv", rows)
    assert main(["backtest", "other", "--input", str(path), "--start", "2019-01", "--end", "2019-02"]) == 2
    assert "series 'other' not in the file; it holds s" in capsys.readouterr().err


def test_cli_unknown_and_quarterly_series_exit_2(capsys):
    assert main(["backtest", "no_such_series", "--start", "2019-01", "--end", "2019-02"]) == 2
    assert "unknown series 'no_such_series'" in capsys.readouterr().err
    assert main(["backtest", "gdp_real.total", "--start", "2019-01", "--end", "2019-02"]) == 2
    assert "not a monthly series" in capsys.readouterr().err


# --- with the engine's models --------------------------------------------------------------------

def noisy_toy() -> pd.Series:
    t = np.arange(len(MONTHS))
    rng = np.random.default_rng(3)
    return pd.Series(np.exp(4 + 0.006 * t + 0.12 * np.sin(2 * np.pi * t / 12) + 0.03 * rng.standard_normal(len(t))),
                     index=MONTHS)


def test_cli_writes_metrics_forecasts_and_plot(tmp_path, capsys):
    y = noisy_toy()
    csv = write_csv(tmp_path / "prov.csv", [("prov_retail", p, v) for p, v in y.items()])
    out = tmp_path / "bt"
    rc = main(["backtest", "--input", str(csv), "--start", "2020-01", "--end", "2020-03", "--horizon", "12",
               "--paths", "300", "--workers", "1", "--output", str(out)])
    assert rc == 0, capsys.readouterr().err
    met = pd.read_csv(out / "metrics.csv")
    fc = pd.read_csv(out / "forecasts.csv", dtype={"origin": str, "period": str})
    assert list(met.columns[:8]) == METRIC_COLUMNS
    assert list(fc.columns[:9]) == FORECAST_COLUMNS
    assert list(met["model"]) == ["selected", "seasonal_naive", "drift"]
    assert (met["origins"] == 3).all() and met["mase"].gt(0).all()
    assert met[["cov80", "cov95"]].apply(lambda c: c.between(0, 1)).all().all()
    assert (met["cov95"] >= met["cov80"]).all()
    assert len(fc) == 3 * 3 * 12 and fc["period"].min() == "2020-02" and fc["period"].max() == "2021-03"
    assert (out / "backtest.png").stat().st_size > 10_000
    assert "selected" in capsys.readouterr().out


def test_selected_model_sees_nothing_after_the_origin():
    # the engine's own selection, fed full data or data cut one month after the origin: same forecast
    y = noisy_toy()
    o = "2019-06"
    full = run_backtest({"s": y}, [o], 12, models={"selected": "selected"}, n_paths=300, workers=1, progress=False)
    cut = y[y.index <= P.shift(o, 1)]
    part = run_backtest({"s": cut}, [o], 12, models={"selected": "selected"}, n_paths=300, workers=1, progress=False)
    cols = ["mean", "lo80", "hi80", "lo95", "hi95"]
    assert np.allclose(full.forecasts[cols].to_numpy(), part.forecasts[cols].to_numpy())
    assert full.forecasts["alias"].iloc[0] == part.forecasts["alias"].iloc[0] != ""
