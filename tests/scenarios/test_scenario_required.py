"""Required growth (sectors, groups, quarters, months) and the least-change plan."""
from __future__ import annotations

import numpy as np
import pytest
from scenario_helpers import EXAMPLE, make

import scenarios
from forecast.data.sectors import GROUPS, LEAVES
from scenarios.required import least_change_plan, remaining_growth_pct
from scenarios.runner import prepare


def test_remaining_quarters_by_hand():
    # last year 100 per quarter; Q1 +4%; target +6%: Q2-Q4 need (424 - 104) / 300 - 1 = 6.6667%
    r = remaining_growth_pct([100, 100, 100, 100], [4.0, np.nan, np.nan, np.nan], 6.0)
    assert r == pytest.approx((424 - 104) / 300 * 100 - 100)
    # weights matter: a big Q4 pulls the requirement towards the target
    r2 = remaining_growth_pct([100, 100, 100, 300], [4.0, np.nan, np.nan, np.nan], 6.0)
    assert r2 == pytest.approx((1.06 * 600 - 104) / 500 * 100 - 100)


def test_quarters_required_and_implied_in_a_run():
    res = scenarios.run(scenarios.load(EXAMPLE), draws=2000)
    assert set(res.quarters_required) == {"2025Q2", "2025Q3", "2025Q4"}
    base = prepare(scenarios.load(EXAMPLE), 10).base
    q = base.quarters_prev_bn_vnd
    r = res.quarters_required["2025Q2"]
    year = q[0] * 1.072 + q[1:].sum() * (1 + r / 100)
    assert (year / q.sum() - 1) * 100 == pytest.approx(8.0, abs=1e-9)
    imp = res.quarters_implied["2025Q3"]
    year = q[0] * 1.072 + q[1:].sum() * (1 + imp / 100)
    assert (year / q.sum() - 1) * 100 == pytest.approx(res.gdp_growth["central"], abs=1e-9)


@pytest.mark.parametrize("key", list(LEAVES) + list(GROUPS))
def test_required_growth_plugged_back_hits_the_target(key):
    sc = scenarios.load(EXAMPLE)
    res = scenarios.run(sc, draws=500)
    p = prepare(sc, 500)
    r = res.required[key]
    # leaf vector at central values with the key's growth replaced (a group moves its members together)
    g = p.structure.leaf_growth(p.x_central)
    members = GROUPS.get(key, (key,))
    idx = [LEAVES.index(m) for m in members]
    w = p.base.weights
    cur = float(w[idx] @ g[idx]) / w[idx].sum()
    g[idx] = g[idx] + (r - cur)
    assert float(w @ g) == pytest.approx(sc.target, abs=1e-9)
    lo, hi = res.required_range[key]
    assert lo <= r + 1e-9 and r <= hi + 1e-9


@pytest.mark.parametrize("growth,key", [
    (None, "agriculture"), (None, "construction"), (None, "services"), (None, "taxes"), (None, "industry"),
    ("electricity = [12, 16]\nservices = 7", "industry_construction"),
    ("electricity = [12, 16]\nservices = 7", "manufacturing"),
    ("agriculture = {dist = \"normal\", mean = 3.5, sd = 0.5}", "services"),
])
def test_required_growth_plugged_back_into_the_scenario(growth, key):
    # keys no set group contains: setting them to their required growth reaches the target exactly
    sc = scenarios.load(EXAMPLE) if growth is None else make(growth)
    r = scenarios.run(sc, draws=500).required[key]
    again = scenarios.run(sc.with_growth(**{key: r}), draws=500)
    assert again.gdp_growth["central"] == pytest.approx(sc.target, abs=1e-9)


def test_least_change_plan_by_hand_and_bounds():
    # two sectors, weights .5/.5, at 6 and 6 -> GDP 6; target 7; volatilities 1 and 2
    # unbounded optimum: change proportional to sd^2 * a -> +0.4 and +1.6 (GDP +1.0)
    a = np.array([0.5, 0.5])
    plan = least_change_plan(["x", "y"], a, 0.0, np.array([6.0, 6.0]), np.array([1.0, 2.0]),
                             np.array([0.0, 0.0]), np.array([20.0, 20.0]), 7.0)
    assert plan.reachable and plan.gdp_growth_pct == pytest.approx(7.0, abs=1e-9)
    assert plan.after - plan.before == pytest.approx([0.4, 1.6], abs=1e-9)
    # y capped at 7: it gives +1, x takes the rest (+1)
    plan = least_change_plan(["x", "y"], a, 0.0, np.array([6.0, 6.0]), np.array([1.0, 2.0]),
                             np.array([0.0, 0.0]), np.array([20.0, 7.0]), 7.0)
    assert plan.after == pytest.approx([7.0, 7.0], abs=1e-9)
    # out of reach within bounds
    plan = least_change_plan(["x", "y"], a, 0.0, np.array([6.0, 6.0]), np.array([1.0, 2.0]),
                             np.array([0.0, 0.0]), np.array([6.5, 6.5]), 7.0)
    assert not plan.reachable and plan.gdp_growth_pct == pytest.approx(6.5)
    # already reached: no change
    plan = least_change_plan(["x"], np.array([1.0]), 0.0, np.array([8.0]), np.array([1.0]),
                             np.array([0.0]), np.array([9.0]), 7.0)
    assert plan.to_dict()["changes"] == {}


def test_plan_in_a_run_reaches_the_target_within_bounds():
    sc = make("industry = 10\nagriculture = 3.5\nservices = 7", extra="[bounds]\nservices = [6, 7.2]")
    res = scenarios.run(sc, draws=500)
    plan = res.plan
    assert plan["reachable"] and plan["gdp_growth"] == pytest.approx(8.0, abs=1e-9)
    assert plan["changes"]["services"]["to"] <= 7.2 + 1e-12
    assert all(v["change_pp"] > 0 for v in plan["changes"].values())
