"""The work of one chunk, run wherever the executor puts it (a local process or a Dask worker).

Each task gets its data — the series' observations and the Tết shares (``forecast.tet_regressors.
tet_shares``) — never the store's path or the cache, so a worker on another machine needs only the
installed package. It calls the same engine functions as the single-series commands, with the same
arguments, so a batch's numbers are the single-series numbers; results come back as tidy frames
(plus, for a refit, the sample paths the parent writes to the cache).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd

from forecast.errors import GrowthsimError

STATUS_COLUMNS = ["series", "status", "seconds", "model", "error"]


@dataclass(frozen=True)
class RefitItem:
    """One series to refit: checked levels (monthly PeriodIndex), unit, data vintage, cache key."""

    series: str
    y: pd.Series
    unit: str
    vintage: str
    key: str


@dataclass(frozen=True)
class RefitChunk:
    """A chunk of refits with the settings every item shares (paths, seed, simulated months, Tết shares)."""

    items: list[RefitItem]
    n_paths: int
    seed: int
    sim_horizon: int
    shares: dict = field(repr=False)


#: The reason a series failed, by what the engine's message says (first match wins).
REASONS = (("too few", "too short"), ("too early", "too short"), ("too late", "origin after the data"), ("constant", "constant"),
           ("positive values", "not positive (log model)"), ("gap", "has a gap"), ("missing month", "has a gap"))


def failure_text(series: str, message: str) -> str:
    """'reason: message' for batch.csv's error column (the series' own name dropped from the front)."""
    msg = message[len(series) + 2:] if message.startswith(f"{series}: ") else message
    reason = next((r for k, r in REASONS if k in msg), "fit failed")
    return f"{reason}: {msg}"


def status_row(series: str, status: str, seconds: float = 0.0, model: str = "", error: str = "") -> dict:
    """One row of batch.csv: status 'ok', 'cached', 'failed' or 'skipped'; seconds of fitting; error
    (failed: ``failure_text``, its reason first; skipped: why the series is not forecastable)."""
    if status == "failed":
        error = failure_text(series, error)
    return {"series": series, "status": status, "seconds": round(float(seconds), 3), "model": model, "error": error}


def refit_chunk(chunk: RefitChunk) -> tuple[pd.DataFrame, dict]:
    """(status frame, {series: SamplePaths}) of every item: ``fit_select_paths`` exactly as
    ``forecast.engine.forecast_paths`` calls it on a cache miss. A series that cannot be fitted is a
    'failed' row with the engine's one-line reason; the chunk goes on."""
    from forecast.engine import default_exog_builder, fit_select_paths

    exog = default_exog_builder(shares=chunk.shares)
    rows, paths = [], {}
    for it in chunk.items:
        t0 = time.perf_counter()
        try:
            sp = fit_select_paths(it.y, chunk.sim_horizon, chunk.n_paths, chunk.seed, exog, series=it.series,
                                  unit=it.unit, data_vintage=it.vintage)
        except GrowthsimError as exc:
            rows.append(status_row(it.series, "failed", time.perf_counter() - t0, error=str(exc)))
            continue
        except Exception as exc:  # an engine bug on odd data: reported for this series, the batch goes on
            rows.append(status_row(it.series, "failed", time.perf_counter() - t0,
                                   error=f"{type(exc).__name__}: {exc}"))
            continue
        paths[it.series] = sp
        rows.append(status_row(it.series, "ok", time.perf_counter() - t0, sp.model))
    return pd.DataFrame(rows, columns=STATUS_COLUMNS), paths


@dataclass(frozen=True)
class BacktestChunk:
    """One series' rolling-origin backtest over some origins: its whole series (the task cuts the
    history at each origin before the forecaster sees it) and the backtest's settings."""

    series: str
    y: pd.Series
    origins: list[str]
    horizon: int
    models: list[str]
    n_paths: int
    seed: int
    shares: dict = field(repr=False)


def backtest_chunk(chunk: BacktestChunk) -> dict[str, pd.DataFrame]:
    """{'forecasts', 'growth', 'failures', 'status'} tidy frames of one chunk: for each origin the
    history cut at it goes to ``forecast.backtest.runner._forecast_task`` (the runner's own task), then
    ``score_results`` scores it against the later months, as ``run_backtest`` does."""
    from forecast import periods as P
    from forecast.backtest.runner import _forecast_task, check_origins, score_results
    from forecast.engine import default_exog_builder

    exog = default_exog_builder(shares=chunk.shares)
    models = {m: m for m in chunk.models}
    t0 = time.perf_counter()
    try:
        check_origins(chunk.y, chunk.series, chunk.origins)
        results = [_forecast_task(chunk.series, o, chunk.y[chunk.y.index <= P.month(o)].copy(), chunk.horizon,
                                  chunk.n_paths, chunk.seed, models, exog) for o in chunk.origins]
        forecasts, growth, fails = score_results({chunk.series: chunk.y}, results, chunk.models, chunk.horizon)
        status = status_row(chunk.series, "ok", time.perf_counter() - t0)
    except Exception as exc:  # GrowthsimError (origins outside the data, ...) or an engine bug: this series only
        forecasts, growth, fails = pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
        msg = str(exc) if isinstance(exc, GrowthsimError) else f"{type(exc).__name__}: {exc}"
        status = status_row(chunk.series, "failed", time.perf_counter() - t0, error=msg)
    return {"forecasts": forecasts, "growth": growth, "failures": fails,
            "status": pd.DataFrame([status], columns=STATUS_COLUMNS)}
