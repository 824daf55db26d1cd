"""Importing releases: the round trip equals a full build; bad files are refused, store untouched."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from dashboards.cli import main
from forecast.data.build import build, import_files
from forecast.data.store import Store
from tests.conftest import growthsim_command, tree_hash

NEW_RELEASES = ("2024-11", "2024-12", "2025-01", "2025-02")


def release(gso, month):
    (path,) = sorted((gso / "monthly-releases").glob(f"{month}-*.xlsx"))
    return path


@pytest.fixture(scope="module")
def store_2024_10(gso, tmp_path_factory):
    root = tmp_path_factory.mktemp("store_until")
    build(gso, root, until="2024-10")
    return root


@pytest.fixture()
def small_store(store_2024_10, tmp_path):
    root = tmp_path / "store"
    shutil.copytree(store_2024_10, root)
    return root


@pytest.mark.slow
def test_round_trip_build_then_import_equals_full_build(gso, store_2024_10, full_store, tmp_path):
    root = tmp_path / "rt"
    shutil.copytree(store_2024_10, root)
    revised_months = set()
    for month in NEW_RELEASES:
        change = import_files([release(gso, month)], root=root)
        assert len(change.added) > 0, month
        revised_months |= set(change.revised["period"])
    # the revision log lists the months that the new releases revised
    assert {"2024-10", "2024-11", "2024-12", "2025-01"} <= revised_months
    log = Store(root).read_revisions()
    assert {"2024-10", "2024-11", "2024-12", "2025-01"} <= set(log["period"])

    a = Store(root).read_latest().set_index(["series", "period"])
    b = Store(full_store).read_latest().set_index(["series", "period"])
    assert set(a.index) == set(b.index)
    joined = a[["value", "unit"]].assign(value_full=b["value"].reindex(a.index))
    rates = joined["unit"] == "%"
    gap_pp = (joined.loc[rates, "value"] - joined.loc[rates, "value_full"]).abs()
    gap_rel = (joined.loc[~rates, "value"] / joined.loc[~rates, "value_full"] - 1).abs()
    assert gap_pp.max() <= 0.05, gap_pp.idxmax()
    assert gap_rel.max() <= 0.001, gap_rel.idxmax()


def test_import_reports_added_periods(gso, small_store):
    change = import_files([release(gso, "2024-11")], root=small_store)
    added = change.added
    # the 2024-11 release adds that month to every monthly table it carries (published series)
    for series in ("iip.yoy", "iip.ytd_yoy", "iip.manufacturing.yoy", "exports", "imports", "retail", "cpi.yoy"):
        assert "2024-11" in set(added.loc[added["series"] == series, "period"]), series
    text = change.summary()
    assert "periods added" in text and "values revised" in text


# ---------- bad input: one clear message naming the file, exit 2, store byte-identical ----------

def run_import(capsys, store, path):
    before = tree_hash(store)
    code = main(["--data", str(store), "data", "import", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert tree_hash(store) == before
    assert "Traceback" not in err and str(path.name) in err
    return err


def test_truncated_xml(capsys, gso, small_store, tmp_path):
    bad = tmp_path / "GDPVNM_truncated.xml"
    bad.write_bytes((gso / "sdmx" / "GDPVNM.xml").read_bytes()[:5000])
    err = run_import(capsys, small_store, bad)
    assert "malformed or truncated XML" in err and "line" in err


def test_xml_external_entity_refused(capsys, small_store, tmp_path):
    bad = tmp_path / "xxe.xml"
    bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                   '<m><Series INDICATOR="NGDP_R_PA_XDC" FREQ="Q"><Obs TIME_PERIOD="2030-Q1" OBS_VALUE="&x;"/></Series></m>')
    err = run_import(capsys, small_store, bad)
    assert "unsafe XML" in err


def test_xml_billion_laughs_refused(capsys, small_store, tmp_path):
    ents = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "&a{i-1};&a{i-1};&a{i-1};&a{i-1};">' for i in range(1, 10))
    bad = tmp_path / "laughs.xml"
    bad.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE m [{ents}]>\n<m>&a9;</m>')
    err = run_import(capsys, small_store, bad)
    assert "unsafe XML" in err


def test_xlsx_without_known_table(capsys, small_store, tmp_path):
    bad = tmp_path / "2024-11-29-notes.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Ghi chu"
    wb.active["A1"] = "Một bảng không liên quan"
    wb.save(bad)
    err = run_import(capsys, small_store, bad)
    assert "no table growthsim knows" in err


def test_not_an_xlsx(capsys, small_store, tmp_path):
    bad = tmp_path / "2024-11-29-broken.xlsx"
    bad.write_text("this is not a workbook")
    err = run_import(capsys, small_store, bad)
    assert "not an Excel" in err


@pytest.mark.slow
def test_text_in_a_number_cell(capsys, gso, small_store, tmp_path):
    src = release(gso, "2024-11")
    wb = openpyxl.load_workbook(src)
    ws = next(ws for ws in wb.worksheets if "IIP" in ws.title.upper() and "QUY" not in ws.title.upper())
    total_row = next(row for row in ws.iter_rows() if str(row[0].value or "").strip() == "Toàn ngành công nghiệp")
    target = next(cell for cell in total_row[1:] if isinstance(cell.value, (int, float)))
    target.value = "n/a"
    bad = tmp_path / src.name
    wb.save(bad)
    err = run_import(capsys, small_store, bad)
    assert ws.title in err and f"row {target.row}" in err and "n/a" in err


def test_unknown_series(capsys, full_store):
    code = main(["--data", str(full_store), "data", "show", "gdp_real.totl"])
    err = capsys.readouterr().err
    assert code == 2 and "unknown series 'gdp_real.totl'" in err and "gdp_real.total" in err


def test_as_of_is_pseudo_real_time(full_store):
    from forecast.data.api import load
    df = load("gdp_real.total", as_of="2024-06", root=full_store)
    assert df["period"].max() == "2024Q2"
    later = load("gdp_real.total", root=full_store).set_index("period")["value"]
    assert (df.set_index("period")["value"] == later.loc[df["period"]]).all()  # newest vintage values


@pytest.mark.parametrize("name", ["GDPVNM.xml", "METVNM.xml"])
def test_reimporting_an_sdmx_file_changes_nothing(gso, full_store, tmp_path, name):
    """Same vintage, same values: no revision, no byte changed (and the trade file's 'finals' that
    repeat first estimates do not undo the later revisions)."""
    root = tmp_path / "s"
    shutil.copytree(full_store, root)
    before = tree_hash(root)
    change = import_files([gso / "sdmx" / name], root=root)
    assert change.added.empty and change.revised.empty
    assert tree_hash(root) == before


def test_sdmx_file_without_known_codes(capsys, gso, small_store):
    err = run_import(capsys, small_store, gso / "sdmx" / "IIPVNM.xml")
    assert "holds no indicator growthsim uses" in err


# ---------- inputs that are not regular, readable files: refused at once (forecast.input_files) ----------

def test_directory_device_and_fifo_refused(capsys, small_store, tmp_path):
    folder = tmp_path / "2024-11-29-folder.xlsx"
    folder.mkdir()
    fifo = tmp_path / "2024-11-29-pipe.xlsx"
    os.mkfifo(fifo)                  # a read would block forever: it must not be opened
    device = tmp_path / "2024-11-29-zero.xlsx"
    device.symlink_to("/dev/zero")   # a read would never end
    for path, kind in ((folder, "a directory"), (fifo, "a named pipe (FIFO)"), (device, "a character device")):
        err = run_import(capsys, small_store, path)
        assert err.strip() == f"growthsim: error: {path}: not a regular file: {kind}", err
    err = run_import(capsys, small_store, Path("/dev/zero"))
    assert err.strip() == "growthsim: error: /dev/zero: not a regular file: a character device", err


def test_unreadable_file_refused(capsys, gso, small_store, tmp_path):
    src = tmp_path / "2024-11-29-secret.xlsx"
    shutil.copy(release(gso, "2024-11"), src)
    mem = tmp_path / "2024-11-29-mem.xlsx"
    mem.symlink_to("/proc/self/mem")     # a regular file whose read fails (EIO), for root too
    err = run_import(capsys, small_store, mem)
    assert err.strip() == f"growthsim: error: {mem}: cannot read file (Input/output error)", err
    src.chmod(0)
    if os.geteuid() != 0:
        err = run_import(capsys, small_store, src)
        assert err.strip() == f"growthsim: error: {src}: cannot read the file: permission denied", err
        return
    # root reads any file whatever its mode: run the command as 'nobody', for whom mode 000 holds
    tmp_path.chmod(0o755)
    before = tree_hash(small_store)
    try:
        out = subprocess.run(growthsim_command() + ["--data", str(small_store), "data", "import", str(src)],
                             capture_output=True, text=True, timeout=120, user=65534, group=65534,
                             env={**os.environ, "HOME": str(tmp_path)})
    except OSError as exc:
        pytest.skip(f"running as root and cannot switch to user nobody ({exc})")
    if "ModuleNotFoundError" in out.stderr or "Permission denied: '" in out.stderr:
        pytest.skip("user nobody cannot read this checkout's virtual environment")
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == f"growthsim: error: {src}: cannot read the file: permission denied"
    assert tree_hash(small_store) == before


# ---------- two imports at once: the result of running them one after the other ----------

@pytest.mark.slow
def test_two_imports_at_once_lose_nothing(gso, store_2024_10, tmp_path):
    """Two `growthsim data import` processes, each with another release, into one store at the same
    time: the store ends as after importing them one after the other (the whole read-modify-write
    holds the store's lock), not with one import's changes overwritten by the other's."""
    files = [release(gso, "2024-11"), release(gso, "2024-12")]
    orders = {}
    for order in (files, files[::-1]):
        one_by_one = tmp_path / f"seq-{order[0].name}"
        shutil.copytree(store_2024_10, one_by_one)
        for f in order:
            import_files([f], root=one_by_one)
        orders[order[0].name] = tree_hash(one_by_one)
    at_once = tmp_path / "at_once"
    shutil.copytree(store_2024_10, at_once)
    procs = [subprocess.Popen(growthsim_command() + ["--data", str(at_once), "data", "import", str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    result = tree_hash(at_once)
    assert result in orders.values(), sorted(k for k, v in result.items()
                                             if all(o.get(k) != v for o in orders.values()))
    latest = Store(at_once).read_latest()
    assert {"2024-11", "2024-12"} <= set(latest.loc[latest["series"] == "iip.yoy", "period"])
