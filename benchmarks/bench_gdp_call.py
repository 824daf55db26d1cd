"""How long `growthsim gdp call` takes (issue 9: a cached call <= 0.5 s).

    python benchmarks/bench_gdp_call.py [--year 2025] [--repeat 5]

1. Cold: `forecast.gdp.call.gdp_call(year, use_cache=False)` (the call, plus one simulation per series
   with news since the month before; the engine's indicator forecasts as cached on disk).
2. Cached, in a fresh process: the imports, then the first and a repeated `gdp_call` (one JSON file read).
3. The whole command, `growthsim gdp call --year Y --format json`, wall clock, beside `growthsim --help`
   (the start-up every command pays).
4. The whole baseline refit (issue 9: <= 60 s): `forecast.gdp.baseline.sector_growth_draws(year, 100_000)`
   in a fresh process with an empty disk cache (the engine's indicator forecasts, the bridge, the factor
   model's EM, the draws), then again from the cache.
Prints the figures and the load average; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE = str(Path(sys.executable).with_name("growthsim"))


def wall(argv: list[str], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    from forecast.gdp.call import gdp_call

    t0 = time.perf_counter()
    gdp_call(args.year, use_cache=False)
    print(f"cold call (no call cache): {time.perf_counter() - t0:.2f} s")
    gdp_call(args.year)                      # make sure the entry exists
    code = ("import time; t0 = time.perf_counter(); from forecast.gdp.call import gdp_call; t1 = time.perf_counter(); "
            f"gdp_call({args.year}); t2 = time.perf_counter(); gdp_call({args.year}); t3 = time.perf_counter(); "
            "print(f'{t1 - t0:.3f} {t2 - t1:.4f} {t3 - t2:.4f}')")
    imp, first, again = (float(x) for x in subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                                          text=True).stdout.split())
    print(f"cached, fresh process: imports {imp:.3f} s, first call {first * 1e3:.1f} ms, repeated {again * 1e3:.2f} ms")
    cmd = wall([EXE, "gdp", "call", "--year", str(args.year), "--format", "json"], args.repeat)
    hlp = wall([EXE, "--help"], args.repeat)
    print(f"growthsim gdp call (cached), wall clock: median {sorted(cmd)[len(cmd) // 2]:.2f} s; "
          f"growthsim --help: median {sorted(hlp)[len(hlp) // 2]:.2f} s (n={args.repeat})")
    code = ("import time; from forecast.gdp.baseline import sector_growth_draws as d; t0 = time.perf_counter(); "
            f"d({args.year}, 100_000, 1); t1 = time.perf_counter(); d({args.year}, 100_000, 1); "
            "t2 = time.perf_counter(); print(f'{t1 - t0:.2f} {t2 - t1:.3f}')")
    with tempfile.TemporaryDirectory() as empty:
        cold, warm = (float(x) for x in subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                                       text=True, env={**os.environ, "GROWTHSIM_CACHE": empty}
                                                       ).stdout.split())
    print(f"baseline refit, empty cache, 100,000 draws: {cold:.1f} s; from the cache {warm:.3f} s")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
