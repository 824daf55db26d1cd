"""Shared fixtures: the raw GSO folder (skip when absent) and stores built from it once per run."""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]

# Hypothesis profiles. "ci" (the default, and on CI=true): few examples, no deadline, so the whole
# suite stays well under 20 minutes on 2 cores. "fuzz": scripts/fuzz, >= 1,000 cases per target.
# Choose with HYPOTHESIS_PROFILE=fuzz (tests with their own @settings(max_examples=...) keep theirs).
settings.register_profile("ci", max_examples=10, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.register_profile("fuzz", max_examples=1000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                 HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")


def growthsim_command() -> list[str]:
    """The project's own `growthsim` entry point, next to the running interpreter (never from PATH:
    a fresh machine has it only inside the clone's .venv)."""
    exe = Path(sys.executable).with_name("growthsim")
    if not exe.exists():
        pytest.fail(f"the growthsim entry point is not installed next to {sys.executable}; "
                    "run 'pip install -e .' in this environment")
    return [str(exe)]


def growthsim_json(*args: str, timeout: int = 600):
    """The JSON that `growthsim ARGS --format json` prints (the command must succeed)."""
    import json
    import subprocess

    out = subprocess.run([*growthsim_command(), *args, "--format", "json"], capture_output=True, text=True,
                         cwd=REPO, timeout=timeout)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def gso_dir() -> Path:
    """Raw GSO data: $GROWTHSIM_GSO or ../shared/data/gso beside the checkout."""
    env = os.environ.get("GROWTHSIM_GSO")
    return Path(env) if env else REPO.parent / "shared" / "data" / "gso"


def require_gso(needed: str = "sdmx") -> Path:
    """The raw GSO folder, or skip the calling test (with the reason) when `needed` is not inside it."""
    path = gso_dir()
    if not (path / needed).exists():
        pytest.skip(f"raw GSO data not found at {path} (set GROWTHSIM_GSO); this test reads {needed}")
    return path


@pytest.fixture(scope="session")
def gso() -> Path:
    return require_gso("sdmx")


@pytest.fixture(scope="session")
def full_store(gso: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from all raw data, in a temporary directory."""
    from forecast.data.build import build

    root = tmp_path_factory.mktemp("store_full")
    build(gso, root)
    return root


def tree_hash(root: Path) -> dict[str, str]:
    """sha256 of every file under `root`, by relative path: to prove a store was left byte-identical."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def assert_parse_equals_table(parsed, table, rows: int, rel_tol: float = 0.0, abs_tol: float = 1e-6) -> None:
    """A release parsed from its workbook holds exactly the `rows` observations of the raw table for
    that vintage, with the same values (|difference| <= abs_tol + rel_tol·|value|)."""
    assert len(parsed) == len(table) == rows
    merged = table.merge(parsed, on=["series", "period", "status", "unit", "item"], suffixes=("_t", "_x"))
    assert len(merged) == rows
    diff = (merged["value_t"] - merged["value_x"]).abs()
    assert (diff <= abs_tol + rel_tol * merged["value_t"].abs()).all(), diff.max()


def error_text(parse, book, error=None) -> str:
    """The message of the error `parse(book)` raises (a DataError unless `error` says otherwise)."""
    from forecast.errors import DataError

    with pytest.raises(error or DataError) as err:
        parse(book)
    return str(err.value)
