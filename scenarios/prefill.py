"""A year's assumptions filled from the baseline, for a user to edit: what the app's "Fill YYYY from the
baseline" button writes into a scenario's `[years.YYYY]` table.

A scenario for a year after the data's last full year stands on estimates of the years between (for a
2026 scenario on data that end in 2025-02: the estimates of 2025). The best start a user has for those
estimates is the baseline itself: each leaf sector's growth in the baseline scenario of that year (every
sector unset: the forecast engine's central growth, or its three-year-average fallback when the engine
cannot run, conditioned on the year's published quarters when given), % rounded to 0.1 as a person
would type it. Groups are left out: they follow from their members.
"""
from __future__ import annotations

from forecast.data.sectors import LEAVES

from scenarios.runner import DEFAULT_DRAWS, run
from scenarios.scenario import Scenario

DECIMALS = 1            # growth % as typed: one decimal


def baseline_estimates(year: int, root: str | None = None, vintage: str | None = None,
                       draws: int = DEFAULT_DRAWS, seed: int | None = None, known: dict[int, float] | None = None,
                       known_sectors: dict[int, dict[str, float]] | None = None) -> dict[str, float]:
    """{leaf sector: growth %, rounded to 0.1} of the baseline scenario of `year` (`growthsim scenario run`
    on a file with only `year` and its `known` quarters: the same numbers as its contributions'
    growth_pct; the published quarters condition the baseline). GrowthsimError (e.g. no base-year data
    for `year`) when `year` has no baseline."""
    sc = Scenario(name="baseline", year=year, target=0.0, vintage=vintage, known=dict(known or {}),
                  known_sectors={q: dict(v) for q, v in (known_sectors or {}).items()})
    res = run(sc, draws=draws, seed=seed, root=root)
    return {k: round(float(res.contributions[k]["growth_pct"]), DECIMALS) for k in LEAVES}
