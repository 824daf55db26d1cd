"""The batch (forecast.batch) on the shipped store: which series it runs, that its numbers are the
single-series engine's, byte-identical on local processes and on a 2-worker Dask LocalCluster, that
failures are reported with their reason while the batch goes on, the exit codes, resuming, and a
scheduler that does not answer."""
from __future__ import annotations

import socket
import subprocess
import time

import numpy as np
import pandas as pd
import pytest

from tests.conftest import growthsim_command
from forecast.batch.executor import DaskExecutor, LocalExecutor
from forecast.batch.refit import refit_batch
from forecast.batch.series import excluded_series, forecastable_series, select_series
from forecast.errors import GrowthsimError
from forecast.tables import table_bytes

SMALL = ["iip.water", "exports.coffee", "imports.cashew", "arrivals"]   # quick fits (< 1 s each at 200 paths)
PATHS = 200


@pytest.fixture(autouse=True)
def _cache(monkeypatch, tmp_path):
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path / "cache"))


def _csv(df: pd.DataFrame) -> bytes:
    return table_bytes(df, "csv")


def test_forecastable_series_are_the_current_gap_free_monthly_levels():
    from forecast.data.api import catalog
    from forecast.engine import MIN_MONTHS, monthly_series_ids

    ok, excluded = forecastable_series(), excluded_series()
    assert set(ok) | set(excluded) == set(monthly_series_ids()) and not set(ok) & set(excluded)
    assert len(ok) > 100
    cat = catalog().set_index("id")
    newest = cat.loc[ok, "last"].max()
    for s in ok:
        first, last, n = pd.Period(cat.loc[s, "first"], "M"), pd.Period(cat.loc[s, "last"], "M"), cat.loc[s, "count"]
        assert n >= MIN_MONTHS and (last - first).n + 1 == n and cat.loc[s, "last"] == newest, s
        assert "%" not in cat.loc[s, "unit"]
    assert all(why.split(":")[0] in ("too short", "has a gap", "ended") for why in excluded.values())
    assert select_series(["exports.*"], False)[0] == sorted(s for s in monthly_series_ids() if s.startswith("exports."))
    with pytest.raises(GrowthsimError, match="matches no monthly"):
        select_series(["nothing.*"], False)


def test_batch_refit_gives_the_single_series_forecasts_and_fills_their_cache():
    from forecast.engine import forecast_paths
    from forecast.summaries import monthly_table

    res = refit_batch(SMALL[:2], LocalExecutor(1), n_paths=PATHS, progress=False)
    assert list(res.status["status"]) == ["ok", "ok"] and res.exit_code() == 0
    single = pd.concat([monthly_table(forecast_paths(s, n_paths=PATHS, use_cache=False)) for s in SMALL[:2]],
                       ignore_index=True)
    assert _csv(res.tables["forecasts"].drop(columns="reconciled")) == _csv(single)
    again = forecast_paths(SMALL[0], n_paths=PATHS)            # read from the entry the batch wrote
    assert again.scores["fit_seconds"] == pytest.approx(
        float(res.status.set_index("series").loc[SMALL[0], "seconds"]), abs=5)
    resumed = refit_batch(SMALL[:2], LocalExecutor(1), n_paths=PATHS, resume=True, progress=False)
    assert list(resumed.status["status"]) == ["cached", "cached"]
    assert _csv(resumed.tables["forecasts"]) == _csv(res.tables["forecasts"])


def test_local_processes_and_a_dask_local_cluster_give_byte_identical_outputs(tmp_path):
    from distributed import LocalCluster

    from forecast.batch.backtest import backtest_batch
    from forecast.backtest.inputs import store_series

    data = store_series(SMALL[:2])
    origins = ["2023-06", "2023-12"]
    local = refit_batch(SMALL, LocalExecutor(2), n_paths=PATHS, chunk_size=1, progress=False)
    local_bt = backtest_batch(data, origins, 12, LocalExecutor(2), models=["selected", "drift"], n_paths=PATHS,
                              progress=False)
    globs = [a for s in SMALL for a in ("--series", s)]
    p, _ = _run("forecast", "refit", *globs, "--paths", str(PATHS), "--output", str(tmp_path / "local"), "--quiet")
    assert p.returncode == 0, p.stderr
    t0 = time.monotonic()
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        ex = DaskExecutor.connect(cluster.scheduler_address)     # as the CLI connects: not the default client
        try:
            assert ex.workers == 2
            dask = refit_batch(SMALL, ex, n_paths=PATHS, chunk_size=1, progress=False)
            dask_bt = backtest_batch(data, origins, 12, ex, models=["selected", "drift"], n_paths=PATHS,
                                     progress=False)
        finally:
            ex.close()
        p, _ = _run("forecast", "refit", *globs, "--paths", str(PATHS), "--output", str(tmp_path / "dask"), "--quiet",
                    "--scheduler", cluster.scheduler_address)
        assert p.returncode == 0 and "Dask scheduler" in p.stderr, p.stderr
    assert time.monotonic() - t0 < 120
    assert (tmp_path / "dask" / "forecasts.csv").read_bytes() == (tmp_path / "local" / "forecasts.csv").read_bytes()
    assert list(dask.status["status"]) == ["ok"] * len(SMALL)
    assert _csv(dask.tables["forecasts"]) == _csv(local.tables["forecasts"])
    for name in ("metrics", "forecasts", "by_horizon"):
        assert _csv(dask_bt.tables[name]) == _csv(local_bt.tables[name]), name


def test_batch_backtest_gives_the_runners_metrics():
    from forecast.backtest import run_backtest
    from forecast.backtest.inputs import store_series
    from forecast.batch.backtest import backtest_batch

    data = store_series(["iip.water"])
    res = backtest_batch(data, ["2024-01"], 6, LocalExecutor(1), models=["selected", "seasonal_naive"],
                         n_paths=PATHS, progress=False)
    ref = run_backtest(data, ["2024-01"], 6, models={"selected": "selected", "seasonal_naive": "seasonal_naive"},
                       n_paths=PATHS, workers=1, progress=False)
    from forecast.reconcile.backtest import with_levels

    assert _csv(res.tables["metrics"]) == _csv(with_levels(ref.metrics))   # what write_outputs writes


def test_constant_and_negative_series_fail_with_their_reason():
    from forecast.batch.tasks import failure_text
    from forecast.engine import check_level_series

    months = pd.period_range("2015-01", periods=60, freq="M")
    for values, reason in ((np.full(60, 5.0), "constant"), (np.linspace(-1, 10, 60), "not positive (log model)")):
        with pytest.raises(GrowthsimError) as err:
            check_level_series(pd.Series(values, index=months), "x")
        assert failure_text("x", str(err.value)).startswith(reason + ": ")


def _run(*args, timeout=120):
    t0 = time.monotonic()
    p = subprocess.run(growthsim_command() + list(args), capture_output=True, text=True, timeout=timeout)
    return p, time.monotonic() - t0


def test_cli_reports_failures_and_exits_3_but_finishes_the_others(tmp_path):
    out = tmp_path / "out"
    p, _ = _run("forecast", "refit", "--series", "iip.water", "--series", "imports.motorcycles-cbu",
                "--paths", str(PATHS), "--output", str(out), "--quiet")
    assert p.returncode == 3, p.stderr
    b = pd.read_csv(out / "batch.csv").set_index("series")
    assert list(b.columns) == ["status", "seconds", "model", "error"]
    assert b.loc["iip.water", "status"] == "ok" and b.loc["iip.water", "model"].startswith("combo(")
    assert b.loc["imports.motorcycles-cbu", "status"] == "failed"
    assert b.loc["imports.motorcycles-cbu", "error"].startswith("too short: 3 months")
    assert "imports.motorcycles-cbu" in p.stderr
    f = pd.read_csv(out / "forecasts.csv")
    assert set(f["series"]) == {"iip.water"} and len(f) == 12
    p, _ = _run("forecast", "refit", "--series", "iip.water", "--paths", str(PATHS), "--quiet", "--resume")
    assert p.returncode == 0 and "1 cached" in p.stderr, p.stderr


@pytest.mark.parametrize("args", [("--all", "--series", "iip.*"), ("iip", "--all"), ("--series", "nothing.*"),
                                  ("--scheduler", "tcp://127.0.0.1:1")])
def test_cli_usage_errors_exit_2_in_one_line(args):
    p, _ = _run("forecast", "refit", *args)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr, p.stderr


def test_a_scheduler_that_does_not_answer_is_one_error_line_within_10_seconds(tmp_path):
    with socket.socket() as silent:            # accepts connections, never speaks
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        out = tmp_path / "never"
        p, seconds = _run("backtest", "--all", "--start", "2023-01", "--end", "2023-02",
                          "--scheduler", f"tcp://127.0.0.1:{port}", "--output", str(out))
    assert p.returncode == 2 and seconds < 10, (seconds, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "no Dask scheduler answered" in lines[0]
    assert not out.exists()
