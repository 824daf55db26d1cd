"""The app on an error (issue 10 part 4), without a browser: while the inputs cannot be computed the
headline shows no number, the contributions chart and the tables are empty, the result downloads and
saving are disabled, and the message says why and what to add; a computable input brings them back."""
from __future__ import annotations

import re

import pytest

from dashboards.library import Library
from dashboards.state import ScenarioState, default_state

DIGIT = re.compile(r"\d")


def _headline_numbers(html: str) -> list[str]:
    """The text of the three headline hooks of the scenario view's headline HTML."""
    return [re.search(rf'id="{h}"[^>]*>([^<]*)<', html).group(1) for h in ("gdp-growth", "probability-reach", "verdict")]


@pytest.fixture
def view(tmp_path):
    from dashboards.scenario_view import ScenarioView

    return ScenarioView(state=default_state(lang="en"), library=Library(tmp_path / "l.sqlite"), data_vintage="x")


def test_an_error_clears_the_headline_chart_tables_and_downloads_then_recovers(view):
    st = view.state
    good = _headline_numbers(view.headline_html(st.result, "en"))
    assert all(DIGIT.search(x) for x in good[:2])                 # a valid scenario shows its numbers
    assert view.source.data["pp"] and not view.xlsx.disabled and not view.csv.disabled

    st.year = 2100                                                # a chain of 76 years from 2025: refused
    assert st.result is None and "a 2100 scenario would chain" in st.error
    assert not any(DIGIT.search(x) for x in _headline_numbers(view.headline_html(st.result, "en")))
    assert view.source.data["pp"] == [] and view.tables_html(st.result, "en", 0) == ""
    assert view.xlsx.disabled and view.csv.disabled and view.save_button.disabled
    msg = view.message_text(st.error, st.notice, st.hint)
    assert "a 2100 scenario would chain" in msg and "choose a year up to 2035" in msg
    assert view.message.visible

    st.year = 2025                                                # computable again
    assert st.error == "" and st.hint == "" and st.result is not None
    assert _headline_numbers(view.headline_html(st.result, "en")) == good
    assert view.source.data["pp"] and not view.xlsx.disabled and not view.csv.disabled
    assert not view.message.visible


def test_the_hint_is_in_the_users_language(view):
    st = view.state
    st.year = 2100
    en = st.hint
    st.lang = "vi"
    assert st.hint != en and "2035" in st.hint and "chọn năm" in st.hint
    assert st.error.startswith("kịch bản 2100")


def test_a_2026_scenario_fills_2025_from_the_baseline_given_the_published_quarter_and_it_is_editable(view):
    from scenarios.files import parse
    from scenarios.prefill import baseline_estimates

    st, ed = view.state, view.years_editor
    assert st.q1 == 7.2 and not ed.button_row.visible      # 2025 with a published Q1: nothing to fill
    st.year = 2026                                        # Q1 now cannot be used: it is 2025's
    assert st.result is None and "known quarters condition only 2025" in st.error
    assert "[years.2025]" in st.hint and view.xlsx.disabled
    assert st.link_years() == [2025] and ed.button_row.visible and "2025" in ed.button.name
    ed.button.clicks += 1                                 # "Fill 2025 from the baseline"
    est = baseline_estimates(2025, known={1: 7.2})
    assert est != baseline_estimates(2025)                # the published quarter conditions the estimates
    assert {k: a.value for k, a in st.years[2025].items()} == est and st.q1 is None
    assert st.error == "" and [c.year for c in st.result.chain] == [2025] and not view.xlsx.disabled
    assert not ed.button_row.visible and ed.boxes[(2025, "manufacturing")].value == est["manufacturing"]
    assert parse(st.scenario_toml()).years[2025].growth["manufacturing"].central == est["manufacturing"]
    assert st.result.chain[0].contributions["manufacturing"]["growth_pct"] == pytest.approx(est["manufacturing"])

    other = ScenarioState(compute=False)                   # a link carries the [years.2025] table
    assert other.apply_query(st.to_query()) and other.scenario_toml() == st.scenario_toml()

    g0 = st.result.chain[0].gdp_growth["p50"]
    ed.boxes[(2025, "manufacturing")].value = est["manufacturing"] + 3.0        # the user's estimate
    assert st.years[2025]["manufacturing"].value == est["manufacturing"] + 3.0
    assert st.result.chain[0].gdp_growth["p50"] > g0                          # 2025 now grows faster
