"""Errors a scenario can raise: each one becomes one line on the CLI (exit status 2), never a traceback."""
from __future__ import annotations

from forecast.errors import GrowthsimError


class ScenarioError(GrowthsimError):
    """A scenario that cannot be read or computed: says which file, line and key."""


class NoBaseDataError(ScenarioError):
    """The scenario year has no full base year (year - 1) in the store."""


class ImpossibleScenarioError(ScenarioError):
    """Assumptions that contradict each other (e.g. a member's growth that its group cannot hold)."""
