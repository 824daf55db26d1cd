"""Plans (`until`): each year's result, the compound average per draw, P(average), GDP at the end, the
constant growth each key needs, and the outputs of `growthsim scenario run` on a plan file."""
from __future__ import annotations

import io
import json
import subprocess

import numpy as np
import pandas as pd
import pytest
from tests.conftest import growthsim_command
from scenario_helpers import REPO, make, points_toml
from test_scenario_chain import G25, G26, levels_2024

from forecast.data.sectors import GROUPS, LEAVES
from scenarios.chain import simulate_chain
from scenarios.plan import compound_average_pct, run_plan

PLAN_FILE = REPO / "examples" / "scenarios" / "2026_2030_plan_10pct.toml"
G27 = {**G26, "services": 8.5, "manufacturing": 11.0}


def points_plan(extra_growth: str = "", target_average: float = 9.0):
    """A 2026-2027 plan of points: 2025 = G25, 2026 = G26 ([growth]), 2027 overrides two keys."""
    return make(points_toml(G26) + extra_growth,
                head=f"year = 2026\ntarget = 8.0\nuntil = 2027\ntarget_average = {target_average}",
                extra="[years.2025]\n" + points_toml(G25) + "\n[years.2027]\ntarget = 8.5\nservices = 8.5\n"
                      "manufacturing = 11.0")


def test_a_plan_of_points_is_the_chain_by_hand():
    p = run_plan(points_plan(), draws=100, seed=1)
    lv = [levels_2024()]
    for g in (G25, G26, G27):
        lv.append(lv[-1] * (1 + np.array([g[k] for k in LEAVES]) / 100))
    gdp = [(b.sum() / a.sum() - 1) * 100 for a, b in zip(lv, lv[1:])]
    assert [r.year for r in p.years] == [2026, 2027] and [r.year for r in p.chain] == [2025]
    assert [r.target for r in p.years] == [8.0, 8.5]                        # [years.2027] target
    assert [r.gdp_growth["mean"] for r in p.years] == pytest.approx(gdp[1:], abs=1e-9)
    avg = ((1 + gdp[1] / 100) * (1 + gdp[2] / 100)) ** 0.5 * 100 - 100
    assert p.plan["average_growth"]["mean"] == pytest.approx(avg, abs=1e-9)
    assert p.plan["gdp_end"]["index"]["mean"] == pytest.approx(100 * lv[3].sum() / lv[1].sum(), abs=1e-7)
    assert p.plan["gdp_end"]["base_year"] == 2025
    assert p.plan["probability_average"] == (1.0 if avg >= 9.0 else 0.0)


def test_required_constant_reaches_the_average_target():
    target = 9.5
    p = run_plan(points_plan(target_average=target), draws=100, seed=1)
    req = p.plan["required_constant"]
    assert set(req) == set(LEAVES) | set(GROUPS)
    # services at its required growth in both plan years, the rest as set: the average is the target
    sc = make(points_toml({**G26, "services": req["services"]}),
              head=f"year = 2026\ntarget = 8.0\nuntil = 2027\ntarget_average = {target}",
              extra="[years.2025]\n" + points_toml(G25) + "\n[years.2027]\nmanufacturing = 11.0")
    again = run_plan(sc, draws=100, seed=1)
    assert again.plan["average_growth"]["mean"] == pytest.approx(target, abs=1e-5)
    assert req["services"] > max(G26["services"], G27["services"])   # the plan falls short as set


def test_the_average_is_the_compound_average_of_each_draw():
    sc = make("industry = [9.0, 13.0]\nservices = [6.5, 9.0]", head="year = 2026\ntarget = 8.0\nuntil = 2028")
    p = run_plan(sc, draws=3000, seed=7)
    years = simulate_chain(sc, 3000, seed=7)
    g = np.column_stack([y.gdp_draws for y in years if y.year >= 2026])
    hand = (np.prod(1 + g / 100, axis=1) ** (1 / 3) - 1) * 100
    np.testing.assert_allclose(p.average_draws, hand, atol=1e-10)
    np.testing.assert_allclose(compound_average_pct(g), hand, atol=1e-10)
    a = p.plan["average_growth"]
    assert a["mean"] == pytest.approx(hand.mean(), abs=1e-10)
    assert a["p50"] == pytest.approx(np.percentile(hand, 50), abs=1e-10)
    assert p.plan["probability_average"] == pytest.approx(np.mean(hand >= 8.0), abs=1e-12)
    # P(average) is consistent with the years: the average lies between the lowest and highest year per draw
    assert np.all(hand >= g.min(axis=1) - 1e-9) and np.all(hand <= g.max(axis=1) + 1e-9)
    med = run_plan(make("industry = [9.0, 13.0]\nservices = [6.5, 9.0]",
                        head=f"year = 2026\ntarget = 8.0\nuntil = 2028\ntarget_average = {a['p50']}"), 3000, 7)
    assert med.plan["probability_average"] == pytest.approx(0.5, abs=0.01)


def test_plan_json_contract():
    d = run_plan(points_plan(), draws=100, seed=1).to_dict()
    assert [y["year"] for y in d["years"]] == [2026, 2027] and [c["year"] for c in d["chain"]] == [2025]
    for y in d["years"]:
        assert {"gdp_growth", "probability_reach", "contributions", "required", "target"} <= set(y)
    assert {"average_growth", "probability_average", "required_constant", "gdp_end"} <= set(d["plan"])
    assert {"mean", "p5", "p50", "p95"} <= set(d["plan"]["average_growth"])


def test_the_example_plan_through_the_installed_command(tmp_path):
    cmd = [*growthsim_command(), "scenario", "run", str(PLAN_FILE), "--draws", "4000"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert [y["year"] for y in d["years"]] == [2026, 2027, 2028, 2029, 2030] and d["chain"][0]["year"] == 2025
    assert d["years"][0]["target"] == 8.5 and d["years"][1]["target"] == 10.0
    assert 0 <= d["plan"]["probability_average"] <= 1 and d["plan"]["investment"]["icor"] > 0
    csv = subprocess.run(cmd + ["--format", "csv"], capture_output=True, text=True, cwd=REPO, timeout=300)
    df = pd.read_csv(io.StringIO(csv.stdout))
    assert set(df["year"]) == set(range(2025, 2031))
    assert {"years", "contributions", "plan_summary", "required_constant"} <= set(df["table"])
    xlsx = tmp_path / "plan.xlsx"
    assert subprocess.run(cmd + ["-o", str(xlsx)], cwd=REPO, timeout=300).returncode == 0
    book = pd.read_excel(xlsx, sheet_name=None)
    assert {"plan_summary", "years", "required_constant", "contributions", "investment"} <= set(book)
    assert list(book["years"]["year"]) == list(range(2025, 2031))
    text = subprocess.run(cmd + ["--format", "text"], capture_output=True, text=True, cwd=REPO, timeout=300).stdout
    assert "Average 2026-2030 (compound)" in text and "2025*" in text


def test_a_bad_plan_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario]\nyear = 2026\ntarget = 10\nuntil = 2040\n", encoding="utf-8")
    out = subprocess.run([*growthsim_command(), "scenario", "run", str(bad)], capture_output=True, text=True,
                         cwd=REPO, timeout=120)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip().count("\n") == 0 and "line 4, scenario.until" in out.stderr
    assert "a plan covers at most 10 years; 2026-2040 is 15" in out.stderr
