"""Fault tests of the store, each in a subprocess: SIGKILL during an import, a full disk, a read-only store.

After every fault the next command must find the old store or the new one, byte for byte (tree
hashes), never a mix, and no temporary file may be left behind.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from forecast.data.store import JOURNAL, Store
from tests.conftest import REPO, growthsim_command, tree_hash
from tests.forecast.data.store_kill import forged_gdp_sdmx


@pytest.fixture(scope="module")
def stores(gso, full_store, tmp_path_factory):
    """(old store, new store, the file that turns old into new): a GDP SDMX file with revised values."""
    base = tmp_path_factory.mktemp("faults")
    new_file = forged_gdp_sdmx(gso / "sdmx" / "GDPVNM.xml", base / "GDPVNM.xml", "2025-03-01T00:00:00Z", 1.01)
    old = base / "old"
    shutil.copytree(full_store, old)
    new = base / "new"
    shutil.copytree(full_store, new)
    out = run(["--data", str(new), "data", "import", str(new_file)])
    assert out.returncode == 0, out.stderr
    # the import changes several files: the two GDP families, the revision log and the catalog
    changed = {k for k, v in tree_hash(new).items() if tree_hash(old).get(k) != v}
    assert {"observations/gdp_real.csv", "observations/gdp_nominal.csv", "revisions.csv", "catalog.csv"} <= changed
    return old, new, new_file


def run(args: list[str], env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    e = {**os.environ, **(env or {})}
    return subprocess.run(growthsim_command() + args, capture_output=True, text=True, env=e, timeout=300, **kw)


def copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


@pytest.mark.parametrize("point", ["replace:1", "replace:3", "stage:1", "journal:1", "unjournal:1"])
def test_sigkill_during_import_gives_old_or_new_store(stores, tmp_path, point):
    old, new, new_file = stores
    root = copy(old, tmp_path / "s")
    out = run(["--data", str(root), "data", "import", str(new_file)], env={"GROWTHSIM_TEST_KILL_AT": point})
    assert out.returncode == -9, (out.returncode, out.stderr)  # it really was killed there
    if point.startswith(("replace", "unjournal")):
        assert (root / JOURNAL).exists()  # decided: the next command rolls forward
    listing = run(["--data", str(root), "data", "list", "--family", "gdp_real"])
    assert listing.returncode == 0, listing.stderr
    h = tree_hash(root)
    want = tree_hash(new) if point.startswith(("replace", "unjournal")) else tree_hash(old)
    assert h == want, sorted(k for k in set(h) | set(want) if h.get(k) != want.get(k))
    assert not Store(root).orphans() and not (root / JOURNAL).exists()


def test_random_sigkills_never_leave_a_mixed_store(stores, tmp_path):
    old, new, _ = stores
    n = int(os.environ.get("GROWTHSIM_FAULT_KILLS", "8"))
    out = subprocess.run([sys.executable, "-m", "tests.forecast.data.store_kill", str(old), str(new),
                          str(tmp_path), str(n), "12"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout.strip().splitlines()[-1])
    assert counts["kills"] == n and counts["mixed"] == 0, counts
    assert counts["old"] + counts["new"] == n


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", str(path)], capture_output=True)


SIMULATE = """
import errno, os, sys, tempfile
real = tempfile.mkstemp
def failing(*a, **k):
    raise OSError(errno.{code}, os.strerror(errno.{code}))
tempfile.mkstemp = failing
from dashboards.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _import_with_fault(root: Path, new_file: Path, code: str) -> subprocess.CompletedProcess:
    """An import where creating a file fails with errno `code` (when no real mount can be made)."""
    return subprocess.run([sys.executable, "-c", SIMULATE.format(code=code), "--data", str(root), "data", "import",
                           str(new_file)], cwd=REPO, capture_output=True, text=True, timeout=300)


def _one_line(err: str) -> str:
    lines = [l for l in err.strip().splitlines() if l.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_full_disk_leaves_the_store_as_it_was(stores, tmp_path):
    old, new, new_file = stores
    mnt = tmp_path / "disk"
    size = sum(p.stat().st_size for p in old.rglob("*") if p.is_file())
    if _mount_tmpfs(mnt, str(size + 600_000)):  # room for the store and not for the new files
        try:
            root = copy(old, mnt / "s")
            out = run(["--data", str(root), "data", "import", str(new_file)])
            assert out.returncode == 2
            assert "disk is full" in _one_line(out.stderr)
            assert tree_hash(root) == tree_hash(old) and not Store(root).orphans()
            # with room again, the same import works
            subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
            assert run(["--data", str(root), "data", "import", str(new_file)]).returncode == 0
            assert tree_hash(root) == tree_hash(new)
        finally:
            _umount(mnt)
    else:
        _simulated_fault_is_one_line(old, new_file, tmp_path, "ENOSPC", "disk is full")


def _simulated_fault_is_one_line(old, new_file, tmp_path, errno_name: str, words: str) -> None:
    """Where no tmpfs can be mounted: the import fails with `errno_name` raised inside the store's
    writes; one line naming the problem, exit 2, store byte-identical."""
    root = copy(old, tmp_path / "s")
    out = _import_with_fault(root, new_file, errno_name)
    assert out.returncode == 2 and words in _one_line(out.stderr)
    assert tree_hash(root) == tree_hash(old)


def test_read_only_store_gives_one_line_and_still_reads(stores, tmp_path):
    old, _, new_file = stores
    mnt = tmp_path / "ro"
    if _mount_tmpfs(mnt, "64m"):
        try:
            root = copy(old, mnt / "s")
            subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
            out = run(["--data", str(root), "data", "import", str(new_file)])
            assert out.returncode == 2
            assert "read-only" in _one_line(out.stderr)
            assert tree_hash(root) == tree_hash(old)
            assert run(["--data", str(root), "data", "list", "--family", "cpi"]).returncode == 0
        finally:
            _umount(mnt)
    else:
        _simulated_fault_is_one_line(old, new_file, tmp_path, "EROFS", "read-only")


def test_orphans_of_a_dead_writer_are_removed_by_the_next_command(stores, tmp_path):
    old, _, _ = stores
    root = copy(old, tmp_path / "s")
    (root / ".tmp-dead1").write_bytes(b"x" * 1000)
    (root / "observations" / ".tmp-dead2").write_bytes(b"y")
    out = run(["--data", str(root), "data", "list", "--family", "cpi"])
    assert out.returncode == 0
    assert tree_hash(root) == tree_hash(old)


def test_a_forged_journal_cannot_reach_outside_the_store(stores, tmp_path):
    old, _, _ = stores
    root = copy(old, tmp_path / "s")
    (root / JOURNAL).write_text(json.dumps({"version": 1, "replace": [[".tmp-x", "../../etc/owned"]], "delete": []}))
    out = run(["--data", str(root), "data", "list"])
    assert out.returncode == 2 and "outside the store" in _one_line(out.stderr)
