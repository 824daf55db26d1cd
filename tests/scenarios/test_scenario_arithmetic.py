"""The office's arithmetic: hand-computed toys, and the official 2023 and 2024 figures from the store."""
from __future__ import annotations

import numpy as np
import pytest
from scenario_helpers import growth_from_store, make, points_toml

import scenarios
from forecast.data.api import load
from forecast.data.sectors import LEAVES
from scenarios.arithmetic import (contributions_pp, gdp_growth_pct, growth_pct, share_of_growth_pct,
                                  weights_from_levels)


def test_two_sector_toy_by_hand():
    # last year: A = 300, B = 700 (GDP 1000); this year A +10%, B +5%
    w = weights_from_levels(np.array([300.0, 700.0]))
    assert w.tolist() == pytest.approx([0.3, 0.7])
    g = np.array([10.0, 5.0])
    assert contributions_pp(g, w).tolist() == pytest.approx([3.0, 3.5])
    assert float(gdp_growth_pct(g, w)) == pytest.approx(6.5)
    # the same number as growing the levels and comparing sums: (330 + 735) / 1000 - 1
    assert float(growth_pct(330 + 735, 1000)) == pytest.approx(6.5)
    # draws: one row per draw
    draws = np.array([[10.0, 5.0], [0.0, 0.0], [-10.0, 10.0]])
    assert gdp_growth_pct(draws, w).tolist() == pytest.approx([6.5, 0.0, 4.0])


def test_share_of_growth_excludes_taxes_by_hand():
    pp = {"a": 1.0, "b": 3.0, "taxes": 0.5}
    s = share_of_growth_pct(pp, groups={"ab": ("a", "b")})
    assert s["a"] == pytest.approx(25.0) and s["b"] == pytest.approx(75.0)
    assert s["ab"] == pytest.approx(100.0)
    assert s["taxes"] is None


def _official_run(year: int, vintage: str | None):
    g = growth_from_store(year, vintage)
    head = f"year = {year}\ntarget = 0.0" + (f'\nvintage = "{vintage}"' if vintage else "")
    return g, scenarios.run(make(points_toml(g), head=head), draws=1000)


def test_2024_official_figures():
    g, res = _official_run(2024, None)
    # sector growths as published in January 2025 (agriculture 3.27, services 7.38)
    assert g["agriculture"] == pytest.approx(3.27, abs=0.01)
    assert g["services"] == pytest.approx(7.38, abs=0.01)
    assert res.gdp_growth["central"] == pytest.approx(7.09, abs=0.005)
    assert res.gdp_growth["mean"] == pytest.approx(7.09, abs=0.005)        # points: every draw is the same
    assert res.gdp_growth["p5"] == pytest.approx(res.gdp_growth["p95"])
    c = res.contributions
    assert c["industry_construction"]["growth_pct"] == pytest.approx(8.24, abs=0.01)
    assert c["agriculture"]["share_of_growth_pct"] == pytest.approx(5.37, abs=0.005)
    assert c["industry_construction"]["share_of_growth_pct"] == pytest.approx(45.17, abs=0.005)
    assert c["services"]["share_of_growth_pct"] == pytest.approx(49.46, abs=0.005)
    three = sum(c[k]["share_of_growth_pct"] for k in ("agriculture", "industry_construction", "services"))
    assert three == pytest.approx(100.0, abs=1e-9)
    assert c["taxes"]["share_of_growth_pct"] is None
    # the arithmetic equals the total series' own growth
    tot = load("gdp_real.total", start="2023Q1", end="2024Q4")
    v = tot["value"].to_numpy()
    assert res.gdp_growth["central"] == pytest.approx((v[4:].sum() / v[:4].sum() - 1) * 100, abs=1e-6)


def test_2024_quarters_with_same_quarter_weights():
    df = load([f"gdp_real.{k}" for k in LEAVES], start="2023Q1", end="2024Q4")
    p = df.pivot(index="period", columns="series", values="value")[[f"gdp_real.{k}" for k in LEAVES]]
    published = {1: 5.98, 2: 7.25, 3: 7.43, 4: 7.55}
    for q, pub in published.items():
        prev, cur = p.loc[f"2023Q{q}"].to_numpy(), p.loc[f"2024Q{q}"].to_numpy()
        g = growth_pct(cur, prev)
        assert float(gdp_growth_pct(g, weights_from_levels(prev))) == pytest.approx(pub, abs=0.05)


def test_2023_from_the_october_2024_vintage():
    g, res = _official_run(2023, "2024-10-24")
    assert res.gdp_growth["central"] == pytest.approx(5.05, abs=0.05)
    assert res.data_vintage == "2024-10-24"
    assert sum(v["pp"] for k, v in res.contributions.items() if k in LEAVES) == pytest.approx(
        res.gdp_growth["central"], abs=1e-12)


def test_contributions_add_up_and_groups_are_sums():
    res = scenarios.run(make("industry = [10, 12]\nelectricity = [12, 16]\nagriculture = 3.5"), draws=2000)
    c = res.contributions
    assert sum(c[k]["pp"] for k in LEAVES) == pytest.approx(res.gdp_growth["central"], abs=1e-12)
    for g, members in (("industry", ("mining", "manufacturing", "electricity", "water")),
                       ("energy", ("electricity", "mining"))):
        assert c[g]["pp"] == pytest.approx(sum(c[m]["pp"] for m in members), abs=1e-12)
    assert c["industry"]["growth_pct"] == pytest.approx(11.0, abs=1e-12)
