"""``growthsim forecast refit --all``: refit and cache the forecasts of many series, in chunks, locally
or on Dask.

The parent reads each series from the store (``forecast.engine.load_level_series``, as
``forecast_paths`` does), checks it (``check_level_series``: a series too short, with a gap, constant
or not positive fails here with the engine's reason) and computes its cache key
(``forecast_cache_key``, the key ``forecast_paths`` uses). With `resume`, a series whose entry is
already cached is not refitted (an interrupted batch picks up where it stopped). The rest go out in
chunks of `chunk_size` series (``tasks.refit_chunk``); the parent writes every returned forecast to
the cache, so a later ``forecast monthly`` reads exactly what the batch computed, and collects the
monthly tables (``forecast.summaries.monthly_table``, 12 months) into one tidy frame in series order.
"""
from __future__ import annotations

import time

import pandas as pd

from forecast.batch.executor import chunked
from forecast.batch.report import BatchProgress, BatchResult
from forecast.batch.tasks import STATUS_COLUMNS, RefitChunk, RefitItem, refit_chunk, status_row
from forecast.errors import GrowthsimError

FORECAST_HORIZON = 12   # months of forecasts.csv (the cache holds sim_horizon(12) = 24)
CHUNK_SIZE = 4          # series per task: a few seconds of work, so scheduling costs little


def _prepare(series: str, origin, n_paths: int, seed: int, sim_h: int, root) -> RefitItem:
    from forecast.engine import check_level_series, forecast_cache_key, load_level_series

    y, unit, vintage = load_level_series(series, origin, root)
    y = check_level_series(y, series)
    return RefitItem(series, y, unit, vintage, forecast_cache_key(series, y, vintage, n_paths, seed, sim_h))


def refit_batch(series: list[str], executor, *, origin=None, n_paths: int = 2000, seed: int = 0, root=None,
                resume: bool = False, chunk_size: int = CHUNK_SIZE, skipped: dict[str, str] | None = None,
                progress: bool = True, reconcile: str = "none") -> BatchResult:
    """Refit `series` on `executor` (``forecast.batch.executor``); `skipped` ({series: reason}) are
    reported without work. Returns the per-series status and the 'forecasts' table, whose
    ``reconciled`` column names the method that made a hierarchy's rows coherent (`reconcile`:
    ``forecast.reconcile.forecasts.CHOICES``; 'none' by default)."""
    from forecast import cache
    from forecast.engine import sim_horizon, truncate
    from forecast.summaries import monthly_table
    from forecast.tet_regressors import tet_shares

    t0 = time.monotonic()
    sim_h = sim_horizon(FORECAST_HORIZON)
    rows: dict[str, dict] = {s: status_row(s, "skipped", error=why) for s, why in (skipped or {}).items()}
    done: dict = {}
    todo: list[RefitItem] = []
    bar = BatchProgress(len(series), "refit", progress)
    for s in series:
        try:
            it = _prepare(s, origin, n_paths, seed, sim_h, root)
        except GrowthsimError as exc:
            rows[s] = status_row(s, "failed", error=str(exc))
            bar.update(pd.DataFrame([rows[s]]))
            continue
        sp = cache.load(it.key) if resume else None
        if sp is not None:
            rows[s], done[s] = status_row(s, "cached", model=sp.model), sp
            bar.update(pd.DataFrame([rows[s]]))
        else:
            todo.append(it)
    chunks = [RefitChunk(c, n_paths, seed, sim_h, tet_shares(root)) for c in chunked(todo, chunk_size)]
    keys = {it.series: it.key for it in todo}
    try:
        for _, (status, paths) in executor.run_chunks(refit_chunk, chunks):
            for s, sp in paths.items():
                cache.save(keys[s], sp)
                done[s] = sp
            rows.update({r["series"]: r for r in status.to_dict("records")})
            bar.update(status)
    finally:
        bar.close()
    order = [s for s in series] + [s for s in rows if s not in series]
    status = pd.DataFrame([rows[s] for s in order], columns=STATUS_COLUMNS)
    coherent, notes = {}, []
    if reconcile != "none":
        from forecast.reconcile.forecasts import reconcile_batch

        coherent, notes = reconcile_batch(done, reconcile, FORECAST_HORIZON, n_paths, seed, root)
    tables = []
    for s in [*series, *(x for x in coherent if x not in series)]:
        if s in coherent:
            tables.append(monthly_table(coherent[s][0]).assign(reconciled=coherent[s][1]))
        elif s in done:
            tables.append(monthly_table(truncate(done[s], FORECAST_HORIZON)).assign(reconciled="none"))
    forecasts = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    return BatchResult(status, {"forecasts": forecasts}, time.monotonic() - t0, executor.describe(), notes)
