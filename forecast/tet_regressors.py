"""Calendar regressors for monthly models: the Tết (Lunar New Year) shift and the COVID-19 months.

Tết moves between late January and mid February, and with it output, trade and retail move between
January, February and March. Rather than leave that as noise, every monthly model gets, per month:

* ``tet_holiday`` — the share of the official Tết holiday days (``holiday_first``..``holiday_last``
  from ``forecast.data.api.tet_dates()``) that fall in the month. Factories and ports close, so
  output and exports fall in the month holding most of the holiday. The shares of one year sum to 1.
* ``tet_pre`` — the share of the ``PRE_TET_DAYS`` = 21 days (three weeks) before ``holiday_first``
  that fall in the month: the pre-Tết rush (year-end bonuses, gift and food shopping, orders shipped
  before the break). Three weeks because GSO's monthly releases describe the Tết shopping season
  as the two to three weeks before the holiday; a longer window would mostly overlap January every
  year and so be absorbed by the seasonal pattern.
* ``tet_post`` — the share of the ``POST_TET_DAYS`` = 7 days after ``holiday_last`` in the month:
  workers return late and plants restart slowly in the week after the official break.

Since the shares of each window sum to one within a year, the seasonal part of a model absorbs the
average Jan/Feb pattern and the regressors carry the year-to-year shift.

COVID-19: pulse dummies (1 in the month, 0 elsewhere, 0 in the future) for the months when
nationwide or southern lockdowns stopped output and shops: ``2020-04`` (nationwide social
distancing, Directive 16, 1-22 April 2020) and ``2021-07`` … ``2021-10`` (the Delta-wave lockdowns
of Ho Chi Minh City and the southern provinces, 9 July to 30 September 2021, with restarts in
October). A pulse per month is equivalent to treating those months as missing when the model
estimates its seasonal pattern and trend, so the shock does not distort either. Pulses are only
included when the training sample holds the month (a constant column cannot be estimated).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from forecast.cache import memoize
from forecast.periods import to_str, to_strs

PRE_TET_DAYS = 21
POST_TET_DAYS = 7
TET_COLUMNS = ("tet_holiday", "tet_pre", "tet_post")
COVID_MONTHS = ("2020-04", "2021-07", "2021-08", "2021-09", "2021-10")


@memoize(maxsize=2)
def _tet_table(root: str | None) -> pd.DataFrame:
    """The store's Tết table by year (memoised per store content)."""
    from forecast.data.api import tet_dates
    from forecast.errors import GrowthsimError

    try:
        t = tet_dates(root)
    except GrowthsimError:  # no store at root: the table is computed from the calendar
        from forecast.data.tet import tet_table
        t = tet_table()
    return t.set_index("year")


def _month_shares(first: dt.date, last: dt.date) -> dict[str, float]:
    """Share of the days first..last (inclusive) falling in each month, keyed 'YYYY-MM'."""
    days = pd.date_range(first, last, freq="D")
    counts = pd.Series(1.0, index=days.strftime("%Y-%m")).groupby(level=0).sum()
    return (counts / counts.sum()).to_dict()


@memoize(maxsize=4)
def _shares_by_month(root: str | None) -> dict[str, tuple[float, float, float]]:
    """{'YYYY-MM': (holiday, pre, post) shares} for every month touched by a Tết window (memoised per
    store content: a new Tết table in the store is used at the next call)."""
    table = _tet_table(root)
    out: dict[str, list[float]] = {}
    for _, row in table.iterrows():
        first = dt.date.fromisoformat(row["holiday_first"])
        last = dt.date.fromisoformat(row["holiday_last"])
        windows = (
            (first, last),                                                               # tet_holiday
            (first - dt.timedelta(days=PRE_TET_DAYS), first - dt.timedelta(days=1)),     # tet_pre
            (last + dt.timedelta(days=1), last + dt.timedelta(days=POST_TET_DAYS)),      # tet_post
        )
        for j, (a, b) in enumerate(windows):
            for month, share in _month_shares(a, b).items():
                out.setdefault(month, [0.0, 0.0, 0.0])[j] += share
    return {m: tuple(v) for m, v in out.items()}


TetShares = dict[str, tuple[float, float, float]]


def tet_shares(root=None) -> TetShares:
    """The store's Tết shares as plain data ({'YYYY-MM': (holiday, pre, post)}): what a batch task is
    given instead of the store's path (``forecast.batch``), so a worker on another machine builds the
    same regressors."""
    return dict(_shares_by_month(str(root) if root is not None else None))


def tet_regressors(periods: Sequence, root=None, shares: TetShares | None = None) -> pd.DataFrame:
    """Columns ``tet_holiday, tet_pre, tet_post`` (shares in 0..1) for the months `periods` (Periods or
    'YYYY-MM'), from the store at `root`, or from `shares` (``tet_shares()``) when given."""
    if shares is None:
        shares = _shares_by_month(str(root) if root is not None else None)
    periods = list(periods)
    zero = (0.0, 0.0, 0.0)
    values = np.array([shares.get(to_str(p), zero) for p in periods], dtype=float).reshape(len(periods), 3)
    return pd.DataFrame(values, index=pd.Index(periods, name="period"), columns=list(TET_COLUMNS))


def covid_dummies(periods: Sequence, train_periods: Sequence | None = None) -> pd.DataFrame:
    """One pulse column ``covid_YYYY_MM`` per COVID month that lies in `train_periods` (default: `periods`)."""
    periods = list(periods)
    train = set(to_strs(train_periods if train_periods is not None else periods))
    text = to_strs(periods)
    cols = {f"covid_{m.replace('-', '_')}": [1.0 if p == m else 0.0 for p in text]
            for m in COVID_MONTHS if m in train}
    return pd.DataFrame(cols, index=pd.Index(periods, name="period"), dtype="float64")


def calendar_exog(train_periods: Sequence, future_periods: Sequence = (), root=None,
                  shares: TetShares | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Default regressors: Tết shares and COVID pulses for training and future months.

    Returns (X_train, X_future) with the same columns; pulses for COVID months outside the
    training sample are left out, and a COVID month that is the sample's last one is kept (its
    pulse then simply discards that observation).
    """
    train_periods, future_periods = list(train_periods), list(future_periods)
    allp = train_periods + future_periods
    tet = tet_regressors(allp, root, shares)
    cov = covid_dummies(allp, train_periods)
    X = pd.concat([tet, cov], axis=1)
    # Drop columns that are constant (e.g. no variation) on the training months.
    Xt = X.iloc[: len(train_periods)]
    keep = [c for c in X.columns if np.ptp(Xt[c].to_numpy()) > 0]
    X = X[keep]
    return X.iloc[: len(train_periods)], X.iloc[len(train_periods):]
