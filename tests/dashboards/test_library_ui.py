"""Issue 12: with a corrupt scenario library the page is not blank (a real browser against `growthsim
serve`). Marked `ui`; skipped (with the reason) only when /usr/bin/chromium is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboards.i18n import t
from tests.browser import CHROMIUM, CHROMIUM_ARGS, ServerDidNotStart, local_server

pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")]


def test_page_is_not_blank_with_a_corrupt_library(tmp_path):
    from playwright.sync_api import sync_playwright

    lib = tmp_path / "library.sqlite"
    lib.write_bytes(b"not a database\n" * 1000)
    try:
        with local_server(lib) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1100})
                page.set_default_timeout(30_000)
                page.goto(url + "?lang=en")
                page.locator("#gdp-growth").wait_for()            # the scenario view rendered
                assert page.locator("#probability-reach").count() == 1
                notice = page.locator(".library-notice").first
                notice.wait_for()
                assert notice.inner_text().strip() == t("library_corrupt", "en")
                page.goto(url + "?lang=vi&view=library")
                page.locator(".library-notice").first.wait_for()
                assert t("library_corrupt", "vi") in page.locator(".library-notice").first.inner_text()
            finally:
                browser.close()
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))
    assert "Traceback" not in (tmp_path / "serve.log").read_text(errors="replace")
