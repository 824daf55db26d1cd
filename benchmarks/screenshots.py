"""Take the README's screenshots of the app: scenario (vi, en), indicators (vi), library (vi), plan (en).

    python benchmarks/screenshots.py [--out docs/screenshots]

Starts `growthsim serve` on a free port with a temporary scenario library, drives Debian's
Chromium with Playwright, saves one PNG per view, stops the server.
"""
from __future__ import annotations

import sys

import argparse
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: tests/browser.py (not shipped)
from tests.browser import CHROMIUM, CHROMIUM_ARGS, local_server
VIEWS = {  # file name -> (URL query, element that shows the view is drawn)
    "scenario_vi.png": ("?lang=vi", "#gdp-growth"),
    "scenario_en.png": ("?lang=en", "#gdp-growth"),
    "indicators_vi.png": ("?lang=vi&view=indicators", "#ytd-table"),
    "library_vi.png": ("?lang=vi&view=library", "#library-table"),
    "plan_en.png": ("?lang=en&view=plan", "#plan-table"),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = ap.parse_args()
    with local_server(Path(tempfile.mkdtemp()) / "library.sqlite") as url:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1250})
            args.out.mkdir(parents=True, exist_ok=True)
            for name, (query, ready) in VIEWS.items():
                page.goto(url + query)
                page.locator(ready).first.wait_for(state="attached", timeout=60_000)
                page.wait_for_timeout(3000)  # charts and tables settle
                page.screenshot(path=str(args.out / name), full_page=True)
                print(f"wrote {args.out / name}")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
