"""Merchandise exports and imports (million USD) in a GSO monthly release workbook.

The tables are captioned 'Hàng hóa xuất khẩu' / 'Hàng hóa nhập khẩu' (sheet names vary: '14. XK HH',
'14. xuất khẩu tháng', '21.XK', '28.XK tháng'); quarter-end releases add a quarterly table 'Hàng hóa
xuất khẩu các quý năm ...' that is skipped. Columns come in pairs, quantity ('Lượng') then value
('Trị giá'); they are told apart by their header words, not their position:

* 'Ước tính/Sơ bộ tháng M năm Y'  -> the month's first estimate (status ``first_estimate``),
* 'N tháng năm Y', 'Quý I năm Y', and in December 'năm Y' -> the year-to-date value,
* January releases print the previous year's total instead of a year-to-date column (ignored:
  the year to date of January is the month itself); '... so với cùng kỳ (%)' columns are indices.

Revised values: a release's year-to-date value minus its own month estimate is the sum of the
earlier months as known at that release, so with the previous release (found next to this file in
the same folder by its ``YYYY-MM-DD`` name) the month before is revised:

    revised(m-1) = [YTD(m) - M(m)] - [YTD(m-1) - M(m-1)]      (for February: YTD(2) - M(2))

status ``revised``, vintage this release. This is the identity `forecast.data.sources.trade` applies
to ``tables/xk.csv`` / ``nk.csv``, so importing releases one by one equals a full build.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.data.frame import OBS_COLUMNS, empty_obs
from forecast.data.releases.workbook import ReleaseWorkbook, Sheet, fold, open_release
from forecast.data.sources.trade_products import SUBROW_KEYS, UNIT, is_subrow, series_id, slug

CAPTIONS = {"exports": "hang hoa xuat khau", "imports": "hang hoa nhap khau"}


@dataclass
class Table:
    """One flow's table of a release: month (YYYY-MM) and per series (label, month value, year-to-date value)."""

    month: str
    rows: dict[str, tuple[str, float | None, float | None]]
    year_before: dict[str, float] = field(default_factory=dict)  # January: previous year's total
    prev_actual: dict[str, float] = field(default_factory=dict)  # 'Thực hiện tháng M-1' (releases to 2022)


def find_sheet(book: ReleaseWorkbook, flow: str) -> Sheet | None:
    """The monthly exports/imports table (not the quarterly one, not services, not prices)."""
    return book.find(CAPTIONS[flow], header_words=("tri gia",), exclude=("cac quy", "dich vu", "chi so gia"))


def _columns(book: ReleaseWorkbook, sh: Sheet) -> tuple[int, int, int | None, int | None, int | None, str]:
    """(header row, month column, year-to-date column, previous-year total column (January),
    previous month's actual column (older releases: 'Thực hiện tháng M-1'), 'YYYY-MM' of the month)."""
    hdr = next((r for r in range(min(14, len(sh.rows)))
                if any(c is not None and fold(c) == "tri gia" for c in sh.rows[r])), None)
    if hdr is None:
        raise book.error("trade table without a 'Trị giá' (value) header", sh)
    month_col = ytd_col = year_col = prev_col = None
    period = ""
    months: list[tuple[int, str, str]] = []
    ref_year = int(book.month[:4]) if book.month else None
    for c, v in enumerate(sh.rows[hdr]):
        if v is None or fold(v) != "tri gia":
            continue
        text = " ".join(fold(sh.cell(r, cc)) for r in range(1, hdr) for cc in (c - 1, c) if sh.cell(r, cc) is not None)
        if "so voi" in text or "%" in text:
            continue
        m = re.search(r"(?<!\d )thang (\d{1,2})\b", text)
        y = re.search(r"nam (\d{4})", text)
        if m and not re.search(r"\d{1,2} thang", text):
            year = int(y.group(1)) if y else ref_year
            if year is None:
                raise book.error("cannot tell the year of the month column", sh, hdr, c)
            months.append((c, f"{year:04d}-{int(m.group(1)):02d}", text))
        elif re.search(r"\d{1,2} thang|quy i\b", text):
            ytd_col = c if ytd_col is None else ytd_col
        elif y and "thang" not in text:
            # 'năm 2023': the year to date in a December release; the previous year's total in January
            if ref_year is not None and int(y.group(1)) == ref_year and book.month.endswith("-12"):
                ytd_col = c if ytd_col is None else ytd_col
            elif ref_year is not None and int(y.group(1)) == ref_year - 1 and book.month.endswith("-01"):
                year_col = c if year_col is None else year_col
    for c, per, text in months:
        if month_col is None and (not book.month or per == book.month):
            month_col, period = c, per
    if month_col is None and months:
        month_col, period = months[0][0], months[0][1]
    for c, per, text in months:
        if c != month_col and "thuc hien" in text and per == P.to_str(P.shift(period, -1)):
            prev_col = c
    if month_col is None:
        raise book.error("trade table: no value column for the month ('tháng M năm YYYY') in the header", sh, hdr)
    if book.month and period != book.month:
        raise book.error(f"trade table is for {period}, the release for {book.month}", sh, hdr, month_col)
    if ytd_col is None and not period.endswith("-01"):
        raise book.error("trade table: no year-to-date value column ('N tháng năm YYYY')", sh, hdr)
    return hdr, month_col, ytd_col, year_col, prev_col, period


def read_table(book: ReleaseWorkbook, flow: str) -> Table | None:
    """The flow's table as values per series id; None if the release has no such table."""
    sh = find_sheet(book, flow)
    if sh is None:
        return None
    hdr, mc, yc, year_col, prev_col, period = _columns(book, sh)
    rows: dict[str, tuple[str, float | None, float | None]] = {}
    year_before: dict[str, float] = {}
    prev_actual: dict[str, float] = {}
    parent = None
    for r in range(hdr + 1, len(sh.rows)):
        row = sh.rows[r]
        labels = [x for x in row[: max(1, mc - 1)] if isinstance(x, str) and x.strip()]
        if not labels:
            continue
        label = labels[-1].strip()
        month = book.number(sh, r, mc)
        ytd = month if yc is None else book.number(sh, r, yc)
        if month is None and ytd is None:
            continue  # section title ('MẶT HÀNG CHỦ YẾU') or footnote
        if is_subrow(label):
            key = SUBROW_KEYS.get(parent.split(".", 1)[-1]) if parent else None
            if key is None:
                book.notes.append(f"{sh.where(r)}: '{label}' under {parent!r} not kept")
                continue
            sid = f"{flow}.{key}"
        else:
            sid = series_id(flow, label)
            if sid is None:
                sid = f"{flow}.{slug(label)}"
                book.notes.append(f"{sh.where(r)}: new {flow} row {label!r} kept as {sid} (no curated name)")
            parent = sid
        # 'Dầu thô' is printed under the FDI sector and again among products: the product row (last) wins
        rows[sid] = (label, month, ytd)
        for col, store in ((year_col, year_before), (prev_col, prev_actual)):
            if col is not None:
                v = book.number(sh, r, col)
                if v is not None:
                    store[sid] = v
    if flow not in rows:
        raise book.error("trade table has no 'TỔNG TRỊ GIÁ' row", sh)
    return Table(period, rows, year_before, prev_actual)


_CACHE: dict[tuple[str, float, int], dict[str, Table | None]] = {}


def _key(path: Path) -> tuple[str, float, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), st.st_mtime, st.st_size)


def _remember(key: tuple[str, float, int] | None, tables: dict[str, Table | None]) -> None:
    if key is not None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = tables


def _tables(book: ReleaseWorkbook) -> dict[str, Table | None]:
    out = {flow: read_table(book, flow) for flow in CAPTIONS}
    _remember(_key(Path(book.path)), out)
    return out


def _tables_at(path: Path) -> dict[str, Table | None]:
    """Tables of another release file; reuses the last few parsed ones (importing in order reads each once)."""
    key = _key(path)
    if key is not None and key in _CACHE:
        return _CACHE[key]
    return _tables(open_release(path))


def previous_release(book: ReleaseWorkbook) -> Path | None:
    """The release of the month before, next to this file, by the 'YYYY-MM-DD' start of its name."""
    want = P.to_str(P.shift(book.month, -1))
    cands = sorted(p for p in Path(book.path).parent.glob(f"{want}-*.xlsx") if p.name[:10] <= (book.vintage or "9"))
    return cands[-1] if cands else None


def parse(book: ReleaseWorkbook) -> pd.DataFrame:
    """Exports and imports in the release: first estimates of its month, revised values of the month before."""
    tables = _tables(book)
    if not any(tables.values()):
        return empty_obs()
    prev_tables: dict[str, Table | None] | None = None
    out = []
    for flow, tab in tables.items():
        if tab is None:
            continue
        for sid, (label, month, _ytd) in tab.rows.items():
            if month is not None:
                out.append((sid, tab.month, month, UNIT, book.source, label, book.vintage, "first_estimate"))
        pm = P.to_str(P.shift(tab.month, -1))
        if tab.prev_actual:  # the release prints the previous month's actual value itself
            for sid, value in tab.prev_actual.items():
                out.append((sid, pm, value, UNIT, book.source, tab.rows[sid][0], book.vintage, "revised"))
            continue
        if tab.month.endswith("-01") and not tab.year_before:
            continue
        if tab.month.endswith("-02"):
            prev_rows = {sid: (lab, 0.0, 0.0) for sid, (lab, _m, _y) in tab.rows.items()}
        else:
            if prev_tables is None:
                path = previous_release(book)
                if path is None:
                    book.notes.append(f"no release for {pm} next to {book.source}: revised values of {pm} not derived")
                    prev_tables = {}
                else:
                    prev_tables = _tables_at(path)
            prev = prev_tables.get(flow)
            if prev is None or prev.month != pm:
                continue
            prev_rows = prev.rows
        for sid, (label, month, ytd) in tab.rows.items():
            if sid not in prev_rows:
                continue
            if tab.month.endswith("-01"):
                # the previous year's total plays the part of the year to date, with no month of its own
                month, ytd = 0.0, tab.year_before.get(sid)
            _lab, pmonth, pytd = prev_rows[sid]
            if None in (month, ytd, pmonth, pytd):
                continue
            value = (ytd - month) - (pytd - pmonth)
            if value < 0:
                book.notes.append(f"{sid} {pm}: year-to-date difference {value:.3f} < 0, not kept as a revision")
                continue
            out.append((sid, pm, value, UNIT, book.source, label, book.vintage, "revised"))
    return pd.DataFrame(out, columns=OBS_COLUMNS)
