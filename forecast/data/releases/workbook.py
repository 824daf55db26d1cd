"""A GSO monthly release workbook as plain grids, with tables found by title, not by sheet name.

Sheet names change between January, ordinary, quarter-end and December releases (``2. IIP``,
``2.IIPthang``, ``10.IIPthang``), so parsers ask for a table by words of its title and headers.
"""
from __future__ import annotations

import calendar
import math
from functools import lru_cache
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from forecast.errors import DataError

Cell = object  # str | float | int | None


def fold(text: object) -> str:
    """Lower-case, accent-free, single-spaced text for matching Vietnamese labels ('Tháng' -> 'thang')."""
    s = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", s).strip().lower()


@dataclass(frozen=True)
class Sheet:
    """One worksheet as a list of rows (trailing empty cells trimmed), 0-based row index = Excel row - 1."""

    name: str
    rows: list[list[Cell]]

    @property
    def title(self) -> str:
        """Text of the first few non-empty cells of the first rows, folded (the table's caption)."""
        parts: list[str] = []
        for row in self.rows[:3]:
            parts += [fold(c) for c in row if isinstance(c, str) and c.strip()]
        return " ".join(parts)

    def header_text(self, upto: int = 12) -> str:
        """Folded text of the first `upto` rows, for matching header words ('so voi cung ky')."""
        return " ".join(fold(c) for row in self.rows[:upto] for c in row if c is not None)

    def cell(self, r: int, c: int) -> Cell:
        row = self.rows[r] if r < len(self.rows) else []
        return row[c] if c < len(row) else None

    def where(self, r: int, c: int | None = None) -> str:
        """Location text for messages: sheet 'X', row N (Excel numbering), column L."""
        loc = f"sheet {self.name!r}, row {r + 1}"
        if c is not None:
            loc += f", column {_col_letter(c)}"
        return loc


def column_headers(sheet: Sheet, first: int, data_row: int, drop: str = r"\(?%\)?") -> dict[int, str]:
    """Folded header text of each column: rows `first`..`data_row`-1 joined top to bottom.

    `drop` is a regular expression of unit words removed from the text (default: '%', '(%)').
    """
    width = max(len(row) for row in sheet.rows[first:data_row + 1])
    out = {}
    for c in range(width):
        parts = [fold(sheet.cell(r, c)) for r in range(first, data_row) if sheet.cell(r, c) not in (None, "")]
        text = re.sub(drop, " ", " ".join(parts))
        out[c] = re.sub(r"\s+", " ", text).strip()
    return out


def first_row_labelled(sheet: Sheet, label: str, cols: int = 3) -> int | None:
    """Index of the first row whose first `cols` cells hold the folded text `label` (a table's first
    data row, e.g. "tong so"), or None."""
    for r, row in enumerate(sheet.rows):
        if any(isinstance(c, str) and fold(c) == label for c in row[:cols]):
            return r
    return None


def require_row(book: "ReleaseWorkbook", sheet: Sheet, label: str, what: str) -> int:
    """`first_row_labelled`, or the release's error naming the sheet: "`what` sheet without a '<label>' row"
    (`label` folded, as in the workbook; the message shows it upper-case as GSO prints it)."""
    row = first_row_labelled(sheet, fold(label))
    if row is None:
        raise book.error(f"{what} sheet without a '{label.upper()}' row", sheet)
    return row


def _col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_TITLE_MONTH = re.compile(r"thang (\d{1,2})(?:\s*(?:va|nam|/|-)|\s).*?(\d{4})")


@dataclass
class ReleaseWorkbook:
    """A monthly release loaded into memory. `vintage` is the release date, `month` its reference month."""

    path: Path
    sheets: list[Sheet]
    vintage: str = ""
    month: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.path.name

    def find(self, *title_words: str, header_words: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> Sheet | None:
        """First sheet whose caption holds all `title_words` and whose header holds all `header_words`.

        Words are matched on folded text (no accents, lower case). `exclude` rejects captions with
        any of those words (e.g. quarterly tables 'quy' when the monthly one is wanted).
        """
        want = [fold(w) for w in title_words]
        hdr = [fold(w) for w in header_words]
        bad = [fold(w) for w in exclude]
        for sh in self.sheets:
            t = sh.title
            if all(w in t for w in want) and not any(b in t for b in bad):
                h = sh.header_text()
                if all(w in h for w in hdr):
                    return sh
        return None

    def error(self, message: str, sheet: Sheet | None = None, r: int | None = None, c: int | None = None) -> DataError:
        loc = sheet.where(r, c) if (sheet is not None and r is not None) else (f"sheet {sheet.name!r}" if sheet else None)
        return DataError(message, source=str(self.path), location=loc)

    def number(self, sheet: Sheet, r: int, c: int, *, allow_empty: bool = True) -> float | None:
        """Cell as a float; None for an empty cell (or '-', '..'); DataError naming the cell for text."""
        v = sheet.cell(r, c)
        if v is None:
            if allow_empty:
                return None
            raise self.error("empty cell where a number is expected", sheet, r, c)
        if isinstance(v, bool):
            raise self.error(f"expected a number, found {v!r}", sheet, r, c)
        if isinstance(v, (int, float)):
            out = float(v)
        else:
            s = str(v).strip()
            if s in ("", "-", "..", "...", "x", "–"):
                return None
            try:
                out = float(s.replace(",", ""))
            except ValueError:
                raise self.error(f"expected a number, found text {s[:40]!r}", sheet, r, c) from None
        if not math.isfinite(out):
            raise self.error(f"expected a finite number, found {v!r}", sheet, r, c)
        return out


def month_vintage(month: str) -> str:
    """Default vintage date of a release for reference month YYYY-MM: day 29, or the month's last day."""
    y, m = int(month[:4]), int(month[5:7])
    return f"{y:04d}-{m:02d}-{min(29, calendar.monthrange(y, m)[1]):02d}"


def open_release(path: str | Path, vintage: str | None = None) -> ReleaseWorkbook:
    """Read every sheet of a release workbook (values, not formulas) into memory.

    The vintage is taken from `vintage`, else from a leading ``YYYY-MM-DD`` in the file name (the
    GSO mirror's naming), else from the reference month (see `month_vintage`). The reference
    month comes from the IIP or CPI table caption ('... tháng 12 năm 2024').
    Raises DataError for a file that is not a readable xlsx workbook.
    """
    from forecast.data.validate import check_vintage

    path = Path(path)
    if not path.exists():
        raise DataError("file not found", source=str(path))
    if not path.is_file():
        raise DataError("not a regular file (a directory, device or pipe)", source=str(path))
    try:
        with open(path, "rb") as fh:
            fh.read(4)
    except OSError as exc:
        raise DataError(f"cannot read file ({exc.strerror or exc})", source=str(path)) from None
    if not zipfile.is_zipfile(path):
        raise DataError("not an Excel .xlsx workbook (not a zip container)", source=str(path))
    m = _FILE_DATE.match(path.name)
    if vintage:
        check_vintage(vintage, str(path), field="--vintage")
    elif m:
        check_vintage(f"{m.group(1)}-{m.group(2)}-{m.group(3)}", str(path),
                      field="the date at the start of the file name")
    st = path.stat()
    sheets = list(_read_sheets(str(path.resolve()), st.st_size, st.st_mtime_ns))
    book = ReleaseWorkbook(path=path, sheets=sheets)
    book.month = _reference_month(book)
    if vintage:
        book.vintage = vintage
    elif m:
        book.vintage = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    elif book.month:
        book.vintage = month_vintage(book.month)
    if book.vintage:
        check_vintage(book.vintage, str(path), field="the release date")
    if not book.month and book.vintage:
        book.month = book.vintage[:7]
    if not book.month:
        raise DataError("cannot tell the release's month: no IIP or CPI table with 'tháng N năm YYYY' in its "
                        "caption, and no YYYY-MM-DD at the start of the file name", source=str(path))
    return book


@lru_cache(maxsize=64)
def _read_sheets(path: str, size: int, mtime_ns: int) -> tuple[Sheet, ...]:
    """All sheets of a workbook as value grids; cached per file version (opening one takes 1-3 s)."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            sheets = []
            for ws in wb.worksheets:
                rows = []
                for row in ws.iter_rows(values_only=True):
                    r = list(row)
                    while r and (r[-1] is None or (isinstance(r[-1], str) and not r[-1].strip())):
                        r.pop()
                    rows.append(r)
                while rows and not rows[-1]:
                    rows.pop()
                sheets.append(Sheet(ws.title, rows))
            wb.close()
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise DataError(f"cannot read workbook ({type(exc).__name__}: {exc})", source=path) from None
    return tuple(sheets)


def _reference_month(book: ReleaseWorkbook) -> str:
    for words in (("chi so san xuat cong nghiep",), ("chi so gia tieu dung",)):
        for sh in book.sheets:
            if all(w in sh.title for w in words):
                text = sh.title + " " + sh.header_text(8)
                m = re.search(r"thang (\d{1,2})\b[^0-9]{0,40}?(\d{4})", text)
                if m and 1 <= int(m.group(1)) <= 12:
                    return f"{int(m.group(2)):04d}-{int(m.group(1)):02d}"
    return ""
