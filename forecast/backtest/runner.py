"""Rolling-origin backtest: forecast from each origin with only the data up to it, score the outcome.

The split is strict: for each (series, origin) the forecaster is handed a copy of the series cut at
the origin and nothing else; the months after the origin are attached only afterwards, in the
parent process, to score the forecast. Tasks run in worker processes when `workers > 1`.
"""
from __future__ import annotations

import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from forecast.backtest import metrics as M
from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.sample_paths import SamplePaths

FORECAST_COLUMNS = ["series", "origin", "period", "mean", "lo80", "hi80", "lo95", "hi95", "model"]
METRIC_COLUMNS = ["series", "model", "origins", "mase", "smape", "cov80", "cov95", "growth_mae_pp"]
MIN_HISTORY = 36  # months of history an origin must leave (three seasonal cycles)

# A forecaster takes the history (levels, monthly PeriodIndex, ending at the origin), the horizon,
# the number of paths and a seed, and returns SamplePaths or an array (n_paths, horizon).
Forecaster = Callable[[pd.Series, int, int, int], "SamplePaths | np.ndarray"]


@dataclass
class BacktestResult:
    """`forecasts`: one row per series, origin, period and model (FORECAST_COLUMNS plus `h`,
    `actual`, `crps`, `scale`, `alias`); `metrics`: one row per series and model (METRIC_COLUMNS
    plus `crps_scaled`, `growth_bias_pp`, `failures`, `chosen`); `by_horizon`: MASE and
    coverage per series, model and horizon step."""

    forecasts: pd.DataFrame
    metrics: pd.DataFrame
    by_horizon: pd.DataFrame
    seconds: float


def growth_rule(series: str) -> str:
    """How the office aggregates 12 months of a series: 'mean' for an index (IIP), else 'sum'."""
    return "mean" if series.split(".")[0].lower().startswith("iip") else "sum"


def check_origins(y: pd.Series, series: str, origins: list[str], min_history: int = MIN_HISTORY) -> None:
    """Each origin must leave `min_history` months before it and at least one month after it."""
    first, last = P.month(y.index[0]), P.month(y.index[-1])
    earliest = first + (min_history - 1)
    latest = last - 1
    too_early = [o for o in origins if P.month(o, "origin") < earliest]
    too_late = [o for o in origins if P.month(o, "origin") > latest]
    if too_early:
        raise GrowthsimError(f"origin {too_early[0]} is too early for {series}: its data start in {first} and a "
                             f"backtest needs {min_history} months before an origin; the earliest origin is {earliest}")
    if too_late:
        raise GrowthsimError(f"origin {too_late[-1]} is too late for {series}: its data end in {last} and a "
                             f"backtest needs at least one month after an origin; the latest origin is {latest}")


def _as_paths(out, horizon: int) -> tuple[np.ndarray, str]:
    if isinstance(out, SamplePaths):
        p, alias = np.asarray(out.paths, float), out.model
    else:
        p, alias = np.asarray(out, float), ""
    if p.ndim != 2 or p.shape[1] != horizon:
        raise ValueError(f"forecaster returned paths of shape {p.shape}, expected (n, {horizon})")
    return p, alias


def _forecast_task(series: str, origin: str, history: pd.Series, horizon: int, n_paths: int, seed: int,
                   models: dict[str, Forecaster | str], exog_builder=None) -> tuple[str, str, dict]:
    """Run every model on one history (worker side). Returns {model: (paths|None, alias, error)}.
    `exog_builder` (registered names only): the regressors, when a batch task carries them as data."""
    from forecast.backtest.models import resolve

    out = {}
    for name, fc in models.items():
        fn = resolve(fc, exog_builder) if isinstance(fc, str) else fc
        try:
            p, alias = _as_paths(fn(history.copy(), horizon, n_paths, seed), horizon)
            out[name] = (p, alias, "")
        except GrowthsimError:
            raise
        except Exception as exc:  # a failed fit at one origin is counted, not fatal
            out[name] = (None, "", f"{type(exc).__name__}: {exc}")
    return series, origin, out


class Progress:
    """A plain progress bar on stderr: redrawn in place on a terminal, a line per ~10% otherwise."""

    def __init__(self, total: int, label: str = "backtest", stream=None, enabled: bool = True):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 0
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.t0 = time.monotonic()
        self._last_decile = -1

    def update(self, note: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        el = time.monotonic() - self.t0
        eta = el / self.done * (self.total - self.done)
        frac = self.done / self.total
        bar = "#" * int(frac * 30) + "." * (30 - int(frac * 30))
        line = f"{self.label} [{bar}] {self.done}/{self.total} {el:5.0f}s elapsed, ~{eta:.0f}s left {note}"
        if self.tty:
            self.stream.write("\r" + line[:120].ljust(120))
            if self.done == self.total:
                self.stream.write("\n")
        elif int(frac * 10) > self._last_decile or self.done == self.total:
            self._last_decile = int(frac * 10)
            self.stream.write(line + "\n")
        self.stream.flush()


def _score(series: str, origin: str, y: pd.Series, horizon: int, model: str, paths: np.ndarray,
           alias: str) -> tuple[pd.DataFrame, dict]:
    """Forecast rows and per-origin scores of one model's paths against the outcome."""
    o = P.month(origin, "origin")
    hist = y[y.index <= o].to_numpy(float)
    periods = P.month_range(o + 1, o + horizon)
    actual = y.reindex(periods).to_numpy(float)
    q = np.quantile(paths, [0.025, 0.10, 0.90, 0.975], axis=0)
    mean = paths.mean(axis=0)
    scale = M.seasonal_naive_scale(hist)
    ok = ~np.isnan(actual)
    crps = np.full(horizon, np.nan)
    if ok.any():
        crps[ok] = M.crps_sample(paths[:, ok], actual[ok])
    rows = pd.DataFrame({"series": series, "origin": P.to_str(origin), "period": P.to_strs(periods), "mean": mean,
                         "lo80": q[1], "hi80": q[2], "lo95": q[0], "hi95": q[3], "model": model,
                         "h": np.arange(1, horizon + 1), "actual": actual, "crps": crps, "scale": scale,
                         "alias": alias})
    growth_err = np.nan
    if horizon >= 12 and ok[:12].all() and hist.size >= 12:
        how = growth_rule(series)
        fc = float(np.mean(M.path_growth_pct(hist[-12:], paths[:, :12], how)))
        growth_err = fc - M.growth_pct(hist[-12:], actual[:12], how)
    return rows, {"growth_err_pp": growth_err}


def summarise(forecasts: pd.DataFrame, growth: pd.DataFrame, failures: pd.DataFrame | None = None
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Metrics per series and model, and per series, model and horizon, from scored forecast rows."""
    f = forecasts[forecasts["actual"].notna()].copy()
    f["ae_scaled"] = (f["mean"] - f["actual"]).abs() / f["scale"]
    a, m = f["actual"].to_numpy(), f["mean"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        f["smape_t"] = np.where(np.abs(a) + np.abs(m) > 0, 200 * np.abs(m - a) / (np.abs(a) + np.abs(m)), 0.0)
    f["in80"] = (f["actual"] >= f["lo80"]) & (f["actual"] <= f["hi80"])
    f["in95"] = (f["actual"] >= f["lo95"]) & (f["actual"] <= f["hi95"])
    f["crps_scaled_t"] = f["crps"] / f["scale"]
    keys = ["series", "model"]
    agg = f.groupby(keys, sort=False).agg(origins=("origin", "nunique"), mase=("ae_scaled", "mean"),
                                          smape=("smape_t", "mean"), cov80=("in80", "mean"),
                                          cov95=("in95", "mean"), crps_scaled=("crps_scaled_t", "mean"))
    g = growth.groupby(keys, sort=False)["growth_err_pp"]
    agg["growth_mae_pp"] = g.apply(lambda s: s.abs().mean())
    agg["growth_bias_pp"] = g.mean()
    agg["growth_origins"] = g.count()
    chosen = forecasts.drop_duplicates(["series", "model", "origin"]).groupby(keys, sort=False)["alias"].agg(
        lambda s: "; ".join(f"{k}:{v}" for k, v in Counter(x for x in s if x).most_common(4)))
    agg["chosen"] = chosen
    if failures is not None and len(failures):
        agg["failures"] = failures.groupby(keys).size()
    else:
        agg["failures"] = 0
    agg["failures"] = agg["failures"].fillna(0).astype(int)
    metrics = agg.reset_index()[METRIC_COLUMNS + ["crps_scaled", "growth_bias_pp", "growth_origins",
                                                  "failures", "chosen"]]
    by_h = f.groupby(keys + ["h"], sort=False).agg(mase=("ae_scaled", "mean"), cov80=("in80", "mean"),
                                                   cov95=("in95", "mean"), n=("origin", "size")).reset_index()
    return metrics, by_h


def run_backtest(data: dict[str, pd.Series], origins: list[str], horizon: int,
                 models: dict[str, Forecaster | str] | None = None, n_paths: int = 1000, seed: int = 0,
                 workers: int | None = None, progress: bool = True, min_history: int = MIN_HISTORY
                 ) -> BacktestResult:
    """Backtest every series in `data` (levels, monthly PeriodIndex or 'YYYY-MM' text) from every origin
    ('YYYY-MM' or Period; the result's tables hold them as text).

    `models` maps a model name to a forecaster or to a registered name (see
    `forecast.backtest.models`); by default the project's selection (`selected`) and the
    benchmarks `seasonal_naive` and `drift`. `workers` > 1 runs origins in separate processes
    (only registered names can cross a process boundary).
    """
    from forecast.backtest.models import DEFAULT_MODELS

    if not 1 <= horizon <= 60:
        raise GrowthsimError(f"horizon must be between 1 and 60 months, got {horizon}")
    models = dict(DEFAULT_MODELS if models is None else models)
    data = {s: y.set_axis(P.to_index(y.index, field=f"{s} month")) for s, y in data.items()}
    for s, y in data.items():
        check_origins(y, s, origins, min_history)
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    if any(not isinstance(v, str) for v in models.values()):
        workers = 1
    tasks = []
    for s, y in data.items():
        for o in origins:
            hist = y[y.index <= P.month(o, "origin")].copy()
            tasks.append((s, o, hist))
    t0 = time.monotonic()
    bar = Progress(len(tasks), label=f"backtest {len(data)} series x {len(origins)} origins", enabled=progress)
    results = []
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=workers) as ex:
            futs = [ex.submit(_forecast_task, s, o, h, horizon, n_paths, seed, models) for s, o, h in tasks]
            for fut in as_completed(futs):
                results.append(fut.result())
                bar.update(f"{results[-1][0]} {results[-1][1]}")
    else:
        for s, o, h in tasks:
            results.append(_forecast_task(s, o, h, horizon, n_paths, seed, models))
            bar.update(f"{s} {o}")
    forecasts, growth, fails = score_results(data, results, list(models), horizon)
    return result_from(forecasts, growth, fails, time.monotonic() - t0)


def score_results(data: dict[str, pd.Series], results: list[tuple[str, str, dict]], models: list[str],
                  horizon: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(scored forecast rows, growth errors, failures) of `_forecast_task` results against the outcomes in
    `data`, in series order (as in `data`) then origin order, whatever order the tasks finished in."""
    rows, growth, fails = [], [], []
    order = list(data)
    for s, o, out in sorted(results, key=lambda r: (order.index(r[0]), r[1])):
        for name in models:
            paths, alias, err = out[name]
            if paths is None:
                fails.append({"series": s, "model": name, "origin": P.to_str(o), "error": err})
                continue
            r, sc = _score(s, o, data[s], horizon, name, paths.astype(float), alias)
            rows.append(r)
            growth.append({"series": s, "model": name, "origin": P.to_str(o), **sc})
    forecasts = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    return (forecasts, pd.DataFrame(growth, columns=["series", "model", "origin", "growth_err_pp"]),
            pd.DataFrame(fails, columns=["series", "model", "origin", "error"]))


def result_from(forecasts: pd.DataFrame, growth: pd.DataFrame, fails: pd.DataFrame, seconds: float
                ) -> BacktestResult:
    """The BacktestResult of scored rows (``score_results``, possibly concatenated over many tasks)."""
    if forecasts.empty:
        msg = fails["error"].iloc[0] if len(fails) else "no forecasts"
        raise GrowthsimError(f"every forecast failed; first error: {msg}")
    metrics, by_h = summarise(forecasts, growth, fails)
    return BacktestResult(forecasts, metrics, by_h, seconds)
