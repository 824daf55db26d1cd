"""``growthsim forecast monthly | annual | refit``: forecasts of the monthly series from the command line.

    growthsim forecast monthly iip exports --origin 2024-12 --horizon 12 --format csv --output -
    growthsim forecast annual iip --year 2025 --target 9.7
    growthsim forecast annual retail --year 2025 --target-level 7000000 --format json
    growthsim forecast monthly --input my_province.csv --horizon 10 --output fc.xlsx
    growthsim forecast refit                 # rebuild the cache of every headline series

All numbers come from the engine's sample paths (``forecast.engine``) and the pure summaries of
``forecast.summaries``; user mistakes raise ``GrowthsimError`` (one line, exit status 2).
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import time
from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.annual import annual_result
from forecast.batch.cli import add_batch_arguments, batch_requested, run_batch_command
from forecast.errors import GrowthsimError
from forecast.tables import FORMATS as TABLE_FORMATS
from forecast.tables import emit, format_for, json_text, write_table



def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forecast", help="monthly forecasts, annual-target probabilities, cache refit",
                       description="Forecasts of the monthly series (IIP, exports, imports, retail) with intervals "
                                   "from simulated sample paths, and the probability of an annual target.")
    fsub = p.add_subparsers(dest="forecast_command", required=True, metavar="{monthly,annual,track,refit}")

    def common(q, horizon=True):
        q.add_argument("series", nargs="*", help="series ids (see 'growthsim data list'); with --input, ids in "
                                                 "the file (default: all of them)")
        q.add_argument("--origin", default=None, metavar="YYYY-MM",
                       help="use only months up to and including this one (default: the latest)")
        if horizon:
            q.add_argument("--horizon", default="12", metavar="N", help="months ahead, 1..60 (default 12)")
        q.add_argument("--input", type=Path, default=None, metavar="FILE.csv",
                       help="your own monthly series: CSV with columns series, period (YYYY-MM), value")
        q.add_argument("--paths", default="2000", metavar="N", help="sample paths (default 2000)")
        q.add_argument("--seed", default="0", metavar="N", help="random seed (default 0)")
        q.add_argument("--no-cache", action="store_true", help="neither read nor write the forecast cache")

    m = fsub.add_parser("monthly", help="per month: mean, 80%%/95%% intervals, yoy and year-to-date growth")
    common(m)
    m.add_argument("--format", choices=TABLE_FORMATS, default=None,
                   help="output format (default: from the --output suffix, else csv)")
    m.add_argument("--output", default="-", metavar="PATH|-", help="file to write, or - for standard output")
    m.set_defaults(func=cmd_monthly)

    a = fsub.add_parser("annual", help="distribution of the year's growth and P(target)")
    common(a, horizon=False)
    a.add_argument("--year", default=None, metavar="YYYY", help="the year (default: the year after the origin's "
                                                                "month, i.e. the first forecast month's year)")
    tg = a.add_mutually_exclusive_group()
    tg.add_argument("--target", default=None, metavar="PCT",
                    help="growth target in %% (e.g. 9.7; a range 10-12 gives P(>= 10) and P(in range))")
    tg.add_argument("--target-level", default=None, metavar="VALUE",
                    help="level target in the series' unit: the year's total (flows) or mean index (IIP)")
    a.add_argument("--format", choices=("text", "json"), default="text")
    a.add_argument("--output", default="-", metavar="PATH|-", help="file to write, or - for standard output")
    a.set_defaults(func=cmd_annual)

    from forecast.cli import track as track_cli
    track_cli.register(fsub, common)

    r = fsub.add_parser("refit", help="refit and re-cache forecasts (default: every headline series)")
    r.add_argument("series", nargs="*", help="series ids (default: the headline monthly series in the store)")
    r.add_argument("--origin", default=None, metavar="YYYY-MM")
    r.add_argument("--paths", default="2000", metavar="N")
    r.add_argument("--seed", default="0", metavar="N")
    r.add_argument("--jobs", default="2", metavar="N", help="processes (default 2)")
    add_batch_arguments(r)
    r.add_argument("--reconcile", default="default", choices=("default", "none", "ols", "wls", "mint_shrink"),
                   help="with --all / --series: make the hierarchies' forecasts add up (exports, imports, iip); "
                        "default: what the reconciliation backtest chose (docs/backtest.md)")
    r.set_defaults(func=cmd_refit)


# --------------------------------------------------------------------------- argument checks

def _int(text, name: str, lo: int, hi: int) -> int:
    try:
        v = int(str(text).strip())
    except ValueError:
        raise GrowthsimError(f"{name} must be a whole number, got {text!r}") from None
    if not lo <= v <= hi:
        raise GrowthsimError(f"{name} must be between {lo} and {hi}, got {v}")
    return v


def _number(text: str, name: str) -> float:
    """A number as typed by a planner: '9.7', '9,7' (comma decimal), '+9.7', '90500', '90.500,5'."""
    t = str(text).strip().replace(" ", "").rstrip("%")
    if "," in t and "." in t:                       # 90.500,5 (Vietnamese) → 90500.5
        t = t.replace(".", "").replace(",", ".")
    elif t.count(",") == 1 and len(t.split(",")[1]) != 3:  # 9,7 → 9.7 (not 90,500)
        t = t.replace(",", ".")
    try:
        v = float(t)
    except ValueError:
        raise GrowthsimError(f"{name} must be a number, got {text!r}") from None
    if not math.isfinite(v):
        raise GrowthsimError(f"{name} must be a finite number, got {text!r}")
    return v


def _target(text: str | None):
    """(pct, range): '9.7' → (9.7, None); '10-12' → (None, (10, 12))."""
    if text is None:
        return None, None
    m = re.fullmatch(r"\s*([+-]?[\d.,]+)\s*(?:-|–|\.\.)\s*([+-]?[\d.,]+)\s*%?\s*", str(text))
    if m:
        return None, (_number(m.group(1), "--target"), _number(m.group(2), "--target"))
    return _number(text, "--target"), None


def _origin(text: str | None) -> pd.Period | None:
    return None if text is None else P.month(text, "--origin")


def _file_vintage(path: Path) -> str:
    import datetime as dt
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()


def _requests(args) -> list[dict]:
    """One dict per series: id, and either y (from --input) or None (the store)."""
    if args.input is not None:
        from forecast.input_csv import read_input_csv

        data = read_input_csv(args.input)
        names = list(dict.fromkeys(args.series)) or list(data)
        bad = [s for s in names if s not in data]
        if bad:
            raise GrowthsimError(f"series {', '.join(bad)} not in the file; it holds {', '.join(data)}",
                                 source=str(args.input))
        vint = _file_vintage(args.input)
        return [{"series": s, "y": data[s], "vintage": vint} for s in names]
    if not args.series:
        from forecast.engine import known_series_text
        raise GrowthsimError("name at least one series, or give --input FILE.csv; monthly series known: "
                             + known_series_text(args.data))
    return [{"series": s, "y": None, "vintage": None} for s in dict.fromkeys(args.series)]


def _paths_for(req: dict, args, origin, horizon, n_paths, seed):
    from forecast.engine import forecast_paths

    return forecast_paths(req["series"], origin=origin, horizon=horizon, n_paths=n_paths, seed=seed,
                          root=args.data, y=req["y"], data_vintage=req["vintage"],
                          use_cache=not args.no_cache)


# --------------------------------------------------------------------------- monthly

def cmd_monthly(args: argparse.Namespace) -> int:
    from forecast.engine import check_horizon
    from forecast.summaries import monthly_table

    horizon = check_horizon(_int(args.horizon, "--horizon", -10**6, 10**6))
    n_paths = _int(args.paths, "--paths", 100, 100_000)
    seed = _int(args.seed, "--seed", 0, 2**31 - 1)
    origin = _origin(args.origin)
    frames = []
    for req in _requests(args):
        sp = _paths_for(req, args, origin, horizon, n_paths, seed)
        frames.append(monthly_table(sp))
    df = pd.concat(frames, ignore_index=True)
    fmt = format_for(args.output, args.format, "csv")
    write_table(df, fmt, args.output, sheet_name="forecast")
    if args.output != "-":
        print(f"wrote {len(df)} rows ({fmt}) to {args.output}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- annual

def _fmt(x: float, unit: str = "") -> str:
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.2f}"


def annual_text(r: dict) -> str:
    g = r["growth"]
    lines = [f"{r['series']} {r['year']}: annual growth {g['mean']:.2f}% (median {g['p50']:.2f}%; "
             f"80% interval {g['p10']:.2f} .. {g['p90']:.2f}%; 90% interval {g['p5']:.2f} .. {g['p95']:.2f}%)"]
    lv = r["level"]
    what = "mean of the 12 months" if r["aggregation"] == "mean" else "total of the 12 months"
    lines.append(f"  level ({what}): {_fmt(lv['mean'])} {r['unit']} (80% {_fmt(lv['p10'])} .. {_fmt(lv['p90'])})")
    if "target" in r:
        t = r["target"]
        if t["kind"] == "growth_pct":
            lines.append(f"  P(growth >= {t['value']:g}%) = {r['probability_reach']:.2f}")
        elif t["kind"] == "growth_pct_range":
            lines.append(f"  P(growth >= {t['low']:g}%) = {r['probability_reach']:.2f}; "
                         f"P({t['low']:g}% <= growth <= {t['high']:g}%) = {r['probability_in_range']:.2f}")
        else:
            lines.append(f"  P(level >= {_fmt(t['value'])} {r['unit']}) = {r['probability_reach']:.2f}")
    gap = r.get("gap_adjustment")
    if gap and gap["kind"] == "empirical":
        lines.append(f"  published-rate gap carried in: level growth minus a draw from {gap['years']} years' gaps "
                     f"(mean {gap['mean_pp']:+.2f} pp, sd {gap['sd_pp']:.2f} pp)")
    elif gap:
        lines.append(f"  published full-year rate: level growth minus this year's known gap {gap['gap_pp']:+.2f} pp")
    lines.append(f"  {r['months_published']} of 12 months published; origin {r['origin']}, data vintage "
                 f"{r['data_vintage'] or '-'}, model {r['model']}, {r['n_paths']} paths")
    return "\n".join(lines)


def annual_options(args: argparse.Namespace) -> tuple[int, int, pd.Period | None, float | None,
                                                    tuple[float, float] | None, float | None]:
    """(paths, seed, origin, target %, target range, target level) from the flags `annual` and `track` share."""
    target_pct, target_range = _target(args.target)
    target_level = _number(args.target_level, "--target-level") if args.target_level is not None else None
    return (_int(args.paths, "--paths", 100, 100_000), _int(args.seed, "--seed", 0, 2**31 - 1), _origin(args.origin),
            target_pct, target_range, target_level)


def cmd_annual(args: argparse.Namespace) -> int:
    n_paths, seed, origin, target_pct, target_range, target_level = annual_options(args)
    year = _int(args.year, "--year", 1900, 2100) if args.year is not None else None
    results = []
    for req in _requests(args):
        yr = year
        if yr is None:
            from forecast.engine import load_level_series
            last = origin or (req["y"].index[-1] if req["y"] is not None
                              else load_level_series(req["series"], None, args.data)[0].index[-1])
            yr = P.shift(last, 1).year
        results.append(annual_result(req["series"], yr, origin=origin, target_pct=target_pct,
                                     target_level=target_level, target_range=target_range, n_paths=n_paths,
                                     seed=seed, root=args.data, y=req["y"], data_vintage=req["vintage"],
                                     use_cache=not args.no_cache))
    emit(json_text(results) if args.format == "json" else "\n".join(annual_text(r) for r in results) + "\n",
         args.output)
    if args.output != "-":
        print(f"wrote {len(results)} series to {args.output}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- refit

def _refit_one(series: str, origin, n_paths: int, seed: int, root) -> tuple[str, float, str]:
    from forecast.engine import forecast_paths

    t0 = time.perf_counter()
    sp = forecast_paths(series, origin=origin, horizon=12, n_paths=n_paths, seed=seed, root=root, refit=True)
    return series, time.perf_counter() - t0, f"{sp.model} (origin {sp.origin}, vintage {sp.data_vintage})"


def headline_series(root=None) -> list[str]:
    """The headline monthly series present in the store (falls back to every monthly level series)."""
    from forecast.engine import HEADLINE_SERIES, monthly_series_ids

    known = monthly_series_ids(root)
    chosen = [s for s in HEADLINE_SERIES if s in known]
    return chosen or known


def cmd_refit(args: argparse.Namespace) -> int:
    from concurrent.futures import ProcessPoolExecutor

    from forecast.data.api import check_series

    n_paths = _int(args.paths, "--paths", 100, 100_000)
    seed = _int(args.seed, "--seed", 0, 2**31 - 1)
    jobs = _int(args.jobs, "--jobs", 1, 64)
    origin = _origin(args.origin)
    if batch_requested(args):
        from forecast.batch.refit import refit_batch

        return run_batch_command(args, jobs, lambda names, skipped, ex: refit_batch(
            names, ex, origin=origin, n_paths=n_paths, seed=seed, root=args.data, resume=args.resume,
            skipped=skipped, progress=not args.quiet, reconcile=args.reconcile))
    names = list(dict.fromkeys(args.series)) or headline_series(args.data)
    if not names:
        raise GrowthsimError("the store holds no monthly series to forecast")
    check_series(names, args.data)
    t0 = time.perf_counter()
    if jobs == 1 or len(names) == 1:
        done = [_refit_one(s, origin, n_paths, seed, args.data) for s in names]
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(names))) as ex:
            done = list(ex.map(_refit_one, names, [origin] * len(names), [n_paths] * len(names),
                               [seed] * len(names), [args.data] * len(names)))
    for s, sec, what in done:
        print(f"{s:<20} {sec:6.2f} s  {what}")
    from forecast.cache import cache_dir
    print(f"refitted {len(done)} series in {time.perf_counter() - t0:.1f} s (wall clock, {jobs} processes); "
          f"cache {cache_dir()}")
    return 0
