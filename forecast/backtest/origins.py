"""Rolling forecast origins: one month after another (months are ``forecast.periods``)."""
from __future__ import annotations

from forecast import periods as P
from forecast.errors import GrowthsimError


def monthly_origins(start: str, end: str) -> list[str]:
    """Rolling forecast origins 'YYYY-MM', one per month from `start` to `end` inclusive."""
    a, b = P.month(start, "--start"), P.month(end, "--end")
    if b < a:
        raise GrowthsimError(f"--end {end} is before --start {start}")
    return P.to_strs(P.month_range(a, b))
