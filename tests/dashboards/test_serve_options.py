"""`growthsim serve --num-threads/--num-procs/--unused-session-lifetime` (issue 12, load).

A bad value is one line on stderr and exit 2 (in-process, no server started); good values reach a
real server, which then opens a websocket session and answers a slider release with a new headline
(the session callbacks then run on Panel's thread pool). No load and no timing asserts here: the
load test is benchmarks/bench_load.py. `--num-procs 2` is also checked in Chromium (marked `ui`).
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboards.cli import main
from tests.browser import CHROMIUM, CHROMIUM_ARGS, ServerDidNotStart, start_server, stop_server

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("flags, name", [
    (["--num-threads", "abc"], "--num-threads"),
    (["--num-threads", "-1"], "--num-threads"),
    (["--num-threads", "2.5"], "--num-threads"),
    (["--num-procs", "many"], "--num-procs"),
    (["--num-procs", "-3"], "--num-procs"),
    (["--unused-session-lifetime", "10"], "--unused-session-lifetime"),
    (["--unused-session-lifetime", "1e9x"], "--unused-session-lifetime"),
])
def test_bad_value_is_one_line_exit_2(capsys, flags, name):
    assert main(["serve", "--port", "1", *flags]) == 2
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    assert lines[0].startswith("growthsim: error:") and name in lines[0], lines[0]
    assert "Traceback" not in out.err and out.out == ""


@contextmanager
def _serve(tmp_path: Path, flags: list[str]):
    """(process, URL) of a `growthsim serve` with `flags`; at the end it must still be running, and
    its log (serve.log) must hold no traceback."""
    try:
        proc, url = start_server(tmp_path / "library.sqlite", flags=flags, timeout=90)
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))
    try:
        yield proc, url
        assert proc.poll() is None
    finally:
        stop_server(proc)
    assert "Traceback" not in (tmp_path / "serve.log").read_text(errors="replace")


def test_flags_reach_a_server_that_answers_a_slider_move(tmp_path):
    import panel  # noqa: F401 - Panel's models, so the client can build the document
    from bokeh.client import pull_session

    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_load import find_models, send_origin, wait_until

    flags = ["--num-threads", "2", "--num-procs", "1", "--unused-session-lifetime", "2000"]
    with _serve(tmp_path, flags) as (proc, url):
        first = (tmp_path / "serve.log").read_text().splitlines()[0]
        assert "threads 2, processes 1, idle sessions kept 2000 ms" in first, first
        send_origin(url)
        session = pull_session(url=url)
        try:
            slider, head = find_models(session.document)
            old = head.text
            slider.value = (9.0, 11.5)
            slider.lookup("value_throttled")._set(slider, None, (9.0, 11.5))
            wait_until(session, lambda: head.text != old, 60)
            assert "gdp-growth" in head.text and head.text != old
        finally:
            session.close()


@pytest.mark.ui
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not found: install Debian's chromium")
def test_num_procs_2_in_a_browser(tmp_path):
    """`growthsim serve --num-procs 2` in Chromium: two server processes share the port; pages opened in
    three browser contexts (new connections, so both processes serve some) load without console errors
    and without a request outside the server (Panel's CSS comes from it, not from its CDN, also when
    the websocket reaches the process that did not render the page), and answer a slider drag with a
    new headline."""
    from playwright.sync_api import sync_playwright

    from tests.dashboards.test_app_ui import drag_handle, number, open_app

    with _serve(tmp_path, ["--num-procs", "2", "--unused-session-lifetime", "2000"]) as (proc, url):
        first = (tmp_path / "serve.log").read_text().splitlines()[0]
        assert "processes 2" in first, first
        children = [int(c) for task in Path(f"/proc/{proc.pid}/task").iterdir()
                    for c in (task / "children").read_text().split()]
        assert len(children) == 2, children          # Bokeh forks two workers after binding the port
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for _ in range(3):
                    ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
                    page = ctx.new_page()
                    page.set_default_timeout(60_000)
                    errors = []
                    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                    page.on("pageerror", lambda e: errors.append(str(e)))
                    outside = []      # a process that did not render the page once sent CDN links
                    page.on("request", lambda r: outside.append(r.url)
                            if r.url.startswith(("http:", "https:")) and not r.url.startswith(url) else None)
                    open_app(page, url)
                    before = page.locator("#gdp-growth").inner_text()
                    drag_handle(page, "industry", 12)
                    deadline = time.time() + 30
                    while page.locator("#gdp-growth").inner_text() == before and time.time() < deadline:
                        time.sleep(0.1)
                    after = page.locator("#gdp-growth").inner_text()
                    assert number(after) > number(before), (before, after)
                    assert errors == [] and outside == [], (errors, outside)
                    time.sleep(1.0)   # the last patches sent before the page closes (else tornado
                    ctx.close()       # logs a write to a closed websocket)
            finally:
                browser.close()
