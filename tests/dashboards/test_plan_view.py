"""The Plan view without a browser: its state gives the numbers of `growthsim scenario run` on the plan
file it downloads, a slider moves the plan average, a per-year override moves its own year, the
downloads are the CLI's, and an error clears everything (issue 10 parts 2-4)."""
from __future__ import annotations

import html
import json
import subprocess

import pandas as pd
import pytest

from dashboards.i18n import fmt_number, fmt_pct, fmt_prob
from dashboards.plan_state import PLAN_EXAMPLE, PlanState, default_plan
from scenarios.files import load, parse
from tests.conftest import growthsim_command

DRAWS = 20_000


@pytest.fixture(scope="module")
def plan() -> PlanState:
    return default_plan(lang="en")


def cli_json(tmp_path, toml: str) -> dict:
    f = tmp_path / "plan.toml"
    f.write_text(toml, encoding="utf-8")
    out = subprocess.run(growthsim_command() + ["scenario", "run", str(f), "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_the_plan_view_shows_the_clis_numbers(plan, tmp_path):
    from dashboards.plan_view import PlanView

    assert plan.error == "" and plan.result is not None
    assert parse(plan.scenario_toml()) == load(PLAN_EXAMPLE)          # the app shows the example plan
    cli = cli_json(tmp_path, plan.scenario_toml())
    ours = json.loads(json.dumps(plan.result.to_dict()))
    assert [y["year"] for y in cli["years"]] == list(range(plan.year, plan.until + 1))
    assert [y["gdp_growth"] for y in ours["years"]] == [y["gdp_growth"] for y in cli["years"]]
    assert ours["plan"] == cli["plan"]
    v = PlanView(state=plan)
    head = v.headline_html(ours, "en")
    assert f'id="plan-average">{fmt_pct(cli["plan"]["average_growth"]["p50"], "en", 2)}<' in head
    assert f'>{html.escape(fmt_prob(cli["plan"]["probability_average"], "en"))}<' in head.split('id="plan-probability"')[1]
    tables = v.tables_html(ours, "en")
    for hook in ('id="plan-table"', 'id="plan-required"'):
        assert hook in tables
    rows = tables.split('id="plan-table"')[1].split("</table>")[0].split("<tr")[2:]
    assert [y["year"] for y in cli["chain"]] == [2025] and ">2025 (estimate" in rows[0]     # the base year first
    for y, row in zip(cli["chain"] + cli["years"], rows, strict=True):
        assert f'<td>{y["year"]}' in row and f'>{fmt_pct(y["gdp_growth"]["p50"], "en", 2)}<' in row
        assert f'>{fmt_pct(y["investment"]["share_needed_pct"]["p50"], "en", 1)}<' in row   # investment share
    inv = cli["plan"]["investment"]
    assert 'id="plan-investment"' in head and fmt_pct(inv["share_needed_pct"]["p50"], "en", 1) in head
    assert f'ICOR of {fmt_number(inv["icor"], "en", 1)}' in head


def test_the_scenario_view_shows_the_investment_share_of_the_cli(tmp_path):
    from dashboards.library import Library
    from dashboards.scenario_view import ScenarioView
    from dashboards.state import default_state

    v = ScenarioView(state=default_state(lang="vi"), library=Library(tmp_path / "l.sqlite"))
    cli = cli_json(tmp_path, v.state.scenario_toml())["investment"]
    html_ = v.investment.object
    assert 'id="investment-share"' in html_
    assert fmt_pct(cli["share_needed_pct"]["p50"], "vi", 1) in html_ and f'ICOR {fmt_number(cli["icor"], "vi", 1)}' in html_
    v.state.icor = 6.0                                       # the scenario's own ICOR
    cli6 = cli_json(tmp_path, v.state.scenario_toml())["investment"]
    assert cli6["icor"] == 6.0 and cli6["share_needed_pct"]["p50"] > cli["share_needed_pct"]["p50"]
    html_ = v.investment.object
    assert fmt_pct(cli6["share_needed_pct"]["p50"], "vi", 1) in html_ and "đặt trong kịch bản" in html_


def test_a_slider_moves_the_average_and_an_override_moves_its_year():
    st = PlanState(compute=False, lang="en", draws=DRAWS, year=2026, until=2028, target=8.0)
    st._compute = True
    st.recompute()
    base = st.result.to_dict()
    st.set_range("manufacturing", 12.0, 14.0)            # every year
    up = st.result.to_dict()
    assert up["plan"]["average_growth"]["p50"] > base["plan"]["average_growth"]["p50"]
    st.set_year_range(2027, "services", 12.0, 12.0)      # 2027 only
    over = st.result.to_dict()
    by = {y["year"]: y for y in over["years"]}
    assert by[2027]["gdp_growth"]["p50"] > {y["year"]: y for y in up["years"]}[2027]["gdp_growth"]["p50"]
    assert by[2026]["gdp_growth"] == up["years"][0]["gdp_growth"]          # the year before: unchanged
    sc = parse(st.scenario_toml())
    assert sc.years[2027].growth["services"].central == 12.0 and sc.until == 2028
    st.clear_year_range(2027, "services")
    assert st.result.to_dict()["years"] == up["years"]


def test_the_downloads_are_the_clis_and_an_error_clears_them(plan, tmp_path):
    from dashboards.plan_view import PlanView

    v = PlanView(state=plan)
    f = tmp_path / "plan.toml"
    f.write_bytes(v.downloads.toml_bytes().read())
    cli = tmp_path / "cli.xlsx"
    subprocess.run(growthsim_command() + ["scenario", "run", str(f), "--format", "xlsx", "--output", str(cli)],
                   check=True)
    a, b = pd.read_excel(v.downloads.xlsx_bytes(), sheet_name=None), pd.read_excel(cli, sheet_name=None)
    assert a.keys() == b.keys()
    for sheet in b:
        pd.testing.assert_frame_equal(a[sheet], b[sheet])
    csv_cli = subprocess.run(growthsim_command() + ["scenario", "run", str(f), "--format", "csv"],
                             capture_output=True, check=True).stdout
    assert v.downloads.csv_bytes().read() == csv_cli

    plan.until = plan.year - 1                              # until before year: refused
    try:
        assert plan.result is None and "until" in plan.error
        assert "–" in v.headline.object and "plan-table" not in v.tables.object
        assert v.xlsx.disabled and v.csv.disabled and v.path.data["year"] == []
    finally:
        plan.until = 2030
    assert plan.result is not None and not v.xlsx.disabled and v.path.data["year"]
