"""CPI by group from the 'Chỉ số giá tiêu dùng, chỉ số giá vàng, chỉ số giá đô la Mỹ ...' sheet of a release.

The sheet gives indices (previous period = 100) against: the base period 2019 ('Kỳ gốc (2019)'),
the same month last year (-> ``yoy``), December of last year (not kept), the previous month
(-> ``mom``), and for the year-to-date average against the same period last year (-> ``ytd_yoy``:
'Bình quân N tháng', March's 'Quý I', December's 'Năm YYYY so với năm YYYY-1'; quarter averages
of June/September/December are not kept). January has no year-to-date column: its ``ytd_yoy`` is
its ``yoy``, as in ``tables/cpi.csv``. Core inflation is printed as % rates already.

Columns are recognised by header words and the release's month, not by position: January,
quarter-end and December layouts differ and the label sits in column A, B or C.
Values are stored as rates, index - 100 (%), status ``published``, same ids as ``sources/cpi.py``.
"""
from __future__ import annotations

import re

import pandas as pd

from forecast.data.frame import OBS_COLUMNS, empty_obs
from forecast.data.releases.workbook import ReleaseWorkbook, Sheet, column_headers, first_row_labelled, fold, require_row
from forecast.data.sources.cpi import group_of

_MONTH_YEAR = re.compile(r"thang (\d{1,2}) nam (\d{4})")


def find_sheet(book: ReleaseWorkbook) -> Sheet | None:
    return book.find("chi so gia tieu dung", header_words=("so voi",))


def column_texts(sh: Sheet, first: int, data_row: int) -> dict[int, str]:
    """Folded header text of each column (see `workbook.column_headers`)."""
    return column_headers(sh, first, data_row)


def classify(text: str, month: str) -> str | None:
    """'base', 'yoy', 'mom', 'ytd_yoy' or None (a column growthsim does not keep) for a CPI column header."""
    if not text:
        return None
    y, m = int(month[:4]), int(month[5:7])
    if "goc" in text:
        return "base"
    if "quy" in text:
        return "ytd_yoy" if (m == 3 and re.search(r"quy i\b", text)) else None
    if "binh quan" in text or re.search(r"\b\d{1,2} thang\b", text) or re.match(r"nam \d{4} so voi", text):
        return "ytd_yoy"
    found = _MONTH_YEAR.findall(text)
    if not found:
        return None
    mm, yy = int(found[-1][0]), int(found[-1][1])
    prev = (y - 1, 12) if m == 1 else (y, m - 1)
    if (yy, mm) == (y - 1, m):
        return "yoy"
    if (yy, mm) == prev:
        return "mom"
    return None


def _label(row: list, first_num_col: int) -> str | None:
    texts = [c for c in row[:first_num_col] if isinstance(c, str) and c.strip() and fold(c) not in ("trong do:", "trong do")]
    return texts[-1] if texts else None


def parse(book: ReleaseWorkbook) -> pd.DataFrame:
    """CPI rates of the release's month; empty frame when the workbook has no CPI sheet."""
    sh = find_sheet(book)
    if sh is None:
        return empty_obs()
    data_row = require_row(book, sh, "chỉ số giá tiêu dùng", "CPI")
    texts = column_texts(sh, 2, data_row)
    kinds = {c: classify(t, book.month) for c, t in texts.items()}
    cols = {k: c for c, k in sorted(kinds.items(), reverse=True) if k}  # first column of each kind wins
    if "base" not in cols or "yoy" not in cols or "mom" not in cols:
        raise book.error(f"CPI sheet: cannot find the base, same-month-last-year and previous-month columns "
                         f"for {book.month} in its header", sh)
    first_num = min(cols.values())
    rows = []
    for r in range(data_row, len(sh.rows)):
        label = _label(sh.rows[r], first_num)
        g = group_of(label) if label else None
        if g is None:
            continue
        stem, vi = g
        vals = {}
        for kind in ("yoy", "mom", "ytd_yoy"):
            if kind in cols:
                vals[kind] = book.number(sh, r, cols[kind])
        if "ytd_yoy" not in cols and book.month.endswith("-01"):
            vals["ytd_yoy"] = vals.get("yoy")
        # indices (previous period = 100) except rows printed as % rates (core inflation)
        as_rate = all(v is None or v < 50 for v in vals.values())
        for kind, v in vals.items():
            if v is None:
                continue
            rows.append({"series": f"{stem}.{kind}", "period": book.month, "value": v if as_rate else v - 100.0,
                         "unit": "%", "source": book.source, "item": vi, "vintage": book.vintage,
                         "status": "published"})
    return pd.DataFrame(rows, columns=OBS_COLUMNS) if rows else empty_obs()


def base_index(book: ReleaseWorkbook) -> pd.Series:
    """GSO's published index, base period 2019 = 100, of the release's month, by series stem (for checks)."""
    sh = find_sheet(book)
    if sh is None:
        return pd.Series(dtype="float64")
    data_row = first_row_labelled(sh, "chi so gia tieu dung")
    texts = column_texts(sh, 2, data_row)
    base = [c for c, t in texts.items() if classify(t, book.month) == "base"]
    if not base or "2019" not in texts[base[0]]:
        return pd.Series(dtype="float64")
    out = {}
    for r in range(data_row, len(sh.rows)):
        label = _label(sh.rows[r], base[0])
        g = group_of(label) if label else None
        v = book.number(sh, r, base[0]) if g else None
        if g and v is not None and g[0] not in out:
            out[g[0]] = v
    return pd.Series(out, dtype="float64")
