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


class LibraryError(GrowthsimError):
    """A library request that cannot be done (empty or duplicate name, unknown scenario)."""


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


class Library:
    """Save, list, get, rename, delete scenarios in the SQLite file at `path`."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con, con:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        con.row_factory = sqlite3.Row
        return con

    def _exec(self, sql: str, args=()) -> list[sqlite3.Row]:
        with closing(self._connect()) as con:
            con.execute("BEGIN IMMEDIATE" if not sql.lstrip().upper().startswith("SELECT") else "BEGIN")
            try:
                rows = con.execute(sql, args).fetchall()
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return rows

    @staticmethod
    def _saved(row: sqlite3.Row) -> Saved:
        return Saved(id=row["id"], name=row["name"], toml=row["toml"], data_vintage=row["data_vintage"],
                     summary=json.loads(row["summary"]), saved_at=row["saved_at"])

    def list(self) -> list[Saved]:
        """Every saved scenario, newest first."""
        return [self._saved(r) for r in self._exec("SELECT * FROM scenarios ORDER BY saved_at DESC, id DESC")]

    def names(self) -> list[str]:
        return [s.name for s in self.list()]

    def get(self, name: str) -> Saved:
        rows = self._exec("SELECT * FROM scenarios WHERE name = ?", (name,))
        if not rows:
            raise LibraryError(f"no saved scenario named {name!r}")
        return self._saved(rows[0])

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

    def rename(self, old: str, new: str) -> Saved:
        new = clean_name(new)
        self.get(old)
        if new != old:
            try:
                self._exec("UPDATE scenarios SET name = ? WHERE name = ?", (new, old))
            except sqlite3.IntegrityError:
                raise LibraryError(f"a scenario named {new!r} already exists; choose another name") from None
        return self.get(new)

    def delete(self, name: str) -> None:
        self.get(name)
        self._exec("DELETE FROM scenarios WHERE name = ?", (name,))
