"""Groups: a set group fixes its total, set members keep their values, unset members share the rest."""
from __future__ import annotations

import numpy as np
import pytest
from scenario_helpers import make

import scenarios
from scenarios.errors import ImpossibleScenarioError
from scenarios.groups import build_structure

LEAVES = ("a", "b", "c", "t")
GROUPS = {"ab": ("a", "b"), "abc": ("a", "b", "c")}
W = {"a": 0.2, "b": 0.3, "c": 0.4, "t": 0.1}
WV = np.array([W[k] for k in LEAVES])


def test_group_fill_in_proportion_to_baseline_times_weight_by_hand():
    # group ab = 10%: points 0.5 * 10 = 5.0; a, b unset with baseline 4% and 2%
    # shares of the 5.0 points: b w = 0.8 and 0.6 -> a gets 5 * 0.8 / 1.4, b 5 * 0.6 / 1.4
    st = build_structure(["ab"], W, {"a": 4.0, "b": 2.0, "c": 3.0, "t": 1.0}, GROUPS, LEAVES)
    assert st.variables == ("ab", "c", "t")
    g = st.leaf_growth(np.array([10.0, 3.0, 1.0]))
    assert g[0] == pytest.approx(5 * 0.8 / 1.4 / 0.2)
    assert g[1] == pytest.approx(5 * 0.6 / 1.4 / 0.3)
    assert W["a"] * g[0] + W["b"] * g[1] == pytest.approx(0.5 * 10)
    assert g[0] / g[1] == pytest.approx(4.0 / 2.0)      # both scaled by the same factor


def test_set_member_keeps_its_value_and_nested_groups_compose():
    # abc = 6 with a = 10 set: b and c share 0.9 * 6 - 0.2 * 10 = 3.4 points in proportion 0.3 b_b : 0.4 b_c
    st = build_structure(["abc", "a"], W, {"b": 5.0, "c": 5.0, "t": 1.0}, GROUPS, LEAVES)
    g = st.leaf_growth(np.array([6.0, 10.0, 1.0]))
    assert g[0] == 10.0
    assert W["b"] * g[1] == pytest.approx(3.4 * 0.3 / 0.7)
    assert g[1] == pytest.approx(g[2])                    # same baseline -> same growth
    # nested: ab = 8 inside abc = 6 -> c takes the rest
    st = build_structure(["abc", "ab"], W, {"a": 1.0, "b": 1.0, "c": 5.0, "t": 1.0}, GROUPS, LEAVES)
    g = st.leaf_growth(np.array([6.0, 8.0, 1.0]))
    assert W["c"] * g[2] == pytest.approx(0.9 * 6 - 0.5 * 8)
    assert float(WV @ g) == pytest.approx(0.9 * 6 + 0.1 * 1.0)


def test_shrinking_members_fall_back_to_an_equal_shift():
    # baselines +1 and -1 with weights 0.2 and 0.3: sum b w = -0.1 <= 0 -> equal shift from baseline
    st = build_structure(["ab"], W, {"a": 1.0, "b": -1.0, "c": 3.0, "t": 1.0}, GROUPS, LEAVES)
    g = st.leaf_growth(np.array([4.0, 3.0, 1.0]))
    assert g[0] - 1.0 == pytest.approx(g[1] + 1.0)
    assert W["a"] * g[0] + W["b"] * g[1] == pytest.approx(0.5 * 4.0)


def test_group_and_every_member_set_is_an_error():
    with pytest.raises(ImpossibleScenarioError, match="every one of its members"):
        build_structure(["ab", "a", "b"], W, {"c": 1.0, "t": 1.0}, GROUPS, LEAVES)


def test_example_members_fill_industry_on_real_data():
    res = scenarios.run(make("industry = 11\nelectricity = 14"), draws=1000)
    c = res.contributions
    assert c["electricity"]["growth_pct"] == 14.0
    assert c["industry"]["growth_pct"] == pytest.approx(11.0, abs=1e-12)
    filled = [r for r in res.assumptions if r["assumption"] == "filled inside industry"]
    assert {r["key"] for r in filled} == {"mining", "manufacturing", "water"}


def test_member_beyond_what_the_group_allows_is_impossible():
    with pytest.raises(ImpossibleScenarioError) as exc:
        scenarios.run(make("industry = 0\nelectricity = 50"), draws=1000)
    msg = str(exc.value)
    assert "test.toml" in msg and "line 6" in msg and "growth.electricity" in msg
    assert "manufacturing would have to collapse" in msg and "history 2011-2024" in msg
