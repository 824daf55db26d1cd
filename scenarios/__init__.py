"""Scenario engine: GDP by sector with the office's arithmetic, Monte Carlo over assumptions, required growth.

    import scenarios
    sc = scenarios.load("examples/scenarios/2025_target_8pct.toml")
    res = scenarios.run(sc, draws=100_000, seed=1)
    res.probability_reach, res.required["industry"], res.to_dict()
    plan = scenarios.run_plan(scenarios.load("examples/scenarios/2026_2030_plan_10pct.toml"))
    plan.plan["probability_average"], [y.gdp_growth["mean"] for y in plan.years]

See docs/scenarios.md.
"""
from scenarios.files import dumps, load, parse
from scenarios.plan import PlanResult, run_plan
from scenarios.result import Result
from scenarios.runner import DEFAULT_DRAWS, DEFAULT_SEED, run
from scenarios.scenario import Scenario, YearSpec

__all__ = ["dumps", "load", "parse", "run", "run_plan", "Result", "PlanResult", "Scenario", "YearSpec",
           "DEFAULT_DRAWS", "DEFAULT_SEED"]
