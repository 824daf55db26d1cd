"""The Indicators view and `growthsim forecast annual` give the same annual figures (one function:
`forecast.annual.annual_outlook`), the IIP's published-rate gap included."""
from __future__ import annotations

import re

import pytest

from dashboards.i18n import fmt_pct, fmt_prob
from dashboards.indicators_view import IndicatorsView
from dashboards.state import ScenarioState
from tests.conftest import growthsim_json


def cli_annual(series: str, year: int, target: str) -> dict:
    (result,) = growthsim_json("forecast", "annual", series, "--year", str(year), "--target", target)
    return result


@pytest.fixture(scope="module")
def view() -> IndicatorsView:
    return IndicatorsView(state=ScenarioState(compute=False, lang="en"), root=None)


@pytest.mark.parametrize("series, year, target", [("iip", 2025, "9.7"), ("exports", 2025, "10"),
                                                  ("iip", 2024, "8")])
def test_view_and_cli_give_identical_annual_numbers(view, series, year, target):
    cli = cli_annual(series, year, target)
    app = view.outlook(series, year).summary(target_pct=float(target))
    assert app["growth"] == cli["growth"]
    assert app["probability_reach"] == cli["probability_reach"]
    assert app.get("gap_adjustment") == cli.get("gap_adjustment")
    if series == "iip":
        # the IIP gap is what used to differ between the two: it must be in both
        assert cli["gap_adjustment"]["kind"] == ("known" if year == 2024 else "empirical")


def test_the_view_shows_the_cli_median_and_probability(view):
    cli = cli_annual("iip", 2025, "9.7")
    panel = view.target_html("iip", view.history("iip"), 2025, "growth", "9.7", "mean", "en")
    html = "".join(str(getattr(o, "object", "")) for o in panel.objects)
    assert f"<b>{fmt_pct(cli['growth']['p50'], 'en', 1)}</b>" in html
    shown = re.search(r"id='indicator-probability'>([^<]+)<", html).group(1)
    assert shown == fmt_prob(cli["probability_reach"], "en")
