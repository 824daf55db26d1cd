"""State-budget investment realised (billion VND, current prices) from a release's monthly table,
and total social investment (quarterly) from the quarter-end releases.

Monthly table 'Vốn đầu tư thực hiện từ nguồn ngân sách Nhà nước' (English edition 2020-09:
'Realized investment capital under the State budget'; the quarterly table '... các quý' is not
read): rows 'TỔNG SỐ', 'Trung ương' (central), 'Địa phương' (local); columns read by
`activity_table`: last month realised (``revised``), this month's estimate (``first_estimate``),
year to date, and the year to date on the same period last year (index). January prints the
annual plan instead of last month and the month's rate instead of the year to date's.

Quarterly table 'Vốn đầu tư (phát triển | thực hiện) toàn xã hội ... theo giá hiện hành'
(English: 'Realized social investment capital'), thousand billion VND, only in March, June,
September and December releases: 'Thực hiện quý q-1' (``revised``; in March 'Thực hiện quý I
năm Y-1', the same quarter last year), 'Ước tính quý q' (``first_estimate``), the year to date
('Cộng dồn 6 tháng', '9 tháng', 'Năm'), and indices on the same period last year of each.
In 2024-03 the two quarter columns are labelled the wrong way round: see `_unswap_first_quarter`.
"""
from __future__ import annotations

import re

import pandas as pd

from forecast.data.frame import OBS_COLUMNS, empty_obs
from forecast.data.releases.activity_table import (Line, english_to_vietnamese, find_row, find_table, line_obs,
                                                   numbers_in, read_columns, scale_of, total_row)
from forecast.data.releases.workbook import ReleaseWorkbook, Sheet, column_headers

UNIT = "billion VND, current prices"
MONTHLY = (("von dau tu thuc hien tu nguon ngan sach",), ("investment capital under the state budget",))
SOCIAL = (("von dau tu", "toan xa hoi"), ("social investment",))
QUARTERLY_WORDS = ("cac quy", "quarters")
LINES = (("investment", "TỔNG SỐ", ("tong so", "total")),
         ("investment.central", "Trung ương", ("trung uong", "central")),
         ("investment.local", "Địa phương", ("dia phuong", "local")))
UNITS = {"nghin ty dong": 1000.0, "trillion dongs": 1000.0, "ty dong": 1.0, "bill dongs": 1.0}


def monthly(book: ReleaseWorkbook) -> pd.DataFrame:
    """State-budget investment of the month (total, central, local); empty without the table."""
    sh = find_table(book, MONTHLY, QUARTERLY_WORDS)
    if sh is None:
        return empty_obs()
    total = total_row(book, sh, "state-budget investment")
    value_cols = numbers_in(book, sh, total)
    if not value_cols:
        raise book.error("state-budget investment sheet: no numbers in the 'TỔNG SỐ' row", sh, total)
    cols = read_columns(book, sh, total, value_cols, "state-budget investment")
    lines = []
    for stem, item, labels in LINES:
        r = find_row(sh, labels, start=total, upto=value_cols[0])
        if r is None:
            raise book.error(f"state-budget investment sheet without a '{item}' row", sh)
        lines.append(Line(stem, item, r))
    sh = _local_from_levels(book, sh, lines[-1].row, cols)
    return line_obs(book, sh, cols, lines, UNIT, scale_of(book, sh, total, UNITS, "state-budget investment"))


def _local_from_levels(book: ReleaseWorkbook, sh: Sheet, r: int, cols) -> Sheet:
    """`sh`, with an empty 'Địa phương' row (2022-06, 2023-12, 2024-10, ...: formulas saved without
    values) filled with the sum of its three levels below ('Vốn ngân sách NN cấp tỉnh / huyện / xã')
    in the level columns; its rates stay empty."""
    if numbers_in(book, sh, r):
        return sh
    parts = [find_row(sh, (f"von ngan sach nn cap {lvl}",), start=r + 1, upto=3, stop=r + 5)
             for lvl in ("tinh", "huyen", "xa")]
    if any(p is None for p in parts):
        raise book.error("state-budget investment sheet: the 'Địa phương' row is empty and the province, "
                         "district and commune rows are not below it", sh, r)
    row = list(sh.rows[r]) + [None] * max(0, max(cols.kinds.values()) + 1 - len(sh.rows[r]))
    for k in ("pre", "em", "ytd"):
        if k in cols.kinds:
            vals = [book.number(sh, p, cols.kinds[k]) for p in parts]
            row[cols.kinds[k]] = sum(vals) if all(v is not None for v in vals) else None
    return Sheet(sh.name, sh.rows[:r] + [row] + sh.rows[r + 1:])


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter_named(text: str) -> int | None:
    m = re.search(r"\bquy (iv|iii|ii|i)\b", text) or re.search(r"\b([1-4])(?:st|nd|rd|th) quarter\b", text)
    if not m:
        return None
    return _ROMAN.get(m.group(1)) or int(m.group(1))


def social_kind(text: str, year: int, quarter: int, after_rate: bool) -> tuple[str, str] | None:
    """(kind, period) of a social-investment column: kind 'level' / 'ytd' / 'yoy' / 'ytd_yoy', period YYYYQn."""
    t = english_to_vietnamese(text)
    rate = after_rate or "so voi" in t or "cung ky" in t
    q = _quarter_named(t)
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", t)]
    y = years[0] if years else year
    if q is None:
        if re.search(r"\b\d{1,2} thang\b|cong don|\bnam\b", t):
            return ("ytd_yoy" if rate else "ytd"), f"{year}Q{quarter}"
        return None
    return ("yoy" if rate else "level"), f"{y}Q{q}"


def social(book: ReleaseWorkbook) -> pd.DataFrame:
    """Total social investment (billion VND, current prices) of the quarter; empty without the table."""
    sh = find_table(book, SOCIAL, QUARTERLY_WORDS)
    if sh is None:
        return empty_obs()
    total = total_row(book, sh, "social investment")
    scale = scale_of(book, sh, total, UNITS, "social investment")
    year, quarter = int(book.month[:4]), (int(book.month[5:7]) + 2) // 3
    this_q = f"{year}Q{quarter}"
    texts = column_headers(sh, 1, total, drop=r"\(?%\)?|\(?nghin ty dong\)?|trillion dongs")
    rows, after_rate = [], False

    def add(series, period, value, status, unit):
        rows.append({"series": series, "period": period, "value": value, "unit": unit, "source": book.source,
                     "item": "TỔNG SỐ", "vintage": book.vintage, "status": status})

    found = set()
    for c in numbers_in(book, sh, total):
        text = texts.get(c, "")
        if not text:
            continue
        kind = social_kind(text, year, quarter, after_rate)
        if kind is None:
            raise book.error(f"social investment table: header {text[:60]!r} is not a column growthsim knows "
                             "(expected quarters, the year to date or rates on the same period)", sh, 1, c)
        k, period = kind
        after_rate = after_rate or k in ("yoy", "ytd_yoy")
        v = book.number(sh, total, c)
        status = "first_estimate" if period == this_q else "revised"
        if k in ("level", "ytd"):
            v *= scale
        else:
            v -= 100.0
        series = {"level": "investment.social", "ytd": "investment.social.ytd", "yoy": "investment.social.yoy",
                  "ytd_yoy": "investment.social.ytd_yoy"}[k]
        add(series, period, v, status, "%" if k.endswith("yoy") else UNIT)
        found.add((k, period))
    if ("level", this_q) not in found:
        raise book.error(f"social investment table: no column for the estimate of {this_q} in its header", sh)
    if quarter == 1:
        _unswap_first_quarter(rows, year)
    if quarter == 1:  # the first quarter is the year to date
        for k, kk in (("level", "investment.social.ytd"), ("yoy", "investment.social.ytd_yoy")):
            hit = [r for r in rows if r["period"] == this_q and r["series"] == {"level": "investment.social",
                                                                             "yoy": "investment.social.yoy"}[k]]
            if hit and (kk, this_q) not in {(r["series"], r["period"]) for r in rows}:
                add(kk, this_q, hit[0]["value"], "first_estimate", hit[0]["unit"])
    return pd.DataFrame(rows, columns=OBS_COLUMNS)


SWAP_TOL = 0.001  # the printed index is rounded to 0.01 points


def _unswap_first_quarter(rows: list[dict], year: int) -> None:
    """March releases print 'Thực hiện quý I năm Y-1' and 'Ước tính quý I năm Y' with the index of
    one on the other. In 2024-03 the two level columns are labelled the wrong way round (613.94
    under 2023 and 583.34 under 2024, index 105.25 = 613.94 / 583.34; the 2024-06 release revises
    2024Q1 to 617.08): when only the swapped pair reproduces the index, the values are swapped."""
    level = {r["period"]: r for r in rows if r["series"] == "investment.social"}
    rate = [r["value"] for r in rows if r["series"] == "investment.social.yoy" and r["period"] == f"{year}Q1"]
    now, before = level.get(f"{year}Q1"), level.get(f"{year - 1}Q1")
    if not rate or now is None or before is None:
        return
    g = 1 + rate[0] / 100
    if abs(now["value"] / before["value"] / g - 1) > SWAP_TOL and abs(before["value"] / now["value"] / g - 1) <= SWAP_TOL:
        now["value"], before["value"] = before["value"], now["value"]


def parse(book: ReleaseWorkbook) -> pd.DataFrame:
    """State-budget investment (monthly) and, in quarter-end releases, total social investment."""
    parts = [p for p in (monthly(book), social(book)) if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty_obs()
