"""Quarterly GDP by sector from the GDP sheets of GSO's quarter-end releases (March, June, September, December).

A sheet gives single quarters and a year-to-date total ('6 tháng', '9 tháng', 'cả năm'), at
constant 2010 prices with growth on the same period last year, and at current prices. From it:

* each single quarter's level (status ``published``);
* the quarters inside the year-to-date total that the sheet does not list one by one (status
  ``revised``): the residual total, split over those quarters in the proportions of the values
  already in the store (`context`) — this is how the December 2024 release revises 2024Q1-Q2;
* last year's same periods implied by the growth rates, level / (1 + g/100) (status ``revised``):
  how the December 2024 release revises 2023.

Levels in billion VND.
"""
from __future__ import annotations

import re

import pandas as pd

from forecast.data.frame import OBS_COLUMNS, empty_obs
from forecast.data.releases.workbook import ReleaseWorkbook, Sheet, fold

# Row label (folded, prefix match on the whole label) -> sector key. Order matters: first match wins.
ROW_KEYS: list[tuple[str, str]] = [
    ("tong so", "total"),
    ("nong, lam nghiep va thuy san", "agriculture"),
    ("khai khoang", "mining"),
    ("cong nghiep che bien", "manufacturing"),
    ("san xuat va phan phoi dien", "electricity"),
    ("cung cap nuoc", "water"),
    ("xay dung", "construction"),
    ("dich vu", "services"),
    ("thue san pham", "taxes"),
]

_QUARTER = re.compile(r"quy (iv|iii|ii|i)\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = re.compile(r"\b(20\d\d)\b")


def _year_in(text: str) -> re.Match | None:
    """A reference year in header text, ignoring the price base year ('giá so sánh 2010')."""
    return _YEAR.search(re.sub(r"so sanh\s*\d{4}", "", text))


def _row_key(label: str) -> str | None:
    lab = fold(label)
    if lab in ("dich vu",):
        return "services"
    for prefix, key in ROW_KEYS:
        if key == "services":
            continue
        if lab.startswith(prefix):
            return key
    return None


def _span(text: str) -> tuple[int, int] | None:
    """Quarters (first, last) that a column header describes, or None."""
    if "ca nam" in text or re.search(r"\bnam\b \d{4}$", text) and "thang" not in text and "quy" not in text:
        return (1, 4)
    if "9 thang" in text:
        return (1, 3)
    if "6 thang" in text:
        return (1, 2)
    m = _QUARTER.search(text)
    if m:
        q = _ROMAN[m.group(1)]
        return (q, q)
    return None


def _classify(sheet: Sheet, header_rows: range) -> dict[int, dict]:
    """Per column: basis ('real'/'nominal'/None), kind ('level'/'growth'/'share'), own header text."""
    ncols = max((len(sheet.rows[r]) for r in header_rows if r < len(sheet.rows)), default=0)
    cols: dict[int, dict] = {c: {"basis": None, "kind": "level", "text": ""} for c in range(2, ncols)}
    for r in header_rows:
        row = sheet.rows[r] if r < len(sheet.rows) else []
        block_kind = None
        block_basis = None
        for c in range(ncols):
            v = row[c] if c < len(row) else None
            if v is not None and str(v).strip():
                t = fold(v)
                block_kind = ("growth" if any(w in t for w in ("so voi", "toc do", "tang truong")) else
                              "share" if "co cau" in t else None)
                block_basis = "real" if "so sanh" in t else "nominal" if "hien hanh" in t else None
                if c in cols:
                    cols[c]["text"] += " " + t
            if c in cols:
                if block_kind:
                    cols[c]["kind"] = block_kind
                if block_basis:
                    cols[c]["basis"] = block_basis
    return cols


def _gdp_sheets(book: ReleaseWorkbook) -> list[Sheet]:
    out = []
    for sh in book.sheets:
        t = sh.title
        if "tong san pham trong nuoc" in t and "grdp" not in t and "dia ban" not in t:
            out.append(sh)
    return out


def parse(book: ReleaseWorkbook, context: pd.DataFrame | None = None) -> pd.DataFrame:
    """GDP observations (``gdp_real.*``, ``gdp_nominal.*``, and the growth record of `parse_growth`)
    in one release; empty if it has no GDP sheet.

    `context` is the store's newest-vintage frame, used only to split a multi-quarter residual.
    """
    sheets = _gdp_sheets(book)
    if not sheets:
        return empty_obs()
    rows: list[dict] = []
    for sh in sheets:
        rows += _parse_sheet(book, sh, context)
    if not rows:
        raise book.error("GDP table found but no sector rows or no quarter columns recognised", sheets[0])
    df = pd.DataFrame(rows, columns=OBS_COLUMNS)
    # A combined Q1 sheet and separate sheets could repeat a value: keep the first.
    df = df.drop_duplicates(["series", "period"])
    return pd.concat([df, parse_growth(book)], ignore_index=True)


def _read_cells(book: ReleaseWorkbook, sh: Sheet) -> tuple[dict, dict]:
    """(levels, growth) of one GDP sheet: ``{basis: {sector: {(year, span): (value, row label)}}}``,
    levels in billion VND, growth in % on the same period of the year before."""
    title = sh.title
    sheet_basis = "real" if "so sanh" in title and "hien hanh" not in title else (
        "nominal" if "hien hanh" in title and "so sanh" not in title else None)
    first_data = next((r for r, row in enumerate(sh.rows) if row and _row_key(str(row[0] or "")) == "total"), None)
    if first_data is None:
        raise book.error("GDP table has no 'TỔNG SỐ' row", sh)
    cols = _classify(sh, range(1, first_data))
    title_year = _year_in(title)
    title_span = _span(title)
    # column -> (basis, kind, year, span)
    spec: dict[int, tuple[str, str, int, tuple[int, int]]] = {}
    for c, info in cols.items():
        basis = info["basis"] or sheet_basis
        # 'so với quý I năm 2023' names the comparison base, not the column's own period
        text = re.sub(r"so voi (quy \w+ )?(nam \d{4}|cung ky nam truoc)", " ", info["text"])
        ym = _year_in(text)
        year = int(ym.group(1)) if ym else (int(title_year.group(1)) if title_year else None)
        if year is None:
            for r in range(1, first_data):
                v = sh.cell(r, c)
                if isinstance(v, (int, float)) and 2000 <= v <= 2100:
                    year = int(v)
        span = _span(text) or title_span
        if basis is None or year is None or span is None or info["kind"] == "share":
            continue
        spec[c] = (basis, info["kind"], year, span)
    levels: dict = {}
    growth: dict = {}
    for r in range(first_data, len(sh.rows)):
        row = sh.rows[r]
        label = next((str(x) for x in row[:2] if isinstance(x, str) and x.strip()), None)
        if label is None:
            continue
        key = _row_key(label)
        if key is None:
            continue
        for c, (basis, kind, year, span) in spec.items():
            v = book.number(sh, r, c)
            if v is None:
                continue
            if kind == "growth":
                g = v - 100.0 if v > 50 else v  # 'tốc độ phát triển' is an index, 'tốc độ tăng' a rate
                growth.setdefault(basis, {}).setdefault(key, {})[(year, span)] = (g, label)
            else:
                levels.setdefault(basis, {}).setdefault(key, {})[(year, span)] = (v, label)
    return levels, growth


def parse_growth(book: ReleaseWorkbook) -> pd.DataFrame:
    """Real growth on the same period of the year before (%) as this release publishes it:
    ``gdp_yoy.<sector>`` for single quarters and ``gdp_ytd_yoy.<sector>`` for the year to date
    (Q1, 6, 9 months, the year; period = its last quarter; Q1 is in both). Status ``published``,
    vintage = the release date: the real-time GDP record (docs/data/gdp.md). Empty if no GDP sheet."""
    rows: list[dict] = []
    for sh in _gdp_sheets(book):
        growth = _read_cells(book, sh)[1].get("real", {})
        for key, cells in growth.items():
            for (year, (q0, q1)), (g, label) in cells.items():
                if q0 == q1:
                    rows.append(_obs(f"gdp_yoy.{key}", f"{year}Q{q1}", g, "%", book, label, "published", ""))
                if q0 == 1:
                    rows.append(_obs(f"gdp_ytd_yoy.{key}", f"{year}Q{q1}", g, "%", book, label, "published",
                                     "year to date" if q1 > 1 else ""))
    df = pd.DataFrame(rows, columns=OBS_COLUMNS)
    return df.drop_duplicates(["series", "period"]).reset_index(drop=True)


def _parse_sheet(book: ReleaseWorkbook, sh: Sheet, context: pd.DataFrame | None) -> list[dict]:
    levels, growth = _read_cells(book, sh)
    if not levels:
        return []
    out: list[dict] = []
    for basis, by_key in levels.items():
        family = "gdp_real" if basis == "real" else "gdp_nominal"
        for key, cells in by_key.items():
            series = f"{family}.{key}"
            unit = "billion VND, 2010 prices" if basis == "real" else "billion VND, current prices"
            g_cells = growth.get(basis, {}).get(key, {})
            for year_shift in (0, -1):
                quarters: dict[int, tuple[float, str]] = {}
                cum: tuple[tuple[int, int], float] | None = None
                for (year, span), (lvl, label) in cells.items():
                    if year_shift:
                        g = g_cells.get((year, span))
                        if g is None:
                            continue
                        lvl = lvl / (1 + g[0] / 100.0)
                    if span[0] == span[1]:
                        quarters[span[0]] = (lvl, "published" if not year_shift else "revised")
                    elif cum is None or span[1] > cum[0][1]:
                        cum = (span, lvl)
                yr = next(iter(cells))[0] + year_shift
                for q, (lvl, status) in quarters.items():
                    out.append(_obs(series, f"{yr}Q{q}", lvl, unit, book, label, status,
                                    "implied by the published growth rate" if year_shift else ""))
                if cum is not None:
                    (q0, q1), total = cum
                    missing = [q for q in range(q0, q1 + 1) if q not in quarters]
                    if not missing:
                        continue
                    residual = total - sum(quarters[q][0] for q in range(q0, q1 + 1) if q in quarters)
                    weights = _weights(context, series, yr, missing)
                    if weights is None:
                        continue  # cannot split without earlier values; the quarters stay as they are
                    for q, w in zip(missing, weights):
                        out.append(_obs(series, f"{yr}Q{q}", residual * w, unit, book, label, "revised",
                                        f"year-to-date total less listed quarters, split {len(missing)} ways "
                                        "in proportion to the previous vintage" +
                                        ("; implied by the published growth rate" if year_shift else "")))
    return out


def _weights(context: pd.DataFrame | None, series: str, year: int, quarters: list[int]) -> list[float] | None:
    if len(quarters) == 1:
        return [1.0]
    if context is None or context.empty:
        return None
    sub = context[(context["series"] == series)].set_index("period")["value"]
    vals = [sub.get(f"{year}Q{q}") for q in quarters]
    if any(v is None or pd.isna(v) for v in vals):
        return None
    s = sum(vals)
    return [v / s for v in vals]


def _obs(series, period, value, unit, book, label, status, note) -> dict:
    item = " ".join(str(label).split())
    if note:
        item = f"{item} ({note})"
    return {"series": series, "period": period, "value": float(value), "unit": unit, "source": book.source,
            "item": item, "vintage": book.vintage, "status": status}
