"""``growthsim data build | import | list | show``: the curated store from the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from forecast import periods as P


def default_gso() -> Path:
    """The raw GSO folder beside the checkout (``../shared/data/gso``), or ``$GROWTHSIM_GSO``."""
    import os
    env = os.environ.get("GROWTHSIM_GSO")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "data" / "gso"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("data", help="build, import, list and show the official series")
    dsub = p.add_subparsers(dest="data_command", required=True, metavar="{build,import,list,show}")

    b = dsub.add_parser("build", help="rebuild data/ from the raw GSO folder")
    b.add_argument("--source", type=Path, default=None, help="raw GSO folder (default: ../shared/data/gso)")
    b.add_argument("--until", default=None, metavar="YYYY-MM", help="use only releases up to this month")
    b.set_defaults(func=cmd_build)

    i = dsub.add_parser("import", help="import GSO releases (SDMX-ML .xml or monthly Excel .xlsx)")
    i.add_argument("files", nargs="+", type=Path)
    i.add_argument("--vintage", default=None, metavar="YYYY-MM-DD",
                   help="release date, when the file name does not start with it")
    i.set_defaults(func=cmd_import)

    ls = dsub.add_parser("list", help="show the catalog of series")
    ls.add_argument("--format", choices=("text", "csv"), default="text")
    ls.add_argument("--family", default=None, help="only ids starting with this (e.g. iip, exports, gdp_real)")
    ls.set_defaults(func=cmd_list)

    sh = dsub.add_parser("show", help="print one or more series")
    sh.add_argument("series", nargs="+")
    sh.add_argument("--format", choices=("text", "csv"), default="text")
    sh.add_argument("--start", default=None)
    sh.add_argument("--end", default=None)
    sh.add_argument("--as-of", default=None, metavar="YYYY-MM", help="periods up to this month (latest vintage)")
    sh.add_argument("--vintage", default=None, metavar="YYYY-MM-DD", help="values as published on this date")
    sh.set_defaults(func=cmd_show)


def cmd_build(args: argparse.Namespace) -> int:
    from forecast.data.build import build

    if args.until is not None:
        P.month(args.until, "--until")
    src = args.source or default_gso()
    content = build(src, root=args.data, until=args.until)
    n = content.latest["series"].nunique()
    print(f"built {args.data or 'data/'} from {src}: {n} series, {len(content.latest)} observations, "
          f"{len(content.revisions)} superseded values in the revision log"
          + (f" (releases up to {args.until})" if args.until else ""))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from forecast.data.build import import_files

    if args.vintage is not None:
        P.date(args.vintage, "--vintage")
    change = import_files(args.files, root=args.data, vintage=args.vintage)
    print(change.summary())
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from forecast.data.api import catalog

    cat = catalog(args.data)
    if args.family:
        cat = cat[cat["id"].str.startswith(args.family)]
    if args.format == "csv":
        cat.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        cols = ["id", "unit", "freq", "first", "last", "last_vintage", "name_en"]
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 60):
            print(cat[cols].to_string(index=False))
        print(f"{len(cat)} series")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from forecast.data.api import load

    df = load(args.series, start=args.start, end=args.end, as_of=args.as_of, vintage=args.vintage, root=args.data)
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False, lineterminator="\n", float_format="%.12g")
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 50,
                               "display.float_format", "{:.10g}".format):
            print(df[["series", "period", "value", "unit", "status", "vintage"]].to_string(index=False))
    return 0
