"""The Indicators view's tracking panel shows the numbers of `growthsim forecast track` (one function:
`forecast.track.track`), for store series, a typed year to date and an uploaded series."""
from __future__ import annotations

import re

import pytest

from dashboards.i18n import fmt_number, fmt_pct, fmt_prob, t
from dashboards.indicators_view import IndicatorsView
from dashboards.state import ScenarioState
from forecast.data.api import load
from tests.conftest import growthsim_json


def cli_track(*args: str) -> dict:
    """`forecast track` with the view's number of paths (the default, 2000) and seed."""
    (result,) = growthsim_json("forecast", "track", *args)
    return result


@pytest.fixture(scope="module")
def view() -> IndicatorsView:
    return IndicatorsView(state=ScenarioState(compute=False, lang="en"), root=None)


def shown(html: str, hid: str) -> str:
    return re.search(rf"id='{hid}'>([^<]+)<", html).group(1)


def panel_html(view, sid, year, kind, text, **kw) -> str:
    panel = view.target_html(sid, view.history(sid), year, kind, text, "mean", "en", **kw)
    return "".join(str(getattr(o, "object", "")) for o in panel.objects)


def assert_panel_shows(html: str, cli: dict) -> None:
    assert shown(html, "track-ytd") == fmt_pct(cli["ytd_growth_pct"], "en", 2, sign=True)
    assert shown(html, "track-ytd-source") == t(f"ytd_source_{cli['ytd_source']}", "en")
    need = fmt_pct(cli["required_remaining_pct"], "en", 1, sign=True)
    if "required_remaining_pct_high" in cli:
        need += f" – {fmt_pct(cli['required_remaining_pct_high'], 'en', 1, sign=True)}"
    assert shown(html, "track-required") == need
    assert shown(html, "track-percentile") == fmt_number(cli["required_percentile"], "en", 1)
    assert shown(html, "track-probability") == fmt_prob(cli["probability_reach"], "en")


def test_the_panel_shows_the_cli_numbers_for_a_growth_target(view):
    cli = cli_track("iip", "--year", "2025", "--target", "9")
    html = panel_html(view, "iip", 2025, "growth", "9")
    assert cli["ytd_source"] == "published"
    assert_panel_shows(html, cli)
    assert "id='indicator-probability'" in html         # the annual outlook's figure stays


def test_the_panel_shows_the_cli_numbers_for_a_typed_year_to_date_and_a_range(view):
    cli = cli_track("iip", "--year", "2025", "--ytd", "8.4", "--through", "2025-11", "--target", "9-10")
    html = panel_html(view, "iip", 2025, "range", "9", target_high="10", ytd_text="8.4", through="2025-11")
    assert cli["ytd_source"] == "typed"
    assert_panel_shows(html, cli)
    assert shown(html, "track-probability-range") == fmt_prob(cli["probability_in_range"], "en")


def test_the_panel_tracks_an_uploaded_series(view, tmp_path):
    df = load("exports", end="2024-08")[["series", "period", "value"]].assign(series="my_exports")
    path = tmp_path / "mine.csv"
    df.to_csv(path, index=False)
    view.upload.value = path.read_bytes()                # the upload widget's own path into the view
    sid = view.selected_series                          # the id it is kept under
    assert view.uploaded[sid].series_id == "my_exports"
    cli = cli_track("my_exports", "--input", str(path), "--year", "2024", "--target", "14")
    html = panel_html(view, sid, 2024, "growth", "14")
    assert cli["ytd_source"] == "levels" and cli["through"] == "2024-08"
    assert_panel_shows(html, cli)


def test_a_wrong_typed_figure_and_a_wrong_month_are_said_in_the_panel(view):
    html = panel_html(view, "iip", 2025, "growth", "9", ytd_text="8,4x", through="2025-11")
    assert "id=\"track-error\"" in html or "id='track-error'" in html
    html = panel_html(view, "iip", 2025, "growth", "9", ytd_text="8.4", through="2025-02")   # published: 7.24
    assert "class='track-warning'" in html and "--ytd" in html
