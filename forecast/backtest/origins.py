"""Monthly periods as 'YYYY-MM' strings: rolling origins and month arithmetic."""
from __future__ import annotations

import re

from forecast.errors import GrowthsimError

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_month(value: str, name: str) -> str:
    """Return `value` if it is a month YYYY-MM, else raise a GrowthsimError naming the option."""
    if not isinstance(value, str) or not _MONTH.match(value):
        raise GrowthsimError(f"{name} must be a month YYYY-MM, got {value!r}")
    return value


def month_index(period: str) -> int:
    """Months since year 0: '2024-01' -> 2024 * 12."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def month_str(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def add_months(period: str, n: int) -> str:
    return month_str(month_index(period) + n)


def month_range(start: str, end: str) -> list[str]:
    """Every month from `start` to `end`, inclusive (empty when end < start)."""
    return [month_str(i) for i in range(month_index(start), month_index(end) + 1)]


def monthly_origins(start: str, end: str) -> list[str]:
    """Rolling forecast origins, one per month from `start` to `end` inclusive."""
    check_month(start, "--start")
    check_month(end, "--end")
    if month_index(end) < month_index(start):
        raise GrowthsimError(f"--end {end} is before --start {start}")
    return month_range(start, end)
