"""Passenger and freight transport of the month from a release's 'Vận tải ...' tables.

Sheets: 'Vận tải hành khách' (passengers) and 'Vận tải hàng hoá' (freight), or one 'Vận tải hành
khách và hàng hoá' sheet with sections 'A. HÀNH KHÁCH' and 'B. HÀNG HÓA' (2020-01, 2020-02, 2020-04,
Decembers); English edition 2020-09: 'Carriage of passengers', 'Freight'. Quarterly tables ('các
quý', 'in quarters') and the transport price index ('Chỉ số giá vận tải') are not read.
In each section the rows 'I. Vận chuyển' (volume carried: thousand passengers, thousand tonnes) and
'II. Luân chuyển' (traffic: million passenger-km, million tonne-km) hold the totals (in 2020-01/02
on the next row, 'Tổng số'; in 2022-12 the freight volume's numbers stand one row up, on 'B. HÀNG
HÓA', the rows below it being shifted too). The unit printed in the label is checked.

Columns (`activity_table`): this month's estimate (``first_estimate``), year to date, and indices on
the same month and the same year to date last year. These tables print no revised previous month:
a month is stored once, as first estimated (its revision shows only inside the next year to date).
"""
from __future__ import annotations

import pandas as pd

from forecast.data.frame import empty_obs
from forecast.data.releases.activity_table import Line, find_row, find_table, label_of, line_obs, numbers_in, read_columns
from forecast.data.releases.workbook import ReleaseWorkbook, Sheet

# section -> (caption words (Vietnamese, English), [(stem, row label prefixes, unit, unit words in label)])
SECTIONS = {
    "passengers": ((("van tai hanh khach",), ("carriage of passengers",)),
                   [("transport.passengers", ("i. van chuyen", "i. volume carried"), "thousand passengers",
                     ("nghin", "thous")),
                    ("transport.passenger_km", ("ii. luan chuyen", "ii. volume traffic"), "million passenger-km",
                     ("trieu", "mill"))]),
    "freight": ((("van tai hang hoa",), ("freight",)),
                [("transport.freight", ("i. van chuyen", "i. volume carried"), "thousand tonnes", ("nghin", "thous")),
                 ("transport.tonne_km", ("ii. luan chuyen", "ii. volume traffic"), "million tonne-km",
                  ("trieu", "mill"))]),
}
ITEMS = {"transport.passengers": "Hành khách: Vận chuyển (Nghìn HK)",
         "transport.passenger_km": "Hành khách: Luân chuyển (Triệu HK.km)",
         "transport.freight": "Hàng hoá: Vận chuyển (Nghìn tấn)",
         "transport.tonne_km": "Hàng hoá: Luân chuyển (Triệu tấn.km)"}
EXCLUDE = ("cac quy", "quarters", "chi so gia", "price index", "charge index")
COMBINED = ("van tai hanh khach va hang hoa",)
MIN_VALUES = 3  # a total row holds at least the estimate, the year to date and a rate


def _sheet_for(book: ReleaseWorkbook, section: str) -> tuple[Sheet, int, int | None] | None:
    """(sheet, first row, end row) of a section: its own sheet, or its part of the combined sheet."""
    both = book.find(*COMBINED, exclude=EXCLUDE)
    if both is not None:
        split = find_row(both, ("b. hang hoa",))
        if split is None:
            raise book.error("transport sheet without a 'B. HÀNG HÓA' section", both)
        return (both, 0, split) if section == "passengers" else (both, split, None)
    other = "hang hoa" if section == "passengers" else "hanh khach"
    captions, _ = SECTIONS[section]
    sh = find_table(book, captions, EXCLUDE + (other,))
    return (sh, 0, None) if sh is not None else None


def _total_row(book: ReleaseWorkbook, sh: Sheet, labels: tuple[str, ...], start: int, stop: int | None,
               unit_words: tuple[str, ...], unit: str) -> int:
    r = find_row(sh, labels, start=start, stop=stop)
    if r is None:
        raise book.error(f"transport sheet without a '{labels[0].upper()}' row", sh)
    if not any(w in label_of(sh.rows[r], 3) for w in unit_words):
        raise book.error(f"transport sheet: row '{label_of(sh.rows[r], 3)[:50]}' is not in {unit}", sh, r)
    if len(numbers_in(book, sh, r)) >= MIN_VALUES:
        return r
    for near, words in ((r + 1, ("tong so", "total")), (r - 1, ("b. hang hoa",))):
        if find_row(sh, words, start=near, stop=near + 1) is not None and len(numbers_in(book, sh, near)) >= MIN_VALUES:
            return near
    raise book.error("transport sheet: no numbers in the total row", sh, r)


def parse(book: ReleaseWorkbook) -> pd.DataFrame:
    """Volume and traffic of passenger and freight transport; empty frame without the tables."""
    parts = []
    for section, (_, lines) in SECTIONS.items():
        found = _sheet_for(book, section)
        if found is None:
            continue
        sh, start, stop = found
        rows = [_total_row(book, sh, labels, start, stop, words, unit) for _, labels, unit, words in lines]
        header_end = _total_row(book, sh, lines[0][1], 0, None, lines[0][3], lines[0][2])
        cols = read_columns(book, sh, header_end, numbers_in(book, sh, rows[0]), "transport")
        for (stem, _, unit, _), r in zip(lines, rows):
            parts.append(line_obs(book, sh, cols, [Line(stem, ITEMS[stem], r)], unit))
    return pd.concat(parts, ignore_index=True) if parts else empty_obs()
