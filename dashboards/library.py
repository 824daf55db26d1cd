"""The scenario library: saved scenarios in one SQLite file, shared by every session of the app.

Location: `$GROWTHSIM_LIBRARY`, else `growthsim serve --library PATH`, else
`$XDG_DATA_HOME/growthsim/library.sqlite` (default `~/.local/share/growthsim/library.sqlite`).
Each call opens its own connection (sessions run in different threads), in WAL mode with a busy
timeout, so several sessions can read while one writes. A saved scenario keeps its scenario file
text (what `growthsim scenario run` reads; written by `scenarios.files.dumps`), its headline numbers
and the data vintage they were computed on, so the app can say when newer data would change them.
Rows saved before `dumps` existed hold the app's earlier hand-written TOML: `scenarios.files.parse`
reads both.

With a login (`growthsim serve --basic-auth`), that file is the *shared* library, and each user also
has one of their own, `users/<name>-<hash>.sqlite` beside it (`user_library_path`: the user name is
never used as a path), from which they `publish` scenarios to the shared one.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from forecast.errors import GrowthsimError
from scenarios.files import dumps, parse
from scenarios.scenario import Scenario

BUSY_TIMEOUT_MS = 5000
MAX_NAME = 120
_SCHEMA = """
CREATE TABLE IF NOT EXISTS scenarios (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    toml TEXT NOT NULL,
    data_vintage TEXT NOT NULL,
    summary TEXT NOT NULL,
    saved_at TEXT NOT NULL
)
"""
#: Schema changes after the first (scenarios only) one, in order; `PRAGMA user_version` counts those done.
#: Each runs once, in one transaction, on a library file opened by a newer version of the app: a user's
#: existing file keeps its scenarios and gains the new tables.
MIGRATIONS = (
    # 1: the user's own monthly series (dashboards.series_library)
    """CREATE TABLE IF NOT EXISTS series (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        kind TEXT NOT NULL,
        province TEXT NOT NULL,
        source TEXT NOT NULL,
        series_id TEXT NOT NULL,
        data TEXT NOT NULL,
        saved_at TEXT NOT NULL
    )""",
    # 2: tracking questions of the Indicators view (dashboards.tracking_questions)
    """CREATE TABLE IF NOT EXISTS questions (
        id TEXT PRIMARY KEY,
        series TEXT NOT NULL,
        year INTEGER NOT NULL,
        question TEXT NOT NULL,
        saved_at TEXT NOT NULL
    )""",
)


class LibraryError(GrowthsimError):
    """A library request that cannot be done (empty or duplicate name, unknown scenario)."""


class LibraryStorageError(LibraryError):
    """The library file cannot be read or written: full disk, read-only, locked, corrupt, unopenable.

    `label` is the key of its sentence in `dashboards.i18n.LABELS` (what the app shows, in the user's
    language); `message` is the English sentence (what the log and the CLI show)."""

    def __init__(self, label: str, message: str, *, source: str | None = None):
        self.label = label
        super().__init__(message, source=source)


# (label, English sentence, words of SQLite's or the OS's message that identify it), first match wins
_STORAGE_FAILURES = (
    ("library_full", "the disk holding the scenario library is full; nothing was saved",
     ("database or disk is full", "no space left", "disk quota")),
    ("library_readonly", "the scenario library is read-only; saved scenarios can be loaded but not changed",
     ("readonly", "read-only", "permission denied", "access permission")),
    ("library_locked", "the scenario library is busy (locked by another program); try again in a moment",
     ("database is locked", "database table is locked", "busy")),
    ("library_corrupt", "the scenario library file is damaged (not a readable SQLite database)",
     ("file is not a database", "malformed", "corrupt")),
    ("library_unopenable", "the scenario library file cannot be opened (a folder or an unusable path)",
     ("unable to open", "is a directory", "not a directory", "cannot open")),
)


def storage_error(exc: BaseException) -> LibraryStorageError:
    """The one-sentence LibraryStorageError for an sqlite3 or OS error (unknown ones: 'library_error')."""
    text = " ".join(str(a) for a in getattr(exc, "args", ()) if a is not None).lower() or str(exc).lower()
    if isinstance(exc, OSError) and exc.strerror:
        text += " " + exc.strerror.lower()
    for label, message, words in _STORAGE_FAILURES:
        if any(w in text for w in words):
            return LibraryStorageError(label, message)
    return LibraryStorageError("library_error", f"the scenario library cannot be used ({str(exc).splitlines()[0]})")


def row_problem(row) -> str | None:
    """None for a row the app can show, else what is wrong with it (a malformed row is skipped)."""
    try:
        if not isinstance(row["name"], str) or not isinstance(row["toml"], str):
            return "name and scenario text must be text"
        summary = json.loads(row["summary"])
        if not isinstance(summary, dict):
            return "its summary is not a table"
        g = summary.get("gdp_growth")
        if not isinstance(g, dict) or not all(isinstance(g.get(k), (int, float)) for k in ("p10", "p50", "p90")):
            return "its summary has no GDP growth percentiles"
        if not isinstance(summary.get("probability_reach"), (int, float)):
            return "its summary has no probability"
        if not isinstance(row["data_vintage"], str) or not isinstance(row["saved_at"], str):
            return "its data vintage or save time is not text"
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        return f"its summary cannot be read ({exc})"
    return None


@dataclass(frozen=True)
class Saved:
    """One saved scenario. `summary`: the headline numbers when saved (gdp_growth, probability_reach,
    target, year, assumptions)."""

    id: int
    name: str
    toml: str
    data_vintage: str
    summary: dict
    saved_at: str

    def scenario(self) -> Scenario:
        """The saved scenario (ScenarioError, naming the library and line, when its text is not one)."""
        return parse(self.toml, source=f"library: {self.name}")


def default_path() -> Path:
    env = os.environ.get("GROWTHSIM_LIBRARY")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "growthsim" / "library.sqlite"


def user_library_path(shared: str | Path, user: str) -> Path:
    """The library file of `user` beside the shared library `shared`: users/<slug>-<12 hex digits of the
    name's SHA-256>.sqlite (the slug keeps letters, digits, '-' and '_' only; the hash keeps names apart)."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", str(user)).strip("_")[:40] or "user"
    digest = hashlib.sha256(str(user).encode("utf-8")).hexdigest()[:12]
    return Path(shared).parent / "users" / f"{slug}-{digest}.sqlite"


def publish(source: "Library", target: "Library", name: str, overwrite: bool = False) -> Saved:
    """Copy the scenario `name` of `source` (a user's library) into `target` (the shared one), text,
    vintage and headline numbers as saved; LibraryError when `target` has that name (unless `overwrite`)."""
    s = source.get(name)
    return target.save(s.name, s.toml, s.data_vintage, s.summary, overwrite=overwrite)


def summary_of(result) -> dict:
    """The headline numbers of a scenarios.Result worth keeping with a saved scenario."""
    return {"year": result.year, "target": result.target, "gdp_growth": dict(result.gdp_growth),
            "probability_reach": result.probability_reach, "baseline": result.baseline,
            "assumptions": {r["key"]: r["assumption"] for r in result.assumptions}}


def clean_name(name: str) -> str:
    """The name stripped; LibraryError when empty or too long. HTML is kept as text (escaped on display)."""
    name = " ".join(str(name or "").split())
    if not name:
        raise LibraryError("a scenario needs a name")
    if len(name) > MAX_NAME:
        raise LibraryError(f"a scenario name has at most {MAX_NAME} characters")
    return name


def migrate(con: sqlite3.Connection) -> int:
    """Run the MIGRATIONS `con`'s file has not had yet (each in its own transaction, with the version it
    brings); the schema version reached."""
    version = con.execute("PRAGMA user_version").fetchone()[0]
    for n, sql in enumerate(MIGRATIONS[version:], start=version + 1):
        con.execute("BEGIN IMMEDIATE")
        try:
            con.execute(sql)
            con.execute(f"PRAGMA user_version={int(n)}")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
    return max(version, len(MIGRATIONS))


class Library:
    """Save, list, get, rename, delete scenarios in the SQLite file at `path`."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.problem: LibraryStorageError | None = None   # why the file could not be set up, if it could not
        self.skipped: list[str] = []                       # malformed rows the last list() left out
        self._ready = False
        self._setup()

    def _setup(self) -> None:
        """Create the folder, WAL mode and the table. A failure does not raise: the app must still show
        its pages, so it is kept in `problem` (each request tries again and says why it cannot)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as con, con:
                con.execute("PRAGMA journal_mode=WAL")
                con.execute(_SCHEMA)
                migrate(con)
        except (sqlite3.Error, OSError) as exc:
            self.problem = storage_error(exc)
            return
        self.problem, self._ready = None, True

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        con.row_factory = sqlite3.Row
        return con

    def _exec(self, sql: str, args=()) -> list[sqlite3.Row]:
        """Run one statement in its own transaction. SQLite and OS failures become one
        LibraryStorageError; an IntegrityError (a taken name) is left to the caller."""
        reading = sql.lstrip().upper().startswith("SELECT")
        if not self._ready:
            self._setup()
            if self.problem is not None and not (reading and self.problem.label == "library_readonly"):
                raise self.problem
        try:
            return self._transaction(sql, args, reading)
        except sqlite3.IntegrityError:
            raise
        except (sqlite3.Error, OSError) as exc:
            failure = storage_error(exc)
            if reading and failure.label == "library_readonly":
                try:
                    return self._read_immutable(sql, args)
                except (sqlite3.Error, OSError):
                    pass
            raise failure from None

    def _transaction(self, sql: str, args, reading: bool) -> list[sqlite3.Row]:
        with closing(self._connect()) as con:
            con.execute("BEGIN" if reading else "BEGIN IMMEDIATE")
            try:
                rows = con.execute(sql, args).fetchall()
                con.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (a full disk does): a second ROLLBACK would raise
                # "cannot rollback - no transaction is active" and hide the real error
                if con.in_transaction:
                    try:
                        con.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise
        return rows

    def _read_immutable(self, sql: str, args) -> list[sqlite3.Row]:
        """A read from a library the process cannot write (no -wal/-shm files can be made)."""
        con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        con.row_factory = sqlite3.Row
        with closing(con):
            return con.execute(sql, args).fetchall()

    def query(self, sql: str, args=()) -> list[sqlite3.Row]:
        """One parameterised statement on the library's other tables (dashboards.series_library), with
        the failure handling of the scenarios' (LibraryStorageError; an IntegrityError left to the caller)."""
        return self._exec(sql, args)

    @staticmethod
    def _saved(row: sqlite3.Row) -> Saved:
        return Saved(id=row["id"], name=row["name"], toml=row["toml"], data_vintage=row["data_vintage"],
                     summary=json.loads(row["summary"]), saved_at=row["saved_at"])

    def list(self) -> list[Saved]:
        """Every saved scenario, newest first; malformed rows are left out and named in `skipped`."""
        saved, self.skipped = self.list_checked()
        return saved

    def list_checked(self) -> tuple[list[Saved], list[str]]:
        """(every readable saved scenario newest first, 'name: what is wrong' for each malformed row)."""
        saved, skipped = [], []
        for r in self._exec("SELECT * FROM scenarios ORDER BY saved_at DESC, id DESC"):
            problem = row_problem(r)
            if problem:
                skipped.append(f"{r['name'] if isinstance(r['name'], str) else '#' + str(r['id'])}: {problem}")
            else:
                saved.append(self._saved(r))
        return saved, skipped

    def names(self) -> list[str]:
        """Every saved name, newest first (malformed rows included: a name can still be renamed or deleted)."""
        return [r["name"] for r in self._exec("SELECT name FROM scenarios ORDER BY saved_at DESC, id DESC")]

    def get(self, name: str) -> Saved:
        rows = self._exec("SELECT * FROM scenarios WHERE name = ?", (name,))
        if not rows:
            raise LibraryError(f"no saved scenario named {name!r}")
        try:
            return self._saved(rows[0])
        except (TypeError, ValueError) as exc:
            raise LibraryError(f"the saved scenario {name!r} cannot be read ({exc})") from None

    def save(self, name: str, scenario: Scenario | str, data_vintage: str, summary: dict,
             overwrite: bool = False) -> Saved:
        """Save `scenario` (a Scenario, saved as `dumps` of it under the name given, or scenario file text)
        under `name`; LibraryError when the name is empty or taken (unless `overwrite`)."""
        name = clean_name(name)
        toml = dumps(replace(scenario, name=name)) if isinstance(scenario, Scenario) else scenario
        now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        args = (name, toml, data_vintage, json.dumps(summary, ensure_ascii=False), now)
        try:
            if overwrite:
                self._exec("INSERT INTO scenarios (name, toml, data_vintage, summary, saved_at) VALUES (?,?,?,?,?) "
                           "ON CONFLICT(name) DO UPDATE SET toml=excluded.toml, data_vintage=excluded.data_vintage, "
                           "summary=excluded.summary, saved_at=excluded.saved_at", args)
            else:
                self._exec("INSERT INTO scenarios (name, toml, data_vintage, summary, saved_at) VALUES (?,?,?,?,?)",
                           args)
        except sqlite3.IntegrityError:
            raise LibraryError(f"a scenario named {name!r} already exists; choose another name") from None
        return self.get(name)

    def _require(self, name: str) -> None:
        """LibraryError unless a row named `name` exists (readable or not: a malformed row can go)."""
        if not self._exec("SELECT id FROM scenarios WHERE name = ?", (name,)):
            raise LibraryError(f"no saved scenario named {name!r}")

    def rename(self, old: str, new: str) -> Saved:
        new = clean_name(new)
        self._require(old)
        if new != old:
            try:
                self._exec("UPDATE scenarios SET name = ? WHERE name = ?", (new, old))
            except sqlite3.IntegrityError:
                raise LibraryError(f"a scenario named {new!r} already exists; choose another name") from None
        return self.get(new)

    def delete(self, name: str) -> None:
        self._require(name)
        self._exec("DELETE FROM scenarios WHERE name = ?", (name,))
