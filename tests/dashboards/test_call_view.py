"""The baseline call in the scenario view and the quarter boxes: typing a quarter moves the headline
(through the scenario engine and the conditioned baseline), and the call view shows the call, its
quarters and what changed since the last release (the shipped store, the real engine)."""
from __future__ import annotations

import re

import pytest

from dashboards.call_view import call_html
from dashboards.state import ScenarioState
from scenarios.limits import QUARTER_LIMITS


@pytest.fixture
def state() -> ScenarioState:
    st = ScenarioState(compute=False, lang="en", draws=20_000, seed=3)
    st.apply_preset("baseline")           # every sector from the baseline
    st._compute = True
    st.recompute()
    return st


def test_typing_a_lower_first_quarter_lowers_the_headline_and_the_probability(state):
    state.q1 = 7.5
    high = state.result
    state.q1 = 6.0
    low = state.result
    assert state.error == ""
    assert low.gdp_growth["mean"] < high.gdp_growth["mean"] - 0.3
    assert low.probability_reach < high.probability_reach


def test_the_quarter_boxes_take_the_one_limit(state):
    assert state.param["q1"].bounds == QUARTER_LIMITS
    with pytest.raises(ValueError):
        state.q2 = QUARTER_LIMITS[1] + 1


def test_the_call_view_shows_the_call_the_quarters_and_the_news(state):
    state.q1 = 6.0
    html = call_html(state)
    assert "Baseline GDP call 2025" in html and "given the quarters entered" in html
    quarters = re.search(r'id="call-quarters".*?</table>', html, re.S).group(0)
    assert "2025Q1</td><td>entered</td><td class=\"num\">6.00%" in quarters
    assert quarters.count("called") == 3
    news = re.search(r'id="call-news".*?</table>', html, re.S).group(0)
    assert "iip.manufacturing" in news and "2025-02" in news
    state.lang = "vi"
    assert "Thay đổi kể từ lần công bố trước" in call_html(state)


def test_a_year_the_engine_cannot_call_is_said_not_raised(state):
    state.year = 2030                     # the scenario chains to 2030; the engine calls three years at most
    assert state.error == "" and "No baseline call for this year" in call_html(state)
    state.year = 2040                     # the scenario itself is refused: no call beside the error
    assert state.error and call_html(state) == ""


def test_a_link_carries_the_table_form(state):
    from dashboards.state import link_param, scenario_from_link
    from scenarios.files import parse

    sc = parse('[scenario]\nname = "k"\nyear = 2025\ntarget = 8.0\n[known.2025Q1]\ntotal = 6.5\nmanufacturing = 9.0\n')
    back = scenario_from_link(link_param(sc))
    assert back == sc and back.known_sectors == {1: {"manufacturing": 9.0}}
    state.apply_scenario(back)
    assert state.q1 == 6.5 and state.scenario() == sc
