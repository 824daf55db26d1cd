"""The monthly series a backtest runs on: from the store or from a user's long CSV file."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from forecast.backtest.origins import _MONTH, month_index, month_str
from forecast.errors import DataError, GrowthsimError


def _check_months(y: pd.Series, series: str, source: str) -> pd.Series:
    """Sorted, gap-free monthly series; a gap is an error naming the missing months."""
    y = y.sort_index()
    idx = [month_index(p) for p in y.index]
    missing = sorted(set(range(idx[0], idx[-1] + 1)) - set(idx))
    if missing:
        shown = ", ".join(month_str(i) for i in missing[:6]) + (" …" if len(missing) > 6 else "")
        raise DataError(f"series {series!r} has {len(missing)} missing month(s): {shown}", source=source)
    return y.astype(float)


def store_series(ids: list[str], root=None) -> dict[str, pd.Series]:
    """Monthly levels of each id from the store (newest vintage), indexed by 'YYYY-MM'."""
    from forecast.data.api import catalog, load

    from forecast.data.api import check_series
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
    """Series from a long CSV (`series, period, value`, period YYYY-MM). Errors name the row.

    `ids`, when given, picks series from the file (an id it does not hold is an error).
    """
    path = Path(path)
    src = str(path)
    if not path.is_file():
        raise DataError("file not found", source=src)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"not a readable CSV file ({exc})", source=src) from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    need = ["series", "period", "value"]
    miss = [c for c in need if c not in df.columns]
    if miss:
        raise DataError(f"missing column(s) {', '.join(miss)}; expected columns series, period, value", source=src)
    if df.empty:
        raise DataError("no rows", source=src)
    for i, row in enumerate(df[need].itertuples(index=False), start=2):  # row 1 is the header
        s, p, v = (str(x).strip() for x in row)
        if not s:
            raise DataError("empty series id", source=src, location=f"row {i}")
        if not _MONTH.match(p):
            raise DataError(f"period {p!r} is not a month YYYY-MM", source=src, location=f"row {i}")
        try:
            val = float(v)
        except ValueError:
            raise DataError(f"value {v!r} is not a number", source=src, location=f"row {i}") from None
        if not np.isfinite(val):
            raise DataError(f"value {v!r} is not a finite number", source=src, location=f"row {i}")
    df = df.assign(series=df["series"].str.strip(), period=df["period"].str.strip(),
                   value=df["value"].astype(float), _row=np.arange(2, len(df) + 2))
    dup = df[df.duplicated(["series", "period"], keep="first")]
    if len(dup):
        r = dup.iloc[0]
        raise DataError(f"duplicate {r['series']} {r['period']} (another row has the same series and month)",
                        source=src, location=f"row {r['_row']}")
    held = list(dict.fromkeys(df["series"]))
    if ids:
        bad = [s for s in ids if s not in held]
        if bad:
            raise DataError(f"series {', '.join(map(repr, bad))} not in the file; it holds {', '.join(held)}",
                            source=src)
        held = ids
    return {s: _check_months(df[df["series"] == s].set_index("period")["value"], s, src) for s in held}
