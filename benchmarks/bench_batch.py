"""The batch (issue 13): every forecastable series refitted locally and on a dask.distributed
LocalCluster, parallel efficiency, peak memory, and the cost curve.

    python benchmarks/bench_batch.py [--paths 2000] [--sizes 10,50,100,all] [--skip-dask] [--json FILE]

1. The whole batch (``forecast.batch.refit.refit_batch`` over ``forecastable_series()``) on 2 local
   processes, each run with an empty disk cache (a fresh temporary ``GROWTHSIM_CACHE``).
2. The same on a LocalCluster of 1 worker and of 2 workers (processes, one thread each): parallel
   efficiency = T(1 worker) / (2 × T(2 workers)); peak RSS of each worker (``client.run``).
3. The cost curve: the batch on 2 local processes for the first N series of a seeded shuffle of the
   forecastable series (N in --sizes; 'all' = every one), a least-squares line T = a + b N, and each
   point's deviation from it.
Prints the figures and the load average; asserts nothing. --json writes them for run_all.py.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def timed_batch(names, executor, paths: int) -> tuple[float, dict]:
    """(seconds, status counts) of one refit batch with an empty cache."""
    from forecast.batch.refit import refit_batch

    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        os.environ["GROWTHSIM_CACHE"] = tmp
        t0 = time.perf_counter()
        res = refit_batch(names, executor, n_paths=paths, progress=False)
        sec = time.perf_counter() - t0
    return sec, res.status["status"].value_counts().to_dict()


def on_cluster(names, workers: int, paths: int) -> tuple[float, dict, list[float]]:
    """(seconds, counts, peak RSS MB of each worker) of the batch on a LocalCluster of `workers`."""
    from distributed import Client, LocalCluster

    from forecast.batch.executor import DaskExecutor

    with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None) as cl, \
            Client(cl) as client:
        client.wait_for_workers(workers)
        sec, counts = timed_batch(names, DaskExecutor(client), paths)
        rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return sec, counts, sorted(rss.values())


def line_fit(ns: list[int], ts: list[float]) -> dict:
    """Least squares T = a + b N; max relative deviation of a point from the line."""
    import numpy as np

    b, a = np.polyfit(ns, ts, 1)
    fit = a + b * np.asarray(ns, float)
    dev = np.abs(np.asarray(ts) - fit) / fit
    per_series = [t / n for n, t in zip(ns, ts)]
    return {"intercept_s": float(a), "slope_s_per_series": float(b), "max_deviation": float(dev.max()),
            "deviation": [float(x) for x in dev], "seconds_per_series": per_series}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--paths", type=int, default=2000)
    ap.add_argument("--sizes", default="10,50,100,all")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-curve", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    import numpy as np

    from forecast.batch.executor import LocalExecutor
    from forecast.batch.series import forecastable_series

    names = forecastable_series()
    out: dict = {"series": len(names), "paths": args.paths, "cpus": os.cpu_count(),
                 "loadavg_start": os.getloadavg()}
    print(f"{len(names)} forecastable series, {args.paths} paths; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    sec, counts = timed_batch(names, LocalExecutor(2), args.paths)
    out["local"] = {"seconds": sec, "status": counts, "peak_worker_mb": _peak_mb(resource.RUSAGE_CHILDREN),
                    "peak_parent_mb": _peak_mb()}
    print(f"whole batch, 2 local processes: {sec:.1f} s {counts}; peak RSS parent {_peak_mb():.0f} MB, "
          f"worker {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    if not args.skip_dask:
        for w in (1, 2):
            s, c, rss = on_cluster(names, w, args.paths)
            out[f"dask{w}"] = {"seconds": s, "status": c, "worker_peak_mb": rss}
            print(f"whole batch, LocalCluster {w} worker(s): {s:.1f} s {c}; worker peak RSS "
                  f"{', '.join(f'{x:.0f}' for x in rss)} MB")
        eff = out["dask1"]["seconds"] / (2 * out["dask2"]["seconds"])
        out["efficiency"] = eff
        print(f"parallel efficiency, 2 workers vs 1: {eff:.0%}")
    if not args.skip_curve:
        order = list(np.random.default_rng(13).permutation(names))
        sizes = [len(names) if s == "all" else min(int(s), len(names)) for s in args.sizes.split(",")]
        pts = []
        for n in sizes:
            if n == len(names) and "local" in out:
                t = out["local"]["seconds"]            # the whole batch above is this point
            else:
                t, _ = timed_batch(order[:n], LocalExecutor(2), args.paths)
            pts.append((n, t))
            print(f"cost curve: {n} series {t:.1f} s ({t / n:.2f} s per series)")
        fit = line_fit([p[0] for p in pts], [p[1] for p in pts])
        out["curve"] = {"points": pts, **fit}
        print(f"line T = {fit['intercept_s']:.1f} s + {fit['slope_s_per_series']:.3f} s x N; largest deviation "
              f"{fit['max_deviation']:.1%}")
    out["loadavg_end"] = os.getloadavg()
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=float))


if __name__ == "__main__":
    main()
