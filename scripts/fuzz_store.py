#!/usr/bin/env python3
"""Fuzz the store's readers and kill its writes: ``.venv/bin/python scripts/fuzz_store.py [--cases N] [--kills K]``.

Targets (tests/forecast/data/fuzz_targets.py): mutated real SDMX files (GDPVNM, METVNM) through the
importer's SDMX path and checks; mutated sheets of the 2024-12 release (loaded once) through every
release parser. Then K imports' writes SIGKILLed at random moments (tests/forecast/data/store_kill.py).
Prints counts: parsed / refused / uncaught per target, old / new / mixed stores after the kills.
Targets of the scenario and CLI fuzzing live in scripts/fuzz (another engineer's).
"""
from __future__ import annotations

import argparse
import collections
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def fuzz(target, n: int) -> dict:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    counts: collections.Counter = collections.Counter()

    @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def run(data):
        counts[target(data)] += 1

    t0 = time.perf_counter()
    try:
        run()
    except Exception as exc:  # hypothesis re-raises the shrunk failure: a bug
        counts["uncaught"] += 1
        counts["first_uncaught"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    counts["seconds"] = round(time.perf_counter() - t0, 1)
    return dict(counts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--kills", type=int, default=50)
    args = ap.parse_args()
    from forecast.data.store import Store
    from tests.conftest import gso_dir
    from tests.forecast.data.fuzz_targets import release_book, release_case, sdmx_case
    from tests.forecast.data.store_kill import forged_gdp_sdmx

    gso = gso_dir()
    book = release_book(str(sorted((gso / "monthly-releases").glob("2024-12-*.xlsx"))[0]))
    context = Store(REPO / "data").read_latest()
    out = {"sdmx": fuzz(lambda d: sdmx_case(d, gso), args.cases),
           "release_sheets": fuzz(lambda d: release_case(d, book, context), args.cases)}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        old, new = tmp / "old", tmp / "new"
        shutil.copytree(REPO / "data", old)
        shutil.copytree(REPO / "data", new)
        from forecast.data.build import import_files
        import_files([forged_gdp_sdmx(gso / "sdmx" / "GDPVNM.xml", tmp / "GDPVNM.xml", "2025-03-01T00:00:00Z", 1.01)],
                     root=new)
        import subprocess
        work = tmp / "work"
        work.mkdir()
        res = subprocess.run([sys.executable, "-m", "tests.forecast.data.store_kill", str(old), str(new), str(work),
                              str(args.kills), "2026"], cwd=REPO, capture_output=True, text=True)
        out["kills"] = json.loads(res.stdout.strip().splitlines()[-1]) if res.returncode == 0 else {"error": res.stderr[-500:]}
    print(json.dumps(out, indent=1))
    bad = out["sdmx"].get("uncaught", 0) + out["release_sheets"].get("uncaught", 0) + out["kills"].get("mixed", 1)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
