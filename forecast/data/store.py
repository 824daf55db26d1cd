"""The curated store under ``data/``: newest values, the revision log and the catalog, as CSV files.

Layout (all UTF-8 CSV, rows sorted, floats written with 12 significant digits so that a rebuild
gives identical bytes):

* ``observations/<family>.csv`` — the newest vintage of every (series, period), family = the
  series id up to the first dot (``iip``, ``exports``, ``gdp_real``...);
* ``revisions.csv`` — every superseded value, with the vintage that superseded it;
* ``catalog.csv`` — one row per series: names (vi, en), unit, frequency, span, source, note;
* ``tet.csv`` — Lunar New Year dates (written by the build).

Writes are atomic per file (write aside, then ``os.replace``) and all files are prepared before
the first is replaced, so a failed import leaves ``data/`` byte-identical.
"""
from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from forecast.data.frame import META_COLUMNS, OBS_COLUMNS, check_obs

REVISION_COLUMNS = OBS_COLUMNS + ["superseded_by"]
CATALOG_COLUMNS = ["id", "name_vi", "name_en", "unit", "freq", "first", "last", "count", "last_vintage", "source", "note"]
FLOAT_FORMAT = "%.12g"


def default_root() -> Path:
    """The store shipped with the code: ``<repo>/data``, or ``$GROWTHSIM_DATA`` if set."""
    env = os.environ.get("GROWTHSIM_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


def family(series: str) -> str:
    return series.split(".", 1)[0]


def _sort(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.sort_values(keys, kind="mergesort").reset_index(drop=True)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    df = pd.read_csv(path, dtype={c: "string" for c in columns if c not in ("value", "count")},
                     keep_default_na=False, na_values={"value": [""]})
    for c in df.columns:
        if c not in ("value", "count"):
            df[c] = df[c].astype(object)
    return df


@dataclass
class StoreContent:
    """Everything in a store, in memory. `official` excludes derived rows; `derived` holds only them."""

    official: pd.DataFrame
    derived: pd.DataFrame
    revisions: pd.DataFrame
    catalog: pd.DataFrame
    extra_files: dict[str, bytes] = field(default_factory=dict)

    @property
    def latest(self) -> pd.DataFrame:
        return pd.concat([self.official, self.derived], ignore_index=True)


class Store:
    """Reads and atomically writes a store directory."""

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root is not None else default_root()

    def exists(self) -> bool:
        return (self.root / "catalog.csv").exists()

    def read_latest(self) -> pd.DataFrame:
        """Newest vintage of every (series, period), derived series included."""
        parts = [_read_csv(p, OBS_COLUMNS) for p in sorted((self.root / "observations").glob("*.csv"))]
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in OBS_COLUMNS})
        df = pd.concat(parts, ignore_index=True)
        df["value"] = df["value"].astype("float64")
        return df

    def read_catalog(self) -> pd.DataFrame:
        return _read_csv(self.root / "catalog.csv", CATALOG_COLUMNS)

    def read_revisions(self) -> pd.DataFrame:
        df = _read_csv(self.root / "revisions.csv", REVISION_COLUMNS)
        if len(df):
            df["value"] = df["value"].astype("float64")
        return df

    def read(self) -> StoreContent:
        latest = self.read_latest()
        is_derived = latest["status"] == "derived"
        return StoreContent(official=latest[~is_derived].reset_index(drop=True),
                            derived=latest[is_derived].reset_index(drop=True),
                            revisions=self.read_revisions(), catalog=self.read_catalog())

    def write(self, content: StoreContent) -> None:
        """Replace the store's files with `content`; files of families no longer present are removed."""
        latest = check_obs(content.latest, "store")
        files: dict[str, bytes] = {}
        for fam, part in latest.groupby(latest["series"].map(family), sort=True):
            files[f"observations/{fam}.csv"] = to_csv_bytes(_sort(part, ["series", "period"]))
        rev = content.revisions[REVISION_COLUMNS] if len(content.revisions) else pd.DataFrame(columns=REVISION_COLUMNS)
        files["revisions.csv"] = to_csv_bytes(_sort(rev, ["series", "period", "vintage", "source"]))
        files["catalog.csv"] = to_csv_bytes(_sort(content.catalog[CATALOG_COLUMNS], ["id"]))
        files.update(content.extra_files)
        self._atomic_write(files)

    def _atomic_write(self, files: dict[str, bytes]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[str, Path]] = []
        try:
            for rel, data in files.items():
                target = self.root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
                staged.append((rel, Path(tmp)))
        except BaseException:
            for _, tmp in staged:
                tmp.unlink(missing_ok=True)
            raise
        for rel, tmp in staged:
            target = self.root / rel
            if target.exists() and target.read_bytes() == files[rel]:
                tmp.unlink()  # unchanged: leave the file (and its mtime) alone
            else:
                os.replace(tmp, target)
        keep = {str(self.root / rel) for rel in files}
        for old in (self.root / "observations").glob("*.csv"):
            if str(old) not in keep:
                old.unlink()


def merge_vintages(current: pd.DataFrame, revisions: pd.DataFrame, incoming: pd.DataFrame
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Combine official values of several vintages: returns (newest per series/period, revision log).

    The newest vintage wins, except that a ``final`` value (the customs' final trade figures in
    the SDMX file) is not displaced by a later preliminary estimate. On the same vintage the
    incoming row replaces the stored one (re-importing a file changes nothing). Every displaced
    value goes to the revision log with the vintage that displaced it.
    """
    cur = current.assign(_order=0)
    inc = incoming.assign(_order=1)
    allv = pd.concat([cur, inc], ignore_index=True)
    allv = allv.sort_values(["series", "period", "vintage", "_order"], kind="mergesort")
    # the same vintage is the same release: the incoming copy replaces the stored one
    allv = allv.drop_duplicates(["series", "period", "vintage"], keep="last")
    allv["_final"] = (allv["status"] == "final").astype(int)
    allv = allv.sort_values(["series", "period", "_final", "vintage", "_order"], kind="mergesort")
    is_last = ~allv.duplicated(["series", "period"], keep="last")
    newest = allv[is_last]
    displaced = allv[~is_last].copy()
    winner = newest.set_index(["series", "period"])["vintage"]
    displaced["superseded_by"] = [winner[(s, p)] for s, p in zip(displaced["series"], displaced["period"])]
    rev = pd.concat([revisions, displaced[REVISION_COLUMNS]], ignore_index=True) if len(revisions) else displaced[REVISION_COLUMNS]
    rev = rev.drop_duplicates(["series", "period", "vintage"], keep="last")
    # a value that is the newest again (re-imported release) is no longer a superseded one
    current = set(zip(newest["series"], newest["period"], newest["vintage"]))
    rev = rev[[k not in current for k in zip(rev["series"], rev["period"], rev["vintage"])]]
    return newest[OBS_COLUMNS].reset_index(drop=True), rev.reset_index(drop=True)


def catalog_from(meta: pd.DataFrame, latest: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Catalog rows for every series in `latest`: names from `meta` (else the previous catalog), span computed."""
    meta = meta.drop_duplicates("id", keep="last").set_index("id") if len(meta) else pd.DataFrame(columns=META_COLUMNS).set_index("id")
    prev = previous.set_index("id") if previous is not None and len(previous) else None
    rows = []
    for sid, part in latest.groupby("series", sort=True):
        if sid in meta.index:
            m = meta.loc[sid]
        elif prev is not None and sid in prev.index:
            m = prev.loc[sid]
        else:
            first = part.iloc[0]
            m = pd.Series({"name_vi": first["item"], "name_en": "", "unit": first["unit"], "freq": "",
                           "source": first["source"], "note": "added by import: no curated names yet"})
        periods = sorted(part["period"])
        freq = m.get("freq") or ("M" if "-" in periods[0] else "Q" if "Q" in periods[0] else "A")
        rows.append({"id": sid, "name_vi": m["name_vi"], "name_en": m["name_en"], "unit": m["unit"], "freq": freq,
                     "first": periods[0], "last": periods[-1], "count": len(periods),
                     "last_vintage": part["vintage"].max(), "source": m["source"], "note": m.get("note", "")})
    return pd.DataFrame(rows, columns=CATALOG_COLUMNS)
