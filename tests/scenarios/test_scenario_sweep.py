"""Sweeps: each grid row equals running that grid point on its own with the same seed."""
from __future__ import annotations

import pytest
from scenario_helpers import EXAMPLE

import scenarios
from scenarios.sweep import parse_vary, run_sweep


def test_parse_vary_includes_both_ends():
    key, values = parse_vary("industry=8:14:0.5")
    assert key == "industry" and len(values) == 13 and values[0] == 8 and values[-1] == 14


def test_rows_equal_single_runs():
    sc = scenarios.load(EXAMPLE)
    df = run_sweep(sc, ["industry=9:12:1", "services=7:8:0.5"], draws=20_000, seed=9)
    assert len(df) == 4 * 3
    for _, row in df.sample(4, random_state=0).iterrows():
        res = scenarios.run(sc.with_growth(industry=row["industry"], services=row["services"]), draws=20_000, seed=9)
        assert row["probability_reach"] == pytest.approx(res.probability_reach, abs=2 / 20_000)
        assert row["gdp_p50_pct"] == pytest.approx(res.gdp_growth["p50"], abs=1e-9)
        assert row["gdp_central_pct"] == pytest.approx(res.gdp_growth["central"], abs=1e-9)
        assert row["required_industry_pct"] == pytest.approx(res.required["industry"], abs=1e-9)


def test_rows_beyond_history_are_marked_not_raised():
    sc = scenarios.load(EXAMPLE)
    # industry 0% with electricity 12-16% (the example) leaves manufacturing below its history
    # (electricity 90% did before growth was limited to -50..50%, scenarios/limits.py)
    df = run_sweep(sc, ["industry=0:12:12"], draws=2000)
    assert not df.set_index("industry").loc[0.0, "members_within_history"]
    assert "manufacturing" in df.set_index("industry").loc[0.0, "note"]
    assert df.set_index("industry").loc[12.0, "members_within_history"]
