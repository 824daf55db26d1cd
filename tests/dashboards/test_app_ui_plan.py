"""The web app in Chromium on issue 10: after an error nothing stale is shown (the headline has no
number, the result downloads are disabled, the message says what to add) and the fill-from-baseline
button brings the results back; the Plan view loads and a slider moves the plan's average.

Marked `ui`; fixtures (one server with a temporary library, one Chromium) from test_app_ui.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.browser import CHROMIUM
from tests.dashboards.test_app_ui import browser, drag_handle, number, open_app, page  # noqa: F401 - fixtures (server: conftest)

pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")]


def wait_text(locator, ok, timeout: float = 20.0) -> str:
    """Poll `locator`'s text until `ok(text)`; the last text (the caller asserts on it)."""
    deadline = time.time() + timeout
    text = locator.inner_text()
    while not ok(text) and time.time() < deadline:
        time.sleep(0.05)
        text = locator.inner_text()
    return text


def set_year(page, year: int) -> None:
    box = page.get_by_label("Year", exact=True)
    box.fill(str(year))
    box.press("Enter")


def has_digit(text: str) -> bool:
    return bool(re.search(r"\d", text))


def test_an_error_leaves_no_stale_result_and_the_fill_button_recovers(page, server):
    open_app(page, server, "?lang=en")                  # 2025 with a published Q1
    headline = page.locator("#gdp-growth")
    assert has_digit(headline.inner_text())
    xlsx = page.get_by_role("button", name="Download Excel report (.xlsx)")
    csv = page.get_by_role("button", name="Download CSV")
    assert xlsx.is_enabled() and csv.is_enabled()

    set_year(page, 2026)                                # Q1 is 2025's: a 2026 scenario cannot use it
    page.locator("#error-text").get_by_text("known quarters condition only 2025").wait_for()
    for hook in ("#gdp-growth", "#probability-reach", "#verdict"):
        assert not has_digit(wait_text(page.locator(hook), lambda s: not has_digit(s))), hook
    assert "[years.2025]" in page.locator("#error-hint").inner_text()       # what to add
    assert xlsx.is_disabled() and csv.is_disabled()
    assert page.locator("#required-table").count() == 0 and page.locator("#call-quarters").count() == 0

    page.locator("#fill-years-button").get_by_role("button").click()     # fill 2025 from the baseline
    assert has_digit(wait_text(headline, has_digit))
    page.locator("#years-2025-manufacturing").locator("input").wait_for()
    assert xlsx.is_enabled() and csv.is_enabled()
    assert page.locator("#error-text").count() == 0 and page.locator("#required-table").count() == 1
    assert page.errors == []


def test_the_plan_view_loads_and_a_slider_moves_the_plan_average(page, server):
    open_app(page, server, "?lang=en")
    page.get_by_role("button", name="Plan", exact=True).click()
    avg = page.locator("#plan-average")
    a0 = number(wait_text(avg, has_digit, timeout=60))
    assert page.locator("#plan-table").locator("tbody tr").count() == 6             # 2025 (the base), 2026-2030
    assert has_digit(page.locator("#plan-probability").inner_text())
    assert page.locator("#plan-required").count() == 1
    drag_handle(page, "services", 40, prefix="plan-slider-")                         # services up, every year
    a1 = number(wait_text(avg, lambda s: has_digit(s) and number(s) != a0, timeout=30))
    assert a1 > a0
    page.wait_for_url("**view=plan**")
    assert page.errors == []
