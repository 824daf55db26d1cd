"""The monthly series a backtest runs on: from the store or from a user's long CSV file."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.errors import DataError, GrowthsimError


def _check_months(y: pd.Series, series: str, source: str) -> pd.Series:
    """Sorted, gap-free monthly series (monthly PeriodIndex); a gap is an error naming the missing months."""
    y = pd.Series(y.to_numpy(), index=P.to_index(y.index), name=y.name).sort_index()
    missing = P.missing_months(y.index)
    if missing:
        shown = ", ".join(P.to_strs(missing[:6])) + (" …" if len(missing) > 6 else "")
        raise DataError(f"series {series!r} has {len(missing)} missing month(s): {shown}", source=source)
    return y.astype(float)


def store_series(ids: list[str], root=None) -> dict[str, pd.Series]:
    """Monthly levels of each id from the store (newest vintage), monthly PeriodIndex."""
    from forecast.data.api import catalog, check_series, load

    check_series(ids, root)
    cat = catalog(root).set_index("id")
    out = {}
    for s in ids:
        if cat.loc[s, "freq"] != "M":
            raise GrowthsimError(f"{s} is not a monthly series (frequency {cat.loc[s, 'freq']}); the backtest "
                                 "runs on monthly indicators")
        df = load(s, root=root)
        if df.empty:
            raise GrowthsimError(f"series {s!r} has no observations")
        out[s] = _check_months(pd.Series(df["value"].to_numpy(float), index=df["period"].astype(str), name=s),
                               s, "store")
    return out


def csv_series(path: str | Path, ids: list[str] | None = None) -> dict[str, pd.Series]:
    """Series from a long CSV (`series, period, value`, period YYYY-MM), with the same row-by-row
    checks as ``growthsim forecast --input`` (``forecast.input_csv``). `ids`, when given, picks
    series from the file (an id it does not hold is an error)."""
    from forecast.input_csv import read_input_csv

    data = read_input_csv(path)
    if ids:
        bad = [s for s in ids if s not in data]
        if bad:
            raise DataError(f"series {', '.join(map(repr, bad))} not in the file; it holds {', '.join(data)}",
                            source=str(path))
        data = {s: data[s] for s in dict.fromkeys(ids)}
    return {s: y.astype(float) for s, y in data.items()}
