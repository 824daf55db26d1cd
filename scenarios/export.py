"""Writing results: JSON (the contract), a tidy long table as CSV or Parquet, and a report workbook (xlsx).

The workbook is for a reader: one sheet per table (assumptions, GDP, contributions, required growth,
quarters, least-change plan), every row naming its scenario, units in the headers, numbers
formatted (growth "7.09%", points "0.52 pp", probability "42.5%"). Every file goes through the one
table writer, ``forecast.tables``; a sweep is a plain table (``forecast.tables.write_table``).
"""
from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from forecast.tables import clean, emit, write_table, write_workbook
from scenarios.errors import ScenarioError
from scenarios.plan import PlanResult
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
    "year": ("year", "0"), "target_average_pct": ("plan's average target, %", _PCT),
    "probability_average": ("probability of the average target", "0.0%"),
    "average_mean_pct": ("average growth mean, %", _PCT), "average_p5_pct": ("average growth p5, %", _PCT),
    "average_p10_pct": ("average growth p10, %", _PCT), "average_p50_pct": ("average growth p50, %", _PCT),
    "average_p90_pct": ("average growth p90, %", _PCT), "average_p95_pct": ("average growth p95, %", _PCT),
    "gdp_end_index_mean": ("GDP at the end, base year = 100 (mean)", "0.0"),
    "gdp_end_index_p5": ("GDP at the end, p5", "0.0"), "gdp_end_index_p50": ("GDP at the end, p50", "0.0"),
    "gdp_end_index_p95": ("GDP at the end, p95", "0.0"), "icor": ("ICOR", "0.00"),
    "share_needed_mean_pct": ("investment share of GDP needed, mean %", _PCT),
    "share_needed_p10_pct": ("investment share needed p10, %", _PCT),
    "share_needed_p50_pct": ("investment share needed p50, %", _PCT),
    "share_needed_p90_pct": ("investment share needed p90, %", _PCT),
}
SHEETS = ("plan_summary", "years", "required_constant", "assumptions", "gdp", "chain", "contributions", "required",
          "quarters", "plan", "least_change", "investment")


def to_json(results: Sequence[Result | PlanResult]) -> str:
    """One result: a JSON object; several: a list in the same order."""
    data = [clean(r.to_dict()) for r in results]
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
                year = int(row["year"]) if "year" in df.columns else r.year
                for col, v in row.items():
                    if col in (key_col, "year") or isinstance(v, (str, bool)) or v is None or pd.isna(v):
                        continue
                    rows.append({"scenario": r.name, "year": year, "table": table, "key": key,
                                 "measure": col, "value": float(v)})
    return pd.DataFrame(rows, columns=["scenario", "year", "table", "key", "measure", "value"])


def write_xlsx(results: Sequence[Result], target) -> None:
    """The report workbook (a path or a binary file object): one sheet per table, readable headers
    and number formats (``forecast.tables.write_workbook``)."""
    tables = frames(results)
    order = [n for n in SHEETS if n in tables] + [n for n in tables if n not in SHEETS]
    write_workbook({name: tables[name] for name in order}, target, _COLUMNS)


def write(results: Sequence[Result], fmt: str, output: str | Path | None) -> None:
    """Write `results` as `fmt` to `output` (a path, or '-' / None for standard output)."""
    if fmt not in FORMATS:
        raise ScenarioError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "json":
        emit(to_json(results) + "\n", output)
    elif fmt == "xlsx":
        buf = io.BytesIO()
        write_xlsx(results, buf)
        emit(buf.getvalue(), output, fmt)
    else:
        write_table(tidy(results), fmt, output)
