"""Issue 12, "The library fails silently or blanks the app": a corrupt, unopenable, read-only, locked or
full library leaves the app working with one sentence in the user's language; a malformed row is
skipped and reported. Real SQLite failures where the machine allows (a damaged file, a folder, a held
lock, a database at its page limit: SQLite's own "database or disk is full"), a patched connection
where it does not (root writes through any file mode)."""
from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

import dashboards.library as library_mod
from dashboards.i18n import t
from dashboards.library import Library, LibraryError, LibraryStorageError, summary_of
from dashboards.library_view import LibraryView
from dashboards.scenario_view import ScenarioView
from dashboards.state import ScenarioState, default_state


@pytest.fixture(scope="module")
def state() -> ScenarioState:
    return default_state()


def corrupt(tmp_path):
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"this is not SQLite\n" * 500)
    return path


@pytest.mark.parametrize("make,label", [
    (corrupt, "library_corrupt"),
    (lambda tmp: (tmp / "library.sqlite").mkdir() or tmp / "library.sqlite", "library_unopenable"),
])
def test_unusable_file_shows_the_views_with_a_notice(tmp_path, state, make, label):
    lib = Library(make(tmp_path))                      # raised before, and every page rendered blank
    assert lib.problem is not None and lib.problem.label == label
    with pytest.raises(LibraryStorageError) as err:
        lib.list()
    assert "\n" not in str(err.value) and "Traceback" not in str(err.value)
    for lang in ("vi", "en"):
        state.lang = lang
        view = LibraryView(state=state, library=lib, data_vintage="2025-02-28")
        assert t(label, lang) in view.status.object and view.table.object == ""
        sv = ScenarioView(state=state, library=lib, data_vintage="2025-02-28")
        sv.name_input.value = "A"
        sv.save()
        assert t(label, lang) in sv.save_status.object
    state.lang = "vi"


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")     # Panel's Widget.name, in app.py
def test_app_builds_with_a_corrupt_library(tmp_path):
    from dashboards.app import App

    app = App(query={"lang": "en"}, library=Library(corrupt(tmp_path)))
    assert t("library_corrupt", "en") in app.scenario.save_status.object
    assert app.__panel__() is not None
    assert app.state.result is not None                 # the scenario still computes


def test_a_malformed_row_is_skipped_and_reported(tmp_path, state):
    lib = Library(tmp_path / "library.sqlite")
    lib.save("good", state.scenario(), "2025-02-28", summary_of(state.result))
    with closing(sqlite3.connect(lib.path)) as con, con:
        con.execute("INSERT INTO scenarios (name, toml, data_vintage, summary, saved_at) "
                    "VALUES ('broken', 'x', 'v', '{not json', '2030-01-01')")
        con.execute("INSERT INTO scenarios (name, toml, data_vintage, summary, saved_at) "
                    "VALUES ('no numbers', 'x', 'v', '{}', '2030-01-02')")
    saved, skipped = lib.list_checked()
    assert [s.name for s in saved] == ["good"]
    assert [s.split(":")[0] for s in skipped] == ["no numbers", "broken"]
    view = LibraryView(state=state, library=lib, data_vintage="2025-02-28")
    assert view.rows[0][0] == "good" and len(view.rows) == 1
    assert "Bỏ qua 2 kịch bản" in view.status.object and "broken" in view.status.object
    assert set(lib.names()) == {"good", "broken", "no numbers"}    # still there to delete
    lib.delete("broken")
    assert "broken" not in lib.names()


def _limited(max_pages: int):
    """Library._connect whose connections stop at `max_pages` pages: SQLite's own SQLITE_FULL."""
    real = Library._connect

    def connect(self):
        con = real(self)
        con.execute(f"PRAGMA max_page_count = {max_pages}")
        return con
    return connect


def test_full_disk_is_one_sentence_and_nothing_half_saved(tmp_path, state, monkeypatch):
    lib = Library(tmp_path / "library.sqlite")
    lib.save("before", state.scenario(), "2025-02-28", summary_of(state.result))
    with closing(sqlite3.connect(lib.path)) as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    monkeypatch.setattr(Library, "_connect", _limited(pages))
    big = {**summary_of(state.result), "padding": "x" * 200_000}
    with pytest.raises(LibraryStorageError) as err:
        lib.save("too big", state.scenario(), "2025-02-28", big)
    assert err.value.label == "library_full" and "disk" in str(err.value)
    assert "rollback" not in str(err.value)             # was: "cannot rollback - no transaction is active"
    sv = ScenarioView(state=state, library=lib, data_vintage="2025-02-28")
    monkeypatch.setattr(library_mod, "summary_of", lambda r: big)
    sv.name_input.value = "too big"
    sv.save()
    assert t("library_full", state.lang) in sv.save_status.object
    monkeypatch.undo()
    assert lib.names() == ["before"]
    with closing(sqlite3.connect(lib.path)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


class _FailingConnection:
    """A real connection whose statements raise `error` when `when(sql)` (what a patched disk does)."""

    def __init__(self, con, error, when):
        self._con, self._error, self._when = con, error, when

    def execute(self, sql, *args):
        if self._when(sql):
            raise self._error
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)

    def __enter__(self):
        return self._con.__enter__()

    def __exit__(self, *exc):
        return self._con.__exit__(*exc)


def _patched(monkeypatch, message: str, when):
    real = Library._connect
    monkeypatch.setattr(Library, "_connect",
                        lambda self: _FailingConnection(real(self), sqlite3.OperationalError(message), when))


def test_simulated_disk_full_from_a_patched_connection(tmp_path, state, monkeypatch):
    lib = Library(tmp_path / "library.sqlite")
    _patched(monkeypatch, "database or disk is full", lambda sql: sql.lstrip().upper().startswith("INSERT"))
    with pytest.raises(LibraryStorageError) as err:
        lib.save("x", state.scenario(), "v", summary_of(state.result))
    assert err.value.label == "library_full"
    assert str(err.value) == "the disk holding the scenario library is full; nothing was saved"


def test_read_only_library_still_lists(tmp_path, state, monkeypatch):
    lib = Library(tmp_path / "library.sqlite")
    lib.save("kept", state.scenario(), "2025-02-28", summary_of(state.result))
    writes = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE", "PRAGMA JOURNAL_MODE", "CREATE")
    _patched(monkeypatch, "attempt to write a readonly database",
             lambda sql: sql.lstrip().upper().startswith(writes))
    ro = Library(lib.path)
    assert ro.problem is not None and ro.problem.label == "library_readonly"
    assert [s.name for s in ro.list()] == ["kept"]
    with pytest.raises(LibraryStorageError) as err:
        ro.save("new", state.scenario(), "v", summary_of(state.result))
    assert err.value.label == "library_readonly"
    view = LibraryView(state=state, library=ro, data_vintage="2025-02-28")
    assert view.rows[0][0] == "kept"


def test_locked_library_says_busy(tmp_path, state, monkeypatch):
    lib = Library(tmp_path / "library.sqlite")
    monkeypatch.setattr(library_mod, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(lib.path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")            # another program holds the write lock
        with pytest.raises(LibraryStorageError) as err:
            lib.save("x", state.scenario(), "v", summary_of(state.result))
        assert err.value.label == "library_locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    lib.save("x", state.scenario(), "v", summary_of(state.result))   # free again: works
    assert lib.names() == ["x"]


def test_request_errors_stay_library_errors(tmp_path):
    lib = Library(tmp_path / "library.sqlite")
    with pytest.raises(LibraryError, match="no saved scenario"):
        lib.get("nope")
