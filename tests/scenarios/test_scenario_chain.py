"""Chains: a scenario for a year after the store's last full year runs through the years between, each
year weighted by the previous year's levels of the same draw (scenarios/chain.py)."""
from __future__ import annotations

import numpy as np
import pytest
from scenario_helpers import growth_from_store, make, points_toml

from forecast.data.api import load
from forecast.data.sectors import LEAVES
from scenarios.chain import COVID_YEARS, LONG_RUN_YEARS, first_chain_year, simulate_chain
from scenarios.errors import ScenarioError
from scenarios.runner import run

G25 = {"agriculture": 3.0, "mining": -2.0, "manufacturing": 10.0, "electricity": 9.0, "water": 7.0,
       "construction": 8.0, "services": 7.0, "taxes": 5.0}
G26 = {"agriculture": 3.5, "mining": 1.0, "manufacturing": 12.0, "electricity": 11.0, "water": 8.0,
       "construction": 9.5, "services": 8.0, "taxes": 6.0}


def levels_2024() -> np.ndarray:
    """Each leaf's 2024 value added from the store, billion VND at 2010 prices (sum of the quarters)."""
    df = load([f"gdp_real.{k}" for k in LEAVES], start="2024Q1", end="2024Q4")
    return np.array([df[df["series"] == f"gdp_real.{k}"]["value"].sum() for k in LEAVES])


def test_the_chain_starts_after_the_last_full_year():
    assert first_chain_year(make()) == 2025


def test_a_two_year_chain_of_points_is_the_arithmetic_by_hand():
    sc = make(points_toml(G26), head="year = 2026\ntarget = 8.0", extra="[years.2025]\n" + points_toml(G25))
    r = run(sc, draws=200, seed=1)
    l24 = levels_2024()
    l25 = l24 * (1 + np.array([G25[k] for k in LEAVES]) / 100)
    l26 = l25 * (1 + np.array([G26[k] for k in LEAVES]) / 100)
    w25 = l25 / l25.sum()
    g25_gdp = (l25.sum() / l24.sum() - 1) * 100
    g26_gdp = (l26.sum() / l25.sum() - 1) * 100
    assert g26_gdp == pytest.approx(float(w25 @ np.array([G26[k] for k in LEAVES])), abs=1e-12)
    assert [c.year for c in r.chain] == [2025] and r.year == 2026
    assert r.chain[0].gdp_growth["mean"] == pytest.approx(g25_gdp, abs=1e-9)
    for k in ("mean", "p5", "p95", "central"):
        assert r.gdp_growth[k] == pytest.approx(g26_gdp, abs=1e-9), k
    for i, k in enumerate(LEAVES):
        assert r.contributions[k]["weight"] == pytest.approx(w25[i], abs=1e-12)
        assert r.contributions[k]["pp"] == pytest.approx(w25[i] * G26[k], abs=1e-9)
    d = r.to_dict()
    assert {"gdp_growth", "probability_reach", "contributions", "required"} <= set(d)
    assert [c["year"] for c in d["chain"]] == [2025]
    assert "chain" not in run(make(points_toml(G25)), draws=200, seed=1).to_dict()


def test_each_draw_is_weighted_by_its_own_last_year_levels():
    # 2025 services uncertain, 2026 all points: a fixed weight would give one 2026 value; per-draw weights
    # spread 2026, and a larger 2025 services share lifts 2026 when services grows faster than the rest.
    g26 = {**G26, "services": 15.0}
    g25 = {k: v for k, v in G25.items() if k != "services"}
    sc = make(points_toml(g26), head="year = 2026\ntarget = 8.0",
              extra="[years.2025]\n" + points_toml(g25) + "\nservices = [2.0, 12.0]")
    y25, y26 = simulate_chain(sc, 4000, seed=3)
    assert y26.gdp_draws.std() > 1e-3
    assert np.corrcoef(y25.gdp_draws, y26.gdp_draws)[0, 1] > 0.9
    l24 = levels_2024()
    i = 17
    l25 = l24 * (1 + y25.prepared.leaf_draws[i] / 100)
    assert y26.gdp_draws[i] == pytest.approx(float(l25 / l25.sum() @ np.array([g26[k] for k in LEAVES])), abs=1e-9)


def test_beyond_the_engine_the_baseline_is_the_long_run_growth():
    # 2025-2027 from the engine, 2028 on from each sector's mean growth of its last ten non-COVID years
    sc = make("", head="year = 2028\ntarget = 7.0")
    r = run(sc, draws=4000, seed=5)
    assert [c.baseline for c in r.chain] == ["forecast engine"] * 3
    assert r.baseline.startswith("long-run growth 2013-2024 without 2020-21")
    years = [y for y in range(2011, 2025) if y not in COVID_YEARS][-LONG_RUN_YEARS:]
    hand = np.mean([growth_from_store(y)["agriculture"] for y in years])
    assert r.contributions["agriculture"]["growth_pct"] == pytest.approx(hand, abs=1e-9)
    # the engine's 2027 deviations, widened by sqrt(1 + 1/3) = 1.155 in 2028
    width = {y.year: y.gdp_growth["p95"] - y.gdp_growth["p5"] for y in (*r.chain, r)}
    assert 1.10 < width[2028] / width[2027] < 1.21


@pytest.mark.parametrize("head,extra,where,message", [
    ("year = 2026\ntarget = 8", "[years.2027]\nservices = 7", "line 6, years.2027", "outside the chain"),
    ("year = 2026\ntarget = 8", "[years.2023]\nservices = 7", "line 6, years.2023", "a year from 2025 to 2025"),
    ("year = 2025\ntarget = 8", "[years.2024]\nservices = 7", "line 6, years.2024", "weighted by 2024's published"),
    ("year = 2026\ntarget = 8\nuntil = 2025", "", "line 4, scenario.until", "until = 2025 is before year = 2026"),
    ("year = 2026\ntarget = 8\nuntil = 2036", "", "line 4, scenario.until", "at most 10 years; 2026-2036 is 11"),
    ("year = 2026\ntarget = 8", '[known]\n"2026Q1" = 7.0', "line 6, known", "known quarters condition only 2025"),
    ("year = 2026\ntarget = 8\ntarget_average = 9", "", "line 4, scenario.target_average", "needs until"),
])
def test_bad_chains_name_the_key(head, extra, where, message):
    with pytest.raises(ScenarioError) as e:
        run(make("", head=head, extra=extra), draws=100)
    assert str(e.value).startswith(f"test.toml: {where}") and message in str(e.value)


def test_the_link_years_can_be_filled_from_the_baseline():
    from dataclasses import replace

    from scenarios.chain import baseline_years
    from scenarios.files import dumps, parse

    sc = make("services = 8.0", head="year = 2027\ntarget = 8.0")
    years = baseline_years(sc, draws=2000, seed=4)
    assert sorted(years) == [2025, 2026] and all(set(y.growth) == set(LEAVES) for y in years.values())
    chained = run(sc, draws=2000, seed=4)
    for link in chained.chain:            # the baseline's own central growths, to 0.1
        for k in LEAVES:
            assert years[link.year].growth[k].value == pytest.approx(link.contributions[k]["growth_pct"], abs=0.05)
    filled = parse(dumps(replace(sc, years=years)))        # a file the user can edit, and that runs
    assert [c.year for c in run(filled, draws=500).chain] == [2025, 2026]
    assert baseline_years(make(), draws=100) == {}


def test_sweep_refuses_a_chain_in_one_line():
    from scenarios.sweep import run_sweep

    with pytest.raises(ScenarioError, match="line 2, scenario.year: sweep varies a single-year scenario of 2025"):
        run_sweep(make("", head="year = 2026\ntarget = 8"), ["industry=8:9:1"], draws=100)
