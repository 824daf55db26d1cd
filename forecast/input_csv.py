"""A user's own monthly series from a CSV file (``--input FILE.csv``), checked row by row.

Format: long, with a header ``series,period,value`` (other columns are ignored); ``period`` is a
month ``YYYY-MM``; one or more series. Example (a province's retail sales, billion VND)::

    series,period,value
    retail_binhduong,2019-01,20145.2
    retail_binhduong,2019-02,19012.7

The delimiter is ``,`` or ``;`` (what Vietnamese-locale Excel saves, with a decimal comma), decided
from the header; a UTF-8 byte-order mark is skipped. Values may use either decimal style, decided
for the whole column by `forecast.numbers.read_column` (``20145,2`` or ``20145.2``; thousands marks
``20.145,2`` / ``20,145.2`` where the file quotes them); a column whose style cannot be decided is
refused naming the row.

Optional columns ``unit`` and ``kind`` describe each series (one value per series): ``kind`` is
``index`` (the year's figure is the mean of its months, e.g. a provincial IIP) or ``flow`` (their
sum), `KINDS`; ``unit`` one of `UNITS` (each fits one kind). Unknown values are refused naming the
row. They are kept in each returned series' ``attrs`` (``attrs["unit"]``, ``attrs["kind"]``), which
`forecast.annual.annual_outlook` reads, so the kind decides the aggregation of a level target.

Every problem is a ``GrowthsimError`` naming the file and the row (row 1 = the first data row,
i.e. line 2 of the file): a missing column, a period that is not a month, a value that is not a
number, the same series and month twice, a gap (the missing months are named).

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
from forecast.numbers import read_column

REQUIRED = ("series", "period", "value")
DELIMITERS = (",", ";")
#: what a series is: 'index' (the year's figure is the mean of its 12 months), 'flow' (their sum)
KINDS = ("index", "flow")
#: units an uploaded series may have, and the kind each fits
UNITS: dict[str, str] = {
    "index 2015=100": "index", "index 2019=100": "index", "index 2020=100": "index", "index": "index",
    "billion VND": "flow", "billion VND, current prices": "flow", "million VND": "flow",
    "million USD": "flow", "thousand USD": "flow", "thousand tonnes": "flow", "tonnes": "flow",
    "million kWh": "flow", "visits": "flow", "thousand visits": "flow", "thousand passengers": "flow",
    "million passenger-km": "flow", "million tonne-km": "flow", "units": "flow",
}
SHOWN_ROWS = 5          # rows named in one message; the rest are counted ("and 12,345 more")
SHOWN_CHARS = 40        # characters of a cell quoted in a message
SHOWN_COLUMNS = 10      # header columns listed when a required one is missing


class InputTooLarge(GrowthsimError):
    """An input over the size or row limit it was read with (refused before or while parsing)."""


def check_kind(kind: str, unit: str | None = None, *, source: str | None = None,
               location: str | None = None) -> str:
    """`kind` (one of KINDS) checked, and `unit` (when given: one of UNITS) checked to fit it; GrowthsimError
    naming `source`/`location` otherwise. Returns the kind."""
    if kind not in KINDS:
        raise GrowthsimError(f"kind {_short(kind)} is not one of {', '.join(KINDS)}", source=source, location=location)
    if unit is not None and unit != "":
        if unit not in UNITS:
            raise GrowthsimError(f"unit {_short(unit)} is not one of {', '.join(UNITS)}", source=source,
                                 location=location)
        if UNITS[unit] != kind:
            raise GrowthsimError(f"unit {_short(unit)} is the unit of a{'n' if UNITS[unit] == 'index' else ''} "
                                 f"{UNITS[unit]}, not of a{'n' if kind == 'index' else ''} {kind}", source=source,
                                 location=location)
    return kind


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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GrowthsimError(f"cannot read the file: {exc.strerror or exc}", source=src) from None
    return _parse(data, src, max_rows=None)


def parse_input_csv(data: bytes | str, source: str = "upload.csv", max_bytes: int | None = None,
                    max_rows: int | None = None) -> dict[str, pd.Series]:
    """`read_input_csv` of a file's content held in memory (bytes, UTF-8, or text); `source` names it in
    messages (it is never opened). InputTooLarge when it has more than `max_bytes` bytes (checked before
    parsing) or more than `max_rows` data rows."""
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if max_bytes is not None and size > max_bytes:
        raise InputTooLarge(f"{size:,} bytes is more than the limit of {max_bytes:,} bytes", source=source)
    return _parse(data, source, max_rows=max_rows)


def delimiter_of(text: str) -> str:
    """',' or ';': the one of DELIMITERS that splits the header line (the first line) into the required
    columns, else the one it holds more of (',' on a tie)."""
    header = text.split("\n", 1)[0]
    for d in DELIMITERS:
        if set(REQUIRED) <= {c.strip().strip('"').lower() for c in header.split(d)}:
            return d
    return max(DELIMITERS, key=header.count)


def _parse(data: bytes | str, src: str, max_rows: int | None) -> dict[str, pd.Series]:
    try:
        text = data if isinstance(data, str) else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GrowthsimError("not a readable CSV file (not UTF-8 text; save it as 'CSV UTF-8')", source=src) from None
    text = text.removeprefix("\ufeff")
    delimiter = delimiter_of(text)
    try:
        df = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, skipinitialspace=True,
                         nrows=None if max_rows is None else max_rows + 1)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise GrowthsimError(f"not a readable CSV file ({str(exc).splitlines()[0][:200]})", source=src) from None
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
    for i, (s, p) in enumerate(zip(df["series"], df["period"]), start=1):
        where = _row(i)
        s, p = str(s).strip(), str(p).strip()
        if not s:
            raise GrowthsimError("empty series name", source=src, location=where)
        if not P.is_month(p):
            raise GrowthsimError(f"period {_short(p)} is not a month YYYY-MM", source=src, location=where)
        out_rows.append((s, p, i))
    values = read_column([str(v).strip() for v in df["value"]], delimiter, source=src, row_label=_row)
    out_rows = [(s, p, x, i) for (s, p, i), x in zip(out_rows, values)]
    meta = _metadata(df, out_rows, src)
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
        result[sid].attrs.update(meta.get(sid, {}))
    return result


def _row(i: int) -> str:
    """How a message names data row `i` (1 = the first data row, line 2 of the file)."""
    return f"row {i} (line {i + 1})"


def _metadata(df: pd.DataFrame, rows: list[tuple], src: str) -> dict[str, dict[str, str]]:
    """{series: {'unit': ..., 'kind': ...}} from the optional unit/kind columns, checked (`check_kind`; one
    value per series; a unit alone gives its kind)."""
    cols = [c for c in ("unit", "kind") if c in df.columns]
    if not cols:
        return {}
    out: dict[str, dict[str, str]] = {}
    for (sid, _p, _x, i), *vals in zip(rows, *(df[c] for c in cols)):
        got = {c: str(v).strip() for c, v in zip(cols, vals) if str(v).strip()}
        unit = got.get("unit")
        if unit is not None and unit not in UNITS:
            raise GrowthsimError(f"unit {_short(unit)} is not one of {', '.join(UNITS)}", source=src, location=_row(i))
        kind = got.get("kind") or (UNITS[unit] if unit else None)
        if kind is None:
            continue
        check_kind(kind, unit, source=src, location=_row(i))
        got["kind"] = kind
        seen = out.setdefault(sid, got)
        if seen != got:
            raise GrowthsimError(f"series {_cut(sid)} has two descriptions ({', '.join(f'{k} {v}' for k, v in seen.items())}"
                                 f" and {', '.join(f'{k} {v}' for k, v in got.items())})", source=src, location=_row(i))
    return out
