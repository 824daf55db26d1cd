"""Periods: one type for months and quarters, ``pandas.Period`` with frequency 'M' or 'Q'.

Inside growthsim a month is ``pd.Period('2024-05', 'M')`` and a quarter ``pd.Period('2024Q2', 'Q')``;
a series of months has a ``pd.PeriodIndex``. Text ('YYYY-MM', 'YYYYQn', 'YYYY') appears only at the
edges: what a user types, the store's and the cache's files, and output tables (CSV, JSON, xlsx).

* parse, strictly: ``month(text, field)``, ``quarter(text, field)``, ``date(text, field)``; a bad
  value is a ``GrowthsimError`` naming the field ("--origin must be a month YYYY-MM, got '2024-13'").
  ``is_month``, ``is_quarter``, ``is_date``, ``freq_of`` test without raising.
* arithmetic: ``shift``, ``months_between``, ``quarters_between``, ``month_range``,
  ``quarter_range``, ``missing_months``, ``quarter_of``, ``months_of``, ``year_months``,
  ``last_month`` (of a month, a quarter or a year).
* text: ``to_str``, ``to_strs``; indexes: ``to_index`` (text or periods -> PeriodIndex),
  ``str_index`` (PeriodIndex -> text index).

The functions taking a period accept a ``pd.Period`` or its text, so edges can hand text in.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from forecast.errors import GrowthsimError

MONTH = "M"
QUARTER = "Q"
#: The month pattern: written here once, every other module asks this one.
_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR_RE = re.compile(r"^\d{4}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------- tests and strict parsers

def _freq(p: pd.Period) -> str:
    return p.freqstr[0]


def is_month(value) -> bool:
    """True for a 'YYYY-MM' string (01..12) or a monthly ``pd.Period``."""
    if isinstance(value, pd.Period):
        return _freq(value) == MONTH
    return isinstance(value, str) and bool(_MONTH_RE.match(value))


def is_quarter(value) -> bool:
    """True for a 'YYYYQn' string (n = 1..4) or a quarterly ``pd.Period``."""
    if isinstance(value, pd.Period):
        return _freq(value) == QUARTER
    return isinstance(value, str) and bool(_QUARTER_RE.match(value))


def is_date(value) -> bool:
    """True for a calendar date written 'YYYY-MM-DD' (a day that exists)."""
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def freq_of(text: str) -> str:
    """Frequency letter of a period string: 'M' (YYYY-MM), 'Q' (YYYYQn) or 'A' (YYYY); ValueError otherwise."""
    if is_month(text):
        return MONTH
    if is_quarter(text):
        return QUARTER
    if isinstance(text, str) and _YEAR_RE.match(text):
        return "A"
    raise ValueError(f"not a period (YYYY-MM, YYYYQn or YYYY): {text!r}")


_WRITTEN = {MONTH: "a month YYYY-MM", QUARTER: "a quarter YYYYQn"}


def _parse(value, freq: str, field: str, source: str | None, location: str | None) -> pd.Period:
    if isinstance(value, pd.Period) and _freq(value) == freq:
        return value
    ok = is_month(value) if freq == MONTH else is_quarter(value)
    if not ok:
        raise GrowthsimError(f"{field} must be {_WRITTEN[freq]}, got {_shown(value)}", source=source,
                             location=location)
    return pd.Period(value, freq=freq)


def month(value, field: str = "month", *, source: str | None = None, location: str | None = None) -> pd.Period:
    """The month `value` ('YYYY-MM' or a monthly Period) as a ``pd.Period``; a GrowthsimError
    naming `field` (and `source`, `location` when given) if it is not one."""
    return _parse(value, MONTH, field, source, location)


def quarter(value, field: str = "quarter", *, source: str | None = None, location: str | None = None) -> pd.Period:
    """The quarter `value` ('YYYYQn' or a quarterly Period) as a ``pd.Period``; a GrowthsimError
    naming `field` (and `source`, `location` when given) if it is not one."""
    return _parse(value, QUARTER, field, source, location)


def date(value, field: str = "date", *, source: str | None = None, location: str | None = None) -> str:
    """`value` if it is a date 'YYYY-MM-DD' (release dates stay text); a GrowthsimError naming `field` if not."""
    if not is_date(value):
        raise GrowthsimError(f"{field} must be a date YYYY-MM-DD, got {value!r}", source=source, location=location)
    return value


def _shown(value) -> str:
    return repr(to_str(value)) if isinstance(value, pd.Period) else repr(value)


def period(value, field: str = "period") -> pd.Period:
    """A month or a quarter (text or Period) as a ``pd.Period``."""
    if isinstance(value, pd.Period):
        return value
    if is_month(value):
        return pd.Period(value, freq=MONTH)
    if is_quarter(value):
        return pd.Period(value, freq=QUARTER)
    raise GrowthsimError(f"{field} must be a month YYYY-MM or a quarter YYYYQn, got {value!r}")


# --------------------------------------------------------------------------- text

def to_str(p) -> str:
    """'YYYY-MM' of a month, 'YYYYQn' of a quarter, 'YYYY' of a year (text is returned as is)."""
    return p if isinstance(p, str) else str(p)


def to_strs(ps: Iterable) -> list[str]:
    """Text of each period."""
    return [to_str(p) for p in ps]


def to_index(values: Iterable, freq: str = MONTH, field: str = "period") -> pd.PeriodIndex:
    """A PeriodIndex of months (`freq` 'M') or quarters ('Q') from text or periods; the first value
    that is not one is a GrowthsimError naming `field`."""
    if isinstance(values, pd.PeriodIndex) and _freq_of_index(values) == freq:
        return values
    parse = month if freq == MONTH else quarter
    return pd.PeriodIndex([parse(v, field) for v in values], freq=freq, name=getattr(values, "name", None))


def _freq_of_index(idx: pd.PeriodIndex) -> str:
    return idx.freqstr[0]


def str_index(index: Iterable) -> pd.Index:
    """The text index ('YYYY-MM' / 'YYYYQn') of a PeriodIndex (for files and output tables)."""
    return pd.Index(to_strs(index), dtype=object, name=getattr(index, "name", None))


# --------------------------------------------------------------------------- arithmetic

def shift(p, k: int) -> pd.Period:
    """`p` (a month or a quarter) plus `k` of its own steps."""
    return period(p) + int(k)


def months_between(a, b) -> int:
    """Months from `a` to `b` (b - a; negative when b is earlier)."""
    return month(b).ordinal - month(a).ordinal


def quarters_between(a, b) -> int:
    """Quarters from `a` to `b` (b - a; negative when b is earlier)."""
    return quarter(b).ordinal - quarter(a).ordinal


def quarter_range(start, end) -> pd.PeriodIndex:
    """Every quarter from `start` to `end`, inclusive (empty when end < start)."""
    a, b = quarter(start, "start"), quarter(end, "end")
    if b < a:
        return pd.PeriodIndex([], freq=QUARTER)
    return pd.period_range(a, b, freq=QUARTER)


def month_range(start, end) -> pd.PeriodIndex:
    """Every month from `start` to `end`, inclusive (empty when end < start)."""
    a, b = month(start, "start"), month(end, "end")
    if b < a:
        return pd.PeriodIndex([], freq=MONTH)
    return pd.period_range(a, b, freq=MONTH)


def missing_months(ps: Iterable) -> list[pd.Period]:
    """The months absent between the earliest and the newest of `ps`."""
    have = {month(p) for p in ps}
    if not have:
        return []
    return [m for m in month_range(min(have), max(have)) if m not in have]


def quarter_of(m) -> pd.Period:
    """The quarter holding month `m`."""
    return month(m).asfreq(QUARTER)


def months_of(q) -> pd.PeriodIndex:
    """The three months of quarter `q`."""
    q = quarter(q)
    return pd.period_range(q.asfreq(MONTH, "start"), q.asfreq(MONTH, "end"), freq=MONTH)


def year_months(year: int) -> pd.PeriodIndex:
    """January..December of `year`."""
    return pd.period_range(f"{int(year):04d}-01", f"{int(year):04d}-12", freq=MONTH)


def last_month(p) -> pd.Period:
    """The last month of a month (itself), a quarter, or a year (an int, 'YYYY' or an annual Period)."""
    if isinstance(p, (int, np.integer)) and not isinstance(p, bool):
        return pd.Period(f"{int(p):04d}-12", freq=MONTH)
    if isinstance(p, str) and _YEAR_RE.match(p):
        return pd.Period(f"{p}-12", freq=MONTH)
    if isinstance(p, pd.Period) and _freq(p) in ("A", "Y"):
        return p.asfreq(MONTH, "end")
    return period(p).asfreq(MONTH, "end")
