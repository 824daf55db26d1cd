"""Errors a user can cause (bad files, unknown series, impossible options).

Every layer raises these; the CLI and the app turn them into one clear sentence, never a traceback.
"""
from __future__ import annotations


class GrowthsimError(Exception):
    """A user-facing error: says what is wrong and where (file, sheet/row, field)."""

    def __init__(self, message: str, *, source: str | None = None, location: str | None = None):
        self.message = message
        self.source = source
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ": ".join(p for p in (self.source, self.location) if p)
        return f"{where}: {self.message}" if where else self.message


class DataError(GrowthsimError):
    """A raw or imported data file that cannot be read as official statistics."""


class UnknownSeriesError(GrowthsimError):
    """A series id that the catalog does not hold."""
