"""The app on an error (issue 10 part 4), without a browser: while the inputs cannot be computed the
headline shows no number, the contributions chart and the tables are empty, the result downloads and
saving are disabled, and the message says why and what to add; a computable input brings them back."""
from __future__ import annotations

import re

import pytest

from dashboards.library import Library
from dashboards.state import default_state

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

    st.year = 2100                                                # no base data for 2100
    assert st.result is None and "no base-year data for 2100" in st.error
    assert not any(DIGIT.search(x) for x in _headline_numbers(view.headline_html(st.result, "en")))
    assert view.source.data["pp"] == [] and view.tables_html(st.result, "en", 0) == ""
    assert view.xlsx.disabled and view.csv.disabled and view.save_button.disabled
    msg = view.message_text(st.error, st.notice, st.hint)
    assert "no base-year data for 2100" in msg and "2099" in st.hint and "[years.2099]" in msg
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
    assert st.hint != en and "[years.2099]" in st.hint and "Cần thêm" in st.hint
    assert "không có số liệu năm gốc cho 2100" in st.error
