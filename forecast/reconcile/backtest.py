"""The reconciliation backtest: at each origin, forecast every node of a hierarchy with the engine
(``fit_select_paths``, the selected model, history cut at the origin), reconcile the paths with each
method, and score base and reconciled forecasts of every node against the outcome with the runner's
scoring, so the metrics are comparable with ``growthsim backtest``'s.

One chunk is one (hierarchy, origin): it carries the levels of the hierarchy's series and the Tết
shares, and returns tidy frames (``forecast.batch.executor`` runs it locally or on Dask). The
hierarchy (remainder, IIP weights, residuals for W) is built from the months up to the origin only.
Where the hierarchy is not reconcilable at an origin (parts exceed the total, a node cannot be
fitted) the reconciled rows are the base ones and ``notes`` says why; base paths that blow up
(``paths.explosive_nodes``) are noted.
Metrics gain ``level`` (total / part / other) and ``reconciled`` (none / ols / wls / mint_shrink);
``level_summary`` averages them per hierarchy, level and method.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd

from forecast.errors import GrowthsimError
from forecast.reconcile.core import METHODS

BASE = "selected"


@dataclass(frozen=True)
class HierarchyChunk:
    name: str
    series: dict[str, pd.Series]
    origin: str
    horizon: int
    n_paths: int
    seed: int
    methods: tuple[str, ...]
    shares: dict = field(repr=False)


def model_name(method: str) -> str:
    return BASE if method == "none" else f"{BASE}+{method}"


def hierarchy_chunk(chunk: HierarchyChunk) -> dict[str, pd.DataFrame]:
    """{'forecasts', 'growth', 'failures', 'notes'} of one hierarchy at one origin."""
    from forecast.backtest.runner import _score
    from forecast.engine import default_exog_builder, fit_select_paths
    from forecast.reconcile.hierarchies import hierarchy_data
    from forecast.reconcile.paths import EXPLOSIVE, explosive_nodes, reconcile_hierarchy

    exog = default_exog_builder(shares=chunk.shares)
    h = hierarchy_data(chunk.name, chunk.series, chunk.origin)
    outcome = hierarchy_data(chunk.name, chunk.series).data
    notes = [{"hierarchy": chunk.name, "origin": chunk.origin, "method": "", "note": i} for i in h.issues]
    base = {}
    for s in h.nodes:
        try:
            base[s] = fit_select_paths(h.data[s], chunk.horizon, chunk.n_paths, chunk.seed, exog, series=s).paths
        except GrowthsimError as exc:          # e.g. a remainder that is not positive
            notes.append({"hierarchy": chunk.name, "origin": chunk.origin, "method": "", "note": str(exc)})
    versions = {"none": base}
    wild = explosive_nodes(h, base) if len(base) == len(h.nodes) else []
    if wild:
        notes.append({"hierarchy": chunk.name, "origin": chunk.origin, "method": "",
                      "note": f"base paths of {', '.join(wild)} blow up (99th percentile above "
                              f"{EXPLOSIVE:g}x the largest observed value)"})
    for m in chunk.methods:
        if not h.ok or len(base) < len(h.nodes):   # reported, not forced: reconciled rows = base rows
            versions[m] = base
            continue
        r = reconcile_hierarchy(h, base, m)
        versions[m] = r.paths
        notes += [{"hierarchy": chunk.name, "origin": chunk.origin, "method": m, "note": n} for n in r.notes]
        notes.append({"hierarchy": chunk.name, "origin": chunk.origin, "method": m,
                      "note": f"coherence gap {r.gap:.2e}" + (f", shrinkage {r.shrinkage:.3f}"
                                                               if r.shrinkage is not None else "")})
    rows, growth = [], []
    for method, paths in versions.items():
        for s in base:
            r, sc = _score(s, chunk.origin, outcome[s], chunk.horizon, model_name(method), paths[s], method)
            rows.append(r)
            growth.append({"series": s, "model": model_name(method), "origin": chunk.origin, **sc})
    return {"forecasts": pd.concat(rows, ignore_index=True), "growth": pd.DataFrame(growth),
            "failures": pd.DataFrame(columns=["series", "model", "origin", "error"]),
            "notes": pd.DataFrame(notes, columns=["hierarchy", "origin", "method", "note"])}


def with_levels(metrics: pd.DataFrame, hierarchy_of: dict[str, str] | None = None) -> pd.DataFrame:
    """`metrics` with ``hierarchy`` (when `hierarchy_of` maps series to hierarchies), ``level``
    (``hierarchies.level_of``) and ``reconciled`` (the method after '+', or 'none') appended."""
    from forecast.reconcile.hierarchies import level_of

    m = metrics.copy()
    if hierarchy_of is not None:
        m["hierarchy"] = m["series"].map(hierarchy_of)
    m["level"] = m["series"].map(level_of)
    m["reconciled"] = m["model"].map(lambda x: x.split("+", 1)[1] if "+" in x else "none")
    return m


def level_summary(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per hierarchy, level and method: the median over the level's series of MASE, scaled CRPS and
    |growth error| (pp), and the mean 80% coverage. Medians, because one part whose base paths explode
    at one origin (imports.maize: MASE in the thousands) would otherwise decide the mean of 32."""
    g = metrics.groupby(["hierarchy", "level", "reconciled"], sort=False)
    return g.agg(series=("series", "nunique"), mase=("mase", "median"), crps_scaled=("crps_scaled", "median"),
                 cov80=("cov80", "mean"), growth_mae_pp=("growth_mae_pp", "median")).reset_index()


def reconcile_backtest(names: list[str], origins: list[str], horizon: int, executor, *, n_paths: int = 500,
                       seed: int = 0, methods: tuple[str, ...] = METHODS, root=None, progress: bool = True):
    """Metrics (with level and reconciled), per-level summary, forecasts and notes of the hierarchies
    `names` over `origins`; returns a ``forecast.batch.report.BatchResult`` (one status row per hierarchy)."""
    from forecast.backtest.runner import summarise
    from forecast.batch.report import BatchProgress, BatchResult
    from forecast.batch.tasks import STATUS_COLUMNS, status_row
    from forecast.reconcile.hierarchies import hierarchy_data, store_hierarchy_series
    from forecast.tet_regressors import tet_shares

    t0 = time.monotonic()
    shares = tet_shares(root)
    data = {n: store_hierarchy_series(n, root) for n in names}
    chunks = [HierarchyChunk(n, data[n], o, horizon, n_paths, seed, tuple(methods), shares)
              for n in names for o in origins]
    results: dict[int, dict] = {}
    bar = BatchProgress(len(chunks), "reconcile backtest", progress)
    try:
        for i, out in executor.run_chunks(hierarchy_chunk, chunks):
            results[i] = out
            bar.step()
    finally:
        bar.close()
    frames = {k: pd.concat([results[i][k] for i in range(len(chunks))], ignore_index=True)
              for k in ("forecasts", "growth", "failures", "notes")}
    metrics, by_h = summarise(frames["forecasts"], frames["growth"], frames["failures"])
    hierarchy_of = {s: n for n in names for s in hierarchy_data(n, data[n]).nodes}
    metrics = with_levels(metrics, hierarchy_of)
    status = pd.DataFrame([status_row(n, "ok", model=",".join(methods)) for n in names], columns=STATUS_COLUMNS)
    tables = {"metrics": metrics, "levels": level_summary(metrics), "forecasts": frames["forecasts"],
              "by_horizon": by_h, "notes": frames["notes"]}
    return BatchResult(status, tables, time.monotonic() - t0, executor.describe())
