"""The batch options shared by ``forecast refit`` and ``backtest`` (``--all``, ``--series GLOB``,
``--scheduler``, ``--output``, ``--resume``, ``--quiet``) and the one way both run a batch: choose the
series, check the output directory, connect (a dead scheduler stops here, before anything is
written), run, print the summary and failures, write batch.csv, return 0 / 3."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from forecast.batch.report import BatchResult, check_output_dir, failures_text, write_batch
from forecast.errors import GrowthsimError


def add_batch_arguments(p: argparse.ArgumentParser, output: bool = True) -> None:
    """Add the batch options to `p` (`output`: also ``--output DIR``)."""
    g = p.add_argument_group("batch (every series at once)")
    g.add_argument("--all", action="store_true", dest="all_series",
                   help="every forecastable monthly series of the catalog (the others are listed as skipped)")
    g.add_argument("--series", action="append", default=None, metavar="GLOB", dest="series_glob",
                   help="monthly level series matching a shell pattern, e.g. 'exports.*' (repeatable)")
    g.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="run the chunks on this dask.distributed scheduler (default: local processes)")
    if output:
        g.add_argument("--output", type=Path, default=None, metavar="DIR",
                       help="write batch.csv (series, status, seconds, model, error) and the result tables here")
    g.add_argument("--resume", action="store_true", help="skip the series an interrupted batch already finished")
    g.add_argument("--quiet", action="store_true", help="no progress bar")


def batch_requested(args: argparse.Namespace) -> bool:
    """True when ``--all`` or ``--series`` was given (naming series as well is a usage error)."""
    if not (args.all_series or args.series_glob):
        for flag in ("scheduler", "resume"):
            if getattr(args, flag, None):
                raise GrowthsimError(f"--{flag} works with --all or --series GLOB")
        return False
    if args.all_series and args.series_glob:
        raise GrowthsimError("give either --all or --series GLOB, not both")
    if args.series:
        raise GrowthsimError("name series either as arguments or with --all / --series GLOB, not both")
    return True


def run_batch_command(args: argparse.Namespace, jobs: int,
                      run: Callable[[list[str], dict[str, str], object], BatchResult]) -> int:
    """Select the series, connect the executor, `run(names, skipped, executor)`, report; exit 0 or 3."""
    from forecast.batch.executor import executor_for
    from forecast.batch.series import select_series

    out = getattr(args, "output", None)
    check_output_dir(out)
    names, skipped = select_series(args.series_glob, args.all_series, args.data)
    if not names:
        raise GrowthsimError("no forecastable series in this store")
    executor = executor_for(args.scheduler, jobs)
    try:
        result = run(names, skipped, executor)
    finally:
        executor.close()
    print(result.summary(), file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    if len(result.failed):
        print("failed:\n" + failures_text(result.status), file=sys.stderr)
    if out is not None:
        written = write_batch(result, out)
        print("wrote " + ", ".join(str(p) for p in written), file=sys.stderr)
    return result.exit_code()
