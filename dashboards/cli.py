"""The one entry point, ``growthsim``: assembles the command groups of every layer.

It lives in the top layer because it may import all of them (dashboards → scenarios → forecast).
User mistakes (GrowthsimError) become one line on stderr and exit status 2, never a traceback.
A closed pipe (``growthsim data list | head``) ends the command quietly with status 141, as a
shell tool killed by SIGPIPE would.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from forecast.errors import GrowthsimError


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line ('growthsim scenario run: error: ...'), exit 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="growthsim", description="Forecasts and scenarios for Viet Nam's growth targets.")
    parser.add_argument("--data", type=Path, default=None,
                        help="store directory (default: the repository's data/, or $GROWTHSIM_DATA)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{data,forecast,backtest,gdp,scenario,serve}")
    from forecast.cli import data as data_cli
    data_cli.register(sub)
    for mod in ("forecast.cli.forecast", "forecast.cli.backtest", "forecast.cli.gdp", "scenarios.cli"):
        try:
            module = __import__(mod, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
            continue
        module.register(sub)
    from dashboards import serve
    serve.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()   # a closed pipe shows here, not in the interpreter's exit
        return code
    except GrowthsimError as exc:
        print(f"growthsim: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _closed_pipe()
    except OSError as exc:          # a disk full, read-only or unreadable place the command writes or reads
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"growthsim: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_pipe()


def _closed_pipe() -> int:
    """The reader of standard output went away (`growthsim data list | head`): end quietly. Standard
    output is pointed at /dev/null so the interpreter's final flush cannot raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
