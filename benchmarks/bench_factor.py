"""Pseudo-real-time backtest of the annual GDP call: the factor model against the bridge and naive.

    python benchmarks/bench_factor.py [--start 2015] [--end 2024] [--origins monthly|quarter_end]
                                      [--models factor,bridge] [--refit origin|year] [--n 1000]

For each year Y and each origin month M from October of Y-1 to December of Y (``--origins
quarter_end``: only March, June, September of Y and December of Y-1, the origins of
``bench_bridge.py`` whose year is not complete; the monthly run prints that subset too), each
model calls Y's annual GDP growth (sum of the four quarters against last year's, %) from the data
as of M (``load(..., as_of=M)``: GDP to the last quarter ended by M, indicators to M, newest
vintage: pseudo-real-time). Call = mean of the
draws; 80% interval = p10..p90. ``naive``: the growth of the last four published quarters against
the same four a year earlier. Truth: the store's current GDP (revised, ``truth=current``).

``--refit origin`` estimates the factor model by EM at every origin; ``--refit year`` estimates it at
October of Y-1 and applies those parameters to the data of every later origin of Y (no EM).

Buckets: ``prev_oct_dec`` (M in Oct-Dec of Y-1), ``jan_jun``, ``jul_dec``; ``covid``: ``excluded``
(Y = 2020, 2021 left out) or ``only``. Writes ``gdp_calls.csv`` and ``gdp_metrics.csv`` (columns of
issue 9's ``growthsim gdp backtest``) under ``--out`` (default ``benchmarks/results/factor/``) and
prints the metrics table and the fit times.
"""
from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forecast import bridge as B  # noqa: E402
from forecast import periods as P  # noqa: E402
from forecast.errors import GrowthsimError  # noqa: E402
from forecast.gdp import factor as F  # noqa: E402

COVID_YEARS = (2020, 2021)


def total_growth(draws: B.SectorDraws, year: int) -> np.ndarray:
    """Annual GDP growth (%) per draw: the sum of the eight sectors, year's quarters vs last year's."""
    tot = draws.levels.sum(axis=2)
    cur = [i for i, q in enumerate(draws.quarters) if q.year == year]
    prev = [i for i, q in enumerate(draws.quarters) if q.year == year - 1]
    return (tot[:, cur].sum(axis=1) / tot[:, prev].sum(axis=1) - 1) * 100


def naive_call(gdp: pd.DataFrame) -> float:
    """Growth (%) of the last four published quarters against the same four a year earlier."""
    tot = gdp.sum(axis=1)
    return float((tot.iloc[-4:].sum() / tot.iloc[-8:-4].sum() - 1) * 100)


def origins_of(year: int, kind: str) -> list[pd.Period]:
    ms = list(P.month_range(f"{year - 1}-10", f"{year}-12"))
    if kind == "quarter_end":
        ms = [m for m in ms if m.month % 3 == 0 and m != P.month(f"{year}-12")]
    return ms


def bucket(origin: pd.Period, year: int) -> str:
    return "prev_oct_dec" if origin.year < year else ("jan_jun" if origin.month <= 6 else "jul_dec")


def one_year(year: int, kind: str, models: tuple[str, ...], refit: str, n: int, seed: int, root=None) -> list[dict]:
    cur = B.load_bridge_data(None, root).gdp.sum(axis=1)
    actual = float((cur[[q for q in cur.index if q.year == year]].sum()
                    / cur[[q for q in cur.index if q.year == year - 1]].sum() - 1) * 100)
    rows, base_fit = [], None
    for m in origins_of(year, kind):
        common = {"year": year, "origin": P.to_str(m), "months_to_year_end": P.months_between(m, P.month(f"{year}-12")),
                  "actual": actual, "bucket": bucket(m, year)}
        data = F.load_factor_data(m, root)
        rows.append({**common, "model": "naive", "mean": naive_call(data.gdp), "seconds": 0.0})
        for model in models:
            t0 = time.perf_counter()
            try:
                if model == "factor":
                    f = F.fit(data, params_from=base_fit if refit == "year" else None, root=root)
                    if refit == "year" and f.fit_origin == m:   # estimated here (first origin, or a new series)
                        base_fit = f
                    draws, fit_s = F.simulate_fitted(f, year, n, seed), f.fit_seconds
                else:
                    draws, fit_s = B.simulate(year, n, seed, root=root, origin=m), np.nan
            except GrowthsimError as exc:
                print(f"{model} {m} -> {year}: {exc}", file=sys.stderr)
                continue
            g = total_growth(draws, year)
            p10, p50, p90 = np.quantile(g, [0.1, 0.5, 0.9])
            rows.append({**common, "model": model, "mean": float(g.mean()), "p10": p10, "p50": p50, "p90": p90,
                         "seconds": time.perf_counter() - t0, "fit_seconds": fit_s})
    return rows


def metrics(calls: pd.DataFrame) -> pd.DataFrame:
    """MAE, mean error, RMSE (pp), 80% coverage (%) and mean 80% width (pp) per model, bucket, covid."""
    c = calls.assign(covid=np.where(calls["year"].isin(COVID_YEARS), "only", "excluded"),
                     err=calls["mean"] - calls["actual"])
    out = []
    for (model, b, cv), g in c.groupby(["model", "bucket", "covid"], sort=True):
        row = {"model": model, "bucket": b, "truth": "current", "covid": cv, "n": len(g), "mae": g["err"].abs().mean(),
               "mean_error": g["err"].mean(), "rmse": float(np.sqrt((g["err"] ** 2).mean())),
               "cov80": np.nan, "width80": np.nan}
        if "p10" in g and g["p10"].notna().any():
            row["cov80"] = 100 * ((g["actual"] >= g["p10"]) & (g["actual"] <= g["p90"])).mean()
            row["width80"] = (g["p90"] - g["p10"]).mean()
        out.append(row)
    return pd.DataFrame(out)


def common(calls: pd.DataFrame) -> pd.DataFrame:
    """The calls at the (year, origin) pairs where every model of `calls` made one."""
    k = calls["model"].nunique()
    have = calls.groupby(["year", "origin"])["model"].transform("nunique")
    return calls[have == k]


def with_average(calls: pd.DataFrame) -> pd.DataFrame:
    """Adds model ``factor+bridge``: the mean of the two calls where both exist (no interval)."""
    if not {"factor", "bridge"} <= set(calls["model"]):
        return calls
    w = calls[calls["model"].isin(["factor", "bridge"])].pivot_table(index=["year", "origin"], columns="model",
                                                                       values="mean").dropna()
    keys = calls.drop_duplicates(["year", "origin"]).set_index(["year", "origin"])
    avg = keys.loc[w.index, ["months_to_year_end", "actual", "bucket"]].reset_index()
    avg = avg.assign(model="factor+bridge", mean=w.mean(axis=1).to_numpy())
    return pd.concat([calls, avg], ignore_index=True)


def ordered(m: pd.DataFrame) -> pd.DataFrame:
    order = {"prev_oct_dec": 0, "jan_jun": 1, "jul_dec": 2}
    return m.sort_values(["covid", "bucket", "model"], key=lambda s: s.map(order) if s.name == "bucket" else s)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--start", type=int, default=2015)
    p.add_argument("--end", type=int, default=2024)
    p.add_argument("--origins", choices=("monthly", "quarter_end"), default="monthly")
    p.add_argument("--models", default="factor,bridge")
    p.add_argument("--refit", choices=("origin", "year"), default="origin")
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--data", type=Path, default=None, help="store directory (default: the repository's data/)")
    p.add_argument("--with", dest="with_calls", type=Path, default=None,
                   help="gdp_calls.csv of an earlier run whose other models join the table (e.g. the bridge's)")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "factor")
    args = p.parse_args(argv)
    models = tuple(s for s in args.models.split(",") if s)
    years = list(range(args.start, args.end + 1))
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    rows = []
    with ProcessPoolExecutor(max_workers=args.workers) as ex:
        jobs = [ex.submit(one_year, y, args.origins, models, args.refit, args.n, args.seed, args.data) for y in years]
        for y, j in zip(years, jobs):
            rows += j.result()
            print(f"{y} done, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    calls = pd.DataFrame(rows)
    if args.with_calls is not None:
        old = pd.read_csv(args.with_calls)
        calls = pd.concat([calls, old[~old["model"].isin(calls["model"].unique())]], ignore_index=True)
    calls.to_csv(args.out / "gdp_calls.csv", index=False)
    m = metrics(calls)
    m.to_csv(args.out / "gdp_metrics.csv", index=False)
    print("all calls of each model:")
    print(ordered(m).round(2).to_string(index=False))
    both = with_average(common(calls))
    print(f"\nthe {both['origin'].nunique()} origins (of {calls['origin'].nunique()}) where every model made a call:")
    mc = metrics(both)
    mc.to_csv(args.out / "gdp_metrics_common.csv", index=False)
    print(ordered(mc).round(2).to_string(index=False))
    qe = both[both["origin"].map(lambda o: P.month(o).month % 3 == 0) & (both["months_to_year_end"] > 0)]
    print(f"\nof those, the quarter-end origins (bench_bridge.py's: Dec of Y-1, Mar, Jun, Sep of Y):")
    print(ordered(metrics(qe)).round(2).to_string(index=False))
    fits = calls.loc[calls["model"] == "factor", "fit_seconds"]
    fits = fits[fits > 0]
    if len(fits):
        print(f"factor EM fit: {len(fits)} fits, median {fits.median():.2f} s, max {fits.max():.2f} s")
    for model in models:
        s = calls.loc[calls["model"] == model, "seconds"]
        print(f"{model}: {s.mean():.2f} s per origin (fit + draws)")
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"{len(calls)} calls, {time.perf_counter() - t0:.0f} s; loadavg {' '.join(load)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
