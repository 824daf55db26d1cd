"""Writing results: JSON (the contract), a tidy long table as CSV or Parquet, and a report workbook (xlsx).

The workbook is for a reader: one sheet per table (assumptions, GDP, contributions, required growth,
quarters, least-change plan, indicator forecasts), every row naming its scenario, units in the
headers, numbers formatted (growth "7.09%", points "0.52 pp", probability "42.5%").
"""
from __future__ import annotations

import io
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from scenarios.errors import ScenarioError
from scenarios.result import Result

FORMATS = ("json", "csv", "xlsx", "parquet")

# column -> (header shown in the workbook, number format)
_PCT = '0.00"%"'
_PP = '0.00" pp"'
_COLUMNS = {
    "target_pct": ("target, GDP growth %", _PCT), "central_pct": ("central growth, %", _PCT),
    "mean_pct": ("GDP growth mean, %", _PCT), "p5_pct": ("GDP growth p5, %", _PCT),
    "p10_pct": ("GDP growth p10, %", _PCT), "p50_pct": ("GDP growth p50, %", _PCT),
    "p90_pct": ("GDP growth p90, %", _PCT), "p95_pct": ("GDP growth p95, %", _PCT),
    "probability_reach": ("probability of reaching the target", "0.0%"),
    "growth_pct": ("growth, %", _PCT), "pp": ("contribution, percentage points", _PP),
    "share_of_growth_pct": ("share of growth (office), %", _PCT), "weight": ("weight in last year's GDP", "0.00%"),
    "required_pct": ("required growth, %", _PCT), "low_pct": ("low, %", _PCT), "high_pct": ("high, %", _PCT),
    "known_pct": ("known GDP growth yoy, %", _PCT), "implied_pct": ("implied by assumptions, %", _PCT),
    "from": ("from, %", _PCT), "to": ("to, %", _PCT), "change_pp": ("change, percentage points", _PP),
    "lower_pct": ("lower, %", _PCT), "upper_pct": ("upper, %", _PCT), "mean": ("mean", "#,##0.00"),
}
SHEETS = ("assumptions", "gdp", "contributions", "required", "quarters", "plan")


def _clean(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_clean(v) for v in x]
    return x


def to_json(results: Sequence[Result]) -> str:
    """One result: a JSON object; several: a list in the same order."""
    data = [_clean(r.to_dict()) for r in results]
    return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)


def frames(results: Sequence[Result]) -> dict[str, pd.DataFrame]:
    """Each table of every result stacked, with a first column naming the scenario."""
    out: dict[str, list[pd.DataFrame]] = {}
    for r in results:
        for name, df in r.to_frames().items():
            out.setdefault(name, []).append(df.assign(scenario=r.name)[["scenario", *df.columns]])
    return {name: pd.concat(dfs, ignore_index=True) for name, dfs in out.items()}


def tidy(results: Sequence[Result]) -> pd.DataFrame:
    """One long table for machines: scenario, table, key, measure, value (numbers only)."""
    rows = []
    for r in results:
        for table, df in r.to_frames().items():
            key_col = "key" if "key" in df.columns else "period" if "period" in df.columns else None
            for _, row in df.iterrows():
                key = row[key_col] if key_col else "gdp"
                for col, v in row.items():
                    if col == key_col or isinstance(v, (str, bool)) or v is None:
                        continue
                    rows.append({"scenario": r.name, "year": r.year, "table": table, "key": key,
                                 "measure": col, "value": float(v)})
    return pd.DataFrame(rows, columns=["scenario", "year", "table", "key", "measure", "value"])


def write_xlsx(results: Sequence[Result], target, forecasts: pd.DataFrame | None = None) -> None:
    """The report workbook. `forecasts`: indicator forecasts with intervals (one row per series and
    period) when the forecast engine provides them; until then that sheet holds a note."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    tables = frames(results)
    with pd.ExcelWriter(target, engine="openpyxl") as xl:
        for name in SHEETS:
            if name in tables:
                tables[name].to_excel(xl, sheet_name=name, index=False)
        if forecasts is not None and len(forecasts):
            forecasts.to_excel(xl, sheet_name="indicator forecasts", index=False)
        else:
            pd.DataFrame({"note": ["No indicator forecasts yet: the forecast engine does not provide them to "
                                   "the scenario report. They will appear here (series, period, mean, "
                                   "interval bounds) once it does."]}).to_excel(
                xl, sheet_name="indicator forecasts", index=False)
        for ws in xl.book.worksheets:
            ws.freeze_panes = "A2"
            for j, cell in enumerate(ws[1], start=1):
                col = cell.value
                header, fmt = _COLUMNS.get(col, (col, None))
                cell.value = header
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                letter = get_column_letter(j)
                width = max(len(str(header)) if header else 8, 10)
                for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    c = row[0]
                    if fmt and isinstance(c.value, (int, float)):
                        c.number_format = fmt
                    width = max(width, min(len(str(c.value)) if c.value is not None else 0, 60))
                ws.column_dimensions[letter].width = min(width + 2, 62)


def write(results: Sequence[Result], fmt: str, output: str | Path | None,
          forecasts: pd.DataFrame | None = None) -> None:
    """Write `results` as `fmt` to `output` (a path, or '-' / None for standard output)."""
    if fmt not in FORMATS:
        raise ScenarioError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    to_stdout = output is None or str(output) == "-"
    if fmt in ("xlsx", "parquet") and to_stdout and sys.stdout.isatty():
        raise ScenarioError(f"{fmt} is a binary format: give --output FILE")
    if fmt == "json":
        _emit(to_json(results) + "\n", output, to_stdout)
    elif fmt == "csv":
        _emit(tidy(results).to_csv(index=False), output, to_stdout)
    else:
        buf = io.BytesIO()
        if fmt == "parquet":
            tidy(results).to_parquet(buf, index=False)
        else:
            write_xlsx(results, buf, forecasts)
        _emit(buf.getvalue(), output, to_stdout)


def write_table(df: pd.DataFrame, fmt: str, output: str | Path | None) -> None:
    """Write a plain table (a sweep) as csv, json (records), xlsx or parquet."""
    if fmt not in FORMATS:
        raise ScenarioError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    to_stdout = output is None or str(output) == "-"
    if fmt == "csv":
        _emit(df.to_csv(index=False), output, to_stdout)
    elif fmt == "json":
        _emit(json.dumps({**{k: v for k, v in df.attrs.items()}, "rows": _clean(df.to_dict("records"))},
                         ensure_ascii=False, indent=2) + "\n", output, to_stdout)
    else:
        if to_stdout and sys.stdout.isatty():
            raise ScenarioError(f"{fmt} is a binary format: give --output FILE")
        buf = io.BytesIO()
        if fmt == "parquet":
            df.to_parquet(buf, index=False)
        else:
            df.to_excel(buf, index=False, sheet_name="sweep")
        _emit(buf.getvalue(), output, to_stdout)


def _emit(data: str | bytes, output, to_stdout: bool) -> None:
    if to_stdout:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
        return
    path = Path(output)
    try:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot write {path}: {exc.strerror or exc}") from None
