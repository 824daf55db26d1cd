"""A user's own monthly series from a CSV file (``--input FILE.csv``), checked row by row.

Format: long, with a header ``series,period,value`` (other columns are ignored); ``period`` is a
month ``YYYY-MM``; one or more series. Example (a province's retail sales, billion VND)::

    series,period,value
    retail_binhduong,2019-01,20145.2
    retail_binhduong,2019-02,19012.7

Every problem is a ``GrowthsimError`` naming the file and the row (row 1 = the first data row,
i.e. line 2 of the file): a missing column, a period that is not a month, a value that is not a
number, the same series and month twice, a gap (the missing months are named). Values may use a
dot decimal (``1234.5``); a thousands separator is not accepted (write ``351640``, not ``351,640``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.input_files import check_regular_file

REQUIRED = ("series", "period", "value")


def read_input_csv(path: str | Path) -> dict[str, pd.Series]:
    """{series id: level series with a monthly PeriodIndex} from the file, after all checks."""
    path = Path(path)
    src = str(path)
    if not path.exists():
        raise GrowthsimError("file not found", source=src)
    check_regular_file(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise GrowthsimError(f"not a readable CSV file ({str(exc).splitlines()[0]})", source=src) from None
    except OSError as exc:
        raise GrowthsimError(f"cannot read the file: {exc.strerror or exc}", source=src) from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise GrowthsimError(f"missing column(s) {', '.join(missing)}; the header must hold "
                             f"series,period,value (found {', '.join(df.columns) or 'none'})", source=src)
    if df.empty:
        raise GrowthsimError("no data rows", source=src)
    out_rows = []
    for i, (s, p, v) in enumerate(zip(df["series"], df["period"], df["value"]), start=1):
        where = f"row {i} (line {i + 1})"
        s, p, v = str(s).strip(), str(p).strip(), str(v).strip()
        if not s:
            raise GrowthsimError("empty series name", source=src, location=where)
        if not P.is_month(p):
            raise GrowthsimError(f"period {p!r} is not a month YYYY-MM", source=src, location=where)
        try:
            x = float(v)
        except ValueError:
            raise GrowthsimError(f"value {v!r} of {s} {p} is not a number", source=src, location=where) from None
        if x != x or x in (float("inf"), float("-inf")):
            raise GrowthsimError(f"value {v!r} of {s} {p} is not a number", source=src, location=where)
        out_rows.append((s, p, x, i))
    long = pd.DataFrame(out_rows, columns=["series", "period", "value", "row"])
    dup = long[long.duplicated(["series", "period"], keep=False)]
    if len(dup):
        first = dup.iloc[0]
        rows = dup[(dup["series"] == first["series"]) & (dup["period"] == first["period"])]["row"].tolist()
        raise GrowthsimError(f"{first['series']} {first['period']} appears more than once (rows "
                             f"{', '.join(map(str, rows))})", source=src, location=f"row {rows[1]}")
    result = {}
    for sid, g in long.groupby("series", sort=False):
        g = g.sort_values("period")
        gaps = P.to_strs(P.missing_months(g["period"]))
        if gaps:
            shown = ", ".join(gaps[:12]) + (f" and {len(gaps) - 12} more" if len(gaps) > 12 else "")
            raise GrowthsimError(f"series {sid} has a gap: missing months {shown}", source=src)
        result[sid] = pd.Series(g["value"].to_numpy(dtype=float), index=P.to_index(g["period"]), name=sid)
    return result
