"""Run every benchmark of benchmarks/ and write benchmarks/results.md (issue 13, part 3).

    nice -n 10 python benchmarks/run_all.py            # everything, short settings where a script has flags
    python benchmarks/run_all.py --quick               # a smoke run (few paths, small batch, no Dask)
    python benchmarks/run_all.py --only batch,scenarios

Each benchmark runs in its own process (``BENCHES``: script, arguments, the output lines the table
quotes) under a small wrapper that reports the peak resident memory of the process and of its
largest child (worker processes, LocalCluster workers, the server of bench_load). Then the table of
the issue's figures, the batch section (local, LocalCluster 1 and 2 workers, parallel efficiency,
cost curve with a fitted line, from bench_batch.py --json) and every benchmark's full output go
into results.md, with the machine (cores, memory, library versions) and the load average before and
after each run: the machine is shared, so the load says how much the figures are inflated.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXE = str(Path(sys.executable).with_name("growthsim"))
TIMEOUT = 900  # seconds one benchmark may take before it is reported as timed out

WRAPPER = """
import resource, runpy, sys
script = sys.argv[1]
sys.argv = sys.argv[1:]
try:
    runpy.run_path(script, run_name="__main__")
finally:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"@@peak {me:.0f} {kids:.0f}", file=sys.stderr, flush=True)
"""


@dataclass
class Bench:
    """One benchmark: a script (or a growthsim command when `command`), its arguments, and the
    (label, regex) pairs whose first matching output line is quoted in the table."""

    name: str
    argv: list[str]
    rows: list[tuple[str, str]]
    command: bool = False
    env: dict = field(default_factory=dict)


def benches(quick: bool, tmp: Path) -> list[Bench]:
    batch = ["--json", str(tmp / "batch.json")] + (["--paths", "200", "--sizes", "5,10", "--skip-dask"] if quick
                                                   else ["--sizes", "10,50,100,all"])
    cache = {"GROWTHSIM_CACHE": str(tmp / "cache")}
    return [
        Bench("batch", ["bench_batch.py", *batch], [("whole batch, 2 local processes", r"^whole batch, 2 local"),
                                                     ("whole batch, LocalCluster 1 worker", r"LocalCluster 1 worker"),
                                                     ("whole batch, LocalCluster 2 workers", r"LocalCluster 2 worker"),
                                                     ("parallel efficiency", r"^parallel efficiency"),
                                                     ("cost curve line", r"^line T =")]),
        Bench("scenarios", ["bench_scenarios.py"], [("scenario, 100,000 draws, new seed", r"new seed"),
                                                    ("scenario evaluation, 100,000 draws", r"same seed \(a slider"),
                                                    ("sweep", r"^sweep of")]),
        Bench("app", ["bench_app.py", "--no-browser", "--moves", "10" if quick else "30"],
              [("slider move, server side (all views updated)", r"^  (p50|median|n=)"),
               ("scenario engine alone", r"^  (p50|median|n=)")]),
        Bench("headline_refit", [EXE, "forecast", "refit", "--jobs", "2"] + (["--paths", "200"] if quick else []),
              [("full refit of the headline series (empty cache)", r"^refitted")], command=True, env=cache),
        Bench("cached_forecast", [EXE, "forecast", "monthly", "iip", "--output", str(tmp / "iip.csv")]
              + (["--paths", "200"] if quick else []),
              [("cached forecast, whole command (wall s column)", r"^wrote")], command=True, env=cache),
        Bench("gdp_call", ["bench_gdp_call.py", "--repeat", "3"],
              [("GDP call, cached", r"^cached, fresh process"), ("baseline refit (bench_gdp_call)", r"^baseline refit")]),
        Bench("forecast", ["bench_forecast.py", "--series", "iip", "exports", "--start", "2024-01", "--end", "2024-02",
                           "--paths", "200", "--out", str(tmp / "forecast")],
              [("fit and select from scratch, iip (bench_forecast)", r"fit_select_paths iip"),
               ("cached forecast, forecast_paths iip in process", r"forecast_paths iip \(cached\)"),
               ("small backtest (2 series x 2 origins)", r"^project backtest")]),
        Bench("bridge", ["bench_bridge.py", "--start", "2024-03", "--end", "2024-09", "--n", "500",
                         "--out", str(tmp / "bridge")], [("GDP bridge backtest, 3 quarter-end origins", r"GDP bridge backtest")]),
        Bench("factor", ["bench_factor.py", "--start", "2024", "--end", "2024", "--origins", "quarter_end",
                         "--n", "200", "--out", str(tmp / "factor")], [("factor model EM fits, 2024 quarter-end origins", r"factor EM fit")]),
        Bench("page_build", ["bench_page_build.py", "--sessions", "3"], [("first page, one session", r"^first session")]),
        Bench("load", ["bench_load.py", "--sessions", "1", "2", "--seconds", "10" if quick else "20", "--pause", "3"],
              [("load test, 1 and 2 sessions", r"sessions?|p95")]),
    ]


def run(b: Bench) -> dict:
    """Run `b`; wall seconds, exit status, output, peak RSS (MB) of the process and its largest child."""
    env = {**os.environ, **b.env, "PYTHONUNBUFFERED": "1"}
    argv = b.argv if b.command else [sys.executable, "-c", WRAPPER, str(HERE / b.argv[0]), *b.argv[1:]]
    if b.command:     # measure the command's own peak memory the same way
        argv = [sys.executable, "-c", "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
                "print(f\"@@peak 0 {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}\", "
                "file=sys.stderr); sys.exit(p.returncode)", *b.argv]
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, env=env, cwd=REPO)
        code, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = "timeout", (exc.stdout or b"").decode(errors="replace") if isinstance(exc.stdout, bytes) \
            else (exc.stdout or ""), f"timed out after {TIMEOUT} s"
    sec = time.perf_counter() - t0
    m = re.search(r"@@peak (\d+) (\d+)", err)
    peak = max(int(m.group(1)), int(m.group(2))) if m else None
    err = re.sub(r"@@peak.*\n?", "", err)
    return {"name": b.name, "seconds": sec, "code": code, "out": out, "err": err, "peak_mb": peak,
            "load_before": load0, "load_after": os.getloadavg()[0]}


def quote(b: Bench, r: dict) -> list[tuple[str, str]]:
    """(label, the first output line matching each row's regex after the previous match)."""
    lines = [x.rstrip() for x in (r["out"] + "\n" + r["err"]).splitlines() if x.strip()]
    found, start = [], 0
    for label, pat in b.rows:
        hit = next(((i, x) for i, x in enumerate(lines) if i >= start and re.search(pat, x)), None)
        if hit:
            start = hit[0] + 1
        found.append((label, hit[1].strip() if hit else "(not found in the output)"))
    return found


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for pkg in ("numpy", "pandas", "scipy", "statsmodels", "panel", "bokeh", "dask", "distributed", "tqdm"):
        try:
            out.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            out.append(f"{pkg} (not installed)")
    return ", ".join(out)


def memory_gb() -> float:
    try:
        kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        return kb / 1024 ** 2
    except (OSError, StopIteration):
        return float("nan")


def batch_section(path: Path) -> list[str]:
    if not path.exists():
        return ["(bench_batch.py wrote no figures)"]
    d = json.loads(path.read_text())
    L = [f"{d['series']} forecastable series, {d['paths']} paths each, empty cache for every run; load average "
         f"{d['loadavg_start'][0]:.2f} at the start, {d['loadavg_end'][0]:.2f} at the end.", "",
         "| run | wall s | status | peak RSS per worker, MB |", "|---|---:|---|---|"]
    lo = d["local"]
    L.append(f"| 2 local processes | {lo['seconds']:.1f} | {lo['status']} | {lo['peak_worker_mb']:.0f} "
             f"(parent {lo['peak_parent_mb']:.0f}) |")
    for w in (1, 2):
        if f"dask{w}" in d:
            x = d[f"dask{w}"]
            L.append(f"| LocalCluster, {w} worker{'s' if w > 1 else ''} | {x['seconds']:.1f} | {x['status']} | "
                     f"{', '.join(f'{v:.0f}' for v in x['worker_peak_mb'])} |")
    if "efficiency" in d:
        L += ["", f"Parallel efficiency, 2 workers against 1: T1 / (2 T2) = {d['efficiency']:.0%} (target ≥ 80%)."]
    if "curve" in d:
        c = d["curve"]
        L += ["", "Cost curve (2 local processes, the first N series of a seeded shuffle). The issue asks for "
                  "10, 50, 200 and all; the catalog has only "
                  f"{d['series']} forecastable series, so the points are 10, 50, 100 and all {d['series']}.", "",
              "| N series | wall s | s per series | line a + bN, s | deviation |", "|---:|---:|---:|---:|---:|"]
        for (n, t), dev in zip(c["points"], c["deviation"]):
            L.append(f"| {n} | {t:.1f} | {t / n:.3f} | {c['intercept_s'] + c['slope_s_per_series'] * n:.1f} | "
                     f"{dev:.1%} |")
        L += ["", f"Least-squares line: T = {c['intercept_s']:.1f} s + {c['slope_s_per_series']:.3f} s × N; largest "
                  f"deviation of a point from it {c['max_deviation']:.1%} (target: within 15%)."]
    return L


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="short settings everywhere (a smoke run)")
    ap.add_argument("--only", default=None, help="comma-separated benchmark names")
    ap.add_argument("--output", type=Path, default=HERE / "results.md")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="growthsim_bench_"))
    chosen = benches(args.quick, tmp)
    if args.only:
        keep = set(args.only.split(","))
        chosen = [b for b in chosen if b.name in keep]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results = []
    for b in chosen:
        print(f"== {b.name}: {' '.join(b.argv)}", flush=True)
        r = run(b)
        results.append((b, r))
        print(f"   {r['seconds']:.0f} s, exit {r['code']}, peak {r['peak_mb']} MB, load {r['load_after']:.2f}",
              flush=True)
    L = ["# Benchmarks", "",
         f"`{'nice -n 10 ' if not args.quick else ''}python benchmarks/run_all.py{' --quick' if args.quick else ''}"
         f"{' --only ' + args.only if args.only else ''}`, started {started}.", "",
         f"Machine: {os.cpu_count()} cores, {memory_gb():.1f} GB memory, {platform.platform()}, Python "
         f"{platform.python_version()}; {versions()}.", "",
         "The machine is shared with three other engineers: every figure below was measured under the load "
         "average shown beside it (2 cores: a load of 2 means the cores were already busy).", "",
         "| scenario | figure (as the benchmark printed it) | benchmark wall s | peak RSS MB | load before → after |",
         "|---|---|---:|---:|---|"]
    for b, r in results:
        status = "" if r["code"] == 0 else f" (exit {r['code']})"
        for label, line in quote(b, r):
            L.append(f"| {label} | `{line.replace('|', '/')}` | {r['seconds']:.{2 if r['seconds'] < 10 else 0}f}{status} | {r['peak_mb'] or '?'} | "
                     f"{r['load_before']:.2f} → {r['load_after']:.2f} |")
    L += ["", "## The batch (bench_batch.py)", ""] + batch_section(tmp / "batch.json")
    L += ["", "## Full output of each benchmark", ""]
    for b, r in results:
        L += [f"<details><summary>{b.name}: {' '.join(Path(a).name if a == EXE else a for a in b.argv)}</summary>",
              "", "```", (r["out"] + r["err"]).strip()[-6000:], "```", "</details>", ""]
    args.output.write_text("\n".join(L) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
