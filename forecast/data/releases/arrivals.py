"""International visitor arrivals (visits) from the 'Khách quốc tế đến Việt Nam' table of a release.

English edition (2020-09): 'International visitors to Vietnam'. The quarterly table ('... các quý',
'in quarters') is not read. Rows: 'TỔNG SỐ' (total) and, under 'Phân theo phương tiện đến' (by
means of transport), 'Đường không' (air), 'Đường bộ' (road), 'Đường biển' (sea). Columns as read
by `activity_table`: last month realised (``revised``), this month's estimate (``first_estimate``),
year to date, indices on the same month and on the year to date last year.

Unit: thousand visits ('Nghìn lượt người') until 2020-03, visits ('Lượt người') from 2020-04;
stored in visits. The English 2020-09 table prints no unit: its year to date (3.8 million) can
only be visits (in thousands it would be 3.8 billion), and that is how it is read (any table
without a unit whose year to date is below 100,000 is refused). In 2020-04 the total row is
empty and its numbers stand on the next row, 'Phân theo phương tiện đến'; they are read as the total.
"""
from __future__ import annotations

import pandas as pd

from forecast.data.frame import empty_obs
from forecast.data.releases.activity_table import (Line, find_row, find_table, line_obs, numbers_in, read_columns,
                                                   scale_of, total_row)
from forecast.data.releases.workbook import ReleaseWorkbook
from forecast.errors import DataError

UNIT = "visits"
CAPTIONS = (("khach quoc te den viet nam",), ("international visitors to vietnam",))
LINES = (("arrivals.air", "Đường không", ("duong khong", "airway")),
         ("arrivals.road", "Đường bộ", ("duong bo", "road")),
         ("arrivals.sea", "Đường biển", ("duong bien", "seaway")))
UNITS = {"nghin luot nguoi": 1000.0, "luot nguoi": 1.0, "thous": 1000.0, "arrivals": 1.0}
VISITS_IF_YTD_ABOVE = 100_000  # a year to date above this cannot be in thousands (100 million visits)


def parse(book: ReleaseWorkbook) -> pd.DataFrame:
    """Arrivals of the month, total and by mode; empty frame when the release has no such table."""
    sh = find_table(book, CAPTIONS, ("cac quy", "quarters"))
    if sh is None:
        return empty_obs()
    total = total_row(book, sh, "international arrivals")
    if not numbers_in(book, sh, total):  # 2020-04: the total's numbers are on the next row
        nxt = find_row(sh, ("phan theo phuong tien", "by means of transport"), start=total + 1, stop=total + 2)
        if nxt is None or not numbers_in(book, sh, nxt):
            raise book.error("international arrivals sheet: no numbers in the 'TỔNG SỐ' row", sh, total)
        total = nxt
    value_cols = numbers_in(book, sh, total)
    cols = read_columns(book, sh, total, value_cols, "international arrivals")
    lines = [Line("arrivals", "TỔNG SỐ", total)]
    for stem, item, labels in LINES:
        r = find_row(sh, labels, start=total + 1, upto=value_cols[0])
        if r is None:
            raise book.error(f"international arrivals sheet without a '{item}' row", sh)
        lines.append(Line(stem, item, r))
    try:
        scale = scale_of(book, sh, total, UNITS, "international arrivals")
    except DataError:
        ytd = book.number(sh, total, cols.kinds["ytd"]) if "ytd" in cols.kinds else None
        if ytd is None or ytd < VISITS_IF_YTD_ABOVE:
            raise
        scale = 1.0
    return line_obs(book, sh, cols, lines, UNIT, scale)
