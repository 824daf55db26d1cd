"""The investment a path needs (scenarios/icor.py): share of GDP = ICOR x growth, per draw."""
from __future__ import annotations

import pytest
from scenario_helpers import make, points_toml
from test_scenario_chain import G25, G26

from forecast.gdp.icor import default_icor
from scenarios.errors import ScenarioError
from scenarios.plan import run_plan
from scenarios.runner import run


def test_icor_in_the_file_overrides_the_historical_one():
    r = run(make("industry = [9, 12]", head="year = 2025\ntarget = 8.0\nicor = 5.0"), draws=3000, seed=2)
    inv = r.to_dict()["investment"]
    assert inv["icor"] == 5.0 and inv["icor_source"].startswith("scenario")
    assert inv["share_needed_pct"]["mean"] == pytest.approx(5.0 * r.gdp_growth["mean"], rel=1e-12)
    assert inv["share_needed_pct"]["p50"] == pytest.approx(5.0 * r.gdp_growth["p50"], rel=1e-9)
    default = run(make("industry = [9, 12]"), draws=3000, seed=2).investment
    assert default["icor"] == pytest.approx(default_icor()[0]) and default["icor_years"] == [2018, 2019, 2022, 2023, 2024]


def test_each_plan_year_and_the_average_have_their_need():
    sc = make(points_toml(G26), head="year = 2026\ntarget = 8.0\nuntil = 2027\nicor = 4.0",
              extra="[years.2025]\n" + points_toml(G25))
    p = run_plan(sc, draws=100, seed=1)
    for r in (*p.chain, *p.years):
        assert r.investment["share_needed_pct"]["mean"] == pytest.approx(4.0 * r.gdp_growth["mean"], rel=1e-12)
    assert p.plan["investment"]["share_needed_pct"]["mean"] == pytest.approx(
        4.0 * p.plan["average_growth"]["mean"], rel=1e-12)


@pytest.mark.parametrize("value", ["100", "0", '"five"'])
def test_a_bad_icor_names_the_key(value):
    with pytest.raises(ScenarioError, match=r"line 4, scenario.icor: icor must be a number from 0.5 to 30"):
        make("", head=f"year = 2025\ntarget = 8.0\nicor = {value}")
