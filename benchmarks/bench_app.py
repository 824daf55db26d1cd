"""How fast the app answers a slider move (issue 5: server p95 <= 50 ms, browser round trip p95 <= 200 ms).

    python benchmarks/bench_app.py [--data STORE] [--moves 40] [--no-browser] [--plan-moves N]

1. Server side: one session's App built in-process and rendered to Bokeh models (as a server does),
   then `--moves` releases of the industry slider, each to a new value (no result cache hit): the time
   from setting `value_throttled` to the last watcher returning, i.e. scenario engine (100,000 draws)
   plus every view update. The scenario engine alone (`scenarios.runner.run`) is timed beside it.
2. Browser round trip: `growthsim serve` on a free port, Debian's Chromium via Playwright; the mouse
   drags the industry slider's handle and releases it; in the page, a capture listener stamps the
   pointerup and a MutationObserver on the headline stamps the first change after it. Skipped when
   /usr/bin/chromium is absent.
3. With `--plan-moves N`: the Plan view's services slider released N times (the chain 2025-2030 rerun).
Prints the figures; asserts nothing.
"""
from __future__ import annotations

import sys

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: tests/browser.py (not shipped)
from tests.browser import CHROMIUM, CHROMIUM_ARGS, local_server


def pct(xs) -> str:
    a = np.asarray(xs, dtype=float)
    return f"p50 {np.percentile(a, 50):6.1f} ms   p95 {np.percentile(a, 95):6.1f} ms   max {a.max():6.1f} ms   (n={a.size})"


def server_side(root: str | None, moves: int) -> None:
    import param
    from bokeh.document import Document

    from dashboards.app import App
    from dashboards.library import Library
    from scenarios.runner import run

    app = App(query={}, library=Library(Path(tempfile.mkdtemp()) / "lib.sqlite"), root=root)
    doc = Document()
    root_model = app.__panel__().get_root(doc)
    doc.add_root(root_model)
    slider = app.scenario.sliders["industry"]
    draws = app.state.result.draws
    update, engine = [], []
    for i in range(moves):
        value = (10.0, 12.0 + 0.05 * (i + 1))
        t0 = time.perf_counter()
        with param.edit_constant(slider):
            slider.value_throttled = value
        update.append((time.perf_counter() - t0) * 1e3)
        assert app.state.error == "", app.state.error
        sc = app.state.scenario().with_growth(industry=[10.0, 12.0 + 0.05 * (i + 1) + 0.01])
        t0 = time.perf_counter()
        run(sc, draws=draws, seed=app.state.seed, root=root)
        engine.append((time.perf_counter() - t0) * 1e3)
    print(f"server-side update, slider release -> all views updated ({draws:,} draws)")
    print("  " + pct(update))
    print("  scenario engine alone (scenarios.runner.run):")
    print("  " + pct(engine))


def plan_side(root: str | None, moves: int) -> None:
    """The Plan view (issue 10): `moves` releases of its services slider, each to a new value: the
    whole chain 2025-2030 rerun (`scenarios.plan.run_plan`, 100,000 draws) plus every view update."""
    import param
    from bokeh.document import Document

    from dashboards.app import App
    from dashboards.library import Library

    app = App(query={"view": "plan"}, library=Library(Path(tempfile.mkdtemp()) / "lib.sqlite"), root=root)
    doc = Document()
    doc.add_root(app.__panel__().get_root(doc))
    view = app.plan
    slider = view.slider_set.sliders["services"]
    times = []
    for i in range(moves):
        t0 = time.perf_counter()
        with param.edit_constant(slider):
            slider.value_throttled = (8.0, 9.5 + 0.05 * (i + 1))
        times.append((time.perf_counter() - t0) * 1e3)
        assert view.state.error == "", view.state.error
    print(f"Plan view, slider release -> all views updated (2025-2030 chain, {view.state.result.draws:,} draws)")
    print("  " + pct(times))



OBSERVE = """(el) => {
  const root = el.getRootNode();
  window.__gs = {up: null, done: []};
  window.addEventListener('pointerup', () => { window.__gs.up = performance.now(); }, true);
  new MutationObserver(() => {
    if (window.__gs.up !== null) { window.__gs.done.push(performance.now() - window.__gs.up); window.__gs.up = null; }
  }).observe(root, {subtree: true, childList: true, characterData: true});
}"""


def browser_round_trip(data: str | None, moves: int) -> None:
    if not Path(CHROMIUM).exists():
        print(f"browser round trip: skipped ({CHROMIUM} not found)")
        return
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp())
    with local_server(tmp / "lib.sqlite", data=data) as url:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = b.new_page(viewport={"width": 1400, "height": 1100})
            t0 = time.perf_counter()
            page.goto(url)
            page.locator("#gdp-growth").wait_for(timeout=60_000)
            ready = time.perf_counter() - t0
            page.evaluate(OBSERVE, page.locator("#gdp-growth").element_handle())
            handle = page.locator("#slider-industry").locator(".noUi-handle").last
            trips = []
            for i in range(moves):
                box = handle.bounding_box()
                x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                dx = 3 if i % 2 == 0 else -2          # ~0.5 pp, a new value each time
                page.mouse.move(x, y)
                page.mouse.down()
                page.mouse.move(x + dx, y, steps=3)
                n = page.evaluate("window.__gs.done.length")
                page.mouse.up()
                end = time.time() + 10
                while page.evaluate("window.__gs.done.length") == n and time.time() < end:
                    time.sleep(0.01)
                done = page.evaluate("window.__gs.done")
                if len(done) > n:
                    trips.append(done[-1])
                time.sleep(0.05)
            b.close()
        print(f"browser: page ready (headline shown) in {ready:.2f} s")
        print("browser round trip, slider released -> headline changed in the page")
        print("  " + pct(trips) if trips else "  no update observed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help="store directory (default: the repository's data/)")
    ap.add_argument("--moves", type=int, default=40)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--plan-moves", type=int, default=0, help="also time the Plan view's slider (each ~1 s)")
    args = ap.parse_args()
    if args.data:
        os.environ["GROWTHSIM_DATA"] = args.data
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    server_side(args.data, args.moves)
    if args.plan_moves:
        plan_side(args.data, args.plan_moves)
    if not args.no_browser:
        browser_round_trip(args.data, args.moves)


if __name__ == "__main__":
    main()
