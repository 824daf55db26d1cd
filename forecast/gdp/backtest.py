"""The real-time backtest of the annual GDP call: every year Y, every month-end origin from October
of Y-1 to December of Y, each model's call of Y's growth from what was published by then.

`run(start, end, ...)` returns a `GdpBacktest`: the calls (one row per year × origin × model,
`CALL_COLUMNS`, growth in %), the truths (first estimate and current estimate by year), the
metrics (`forecast.gdp.metrics`) and which inputs were real-time (`sources`). Origins run in
parallel (``ProcessPoolExecutor``, `jobs` processes); one origin month serves the two years it
belongs to (November 2019 calls 2019 and 2020 from the same data).
"""
from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.gdp import metrics as M
from forecast.gdp import models as Mo
from forecast.gdp import realtime as R

CALL_COLUMNS = ["year", "origin", "months_to_year_end", "model", "mean", "p10", "p50", "p90", "actual"]
MIN_DRAWS = 50


@dataclass
class GdpBacktest:
    calls: pd.DataFrame
    truths: dict[str, dict[int, float]]
    metrics: pd.DataFrame
    sources: pd.DataFrame       # series, values read real-time ('vintage') and newest, over all origins
    reads: pd.DataFrame | None  # every value read (series, period, vintage, origin, mode) when audited
    seconds: float


def origins_of(year: int) -> list[pd.Period]:
    """October of `year` - 1 to December of `year` (15 month-end origins)."""
    return list(P.month_range(f"{year - 1}-10", f"{year}-12"))


def check_years(start: int, end: int, root=None) -> None:
    """A one-line GrowthsimError when start..end is outside what the real-time record allows."""
    first, last = R.years_allowed(root)
    if start > end:
        raise GrowthsimError(f"--start {start} is after --end {end}")
    if start < first or end > last:
        raise GrowthsimError(f"years {start}..{end} are outside what the data allow: {first}..{last} (the real-time "
                             f"GDP record's first full year is {first - 1}, and {last} is the last year with its fourth quarter "
                             "published)")


def _seed(seed: int, year: int, origin: pd.Period) -> int:
    return int(np.random.SeedSequence([seed, year, origin.year * 12 + origin.month]).generate_state(1)[0])


def _call_row(year: int, origin: pd.Period, model: str, draws: np.ndarray, actual: float) -> dict:
    row = {"year": year, "origin": P.to_str(origin), "months_to_year_end": M.months_to_year_end(year, origin),
           "model": model, "mean": np.nan, "p10": np.nan, "p50": np.nan, "p90": np.nan, "actual": actual}
    if len(draws) == 0:
        return row
    row["mean"] = float(np.mean(draws))
    if model in Mo.POINT_MODELS or len(draws) == 1:
        row["p50"] = row["mean"]
    else:
        row["p10"], row["p50"], row["p90"] = (float(x) for x in np.quantile(draws, [0.1, 0.5, 0.9]))
    return row


def call_origin(origin: str, years: list[int], names: list[str], n: int, seed: int, root,
                first: dict[int, float], audit: bool) -> tuple[list[dict], pd.DataFrame, pd.DataFrame | None]:
    """Every call made at month `origin` for `years`: (call rows, read summary, reads if `audit`)."""
    m = P.month(origin, "origin")
    log = R.ReadLog()
    pub = R.published(m, root, log)
    reg = Mo.registry()
    rows = []
    for year in years:
        made: dict[str, np.ndarray] = {}
        for name in names:
            for base in (Mo.CHOICE[M.bucket(year, m)] if name == "growthsim" else (name,)):
                if base not in made:
                    try:
                        made[base] = np.asarray(reg[base](pub, year, n, _seed(seed, year, m), root), float)
                    except GrowthsimError:   # e.g. too few indicator quarters to fit the bridge before 2017
                        made[base] = np.array([])
                if len(made[base]):
                    break
            rows.append(_call_row(year, m, name, made[base], first[year]))
    return rows, log.summary(), (log.frame() if audit else None)


def run(start: int, end: int, names: list[str] | None = None, n: int = 500, seed: int = 0, root=None,
        jobs: int = 1, progress: bool = True, audit: bool = False) -> GdpBacktest:
    """The backtest of years `start`..`end` (see the module docstring); `audit` keeps every read."""
    from forecast.backtest.runner import Progress

    check_years(start, end, root)
    known = list(Mo.registry()) + ["growthsim"]
    names = names or ["growthsim"] + list(Mo.registry())
    bad = [x for x in names if x not in known]
    if bad:
        raise GrowthsimError(f"unknown model(s) {', '.join(bad)}; known here: {', '.join(known)}")
    if n < MIN_DRAWS:
        raise GrowthsimError(f"--n must be at least {MIN_DRAWS}, got {n}")
    t0 = time.perf_counter()
    years = list(range(start, end + 1))
    truths = {"first_estimate": {y: R.first_estimate(y, root) for y in years},
              "current": {y: R.current_estimate(y, root) for y in years}}
    by_origin: dict[pd.Period, list[int]] = {}
    for y in years:
        for m in origins_of(y):
            by_origin.setdefault(m, []).append(y)
    origins = sorted(by_origin)
    bar = Progress(len(origins), label=f"gdp backtest {start}-{end}", enabled=progress)
    args = [(P.to_str(m), by_origin[m], names, n, seed, root, truths["first_estimate"], audit) for m in origins]
    results = []
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            for a, r in zip(args, ex.map(call_origin, *zip(*args))):
                results.append(r)
                bar.update(a[0])
    else:
        for a in args:
            results.append(call_origin(*a))
            bar.update(a[0])
    calls = pd.DataFrame([row for r in results for row in r[0]], columns=CALL_COLUMNS)
    calls = calls.sort_values(["year", "origin", "model"], kind="mergesort").reset_index(drop=True)
    sources = pd.concat([r[1] for r in results], ignore_index=True).groupby("series", as_index=False).sum()
    reads = pd.concat([r[2] for r in results], ignore_index=True) if audit else None
    metrics = M.metrics(calls, truths)
    secs = time.perf_counter() - t0
    if progress:
        missing = calls[calls["mean"].isna()].groupby("model").size()
        note = "; no call (model cannot be fitted on the data of the origin, or no forecast published): " + \
            ", ".join(f"{k} {v}" for k, v in missing.items()) if len(missing) else ""
        print(f"{len(origins)} origins, {len(calls)} calls in {secs:.0f} s{note}", file=sys.stderr)
    return GdpBacktest(calls, truths, metrics, sources, reads, secs)
