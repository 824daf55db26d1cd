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

`parse_input_csv` reads the same format from bytes or text in memory (the app's uploads: nothing is
written to disk, and no client-supplied name is ever used as a path), refusing more than
`max_bytes` before parsing and more than `max_rows` data rows. Messages stay short whatever the
file holds: long values are cut, and a list of rows shows the first `SHOWN_ROWS` and a count.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.input_files import check_regular_file

REQUIRED = ("series", "period", "value")
SHOWN_ROWS = 5          # rows named in one message; the rest are counted ("and 12,345 more")
SHOWN_CHARS = 40        # characters of a cell quoted in a message
SHOWN_COLUMNS = 10      # header columns listed when a required one is missing


class InputTooLarge(GrowthsimError):
    """An input over the size or row limit it was read with (refused before or while parsing)."""


def _cut(text: str, n: int = SHOWN_CHARS) -> str:
    """`text` cut to `n` characters (a message quotes a cell, never a whole file)."""
    text = str(text)
    return text if len(text) <= n else text[:n] + "…"


def _short(text: str, n: int = SHOWN_CHARS) -> str:
    """repr of `text`, cut to `n` characters."""
    return repr(_cut(text, n))


def _listed(items: list, n: int = SHOWN_ROWS) -> str:
    """'1, 2, 3, 4, 5 and 12,345 more' (the first `n` items and a count of the others)."""
    shown = ", ".join(map(str, items[:n]))
    return shown + (f" and {len(items) - n:,} more" if len(items) > n else "")


def read_input_csv(path: str | Path) -> dict[str, pd.Series]:
    """{series id: level series with a monthly PeriodIndex} from the file, after all checks."""
    path = Path(path)
    src = str(path)
    if not path.exists():
        raise GrowthsimError("file not found", source=src)
    check_regular_file(path)
    return _parse(path, src, max_rows=None)


def parse_input_csv(data: bytes | str, source: str = "upload.csv", max_bytes: int | None = None,
                    max_rows: int | None = None) -> dict[str, pd.Series]:
    """`read_input_csv` of a file's content held in memory (bytes, UTF-8, or text); `source` names it in
    messages (it is never opened). InputTooLarge when it has more than `max_bytes` bytes (checked before
    parsing) or more than `max_rows` data rows."""
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if max_bytes is not None and size > max_bytes:
        raise InputTooLarge(f"{size:,} bytes is more than the limit of {max_bytes:,} bytes", source=source)
    buf = io.StringIO(data) if isinstance(data, str) else io.BytesIO(data)
    return _parse(buf, source, max_rows=max_rows)


def _parse(src_obj, src: str, max_rows: int | None) -> dict[str, pd.Series]:
    try:
        df = pd.read_csv(src_obj, dtype=str, keep_default_na=False, skipinitialspace=True, encoding="utf-8-sig",
                         nrows=None if max_rows is None else max_rows + 1)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise GrowthsimError(f"not a readable CSV file ({str(exc).splitlines()[0][:200]})", source=src) from None
    except OSError as exc:
        raise GrowthsimError(f"cannot read the file: {exc.strerror or exc}", source=src) from None
    if max_rows is not None and len(df) > max_rows:
        raise InputTooLarge(f"more than the limit of {max_rows:,} data rows", source=src)
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise GrowthsimError(f"missing column(s) {', '.join(missing)}; the header must hold "
                             f"series,period,value (found {_listed([_cut(c) for c in df.columns], SHOWN_COLUMNS) or 'none'})",
                             source=src)
    if df.empty:
        raise GrowthsimError("no data rows", source=src)
    out_rows = []
    for i, (s, p, v) in enumerate(zip(df["series"], df["period"], df["value"]), start=1):
        where = f"row {i} (line {i + 1})"
        s, p, v = str(s).strip(), str(p).strip(), str(v).strip()
        if not s:
            raise GrowthsimError("empty series name", source=src, location=where)
        if not P.is_month(p):
            raise GrowthsimError(f"period {_short(p)} is not a month YYYY-MM", source=src, location=where)
        try:
            x = float(v)
        except ValueError:
            raise GrowthsimError(f"value {_short(v)} of {_cut(s)} {p} is not a number", source=src,
                                 location=where) from None
        if x != x or x in (float("inf"), float("-inf")):
            raise GrowthsimError(f"value {_short(v)} of {_cut(s)} {p} is not a number", source=src, location=where)
        out_rows.append((s, p, x, i))
    long = pd.DataFrame(out_rows, columns=["series", "period", "value", "row"])
    dup = long[long.duplicated(["series", "period"], keep=False)]
    if len(dup):
        first = dup.iloc[0]
        rows = dup[(dup["series"] == first["series"]) & (dup["period"] == first["period"])]["row"].tolist()
        pairs = dup.drop_duplicates(["series", "period"])
        others = f"; {len(pairs) - 1:,} more series-months appear more than once" if len(pairs) > 1 else ""
        raise GrowthsimError(f"{_cut(first['series'])} {first['period']} appears more than once (rows "
                             f"{_listed(rows)}){others}", source=src, location=f"row {rows[1]}")
    result = {}
    for sid, g in long.groupby("series", sort=False):
        g = g.sort_values("period")
        gaps = P.to_strs(P.missing_months(g["period"]))
        if gaps:
            shown = ", ".join(gaps[:12]) + (f" and {len(gaps) - 12} more" if len(gaps) > 12 else "")
            raise GrowthsimError(f"series {_cut(sid)} has a gap: missing months {shown}", source=src)
        result[sid] = pd.Series(g["value"].to_numpy(dtype=float), index=P.to_index(g["period"]), name=sid)
    return result
