"""Kill store writes at random moments and classify what the next reader finds (old, new or mixed).

Used by tests/forecast/data/test_store_faults.py (a few kills) and scripts/fuzz_store.py (many).
Run as ``python -m tests.forecast.data.store_kill OLD NEW WORK N SEED``: copies the store OLD to
WORK, forks a child that writes NEW's content over it (``Store.write``, the import's last step)
and SIGKILLs it after a random delay within about the measured write time; then the store is
opened again (which completes a journal or removes orphans) and its tree hash compared with
OLD's and NEW's. Prints one JSON line of counts.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path

from forecast.data.store import JOURNAL, Store
from tests.conftest import tree_hash


def forged_gdp_sdmx(real: Path, out: Path, prepared: str, scale: float = 1.0) -> Path:
    """A copy of GSO's GDPVNM.xml with another Prepared date and every OBS_VALUE times `scale`."""
    import re

    text = real.read_text(encoding="utf-8")
    text = re.sub(r"<message:Prepared>[^<]*</message:Prepared>", f"<message:Prepared>{prepared}</message:Prepared>", text)
    if scale != 1.0:
        text = re.sub(r'OBS_VALUE="([-0-9.eE]+)"', lambda m: f'OBS_VALUE="{float(m.group(1)) * scale:.10g}"', text)
    out.write_text(text, encoding="utf-8")
    return out


def random_kills(old: Path, new: Path, work: Path, n: int, seed: int) -> dict:
    """`n` writes of NEW over copies of OLD, each SIGKILLed at a random moment; counts of outcomes."""
    content = Store(new).read()
    content.extra_files = {}
    old_h, new_h = tree_hash(old), tree_hash(new)
    rng = random.Random(seed)
    probe = work / "probe"
    shutil.copytree(old, probe)
    t0 = time.perf_counter()
    Store(probe).write(content)
    write_s = time.perf_counter() - t0
    if tree_hash(probe) != new_h:
        raise SystemExit("writing NEW's content does not reproduce NEW's bytes")
    counts = {"kills": 0, "old": 0, "new": 0, "mixed": 0, "journal_found": 0, "orphans_found": 0,
              "write_s": round(write_s, 3)}
    for i in range(n):
        root = work / f"k{i}"
        shutil.copytree(old, root)
        pid = os.fork()
        if pid == 0:  # child: the write, then exit without cleanup handlers
            try:
                Store(root).write(content)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, write_s * 1.3))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        counts["kills"] += 1
        st = Store(root)
        counts["journal_found"] += int((root / JOURNAL).exists())
        counts["orphans_found"] += int(bool(st.orphans()))
        st.read_catalog()  # the next command: completes a journal or removes orphans
        h = tree_hash(root)
        counts["old" if h == old_h else "new" if h == new_h else "mixed"] += 1
        shutil.rmtree(root)
    return counts


if __name__ == "__main__":
    old, new, work, n, seed = sys.argv[1:6]
    print(json.dumps(random_kills(Path(old), Path(new), Path(work), int(n), int(seed))))
