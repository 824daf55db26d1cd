"""``growthsim backtest SERIES... --start YYYY-MM --end YYYY-MM --horizon N [--output DIR]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forecast.batch.cli import add_batch_arguments, batch_requested, run_batch_command
from forecast.errors import GrowthsimError


def _positive_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backtest", help="rolling-origin backtest of the forecasts against seasonal naive and drift",
        description="Forecast each series from every month START..END with only the data up to that month, "
                    "for the selected model and the benchmarks, and score the outcomes (MASE, sMAPE, 80%%/95%% "
                    "coverage, scaled CRPS, 12-month growth error in pp).")
    p.add_argument("series", nargs="*", help="series ids (see 'growthsim data list'); with --input, ids in the file "
                                             "(default: all of them)")
    p.add_argument("--start", required=True, metavar="YYYY-MM", help="first origin")
    p.add_argument("--end", required=True, metavar="YYYY-MM", help="last origin")
    p.add_argument("--horizon", type=_positive_int, default=12, metavar="N", help="months ahead, 1..60 (default 12)")
    p.add_argument("--output", type=Path, default=None, metavar="DIR",
                   help="write metrics.csv, forecasts.csv, by_horizon.csv and backtest.png here")
    p.add_argument("--input", type=Path, default=None, metavar="FILE.csv",
                   help="your own monthly series: long CSV with columns series, period (YYYY-MM), value")
    p.add_argument("--models", default="selected,seasonal_naive,drift",
                   help="comma-separated: selected, seasonal_naive, drift (default: all)")
    p.add_argument("--paths", type=_positive_int, default=1000, metavar="N", help="sample paths per forecast (default 1000)")
    p.add_argument("--seed", type=_positive_int, default=0)
    p.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                   help="processes (default: up to 2)")
    p.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                   help="local processes of a batch (--all / --series; default 2, same as --workers)")
    p.add_argument("--hierarchy", action="append", default=None, metavar="NAME",
                   help="reconciliation backtest of a hierarchy (exports, imports, iip; repeatable): base and "
                        "reconciled (ols, wls, mint_shrink) forecasts of every node, metrics per level")
    p.add_argument("--every", type=_positive_int, default=1, metavar="N",
                   help="with --hierarchy: every N-th month from --start (default 1)")
    add_batch_arguments(p, output=False)
    p.set_defaults(func=cmd_backtest)


def cmd_backtest(args: argparse.Namespace) -> int:
    from forecast.backtest import monthly_origins, run_backtest
    from forecast.backtest.inputs import csv_series, store_series
    from forecast.backtest.models import DEFAULT_MODELS
    from forecast.backtest.report import metrics_table, write_outputs

    if not 1 <= args.horizon <= 60:
        raise GrowthsimError(f"--horizon must be between 1 and 60 months, got {args.horizon}")
    if args.paths < 100:
        raise GrowthsimError(f"--paths must be at least 100, got {args.paths}")
    if args.workers is not None and args.workers < 1:
        raise GrowthsimError(f"--workers must be at least 1, got {args.workers}")
    names = [m.strip() for m in args.models.split(",") if m.strip()]
    bad = [m for m in names if m not in DEFAULT_MODELS]
    if bad or not names:
        raise GrowthsimError(f"unknown model(s) {', '.join(bad) or '(none given)'}; known: {', '.join(DEFAULT_MODELS)}")
    origins = monthly_origins(args.start, args.end)
    if args.output is not None and args.output.exists() and not args.output.is_dir():
        raise GrowthsimError(f"--output {args.output} exists and is not a directory")
    if args.hierarchy:
        return _hierarchy_backtest(args, origins[::max(1, args.every)])
    if batch_requested(args):
        if args.input is not None:
            raise GrowthsimError("--all / --series GLOB run on the store's series, not with --input")
        from forecast.batch.backtest import backtest_batch

        jobs = args.jobs or args.workers or 2
        parts = args.output / "parts" if args.output is not None else None

        def run(ids, skipped, ex):
            data, unreadable = _batch_data(ids, args.data)
            return backtest_batch(data, origins, args.horizon, ex, models=names, n_paths=args.paths,
                                  seed=args.seed, root=args.data, skipped=skipped, failed=unreadable,
                                  parts_dir=parts, resume=args.resume, progress=not args.quiet)
        return run_batch_command(args, jobs, run)
    if args.input is not None:
        data = csv_series(args.input, args.series or None)
    else:
        if not args.series:
            raise GrowthsimError("name at least one series (see 'growthsim data list'), or give --input FILE.csv")
        data = store_series(list(dict.fromkeys(args.series)), args.data)
    result = run_backtest(data, origins, args.horizon, models={m: m for m in names}, n_paths=args.paths,
                          seed=args.seed, workers=args.workers, progress=not args.quiet)
    print(metrics_table(result.metrics))
    print(f"\n{len(origins)} origins {origins[0]}..{origins[-1]}, horizon {args.horizon}; "
          f"{result.seconds:.1f} s", file=sys.stderr)
    if args.output is not None:
        written = write_outputs(result, args.output)
        print("wrote " + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0


def _batch_data(ids: list[str], root) -> tuple[dict, dict[str, str]]:
    """(data, {series: reason}) of a batch: each series read from the store alone, so one that cannot be
    read (a gap) fails with its reason instead of stopping the batch."""
    from forecast.backtest.inputs import store_series

    data, failed = {}, {}
    for s in ids:
        try:
            data.update(store_series([s], root))
        except GrowthsimError as exc:
            failed[s] = str(exc)
    return data, failed


def _hierarchy_backtest(args: argparse.Namespace, origins: list[str]) -> int:
    """``backtest --hierarchy NAME``: base vs reconciled forecasts per level (forecast.reconcile.backtest)."""
    from forecast.batch.executor import executor_for
    from forecast.batch.report import check_output_dir, write_batch
    from forecast.reconcile.backtest import reconcile_backtest
    from forecast.reconcile.hierarchies import HIERARCHIES

    bad = [h for h in args.hierarchy if h not in HIERARCHIES]
    if bad:
        raise GrowthsimError(f"unknown hierarchy {', '.join(bad)}; known: {', '.join(HIERARCHIES)}")
    check_output_dir(args.output)
    ex = executor_for(args.scheduler, args.jobs or args.workers or 2)
    try:
        result = reconcile_backtest(list(dict.fromkeys(args.hierarchy)), origins, args.horizon, ex,
                                    n_paths=args.paths, seed=args.seed, root=args.data, progress=not args.quiet)
    finally:
        ex.close()
    lv = result.tables["levels"].copy()
    for c in ("mase", "crps_scaled", "cov80", "growth_mae_pp"):
        lv[c] = lv[c].round(3)
    print(lv.to_string(index=False))
    print(f"\n{len(origins)} origins {origins[0]}..{origins[-1]}, horizon {args.horizon}; {result.summary()}",
          file=sys.stderr)
    if args.output is not None:
        print("wrote " + ", ".join(str(p) for p in write_batch(result, args.output)), file=sys.stderr)
    return result.exit_code()
