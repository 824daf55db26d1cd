"""A running server follows `growthsim data import`: no restart, no stale numbers.

A store built from the raw GSO folder up to the 2025-01 release, in a temporary folder; the real
server (`growthsim serve`) on it; a real Chromium reads the data vintage and the scenario's numbers;
the 2025-02 release is imported into the store with the command line; then a slider move in the
open page and a new page load must both compute from the new data. Marked `ui`; skipped (with the
reason) when Chromium or the raw data are absent.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, ServerDidNotStart, local_server
from tests.conftest import require_gso
from tests.dashboards.test_app_ui import drag_handle, number

REPO = Path(__file__).resolve().parents[2]
OLD, NEW = "2025-01", "2025-02"     # the store starts at the January release; February is imported
FIT_TIMEOUT_MS = 240_000            # new data are fitted on first use (about 20 s, longer on a busy machine)
# Industry, mining, energy and taxes left to the engine's baseline, which reads the monthly indicators.
QUERY = "?lang=en&y=2025&t=8&s=agriculture:3.5,construction:8,services:7.5"
pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")]


def growthsim(*args: str) -> str:
    """Run the installed command of this environment (next to sys.executable, never from PATH)."""
    exe = Path(sys.executable).parent / "growthsim"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "dashboards.cli"]
    done = subprocess.run(cmd + list(args), cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def release(gso: Path, month: str) -> Path:
    (path,) = sorted((gso / "monthly-releases").glob(f"{month}-*.xlsx"))
    return path


def vintage_of(path: Path) -> str:
    return path.name[:10]           # release files start with their date, YYYY-MM-DD


def result_vintage(page, vintage: str, timeout: float = FIT_TIMEOUT_MS):
    """Wait until the scenario's result names data vintage `vintage` (the line under the plan)."""
    page.get_by_text(f"Data vintage {vintage} ·").wait_for(timeout=timeout)


def test_open_page_and_new_page_use_the_imported_release(tmp_path):
    from playwright.sync_api import sync_playwright

    gso = require_gso("monthly-releases")
    old, new = vintage_of(release(gso, OLD)), vintage_of(release(gso, NEW))
    store = tmp_path / "data"
    growthsim("--data", str(store), "data", "build", "--source", str(gso), "--until", OLD)
    try:
        with local_server(tmp_path / "library.sqlite", data=store, timeout=120) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.set_default_timeout(FIT_TIMEOUT_MS)
            page.goto(url + QUERY)
            page.locator("#gdp-growth").wait_for()
            assert page.locator("#data-vintage").inner_text().endswith(old)
            result_vintage(page, old)
            growth_before = page.locator("#gdp-growth").inner_text()

            out = growthsim("--data", str(store), "data", "import", str(release(gso, NEW)))
            assert NEW in out

            # the open page: the next slider move computes on the new release
            drag_handle(page, "agriculture", 12)
            result_vintage(page, new)

            # a new page: header and result name the new release, and the numbers are the new data's
            fresh = browser.new_page(viewport={"width": 1400, "height": 1100})
            fresh.set_default_timeout(FIT_TIMEOUT_MS)
            fresh.goto(url + QUERY)
            fresh.locator("#gdp-growth").wait_for()
            assert fresh.locator("#data-vintage").inner_text().endswith(new)
            result_vintage(fresh, new, timeout=30_000)
            growth_after = fresh.locator("#gdp-growth").inner_text()
            assert number(growth_after) != number(growth_before)     # the baseline reads February's indicators
            browser.close()
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))
