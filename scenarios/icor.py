"""The investment a growth path needs: investment share of GDP (%) = ICOR x real GDP growth (%).

(Filled in by the ICOR step: the historical ICOR from `forecast.gdp.icor`.)
"""
from __future__ import annotations

import numpy as np

from scenarios.scenario import Scenario


def plan_investment(scenario: Scenario, average_draws: np.ndarray, root=None) -> dict | None:
    """The investment share of GDP the plan's average growth needs (None while no ICOR is known)."""
    return None
