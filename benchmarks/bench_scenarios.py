"""Scenario engine speed: prints the figures (no pass/fail; the targets are in issue 4).

    python benchmarks/bench_scenarios.py

Targets: one scenario with 100,000 draws <= 20 ms after data load; a sweep of 1,000 grid points <= 2 s.
Wall time is the best of several repeats (the machine may be shared); CPU time is the process's.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import scenarios  # noqa: E402
from scenarios.runner import prepare  # noqa: E402
from scenarios.sweep import run_sweep  # noqa: E402

EXAMPLE = REPO / "examples" / "scenarios" / "2025_target_8pct.toml"


def timed(fn, repeat: int) -> tuple[float, float, float]:
    """(best wall, median wall, median CPU) in seconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    walls.sort(), cpus.sort()
    return walls[0], walls[len(walls) // 2], cpus[len(cpus) // 2]


def main() -> None:
    sc = scenarios.load(EXAMPLE)
    t0 = time.perf_counter()
    prepare(sc, 10)                                   # data load: store, base data, correlations
    load_s = time.perf_counter() - t0
    res = scenarios.run(sc)
    print(f"baseline: {res.baseline}")
    print(f"data load (store, base year, history, correlations): {load_s * 1000:.0f} ms")

    seeds = iter(range(10_000))
    cold = timed(lambda: scenarios.run(sc, draws=100_000, seed=next(seeds)), 15)
    print(f"one scenario, 100,000 draws, new seed (baseline draws made too): "
          f"best {cold[0] * 1000:.1f} ms, median {cold[1] * 1000:.1f} ms wall, {cold[2] * 1000:.1f} ms CPU")
    warm = timed(lambda: scenarios.run(sc, draws=100_000, seed=1), 15)
    print(f"one scenario, 100,000 draws, same seed (a slider move; baseline draws cached): "
          f"best {warm[0] * 1000:.1f} ms, median {warm[1] * 1000:.1f} ms wall, {warm[2] * 1000:.1f} ms CPU")

    grid = ["industry=8:12.95:0.05", "services=6:9:0.3"]     # 100 x 11 = 1,100 points
    rows = len(run_sweep(sc, grid, draws=100_000, seed=2))
    sw = timed(lambda: run_sweep(sc, grid, draws=100_000, seed=3), 5)
    print(f"sweep of {rows:,} grid points, 100,000 draws: best {sw[0]:.3f} s, median {sw[1]:.3f} s wall, "
          f"{sw[2]:.3f} s CPU")
    print(f"example: P(GDP >= {sc.target}%) = {res.probability_reach:.3f}, "
          f"GDP growth mean {res.gdp_growth['mean']:.2f}% (p5 {res.gdp_growth['p5']:.2f}, "
          f"p95 {res.gdp_growth['p95']:.2f}), required industry {res.required['industry']:.2f}%")


if __name__ == "__main__":
    main()
