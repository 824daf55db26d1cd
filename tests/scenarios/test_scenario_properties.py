"""Property tests on random assumptions: the identities hold whatever the user writes."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_helpers import assumptions

import scenarios
from forecast.data.sectors import GROUPS, LEAVES
from scenarios.assumptions import Point
from scenarios.files import dumps, parse
from scenarios.runner import prepare
from scenarios.scenario import Scenario

growth_pct = st.floats(-5, 15, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def scenario_text(draw):
    """A scenario file as a user could write it (dumps of random assumptions), read back by the parser."""
    keys = draw(st.lists(st.sampled_from(list(LEAVES)), unique=True, max_size=len(LEAVES)))
    growth = {k: draw(assumptions(growth_pct, sd=st.floats(0.1, 3).map(lambda x: round(x, 2)))) for k in keys}
    # a group only when none of its members is set (members inside a set group are tested elsewhere)
    if not set(keys) & set(GROUPS["industry"]) and draw(st.booleans()):
        growth["industry"] = Point(round(draw(st.floats(5, 11)), 2))
    sc = Scenario(name="random", year=2025, target=round(draw(st.floats(4, 10)), 3), growth=growth,
                  independent=draw(st.booleans()))
    return parse(dumps(sc), source="random.toml")


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenario_text(), st.integers(0, 2**31))
def test_identities_on_random_scenarios(sc, seed):
    res = scenarios.run(sc, draws=2000, seed=seed)
    c = res.contributions
    assert sum(c[k]["pp"] for k in LEAVES) == pytest.approx(res.gdp_growth["central"], abs=1e-9)
    three = [c[k]["share_of_growth_pct"] for k in ("agriculture", "industry_construction", "services")]
    if abs(sum(c[k]["pp"] for k in LEAVES if k != "taxes")) > 1e-6:
        assert sum(three) == pytest.approx(100.0, abs=1e-6)
    g = res.gdp_growth
    assert g["p5"] <= g["p10"] <= g["p50"] <= g["p90"] <= g["p95"]
    assert 0.0 <= res.probability_reach <= 1.0
    # every required growth, plugged back into the central leaf vector, hits the target
    p = prepare(sc, 2000, seed)
    w = p.base.weights
    for key, r in res.required.items():
        leaves = p.structure.leaf_growth(p.x_central)
        idx = [LEAVES.index(m) for m in GROUPS.get(key, (key,))]
        leaves[idx] += r - float(w[idx] @ leaves[idx]) / w[idx].sum()
        assert float(w @ leaves) == pytest.approx(sc.target, abs=1e-9)
        lo, hi = res.required_range[key]
        assert lo - 1e-9 <= r <= hi + 1e-9


@SETTINGS
@given(scenario_text(), st.integers(0, 2**31))
def test_probability_agrees_with_the_simulated_distribution(sc, seed):
    p = prepare(sc, 4000, seed)
    res = scenarios.run(sc, draws=4000, seed=seed)
    assert res.probability_reach == np.mean(p.gdp_draws >= sc.target)
    # raising the target never raises the probability
    higher = scenarios.run(sc.__class__(**{**sc.__dict__, "target": sc.target + 0.5}), draws=4000, seed=seed)
    assert higher.probability_reach <= res.probability_reach
