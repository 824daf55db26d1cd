"""The user's own monthly series (a province's IIP, retail sales, ...), kept in the scenario library.

An uploaded CSV's series is stored in the library's `series` table (`dashboards.library.MIGRATIONS`)
with what the user said about it: a display name, its unit and kind (`forecast.input_csv.UNITS`,
`KINDS`: an index's year is the mean of its months, a flow's their total), the province, the uploaded
file's own name (for messages; never a path) and the values (JSON {"YYYY-MM": value}). Each stored
series has an id, 12 hex digits of a SHA-256 of all of that, so the same upload stored twice is one
row and a link `?view=indicators&series=<id>` finds it again after a reload. An id from a link is
checked against `ID_PATTERN` before it is looked up (always as a bound parameter).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

import pandas as pd

from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.input_csv import KINDS, check_kind

from dashboards.library import Library, LibraryError

ID_PATTERN = re.compile(r"[0-9a-f]{12}")
MAX_NAME = 120
MAX_PROVINCE = 80


@dataclass(frozen=True)
class StoredSeries:
    """One stored series: `levels` (monthly PeriodIndex, in `unit`) with its description."""

    id: str
    name: str
    unit: str
    kind: str
    province: str
    source: str
    series_id: str
    levels: pd.Series
    saved_at: str

    def series(self) -> pd.Series:
        """The levels with ``attrs`` unit and kind (what `forecast.annual.annual_outlook` reads)."""
        y = self.levels.copy()
        y.attrs.update(unit=self.unit, kind=self.kind)
        return y


def _text(value: str, field: str, limit: int, required: bool) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise LibraryError(f"a series needs a {field}")
    if len(text) > limit:
        raise LibraryError(f"a series {field} has at most {limit} characters")
    return text


def check_id(text: str) -> str:
    """`text` when it is an id of a stored series or question (12 hex digits), else LibraryError (the
    text is not quoted back whole: a link may hold anything)."""
    text = str(text or "").strip()
    if not ID_PATTERN.fullmatch(text):
        raise LibraryError(f"{text[:20]!r} is not an id (12 hex digits)")
    return text


def _values_json(levels: pd.Series) -> str:
    """The values as stored: JSON {"YYYY-MM": value}."""
    return json.dumps(dict(zip(P.to_strs(levels.index), map(float, levels.to_numpy()))))


def describe_series(levels: pd.Series, *, name: str, unit: str, kind: str, province: str = "",
                    source: str = "upload.csv") -> StoredSeries:
    """`levels` (a monthly series, e.g. from `forecast.input_csv.parse_input_csv`) with its description,
    checked, and its id; not stored yet. LibraryError / GrowthsimError when the name is empty or too long,
    or the unit or kind unknown or not fitting."""
    name = _text(name, "name", MAX_NAME, True)
    province = _text(province, "province", MAX_PROVINCE, False)
    check_kind(kind, unit, source=source)
    sid = str(levels.name or "series")
    data = _values_json(levels)
    digest = hashlib.sha256(json.dumps([name, unit, kind, province, sid, data]).encode("utf-8")).hexdigest()[:12]
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    y = pd.Series(levels.to_numpy(dtype=float), index=P.to_index(levels.index), name=sid)
    return StoredSeries(id=digest, name=name, unit=unit, kind=kind, province=province, source=str(source)[:200],
                        series_id=sid, levels=y, saved_at=now)


def store_series(library: Library, st: StoredSeries) -> StoredSeries:
    """Store `st` (from `describe_series`) in `library`; the same series stored twice stays one row (its
    save time renewed). Returns it as stored."""
    data = _values_json(st.levels)
    library.query("INSERT INTO series (id, name, unit, kind, province, source, series_id, data, saved_at) "
                  "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET saved_at=excluded.saved_at",
                  (st.id, st.name, st.unit, st.kind, st.province, st.source, st.series_id, data, st.saved_at))
    return get_series(library, st.id)


def save_series(library: Library, levels: pd.Series, *, name: str, unit: str, kind: str, province: str = "",
                source: str = "upload.csv") -> StoredSeries:
    """`describe_series` then `store_series`."""
    return store_series(library, describe_series(levels, name=name, unit=unit, kind=kind, province=province,
                                                 source=source))


def _stored(row) -> StoredSeries:
    values = json.loads(row["data"])
    levels = pd.Series(list(map(float, values.values())), index=P.to_index(list(values)), name=row["series_id"])
    if row["kind"] not in KINDS:
        raise ValueError(f"kind {row['kind']!r}")
    return StoredSeries(id=row["id"], name=row["name"], unit=row["unit"], kind=row["kind"], province=row["province"],
                        source=row["source"], series_id=row["series_id"], levels=levels, saved_at=row["saved_at"])


_DAMAGED = (TypeError, ValueError, KeyError, GrowthsimError)   # what reading a damaged row raises


def read_by_id(library: Library, table: str, row_id: str, what: str, make: Callable):
    """`make(row)` of the row `row_id` (checked by `check_id`, looked up as a bound parameter) of `table`
    (one of the library's own table names, never user text); LibraryError naming `what` when there is none
    or it is damaged."""
    rid = check_id(row_id)
    rows = library.query(f"SELECT * FROM {table} WHERE id = ?", (rid,))
    if not rows:
        raise LibraryError(f"no stored {what} with id {rid}")
    try:
        return make(rows[0])
    except _DAMAGED as exc:
        raise LibraryError(f"the stored {what} {rid} cannot be read ({exc})") from None


def read_all(library: Library, table: str, make: Callable) -> list:
    """`make(row)` of every readable row of `table` (a library table name), newest first; damaged rows left out."""
    out = []
    for row in library.query(f"SELECT * FROM {table} ORDER BY saved_at DESC, id"):
        try:
            out.append(make(row))
        except _DAMAGED:
            continue
    return out


def get_series(library: Library, series_id: str) -> StoredSeries:
    """The stored series `series_id`; LibraryError when the id is malformed, unknown or its row damaged."""
    return read_by_id(library, "series", series_id, "series", _stored)


def list_series(library: Library) -> list[StoredSeries]:
    """Every readable stored series, newest first (damaged rows are left out)."""
    return read_all(library, "series", _stored)
