"""Accuracy and speed of the monthly forecasts (issue 3's targets), printed as a Markdown table.

    python benchmarks/bench_forecast.py                       # iip, exports, retail; 2019-12..2024-02; h=12
    python benchmarks/bench_forecast.py --sf-python /tmp/sfenv/bin/python   # + statsforecast comparison

What it measures, on the shipped store:
1. Fit/select time of every headline series from scratch (`fit_select_paths`), and the time of a
   cached `forecast_paths` call.
2. The rolling-origin backtest (`forecast.backtest.run_backtest`) of the selected model and the
   benchmarks seasonal naive and drift: MASE, sMAPE, 80%/95% coverage, scaled CRPS, growth error.
3. Development only: Nixtla's statsforecast AutoARIMA, AutoETS and AutoTheta (season 12, on
   levels, the library's defaults) on the same origins, scored with the same metric functions.
   statsforecast is not a project dependency: it runs in this interpreter if importable, or in the
   interpreter given by --sf-python (e.g. a venv, since statsforecast pins pandas < 3); otherwise
   that part is skipped with a message.

Slow (minutes): run it in the background and read the results under --out.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forecast.backtest import metrics as M  # noqa: E402  (numpy only: also runs under --statsforecast-only)
from forecast import periods as P  # noqa: E402

SF_MODELS = ("AutoARIMA", "AutoETS", "AutoTheta")


# --- statsforecast part (runs in any interpreter with statsforecast, pandas and numpy) -------------

def statsforecast_backtest(series: dict[str, pd.Series], origins: list[str], horizon: int) -> tuple[pd.DataFrame, dict]:
    """statsforecast's cross-validation on exactly our origins; returns rows like forecasts.csv."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta

    frames, secs = [], {}
    for sid, y in series.items():
        y = y.set_axis(P.to_index(y.index))
        y = y[y.index <= P.shift(origins[-1], horizon)]
        df = pd.DataFrame({"unique_id": sid, "ds": y.index.to_timestamp(), "y": y.to_numpy(float)})
        sf = StatsForecast(models=[AutoARIMA(season_length=12), AutoETS(season_length=12),
                                   AutoTheta(season_length=12)], freq="MS", n_jobs=1)
        t0 = time.perf_counter()
        n_windows = P.months_between(origins[0], y.index[-1]) - horizon + 1
        cv = sf.cross_validation(df=df, h=horizon, step_size=1, n_windows=n_windows, level=[80, 95])
        secs[sid] = time.perf_counter() - t0
        cv = cv.reset_index() if "unique_id" not in cv.columns else cv
        cv["origin"] = cv["cutoff"].dt.strftime("%Y-%m")
        cv = cv[cv["origin"].isin(origins)]
        for m in SF_MODELS:
            frames.append(pd.DataFrame({"series": sid, "origin": cv["origin"], "period": cv["ds"].dt.strftime("%Y-%m"),
                                        "mean": cv[m], "lo80": cv[f"{m}-lo-80"], "hi80": cv[f"{m}-hi-80"],
                                        "lo95": cv[f"{m}-lo-95"], "hi95": cv[f"{m}-hi-95"], "model": m}))
    return pd.concat(frames, ignore_index=True), secs


def score_intervals(fc: pd.DataFrame, series: dict[str, pd.Series]) -> pd.DataFrame:
    """MASE, sMAPE, coverage and growth error of point/interval forecasts (no paths, so no CRPS)."""
    rows = []
    for (sid, model), g in fc.groupby(["series", "model"], sort=False):
        y = series[sid].set_axis(P.to_index(series[sid].index))
        ae, sm, c80, c95, gerr = [], [], [], [], []
        for origin, h in g.groupby("origin"):
            hist = y[y.index <= P.month(origin)].to_numpy(float)
            act = y.reindex(P.to_index(h["period"])).to_numpy(float)
            scale = M.seasonal_naive_scale(hist)
            ok = ~np.isnan(act)
            ae.extend(np.abs(h["mean"].to_numpy()[ok] - act[ok]) / scale)
            sm.append(M.smape(act[ok], h["mean"].to_numpy()[ok]) * ok.sum())
            c80.extend(((act >= h["lo80"].to_numpy()) & (act <= h["hi80"].to_numpy()))[ok])
            c95.extend(((act >= h["lo95"].to_numpy()) & (act <= h["hi95"].to_numpy()))[ok])
            if len(h) >= 12 and ok[:12].all():
                how = "mean" if sid.startswith("iip") else "sum"
                gerr.append(M.growth_pct(hist[-12:], h["mean"].to_numpy()[:12], how) - M.growth_pct(hist[-12:], act[:12], how))
        rows.append({"series": sid, "model": model, "origins": g["origin"].nunique(), "mase": float(np.mean(ae)),
                     "smape": float(np.sum(sm) / len(ae)), "cov80": float(np.mean(c80)), "cov95": float(np.mean(c95)),
                     "growth_mae_pp": float(np.mean(np.abs(gerr))) if gerr else np.nan,
                     "crps_scaled": np.nan, "growth_bias_pp": float(np.mean(gerr)) if gerr else np.nan})
    return pd.DataFrame(rows)


def _series_from_csv(path: Path) -> dict[str, pd.Series]:
    df = pd.read_csv(path, dtype={"series": str, "period": str})
    return {s: g.set_index("period")["value"].astype(float) for s, g in df.groupby("series", sort=False)}


def statsforecast_only(args) -> int:
    series = _series_from_csv(args.data_csv)
    origins = P.to_strs(P.month_range(args.start, args.end))
    fc, secs = statsforecast_backtest(series, origins, args.horizon)
    fc.to_csv(args.out / "statsforecast_forecasts.csv", index=False)
    score_intervals(fc, series).to_csv(args.out / "statsforecast_metrics.csv", index=False)
    (args.out / "statsforecast_seconds.json").write_text(json.dumps(secs))
    return 0


# --- the project's part -------------------------------------------------------------------------

def md_table(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for r in df.itertuples(index=False):
        lines.append("| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in r) + " |")
    return "\n".join(lines)


def accuracy_table(met: pd.DataFrame) -> pd.DataFrame:
    t = met.copy()
    sn = t[t["model"] == "seasonal_naive"].set_index("series")["mase"]
    t["mase_vs_snaive"] = t["mase"] / t["series"].map(sn)
    t["cov80_%"] = t["cov80"] * 100
    t["cov95_%"] = t["cov95"] * 100
    cols = ["series", "model", "origins", "mase", "mase_vs_snaive", "smape", "cov80_%", "cov95_%", "crps_scaled",
            "growth_mae_pp", "growth_bias_pp"]
    return t[cols].round(3)


def timings(ids: list[str], root=None) -> pd.DataFrame:
    from forecast.engine import fit_select_paths, forecast_paths
    from forecast.backtest.inputs import store_series

    data = store_series(ids, root)
    rows = []
    t_all = time.perf_counter()
    for s in ids:
        t0 = time.perf_counter()
        sp = fit_select_paths(data[s], horizon=12, n_paths=2000, seed=0)
        rows.append({"step": f"fit_select_paths {s} (from scratch)", "seconds": time.perf_counter() - t0,
                     "note": sp.model})
    rows.append({"step": "all headline series, fit and select", "seconds": time.perf_counter() - t_all, "note": ""})
    for s in ids:
        forecast_paths(s, root=root)  # make sure it is cached
        t0 = time.perf_counter()
        forecast_paths(s, root=root)
        rows.append({"step": f"forecast_paths {s} (cached)", "seconds": time.perf_counter() - t0, "note": ""})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--series", nargs="+", default=["iip", "exports", "retail.adjusted"],
                   help="default: the headline series (retail.adjusted is the store's modelling retail series)")
    p.add_argument("--data", type=Path, default=None, help="store directory (default: the repository's data/)")
    p.add_argument("--start", default="2019-12")
    p.add_argument("--end", default="2024-02")
    p.add_argument("--horizon", type=int, default=12)
    p.add_argument("--paths", type=int, default=1000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "forecast")
    p.add_argument("--sf-python", default=None, help="interpreter that has statsforecast (dev-only comparison)")
    p.add_argument("--skip-project", action="store_true", help="reuse metrics.csv under --out")
    p.add_argument("--skip-timings", action="store_true")
    p.add_argument("--statsforecast-only", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--data-csv", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.statsforecast_only:
        return statsforecast_only(args)

    from forecast.backtest import run_backtest
    from forecast.backtest.inputs import store_series
    from forecast.backtest.report import write_outputs

    data = store_series(args.series, args.data)
    origins = P.to_strs(P.month_range(args.start, args.end))
    report = [f"# Forecast accuracy: origins {args.start}..{args.end} ({len(origins)}), horizon {args.horizon}\n"]
    if not args.skip_timings:
        tm = timings(args.series, args.data)
        tm.to_csv(args.out / "timings.csv", index=False)
        print(tm.to_string(index=False), flush=True)
        report += ["## Timings (2 cores)\n", md_table(tm.round(3)), ""]
    if args.skip_project:
        met = pd.read_csv(args.out / "metrics.csv")
    else:
        res = run_backtest(data, origins, args.horizon, n_paths=args.paths, workers=args.workers)
        write_outputs(res, args.out)
        met = res.metrics
        print(f"project backtest: {res.seconds:.0f} s", flush=True)
        report.append(f"Project backtest: {res.seconds:.0f} s for {len(data)} series x {len(origins)} origins "
                      f"x 3 models ({args.paths} paths).\n")
    table = met.drop(columns=[c for c in ("chosen", "failures", "growth_origins") if c in met.columns])

    sf_met = None
    try:
        import statsforecast  # noqa: F401
        have_sf = True
    except ImportError:
        have_sf = False
    if have_sf or args.sf_python:
        t0 = time.perf_counter()
        if have_sf:
            fc, secs = statsforecast_backtest(data, origins, args.horizon)
            sf_met = score_intervals(fc, data)
        else:
            csv = args.out / "series.csv"
            pd.concat([pd.DataFrame({"series": s, "period": y.index, "value": y.to_numpy()}) for s, y in data.items()]
                      ).to_csv(csv, index=False)
            subprocess.run([args.sf_python, __file__, "--statsforecast-only", "--data-csv", str(csv), "--out",
                            str(args.out), "--start", args.start, "--end", args.end, "--horizon", str(args.horizon)],
                           check=True)
            sf_met = pd.read_csv(args.out / "statsforecast_metrics.csv")
            secs = json.loads((args.out / "statsforecast_seconds.json").read_text())
        print(f"statsforecast: {time.perf_counter() - t0:.0f} s ({secs})", flush=True)
        report.append(f"statsforecast cross-validation (3 models, all origins): "
                      + ", ".join(f"{k} {v:.0f} s" for k, v in secs.items()) + "\n")
        table = pd.concat([table, sf_met[[c for c in table.columns if c in sf_met.columns]]], ignore_index=True)
    else:
        print("statsforecast is not installed here and no --sf-python was given: skipping the comparison "
              "with AutoARIMA/AutoETS/AutoTheta (dev-only; pip install statsforecast in a separate venv)")
    order = {s: i for i, s in enumerate(args.series)}
    table = table.sort_values(["series", "model"], key=lambda c: c.map(order) if c.name == "series" else c)
    acc = accuracy_table(table)
    acc.to_csv(args.out / "accuracy.csv", index=False)
    report += ["## Accuracy\n", md_table(acc), ""]
    if sf_met is not None:
        best = []
        for s in args.series:
            t = acc[acc["series"] == s].set_index("model")
            b = t.loc[list(SF_MODELS), "mase"].idxmin()
            best.append({"series": s, "selected_mase": t.loc["selected", "mase"],
                         "seasonal_naive_mase": t.loc["seasonal_naive", "mase"], "best_statsforecast": b,
                         "best_statsforecast_mase": t.loc[b, "mase"],
                         "selected_beats_both": bool(t.loc["selected", "mase"] < min(t.loc["seasonal_naive", "mase"], t.loc[b, "mase"]))})
        report += ["## Targets\n", md_table(pd.DataFrame(best)), ""]
    text = "\n".join(report)
    (args.out / "accuracy.md").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
