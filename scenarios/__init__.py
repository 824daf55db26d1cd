"""Scenario engine: GDP by sector with the office's arithmetic, Monte Carlo over assumptions, required growth.

    import scenarios
    sc = scenarios.load("examples/scenarios/2025_target_8pct.toml")
    res = scenarios.run(sc, draws=100_000, seed=1)
    res.probability_reach, res.required["industry"], res.to_dict()

See docs/scenarios.md.
"""
from scenarios.files import dumps, load, parse
from scenarios.result import Result
from scenarios.runner import DEFAULT_DRAWS, DEFAULT_SEED, run
from scenarios.scenario import Scenario

__all__ = ["dumps", "load", "parse", "run", "Result", "Scenario", "DEFAULT_DRAWS", "DEFAULT_SEED"]
