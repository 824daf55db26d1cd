"""The one table writer behind every export: CSV, JSON, Parquet and the formatted xlsx workbook.

`forecast monthly`, `forecast annual`, `scenario run|sweep`, the backtest's CSV files and the app's
downloads all turn their frames into bytes here, so a table downloaded from the app and the same
table written by the CLI are identical. A workbook is a dict of sheets; each sheet gets a frozen,
bold header row, column widths fitted to the content, and (with `columns`) readable headers and
Excel number formats per column.
"""
from __future__ import annotations

import io
import json
import math
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from forecast.errors import GrowthsimError

FORMATS = ("csv", "json", "xlsx", "parquet")
BINARY = ("xlsx", "parquet")
#: Significant digits of floats in CSV output (12: the store's own precision, no binary noise).
CSV_FLOAT_FORMAT = "%.12g"

Sheets = Mapping[str, pd.DataFrame]
#: column name -> (header shown in the workbook, Excel number format or None)
ColumnStyles = Mapping[str, tuple[str, str | None]]


def format_for(output: str | Path | None, fmt: str | None, default: str) -> str:
    """The format asked for, else the output file's suffix when it is a known format, else `default`."""
    if fmt:
        if fmt not in FORMATS:
            raise GrowthsimError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(str(output)).suffix.lower().lstrip(".") if output not in (None, "-") else ""
    return suffix if suffix in FORMATS else default


def clean(x):
    """`x` with NaN and infinities replaced by None, recursively (JSON has no NaN)."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    return x


def json_text(obj) -> str:
    """Indented UTF-8 JSON of plain data (NaN written as null), ending in a newline."""
    return json.dumps(clean(obj), ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(o):
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def table_bytes(table: pd.DataFrame | Sheets, fmt: str, *, columns: ColumnStyles | None = None,
                sheet_name: str = "table") -> bytes:
    """`table` (one frame, or sheets for xlsx) encoded as `fmt`. CSV, JSON and Parquet take one frame:
    given sheets, they get the sheets stacked with a first column `table` naming the sheet."""
    if fmt not in FORMATS:
        raise GrowthsimError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    sheets = {sheet_name: table} if isinstance(table, pd.DataFrame) else dict(table)
    if fmt == "xlsx":
        buf = io.BytesIO()
        write_workbook(sheets, buf, columns)
        return buf.getvalue()
    df = table if isinstance(table, pd.DataFrame) else pd.concat(
        [d.assign(table=name)[["table", *d.columns]] for name, d in sheets.items()], ignore_index=True)
    if fmt == "csv":
        return df.to_csv(index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n").encode("utf-8")
    if fmt == "json":
        meta = {k: v for k, v in df.attrs.items()}
        rows = clean(df.to_dict("records"))
        return json_text({**meta, "rows": rows} if meta else rows).encode("utf-8")
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def write_workbook(sheets: Sheets, target, columns: ColumnStyles | None = None) -> None:
    """An xlsx workbook (a path or a binary file object): one sheet per frame, header frozen and bold,
    widths fitted, headers and number formats from `columns` (unknown columns keep their name)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = columns or {}
    with pd.ExcelWriter(target, engine="openpyxl") as xl:
        for name, df in sheets.items():
            df.to_excel(xl, sheet_name=name[:31], index=False)
        for ws in xl.book.worksheets:
            ws.freeze_panes = "A2"
            for j, cell in enumerate(ws[1], start=1):
                header, fmt = columns.get(cell.value, (cell.value, None))
                cell.value = header
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                width = max(len(str(header)) if header else 8, 10)
                for (c,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    if fmt and isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                        c.number_format = fmt
                    width = max(width, min(len(str(c.value)) if c.value is not None else 0, 60))
                ws.column_dimensions[get_column_letter(j)].width = min(width + 2, 62)


def emit(data: str | bytes, output: str | Path | None, fmt: str | None = None) -> None:
    """Write `data` (encoded as `fmt`) to the file `output`, or to standard output for None or '-'.
    xlsx and Parquet need a file; a file that cannot be written is a GrowthsimError."""
    if output is None or str(output) == "-":
        if fmt in BINARY:
            raise GrowthsimError(f"--format {fmt} is binary: give --output FILE.{fmt}")
        sys.stdout.write(data.decode("utf-8") if isinstance(data, bytes) else data)
        return
    path = Path(output)
    if not path.parent.exists():
        raise GrowthsimError(f"the folder of --output {output} does not exist")
    try:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise GrowthsimError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_table(table: pd.DataFrame | Sheets, fmt: str, output: str | Path | None, *,
                columns: ColumnStyles | None = None, sheet_name: str = "table") -> None:
    """`table_bytes` written to `output` (a path, or '-' / None for standard output)."""
    emit(table_bytes(table, fmt, columns=columns, sheet_name=sheet_name), output, fmt)
