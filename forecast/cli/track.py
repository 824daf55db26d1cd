"""``growthsim forecast track``: a monthly series against its annual target during the year.

    growthsim forecast track iip --year 2024 --origin 2024-11 --target 9
    growthsim forecast track iip --year 2025 --ytd 8.4 --through 2025-11 --target 9
    growthsim forecast track exports retail --year 2025 --target 10-12 --format csv --output track.csv
    growthsim forecast track --input my_province.csv --year 2025 --target-level 90500

Argument parsing and printing only: the numbers are `forecast.track.track` (the Indicators view calls
the same function). Warnings go to standard error as ``growthsim: warning: ...``, one line each.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

import pandas as pd

from forecast.cli.forecast import _int, _number, _requests, annual_options
from forecast.errors import GrowthsimError
from forecast.tables import emit, json_text, write_table

FORMATS = ("text", "json", "csv", "xlsx")


def register(fsub: argparse._SubParsersAction, common: Callable[..., None]) -> None:
    """Add ``track`` to the ``forecast`` group; `common` adds the group's shared arguments."""
    k = fsub.add_parser("track", help="year to date, what the remaining months need, its percentile, P(target)",
                        description="Track a monthly series against its annual target: the year to date "
                                    "(published, from levels, or typed), the growth the remaining months need "
                                    "on the same months a year earlier, where that need falls in the forecast "
                                    "distribution, and P(target). Method: docs/tracking.md.")
    common(k, horizon=False)
    k.add_argument("--year", required=True, metavar="YYYY", help="the year tracked")
    tg = k.add_mutually_exclusive_group(required=True)
    tg.add_argument("--target", default=None, metavar="PCT|LOW-HIGH",
                    help="growth target in %% (9.7), or a range (10-12: P(>= 10) and P(in range))")
    tg.add_argument("--target-level", default=None, metavar="VALUE",
                    help="level target in the series' unit: the year's total (flows) or mean index (IIP)")
    k.add_argument("--ytd", default=None, metavar="PCT",
                   help="a year-to-date growth %% to use instead of the store's (one series only; needs --through)")
    k.add_argument("--through", default=None, metavar="YYYY-MM",
                   help="the last month of the year to date; sets the origin (not with --origin)")
    k.add_argument("--format", choices=FORMATS, default="text")
    k.add_argument("--output", default="-", metavar="PATH|-", help="file to write, or - for standard output")
    k.set_defaults(func=cmd_track)


def _pct(x) -> str:
    return "-" if x is None or pd.isna(x) else f"{x:+.2f}%"


def track_text(r: dict) -> str:
    """The tracking result as a few lines of text."""
    t = r["target"]
    if t["kind"] == "growth_pct":
        what = f"{t['value']:+g}%"
    elif t["kind"] == "growth_pct_range":
        what = f"{t['low']:+g}..{t['high']:+g}%"
    else:
        what = f"level {t['value']:,.6g} {t['unit']}".rstrip()
        if "implied_growth_pct" in t:
            base = "mean index" if r["aggregation"] == "mean" else "total"
            what += (f" = {_pct(t['implied_growth_pct'])} on {r['year'] - 1}'s {base} "
                     f"({t['last_year_level']:,.6g})")
    g = r["growth"]
    lines = [f"{r['series']} {r['year']} through {r['through']}: target {what}",
             f"  year to date ({r['months_published']} months): {_pct(r['ytd_growth_pct'])} ({r['ytd_source']})"]
    if r["remaining_months"]:
        need = _pct(r["required_remaining_pct"])
        if t["kind"] == "growth_pct_range":
            need = f"{_pct(r['required_remaining_pct_low'])} .. {_pct(r['required_remaining_pct_high'])}"
        n = r["remaining_months"]
        rest = "the remaining month needs" if n == 1 else f"the remaining {n} months need"
        lines.append(f"  {rest} {need} on the same {'month' if n == 1 else 'months'} a year earlier; "
                     f"percentile {r['required_percentile']:.1f} of the forecast")
    else:
        lines.append("  the whole year is published: nothing remains to be done")
    lines.append(f"  year's growth {g['mean']:.2f}% (80% interval {g['p10']:.2f} .. {g['p90']:.2f}%); "
                 f"P(target) = {r['probability_reach']:.2f}"
                 + (f"; P(in range) = {r['probability_in_range']:.2f}" if "probability_in_range" in r else ""))
    lines.append(f"  origin {r['origin']}, data vintage {r['data_vintage'] or '-'}, model {r['model']}, "
                 f"{r['n_paths']} paths")
    return "\n".join(lines)


def cmd_track(args: argparse.Namespace) -> int:
    from forecast import periods as P
    from forecast.track import track, typed_rounding_pp

    n_paths, seed, origin, target_pct, target_range, target_level = annual_options(args)
    year = _int(args.year, "--year", 1900, 2100)
    through = None if args.through is None else P.month(args.through, "--through")
    ytd = None if args.ytd is None else _number(args.ytd, "--ytd")
    reqs = _requests(args)
    if ytd is not None and len(reqs) > 1:
        raise GrowthsimError(f"--ytd is one series' figure; {len(reqs)} series given ({', '.join(r['series'] for r in reqs)})")
    results = []
    for req in reqs:
        tr = track(req["series"], year, target_pct=target_pct, target_range=target_range, target_level=target_level,
                   origin=origin, ytd_pct=ytd, through=through,
                   ytd_tolerance_pp=typed_rounding_pp(args.ytd) if ytd is not None else 0.0, n_paths=n_paths, seed=seed,
                   root=args.data, y=req["y"], data_vintage=req["vintage"], use_cache=not args.no_cache)
        for w in tr.warnings:
            print(f"growthsim: warning: {req['series']}: {w}", file=sys.stderr)
        results.append(tr.result)
    if args.format == "text":
        emit("\n".join(track_text(r) for r in results) + "\n", args.output)
    elif args.format == "json":
        emit(json_text(results), args.output)
    else:
        write_table(pd.json_normalize(results, sep="_"), args.format, args.output, sheet_name="track")
    if args.output != "-":
        print(f"wrote {len(results)} series ({args.format}) to {args.output}", file=sys.stderr)
    return 0
