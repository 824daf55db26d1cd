"""The curated store under ``data/``: newest values, the revision log and the catalog, as CSV files.

Layout (all UTF-8 CSV, rows sorted, floats written with 12 significant digits so that a rebuild
gives identical bytes):

* ``observations/<family>.csv`` — the newest vintage of every (series, period), family = the
  series id up to the first dot (``iip``, ``exports``, ``gdp_real``...);
* ``revisions.csv`` — every superseded value, with the vintage that superseded it;
* ``catalog.csv`` — one row per series: names (vi, en), unit, frequency, span, source, note;
* ``tet.csv`` — Lunar New Year dates (written by the build).

**All or nothing across every file: a redo journal** (docs/data/store.md). A write

1. stages every changed file as ``.tmp-*`` in its target folder (written, fsync'ed);
2. writes ``.journal.json`` atomically (``forecast.cache.atomic_write``): temp → target pairs and
   the files to delete; from this moment the import is decided;
3. replaces the targets (``os.replace``), deletes obsolete files, fsyncs the folders;
4. deletes the journal.

A process killed before step 2 leaves the old store plus orphan ``.tmp-*`` files; one killed
after it leaves a journal. The next reader or writer of the store (``Store.reading``,
``Store.write``, ``forecast.data.api``) completes a journal it finds (roll forward: the temp files
are complete) or, without one, removes the orphans. Writers hold an exclusive ``flock`` on the
store folder for steps 1-4, readers a shared one, so no reader sees a half-replaced store and
no cleaner removes a live writer's temp files. A full or read-only disk fails in step 1 or 2:
the temp files are removed, the store is left as it was, and a `StoreWriteError` says so in one
line. The files stay plain CSV in git; the journal and temp files exist only during a write.
"""
from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from forecast.data.frame import META_COLUMNS, OBS_COLUMNS, check_obs
from forecast.errors import GrowthsimError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locking, the journal still protects
    fcntl = None  # type: ignore[assignment]

REVISION_COLUMNS = OBS_COLUMNS + ["superseded_by"]
CATALOG_COLUMNS = ["id", "name_vi", "name_en", "unit", "freq", "first", "last", "count", "last_vintage", "source", "note"]
FLOAT_FORMAT = "%.12g"
JOURNAL = ".journal.json"
TMP_PREFIX = ".tmp-"
_STORE_DIRS = ("", "observations")  # folders that hold store files (and so temp files)


class StoreWriteError(GrowthsimError):
    """The store could not be written (disk full, read-only, no permission); it was left as it was."""


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full (no space left on device)"
    if exc.errno == errno.EROFS:
        return "the store is on a read-only file system"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exceeded"
    return exc.strerror or type(exc).__name__


_KILL_COUNTS: dict[str, int] = {}


def _test_kill_point(step: str) -> None:
    """Fault-test hook: ``GROWTHSIM_TEST_KILL_AT=<step>:<n>`` SIGKILLs this process at the n-th
    occurrence of `step` (``stage``, ``journal``, ``replace``, ``delete``, ``unjournal``). Unset in
    normal use; tests/forecast/data/test_store_faults.py drives it."""
    want = os.environ.get("GROWTHSIM_TEST_KILL_AT")
    if not want:
        return
    name, _, n = want.partition(":")
    if name != step:
        return
    _KILL_COUNTS[step] = _KILL_COUNTS.get(step, 0) + 1
    if _KILL_COUNTS[step] == int(n or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_HELD = threading.local()  # root -> lock mode held by this thread ("sh" / "ex"), for nesting


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
    """Reads and writes a store directory, all or nothing (see the module docstring)."""

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root is not None else default_root()

    # ------------------------------------------------------------------ locking and recovery

    @contextlib.contextmanager
    def _lock(self, mode: str) -> Iterator[None]:
        """``flock`` the store folder, shared ("sh") or exclusive ("ex"); nested calls in one thread
        reuse the outer lock. No lock when the folder does not exist yet or fcntl is missing."""
        held = getattr(_HELD, "modes", None)
        if held is None:
            held = _HELD.modes = {}
        key = str(self.root.resolve()) if self.root.exists() else str(self.root)
        if key in held and (held[key] == "ex" or mode == "sh"):
            yield
            return
        if fcntl is None or not self.root.is_dir():
            yield
            return
        fd = os.open(self.root, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if mode == "ex" else fcntl.LOCK_SH)
            prev = held.get(key)
            held[key] = mode
            try:
                yield
            finally:
                if prev is None:
                    held.pop(key, None)
                else:
                    held[key] = prev
        finally:
            os.close(fd)  # releases the lock

    def pending(self) -> bool:
        """True if a journal of an unfinished write is present."""
        return (self.root / JOURNAL).exists()

    def orphans(self) -> list[Path]:
        """Temporary files of writes that died before their journal was written."""
        out: list[Path] = []
        for sub in _STORE_DIRS:
            d = self.root / sub if sub else self.root
            try:
                with os.scandir(d) as entries:
                    out += [Path(e.path) for e in entries if e.name.startswith(TMP_PREFIX)]
            except (FileNotFoundError, NotADirectoryError):
                continue
        return sorted(out)

    def recover(self) -> bool:
        """Complete an unfinished write (journal found), else remove orphan temp files.

        Returns True if anything was done. Takes the exclusive lock; a store that cannot be
        repaired because it is read-only raises StoreWriteError when a journal is pending (its
        files would be a mix) and is left alone when there are only orphans.
        """
        if not self.pending() and not self.orphans():
            return False
        held = getattr(_HELD, "modes", {})
        if held.get(str(self.root.resolve())) == "sh":
            return False  # inside a read of this thread: the outer call has recovered already
        with self._lock("ex"):
            return self._recover_locked()

    def _recover_locked(self) -> bool:
        done = False
        if self.pending():
            try:
                self._roll_forward(self._read_journal())
            except OSError as exc:
                raise StoreWriteError(f"an interrupted import left {JOURNAL} and it cannot be completed: "
                                      f"{_describe(exc)}; run any growthsim data command where the store "
                                      "is writable", source=str(self.root)) from None
            done = True
        for tmp in self.orphans():
            try:
                tmp.unlink()
                done = True
            except FileNotFoundError:
                pass
            except OSError:
                break  # read-only: orphans are harmless, leave them
        return done

    def _read_journal(self) -> dict:
        path = self.root / JOURNAL
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
            pairs = [(str(t), str(g)) for t, g in journal["replace"]]
            deletes = [str(d) for d in journal.get("delete", [])]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreWriteError(f"{JOURNAL} is not a journal growthsim wrote ({type(exc).__name__}); "
                                  "move it away and rebuild the store", source=str(self.root)) from None
        for rel in [p for pair in pairs for p in pair] + deletes:
            parts = Path(rel).parts
            if Path(rel).is_absolute() or ".." in parts or not parts:
                raise StoreWriteError(f"{JOURNAL} names a path outside the store: {rel!r}", source=str(self.root))
        for tmp, _ in pairs:
            if not Path(tmp).name.startswith(TMP_PREFIX):
                raise StoreWriteError(f"{JOURNAL} names a file that is not a temporary one: {tmp!r}",
                                      source=str(self.root))
        return {"replace": pairs, "delete": deletes}

    def _roll_forward(self, journal: dict) -> None:
        """Steps 3-4 of a write: replace every target by its temp file (a missing temp file was
        replaced already), delete obsolete files, sync, remove the journal."""
        dirs = {self.root}
        for tmp, target in journal["replace"]:
            _test_kill_point("replace")
            src, dst = self.root / tmp, self.root / target
            if src.exists():
                os.replace(src, dst)
            dirs.add(dst.parent)
        for rel in journal["delete"]:
            _test_kill_point("delete")
            (self.root / rel).unlink(missing_ok=True)
            dirs.add((self.root / rel).parent)
        for d in sorted(dirs):
            _fsync_dir(d)
        _test_kill_point("unjournal")
        (self.root / JOURNAL).unlink(missing_ok=True)
        _fsync_dir(self.root)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Hold a shared lock while reading; first complete an unfinished write or clean orphans."""
        if self.root.is_dir():
            self.recover()
        with self._lock("sh"):
            yield

    @contextlib.contextmanager
    def updating(self) -> Iterator[None]:
        """Hold the exclusive lock for a whole read-modify-write (an import): read, parse and merge
        against the store, then `write`, with no other writer in between. Without it two imports
        running at once both read the old store and the later write drops the earlier one's changes.
        Reads and the write inside reuse this lock; readers in other processes wait for it."""
        if self.root.is_dir():
            self.recover()
        with self._lock("ex"):
            yield

    # ------------------------------------------------------------------ reading

    def exists(self) -> bool:
        if (self.root / JOURNAL).exists():
            self.recover()
        return (self.root / "catalog.csv").exists()

    def read_latest(self) -> pd.DataFrame:
        """Newest vintage of every (series, period), derived series included."""
        with self.reading():
            parts = [_read_csv(p, OBS_COLUMNS) for p in sorted((self.root / "observations").glob("*.csv"))]
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in OBS_COLUMNS})
        df = pd.concat(parts, ignore_index=True)
        df["value"] = df["value"].astype("float64")
        return df

    def read_catalog(self) -> pd.DataFrame:
        with self.reading():
            return _read_csv(self.root / "catalog.csv", CATALOG_COLUMNS)

    def read_revisions(self) -> pd.DataFrame:
        with self.reading():
            df = _read_csv(self.root / "revisions.csv", REVISION_COLUMNS)
        if len(df):
            df["value"] = df["value"].astype("float64")
        return df

    def read(self) -> StoreContent:
        with self.reading():
            latest = self.read_latest()
            revisions, catalog = self.read_revisions(), self.read_catalog()
        is_derived = latest["status"] == "derived"
        return StoreContent(official=latest[~is_derived].reset_index(drop=True),
                            derived=latest[is_derived].reset_index(drop=True),
                            revisions=revisions, catalog=catalog)

    # ------------------------------------------------------------------ writing

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
        """Write `files` (relative path → bytes) all or nothing with the redo journal; OSErrors
        before the journal is written leave the store as it was and become a StoreWriteError."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / "observations").mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreWriteError(f"cannot write the store: {_describe(exc)}", source=str(self.root)) from None
        with self._lock("ex"):
            self._recover_locked()
            self._write_locked(files)

    def _write_locked(self, files: dict[str, bytes]) -> None:
        from forecast.cache import atomic_write

        staged: list[tuple[str, str]] = []   # (temp, target), relative to the root
        journal_written = False
        try:
            for rel, data in files.items():
                target = self.root / rel
                try:
                    if target.read_bytes() == data:
                        continue  # unchanged: leave the file (and its mtime) alone
                except (FileNotFoundError, NotADirectoryError):
                    pass
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=target.parent)
                staged.append((str(Path(tmp).relative_to(self.root)), rel))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
                _test_kill_point("stage")
            keep = {str(self.root / rel) for rel in files}
            deletes = [str(old.relative_to(self.root)) for old in sorted((self.root / "observations").glob("*.csv"))
                       if str(old) not in keep]
            if not staged and not deletes:
                return
            journal = {"version": 1, "replace": staged, "delete": deletes}
            _test_kill_point("journal")
            atomic_write(self.root / JOURNAL, json.dumps(journal, indent=1).encode("utf-8"))
            journal_written = True
        except OSError as exc:
            if not journal_written:
                for tmp, _ in staged:
                    with contextlib.suppress(OSError):
                        (self.root / tmp).unlink()
            raise StoreWriteError(f"cannot write the store: {_describe(exc)}; it was left as it was",
                                  source=str(self.root)) from None
        except BaseException:
            if not journal_written:
                for tmp, _ in staged:
                    with contextlib.suppress(OSError):
                        (self.root / tmp).unlink()
            raise
        try:
            self._roll_forward(journal)
        except OSError as exc:
            raise StoreWriteError(f"the import was decided but not completed ({_describe(exc)}); the next "
                                  "growthsim command on this store completes it", source=str(self.root)) from None


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


def drop_repeats(current: pd.DataFrame, revisions: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """`incoming` without the rows that repeat a value already published: equal (12 significant
    digits, same status) to the stored newest value of that series and period, or to a value in
    the revision log that came from the same source file (``sdmx/GDPVNM.xml``), whatever the vintage.

    A repeat is not a new publication: the stored row keeps its vintage. So a file that re-dates
    values already stored (an SDMX message generated again with a newer, or forged, Prepared
    date) changes nothing, and the real file imported afterwards still finds its own vintage.
    (A value revised back to exactly an earlier value of the same file is kept as the older one.)
    """
    if incoming.empty:
        return incoming
    fmt = "{:.12g}".format
    known = set(zip(current["series"], current["period"], current["status"], current["value"].map(fmt)))
    if len(revisions):
        rev = revisions[revisions["source"].isin(set(incoming["source"]))]
        known |= set(zip(rev["series"], rev["period"], rev["status"], rev["value"].map(fmt), rev["source"]))
    keys3 = zip(incoming["series"], incoming["period"], incoming["status"], incoming["value"].map(fmt), incoming["source"])
    same = [k[:4] in known or k in known for k in keys3]
    return incoming[[not x for x in same]].reset_index(drop=True)


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
