"""The tracking panel in Chromium: a target and a typed year to date with its month give the numbers of
`growthsim forecast track` in the page (#track-ytd-input, #track-ytd-source, #track-required,
#track-probability). Marked `ui`; fixtures from test_app_ui (server: conftest)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboards.i18n import fmt_pct, fmt_prob, t
from tests.browser import CHROMIUM
from tests.conftest import growthsim_json
from tests.dashboards.test_app_ui import browser, open_app, page  # noqa: F401 - fixtures (server: conftest)

pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")]


def test_a_typed_year_to_date_in_the_page_gives_the_cli_numbers(page, server):
    (cli,) = growthsim_json("forecast", "track", "iip", "--year", "2025", "--ytd", "8.4", "--through", "2025-11",
                            "--target", "9")
    open_app(page, server)
    page.get_by_role("button", name="Chỉ tiêu tháng").click()
    box = page.get_by_placeholder("9,7")
    box.fill("9")
    box.press("Enter")
    page.locator("#track-ytd-source").wait_for(timeout=90_000)
    assert page.locator("#track-ytd-source").inner_text() == t("ytd_source_published", "vi")
    page.locator("#track-ytd-input select").select_option("2025-11")
    ytd = page.locator("#track-ytd-input input").first
    ytd.fill("8,4")
    ytd.press("Enter")
    page.locator("#track-ytd-source").get_by_text(t("ytd_source_typed", "vi")).wait_for(timeout=90_000)
    assert page.locator("#track-ytd").inner_text() == fmt_pct(cli["ytd_growth_pct"], "vi", 2, sign=True)
    assert page.locator("#track-required").inner_text() == fmt_pct(cli["required_remaining_pct"], "vi", 1, sign=True)
    assert page.locator("#track-probability").inner_text() == fmt_prob(cli["probability_reach"], "vi")
    assert page.locator("#indicator-probability").count() == 1
    assert page.errors == []
