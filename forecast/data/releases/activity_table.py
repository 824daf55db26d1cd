"""The monthly activity tables of a release (investment, arrivals, transport): columns told apart by header words.

The state-budget investment, international arrivals and transport tables share one layout, which
moves between years (2020-01 has no year-to-date column, 2020-09 is in English, December prints
'Năm 2020' for the year to date, 2025 drops 'Thực hiện' from the previous month's caption). Each
value column's header (rows 1 .. first data row, joined top to bottom) is classified:

* ``pre``   'Thực hiện tháng M-1' / 'Tháng M-1' / 'Performance': last month's revised level
* ``em``    'Ước tính tháng M': this month's first estimate
* ``ytd``   'Cộng dồn N tháng', 'N tháng', 'Ước tính quý I', 'Năm 2024', 'Accrued': year to date
* ``yoy``   'Tháng M ... so với cùng kỳ năm trước (%)': the month on the same month last year
* ``ytd_yoy`` 'N tháng ... so với cùng kỳ', 'Năm 2024 so với năm 2023': year to date on the same period
* ``skip``  a column growthsim does not keep: on the previous month, on the annual plan, the plan itself

A header none of these words fit raises the release's one-line error naming the sheet, row and
column, so a changed layout is refused, never read into the wrong series. Rates are printed as
indices (same period last year = 100) and stored as % changes (index − 100), except in a table
with a negative rate cell, which prints % changes already (2021-02 transport) and is taken as is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from forecast import periods as P
from forecast.data.frame import OBS_COLUMNS, empty_obs
from forecast.data.releases.workbook import ReleaseWorkbook, Sheet, column_headers, fold

KINDS = ("pre", "em", "ytd", "yoy", "ytd_yoy")
_UNIT_WORDS = (r"\(?\b(nghin )?(ty dong|luot nguoi)\b\)?|\bbill dongs\b|\btrillion dongs\b|\barrivals\b"
               r"|\(?%\)?|;")
_EN_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
              "oct": 10, "nov": 11, "dec": 12}
_EN_MONTH_NAMES = (r"\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                   r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_EN_WORDS = ((r"\bversus\b|\bcompared to\b", "so voi"), (r"\bsame period\b", "cung ky"), (r"\bmonths\b", "thang"),
             (r"\baccrued\b", "cong don"), (r"\bperformance\b", "thuc hien"), (r"\bestimate\b", "uoc tinh"),
             (r"\bpa?la?n\b", "ke hoach"), (r"\blast year\b|\bprevious year\b", "nam truoc"))


def english_to_vietnamese(text: str) -> str:
    """The English edition's header words (2020-09) in the folded Vietnamese the classifier reads."""
    t = re.sub(_EN_MONTH_NAMES, lambda m: f"thang {_EN_MONTHS[m.group(1)[:3]]} ", text)
    for pattern, vi in _EN_WORDS:
        t = re.sub(pattern, vi, t)
    return re.sub(r"\s+", " ", t).strip()


def _is_ytd(text: str) -> bool:
    """'N tháng', 'cộng dồn', 'quý I', or a bare 'năm YYYY' (December's year), not a single month."""
    if re.search(r"\b\d{1,2} thang\b|cong don|\bquy [ivx]+\b", text):
        return True
    return bool(re.search(r"\bnam\b", text)) and not re.search(r"\bthang \d{1,2}\b", text)


def _months_named(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"\bthang (\d{1,2})\b(?! thang)", text)]


def classify(text: str, month: str, after_rate: bool = False) -> str | None:
    """The kind of a value column (see the module docstring), or None if its header is not understood.

    `text` is the folded header without unit words; `month` the release's YYYY-MM; `after_rate`: a
    column right of a rate column, whose 'So với cùng kỳ năm trước (%)' caption was merged leftwards.
    """
    t = english_to_vietnamese(text)
    if not t:
        return None
    m = int(month[5:7])
    prev = 12 if m == 1 else m - 1
    if "ke hoach" in t:
        return "skip"
    if "so voi" in t or "so cung ky" in t or after_rate:
        parts = re.split(r"so voi|so cung ky", t, maxsplit=1)
        head, rest = (parts[0], parts[1]) if len(parts) == 2 else ("", t)
        same = bool(re.search(r"cung ky|nam truoc", t))
        if not same:
            if re.search(r"thang truoc|\bthang \d{1,2}\b", rest):
                return "skip"  # on the previous month
            if not re.search(r"\bnam \d{4}\b", rest):
                return None
        period = head.strip() or re.sub(r"cung ky|nam truoc", " ", rest)
        if _is_ytd(period) and not _months_named(period):
            return "ytd_yoy"
        if re.search(r"\b\d{1,2} thang\b", period):
            return "ytd_yoy"
        named = _months_named(period)
        return "yoy" if named and named[0] == m else None
    if _is_ytd(t) and not (_months_named(t) and not re.search(r"\b\d{1,2} thang\b|cong don|\bquy\b", t)):
        return "ytd"
    named = _months_named(t)
    if not named:
        return None
    if named[0] == m:
        return "pre" if "thuc hien" in t and m != 1 else "em"
    if named[0] == prev:
        return "pre"
    return None


@dataclass(frozen=True)
class Columns:
    """Column index of each kind found in one table's header."""

    kinds: dict[str, int]
    as_rates: bool = False  # the table prints % changes instead of indices (2021-02 transport)


def read_columns(book: ReleaseWorkbook, sh: Sheet, data_row: int, value_cols: list[int], what: str) -> Columns:
    """Classify the header of every value column; a header none of the kinds fit is the release's error."""
    texts = column_headers(sh, 1, data_row, drop=_UNIT_WORDS)
    kinds: dict[str, int] = {}
    rate_cols: list[int] = []
    after_rate = False
    for c in value_cols:
        text = texts.get(c, "")
        if not text:
            continue
        kind = classify(text, book.month, after_rate)
        if kind is None:
            raise book.error(f"{what} table: header {text[:60]!r} is not a column growthsim knows (expected the "
                             f"month's estimate, last month, the year to date or a rate on the same period)",
                             sh, _header_row_of(sh, c, data_row), c)
        after_rate = after_rate or kind in ("yoy", "ytd_yoy")
        if kind in ("yoy", "ytd_yoy") or (kind == "skip" and after_rate):
            rate_cols.append(c)
        if kind != "skip" and kind not in kinds:
            kinds[kind] = c
    top = min((_header_row_of(sh, c, data_row) for c in value_cols), default=1)
    if "em" not in kinds:
        raise book.error(f"{what} table: no column for the estimate of {book.month} in its header", sh, top)
    if "yoy" not in kinds and "ytd_yoy" not in kinds:
        raise book.error(f"{what} table: no column of rates on the same period last year in its header", sh, top)
    # an index (same period last year = 100) is never negative: one negative rate cell means % changes
    negative = any(isinstance(v, (int, float)) and v < 0 for row in sh.rows[data_row:]
                   for c, v in enumerate(row) if c in rate_cols)
    return Columns(kinds, negative)


def _header_row_of(sh: Sheet, c: int, data_row: int) -> int:
    rows = [r for r in range(1, data_row) if sh.cell(r, c) not in (None, "")]
    return rows[0] if rows else 1


def label_of(row: list, upto: int) -> str:
    """Folded text of the last text cell left of column `upto` (the row's label), '' if none."""
    texts = [c for c in row[:upto] if isinstance(c, str) and c.strip()]
    return fold(texts[-1]) if texts else ""


def numbers_in(book: ReleaseWorkbook, sh: Sheet, r: int) -> list[int]:
    """Columns of row `r` holding a number, right of its label (2024-09 numbers its rows in column A)."""
    row = sh.rows[r] if r < len(sh.rows) else []
    texts = [c for c, v in enumerate(row) if isinstance(v, str) and v.strip()]
    start = texts[-1] + 1 if texts else 0
    return [c for c, v in enumerate(row) if c >= start and isinstance(v, (int, float)) and not isinstance(v, bool)]


@dataclass(frozen=True)
class Line:
    """One table row to keep: the series stem, its Vietnamese label, its row index."""

    stem: str
    item: str
    row: int


def line_obs(book: ReleaseWorkbook, sh: Sheet, cols: Columns, lines: list[Line], unit: str,
             scale: float = 1.0) -> pd.DataFrame:
    """Observations of `lines`: ``stem`` (em: first estimate, pre: last month revised), ``.ytd``,
    ``.yoy``, ``.ytd_yoy`` (% = index − 100). Levels are multiplied by `scale` (thousands -> units).
    January: the year to date is the month (level and rate), as in the other families."""
    rows = []
    january = book.month.endswith("-01")

    def add(series: str, period: str, value: float, item: str, status: str, u: str) -> None:
        rows.append({"series": series, "period": period, "value": value, "unit": u, "source": book.source,
                     "item": item, "vintage": book.vintage, "status": status})

    for ln in lines:
        v = {k: book.number(sh, ln.row, c) for k, c in cols.kinds.items()}
        for k in ("yoy", "ytd_yoy"):
            if v.get(k) is not None and not cols.as_rates:
                v[k] -= 100.0
        for k in ("pre", "em", "ytd"):
            if v.get(k) is not None:
                v[k] *= scale
        if january:
            v["ytd"] = v["ytd"] if v.get("ytd") is not None else v.get("em")
            v["ytd_yoy"] = v["ytd_yoy"] if v.get("ytd_yoy") is not None else v.get("yoy")
            v["yoy"] = v["yoy"] if v.get("yoy") is not None else v.get("ytd_yoy")
        if v.get("em") is not None:
            add(ln.stem, book.month, v["em"], ln.item, "first_estimate", unit)
        if v.get("pre") is not None:
            add(ln.stem, P.to_str(P.shift(book.month, -1)), v["pre"], ln.item, "revised", unit)
        for k, u in (("ytd", unit), ("yoy", "%"), ("ytd_yoy", "%")):
            if v.get(k) is not None:
                add(f"{ln.stem}.{k}", book.month, v[k], ln.item, "first_estimate", u)
    return pd.DataFrame(rows, columns=OBS_COLUMNS) if rows else empty_obs()


def find_table(book: ReleaseWorkbook, captions: tuple[tuple[str, ...], ...], exclude: tuple[str, ...]) -> Sheet | None:
    """First sheet whose caption holds all words of one of `captions` (Vietnamese, or the English
    edition's) and none of `exclude` (the quarterly tables: 'các quý', 'quarters')."""
    for words in captions:
        sh = book.find(*words, exclude=exclude)
        if sh is not None:
            return sh
    return None


def find_row(sh: Sheet, labels: tuple[str, ...], start: int = 0, upto: int = 3, stop: int | None = None) -> int | None:
    """First row from `start` (before `stop`) whose label (see `label_of`) starts with one of the folded `labels`."""
    for r in range(start, len(sh.rows) if stop is None else min(stop, len(sh.rows))):
        lab = label_of(sh.rows[r], upto)
        if lab and any(lab.startswith(x) for x in labels):
            return r
    return None


def scale_of(book: ReleaseWorkbook, sh: Sheet, data_row: int, units: dict[str, float], what: str) -> float:
    """Multiplier from the unit printed above the table (`units`: folded words -> factor, longest first)."""
    text = " ".join(fold(c) for row in sh.rows[:data_row] for c in row if isinstance(c, str))
    for words, factor in sorted(units.items(), key=lambda kv: -len(kv[0])):
        if words in text:
            return factor
    raise book.error(f"{what} table: no unit ({', '.join(repr(w) for w in units)}) above its first row", sh)


def total_row(book: ReleaseWorkbook, sh: Sheet, what: str) -> int:
    """Index of the table's 'TỔNG SỐ' ('TOTAL') row; the release's error naming the sheet if there is none."""
    r = find_row(sh, ("tong so", "total"))
    if r is None:
        raise book.error(f"{what} sheet without a 'TỔNG SỐ' row", sh)
    return r
