"""Retail sales from the 'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng' sheet of a release.

The monthly sheet (not the quarterly 'TM_Quy' table of quarter-end releases: '... các quý năm')
gives, in billion VND at current prices, for the total and four components:
last month's revised value ('Sơ bộ'/'Thực hiện tháng M-1' -> status ``revised``), this month's
estimate ('Ước tính tháng M' -> ``first_estimate``), the year-to-date total (``.ytd``), the
structure (not kept), and indices on the same period last year (= 100): the month (``.yoy``)
and the year to date (``.ytd_yoy``; December: 'Năm YYYY so với năm YYYY-1'), stored as rates,
index - 100 (%). A rate column printed as % instead of an index (October 2024, like 2018-03 in
the table) is recognised by its total row being below 50. January has neither a year-to-date
level nor rate: they equal the month's, as in ``tables/tongmuc.csv``.
"""
from __future__ import annotations

import re

import pandas as pd

from forecast import periods as P
from forecast.data.frame import OBS_COLUMNS, empty_obs
from forecast.data.releases.workbook import ReleaseWorkbook, Sheet, column_headers, fold, require_row

# folded row label (prefix) -> series stem; Vietnamese label kept as item
COMPONENTS: list[tuple[str, str, str]] = [
    ("tong so", "retail", "TỔNG SỐ"),
    ("ban le hang hoa", "retail.goods", "Bán lẻ hàng hóa"),
    ("dich vu luu tru", "retail.accommodation_food", "Dịch vụ lưu trú, ăn uống"),
    ("du lich lu hanh", "retail.travel", "Du lịch lữ hành"),
    ("dich vu khac", "retail.other_services", "Dịch vụ khác"),
]
UNIT = "billion VND, current prices"


def component_of(label: object) -> tuple[str, str] | None:
    f = fold(label)
    for prefix, stem, vi in COMPONENTS:
        if f.startswith(prefix):
            return stem, vi
    return None


def find_sheet(book: ReleaseWorkbook) -> Sheet | None:
    return book.find("tong muc ban le hang hoa", header_words=("so voi",), exclude=("cac quy",))


def column_texts(sh: Sheet, first: int, data_row: int) -> dict[int, str]:
    """Folded header text of each column, without the unit words (see `workbook.column_headers`)."""
    return column_headers(sh, first, data_row, drop=r"\(?ty dong\)?|\(?%\)?|;")


def classify(text: str, month: str, after_rate: bool = False) -> str | None:
    """'pre', 'em', 'ytd', 'yoy', 'ytd_yoy' or None for a retail column header (folded, units removed).

    `after_rate`: a column to the right of a rate column, whose 'So với cùng kỳ năm trước' caption
    may be merged into its left neighbour (2020 layout).
    """
    if not text or "co cau" in text:
        return None
    m = int(month[5:7])
    if "so voi" in text or after_rate:
        rest = re.sub(r"^so voi cung ky( nam truoc)? ", "", text)
        return "yoy" if re.match(r"thang \d", rest) else "ytd_yoy"
    if re.search(r"\b\d{1,2} thang\b|quy|cong don", text):
        return "ytd"
    found = re.findall(r"thang (\d{1,2})\b", text)
    if not found:
        return "ytd" if re.search(r"nam \d{4}", text) else None  # December: 'Ước tính năm 2024'
    mm = int(found[0])
    if mm == m:
        return "em"
    if mm == (12 if m == 1 else m - 1):
        return "pre"
    return None


def classify_columns(texts: dict[int, str], month: str) -> dict[str, int]:
    """Kind -> column index (first column of each kind), reading the header left to right."""
    cols: dict[str, int] = {}
    after_rate = False
    for c in sorted(texts):
        kind = classify(texts[c], month, after_rate)
        after_rate = after_rate or kind in ("yoy", "ytd_yoy")
        if kind and kind not in cols:
            cols[kind] = c
    return cols


def parse(book: ReleaseWorkbook) -> pd.DataFrame:
    """Retail levels and rates of the release; empty frame when the workbook has no monthly retail sheet."""
    sh = find_sheet(book)
    if sh is None:
        return empty_obs()
    data_row = require_row(book, sh, "tổng số", "retail")
    cols = classify_columns(column_texts(sh, 2, data_row), book.month)
    if "em" not in cols or "yoy" not in cols:
        raise book.error(f"retail sheet: cannot find the estimate and same-month-last-year columns for "
                         f"{book.month} in its header", sh)
    first_num = min(cols.values())
    # a rate column holds indices (last year = 100) unless its total row is below 50: then % rates
    is_rate = {k: (book.number(sh, data_row, c) or 100.0) < 50 for k, c in cols.items() if k in ("yoy", "ytd_yoy")}
    rows = []

    def add(series, period, value, item, status):
        rows.append({"series": series, "period": period, "value": value,
                     "unit": "%" if series.endswith("yoy") else UNIT, "source": book.source, "item": item,
                     "vintage": book.vintage, "status": status})

    seen = set()
    for r in range(data_row, len(sh.rows)):
        row = sh.rows[r]
        texts = [c for c in row[:first_num] if isinstance(c, str) and c.strip()]
        comp = component_of(texts[-1]) if texts else None
        if comp is None or comp[0] in seen:
            continue
        seen.add(comp[0])
        stem, vi = comp
        v = {k: book.number(sh, r, c) for k, c in cols.items()}
        for k in ("yoy", "ytd_yoy"):
            if v.get(k) is not None and not is_rate[k]:
                v[k] -= 100.0
        if book.month.endswith("-01"):
            v.setdefault("ytd", v["em"])
            v.setdefault("ytd_yoy", v["yoy"])
            if v.get("ytd") is None:
                v["ytd"] = v["em"]
            if v.get("ytd_yoy") is None:
                v["ytd_yoy"] = v["yoy"]
        if v.get("em") is not None:
            add(stem, book.month, v["em"], vi, "first_estimate")
        if v.get("pre") is not None:
            add(stem, P.to_str(P.shift(book.month, -1)), v["pre"], vi, "revised")
        for k in ("ytd", "yoy", "ytd_yoy"):
            if v.get(k) is not None:
                add(f"{stem}.{k}", book.month, v[k], vi, "first_estimate")
    return pd.DataFrame(rows, columns=OBS_COLUMNS) if rows else empty_obs()
