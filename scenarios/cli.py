"""`growthsim scenario run|sweep`: scenario files from the command line.

    growthsim scenario run FILE... [--format json|csv|xlsx|parquet] [--output PATH|-] [--draws N] [--seed N]
    growthsim scenario sweep FILE --vary industry=8:14:0.5 [--vary ...] [--output PATH|-] [--format ...]
    growthsim scenario icor [--format text|csv|json|xlsx] [--output PATH|-] [--with-covid]

`run --format text` prints a summary (a plan: one line per year and the plan's numbers).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from forecast.gdp.icor import COVID_YEARS, DEFAULT_WINDOW, icor_table, window_years
from forecast.tables import FORMATS as TABLE_FORMATS
from forecast.tables import emit, write_table
from scenarios.export import FORMATS, write
from scenarios.files import load
from scenarios.limits import MAX_DRAWS, draws_problem
from scenarios.plan import run_plan
from scenarios.runner import DEFAULT_DRAWS, run
from scenarios.sweep import run_sweep
from scenarios.text_report import icor_text, results_text


def _whole_number(minimum: int):
    """argparse type: a whole number >= `minimum`, with a one-line message otherwise."""

    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number >= {minimum}, got {n}")
        return n

    return parse


_positive = _whole_number(1)
_seed = _whole_number(0)


def _draws(text: str) -> int:
    """argparse type for --draws: a whole number from 1 to MAX_DRAWS (the memory budget)."""
    n = _positive(text)
    problem = draws_problem(n)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return n


def _format(args) -> str:
    if args.format:
        return args.format
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output and args.output != "-" else ""
    return suffix if suffix in FORMATS else args.default_format


def register(sub) -> None:
    p = sub.add_parser("scenario", help="run scenario files: GDP growth, probability of the target, required growth",
                       description="Scenario files (TOML): see docs/scenarios.md.")
    ss = p.add_subparsers(dest="scenario_command", required=True, metavar="{run,sweep,icor}")

    r = ss.add_parser("run", help="run one or more scenario files")
    r.add_argument("files", nargs="+", metavar="FILE")
    r.add_argument("--format", choices=FORMATS + ("text",), default=None,
                   help="default: from --output's suffix, else json; text: a summary for the terminal")
    r.add_argument("--output", "-o", default="-", help="file to write, or - for standard output (default)")
    r.add_argument("--draws", type=_draws, default=DEFAULT_DRAWS,
                   help=f"Monte Carlo draws (default {DEFAULT_DRAWS:,}, at most {MAX_DRAWS:,})")
    r.add_argument("--seed", type=_seed, default=None, help="random seed (default: the file's seed, else 2025)")
    r.set_defaults(func=_run, default_format="json")

    w = ss.add_parser("sweep", help="run a grid of variants of one scenario file")
    w.add_argument("file", metavar="FILE")
    w.add_argument("--vary", action="append", required=True, metavar="KEY=START:STOP:STEP",
                   help="vary a sector or group over a grid (both ends included); repeatable")
    w.add_argument("--format", choices=FORMATS, default=None, help="default: from --output's suffix, else csv")
    w.add_argument("--output", "-o", default="-", help="file to write, or - for standard output (default)")
    w.add_argument("--draws", type=_draws, default=DEFAULT_DRAWS, help=f"at most {MAX_DRAWS:,}")
    w.add_argument("--seed", type=_seed, default=None)
    w.set_defaults(func=_sweep, default_format="csv")

    i = ss.add_parser("icor", help="the historical ICOR: investment share of GDP over real growth, by year",
                      description="Historical ICOR from the store (forecast/gdp/icor.py): one row per year, "
                                  "3- and 5-year windows without 2020-21, and the default a scenario uses.")
    i.add_argument("--format", choices=TABLE_FORMATS + ("text",), default=None, help="default: text")
    i.add_argument("--output", "-o", default="-", help="file to write, or - for standard output (default)")
    i.add_argument("--with-covid", action="store_true", help="keep 2020-21 in the windows")
    i.set_defaults(func=_icor, default_format="text")


def _run(args) -> int:
    scenarios = [load(f) for f in args.files]
    results = [(run_plan if s.is_plan else run)(s, draws=args.draws, seed=args.seed, root=args.data)
               for s in scenarios]
    fmt = _format(args)
    if fmt == "text":
        emit(results_text(results), args.output)
    else:
        write(results, fmt, args.output)
    return 0


def _icor(args) -> int:
    root = None if args.data is None else str(args.data)
    table = icor_table(root, () if args.with_covid else COVID_YEARS)
    fmt = args.format or ("text" if args.output in (None, "-") else _format(args))
    if fmt == "text":
        t = table.copy()
        value = float(t["icor_5y"].iloc[-1])
        end = int(t["year"].max())
        label = "5-year ICOR with 2020-21 (not the default)" if args.with_covid else "Default ICOR (scenarios use it)"
        emit(icor_text(t, value, window_years(t, end, DEFAULT_WINDOW), label), args.output)
    else:
        write_table(table, fmt, args.output, sheet_name="icor")
    return 0


def _sweep(args) -> int:
    table = run_sweep(load(args.file), args.vary, draws=args.draws, seed=args.seed, root=args.data)
    write_table(table, _format(args), args.output, sheet_name="sweep")
    return 0
