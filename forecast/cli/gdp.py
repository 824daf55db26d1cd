"""``growthsim gdp ...``: the annual GDP call. ``gdp call`` is the call at a monthly origin and what moved
it (``forecast.cli.gdp_call``); ``gdp backtest`` is the real-time backtest of the call (`forecast.gdp.backtest`)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from forecast.cli.gdp_call import add_call
from forecast.cli.backtest import _positive_int as _int   # a whole number, or argparse's one-line error
from forecast.errors import GrowthsimError


def register(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("gdp", help="the annual GDP call: what it is, what moved it, and its real-time backtest",
                       description="The annual GDP growth call and its real-time evaluation.")
    gsub = g.add_subparsers(dest="gdp_command", required=True, metavar="{call,backtest}")
    b = gsub.add_parser(
        "backtest", help="real-time backtest of the annual GDP call against naive and the institutions",
        description="For each year Y and each month-end origin from October of Y-1 to December of Y, every "
                    "model's call of Y's annual GDP growth from what was published by then (GDP quarters per "
                    "the release calendar, as first published; indicators as stored). Scores against the "
                    "office's first estimate and its current estimate; prints the metrics and the targets.")
    b.add_argument("--start", type=_int, required=True, metavar="YEAR", help="first year called (from 2015)")
    b.add_argument("--end", type=_int, required=True, metavar="YEAR", help="last year called (to 2024)")
    b.add_argument("--output", type=Path, default=None, metavar="DIR",
                   help="write gdp_calls.csv, gdp_metrics.csv, gdp_sources.csv and gdp_calls.png here")
    b.add_argument("--plot", type=Path, default=None, metavar="FILE.png",
                   help="where the plot goes (default DIR/gdp_calls.png; the docs use docs/img/gdp_calls.png)")
    b.add_argument("--n", type=_int, default=500, metavar="N", help="draws per call (default 500)")
    b.add_argument("--models", default=None,
                   help="comma-separated, of growthsim, bridge, factor (if installed), naive, institutions "
                        "(default: all)")
    b.add_argument("--seed", type=_int, default=0)
    b.add_argument("--jobs", type=_int, default=min(2, os.cpu_count() or 1), metavar="N",
                   help="processes (default: up to 2)")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_backtest)
    add_call(gsub)


def cmd_backtest(args: argparse.Namespace) -> int:
    from forecast.gdp.backtest import run
    from forecast.gdp.metrics import metrics
    from forecast.gdp.report import common_calls, metrics_text, write_outputs

    if args.jobs < 1:
        raise GrowthsimError(f"--jobs must be at least 1, got {args.jobs}")
    if args.output is not None and args.output.exists() and not args.output.is_dir():
        raise GrowthsimError(f"--output {args.output} exists and is not a directory")
    names = [m.strip() for m in args.models.split(",") if m.strip()] if args.models else None
    if args.models is not None and not names:
        raise GrowthsimError("--models names no model")
    r = run(args.start, args.end, names, n=args.n, seed=args.seed, root=args.data, jobs=args.jobs,
            progress=not args.quiet)
    print(metrics_text(r.metrics, metrics(common_calls(r.calls), r.truths)))
    rt = r.sources[r.sources["vintage"] > 0]["series"].tolist()
    print(f"\nreal-time (stored vintages) where read: {', '.join(rt)}; newest values only: "
          f"{', '.join(r.sources[r.sources['vintage'] == 0]['series'])}", file=sys.stderr)
    if args.output is not None or args.plot is not None:
        outdir = args.output if args.output is not None else args.plot.parent
        written = write_outputs(r.calls, r.metrics, r.sources, outdir, args.plot)
        print("wrote " + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0
