"""The user's own series in Chromium: a semicolon CSV (decimal comma, BOM: what Vietnamese-locale Excel saves)
uploaded with a display name and kind is stored; after a reload of the page's link (?series=<id>) it is in
#series-list and selected. Marked `ui`; fixtures from test_app_ui (server: conftest)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboards.i18n import t
from tests.browser import CHROMIUM
from tests.dashboards.test_app_ui import browser, open_app, page  # noqa: F401 - fixtures (server: conftest)
from tests.dashboards.test_indicators_series import province_csv

pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")]

NAME = "IIP <b>Bình Dương</b>"


def test_an_uploaded_series_is_found_again_after_a_reload(page, server):
    open_app(page, server)
    page.get_by_role("button", name="Chỉ tiêu tháng").click()
    page.locator("#series-list").wait_for(timeout=60_000)
    name = page.locator("#series-name-input input")
    name.fill(NAME)
    name.press("Enter")
    page.locator("#series-kind-select select").select_option(label=t("kind_index", "vi"))
    page.locator("#series-province-input input").fill("Bình Dương")
    page.locator("#series-province-input input").press("Enter")
    page.locator("#series-upload input[type=file]").set_input_files(
        files=[{"name": "iip tỉnh.csv", "mimeType": "text/csv", "buffer": province_csv()}])
    page.locator("#upload-ok").get_by_text(NAME).wait_for(timeout=90_000)
    page.wait_for_function("() => /[?&]series=[0-9a-f]{12}/.test(window.location.search)", timeout=10_000)
    sid = re.search(r"series=([0-9a-f]{12})", page.url).group(1)
    assert "view=indicators" in page.url

    page.goto(page.url)                                          # a reload of the link
    listed = page.locator(f"#series-list li[data-series='{sid}']")
    listed.wait_for(timeout=60_000)
    assert NAME in listed.locator(".series-name").inner_text()   # shown as text, not bold markup
    assert listed.locator("b").count() == 0
    assert t("kind_index", "vi") in listed.inner_text()
    picked = page.locator("select").filter(has_text=NAME).first
    assert picked.evaluate("s => s.options[s.selectedIndex].text") == f"{NAME} (Bình Dương)"
    page.locator("#indicator-probability").count()               # the view rendered without an error
    assert page.errors == []
