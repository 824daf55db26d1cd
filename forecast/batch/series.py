"""Which series a batch runs: the forecastable monthly series of the catalog, or those matching a glob.

*Forecastable* (``forecastable_series``): a monthly **level** series of the catalog
(``forecast.engine.monthly_series_ids``: not a rate in %, not a year-to-date sum, not the trade
balance, which can be negative) that is **current** (its last month is the store's newest month) and
has at least ``forecast.engine.MIN_MONTHS`` = 36 months **without a gap** (the engine fits seasonal
models on a gap-free series). On the shipped store (data to 2025-02) that is 139 of the 166 monthly
level series (38 imports, 35 exports, 28 IIP, 16 CPI, 10 retail, 4 arrivals, 4 transport, 3
investment, real retail); the other 27 are listed by ``excluded_series`` with the reason (too short, has a gap,
ended), and a batch reports them as ``skipped``.
"""
from __future__ import annotations

import fnmatch

import pandas as pd

from forecast import periods as P
from forecast.errors import GrowthsimError


def _level_catalog(root=None) -> pd.DataFrame:
    """The catalog rows (indexed by id) of the monthly level series."""
    from forecast.data.api import catalog
    from forecast.engine import monthly_series_ids

    return catalog(root).set_index("id").loc[monthly_series_ids(root)]


def exclusion_reason(row: pd.Series, newest: pd.Period) -> str | None:
    """Why a monthly level series (its catalog row: first, last, count) is not forecastable, or None."""
    from forecast.engine import MIN_MONTHS

    first, last, count = P.month(row["first"]), P.month(row["last"]), int(row["count"])
    if count < MIN_MONTHS:
        return f"too short: {count} months (need at least {MIN_MONTHS})"
    if (last - first).n + 1 != count:
        return f"has a gap: {count} months between {first} and {last}"
    if last < newest:
        return f"ended: last month {last}, the store runs to {newest}"
    return None


def _reasons(root=None) -> dict[str, str | None]:
    cat = _level_catalog(root)
    if cat.empty:
        return {}
    newest = max(P.month(x) for x in cat["last"])
    return {s: exclusion_reason(row, newest) for s, row in cat.iterrows()}


def forecastable_series(root=None) -> list[str]:
    """Ids of the forecastable monthly series (see the module docstring), sorted."""
    return sorted(s for s, why in _reasons(root).items() if why is None)


def excluded_series(root=None) -> dict[str, str]:
    """{id: reason} of the monthly level series that are not forecastable."""
    return {s: why for s, why in sorted(_reasons(root).items()) if why is not None}


def select_series(patterns: list[str] | None, every: bool, root=None) -> tuple[list[str], dict[str, str]]:
    """(series to run, {series: reason} skipped) for ``--all`` (`every`) or ``--series GLOB`` (`patterns`).

    ``--all``: the forecastable series; the rest are skipped with their reason. ``--series``: every
    monthly level series matching one of the shell-style globs (``'exports.*'``), forecastable or
    not: a series that cannot be fitted then fails with its reason. A glob matching nothing is an
    error naming it."""
    if every:
        return forecastable_series(root), excluded_series(root)
    known = list(_level_catalog(root).index)
    chosen: list[str] = []
    for pat in patterns or []:
        hits = [s for s in known if fnmatch.fnmatchcase(s, pat)]
        if not hits:
            raise GrowthsimError(f"--series {pat!r} matches no monthly level series (see 'growthsim data list')")
        chosen += [s for s in hits if s not in chosen]
    return chosen, {}
