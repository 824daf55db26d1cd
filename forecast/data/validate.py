"""What an imported observation may be: a real vintage, a finite value in its unit's range, a sane period.

One place for the rules the importers (SDMX, release workbooks, ``--vintage``) and the build share:

* a **vintage** is a real date ``YYYY-MM-DD``, not before 1990-01-01 and not after today in
  Hanoi (UTC+7, where GSO publishes);
* a **period** starts in 1990 or later and not after the vintage's month (a release dated
  2024-10-29 may hold October 2024, not November; ``2999Q1`` is refused);
* a **value** is finite and inside the plausible range of its unit (`UNIT_RANGES`).

Refusals are DataErrors naming the file and the observation (series, period, row label).
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.errors import DataError

FIRST_YEAR = 1990
HANOI = dt.timezone(dt.timedelta(hours=7))

#: Plausible values per unit: (unit prefix, lowest, highest), first matching prefix wins. Rates in
#: percent (growth, shares; the store's widest official one is +258,638% for arrivals by sea in 2023-03,
#: up from a few hundred ship visitors in 2022-03; among the older families +6,437% for an export line),
#: index levels, and money levels (positive, below about 100 times today's largest values).
UNIT_RANGES: tuple[tuple[str, float, float], ...] = (
    ("%", -100.0, 1_000_000.0),
    ("index", 0.0, 10_000.0),
    ("billion VND", 0.0, 1e9),
    ("million USD", 0.0, 1e7),
    ("visits", 0.0, 1e9),
    ("thousand passengers", 0.0, 1e8),
    ("thousand tonnes", 0.0, 1e8),
    ("million passenger-km", 0.0, 1e7),
    ("million tonne-km", 0.0, 1e7),
)


def today() -> str:
    """Today's date in Hanoi, YYYY-MM-DD."""
    return dt.datetime.now(HANOI).date().isoformat()


def check_vintage(vintage: object, source: str | None = None, location: str | None = None,
                  field: str = "vintage") -> str:
    """`vintage` if it is a real date from 1990 to today (Hanoi); a DataError naming `field` if not."""
    if not isinstance(vintage, str) or not P.is_date(vintage):
        raise DataError(f"{field} must be a real date YYYY-MM-DD, got {vintage!r}", source=source, location=location)
    if vintage < f"{FIRST_YEAR}-01-01":
        raise DataError(f"{field} {vintage} is before {FIRST_YEAR}", source=source, location=location)
    now = today()
    if vintage > now:
        raise DataError(f"{field} {vintage} is in the future (today is {now})", source=source, location=location)
    return vintage


def unit_range(unit: str) -> tuple[float, float] | None:
    """(lowest, highest) plausible value of `unit`, or None if `UNIT_RANGES` has no entry."""
    for prefix, lo, hi in UNIT_RANGES:
        if str(unit).startswith(prefix):
            return lo, hi
    return None


def start_month(period: str) -> str:
    """First month 'YYYY-MM' of a period 'YYYY-MM', 'YYYYQn' or 'YYYY' (ValueError otherwise)."""
    f = P.freq_of(period)
    if f == "M":
        return period
    if f == "Q":
        return f"{period[:4]}-{3 * int(period[5]) - 2:02d}"
    return f"{period}-01"


def _where(row: pd.Series) -> str:
    item = row.get("item")
    return f"series {row['series']}, period {row['period']}" + (f", row {item!r}" if item else "")


def check_observations(obs: pd.DataFrame, source: str) -> pd.DataFrame:
    """Refuse the first observation that breaks a rule of this module; returns `obs` unchanged.

    Checks official rows only (derived values are computed by growthsim from checked ones).
    """
    if obs.empty:
        return obs
    df = obs[obs["status"] != "derived"] if "status" in obs else obs
    for p in df["period"].unique():
        try:
            start_month(p)
        except (ValueError, TypeError):
            row = df[df["period"] == p].iloc[0]
            raise DataError(f"period {p!r} is not a month YYYY-MM, a quarter YYYYQn or a year YYYY",
                            source=source, location=_where(row)) from None
    for v in df["vintage"].unique():
        row = df[df["vintage"] == v].iloc[0]
        check_vintage(v, source, _where(row))
    values = pd.to_numeric(df["value"], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        row = df.iloc[int(np.argmax(bad))]
        raise DataError(f"value {row['value']!r} is not a finite number", source=source, location=_where(row))
    for unit in df["unit"].unique():
        rng = unit_range(unit)
        sel = (df["unit"] == unit).to_numpy()
        if rng is None:
            row = df[sel].iloc[0]
            raise DataError(f"unit {unit!r} has no plausible range (forecast/data/validate.py UNIT_RANGES)",
                            source=source, location=_where(row))
        lo, hi = rng
        out = sel & ((values < lo) | (values > hi))
        if out.any():
            row = df.iloc[int(np.argmax(out))]
            raise DataError(f"value {float(row['value']):.6g} is outside the plausible range for {unit} "
                            f"({lo:g} to {hi:g})", source=source, location=_where(row))
    starts = df["period"].map(start_month)
    early = (starts < f"{FIRST_YEAR}-01").to_numpy()
    if early.any():
        row = df.iloc[int(np.argmax(early))]
        raise DataError(f"period {row['period']} is before {FIRST_YEAR}", source=source, location=_where(row))
    late = (starts > df["vintage"].str[:7]).to_numpy()
    if late.any():
        row = df.iloc[int(np.argmax(late))]
        raise DataError(f"period {row['period']} starts after the month of its vintage {row['vintage']} "
                        "(a release cannot hold data of a later month)", source=source, location=_where(row))
    return obs

