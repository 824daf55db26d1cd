"""Errors a scenario can raise: each one becomes one line on the CLI (exit status 2), never a traceback."""
from __future__ import annotations

from forecast.errors import GrowthsimError

from scenarios.messages import Message


class ScenarioError(GrowthsimError):
    """A scenario that cannot be read or computed: says which file, line and key.

    `message` may be a `scenarios.messages.Message` (an English str with a key and parameters); it is
    then also `.msg`, which the app writes in the user's language. `str(error)` is unchanged.
    """

    def __init__(self, message: str, *, source: str | None = None, location: str | None = None):
        self.msg: Message | None = message if isinstance(message, Message) else None
        super().__init__(message, source=source, location=location)


class NoBaseDataError(ScenarioError):
    """The scenario year has no full base year (year - 1) in the store."""


class ImpossibleScenarioError(ScenarioError):
    """Assumptions that contradict each other (e.g. a member's growth that its group cannot hold)."""
