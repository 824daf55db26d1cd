"""``growthsim backtest --all``: the rolling-origin backtest of many series, one chunk per series.

Each chunk (``tasks.backtest_chunk``) carries one series' observations and every origin; the worker
cuts the history at each origin before a forecaster sees it and scores the forecasts against the
later months with the runner's own functions, so the rows are those ``run_backtest`` gives for that
series. The parent concatenates the tidy frames in series order and summarises them
(``forecast.backtest.runner.result_from``). A series whose origins do not fit its data, or that
cannot be fitted, is a 'failed' row with the reason; the others go on. With `resume` and
`parts_dir`, a series whose scored rows were already written there (``parts/<series>.<frame>.parquet``) by an
interrupted run is read back instead of being run again.
"""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from forecast.batch.report import BatchProgress, BatchResult
from forecast.batch.tasks import STATUS_COLUMNS, BacktestChunk, backtest_chunk, status_row
from forecast.cache import atomic_write

PARTS = ("forecasts", "growth", "failures", "status")


def _part_path(parts_dir: Path, series: str, kind: str) -> Path:
    return parts_dir / f"{series}.{kind}.parquet"


def _save_part(parts_dir: Path, series: str, frames: dict) -> None:
    """The scored frames of one series as Parquet files (atomically; status last, so a part counts as
    written only when all its files are)."""
    import io

    parts_dir.mkdir(parents=True, exist_ok=True)
    for kind in PARTS:
        buf = io.BytesIO()
        frames[kind].to_parquet(buf, index=False)
        atomic_write(_part_path(parts_dir, series, kind), buf.getvalue())


def _load_part(parts_dir: Path, series: str) -> dict | None:
    """The frames `_save_part` wrote for `series`, or None when any is missing or unreadable."""
    try:
        return {kind: pd.read_parquet(_part_path(parts_dir, series, kind)) for kind in PARTS}
    except (OSError, ValueError):
        return None


def backtest_batch(data: dict[str, pd.Series], origins: list[str], horizon: int, executor, *,
                   models: list[str], n_paths: int = 1000, seed: int = 0, root=None,
                   skipped: dict[str, str] | None = None, failed: dict[str, str] | None = None, parts_dir: Path | None = None, resume: bool = False,
                   progress: bool = True) -> BatchResult:
    """Backtest every series of `data` (levels, monthly PeriodIndex) from every origin on `executor`.
    Tables: 'metrics', 'forecasts', 'by_horizon' (as ``run_backtest``'s) of the series that succeeded;
    `skipped` and `failed` ({series: reason}: not forecastable, unreadable) are reported without work."""
    from forecast.backtest.runner import FORECAST_COLUMNS, result_from
    from forecast.tet_regressors import tet_shares

    t0 = time.monotonic()
    frames: dict[str, dict] = {}
    bar = BatchProgress(len(data), "backtest", progress)
    todo = []
    for s, y in data.items():
        part = _load_part(parts_dir, s) if (resume and parts_dir is not None) else None
        if part is not None:
            part["status"] = part["status"].assign(status="cached")
            frames[s] = part
            bar.update(part["status"])
        else:
            todo.append(BacktestChunk(s, y, list(origins), horizon, list(models), n_paths, seed, tet_shares(root)))
    try:
        for i, out in executor.run_chunks(backtest_chunk, todo):
            frames[todo[i].series] = out
            if parts_dir is not None and out["status"]["status"].iloc[0] == "ok":
                _save_part(parts_dir, todo[i].series, out)
            bar.update(out["status"])
    finally:
        bar.close()
    order = list(data)
    status = pd.concat([frames[s]["status"] for s in order], ignore_index=True)
    skip = pd.DataFrame([status_row(s, "failed", error=w) for s, w in (failed or {}).items()]
                        + [status_row(s, "skipped", error=w) for s, w in (skipped or {}).items()], columns=STATUS_COLUMNS)
    status = pd.concat([status, skip], ignore_index=True) if len(skip) else status
    ok = [s for s in order if len(frames[s]["forecasts"])]
    tables: dict[str, pd.DataFrame] = {}
    if ok:
        res = result_from(*(pd.concat([frames[s][k] for s in ok], ignore_index=True) for k in PARTS[:3]),
                          time.monotonic() - t0)
        from forecast.reconcile.backtest import with_levels

        tables = {"metrics": with_levels(res.metrics), "forecasts": res.forecasts[FORECAST_COLUMNS + ["h", "actual", "crps", "alias"]],
                  "by_horizon": res.by_horizon}
    return BatchResult(status, tables, time.monotonic() - t0, executor.describe())
