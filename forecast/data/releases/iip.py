"""The monthly IIP table of a GSO release workbook -> published IIP rates (see `sources.iip`).

The table ('2. IIP', '2.IIPthang', '7.IIP', '10.IIPthang', ...) is found by its caption
'Chỉ số sản xuất công nghiệp', skipping the quarterly table ('... các quý', sheet 'IIPquy').
Its columns are told apart by their header words, not by position:

* 'Tháng M-1 ... so với cùng kỳ'  previous month vs same month last year -> ``P.yoy`` revised
* 'Tháng M ... so với tháng trước'  month on month (not stored)
* 'Tháng M ... so với cùng kỳ'      the month -> ``P.yoy`` first estimate
* 'N tháng' / 'Quý I' / 'Năm YYYY so với năm YYYY-1'  year to date -> ``P.ytd_yoy`` (and
  ``P.annual_yoy`` in December)

January tables have only the month's two columns; January's year-to-date rate is the month's
rate by definition, so ``P.ytd_yoy`` is set to it (as tables/iip.csv does). Cells are indices
(previous year = 100) and are stored as % changes (value − 100).
"""
from __future__ import annotations

import re

import pandas as pd

from forecast.data.frame import empty_obs
from forecast.data.releases.workbook import ReleaseWorkbook, Sheet, fold
from forecast.data.sources.iip import prev_kind, release_obs

TITLE = "chi so san xuat cong nghiep"


def find_table(book: ReleaseWorkbook) -> Sheet | None:
    """The monthly IIP sheet, or None. Quarterly tables ('cac quy') are never taken."""
    for sh in book.sheets:
        t = sh.title
        if TITLE in t and "cac quy" not in t and _first_data_row(sh) is not None:
            if any("thang truoc" in h for h in _headers(sh, _first_data_row(sh)).values()):
                return sh
    return None


def _first_data_row(sh: Sheet) -> int | None:
    for i, row in enumerate(sh.rows):
        if row and isinstance(row[0], str) and fold(row[0]).startswith("toan nganh cong nghiep"):
            return i
    return None


def _headers(sh: Sheet, data_row: int) -> dict[int, str]:
    """Folded header text per value column (rows 1 .. data_row-1; row 0 is the caption)."""
    width = max((len(r) for r in sh.rows[data_row:data_row + 3]), default=0)
    out = {}
    for c in range(1, width):
        out[c] = " ".join(fold(sh.cell(r, c)) for r in range(1, data_row) if sh.cell(r, c) is not None)
    return out


def _classify(text: str, month: int) -> str | None:
    """'mom', 'yoy', 'prev' or 'ytd' for a column header, None if unknown."""
    if "thang truoc" in text:
        return "mom"
    if re.search(r"\d+ thang\b", text) or "quy" in text or re.search(r"\bnam \d{4} so voi nam\b", text):
        return "ytd"
    m = re.search(r"\bthang (\d{1,2})\b", text)
    if m and "cung ky" in text:
        k = int(m.group(1))
        if k == month:
            return "yoy"
        if k == (month - 1 if month > 1 else 12):
            return "prev"
    return None


def parse(book: ReleaseWorkbook) -> pd.DataFrame:
    """Published IIP rates of one release (same ids, units, statuses as `sources.iip.read_raw`)."""
    sh = find_table(book)
    if sh is None:
        return empty_obs()
    start = _first_data_row(sh)
    month = int(book.month[5:7])
    cols: dict[str, int] = {}
    for c, text in _headers(sh, start).items():
        kind = _classify(text, month)
        if kind and kind not in cols:
            cols[kind] = c
    if "yoy" not in cols:
        raise book.error(f"no column 'tháng {month} so với cùng kỳ năm trước' in the IIP table header", sh)
    if month == 1:
        cols.setdefault("ytd", cols["yoy"])
    elif "ytd" not in cols:
        raise book.error("no year-to-date column in the IIP table header", sh)
    kind = prev_kind(book.vintage, book.month)
    rows, carry = [], ""
    for r in range(start, len(sh.rows)):
        label = sh.cell(r, 0)
        values = {k: book.number(sh, r, c) for k, c in cols.items()}
        if not isinstance(label, str) or not label.strip():
            if any(v is not None for v in values.values()):
                raise book.error("numbers in a row without an industry label", sh, r, 0)
            continue
        if all(v is None for v in values.values()):
            carry = f"{carry} {label}".strip()  # a label broken over two rows (numbers on the second)
            continue
        label, carry = f"{carry} {label}".strip(), ""
        pct = {k: (None if v is None else v - 100.0) for k, v in values.items()}
        if r == start and pct["yoy"] is not None and pct["yoy"] < -70:
            raise book.error(f"expected an index (previous year = 100), found {values['yoy']}", sh, r, cols["yoy"])
        rows.append(dict(item=label, yoy=pct.get("yoy"), ytd=pct.get("ytd"), prev=pct.get("prev"), prev_kind=kind,
                         mom=pct.get("mom"),
                         where=sh.where(r)))
    return release_obs(rows, book.month, book.vintage, book.source)


__all__ = ["parse", "find_table"]
