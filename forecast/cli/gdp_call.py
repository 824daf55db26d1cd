"""``growthsim gdp call --year Y [--origin M] [--since M0] [--target PCT] [--format text|json]``."""
from __future__ import annotations

import argparse

from forecast.cli.backtest import _positive_int
from forecast.cli.forecast import _number


def add_call(gdp_sub: argparse._SubParsersAction) -> None:
    """Add ``call`` to the ``gdp`` command group."""
    p = gdp_sub.add_parser(
        "call", help="the baseline's call of annual GDP growth, its quarters and what moved it",
        description="Annual real GDP growth of YEAR called at the origin month (mean, p10, p50, p90, and "
                    "P(growth >= target)), the year's quarters (published or called), and each new data point's "
                    "contribution in pp since --since (new points added one series at a time, same seed).")
    p.add_argument("--year", type=_positive_int, required=True, metavar="YYYY")
    p.add_argument("--origin", default=None, metavar="YYYY-MM", help="data as known at this month (default: the last)")
    p.add_argument("--since", default=None, metavar="YYYY-MM", help="what moved the call since this month "
                                                                    "(default: the month before the origin)")
    p.add_argument("--target", default=None, metavar="PCT", help="GDP growth target, %%: prints P(growth >= PCT)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_call)


def cmd_call(args: argparse.Namespace) -> int:
    from forecast import periods as P
    from forecast.gdp.call import call_text, gdp_call
    from forecast.tables import emit, json_text

    origin = None if args.origin is None else P.month(args.origin, "--origin")
    since = None if args.since is None else P.month(args.since, "--since")
    target = None if args.target is None else _number(args.target, "--target")
    c = gdp_call(args.year, origin=origin, since=since, target=target, root=args.data)
    emit(json_text(c.to_json()) if args.format == "json" else call_text(c) + "\n", None)
    return 0
