"""The web app in a real browser: Playwright driving Debian's Chromium against `growthsim serve`.

Marked `ui`; skipped (with the reason) only when /usr/bin/chromium is absent. One server per module,
on a free port, with a temporary scenario library; stopped at the end.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    ctx.close()


def open_app(page, url, query=""):
    page.goto(url + query)
    page.locator("#gdp-growth").wait_for()
    return page


def number(text: str) -> float:
    """'8,05%' or '8.05%' or '<1%' -> float."""
    return float(text.strip().lstrip("<>").rstrip("%").replace(",", "."))


def drag_handle(page, key: str, dx: float, prefix: str = "slider-") -> None:
    handle = page.locator(f"#{prefix}{key}").locator(".noUi-handle").last
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=8)
    page.mouse.up()


def test_page_loads_without_console_errors(page, server):
    open_app(page, server)
    for hook in ("#probability-reach", "#verdict", "#slider-industry", "#slider-electricity"):
        assert page.locator(hook).count() == 1, hook
    time.sleep(0.5)
    assert page.errors == []


def test_raising_industry_raises_growth_and_probability(page, server):
    open_app(page, server)
    g0 = number(page.locator("#gdp-growth").inner_text())
    p0 = number(page.locator("#probability-reach").inner_text())
    drag_handle(page, "industry", 12)
    deadline = time.time() + 15
    while number(page.locator("#gdp-growth").inner_text()) == g0 and time.time() < deadline:
        time.sleep(0.05)
    assert number(page.locator("#gdp-growth").inner_text()) > g0
    assert number(page.locator("#probability-reach").inner_text()) > p0
    page.wait_for_url(lambda url: _linked_industry(url) not in (None, (10.0, 12.0)))   # the link holds it
    low, high = _linked_industry(page.url)
    assert high > 12.0
    assert page.errors == []


def _linked_industry(url: str) -> tuple[float, float] | None:
    """The industry range of the scenario in a link's `sc` parameter (None: no such parameter)."""
    from urllib.parse import parse_qs, urlparse

    from dashboards.state import scenario_from_link

    sc = parse_qs(urlparse(url).query).get("sc")
    if not sc:
        return None
    return scenario_from_link(sc[0]).growth["industry"].bounds


def test_saved_scenario_is_in_the_library_after_reload(page, server):
    open_app(page, server)
    name = "Thử <b>lưu</b> 2025"
    box = page.get_by_label("Tên kịch bản")
    box.fill(name)
    box.press("Enter")
    page.get_by_role("button", name="Lưu vào thư viện").click()
    page.get_by_text(f"Đã lưu kịch bản: {name}").wait_for()
    page.reload()
    page.locator("#gdp-growth").wait_for()
    page.get_by_role("button", name="Thư viện kịch bản").click()
    page.locator("#library-table").get_by_text(name, exact=True).wait_for()
    assert page.errors == []


def test_exported_xlsx_is_the_cli_report(page, server, tmp_path):
    open_app(page, server)
    with page.expect_download() as d:
        page.get_by_role("button", name="Tải tệp kịch bản (.toml)").click()
    toml = tmp_path / "scenario.toml"
    d.value.save_as(toml)
    with page.expect_download() as d:
        page.get_by_role("button", name="Tải báo cáo Excel (.xlsx)").click()
    ours = tmp_path / "app.xlsx"
    d.value.save_as(ours)
    cli = tmp_path / "cli.xlsx"
    subprocess.run([sys.executable, "-m", "dashboards.cli", "scenario", "run", str(toml), "--format", "xlsx",
                    "--output", str(cli)], cwd=REPO, check=True)
    a, b = pd.read_excel(ours, sheet_name=None), pd.read_excel(cli, sheet_name=None)
    assert a.keys() == b.keys()
    for sheet in b:
        pd.testing.assert_frame_equal(a[sheet], b[sheet])
    assert a["gdp"].iloc[0, 0]                              # the scenario's name heads each row


def test_language_toggle_changes_labels_and_decimal_marks(page, server):
    open_app(page, server)
    vi = page.locator("#gdp-growth").inner_text()
    assert "," in vi and "." not in vi
    page.get_by_text("Xác suất đạt mục tiêu").wait_for()
    page.get_by_role("button", name="English").click()
    page.get_by_text("Probability of reaching the target").wait_for()
    en = page.locator("#gdp-growth").inner_text()
    assert "." in en and "," not in en and number(en) == number(vi)
    page.wait_for_url("**lang=en**")                         # the link keeps the language
    assert page.errors == []


def test_malformed_link_shows_defaults_and_a_notice(page, server):
    open_app(page, server, "?s=industry:abc&t=8")
    page.get_by_text("Liên kết không hợp lệ").wait_for()
    assert page.errors == []
