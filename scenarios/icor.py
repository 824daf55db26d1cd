"""The investment a growth path needs: investment share of GDP (%) = ICOR x real GDP growth (%).

The ICOR is the scenario's `icor` (in [scenario]) or the historical one (`forecast.gdp.icor.default_icor`:
the last five years without 2020-21, mean investment share over mean growth). Applied to every draw
of a year's GDP growth it gives the distribution of the share of GDP that would have to be invested
(total social investment, current prices) for that growth: {icor, icor_source, icor_years,
share_needed_pct {mean, p10, p50, p90}}. Read it as an order of magnitude: the ICOR is an average
ratio, not a production function (see docs/scenarios.md, "Investment a path needs").
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from forecast.errors import GrowthsimError
from forecast.gdp.icor import DEFAULT_WINDOW, default_icor
from scenarios.result import Result
from scenarios.scenario import Scenario

PERCENTILES = (10, 50, 90)


def chosen_icor(scenario: Scenario, root=None) -> tuple[float, str, list[int]]:
    """(ICOR, where it comes from, the historical years used: [] for the file's own)."""
    if scenario.icor is not None:
        return float(scenario.icor), "scenario (icor in [scenario])", []
    value, years = default_icor(None if root is None else str(root))
    return float(value), f"historical: {DEFAULT_WINDOW}-year mean {years[0]}-{years[-1]} without 2020-21", years


def share_needed(icor: float, growth_draws: np.ndarray) -> dict[str, float]:
    """Investment share of GDP needed, % (mean, p10, p50, p90): ICOR x each draw's growth."""
    s = icor * np.asarray(growth_draws, dtype=float)
    q = np.percentile(s, PERCENTILES)
    return {"mean": float(s.mean()), **{f"p{p}": float(v) for p, v in zip(PERCENTILES, q)}}


def investment(scenario: Scenario, growth_draws: np.ndarray, root=None) -> dict | None:
    """{icor, icor_source, icor_years, share_needed_pct} for growth draws (%), or None when no ICOR
    can be computed from the store (and the file gives none)."""
    try:
        icor, source, years = chosen_icor(scenario, root)
    except (GrowthsimError, KeyError, ValueError, IndexError):
        return None
    if not np.isfinite(icor):
        return None
    return {"icor": icor, "icor_source": source, "icor_years": years,
            "share_needed_pct": share_needed(icor, growth_draws)}


def with_investment(result: Result, scenario: Scenario, growth_draws: np.ndarray, root=None) -> Result:
    """`result` with its `investment` filled in from its GDP growth draws."""
    return replace(result, investment=investment(scenario, growth_draws, root))


def plan_investment(scenario: Scenario, average_draws: np.ndarray, root=None) -> dict | None:
    """The investment share of GDP the plan's average growth needs (each year at that growth)."""
    return investment(scenario, average_draws, root)
