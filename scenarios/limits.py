"""The one set of limits on what a user can ask for: scenario files, the app and the CLI share them.

Every number is checked where it enters (`scenarios.scenario.validate`, `dashboards.state`, the
`growthsim scenario|forecast` arguments), before anything is computed or allocated. Written in
docs/scenarios.md ("Limits").
"""
from __future__ import annotations

import math
from typing import Any

GROWTH_LIMITS: tuple[float, float] = (-50.0, 50.0)
"""Annual real growth, % (a sector's or group's growth, a range or distribution's bounds, a normal's
mean, a least-change plan's bounds, the GDP target)."""
QUARTER_LIMITS: tuple[float, float] = GROWTH_LIMITS
"""A known quarter's yoy growth, % (GDP total or a sector: `[known]` in scenario files, the app's quarter
boxes, the scenario CLI that reads the files): the one constant all three check against."""
SD_MAX: float = GROWTH_LIMITS[1] - GROWTH_LIMITS[0]
"""The largest standard deviation of a normal assumption, percentage points."""

MEMORY_BUDGET_BYTES: int = 1 << 30
"""What one scenario run or sweep may allocate for its draws and its grid (1 GiB)."""
BYTES_PER_DRAW: int = 500
"""Peak memory of one Monte Carlo draw in a run (measured: 50 million draws asked for 23.8 GiB)."""
BYTES_PER_SWEEP_POINT: int = 1_000
"""Peak memory of one grid point of a sweep (the grid, the central vectors, the output columns)."""
MAX_DRAWS: int = 2_000_000
"""`--draws` at most (about 1 GiB at BYTES_PER_DRAW); the default is 100,000."""
MAX_SWEEP_POINTS: int = 1_000_000
"""A sweep's grid at most (about 1 GiB at BYTES_PER_SWEEP_POINT), counted before anything is built."""


def finite_number(x: Any) -> bool:
    """True for an int or float (not a bool) that is finite."""
    return not isinstance(x, bool) and isinstance(x, (int, float)) and math.isfinite(x)


def within_growth_limits(x: Any) -> bool:
    """True for a finite number inside GROWTH_LIMITS (both ends included)."""
    return finite_number(x) and GROWTH_LIMITS[0] <= x <= GROWTH_LIMITS[1]


def within_quarter_limits(x: Any) -> bool:
    """True for a finite number inside QUARTER_LIMITS (both ends included)."""
    return finite_number(x) and QUARTER_LIMITS[0] <= x <= QUARTER_LIMITS[1]


def draws_problem(n: Any) -> str | None:
    """None if `n` draws fit the budget, else the one-line reason."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        return f"the number of draws must be a whole number >= 1, got {n!r}"
    if n > MAX_DRAWS:
        return (f"{n:,} draws would need about {n * BYTES_PER_DRAW / 2**30:.1f} GiB; "
                f"at most {MAX_DRAWS:,} draws (docs/scenarios.md, Limits)")
    return None


def sweep_points_problem(points: int) -> str | None:
    """None if a grid of `points` points fits the budget, else the one-line reason."""
    if points > MAX_SWEEP_POINTS:
        return (f"the grid has {points:,} points (about {points * BYTES_PER_SWEEP_POINT / 2**30:.1f} GiB); "
                f"at most {MAX_SWEEP_POINTS:,} (docs/scenarios.md, Limits)")
    return None
